"""Store: machine translation cache and per-segment MT failures."""

from __future__ import annotations

from l10n.store.base import StoreBase


def mtcache_0001_cache_failures(store) -> None:
    store.execute_script(
        """
        CREATE TABLE mt_cache (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE mt_failures (
            id INTEGER PRIMARY KEY,
            segment_id INTEGER NOT NULL REFERENCES segments(id),
            lang TEXT NOT NULL,
            engine TEXT NOT NULL,
            error TEXT NOT NULL,
            at TEXT NOT NULL,
            UNIQUE (segment_id, lang, engine)
        );
        """
    )


MIGRATIONS: list = [("mtcache_0001_cache_failures", mtcache_0001_cache_failures)]


class MTCacheStore(StoreBase):
    """The machine translation cache lives in the workspace, so a sentence is paid for once,
    whatever command or process asks again."""

    def mt_cache_get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM mt_cache WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def mt_cache_put(self, key: str, value: str, now: str) -> None:
        with self.write():
            self.db.execute(
                "INSERT INTO mt_cache (key, value, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value, now],
            )

    def record_mt_failure(
        self, segment_id: int, lang: str, engine: str, error: str, now: str
    ) -> None:
        with self.write():
            self.db.execute(
                "INSERT INTO mt_failures (segment_id, lang, engine, error, at) "
                "VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(segment_id, lang, engine) DO UPDATE SET error = excluded.error, "
                "at = excluded.at",
                [segment_id, lang, engine, error, now],
            )

    def clear_mt_failure(self, segment_id: int, lang: str) -> None:
        self.db.execute(
            "DELETE FROM mt_failures WHERE segment_id = ? AND lang = ?", [segment_id, lang]
        )

    def mt_failures(self, release_id: int, lang: str | None = None) -> list[dict]:
        sql = (
            "SELECT f.* FROM mt_failures f JOIN segments s ON s.id = f.segment_id "
            "WHERE s.release_id = ? AND s.active = 1"
        )
        params: list = [release_id]
        if lang:
            sql += " AND f.lang = ?"
            params.append(lang)
        return list(self.db.query(sql + " ORDER BY f.segment_id", params))

    def mt_cache_size(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM mt_cache").fetchone()[0]

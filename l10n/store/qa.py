"""Store: QA issues and per-segment check ignores."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from l10n.store.base import StoreBase


def m_qa_0001_issues_ignores(store) -> None:
    store.execute_script(
        """
        CREATE TABLE qa_issues (
            id INTEGER PRIMARY KEY,
            segment_id INTEGER NOT NULL REFERENCES segments(id),
            lang TEXT NOT NULL,
            check_id TEXT NOT NULL,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            span_start INTEGER,
            span_end INTEGER,
            checked_at TEXT NOT NULL
        );
        CREATE INDEX qa_issues_segment ON qa_issues (segment_id, lang);
        CREATE INDEX qa_issues_check ON qa_issues (check_id, lang);
        CREATE TABLE qa_ignores (
            segment_id INTEGER NOT NULL REFERENCES segments(id),
            lang TEXT NOT NULL,
            check_id TEXT NOT NULL,
            user TEXT NOT NULL,
            at TEXT NOT NULL,
            reason TEXT,
            PRIMARY KEY (segment_id, lang, check_id)
        );
        """
    )


def m_qa_0002_comparison_keys(store) -> None:
    """Indexed comparison keys for the consistency checks, so a change looks up the few
    translations it relates to instead of reading the whole release.

    A key is the text as the consistency checks compare it (``l10n.qa.consistency.
    comparable``: no inline codes, case, punctuation or spacing). That normalisation is
    Python, so triggers only queue the translations whose target changed
    (``qa_key_queue``; lang '' stands for a segment's source, queued when it changes)
    and ``refresh_qa_keys`` computes their keys before the next look-up. Only segments
    with a translation get a source key: the checks compare translated segments, and
    ingesting a release costs nothing more. Writers that bypass the library (the
    sqlite-utils CLI, datasette) fire the same triggers. ``qa_issues.about_segment_id``
    is the other segment a consistency issue names, so its issues are found when that
    one changes.
    """
    store.execute_script(
        """
        CREATE TABLE qa_source_keys (
            segment_id INTEGER PRIMARY KEY,
            release_id INTEGER NOT NULL,
            key TEXT NOT NULL
        );
        CREATE INDEX qa_source_keys_lookup ON qa_source_keys (release_id, key);
        CREATE TABLE qa_target_keys (
            segment_id INTEGER NOT NULL,
            lang TEXT NOT NULL,
            release_id INTEGER NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (segment_id, lang)
        ) WITHOUT ROWID;
        CREATE INDEX qa_target_keys_lookup ON qa_target_keys (release_id, lang, key);
        CREATE TABLE qa_key_queue (
            segment_id INTEGER NOT NULL,
            lang TEXT NOT NULL,
            PRIMARY KEY (segment_id, lang)
        ) WITHOUT ROWID;
        CREATE TRIGGER qa_keys_segment_update AFTER UPDATE OF source, release_id ON segments
        WHEN new.source IS NOT old.source OR new.release_id IS NOT old.release_id
        BEGIN
            INSERT OR IGNORE INTO qa_key_queue (segment_id, lang)
                SELECT segment_id, '' FROM qa_source_keys WHERE segment_id = new.id;
            INSERT OR IGNORE INTO qa_key_queue (segment_id, lang)
                SELECT segment_id, lang FROM qa_target_keys WHERE segment_id = new.id;
        END;
        CREATE TRIGGER qa_keys_segment_delete AFTER DELETE ON segments
        BEGIN
            DELETE FROM qa_source_keys WHERE segment_id = old.id;
            DELETE FROM qa_target_keys WHERE segment_id = old.id;
        END;
        CREATE TRIGGER qa_keys_translation_insert AFTER INSERT ON translations
        WHEN new.target IS NOT NULL AND new.target != ''
        BEGIN
            INSERT OR IGNORE INTO qa_key_queue (segment_id, lang)
                VALUES (new.segment_id, new.lang);
        END;
        CREATE TRIGGER qa_keys_translation_update
        AFTER UPDATE OF target, segment_id, lang ON translations
        WHEN new.target IS NOT old.target OR new.segment_id != old.segment_id
            OR new.lang != old.lang
        BEGIN
            DELETE FROM qa_target_keys WHERE segment_id = old.segment_id AND lang = old.lang
                AND (old.segment_id != new.segment_id OR old.lang != new.lang);
            INSERT OR IGNORE INTO qa_key_queue (segment_id, lang)
                VALUES (new.segment_id, new.lang);
        END;
        CREATE TRIGGER qa_keys_translation_delete AFTER DELETE ON translations
        BEGIN
            DELETE FROM qa_target_keys WHERE segment_id = old.segment_id AND lang = old.lang;
        END;
        INSERT INTO qa_key_queue (segment_id, lang)
            SELECT segment_id, lang FROM translations
            WHERE target IS NOT NULL AND target != '';
        ALTER TABLE qa_issues ADD COLUMN about_segment_id INTEGER;
        UPDATE qa_issues SET about_segment_id = CAST(
                substr(message, 9, instr(substr(message, 9), ' ') - 1) AS INTEGER)
            WHERE check_id IN ('consistency-source', 'consistency-target')
            AND message LIKE 'segment % %';
        CREATE INDEX qa_issues_about ON qa_issues (about_segment_id, lang)
            WHERE about_segment_id IS NOT NULL;
        """
    )


# Migrations of this part of the schema, applied in order after the core ones.
MIGRATIONS: list = [
    ("qa_0001_issues_ignores", m_qa_0001_issues_ignores),
    ("qa_0002_comparison_keys", m_qa_0002_comparison_keys),
]

_NOT_IGNORED = (
    "NOT EXISTS (SELECT 1 FROM qa_ignores g WHERE g.segment_id = q.segment_id "
    "AND g.lang = q.lang AND g.check_id = q.check_id)"
)
_SEVERITY_ORDER = "CASE q.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"


class QAStore(StoreBase):
    def replace_qa_issues(
        self, segment_id: int, lang: str, issues: list[dict], *, now: str | None = None
    ) -> None:
        """Replace the stored issues of one translation (one transaction). ``issues`` are
        dicts with check_id, severity, message and optional start/end, and ``about``: the
        other segment a consistency issue is about."""
        from l10n.store import utcnow

        at = now or utcnow()
        with self.write():
            self.db.execute(
                "DELETE FROM qa_issues WHERE segment_id = ? AND lang = ?", [segment_id, lang]
            )
            if issues:
                self.db["qa_issues"].insert_all(
                    {
                        "segment_id": segment_id,
                        "lang": lang,
                        "check_id": i["check_id"],
                        "severity": i["severity"],
                        "message": i["message"],
                        "span_start": i.get("start"),
                        "span_end": i.get("end"),
                        "checked_at": at,
                        "about_segment_id": i.get("about"),
                    }
                    for i in issues
                )

    def open_qa_issues(self, segment_id: int, lang: str) -> list[dict]:
        """Stored issues of one translation whose check is not ignored, most severe first."""
        return list(
            self.db.query(
                "SELECT q.check_id, q.severity, q.message, q.span_start AS [start], "
                "q.span_end AS [end], q.checked_at "
                f"FROM qa_issues q WHERE q.segment_id = ? AND q.lang = ? AND {_NOT_IGNORED} "
                f"ORDER BY {_SEVERITY_ORDER}, q.id",
                [segment_id, lang],
            )
        )

    def list_qa_issues(
        self,
        *,
        release_id: int | None = None,
        lang: str | None = None,
        check_ids: list[str] | None = None,
        severities: list[str] | None = None,
        include_ignored: bool = False,
    ) -> list[dict]:
        """Stored issues of active segments, in release and document order."""
        sql = (
            "SELECT r.slug AS release, q.segment_id, q.lang, q.check_id, q.severity, "
            "q.message, s.source, t.target, t.state, q.span_start AS [start], q.span_end AS [end], "
            "EXISTS (SELECT 1 FROM qa_ignores g WHERE g.segment_id = q.segment_id "
            "AND g.lang = q.lang AND g.check_id = q.check_id) AS ignored "
            "FROM qa_issues q JOIN segments s ON s.id = q.segment_id "
            "JOIN releases r ON r.id = s.release_id "
            "LEFT JOIN translations t ON t.segment_id = q.segment_id AND t.lang = q.lang "
            "WHERE s.active = 1"
        )
        params: list = []
        if release_id is not None:
            sql += " AND s.release_id = ?"
            params.append(release_id)
        if lang is not None:
            sql += " AND q.lang = ?"
            params.append(lang)
        if check_ids:
            sql += " AND q.check_id IN ({})".format(",".join("?" * len(check_ids)))
            params.extend(check_ids)
        if severities:
            sql += " AND q.severity IN ({})".format(",".join("?" * len(severities)))
            params.extend(severities)
        if not include_ignored:
            sql += " AND " + _NOT_IGNORED
        sql += f" ORDER BY r.slug, s.position, q.lang, {_SEVERITY_ORDER}, q.id"
        rows = list(self.db.query(sql, params))
        for row in rows:
            row["ignored"] = bool(row["ignored"])
        return rows

    def ignore_qa_check(
        self,
        segment_id: int,
        lang: str,
        check_id: str,
        *,
        user: str,
        at: str,
        reason: str | None = None,
    ) -> None:
        """Remember that ``check_id`` is not to be reported for this segment in ``lang``."""
        with self.write():
            self.db.execute(
                "INSERT INTO qa_ignores (segment_id, lang, check_id, user, at, reason) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(segment_id, lang, check_id) DO UPDATE "
                "SET user = excluded.user, at = excluded.at, reason = excluded.reason",
                [segment_id, lang, check_id, user, at, reason],
            )

    def unignore_qa_check(self, segment_id: int, lang: str, check_id: str) -> bool:
        """Report ``check_id`` again for this segment; False when it was not ignored."""
        with self.write():
            cursor = self.db.execute(
                "DELETE FROM qa_ignores WHERE segment_id = ? AND lang = ? AND check_id = ?",
                [segment_id, lang, check_id],
            )
        return cursor.rowcount > 0

    def qa_ignores(self, segment_id: int | None = None, lang: str | None = None) -> list[dict]:
        sql = "SELECT segment_id, lang, check_id, user, at, reason FROM qa_ignores WHERE 1"
        params: list = []
        if segment_id is not None:
            sql += " AND segment_id = ?"
            params.append(segment_id)
        if lang is not None:
            sql += " AND lang = ?"
            params.append(lang)
        return list(self.db.query(sql + " ORDER BY segment_id, lang, check_id", params))

    # -----------------------------------------------------------------------------------
    # Comparison keys of the consistency checks

    def qa_keys_pending(self) -> bool:
        """True when some source or target changed since the keys were last computed."""
        return self.db.execute("SELECT EXISTS (SELECT 1 FROM qa_key_queue)").fetchone()[0] == 1

    def refresh_qa_keys(self, key_of: Callable[[str], str]) -> int:
        """Compute the comparison keys of every queued source and target with ``key_of``
        (one transaction). Returns how many rows were looked at."""
        if not self.qa_keys_pending():
            return 0
        with self.write():
            rows = self.db.execute(
                "SELECT q.segment_id, q.lang, s.release_id, s.source, t.target, "
                "sk.segment_id IS NULL "
                "FROM qa_key_queue q LEFT JOIN segments s ON s.id = q.segment_id "
                "LEFT JOIN translations t ON q.lang != '' AND t.segment_id = q.segment_id "
                "AND t.lang = q.lang "
                "LEFT JOIN qa_source_keys sk ON sk.segment_id = q.segment_id"
            ).fetchall()
            sources: dict[int, tuple] = {}
            targets, gone_sources, gone_targets = [], [], []
            for segment_id, lang, release_id, source, target, no_source_key in rows:
                if release_id is None:  # the segment is gone
                    gone_sources.append((segment_id,))
                    gone_targets.append((segment_id, lang))
                    continue
                if lang == "" or no_source_key:
                    sources[segment_id] = (segment_id, release_id, key_of(source))
                if lang == "":
                    continue
                if target:
                    targets.append((segment_id, lang, release_id, key_of(target)))
                else:
                    gone_targets.append((segment_id, lang))
            conn = self.db.conn
            conn.executemany(
                "INSERT INTO qa_source_keys (segment_id, release_id, key) VALUES (?, ?, ?) "
                "ON CONFLICT (segment_id) DO UPDATE SET release_id = excluded.release_id, "
                "key = excluded.key",
                list(sources.values()),
            )
            conn.executemany("DELETE FROM qa_source_keys WHERE segment_id = ?", gone_sources)
            conn.executemany(
                "INSERT INTO qa_target_keys (segment_id, lang, release_id, key) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (segment_id, lang) DO UPDATE SET "
                "release_id = excluded.release_id, key = excluded.key",
                targets,
            )
            conn.executemany(
                "DELETE FROM qa_target_keys WHERE segment_id = ? AND lang = ?", gone_targets
            )
            # This transaction holds the write lock since it read the queue (or its write
            # would have failed on a stale snapshot): nobody queued rows in between.
            conn.execute("DELETE FROM qa_key_queue")
        return len(rows)

    def qa_consistency_rows(
        self,
        release_id: int,
        lang: str,
        *,
        source_keys: Iterable[str] = (),
        target_keys: Iterable[str] = (),
        segment_ids: Iterable[int] = (),
    ) -> list[dict]:
        """Active segments of a release with their ``lang`` translation whose source key is
        one of ``source_keys``, or whose target key is one of ``target_keys``, or whose id
        is one of ``segment_ids``; in document order, each with its stored keys
        (``source_key``, ``target_key``). Every look-up goes through an index, so the cost
        is that of the rows found, not of the release."""
        sql = (
            "WITH hits (segment_id) AS ("
            "SELECT segment_id FROM qa_source_keys WHERE release_id = :release "
            "AND key IN (SELECT value FROM json_each(:sources)) "
            "UNION SELECT segment_id FROM qa_target_keys WHERE release_id = :release "
            "AND lang = :lang AND key IN (SELECT value FROM json_each(:targets)) "
            "UNION SELECT value FROM json_each(:ids)) "
            "SELECT s.id, s.source, s.position, t.target, sk.key AS source_key, "
            "tk.key AS target_key "
            "FROM hits h JOIN segments s ON s.id = h.segment_id "
            "JOIN translations t ON t.segment_id = s.id AND t.lang = :lang "
            "LEFT JOIN qa_source_keys sk ON sk.segment_id = s.id "
            "LEFT JOIN qa_target_keys tk ON tk.segment_id = s.id AND tk.lang = :lang "
            "WHERE s.release_id = :release AND s.active = 1 "
            "ORDER BY s.position, s.id"
        )
        return list(
            self.db.query(
                sql,
                {
                    "release": release_id,
                    "lang": lang,
                    "sources": json.dumps(sorted(set(source_keys))),
                    "targets": json.dumps(sorted(set(target_keys))),
                    "ids": json.dumps(sorted(set(segment_ids))),
                },
            )
        )

    def qa_issues_about(self, segment_id: int, lang: str) -> list[int]:
        """Segments whose stored consistency issues in ``lang`` name ``segment_id``."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT segment_id FROM qa_issues WHERE about_segment_id = ? AND lang = ?",
                [segment_id, lang],
            )
        ]

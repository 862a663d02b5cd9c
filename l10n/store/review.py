"""Store: comments, assignments, claims, history queries (review workflow)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any


def m_review_0001_assignments_claims(store) -> None:
    store.execute_script(
        """
        CREATE TABLE assignments (
            id INTEGER PRIMARY KEY,
            release_id INTEGER NOT NULL REFERENCES releases(id),
            lang TEXT NOT NULL,
            user TEXT NOT NULL,
            assigned_by TEXT NOT NULL,
            assigned_at TEXT NOT NULL,
            UNIQUE (release_id, lang, user)
        );
        CREATE INDEX assignments_user ON assignments (user, lang);
        CREATE TABLE claims (
            segment_id INTEGER NOT NULL REFERENCES segments(id),
            lang TEXT NOT NULL,
            user TEXT NOT NULL,
            claimed_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            PRIMARY KEY (segment_id, lang)
        );
        CREATE INDEX claims_user ON claims (user);
        CREATE INDEX history_at ON history (at);
        CREATE INDEX history_user_at ON history (user, at);
        """
    )


# Migrations of this part of the schema, applied in order after the core ones.
MIGRATIONS: list = [
    ("review_0001_assignments_claims", m_review_0001_assignments_claims),
]

_HISTORY_COLUMNS = (
    "h.id, h.at, h.user, h.action, r.slug AS release, h.segment_id, h.lang, "
    "h.old_state, h.new_state, h.old_target, h.new_target, h.origin, h.reason"
)
_COMMENT_COLUMNS = (
    "NULL AS id, c.at, c.user, 'comment' AS action, r.slug AS release, c.segment_id, c.lang, "
    "NULL AS old_state, NULL AS new_state, NULL AS old_target, NULL AS new_target, "
    "NULL AS origin, c.text AS reason"
)


class ReviewStore:
    db: Any
    write: Callable[[], AbstractContextManager[Any]]  # provided by Store

    # -- comments -------------------------------------------------------------
    def insert_comment(
        self, segment_id: int, lang: str | None, user: str, at: str, text: str
    ) -> dict:
        with self.write():
            comment_id = (
                self.db["comments"]
                .insert(
                    {"segment_id": segment_id, "lang": lang, "user": user, "at": at, "text": text}
                )
                .last_pk
            )
        return {
            "id": comment_id,
            "segment_id": segment_id,
            "lang": lang,
            "user": user,
            "at": at,
            "text": text,
        }

    def segment_comments(self, segment_id: int, lang: str | None) -> list[dict]:
        """Comments on the segment in ``lang`` and those about the source (no language)."""
        return list(
            self.db.query(
                "SELECT id, lang, user, at, text FROM comments WHERE segment_id = ? "
                "AND (lang IS NULL OR lang = ?) ORDER BY at, id",
                [segment_id, lang],
            )
        )

    # -- history --------------------------------------------------------------
    def segment_history(self, segment_id: int, lang: str) -> list[dict]:
        """Changes of one translation, oldest first."""
        return list(
            self.db.query(
                "SELECT id, at, user, action, old_state, new_state, old_target, new_target, "
                "origin, reason FROM history WHERE segment_id = ? AND lang = ? ORDER BY id",
                [segment_id, lang],
            )
        )

    def last_translator(self, segment_id: int, lang: str, translated_state: int) -> str | None:
        """Who last moved the translation to ``translated_state`` (four-eyes)."""
        row = self.db.execute(
            "SELECT user FROM history WHERE segment_id = ? AND lang = ? AND new_state = ? "
            "ORDER BY id DESC LIMIT 1",
            [segment_id, lang, translated_state],
        ).fetchone()
        return row[0] if row else None

    def query_history(
        self,
        *,
        release_id: int | None = None,
        lang: str | None = None,
        user: str | None = None,
        since: str | None = None,
        limit: int | None = None,
        with_comments: bool = True,
    ) -> list[dict]:
        """History rows (and comments), newest first."""
        hist_where, com_where, params_h, params_c = [], [], [], []
        for column, value in (("release_id", release_id), ("lang", lang), ("user", user)):
            if value is None:
                continue
            if column == "release_id":
                hist_where.append("h.release_id = ?")
                com_where.append("s.release_id = ?")
            elif column == "lang":
                # a comment without a language is about the source: it concerns every language
                hist_where.append("h.lang = ?")
                com_where.append("(c.lang = ? OR c.lang IS NULL)")
            else:
                hist_where.append(f"h.{column} = ?")
                com_where.append(f"c.{column} = ?")
            params_h.append(value)
            params_c.append(value)
        if since is not None:
            hist_where.append("h.at >= ?")
            com_where.append("c.at >= ?")
            params_h.append(since)
            params_c.append(since)
        sql = (
            f"SELECT {_HISTORY_COLUMNS}, 0 AS kind FROM history h "
            "JOIN releases r ON r.id = h.release_id"
            + (" WHERE " + " AND ".join(hist_where) if hist_where else "")
        )
        params = params_h
        if with_comments:
            sql += (
                f" UNION ALL SELECT {_COMMENT_COLUMNS}, 1 AS kind FROM comments c "
                "JOIN segments s ON s.id = c.segment_id JOIN releases r ON r.id = s.release_id"
                + (" WHERE " + " AND ".join(com_where) if com_where else "")
            )
            params = params_h + params_c
        sql += " ORDER BY at DESC, kind DESC, id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params = params + [int(limit)]
        rows = list(self.db.query(sql, params))
        for row in rows:
            row.pop("kind", None)
        return rows

    # -- document context -----------------------------------------------------
    def neighbour_segment(
        self, release_id: int, position: int, lang: str, direction: int
    ) -> dict | None:
        """The active segment just before (-1) or after (+1) ``position``, with its target."""
        op, order = ("<", "DESC") if direction < 0 else (">", "ASC")
        rows = list(
            self.db.query(
                "SELECT s.id, s.source, s.position, s.block_position, t.target, t.state "
                "FROM segments s LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ? "
                f"WHERE s.release_id = ? AND s.active = 1 AND s.position {op} ? "
                f"ORDER BY s.position {order} LIMIT 1",
                [lang, release_id, position],
            )
        )
        return rows[0] if rows else None

    def segment_rank(self, release_id: int, position: int) -> tuple[int, int]:
        """(n, total): the segment's 1-based rank among the release's active segments."""
        # two range counts on the (release_id, active, position) index
        n = self.db.execute(
            "SELECT COUNT(*) FROM segments WHERE release_id = ? AND active = 1 AND position <= ?",
            [release_id, position],
        ).fetchone()[0]
        total = self.db.execute(
            "SELECT COUNT(*) FROM segments WHERE release_id = ? AND active = 1", [release_id]
        ).fetchone()[0]
        return int(n), int(total)

    def segment_ranks(self, release_id: int) -> dict[int, int]:
        """Every active segment's 1-based rank in the release (one pass, for sessions)."""
        return {
            row[0]: rank
            for rank, row in enumerate(
                self.db.execute(
                    "SELECT id FROM segments WHERE release_id = ? AND active = 1 ORDER BY position",
                    [release_id],
                ),
                start=1,
            )
        }

    def queue_ids(self, release_id: int, lang: str, states: list[int]) -> list[int]:
        """Ids of the active segments whose ``lang`` translation is in ``states``, in order."""
        marks = ",".join("?" * len(states))
        return [
            row[0]
            for row in self.db.execute(
                "SELECT s.id FROM segments s JOIN translations t "
                "ON t.segment_id = s.id AND t.lang = ? "
                f"WHERE s.release_id = ? AND s.active = 1 AND t.state IN ({marks}) "
                "ORDER BY s.position",
                [lang, release_id, *states],
            )
        ]

    # -- assignments ----------------------------------------------------------
    def add_assignment(self, release_id: int, lang: str, user: str, by_user: str, at: str) -> bool:
        """Assign; False when the user was already assigned."""
        with self.write():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO assignments (release_id, lang, user, assigned_by, "
                "assigned_at) VALUES (?, ?, ?, ?, ?)",
                [release_id, lang, user, by_user, at],
            )
            return cursor.rowcount > 0

    def remove_assignment(self, release_id: int, lang: str, user: str) -> bool:
        with self.write():
            cursor = self.db.execute(
                "DELETE FROM assignments WHERE release_id = ? AND lang = ? AND user = ?",
                [release_id, lang, user],
            )
            return cursor.rowcount > 0

    def list_assignments(
        self, *, release_id: int | None = None, lang: str | None = None, user: str | None = None
    ) -> list[dict]:
        where, params = [], []
        for column, value in (("a.release_id", release_id), ("a.lang", lang), ("a.user", user)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        return list(
            self.db.query(
                "SELECT r.slug AS release, a.release_id, a.lang, a.user, a.assigned_by, "
                "a.assigned_at FROM assignments a JOIN releases r ON r.id = a.release_id"
                + (" WHERE " + " AND ".join(where) if where else "")
                + " ORDER BY r.slug, a.lang, a.user",
                params,
            )
        )

    def assignees(self, release_id: int, lang: str) -> list[str]:
        return [
            r[0]
            for r in self.db.execute(
                "SELECT user FROM assignments WHERE release_id = ? AND lang = ? ORDER BY user",
                [release_id, lang],
            )
        ]

    # -- claims ---------------------------------------------------------------
    def get_claim(self, segment_id: int, lang: str, now: str) -> dict | None:
        """The unexpired claim on a segment, if any."""
        rows = list(
            self.db.query(
                "SELECT segment_id, lang, user, claimed_at, expires_at FROM claims "
                "WHERE segment_id = ? AND lang = ? AND expires_at > ?",
                [segment_id, lang, now],
            )
        )
        return rows[0] if rows else None

    def take_claim(self, segment_id: int, lang: str, user: str, now: str, expires_at: str) -> dict:
        """Claim a segment unless someone else holds an unexpired claim.

        Returns the claim in force afterwards: the caller's, or the other holder's.
        """
        with self.write():
            held = self.get_claim(segment_id, lang, now)
            if held is not None and held["user"] != user:
                return held
            self.db.execute(
                "INSERT INTO claims (segment_id, lang, user, claimed_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(segment_id, lang) DO UPDATE SET "
                "user = excluded.user, claimed_at = excluded.claimed_at, "
                "expires_at = excluded.expires_at",
                [segment_id, lang, user, now, expires_at],
            )
            self.db.execute("DELETE FROM claims WHERE expires_at <= ?", [now])
        return {
            "segment_id": segment_id,
            "lang": lang,
            "user": user,
            "claimed_at": now,
            "expires_at": expires_at,
        }

    def drop_claims(self, user: str, segment_id: int | None = None, lang: str | None = None) -> int:
        sql = "DELETE FROM claims WHERE user = ?"
        params: list[Any] = [user]
        if segment_id is not None:
            sql += " AND segment_id = ?"
            params.append(segment_id)
        if lang is not None:
            sql += " AND lang = ?"
            params.append(lang)
        with self.write():
            return self.db.execute(sql, params).rowcount

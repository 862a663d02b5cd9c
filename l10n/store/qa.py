"""Store: QA issues and per-segment check ignores."""

from __future__ import annotations


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


# Migrations of this part of the schema, applied in order after the core ones.
MIGRATIONS: list = [
    ("qa_0001_issues_ignores", m_qa_0001_issues_ignores),
]

_NOT_IGNORED = (
    "NOT EXISTS (SELECT 1 FROM qa_ignores g WHERE g.segment_id = q.segment_id "
    "AND g.lang = q.lang AND g.check_id = q.check_id)"
)
_SEVERITY_ORDER = "CASE q.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"


class QAStore:
    db: object

    def replace_qa_issues(
        self, segment_id: int, lang: str, issues: list[dict], *, now: str | None = None
    ) -> None:
        """Replace the stored issues of one translation (one transaction). ``issues`` are
        dicts with check_id, severity, message and optional start/end."""
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

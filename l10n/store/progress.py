"""Store: status and progress queries, next-segment lookup, recent activity.

Status must answer in well under 100 ms on a workspace with a million
translations, which a GROUP BY over ``translations JOIN segments`` cannot do
(it reads every row). So the counts live in ``progress_summary``: one row per
release x language with, per state, the number of active segments and their
source words (``segments_<state value>``, ``words_<state value>``) and the time
of the last change (``last_at``), kept exact by triggers on ``translations``,
``segments`` and ``history``. It is a plain table, readable from datasette or
the sqlite-utils CLI; ``rebuild_progress()`` recomputes it from scratch and
``progress_drift()`` compares it with a full recount.
"""

from __future__ import annotations

from typing import Any

from l10n.states import STATE_NAMES

_COUNTS_TRIGGERS = """
CREATE TRIGGER progress_translation_insert AFTER INSERT ON translations
BEGIN
    INSERT INTO progress_counts (release_id, lang, state, segments, words)
    SELECT s.release_id, new.lang, new.state, 1, s.words
      FROM segments s WHERE s.id = new.segment_id AND s.active = 1
    ON CONFLICT (release_id, lang, state) DO UPDATE
       SET segments = segments + 1, words = words + excluded.words;
END;

CREATE TRIGGER progress_translation_delete AFTER DELETE ON translations
BEGIN
    UPDATE progress_counts
       SET segments = segments - 1,
           words = words - (SELECT s.words FROM segments s WHERE s.id = old.segment_id)
     WHERE lang = old.lang AND state = old.state
       AND release_id = (SELECT s.release_id FROM segments s
                          WHERE s.id = old.segment_id AND s.active = 1);
END;

CREATE TRIGGER progress_translation_update
AFTER UPDATE OF state, lang, segment_id ON translations
WHEN old.state IS NOT new.state OR old.lang IS NOT new.lang
     OR old.segment_id IS NOT new.segment_id
BEGIN
    UPDATE progress_counts
       SET segments = segments - 1,
           words = words - (SELECT s.words FROM segments s WHERE s.id = old.segment_id)
     WHERE lang = old.lang AND state = old.state
       AND release_id = (SELECT s.release_id FROM segments s
                          WHERE s.id = old.segment_id AND s.active = 1);
    INSERT INTO progress_counts (release_id, lang, state, segments, words)
    SELECT s.release_id, new.lang, new.state, 1, s.words
      FROM segments s WHERE s.id = new.segment_id AND s.active = 1
    ON CONFLICT (release_id, lang, state) DO UPDATE
       SET segments = segments + 1, words = words + excluded.words;
END;

CREATE TRIGGER progress_segment_update
AFTER UPDATE OF active, words, release_id ON segments
WHEN old.active IS NOT new.active OR old.words IS NOT new.words
     OR old.release_id IS NOT new.release_id
BEGIN
    UPDATE progress_counts
       SET segments = segments - (SELECT COUNT(*) FROM translations t
                                   WHERE t.segment_id = old.id AND t.lang = progress_counts.lang
                                     AND t.state = progress_counts.state),
           words = words - old.words * (SELECT COUNT(*) FROM translations t
                                         WHERE t.segment_id = old.id
                                           AND t.lang = progress_counts.lang
                                           AND t.state = progress_counts.state)
     WHERE old.active = 1 AND release_id = old.release_id;
    INSERT INTO progress_counts (release_id, lang, state, segments, words)
    SELECT new.release_id, t.lang, t.state, 1, new.words
      FROM translations t WHERE t.segment_id = new.id AND new.active = 1
    ON CONFLICT (release_id, lang, state) DO UPDATE
       SET segments = segments + 1, words = words + excluded.words;
END;

CREATE TRIGGER progress_segment_delete AFTER DELETE ON segments WHEN old.active = 1
BEGIN
    UPDATE progress_counts
       SET segments = segments - (SELECT COUNT(*) FROM translations t
                                   WHERE t.segment_id = old.id AND t.lang = progress_counts.lang
                                     AND t.state = progress_counts.state),
           words = words - old.words * (SELECT COUNT(*) FROM translations t
                                         WHERE t.segment_id = old.id
                                           AND t.lang = progress_counts.lang
                                           AND t.state = progress_counts.state)
     WHERE release_id = old.release_id;
END;

CREATE TRIGGER progress_history_insert AFTER INSERT ON history
BEGIN
    INSERT INTO progress_activity (release_id, lang, last_at)
    VALUES (new.release_id, new.lang, new.at)
    ON CONFLICT (release_id, lang) DO UPDATE
       SET last_at = MAX(last_at, excluded.last_at);
END;
"""

_RECOUNT_SQL = """
SELECT s.release_id, t.lang, t.state, COUNT(*) AS segments, SUM(s.words) AS words
  FROM translations t JOIN segments s ON s.id = t.segment_id AND s.active = 1
 GROUP BY s.release_id, t.lang, t.state
"""


def m_progress_0001_counts(store) -> None:
    store.execute_script(
        """
        CREATE TABLE progress_counts (
            release_id INTEGER NOT NULL REFERENCES releases(id),
            lang TEXT NOT NULL,
            state INTEGER NOT NULL,
            segments INTEGER NOT NULL,
            words INTEGER NOT NULL,
            PRIMARY KEY (release_id, lang, state)
        ) WITHOUT ROWID;
        CREATE TABLE progress_activity (
            release_id INTEGER NOT NULL REFERENCES releases(id),
            lang TEXT NOT NULL,
            last_at TEXT NOT NULL,
            PRIMARY KEY (release_id, lang)
        ) WITHOUT ROWID;
        """
        + _COUNTS_TRIGGERS
    )
    store.db.execute("INSERT INTO progress_counts " + _RECOUNT_SQL)
    store.db.execute(
        "INSERT INTO progress_activity (release_id, lang, last_at) "
        "SELECT release_id, lang, MAX(at) FROM history GROUP BY release_id, lang"
    )


_STATE_VALUES = sorted(STATE_NAMES)
_COUNT_COLUMNS = [f"{kind}_{value}" for value in _STATE_VALUES for kind in ("segments", "words")]


def _summary_upsert(release: str, lang: str, state: str, words: str, sign: str, source: str) -> str:
    """An upsert adding ``sign`` x (1 segment, ``words`` words) to the ``state`` columns of
    the (release, lang) summary row, for every row of ``source`` (``FROM ... WHERE ...``)."""
    values = []
    for value in _STATE_VALUES:
        values.append(f"{sign} * ({state} = {value})")
        values.append(f"{sign} * ({state} = {value}) * {words}")
    updates = ", ".join(f"{c} = {c} + excluded.{c}" for c in _COUNT_COLUMNS)
    return (
        f"INSERT INTO progress_summary (release_id, lang, {', '.join(_COUNT_COLUMNS)}) "
        f"SELECT {release}, {lang}, {', '.join(values)} {source} "
        f"ON CONFLICT (release_id, lang) DO UPDATE SET {updates};"
    )


def _summary_triggers() -> str:
    add_new = _summary_upsert(
        "s.release_id",
        "new.lang",
        "new.state",
        "s.words",
        "1",
        "FROM segments s WHERE s.id = new.segment_id AND s.active = 1",
    )
    remove_old = _summary_upsert(
        "s.release_id",
        "old.lang",
        "old.state",
        "s.words",
        "-1",
        "FROM segments s WHERE s.id = old.segment_id AND s.active = 1",
    )
    segment_out = _summary_upsert(
        "old.release_id",
        "t.lang",
        "t.state",
        "old.words",
        "-1",
        "FROM translations t WHERE t.segment_id = old.id AND old.active = 1",
    )
    segment_in = _summary_upsert(
        "new.release_id",
        "t.lang",
        "t.state",
        "new.words",
        "1",
        "FROM translations t WHERE t.segment_id = new.id AND new.active = 1",
    )
    return f"""
    CREATE TRIGGER progress_summary_translation_insert AFTER INSERT ON translations
    BEGIN {add_new} END;
    CREATE TRIGGER progress_summary_translation_delete AFTER DELETE ON translations
    BEGIN {remove_old} END;
    CREATE TRIGGER progress_summary_translation_update
    AFTER UPDATE OF state, lang, segment_id ON translations
    WHEN old.state IS NOT new.state OR old.lang IS NOT new.lang
         OR old.segment_id IS NOT new.segment_id
    BEGIN {remove_old} {add_new} END;
    CREATE TRIGGER progress_summary_segment_update
    AFTER UPDATE OF active, words, release_id ON segments
    WHEN old.active IS NOT new.active OR old.words IS NOT new.words
         OR old.release_id IS NOT new.release_id
    BEGIN {segment_out} {segment_in} END;
    CREATE TRIGGER progress_summary_segment_delete AFTER DELETE ON segments
    WHEN old.active = 1
    BEGIN {segment_out} END;
    CREATE TRIGGER progress_summary_history_insert AFTER INSERT ON history
    BEGIN
        INSERT INTO progress_summary (release_id, lang, last_at)
        VALUES (new.release_id, new.lang, new.at)
        ON CONFLICT (release_id, lang) DO UPDATE
           SET last_at = MAX(COALESCE(last_at, ''), excluded.last_at);
    END;
    """


def _fill_summary(store) -> None:
    sums = ", ".join(f"SUM(t.state = {v}), SUM((t.state = {v}) * s.words)" for v in _STATE_VALUES)
    store.db.execute(
        f"INSERT INTO progress_summary (release_id, lang, {', '.join(_COUNT_COLUMNS)}) "
        f"SELECT s.release_id, t.lang, {sums} FROM translations t "
        "JOIN segments s ON s.id = t.segment_id AND s.active = 1 GROUP BY s.release_id, t.lang"
    )
    store.db.execute(
        "INSERT INTO progress_summary (release_id, lang, last_at) "
        "SELECT release_id, lang, MAX(at) FROM history WHERE true GROUP BY release_id, lang "
        "ON CONFLICT (release_id, lang) DO UPDATE SET last_at = excluded.last_at"
    )


def m_progress_0002_summary(store) -> None:
    """One row per release x language (instead of per state): status reads 10x fewer rows."""
    store.execute_script(
        """
        DROP TRIGGER progress_translation_insert;
        DROP TRIGGER progress_translation_delete;
        DROP TRIGGER progress_translation_update;
        DROP TRIGGER progress_segment_update;
        DROP TRIGGER progress_segment_delete;
        DROP TRIGGER progress_history_insert;
        DROP TABLE progress_counts;
        DROP TABLE progress_activity;
        """
    )
    columns = ",\n".join(f"            {c} INTEGER NOT NULL DEFAULT 0" for c in _COUNT_COLUMNS)
    store.execute_script(
        f"""
        CREATE TABLE progress_summary (
            release_id INTEGER NOT NULL REFERENCES releases(id),
            lang TEXT NOT NULL,
{columns},
            last_at TEXT,
            PRIMARY KEY (release_id, lang)
        ) WITHOUT ROWID;
        """
        + _summary_triggers()
    )
    _fill_summary(store)


def _per_state_triggers() -> str:
    """Translation triggers specialised per state: each touches only its state's two
    columns, and only the one whose WHEN matches runs, so a bulk insert of
    translations (ingest) pays one small upsert per row."""
    changed = (
        "(new.state IS NOT old.state OR new.lang IS NOT old.lang "
        "OR new.segment_id IS NOT old.segment_id)"
    )
    parts = []
    for v in _STATE_VALUES:
        add = (
            f"INSERT INTO progress_summary (release_id, lang, segments_{v}, words_{v}) "
            "SELECT s.release_id, new.lang, 1, s.words FROM segments s "
            "WHERE s.id = new.segment_id AND s.active = 1 "
            f"ON CONFLICT (release_id, lang) DO UPDATE SET segments_{v} = segments_{v} + 1, "
            f"words_{v} = words_{v} + excluded.words_{v};"
        )
        remove = (
            f"UPDATE progress_summary SET segments_{v} = segments_{v} - 1, "
            f"words_{v} = words_{v} - (SELECT s.words FROM segments s WHERE s.id = old.segment_id) "
            "WHERE lang = old.lang AND release_id = (SELECT s.release_id FROM segments s "
            "WHERE s.id = old.segment_id AND s.active = 1);"
        )
        parts.append(
            f"""
    CREATE TRIGGER progress_translation_add_{v} AFTER INSERT ON translations
    WHEN new.state = {v} BEGIN {add} END;
    CREATE TRIGGER progress_translation_remove_{v} AFTER DELETE ON translations
    WHEN old.state = {v} BEGIN {remove} END;
    CREATE TRIGGER progress_translation_leave_{v}
    AFTER UPDATE OF state, lang, segment_id ON translations
    WHEN old.state = {v} AND {changed} BEGIN {remove} END;
    CREATE TRIGGER progress_translation_enter_{v}
    AFTER UPDATE OF state, lang, segment_id ON translations
    WHEN new.state = {v} AND {changed} BEGIN {add} END;
    """
        )
    return "".join(parts)


def m_progress_0003_per_state_triggers(store) -> None:
    store.execute_script(
        """
        DROP TRIGGER progress_summary_translation_insert;
        DROP TRIGGER progress_summary_translation_delete;
        DROP TRIGGER progress_summary_translation_update;
        """
        + _per_state_triggers()
    )


# Migrations of this part of the schema, applied in order after the core ones.
MIGRATIONS: list = [
    ("progress_0001_counts", m_progress_0001_counts),
    ("progress_0002_summary", m_progress_0002_summary),
    ("progress_0003_per_state_triggers", m_progress_0003_per_state_triggers),
]

PROGRESS_COLUMNS = list(_COUNT_COLUMNS)


def _marks(values: list) -> str:
    return ",".join("?" * len(values))


class ProgressStore:
    # Provided by Store (l10n/store/__init__.py), which this mixin is part of.
    db: Any
    write: Any

    # -- status -------------------------------------------------------------
    def _summary_filter(
        self, release_ids: list[int] | None, langs: list[str] | None
    ) -> tuple[str, list]:
        where: list[str] = []
        params: list = []
        if release_ids is not None:
            where.append(f"p.release_id IN ({_marks(release_ids)})")
            params.extend(release_ids)
        if langs is not None:
            where.append(f"p.lang IN ({_marks(langs)})")
            params.extend(langs)
        where.append("(" + " + ".join(f"p.segments_{v}" for v in _STATE_VALUES) + ") > 0")
        return " AND ".join(where), params

    def progress_summary(
        self,
        release_ids: list[int] | None = None,
        langs: list[str] | None = None,
        finished_state: int = 100,
    ) -> list[tuple]:
        """Per release x language with at least one active segment, ordered by slug then
        language: tuples ``(release_id, slug, version, lang, last_at, segments, words,
        finished, segments_<v>, words_<v>, ...)``; the count pairs follow
        ``PROGRESS_COLUMNS`` (states ascending, as in l10n.states) and ``finished`` is 1
        when no segment is below ``finished_state``."""
        where, params = self._summary_filter(release_ids, langs)
        segments = " + ".join(f"p.segments_{v}" for v in _STATE_VALUES)
        words = " + ".join(f"p.words_{v}" for v in _STATE_VALUES)
        below = " + ".join(f"p.segments_{v}" for v in _STATE_VALUES if v < int(finished_state))
        sql = (
            f"SELECT p.release_id, r.slug, r.current_version, p.lang, p.last_at, "
            f"{segments}, {words}, {f'({below}) = 0' if below else '1'}, "
            + ", ".join(f"p.{c}" for c in _COUNT_COLUMNS)
            + f" FROM progress_summary p JOIN releases r ON r.id = p.release_id WHERE {where}"
            " ORDER BY r.slug, p.lang"
        )
        return self.db.execute(sql, params).fetchall()

    def progress_totals(
        self,
        release_ids: list[int] | None = None,
        langs: list[str] | None = None,
        finished_state: int = 100,
    ) -> tuple:
        """Over the same selection as ``progress_summary``: ``(last_at, unfinished,
        segments_<v>, words_<v>, ...)`` with the latest activity, how many release x
        language pairs have a segment below ``finished_state``, and the summed counts."""
        where, params = self._summary_filter(release_ids, langs)
        below = " + ".join(f"p.segments_{v}" for v in _STATE_VALUES if v < int(finished_state))
        sums = ", ".join(f"COALESCE(SUM(p.{c}), 0)" for c in _COUNT_COLUMNS)
        return tuple(
            self.db.execute(
                f"SELECT MAX(p.last_at), {f'COALESCE(SUM(({below}) > 0), 0)' if below else '0'}, "
                f"{sums} FROM progress_summary p WHERE {where}",
                params,
            ).fetchone()
        )

    def progress_drift(self) -> list[dict]:
        """Differences between ``progress_summary`` and a full recount (empty when exact)."""
        cols = ", ".join(_COUNT_COLUMNS)
        stored = {
            (r[0], r[1]): tuple(r[2:])
            for r in self.db.execute(f"SELECT release_id, lang, {cols} FROM progress_summary")
        }
        sums = ", ".join(
            f"SUM(t.state = {v}), SUM((t.state = {v}) * s.words)" for v in _STATE_VALUES
        )
        actual = {
            (r[0], r[1]): tuple(r[2:])
            for r in self.db.execute(
                f"SELECT s.release_id, t.lang, {sums} FROM translations t "
                "JOIN segments s ON s.id = t.segment_id AND s.active = 1 "
                "GROUP BY s.release_id, t.lang"
            )
        }
        zero = (0,) * len(_COUNT_COLUMNS)
        drift = []
        for key in sorted(set(stored) | set(actual)):
            if stored.get(key, zero) != actual.get(key, zero):
                drift.append(
                    {
                        "release_id": key[0],
                        "lang": key[1],
                        "stored": dict(zip(_COUNT_COLUMNS, stored.get(key, zero), strict=True)),
                        "actual": dict(zip(_COUNT_COLUMNS, actual.get(key, zero), strict=True)),
                    }
                )
        return drift

    def rebuild_progress(self) -> None:
        """Recompute ``progress_summary`` from translations, segments and history."""
        with self.write():
            self.db.execute("DELETE FROM progress_summary")
            _fill_summary(self)

    def has_table(self, name: str) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", [name]
            ).fetchone()
            is not None
        )

    def assignees_by_release_lang(self) -> dict[tuple[int, str], str]:
        """Who is assigned to each release x language (names joined by ', '), from the
        review workflow's ``assignments`` table; empty when that table does not exist."""
        if not self.has_table("assignments"):
            return {}
        out: dict[tuple[int, str], list[str]] = {}
        for release_id, lang, user in self.db.execute(
            "SELECT release_id, lang, user FROM assignments ORDER BY release_id, lang, user"
        ):
            out.setdefault((release_id, lang), []).append(user)
        return {key: ", ".join(names) for key, names in out.items()}

    def open_critical_qa_counts(self) -> dict[tuple[int, str], int] | None:
        """Open (not ignored) critical QA issues per (release id, lang) on active
        segments; None when the workspace has no QA tables."""
        if not (self.has_table("qa_issues") and self.has_table("qa_ignores")):
            return None
        return {
            (r[0], r[1]): r[2]
            for r in self.db.execute(
                # CROSS JOIN keeps qa_issues as the outer loop: it is small, or
                # empty, and scanning segments instead costs tens of milliseconds.
                "SELECT s.release_id, q.lang, COUNT(*) FROM qa_issues q "
                "CROSS JOIN segments s ON s.id = q.segment_id AND s.active = 1 "
                "WHERE q.severity = 'critical' AND NOT EXISTS (SELECT 1 FROM qa_ignores g "
                "WHERE g.segment_id = q.segment_id AND g.lang = q.lang "
                "AND g.check_id = q.check_id) GROUP BY s.release_id, q.lang"
            )
        }

    # -- match bands ----------------------------------------------------------
    def match_band_words(
        self,
        bands: list[tuple[str, int, int]],
        no_match: str,
        release_ids: list[int] | None = None,
        langs: list[str] | None = None,
    ) -> list[tuple[str, str, int, int]]:
        """``(lang, band label, words, repetition words)`` summed over active segments.

        A translation's TM score is its ``tm:NN`` origin, or, once a person has edited
        it (origin ``human``), the last ``tm:NN`` origin in its history: the match the
        translator started from. ``bands`` are (label, lowest, highest score); other
        scores, and translations that never had a TM match, count as ``no_match``.
        Repetition words are the words of a segment's further occurrences.
        """
        where = ["s.active = 1"]
        params: list = []
        if release_ids is not None:
            where.append(f"s.release_id IN ({_marks(release_ids)})")
            params.extend(release_ids)
        if langs is not None:
            where.append(f"t.lang IN ({_marks(langs)})")
            params.extend(langs)
        band_case = "CASE"
        band_params: list = []
        for label, low, high in bands:
            band_case += " WHEN score BETWEEN ? AND ? THEN ?"
            band_params.extend([int(low), int(high), label])
        band_case += " ELSE ? END"
        band_params.append(no_match)
        sql = (
            f"SELECT lang, {band_case} AS band, SUM(words), SUM(repeated) FROM ("
            "SELECT t.lang AS lang, s.words AS words, "
            "s.words * MAX(s.occurrences - 1, 0) AS repeated, "
            "CASE WHEN t.origin LIKE 'tm:%' THEN CAST(substr(t.origin, 4) AS INTEGER) "
            "ELSE (SELECT CAST(substr(h.origin, 4) AS INTEGER) FROM history h "
            "WHERE h.segment_id = t.segment_id AND h.lang = t.lang AND h.origin LIKE 'tm:%' "
            "ORDER BY h.id DESC LIMIT 1) END AS score "
            "FROM segments s JOIN translations t ON t.segment_id = s.id "
            f"WHERE {' AND '.join(where)}) GROUP BY lang, band"
        )
        return [tuple(r) for r in self.db.execute(sql, band_params + params)]

    # -- navigation -----------------------------------------------------------
    def next_segment(
        self,
        release_id: int,
        lang: str,
        states: list[int],
        after_position: int | None = None,
    ) -> dict | None:
        """The first active segment in document order (after ``after_position`` when
        given) whose ``lang`` translation is in one of ``states``, or None."""
        if not states:
            return None
        sql = (
            "SELECT s.*, t.id AS translation_id, t.target, t.state, t.origin, t.author, "
            "t.updated_at, t.version AS translation_version "
            "FROM segments s JOIN translations t ON t.segment_id = s.id AND t.lang = ? "
            "WHERE s.release_id = ? AND s.active = 1 AND s.position > ? "
            f"AND t.state IN ({_marks(states)}) ORDER BY s.position LIMIT 1"
        )
        params = [lang, release_id, -1 if after_position is None else after_position, *states]
        rows = list(self.db.query(sql, params))
        return rows[0] if rows else None

    # -- activity -------------------------------------------------------------
    def recent_activity(
        self,
        limit: int = 50,
        release_ids: list[int] | None = None,
        langs: list[str] | None = None,
    ) -> list[dict]:
        """The latest history rows, newest first, with the release slug."""
        where: list[str] = []
        params: list = []
        if release_ids is not None:
            where.append(f"h.release_id IN ({_marks(release_ids)})")
            params.extend(release_ids)
        if langs is not None:
            where.append(f"h.lang IN ({_marks(langs)})")
            params.extend(langs)
        sql = (
            "SELECT h.id, r.slug AS release, h.segment_id, h.lang, h.user, h.at, h.action, "
            "h.old_state, h.new_state, h.new_target, h.origin, h.reason "
            "FROM history h JOIN releases r ON r.id = h.release_id "
            + ("WHERE " + " AND ".join(where) + " " if where else "")
            + "ORDER BY h.id DESC LIMIT ?"
        )
        return list(self.db.query(sql, [*params, limit]))

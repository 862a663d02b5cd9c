"""Store: glossary concepts, terms and per-segment term hits."""

from __future__ import annotations

import json

from l10n.store.base import StoreBase
from l10n.terms import Concept, Termbase


def terms_0001_termbase(store) -> None:
    store.execute_script(
        """
        CREATE TABLE concepts (
            id TEXT PRIMARY KEY,
            definition TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            subject TEXT NOT NULL DEFAULT '',
            updated_at TEXT
        );
        CREATE TABLE terms (
            id INTEGER PRIMARY KEY,
            concept_id TEXT NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            lang TEXT NOT NULL,
            text TEXT NOT NULL,
            status TEXT NOT NULL,
            do_not_translate INTEGER NOT NULL DEFAULT 0,
            case_sensitive INTEGER NOT NULL DEFAULT 0,
            acronym INTEGER NOT NULL DEFAULT 0,
            part_of_speech TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX terms_concept ON terms (concept_id, position);
        CREATE INDEX terms_lang_text ON terms (lang, text);
        CREATE TABLE term_hits (
            id INTEGER PRIMARY KEY,
            segment_id INTEGER NOT NULL REFERENCES segments(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            concept_id TEXT NOT NULL,
            term TEXT NOT NULL,
            exact INTEGER NOT NULL DEFAULT 1,
            glossary_version TEXT NOT NULL
        );
        CREATE INDEX term_hits_segment ON term_hits (segment_id);
        CREATE INDEX term_hits_concept ON term_hits (concept_id);
        """
    )


MIGRATIONS: list = [("terms_0001_termbase", terms_0001_termbase)]

_TERM_COLUMNS = (
    "concept_id",
    "position",
    "lang",
    "text",
    "status",
    "do_not_translate",
    "case_sensitive",
    "acronym",
    "part_of_speech",
    "note",
)


class TermStore(StoreBase):
    _termbase_cache: tuple[str, Termbase] | None = None

    def glossary_version(self) -> str:
        return self.get_meta("glossary_version") or "empty"

    def load_termbase(self) -> Termbase:
        """The workspace termbase (cached per glossary version for this connection)."""
        version = self.glossary_version()
        cached = self._termbase_cache
        if cached and cached[0] == version:
            return cached[1]
        termbase = self._read_termbase()
        self._termbase_cache = (version, termbase)
        return termbase

    def _read_termbase(self) -> Termbase:
        terms_by_concept: dict[str, list[dict]] = {}
        for row in self.db.query("SELECT * FROM terms ORDER BY concept_id, position"):
            terms_by_concept.setdefault(row["concept_id"], []).append(row)
        return Termbase.of(
            Concept.from_rows(row, terms_by_concept.get(row["id"], []))
            for row in self.db.query(
                "SELECT id, definition, note, source, subject FROM concepts ORDER BY rowid"
            )
        )

    def save_concepts(
        self, concepts: list[Concept], now: str, *, replace_all: bool = False
    ) -> tuple[int, int]:
        """Insert or replace concepts (by id) in one transaction. Returns (added, updated)."""
        added = updated = 0
        with self.write():
            if replace_all:
                self.db.execute("DELETE FROM terms")
                self.db.execute("DELETE FROM concepts")
            existing = {r[0] for r in self.db.execute("SELECT id FROM concepts")}
            for concept in concepts:
                if concept.id in existing:
                    updated += 1
                    self.db.execute("DELETE FROM terms WHERE concept_id = ?", [concept.id])
                    self.db.execute(
                        "UPDATE concepts SET definition = ?, note = ?, source = ?, subject = ?, "
                        "updated_at = ? WHERE id = ?",
                        [
                            concept.definition,
                            concept.note,
                            concept.source,
                            concept.subject,
                            now,
                            concept.id,
                        ],
                    )
                else:
                    added += 1
                    existing.add(concept.id)
                    self.db.execute(
                        "INSERT INTO concepts (id, definition, note, source, subject, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        [
                            concept.id,
                            concept.definition,
                            concept.note,
                            concept.source,
                            concept.subject,
                            now,
                        ],
                    )
                rows = concept.term_rows()
                self.db.conn.executemany(
                    f"INSERT INTO terms ({', '.join(_TERM_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(_TERM_COLUMNS))})",
                    [[_term_value(r, c) for c in _TERM_COLUMNS] for r in rows],
                )
            self._bump_glossary_version(now)
        return added, updated

    def _bump_glossary_version(self, now: str) -> None:
        # The termbase read for its version is the one the next load_termbase returns
        # (hits are refreshed right after an import): read once, not twice.
        termbase = self._read_termbase()
        self.db.execute(
            "INSERT INTO workspace_meta (key, value) VALUES ('glossary_version', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [termbase.version],
        )
        self._termbase_cache = (termbase.version, termbase)

    def replace_term_hits(self, hits_by_segment: dict[int, list[dict]], version: str) -> int:
        """Replace the stored hits of these segments (one transaction)."""
        count = 0
        with self.write():
            ids = list(hits_by_segment)
            for chunk in range(0, len(ids), 500):
                part = ids[chunk : chunk + 500]
                self.db.execute(
                    f"DELETE FROM term_hits WHERE segment_id IN ({','.join('?' * len(part))})", part
                )
            rows = [
                (
                    seg_id,
                    h["start"],
                    h["end"],
                    h["text"],
                    h["concept_id"],
                    h["term"],
                    int(h.get("exact", True)),
                    version,
                )
                for seg_id, hits in hits_by_segment.items()
                for h in hits
            ]
            self.db.conn.executemany(
                'INSERT INTO term_hits (segment_id, start, "end", text, concept_id, term, exact, '
                "glossary_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            count = len(rows)
        return count

    def term_hit_count(self, release_id: int) -> int:
        """Term hits stored for the active segments of a release."""
        return self.db.execute(
            "SELECT COUNT(*) FROM term_hits h JOIN segments s ON s.id = h.segment_id "
            "WHERE s.release_id = ? AND s.active = 1",
            [release_id],
        ).fetchone()[0]

    def stored_term_hits(self, segment_id: int) -> list[dict]:
        return list(
            self.db.query(
                "SELECT * FROM term_hits WHERE segment_id = ? ORDER BY start", [segment_id]
            )
        )

    def release_ids(self) -> list[tuple[int, str]]:
        return [(r[0], r[1]) for r in self.db.execute("SELECT id, source_lang FROM releases")]


def _term_value(row: dict, column: str):
    value = row.get(column)
    if column in ("do_not_translate", "case_sensitive", "acronym"):
        return int(bool(value))
    if value is None:
        return ""
    return json.dumps(value) if isinstance(value, (list, dict)) else value

"""Schema changes as named migrations, each applied once inside a transaction.

A migration is appended to ``MIGRATIONS`` and never edited after it has shipped;
its name is recorded in ``_migrations`` when applied.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Each migration receives the Store and runs inside its transaction.
Migration = tuple[str, Callable[[Any], None]]


def m0001_core(store) -> None:
    store.execute_script(
        """
        CREATE TABLE releases (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            source_lang TEXT NOT NULL,
            format TEXT NOT NULL,
            title TEXT,
            current_version INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE release_versions (
            id INTEGER PRIMARY KEY,
            release_id INTEGER NOT NULL REFERENCES releases(id),
            version INTEGER NOT NULL,
            checksum TEXT NOT NULL,
            source_path TEXT,
            encoding TEXT NOT NULL,
            bom INTEGER NOT NULL DEFAULT 0,
            skeleton TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}',
            ingested_at TEXT NOT NULL,
            ingested_by TEXT NOT NULL,
            UNIQUE (release_id, version)
        );
        CREATE TABLE blocks (
            id INTEGER PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES release_versions(id),
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            layout TEXT NOT NULL,
            codes TEXT NOT NULL DEFAULT '[]',
            meta TEXT NOT NULL DEFAULT '{}',
            UNIQUE (version_id, position)
        );
        CREATE TABLE segments (
            id INTEGER PRIMARY KEY,
            release_id INTEGER NOT NULL REFERENCES releases(id),
            source TEXT NOT NULL,
            source_hash TEXT NOT NULL,
            words INTEGER NOT NULL,
            codes TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL,
            block_position INTEGER NOT NULL,
            occurrences INTEGER NOT NULL DEFAULT 1,
            active INTEGER NOT NULL DEFAULT 1,
            first_version INTEGER NOT NULL,
            last_version INTEGER NOT NULL,
            previous_source TEXT,
            prev_hash TEXT,
            next_hash TEXT,
            UNIQUE (release_id, source_hash)
        );
        CREATE INDEX segments_order ON segments (release_id, active, position);
        CREATE TABLE translations (
            id INTEGER PRIMARY KEY,
            segment_id INTEGER NOT NULL REFERENCES segments(id),
            lang TEXT NOT NULL,
            target TEXT,
            state INTEGER NOT NULL DEFAULT 0,
            origin TEXT,
            author TEXT,
            updated_at TEXT,
            version INTEGER NOT NULL DEFAULT 0,
            UNIQUE (segment_id, lang)
        );
        CREATE INDEX translations_lang_state ON translations (lang, state);
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            translation_id INTEGER REFERENCES translations(id),
            segment_id INTEGER NOT NULL REFERENCES segments(id),
            release_id INTEGER NOT NULL REFERENCES releases(id),
            lang TEXT NOT NULL,
            user TEXT NOT NULL,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            old_target TEXT,
            new_target TEXT,
            old_state INTEGER,
            new_state INTEGER,
            origin TEXT,
            reason TEXT
        );
        CREATE INDEX history_release_lang_at ON history (release_id, lang, at);
        CREATE INDEX history_segment ON history (segment_id, lang);
        CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            segment_id INTEGER NOT NULL REFERENCES segments(id),
            lang TEXT,
            user TEXT NOT NULL,
            at TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX comments_segment ON comments (segment_id);
        CREATE TABLE workspace_meta (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        CREATE VIEW progress AS
            SELECT r.slug AS release, t.lang AS lang,
                   COUNT(*) AS segments,
                   SUM(s.words) AS words,
                   SUM(t.state = 0) AS untranslated,
                   SUM(t.state = 20) AS rejected,
                   SUM(t.state = 30) AS needs_work,
                   SUM(t.state = 50) AS pretranslated,
                   SUM(t.state = 70) AS translated,
                   SUM(t.state = 100) AS approved,
                   ROUND(100.0 * SUM(t.state = 100) / COUNT(*), 1) AS percent_approved
            FROM translations t
            JOIN segments s ON s.id = t.segment_id AND s.active = 1
            JOIN releases r ON r.id = s.release_id
            GROUP BY r.slug, t.lang;
        """
    )


MIGRATIONS: list[Migration] = [
    ("0001_core", m0001_core),
]


def all_migrations() -> list[Migration]:
    """Core migrations first, then each part of the schema in a fixed order.

    Names must be unique across parts; each part prefixes its own (``terms_0001_...``).
    """
    from l10n.store import mtcache, progress, qa, review, terms, tm

    ordered = list(MIGRATIONS)
    for part in (terms, tm, mtcache, review, qa, progress):
        ordered.extend(part.MIGRATIONS)
    names = [name for name, _ in ordered]
    if len(names) != len(set(names)):
        raise RuntimeError("duplicate migration names: " + ", ".join(sorted(names)))
    return ordered

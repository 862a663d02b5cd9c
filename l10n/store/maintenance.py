"""Store: online backup and consistency checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from l10n.store.base import StoreBase


class MaintenanceStore(StoreBase):
    def backup_to(self, target: Path) -> None:
        """SQLite online backup: a consistent copy, safe while others keep working."""
        dest = sqlite3.connect(str(target))
        try:
            self.db.conn.backup(dest, pages=1024)
        finally:
            dest.close()

    def consistency_problems(self) -> list[dict]:
        """Rows that break the model's invariants, one dict per problem kind found."""
        checks = {
            "orphan_translations": "SELECT COUNT(*) FROM translations t LEFT JOIN segments s "
            "ON s.id = t.segment_id WHERE s.id IS NULL",
            "orphan_history": "SELECT COUNT(*) FROM history h LEFT JOIN translations t "
            "ON t.id = h.translation_id WHERE h.translation_id IS NOT NULL AND t.id IS NULL",
            "orphan_segments": "SELECT COUNT(*) FROM segments s LEFT JOIN releases r "
            "ON r.id = s.release_id WHERE r.id IS NULL",
            "orphan_blocks": "SELECT COUNT(*) FROM blocks b LEFT JOIN release_versions v "
            "ON v.id = b.version_id WHERE v.id IS NULL",
            "releases_without_current_version": "SELECT COUNT(*) FROM releases r LEFT JOIN "
            "release_versions v ON v.release_id = r.id AND v.version = r.current_version "
            "WHERE v.id IS NULL",
            # A translation that moved on from untranslated must say how, in the history.
            "state_without_history": "SELECT COUNT(*) FROM translations t WHERE t.version > 0 "
            "AND NOT EXISTS (SELECT 1 FROM history h WHERE h.translation_id = t.id)",
            # The latest history row of a translation must agree with its current state.
            "state_differs_from_history": "SELECT COUNT(*) FROM translations t JOIN history h "
            "ON h.id = (SELECT MAX(id) FROM history WHERE translation_id = t.id) "
            "WHERE h.new_state != t.state OR COALESCE(h.new_target, '') != COALESCE(t.target, '')",
            "bad_states": "SELECT COUNT(*) FROM translations "
            "WHERE state NOT IN (0, 20, 30, 50, 70, 100)",
        }
        problems = []
        for name, sql in checks.items():
            count = self.db.execute(sql).fetchone()[0]
            if count:
                problems.append({"check": name, "count": count})
        return problems

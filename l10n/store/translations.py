"""Translations and their history."""

from __future__ import annotations

from l10n.errors import ConflictError, NotFoundError
from l10n.states import state_name
from l10n.store.base import StoreBase


class TranslationStore(StoreBase):
    def segment_rows(
        self,
        release_id: int,
        lang: str | None = None,
        states: list[int] | None = None,
    ) -> list[dict]:
        """Active segments in document order, with the translation in ``lang`` if given."""
        if lang is None:
            return list(
                self.db.query(
                    "SELECT s.* FROM segments s WHERE s.release_id = ? AND s.active = 1 "
                    "ORDER BY s.position",
                    [release_id],
                )
            )
        sql = (
            "SELECT s.*, t.id AS translation_id, t.target, t.state, t.origin, t.author, "
            "t.updated_at, t.version AS translation_version "
            "FROM segments s JOIN translations t ON t.segment_id = s.id AND t.lang = ? "
            "WHERE s.release_id = ? AND s.active = 1"
        )
        params: list = [lang, release_id]
        if states:
            sql += f" AND t.state IN ({','.join('?' * len(states))})"
            params.extend(states)
        sql += " ORDER BY s.position"
        return list(self.db.query(sql, params))

    def translation_langs(self, release_id: int) -> list[str]:
        """The languages a release has translation rows for."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT t.lang FROM translations t JOIN segments s ON s.id = t.segment_id "
                "WHERE s.release_id = ? ORDER BY t.lang",
                [release_id],
            )
        ]

    def translation_targets(self, release_id: int, lang: str, min_state: int) -> dict[int, str]:
        return {
            r[0]: r[1]
            for r in self.db.execute(
                "SELECT s.id, t.target FROM segments s JOIN translations t "
                "ON t.segment_id = s.id AND t.lang = ? "
                "WHERE s.release_id = ? AND s.active = 1 AND t.state >= ? "
                "AND t.target IS NOT NULL",
                [lang, release_id, min_state],
            )
        }

    def get_translation(self, segment_id: int, lang: str) -> dict:
        rows = list(
            self.db.query(
                "SELECT * FROM translations WHERE segment_id = ? AND lang = ?", [segment_id, lang]
            )
        )
        if not rows:
            raise NotFoundError(
                f"segment {segment_id} has no '{lang}' translation row",
                "Check the language is one of the workspace's target languages (l10n.toml)",
            )
        return rows[0]

    def change_translation(
        self,
        segment_id: int,
        lang: str,
        *,
        target: str | None,
        state: int,
        origin: str | None,
        user: str,
        action: str,
        now: str,
        reason: str | None = None,
        if_version: int | None = None,
    ) -> dict:
        """Write a translation and its history row in one transaction.

        ``if_version`` is the version the caller's change was based on: when the row
        has moved on since, nothing is written and ConflictError shows the other text.
        """
        with self.write():
            row = self.get_translation(segment_id, lang)
            if if_version is not None and row["version"] != if_version:
                raise ConflictError(
                    f"segment {segment_id} ({lang}) was changed by {row['author'] or 'someone'} "
                    f"(now version {row['version']}, {state_name(row['state'])}: "
                    f"{row['target']!r}) since your version {if_version}",
                    "Reload it with 'l10n show' and apply your change again",
                )
            new_version = row["version"] + 1
            self.db.execute(
                "UPDATE translations SET target = ?, state = ?, origin = ?, author = ?, "
                "updated_at = ?, version = ? WHERE id = ? AND version = ?",
                [target, state, origin, user, now, new_version, row["id"], row["version"]],
            )
            release_id = self.db.execute(
                "SELECT release_id FROM segments WHERE id = ?", [segment_id]
            ).fetchone()[0]
            self.db["history"].insert(
                {
                    "translation_id": row["id"],
                    "segment_id": segment_id,
                    "release_id": release_id,
                    "lang": lang,
                    "user": user,
                    "at": now,
                    "action": action,
                    "old_target": row["target"],
                    "new_target": target,
                    "old_state": row["state"],
                    "new_state": state,
                    "origin": origin,
                    "reason": reason,
                }
            )
            row.update(
                target=target,
                state=state,
                origin=origin,
                author=user,
                updated_at=now,
                version=new_version,
            )
            return row

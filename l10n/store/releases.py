"""Releases, their versions, blocks and segments."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from l10n.errors import NotFoundError
from l10n.inline import InlineCode
from l10n.states import NEEDS_WORK, UNTRANSLATED
from l10n.store.base import StoreBase


@dataclass
class NewBlock:
    kind: str
    layout: list  # ints index the occurrences list
    codes: list[InlineCode]
    meta: dict


@dataclass
class NewOccurrence:
    source: str
    hash: str
    words: int
    block: int
    codes: list[InlineCode]


@dataclass
class NewVersion:
    slug: str
    source_lang: str
    format: str
    title: str | None
    checksum: str
    source_path: str | None
    encoding: str
    bom: bool
    skeleton: list
    blocks: list[NewBlock]
    occurrences: list[NewOccurrence]
    target_langs: list[str]
    user: str
    # hash of a new segment -> id of the old segment whose source it replaces
    replaces: dict[str, int] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)


@dataclass
class SavedVersion:
    release_id: int
    version: int
    new_segments: int
    kept_segments: int
    retired_segments: int
    needs_work: int  # translations carried over from a changed source


def _codes_json(codes: list[InlineCode]) -> str:
    if not codes:
        return "[]"
    return json.dumps([c.to_json() for c in codes], ensure_ascii=False)


class ReleaseStore(StoreBase):
    # -- reading ------------------------------------------------------------
    def get_release(self, slug: str) -> dict | None:
        rows = list(self.db.query("SELECT * FROM releases WHERE slug = ?", [slug]))
        return rows[0] if rows else None

    def require_release(self, slug: str) -> dict:
        release = self.get_release(slug)
        if release is None:
            known = [
                r["slug"] for r in self.db.query("SELECT slug FROM releases ORDER BY slug LIMIT 10")
            ]
            hint = (
                "Known releases: " + ", ".join(known) + " (see 'l10n releases')"
                if known
                else "Ingest one first with 'l10n ingest FILE'"
            )
            raise NotFoundError(f"no release '{slug}' in this workspace", hint)
        return release

    def list_releases(self) -> list[dict]:
        return list(
            self.db.query(
                """
                SELECT r.slug, r.source_lang, r.format, r.title, r.current_version AS version,
                       v.checksum, v.ingested_at, v.ingested_by,
                       (SELECT COUNT(*) FROM segments s WHERE s.release_id = r.id AND s.active = 1)
                           AS segments,
                       (SELECT COALESCE(SUM(s.words), 0) FROM segments s
                         WHERE s.release_id = r.id AND s.active = 1) AS words
                FROM releases r
                LEFT JOIN release_versions v
                  ON v.release_id = r.id AND v.version = r.current_version
                ORDER BY r.slug
                """
            )
        )

    def current_version(self, release_id: int) -> dict:
        rows = list(
            self.db.query(
                "SELECT v.* FROM release_versions v JOIN releases r ON r.id = v.release_id "
                "WHERE r.id = ? AND v.version = r.current_version",
                [release_id],
            )
        )
        return rows[0]

    def version_blocks(self, version_id: int) -> list[dict]:
        return list(
            self.db.query(
                "SELECT * FROM blocks WHERE version_id = ? ORDER BY position", [version_id]
            )
        )

    def active_segments(self, release_id: int) -> list[dict]:
        return list(
            self.db.query(
                "SELECT * FROM segments WHERE release_id = ? AND active = 1 ORDER BY position",
                [release_id],
            )
        )

    def segment_sources(self, release_id: int) -> dict[int, str]:
        return {
            r[0]: r[1]
            for r in self.db.execute(
                "SELECT id, source FROM segments WHERE release_id = ? AND active = 1", [release_id]
            )
        }

    def release_by_id(self, release_id: int) -> dict:
        rows = list(self.db.query("SELECT * FROM releases WHERE id = ?", [release_id]))
        if not rows:
            raise NotFoundError(f"no release with id {release_id}", "See 'l10n releases'")
        return rows[0]

    def get_segment(self, segment_id: int) -> dict:
        rows = list(self.db.query("SELECT * FROM segments WHERE id = ?", [segment_id]))
        if not rows:
            raise NotFoundError(
                f"no segment {segment_id}", "List segments with 'l10n segments --release SLUG'"
            )
        return rows[0]

    # -- writing ------------------------------------------------------------
    def save_version(self, new: NewVersion, now: str) -> SavedVersion:
        """Store a new version of a release in one transaction."""
        db = self.db
        with self.write():
            release = self.get_release(new.slug)
            if release is None:
                release_id = (
                    db["releases"]
                    .insert(
                        {
                            "slug": new.slug,
                            "source_lang": new.source_lang,
                            "format": new.format,
                            "title": new.title,
                            "current_version": 0,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    .last_pk
                )
                version = 1
            else:
                release_id = release["id"]
                version = release["current_version"] + 1
            version_id = (
                db["release_versions"]
                .insert(
                    {
                        "release_id": release_id,
                        "version": version,
                        "checksum": new.checksum,
                        "source_path": new.source_path,
                        "encoding": new.encoding,
                        "bom": int(new.bom),
                        "skeleton": json.dumps(new.skeleton, ensure_ascii=False),
                        "meta": json.dumps(new.meta, ensure_ascii=False),
                        "ingested_at": now,
                        "ingested_by": new.user,
                    }
                )
                .last_pk
            )
            existing = {
                r["source_hash"]: r
                for r in db.query(
                    "SELECT id, source_hash, active FROM segments WHERE release_id = ?",
                    [release_id],
                )
            }
            previously_active = {h for h, r in existing.items() if r["active"]}
            db.execute("UPDATE segments SET active = 0 WHERE release_id = ?", [release_id])

            hashes = [o.hash for o in new.occurrences]
            counts: dict[str, int] = {}
            for h in hashes:
                counts[h] = counts.get(h, 0) + 1
            seg_ids: dict[str, int] = {}
            new_rows: list[dict] = []
            created_occ: list[NewOccurrence] = []
            for index, occ in enumerate(new.occurrences):
                if occ.hash in seg_ids:
                    continue
                prev_hash = hashes[index - 1] if index else None
                next_hash = hashes[index + 1] if index + 1 < len(hashes) else None
                values = {
                    "source": occ.source,
                    "words": occ.words,
                    "codes": _codes_json(occ.codes),
                    "position": index,
                    "block_position": occ.block,
                    "occurrences": counts[occ.hash],
                    "active": 1,
                    "last_version": version,
                    "prev_hash": prev_hash,
                    "next_hash": next_hash,
                }
                row = existing.get(occ.hash)
                if row is not None:
                    columns = list(values)
                    db.execute(
                        f"UPDATE segments SET {', '.join(f'{c} = ?' for c in columns)} "
                        "WHERE id = ?",
                        [values[c] for c in columns] + [row["id"]],
                    )
                    seg_ids[occ.hash] = row["id"]
                else:
                    values.update(
                        {
                            "release_id": release_id,
                            "source_hash": occ.hash,
                            "first_version": version,
                            "previous_source": None,
                        }
                    )
                    old_id = new.replaces.get(occ.hash)
                    if old_id is not None:
                        values["previous_source"] = db.execute(
                            "SELECT source FROM segments WHERE id = ?", [old_id]
                        ).fetchone()[0]
                    new_rows.append(values)
                    seg_ids[occ.hash] = 0  # filled in after the bulk insert
                    created_occ.append(occ)
            if new_rows:
                columns = list(new_rows[0])
                db.conn.executemany(
                    f"INSERT INTO segments ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})",
                    [[row[c] for c in columns] for row in new_rows],
                )
                fresh = {occ.hash for occ in created_occ}
                for seg_id, source_hash in db.execute(
                    "SELECT id, source_hash FROM segments WHERE release_id = ? "
                    "AND first_version = ?",
                    [release_id, version],
                ):
                    if source_hash in fresh:
                        seg_ids[source_hash] = seg_id
            created = [(seg_ids[occ.hash], occ) for occ in created_occ]

            needs_work = 0
            for seg_id, occ in created:
                old_id = new.replaces.get(occ.hash)
                if old_id is None:
                    continue
                for old in db.query(
                    "SELECT * FROM translations WHERE segment_id = ? AND target IS NOT NULL "
                    "AND target != ''",
                    [old_id],
                ):
                    tid = (
                        db["translations"]
                        .insert(
                            {
                                "segment_id": seg_id,
                                "lang": old["lang"],
                                "target": old["target"],
                                "state": NEEDS_WORK,
                                "origin": old["origin"],
                                "author": old["author"],
                                "updated_at": now,
                                "version": 1,
                            }
                        )
                        .last_pk
                    )
                    db["history"].insert(
                        {
                            "translation_id": tid,
                            "segment_id": seg_id,
                            "release_id": release_id,
                            "lang": old["lang"],
                            "user": new.user,
                            "at": now,
                            "action": "source_changed",
                            "old_target": None,
                            "new_target": old["target"],
                            "old_state": UNTRANSLATED,
                            "new_state": NEEDS_WORK,
                            "origin": old["origin"],
                            "reason": f"source changed in version {version} (was segment {old_id})",
                        }
                    )
                    needs_work += 1
            for lang in new.target_langs:
                db.execute(
                    "INSERT OR IGNORE INTO translations (segment_id, lang, state, version) "
                    "SELECT id, ?, 0, 0 FROM segments WHERE release_id = ? AND active = 1",
                    [lang, release_id],
                )

            block_rows = []
            for position, block in enumerate(new.blocks):
                layout = [
                    item
                    if isinstance(item, str)
                    else (
                        [seg_ids[new.occurrences[item[0]].hash], item[1]]
                        if isinstance(item, list)
                        else seg_ids[new.occurrences[item].hash]
                    )
                    for item in block.layout
                ]
                block_rows.append(
                    (
                        version_id,
                        position,
                        block.kind,
                        json.dumps(layout, ensure_ascii=False),
                        _codes_json(block.codes),
                        json.dumps(block.meta, ensure_ascii=False),
                    )
                )
            db.conn.executemany(
                "INSERT INTO blocks (version_id, position, kind, layout, codes, meta) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                block_rows,
            )
            db.execute(
                "UPDATE releases SET current_version = ?, updated_at = ?, "
                "title = COALESCE(?, title), "
                "format = ? WHERE id = ?",
                [version, now, new.title, new.format, release_id],
            )
        kept = len(set(seg_ids) & previously_active)
        return SavedVersion(
            release_id=release_id,
            version=version,
            new_segments=len(created),
            kept_segments=kept,
            retired_segments=len(previously_active - set(seg_ids)),
            needs_work=needs_work,
        )

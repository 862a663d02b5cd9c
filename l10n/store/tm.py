"""Store: translation memory units and their persistent fuzzy index.

``tm_units`` holds one source/target pair per row. The fuzzy index has two parts, both
written with the units (see ``l10n.tm`` for how a lookup uses them):

- an inverted index from keys to unit ids. A key is a 63-bit hash of the language pair
  (``pair`` = primary subtags, ``fr>en``) and a word n-gram (1 to 4 lower-cased words)
  of the normalised source, so each language pair has its own lists (see
  ``l10n.tm.index_keys``):

  - ``tm_postings``: one row per key with ``df`` (how many units carry the key) and
    ``ids``, the packed unit ids (uint32, little-endian), so reading a posting list is
    one row whatever its length;
  - ``tm_postings_delta``: (key, unit_id) rows for units added one at a time
    (approvals), folded into the packed lists when it grows;

- ``tm_sketch_blocks``: per unit, its sketch (``l10n.tm.sketch``: 512 bits of hashed
  word bigrams) and normalised length, ``SKETCH_BLOCK`` units per row (row ``block``
  holds ids ``block * SKETCH_BLOCK`` onwards; unwritten slots are zero). Each write
  gives the block a new random ``version``, so a process keeping the sketches in
  memory (``tm_sketches``) reads again only the blocks that changed.

Migrations: ``tm_0001_units`` creates the units and the inverted index;
``tm_0002_sketches`` adds the sketches and computes them for the units already there.
"""

from __future__ import annotations

import secrets
import sys
from array import array
from collections.abc import Iterable

import numpy as np

from l10n.store.base import StoreBase

# Fold the delta into the packed lists beyond this many delta rows.
DELTA_COMPACT_ROWS = 50_000
# Bytes of the database file a lookup reads through a memory map (SQLite caps it).
MMAP_BYTES = 1 << 31
# Units per row of tm_sketch_blocks.
SKETCH_BLOCK = 4096
# Ids bound in one query (SQLite allows 32,766 variables since 3.32).
_MAX_VARIABLES = 30_000


def tm_0001_units(store) -> None:
    store.execute_script(
        """
        CREATE TABLE tm_units (
            id INTEGER PRIMARY KEY,
            pair TEXT NOT NULL,
            source_lang TEXT NOT NULL,
            target_lang TEXT NOT NULL,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            source_codes TEXT NOT NULL DEFAULT '[]',
            target_codes TEXT NOT NULL DEFAULT '[]',
            source_hash TEXT NOT NULL,
            norm TEXT NOT NULL,
            norm_hash TEXT NOT NULL,
            prev_hash TEXT,
            next_hash TEXT,
            origin TEXT NOT NULL,
            segment_id INTEGER,
            release TEXT,
            author TEXT,
            created_at TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            dedupe TEXT NOT NULL UNIQUE
        );
        CREATE INDEX tm_units_exact ON tm_units (pair, source_hash);
        CREATE INDEX tm_units_norm ON tm_units (pair, norm_hash);
        CREATE UNIQUE INDEX tm_units_segment ON tm_units (segment_id, target_lang)
            WHERE segment_id IS NOT NULL;
        CREATE TABLE tm_postings (
            key INTEGER PRIMARY KEY,
            df INTEGER NOT NULL,
            ids BLOB NOT NULL
        );
        CREATE TABLE tm_postings_delta (
            key INTEGER NOT NULL,
            unit_id INTEGER NOT NULL,
            PRIMARY KEY (key, unit_id)
        ) WITHOUT ROWID;
        """
    )


def tm_0002_sketches(store) -> None:
    """Sketches (see ``l10n.tm.sketch``) for the units of an existing memory."""
    from l10n.tm import SKETCH_BITS, position_keys, sketch

    store.execute_script(
        """
        CREATE TABLE tm_sketch_blocks (
            block INTEGER PRIMARY KEY,
            version INTEGER NOT NULL,
            sketches BLOB NOT NULL,
            lengths BLOB NOT NULL
        );
        """
    )
    batch: dict[int, tuple[int, int]] = {}
    for unit_id, pair, norm in store.db.conn.execute("SELECT id, pair, norm FROM tm_units"):
        batch[unit_id] = (sketch(position_keys(norm, pair)), len(norm))
        if len(batch) >= 100_000:
            store.tm_put_sketches(batch, SKETCH_BITS // 8)
            batch = {}
    store.tm_put_sketches(batch, SKETCH_BITS // 8)


def tm_0003_created_by(store) -> None:
    # Who created a unit (TMX creationid), beside who last changed it (``author``).
    store.execute_script("ALTER TABLE tm_units ADD COLUMN created_by TEXT;")


MIGRATIONS: list = [
    ("tm_0001_units", tm_0001_units),
    ("tm_0002_sketches", tm_0002_sketches),
    ("tm_0003_created_by", tm_0003_created_by),
]

_UNIT_COLUMNS = (
    "pair",
    "source_lang",
    "target_lang",
    "source",
    "target",
    "source_codes",
    "target_codes",
    "source_hash",
    "norm",
    "norm_hash",
    "prev_hash",
    "next_hash",
    "origin",
    "segment_id",
    "release",
    "author",
    "created_by",
    "created_at",
    "changed_at",
    "dedupe",
)
_INSERT_UNIT = "INSERT OR IGNORE INTO tm_units ({}) VALUES ({})".format(
    ", ".join(_UNIT_COLUMNS), ", ".join("?" * len(_UNIT_COLUMNS))
)


def _new_version() -> int:
    return secrets.randbits(62)


def _marks(values: list) -> str:
    return ",".join("?" * len(values))


def pack_ids(ids: Iterable[int]) -> bytes:
    arr = array("I", ids)
    if sys.byteorder == "big":
        arr.byteswap()
    return arr.tobytes()


class TMStore(StoreBase):
    # -- units --------------------------------------------------------------
    def tm_insert_unit(self, unit: dict) -> int | None:
        """Insert one unit; None when an identical unit (same dedupe key) exists."""
        cur = self.db.conn.execute(_INSERT_UNIT, [unit[c] for c in _UNIT_COLUMNS])
        if cur.rowcount == 0:
            return None
        return cur.lastrowid

    def tm_segment_unit(self, segment_id: int, target_lang: str) -> dict | None:
        rows = list(
            self.db.query(
                "SELECT * FROM tm_units WHERE segment_id = ? AND target_lang = ?",
                [segment_id, target_lang],
            )
        )
        return rows[0] if rows else None

    def tm_update_unit(self, unit_id: int, unit: dict) -> None:
        cols = [c for c in _UNIT_COLUMNS if c not in ("created_at", "created_by")]
        self.db.conn.execute(
            "UPDATE tm_units SET {} WHERE id = ?".format(", ".join(f"{c} = ?" for c in cols)),
            [unit[c] for c in cols] + [unit_id],
        )

    def tm_delete_unit(self, unit_id: int) -> None:
        # Stale ids left in posting lists are harmless: candidates are re-read from tm_units.
        self.db.conn.execute("DELETE FROM tm_units WHERE id = ?", [unit_id])

    def tm_units_by_hash(self, pair: str, column: str, value: str) -> list[dict]:
        if column not in ("source_hash", "norm_hash"):
            raise ValueError(column)
        return list(
            self.db.query(f"SELECT * FROM tm_units WHERE pair = ? AND {column} = ?", [pair, value])
        )

    def _tm_map_reads(self) -> None:
        """Read the database file through a memory map on this connection (once): a
        fuzzy lookup reads hundreds of rows scattered over the whole file, and a mapped
        page costs no system call (about 2 ms a lookup at a million units). SQLite
        still writes through the file, and falls back to plain reads where it cannot
        map."""
        if not self.__dict__.get("_tm_mapped"):
            self.db.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            self.__dict__["_tm_mapped"] = True

    def tm_candidate_norms(self, ids: list[int]) -> list[tuple[int, str]]:
        """(id, norm) of these units (missing ids are skipped), in few queries."""
        self._tm_map_reads()
        out: list[tuple[int, str]] = []
        conn = self.db.conn
        for start in range(0, len(ids), _MAX_VARIABLES):
            chunk = ids[start : start + _MAX_VARIABLES]
            out.extend(
                conn.execute(f"SELECT id, norm FROM tm_units WHERE id IN ({_marks(chunk)})", chunk)
            )
        return out

    def tm_units_by_ids(self, ids: list[int]) -> dict[int, dict]:
        if not ids:
            return {}
        return {
            r["id"]: r
            for r in self.db.query(f"SELECT * FROM tm_units WHERE id IN ({_marks(ids)})", ids)
        }

    def tm_count_units(self, pair: str | None = None) -> int:
        if pair is None:
            return self.db.execute("SELECT COUNT(*) FROM tm_units").fetchone()[0]
        return self.db.execute("SELECT COUNT(*) FROM tm_units WHERE pair = ?", [pair]).fetchone()[0]

    def tm_iter_units(self, source_primary: str, target_primaries: list[str] | None = None):
        """Units whose source language has this primary subtag, optionally only some targets."""
        sql = "SELECT * FROM tm_units WHERE pair LIKE ? ESCAPE '\\'"
        params: list = [source_primary.replace("_", "\\_").replace("%", "\\%") + ">%"]
        if target_primaries:
            sql = f"SELECT * FROM tm_units WHERE pair IN ({_marks(target_primaries)})"
            params = [f"{source_primary}>{t}" for t in target_primaries]
        sql += " ORDER BY source_lang, source, prev_hash, next_hash, id"
        yield from self.db.query(sql, params)

    def tm_approved_rows(self, approved_state: int) -> list[dict]:
        """Approved translations with their segment and release, for backfilling the TM."""
        return list(
            self.db.query(
                "SELECT s.id AS segment_id, s.source, s.source_hash, s.codes, s.prev_hash, "
                "s.next_hash, r.slug AS release, r.source_lang, t.lang, t.target, t.author, "
                "t.updated_at FROM translations t JOIN segments s ON s.id = t.segment_id "
                "JOIN releases r ON r.id = s.release_id "
                "WHERE t.state >= ? AND t.target IS NOT NULL AND t.target != '' "
                "ORDER BY s.id, t.lang",
                [approved_state],
            )
        )

    def tm_approved_row(self, segment_id: int, lang: str, approved_state: int) -> dict | None:
        rows = list(
            self.db.query(
                "SELECT s.id AS segment_id, s.source, s.source_hash, s.codes, s.prev_hash, "
                "s.next_hash, r.slug AS release, r.source_lang, t.lang, t.target, t.author, "
                "t.updated_at, t.state FROM translations t JOIN segments s ON s.id = t.segment_id "
                "JOIN releases r ON r.id = s.release_id WHERE t.segment_id = ? AND t.lang = ?",
                [segment_id, lang],
            )
        )
        return rows[0] if rows else None

    # -- fuzzy index ----------------------------------------------------------
    def tm_key_df(self, keys: list[int]) -> dict[int, int]:
        if not keys:
            return {}
        return dict(
            self.db.conn.execute(
                f"SELECT key, df FROM tm_postings WHERE key IN ({_marks(keys)})",
                keys,
            )
        )

    def tm_posting_arrays(self, keys: list[int]) -> dict[int, np.ndarray]:
        """The posting list of each of these keys as a uint32 array (packed, then delta ids)."""
        if not keys:
            return {}
        self._tm_map_reads()
        marks = _marks(keys)
        conn = self.db.conn
        lists = {
            key: np.frombuffer(blob, dtype="<u4")
            for key, blob in conn.execute(
                f"SELECT key, ids FROM tm_postings WHERE key IN ({marks})", keys
            )
        }
        delta: dict[int, list[int]] = {}
        for key, unit_id in conn.execute(
            f"SELECT key, unit_id FROM tm_postings_delta WHERE key IN ({marks})", keys
        ):
            delta.setdefault(key, []).append(unit_id)
        for key, ids in delta.items():
            extra = np.array(ids, dtype="<u4")
            lists[key] = np.concatenate([lists[key], extra]) if key in lists else extra
        return lists

    def tm_add_postings_small(self, unit_id: int, keys: Iterable[int]) -> None:
        """Index one unit through the delta table (cheap whatever the list lengths)."""
        conn = self.db.conn
        for key in keys:
            cur = conn.execute(
                "INSERT OR IGNORE INTO tm_postings_delta (key, unit_id) VALUES (?, ?)",
                [key, unit_id],
            )
            if cur.rowcount:
                conn.execute(
                    "INSERT INTO tm_postings (key, df, ids) VALUES (?, 1, x'') "
                    "ON CONFLICT(key) DO UPDATE SET df = df + 1",
                    [key],
                )
        if self.tm_delta_rows() > DELTA_COMPACT_ROWS:
            self.tm_compact()

    def tm_add_postings_bulk(self, postings: dict[int, array]) -> None:
        """Append many ids to packed lists: one read-modify-write per key."""
        conn = self.db.conn
        existing = conn.execute("SELECT COUNT(*) FROM tm_postings").fetchone()[0]
        if not existing:
            conn.executemany(
                "INSERT INTO tm_postings (key, df, ids) VALUES (?, ?, ?)",
                ((key, len(ids), pack_ids(ids)) for key, ids in sorted(postings.items())),
            )
            return
        for key, ids in sorted(postings.items()):
            row = conn.execute("SELECT df, ids FROM tm_postings WHERE key = ?", [key]).fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO tm_postings (key, df, ids) VALUES (?, ?, ?)",
                    [key, len(ids), pack_ids(ids)],
                )
            else:
                conn.execute(
                    "UPDATE tm_postings SET df = ?, ids = ? WHERE key = ?",
                    [row[0] + len(ids), row[1] + pack_ids(ids), key],
                )

    # -- sketches -------------------------------------------------------------
    def tm_put_sketches(self, sketches: dict[int, tuple[int, int]], width: int) -> None:
        """Store (sketch, normalised length) per unit id: ``SKETCH_BLOCK`` units per row,
        ``width`` bytes per sketch, each written block getting a new random version."""
        conn = self.db.conn
        by_block: dict[int, list[tuple[int, int, int]]] = {}
        for unit_id, (bits, length) in sketches.items():
            by_block.setdefault(unit_id // SKETCH_BLOCK, []).append((unit_id, bits, length))
        for block, entries in sorted(by_block.items()):
            row = conn.execute(
                "SELECT sketches, lengths FROM tm_sketch_blocks WHERE block = ?", [block]
            ).fetchone()
            if row is None:
                bits_buf = bytearray(SKETCH_BLOCK * width)
                len_buf = np.zeros(SKETCH_BLOCK, dtype="<u2")
            else:
                bits_buf = bytearray(row[0])
                len_buf = np.frombuffer(row[1], dtype="<u2").copy()
            for unit_id, bits, length in entries:
                slot = unit_id % SKETCH_BLOCK
                bits_buf[slot * width : (slot + 1) * width] = bits.to_bytes(width, "little")
                len_buf[slot] = min(length, 65535)
            conn.execute(
                "INSERT OR REPLACE INTO tm_sketch_blocks (block, version, sketches, lengths) "
                "VALUES (?, ?, ?, ?)",
                [block, _new_version(), bytes(bits_buf), len_buf.tobytes()],
            )

    def tm_sketches(self, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every unit's sketch (uint64 array of ``width // 8`` columns, row = unit id), its
        bit count and its normalised length, kept in memory between lookups: only
        blocks written since (by any connection) are read again."""
        conn = self.db.conn
        cache = self.__dict__.get("_tm_sketch_cache")
        # data_version moves when another connection commits, total_changes when this
        # one writes: when neither moved, the blocks are as read last time (inside a
        # transaction, which may yet roll back, the block versions are always read).
        stamp: tuple[int, int] | None = None
        if not conn.in_transaction:
            stamp = (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
        if cache is not None and cache["width"] == width and stamp and cache["stamp"] == stamp:
            return cache["bits"], cache["ones"], cache["lengths"]
        versions = dict(conn.execute("SELECT block, version FROM tm_sketch_blocks"))
        if cache is None or cache["width"] != width:
            cache = self.__dict__["_tm_sketch_cache"] = {
                "width": width,
                "versions": {},
                "bits": np.zeros((1, width // 8), dtype=np.uint64),
                "lengths": np.zeros(1, dtype=np.uint16),
                "ones": np.zeros(1, dtype=np.uint16),
                "stamp": None,
            }
        if versions != cache["versions"]:
            stale = [b for b, v in versions.items() if cache["versions"].get(b) != v]
            size = (max(versions) + 1) * SKETCH_BLOCK if versions else 1
            bits, lengths = cache["bits"], cache["lengths"]
            if len(lengths) != size:
                keep = min(len(lengths), size)
                bits = np.concatenate(
                    [bits[:keep], np.zeros((size - keep, width // 8), dtype=np.uint64)]
                )
                lengths = np.concatenate([lengths[:keep], np.zeros(size - keep, np.uint16)])
            for block in set(cache["versions"]) - set(versions):
                if block * SKETCH_BLOCK < size:
                    bits[block * SKETCH_BLOCK : (block + 1) * SKETCH_BLOCK] = 0
                    lengths[block * SKETCH_BLOCK : (block + 1) * SKETCH_BLOCK] = 0
            for start in range(0, len(stale), 500):
                chunk = stale[start : start + 500]
                for block, blob, lens in conn.execute(
                    "SELECT block, sketches, lengths FROM tm_sketch_blocks "
                    f"WHERE block IN ({_marks(chunk)})",
                    chunk,
                ):
                    rows = slice(block * SKETCH_BLOCK, (block + 1) * SKETCH_BLOCK)
                    bits[rows] = np.frombuffer(blob, dtype="<u8").reshape(-1, width // 8)
                    lengths[rows] = np.frombuffer(lens, dtype="<u2")
            cache.update(
                versions=versions,
                bits=bits,
                lengths=lengths,
                ones=np.bitwise_count(bits).sum(axis=1, dtype=np.uint16),
            )
        cache["stamp"] = stamp
        return cache["bits"], cache["ones"], cache["lengths"]

    def tm_delta_rows(self) -> int:
        return self.db.conn.execute("SELECT COUNT(*) FROM tm_postings_delta").fetchone()[0]

    def tm_compact(self) -> int:
        """Fold the delta table into the packed posting lists. Returns the rows folded."""
        conn = self.db.conn
        grouped: dict[int, array] = {}
        for key, unit_id in conn.execute("SELECT key, unit_id FROM tm_postings_delta"):
            grouped.setdefault(key, array("I")).append(unit_id)
        if not grouped:
            return 0
        folded = 0
        for key, ids in grouped.items():
            row = conn.execute("SELECT ids FROM tm_postings WHERE key = ?", [key]).fetchone()
            conn.execute(
                "UPDATE tm_postings SET ids = ? WHERE key = ?",
                [(row[0] if row else b"") + pack_ids(ids), key],
            )
            folded += len(ids)
        conn.execute("DELETE FROM tm_postings_delta")
        return folded

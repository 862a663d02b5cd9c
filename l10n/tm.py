"""Translation memory: units, exact / in-context / fuzzy lookup, TMX import and export.

A TM unit is an approved source/target pair, from this workspace (every approved
translation, see ``add_approved`` and ``sync_approved``) or imported from TMX.

Matches (``lookup``):

- **101, in context**: the same source text, and the same previous and next segment
  (``prev_hash``/``next_hash``, the source hashes of the neighbouring segments);
- **100, exact**: the same source text;
- **fuzzy**: rapidfuzz's character-level ``ratio`` over the *normalised* sources, in
  which every inline-code placeholder counts as one character and every number as ``0``
  (``5 migrants`` and ``1,200 migrants`` are equal), whitespace runs are one space. A
  normalised-equal but different text scores 99. Only matches at or above the threshold
  (default 75, ``[tm] threshold``) are returned.

Languages: the index is partitioned by primary subtags (``fr>en``). A unit whose source
or target differs from the asked language only by region (a ``fr-CA`` unit for ``fr``,
an ``en-GB`` target for ``en``) is used with a penalty of 1 point per side, so an exact
match from another region scores 99 and never outranks a same-region match. A
different script (``sr-Latn`` for ``sr-Cyrl``) is never used.

Fuzzy candidates come from two persistent structures (see ``l10n.store.tm``), both
written when units are added, so nothing is rebuilt per command:

1. an inverted index of word n-grams (1 to 4 words) of the normalised sources. A lookup
   covers the query word by word: at each word, the shortest n-gram starting there
   that is rare enough (its posting list fits that word's share of
   ``POSTINGS_BUDGET``), then the rarest n-grams of the remaining words while the
   budget lasts. The units in those lists (at most ``POSTINGS_BUDGET`` ids, pooled
   with one numpy sort) are the units sharing some stretch of text with the query;
2. a ``SKETCH_BITS``-bit sketch per unit: the set of its word bigrams, hashed to bits,
   and its normalised length. The pool is ranked by the Dice coefficient of the unit's
   and the query's sketches (how much of the same words in the same order they share:
   a sentence's frame, which rare words alone do not see), times how close the two
   lengths are; units whose length alone keeps them under the threshold are dropped.

The best ``CANDIDATES`` are rescored with rapidfuzz. The cost of a lookup is bounded by
the budget whatever the size of the memory; ``bench/tm.py`` measures latency and
recall@5 against brute-force rapidfuzz at a million units. The sketches of every unit
are read once per process and kept in memory (64 bytes per unit), only blocks written
since (by any connection) being read again.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import zlib
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from l10n.errors import UsageError
from l10n.inline import PLACEHOLDER_RE, token, token_kind
from l10n.langs import normalize_lang, primary
from l10n.states import APPROVED

DEFAULT_THRESHOLD = 75
DEFAULT_LIMIT = 5
LANG_PENALTY = 1
# Posting-list entries read per fuzzy lookup (rarest keys first).
POSTINGS_BUDGET = 120_000
# Units rescored with rapidfuzz per fuzzy lookup.
CANDIDATES = 800
# At or above this many new units, posting lists are rewritten in bulk.
BULK_MIN = 1000
BULK_BATCH = 200_000
# Longest word n-gram indexed.
NGRAM_MAX = 4
# Bits of a unit's sketch (see ``sketch``); the store keeps 64 bytes per unit.
SKETCH_BITS = 512

WORKSPACE_ORIGIN = "workspace"

# Multiplying a uint64 of 8 bytes by this puts the sum of the bytes in the top byte.
_BYTE_SUM = 0x0101010101010101

_PLACEHOLDER_CHAR = "\ufffc"
_NUMBER_RE = re.compile(r"\d+(?:[.,\u00a0\u202f'’]\d+)*")
_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"[^\W_]+")


# -- normalisation ------------------------------------------------------------
def normalise(text: str) -> str:
    """The text fuzzy scores compare: placeholders one character, numbers ``0``."""
    text = PLACEHOLDER_RE.sub(_PLACEHOLDER_CHAR, text)
    text = _NUMBER_RE.sub("0", text)
    return _SPACE_RE.sub(" ", text).strip()


_HASH_MOD = (1 << 61) - 1  # a Mersenne prime: keys fit SQLite's 64-bit integers
_HASH_MUL = 0x2545F4914F6CDD1D % _HASH_MOD
_word_hashes: dict[str, int] = {}


def _word_hash(word: str) -> int:
    value = _word_hashes.get(word)
    if value is None:
        data = word.encode("utf-8")
        value = ((zlib.crc32(data) << 29) ^ zlib.adler32(data)) % _HASH_MOD
        if len(_word_hashes) > 500_000:
            _word_hashes.clear()
        _word_hashes[word] = value
    return value


def position_keys(norm: str, pair: str) -> list[list[int]]:
    """For each word of the normalised source, the keys of the n-grams starting there
    (1 to ``NGRAM_MAX`` lower-cased words), shortest first.

    A key is a polynomial hash (mod 2**61 - 1) of the language pair and the words'
    own hashes: stable across processes, and cheap to extend one word at a time."""
    hashes = [_word_hash(w) for w in _WORD_RE.findall(norm.lower())]
    seed = _word_hash(pair)
    count = len(hashes)
    out = []
    for i in range(count):
        h = seed
        keys = []
        for j in range(i, min(i + NGRAM_MAX, count)):
            h = (h * _HASH_MUL + hashes[j]) % _HASH_MOD
            keys.append(h)
        out.append(keys)
    return out


def index_keys(norm: str, pair: str) -> set[int]:
    """Keys of the inverted index: word n-grams (1 to ``NGRAM_MAX`` lower-cased words)
    of the normalised source, hashed with the language pair to 63-bit integers.

    Long n-grams are rare even in a large TM of look-alike sentences, so they point at
    units sharing long runs of text with a query; short ones keep short sentences and
    typo-ridden queries findable.
    """
    return {key for keys in position_keys(norm, pair) for key in keys}


def sketch(positions: list[list[int]]) -> int:
    """A ``SKETCH_BITS``-bit set of the word bigrams (and the first and last words) of
    a normalised source, from its ``position_keys``.

    Two sentences built on the same frame (the same function words in the same order)
    share most bits even when every rare word differs, which is what ranks near-ties
    by character similarity; a unit's sketch is stored beside the index."""
    if not positions:
        return 0
    # Fibonacci hashing: bits 55 to 63 of the product mix every bit of the key.
    mul, shift, mask = 0x9E3779B97F4A7C15, 55, SKETCH_BITS - 1
    bits = 1 << (((positions[0][0] * mul) >> shift) & mask)
    bits |= 1 << ((((positions[-1][0] ^ 1) * mul) >> shift) & mask)
    for keys in positions:
        if len(keys) > 1:
            bits |= 1 << (((keys[1] * mul) >> shift) & mask)
    return bits


def unit_index(norm: str, pair: str) -> tuple[set[int], int]:
    """The index keys and the sketch of a unit's normalised source."""
    positions = position_keys(norm, pair)
    return {key for keys in positions for key in keys}, sketch(positions)


def text_hash(text: str) -> str:
    """sha1 of the text, as ``segments.source_hash``."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def lang_pair(source_lang: str, target_lang: str) -> str:
    return f"{primary(source_lang)}>{primary(target_lang)}"


def _script(code: str) -> str | None:
    for part in code.split("-")[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    return None


def lang_penalty(asked: str, unit: str) -> int | None:
    """0 for the same language, LANG_PENALTY for another region, None when unusable.

    A language asked without a region (``en``) takes any regional variant at full value:
    CAT tools tag their memories ``en-US``/``ar-SA`` even for a workspace that is plain
    ``en``/``ar``. Only two different regions (``en-GB`` asked, ``en-US`` unit) cost a
    point; two different scripts never mix.
    """
    if asked == unit:
        return 0
    if primary(asked) != primary(unit):
        return None
    a, u = _script(asked), _script(unit)
    if a and u and a != u:
        return None
    asked_region, unit_region = _region(asked), _region(unit)
    if not asked_region or not unit_region or asked_region == unit_region:
        return 0
    return LANG_PENALTY


def _region(code: str) -> str | None:
    for part in code.split("-")[1:]:
        if len(part) == 2 and part.isalpha() or len(part) == 3 and part.isdigit():
            return part.upper()
    return None


# -- units --------------------------------------------------------------------
@dataclass
class TMMatch:
    score: int  # 101 in context, 100 exact, else fuzzy (0-99)
    kind: str  # context | exact | fuzzy
    similarity: float  # rapidfuzz ratio of the normalised sources
    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str  # "workspace" or "tmx:<file name>"
    unit_id: int
    segment_id: int | None = None
    release: str | None = None
    author: str | None = None
    changed_at: str | None = None
    source_codes: list[dict] = field(default_factory=list)
    target_codes: list[dict] = field(default_factory=list)
    # The target with placeholders renumbered and numbers replaced to fit the looked-up
    # text; None when that cannot be done safely (use ``target`` and have it reviewed).
    adapted_target: str | None = None

    @property
    def translation_origin(self) -> str:
        """The ``translations.origin`` value for this match (``tm:100``, ``tm:87``)."""
        return f"tm:{self.score}"

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class AddResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def make_unit(
    source: str,
    target: str,
    source_lang: str,
    target_lang: str,
    *,
    origin: str,
    now: str,
    source_codes: list[dict] | None = None,
    target_codes: list[dict] | None = None,
    prev_hash: str | None = None,
    next_hash: str | None = None,
    segment_id: int | None = None,
    release: str | None = None,
    author: str | None = None,
    created_by: str | None = None,
    created_at: str | None = None,
    changed_at: str | None = None,
) -> dict:
    """A row for ``tm_units`` (languages must already be normalised). ``author`` last
    changed the translation, ``created_by`` created it (TMX changeid and creationid)."""
    norm = normalise(source)
    dedupe = text_hash(
        "\x1f".join(
            [
                source_lang,
                target_lang,
                source,
                target,
                prev_hash or "",
                next_hash or "",
                str(segment_id or ""),
            ]
        )
    )
    return {
        "pair": lang_pair(source_lang, target_lang),
        "source_lang": source_lang,
        "target_lang": target_lang,
        "source": source,
        "target": target,
        "source_codes": json.dumps(source_codes or [], ensure_ascii=False),
        "target_codes": json.dumps(target_codes or [], ensure_ascii=False),
        "source_hash": text_hash(source),
        "norm": norm,
        "norm_hash": text_hash(norm),
        "prev_hash": prev_hash,
        "next_hash": next_hash,
        "origin": origin,
        "segment_id": segment_id,
        "release": release,
        "author": author,
        "created_by": created_by,
        "created_at": created_at or now,
        "changed_at": changed_at or created_at or now,
        "dedupe": dedupe,
    }


class _Indexer:
    """Collects the keys and sketches of new units and writes them at the end."""

    def __init__(self, store):
        self.store = store
        self.small: list[tuple[int, set[int]]] = []
        self.bulk: dict[int, array] = {}
        self.bulk_units = 0
        self.sketches: dict[int, tuple[int, int]] = {}

    def add(self, unit_id: int, unit: dict, keys: set[int] | None = None) -> None:
        """Index a unit (all its keys, or only ``keys`` when given) and store its sketch."""
        all_keys, bits = unit_index(unit["norm"], unit["pair"])
        self.sketches[unit_id] = (bits, len(unit["norm"]))
        self.small.append((unit_id, all_keys if keys is None else keys))
        if len(self.small) >= BULK_MIN:
            self._to_bulk()
        if self.bulk_units >= BULK_BATCH:
            self.flush_bulk()

    def _to_bulk(self) -> None:
        bulk = self.bulk
        for unit_id, keys in self.small:
            for key in keys:
                arr = bulk.get(key)
                if arr is None:
                    arr = bulk[key] = array("I")
                arr.append(unit_id)
        self.bulk_units += len(self.small)
        self.small = []

    def flush_bulk(self) -> None:
        if self.bulk:
            self.store.tm_add_postings_bulk(self.bulk)
        self.bulk = {}
        self.bulk_units = 0
        self._flush_sketches()

    def _flush_sketches(self) -> None:
        if self.sketches:
            self.store.tm_put_sketches(self.sketches, SKETCH_BITS // 8)
        self.sketches = {}

    def finish(self) -> None:
        if self.bulk_units:
            self._to_bulk()
            self.flush_bulk()
        for unit_id, keys in self.small:
            self.store.tm_add_postings_small(unit_id, keys)
        self.small = []
        self._flush_sketches()


def add_units(store, units: Iterable[dict]) -> AddResult:
    """Insert units (rows from ``make_unit``) and index them, in one transaction.

    Identical units (same languages, texts, context and segment) are kept once.
    """
    result = AddResult()
    with store.write():
        indexer = _Indexer(store)
        for unit in units:
            unit_id = store.tm_insert_unit(unit)
            if unit_id is None:
                result.unchanged += 1
                continue
            result.added += 1
            indexer.add(unit_id, unit)
        indexer.finish()
    return result


def _segment_unit(row: dict, now: str) -> dict:
    return make_unit(
        row["source"],
        row["target"],
        normalize_lang(row["source_lang"]),
        normalize_lang(row["lang"]),
        origin=WORKSPACE_ORIGIN,
        now=now,
        source_codes=json.loads(row["codes"] or "[]"),
        target_codes=json.loads(row["codes"] or "[]"),
        prev_hash=row["prev_hash"],
        next_hash=row["next_hash"],
        segment_id=row["segment_id"],
        release=row["release"],
        author=row["author"],
        changed_at=row["updated_at"],
    )


def _save_segment_unit(store, unit: dict, indexer: _Indexer) -> str:
    existing = store.tm_segment_unit(unit["segment_id"], unit["target_lang"])
    if existing is None:
        unit_id = store.tm_insert_unit(unit)
        if unit_id is None:
            return "unchanged"
        indexer.add(unit_id, unit)
        return "added"
    if existing["dedupe"] == unit["dedupe"]:
        return "unchanged"
    unit = dict(unit, created_at=existing["created_at"])
    store.tm_update_unit(existing["id"], unit)
    # Only keys the unit did not have are indexed again (stale keys just make it a
    # candidate that rescoring then judges on its current text); the sketch is replaced.
    old_keys = index_keys(existing["norm"], existing["pair"])
    indexer.add(existing["id"], unit, keys=index_keys(unit["norm"], unit["pair"]) - old_keys)
    return "updated"


def add_approved(store, segment_id: int, lang: str, *, now: str | None = None) -> str:
    """Record a segment's approved translation as a TM unit (called on approval).

    Returns ``added``, ``updated`` (the segment's unit got the new text), ``unchanged``,
    or ``skipped`` when the translation is not approved.
    """
    from l10n.store import utcnow

    lang = normalize_lang(lang)
    row = store.tm_approved_row(segment_id, lang, APPROVED)
    if row is None or row["state"] < APPROVED or not row["target"]:
        return "skipped"
    with store.write():
        indexer = _Indexer(store)
        status = _save_segment_unit(store, _segment_unit(row, now or utcnow()), indexer)
        indexer.finish()
    return status


def sync_approved(store, *, now: str | None = None) -> AddResult:
    """Backfill the TM from every approved translation (idempotent)."""
    from l10n.store import utcnow

    now = now or utcnow()
    result = AddResult()
    with store.write():
        indexer = _Indexer(store)
        for row in store.tm_approved_rows(APPROVED):
            status = _save_segment_unit(store, _segment_unit(row, now), indexer)
            setattr(result, status, getattr(result, status) + 1)
        indexer.finish()
    return result


# -- lookup -------------------------------------------------------------------
def _choose_keys(positions: list[list[int]], df: dict[int, int]) -> list[int]:
    """Cover the query: for each word, the shortest n-gram starting there that is rare
    enough (at most its share of ``POSTINGS_BUDGET``), so the units sharing any of them
    include those sharing any stretch of text with the query. Positions whose every
    n-gram is common are covered by their rarest one while the budget lasts."""
    share = POSTINGS_BUDGET // max(1, len(positions))
    chosen: set[int] = set()
    leftovers: list[tuple[int, int]] = []
    total = 0
    # A rare word is its own key; n-grams from other words stop before it (they would
    # only repeat the units the rare word already brings).
    rare = [bool(keys) and 0 < df.get(keys[0], 0) <= share for keys in positions]
    for i, keys in enumerate(positions):
        if not rare[i]:
            stop = next((n for n in range(1, len(keys)) if rare[i + n]), len(keys))
            keys = keys[:stop]
        known = [(df[k], k) for k in keys if df.get(k)]
        if not known:
            continue  # a typo or a word the TM never saw
        pick = next((item for item in known if item[0] <= share), None)
        if pick is None:
            leftovers.append(min(known))
        elif pick[1] not in chosen:
            chosen.add(pick[1])
            total += pick[0]
    for count, key in sorted(leftovers):
        if key in chosen:
            continue
        if chosen and total + count > POSTINGS_BUDGET:
            break
        chosen.add(key)
        total += count
    return list(chosen)


_scratch = threading.local()


def _scratch_array(name: str, rows: int, dtype, columns: int = 0) -> np.ndarray:
    """A per-thread array of ``rows`` rows reused across lookups: the pool's sketches
    are megabytes, and memory freshly mapped for each lookup costs more page faults
    than the ranking itself."""
    buf = getattr(_scratch, name, None)
    if buf is None or len(buf) < rows:
        shape = (max(rows, 2 * len(buf) if buf is not None else 0),)
        buf = np.empty(shape + ((columns,) if columns else ()), dtype=dtype)
        setattr(_scratch, name, buf)
    return buf[:rows]


def _pool(lists: list[np.ndarray]) -> np.ndarray:
    """The distinct unit ids of the posting lists, in id order: one sort of the ids read
    (their number is bounded by ``POSTINGS_BUDGET``), whatever the size of the memory."""
    total = sum(len(ids) for ids in lists)
    if not total:
        return np.zeros(0, dtype=np.uint32)
    ids = np.concatenate(lists, out=_scratch_array("ids", total, np.uint32), casting="unsafe")
    ids.sort()
    distinct = _scratch_array("distinct", total, bool)
    np.not_equal(ids[1:], ids[:-1], out=distinct[:-1])
    distinct[-1] = True
    return ids[distinct]


def _rank_candidates(store, norm: str, positions, pool: np.ndarray, cutoff: float) -> np.ndarray:
    """The ``CANDIDATES`` units of the pool most likely to score highest.

    The rank is the Dice coefficient of the unit's and the query's sketches (the word
    bigrams they share: the same words in the same order), times how close their
    lengths are; units whose length alone keeps them under the cutoff are dropped."""
    bits, ones, lengths = store.tm_sketches(SKETCH_BITS // 8)
    # Units without a sketch (rows written by another tool) keep a zero sketch (row 0:
    # unit ids start at 1) and an unknown length: ranked last, never dropped.
    rows = np.where(pool < len(lengths), pool, 0)
    unit_len = lengths.take(rows).astype(np.float32)
    size = np.float32(len(norm))
    closeness = 2 * np.minimum(unit_len, size) / (unit_len + size)
    closeness[unit_len == 0] = 1
    keep = closeness * 100 >= cutoff  # fuzz.ratio <= 200 * min(len) / sum(len)
    pool, rows, closeness = pool[keep], rows[keep], closeness[keep]
    query_bits = sketch(positions)
    query = np.frombuffer(query_bits.to_bytes(SKETCH_BITS // 8, "little"), dtype="<u8")
    words = SKETCH_BITS // 64
    both = _scratch_array("sketches", len(rows), np.uint64, words)
    bits.take(rows, axis=0, out=both, mode="clip")  # rows are in range: no checking copy
    np.bitwise_and(both, query, out=both)
    counts = np.bitwise_count(both, out=_scratch_array("counts", len(rows), np.uint8, words))
    if query_bits.bit_count() < 256:  # the byte sum of a word cannot overflow
        shared = (counts.view(np.uint64).ravel() * np.uint64(_BYTE_SUM)) >> np.uint64(56)
    else:
        shared = counts.sum(axis=1, dtype=np.uint64)
    rank = closeness * shared.astype(np.float32) / (query_bits.bit_count() + ones.take(rows))
    if len(pool) > CANDIDATES:
        pool = pool[np.argpartition(rank, -CANDIDATES)[-CANDIDATES:]]
    return pool


def fuzzy_search(
    store, pair: str, norm: str, *, limit: int, cutoff: float
) -> list[tuple[int, float]]:
    """Unit ids and ratios of the best fuzzy candidates for a normalised source."""
    positions = position_keys(norm, pair)
    candidates: list[int] = []
    if positions:
        df = store.tm_key_df(list({k for keys in positions for k in keys}))
        postings = store.tm_posting_arrays(_choose_keys(positions, df))
        if postings:
            pool = _pool(list(postings.values()))
            candidates = _rank_candidates(store, norm, positions, pool, cutoff).tolist()
    extra = [u["id"] for u in store.tm_units_by_hash(pair, "norm_hash", text_hash(norm))]
    if extra:
        candidates = list(dict.fromkeys(extra + candidates))
    if not candidates:
        return []
    rows = store.tm_candidate_norms(candidates)
    found = process.extract(
        norm, [row[1] for row in rows], scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff
    )
    return [(rows[index][0], score) for _, score, index in found]


def _adapt(query: str, unit_source: str, target: str) -> str | None:
    """Renumber placeholders and replace numbers in ``target`` to fit ``query``."""
    q_tokens = [(int(m.group(2)), token_kind(m)) for m in PLACEHOLDER_RE.finditer(query)]
    u_tokens = [(int(m.group(2)), token_kind(m)) for m in PLACEHOLDER_RE.finditer(unit_source)]
    if sorted(k for _, k in q_tokens) != sorted(k for _, k in u_tokens):
        return None
    mapping: dict[int, int] = {}
    if [k for _, k in q_tokens] != [k for _, k in u_tokens]:
        return None
    for (q_id, _), (u_id, _) in zip(q_tokens, u_tokens, strict=True):
        if mapping.setdefault(u_id, q_id) != q_id:
            return None

    def renumber(m: re.Match) -> str:
        new_id = mapping.get(int(m.group(2)))
        if new_id is None:
            raise KeyError
        return token(new_id, token_kind(m))

    try:
        adapted = PLACEHOLDER_RE.sub(renumber, target)
    except KeyError:
        return None
    q_numbers = _NUMBER_RE.findall(PLACEHOLDER_RE.sub(" ", query))
    u_numbers = _NUMBER_RE.findall(PLACEHOLDER_RE.sub(" ", unit_source))
    if len(q_numbers) != len(u_numbers):
        return None
    for q_num, u_num in zip(q_numbers, u_numbers, strict=True):
        if q_num == u_num:
            continue
        if len(re.findall(rf"(?<!\d){re.escape(u_num)}(?!\d)", adapted)) != 1:
            return None
        adapted = re.sub(rf"(?<!\d){re.escape(u_num)}(?!\d)", q_num, adapted)
    return adapted


def _match(unit: dict, score: int, kind: str, similarity: float, query: str) -> TMMatch:
    return TMMatch(
        score=score,
        kind=kind,
        similarity=round(similarity, 2),
        source=unit["source"],
        target=unit["target"],
        source_lang=unit["source_lang"],
        target_lang=unit["target_lang"],
        origin=unit["origin"],
        unit_id=unit["id"],
        segment_id=unit["segment_id"],
        release=unit["release"],
        author=unit["author"],
        changed_at=unit["changed_at"],
        source_codes=json.loads(unit["source_codes"]),
        target_codes=json.loads(unit["target_codes"]),
        adapted_target=unit["target"]
        if score >= 100
        else _adapt(query, unit["source"], unit["target"]),
    )


def lookup(
    store,
    text: str,
    source_lang: str,
    target_lang: str,
    *,
    prev_hash: str | None = None,
    next_hash: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = DEFAULT_LIMIT,
) -> list[TMMatch]:
    """The best TM matches for ``text``, best first (at most ``limit``, one per target)."""
    source_lang = normalize_lang(source_lang)
    target_lang = normalize_lang(target_lang)
    pair = lang_pair(source_lang, target_lang)
    norm = normalise(text)
    scored: dict[int, tuple[int, str, float]] = {}
    units: dict[int, dict] = {}

    def penalty(unit: dict) -> int | None:
        a = lang_penalty(source_lang, unit["source_lang"])
        b = lang_penalty(target_lang, unit["target_lang"])
        return None if a is None or b is None else a + b

    for unit in store.tm_units_by_hash(pair, "source_hash", text_hash(text)):
        if unit["source"] != text:
            continue
        cost = penalty(unit)
        if cost is None:
            continue
        in_context = (
            prev_hash is not None
            and next_hash is not None
            and unit["prev_hash"] == prev_hash
            and unit["next_hash"] == next_hash
        )
        base, kind = (101, "context") if in_context else (100, "exact")
        units[unit["id"]] = unit
        scored[unit["id"]] = (base - cost, kind, 100.0)
    fuzzy = fuzzy_search(
        store, pair, norm, limit=max(limit * 4, 20), cutoff=max(0.0, threshold - 2 * LANG_PENALTY)
    )
    fuzzy_ids = [uid for uid, _ in fuzzy if uid not in scored]
    units.update(store.tm_units_by_ids(fuzzy_ids))
    for uid, ratio in fuzzy:
        if uid in scored or uid not in units:
            continue
        cost = penalty(units[uid])
        if cost is None:
            continue
        score = min(int(ratio), 99) - cost
        scored[uid] = (score, "fuzzy", ratio)
    ranked = sorted(
        (
            (score, units[uid]["origin"] == WORKSPACE_ORIGIN, units[uid]["changed_at"] or "", uid)
            for uid, (score, _, _) in scored.items()
            if score >= threshold
        ),
        reverse=True,
    )
    out: list[TMMatch] = []
    seen_targets: set[str] = set()
    for score, _, _, uid in ranked:
        unit = units[uid]
        if unit["target"] in seen_targets:
            continue
        seen_targets.add(unit["target"])
        _, kind, ratio = scored[uid]
        out.append(_match(unit, score, kind, ratio, text))
        if len(out) >= limit:
            break
    return out


# -- TMX ----------------------------------------------------------------------
@dataclass
class ImportResult:
    path: str
    tus: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: int = 0  # translation units without a source or any target
    languages: list[str] = field(default_factory=list)


def import_tmx(
    store, path: str | Path, *, source_lang: str | None = None, now: str | None = None
) -> ImportResult:
    """Import a TMX file (1.1 to 1.4b) in one transaction: all of it or nothing.

    ``source_lang`` is used when the header's srclang is ``*all*`` (else ignored).
    """
    from l10n.interchange.tmx import read_tmx

    path = Path(path)
    fallback_source = normalize_lang(source_lang) if source_lang else None
    return _import_units(store, path, read_tmx(path, fallback_source=fallback_source), "tmx", now)


def import_memory(
    store,
    path: str | Path,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    now: str | None = None,
) -> ImportResult:
    """Import translation memory from TMX, XLIFF (1.2, 2.x, .sdlxliff, .mqxliff) or a PO
    catalogue, chosen by the file's extension (XML files by their root element), in one
    transaction: all of it or nothing. ``source_lang`` and ``target_lang`` stand in for
    languages the file does not give (a TMX ``*all*`` srclang, a PO file's source)."""
    from l10n.interchange import bilingual

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in bilingual.PO_SUFFIXES:
        from l10n.ingest import read_source_file

        text = read_source_file(path, None, format_name="gettext").text
        if not source_lang:
            raise UsageError("a PO file does not say its source language", "Pass --from LANG")
        units = bilingual.read_po_units(
            path, text, source_lang=source_lang, target_lang=target_lang
        )
        return _import_units(store, path, units, "po", now)
    if suffix in bilingual.XLIFF_SUFFIXES or (suffix != ".tmx" and _xml_root(path) == "xliff"):
        units = bilingual.read_xliff_units(path, source_lang=source_lang, target_lang=target_lang)
        return _import_units(store, path, units, "xliff", now)
    return import_tmx(store, path, source_lang=source_lang, now=now)


def _xml_root(path: Path) -> str | None:
    """The local name of an XML file's root element, from its first kilobytes (a path
    that is not a readable regular file is an InputError, as for every reader)."""
    from l10n.fsutil import open_regular_file

    with open_regular_file(path, hint="Give the path of a TMX, XLIFF or PO file") as fh:
        head = fh.read(4096)
    m = re.search(rb"<(?![?!])(?:[\w.-]+:)?([\w.-]+)", head)
    return m.group(1).decode("ascii", "replace") if m else None


def _import_units(
    store, path: Path, tus: Iterator, kind: str, now: str | None = None
) -> ImportResult:
    from l10n.store import utcnow

    now = now or utcnow()
    result = ImportResult(str(path))
    langs: set[str] = set()

    def units() -> Iterator[dict]:
        for tu in tus:
            result.tus += 1
            source = tu.source
            if source is None or not tu.targets:
                result.skipped += 1
                continue
            langs.add(source.lang)
            for variant in tu.targets:
                langs.add(variant.lang)
                yield make_unit(
                    source.text,
                    variant.text,
                    source.lang,
                    variant.lang,
                    origin=f"{kind}:{path.name}",
                    now=now,
                    source_codes=source.codes,
                    target_codes=variant.codes,
                    prev_hash=tu.prev_hash,
                    next_hash=tu.next_hash,
                    author=variant.author or tu.author,
                    created_by=variant.created_by or tu.created_by,
                    created_at=variant.created_at or tu.created_at,
                    changed_at=variant.changed_at or tu.changed_at,
                )

    added = add_units(store, units())
    result.added = added.added
    result.duplicates = added.unchanged
    result.languages = sorted(langs)
    return result


def export_tmx(store, source_lang: str, target_langs: list[str] | None = None) -> tuple[bytes, int]:
    """TMX 1.4b of the units from ``source_lang`` (any region) into ``target_langs``
    (primary subtags; default all). Returns the document and the number of units.

    Units with the same source and context share one ``<tu>`` with one target per
    language; a second target in the same language starts another ``<tu>``."""
    from l10n.interchange.tmx import TMXUnit, TMXVariant, write_tmx

    source_lang = normalize_lang(source_lang)
    targets = [primary(normalize_lang(t)) for t in target_langs] if target_langs else None
    count = 0

    def tus() -> Iterator[TMXUnit]:
        nonlocal count
        group_key = None
        group: list[TMXUnit] = []
        # Rows come sorted by source and context: one group in memory at a time.
        for row in store.tm_iter_units(primary(source_lang), targets):
            count += 1
            key = (row["source_lang"], row["source"], row["prev_hash"], row["next_hash"])
            if key != group_key:
                yield from group
                group_key, group = key, []
            variant = TMXVariant(
                row["target_lang"],
                row["target"],
                json.loads(row["target_codes"]),
                author=row["author"],
                changed_at=row["changed_at"],
                created_by=row["created_by"],
                created_at=row["created_at"],
            )
            for tu in group:
                if all(v.lang != variant.lang for v in tu.targets):
                    tu.targets.append(variant)
                    break
            else:
                group.append(
                    TMXUnit(
                        source=TMXVariant(
                            row["source_lang"], row["source"], json.loads(row["source_codes"])
                        ),
                        targets=[variant],
                        prev_hash=row["prev_hash"],
                        next_hash=row["next_hash"],
                        author=row["author"],
                        created_at=row["created_at"],
                        changed_at=row["changed_at"],
                        created_by=row["created_by"],
                        origin=row["origin"],
                    )
                )
        yield from group

    return write_tmx(tus(), source_lang), count


__all__ = [
    "AddResult",
    "ImportResult",
    "TMMatch",
    "add_approved",
    "add_units",
    "export_tmx",
    "fuzzy_search",
    "import_tmx",
    "index_keys",
    "lookup",
    "make_unit",
    "normalise",
    "sync_approved",
]

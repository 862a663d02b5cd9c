"""Term candidates in a long text found with array operations (numpy), for the term matcher.

The matcher's word-by-word way (see ``l10n.terms.matcher``) makes one string object and one
dict lookup per word, then runs an automaton over a line of word class codes: most of the
time of matching a long text. Here a block of text is done with arrays instead:

- the lowered text whose separators are spaces (``normalize.blank_words``) becomes an array
  of code points; words are the runs between spaces;
- each word gets a 64-bit polynomial hash, computed for all words at once from prefix sums
  (``h(word) = sum(c_j * P**j)``, obtained as ``(S[end] - S[start]) * P**-start`` modulo
  2**64, where ``S`` is the prefix sum of ``c_k * P**k``);
- ``WordTable`` looks the hashes up among those of every accepted spelling of every term
  word, giving each word its class (or the unknown word's);
- ``TermIndex`` then walks all positions at once, one word further at each step: the first
  word's class says whether a term starts there, and the hash of the classes so far whether
  a term goes on or ends there. After two words, few positions are left.

A hash names a spelling only probably, so the matcher verifies each candidate against the
words themselves as always: a word that shares a hash with a spelling, or a run of classes
that shares one with a term's, can only add a candidate that verification drops. Two
spellings of different classes, or two different runs of classes, with the same hash would
lose hits: such a table is not built (``build`` gives None) and the matcher keeps to its
word-by-word way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain

import numpy as np

_P = 0x9E3779B97F4A7C15  # odd, so invertible modulo 2**64
_P_INV = pow(_P, -1, 1 << 64)
_Q = 0xD6E8FEB86659FD93  # the multiplier of runs of classes, odd too
_MIX = 0xBF58476D1CE4E5B9  # odd: a multiplier whose top bits spread small hashes too
# Blocks longer than this (a text without spaces) go word by word.
MAX_BLOCK = 1 << 18


def _powers(base: int, n: int) -> np.ndarray:
    """``base**k`` modulo 2**64 for k in 0..n-1."""
    out = np.full(n, base, dtype=np.uint64)
    out[0] = 1
    return np.cumprod(out, out=out)


_POW = _powers(_P, MAX_BLOCK + 1)
_POW_INV = _powers(_P_INV, MAX_BLOCK + 1)


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as an array (one byte each when they all fit)."""
    try:
        return np.frombuffer(text.encode("latin-1"), dtype=np.uint8)
    except UnicodeEncodeError:
        return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def hash_words(blanked: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start and end offsets of the words of ``blanked`` (runs of characters other than the
    space), and each word's hash. ``blanked`` is at most MAX_BLOCK characters."""
    points = code_points(blanked)
    n = len(points)
    if n > MAX_BLOCK:
        raise ValueError(f"a block of {n} characters is longer than {MAX_BLOCK}")
    in_word = np.zeros(n + 2, dtype=np.bool_)
    np.not_equal(points, 32, out=in_word[1:-1])
    # Word edges alternate, a start then an end, since the text is padded with spaces.
    edges = np.flatnonzero(in_word[1:] != in_word[:-1])
    starts = edges[0::2]
    ends = edges[1::2]
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(np.multiply(points, _POW[:n], dtype=np.uint64), out=prefix[1:])
    hashes = prefix[ends]
    hashes -= prefix[starts]
    hashes *= _POW_INV[starts]
    return starts, ends, hashes


class HashTable:
    """Distinct non-zero 64-bit keys to non-negative values, looked up many at a time: open
    addressing with linear probing, at most 1/``spare`` full."""

    def __init__(self, keys: np.ndarray, values: np.ndarray, spare: int = 4):
        bits = max(4, (len(keys) * spare - 1).bit_length())
        self._shift = np.uint64(64 - bits)
        size = 1 << bits
        self._mask = size - 1
        table = np.zeros(size, dtype=np.uint64)  # key 0: an empty slot
        table_values = np.zeros(size, dtype=np.int32)
        # Linear probing, all keys at once: at step d, every key not yet placed tries the
        # slot d after its home, and the first of those wanting a free slot takes it. A key
        # placed at step d found the d slots before occupied, so lookups get to it.
        homes = self._home(keys)
        pending = np.arange(len(keys))
        distance = 0
        while pending.size:
            slots = (homes[pending] + distance) & self._mask
            free = table[slots] == 0
            taken, first = np.unique(slots[free], return_index=True)
            winners = pending[free][first]
            table[taken] = keys[winners]
            table_values[taken] = values[winners]
            placed = np.zeros(len(keys), dtype=np.bool_)
            placed[winners] = True
            pending = pending[~placed[pending]]
            distance += 1
        self._keys = table
        self._values = table_values
        self._probes = max(distance - 1, 0)  # the longest run from a key's home slot to it

    def _home(self, hashes: np.ndarray) -> np.ndarray:
        return ((hashes * np.uint64(_MIX)) >> self._shift).astype(np.intp)

    def get(self, hashes: np.ndarray, default: int) -> np.ndarray:
        """The value of each of ``hashes``, ``default`` where it is not a key."""
        keys, values = self._keys, self._values
        slots = self._home(hashes)
        found = keys[slots]
        out = np.where(found == hashes, values[slots], default)
        # Probe on only for the hashes whose home slot holds another key.
        pending = np.flatnonzero((found != hashes) & (found != 0))
        slots, wanted = slots[pending], hashes[pending]
        for _ in range(self._probes):
            if not pending.size:
                break
            slots = (slots + 1) & self._mask
            found = keys[slots]
            hit = found == wanted
            out[pending[hit]] = values[slots[hit]]
            more = ~hit & (found != 0)
            pending, slots, wanted = pending[more], slots[more], wanted[more]
        return out


def _table(keys: np.ndarray, values: np.ndarray) -> HashTable | None:
    """A table of ``keys`` (duplicates allowed when their values agree), or None when two
    keys are the same with different values, or a key is 0."""
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    same = keys[1:] == keys[:-1]
    if not len(keys) or not keys[0] or np.any(values[1:][same] != values[:-1][same]):
        return None
    keep = np.concatenate(([True], ~same))
    return HashTable(keys[keep], values[keep])


def _chunks(words: list[str]) -> Iterator[list[str]]:
    """``words`` in runs that, joined with spaces, fit in a block ``hash_words`` takes."""
    chunk: list[str] = []
    size = 0
    for word in words:
        if chunk and size + len(word) > MAX_BLOCK:
            yield chunk
            chunk, size = [], 0
        chunk.append(word)
        size += len(word) + 1
    if chunk:
        yield chunk


class WordTable:
    """The class of every accepted spelling of the term words, by hash."""

    def __init__(self, table: HashTable, unknown: int):
        self._table = table
        self.unknown = unknown  # the class of a word no term has

    @classmethod
    def build(cls, spellings: dict[str, int], unknown: int) -> WordTable | None:
        """The table of ``spellings`` (spelling -> class number, every one below
        ``unknown``); None when two spellings of different classes share a hash."""
        words = [w for w in spellings if w and " " not in w]
        if not words or any(len(w) >= MAX_BLOCK for w in words):
            return None
        hashes = np.concatenate([hash_words(" ".join(chunk))[2] for chunk in _chunks(words)])
        table = _table(hashes, np.array([spellings[w] for w in words], dtype=np.int64))
        return None if table is None else cls(table, unknown)

    def classes(self, hashes: np.ndarray) -> np.ndarray:
        """The class of each word hash (``unknown`` when no spelling has it)."""
        return self._table.get(hashes, self.unknown)


# What a position holds after k words (TermIndex values): bit 0, terms go on past the k
# words; the rest, 1 + the number of the group of terms that end there (0: none end).
_GOES_ON = 1


class TermIndex:
    """Every term as its run of word classes: where a run of classes in a text starts or
    continues a term, and which terms (a group of entry indexes) end with it."""

    def __init__(self, first: np.ndarray, table: HashTable, groups: list[tuple[int, ...]]):
        self._first = first  # by class of a position's first word: its value (-1: none)
        self._table = table  # by hash of the classes of its first k > 1 words
        self.groups = groups

    @classmethod
    def build(
        cls, terms: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], classes: int
    ) -> TermIndex | None:
        """The index of ``terms``: distinct runs of classes (each below ``classes``), each
        with its group of entry indexes. None when two different runs share a hash."""
        groups = [group for _run, group in terms]
        lengths = np.array([len(run) for run, _group in terms], dtype=np.int64)
        words = np.fromiter(chain.from_iterable(run for run, _g in terms), np.int64)
        begins = np.cumsum(lengths) - lengths  # where each run's classes start in ``words``
        ends_here = (np.arange(len(terms), dtype=np.int64) + 1) << 1  # each run's group
        first = np.zeros(classes + 1, dtype=np.int64)
        np.bitwise_or.at(first, words[begins], np.where(lengths > 1, _GOES_ON, ends_here))
        first[first == 0] = -1
        # The hash of the first k+1 words of every run longer than k, as ``find`` computes
        # it, and what a text position holds after those words.
        live = np.arange(len(terms))
        hashes = words[begins].astype(np.uint64) + np.uint64(1)
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        k = 1
        while True:
            longer = lengths[live] > k
            live, hashes = live[longer], hashes[longer]
            if not live.size:
                break
            hashes = hashes * np.uint64(_Q) + (words[begins[live] + k] + 1).astype(np.uint64)
            values = np.where(lengths[live] > k + 1, _GOES_ON, ends_here[live])
            parts.append((hashes, values, live))
            k += 1
        if not parts:  # one-word terms only
            empty = np.zeros(0, dtype=np.uint64)
            return cls(first, HashTable(empty, empty.astype(np.int64)), groups)
        keys = np.concatenate([h for h, _v, _r in parts])
        values = np.concatenate([v for _h, v, _r in parts])
        run_of = np.concatenate([r for _h, _v, r in parts])
        length_of = np.concatenate([np.full(len(r), k + 2) for k, (_h, _v, r) in enumerate(parts)])
        order = np.argsort(keys, kind="stable")
        keys, values, run_of, length_of = (
            keys[order],
            values[order],
            run_of[order],
            length_of[order],
        )
        if not keys[0]:
            return None
        # Equal hashes must be the same words (a prefix several runs share): compare them.
        a = np.flatnonzero(keys[1:] == keys[:-1])
        b = a + 1
        if np.any(length_of[a] != length_of[b]):
            return None
        for j in range(int(length_of[a].max()) if a.size else 0):
            a, b = a[length_of[a] > j], b[length_of[a] > j]
            if np.any(words[begins[run_of[a]] + j] != words[begins[run_of[b]] + j]):
                return None
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        table = HashTable(keys[starts], np.bitwise_or.reduceat(values, starts), spare=2)
        return cls(first, table, groups)

    def find(self, classes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Where terms are in a text whose words have ``classes``: the position of each
        candidate's first word, its number of words and its group."""
        found: list[tuple[np.ndarray, int, np.ndarray]] = []
        values = self._first[classes]
        positions = np.flatnonzero(values >= 0)
        values = values[positions]
        hashes = classes[positions].astype(np.uint64) + np.uint64(1)
        n = len(classes)
        k = 1
        while positions.size:
            ending = values >= 2
            if ending.any():
                found.append((positions[ending], k, (values[ending] >> 1) - 1))
            going = ((values & _GOES_ON) != 0) & (positions + k < n)
            positions, hashes = positions[going], hashes[going]
            if not positions.size:
                break
            hashes = hashes * np.uint64(_Q) + classes[positions + k].astype(np.uint64)
            hashes += np.uint64(1)
            values = self._table.get(hashes, -1)
            known = values >= 0
            positions, hashes, values = positions[known], hashes[known], values[known]
            k += 1
        if not found:
            empty = np.zeros(0, dtype=np.intp)
            return empty, empty, empty
        return (
            np.concatenate([p for p, _k, _g in found]),
            np.concatenate([np.full(len(p), k, dtype=np.intp) for p, k, _g in found]),
            np.concatenate([g for _p, _k, g in found]),
        )

"""Word class codes of a long text in a few array operations (numpy), for the term matcher.

The matcher turns every word of a text into its class code (see ``l10n.terms.matcher``).
Done word by word, that is one string object and one dict lookup per word, the largest part
of matching a long text. Here the whole block is done with arrays instead:

- the lowered text whose separators are spaces (``normalize.blank_words``) becomes an array
  of code points; words are the runs between spaces;
- each word gets a 64-bit polynomial hash, computed for all words at once from prefix sums
  (``h(word) = sum(c_j * P**j)``, obtained as ``(S[end] - S[start]) * P**-start`` modulo
  2**64, where ``S`` is the prefix sum of ``c_k * P**k``);
- the hashes are looked up in the sorted hashes of every accepted spelling of every term
  word; a word whose hash is not there gets the unknown-word code;
- the codes are laid out into one line for the automaton, with each word's position in it.

A hash names a spelling only probably, so the matcher verifies each candidate against the
words themselves as always: a word that shares a hash with a spelling can only add a
candidate that verification drops. Two spellings of different classes with the same hash
would lose hits, so a table with such a pair is not built (``WordTable.build`` gives None)
and the matcher keeps to word-by-word lookups.
"""

from __future__ import annotations

import numpy as np

_MASK = (1 << 64) - 1
_P = 0x9E3779B97F4A7C15  # odd, so invertible modulo 2**64
_P_INV = pow(_P, -1, 1 << 64)
# Blocks longer than this (a text without spaces) are coded word by word.
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


_MIX = 0xBF58476D1CE4E5B9  # odd: a multiplier whose top bits spread small hashes too


class WordTable:
    """Every accepted spelling's hash and class, in an open-addressing hash table of arrays
    (linear probing, at most a quarter full), and the arrays that lay a block's class codes
    out into one line."""

    def __init__(self, hashes: np.ndarray, classes: np.ndarray, codes: list[str], unknown: str):
        bits = max(4, (len(hashes) * 4 - 1).bit_length())
        self._shift = np.uint64(64 - bits)
        size = 1 << bits
        slots = self._home(hashes)
        keys = [0] * size  # 0: an empty slot (no spelling hashes to 0)
        values = [0] * size
        probes = 0
        for slot, key, value in zip(slots.tolist(), hashes.tolist(), classes.tolist(), strict=True):
            start = slot
            while keys[slot]:
                slot = (slot + 1) & (size - 1)
            probes = max(probes, (slot - start) & (size - 1))
            keys[slot] = key
            values[slot] = value
        self._keys = np.array(keys, dtype=np.uint64)
        self._values = np.array(values, dtype=np.int32)
        self._probes = probes  # the longest run from a key's home slot to the key
        self._mask = size - 1
        width = len(codes[0]) if codes else 1
        units = np.zeros((len(codes) + 1, width), dtype=np.uint16)
        lengths = np.full(len(codes) + 1, width, dtype=np.int64)
        for row, code in enumerate(codes):
            units[row] = [ord(c) for c in code]
        units[-1, 0] = ord(unknown)
        lengths[-1] = 1
        self._unknown = len(codes)
        self._units = units
        self._lengths = lengths
        self._keep = np.arange(width) < lengths[:, None]  # code units each class writes

    def _home(self, hashes: np.ndarray) -> np.ndarray:
        return ((hashes * np.uint64(_MIX)) >> self._shift).astype(np.intp)

    @classmethod
    def build(cls, spellings: dict[str, int], codes: list[str], unknown: str) -> WordTable | None:
        """The table of ``spellings`` (spelling -> class number, its code ``codes[n]``);
        None when two spellings of different classes share a hash."""
        words = [w for w in spellings if w and " " not in w]
        if not words or any(ord(c) > 0xFFFF for code in codes for c in code):
            return None
        hashes = np.concatenate(
            [hash_words(" ".join(words[i : i + 4096]))[2] for i in range(0, len(words), 4096)]
        )
        classes = np.array([spellings[w] for w in words], dtype=np.int64)
        order = np.argsort(hashes, kind="stable")
        hashes, classes = hashes[order], classes[order]
        same = hashes[1:] == hashes[:-1]
        if np.any(classes[1:][same] != classes[:-1][same]) or not hashes[0]:
            return None
        keep = np.concatenate(([True], ~same))
        return cls(hashes[keep], classes[keep], codes, unknown)

    def classes(self, hashes: np.ndarray) -> np.ndarray:
        """The class of each hash (the unknown word's when no spelling has it)."""
        keys, values = self._keys, self._values
        slots = self._home(hashes)
        found = keys[slots]
        out = np.where(found == hashes, values[slots], self._unknown)
        # Probe on only for the words whose slot holds another spelling.
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

    def line(self, blanked: str) -> tuple[str, np.ndarray, np.ndarray, np.ndarray]:
        """The code line of ``blanked`` for the automaton, the words' start and end offsets
        in ``blanked``, and where each word's code starts in the line."""
        starts, ends, hashes = hash_words(blanked)
        rows = self.classes(hashes)
        units = self._units[rows][self._keep[rows]]
        lengths = self._lengths[rows]
        line_starts = np.cumsum(lengths) - lengths
        return units.tobytes().decode("utf-16-le"), starts, ends, line_starts

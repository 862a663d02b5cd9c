"""Text preparation shared by the term matcher and the file readers.

Matching works on a *normalised* copy of the text whose offsets map back to the original:
inline-code tokens are blanked (same length), apostrophe and hyphen variants are unified
(same length), NFC is applied (offsets mapped when it changes the length). The copy is then
split into words and separators; whitespace runs in separators compare as one space.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import accumulate

from l10n.inline import OPEN_BRACKET, blank_codes

# ’ ʼ ‘ ‛ ´ ′ are typed for the apostrophe; ‐ ‑ for the hyphen; no-break spaces for space.
_UNIFY = str.maketrans(
    {
        "\u2019": "'",
        "\u02bc": "'",
        "\u2018": "'",
        "\u201b": "'",
        "\u00b4": "'",
        "\u2032": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
    }
)

# Word characters: letters and digits plus combining marks (Latin accents in NFD text that
# NFC could not compose, Arabic harakat), which Python's \w leaves out.
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
SEP_RE = re.compile(rf"([^\w{_MARKS}]+)")
_WS_RE = re.compile(r"\s+")
_BLOCK = 256
_UNIFY_PAIRS = tuple((chr(k), v) for k, v in _UNIFY.items())

# Arabic orthographic variation that must not block a match: harakat and tatweel are
# dropped, hamza-carrying alefs and alef wasla read as bare alef, alef maqsura as ya.
_AR_FOLD = str.maketrans(
    {
        **{chr(c): None for c in range(0x064B, 0x0660)},
        "\u0670": None,
        "\u0640": None,
        "\u0623": "\u0627",
        "\u0625": "\u0627",
        "\u0622": "\u0627",
        "\u0671": "\u0627",
        "\u0649": "\u064a",
    }
)


def unify(text: str) -> str:
    """Apostrophes, hyphens and no-break spaces unified (length kept)."""
    if text.isascii():
        return text
    # str.replace on the few characters present is much faster than str.translate.
    for char, replacement in _UNIFY_PAIRS:
        if char in text:
            text = text.replace(char, replacement)
    return text


def normalize_term(text: str) -> str:
    """A term's comparable form: NFC, unified punctuation, single spaces."""
    return " ".join(unify(unicodedata.normalize("NFC", text)).split())


def norm_sep(sep: str) -> str:
    """A separator's comparable form: whitespace runs become one space."""
    if sep.isspace():
        return " "
    return _WS_RE.sub(" ", sep)


def fold_word(word: str, lang: str) -> str:
    """A lowered word's comparison form for ``lang`` (Arabic letter variants unified)."""
    if lang == "ar":
        return word.translate(_AR_FOLD)
    return word


@dataclass
class PreparedText:
    """A text split into words and separators, with offsets into the original text."""

    original: str
    norm: str  # NFC, unified punctuation, codes blanked: the words as written
    lwords: list[str]  # lowered (and folded) words, for case-insensitive comparison
    seps: list[str]  # seps[i] sits between words[i] and words[i + 1]
    parts: list[str]  # word, sep, word, ... (lowered)
    _starts: list[int] | None = None  # norm offset -> original offset (None: identity)
    _ends: list[int] | None = None

    _blocks: list[int] | None = None

    def _part_start(self, j: int) -> int:
        """Offset in ``norm`` of part ``j``. Offsets are only needed for the few words that
        matched, so they come from per-block sums instead of one sum per part."""
        parts = self.parts
        if self._blocks is None:
            sums = [sum(map(len, parts[k : k + _BLOCK])) for k in range(0, len(parts), _BLOCK)]
            self._blocks = list(accumulate(sums, initial=0))
        block = j // _BLOCK
        return self._blocks[block] + sum(map(len, parts[block * _BLOCK : j]))

    def word(self, i: int) -> str:
        """Word ``i`` as written."""
        start = self._part_start(2 * i)
        return self.norm[start : start + len(self.parts[2 * i])]

    def word_span(self, first: int, last: int) -> tuple[int, int]:
        """Original offsets of words ``first`` .. ``last`` inclusive."""
        start = self._part_start(2 * first)
        end = self._part_start(2 * last) + len(self.parts[2 * last])
        if self._starts is None:
            return start, end
        return self._starts[start], self._ends[end - 1]


def prepare(text: str, lang: str) -> PreparedText:
    """Normalise and split ``text`` once, for every lookup the matcher makes."""
    original = text
    if OPEN_BRACKET in text:
        text = blank_codes(text)
    starts = ends = None
    if not text.isascii():
        text = unify(text)
        if not unicodedata.is_normalized("NFC", text):
            text, starts, ends = _nfc_with_offsets(text)
    low = text.lower()
    if len(low) != len(text):  # a few letters lower to two characters (İ): keep them
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    parts = SEP_RE.split(low)
    lwords = parts[0::2]
    if lang == "ar":
        lwords = [w.translate(_AR_FOLD) for w in lwords]
    return PreparedText(
        original=original,
        norm=text,
        lwords=lwords,
        seps=parts[1::2],
        parts=parts,
        _starts=starts,
        _ends=ends,
    )


def _nfc_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """NFC per base character and its combining marks, remembering where each output
    character came from."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        pieces.append(cluster)
        starts.extend([i] * len(cluster))
        ends.extend([j] * len(cluster))
        i = j
    return "".join(pieces), starts, ends


def split_term(text: str, lang: str) -> tuple[list[str], list[str], list[str]]:
    """A term's words as written, its lowered/folded words and its normalised separators.
    Leading and trailing punctuation is not part of the match."""
    parts = SEP_RE.split(normalize_term(text))
    if parts and parts[0] == "":
        parts = parts[2:]
    if parts and parts[-1] == "":
        parts = parts[:-2]
    words = parts[0::2]
    lwords = [fold_word(w.lower(), lang) for w in words]
    seps = [norm_sep(s) for s in parts[1::2]]
    return words, lwords, seps

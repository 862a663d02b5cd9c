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
SEP_RE = re.compile(rf"((?:[^\w{_MARKS}]|_)+)")
_WS_RE = re.compile(r"\s+")

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
    return text.translate(_UNIFY)


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
    norm: str
    words: list[str]  # as written (NFC, unified punctuation)
    lwords: list[str]  # lowered and folded, for case-insensitive comparison
    seps: list[str]  # seps[i] sits between words[i] and words[i + 1]
    part_ends: list[int]  # end offset in ``norm`` of each part (word, sep, word, ...)
    _starts: list[int] | None = None  # norm offset -> original offset (None: identity)
    _ends: list[int] | None = None

    def word_span(self, first: int, last: int) -> tuple[int, int]:
        """Original offsets of words ``first`` .. ``last`` inclusive."""
        start = self.part_ends[2 * first - 1] if first > 0 else 0
        end = self.part_ends[2 * last]
        if self._starts is None:
            return start, end
        return self._starts[start], self._ends[end - 1]


def prepare(text: str, lang: str) -> PreparedText:
    original = text
    if OPEN_BRACKET in text:
        text = blank_codes(text)
    starts = ends = None
    if not text.isascii():
        text = unify(text)
        if not unicodedata.is_normalized("NFC", text):
            text, starts, ends = _nfc_with_offsets(text)
    parts = SEP_RE.split(text)
    words = parts[0::2]
    low = text.lower()
    if len(low) == len(text):
        lparts = SEP_RE.split(low)
        lwords = lparts[0::2] if len(lparts) == len(parts) else [w.lower() for w in words]
    else:
        lwords = [w.lower() for w in words]
    if lang == "ar":
        lwords = [w.translate(_AR_FOLD) for w in lwords]
    return PreparedText(
        original=original,
        norm=text,
        words=words,
        lwords=lwords,
        seps=parts[1::2],
        part_ends=list(accumulate(map(len, parts))),
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

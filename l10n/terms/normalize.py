"""Text preparation shared by the term matcher and the file readers.

Matching works on a *normalised* copy of the text whose offsets map back to the original:
inline-code tokens are blanked (same length), apostrophe and hyphen variants are unified
(same length), NFC is applied (offsets mapped when it changes the length). The copy is then
split into words and separators; whitespace runs in separators compare as one space.
"""

from __future__ import annotations

import codecs
import re
import threading
import unicodedata

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


_UNIFY_RE = re.compile("[" + "".join(chr(k) for k in _UNIFY) + "]")


def unify(text: str) -> str:
    """Apostrophes, hyphens and no-break spaces unified (length kept)."""
    if text.isascii():
        return text
    if len(text) < 4096 and not _UNIFY_RE.search(text):  # one scan beats eleven on short text
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


# Every separator character but the plain space: replaced by a space (same length), the text
# splits into words with the C-level ``str.split(" ")``, much faster than a regex split.
_NOT_WORD_OR_SPACE = re.compile(rf"[^\w\x20{_MARKS}]")


def _byte_table(encoding: str, lower: bool) -> bytes:
    """For a single-byte encoding: each byte, or a space where it encodes a separator;
    with ``lower``, the byte of its lowercase letter where it encodes an uppercase one."""
    table = bytearray(range(256))
    for b in range(256):
        char = bytes([b]).decode(encoding, "replace")
        if char == "\ufffd":
            continue
        if _NOT_WORD_OR_SPACE.match(char):
            table[b] = 0x20
        elif lower:
            table[b] = char.lower().encode(encoding)[0]  # these letters lower within the set
    return bytes(table)


# Words are found through a byte table that lowers letters and turns separators into
# spaces, many times faster than ``str.lower`` and a regex. Latin-1 comes first: most
# French, Spanish and English text is stored one byte per character and encodes to it with
# a plain copy. A character the encoding lacks (œ, —, €, ń, Arabic) is recorded as a run by
# the error handler and put back afterwards, lowered and blanked by the regex. A block with
# too many runs tries cp1252 (œ — € … ’ are in it), then takes the regex directly.
_ENCODINGS = (("latin-1", 512), ("cp1252", 64))  # and the most runs worth fixing per block
_TABLES = {
    (encoding, lower): _byte_table(encoding, lower)
    for encoding in ("ascii", "latin-1", "cp1252")
    for lower in (False, True)
}
_marking = threading.local()
# The two letters whose lowercase depends on more than the letter itself: İ lowers to two
# characters and Σ to σ or ς by context. Text holding them is lowered as a whole first.
_DOTTED_I, _SIGMA = "\u0130", "\u03a3"


def _mark(error: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    runs = _marking.runs
    if len(runs) >= _marking.limit:
        raise error
    runs.append((error.start, error.end))
    return b" " * (error.end - error.start), error.end


codecs.register_error("l10n-mark", _mark)


def lower_keep_length(text: str) -> str:
    """``text.lower()``, except that a letter lowering to several characters (İ) is kept,
    so offsets stay the same."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


def _blank_block(block: str, lower: bool) -> tuple[str, list[tuple[int, int]] | None]:
    """``block`` with every separator character but the space replaced by a space, and
    lowered with ``lower``; and the runs of characters the byte table could not take (None
    when the regex did the whole block)."""
    if block.isascii():
        return block.encode("ascii").translate(_TABLES["ascii", lower]).decode("ascii"), []
    for encoding, limit in _ENCODINGS:
        runs: list[tuple[int, int]] = []
        _marking.runs = runs
        _marking.limit = limit
        try:
            data = block.encode(encoding, "l10n-mark")
        except UnicodeEncodeError as error:
            if not _fits(error.object[error.start : error.end], "cp1252"):
                break  # another script (Arabic, Greek): the regex beats that many runs
            continue
        out = data.translate(_TABLES[encoding, lower]).decode(encoding)
        if not runs:
            return out, runs
        parts = []
        pos = 0
        for start, end in runs:
            run = block[start:end]
            parts.append(out[pos:start])
            parts.append(_NOT_WORD_OR_SPACE.sub(" ", run.lower() if lower else run))
            pos = end
        parts.append(out[pos:])
        return "".join(parts), runs
    return _NOT_WORD_OR_SPACE.sub(" ", block.lower() if lower else block), None


def _fits(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _nfc_safe(block: str, runs: list[tuple[int, int]] | None) -> bool:
    """Whether ``block`` is NFC, knowing that Latin-1 and cp1252 characters are: only the
    runs of other characters (with the character before, which a combining mark would
    compose with) can make it otherwise."""
    if runs is None:
        return unicodedata.is_normalized("NFC", block)
    # A line break between them: nothing composes with it.
    return unicodedata.is_normalized("NFC", "\n".join([block[max(s - 1, 0) : e] for s, e in runs]))


def split_words(text: str, nfc_checked: bool = False) -> list[str] | None:
    """``blank_words(text)`` split at each space: the words, and an empty piece for each
    separator character after the first of a run. None when the text may not be NFC."""
    blanked = blank_words(text, nfc_checked)
    return None if blanked is None else blanked.split(" ")


def blank_words(text: str, nfc_checked: bool = False) -> str | None:
    """``text`` lowered (``lower_keep_length``) with every separator character but the
    space replaced by a space. None when the text may not be NFC (not checked unless
    ``nfc_checked``): the caller normalises it first. The byte tables' run limits are per
    call: the matcher gives it a long text by blocks."""
    lower = True
    if _DOTTED_I in text or _SIGMA in text:
        if not nfc_checked and not unicodedata.is_normalized("NFC", text):
            return None
        text = lower_keep_length(text)
        lower = False
        nfc_checked = True  # checked above, on the text as given
    out, runs = _blank_block(text, lower)
    if (runs is None or runs) and not nfc_checked and not _nfc_safe(text, runs):
        return None
    return out


def next_words_re(count: int) -> re.Pattern[str]:
    """Matches, from a position, up to ``count`` words and the separators before each."""
    return re.compile(rf"(?:[^\w{_MARKS}]*[\w{_MARKS}]+){{0,{count}}}")


class NotNFC(Exception):
    """Part of a text turned out not to be NFC: prepare it again with ``nfc=True``."""


class PreparedText:
    """A text normalised for matching, with offsets into the original text.

    ``norm`` is the text with inline codes blanked, punctuation unified and (once known to
    be needed) NFC applied; ``split(start, end)`` gives the words of ``norm[start:end]``:
    lowered, split at every separator character, with an empty piece for each separator
    character after the first of a run. Piece ``j`` starts at
    ``start + sum(len(p) + 1 for p in pieces[:j])`` in ``norm``, so offsets are only
    computed for the words a caller asks about."""

    __slots__ = ("original", "norm", "lang", "nfc_checked", "_starts", "_ends")

    def __init__(
        self,
        original: str,
        norm: str,
        lang: str,
        nfc_checked: bool,
        starts: list[int] | None = None,
        ends: list[int] | None = None,
    ):
        self.original = original
        self.norm = norm
        self.lang = lang
        self.nfc_checked = nfc_checked
        self._starts = starts  # norm offset -> original offset (None: identity)
        self._ends = ends

    def split(self, start: int, end: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The pieces of ``norm[start:end]`` and their comparison keys (Arabic letter
        variants folded; the same tuple otherwise). Raises NotNFC when that part of the
        text may not be NFC and the text was not checked."""
        # (A slice of the whole string is the string itself: no copy for a short text.)
        words = split_words(self.norm[start:end], self.nfc_checked)
        if words is None:
            raise NotNFC
        # A tuple of strings, unlike a list, leaves the garbage collector's care at the
        # first collection that sees it; a list of many words would be walked at every
        # collection of the generations it passes through while the matcher works.
        pieces = tuple(words)
        if self.lang == "ar":
            return pieces, tuple(w.translate(_AR_FOLD) for w in pieces)
        return pieces, pieces

    def blanked(self, start: int, end: int) -> str:
        """``norm[start:end]`` lowered, with a space for every separator character (the
        string ``split`` splits; not for Arabic, whose keys are folded). Raises NotNFC like
        ``split``."""
        blanked = blank_words(self.norm[start:end], self.nfc_checked)
        if blanked is None:
            raise NotNFC
        return blanked

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The offsets in the original text of ``norm[start:end]``."""
        if self._starts is None or self._ends is None:
            return start, end
        return self._starts[start], self._ends[end - 1]


def prepare(text: str, lang: str, nfc: bool = False) -> PreparedText:
    """``text`` normalised for matching; NFC is applied with ``nfc``, else left to be
    found out (``PreparedText.split`` raises NotNFC) as the words are split."""
    original = text
    if OPEN_BRACKET in text:
        text = blank_codes(text)
    starts = ends = None
    if not text.isascii():
        text = unify(text)
        if nfc and not unicodedata.is_normalized("NFC", text):
            text, starts, ends = _nfc_with_offsets(text)
    return PreparedText(original, text, lang, nfc or text.isascii(), starts, ends)


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
    norm = normalize_term(text)
    words = norm.split(" ")
    if all(map(str.isalnum, words)):  # letters and digits between single spaces
        lwords = list(map(str.lower, words))
        if lang == "ar":
            lwords = [w.translate(_AR_FOLD) for w in lwords]
        return words, lwords, [" "] * (len(words) - 1)
    parts = SEP_RE.split(norm)
    if parts and parts[0] == "":
        parts = parts[2:]
    if parts and parts[-1] == "":
        parts = parts[:-2]
    words = parts[0::2]
    lwords = [fold_word(w.lower(), lang) for w in words]
    seps = [norm_sep(s) for s in parts[1::2]]
    return words, lwords, seps

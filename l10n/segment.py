"""Sentence segmentation with ordered SRX-style break / no-break rules.

A block (paragraph, heading, list item) is cut into sentences by rules in the
SRX 2.0 model: each rule has a *before-break* regex (which must match text
ending at the candidate position) and an *after-break* regex (which must match
text starting there). At a position the first rule, in order, whose two
patterns both match decides: ``break="yes"`` splits, ``break="no"`` does not;
where no rule matches there is no split. Patterns use the ICU syntax of SRX
files (``\\p{Lu}``, ``\\x{00A0}``, ``\\Q...\\E``), translated to Python ``re``.

Built-in rules exist for fr, en, es and ar, and a generic set serves every
other language; languages are looked up by their BCP 47 primary subtag
(``fr-CA`` uses fr). Custom rules load from an SRX 2.0 file.

How it stays fast: one combined regex of all break rules finds the candidate
positions (it starts with the class of every character a break can follow, so
``re`` skips to them in C); only there are the rules evaluated, run by run (a
run is a stretch of consecutive rules with the same break value, whose order
inside does not matter), with the before-patterns of a run that share an
after-pattern merged into one alternation. Before-patterns are reversed once
and matched at the candidate in the reversed text (one anchored attempt
instead of a search across a window), and per character before a candidate a
"probe" regex tells in one call which after-patterns match there. Unicode
categories (``\\p{L}``) test their astral ranges only for astral characters.
Two consequences to know when writing rules: candidates are the ends of
non-overlapping matches of the break rules, and a before-pattern of unbounded
width only sees the ``MAX_LOOKBEHIND`` characters before the candidate.

Beyond what SRX can say, two passes apply to every rule set:

- **Inline codes** (``⟦1⟧``, ``⟦/1⟧``, ``⟦2/⟧``) are opaque: rules see the text
  without them, a break never falls inside one, and closing or standalone codes
  right at a break stay with the sentence before it while opening codes go
  with the sentence after.
- **Balanced quotes and brackets**: a break that would leave a paired « »,
  “ ”, „ “, straight double quote, ( ) or [ ] open inside a sentence is dropped,
  so ``« Un. Deux. », a-t-il dit.`` stays one sentence. Breaks from rules that
  come before the first no-break rule of a set (the built-in blank-line and
  list-item rules) are unconditional and are kept.

Newlines: a single newline inside a block is a soft line break (hard-wrapped
Markdown and text paragraphs are common), so it is treated like a space and the
punctuation rules decide. A blank line always breaks; so does a newline
followed by a list marker (``- ``, ``• ``, ``1. ``, ``a) ``) or a line that is a
separator (``-----``, ``_____``). Formats that hold one paragraph per line
should make each line its own block.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from l10n.errors import InputError
from l10n.inline import PLACEHOLDER_RE

try:  # the parser gives the maximal width of a pattern, to bound the search window
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_parse as _sre_parse  # type: ignore[no-redef]

__all__ = [
    "MAX_LOOKBEHIND",
    "Rule",
    "Segmenter",
    "icu_to_python",
    "split_sentences",
]

MAX_LOOKBEHIND = 80
SRX_NS = "http://www.lisa.org/srx20"


@dataclass(frozen=True)
class Rule:
    """One SRX rule; patterns are ICU-style regexes as written in SRX files."""

    is_break: bool
    before: str = ""
    after: str = ""


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text`` with the built-in rules of ``lang``.

    Spans hold no leading or trailing whitespace, only whitespace lies between
    them, and every other character is in exactly one span.
    """
    return Segmenter.for_language(lang).split(text)


# --------------------------------------------------------------------------
# ICU regex syntax (as used in SRX files) to Python ``re``


_CATEGORY_ALIASES = {
    "letter": "L",
    "uppercase_letter": "Lu",
    "lowercase_letter": "Ll",
    "titlecase_letter": "Lt",
    "cased_letter": "LC",
    "l&": "LC",
    "modifier_letter": "Lm",
    "other_letter": "Lo",
    "mark": "M",
    "number": "N",
    "decimal_number": "Nd",
    "digit": "Nd",
    "punctuation": "P",
    "punct": "P",
    "symbol": "S",
    "separator": "Z",
    "space_separator": "Zs",
    "other": "C",
    "control": "Cc",
    "format": "Cf",
    "uppercase": "Lu",
    "lowercase": "Ll",
    "alpha": "L",
    "alphabetic": "L",
}
_CATEGORIES = {
    "L",
    "Lu",
    "Ll",
    "Lt",
    "Lm",
    "Lo",
    "LC",
    "M",
    "Mn",
    "Mc",
    "Me",
    "N",
    "Nd",
    "Nl",
    "No",
    "P",
    "Pc",
    "Pd",
    "Ps",
    "Pe",
    "Pi",
    "Pf",
    "Po",
    "S",
    "Sm",
    "Sc",
    "Sk",
    "So",
    "Z",
    "Zs",
    "Zl",
    "Zp",
    "C",
    "Cc",
    "Cf",
    "Co",
    "Cn",
}
# Scanned code points: every assigned character outside the private use planes.
_SCAN_LIMIT = 0x32400
_SCAN_EXTRA = range(0xE0000, 0xE0200)


@lru_cache(maxsize=1)
def _category_table() -> dict[str, list[tuple[int, int]]]:
    """Ranges of code points per two-letter general category (built once, ~50 ms)."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    category = unicodedata.category
    for block in (range(_SCAN_LIMIT), _SCAN_EXTRA):
        current = None
        start = block.start
        for cp in block:
            cat = category(chr(cp))
            if cat != current:
                if current is not None:
                    ranges.setdefault(current, []).append((start, cp - 1))
                current, start = cat, cp
        assert current is not None  # set by the first code point of a non-empty block
        ranges.setdefault(current, []).append((start, block.stop - 1))
    ranges.setdefault("Co", []).extend([(0xF0000, 0xFFFFD), (0x100000, 0x10FFFD)])
    return ranges


def _merge(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _category_ranges(name: str) -> list[tuple[int, int]]:
    table = _category_table()
    if name == "LC":
        wanted = ["Lu", "Ll", "Lt"]
    elif len(name) == 1:
        wanted = [cat for cat in table if cat[0] == name]
    else:
        wanted = [name]
    return _merge(r for cat in wanted for r in table.get(cat, []))


def _complement(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, nxt = [], 0
    for lo, hi in ranges:
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= 0x10FFFF:
        out.append((nxt, 0x10FFFF))
    return out


_CLASS_SPECIAL = frozenset("\\]-[^&~|")


def _class_body(ranges: list[tuple[int, int]]) -> str:
    # Printable characters are written as themselves: ``re`` parses a literal much faster
    # than an escape, and category classes have hundreds of ranges.
    def esc(cp: int) -> str:
        ch = chr(cp)
        if ch.isprintable() and ch not in _CLASS_SPECIAL and not ch.isspace():
            return ch
        return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"

    return "".join(esc(lo) if lo == hi else f"{esc(lo)}-{esc(hi)}" for lo, hi in ranges)


@lru_cache(maxsize=128)
def _property_ranges(name: str, negated: bool) -> tuple[tuple[int, int], ...]:
    key = name.strip().replace(" ", "_")
    key = key[2:] if key.lower().startswith("is") and key[2:] in _CATEGORIES else key
    if key.startswith("General_Category=") or key.startswith("gc="):
        key = key.split("=", 1)[1]
    key = _CATEGORY_ALIASES.get(key.lower(), key)
    if key not in _CATEGORIES:
        raise ValueError(f"unsupported Unicode property \\p{{{name}}}")
    ranges = _category_ranges(key)
    return tuple(_complement(ranges) if negated else ranges)


@lru_cache(maxsize=128)
def _property_class(name: str, negated: bool) -> str:
    """The body of a character class for a general category (for use inside ``[...]``)."""
    return _class_body(list(_property_ranges(name, negated)))


_ASTRAL = "[\\U00010000-\\U0010ffff]"


@lru_cache(maxsize=128)
def _property_atom(name: str, negated: bool) -> str:
    """A regex for one character of a general category, outside ``[...]``.

    Python's ``re`` keeps the BMP part of a class in a bitmap but tests the ranges above
    U+FFFF one by one, for every character that is not in the bitmap: a category class
    costs ~1.5 µs per failed test. The astral ranges are tried only after a one-range
    test says the character is astral; the set of matched characters is the same."""
    ranges = _property_ranges(name, negated)
    bmp = [(lo, min(hi, 0xFFFF)) for lo, hi in ranges if lo <= 0xFFFF]
    astral = [(max(lo, 0x10000), hi) for lo, hi in ranges if hi > 0xFFFF]
    if len(astral) <= 4 or not bmp:
        return f"[{_class_body(list(ranges))}]"
    return f"(?:[{_class_body(bmp)}]|(?={_ASTRAL})[{_class_body(astral)}])"


_FLAGS_AT_START = re.compile(r"^\(\?([aiLmsux]+)\)")


def icu_to_python(pattern: str) -> str:
    """Translate an ICU regex (SRX syntax) into an equivalent Python ``re`` pattern.

    Handles ``\\p{..}``/``\\P{..}`` general categories (inside and outside
    character classes), ``\\x{hhhh}``, ``\\Q...\\E`` and leading inline flags
    (made scoped, so the pattern can sit inside an alternation). Anything else
    is passed through; what Python cannot compile raises ``ValueError``.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt in "pP":
                if i + 2 < n and pattern[i + 2] == "{":
                    close = pattern.find("}", i + 3)
                    if close < 0:
                        raise ValueError(f"unterminated \\{nxt}{{ at {i}")
                    name = pattern[i + 3 : close]
                    i = close + 1
                elif i + 2 < n:
                    name = pattern[i + 2]
                    i += 3
                else:
                    raise ValueError(f"incomplete \\{nxt} at the end")
                negated = nxt == "P"
                if name.startswith("^"):
                    negated, name = not negated, name[1:]
                out.append(
                    _property_class(name, negated) if in_class else _property_atom(name, negated)
                )
                continue
            if nxt == "x" and i + 2 < n and pattern[i + 2] == "{":
                close = pattern.find("}", i + 3)
                if close < 0:
                    raise ValueError(f"unterminated \\x{{ at {i}")
                cp = int(pattern[i + 3 : close], 16)
                out.append(f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}")
                i = close + 1
                continue
            if nxt == "Q":
                end = pattern.find("\\E", i + 2)
                literal = pattern[i + 2 :] if end < 0 else pattern[i + 2 : end]
                out.append(re.escape(literal))
                i = n if end < 0 else end + 2
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "[":
                raise ValueError("nested character classes (ICU set operations) are not supported")
            if ch == "]" and not (out and out[-1] in ("[", "[^")):
                in_class = False
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            if pattern.startswith("[^", i):
                out.append("[^")
                i += 2
            else:
                out.append("[")
                i += 1
            if i < n and pattern[i] == "]":  # a literal ] first in a class
                out.append("\\]")
                i += 1
            continue
        out.append(ch)
        i += 1
    result = "".join(out)
    flags = _FLAGS_AT_START.match(result)
    if flags:
        result = f"(?{flags.group(1)}:{result[flags.end() :]})"
    re.compile(result)  # raise re.error now, with the rule at hand
    return result


_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def _max_width(pattern: str) -> int:
    try:
        hi = _sre_parse.parse(pattern).getwidth()[1]
    except Exception:  # noqa: BLE001 - any parser trouble: fall back to the default window
        return MAX_LOOKBEHIND
    return min(int(hi), MAX_LOOKBEHIND)


_CATEGORY_CODES = {
    "CATEGORY_SPACE": "\\s",
    "CATEGORY_NOT_SPACE": "\\S",
    "CATEGORY_DIGIT": "\\d",
    "CATEGORY_NOT_DIGIT": "\\D",
    "CATEGORY_WORD": "\\w",
    "CATEGORY_NOT_WORD": "\\W",
}


def _esc(cp: int) -> str:
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


def _tail_atoms(seq, from_end: bool = True) -> tuple[list[str], bool] | None:
    """What can end (``from_end`` false: start) a match of ``seq``: class atoms
    (``\u002e``, ``\u0041-\u005a``, ``\\s``; a negated class whole, ``[^...]``), and
    whether ``seq`` can match empty.

    None when unknown (a back-reference, ``.``, case-insensitive parts)."""
    atoms: list[str] = []
    for op, av in reversed(list(seq)) if from_end else list(seq):
        name = str(op)
        if name == "LITERAL":
            found, nullable = [_esc(av)], False
        elif name == "NOT_LITERAL":
            found, nullable = [f"[^{_esc(av)}]"], False
        elif name == "IN":
            body, negated = [], False
            for item_op, item in av:
                item_name = str(item_op)
                if item_name == "NEGATE":
                    negated = True
                elif item_name == "LITERAL":
                    body.append(_esc(item))
                elif item_name == "RANGE":
                    body.append(f"{_esc(item[0])}-{_esc(item[1])}")
                elif item_name == "CATEGORY" and str(item) in _CATEGORY_CODES:
                    body.append(_CATEGORY_CODES[str(item)])
                else:
                    return None
            found, nullable = (["[^" + "".join(body) + "]"] if negated else body), False
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            found, nullable = [], True
        elif name == "BRANCH":
            found, nullable = [], False
            for alt in av[1]:
                sub = _tail_atoms(alt, from_end)
                if sub is None:
                    return None
                found += sub[0]
                nullable = nullable or sub[1]
        elif name == "SUBPATTERN":
            if av[1] & re.IGNORECASE:
                return None
            sub = _tail_atoms(av[3], from_end)
            if sub is None:
                return None
            found, nullable = sub
        elif name == "ATOMIC_GROUP":
            sub = _tail_atoms(av, from_end)
            if sub is None:
                return None
            found, nullable = sub
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, body_seq = av
            sub = _tail_atoms(body_seq, from_end) if hi else ([], True)
            if sub is None:
                return None
            found, nullable = sub[0], lo == 0 or sub[1]
        else:
            return None
        atoms += found
        if not nullable:
            return atoms, False
    return atoms, True


def _last_atoms(pattern: str, from_end: bool = True) -> list[str] | None:
    """The class atoms of the last character of every non-empty match of ``pattern``
    (with ``from_end`` false: of the first character)."""
    try:
        tree = _sre_parse.parse(pattern)
    except Exception:  # noqa: BLE001
        return None
    if tree.state.flags & re.IGNORECASE:
        return None
    found = _tail_atoms(tree, from_end)
    if found is None or found[1] or not found[0]:
        return None
    return list(dict.fromkeys(found[0]))


def _atoms_regex(atoms: Iterable[str]) -> str:
    """One regex for a character matching any of ``atoms``."""
    positive = [a for a in atoms if not a.startswith("[^")]
    parts = (["[" + "".join(positive) + "]"] if positive else []) + [
        a for a in atoms if a.startswith("[^")
    ]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _last_char_class(pattern: str) -> str | None:
    """A regex for one character that every non-empty match of ``pattern`` ends with."""
    atoms = _last_atoms(pattern)
    return _atoms_regex(atoms) if atoms else None


_BROAD_ATOMS = {"\\s", "\\S", "\\w", "\\W", "\\D"}


def _broad(atom: str) -> bool:
    """Whether a class atom takes in most characters of ordinary text (spaces, letters)."""
    return atom in _BROAD_ATOMS or atom.startswith("[^")


def _merged_finder(kept: dict[str, set[str]]) -> str:
    """One regex whose matches are the characters after which a break rule may apply:
    a character of some rule's last-character atoms, followed by that rule's after-pattern.

    When every atom is a positive class, the regex starts with the union of all of them, so
    ``re`` skips to the next such character in C (its "charset prefix") and tries the
    alternation only there; each branch then checks its own atoms with a one-character
    lookbehind."""
    if not kept:
        return ""
    branches = [(_atoms_regex(sorted(atoms)), after) for after, atoms in kept.items()]
    atoms = sorted({a for group in kept.values() for a in group})
    if len(branches) == 1 or any(a.startswith("[^") for a in atoms):
        return "|".join(cls + (f"(?={after})" if after else "") for cls, after in branches)
    checks = "|".join(f"(?<={cls})" + (f"(?={after})" if after else "") for cls, after in branches)
    return f"{_atoms_regex(atoms)}(?:{checks})"


def _implies(stronger: str, weaker: str) -> bool:
    r"""Whether a match of ``stronger`` at a position ensures ``weaker`` matches there
    (equal patterns, an empty ``weaker``, or ``\s+x`` over ``\s``); conservative."""
    if not weaker or stronger == weaker:
        return True
    try:
        first, whole = _sre_parse.parse(weaker), _sre_parse.parse(stronger)
    except Exception:  # noqa: BLE001
        return False
    if len(first) != 1 or str(first[0][0]) not in ("LITERAL", "IN") or not len(whole):
        return False
    head = whole[0]
    if head == first[0]:
        return True
    if str(head[0]) in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        lo, _hi, body = head[1]
        return lo >= 1 and len(body) == 1 and body[0] == first[0]
    return False


# --------------------------------------------------------------------------
# Before-patterns read backwards


class _NotReversible(Exception):
    pass


_FLAG_LETTERS = {re.IGNORECASE: "i", re.DOTALL: "s", re.MULTILINE: "m", re.VERBOSE: "x"}
_SCOPED = re.IGNORECASE | re.DOTALL | re.MULTILINE | re.VERBOSE


def _flag_letters(flags: int) -> str:
    if flags & ~_SCOPED:
        raise _NotReversible
    return "".join(letter for flag, letter in _FLAG_LETTERS.items() if flags & flag)


def _min_width(state, items: list) -> int:
    return int(_sre_parse.SubPattern(state, items).getwidth()[0]) if items else 0


def _reverse_seq(state, items: list, after: int) -> str:
    """The reversed regex of a sequence; ``after``: how many characters at least follow it,
    in the original, before the end of the match (what assertions may look at)."""
    return "".join(_reverse_parts(state, items, after))


def _reverse_parts(state, items: list, after: int) -> list[str]:
    return [
        _reverse_item(state, items[i], after + _min_width(state, items[i + 1 :]))
        for i in range(len(items) - 1, -1, -1)
    ]


def _literal_strings(items, limit: int = 5000) -> list[list[str]] | None:
    """Every string a sequence of literals, alternations of them and optional parts can
    match, as lists of escaped characters; None for anything else or too many strings."""
    out: list[list[str]] = [[]]
    for op, av in items:
        name = str(op)
        options: list[list[str]] | None
        if name == "LITERAL":
            options = [[_esc(av)]]
        elif name == "IN" and all(str(item_op) == "LITERAL" for item_op, _ in av):
            options = [[_esc(value)] for _, value in av]
        elif name == "SUBPATTERN" and not av[1] and not av[2]:
            options = _literal_strings(av[3], limit)
        elif name == "BRANCH":
            options = []
            for alt in av[1]:
                found = _literal_strings(alt, limit)
                if found is None:
                    return None
                options += found
        elif name in ("MAX_REPEAT", "MIN_REPEAT") and av[0] in (0, 1) and av[1] == 1:
            options = _literal_strings(av[2], limit)
            if options is not None and av[0] == 0:
                options = [[], *options]
        else:
            return None
        if options is None or len(out) * len(options) > limit:
            return None
        out = [head + tail for head in out for tail in options]
    return out


def _factored(alternatives: list[list[str]]) -> str:
    """An alternation of atom sequences with common leading atoms factored out: read
    backwards, a prefix-factored word list (``M(?:lle|me)``) has become suffix-factored,
    and ``re`` would try each branch in turn. The language is the same; only whether a
    match exists is asked of these patterns, so the order of branches does not matter."""
    heads: dict[str, list[list[str]]] = {}
    optional = False
    for alt in alternatives:
        if alt:
            heads.setdefault(alt[0], []).append(alt[1:])
        else:
            optional = True
    parts = [
        head + ("".join(rests[0]) if len(rests) == 1 else _factored(rests))
        for head, rests in heads.items()
    ]
    core = parts[0] if len(parts) == 1 and not optional else "(?:" + "|".join(parts) + ")"
    return core + "?" if optional else core


def _reverse_item(state, item, after: int) -> str:
    op, av = item
    name = str(op)
    if name == "LITERAL":
        return _esc(av)
    if name == "NOT_LITERAL":
        return f"[^{_esc(av)}]"
    if name == "ANY":
        return "."
    if name == "IN":
        body: list[str] = []
        for item_op, value in av:
            item_name = str(item_op)
            if item_name == "NEGATE":
                body.insert(0, "^")
            elif item_name == "LITERAL":
                body.append(_esc(value))
            elif item_name == "RANGE":
                body.append(f"{_esc(value[0])}-{_esc(value[1])}")
            elif item_name == "CATEGORY" and str(value) in _CATEGORY_CODES:
                body.append(_CATEGORY_CODES[str(value)])
            else:
                raise _NotReversible
        return "[" + "".join(body) + "]"
    if name == "BRANCH":
        words = _literal_strings([item])
        if words is not None:  # a word list: its reversed words, factored anew
            return _factored([word[::-1] for word in words])
        return _factored([_reverse_parts(state, list(alt), after) for alt in av[1]])
    if name == "SUBPATTERN":
        _group, add, remove, body = av
        flags = _flag_letters(add) + ("-" + _flag_letters(remove) if remove else "")
        return f"(?{flags}:" + _reverse_seq(state, list(body), after) + ")"
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        lo, hi, body = av
        count = f"{{{lo},}}" if hi == _sre_parse.MAXREPEAT else f"{{{lo},{hi}}}"
        return "(?:" + _reverse_seq(state, list(body), after) + ")" + count
    if name == "AT":
        where = str(av)
        if where in ("AT_BEGINNING", "AT_BEGINNING_STRING") and not state.flags & re.MULTILINE:
            return "\\Z"  # the start of the text is the end of the reversed text
        if where in ("AT_BOUNDARY", "AT_NON_BOUNDARY") and after > 0:
            return "\\b" if where == "AT_BOUNDARY" else "\\B"
        raise _NotReversible
    if name in ("ASSERT", "ASSERT_NOT"):
        direction, body = av
        body = list(body)
        sign = "=" if name == "ASSERT" else "!"
        if direction < 0:  # a lookbehind reads on, backwards
            return f"(?{sign}" + _reverse_seq(state, body, after) + ")"
        lo, hi = _sre_parse.SubPattern(state, body).getwidth()
        if lo != hi or hi > after:  # must stay inside the match, and be of fixed width
            raise _NotReversible
        return f"(?<{sign}" + _reverse_seq(state, body, after - hi) + ")"
    raise _NotReversible


def _reversed_pattern(pattern: str) -> tuple[re.Pattern, bool] | None:
    """A regex that matches ``pattern`` read backwards, and whether ``pattern`` is bounded
    (within ``MAX_LOOKBEHIND``). Python's ``re`` can only search forwards: a before-pattern
    must otherwise be searched for across a window that ends at the candidate, trying every
    start; the reversed pattern is matched once, at the candidate, in the reversed text.
    None when the pattern uses what cannot be reversed here (back-references, atomic
    groups, lookaheads of variable width, assertions at its end)."""
    try:
        tree = _sre_parse.parse(pattern)
        if tree.state.flags & ~(re.UNICODE | _SCOPED):
            return None
        reversed_text = _reverse_seq(tree.state, list(tree), 0)
        flags = _flag_letters(tree.state.flags & _SCOPED)
        compiled = re.compile((f"(?{flags})" if flags else "") + reversed_text)
        hi = tree.getwidth()[1]
    except (_NotReversible, re.error, ValueError, TypeError, OverflowError):
        return None
    bounded = hi <= MAX_LOOKBEHIND
    # An unbounded pattern is only looked for in the last MAX_LOOKBEHIND characters: the
    # reversed text is cut there, which only assertion-free patterns cannot tell.
    if not bounded and _has_assertions(tree):
        return None
    return compiled, bounded


def _has_assertions(items) -> bool:
    for op, av in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            return True
        if name == "BRANCH" and any(_has_assertions(alt) for alt in av[1]):
            return True
        if name == "SUBPATTERN" and _has_assertions(av[3]):
            return True
        if name in ("MAX_REPEAT", "MIN_REPEAT") and _has_assertions(av[2]):
            return True
    return False


# --------------------------------------------------------------------------
# The engine


@dataclass
class _Check:
    before: re.Pattern | None  # ``(?:b1|b2...)\Z``; None: an empty before-pattern
    width: int  # how far back the before-pattern can reach
    last: re.Pattern | None  # the class of its last character, a cheap first test
    backwards: re.Pattern | None = None  # the pattern reversed, matched in the reversed text
    bounded: bool = True  # whether its matches all fit in ``width``


@dataclass
class _Group:
    after: re.Pattern | None  # None: the after-pattern is empty (always matches)
    checks: list[_Check]


@dataclass
class _Run:
    is_break: bool
    unconditional: bool
    groups: list[_Group]


# Pairs kept balanced inside a sentence: opener -> closers.
_PAIRS = {"«": "»", "“": "”", "„": "“”", "(": ")", "[": "]", '"': '"'}
_CLOSERS = {c for closers in _PAIRS.values() for c in closers}
_PAIR_CHARS = re.compile('[«»“”„()\\[\\]"]')
_OPEN_CONTEXT = set("([{«“„‘—–-/") | {""}


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Merged (open, close) index pairs of the quotes and brackets that close in ``text``."""
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    n = len(text)
    for m in _PAIR_CHARS.finditer(text):
        ch, i = m.group(), m.start()
        if ch == '"':
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < n else ""
            can_open = (prev == "" or prev.isspace() or prev in _OPEN_CONTEXT) and not (
                nxt == "" or nxt.isspace()
            )
            # French typography may space a closing quote: « grandeur ". »
            can_close = not (prev == "" or prev.isspace()) or (
                nxt == "" or nxt.isspace() or nxt in ".,;:!?)]"
            )
            if stack and stack[-1][0] == '"' and can_close:
                spans.append((stack.pop()[1], i))
            elif can_open:
                stack.append((ch, i))
            continue
        if ch in _CLOSERS:
            for depth in range(len(stack) - 1, -1, -1):
                if ch in _PAIRS[stack[depth][0]]:
                    spans.append((stack[depth][1], i))
                    del stack[depth:]
                    break
            else:
                if ch in _PAIRS:  # “ opens in English when no „ waits for it
                    stack.append((ch, i))
            continue
        stack.append((ch, i))
    return _merge(spans)


def _balanced(text: str, breaks: list[int], forced: list[int]) -> list[int]:
    """``breaks`` without those that fall inside a quote or bracket pair (``forced`` ones stay)."""
    first = _PAIR_CHARS.search(text)
    if first is None:
        return breaks
    # A break is dropped only inside a pair: after an opening character and at or before a
    # closing one, so between the first and the last pair character.
    last_reversed = _PAIR_CHARS.search(text[::-1])
    assert last_reversed is not None  # the text has one: ``first``
    last = len(text) - last_reversed.end()
    if all(p <= first.start() or p > last for p in breaks):
        return breaks
    spans = _quote_spans(text)
    if not spans:
        return breaks
    starts = [s for s, _ in spans]
    kept = []
    for p in breaks:
        k = bisect.bisect_left(starts, p) - 1
        if k >= 0 and p <= spans[k][1] and p not in forced:
            continue
        kept.append(p)
    return kept


_PATTERN = re.Pattern


def _probe(patterns: dict[str, int]) -> re.Pattern | None:
    """One regex that always matches, with group k + 1 set when the pattern of slot k
    matches there (None when there is nothing to probe or the patterns cannot be joined)."""
    if not patterns:
        return None
    if any(_BACKREF.search(p) for p in patterns):
        return None
    ordered = sorted(patterns, key=patterns.__getitem__)
    try:
        probe = re.compile("".join(f"(?:(?=(?P<_l10n_{k}>{p}))|)" for k, p in enumerate(ordered)))
    except re.error:
        return None
    if [probe.groupindex[f"_l10n_{k}"] for k in range(len(ordered))] != list(
        range(1, len(ordered) + 1)
    ):
        return None  # the patterns have groups of their own: slots would not be groups
    return probe


class Segmenter:
    """Splits text into sentences with an ordered list of SRX rules."""

    def __init__(
        self,
        rules: Sequence[Rule],
        *,
        name: str = "custom",
        balance_quotes: bool = True,
    ):
        self.rules = list(rules)
        self.name = name
        self.balance_quotes = balance_quotes
        self._compile()

    # -- construction ------------------------------------------------------

    @classmethod
    def for_language(cls, lang: str) -> Segmenter:
        """The built-in rules for ``lang`` (by primary subtag), cached."""
        return _builtin_segmenter(_primary_subtag(lang))

    @classmethod
    def from_srx(cls, source: str | Path, lang: str) -> Segmenter:
        """Rules for ``lang`` from an SRX 2.0 document: a path, or the XML text itself."""
        rules, name = _read_srx(source, lang)
        return cls(rules, name=name)

    def _compile(self) -> None:
        compiled = [(r, icu_to_python(r.before), icu_to_python(r.after)) for r in self.rules]
        # Candidate positions: where a break rule's after-pattern matches right after a
        # character that can end its before-pattern (a superset of its matches; the runs
        # below decide). Finders that share an after-pattern merge their characters, and
        # a finder implied by another is dropped, so the scan stays in C and short.
        one_char: dict[str, set[str]] = {}
        other: list[str] = []
        for rule, before, after in compiled:
            if not rule.is_break:
                continue
            atoms = _last_atoms(before) if before else None
            look = f"(?={after})" if after else ""
            if atoms is None:
                other.append(f"(?:{before}){look}" if before or look else "")
            else:
                one_char.setdefault(after, set()).update(atoms)
        kept = {
            after: atoms
            for after, atoms in one_char.items()
            if not any(
                other_after != after and atoms <= other_atoms and _implies(after, other_after)
                for other_after, other_atoms in one_char.items()
            )
        }
        # A rule whose before-pattern can end with any space ("\s" then a bullet) would make
        # every space a candidate: when its after-pattern starts with a narrow class, the
        # candidates are found from that class instead.
        self._anchored: list[tuple[re.Pattern, re.Pattern, re.Pattern]] = []
        for after, end_atoms in list(kept.items()):
            if not after or not any(_broad(a) for a in end_atoms):
                continue
            head = _last_atoms(after, from_end=False)
            if head and not any(_broad(a) for a in head):
                del kept[after]
                self._anchored.append(
                    (
                        re.compile(_atoms_regex(head)),
                        re.compile(_atoms_regex(sorted(end_atoms))),
                        re.compile(after),
                    )
                )
        merged = _merged_finder(kept)
        finders = ([merged] if merged else []) + [f for f in dict.fromkeys(other) if f]
        self._finders = [re.compile(f) for f in finders]
        # Matches of the merged finder are one character each: their ends come sorted and
        # unique, with no set to build.
        self._one_finder = bool(merged) and len(finders) == 1
        # Consecutive rules of one kind, as (after, before) pairs, then merged into groups.
        raw_runs: list[tuple[bool, bool, list[tuple[str, str]]]] = []
        seen_no_break = False
        for rule, before, after in compiled:
            if not rule.is_break:
                seen_no_break = True
            if not raw_runs or raw_runs[-1][0] != rule.is_break:
                raw_runs.append((rule.is_break, rule.is_break and not seen_no_break, []))
            raw_runs[-1][2].append((after, before))
        self._runs: list[_Run] = [
            _Run(is_break, unconditional, self._merge_groups(raw))
            for is_break, unconditional, raw in raw_runs
        ]
        self._plans: dict[str, tuple] = {}

    @staticmethod
    def _merge_groups(raw: list[tuple[str, str]]) -> list[_Group]:
        """Rules of one run that share an after-pattern are checked together; their
        before-patterns are merged into one alternation per similar reach."""
        by_after: dict[str, list[str]] = {}
        for after, before in raw:
            by_after.setdefault(after, []).append(before)
        groups: list[_Group] = []
        for after, befores in by_after.items():
            after_re = re.compile(after) if after else None
            if any(not b for b in befores):
                groups.append(_Group(after_re, [_Check(None, 0, None)]))
                continue
            chunks: dict[object, list[str]] = {}
            for b in befores:
                if _BACKREF.search(b):
                    key: object = object()
                else:
                    width = _max_width(b)
                    key = ("short" if width <= 24 else "long", _last_char_class(b))
                chunks.setdefault(key, []).append(b)
            checks = []
            for chunk in chunks.values():
                combined = "|".join(f"(?:{b})" for b in chunk)
                last = _last_char_class(combined)
                backwards = _reversed_pattern(combined)
                checks.append(
                    _Check(
                        re.compile(f"(?:{combined})\\Z"),
                        _max_width(combined),
                        re.compile(last) if last else None,
                        backwards[0] if backwards else None,
                        backwards[1] if backwards else True,
                    )
                )
            groups.append(_Group(after_re, checks))
        return groups

    # -- splitting ---------------------------------------------------------

    def split(self, text: str) -> list[tuple[int, int]]:
        """(start, end) spans of the sentences of ``text``, in order."""
        if not text or text.isspace():
            return []
        if "\u27e6" in text and PLACEHOLDER_RE.search(text):
            view, to_original = _without_codes(text)
            cuts = [to_original(p) for p in self._breaks(view)]
        else:
            cuts = self._breaks(text)
        spans: list[tuple[int, int]] = []
        start = 0
        for cut in [*cuts, len(text)]:
            if cut <= start:
                continue
            # Trim the piece by its edges (usually one space at most) instead of copying it.
            left, right = start, cut
            while left < right and text[left].isspace():
                left += 1
            while right > left and text[right - 1].isspace():
                right -= 1
            if right > left:
                spans.append((left, right))
            start = cut
        return spans

    def sentences(self, text: str) -> list[str]:
        """The sentences of ``text`` as strings."""
        return [text[a:b] for a, b in self.split(text)]

    def _breaks(self, text: str) -> list[int]:
        n = len(text)
        if self._one_finder:
            positions = [m.end() for m in self._finders[0].finditer(text)]
        else:
            positions = sorted({m.end() for rx in self._finders for m in rx.finditer(text)})
        for head, before, after in self._anchored:
            if head.search(text, 1) is None:
                continue
            extra = [
                m.start()
                for m in head.finditer(text, 1)
                if before.match(text, m.start() - 1) and after.match(text, m.start())
            ]
            if extra:
                positions = sorted({*positions, *extra})
        if not positions:
            return []
        out: list[int] = []
        forced: list[int] = []
        plans = self._plans
        backwards_text = text[::-1]
        for p in positions:
            if p <= 0 or p >= n:
                continue
            char = text[p - 1]
            plan = plans.get(char)
            if plan is None:
                plan = self._plan(char)
            after_probe, runs = plan
            # Which after-patterns match at p, all in one call.
            afters = after_probe.match(text, p).groups() if after_probe is not None else ()
            q = n - p
            for is_break, unconditional, groups in runs:
                for after, checks in groups:
                    if after is not None:
                        if after.__class__ is int:
                            if afters[after] is None:
                                continue
                        elif after.match(text, p) is None:
                            continue
                    for check in checks:
                        if check is None:
                            break
                        if check.__class__ is _PATTERN:  # read backwards, within its width
                            if check.match(backwards_text, q):
                                break
                            continue
                        before, width, backwards, bounded = check
                        if backwards is not None:
                            if backwards.match(backwards_text, q, n if bounded else q + width):
                                break
                        elif before.search(text, p - width if p > width else 0, p):
                            break
                    else:
                        continue
                    break
                else:
                    continue
                if is_break:
                    out.append(p)
                    if unconditional:
                        forced.append(p)
                break
        if out and self.balance_quotes and len(forced) < len(out):
            out = _balanced(text, out, forced)
        return out

    def _plan(self, char: str) -> tuple:
        """The runs, groups and checks that can apply where the text before a break ends
        with ``char`` (checks whose before-pattern cannot end with it are left out).

        The after-patterns are gathered into a probe, one regex that tells in one call
        which of them match at a position (an optional lookahead with a named group per
        pattern); in the runs they are the index of their group. A before-pattern that
        reads backwards within its width is its reversed regex; any other, a tuple."""
        plan = self._plans.get(char)
        if plan is not None:
            return plan
        afters: dict[str, int] = {}
        # An after-pattern is its probe slot here, or the pattern itself without a probe.
        runs: list[tuple[bool, bool, list[tuple[int | re.Pattern | None, list]]]] = []
        for run in self._runs:
            groups: list[tuple[int | re.Pattern | None, list]] = []
            for group in run.groups:
                checks: list = []
                backwards: list[str] = []
                for c in group.checks:
                    if c.before is None:
                        checks.append(None)
                    elif c.last is not None and not c.last.match(char):
                        continue
                    elif c.backwards is not None and c.bounded:
                        backwards.append(c.backwards.pattern)
                    else:
                        checks.append((c.before, c.width, c.backwards, c.bounded))
                if None in checks:
                    checks = [None]
                elif backwards:
                    # Any one of them decides: one alternation, one call.
                    merged = "|".join(f"(?:{b})" for b in backwards)
                    checks.insert(0, re.compile(merged if len(backwards) > 1 else backwards[0]))
                if not checks:
                    continue
                after = group.after
                slot = after if after is None else afters.setdefault(after.pattern, len(afters))
                groups.append((slot, checks))
            runs.append((run.is_break, run.unconditional, groups))
        after_probe = _probe(afters)
        if afters and after_probe is None:
            # No probe could be built (clashing group names): every pattern on its own.
            by_slot = {slot: re.compile(pattern) for pattern, slot in afters.items()}
            runs = [
                (
                    is_break,
                    unconditional,
                    [(by_slot[a] if isinstance(a, int) else a, checks) for a, checks in groups],
                )
                for is_break, unconditional, groups in runs
            ]
        plan = (after_probe, runs)
        self._plans[char] = plan
        return plan

    # -- SRX export ----------------------------------------------------------

    def to_srx(self, lang_pattern: str = ".*") -> str:
        """These rules as an SRX 2.0 document (one language rule, mapped by ``lang_pattern``)."""
        from lxml import etree

        ns = f"{{{SRX_NS}}}"
        root = etree.Element(ns + "srx", nsmap={None: SRX_NS}, version="2.0")
        etree.SubElement(
            root,
            ns + "header",
            segmentsubflows="yes",
            cascade="no",
        )
        body = etree.SubElement(root, ns + "body")
        langrules = etree.SubElement(body, ns + "languagerules")
        langrule = etree.SubElement(langrules, ns + "languagerule", languagerulename=self.name)
        for rule in self.rules:
            el = etree.SubElement(
                langrule, ns + "rule", {"break": "yes" if rule.is_break else "no"}
            )
            etree.SubElement(el, ns + "beforebreak").text = rule.before
            etree.SubElement(el, ns + "afterbreak").text = rule.after
        maprules = etree.SubElement(body, ns + "maprules")
        etree.SubElement(
            maprules,
            ns + "languagemap",
            languagepattern=lang_pattern,
            languagerulename=self.name,
        )
        return etree.tostring(root, encoding="unicode", pretty_print=True)


def _without_codes(text: str):
    """The text without inline codes, and a map from its break positions back to ``text``."""
    chunks: list[str] = []
    at: list[int] = []  # position in the view where each token sits
    orig_start: list[int] = []
    orig_end: list[int] = []
    attaches_left: list[bool] = []
    pos = view_len = 0
    for m in PLACEHOLDER_RE.finditer(text):
        chunk = text[pos : m.start()]
        chunks.append(chunk)
        view_len += len(chunk)
        at.append(view_len)
        orig_start.append(m.start())
        orig_end.append(m.end())
        attaches_left.append(bool(m.group(1) or m.group(3)))  # closing or standalone
        pos = m.end()
    chunks.append(text[pos:])
    view = "".join(chunks)

    def to_original(q: int) -> int:
        first = bisect.bisect_left(at, q)
        # tokens before the view position q all lie before the break
        base = q + sum(orig_end[k] - orig_start[k] for k in range(first))
        k = first
        while k < len(at) and at[k] == q and attaches_left[k]:
            base += orig_end[k] - orig_start[k]
            k += 1
        return base

    return view, to_original


# --------------------------------------------------------------------------
# SRX 2.0 files


def _read_srx(source: str | Path, lang: str) -> tuple[list[Rule], str]:
    from lxml import etree

    if isinstance(source, Path) or not str(source).lstrip().startswith("<"):
        path = Path(source)
        label = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(
                f"Cannot read SRX file {label}: {exc.strerror or exc}",
                "Check the path",
            ) from exc
    else:
        label = "SRX text"
        data = str(source).encode("utf-8")
    hint = "Fix the file; it must be an SRX 2.0 document (<srx version='2.0'>)"
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{label} is not well-formed XML: {exc.msg}", hint) from exc
    if etree.QName(root).localname != "srx":
        raise InputError(f"{label} is not an SRX document (root <{root.tag}>)", hint)

    def children(el, name: str):
        return [c for c in el if isinstance(c.tag, str) and etree.QName(c).localname == name]

    def child(el, name: str):
        found = children(el, name)
        return found[0] if found else None

    header = child(root, "header")
    cascade = (header.get("cascade", "yes") if header is not None else "yes").lower() == "yes"
    body = child(root, "body")
    if body is None:
        raise InputError(f"{label} has no <body>", hint)
    langrules_el = child(body, "languagerules")
    maprules_el = child(body, "maprules")
    if langrules_el is None or maprules_el is None:
        raise InputError(f"{label} needs <languagerules> and <maprules> in <body>", hint)

    named: dict[str, list[Rule]] = {}
    for lr in children(langrules_el, "languagerule"):
        rname = lr.get("languagerulename")
        if not rname:
            raise InputError(
                f"{label}: a <languagerule> has no languagerulename (line {lr.sourceline})", hint
            )
        rules: list[Rule] = []
        for el in children(lr, "rule"):
            brk = (el.get("break") or "yes").lower()
            if brk not in ("yes", "no"):
                raise InputError(
                    f'{label}: rule at line {el.sourceline} has break="{brk}"',
                    'Use break="yes" or break="no"',
                )
            before_el, after_el = child(el, "beforebreak"), child(el, "afterbreak")
            rule = Rule(
                brk == "yes",
                (before_el.text or "") if before_el is not None else "",
                (after_el.text or "") if after_el is not None else "",
            )
            for part in (rule.before, rule.after):
                try:
                    icu_to_python(part)
                except (re.error, ValueError) as exc:
                    raise InputError(
                        f"{label}: rule at line {el.sourceline} in '{rname}' has a bad "
                        f"regex {part!r}: {exc}",
                        "Fix the regular expression",
                    ) from exc
            rules.append(rule)
        named[rname] = rules

    chosen: list[Rule] = []
    names: list[str] = []
    code = (lang or "").strip()
    candidates = {code, code.replace("_", "-"), code.replace("-", "_")}
    for lm in children(maprules_el, "languagemap"):
        pattern = lm.get("languagepattern") or ""
        rname = lm.get("languagerulename") or ""
        try:
            lang_re = re.compile(icu_to_python(pattern), re.IGNORECASE)
        except (re.error, ValueError) as exc:
            raise InputError(
                f"{label}: languagemap at line {lm.sourceline} has a bad languagepattern "
                f"{pattern!r}: {exc}",
                "Fix the regular expression",
            ) from exc
        if not any(lang_re.fullmatch(c) for c in candidates):
            continue
        if rname not in named:
            raise InputError(
                f"{label}: languagemap at line {lm.sourceline} names unknown languagerule "
                f"'{rname}'",
                "Add that <languagerule> or fix the name",
            )
        chosen.extend(named[rname])
        names.append(rname)
        if not cascade:
            break
    if not names:
        raise InputError(
            f"{label} has no languagemap for language '{lang}'",
            "Add a <languagemap languagepattern='.*' ...> as a fallback",
        )
    return chosen, "+".join(names)


# --------------------------------------------------------------------------
# Built-in rules


def _primary_subtag(lang: str) -> str:
    return re.split(r"[-_]", (lang or "").strip(), maxsplit=1)[0].lower()


def _alt(words: Iterable[str], capitalise: bool = False) -> str:
    """An alternation of literal words, optionally with Capitalised forms, factored by
    prefix (``M(?:lle|me)?``) so a regex tries one branch per character, not per word.
    Optional parts are greedy: the longest word is tried first."""
    trie: dict = {}
    for w in words:
        for form in {w, w[:1].upper() + w[1:]} if capitalise else {w}:
            node = trie
            for ch in form:
                node = node.setdefault(ch, {})
            node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        core = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return f"(?:{core})?"
        return core

    return build(trie)


# Sentence-final punctuation; straight/curly quotes, brackets and bidi marks may follow it.
TERMINALS = ".?!…‼⁇⁈⁉؟۔։।॥።！？"
TERM = "[" + re.escape(TERMINALS) + "]"
CLOSERS = "[\"'”’»«›)\\]}」』〕】〉》\\x{200E}\\x{200F}\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}]"
BULLETS = "[-*•◦▪‣⁃–—]"
HSPACE = "[^\\S\\n]"
BIDI = "[\\x{200E}\\x{200F}\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}]"


@dataclass(frozen=True)
class _LanguageData:
    # Abbreviations that never end a sentence: titles before a name, "cf.", "e.g.".
    titles: tuple[str, ...] = ()
    # Abbreviations that may end a sentence: a break only before a typical sentence opener.
    abbreviations: tuple[str, ...] = ()
    # Abbreviations that only stay unbroken before a number ("No. 5").
    before_number: tuple[str, ...] = ()
    # Words that typically open a sentence (after an abbreviation, they signal a break).
    starters: tuple[str, ...] = ()
    # Spaced closing quotes after the final punctuation (French typography: « Oui. »).
    spaced_closers: bool = False
    # Plural abbreviations with doubled letters (Spanish EE. UU.).
    doubled_capitals: bool = False
    extra_no_break: tuple[tuple[str, str], ...] = ()


_COMMON_TITLES = ("Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Mt", "vs", "cf")
_MONTHS_EN = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
_DAYS_EN = "Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun".split()

_LANGUAGES: dict[str, _LanguageData] = {
    "en": _LanguageData(
        titles=(
            *_COMMON_TITLES,
            *"Mx Messrs Mmes Rev Revd Hon Fr Gen Gov Sen Rep Col Capt Cpt Lt Sgt Maj Adm".split(),
            *"Cmdr Supt Insp Pres Brig Cdr Cpl Pvt Atty viz approx ca Ph".split(),
        ),
        abbreviations=(
            *"Inc Ltd Co Corp Bros Jr Sr Esq Assn Dept Univ Govt Intl Ave Blvd Rd".split(),
            *"dept est fig figs vol vols pp ch chap sec sect art al misc op ed eds".split(),
            *"pg pgs tel ext min max mins hrs hr oz lb lbs ft yr yrs sq cu".split(),
            *_MONTHS_EN,
            *_DAYS_EN,
        ),
        before_number=("No", "Nos", "no", "nos", "Nr", "nr", "Ch", "Fig", "Vol", "Art"),
        starters=(
            *"A An The This That These Those There Then Thus Hence However Meanwhile".split(),
            *"I He She It We They You My Our Your His Her Its Their Who What When Where".split(),
            *"Why How Which In On At For From After Before During Since If As But And So".split(),
            *"Did Do Does Is Are Was Were Can Could Will Would Should Please Thanks Yes".split(),
            *"Being Millions More Most Many Some All Each Every Today Yesterday".split(),
        ),
    ),
    "fr": _LanguageData(
        titles=(
            *_COMMON_TITLES,
            *"M MM Mme Mmes Mlle Mlles Dr Dre Drs Pr Pre Me Mgr Sr Ste Gén Col Cdt Lt".split(),
            *"ex av apr cf env c.-à-d c-à-d".split(),
        ),
        abbreviations=(
            *"p pp art arts al chap ch coll déc janv févr fév avr juil sept oct nov".split(),
            *"éd éds fig hab ibid id op cit réf suiv sq sqq tél tel vol vs min max".split(),
            *"boul bd dép dépt resp Cie cie Inc Ltd Co Corp ca t tr trad dir spéc".split(),
            *"hon prov rte approx mio mrd hab mat s ms".split(),
        ),
        before_number=("no", "No", "nos", "Nos", "n", "N"),
        starters=(
            *"Le La Les Un Une Des Du Au Aux Il Ils Elle Elles On Nous Vous Je Tu Ce".split(),
            *"Cet Cette Ces Cela Ceci Ça Mais Et Ou Donc Or En Dans Pour Par Sur Selon".split(),
            *"Depuis Après Avant Si Quand Lorsque Cependant Toutefois Ainsi Enfin De".split(),
            *"Son Sa Ses Leur Leurs Notre Nos Votre Vos Mon Ma Mes Y À Voici Voilà Puis".split(),
            *"L' L’ D' D’ J' J’ C' C’ Qu' Qu’ N' N’ S' S’".split(),
        ),
        spaced_closers=True,
    ),
    "es": _LanguageData(
        titles=(
            *_COMMON_TITLES,
            *"Sr Sra Srta Sres Sras Srs Dra Dres Lic Licda Ing Arq Profa Ud Uds Vd".split(),
            *"Vds D Dña Da Sto Sta Mons Excmo Excma Ilmo Ilma Gral Cnel Tte Pbro Fr".split(),
            *"ej i.e e.g".split(),
        ),
        abbreviations=(
            *"párr párrf pág págs p pp art arts núm cap caps vol vols tel telf".split(),
            *"fig aprox admón".split(),
            *"Avda Av avda dcha izq ene feb mar abr may jun jul ago sep sept set oct".split(),
            *"nov dic lun mié jue vie sáb dom min máx mín seg hs km cía Cía Ltda Cra".split(),
            *"Ext Dpto depto dto ed edit col coord ob op cit atte prov".split(),
        ),
        before_number=("No", "no", "Nos", "nos", "Nº", "nº"),
        starters=(
            *"El La Los Las Lo Un Una Unos Unas Es Este Esta Estos Estas Ese Esa Eso".split(),
            *"Esto Pero Y En Con Por Para Se Sin Según Desde Además También Él Ella".split(),
            *"Ellos Ellas Nosotros Yo Hay Si Cuando Como Al Del Su Sus Mi Mis Nuestro".split(),
            *"Nuestra Luego Después Antes Así Sin Aunque Mientras".split(),
            "¿",
            "¡",
        ),
        doubled_capitals=True,
    ),
    "ar": _LanguageData(
        titles=("د", "أ", "أ.د", "م.د", "ا.د", *_COMMON_TITLES),
    ),
}
_GENERIC = _LanguageData(titles=_COMMON_TITLES, starters=("¿", "¡"))


def builtin_rules(lang: str) -> list[Rule]:
    """The built-in rule list for a language (primary subtag); the generic set otherwise."""
    data = _LANGUAGES.get(_primary_subtag(lang), _GENERIC)
    letter = "\\p{L}"
    lower = "\\p{Ll}"
    # Bounded repeats keep the before-patterns' reach short (see MAX_LOOKBEHIND): a
    # before-pattern only has to match the text that ends at the break.
    end = f"{TERM}{{1,6}}{CLOSERS}{{0,4}}"
    if data.spaced_closers:
        end = f"{TERM}{{1,6}}(?:{CLOSERS}|{HSPACE}{{1,2}}[»”]){{0,4}}"
    rules: list[Rule] = [
        # Unconditional: blank lines, list items and separator lines.
        Rule(True, f"\\n{HSPACE}*\\n", ""),
        Rule(
            True,
            "\\n",
            f"{HSPACE}*(?:{BULLETS}{HSPACE}|[•◦▪‣⁃]|(?:\\d{{1,3}}|\\p{{L}})[.)]{HSPACE})",
        ),
        Rule(True, f"[_=~*-]{{3,}}{HSPACE}*\\n", ""),
        Rule(True, "\\n", f"{HSPACE}*[_=~*-]{{3,}}{HSPACE}*(?:\\n|$)"),
        Rule(True, "\\s", "[•◦▪‣⁃]"),
        # "word. . . . Next": a full stop, then an ellipsis that opens the next sentence.
        Rule(True, f"{letter}\\.", f"(?:{HSPACE}\\.){{3}}{HSPACE}+\\p{{Lu}}"),
        # No break: what follows cannot open a sentence.
        Rule(False, end, "\\s*[,;:.…)\\]}/]"),
        Rule(False, end, f"\\s+{lower}"),
        # "[...]" and "(…)" mark an omission inside a quotation.
        Rule(False, f"[\\[(](?:\\.\\.\\.|…)[\\])]{CLOSERS}{{0,4}}", "\\s"),
        # A list marker at the start of a line or right after a sentence: "1. Foo".
        Rule(
            False,
            f"(?:(?:^|\\n){HSPACE}{{0,3}}(?:{BULLETS}{HSPACE}{{0,2}})?|[•◦▪‣⁃]{HSPACE}{{0,2}})"
            f"(?:\\d{{1,3}}|{letter}|[IVXivx]{{1,4}})(?:\\.\\)?|\\))",
            "\\s",
        ),
        Rule(False, f"[.!?:]{HSPACE}{{1,3}}\\d{{1,3}}(?:\\.\\)|\\))", "\\s"),
    ]
    # "item. 2. Next item": a number after a sentence is a list marker, unless the full
    # stop belonged to an abbreviation ("chap. 3. Le reste").
    not_abbreviation = "".join(
        f"(?<!{re.escape(w)})"
        for w in sorted(
            {f for w in (*data.abbreviations, *data.before_number) for f in (w, w.capitalize())}
        )
    )
    rules.append(
        Rule(False, f"(?:[!?:]|(?=\\.){not_abbreviation}\\.){HSPACE}{{1,3}}\\d{{1,3}}\\.", "\\s")
    )
    if data.spaced_closers:
        rules.append(Rule(False, TERM, f"{HSPACE}+[»”]"))
    if data.titles:
        rules.append(
            Rule(False, f"(?<![\\w.-])(?:{_alt(data.titles)}){BIDI}{{0,2}}\\.{BIDI}{{0,2}}", "\\s")
        )
    if data.before_number:
        rules.append(Rule(False, f"\\b(?:{_alt(data.before_number)})\\.", "\\s+\\d"))
    rules.append(Rule(False, "\\b[Nn][°º]\\.", "\\s"))
    # An abbreviation, initial or acronym may end a sentence when a typical opener follows.
    abbr = f"\\b(?:{_alt(data.abbreviations, capitalise=True)})\\." if data.abbreviations else ""
    initials = f"\\b{letter}\\.(?:-?{letter}\\.){{0,3}}"
    # Spanish plural abbreviations double their letters: EE. UU., FF. AA., CC. OO.
    doubled = (
        f"\\b(?:{'|'.join(c + c for c in 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')})\\."
        if data.doubled_capitals
        else ""
    )
    spaced_ellipsis = "(?:^|\\s)\\.\\s\\.\\s\\.\\s\\."
    if data.starters:
        words = [w for w in data.starters if w[-1:].isalpha()]
        marks = [w for w in data.starters if not w[-1:].isalpha()]
        opener = f"(?:{_alt(words)})(?!\\w)" if words else ""
        if marks:
            opener = "|".join(x for x in (opener, _alt(marks)) if x)
        befores = [b for b in (abbr, initials, doubled) if b]
        rules.append(Rule(True, "|".join(befores), f"\\s+(?:{opener})"))
    # A unit symbol after a number ("120.5°C.") is no initial: a capital after it starts anew.
    rules.append(Rule(True, "[\\d°º]\\p{Lu}\\.", "\\s+[¿¡]?\\p{Lu}"))
    rules.append(Rule(True, spaced_ellipsis, "\\s"))
    # Otherwise they do not.
    rules += [
        Rule(False, "(?:^|\\s)\\.\\s\\.\\s\\.", "\\s"),  # ". . ." mid-sentence omission
        Rule(False, initials, "\\s"),
    ]
    if abbr:
        rules.append(Rule(False, abbr, "\\s"))
    if doubled:
        rules.append(Rule(False, doubled, "\\s"))
    for before, after in data.extra_no_break:
        rules.append(Rule(False, before, after))
    # The breaks.
    rules += [
        Rule(True, end, "\\s"),
        # CJK full stops need no space after them.
        Rule(True, "[。！？]{1,6}[」』”’）]{0,3}", "[^\\s。！？」』”’）]"),
    ]
    return rules


@lru_cache(maxsize=64)
def _builtin_segmenter(primary: str) -> Segmenter:
    name = primary if primary in _LANGUAGES else "generic"
    return Segmenter(builtin_rules(primary), name=f"l10n-{name}")

"""Things that must survive translation, found in plain text: URLs, e-mail addresses,
phone numbers, numbers (written with digits or as words) and variables.

Every extractor works on text whose inline-code tokens are already blanked
(``l10n.inline.blank_codes``), so offsets are offsets into the stored text. The
extractors run in a fixed order and each blanks what it found before the next one
looks, so the digits of a phone number or a URL are never read as numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from l10n.inline import blank_codes
from l10n.qa.lexicon import (
    MONTH_ALIASES,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    SCALES,
    WORD_ALIASES,
)

# Arabic-Indic and Eastern Arabic-Indic digits read as ASCII digits; the Arabic decimal
# and thousands separators as their Latin counterparts (same length: offsets kept).
_DIGITS = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "\u066b": ".",  # ARABIC DECIMAL SEPARATOR
        "\u066c": ",",  # ARABIC THOUSANDS SEPARATOR
    }
)
SPACES = " \u00a0\u202f\u2009\u2007"

URL_RE = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>\"«»“”()\[\]]+"
    r"|\b(?:[a-z0-9-]+\.)+(?:int|org|com|net|gov|edu|info|news|ch|fr|uk|es|kw|ng|sl)"
    r"(?:/[^\s<>\"«»“”()\[\]]*)?(?![\w@.-]*@)\b/?",
    re.IGNORECASE,
)
EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", re.UNICODE)
# A phone number: an optional + or 00, then digit groups with spaces, dots, hyphens,
# slashes or parentheses between them; at least 7 digits (checked after the match).
PHONE_RE = re.compile(r"(?<![\w.,+])(?:\+|00)?\(?\+?\d[\d\-./()" + SPACES + r"]{5,}\d(?![\w])")
# A number: digit groups joined by thousands/decimal separators.
NUMBER_RE = re.compile(
    r"(?<![\d,.])(?:\d{1,3}(?:[" + SPACES + r"]\d{3}(?!\d))+(?:[,.]\d+)?|\d+(?:[,.]\d+)*)"
)
WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
VARIABLE_RE = re.compile(
    r"%(?:\([\w.]+\))?[-+#0]*\d*(?:\.\d+)?[sdifgxXeEuc](?![^\W\d_])"
    r"|\{\{\s*[\w.]+\s*\}\}|\{\w[\w.]*\}|\$\{[\w.]+\}"
)
_TRAILING = ".,;:!?)»”\"'’"


@dataclass(frozen=True)
class Found:
    """A thing found in a text: what it is compared by (``key``) and where it is."""

    key: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class NumberMention:
    """A number in a text. ``values`` holds every reading of it (``1,500`` is 1500 in
    English and 1.5 in French; ``2 millions`` is 2 and 2000000)."""

    values: frozenset[Decimal]
    text: str
    start: int
    end: int
    word: bool = False  # written as a word (five, cinq)
    ordinal: bool = False  # an ordinal word (first, premier): may absorb 1st/1er, never required
    month: bool = False  # a month name, or a day/month part of a numeric date (15/02/2016)


def normalize_digits(text: str) -> str:
    return text.translate(_DIGITS)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def find_urls(text: str) -> list[Found]:
    out = []
    for m in URL_RE.finditer(text):
        raw = m.group(0).rstrip(_TRAILING)
        if not raw or (m.group(0)[0].isalpha() and "." not in raw):
            continue
        out.append(Found(url_key(raw), raw, m.start(), m.start() + len(raw)))
    return out


def url_key(url: str) -> str:
    """URLs compare without scheme, ``www.``, a trailing slash and language folders
    (``/fr/news``, ``/en/news`` and ``/news`` are one page in several languages)."""
    key = re.sub(r"^(?:https?|ftp)://", "", url.strip(), flags=re.I)
    key = re.sub(r"^www\.", "", key, flags=re.I)
    host, _, path = key.partition("/")
    parts = [p for p in path.rstrip("/").split("/") if p]
    parts = [p for p in parts if not re.fullmatch(r"[a-z]{2}(?:[-_][a-z]{2})?", p, re.I)]
    return host.lower() + "".join("/" + p for p in parts)


def find_emails(text: str) -> list[Found]:
    return [
        Found(m.group(0).lower(), m.group(0), m.start(), m.end()) for m in EMAIL_RE.finditer(text)
    ]


def _is_grouped_number(raw: str) -> bool:
    """``72 176 000``, ``1.000.000``: thousands grouping, not a phone number."""
    groups = re.split(r"[" + SPACES + r".,]", raw)
    return (
        len(groups) > 1
        and 1 <= len(groups[0]) <= 3
        and not groups[0].startswith("0")
        and all(len(g) == 3 for g in groups[1:])
    )


def find_phones(text: str) -> list[Found]:
    out = []
    for m in PHONE_RE.finditer(text):
        raw = m.group(0).rstrip("-./" + SPACES)
        digits = re.sub(r"\D", "", raw)
        if len(digits) < 7 or len(digits) > 15:
            continue
        plus = raw.lstrip("(").startswith(("+", "00"))
        if _NUMERIC_DATE.fullmatch(raw):
            continue  # 15.02.2016, 2016-02-15
        if not plus:
            if _is_grouped_number(raw) or re.fullmatch(r"\d+", raw):
                continue
            if re.search(r"\d{4}\s*[-/–]\s*\d{4}", raw) and len(digits) == 8:
                continue  # a span of years: 2015-2016
            # Without a country prefix, digit groups of 2-4 separated by spaces or dots
            # (25 30 81 64, 022.123.45.67); dates (12/03/2016) and decimals are not phones.
            if "/" in raw or not re.fullmatch(r"\(?\d{1,4}\)?(?:[-. \u00a0]\d{2,4}){2,}", raw):
                continue
        if digits.startswith("00"):
            digits = digits[2:]
        out.append(Found(digits, raw, m.start(), m.start() + len(raw)))
    return out


def strip_contacts(text: str) -> tuple[str, list[Found], list[Found], list[Found]]:
    """The text with URLs, e-mail addresses and phone numbers blanked, and those found."""
    plain = normalize_digits(blank_codes(text))
    emails = find_emails(plain)
    plain = _blank(plain, [(f.start, f.end) for f in emails])
    urls = find_urls(plain)
    plain = _blank(plain, [(f.start, f.end) for f in urls])
    phones = find_phones(plain)
    plain = _blank(plain, [(f.start, f.end) for f in phones])
    return plain, urls, emails, phones


def _readings(raw: str) -> set[Decimal]:
    """Every plausible value of a digit string with separators."""
    seps = [c for c in raw if not c.isdigit()]
    digits_only = re.sub(r"\D", "", raw)
    if not seps:
        return {Decimal(raw)}
    groups = re.split(r"[^\d]", raw)
    out: set[Decimal] = set()
    kinds = set(seps)
    spaces = kinds & set(SPACES)
    if spaces and kinds <= set(SPACES):
        return {Decimal(digits_only)}  # 72 176: grouping only (NUMBER_RE checked the groups)
    marks = [c for c in seps if c in ",."]
    if len(set(marks)) == 2:
        # 1,234.5 or 1.234,5: the last mark is the decimal one.
        dec = marks[-1]
        int_part, _, frac = raw.rpartition(dec)
        try:
            out.add(Decimal(re.sub(r"\D", "", int_part) + "." + frac))
        except InvalidOperation:
            pass
        return out or {Decimal(digits_only)}
    mark = marks[0]
    parts = raw.split(mark)
    head = re.sub(r"\D", "", parts[0])
    if len(parts) > 2:
        return {Decimal(digits_only)}  # 1,000,000
    frac = parts[1]
    if len(frac) == 3 and 1 <= len(groups[0]) <= 3 and not spaces:
        out.add(Decimal(head + frac))  # 1,500 in English or 1.500 in Spanish
    out.add(Decimal(head + "." + frac))
    return out


@lru_cache(maxsize=16)
def _word_re(lang: str) -> re.Pattern | None:
    words = list(NUMBER_WORDS.get(lang, {})) + list(ORDINAL_WORDS.get(lang, {}))
    words += [w for w, target in WORD_ALIASES.items() if target in NUMBER_WORDS.get(lang, {})]
    if not words:
        return None
    words.sort(key=len, reverse=True)
    return re.compile(
        r"(?<![\w-])(" + "|".join(map(re.escape, words)) + r")(?![\w-])", re.IGNORECASE
    )


_SCALE_AFTER = re.compile(
    r"[" + SPACES + r"]*(?:de\s+)?(mil millones|millions?|millón|millones|milliards?|billions?"
    r"|milliers|thousands?|mille|mil|مليون|ملايين|مليار)\b",
    re.IGNORECASE,
)


def _with_scale(values: set[Decimal], text: str, end: int) -> set[Decimal]:
    m = _SCALE_AFTER.match(text, end)
    if not m:
        return values
    scale = SCALES.get(m.group(1).lower(), 1)
    return values | {v * scale for v in values}


# Times of day: 14 h 30, 14h, 2:30 p.m., 10 a.m., 14:30. A time is worth its minutes of the
# day, and a whole hour also its hour number (``10 h`` may be a duration: ``10 hours``).
_TIME_H = re.compile(
    r"(?<![\d,.])([01]?\d|2[0-3])[ \u00a0\u202f]?h(?:[ \u00a0\u202f]?([0-5]\d))?(?!\w)"
)
_TIME_AMPM = re.compile(
    r"(?<![\d,.])(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?[ \u00a0\u202f]?([ap])\.?[ \u00a0]?m\b\.?",
    re.IGNORECASE,
)
_TIME_24 = re.compile(r"(?<![\d,.:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
_TIME_HOURS = re.compile(
    r"(?<![\d,.:])([01]?\d|2[0-3])[.:]([0-5]\d)[ \u00a0]?(?:h|horas|hrs|heures)(?!\w)"
)
# Roman numerals (XXIe siècle, siglo XXI, World War II): they may match digits on the
# other side but are never required, since capitals are also initials.
_ROMAN = re.compile(
    r"(?<![\w-])(?=[IVX])((?:X{0,3})(?:IX|IV|V?I{0,3}))(er|e|ème|st|nd|rd|th)?(?![\w-])"
)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _roman_value(numeral: str) -> int:
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN_VALUES[ch]
        if i + 1 < len(numeral) and _ROMAN_VALUES[numeral[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def find_times(plain: str) -> list[NumberMention]:
    out = []
    for pattern in (_TIME_AMPM, _TIME_HOURS, _TIME_H, _TIME_24):
        for m in pattern.finditer(plain):
            hour = int(m.group(1))
            minutes = int(m.group(2) or 0)
            if pattern is _TIME_AMPM:
                hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
            values = {Decimal(hour * 60 + minutes)}
            if pattern in (_TIME_AMPM, _TIME_H) and not m.group(2):
                values.add(Decimal(int(m.group(1))))
            out.append(NumberMention(frozenset(values), m.group(0), m.start(), m.end()))
            plain = _blank(plain, [(m.start(), m.end())])
    return out


# 15/02/2016, 15.02.2016, 15-02-16, and ISO 2016-02-15.
_NUMERIC_DATE = re.compile(
    r"(?<![\d.,/-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]\d)"
    r"|(?<![\d.,/-])(\d{4})-(\d{2})-(\d{2})(?![\d-])"
)


@lru_cache(maxsize=16)
def _month_re(lang: str) -> tuple[re.Pattern, dict[str, int]] | None:
    names = {name: i + 1 for i, name in enumerate(MONTHS.get(lang, ()))}
    names.update(MONTH_ALIASES.get(lang, {}))
    if not names:
        return None
    # English month names are capitalised (may, march are verbs); others match any case.
    flags = 0 if lang == "en" else re.IGNORECASE
    words = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, words)) + r")\.?(?![\w-])", flags)
    return pattern, {k.casefold(): v for k, v in names.items()}


def find_dates(plain: str, lang: str) -> list[NumberMention]:
    """Numeric dates (their day and month parts may stand for a month name on the other
    side) and month names (which may match them, never required)."""
    out = []
    for m in _NUMERIC_DATE.finditer(plain):
        if m.group(1):
            parts = [(1, True), (3, True), (4, False)]
        else:
            parts = [(5, False), (6, True), (7, True)]
        for group, month_like in parts:
            text = m.group(group)
            value = Decimal(text)
            out.append(
                NumberMention(
                    frozenset({value}),
                    text,
                    m.start(group),
                    m.end(group),
                    month=month_like and 1 <= value <= 12,
                )
            )
    found = _month_re(lang.split("-")[0])
    if found is not None:
        pattern, values = found
        for m in pattern.finditer(plain):
            month_number = values[m.group(1).casefold()]
            out.append(
                NumberMention(
                    frozenset({Decimal(month_number)}),
                    m.group(1),
                    m.start(),
                    m.end(),
                    word=True,
                    ordinal=True,
                    month=True,
                )
            )
    return out


def find_numbers(plain: str, lang: str) -> list[NumberMention]:
    """Numbers in a text whose contacts were blanked (see ``strip_contacts``)."""
    out: list[NumberMention] = find_times(plain)
    plain = _blank(plain, [(n.start, n.end) for n in out])
    dates = find_dates(plain, lang)
    out += [n for n in dates if not n.word]
    plain = _blank(plain, [(n.start, n.end) for n in dates if not n.word])
    months = [n for n in dates if n.word]
    out += months
    for m in _ROMAN.finditer(plain):
        numeral = m.group(1)
        if not numeral or (len(numeral) < 2 and not m.group(2)):
            continue
        # XXIe and XIXth are numbers for sure: required like digits. A bare XXI or II may
        # be initials: it can match, never required.
        suffixed = bool(m.group(2))
        out.append(
            NumberMention(
                frozenset({Decimal(_roman_value(numeral))}),
                m.group(0),
                m.start(),
                m.end(),
                word=not suffixed,
                ordinal=not suffixed,
            )
        )
    for m in NUMBER_RE.finditer(plain):
        raw = m.group(0)
        try:
            values = _readings(raw)
        except InvalidOperation:
            continue
        values = {v.normalize() for v in _with_scale(values, plain, m.end())}
        out.append(NumberMention(frozenset(values), raw, m.start(), m.end()))
    pattern = _word_re(lang.split("-")[0])
    if pattern is not None:
        base = lang.split("-")[0]
        cardinals = NUMBER_WORDS.get(base, {})
        ordinals = ORDINAL_WORDS.get(base, {})
        for m in pattern.finditer(plain):
            word = m.group(1).lower()
            word = WORD_ALIASES.get(word, word)
            if word in ordinals:
                out.append(
                    NumberMention(
                        frozenset({Decimal(ordinals[word])}),
                        m.group(1),
                        m.start(),
                        m.end(),
                        word=True,
                        ordinal=True,
                    )
                )
                continue
            value = cardinals[word]
            if value in (100, 1000) and _preceded_by_number(plain, m.start()):
                continue  # "deux cents", "five thousand": read with the number before
            values = {Decimal(value)}
            if value not in (100, 1000):
                values = _with_scale(values, plain, m.end())
            out.append(NumberMention(frozenset(values), m.group(1), m.start(), m.end(), word=True))
    out.sort(key=lambda n: n.start)
    return out


def _preceded_by_number(text: str, start: int) -> bool:
    before = text[:start].rstrip(SPACES)
    return bool(before) and (before[-1].isdigit() or before.endswith(("deux", "two", "dos")))


def find_variables(text: str) -> list[Found]:
    return [Found(m.group(0), m.group(0), m.start(), m.end()) for m in VARIABLE_RE.finditer(text)]

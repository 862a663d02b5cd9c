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


# Number words: only words that are numbers in (nearly) every use. ``un``/``one``/``uno``
# are left out (articles, pronouns), as are ``second``/``seconde`` (also a unit of time).
NUMBER_WORDS: dict[str, dict[str, int]] = {
    "fr": {
        "zéro": 0,
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "onze": 11,
        "douze": 12,
        "treize": 13,
        "quatorze": 14,
        "quinze": 15,
        "seize": 16,
        "dix-sept": 17,
        "dix-huit": 18,
        "dix-neuf": 19,
        "vingt": 20,
        "trente": 30,
        "quarante": 40,
        "cinquante": 50,
        "soixante": 60,
        "soixante-dix": 70,
        "quatre-vingts": 80,
        "quatre-vingt-dix": 90,
        "cent": 100,
        "mille": 1000,
    },
    "en": {
        "zero": 0,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "thirteen": 13,
        "fourteen": 14,
        "fifteen": 15,
        "sixteen": 16,
        "seventeen": 17,
        "eighteen": 18,
        "nineteen": 19,
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "hundred": 100,
        "thousand": 1000,
    },
    "es": {
        "cero": 0,
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
        "once": 11,
        "doce": 12,
        "trece": 13,
        "catorce": 14,
        "quince": 15,
        "dieciséis": 16,
        "diecisiete": 17,
        "dieciocho": 18,
        "diecinueve": 19,
        "veinte": 20,
        "treinta": 30,
        "cuarenta": 40,
        "cincuenta": 50,
        "sesenta": 60,
        "setenta": 70,
        "ochenta": 80,
        "noventa": 90,
        "cien": 100,
        "mil": 1000,
    },
    "ar": {
        "اثنان": 2,
        "اثنين": 2,
        "ثلاثة": 3,
        "ثلاث": 3,
        "أربعة": 4,
        "أربع": 4,
        "خمسة": 5,
        "خمس": 5,
        "ستة": 6,
        "ست": 6,
        "سبعة": 7,
        "سبع": 7,
        "ثمانية": 8,
        "تسعة": 9,
        "تسع": 9,
        "عشرة": 10,
        "عشر": 10,
        "عشرين": 20,
        "عشرون": 20,
        "مائة": 100,
        "مئة": 100,
        "ألف": 1000,
    },
}
ORDINAL_WORDS: dict[str, dict[str, int]] = {
    "fr": {
        "premier": 1,
        "première": 1,
        "premiers": 1,
        "premières": 1,
        "deuxième": 2,
        "troisième": 3,
        "quatrième": 4,
        "cinquième": 5,
        "sixième": 6,
        "septième": 7,
        "huitième": 8,
        "neuvième": 9,
        "dixième": 10,
    },
    "en": {
        "first": 1,
        "second": 2,
        "third": 3,
        "fourth": 4,
        "fifth": 5,
        "sixth": 6,
        "seventh": 7,
        "eighth": 8,
        "ninth": 9,
        "tenth": 10,
    },
    "es": {
        "primer": 1,
        "primero": 1,
        "primera": 1,
        "primeros": 1,
        "primeras": 1,
        "segundo": 2,
        "segunda": 2,
        "tercer": 3,
        "tercero": 3,
        "tercera": 3,
        "cuarto": 4,
        "cuarta": 4,
        "quinto": 5,
        "quinta": 5,
        "sexto": 6,
        "décimo": 10,
    },
    "ar": {"الأول": 1, "الأولى": 1, "الثاني": 2, "الثانية": 2, "الثالث": 3, "الثالثة": 3},
}
# Plural or feminine spellings read like the listed word.
_WORD_ALIASES = {"cents": "cent", "quatre-vingt": "quatre-vingts", "ciento": "cien"}
SCALES: dict[str, int] = {
    "million": 10**6,
    "millions": 10**6,
    "millón": 10**6,
    "millones": 10**6,
    "milliard": 10**9,
    "milliards": 10**9,
    "billion": 10**9,
    "billions": 10**9,
    "mil millones": 10**9,
    "milliers": 1000,
    "thousand": 1000,
    "thousands": 1000,
    "mille": 1000,
    "mil": 1000,
    "مليون": 10**6,
    "ملايين": 10**6,
    "مليار": 10**9,
}


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


def _add_compounds() -> None:
    """Two-word numbers: twenty-five, seventy-first, vingt-cinq, soixante-douze,
    quatre-vingt-dix-neuf, veinticinco, treinta y dos."""
    en, fr, es = NUMBER_WORDS["en"], NUMBER_WORDS["fr"], NUMBER_WORDS["es"]
    en_units = {w: v for w, v in en.items() if 2 <= v <= 9} | {"one": 1}
    en_ordinals = {w: v for w, v in ORDINAL_WORDS["en"].items() if v <= 9}
    for tens in ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"):
        for unit, value in en_units.items():
            en[f"{tens}-{unit}"] = en[tens] + value
        for unit, value in en_ordinals.items():
            ORDINAL_WORDS["en"][f"{tens}-{unit}"] = en[tens] + value
    fr_units = {w: v for w, v in fr.items() if 2 <= v <= 9}
    for tens in ("vingt", "trente", "quarante", "cinquante", "soixante"):
        fr[f"{tens}-et-un"] = fr[f"{tens} et un"] = fr[tens] + 1
        for unit, value in fr_units.items():
            fr[f"{tens}-{unit}"] = fr[tens] + value
    teens = {
        "onze": 11,
        "douze": 12,
        "treize": 13,
        "quatorze": 14,
        "quinze": 15,
        "seize": 16,
        "dix-sept": 17,
        "dix-huit": 18,
        "dix-neuf": 19,
    }
    fr["soixante-et-onze"] = fr["soixante et onze"] = 71
    for word, value in teens.items():
        if value > 11:
            fr[f"soixante-{word}"] = 60 + value
        fr[f"quatre-vingt-{word}"] = 80 + value
    for unit, value in (fr_units | {"un": 1}).items():
        fr[f"quatre-vingt-{unit}"] = 80 + value
    es_units = {w: v for w, v in es.items() if 2 <= v <= 9} | {"uno": 1}
    for word, value in (
        ("veintiuno", 21),
        ("veintiún", 21),
        ("veintidós", 22),
        ("veintitrés", 23),
        ("veinticuatro", 24),
        ("veinticinco", 25),
        ("veintiséis", 26),
        ("veintisiete", 27),
        ("veintiocho", 28),
        ("veintinueve", 29),
    ):
        es[word] = value
    for tens in ("treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"):
        for unit, value in es_units.items():
            es[f"{tens} y {unit}"] = es[tens] + value


_add_compounds()


@lru_cache(maxsize=16)
def _word_re(lang: str) -> re.Pattern | None:
    words = list(NUMBER_WORDS.get(lang, {})) + list(ORDINAL_WORDS.get(lang, {}))
    words += [w for w, target in _WORD_ALIASES.items() if target in NUMBER_WORDS.get(lang, {})]
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


MONTHS: dict[str, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "ar": (
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ),
}
_MONTH_ALIASES = {
    "fr": {"fevrier": 2, "aout": 8, "decembre": 12},
    "en": {
        "Jan": 1,
        "Feb": 2,
        "Mar": 3,
        "Apr": 4,
        "Jun": 6,
        "Jul": 7,
        "Aug": 8,
        "Sep": 9,
        "Sept": 9,
        "Oct": 10,
        "Nov": 11,
        "Dec": 12,
    },
    "es": {"setiembre": 9},
    "ar": {
        "كانون الثاني": 1,
        "شباط": 2,
        "آذار": 3,
        "نيسان": 4,
        "أيار": 5,
        "حزيران": 6,
        "تموز": 7,
        "آب": 8,
        "أيلول": 9,
        "تشرين الأول": 10,
        "تشرين الثاني": 11,
        "كانون الأول": 12,
    },
}
# 15/02/2016, 15.02.2016, 15-02-16, and ISO 2016-02-15.
_NUMERIC_DATE = re.compile(
    r"(?<![\d.,/-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]\d)"
    r"|(?<![\d.,/-])(\d{4})-(\d{2})-(\d{2})(?![\d-])"
)


@lru_cache(maxsize=16)
def _month_re(lang: str) -> tuple[re.Pattern, dict[str, int]] | None:
    names = {name: i + 1 for i, name in enumerate(MONTHS.get(lang, ()))}
    names.update(_MONTH_ALIASES.get(lang, {}))
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
            value = values[m.group(1).casefold()]
            out.append(
                NumberMention(
                    frozenset({Decimal(value)}),
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
            word = _WORD_ALIASES.get(word, word)
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

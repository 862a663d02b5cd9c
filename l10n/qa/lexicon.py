"""Words that stand for numbers and months, per language (fr, en, es, ar)."""

from __future__ import annotations

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
WORD_ALIASES = {"cents": "cent", "quatre-vingt": "quatre-vingts", "ciento": "cien"}
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
MONTH_ALIASES = {
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

"""BCP 47 language codes: validation, normalisation, names, direction and plurals."""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from l10n.errors import UsageError

_SHAPE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
# Codes older Windows and .NET tools write (TMX and TBX exports carry them).
_LEGACY = {"zh-chs": "zh-Hans", "zh-cht": "zh-Hant"}


@lru_cache(maxsize=256)
def _locale(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


def normalize_lang(code: str) -> str:
    """Return the canonical BCP 47 form of ``code`` (``fr_ca`` → ``fr-CA``) or raise UsageError."""
    raw = (code or "").strip()
    if not raw or not _SHAPE.match(raw):
        raise UsageError(
            f"'{code}' is not a language code",
            "Use a BCP 47 code such as fr, en, es, ar, pt-BR or zh-Hans",
        )
    raw = _LEGACY.get(raw.lower().replace("_", "-"), raw)
    try:
        loc = _locale(raw)
    except (UnknownLocaleError, ValueError) as exc:
        raise UsageError(
            f"'{code}' is not a known language code",
            "Use a BCP 47 code such as fr, en, es, ar, pt-BR or zh-Hans",
        ) from exc
    parts = [loc.language]
    # A script the code states wins over the one an alias implies: sr-Latn-CS is Serbian
    # in Latin script, although CLDR's alias for sr-CS is sr-Cyrl-RS.
    subtags = raw.replace("_", "-").split("-")
    script = loc.script
    if len(subtags) > 1 and len(subtags[1]) == 4 and subtags[1].isalpha():
        script = subtags[1].title()
    if script:
        parts.append(script)
    if loc.territory:
        parts.append(loc.territory)
    return "-".join(parts)


def parse_lang_list(value: str | list[str] | tuple[str, ...]) -> list[str]:
    """``"en,es, ar"`` → ``["en", "es", "ar"]`` (validated, order kept, duplicates dropped)."""
    items = value.split(",") if isinstance(value, str) else [v for x in value for v in x.split(",")]
    out: list[str] = []
    for item in items:
        if item.strip():
            code = normalize_lang(item)
            if code not in out:
                out.append(code)
    return out


def primary(code: str) -> str:
    """The primary language subtag (``fr-CA`` → ``fr``)."""
    return code.split("-")[0].lower()


def is_rtl(code: str) -> bool:
    try:
        return _locale(code).text_direction == "rtl"
    except (UnknownLocaleError, ValueError):
        return False


def display_name(code: str, in_lang: str = "en") -> str:
    try:
        return _locale(code).get_display_name(in_lang.replace("-", "_")) or code
    except (UnknownLocaleError, ValueError):
        return code


def plural_forms(code: str) -> tuple[int, str]:
    """(number of plural forms, gettext Plural-Forms expression) for a language."""
    from babel.messages.plurals import get_plural

    rule = get_plural(code.replace("-", "_"))
    return rule.num_plurals, rule.plural_expr

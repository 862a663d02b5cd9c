"""BCP 47 tags mapped onto each engine's own, case-sensitive language codes.

Engines disagree: Google wants ``zh-CN`` and ``iw``, LibreTranslate ``zh``,
MyMemory ``fr-FR``, DeepL ``EN-GB`` as a target but ``EN`` as a source. A tag is
tried from its most to its least specific form, with missing script and region
filled from CLDR likely subtags (``fr`` -> ``fr-Latn-FR``, ``zh-TW`` ->
``zh-Hant-TW``), and the first form the engine knows wins. A fallback that would
change the script (``zh-Hant`` onto a Simplified-only ``zh``, ``sr-Latn`` onto a
Cyrillic ``sr``) is refused: a wrong script is worse than no translation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from babel.core import get_global

from l10n.errors import UsageError


def parse_tag(tag: str) -> tuple[str, str | None, str | None]:
    """``"zh_hant-tw"`` -> ``("zh", "Hant", "TW")``; variants and extensions are ignored."""
    parts = [p for p in tag.replace("_", "-").split("-") if p]
    if not parts or not parts[0].isalpha() or not 2 <= len(parts[0]) <= 8:
        raise UsageError(
            f"{tag!r} is not a language tag", "use a BCP 47 tag such as fr, pt-BR or zh-Hans"
        )
    language = parts[0].lower()
    script = region = None
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha() and script is None and region is None:
            script = part.title()
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            if region is None:
                region = part.upper()
    return language, script, region


def format_tag(language: str, script: str | None = None, region: str | None = None) -> str:
    return "-".join(p for p in (language, script, region) if p)


@lru_cache(maxsize=1024)
def likely(tag: str) -> tuple[str, str | None, str | None]:
    """Fill script and region from CLDR likely subtags, keeping what the tag states."""
    language, script, region = parse_tag(tag)
    table = get_global("likely_subtags")
    keys = [
        "_".join(p for p in (language, script, region) if p),
        "_".join(p for p in (language, script) if p),
        "_".join(p for p in (language, region) if p),
        language,
    ]
    if region:
        keys.append(f"und_{region}")
    for key in keys:
        found = table.get(key)
        if found:
            found_language, full_script, full_region = parse_tag(found)
            if key.startswith("und_") and found_language != language:
                full_script = None  # the region's main language says nothing of ours
            return language, script or full_script, region or full_region
    return language, script, region


def candidates(tag: str) -> list[str]:
    """Forms of ``tag`` from the most to the least specific, without repeats."""
    language, script, region = parse_tag(tag)
    _, full_script, full_region = likely(tag)
    forms = [
        format_tag(language, script, region),
        format_tag(language, full_script, full_region),
        format_tag(language, full_script),
        format_tag(language, None, region),
        format_tag(language, None, full_region),
        language,
    ]
    return list(dict.fromkeys(forms))


def _script_of(tag: str) -> str | None:
    try:
        return likely(tag)[1]
    except UsageError:
        return None


class LanguageTable:
    """One engine's codes for one direction (source or target)."""

    def __init__(self, codes: Iterable[str], aliases: Mapping[str, str] | None = None):
        self.codes = tuple(codes)
        self._by_folded = {code.casefold(): code for code in self.codes}
        self._aliases = {k.casefold(): v for k, v in (aliases or {}).items()}

    def lookup(self, tag: str) -> str | None:
        """The engine code for ``tag``, or None when the engine lacks the language."""
        wanted_script = _script_of(tag)
        for form in candidates(tag):
            folded = form.casefold()
            code = self._aliases.get(folded) or self._by_folded.get(folded)
            if code is None:
                continue
            code_script = _script_of(form)
            if wanted_script and code_script and code_script != wanted_script:
                continue
            return code
        return None

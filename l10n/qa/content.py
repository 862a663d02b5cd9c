"""Checks on the translation as a whole: empty, left untranslated, length out of range."""

from __future__ import annotations

import re

from l10n.qa.base import CRITICAL, INFO, Check, CheckContext, Issue, register
from l10n.qa.extract import WORD_RE

# Frequent function words per language. A target that reads as the source language is
# recognised by the words of the source language that the target language does not share.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        "le la les l de des du d et est sont à au aux pour dans une un sur qui que qu avec "
        "ce cette ces il elle ils elles nous vous leur leurs par pas ne se sa son ses été "
        "ont a été était mais ou où comme plus aussi entre depuis lors selon sans très".split()
    ),
    "en": frozenset(
        "the of and to in is are was were for with that on by this these those it its "
        "their they we you has have had been from at as an a be which who not but or "
        "also between since during without very more".split()
    ),
    "es": frozenset(
        "el la los las lo de del y e es son a al para en una un por con que se su sus "
        "este esta estos estas ha han fue fueron como más pero o entre desde durante "
        "sin muy también le les nos".split()
    ),
    "ar": frozenset(
        "في من إلى على عن مع هذا هذه التي الذي الذين و أن إن كان كانت قد لا ما هو هي".split()
    ),
}


def _words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def _exclusive(src: str, tgt: str) -> tuple[frozenset[str], frozenset[str]]:
    a = FUNCTION_WORDS.get(src, frozenset())
    b = FUNCTION_WORDS.get(tgt, frozenset())
    return a - b, b - a


def _is_name_like(word: str) -> bool:
    """Acronyms, names and titles: capitalised words carry over between languages."""
    return word[:1].isupper() or not word.isalpha()


@register
class EmptyTarget(Check):
    check_id = "empty"
    name = "Empty translation"
    description = "The source has text but the translation is empty or only whitespace."
    severity = CRITICAL
    needs_target = False

    def check(self, ctx: CheckContext) -> list[Issue]:
        if ctx.source_plain.strip() and not ctx.target_plain.strip():
            return [self.issue("the translation is empty")]
        return []


@register
class Untranslated(Check):
    check_id = "untranslated"
    name = "Untranslated text"
    description = (
        "The translation is the source text again, or reads as the source language "
        "(its function words). Acronyms, names, numbers and one-word cognates such as "
        "'Structure' or 'Agenda' are not reported."
    )
    severity = CRITICAL

    def check(self, ctx: CheckContext) -> list[Issue]:
        if ctx.src_base == ctx.tgt_base:
            return []
        src_words = _words(ctx.source_parts[0])
        tgt_words = _words(ctx.target_parts[0])
        if not tgt_words:
            return []
        same = _squash(ctx.source_plain) == _squash(ctx.target_plain)
        if same:
            common = [w for w in src_words if not _is_name_like(w)]
            if len(src_words) >= 2 and common:
                return [self.issue("the translation is the source text, untranslated")]
            return []
        src_only, tgt_only = _exclusive(ctx.src_base, ctx.tgt_base)
        lowered = [w.lower() for w in _SIMPLE_WORD.findall(ctx.target_parts[0])]
        foreign = sum(1 for w in lowered if w in src_only)
        native = sum(1 for w in lowered if w in tgt_only)
        if foreign >= 3 and foreign > native:
            return [
                self.issue(
                    f"the translation reads as {ctx.source_lang}, not {ctx.target_lang} "
                    f"({foreign} {ctx.source_lang} function words, {native} {ctx.target_lang})"
                )
            ]
        run = _copied_run(ctx.source_parts[0], ctx.target_parts[0])
        if run:
            return [self.issue(f"'{run}' is left in {ctx.source_lang}")]
        copied = _copied_across_scripts(ctx.source_parts[0], ctx.target_parts[0])
        if copied:
            return [self.issue(f"'{' '.join(copied)}' is left in {ctx.source_lang}")]
        return []


def _is_latin(word: str) -> bool:
    return all(ch < "\u0250" for ch in word)


def _copied_across_scripts(source: str, target: str) -> list[str]:
    """Lower-case source words in a target written in another script (Latin words in an
    Arabic translation): names and acronyms are capitalised, so these are leftovers."""
    if not _NON_LATIN_LETTER.search(target) or _NON_LATIN_LETTER.search(source):
        return []
    src_words = _SIMPLE_WORD.findall(source)
    tgt_words = _SIMPLE_WORD.findall(target)
    if not src_words or not tgt_words:
        return []
    if not all(_is_latin(w) for w in src_words):
        return []
    foreign_script = sum(1 for w in tgt_words if not _is_latin(w))
    if foreign_script * 2 < len(tgt_words):
        return []
    known = {w for w in src_words if w[:1].islower()}
    copied = [w for w in tgt_words if w in known]
    return copied if len(copied) >= 2 else []


_SIMPLE_WORD = re.compile(r"[^\W\d_]+")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f]")
COPIED_RUN = 4  # words in a row, at least two of them lower-case


def _copied_run(source: str, target: str) -> str | None:
    """The longest run of COPIED_RUN or more source words found word for word in the
    target (names and acronyms alone do not count): a clause left untranslated."""
    src = [w for w in _SIMPLE_WORD.findall(source)]
    tgt = [w for w in _SIMPLE_WORD.findall(target)]
    if len(src) < COPIED_RUN or len(tgt) < COPIED_RUN:
        return None
    src_low = [w.casefold() for w in src]
    tgt_low = [w.casefold() for w in tgt]
    best: list[str] = []
    # Longest common substring over words, dynamic programming (segments are short).
    prev = [0] * (len(tgt_low) + 1)
    for i in range(1, len(src_low) + 1):
        cur = [0] * (len(tgt_low) + 1)
        for j in range(1, len(tgt_low) + 1):
            if src_low[i - 1] == tgt_low[j - 1]:
                cur[j] = prev[j - 1] + 1
                if cur[j] > len(best):
                    best = src[i - cur[j] : i]
        prev = cur
    lower = sum(1 for w in best if w[:1].islower())
    if len(best) >= COPIED_RUN and lower >= 2:
        return " ".join(best)
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


# Expected length of a translation relative to its source (characters), per language pair;
# from parallel press releases: French runs about 15% longer than English, Arabic shorter.
LENGTH_RATIO = {
    ("fr", "en"): 0.88,
    ("en", "fr"): 1.15,
    ("fr", "es"): 1.0,
    ("es", "fr"): 1.0,
    ("en", "es"): 1.12,
    ("es", "en"): 0.9,
    ("fr", "ar"): 0.85,
    ("en", "ar"): 0.95,
    ("ar", "fr"): 1.18,
    ("ar", "en"): 1.05,
}


@register
class LengthRatio(Check):
    check_id = "length"
    name = "Length out of range"
    description = (
        "The translation is much shorter or longer than translations of this language "
        "pair usually are (less than 45% or more than 220% of the expected length): "
        "a dropped or duplicated sentence."
    )
    severity = INFO

    def check(self, ctx: CheckContext) -> list[Issue]:
        src = len(ctx.source_plain.strip())
        tgt = len(ctx.target_plain.strip())
        if src < 30 or not tgt:
            return []
        expected = src * LENGTH_RATIO.get((ctx.src_base, ctx.tgt_base), 1.0)
        ratio = tgt / expected
        if ratio < 0.45:
            return [self.issue(f"the translation is short: {tgt} characters for {src}")]
        if ratio > 2.2:
            return [self.issue(f"the translation is long: {tgt} characters for {src}")]
        return []

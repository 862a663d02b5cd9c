"""Numbers: the same values on both sides, written the target locale's way.

``72 176`` (French) and ``72,176`` (English) are one value, as are ``3,5`` and ``3.5``,
``1er`` and ``1st``, ``cinq`` and ``five`` and ``5``, ``1,5 million`` and ``1.5 million``.
A number is matched by value: every reading of it is tried (``1,500`` is 1500 in English
and 1.5 in French), digits first, then number words.
"""

from __future__ import annotations

import re

from l10n.qa.base import CRITICAL, WARNING, Check, CheckContext, Issue, register
from l10n.qa.extract import SPACES, NumberMention

# Words that may stand for a number but are mostly articles or pronouns: they can match
# a digit on the other side, and are never required.
SOFT_WORDS = {"en": ("one",), "fr": ("un", "une"), "es": ("un", "uno", "una"), "ar": ("واحد",)}
_SOFT_RE = {
    lang: re.compile(r"(?<![\w-])(" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)
    for lang, words in SOFT_WORDS.items()
}


def _soft(plain: str, lang: str) -> list[NumberMention]:
    from decimal import Decimal

    pattern = _SOFT_RE.get(lang)
    if pattern is None:
        return []
    return [
        NumberMention(frozenset({Decimal(1)}), m.group(1), m.start(), m.end(), True, True)
        for m in pattern.finditer(plain)
    ]


def match_numbers(ctx: CheckContext) -> tuple[list[NumberMention], list[NumberMention]]:
    """The numbers of the source and of the target left over after matching by value.
    Ordinal and article-like words (first, un) may match but are never left over."""
    if "numbers" not in ctx.shared:
        ctx.shared["numbers"] = _match_numbers(ctx)
    return ctx.shared["numbers"]


def _match_numbers(ctx: CheckContext) -> tuple[list[NumberMention], list[NumberMention]]:
    src = list(ctx.source_numbers)
    tgt = list(ctx.target_numbers)
    if not src and not tgt:
        return [], []
    src_soft = _soft(ctx.source_parts[0], ctx.src_base) if tgt else []
    tgt_soft = _soft(ctx.target_parts[0], ctx.tgt_base) if src else []
    # Month names only stand in for the month of a numeric date (below).
    src_left = [n for n in src if not (n.word and n.month)]
    tgt_left = [n for n in tgt if not (n.word and n.month)]
    # Digits with digits first, then digits with words, then words with words.
    for a_word, b_word in ((False, False), (False, True), (True, False), (True, True)):
        for s in list(src_left):
            if s.word != a_word:
                continue
            for t in tgt_left:
                if t.word == b_word and s.values & t.values:
                    src_left.remove(s)
                    tgt_left.remove(t)
                    break
    # Soft words absorb lone digits of the other side; a month name only the day or
    # month part of a numeric date (15/02/2016 for 15 February 2016).
    src_months = [n for n in src if n.word and n.month]
    tgt_months = [n for n in tgt if n.word and n.month]
    for soft, left, month_only in (
        (tgt_soft, src_left, False),
        (src_soft, tgt_left, False),
        (tgt_months, src_left, True),
        (src_months, tgt_left, True),
    ):
        for w in soft:
            for n in left:
                if not n.word and n.values & w.values and (n.month or not month_only):
                    left.remove(n)
                    break
    return (
        [n for n in src_left if not n.ordinal],
        [n for n in tgt_left if not n.ordinal],
    )


def _show(n: NumberMention) -> str:
    return n.text.replace("\u00a0", " ").replace("\u202f", " ")


@register
class Numbers(Check):
    check_id = "numbers"
    name = "Numbers"
    description = (
        "Every number of the source has the same value in the translation and the "
        "translation adds none: French 72 176, 3,5 and 1er equal English 72,176, 3.5 and "
        "1st; a number written as a word (cinq, five) matches its digits."
    )
    severity = CRITICAL

    def check(self, ctx: CheckContext) -> list[Issue]:
        src_left, tgt_left = match_numbers(ctx)
        issues = [
            self.issue(f"the number {_show(n)} is missing or changed")
            for n in src_left
            if not n.word
        ]
        issues += [
            self.issue(f"the number {_show(n)} is not in the source", n.start, n.end)
            for n in tgt_left
            if not n.word
        ]
        return issues


@register
class NumberWords(Check):
    check_id = "number-words"
    name = "Numbers written as words"
    description = (
        "A number written as a word (cinq, five, cinco) has no counterpart in the "
        "translation while the translation has another number: five became six, or 5 became "
        "four. A number word simply left out (a rephrasing) is not reported."
    )
    severity = WARNING

    def check(self, ctx: CheckContext) -> list[Issue]:
        src_left, tgt_left = match_numbers(ctx)
        if not src_left or not tgt_left:
            return []
        if not any(n.word for n in src_left + tgt_left):
            return []
        src = ", ".join(_show(n) for n in src_left)
        tgt = ", ".join(_show(n) for n in tgt_left)
        first = tgt_left[0]
        return [
            self.issue(
                f"the source says {src} where the translation says {tgt}", first.start, first.end
            )
        ]


_SPACE_GROUP = re.compile(r"\d[" + SPACES + r"]\d{3}(?!\d)")
_DECIMAL_COMMA = re.compile(r"^\d+,(?:\d{1,2}|\d{4,})$")
_COMMA_GROUP = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_POINT = re.compile(r"^\d+\.\d{1,2}$")
_FR_ORDINAL = re.compile(r"(?<![\w])\d+(?:er|re|e|ème|ème|eme)(?![\w])")
_EN_ORDINAL = re.compile(r"(?<![\w])\d+(?:st|nd|rd|th)(?![\w])")


@register
class NumberFormat(Check):
    check_id = "number-format"
    name = "Number format of the target locale"
    description = (
        "Numbers are written the target locale's way: English 72,176 and 3.5 and 1st (not "
        "72 176, 3,5 or 1er); French 72 176 and 3,5 and 1er (not 72,176, 3.5 or 1st)."
    )
    severity = WARNING

    def check(self, ctx: CheckContext) -> list[Issue]:
        issues: list[Issue] = []
        plain = ctx.target_parts[0]
        lang = ctx.tgt_base
        for n in ctx.target_numbers:
            if n.word:
                continue
            raw = n.text
            if lang == "en":
                if _SPACE_GROUP.search(raw):
                    fixed = re.sub("[" + SPACES + "]", ",", raw)
                    issues.append(
                        self.issue(
                            f"{_show(n)}: English groups digits with commas ({fixed})",
                            n.start,
                            n.end,
                        )
                    )
                elif _DECIMAL_COMMA.match(raw):
                    issues.append(
                        self.issue(
                            f"{raw}: English uses a decimal point ({raw.replace(',', '.')})",
                            n.start,
                            n.end,
                        )
                    )
            elif lang == "fr":
                if _COMMA_GROUP.match(raw):
                    issues.append(
                        self.issue(
                            f"{raw}: French groups digits with a narrow "
                            "no-break space, not a comma",
                            n.start,
                            n.end,
                        )
                    )
                elif _DECIMAL_POINT.match(raw) and ctx.src_base != "fr":
                    issues.append(
                        self.issue(
                            f"{raw}: French uses a decimal comma ({raw.replace('.', ',')})",
                            n.start,
                            n.end,
                        )
                    )
        if lang == "en":
            for m in _FR_ORDINAL.finditer(plain):
                issues.append(
                    self.issue(
                        f"{m.group(0)}: a French ordinal in English (1st, 2nd, 3rd, 4th)",
                        m.start(),
                        m.end(),
                    )
                )
        elif lang == "fr":
            for m in _EN_ORDINAL.finditer(plain):
                issues.append(
                    self.issue(
                        f"{m.group(0)}: an English ordinal in French (1er, 2e, 3e)",
                        m.start(),
                        m.end(),
                    )
                )
        return issues

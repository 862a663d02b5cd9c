"""Whitespace and repetitions: leading/trailing whitespace, doubled spaces, doubled words."""

from __future__ import annotations

import re

from l10n.qa.base import WARNING, Check, CheckContext, Issue, register


@register
class EdgeWhitespace(Check):
    check_id = "whitespace"
    name = "Leading and trailing whitespace"
    description = "The translation starts and ends with whitespace exactly when the source does."
    severity = WARNING

    def check(self, ctx: CheckContext) -> list[Issue]:
        issues = []
        src, tgt = ctx.source, ctx.target
        if (src[:1].isspace()) != (tgt[:1].isspace()):
            where = "starts with" if tgt[:1].isspace() else "lacks the"
            issues.append(self.issue(f"the translation {where} leading whitespace", 0, 1))
        if (src[-1:].isspace()) != (tgt[-1:].isspace()):
            where = "ends with" if tgt[-1:].isspace() else "lacks the"
            issues.append(
                self.issue(f"the translation {where} trailing whitespace", len(tgt) - 1, len(tgt))
            )
        return issues


_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0\u202f]{2,}(?=\S)")


@register
class DoubleSpace(Check):
    check_id = "double-space"
    name = "Doubled spaces"
    description = "Two or more spaces in a row inside the translation, where the source has none."
    severity = WARNING

    def check(self, ctx: CheckContext) -> list[Issue]:
        if _DOUBLE_SPACE.search(ctx.source):
            return []
        return [
            self.issue("doubled space", m.start(), m.end())
            for m in _DOUBLE_SPACE.finditer(ctx.target)
        ]


_DOUBLED_WORD = re.compile(r"(?<![\w'’-])([^\W\d_]+)\s+(\1)(?![\w'’-])", re.IGNORECASE)
# Repetitions that are grammatical: French reflexives (nous nous), English had had / that that.
ALLOWED_REPEATS = {
    "fr": {"nous", "vous"},
    "en": {"had", "that", "is"},
    "es": set(),
    "ar": set(),
}


@register
class DoubledWord(Check):
    check_id = "doubled-word"
    name = "Doubled words"
    description = (
        "The same word twice in a row (the the, de de), except grammatical repetitions "
        "(nous nous, had had) and repetitions the source has too (names such as Bora Bora)."
    )
    severity = WARNING

    def check(self, ctx: CheckContext) -> list[Issue]:
        allowed = ALLOWED_REPEATS.get(ctx.tgt_base, set())
        source_words = {w.lower() for w, _ in _DOUBLED_WORD.findall(ctx.source_plain)}
        issues = []
        for m in _DOUBLED_WORD.finditer(ctx.target_plain):
            word = m.group(1).lower()
            if word in allowed or word in source_words:
                continue
            issues.append(
                self.issue(f"'{m.group(1)} {m.group(2)}': doubled word", m.start(), m.end())
            )
        return issues

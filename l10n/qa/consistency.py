"""Consistency inside a release: one source, one translation; one translation, one source.

Texts compare without inline codes, case, punctuation and spacing, so ``Qui sommes nous``
and ``Qui sommes-nous ?`` are the same source. These checks need the other translations
of the release (``CheckContext.others``); a pair checked alone has none.
"""

from __future__ import annotations

import re

from l10n.inline import strip_codes
from l10n.qa.base import INFO, WARNING, Check, CheckContext, Issue, register


def comparable(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", strip_codes(text)).split()).casefold()


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register
class SameSourceDifferentTarget(Check):
    check_id = "consistency-source"
    name = "Same source, different translation"
    description = (
        "Another segment of the release has the same source text (ignoring case, "
        "punctuation and inline codes) but a different translation."
    )
    severity = WARNING

    def check(self, ctx: CheckContext) -> list[Issue]:
        if not ctx.others:
            return []
        src = comparable(ctx.source)
        tgt = comparable(ctx.target)
        for other in ctx.others:
            if other.segment_id == ctx.segment_id or not other.target:
                continue
            if comparable(other.source) == src and comparable(other.target) != tgt:
                return [
                    self.issue(
                        f"segment {other.segment_id} has the same source translated as "
                        f"'{_short(other.target)}'"
                    )
                ]
        return []


@register
class SameTargetDifferentSource(Check):
    check_id = "consistency-target"
    name = "Same translation, different source"
    description = (
        "Another segment of the release has the same translation for a different source "
        "text: one of the two may be a copy-paste error."
    )
    severity = INFO

    def check(self, ctx: CheckContext) -> list[Issue]:
        if not ctx.others:
            return []
        src = comparable(ctx.source)
        tgt = comparable(ctx.target)
        if not tgt:
            return []
        for other in ctx.others:
            if other.segment_id == ctx.segment_id or not other.target:
                continue
            if comparable(other.target) == tgt and comparable(other.source) != src:
                return [
                    self.issue(
                        f"segment {other.segment_id} has the same translation for "
                        f"'{_short(other.source)}'"
                    )
                ]
        return []

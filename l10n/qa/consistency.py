"""Consistency inside a release: one source, one translation; one translation, one source.

Texts compare without inline codes, case, punctuation and spacing, so ``Qui sommes nous``
and ``Qui sommes-nous ?`` are the same source. These checks need the other translations
of the release (``CheckContext.others``); a pair checked alone has none.
"""

from __future__ import annotations

import re
from functools import lru_cache

from l10n.inline import strip_codes
from l10n.qa.base import INFO, WARNING, Check, CheckContext, Issue, register

_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=8192)
def comparable(text: str) -> str:
    """The text as the consistency checks compare it (the store indexes this key)."""
    return " ".join(_NOT_WORD.sub(" ", strip_codes(text)).split()).casefold()


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


_ABOUT = re.compile(r"segment (\d+) has the same ")


def issue_about(issue: Issue) -> int | None:
    """The other segment a consistency issue names (its message says which), so the
    store can find the issue again when that segment changes."""
    if issue.check_id not in (
        SameSourceDifferentTarget.check_id,
        SameTargetDifferentSource.check_id,
    ):
        return None
    found = _ABOUT.match(issue.message)
    return int(found.group(1)) if found else None

"""Contact details: URLs, e-mail addresses and phone numbers must come through unchanged.

Phone numbers may be regrouped for the target locale (``+965 25 30 81 64`` and
``+965 2530 8164`` are the same number): their digits are compared. URLs compare without
scheme, ``www.`` and language folders (``/fr/`` and ``/en/``).
"""

from __future__ import annotations

from collections import Counter

from l10n.qa.base import CRITICAL, Check, CheckContext, Issue, register
from l10n.qa.extract import Found


def _compare(check: Check, what: str, source: list[Found], target: list[Found]) -> list[Issue]:
    issues = []
    src = Counter(f.key for f in source)
    tgt = Counter(f.key for f in target)
    missing = [f for f in source if src[f.key] > tgt[f.key]]
    seen: set[str] = set()
    for f in missing:
        if f.key not in seen:
            seen.add(f.key)
            issues.append(check.issue(f"the {what} {f.text} is missing or changed"))
    extra_seen: set[str] = set()
    for f in target:
        if tgt[f.key] > src[f.key] and f.key not in extra_seen:
            extra_seen.add(f.key)
            issues.append(check.issue(f"the {what} {f.text} is not in the source", f.start, f.end))
    return issues


@register
class Urls(Check):
    check_id = "urls"
    name = "URLs"
    description = "Every URL of the source is in the translation, and no other."
    severity = CRITICAL

    def check(self, ctx: CheckContext) -> list[Issue]:
        return _compare(self, "URL", ctx.source_parts[1], ctx.target_parts[1])


@register
class Emails(Check):
    check_id = "emails"
    name = "E-mail addresses"
    description = "Every e-mail address of the source is in the translation, and no other."
    severity = CRITICAL

    def check(self, ctx: CheckContext) -> list[Issue]:
        return _compare(self, "e-mail address", ctx.source_parts[2], ctx.target_parts[2])


@register
class Phones(Check):
    check_id = "phones"
    name = "Phone numbers"
    description = (
        "Every phone number of the source is in the translation with the same digits; "
        "spacing and grouping may follow the target locale."
    )
    severity = CRITICAL

    def check(self, ctx: CheckContext) -> list[Issue]:
        source = list(ctx.source_parts[3])
        target = list(ctx.target_parts[3])
        # 022 717 91 11 and +41 22 717 91 11 are one number: the national form drops the
        # country code and adds a trunk 0, so one key ends with the other's significant digits.
        for s in list(source):
            for t in target:
                a, b = s.key.lstrip("0"), t.key.lstrip("0")
                if a == b or (min(len(a), len(b)) >= 7 and (a.endswith(b) or b.endswith(a))):
                    source.remove(s)
                    target.remove(t)
                    break
        return _compare(self, "phone number", source, target)

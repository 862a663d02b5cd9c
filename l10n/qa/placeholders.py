"""Inline codes (``⟦1⟧…⟦/1⟧``, ``⟦2/⟧``) and variables (``%s``, ``{name}``) must all be kept."""

from __future__ import annotations

from collections import Counter

from l10n.inline import PLACEHOLDER_RE, token_kind
from l10n.qa.base import CRITICAL, INFO, Check, CheckContext, Issue, register
from l10n.qa.extract import find_variables


def _tokens(text: str) -> list[tuple[str, int, str, int, int]]:
    """(token, id, kind, start, end) of every inline-code token."""
    return [
        (m.group(0), int(m.group(2)), token_kind(m), m.start(), m.end())
        for m in PLACEHOLDER_RE.finditer(text)
    ]


def _nesting_errors(tokens, source_tokens=()) -> list[tuple[str, int, int]]:
    """Paired codes must open before they close and nest properly (an <a> closed
    inside a <b> it opened outside of is broken markup). A pair the sentence split cut
    in two closes in the source without opening there (``Second sentence.⟦/1⟧``, after
    ``⟦1⟧First sentence.``): its closing code is in order outside every pair the
    segment opens, as in the source. (Its opening code, left open at the segment's end,
    never is an error.)"""
    opened_in_source = {code_id for _t, code_id, kind, _s, _e in source_tokens if kind == "open"}
    errors = []
    stack: list[int] = []
    for tok, code_id, kind, start, end in tokens:
        if kind == "open":
            stack.append(code_id)
        elif kind == "close":
            if not stack and code_id not in opened_in_source:
                continue  # closes a pair opened before the segment, as in the source
            if not stack or stack[-1] != code_id:
                errors.append((tok, start, end))
                if code_id in stack:
                    stack.remove(code_id)
            else:
                stack.pop()
    return errors


@register
class Placeholders(Check):
    check_id = "placeholders"
    name = "Inline codes and variables"
    description = (
        "Every inline code (link, emphasis, tag) and variable (%s, {name}) of the source "
        "appears in the translation as often as in the source, none is added, and paired "
        "codes open before they close and nest properly."
    )
    severity = CRITICAL

    def check(self, ctx: CheckContext) -> list[Issue]:
        issues: list[Issue] = []
        src_tokens = _tokens(ctx.source)
        tgt_tokens = _tokens(ctx.target)
        src_count = Counter(t[0] for t in src_tokens)
        tgt_count = Counter(t[0] for t in tgt_tokens)
        for tok, n in src_count.items():
            if tgt_count[tok] < n:
                issues.append(self.issue(f"the inline code {tok} is missing"))
        for tok, _id, _kind, start, end in tgt_tokens:
            if tgt_count[tok] > src_count[tok]:
                issues.append(self.issue(f"the inline code {tok} is not in the source", start, end))
                tgt_count[tok] -= 1
        if not issues:
            for tok, start, end in _nesting_errors(tgt_tokens, src_tokens):
                issues.append(self.issue(f"the inline code {tok} closes out of order", start, end))
        src_vars = Counter(v.key for v in find_variables(ctx.source_plain))
        tgt_found = find_variables(ctx.target_plain)
        tgt_vars = Counter(v.key for v in tgt_found)
        for var, n in src_vars.items():
            if tgt_vars[var] < n:
                issues.append(self.issue(f"the variable {var} is missing"))
        for found in tgt_found:
            if tgt_vars[found.key] > src_vars[found.key]:
                issues.append(
                    self.issue(
                        f"the variable {found.key} is not in the source", found.start, found.end
                    )
                )
                tgt_vars[found.key] -= 1
        return issues


@register
class PlaceholderOrder(Check):
    check_id = "placeholder-order"
    name = "Inline codes reordered"
    description = (
        "Standalone codes (images, line breaks, unnumbered variables such as %s) appear in "
        "another order than in the source. Word order differs between languages, so this is "
        "for information; unnumbered printf variables must keep their order."
    )
    severity = INFO

    def check(self, ctx: CheckContext) -> list[Issue]:
        issues: list[Issue] = []
        src = [t[0] for t in _tokens(ctx.source) if t[2] == "standalone"]
        tgt = [t[0] for t in _tokens(ctx.target) if t[2] == "standalone"]
        if Counter(src) == Counter(tgt) and src != tgt:
            issues.append(self.issue("standalone inline codes are in another order"))
        src_vars = [v.key for v in find_variables(ctx.source_plain) if _positional(v.key)]
        tgt_vars = [v.key for v in find_variables(ctx.target_plain) if _positional(v.key)]
        if Counter(src_vars) == Counter(tgt_vars) and src_vars != tgt_vars:
            issues.append(
                self.issue("unnumbered variables are in another order", severity=CRITICAL)
            )
        return issues


def _positional(var: str) -> bool:
    return var.startswith("%") and "(" not in var and var != "%%"

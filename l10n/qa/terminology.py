"""Terminology: the glossary's terms are used, forbidden ones are not, do-not-translate
terms stay as they are.

Every look-up goes through the one term matcher (``l10n.terms``): the source hits come from
``TermMatcher(termbase, source_lang)``, target terms are found with ``find_any`` (same
rules: inflection, case, apostrophes, elision) and forbidden terms with
``TermMatcher(termbase, target_lang)``.
"""

from __future__ import annotations

from collections import OrderedDict

from l10n.qa.base import CRITICAL, WARNING, Check, CheckContext, Issue, register
from l10n.terms import FORBIDDEN, TermMatcher, find_any

_MATCHERS: OrderedDict[tuple[int, str, str], TermMatcher] = OrderedDict()


def matcher_for(termbase, lang: str) -> TermMatcher:
    """One compiled matcher per termbase content and language, reused across calls."""
    key = (id(termbase), termbase.version, lang)
    matcher = _MATCHERS.get(key)
    if matcher is None:
        matcher = TermMatcher(termbase, lang)
        _MATCHERS[key] = matcher
        while len(_MATCHERS) > 8:
            _MATCHERS.popitem(last=False)
    else:
        _MATCHERS.move_to_end(key)
    return matcher


def _by_concept(hits) -> list:
    """One hit per concept (the first), in text order."""
    seen: dict[str, object] = {}
    for hit in hits:
        seen.setdefault(hit.concept_id, hit)
    return list(seen.values())


def _terms_text(terms) -> str:
    return " or ".join(f"'{t.text}'" for t in terms[:3])


@register
class Glossary(Check):
    check_id = "glossary"
    name = "Glossary terms"
    description = (
        "For every glossary concept found in the source, the translation uses one of its "
        "preferred or admitted terms in the target language (inflected forms count)."
    )
    severity = WARNING

    def check(self, ctx: CheckContext) -> list[Issue]:
        issues = []
        for hit in _by_concept(ctx.hits):
            if hit.term.do_not_translate:
                continue  # the dnt check owns these
            expected = hit.targets(ctx.target_lang)
            if not expected:
                continue
            if find_any(ctx.target, expected, ctx.target_lang) is None:
                issues.append(
                    self.issue(f"'{hit.text}' should be translated as {_terms_text(expected)}")
                )
        return issues


@register
class DoNotTranslate(Check):
    check_id = "dnt"
    name = "Do-not-translate terms"
    description = (
        "Glossary terms flagged do-not-translate (programme acronyms such as AVRR, brand "
        "names) appear unchanged in the translation."
    )
    severity = CRITICAL

    def check(self, ctx: CheckContext) -> list[Issue]:
        issues = []
        for hit in _by_concept(ctx.hits):
            if not hit.term.do_not_translate:
                continue
            # Keeping the term is always right; a target-language form the glossary
            # allows (an expanded acronym) is right too.
            expected = _dedupe(
                [_as_target(hit.term, ctx.target_lang), *hit.targets(ctx.target_lang)]
            )
            if find_any(ctx.target, expected, ctx.target_lang) is None:
                issues.append(
                    self.issue(f"'{hit.text}' must not be translated: keep {_terms_text(expected)}")
                )
        return issues


def _as_target(term, lang: str):
    from dataclasses import replace

    return replace(term, lang=lang)


def _dedupe(terms: list) -> list:
    seen: set[str] = set()
    out = []
    for term in terms:
        if term.text not in seen:
            seen.add(term.text)
            out.append(term)
    return out


@register
class ForbiddenTerm(Check):
    check_id = "forbidden-term"
    name = "Forbidden and deprecated terms"
    description = (
        "The translation uses a term the glossary marks forbidden (critical) or deprecated "
        "(warning) for a concept found in the source. A status belongs to a concept: "
        "'trafficking' forbidden for migrant smuggling is fine for human trafficking."
    )
    severity = CRITICAL

    def check(self, ctx: CheckContext) -> list[Issue]:
        if ctx.termbase is None or not ctx.hits or not ctx.target.strip():
            return []
        source_concepts = {hit.concept_id for hit in ctx.hits}
        hits = matcher_for(ctx.termbase, ctx.target_lang).match(ctx.target)
        by_span: dict[tuple[int, int], list] = {}
        for hit in hits:
            by_span.setdefault((hit.start, hit.end), []).append(hit)
        issues = []
        for span, span_hits in by_span.items():
            allowed_here = [h for h in span_hits if h.term.allowed]
            for hit in span_hits:
                if hit.term.allowed or hit.concept_id not in source_concepts:
                    continue
                if any(h.concept_id in source_concepts for h in allowed_here):
                    continue
                better = hit.concept.allowed(ctx.target_lang)
                advice = f"; use {_terms_text(better)}" if better else ""
                severity = CRITICAL if hit.term.status == FORBIDDEN else WARNING
                issues.append(
                    self.issue(
                        f"'{hit.text}' is a {hit.term.status} term{advice}",
                        span[0],
                        span[1],
                        severity=severity,
                    )
                )
                break
        return issues

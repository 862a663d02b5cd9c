"""Running the checks: on a pair of texts (no database needed), on one stored translation,
or on every translation of a release."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from l10n.errors import InputError
from l10n.qa.base import (
    SEVERITIES,
    SEVERITY_RANK,
    CheckContext,
    Issue,
    OtherTranslation,
    select_checks,
)
from l10n.qa.terminology import matcher_for


def run_checks(
    source: str,
    target: str | None,
    source_lang: str,
    target_lang: str,
    *,
    hits=None,
    termbase=None,
    enabled: Iterable[str] | None = None,
    disabled: Iterable[str] = (),
    others: list[OtherTranslation] | None = None,
    segment_id: int | None = None,
) -> list[Issue]:
    """The issues of one translation, in registry order.

    ``hits`` are the glossary hits of the source (``TermMatcher(...).match(source)``);
    when only ``termbase`` is given they are computed with the shared matcher. ``enabled``
    replaces the default set of check ids, ``disabled`` removes some.
    """
    if hits is None:
        hits = matcher_for(termbase, source_lang).match(source) if termbase is not None else []
    ctx = CheckContext(
        source=source or "",
        target=target or "",
        source_lang=source_lang,
        target_lang=target_lang,
        hits=list(hits),
        termbase=termbase,
        others=others or [],
        segment_id=segment_id,
    )
    has_target = bool(ctx.target.strip())
    issues: list[Issue] = []
    for check in select_checks(enabled, disabled):
        if check.needs_target and not has_target:
            continue
        issues.extend(check.check(ctx))
    return issues


def worst_severity(issues: Iterable[Issue | dict]) -> str | None:
    """``critical``, ``warning`` or ``info``: the most severe of the issues, or None."""
    ranks = [SEVERITY_RANK[i["severity"] if isinstance(i, dict) else i.severity] for i in issues]
    return SEVERITIES[min(ranks)] if ranks else None


def has_critical(issues: Iterable[Issue | dict]) -> bool:
    return any((i["severity"] if isinstance(i, dict) else i.severity) == "critical" for i in issues)


# ---------------------------------------------------------------------------------------
# Stored translations


def workspace_termbase(store, ws=None):
    """The workspace's glossary as a Termbase, or None when it has none."""
    loader = getattr(store, "load_termbase", None)
    if loader is not None:
        termbase = loader()
        return termbase if termbase is not None and len(termbase) else None
    if ws is not None and ws.glossary_dir.is_dir():
        from l10n.terms import Termbase, read_termbase

        merged = Termbase()
        for path in sorted(ws.glossary_dir.iterdir()):
            if path.suffix.lower() in (".csv", ".tsv", ".tbx"):
                merged.merge(read_termbase(path))
        return merged if len(merged) else None
    return None


def _release_rows(store, release_id: int, lang: str) -> list[dict]:
    return store.segment_rows(release_id, lang)


def _others_of(rows: list[dict]) -> list[OtherTranslation]:
    return [OtherTranslation(r["id"], r["source"], r["target"]) for r in rows if r["target"]]


CONSISTENCY_CHECKS = ("consistency-source", "consistency-target")


def check_translation(
    store,
    ws,
    segment_id: int,
    lang: str,
    *,
    termbase=None,
    enabled: Iterable[str] | None = None,
    now: str | None = None,
) -> list[Issue]:
    """Run the checks on one stored translation and replace its stored issues, in one
    transaction. Returns every issue found, ignored checks included (``store.open_qa_issues``
    leaves out the ignored ones).

    Consistency is a relation between translations, so the other translations it involves
    are re-checked too: those with the same source or target as this one now, and those
    whose stored consistency issues may have been about this one's previous text."""
    segment = store.get_segment(segment_id)
    translation = store.get_translation(segment_id, lang)
    release = store.db["releases"].get(segment["release_id"])
    if termbase is None:
        termbase = workspace_termbase(store, ws)
    rows = _release_rows(store, segment["release_id"], lang)
    others = _others_of(rows)
    source_lang = release["source_lang"]
    issues = _check_row(segment, translation, source_lang, lang, termbase, others, enabled)
    related = _related(store, segment, translation, rows, lang)
    with store.write():
        store.replace_qa_issues(segment_id, lang, [i.to_dict() for i in issues], now=now)
        for row in related:
            found = _check_row(row, row, source_lang, lang, termbase, others, enabled)
            store.replace_qa_issues(row["id"], lang, [i.to_dict() for i in found], now=now)
    return issues


def _related(store, segment, translation, rows, lang) -> list[dict]:
    from l10n.qa.consistency import comparable

    src = comparable(segment["source"])
    tgt = comparable(translation.get("target") or "")
    flagged = {
        r["segment_id"]
        for r in store.list_qa_issues(
            release_id=segment["release_id"],
            lang=lang,
            check_ids=list(CONSISTENCY_CHECKS),
            include_ignored=True,
        )
    }
    out = []
    for row in rows:
        if row["id"] == segment["id"]:
            continue
        if (
            row["id"] in flagged
            or comparable(row["source"]) == src
            or (tgt and row["target"] and comparable(row["target"]) == tgt)
        ):
            out.append(row)
    return out


def _check_row(segment, translation, source_lang, lang, termbase, others, enabled):
    target = translation.get("target")
    if target is None:
        return []  # nothing translated yet: not an issue, a job
    return run_checks(
        segment["source"],
        target,
        source_lang,
        lang,
        termbase=termbase,
        enabled=enabled,
        others=others,
        segment_id=segment["id"],
    )


@dataclass
class ReleaseCheck:
    release: str
    lang: str
    checked: int = 0
    issues: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)


def check_release(
    store,
    ws,
    slug: str,
    lang: str,
    *,
    termbase=None,
    enabled: Iterable[str] | None = None,
    now: str | None = None,
) -> ReleaseCheck:
    """Re-run the checks on every translation of a release in ``lang`` (consistency
    issues change when any translation changes) and store the results, one transaction."""
    release = store.require_release(slug)
    if termbase is None:
        termbase = workspace_termbase(store, ws)
    rows = store.segment_rows(release["id"], lang)
    if not rows and lang not in (ws.target_langs if ws is not None else [lang]):
        raise InputError(
            f"'{lang}' is not a target language of the workspace",
            "Use one of the languages in l10n.toml",
        )
    others = _others_of(rows)
    result = ReleaseCheck(slug, lang)
    with store.write():
        for row in rows:
            issues = _check_row(row, row, release["source_lang"], lang, termbase, others, enabled)
            store.replace_qa_issues(row["id"], lang, [i.to_dict() for i in issues], now=now)
            result.checked += 1
            result.issues += len(issues)
            for issue in issues:
                result.by_severity[issue.severity] = result.by_severity.get(issue.severity, 0) + 1
    return result

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
    load_checks,
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


CONSISTENCY_CHECKS = ("consistency-source", "consistency-target")


def _consistency():
    """The consistency checks' module, imported only once the registry has loaded every
    check module in report order (importing it first would put its checks first)."""
    load_checks()
    from l10n.qa import consistency

    return consistency


class _Related:
    """Translations of one release and language grouped by comparison key, so each one's
    consistency partners are found without reading the release again."""

    def __init__(self) -> None:
        self.rows: dict[int, dict] = {}
        self.by_source: dict[str, list[dict]] = {}
        self.by_target: dict[str, list[dict]] = {}

    def add(self, rows: Iterable[dict]) -> None:
        for row in rows:
            if row["id"] in self.rows:
                continue
            self.rows[row["id"]] = row
            if row["source_key"] is not None:
                self.by_source.setdefault(row["source_key"], []).append(row)
            if row["target_key"]:
                self.by_target.setdefault(row["target_key"], []).append(row)

    def others(self, source_key: str, target_key: str) -> list[OtherTranslation]:
        """The translations the consistency checks compare with: same source or same
        target, in document order (the checks name the first they find)."""
        found = {r["id"]: r for r in self.by_source.get(source_key, ())}
        if target_key:
            found.update((r["id"], r) for r in self.by_target.get(target_key, ()))
        ordered = sorted(found.values(), key=lambda r: (r["position"], r["id"]))
        return [OtherTranslation(r["id"], r["source"], r["target"]) for r in ordered if r["target"]]


def _keyed(rows: Iterable[dict]) -> list[dict]:
    """Rows with the comparison keys the consistency checks use."""
    comparable = _consistency().comparable
    out = []
    for row in rows:
        target = row["target"] or ""
        out.append(
            {**row, "source_key": comparable(row["source"]), "target_key": comparable(target)}
        )
    return out


def refresh_comparison_keys(store) -> int:
    """Compute the stored comparison keys of the sources and targets changed since the
    last call (the consistency look-ups need them current). Returns the rows computed."""
    comparable = _consistency().comparable
    # uncached: a bulk refresh would only flush the cache the checks use
    return store.refresh_qa_keys(comparable.__wrapped__)


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
    whose stored consistency issues were about this one (its previous text). They are
    found through the store's indexed comparison keys: the cost follows the number of
    related translations, not the size of the release."""
    segment = store.get_segment(segment_id)
    translation = store.get_translation(segment_id, lang)
    release = store.release_by_id(segment["release_id"])
    source_lang = release["source_lang"]
    hits = None
    if termbase is None:
        termbase = workspace_termbase(store, ws)
        if termbase is not None and getattr(store, "load_termbase", None) is not None:
            from l10n.glossary import matcher_for as workspace_matcher

            # the workspace's one matcher per glossary version, shared with review and ingest
            hits = workspace_matcher(store, source_lang).match(segment["source"])
    comparable = _consistency().comparable
    refresh_comparison_keys(store)
    src = comparable(segment["source"])
    tgt = comparable(translation.get("target") or "")
    release_id = segment["release_id"]
    related = _Related()
    related.add(
        store.qa_consistency_rows(
            release_id,
            lang,
            source_keys=[src],
            target_keys=[tgt] if tgt else [],
            segment_ids=store.qa_issues_about(segment_id, lang),
        )
    )
    again = [row for row in related.rows.values() if row["id"] != segment_id]
    # the partners of the related translations, for their own consistency checks
    related.add(
        store.qa_consistency_rows(
            release_id,
            lang,
            source_keys={r["source_key"] for r in again if r["source_key"] is not None},
            target_keys={r["target_key"] for r in again if r["target_key"]},
        )
    )
    issues = _check_row(
        segment,
        translation,
        source_lang,
        lang,
        termbase,
        related.others(src, tgt),
        enabled,
        hits=hits,
    )
    found = []
    for row in again:
        others = related.others(row["source_key"], row["target_key"] or "")
        found.append(
            (row["id"], _check_row(row, row, source_lang, lang, termbase, others, enabled))
        )
    with store.write():
        store.replace_qa_issues(segment_id, lang, _issue_dicts(issues), now=now)
        for row_id, row_issues in found:
            store.replace_qa_issues(row_id, lang, _issue_dicts(row_issues), now=now)
    return issues


def _issue_dicts(issues: list[Issue]) -> list[dict]:
    issue_about = _consistency().issue_about
    out = []
    for issue in issues:
        data = issue.to_dict()
        about = issue_about(issue)
        if about is not None:
            data["about"] = about
        out.append(data)
    return out


def _check_row(segment, translation, source_lang, lang, termbase, others, enabled, hits=None):
    target = translation.get("target")
    if target is None:
        return []  # nothing translated yet: not an issue, a job
    return run_checks(
        segment["source"],
        target,
        source_lang,
        lang,
        hits=hits,
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
    keyed = _keyed(rows)
    related = _Related()
    related.add(keyed)
    result = ReleaseCheck(slug, lang)
    with store.write():
        for row in keyed:
            others = related.others(row["source_key"], row["target_key"])
            issues = _check_row(row, row, release["source_lang"], lang, termbase, others, enabled)
            store.replace_qa_issues(row["id"], lang, _issue_dicts(issues), now=now)
            result.checked += 1
            result.issues += len(issues)
            for issue in issues:
                result.by_severity[issue.severity] = result.by_severity.get(issue.severity, 0) + 1
    return result

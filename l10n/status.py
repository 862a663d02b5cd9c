"""Status for coordinators: where every language of every release stands.

``workspace_status`` gives, per release x language, segments and source words
by state, percent approved, open critical QA issues, assignee, last activity and
whether the language is finished, plus a total row. ``match_bands`` gives the TM
match bands per language in words, the way translators are paid.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from l10n.errors import UsageError
from l10n.langs import normalize_lang
from l10n.states import APPROVED, STATES, state_name

STATE_ORDER = sorted(STATES, key=STATES.get)  # untranslated ... approved

# (label, lowest score, highest score) of the TM match bands, best first.
MATCH_BANDS = [
    ("101", 101, 10_000),
    ("100", 100, 100),
    ("95-99", 95, 99),
    ("85-94", 85, 94),
    ("75-84", 75, 84),
    ("50-74", 50, 74),
]
NO_MATCH = "no_match"
REPETITIONS = "repetitions"
BAND_LABELS = [b[0] for b in MATCH_BANDS] + [NO_MATCH, REPETITIONS]


@dataclass
class LangStatus:
    release: str
    lang: str
    version: int | None
    segments: int
    words: int
    by_state: dict[str, int]  # segments per state name
    words_by_state: dict[str, int]  # source words per state name
    percent_approved: float  # of segments
    qa_critical: int | None  # None when QA is not available in this workspace
    assignee: str | None
    last_activity: str | None
    finished: bool

    def flat(self) -> dict:
        """One flat row for CSV/JSON: counts by state as ``<state>`` and ``words_<state>``."""
        row = {
            "release": self.release,
            "lang": self.lang,
            "version": self.version,
            "segments": self.segments,
            "words": self.words,
        }
        for name in STATE_ORDER:
            row[name] = self.by_state.get(name, 0)
        for name in STATE_ORDER:
            row[f"words_{name}"] = self.words_by_state.get(name, 0)
        row.update(
            percent_approved=self.percent_approved,
            qa_critical=self.qa_critical,
            assignee=self.assignee,
            last_activity=self.last_activity,
            finished=self.finished,
        )
        return row


@dataclass
class StatusReport:
    rows: list[LangStatus]
    total: LangStatus
    finished_state: str
    unfinished: list[tuple[str, str]] = field(default_factory=list)

    def flat_rows(self, with_total: bool = True) -> list[dict]:
        rows = [r.flat() for r in self.rows]
        if with_total:
            rows.append(self.total.flat())
        return rows

    def to_json(self) -> dict:
        return {
            "finished_state": self.finished_state,
            "rows": [asdict(r) for r in self.rows],
            "total": asdict(self.total),
        }


def _percent(part: int, whole: int) -> float:
    if whole <= 0:
        return 0.0
    value = round(100.0 * part / whole, 1)
    # Never show 100% while something is left, nor 0% once something is done.
    if value == 100.0 and part < whole:
        return 99.9
    if value == 0.0 and part > 0:
        return 0.1
    return value


def _qa_critical_counts(store) -> dict[tuple, int] | None:
    """Open critical QA issues per (release id, lang), when the QA part of the store
    offers ``open_qa_issue_counts``; None when it does not (QA not installed)."""
    counter = getattr(store, "open_qa_issue_counts", None)
    if counter is None:
        return None
    try:
        result = counter(severity="critical")
    except TypeError:
        result = counter()
    out: dict[tuple, int] = {}
    items = result.items() if isinstance(result, dict) else None
    if items is not None:
        for key, value in items:
            if not (isinstance(key, tuple) and len(key) == 2):
                continue
            count = value.get("critical", 0) if isinstance(value, dict) else int(value or 0)
            out[key] = out.get(key, 0) + count
        return out
    for row in result or []:
        if "severity" in row and row["severity"] != "critical":
            continue
        release = row.get("release_id", row.get("release"))
        count = row.get("critical", row.get("count", row.get("open", 0))) or 0
        out[(release, row.get("lang"))] = out.get((release, row.get("lang")), 0) + int(count)
    return out


def _resolve_filters(store, release: str | list[str] | None, lang: str | list[str] | None):
    release_ids = None
    if release:
        slugs = [release] if isinstance(release, str) else list(release)
        release_ids = [store.require_release(slug)["id"] for slug in slugs]
    langs = None
    if lang:
        langs = [normalize_lang(x) for x in ([lang] if isinstance(lang, str) else lang)]
    return release_ids, langs


def workspace_status(
    store,
    *,
    release: str | list[str] | None = None,
    lang: str | list[str] | None = None,
    finished_state: int = APPROVED,
) -> StatusReport:
    """Status per release x language (ordered by release slug, then language).

    A language of a release is finished when every active segment's translation is
    at least ``finished_state`` (the workspace's ``[review] finished_state``).
    """
    if finished_state not in STATES.values():
        raise UsageError(
            f"unknown finished state {finished_state}", "Use one of: " + ", ".join(STATE_ORDER)
        )
    release_ids, langs = _resolve_filters(store, release, lang)
    counts = store.progress_counts(release_ids, langs)
    assignees = store.assignees_by_release_lang()
    qa = _qa_critical_counts(store)
    rows: list[LangStatus] = []
    total_states = dict.fromkeys(STATE_ORDER, 0)
    total_words = dict.fromkeys(STATE_ORDER, 0)
    total_qa = None if qa is None else 0
    last_overall = None
    for c in counts:
        by_state = {name: c[f"segments_{name}"] for name in STATE_ORDER}
        words_by_state = {name: c[f"words_{name}"] for name in STATE_ORDER}
        for name in STATE_ORDER:
            total_states[name] += by_state[name]
            total_words[name] += words_by_state[name]
        key = (c["release_id"], c["lang"])
        qa_count = None
        if qa is not None:
            qa_count = qa.get(key, 0) + qa.get((c["release"], c["lang"]), 0)
            total_qa += qa_count
        if c["last_activity"] and (last_overall is None or c["last_activity"] > last_overall):
            last_overall = c["last_activity"]
        rows.append(
            LangStatus(
                release=c["release"],
                lang=c["lang"],
                version=c["version"],
                segments=c["segments"],
                words=c["words"],
                by_state=by_state,
                words_by_state=words_by_state,
                percent_approved=_percent(by_state["approved"], c["segments"]),
                qa_critical=qa_count,
                assignee=assignees.get(key),
                last_activity=c["last_activity"],
                finished=c["lowest_state"] is not None and c["lowest_state"] >= finished_state,
            )
        )
    segments = sum(total_states.values())
    total = LangStatus(
        release="TOTAL",
        lang="",
        version=None,
        segments=segments,
        words=sum(total_words.values()),
        by_state=total_states,
        words_by_state=total_words,
        percent_approved=_percent(total_states["approved"], segments),
        qa_critical=total_qa,
        assignee=None,
        last_activity=last_overall,
        finished=bool(rows) and all(r.finished for r in rows),
    )
    return StatusReport(
        rows=rows,
        total=total,
        finished_state=state_name(finished_state),
        unfinished=[(r.release, r.lang) for r in rows if not r.finished],
    )


def band_for(score: int) -> str:
    for label, low, high in MATCH_BANDS:
        if low <= score <= high:
            return label
    return NO_MATCH


def match_bands(
    store,
    *,
    release: str | list[str] | None = None,
    lang: str | list[str] | None = None,
) -> list[dict]:
    """TM match bands per language, in source words: each segment's words go to the
    band of the best TM match its translation had (``tm:NN`` origins), and the words
    of its further occurrences in the document go to ``repetitions``.

    Returns one row per language (``lang``, one key per band label, ``total``),
    then a total row with ``lang`` = "TOTAL".
    """
    release_ids, langs = _resolve_filters(store, release, lang)
    per_lang: dict[str, dict[str, int]] = {}
    for code, words, occurrences, score in store.match_scores(release_ids, langs):
        bands = per_lang.setdefault(code, dict.fromkeys(BAND_LABELS, 0))
        bands[band_for(score)] += words
        bands[REPETITIONS] += words * max(occurrences - 1, 0)
    rows = []
    total = dict.fromkeys(BAND_LABELS, 0)
    for code in sorted(per_lang):
        bands = per_lang[code]
        for label in BAND_LABELS:
            total[label] += bands[label]
        rows.append({"lang": code, **bands, "total": sum(bands.values())})
    rows.append({"lang": "TOTAL", **total, "total": sum(total.values())})
    return rows

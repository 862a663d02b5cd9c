"""Status for coordinators: where every language of every release stands.

``workspace_status`` gives, per release x language, segments and source words
by state, percent approved, open critical QA issues, assignee, last activity and
whether the language is finished, plus a total row. ``match_bands`` gives the TM
match bands per language in words, the way translators are paid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
WORD_COLUMNS = [f"words_{name}" for name in STATE_ORDER]


class LangStatus:
    """Where one language of one release stands (or the total, release "TOTAL").

    Built for tens of thousands of rows in a few milliseconds: the counts stay the
    tuples the store returned; ``by_state``/``words_by_state`` and
    ``percent_approved`` are derived on access.
    """

    __slots__ = (
        "release",
        "lang",
        "version",
        "counts",
        "word_counts",
        "segments",
        "words",
        "qa_critical",
        "assignee",
        "last_activity",
        "finished",
    )

    def __init__(
        self,
        release,
        lang,
        version,
        counts,
        word_counts,
        qa_critical,
        assignee,
        last_activity,
        finished,
    ):
        self.release: str = release
        self.lang: str = lang
        self.version: int | None = version
        self.counts: tuple[int, ...] = tuple(counts)  # segments per state, STATE_ORDER
        self.word_counts: tuple[int, ...] = tuple(word_counts)  # source words per state
        self.segments: int = sum(self.counts)
        self.words: int = sum(self.word_counts)
        self.qa_critical: int | None = qa_critical  # None: QA not available here
        self.assignee: str | None = assignee
        self.last_activity: str | None = last_activity
        self.finished: bool = finished

    @property
    def by_state(self) -> dict[str, int]:
        return dict(zip(STATE_ORDER, self.counts, strict=True))

    @property
    def words_by_state(self) -> dict[str, int]:
        return dict(zip(STATE_ORDER, self.word_counts, strict=True))

    @property
    def percent_approved(self) -> float:
        """Approved segments, percent of the active segments."""
        return _percent(self.counts[-1], self.segments)

    @property
    def percent_approved_words(self) -> float:
        return _percent(self.word_counts[-1], self.words)

    def to_json(self) -> dict:
        return {
            "release": self.release,
            "lang": self.lang,
            "version": self.version,
            "segments": self.segments,
            "words": self.words,
            "by_state": self.by_state,
            "words_by_state": self.words_by_state,
            "percent_approved": self.percent_approved,
            "qa_critical": self.qa_critical,
            "assignee": self.assignee,
            "last_activity": self.last_activity,
            "finished": self.finished,
        }

    def flat(self) -> dict:
        """One flat row for CSV/JSON: counts by state as ``<state>`` and ``words_<state>``."""
        row = {
            "release": self.release,
            "lang": self.lang,
            "version": self.version,
            "segments": self.segments,
            "words": self.words,
        }
        row.update(zip(STATE_ORDER, self.counts, strict=True))
        row.update(zip(WORD_COLUMNS, self.word_counts, strict=True))
        row.update(
            percent_approved=self.percent_approved,
            qa_critical=self.qa_critical,
            assignee=self.assignee,
            last_activity=self.last_activity,
            finished=self.finished,
        )
        return row

    def __repr__(self) -> str:
        return (
            f"LangStatus({self.release!r}, {self.lang!r}, segments={self.segments}, "
            f"approved={self.counts[-1]}, finished={self.finished})"
        )


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
            "rows": [r.to_json() for r in self.rows],
            "total": self.total.to_json(),
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
    """Open critical QA issues per (release id, lang); None when QA is not set up.

    The QA part of the store may offer ``open_qa_issue_counts`` (used when present);
    otherwise the progress part counts the ``qa_issues`` table itself.
    """
    counter = getattr(store, "open_qa_issue_counts", None)
    if counter is None:
        return store.open_critical_qa_counts()
    try:
        result = counter(severity="critical")
    except TypeError:
        result = counter()
    out: dict[tuple, int] = {}
    if isinstance(result, dict):
        for key, value in result.items():
            if isinstance(key, tuple) and len(key) == 2:
                count = value.get("critical", 0) if isinstance(value, dict) else int(value or 0)
                out[key] = out.get(key, 0) + count
        return out
    for row in result or []:
        if row.get("severity", "critical") != "critical":
            continue
        key = (row.get("release_id", row.get("release")), row.get("lang"))
        out[key] = out.get(key, 0) + int(row.get("critical", row.get("count", 0)) or 0)
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
    summary = store.progress_summary(release_ids, langs)
    assignees = store.assignees_by_release_lang()
    qa = _qa_critical_counts(store)
    # Count columns come as segments_<v>, words_<v> pairs, states ascending, so the
    # states below the finished floor are the first ``below`` pairs.
    below = 2 * sum(1 for value in STATES.values() if value < finished_state)
    rows: list[LangStatus] = []
    for release_id, slug, version, code, last_at, *counts in summary:
        qa_count = None
        if qa is not None:
            qa_count = qa.get((release_id, code), 0) + qa.get((slug, code), 0)
        rows.append(
            LangStatus(
                slug,
                code,
                version,
                counts[0::2],
                counts[1::2],
                qa_count,
                assignees.get((release_id, code)),
                last_at,
                not any(counts[0:below:2]),
            )
        )
    if summary:
        columns = [sum(col) for col in zip(*(r[5:] for r in summary), strict=True)]
    else:
        columns = [0] * (2 * len(STATE_ORDER))
    activity = [r.last_activity for r in rows if r.last_activity]
    total = LangStatus(
        "TOTAL",
        "",
        None,
        columns[0::2],
        columns[1::2],
        None if qa is None else sum(r.qa_critical for r in rows),
        None,
        max(activity) if activity else None,
        bool(rows) and all(r.finished for r in rows),
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

"""Status for coordinators: where every language of every release stands.

``workspace_status`` gives, per release x language, segments and source words
by state, percent approved, open critical QA issues, assignee, last activity and
whether the language is finished, plus a total row. ``match_bands`` gives the TM
match bands per language in words, the way translators are paid.
"""

from __future__ import annotations

from dataclasses import dataclass

from l10n.errors import UsageError
from l10n.langs import normalize_lang
from l10n.states import APPROVED, STATES, state_name

STATE_ORDER = sorted(STATES, key=lambda name: STATES[name])  # untranslated ... approved

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

    A thin view over the row the store returned (``progress_summary``), so that a
    status of tens of thousands of release x language pairs is built in a few
    milliseconds; everything else is derived on access.
    """

    __slots__ = ("_row", "qa_critical", "assignee")

    def __init__(self, row: tuple, qa_critical: int | None = None, assignee: str | None = None):
        # (release_id, slug, version, lang, last_at, segments, words, finished,
        #  segments_<v>, words_<v>, ... in STATE_ORDER)
        self._row = row
        self.qa_critical = qa_critical  # None: QA is not set up in this workspace
        self.assignee = assignee

    release = property(lambda self: self._row[1])
    lang = property(lambda self: self._row[3])
    version = property(lambda self: self._row[2])
    last_activity = property(lambda self: self._row[4])
    segments = property(lambda self: self._row[5])
    words = property(lambda self: self._row[6])
    finished = property(lambda self: bool(self._row[7]))
    counts = property(lambda self: self._row[8::2], doc="Segments per state, STATE_ORDER.")
    word_counts = property(lambda self: self._row[9::2], doc="Source words per state.")

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

    @property
    def unfinished(self) -> list[tuple[str, str]]:
        """(release, lang) of the rows that are not finished."""
        return [(r.release, r.lang) for r in self.rows if not r.finished]

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


def _qa_critical_counts(store) -> dict[tuple[int, str], int] | None:
    """Open critical QA issues per (release id, lang); None when QA is not set up.

    The QA part of the store may offer ``open_qa_issue_counts(severity=...)`` returning
    {(release id, lang): count} (used when present); otherwise the progress part
    counts the ``qa_issues`` table itself.
    """
    counter = getattr(store, "open_qa_issue_counts", None)
    if counter is None:
        return store.open_critical_qa_counts()
    return {key: int(n or 0) for key, n in dict(counter(severity="critical")).items()}


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
    summary = store.progress_summary(release_ids, langs, finished_state)
    assignees = store.assignees_by_release_lang()
    qa = _qa_critical_counts(store)
    if not qa and not assignees:
        nothing = None if qa is None else 0
        rows = [LangStatus(row, nothing) for row in summary]
    else:
        qa_get = (qa or {}).get
        nothing = None if qa is None else 0
        rows = [
            LangStatus(row, qa_get((row[0], row[3]), nothing), assignees.get((row[0], row[3])))
            for row in summary
        ]
    last_at, unfinished, *columns = store.progress_totals(release_ids, langs, finished_state)
    if qa is None:
        qa_total = None
    else:
        qa_total = sum(r.qa_critical or 0 for r in rows) if qa else 0
    total = LangStatus(
        (
            None,
            "TOTAL",
            None,
            "",
            last_at,
            sum(columns[0::2]),
            sum(columns[1::2]),
            bool(summary) and not unfinished,
            *columns,
        ),
        qa_total,
    )
    return StatusReport(rows=rows, total=total, finished_state=state_name(finished_state))


def band_for(score: int | None) -> str:
    for label, low, high in MATCH_BANDS:
        if score is not None and low <= score <= high:
            return label
    return NO_MATCH


def match_bands(
    store,
    *,
    release: str | list[str] | None = None,
    lang: str | list[str] | None = None,
) -> list[dict]:
    """TM match bands per language, in source words, the way translators are paid.

    Each segment's words go to the band of the TM match its translation came from
    (its ``tm:NN`` origin, or the last one in its history once a person edited it;
    no match for MT and human work), and the words of its further occurrences in
    the document go to ``repetitions``.

    Returns one row per language (``lang``, one key per band label, ``total``),
    then a total row with ``lang`` = "TOTAL".
    """
    release_ids, langs = _resolve_filters(store, release, lang)
    per_lang: dict[str, dict[str, int]] = {}
    for code, band, words, repeated in store.match_band_words(
        MATCH_BANDS, NO_MATCH, release_ids, langs
    ):
        bands = per_lang.setdefault(code, dict.fromkeys(BAND_LABELS, 0))
        bands[band] += words or 0
        bands[REPETITIONS] += repeated or 0
    rows = []
    total = dict.fromkeys(BAND_LABELS, 0)
    for code in sorted(per_lang):
        bands = per_lang[code]
        for label in BAND_LABELS:
            total[label] += bands[label]
        rows.append({"lang": code, **bands, "total": sum(bands.values())})
    rows.append({"lang": "TOTAL", **total, "total": sum(total.values())})
    return rows

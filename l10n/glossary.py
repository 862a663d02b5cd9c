"""The workspace glossary: import/export, listing, ad-hoc matching, checks and term hits.

One matcher (:class:`l10n.terms.TermMatcher`) per source language serves ingest,
review, pretranslation and QA alike; it is rebuilt only when the glossary changes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from l10n.errors import UsageError
from l10n.inline import blank_codes
from l10n.langs import normalize_lang
from l10n.store import Store, utcnow
from l10n.terms import (
    FORMATS,
    Concept,
    Term,
    Termbase,
    TermHit,
    TermMatcher,
    concept_id_for,
    read_termbase,
)

_MATCHERS: dict[tuple[str, str], TermMatcher] = {}


@dataclass
class GlossaryImportResult:
    file: str
    concepts: int  # concepts in the file
    added: int
    updated: int
    total: int  # concepts in the workspace afterwards
    hits: int  # term hits stored after refreshing every release

    def to_json(self) -> dict:
        return asdict(self)


def matcher_for(store: Store, lang: str) -> TermMatcher:
    """The term matcher for ``lang``, built once per glossary version."""
    key = (store.glossary_version(), normalize_lang(lang))
    matcher = _MATCHERS.get(key)
    if matcher is None:
        if len(_MATCHERS) > 16:
            _MATCHERS.clear()
        matcher = TermMatcher(store.load_termbase(), key[1])
        _MATCHERS[key] = matcher
    return matcher


def import_glossary_file(
    store: Store,
    path: str | Path,
    *,
    replace: bool = False,
    fmt: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    default_source_lang: str | None = None,
) -> GlossaryImportResult:
    """Import a CSV/TSV/TBX termbase: all of it, or nothing when any part is malformed.
    The languages are for CSV layouts of other tools whose file does not name them (see
    ``l10n.terms.csvfile.parse_csv``)."""
    termbase = read_termbase(
        path,
        fmt,
        source_lang=source_lang,
        target_lang=target_lang,
        default_source_lang=default_source_lang,
    )
    added, updated = store.save_concepts(list(termbase), utcnow(), replace_all=replace)
    hits = refresh_hits(store)
    return GlossaryImportResult(
        str(path), len(termbase), added, updated, len(store.load_termbase()), hits
    )


def export_glossary(store: Store, fmt: str = "csv") -> bytes:
    if fmt.lower() not in FORMATS:
        raise UsageError(f"unknown glossary format '{fmt}'", "Use one of: " + ", ".join(FORMATS))
    return FORMATS[fmt.lower()].serialize(store.load_termbase())


def list_concepts(store: Store, lang: str | None = None, search: str | None = None) -> list[dict]:
    lang = normalize_lang(lang) if lang else None
    needle = search.casefold() if search else None
    out = []
    for concept in store.load_termbase():
        terms = concept.terms_for(lang) if lang else list(concept.terms)
        if not terms:
            continue
        if (
            needle
            and not any(needle in t.text.casefold() for t in concept.terms)
            and (needle not in concept.note.casefold())
        ):
            continue
        out.append(
            {
                "id": concept.id,
                "terms": " | ".join(
                    f"{t.lang}: {t.text}" + ("" if t.status == "preferred" else f" ({t.status})")
                    for t in terms
                ),
                "source": concept.source,
                "note": concept.note,
                "concept": concept.to_dict(),
            }
        )
    return out


def add_concept(
    store: Store,
    terms: dict[str, list[str]],
    *,
    concept_id: str | None = None,
    forbidden: dict[str, list[str]] | None = None,
    dnt: bool = False,
    acronym: bool = False,
    source: str = "",
    note: str = "",
) -> Concept:
    items: list[Term] = []
    for lang, texts in terms.items():
        code = normalize_lang(lang)
        for i, text in enumerate(texts):
            items.append(
                Term(
                    text=text,
                    lang=code,
                    status="preferred" if i == 0 else "admitted",
                    do_not_translate=dnt,
                    acronym=acronym,
                )
            )
    for lang, texts in (forbidden or {}).items():
        for text in texts:
            items.append(Term(text=text, lang=normalize_lang(lang), status="forbidden"))
    if not items:
        raise UsageError("no terms given", "Pass at least one --term LANG=TEXT")
    concept = Concept(
        id=concept_id or concept_id_for(items), terms=tuple(items), source=source, note=note
    )
    store.save_concepts([concept], utcnow())
    refresh_hits(store)
    return concept


def match_text(store: Store, text: str, lang: str) -> list[TermHit]:
    return matcher_for(store, lang).match(blank_codes(text))


def segment_hits(store: Store, segment_id: int, lang: str | None = None) -> list[TermHit]:
    """Glossary hits in a segment's source (``lang`` is the target language; kept for
    symmetry with callers that show expected target terms)."""
    segment = store.get_segment(segment_id)
    release = store.release_by_id(segment["release_id"])
    return match_text(store, segment["source"], release["source_lang"])


def refresh_hits(store: Store, release_id: int | None = None) -> int:
    """Recompute and store the term hits of every active segment (of one release)."""
    total = 0
    version = store.glossary_version()
    for rel_id, source_lang in store.release_ids():
        if release_id is not None and rel_id != release_id:
            continue
        segments = store.active_segments(rel_id)
        found = matcher_for(store, source_lang).match_many(
            [blank_codes(seg["source"]) for seg in segments]
        )
        hits = {
            seg["id"]: [
                {
                    "start": h.start,
                    "end": h.end,
                    "text": h.text,
                    "concept_id": h.concept_id,
                    "term": h.term.text,
                    "exact": h.exact,
                }
                for h in seg_hits
            ]
            for seg, seg_hits in zip(segments, found, strict=True)
        }
        total += store.replace_term_hits(hits, version)
    return total


def check_glossary(termbase: Termbase, target_langs: list[str]) -> list[dict]:
    """Problems a terminologist should fix: duplicates, contradictions, missing languages."""
    problems: list[dict] = []
    seen: dict[tuple[str, str], str] = {}
    for concept in termbase:
        by_text: dict[tuple[str, str], set[str]] = {}
        for term in concept.terms:
            key = (term.lang, term.text.casefold())
            by_text.setdefault(key, set()).add(term.status)
            if term.status in ("preferred", "admitted"):
                other = seen.get(key)
                if other and other != concept.id:
                    problems.append(
                        {
                            "concept_id": concept.id,
                            "problem": "duplicate",
                            "detail": f"{term.lang} '{term.text}' is also in {other}",
                        }
                    )
                seen.setdefault(key, concept.id)
        for (lang, text), statuses in by_text.items():
            if statuses & {"preferred", "admitted"} and statuses & {"forbidden", "deprecated"}:
                problems.append(
                    {
                        "concept_id": concept.id,
                        "problem": "contradiction",
                        "detail": f"{lang} '{text}' is both allowed and "
                        f"{'/'.join(sorted(statuses - {'preferred', 'admitted'}))}",
                    }
                )
        dnt = any(t.do_not_translate for t in concept.terms)
        for lang in target_langs:
            if not dnt and not concept.allowed(lang):
                problems.append(
                    {
                        "concept_id": concept.id,
                        "problem": "missing_language",
                        "detail": f"no preferred or admitted term in {lang}",
                    }
                )
    return problems


def hits_summary(store: Store, source: str, source_lang: str, langs: list[str]) -> list[dict]:
    """Hits in one source text with the target terms to use, for listings."""
    return [h.to_dict(langs) for h in match_text(store, source, source_lang)]

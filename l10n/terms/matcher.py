"""The one term matcher: ingest, review, machine translation and QA all call it.

``TermMatcher(termbase, "fr").match(text)`` finds every term of the source language in a
text. Rules:

- whole words only, longest match first; overlapping candidates are resolved longest first,
  then leftmost; when several concepts share the very same span, all of them are reported;
- case-insensitive, except terms flagged case-sensitive or acronym (``AVRR`` matches
  ``AVRR``, not ``avrr`` and not inside ``XAVRRY``);
- apostrophe and hyphen variants, no-break spaces and Unicode normalisation (NFC) unified;
  a whitespace run in the text matches a single space of the term;
- inflection-tolerant through the closed lists of forms in ``l10n.terms.inflect``
  (``victimes``, ``travailleurs étrangers``, ``réfugiées``) and exact on accents (``traite``
  never matches ``traité``, ``traités``, ``traitement`` or ``trait``);
- elided articles and prepositions (``l'OIM``, ``d'AVRR``, ``qu'``) are separate words, so
  the term after them is found;
- inline-code tokens (``⟦1⟧``) are blanked first, so offsets are offsets into the given text.

How it is fast: every word of every term is expanded to its accepted forms once, at build
time, and the forms of one word (and of words sharing forms) get one class key. The text is
split into words once (C-level ``re.split``), each word is replaced by its class key with a
single dict lookup, and one Aho-Corasick automaton (pyahocorasick) over the class keys of
all terms finds the candidates. Each candidate is then verified word by word (the exact
form must belong to that term word's forms) and separator by separator. Case-sensitive terms
use a second automaton over the words as written.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from operator import add

import ahocorasick

from l10n.terms.inflect import word_forms
from l10n.terms.model import (
    _STATUS_RANK,
    Concept,
    Term,
    Termbase,
    base_lang,
    normalize_lang,
)
from l10n.terms.normalize import PreparedText, norm_sep, prepare, split_term


@dataclass(frozen=True)
class TermHit:
    """One occurrence of a concept's term in a text."""

    start: int  # offsets into the text given to ``match``
    end: int
    text: str  # the text as it appears
    concept_id: str
    term: Term  # the source-language term that matched
    concept: Concept = field(repr=False, compare=False)
    exact: bool = True  # False when an inflected form matched

    def targets(self, lang: str) -> list[Term]:
        """Terms a translation into ``lang`` should use: preferred first, then admitted;
        an acronym hit lists the target acronyms first, a full-form hit the full forms.
        A do-not-translate term with no entry in ``lang`` expects itself."""
        allowed = self.concept.allowed(lang)
        if not allowed and self.term.do_not_translate:
            return [_as_lang(self.term, lang)]
        return sorted(
            allowed, key=lambda t: (t.acronym != self.term.acronym, _STATUS_RANK[t.status])
        )

    def preferred(self, lang: str) -> Term | None:
        targets = self.targets(lang)
        return targets[0] if targets else None

    def forbidden(self, lang: str) -> list[Term]:
        """Deprecated and forbidden terms of the concept in ``lang``."""
        return self.concept.rejected(lang)

    def to_dict(self, target_langs: tuple[str, ...] | list[str] = ()) -> dict:
        out = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "concept_id": self.concept_id,
            "term": self.term.text,
            "status": self.term.status,
            "do_not_translate": self.term.do_not_translate,
            "exact": self.exact,
        }
        if target_langs:
            out["targets"] = {lang: [t.text for t in self.targets(lang)] for lang in target_langs}
            out["forbidden"] = {
                lang: [t.text for t in self.forbidden(lang)] for lang in target_langs
            }
        return out


def _as_lang(term: Term, lang: str) -> Term:
    return Term(
        text=term.text,
        lang=lang,
        status=term.status,
        do_not_translate=True,
        case_sensitive=term.case_sensitive,
        acronym=term.acronym,
        part_of_speech=term.part_of_speech,
    )


@dataclass
class _Entry:
    concept: Concept
    term: Term
    position: int  # the term's position in the concept (earlier wins ties)
    words: list[str]  # compared forms (lowered unless exact_case)
    forms: list[frozenset[str]]  # accepted text forms per word (exact_case: the word)
    seps: list[str]
    exact_case: bool


class TermMatcher:
    """All terms of ``lang`` in ``termbase``, compiled once; ``match`` is thread-safe."""

    def __init__(self, termbase: Termbase, lang: str):
        self.lang = normalize_lang(lang)
        self._rules_lang = base_lang(self.lang)
        self.version = termbase.version
        self._entries: list[_Entry] = []
        self._classes: dict[str, str] = {}  # accepted form -> class key
        self._folded = ahocorasick.Automaton()
        self._cased = ahocorasick.Automaton()
        self._build(termbase)

    def __len__(self) -> int:
        return len(self._entries)

    def _build(self, termbase: Termbase) -> None:
        rules = self._rules_lang
        folded_keys: dict[str, list[int]] = {}
        cased_keys: dict[str, list[int]] = {}
        pending: list[tuple[int, list[str]]] = []
        owner: dict[str, str] = {}  # accepted form -> a term word that accepts it
        parent: dict[str, str] = {}

        def find(word: str) -> str:
            root = word
            while parent[root] != root:
                root = parent[root]
            while parent[word] != root:
                parent[word], word = root, parent[word]
            return root

        seen_forms: set[tuple[str, bool]] = set()
        for concept in termbase:
            for position, term in enumerate(concept.terms):
                if not _lang_ok(term.lang, self.lang):
                    continue
                written, lowered, seps = split_term(term.text, rules)
                if not written:
                    continue
                index = len(self._entries)
                if term.exact_case:
                    forms = [frozenset([w]) for w in written]
                    self._entries.append(
                        _Entry(concept, term, position, written, forms, seps, True)
                    )
                    key = " " + " ".join(written) + " "
                    cased_keys.setdefault(key, []).append(index)
                    continue
                forms = [word_forms(w, rules, i == 0) for i, w in enumerate(lowered)]
                self._entries.append(_Entry(concept, term, position, lowered, forms, seps, False))
                for i, word in enumerate(lowered):
                    if (word, i == 0) in seen_forms:
                        continue
                    seen_forms.add((word, i == 0))
                    parent.setdefault(word, word)
                    for form in forms[i]:
                        other = owner.setdefault(form, word)
                        if other != word:
                            parent.setdefault(other, other)
                            a, b = find(other), find(word)
                            if a != b:
                                parent[b] = a
                pending.append((index, lowered))
        classes = {form: find(word) for form, word in owner.items()}
        self._classes = classes
        for index, lowered in pending:
            key = " " + " ".join(classes[w] for w in lowered) + " "
            folded_keys.setdefault(key, []).append(index)
        for automaton, keys in ((self._folded, folded_keys), (self._cased, cased_keys)):
            for key, indexes in keys.items():
                automaton.add_word(key, (key.count(" ") - 1, tuple(indexes)))
            if keys:
                automaton.make_automaton()

    def match(self, text: str) -> list[TermHit]:
        """Every term hit in ``text``, sorted by start offset."""
        if not self._entries or not text:
            return []
        prepared = prepare(text, self._rules_lang)
        candidates: list[tuple[int, int, int, bool]] = []  # first word, last word, entry, exact
        if self._folded.kind == ahocorasick.AHOCORASICK:
            keys = list(map(self._classes.get, prepared.lwords, prepared.lwords))
            self._scan(self._folded, keys, prepared, prepared.lwords, candidates)
        if self._cased.kind == ahocorasick.AHOCORASICK:
            self._scan(self._cased, prepared.words, prepared, prepared.words, candidates)
        if not candidates:
            return []
        return self._resolve(candidates, prepared)

    def _scan(self, automaton, keys, prepared: PreparedText, words, out) -> None:
        line = " " + " ".join(keys) + " "
        # Offset of word i in ``line``: 1 + total length of the words before it + i spaces.
        starts = list(map(add, accumulate(map(len, keys), initial=1), range(len(keys) + 1)))
        entries = self._entries
        seps = prepared.seps
        for end, (count, indexes) in automaton.iter(line):
            # ``end`` is the key's closing space, so the next word starts at end + 1.
            last = bisect_left(starts, end + 1) - 1
            first = last - count + 1
            for index in indexes:
                entry = entries[index]
                form_sets = entry.forms
                if not all(words[first + k] in form_sets[k] for k in range(count)):
                    continue
                if any(norm_sep(seps[first + k]) != entry.seps[k] for k in range(count - 1)):
                    continue
                exact = all(words[first + k] == entry.words[k] for k in range(count))
                out.append((first, last, index, exact))

    def _resolve(self, candidates, prepared: PreparedText) -> list[TermHit]:
        by_span: dict[tuple[int, int], list[tuple[int, bool]]] = {}
        for first, last, index, exact in candidates:
            span = prepared.word_span(first, last)
            by_span.setdefault(span, []).append((index, exact))
        chosen = _longest_first(sorted(by_span))
        hits: list[TermHit] = []
        text = prepared.original
        for span in chosen:
            best: dict[str, tuple[tuple, int, bool]] = {}
            for index, exact in by_span[span]:
                entry = self._entries[index]
                rank = (not exact, _STATUS_RANK[entry.term.status], entry.position)
                cid = entry.concept.id
                if cid not in best or rank < best[cid][0]:
                    best[cid] = (rank, index, exact)
            for _rank, index, exact in sorted(best.values(), key=lambda b: b[1]):
                entry = self._entries[index]
                hits.append(
                    TermHit(
                        start=span[0],
                        end=span[1],
                        text=text[span[0] : span[1]],
                        concept_id=entry.concept.id,
                        term=entry.term,
                        concept=entry.concept,
                        exact=exact,
                    )
                )
        return hits


def _lang_ok(term_lang: str, wanted: str) -> bool:
    if term_lang == wanted:
        return True
    return "-" not in wanted and base_lang(term_lang) == wanted


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans, choosing longer spans first and the leftmost among equals.
    ``spans`` is sorted by start; only clusters of overlapping spans need the greedy pass."""
    chosen: list[tuple[int, int]] = []
    cluster: list[tuple[int, int]] = []
    cluster_end = -1
    for span in spans + [(1 << 62, 1 << 62)]:
        if span[0] >= cluster_end:
            if len(cluster) == 1:
                chosen.append(cluster[0])
            elif cluster:
                taken: list[tuple[int, int]] = []
                for s, e in sorted(cluster, key=lambda x: (x[0] - x[1], x[0])):
                    if all(e <= ts or s >= te for ts, te in taken):
                        taken.append((s, e))
                chosen.extend(sorted(taken))
            cluster = [span]
            cluster_end = span[1]
        else:
            cluster.append(span)
            cluster_end = max(cluster_end, span[1])
    return chosen


@lru_cache(maxsize=4096)
def _single(text: str, lang: str, exact_case: bool) -> TermMatcher:
    term = Term(text=text, lang=lang, case_sensitive=exact_case)
    return TermMatcher(Termbase.of([Concept(id="_", terms=(term,))]), lang)


def contains_term(text: str, term: Term | str, lang: str | None = None) -> tuple[int, int] | None:
    """The span of the first occurrence of ``term`` in ``text`` (a target text, for QA),
    with the matcher's rules (inflection, case, apostrophes, elision), or None."""
    if isinstance(term, Term):
        lang = lang or term.lang
        matcher = _single(term.text, normalize_lang(lang), term.exact_case)
    else:
        if not lang:
            raise ValueError("contains_term needs a language for a plain-text term")
        matcher = _single(term, normalize_lang(lang), False)
    hits = matcher.match(text)
    return (hits[0].start, hits[0].end) if hits else None


def find_any(
    text: str, terms: list[Term], lang: str | None = None
) -> tuple[Term, tuple[int, int]] | None:
    """The first of ``terms`` found in ``text`` and its span, or None."""
    for term in terms:
        span = contains_term(text, term, lang)
        if span is not None:
            return term, span
    return None

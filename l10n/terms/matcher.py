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
- inline-code tokens (``⟦1⟧``) are blanked first, so offsets are offsets into the given text;
- terms in scripts written without spaces between words (Chinese, Japanese, Thai, Lao,
  Khmer, Myanmar) are found where they stand in the text, as their readers find words,
  with a word boundary only at an edge in a spaced script (``IOM总部``).

How it is fast: every word of every term is expanded to its accepted forms once, at build
time, and the forms of one word (and of words sharing forms) get one class, written as a
short fixed-width code. One pass over the text lowers it and turns every separator character
into a space (a byte table where the text is in Latin-1 or cp1252), and C-level
``str.split(" ")`` splits the copy, so a run of n separators leaves n - 1 empty pieces; each
piece becomes its class code with one dict lookup, an unknown word one filler character and
an empty piece nothing; and one Aho-Corasick automaton (pyahocorasick) over the class codes
of all terms finds the candidates. Codes are fixed-width with a digit alphabet per position,
so a match starts and ends on word boundaries. Only candidates cost Python work: a cursor
walks the code line and the pieces together to find each candidate's words and offsets
(piece lengths plus one separator each), then each is verified word by word (the exact form
must belong to that term word's forms) and, unless both the term and the text use single
spaces, separator by separator. Case-sensitive terms are indexed under their lowered words
and checked against the words as written.

Long texts go by blocks of about 64K characters. A block of 16K characters or more finds
its candidates with array operations instead (``l10n.terms.wordcodes``): word hashes looked
up in a table give the classes, and an index of the terms' runs of classes, walked one word
further at a time over all positions at once, gives the candidates, with their words'
offsets and no cursor. The candidates are verified the same way.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from itertools import repeat

import ahocorasick
import numpy as np

from l10n.terms.inflect import word_forms
from l10n.terms.model import (
    _STATUS_RANK,
    Concept,
    Term,
    Termbase,
    base_lang,
    normalize_lang,
)
from l10n.terms.normalize import (
    _MARKS,
    NotNFC,
    PreparedText,
    lower_keep_length,
    next_words_re,
    norm_sep,
    prepare,
    split_term,
)
from l10n.terms.wordcodes import MAX_BLOCK, TermIndex, WordTable, hash_words


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


# Keys of the accepted-form sets: a lowered term word (its inflected forms), (word,) for an
# Arabic opening word (with proclitics), (word, "=") for a word of a case-sensitive term.
_FormsKey = str | tuple[str] | tuple[str, str]


@dataclass(slots=True)
class _Entry:
    """One term to find. Only tuples of strings hang off it, which the garbage collector
    stops tracking: the entry is the one object per term it keeps walking, not four."""

    concept: Concept
    term: Term
    position: int  # the term's position in the concept (earlier wins ties)
    words: tuple[str, ...]  # compared forms (lowered unless exact_case)
    forms: tuple[_FormsKey, ...]  # per word, the key of its accepted forms in the matcher
    seps: tuple[str, ...]
    exact_case: bool
    spaced: bool = False  # every separator is one space

    def __post_init__(self) -> None:
        self.spaced = all(sep == " " for sep in self.seps)


class TermMatcher:
    """All terms of ``lang`` in ``termbase``, compiled once; ``match`` is thread-safe."""

    def __init__(self, termbase: Termbase, lang: str):
        self.lang = normalize_lang(lang)
        self._rules_lang = base_lang(self.lang)
        self.version = termbase.version
        self._entries: list[_Entry] = []
        self._forms: dict[_FormsKey, frozenset[str]] = {}  # accepted forms, see _FormsKey
        self._codes: dict[str, str] = {}  # accepted form -> its class character
        self._automaton = ahocorasick.Automaton()
        self._next_words = next_words_re(1)
        # For long texts, when the terms allow it: see l10n.terms.wordcodes.
        self._arrays: tuple[WordTable, TermIndex] | None = None
        # Terms in scripts without spaces between words, by their lowered text.
        self._unspaced: dict[str, tuple[int, ...]] = {}
        self._substrings = ahocorasick.Automaton()
        self._word_terms = False  # terms of spaced scripts, found word by word
        # Building creates a few hundred thousand small containers that all live on: the
        # cyclic collector would scan them again and again for nothing (a third of the time).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._build(termbase)
        finally:
            if collecting:
                gc.enable()
                if len(self._entries) > _COLLECT_AFTER:
                    # Promote the new containers now, as part of the build, rather than in
                    # the collection the first match would trigger.
                    gc.collect()

    def __len__(self) -> int:
        return len(self._entries)

    def _build(self, termbase: Termbase) -> None:
        rules = self._rules_lang
        lang = self.lang
        arabic = rules == "ar"
        forms_of: dict[_FormsKey, frozenset[str]] = self._forms
        entries = self._entries
        pending: list[tuple[int, list[str]]] = []
        for concept in termbase:
            for position, term in enumerate(concept.terms):
                if term.lang != lang and not _lang_ok(term.lang, lang):
                    continue
                written, lowered, seps = split_term(term.text, rules)
                if not written:
                    continue
                if _UNSPACED.search(term.text):
                    self._add_unspaced(concept, term, position, written, lowered, seps)
                    continue
                form_keys: list[_FormsKey]
                if term.exact_case:
                    form_keys = [(w, "=") for w in lowered]
                    for key, w in zip(form_keys, lowered, strict=True):
                        if key not in forms_of:
                            forms_of[key] = frozenset((w,))
                else:
                    form_keys = list(lowered)
                    for w in lowered:
                        if w not in forms_of:
                            forms_of[w] = word_forms(w, rules)
                    if arabic:
                        key = form_keys[0] = (lowered[0],)
                        if key not in forms_of:
                            forms_of[key] = word_forms(lowered[0], rules, True)
                pending.append((len(entries), lowered))
                entries.append(
                    _Entry(
                        concept,
                        term,
                        position,
                        tuple(written if term.exact_case else lowered),
                        tuple(form_keys),
                        tuple(seps),
                        term.exact_case,
                    )
                )
        # Words that share an accepted form share a class key, so one lookup per text word
        # gives the key every candidate term was indexed under.
        owner: dict[str, str] = {}
        parent: dict[str, str] = {}

        def find(word: str) -> str:
            root = word
            while parent[root] != root:
                root = parent[root]
            while parent[word] != root:
                parent[word], word = root, parent[word]
            return root

        for key, accepted in forms_of.items():
            lemma = key if isinstance(key, str) else key[0]
            parent.setdefault(lemma, lemma)
            for spelling in accepted:
                other = owner.setdefault(spelling, lemma)
                if other != lemma:
                    a, b = find(other), find(lemma)
                    if a != b:
                        parent[b] = a
        # Each class is a fixed-width code of base-32 digits, each digit position with its
        # own 32 characters: the automaton's nodes stay small (pyahocorasick scans a node's
        # children linearly) and a match can only start at the first digit of a word.
        roots = {find(lemma) for lemma in owner.values()}
        width = 1
        while _BASE**width <= len(roots):
            width += 1
        class_number: dict[str, int] = {}
        class_codes: list[str] = []
        numbers: dict[str, int] = {}
        for spelling, lemma in owner.items():
            root = find(lemma)
            number = class_number.get(root)
            if number is None:
                number = class_number[root] = len(class_codes)
                class_codes.append(_code(number, width))
            numbers[spelling] = number
        codes = {spelling: class_codes[number] for spelling, number in numbers.items()}
        codes[""] = ""
        self._codes = codes
        self._width = width
        keys: dict[str, tuple[int, ...]] = {}
        runs: dict[str, tuple[int, ...]] = {}  # a key's run of class numbers
        for index, lowered in pending:
            key = "".join(map(codes.__getitem__, lowered))
            keys[key] = keys.get(key, ()) + (index,)
            if key not in runs:
                runs[key] = tuple(map(numbers.get, lowered, repeat(-1)))
        add_word = self._automaton.add_word
        for key, indexes in keys.items():
            add_word(key, (len(key) // width, indexes))
        self._word_terms = bool(keys)
        if keys:
            self._automaton.make_automaton()
        # Arabic words are compared folded, which the arrays do not do.
        if keys and not arabic and all(min(run) >= 0 for run in runs.values()):
            word_table = WordTable.build(numbers, len(class_codes))
            term_index = TermIndex.build(
                [(runs[key], indexes) for key, indexes in keys.items()], len(class_codes)
            )
            if word_table is not None and term_index is not None:
                self._arrays = (word_table, term_index)
        # The words after a block's end that a term starting in the block can reach.
        longest = max((len(lowered) for _index, lowered in pending), default=1)
        self._next_words = next_words_re(longest)
        if self._unspaced:
            for key, indexes in self._unspaced.items():
                self._substrings.add_word(key, (len(key), indexes))
            self._substrings.make_automaton()

    def _add_unspaced(
        self,
        concept: Concept,
        term: Term,
        position: int,
        written: list[str],
        lowered: list[str],
        seps: list[str],
    ) -> None:
        """A term in a script written without spaces between words (Chinese, Japanese,
        Thai ...): found as a substring of the text, the way those scripts are read, since
        there are no spaces to find its words by. No inflection applies."""
        key = _joined(lowered, seps)
        index = len(self._entries)
        self._entries.append(
            _Entry(
                concept,
                term,
                position,
                tuple(written if term.exact_case else lowered),
                (),
                tuple(seps),
                term.exact_case,
            )
        )
        self._unspaced[key] = self._unspaced.get(key, ()) + (index,)

    def match(self, text: str) -> list[TermHit]:
        """Every term hit in ``text``, sorted by start offset."""
        if not self._entries or not text:
            return []
        prepared = prepare(text, self._rules_lang)
        candidates: list[tuple[tuple[int, int], int, bool]] = []
        try:
            if self._word_terms:
                candidates = self._candidates(prepared)
        except NotNFC:
            prepared = prepare(text, self._rules_lang, nfc=True)
            candidates = self._candidates(prepared)
        if self._unspaced and _UNSPACED.search(prepared.norm):
            if not prepared.nfc_checked and not unicodedata.is_normalized("NFC", prepared.norm):
                prepared = prepare(text, self._rules_lang, nfc=True)
            self._substring_candidates(prepared, candidates)
        if not candidates:
            return []
        return self._resolve(candidates, prepared.original)

    def _candidates(self, prepared: PreparedText) -> list[tuple[tuple[int, int], int, bool]]:
        """Verified candidates: (span in the original text, entry index, exact form).

        A long text goes by blocks of about _MATCH_BLOCK characters, cut at a space: its
        words and their codes stay small enough to be reused from block to block instead
        of filling memory. A block's words run on past its end by as many words as the
        longest term has, so a term that starts in the block is seen whole; only
        candidates starting in the block are kept from it."""
        norm = prepared.norm
        n = len(norm)
        out: list[tuple[tuple[int, int], int, bool]] = []
        start = 0
        while True:
            end = stop = n
            if n - start > _MATCH_BLOCK:
                end = norm.rfind(" ", start + 1, start + _MATCH_BLOCK)
                if end == -1:
                    end = norm.find(" ", start + _MATCH_BLOCK)
                if end == -1:
                    end = n
                else:
                    match = self._next_words.match(norm, end)
                    stop = match.end() if match else end
            if self._arrays is not None and _ARRAY_MIN <= stop - start <= MAX_BLOCK:
                self._array_candidates(prepared, prepared.blanked(start, stop), start, end, out)
            else:
                pieces, keys = prepared.split(start, stop)
                self._block_candidates(prepared, pieces, keys, start, end, out)
            if end >= n:
                return out
            start = end + 1

    def _block_candidates(
        self,
        prepared: PreparedText,
        pieces: tuple[str, ...],
        keys: tuple[str, ...],
        base: int,
        limit: int,
        candidates: list[tuple[tuple[int, int], int, bool]],
    ) -> None:
        """Adds to ``candidates`` those starting before ``limit`` among the words
        ``pieces`` (keys ``keys``) of the text from offset ``base`` on."""
        # One code per word: its class (``width`` characters), or one character for a word
        # no term uses; separator pieces are empty and have an empty code.
        line = "".join(map(self._codes.get, keys, repeat(_UNKNOWN)))
        width = self._width
        found = [
            (end + 1 - count * width, count, indexes)
            for end, (count, indexes) in self._automaton.iter(line)
        ]
        if not found:
            return
        found.sort(key=_first)
        norm = prepared.norm
        original_span = prepared.original_span
        # A cursor walks the line and the pieces together: ``pos`` is where the code of
        # piece ``j`` starts in the line and ``offset`` where the piece starts in ``norm``.
        folded = keys is not pieces
        pos = j = 0
        offset = base
        for start, count, indexes in found:
            if start != pos:
                unknown = line.count(_UNKNOWN, pos, start)
                skip = unknown + (start - pos - unknown) // width  # words to step over
                while skip:
                    step = pieces[j : j + skip]
                    offset += len(" ".join(step)) + 1
                    empty = (keys[j : j + skip] if folded else step).count("")
                    j += skip
                    skip = empty
                pos = start
            while not keys[j]:
                offset += len(pieces[j]) + 1
                j += 1
            if offset >= limit:  # the next block's: it is seen whole there
                break
            words = keys[j : j + count]
            spans: list[tuple[int, int]] | None = None
            if count == 1:
                end = offset + len(pieces[j])
                spaced = True
            elif "" in words:  # a separator of several characters inside the candidate
                words, spans = _words_and_spans(keys, pieces, j, offset, count)
                end = spans[-1][1]
                spaced = False
            else:
                end = offset + len(" ".join(pieces[j : j + count]))
                # One separator character between words: spaced if they are all spaces.
                spaced = norm.count(" ", offset, end) == count - 1
            self._verify(
                indexes,
                words,
                spaced,
                partial(_spans, keys, pieces, j, offset, count) if spans is None else spans,
                norm,
                original_span(offset, end),
                candidates,
            )

    def _array_candidates(
        self,
        prepared: PreparedText,
        blanked: str,
        base: int,
        limit: int,
        candidates: list[tuple[tuple[int, int], int, bool]],
    ) -> None:
        """``_block_candidates`` for a block given as its blanked text (``base`` its
        offset): the words, their classes and the candidates come from array operations
        (``l10n.terms.wordcodes``) instead of word by word and an automaton."""
        assert self._arrays is not None
        words_table, index = self._arrays
        word_starts, word_ends, hashes = hash_words(blanked)
        first, counts, groups = index.find(words_table.classes(hashes))
        if not first.size:
            return
        # The offsets of every word of every candidate, one candidate after the other.
        within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        at = np.repeat(first, counts) + within
        starts: list[int] = word_starts[at].tolist()
        ends: list[int] = word_ends[at].tolist()
        norm = prepared.norm
        original_span = prepared.original_span
        group_entries = index.groups
        k = 0
        for count, group in zip(counts.tolist(), groups.tolist(), strict=True):
            k, first_word = k + count, k
            offset = base + starts[first_word]
            if offset >= limit:  # the next block's: it is seen whole there
                continue
            pairs = list(zip(starts[first_word:k], ends[first_word:k], strict=True))
            words = tuple([blanked[a:b] for a, b in pairs])
            end = base + ends[k - 1]
            spaced = count == 1 or (
                # Single separator characters between words: spaced if they are all spaces.
                ends[k - 1] - starts[first_word] - sum(map(len, words)) == count - 1
                and norm.count(" ", offset, end) == count - 1
            )
            spans = [(base + a, base + b) for a, b in pairs]
            span = original_span(offset, end)
            self._verify(group_entries[group], words, spaced, spans, norm, span, candidates)

    def _verify(
        self,
        indexes: tuple[int, ...],
        words: tuple[str, ...],
        spaced: bool,
        spans: list[tuple[int, int]] | Callable[[], list[tuple[int, int]]],
        norm: str,
        span: tuple[int, int],
        candidates: list[tuple[tuple[int, int], int, bool]],
    ) -> None:
        """Adds to ``candidates`` the entries among ``indexes`` whose words the text has:
        ``words`` (lowered) at ``spans`` of ``norm`` (or a function giving them, called only
        when needed), ``span`` in the original text; ``spaced`` when single spaces part the
        words."""
        forms_of = self._forms
        for index in indexes:
            entry = self._entries[index]
            if len(words) == 1:
                if words[0] not in forms_of[entry.forms[0]]:
                    continue
            elif not all(
                map(frozenset.__contains__, map(forms_of.__getitem__, entry.forms), words)
            ):
                continue
            if not (spaced and entry.spaced) or entry.exact_case:
                if callable(spans):
                    spans = spans()
                if not _fits_text(entry, norm, spans, spaced):
                    continue
            exact = entry.exact_case or words == entry.words
            candidates.append((span, index, exact))

    def _substring_candidates(
        self, prepared: PreparedText, candidates: list[tuple[tuple[int, int], int, bool]]
    ) -> None:
        """Adds the terms of scripts without spaces found as substrings of the text. A term
        that starts or ends with a letter of a spaced script (``IOM总部``) still needs a word
        boundary there."""
        norm = prepared.norm
        low = lower_keep_length(norm)
        for last, (length, indexes) in self._substrings.iter(low):
            start, end = last + 1 - length, last + 1
            # A letter of a spaced script at the term's edge must not go on in the text.
            if (
                start and _SPACED_WORD.match(norm, start) and _WORD_CHAR.match(norm, start - 1)
            ) or (_SPACED_WORD.match(norm, end - 1) and _WORD_CHAR.match(norm, end)):
                continue
            for index in indexes:
                entry = self._entries[index]
                if entry.exact_case and norm[start:end] != _joined(entry.words, entry.seps):
                    continue
                candidates.append((prepared.original_span(start, end), index, True))

    def match_many(self, texts: Sequence[str]) -> list[list[TermHit]]:
        """``[self.match(t) for t in texts]``, in one pass over the texts joined: a text's
        hits and offsets are the same as alone (no term spans the separator put between
        texts, which no term has), and the cost per text is much lower for short texts."""
        out: list[list[TermHit]] = [[] for _ in texts]
        if not self._entries or not texts:
            return out
        starts = []
        pos = 0
        for text in texts:
            starts.append(pos)
            pos += len(text) + len(_JOINER)
        for hit in self.match(_JOINER.join(texts)):
            index = bisect_right(starts, hit.start) - 1
            base = starts[index]
            out[index].append(replace(hit, start=hit.start - base, end=hit.end - base))
        return out

    def _resolve(self, candidates, text: str) -> list[TermHit]:
        """Hits from verified candidates: overlapping spans resolved longest first; on one
        span, the best term of each concept (exact form, then status, then position)."""
        candidates.sort(key=_span)
        spans: list[tuple[int, int]] = []
        groups: list[list[tuple[int, bool]]] = []
        overlap = False
        last = (-1, -1)
        for span, index, exact in candidates:
            if span != last:
                overlap = overlap or span[0] < last[1]
                spans.append(span)
                groups.append([(index, exact)])
                last = span
            else:
                groups[-1].append((index, exact))
        if overlap:
            chosen = set(_longest_first(spans))
            kept = [(s, g) for s, g in zip(spans, groups, strict=True) if s in chosen]
        else:
            kept = list(zip(spans, groups, strict=True))
        entries = self._entries
        hits: list[TermHit] = []
        for (start, end), group in kept:
            if len(group) > 1:
                best: dict[str, tuple[tuple, int, bool]] = {}
                for index, exact in group:
                    entry = entries[index]
                    rank = (not exact, _STATUS_RANK[entry.term.status], entry.position)
                    cid = entry.concept.id
                    if cid not in best or rank < best[cid][0]:
                        best[cid] = (rank, index, exact)
                group = [(index, exact) for _r, index, exact in sorted(best.values(), key=_second)]
            for index, exact in group:
                entry = entries[index]
                hits.append(
                    TermHit(
                        start=start,
                        end=end,
                        text=text[start:end],
                        concept_id=entry.concept.id,
                        term=entry.term,
                        concept=entry.concept,
                        exact=exact,
                    )
                )
        return hits


# Scripts written without spaces between words: Han, Hiragana, Katakana (and their
# iteration and length marks), Hangul is spaced and left out; Thai, Lao, Khmer, Myanmar.
_UNSPACED = re.compile(
    "[\u3005\u3007\u3021-\u3029\u3031-\u3035\u303b\u3040-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
    "\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u1000-\u109f]"
)
# A word character of a spaced script at a position (a term's edge that needs a boundary).
_SPACED_WORD = re.compile(rf"(?!{_UNSPACED.pattern})[\w{_MARKS}]")
_WORD_CHAR = re.compile(rf"[\w{_MARKS}]")
# The code of a word no term has: outside the code digits (U+0100 + 32p ...), and, like
# them, a two-byte character, so joining the line copies every code the same way.
_UNKNOWN = "\u0fff"
# Between texts matched together: separators no term has, and nothing NFC composes across.
_JOINER = "\n\x00\n"
# Builds of more terms than this end with a garbage collection.
_COLLECT_AFTER = 20_000
# Long texts are matched by blocks of about this many characters.
_MATCH_BLOCK = 1 << 16
# Blocks of at least this many characters are coded with arrays (``l10n.terms.wordcodes``).
_ARRAY_MIN = 1 << 14


def _first(item: tuple) -> int:
    return item[0]


def _second(item: tuple) -> int:
    return item[1]


def _span(candidate: tuple) -> tuple[int, int]:
    return candidate[0]


def _joined(words: Sequence[str], seps: Sequence[str]) -> str:
    """A term's words with its separators between them."""
    return "".join(w + sep for w, sep in zip(words, [*seps, ""], strict=True))


def _fits_text(entry: _Entry, norm: str, spans: list[tuple[int, int]], spaced: bool) -> bool:
    """Whether the words at ``spans`` of ``norm`` have ``entry``'s separators (unless both
    are single spaces) and, for a case-sensitive entry, its words as written."""
    if not (spaced and entry.spaced) and any(
        norm_sep(norm[spans[k][1] : spans[k + 1][0]]) != entry.seps[k]
        for k in range(len(spans) - 1)
    ):
        return False
    return not entry.exact_case or all(
        norm[a:b] == entry.words[k] for k, (a, b) in enumerate(spans)
    )


def _spans(
    keys: tuple[str, ...], pieces: tuple[str, ...], j: int, offset: int, count: int
) -> list[tuple[int, int]]:
    return _words_and_spans(keys, pieces, j, offset, count)[1]


def _words_and_spans(
    keys: tuple[str, ...], pieces: tuple[str, ...], j: int, offset: int, count: int
) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
    """The ``count`` words from piece ``j`` (at ``offset``) on, skipping empty pieces,
    and their offsets."""
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    while len(words) < count:
        piece = pieces[j]
        if keys[j]:
            words.append(keys[j])
            spans.append((offset, offset + len(piece)))
        offset += len(piece) + 1
        j += 1
    return tuple(words), spans


_BASE = 32


def _code(n: int, width: int) -> str:
    """The code of word class ``n``: ``width`` base-32 digits, most significant first, digit
    position p written with the characters U+0100 + 32p ... (never _UNKNOWN). The first
    digit has the fewest values, so the automaton's root, which every character of the line
    that starts no term falls back to, has the fewest children to scan."""
    chars = []
    for position in range(width):
        n, digit = divmod(n, _BASE)
        chars.append(chr(0x100 + position * _BASE + digit))
    chars.reverse()
    return "".join(chars)


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

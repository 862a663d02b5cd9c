"""Concept-based terminology: terms, concepts and the termbase.

A *concept* is one meaning (``human trafficking``) with the terms that name it in each
language. Each term carries its own status and flags, so one concept can say that ``CCG``
and ``Conseil de coopération du Golfe`` are both fine in French while ``trafficking`` is
forbidden for ``migrant smuggling`` in English.

Terms and concepts are frozen dataclasses: a ``Termbase`` can fingerprint its content once
(``version``) and that fingerprint stays true until the termbase itself is changed through
``add``/``remove``. Change a concept with ``dataclasses.replace`` and ``add`` it again.

Every class has a plain dict form (``to_dict``/``from_dict``) and a flat row form for a
SQL store (``Concept.to_row``/``Concept.term_rows``/``Concept.from_rows``).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from l10n.errors import InputError

PREFERRED = "preferred"
ADMITTED = "admitted"
DEPRECATED = "deprecated"
FORBIDDEN = "forbidden"
STATUSES = (PREFERRED, ADMITTED, DEPRECATED, FORBIDDEN)
ALLOWED_STATUSES = (PREFERRED, ADMITTED)
REJECTED_STATUSES = (DEPRECATED, FORBIDDEN)
_STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}


@lru_cache(maxsize=1024)
def normalize_lang(code: str) -> str:
    """``fr_FR``/``FR-fr`` -> ``fr-FR``; ``fr`` stays ``fr``. (Cached: a termbase of 100k
    concepts asks for the same few codes hundreds of thousands of times.)"""
    code = (code or "").strip().replace("_", "-")
    if not code:
        return ""
    parts = code.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part)
    return "-".join(out)


def base_lang(code: str) -> str:
    """The primary language subtag: ``fr-CA`` -> ``fr``."""
    return normalize_lang(code).split("-")[0]


def lang_matches(term_lang: str, wanted: str) -> bool:
    """``fr`` asks for every French term (fr, fr-CA); ``fr-CA`` asks for exactly fr-CA."""
    wanted = normalize_lang(wanted)
    if term_lang == wanted:
        return True
    return "-" not in wanted and base_lang(term_lang) == wanted


@dataclass(frozen=True)
class Term:
    """One designation of a concept in one language."""

    text: str
    lang: str
    status: str = PREFERRED
    do_not_translate: bool = False
    case_sensitive: bool = False
    acronym: bool = False
    part_of_speech: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        text = unicodedata.normalize("NFC", " ".join(self.text.split()))
        if not text:
            raise InputError("A term cannot be empty", "Give the term's text or leave it out")
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "lang", normalize_lang(self.lang))
        if not self.lang:
            raise InputError(f"The term {text!r} has no language", "Give a language code")
        status = (self.status or PREFERRED).strip().lower()
        if status not in STATUSES:
            raise InputError(
                f"Unknown term status {self.status!r} for {text!r}",
                "Use one of: " + ", ".join(STATUSES),
            )
        object.__setattr__(self, "status", status)

    @property
    def allowed(self) -> bool:
        """Preferred or admitted: a translation may use it."""
        return self.status in ALLOWED_STATUSES

    @property
    def exact_case(self) -> bool:
        """Matched only in the case written (acronyms and case-sensitive terms)."""
        return self.case_sensitive or self.acronym

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "lang": self.lang,
            "status": self.status,
            "do_not_translate": self.do_not_translate,
            "case_sensitive": self.case_sensitive,
            "acronym": self.acronym,
            "part_of_speech": self.part_of_speech,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Term:
        return cls(
            text=data["text"],
            lang=data["lang"],
            status=data.get("status") or PREFERRED,
            do_not_translate=bool(data.get("do_not_translate", False)),
            case_sensitive=bool(data.get("case_sensitive", False)),
            acronym=bool(data.get("acronym", False)),
            part_of_speech=data.get("part_of_speech") or "",
            note=data.get("note") or "",
        )


@dataclass(frozen=True)
class Concept:
    """One meaning and its terms in every language.

    ``id`` is a stable string (kept from the imported file, or derived from the first term
    by ``concept_id_for``); the store uses it as the key.
    """

    id: str
    terms: tuple[Term, ...] = ()
    definition: str = ""
    note: str = ""
    source: str = ""
    subject: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", (self.id or "").strip())
        object.__setattr__(self, "terms", tuple(self.terms))
        if not self.id:
            raise InputError("A concept has no id", "Give it an id or let concept_id_for make one")

    @property
    def languages(self) -> list[str]:
        seen: dict[str, None] = {}
        for term in self.terms:
            seen.setdefault(term.lang, None)
        return list(seen)

    def terms_for(self, lang: str) -> list[Term]:
        return [t for t in self.terms if lang_matches(t.lang, lang)]

    def preferred(self, lang: str) -> Term | None:
        """The term to use in ``lang``: the first preferred one, else the first admitted."""
        allowed = self.allowed(lang)
        return allowed[0] if allowed else None

    def allowed(self, lang: str) -> list[Term]:
        """Preferred then admitted terms, in file order within each status."""
        terms = [t for t in self.terms_for(lang) if t.allowed]
        return sorted(terms, key=lambda t: _STATUS_RANK[t.status])

    def rejected(self, lang: str) -> list[Term]:
        """Deprecated and forbidden terms: a translation must not use them."""
        return [t for t in self.terms_for(lang) if not t.allowed]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "definition": self.definition,
            "note": self.note,
            "source": self.source,
            "subject": self.subject,
            "terms": [t.to_dict() for t in self.terms],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Concept:
        return cls(
            id=data["id"],
            terms=tuple(Term.from_dict(t) for t in data.get("terms", ())),
            definition=data.get("definition") or "",
            note=data.get("note") or "",
            source=data.get("source") or "",
            subject=data.get("subject") or "",
        )

    # Flat rows for a relational store: one concept row, one row per term with its position.
    def to_row(self) -> dict:
        return {
            "id": self.id,
            "definition": self.definition,
            "note": self.note,
            "source": self.source,
            "subject": self.subject,
        }

    def term_rows(self) -> list[dict]:
        return [
            {"concept_id": self.id, "position": i, **term.to_dict()}
            for i, term in enumerate(self.terms)
        ]

    @classmethod
    def from_rows(cls, row: dict, term_rows: Iterable[dict]) -> Concept:
        ordered = sorted(term_rows, key=lambda r: r.get("position", 0))
        return cls.from_dict({**row, "terms": ordered})


def concept_id_for(terms: Iterable[Term]) -> str:
    """A stable id for a concept that came without one: derived from its first term."""
    for term in terms:
        key = f"{term.lang}\x00{term.text.casefold()}".encode()
        return "c" + hashlib.blake2b(key, digest_size=6).hexdigest()
    raise InputError("A concept has no terms", "Give at least one term")


@dataclass
class Termbase:
    """The concepts of a workspace, by id, in insertion order."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    _version: str | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def of(cls, concepts: Iterable[Concept]) -> Termbase:
        """A termbase from concepts; an id given twice is an error."""
        tb = cls()
        for concept in concepts:
            if concept.id in tb.concepts:
                raise InputError(
                    f"The concept id {concept.id!r} is used twice",
                    "Give each concept its own id",
                )
            tb.concepts[concept.id] = concept
        return tb

    def __len__(self) -> int:
        return len(self.concepts)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts.values())

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self.concepts

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Termbase) and list(self) == list(other)

    def get(self, concept_id: str) -> Concept | None:
        return self.concepts.get(concept_id)

    def add(self, concept: Concept) -> None:
        """Add a concept, replacing the one with the same id."""
        self.concepts[concept.id] = concept
        self._version = None

    def remove(self, concept_id: str) -> None:
        self.concepts.pop(concept_id, None)
        self._version = None

    def merge(self, other: Iterable[Concept]) -> None:
        """Add every concept of ``other``; same id replaces."""
        for concept in other:
            self.add(concept)

    @property
    def languages(self) -> list[str]:
        seen: dict[str, None] = {}
        for concept in self:
            for lang in concept.languages:
                seen.setdefault(lang, None)
        return list(seen)

    def concepts_in(self, lang: str) -> list[Concept]:
        """Concepts with at least one term in ``lang``."""
        return [c for c in self if c.terms_for(lang)]

    def terms_in(self, lang: str) -> list[tuple[Concept, Term]]:
        return [(c, t) for c in self for t in c.terms_for(lang)]

    def lookup(self, text: str, lang: str) -> list[Concept]:
        """Concepts having a term equal to ``text`` in ``lang`` (case-insensitive unless the
        term is case-sensitive or an acronym; whitespace, apostrophes and NFC unified)."""
        from l10n.terms.normalize import normalize_term

        wanted = normalize_term(text)
        found = []
        for concept in self:
            for term in concept.terms_for(lang):
                mine = normalize_term(term.text)
                if mine == wanted if term.exact_case else mine.casefold() == wanted.casefold():
                    found.append(concept)
                    break
        return found

    def search(self, needle: str, lang: str | None = None) -> list[Concept]:
        """Concepts whose terms (in ``lang``, or any language), definition or note contain
        ``needle``, case-insensitively."""
        from l10n.terms.normalize import normalize_term

        wanted = normalize_term(needle).casefold()
        found = []
        for concept in self:
            terms = concept.terms_for(lang) if lang else concept.terms
            texts = [normalize_term(t.text).casefold() for t in terms]
            if lang is None:
                texts += [concept.definition.casefold(), concept.note.casefold()]
            if any(wanted in text for text in texts):
                found.append(concept)
        return found

    @property
    def version(self) -> str:
        """A fingerprint of the whole content: changes whenever any concept changes.
        Used as part of the machine-translation cache key."""
        if self._version is None:
            digest = hashlib.sha256()
            # repr of the frozen dataclasses covers every field; sorted by id so the order
            # of insertion does not matter.
            for concept_id in sorted(self.concepts):
                digest.update(repr(self.concepts[concept_id]).encode())
                digest.update(b"\n")
            self._version = digest.hexdigest()[:16]
        return self._version

    def to_dict(self) -> dict:
        return {"version": self.version, "concepts": [c.to_dict() for c in self]}

    @classmethod
    def from_dict(cls, data: dict) -> Termbase:
        return cls.of(Concept.from_dict(c) for c in data.get("concepts", ()))


def with_terms(concept: Concept, terms: Iterable[Term]) -> Concept:
    return replace(concept, terms=tuple(terms))

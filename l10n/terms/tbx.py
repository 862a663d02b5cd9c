"""TBX termbases: read TBX-Basic / TBX 2008 (``martif``) and TBX v3 (``tbx``), write
TBX-Basic ``martif``.

Mapping to the model:

- ``termEntry``/``conceptEntry`` ``id`` -> concept id; ``descrip type="definition"`` ->
  definition; ``descrip type="subjectField"`` -> subject; ``admin type="source"`` (or
  ``descrip``/``note`` typed ``source``) -> source; a concept-level ``note`` -> note.
  Several ``note`` elements at one level are joined with ``" | "`` in file order, and data
  category names are matched in any case (``type="Definition"`` as translate5 writes it).
- ``langSet``/``langSec`` ``xml:lang`` -> term language; each ``tig``/``ntig``/``termSec``
  is one term. A language code that is not a known BCP 47 code is refused.
- Definitions at language level (``langSet``/``langSec`` ``descrip type="definition"``, often
  in a ``descripGrp``: where MultiTerm, IATE and TBX-Basic v3 put them) are kept. The concept
  has one definition: a concept-level one wins; else the language-level one in the file's
  language (the root ``xml:lang``), else the first language's. That language's ``source``
  fills an empty concept source. The other languages' definitions and any language-level
  ``note`` go to the concept note, as ``[lang] definition: ...`` / ``[lang] note: ...``
  items after ``" | "``, so nothing the file says about the concept is lost (and a TBX written by
  :func:`dump_tbx` reads back the same).
- An empty ``<term/>`` (SDLX and MultiTerm write one for a concept with no term in a
  language) is skipped, and so is an entry left with no term; each skip is reported as a
  :class:`TermbaseNote` warning naming the line, instead of refusing the file.
- ``termNote type="administrativeStatus"`` (or ``normativeAuthorization``):
  ``preferredTerm-admn-sts``/``preferred`` -> preferred, ``admittedTerm-admn-sts``/``admitted``
  -> admitted, ``deprecatedTerm-admn-sts``/``supersededTerm-admn-sts``/``obsolete``/
  ``notRecommended`` (with or without ``-admn-sts``) -> deprecated, ``forbidden`` ->
  forbidden (Weblate's spelling, which Weblate reads as its ``forbidden`` flag).
- ``termNote type="termType"`` ``acronym``/``abbreviation`` -> the acronym flag;
  ``termNote type="partOfSpeech"`` -> part of speech; a term-level ``note`` -> term note;
  ``termNote type="x-caseSensitive"`` ``yes`` -> case-sensitive (our extension).
- Do not translate, Weblate's convention: ``<descrip type="Translation needed">No</descrip>``
  on the ``termEntry`` marks every term of the concept (this is what Weblate and
  translate-toolkit read as a read-only glossary entry); inside a ``langSet`` it marks that
  language's terms. A single term is marked with ``<termNote type="translationNote">no``
  (the term-level form in Weblate's documentation; ``translationNeeded`` is read too).
  The writer uses the concept-level form when every term of a concept is do-not-translate.

Reading is safe: no DTD is loaded or fetched, no network, entities are not resolved and a
document declaring entities is refused (XXE, "billion laughs"), huge trees are refused.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from lxml import etree

from l10n import langs
from l10n.errors import InputError, L10nError
from l10n.interchange.xmlsafe import parse_xml
from l10n.terms.model import (
    ADMITTED,
    DEPRECATED,
    FORBIDDEN,
    PREFERRED,
    Concept,
    Term,
    Termbase,
    concept_id_for,
    normalize_lang,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS_IN = {
    "preferred": PREFERRED,
    "preferredterm": PREFERRED,
    "standardizedterm": PREFERRED,
    "legalterm": PREFERRED,
    "regulatedterm": PREFERRED,
    "admitted": ADMITTED,
    "admittedterm": ADMITTED,
    "deprecated": DEPRECATED,
    "deprecatedterm": DEPRECATED,
    "superseded": DEPRECATED,
    "supersededterm": DEPRECATED,
    "obsolete": DEPRECATED,
    "obsoleteterm": DEPRECATED,
    "notrecommended": DEPRECATED,
    "notrecommendedterm": DEPRECATED,
    "forbidden": FORBIDDEN,
    "forbiddenterm": FORBIDDEN,
}
_STATUS_OUT = {
    PREFERRED: "preferredTerm-admn-sts",
    ADMITTED: "admittedTerm-admn-sts",
    DEPRECATED: "deprecatedTerm-admn-sts",
    FORBIDDEN: "forbidden",
}
_NO = {"no", "false", "0", "n"}
_YES = {"yes", "true", "1", "y"}
_TERM_CONTAINERS = {"tig", "ntig", "termSec"}
_LANG_CONTAINERS = {"langSet", "langSec"}
_CONCEPTS = {"termEntry", "conceptEntry"}


class TermbaseNote(UserWarning):
    """Something of a termbase file left out on import (an empty term, an entry with no
    term): reported, the rest of the file imported. The CLI prints each as a note."""


def _note(name: str, el, message: str) -> None:
    where = f"line {el.sourceline}: " if getattr(el, "sourceline", None) else ""
    warnings.warn(TermbaseNote(f"{name}: {where}<{_local(el)}>: {message}"), stacklevel=3)


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _kind(el) -> tuple[str, str]:
    """(element name, data category in lower case): ``<termNote type="partOfSpeech">`` and
    the TBX v3 DCT form ``<partOfSpeech>`` both give (..., "partofspeech"). Tools differ in
    the case of the category (translate5 writes ``<descrip type="Definition">``)."""
    name = _local(el)
    return name, (el.get("type") or name).strip().lower()


def _add_note(current: str, value: str) -> str:
    """Several ``<note>`` elements at one level (MultiTerm exports one per line of a
    note, and a source line after it) are kept together, in file order."""
    if not value or value == current:
        return current or value
    return f"{current} | {value}" if current else value


def _fail(name: str, el, message: str, hint: str) -> InputError:
    where = f"line {el.sourceline}: " if getattr(el, "sourceline", None) else ""
    return InputError(f"{name}: {where}<{_local(el)}>: {message}", hint)


def parse_tbx(data: bytes, name: str = "<tbx>") -> Termbase:
    """A termbase from TBX bytes (martif or tbx root). Raises InputError naming the line and
    element that failed; nothing is returned on error."""
    # Never fetches a DTD or a file; refuses external entities and expansion bombs; harmless
    # internal entities (<!ENTITY iom "...">) are expanded.
    root = parse_xml(data, name=name).getroot()
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for el in root.iter():
        if isinstance(el, etree._Entity):
            raise InputError(
                f"{name}: line {el.sourceline}: entity reference {el.text}",
                "Replace the entity by its text",
            )
    root_name = _local(root)
    if root_name not in ("martif", "tbx"):
        raise InputError(
            f"{name}: line {root.sourceline}: the root element is <{root_name}>, not a TBX file",
            "A TBX file starts with <martif> (TBX-Basic/TBX 2008) or <tbx> (TBX v3)",
        )
    body = next((el for el in root.iter() if _local(el) == "body"), None)
    if body is None:
        raise _fail(name, root, "no <text><body> element", "Put the entries in <text><body>")
    main_lang = root.get(XML_LANG) or root.get("lang") or ""
    concepts = []
    seen: dict[str, int] = {}
    for entry in body:
        if not isinstance(entry.tag, str):
            continue
        if _local(entry) not in _CONCEPTS:
            raise _fail(
                name, entry, "unexpected element in <body>", "Only termEntry/conceptEntry here"
            )
        concept = _read_concept(entry, name, main_lang)
        if concept is None:
            continue
        if concept.id in seen:
            raise _fail(
                name,
                entry,
                f"the id {concept.id!r} is already used on line {seen[concept.id]}",
                "Give each entry its own id",
            )
        seen[concept.id] = entry.sourceline
        concepts.append(concept)
    return Termbase.of(concepts)


def _read_concept(entry, name: str, main_lang: str = "") -> Concept | None:
    """The concept of a termEntry/conceptEntry, or None (reported) when every term in it
    is empty."""
    info = {"definition": "", "subject": "", "source": "", "note": ""}
    concept_dnt = False
    terms: list[Term] = []
    skipped = 0
    # Per language section, in file order: (lang, definition, source, note).
    lang_info: list[tuple[str, str, str, str]] = []
    for el in _meta(entry):
        el_name, category = _kind(el)
        value = _text(el)
        if category == "translation needed":
            concept_dnt = concept_dnt or value.lower() in _NO
        elif category == "definition":
            info["definition"] = value
        elif category == "subjectfield":
            info["subject"] = value
        elif category == "source":
            info["source"] = value
        elif el_name == "note":
            info["note"] = _add_note(info["note"], value)
    for lang_el in entry:
        if not isinstance(lang_el.tag, str) or _local(lang_el) not in _LANG_CONTAINERS:
            continue
        lang = _lang_of(lang_el, name)
        lang_dnt = concept_dnt
        definition = source = note = ""
        for el in _meta(lang_el):
            el_name, category = _kind(el)
            if category == "translation needed":
                lang_dnt = _text(el).lower() in _NO
            elif category == "definition":
                definition = _text(el)
            elif category == "source":
                source = _text(el)
            elif el_name == "note":
                note = _add_note(note, _text(el))
        lang_info.append((lang, definition, source, note))
        for term_el in lang_el:
            if isinstance(term_el.tag, str) and _local(term_el) in _TERM_CONTAINERS:
                term = _read_term(term_el, lang, lang_dnt, name)
                if term is None:
                    skipped += 1
                else:
                    terms.append(term)
    if not terms:
        if skipped:
            _note(name, entry, "skipped: every term of the entry is empty")
            return None
        raise _fail(name, entry, "the entry has no terms", "Add a langSet with a term")
    _merge_language_info(info, lang_info, main_lang)
    return Concept(
        id=entry.get("id") or concept_id_for(terms),
        terms=tuple(terms),
        **info,
    )


def _lang_of(lang_el, name: str) -> str:
    lang = lang_el.get(XML_LANG) or lang_el.get("lang")
    if not lang:
        raise _fail(name, lang_el, "no xml:lang attribute", 'Add xml:lang="fr" (etc.)')
    try:
        langs.normalize_lang(lang)  # a known BCP 47 code, or refused
    except L10nError as exc:
        raise _fail(name, lang_el, exc.message, exc.hint or "") from None
    return lang


def _merge_language_info(
    info: dict[str, str], lang_info: list[tuple[str, str, str, str]], main_lang: str
) -> None:
    """Fold language-level definitions and notes into the concept's fields (see the module
    docstring for the rule)."""
    defined = [item for item in lang_info if item[1]]
    chosen = None
    if not info["definition"] and defined:
        main = normalize_lang(main_lang) if main_lang else ""
        chosen = next((item for item in defined if normalize_lang(item[0]) == main), defined[0])
        info["definition"] = chosen[1]
        if not info["source"] and chosen[2]:
            info["source"] = chosen[2]
    lines = [info["note"]] if info["note"] else []
    for item in lang_info:
        lang, definition, _source, note = item
        if definition and item is not chosen and definition != info["definition"]:
            lines.append(f"[{lang}] definition: {definition}")
        if note:
            lines.append(f"[{lang}] note: {note}")
    info["note"] = " | ".join(lines)


def _meta(container):
    """Metadata elements of a concept or language level, not descending into languages or
    terms (descripGrp/adminGrp are looked into)."""
    for el in container:
        if not isinstance(el.tag, str):
            continue
        local = _local(el)
        if local in _LANG_CONTAINERS or local in _TERM_CONTAINERS:
            continue
        if local.endswith("Grp"):
            yield from _meta(el)
        else:
            yield el


def _read_term(term_el, lang: str, dnt: bool, name: str) -> Term | None:
    """The term of a tig/ntig/termSec, or None (reported) when its <term> is empty."""
    text_el = next((el for el in term_el.iter() if _local(el) == "term"), None)
    if text_el is None:
        raise _fail(name, term_el, "no <term> element", "Give it a <term> with its text")
    if not _text(text_el):
        _note(name, term_el, f"an empty term in {lang} skipped")
        return None
    status, part_of_speech, note = PREFERRED, "", ""
    do_not_translate, case_sensitive, acronym = dnt, False, False
    for el in term_el.iter():
        if el is term_el or el is text_el or not isinstance(el.tag, str):
            continue
        el_name, category = _kind(el)
        value = _text(el)
        if category in ("administrativestatus", "normativeauthorization"):
            key = value.lower().removesuffix("-admn-sts").replace(" ", "")
            if key not in _STATUS_IN:
                raise _fail(
                    name,
                    el,
                    f"unknown administrative status {value!r}",
                    "Use preferredTerm-admn-sts, admittedTerm-admn-sts, "
                    "deprecatedTerm-admn-sts, supersededTerm-admn-sts or forbidden",
                )
            status = _STATUS_IN[key]
        elif category == "partofspeech":
            part_of_speech = value
        elif category == "termtype":
            if value.lower() in ("acronym", "abbreviation", "initialism"):
                acronym = True
        elif category in ("translationnote", "translationneeded", "translation needed"):
            if value.lower() in _NO:
                do_not_translate = True
            elif value.lower() in _YES:
                do_not_translate = False
        elif category == "x-casesensitive":
            case_sensitive = value.lower() in _YES
        elif el_name == "note":
            note = _add_note(note, value)
    try:
        return Term(
            text=_text(text_el),
            lang=lang,
            status=status,
            do_not_translate=do_not_translate,
            case_sensitive=case_sensitive,
            acronym=acronym,
            part_of_speech=part_of_speech,
            note=note,
        )
    except InputError as exc:
        raise _fail(name, term_el, exc.message, exc.hint or "") from exc


def dump_tbx(termbase: Termbase, source_lang: str | None = None) -> bytes:
    """TBX-Basic (martif) bytes for ``termbase``."""
    langs = termbase.languages
    source_lang = source_lang or (langs[0] if langs else "en")
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: source_lang})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    source_desc = etree.SubElement(file_desc, "sourceDesc")
    etree.SubElement(source_desc, "p").text = f"l10n termbase, version {termbase.version}"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for concept in termbase:
        entry = etree.SubElement(body, "termEntry", id=concept.id)
        if concept.subject:
            etree.SubElement(entry, "descrip", type="subjectField").text = concept.subject
        if concept.definition:
            etree.SubElement(entry, "descrip", type="definition").text = concept.definition
        all_dnt = all(t.do_not_translate for t in concept.terms)
        if all_dnt:
            etree.SubElement(entry, "descrip", type="Translation needed").text = "No"
        if concept.source:
            etree.SubElement(entry, "admin", type="source").text = concept.source
        if concept.note:
            etree.SubElement(entry, "note").text = concept.note
        for lang in concept.languages:
            lang_set = etree.SubElement(entry, "langSet", {XML_LANG: lang})
            for term in concept.terms:
                if term.lang != lang:
                    continue
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = term.text
                note = etree.SubElement(tig, "termNote", type="administrativeStatus")
                note.text = _STATUS_OUT[term.status]
                if term.part_of_speech:
                    pos = etree.SubElement(tig, "termNote", type="partOfSpeech")
                    pos.text = term.part_of_speech
                if term.acronym:
                    etree.SubElement(tig, "termNote", type="termType").text = "acronym"
                if term.do_not_translate and not all_dnt:
                    etree.SubElement(tig, "termNote", type="translationNote").text = "no"
                if term.case_sensitive:
                    etree.SubElement(tig, "termNote", type="x-caseSensitive").text = "yes"
                if term.note:
                    etree.SubElement(tig, "note").text = term.note
    etree.indent(root, space="  ")
    body_bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n' + body_bytes + b"\n"
    )


def read_tbx(path: str | Path) -> Termbase:
    from l10n.fsutil import read_regular_file

    path = Path(path)
    return parse_tbx(read_regular_file(path), str(path))


def write_tbx(termbase: Termbase, path: str | Path, source_lang: str | None = None) -> None:
    Path(path).write_bytes(dump_tbx(termbase, source_lang))

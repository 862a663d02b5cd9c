"""Glossary CSV layouts of other tools, told from the header line (``parse_csv`` in
``l10n.terms.csvfile`` reads l10n's own and hands the others here).

Other tools' layouts
====================

The layout is told from the header line, one rule per tool, tried in this order (header
names are compared without case; a header l10n's own layout reads in full is always read as
l10n's own). In these layouts a cell holds one term, ``|`` included; a term's status is
``preferred``, or ``admitted`` for a second term in the same language, unless a column says
otherwise; a concept without an id gets one derived from its first term, with ``-2``,
``-3`` ... added when two rows would get the same one (homonyms). ``pos`` below is the
term's part of speech, "note" its note; "concept note" is Concept.note.

Crowdin (a column named ``<Field> [<lang>]`` or ``Concept <Field>``)
    ``Term [xx]`` -> a term in ``xx``; ``Description [xx]`` and ``Note [xx]`` -> its note
    (joined with ``; ``); ``Part of Speech [xx]`` -> pos; ``Status [xx]`` -> status
    (``preferred``, ``admitted``, ``not recommended``/``obsolete``/``deprecated`` ->
    deprecated, ``forbidden``); ``Type [xx]`` ``acronym``/``abbreviation`` -> acronym flag;
    ``Gender [xx]`` and ``URL [xx]`` are read and left out (no place in the model).
    ``Concept Definition``/``Subject``/``Note`` -> the concept's; ``Concept Translatable``
    ``no`` -> do-not-translate on every term; ``Concept URL``/``Figure`` left out. A
    column repeated for one language (``Term [en]`` twice) is a second term, its fields
    paired by order. Source: Crowdin docs, "Glossary", section "Automatic Column
    Identification for Glossary in CSV and XLSX File Formats" (``{column-type}
    [{crowdin-language-code}]``, ``Concept {concept-details-type}``) and its concept/term
    detail lists, https://support.crowdin.com/glossary/ (crowdin/docs
    src/content/docs/crowdin/localization-resources/glossary.mdx).
Weblate (``source`` and ``target`` columns)
    What Weblate downloads as a glossary CSV is translate-toolkit's CSV: ``location``,
    ``source``, ``target``, ``id``, ``fuzzy``, ``context``, ``translator_comments``,
    ``developer_comments``. The file names no language (Weblate puts it in the file name
    only), so the languages are given by the caller (``source_lang``/``target_lang``).
    ``source`` -> a term in the source language; ``target`` -> a term in the target
    language, ``admitted`` when ``fuzzy`` is true (Weblate: needs editing);
    ``context`` -> concept subject; ``developer_comments`` (Weblate's explanation and
    source notes) -> concept note; ``translator_comments`` -> the target term's note;
    ``id`` -> concept id; ``location`` left out. A cell Weblate wrote as ``'=...'``
    (its guard against spreadsheet formulas) is read back without the quotes. Flags
    (read-only, forbidden) are not in Weblate's CSV. Sources:
    https://docs.weblate.org/en/latest/formats/csv.html (WeblateOrg/weblate
    docs/formats/csv.rst) and weblate/formats/exporters.py (``CSVExporter``).
Transifex (a ``term`` column with ``translation_<lang>``, ``pos`` or ``comment`` columns)
    ``term`` -> a term in the source language, which the file does not name: given by
    the caller (``source_lang``); ``pos`` -> pos of every term; ``comment`` -> concept
    note; ``translation_xx`` (or plain ``xx``) -> a term in ``xx``; ``comment_xx`` -> its
    note. Sources: real consumers and producers of Transifex glossary files:
    widelands/widelands utils/generate_glossary.py and utils/glossary_checks.py (export
    "with glossary notes": ``term,pos,comment,translation_xx,comment_xx``; they also take
    a plain ``xx`` column) and buda-base/tbrc-translation-strings gen-transgloss.py (an
    upload file ``Term,pos,comment,<lang>...`` made after Transifex's "Uploading an
    existing glossary" page).
Lokalise and Phrase Strings (a ``term`` column, none of the Transifex ones)
    ``term`` -> a term in the source language, given by the caller (``source_lang``);
    ``description`` -> concept note; ``casesensitive`` (Lokalise) or ``case sensitive``
    (Phrase) -> case-sensitive flag on every term; ``translatable`` ``no`` ->
    do-not-translate on every term; ``forbidden`` ``yes`` -> every term forbidden;
    ``tags`` -> concept subject; ``xx`` (``en``, ``de_DE``) -> a term in ``xx`` (a cell
    equal to ``term`` in the source language is not added twice); ``xx_description`` ->
    that term's note. Flag cells read ``yes``/``no``, ``true``/``false``, ``1``/``0``;
    empty is the default. Sources: https://docs.lokalise.com/en/articles/1400629-glossary
    (entry fields) with the header ``term;description;casesensitive;translatable;
    forbidden;tags;<lang>;<lang>_description`` and yes/no values documented by Lokalise's
    own bodrovis/lokalise-glossary-guard README; Phrase Strings "Uploading and
    Downloading Terms", https://support.phrase.com/hc/en-us/articles/10112307427740
    (``term``, ``case sensitive``, ``translatable``, ``description``, locale codes).
Google (equivalent term sets: language codes with ``pos`` and/or ``description``)
    ``xx`` -> a term in ``xx``; ``pos`` -> pos of every term; ``description`` -> concept
    note. A header of language codes only is l10n's own layout, where ``|`` separates
    synonyms. Sources: Google Translator Toolkit "Custom glossary format",
    https://support.google.com/translate/toolkit/answer/147854, which Cloud
    Translation's ``GlossaryInputConfig`` names as the equivalent-term-sets CSV format.
Google (unidirectional: two columns, no header)
    Chosen when the first line has two cells and is no header of any layout above. Column
    1 -> a term in the source language, column 2 -> a term in the target language, both
    given by the caller; line 1 is data. Source: Cloud Translation
    ``GlossaryInputConfig`` ("2 column file ... The file must not contain headers"),
    https://cloud.google.com/python/docs/reference/translate/latest/google.cloud.translate_v3.types.GlossaryInputConfig

Left out, not found documented in enough detail to read without guessing: memoQ (its
documented CSV fixes the entry-level columns ``Entry_ID``, ``Entry_Subject``,
``Entry_Note`` ... but the language and term-level column names were not found), Smartling
(no glossary CSV column list found) and DeepL's glossary CSV export.

Where only the source language is missing (Transifex, Lokalise, Phrase), a language column
repeating the source-term column on every row where it has a term (Lokalise and Phrase list
the base language's terms again under its code) names it; ``parse_csv`` then falls back to
the workspace's source language with a note, and a file naming no language at all (Weblate,
two columns without a header) needs both from the caller.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace

from l10n import langs as _langs
from l10n.errors import InputError
from l10n.terms.csvfile import CONCEPT_COLUMNS, classify_columns, is_language, sniff_delimiter
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

# Placeholders for the languages a layout's file does not name.
SOURCE = "<source>"
TARGET = "<target>"
CROWDIN = "Crowdin"
WEBLATE = "Weblate"
TRANSIFEX = "Transifex"
LOKALISE = "Lokalise/Phrase"
GOOGLE_SETS = "Google (equivalent term sets)"
GOOGLE_PAIRS = "Google (two columns, no header)"

_CROWDIN_RE = re.compile(r"^(?P<field>.+?)\s*\[(?P<lang>[^\[\]]+)\]$")
_CROWDIN_TERM_FIELDS = {
    "term": "terms",
    "description": "note",
    "note": "note",
    "part of speech": "pos",
    "status": "status",
    "type": "type",
    "gender": "",  # no place in the model
    "url": "",
}
_CROWDIN_CONCEPT_FIELDS = {
    "definition": "definition",
    "subject": "subject",
    "note": "note",
    "translatable": "translatable",
    "url": "",
    "figure": "",
}
_WEBLATE_FIELDS = {
    "location": "",
    "source": "terms",
    "target": "terms",
    "id": "id",
    "fuzzy": "fuzzy",
    "context": "subject",
    "translator_comments": "note",
    "developer_comments": "note",
}
_LOKALISE_FIELDS = {
    "term": "terms",
    "description": "note",
    "casesensitive": "case",
    "case sensitive": "case",
    "translatable": "translatable",
    "forbidden": "forbidden",
    "tags": "subject",
}
_TRANSIFEX_FIELDS = {"term": "terms", "pos": "pos", "comment": "note"}
_GOOGLE_FIELDS = {"pos": "pos", "description": "note"}
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}
# Crowdin's statuses and the TBX names other tools use, without spaces, dashes or case.
_STATUS_IN = {
    "preferred": PREFERRED,
    "preferredterm": PREFERRED,
    "admitted": ADMITTED,
    "admittedterm": ADMITTED,
    "notrecommended": DEPRECATED,
    "deprecated": DEPRECATED,
    "deprecatedterm": DEPRECATED,
    "obsolete": DEPRECATED,
    "superseded": DEPRECATED,
    "supersededterm": DEPRECATED,
    "forbidden": FORBIDDEN,
    "forbiddenterm": FORBIDDEN,
}
_ACRONYM_TYPES = {"acronym", "abbreviation", "initialism"}


@dataclass(frozen=True)
class Column:
    """What one column of another tool's layout holds: a concept field (``lang`` empty),
    a field of the ``slot``-th term in ``lang``, or nothing l10n keeps (``field`` empty)."""

    lang: str
    field: str
    slot: int = 0
    target: bool = False  # the target column of a source/target layout


@dataclass(frozen=True)
class Layout:
    name: str
    columns: tuple[Column, ...]
    headerless: bool = False
    weblate_escapes: bool = False


def csv_layout(text: str, name: str = "<csv>", delimiter: str | None = None) -> str:
    """The name of the layout ``text``'s header line is read as: ``"l10n"`` for l10n's own,
    else ``"Crowdin"``, ``"Weblate"``, ``"Transifex"``, ``"Lokalise/Phrase"``, ``"Google
    (equivalent term sets)"`` or ``"Google (two columns, no header)"``. InputError for a
    header no layout reads."""
    text = text.lstrip("\ufeff")
    if delimiter is None:
        delimiter = sniff_delimiter(text, "\t" if name.lower().endswith(".tsv") else ",")
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True), None)
    except csv.Error as exc:
        raise InputError(f"{name}: line 1: {exc}", "Fix the CSV quoting") from exc
    if not header:
        raise InputError(f"{name}: the file is empty", "Give a header row, e.g. id,fr,en")
    layout = detect_layout(header, name)
    return "l10n" if layout is None else layout.name


def languages_needed(text: str, name: str = "<csv>", delimiter: str | None = None) -> list[str]:
    """Which of ``"source"`` and ``"target"`` the caller must give to read ``text``: its
    file does not name them (empty for layouts that name every language)."""
    text = text.lstrip("\ufeff")
    if delimiter is None:
        delimiter = sniff_delimiter(text, "\t" if name.lower().endswith(".tsv") else ",")
    header = next(csv.reader(io.StringIO(text), delimiter=delimiter), None) or []
    layout = detect_layout(header, name) if header else None
    if layout is None:
        return []
    langs = {c.lang for c in layout.columns}
    return [w for w, p in (("source", SOURCE), ("target", TARGET)) if p in langs]


def _key(col: str) -> str:
    return " ".join(col.split()).casefold()


def _lang_or_none(code: str) -> str | None:
    code = code.strip()
    return normalize_lang(code) if is_language(code) else None


def detect_layout(header: list[str], name: str) -> Layout | None:
    """The other tool's layout the header is written in, or None for l10n's own."""
    keys = [_key(c) for c in header]
    if any(
        _CROWDIN_RE.match(c.strip()) or k.startswith("concept ")
        for c, k in zip(header, keys, strict=True)
    ):
        return _crowdin(header, name)
    if "source" in keys and "target" in keys:
        return _by_names(WEBLATE, header, keys, name, _WEBLATE_FIELDS, weblate_escapes=True)
    if "term" in keys:
        if any(k.startswith("translation_") or k in ("pos", "comment") for k in keys):
            return _transifex(header, keys, name)
        return _lokalise(header, keys, name)
    if ("pos" in keys or "description" in keys) and all(
        k in _GOOGLE_FIELDS or _lang_or_none(c) for c, k in zip(header, keys, strict=True)
    ):
        return _by_names(GOOGLE_SETS, header, keys, name, _GOOGLE_FIELDS, langs_allowed=True)
    try:
        classify_columns(header, name)
    except InputError:
        if len(header) == 2 and not any(_known_anywhere(c) for c in header):
            columns = (Column(SOURCE, "terms"), Column(TARGET, "terms", target=True))
            return Layout(GOOGLE_PAIRS, columns, headerless=True)
        raise
    return None


def _known_anywhere(col: str) -> bool:
    """Whether a header cell names a column of any layout (so the line is a header)."""
    key = _key(col)
    if key in CONCEPT_COLUMNS or _lang_or_none(col):
        return True
    lang, _, suffix = col.strip().rpartition("_")
    if lang and _lang_or_none(lang):
        return True
    return any(
        key in table
        for table in (_WEBLATE_FIELDS, _LOKALISE_FIELDS, _TRANSIFEX_FIELDS, _GOOGLE_FIELDS)
    ) or bool(_CROWDIN_RE.match(col.strip()) or key.startswith("concept "))


def _unknown(name: str, index: int, col: str, layout: str, hint: str) -> InputError:
    return InputError(
        f"{name}: line 1: unknown column {col!r} (column {index + 1}) in a {layout} glossary",
        hint,
    )


def _crowdin(header: list[str], name: str) -> Layout:
    columns = []
    slots: dict[tuple[str, str], int] = {}
    for i, col in enumerate(header):
        key = _key(col)
        m = _CROWDIN_RE.match(col.strip())
        if m and _key(m["field"]) in _CROWDIN_TERM_FIELDS:
            lang = _lang_or_none(m["lang"])
            if lang is None:
                raise InputError(
                    f"{name}: line 1: column {col!r} (column {i + 1}) names "
                    f"{m['lang'].strip()!r}, not a language code",
                    "Use a BCP 47 code in the brackets, e.g. Term [pt-BR]",
                )
            # The n-th "Term [xx]" pairs with the n-th "Note [xx]", "Status [xx]" ...
            kind = _key(m["field"])
            slot = slots.get((lang, kind), 0)
            slots[(lang, kind)] = slot + 1
            columns.append(Column(lang, _CROWDIN_TERM_FIELDS[kind], slot))
        elif key.startswith("concept ") and key[8:] in _CROWDIN_CONCEPT_FIELDS:
            columns.append(Column("", _CROWDIN_CONCEPT_FIELDS[key[8:]]))
        else:
            raise _unknown(
                name,
                i,
                col,
                CROWDIN,
                "Crowdin columns are Term, Description, Part of Speech, Status, Type, Gender, "
                "Note, URL followed by [language], and Concept Definition, Subject, Note, "
                "Translatable, URL, Figure",
            )
    return Layout(CROWDIN, tuple(columns))


def _by_names(
    layout: str,
    header: list[str],
    keys: list[str],
    name: str,
    table: dict[str, str],
    *,
    langs_allowed: bool = False,
    weblate_escapes: bool = False,
) -> Layout:
    columns = []
    for i, (col, key) in enumerate(zip(header, keys, strict=True)):
        if key in table:
            field = table[key]
            lang = ""
            if layout == WEBLATE and key in ("source", "target"):
                lang = SOURCE if key == "source" else TARGET
            elif layout == WEBLATE and key == "translator_comments":
                lang = TARGET
            columns.append(Column(lang, field, target=lang == TARGET))
        elif langs_allowed and (code := _lang_or_none(col)):
            columns.append(Column(code, "terms"))
        else:
            raise _unknown(name, i, col, layout, "Columns are " + ", ".join(table))
    return Layout(layout, tuple(columns), weblate_escapes=weblate_escapes)


def _transifex(header: list[str], keys: list[str], name: str) -> Layout:
    columns = []
    for i, (col, key) in enumerate(zip(header, keys, strict=True)):
        prefix, _, code = col.strip().partition("_")
        lang = _lang_or_none(code) if code else None
        if key in _TRANSIFEX_FIELDS:
            field = _TRANSIFEX_FIELDS[key]
            columns.append(Column(SOURCE if field == "terms" else "", field))
        elif prefix.lower() in ("translation", "comment") and lang:
            columns.append(Column(lang, "terms" if prefix.lower() == "translation" else "note"))
        elif plain := _lang_or_none(col):
            columns.append(Column(plain, "terms"))
        else:
            raise _unknown(
                name,
                i,
                col,
                TRANSIFEX,
                "Columns are term, pos, comment, translation_<lang> (or <lang>) and comment_<lang>",
            )
    return Layout(TRANSIFEX, tuple(columns))


def _lokalise(header: list[str], keys: list[str], name: str) -> Layout:
    columns = []
    for i, (col, key) in enumerate(zip(header, keys, strict=True)):
        code, _, suffix = col.strip().rpartition("_")
        if key in _LOKALISE_FIELDS:
            field = _LOKALISE_FIELDS[key]
            columns.append(Column(SOURCE if field == "terms" else "", field))
        elif lang := _lang_or_none(col):
            columns.append(Column(lang, "terms"))
        elif suffix.lower() == "description" and (lang := _lang_or_none(code)):
            columns.append(Column(lang, "note"))
        else:
            raise _unknown(
                name,
                i,
                col,
                LOKALISE,
                "Columns are term, description, casesensitive (or 'case sensitive'), "
                "translatable, forbidden, tags, <lang> and <lang>_description",
            )
    return Layout(LOKALISE, tuple(columns))


def needs_source(layout: Layout) -> bool:
    """Whether the layout's file leaves its source language to the caller."""
    return any(c.lang == SOURCE for c in layout.columns)


def needs_target(layout: Layout) -> bool:
    """Whether the layout's file leaves its target language to the caller."""
    return any(c.lang == TARGET for c in layout.columns)


def source_in_columns(layout: Layout, rows: list[tuple[int, list[str]]]) -> str | None:
    """The language whose term column repeats the source-term column: on every row where
    it has a term, the same term, and a term on at least half the rows (Lokalise and
    Phrase exports hold the base language's terms again under its code); else None."""
    source = [i for i, c in enumerate(layout.columns) if c.lang == SOURCE and c.field == "terms"]
    if len(source) != 1 or not rows:
        return None
    s = source[0]
    for i, column in enumerate(layout.columns):
        if column.field != "terms" or column.lang in ("", SOURCE, TARGET):
            continue
        same = 0
        for _line, row in rows:
            term = row[i].strip() if i < len(row) else ""
            if not term:
                continue
            if term != (row[s].strip() if s < len(row) else ""):
                break
            same += 1
        else:
            if same * 2 >= len(rows):
                return column.lang
    return None


def resolve_languages(
    layout: Layout,
    header: list[str],
    name: str,
    source_lang: str | None,
    target_lang: str | None,
) -> Layout:
    """The layout with the caller's languages in place of the placeholders; an error
    saying which is missing and how to give it."""
    needed = {c.lang for c in layout.columns} & {SOURCE, TARGET}
    given = {SOURCE: source_lang, TARGET: target_lang}
    missing = [p for p in (SOURCE, TARGET) if p in needed and not given[p]]
    if missing:
        if layout.headerless:
            raise InputError(
                f"{name}: line 1: no header ({header[0]!r} and {header[1]!r} are not column "
                f"names), so this two-column glossary (source term, target term) names no "
                f"languages",
                "Give them with --from SOURCE --to TARGET, or add a header line with the "
                "two language codes, e.g. en,fr",
            )
        if missing == [SOURCE, TARGET]:
            raise InputError(
                f"{name}: line 1: a {layout.name} glossary CSV does not name its languages "
                f"(its source and target columns have none)",
                "Give them with --from SOURCE --to TARGET, e.g. --from en --to fr",
            )
        which, option, example = (
            ("source", "--from", "en") if missing == [SOURCE] else ("target", "--to", "fr")
        )
        column = next(
            h for h, c in zip(header, layout.columns, strict=True) if c.lang == missing[0]
        )
        raise InputError(
            f"{name}: line 1: a {layout.name} glossary CSV does not name the language of "
            f"its {column.strip()!r} column (the glossary's {which} language)",
            f"Give it with {option} LANG, e.g. {option} {example}",
        )
    codes = {p: normalize_lang(_langs.normalize_lang(given[p] or "")) for p in needed}
    columns = tuple(
        Column(codes.get(c.lang, c.lang), c.field, c.slot, c.target) for c in layout.columns
    )
    return Layout(layout.name, columns, layout.headerless, layout.weblate_escapes)


def parse_rows(
    rows: list[tuple[int, list[str]]], header: list[str], layout: Layout, name: str
) -> Termbase:
    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    derived: dict[str, int] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise InputError(
                f"{name}: line {line}: {len(row)} cells for {len(header)} columns",
                "Quote cells that contain the delimiter",
            )
        concept = _foreign_concept(row, header, layout, name, line)
        if concept is None:
            continue
        if concept.id in seen:
            if concept.id not in derived or line == seen[concept.id]:
                raise InputError(
                    f"{name}: line {line}: the concept id {concept.id!r} "
                    f"is already used on line {seen[concept.id]}",
                    "Give each concept its own id",
                )
            # A derived id: the same first term on another row is a homonym.
            derived[concept.id] += 1
            concept = replace(concept, id=f"{concept.id}-{derived[concept.id]}")
        elif concept.id == concept_id_for(concept.terms):
            derived[concept.id] = 1
        seen[concept.id] = line
        concepts.append(concept)
    return Termbase.of(concepts)


def _flag(value: str, col: str, name: str, line: int) -> bool | None:
    v = value.strip().lower()
    if not v:
        return None
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise InputError(
        f"{name}: line {line}: column {col.strip()!r} holds {value.strip()!r}",
        "Write yes or no (or true/false, 1/0)",
    )


def _unescape_weblate(value: str) -> str:
    # Weblate writes a cell starting with = + - @ | % as '...' (bars escaped) so that
    # spreadsheets do not run it as a formula.
    if len(value) > 2 and value[0] == value[-1] == "'" and value[1] in "=+-@|%":
        return value[1:-1].replace("\\|", "|")
    return value


def _foreign_concept(
    row: list[str], header: list[str], layout: Layout, name: str, line: int
) -> Concept | None:
    info: dict[str, list[str]] = {}
    flags: dict[str, bool] = {}
    slots: dict[tuple[str, int], dict[str, list[str]]] = {}
    for col, column, raw in zip(header, layout.columns, row, strict=False):
        value = (_unescape_weblate(raw) if layout.weblate_escapes else raw).strip()
        if not column.field or not value:
            continue
        if column.field in ("case", "translatable", "forbidden", "fuzzy"):
            flag = _flag(value, col, name, line)
            if flag is not None:
                flags[column.field] = flag
        elif not column.lang:
            info.setdefault(column.field, []).append(value)
        else:
            fields = slots.setdefault((column.lang, column.slot), {})
            fields.setdefault(column.field, []).append(value)
            if column.target and column.field == "terms":
                fields["_target"] = [value]
    entry_pos = "; ".join(info.pop("pos", []))
    dnt = flags.get("translatable") is False
    case = flags.get("case", False)
    terms: list[Term] = []
    for (lang, _slot), fields in slots.items():
        status = _status(fields.get("status", []), name, line, lang)
        kinds = {k.casefold() for k in fields.get("type", [])}
        first = True
        for raw_text in fields.get("terms", []):
            text = " ".join(raw_text.split())
            if any(t.lang == lang and t.text == text for t in terms):
                continue  # the source term repeated in its language's column
            if not (first and status):
                if flags.get("forbidden"):
                    status = FORBIDDEN
                elif flags.get("fuzzy") and fields.get("_target"):
                    status = ADMITTED
                else:
                    status = ADMITTED if any(t.lang == lang for t in terms) else PREFERRED
            try:
                terms.append(
                    Term(
                        text=text,
                        lang=lang,
                        status=status,
                        do_not_translate=dnt,
                        case_sensitive=case,
                        acronym=first and bool(kinds & _ACRONYM_TYPES),
                        part_of_speech=("; ".join(fields.get("pos", [])) if first else "")
                        or entry_pos,
                        note="; ".join(fields.get("note", [])) if first else "",
                    )
                )
            except InputError as exc:
                raise InputError(f"{name}: line {line}: {exc.message}", exc.hint) from exc
            first = False
    if not terms:
        if info or slots:
            raise InputError(
                f"{name}: line {line}: the entry has no term", "Add a term or remove the line"
            )
        return None
    return Concept(
        id=" ".join(info.get("id", [])) or concept_id_for(terms),
        terms=tuple(terms),
        definition="; ".join(info.get("definition", [])),
        note="; ".join(info.get("note", [])),
        subject="; ".join(info.get("subject", [])),
    )


def _status(values: list[str], name: str, line: int, lang: str) -> str:
    if not values:
        return ""
    key = re.sub(r"[\s_-]+", "", values[0]).casefold()
    if key not in _STATUS_IN:
        raise InputError(
            f"{name}: line {line}: unknown term status {values[0]!r} for {lang}",
            "Use preferred, admitted, not recommended, obsolete or forbidden",
        )
    return _STATUS_IN[key]

"""Termbase CSV: l10n's own layout, and the glossary CSV layouts of other tools.

l10n's own layout
=================

One row per concept, one column per language. Columns (header names, any order; only ``id``
and one language column are needed):

``id``
    The concept id. Left empty, a stable id is derived from the first term.
``subject``, ``definition``, ``note``, ``source``
    About the concept. ``source`` cites where the entry comes from (for example
    ``IOM Glossary on Migration 2019, p. 92``).
``<lang>``  (``fr``, ``en``, ``es``, ``ar``, ``pt-BR`` ...)
    The terms, ``|`` between synonyms, in order of preference.
``<lang>_status``
    One status per term, ``|`` between them, aligned with ``<lang>``: ``preferred``,
    ``admitted``, ``deprecated``, ``forbidden``. An empty item (or no column) means
    ``preferred`` for the first term and ``admitted`` for the others.
``<lang>_flags``
    One flag set per term, aligned the same way; flags are separated by spaces or commas:
    ``dnt`` (do not translate), ``case`` (case-sensitive), ``acronym``.
``<lang>_pos``, ``<lang>_note``
    Part of speech and note per term, aligned the same way.

Inside any item, ``\\|`` is a literal bar and ``\\\\`` a literal backslash. Example::

    id,fr,fr_flags,en,en_status,source
    smuggling,trafic illicite de migrants,,migrant smuggling|trafficking,preferred|forbidden,...
    avrr,AVRR|aide au retour volontaire et à la réintégration,acronym dnt|,...

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

Where a layout does not name a language it needs, the error says which one and how to give
it; ``source_lang``/``target_lang`` given for a file that names its languages are unused.
An unknown column, a bad flag or status value, a cell too many: an InputError naming the
file, the line and the column, and nothing is read.

The delimiter is read from the header line: a comma, a semicolon (what Excel writes in
French, Spanish and most European locales, and what Lokalise and memoQ write) or a tab
(Excel's "Unicode Text"); a header of one column falls back to a tab for ``.tsv`` files and
a comma otherwise.

The file is UTF-8, or what its byte-order mark says: UTF-8 with a BOM, UTF-16 LE/BE with a
BOM (Excel's "Unicode Text" export) or UTF-32 with a BOM. Language columns must be known
BCP 47 codes.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

from l10n import langs as _langs
from l10n.errors import InputError, L10nError
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

CONCEPT_COLUMNS = ("id", "subject", "definition", "note", "source")
TERM_SUFFIXES = ("status", "flags", "pos", "note")
FLAG_NAMES = {"dnt": "do_not_translate", "case": "case_sensitive", "acronym": "acronym"}
_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
# An item: escaped characters or anything but a bar or a backslash, and a lone backslash at
# the very end of the cell (``C:\``), which escapes nothing and is kept as written.
_SPLIT_RE = re.compile(r"((?:\\.|[^|\\])*\\?)(?:\||\Z)", re.S)
_UNESCAPE_RE = re.compile(r"\\(.)", re.S)
DELIMITERS = (",", ";", "\t")
# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_csv(data: bytes, name: str = "<csv>") -> str:
    """The text of CSV bytes: decoded as its byte-order mark says, else as UTF-8."""
    encoding = "utf-8"
    for bom, codec in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], codec
            break
    if encoding == "utf-8" and b"\x00" in data[:4096]:
        # Valid UTF-8 as far as bytes go, but no spreadsheet writes NUL in UTF-8 text.
        sample = data[:4096]
        half = max(1, len(sample) // 2)
        if max(sample[0::2].count(0), sample[1::2].count(0)) > 0.3 * half:
            raise InputError(
                f"{name}: looks like UTF-16 without a byte-order mark",
                "Save it as UTF-8 (or as Unicode Text, which writes the mark)",
            )
        raise InputError(f"{name}: a binary file, not text", "Give a CSV or TSV text file")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise InputError(
                f"{name}: not valid {encoding.upper()} although its byte-order mark says so "
                f"(byte {exc.start})",
                "Save the file again as UTF-8 or Unicode Text",
            ) from exc
        raise InputError(
            f"{name}: not UTF-8 text (byte {exc.start})", "Save the file as UTF-8"
        ) from exc


def sniff_delimiter(text: str, default: str = ",") -> str:
    """The delimiter of the header line: the one of comma, semicolon and tab it uses most
    (header names never contain any of them), or ``default`` for a one-column header."""
    header = _first_line(text)
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else default


def _first_line(text: str) -> str:
    """The header line, without what is inside quotes."""
    out = []
    quoted = False
    for char in text.lstrip("\ufeff"):
        if char == '"':
            quoted = not quoted
        elif not quoted:
            if char in "\r\n":
                break
            out.append(char)
    return "".join(out)


def split_items(cell: str) -> list[str]:
    """``a|b\\|c`` -> ``["a", "b|c"]``; an empty cell has no items."""
    if cell == "":
        return []
    items = []
    pos = 0
    while pos <= len(cell):
        m = _SPLIT_RE.match(cell, pos)
        assert m is not None  # every item ends at a bar or at the end of the cell
        raw = m.group(1)
        items.append(_UNESCAPE_RE.sub(r"\1", raw).strip())
        pos = m.end()
        if m.group(0) == raw:  # reached the end without a bar
            break
    return items


def join_items(items: list[str]) -> str:
    return "|".join(i.replace("\\", "\\\\").replace("|", "\\|") for i in items)


def _is_language(code: str) -> bool:
    if not _LANG_RE.match(code):
        return False
    try:
        _langs.normalize_lang(code)
    except L10nError:
        return False
    return True


def _classify(header: list[str], name: str) -> dict[str, tuple[str, str]]:
    """column -> (lang or "", field); an unknown column is an error."""
    out: dict[str, tuple[str, str]] = {}
    for index, col in enumerate(header):
        key = col.strip()
        if key.lower() in CONCEPT_COLUMNS:
            out[col] = ("", key.lower())
            continue
        lang, _, suffix = key.rpartition("_")
        if lang and suffix.lower() in TERM_SUFFIXES and _is_language(lang):
            out[col] = (normalize_lang(lang), suffix.lower())
        elif _is_language(key):
            out[col] = (normalize_lang(key), "terms")
        else:
            raise InputError(
                f"{name}: line 1: unknown column {col!r} (column {index + 1})",
                "Columns are id, subject, definition, note, source, a language code "
                "(fr, en, pt-BR ...) and <lang>_status, <lang>_flags, <lang>_pos, <lang>_note; "
                "other tools' glossary CSVs (Crowdin, Lokalise, Phrase, Transifex, Weblate, "
                "Google) are read from their own headers",
            )
    if not any(field == "terms" for _, field in out.values()):
        raise InputError(
            f"{name}: line 1: no language column in the header",
            "Name one column per language with its code, e.g. fr,en,es,ar",
        )
    return out


def parse_csv(
    text: str,
    name: str = "<csv>",
    delimiter: str | None = None,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> Termbase:
    """A termbase from CSV text in l10n's layout or another tool's (see the module
    docstring); any bad row is an InputError naming its line. The delimiter is sniffed
    from the header line unless given. ``source_lang``/``target_lang`` are the languages
    of layouts whose file does not name them (Weblate, Transifex, Lokalise, Phrase, a
    two-column file without a header)."""
    text = text.lstrip("\ufeff")
    if delimiter is None:
        delimiter = sniff_delimiter(text, "\t" if name.lower().endswith(".tsv") else ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise InputError(f"{name}: the file is empty", "Give a header row, e.g. id,fr,en")
        layout = _detect_layout(header, name)
        if layout is None:
            return _parse_own(reader, header, name)
        layout = _resolve_languages(layout, header, name, source_lang, target_lang)
        rows = ([(1, header)] if layout.headerless else []) + _numbered(reader)
        return _parse_foreign(rows, header, layout, name)
    except csv.Error as exc:
        raise InputError(f"{name}: line {reader.line_num}: {exc}", "Fix the CSV quoting") from exc


def _numbered(reader) -> list[tuple[int, list[str]]]:
    return [(reader.line_num, row) for row in reader]


def _parse_own(reader, header: list[str], name: str) -> Termbase:
    """l10n's own layout."""
    columns = _classify(header, name)
    langs = list(dict.fromkeys(lang for lang, f in columns.values() if f == "terms"))
    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise InputError(
                f"{name}: line {line}: {len(row)} cells for {len(header)} columns",
                "Quote cells that contain commas",
            )
        cells = dict(zip(header, row, strict=False))
        concept = _concept_from_row(cells, columns, langs, name, line)
        if concept is None:
            continue
        if concept.id in seen:
            raise InputError(
                f"{name}: line {line}: the concept id {concept.id!r} "
                f"is already used on line {seen[concept.id]}",
                "Give each concept its own id",
            )
        seen[concept.id] = line
        concepts.append(concept)
    return Termbase.of(concepts)


def _concept_from_row(row, columns, langs, name, line) -> Concept | None:
    info: dict[str, str] = {}
    per_lang: dict[str, dict[str, list[str]]] = {lang: {} for lang in langs}
    for col, value in row.items():
        lang, field = columns[col]
        value = value or ""
        if not lang:
            info[field] = value.strip()
        else:
            per_lang.setdefault(lang, {})[field] = split_items(value)
    terms: list[Term] = []
    for lang, fields in per_lang.items():
        texts = fields.get("terms", [])
        if "" in texts:
            raise InputError(
                f"{name}: line {line}: an empty term in column {lang!r}",
                "Remove the extra '|'",
            )
        for field in TERM_SUFFIXES:
            items = fields.get(field, [])
            if len(items) > len(texts) and any(items[len(texts) :]):
                raise InputError(
                    f"{name}: line {line}: column {lang}_{field} has {len(items)} items "
                    f"for {len(texts)} terms",
                    "Give one item per term, '|' between them",
                )
        for i, text in enumerate(texts):
            item = {f: _item(fields.get(f, []), i) for f in TERM_SUFFIXES}
            flags = {}
            for flag in re.split(r"[\s,]+", item["flags"].lower()):
                if not flag:
                    continue
                if flag not in FLAG_NAMES:
                    raise InputError(
                        f"{name}: line {line}: unknown flag {flag!r} in column {lang}_flags",
                        "Flags are dnt, case and acronym",
                    )
                flags[FLAG_NAMES[flag]] = True
            status = item["status"] or (PREFERRED if i == 0 else ADMITTED)
            try:
                terms.append(
                    Term(
                        text=text,
                        lang=lang,
                        status=status,
                        part_of_speech=item["pos"],
                        note=item["note"],
                        **flags,
                    )
                )
            except InputError as exc:
                raise InputError(f"{name}: line {line}: {exc.message}", exc.hint) from exc
    if not terms:
        if any(info.values()):
            raise InputError(f"{name}: line {line}: the concept has no terms", "Add a term")
        return None
    return Concept(
        id=info.get("id") or concept_id_for(terms),
        terms=tuple(terms),
        definition=info.get("definition", ""),
        note=info.get("note", ""),
        source=info.get("source", ""),
        subject=info.get("subject", ""),
    )


def dump_csv(termbase: Termbase, langs: list[str] | None = None, delimiter: str = ",") -> str:
    """CSV text for ``termbase`` (all its languages unless ``langs`` is given). Statuses are
    written out in full; flag, part-of-speech and note columns only when used."""
    langs = [normalize_lang(lang) for lang in (langs or termbase.languages)]
    used: dict[str, set[str]] = {lang: set() for lang in langs}
    for concept in termbase:
        for term in concept.terms:
            if term.lang not in used:
                continue
            if term.do_not_translate or term.case_sensitive or term.acronym:
                used[term.lang].add("flags")
            if term.part_of_speech:
                used[term.lang].add("pos")
            if term.note:
                used[term.lang].add("note")
    concept_cols = [
        c for c in ("subject", "definition", "note") if any(getattr(x, c) for x in termbase)
    ]
    header = ["id", *concept_cols]
    for lang in langs:
        header.append(lang)
        header.append(f"{lang}_status")
        header.extend(f"{lang}_{f}" for f in ("flags", "pos", "note") if f in used[lang])
    header.append("source")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for concept in termbase:
        row = {"id": concept.id, "source": concept.source}
        for c in concept_cols:
            row[c] = getattr(concept, c)
        for lang in langs:
            terms = [t for t in concept.terms if t.lang == lang]
            row[lang] = join_items([t.text for t in terms])
            row[f"{lang}_status"] = join_items([t.status for t in terms])
            row[f"{lang}_flags"] = join_items([_flags(t) for t in terms])
            row[f"{lang}_pos"] = join_items([t.part_of_speech for t in terms])
            row[f"{lang}_note"] = join_items([t.note for t in terms])
        writer.writerow([row.get(col, "") for col in header])
    return out.getvalue()


def _item(items: list[str], i: int) -> str:
    return items[i] if i < len(items) else ""


def _flags(term: Term) -> str:
    return " ".join(name for name, attr in FLAG_NAMES.items() if getattr(term, attr))


def read_csv(
    path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None
) -> Termbase:
    """A termbase from a CSV/TSV file in any layout :func:`parse_csv` reads; the languages
    are for layouts whose file does not name them."""
    from l10n.fsutil import read_regular_file

    path = Path(path)
    text = decode_csv(read_regular_file(path), str(path))
    return parse_csv(text, str(path), source_lang=source_lang, target_lang=target_lang)


def write_csv(termbase: Termbase, path: str | Path, langs: list[str] | None = None) -> None:
    path = Path(path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    path.write_text(dump_csv(termbase, langs, delimiter), encoding="utf-8")


# --- Other tools' layouts ------------------------------------------------------------------

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
    layout = _detect_layout(header, name)
    return "l10n" if layout is None else layout.name


def languages_needed(text: str, name: str = "<csv>", delimiter: str | None = None) -> list[str]:
    """Which of ``"source"`` and ``"target"`` the caller must give to read ``text``: its
    file does not name them (empty for layouts that name every language)."""
    text = text.lstrip("\ufeff")
    if delimiter is None:
        delimiter = sniff_delimiter(text, "\t" if name.lower().endswith(".tsv") else ",")
    header = next(csv.reader(io.StringIO(text), delimiter=delimiter), None) or []
    layout = _detect_layout(header, name) if header else None
    if layout is None:
        return []
    langs = {c.lang for c in layout.columns}
    return [w for w, p in (("source", SOURCE), ("target", TARGET)) if p in langs]


def _key(col: str) -> str:
    return " ".join(col.split()).casefold()


def _lang_or_none(code: str) -> str | None:
    code = code.strip()
    return normalize_lang(code) if _is_language(code) else None


def _detect_layout(header: list[str], name: str) -> Layout | None:
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
        _classify(header, name)
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
        elif code := _lang_or_none(col):
            columns.append(Column(code, "terms"))
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


def _resolve_languages(
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


def _parse_foreign(
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

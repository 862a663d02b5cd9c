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

Glossary CSV files exported by Crowdin, Weblate, Transifex, Lokalise, Phrase Strings and
Google are told from their header line and read by ``l10n.terms.csvdialects`` (its module
docstring maps each layout's columns to the model and cites its documentation).

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
import warnings
from pathlib import Path

from l10n import langs as _langs
from l10n.errors import InputError, L10nError
from l10n.terms.model import (
    ADMITTED,
    PREFERRED,
    Concept,
    Term,
    Termbase,
    concept_id_for,
    normalize_lang,
)
from l10n.terms.tbx import TermbaseNote

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


def is_language(code: str) -> bool:
    if not _LANG_RE.match(code):
        return False
    try:
        _langs.normalize_lang(code)
    except L10nError:
        return False
    return True


def classify_columns(header: list[str], name: str) -> dict[str, tuple[str, str]]:
    """column -> (lang or "", field); an unknown column is an error."""
    out: dict[str, tuple[str, str]] = {}
    for index, col in enumerate(header):
        key = col.strip()
        if key.lower() in CONCEPT_COLUMNS:
            out[col] = ("", key.lower())
            continue
        lang, _, suffix = key.rpartition("_")
        if lang and suffix.lower() in TERM_SUFFIXES and is_language(lang):
            out[col] = (normalize_lang(lang), suffix.lower())
        elif is_language(key):
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
    default_source_lang: str | None = None,
) -> Termbase:
    """A termbase from CSV text in l10n's layout or another tool's (see the module
    docstring); any bad row is an InputError naming its line. The delimiter is sniffed
    from the header line unless given. ``source_lang``/``target_lang`` are the languages
    of layouts whose file does not name them (Weblate, Transifex, Lokalise, Phrase, a
    two-column file without a header). Without ``source_lang``, a source-term column is
    read as the language of a column that repeats it (Lokalise and Phrase exports list
    the base language's terms again under its code), else, when the file names its
    target languages, as ``default_source_lang``, with a TermbaseNote saying so."""
    text = text.lstrip("\ufeff")
    if delimiter is None:
        delimiter = sniff_delimiter(text, "\t" if name.lower().endswith(".tsv") else ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise InputError(f"{name}: the file is empty", "Give a header row, e.g. id,fr,en")
        from l10n.terms import csvdialects  # which imports this module

        layout = csvdialects.detect_layout(header, name)
        if layout is None:
            return _parse_own(reader, header, name)
        rows = ([(1, header)] if layout.headerless else []) + _numbered(reader)
        if source_lang is None and csvdialects.needs_source(layout):
            source_lang = csvdialects.source_in_columns(layout, rows)
            # Only where the target is named: a file naming neither (Weblate, two columns)
            # gets both from the caller, or one guess would make both columns one language.
            named_target = not csvdialects.needs_target(layout)
            if source_lang is None and default_source_lang and named_target:
                source_lang = default_source_lang
                warnings.warn(
                    f"{name}: the source terms of this {layout.name} glossary are read as "
                    f"{default_source_lang}, the workspace's source language; give --from "
                    "LANG if they are in another",
                    TermbaseNote,
                    stacklevel=2,
                )
        layout = csvdialects.resolve_languages(layout, header, name, source_lang, target_lang)
        return csvdialects.parse_rows(rows, header, layout, name)
    except csv.Error as exc:
        raise InputError(f"{name}: line {reader.line_num}: {exc}", "Fix the CSV quoting") from exc


def _numbered(reader) -> list[tuple[int, list[str]]]:
    return [(reader.line_num, row) for row in reader]


def _parse_own(reader, header: list[str], name: str) -> Termbase:
    """l10n's own layout."""
    columns = classify_columns(header, name)
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


def csv_layout(text: str, name: str = "<csv>", delimiter: str | None = None) -> str:
    """The name of the layout ``text``'s header line is read as (see
    ``l10n.terms.csvdialects.csv_layout``)."""
    from l10n.terms import csvdialects

    return csvdialects.csv_layout(text, name, delimiter)


def languages_needed(text: str, name: str = "<csv>", delimiter: str | None = None) -> list[str]:
    """Which of ``"source"`` and ``"target"`` the caller must give to read ``text`` (see
    ``l10n.terms.csvdialects.languages_needed``)."""
    from l10n.terms import csvdialects

    return csvdialects.languages_needed(text, name, delimiter)

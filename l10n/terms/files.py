"""Termbase file formats: one small class per format, and a registry by extension."""

from __future__ import annotations

from pathlib import Path

from l10n.errors import InputError, UsageError
from l10n.fsutil import read_regular_file
from l10n.terms.csvfile import decode_csv, dump_csv, parse_csv, sniff_delimiter
from l10n.terms.model import Termbase
from l10n.terms.tbx import dump_tbx, parse_tbx


class TermbaseFormat:
    name = ""
    extensions: tuple[str, ...] = ()

    def parse(
        self,
        data: bytes,
        name: str,
        *,
        source_lang: str | None = None,
        target_lang: str | None = None,
        default_source_lang: str | None = None,
    ) -> Termbase:
        """The termbase in ``data``; the languages are for files that do not name them
        (some CSV layouts of other tools; see ``parse_csv``), unused by formats that
        always do."""
        raise NotImplementedError

    def serialize(self, termbase: Termbase) -> bytes:
        raise NotImplementedError


class CsvFormat(TermbaseFormat):
    """Read with the delimiter of the header line (comma, semicolon or tab); written with
    ``write_delimiter``."""

    name = "csv"
    extensions = (".csv",)
    write_delimiter = ","

    def parse(
        self,
        data: bytes,
        name: str,
        *,
        source_lang: str | None = None,
        target_lang: str | None = None,
        default_source_lang: str | None = None,
    ) -> Termbase:
        text = decode_csv(data, name)
        delimiter = sniff_delimiter(text, self.write_delimiter)
        return parse_csv(
            text,
            name,
            delimiter,
            source_lang=source_lang,
            target_lang=target_lang,
            default_source_lang=default_source_lang,
        )

    def serialize(self, termbase: Termbase) -> bytes:
        return dump_csv(termbase, delimiter=self.write_delimiter).encode("utf-8")


class TsvFormat(CsvFormat):
    name = "tsv"
    extensions = (".tsv",)
    write_delimiter = "\t"


class TbxFormat(TermbaseFormat):
    name = "tbx"
    extensions = (".tbx",)

    def parse(
        self,
        data: bytes,
        name: str,
        *,
        source_lang: str | None = None,
        target_lang: str | None = None,
        default_source_lang: str | None = None,
    ) -> Termbase:
        return parse_tbx(data, name)

    def serialize(self, termbase: Termbase) -> bytes:
        return dump_tbx(termbase)


FORMATS: dict[str, TermbaseFormat] = {f.name: f for f in (CsvFormat(), TsvFormat(), TbxFormat())}


def format_for(path: str | Path, fmt: str | None = None) -> TermbaseFormat:
    """The format named ``fmt``, else the one owning the file's extension."""
    if fmt:
        if fmt.lower() not in FORMATS:
            raise UsageError(
                f"Unknown termbase format {fmt!r}", "Use one of: " + ", ".join(FORMATS)
            )
        return FORMATS[fmt.lower()]
    suffix = Path(path).suffix.lower()
    for format_ in FORMATS.values():
        if suffix in format_.extensions:
            return format_
    raise InputError(
        f"{path}: unknown termbase file type {suffix or '(no extension)'!r}",
        "Use a .csv, .tsv or .tbx file, or name the format",
    )


def read_termbase(
    path: str | Path,
    fmt: str | None = None,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    default_source_lang: str | None = None,
) -> Termbase:
    """Read a CSV/TSV/TBX termbase; InputError (nothing returned) on any problem. The
    languages are for CSV layouts whose file does not name them (Weblate, Transifex,
    Lokalise, Phrase, two columns without a header; see ``parse_csv``)."""
    format_ = format_for(path, fmt)
    return format_.parse(
        read_regular_file(path),
        str(path),
        source_lang=source_lang,
        target_lang=target_lang,
        default_source_lang=default_source_lang,
    )


def write_termbase(termbase: Termbase, path: str | Path, fmt: str | None = None) -> None:
    format_ = format_for(path, fmt)
    Path(path).write_bytes(format_.serialize(termbase))

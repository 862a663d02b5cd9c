"""Termbase file formats: one small class per format, and a registry by extension."""

from __future__ import annotations

from pathlib import Path

from l10n.errors import InputError, UsageError
from l10n.terms.csvfile import dump_csv, parse_csv
from l10n.terms.model import Termbase
from l10n.terms.tbx import dump_tbx, parse_tbx


class TermbaseFormat:
    name = ""
    extensions: tuple[str, ...] = ()

    def parse(self, data: bytes, name: str) -> Termbase:
        raise NotImplementedError

    def serialize(self, termbase: Termbase) -> bytes:
        raise NotImplementedError


class CsvFormat(TermbaseFormat):
    name = "csv"
    extensions = (".csv", ".tsv")

    def __init__(self, delimiter: str = ","):
        self.delimiter = delimiter

    def parse(self, data: bytes, name: str) -> Termbase:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: not UTF-8 text (byte {exc.start})", "Save the file as UTF-8"
            ) from exc
        delimiter = "\t" if name.lower().endswith(".tsv") else self.delimiter
        return parse_csv(text, name, delimiter)

    def serialize(self, termbase: Termbase) -> bytes:
        return dump_csv(termbase, delimiter=self.delimiter).encode("utf-8")


class TbxFormat(TermbaseFormat):
    name = "tbx"
    extensions = (".tbx",)

    def parse(self, data: bytes, name: str) -> Termbase:
        return parse_tbx(data, name)

    def serialize(self, termbase: Termbase) -> bytes:
        return dump_tbx(termbase)


FORMATS: dict[str, TermbaseFormat] = {f.name: f for f in (CsvFormat(), TbxFormat())}


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


def read_termbase(path: str | Path, fmt: str | None = None) -> Termbase:
    """Read a CSV/TSV/TBX termbase; InputError (nothing returned) on any problem."""
    format_ = format_for(path, fmt)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror}", "Check the path") from exc
    return format_.parse(data, str(path))


def write_termbase(termbase: Termbase, path: str | Path, fmt: str | None = None) -> None:
    format_ = format_for(path, fmt)
    if isinstance(format_, CsvFormat) and Path(path).suffix.lower() == ".tsv":
        format_ = CsvFormat("\t")
    Path(path).write_bytes(format_.serialize(termbase))

"""Registry of source formats, by name and by file extension."""

from __future__ import annotations

from pathlib import Path

from l10n.errors import InputError, UsageError
from l10n.formats.base import Format, ParsedBlock, ParsedDocument
from l10n.formats.html import HtmlFormat
from l10n.formats.markdown import MarkdownFormat
from l10n.formats.po import GettextFormat
from l10n.formats.txt import TextFormat

FORMATS: dict[str, type[Format]] = {
    cls.name: cls
    for cls in (
        TextFormat,
        MarkdownFormat,
        HtmlFormat,
        GettextFormat,
    )
}


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]()
    except KeyError:
        raise UsageError(
            f"unknown format '{name}'", "Use one of: " + ", ".join(sorted(FORMATS))
        ) from None


def format_for_path(path: str | Path) -> Format:
    suffix = Path(path).suffix.lower()
    for cls in FORMATS.values():
        if suffix in cls.extensions:
            return cls()
    known = ", ".join(ext for cls in FORMATS.values() for ext in cls.extensions)
    raise InputError(
        f"{path}: unsupported file type '{suffix or '(none)'}'",
        f"Supported extensions: {known}; or pass --format NAME",
    )


__all__ = ["FORMATS", "Format", "ParsedBlock", "ParsedDocument", "format_for_path", "get_format"]

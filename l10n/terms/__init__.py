"""Terminology: concepts and terms, termbase files (CSV, TBX) and the one term matcher."""

from l10n.terms.csvfile import dump_csv, parse_csv, read_csv, write_csv
from l10n.terms.files import FORMATS, format_for, read_termbase, write_termbase
from l10n.terms.matcher import TermHit, TermMatcher, contains_term, find_any
from l10n.terms.model import (
    ADMITTED,
    DEPRECATED,
    FORBIDDEN,
    PREFERRED,
    STATUSES,
    Concept,
    Term,
    Termbase,
    concept_id_for,
    normalize_lang,
)
from l10n.terms.tbx import dump_tbx, parse_tbx, read_tbx, write_tbx

SHIPPED_GLOSSARY = "migration.csv"


def shipped_glossary_path():
    """The starter termbase for migration and humanitarian communication (fr, en, es, ar)
    shipped with the package, or None when it is not installed."""
    from pathlib import Path

    for candidate in (
        Path(__file__).resolve().parent.parent / "data" / "glossary" / SHIPPED_GLOSSARY,
        Path(__file__).resolve().parents[2] / "glossary" / SHIPPED_GLOSSARY,
    ):
        if candidate.is_file():
            return candidate
    return None


__all__ = [
    "ADMITTED",
    "DEPRECATED",
    "FORBIDDEN",
    "FORMATS",
    "PREFERRED",
    "STATUSES",
    "Concept",
    "Term",
    "TermHit",
    "TermMatcher",
    "Termbase",
    "concept_id_for",
    "contains_term",
    "dump_csv",
    "dump_tbx",
    "find_any",
    "format_for",
    "normalize_lang",
    "parse_csv",
    "parse_tbx",
    "read_csv",
    "read_tbx",
    "read_termbase",
    "shipped_glossary_path",
    "write_csv",
    "write_tbx",
    "write_termbase",
]

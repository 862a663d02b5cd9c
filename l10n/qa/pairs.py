"""Ad-hoc checks of text pairs, for pipelines: no workspace needed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from l10n.errors import InputError
from l10n.qa.base import Issue
from l10n.qa.runner import run_checks
from l10n.qa.terminology import matcher_for


def read_pairs(path: str | Path, stream: TextIO | None = None) -> list[tuple[str, str]]:
    """Pairs from a TSV file: ``source<TAB>target`` per line (further columns ignored);
    blank lines and a ``source<TAB>target`` header are skipped."""
    try:
        text = stream.read() if stream is not None else Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror})", "Check the path") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text", "Save the file as UTF-8") from exc
    pairs = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 2:
            raise InputError(
                f"{path}, line {number}: no tab between source and target",
                "Write one pair per line as source<TAB>target",
            )
        if number == 1 and [c.strip().lower() for c in cells[:2]] == ["source", "target"]:
            continue
        pairs.append((cells[0], cells[1]))
    return pairs


def check_pairs(
    pairs: Iterable[tuple[str, str]],
    source_lang: str,
    target_lang: str,
    *,
    termbase=None,
    enabled: Iterable[str] | None = None,
    disabled: Iterable[str] = (),
) -> list[tuple[str, str, list[Issue]]]:
    """(source, target, issues) for every pair; the term matcher is compiled once."""
    matcher = matcher_for(termbase, source_lang) if termbase is not None else None
    enabled = list(enabled) if enabled is not None else None
    disabled = list(disabled)
    out = []
    for source, target in pairs:
        hits = matcher.match(source) if matcher is not None else []
        issues = run_checks(
            source,
            target,
            source_lang,
            target_lang,
            hits=hits,
            termbase=termbase,
            enabled=enabled,
            disabled=disabled,
        )
        out.append((source, target, issues))
    return out

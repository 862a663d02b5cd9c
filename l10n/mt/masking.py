"""Inline codes and do-not-translate terms hidden from engines, and put back.

Engines see ``[X1X]``-style placeholders: bracketed Latin letters and digits
survive Google, DeepL, Microsoft and LibreTranslate far better than the
mathematical brackets of our own tokens (which engines drop or "translate") or
XML (which plain-text engines escape). Restoring is tolerant of what engines do
to them: spaces inside (``[ X 1 X ]``), lower case, full-width brackets.
A result that lost, duplicated, invented or reordered a placeholder is rejected.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from l10n.inline import PLACEHOLDER_RE, token_kind

PLACEHOLDER_FORMAT = "[X{}X]"
ENGINE_PLACEHOLDER_RE = re.compile(r"[\[［【]\s*[Xx]\s*(\d+)\s*[Xx]\s*[\]］】]")


def engine_placeholder(number: int) -> str:
    return PLACEHOLDER_FORMAT.format(number)


@dataclass(frozen=True)
class Masked:
    """A request's text as an engine sees it, and what is needed to restore it."""

    text: str  # masked, without leading/trailing whitespace
    leading: str
    trailing: str
    originals: tuple[str, ...]  # originals[n - 1] is what placeholder n stands for
    pairs: tuple[tuple[int, int], ...]  # (open, close) placeholder numbers of paired codes

    @property
    def has_letters(self) -> bool:
        return any(ch.isalpha() for ch in ENGINE_PLACEHOLDER_RE.sub(" ", self.text))


def _spans(text: str, protect: Sequence[tuple[int, int]]) -> list[tuple[int, int, str | None]]:
    """Non-overlapping (start, end, inline token kind+id or None) spans to hide, in order."""
    hidden: list[tuple[int, int]] = []
    for start, end in protect:
        start, end = max(0, int(start)), min(len(text), int(end))
        if start < end:
            hidden.append((start, end))
    tokens = [(m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(text)]
    # Text that already looks like an engine placeholder is hidden too, so restoring
    # can never confuse it with ours.
    tokens += [(m.start(), m.end()) for m in ENGINE_PLACEHOLDER_RE.finditer(text)]
    # A protected span that cuts through a token is widened to hold the whole token.
    widened = []
    for start, end in hidden:
        for t_start, t_end in tokens:
            if t_start < end and start < t_end:
                start, end = min(start, t_start), max(end, t_end)
        widened.append((start, end))
    merged: list[list[int]] = []
    for start, end in sorted(widened):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[tuple[int, int, str | None]] = [(s, e, None) for s, e in merged]
    for m in PLACEHOLDER_RE.finditer(text):
        if not any(s <= m.start() < e for s, e in merged):
            out.append((m.start(), m.end(), f"{token_kind(m)}:{m.group(2)}"))
    for m in ENGINE_PLACEHOLDER_RE.finditer(text):
        if not any(s <= m.start() < e for s, e, _ in out):
            out.append((m.start(), m.end(), None))
    return sorted(out)


def mask(text: str, protect: Sequence[tuple[int, int]] = ()) -> Masked:
    """Replace inline tokens and protected spans (start, end offsets) by placeholders."""
    parts: list[str] = []
    originals: list[str] = []
    opened: dict[str, int] = {}
    pairs: list[tuple[int, int]] = []
    pos = 0
    for start, end, kind in _spans(text, protect):
        parts.append(text[pos:start])
        originals.append(text[start:end])
        number = len(originals)
        parts.append(engine_placeholder(number))
        if kind is not None:
            kind_name, code_id = kind.split(":")
            if kind_name == "open":
                opened[code_id] = number
            elif kind_name == "close" and code_id in opened:
                pairs.append((opened.pop(code_id), number))
        pos = end
    parts.append(text[pos:])
    masked = "".join(parts)
    stripped = masked.strip()
    if not stripped:
        return Masked("", masked, "", tuple(originals), tuple(pairs))
    leading = masked[: len(masked) - len(masked.lstrip())]
    trailing = masked[len(masked.rstrip()) :]
    return Masked(stripped, leading, trailing, tuple(originals), tuple(pairs))


def canonical(engine_text: str) -> str:
    """Engine output with its placeholders rewritten as we sent them."""
    return ENGINE_PLACEHOLDER_RE.sub(lambda m: engine_placeholder(int(m.group(1))), engine_text)


def placeholder_problem(engine_text: str, masked: Masked) -> str | None:
    """Why the placeholders of an answer cannot be restored, or None."""
    seen = Counter(int(m.group(1)) for m in ENGINE_PLACEHOLDER_RE.finditer(engine_text))
    expected = range(1, len(masked.originals) + 1)
    unknown = sorted(n for n in seen if n not in expected)
    if unknown:
        return f"engine invented placeholder {engine_placeholder(unknown[0])}"
    lost = [n for n in expected if seen[n] == 0]
    if lost:
        return f"engine lost placeholder for {masked.originals[lost[0] - 1]!r}"
    duplicated = [n for n in expected if seen[n] > 1]
    if duplicated:
        return f"engine duplicated placeholder for {masked.originals[duplicated[0] - 1]!r}"
    order = {int(m.group(1)): i for i, m in enumerate(ENGINE_PLACEHOLDER_RE.finditer(engine_text))}
    for open_number, close_number in masked.pairs:
        if order[open_number] > order[close_number]:
            return "engine moved a closing inline code before its opening code"
    return None


def unmask(engine_text: str, masked: Masked) -> str:
    """Put originals back and restore the source's outer whitespace.
    Call :func:`placeholder_problem` first."""
    body = ENGINE_PLACEHOLDER_RE.sub(
        lambda m: masked.originals[int(m.group(1)) - 1], engine_text.strip()
    )
    return masked.leading + body + masked.trailing

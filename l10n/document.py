"""From a parsed document to segments, and back to a document.

``plan_segments`` splits every block into sentences and records the block's layout:
the whitespace gaps between sentences and which segment goes where.
``rebuild`` walks the skeleton and the layouts and puts translated (or source)
text back, so a document exported with no translations equals its source.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace

from l10n.formats.base import Format, ParsedDocument
from l10n.inline import (
    KIND_CLOSE,
    PLACEHOLDER_RE,
    InlineCode,
    count_words,
    strip_codes,
    token_kind,
    unmask,
)
from l10n.segment import split_sentences

_LETTER = re.compile(r"[^\W\d_]")
_NEWLINE_RUN = re.compile(r"[ \t]*\r?\n\s*")

# A layout item: a whitespace gap (str), a segment (int), or [segment, raw text]
# when the text as it stands in the document differs from the normalised source.
LayoutItem = str | int | list


def _escape_translation(target: str, fmt: Format) -> str:
    """A translation is text, never markup: the format escapes what its readers would take
    as markup, outside the inline codes (which put the source's own markup back)."""
    out, pos = [], 0
    for m in PLACEHOLDER_RE.finditer(target):
        out.append(fmt.escape_translation(target[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(fmt.escape_translation(target[pos:]))
    return "".join(out)


def normalize_source(raw: str) -> str:
    """The segment's source as translators see it: hard line wraps become spaces."""
    if "\n" not in raw:
        return raw
    return _NEWLINE_RUN.sub(" ", raw)


def source_hash(source: str) -> str:
    return hashlib.sha1(source.encode("utf-8")).hexdigest()


def is_translatable(text: str) -> bool:
    return _LETTER.search(strip_codes(text)) is not None


@dataclass
class PlannedSegment:
    source: str
    hash: str
    words: int
    block: int  # block index in the document
    codes: list[InlineCode] = field(default_factory=list)


@dataclass
class SegmentPlan:
    # Per block, its layout; ints index ``occurrences``.
    layouts: list[list[LayoutItem]]
    occurrences: list[PlannedSegment]


def codes_in(text: str, codes: list[InlineCode]) -> list[InlineCode]:
    if not codes:
        return []
    wanted = {(int(m.group(2)), token_kind(m)) for m in PLACEHOLDER_RE.finditer(text)}
    return [c for c in codes if (c.id, c.kind) in wanted]


def plan_segments(doc: ParsedDocument, lang: str) -> SegmentPlan:
    layouts: list[list[LayoutItem]] = []
    occurrences: list[PlannedSegment] = []
    for b_index, block in enumerate(doc.blocks):
        text = block.text
        layout: list[LayoutItem] = []
        gap_start = 0
        for start, end in split_sentences(text, lang):
            raw = text[start:end]
            if not is_translatable(raw):
                continue
            gap = text[gap_start:start]
            layout.append(gap)
            source = normalize_source(raw)
            occurrences.append(
                PlannedSegment(
                    source=source,
                    hash=source_hash(source),
                    words=count_words(source),
                    block=b_index,
                    codes=codes_in(source, block.codes),
                )
            )
            idx = len(occurrences) - 1
            layout.append(idx if raw == source else [idx, raw])
            gap_start = end
        layout.append(text[gap_start:])
        layouts.append(layout)
    return SegmentPlan(layouts, occurrences)


@dataclass
class StoredBlock:
    layout: list[LayoutItem]  # ints are segment ids
    codes: list[InlineCode]
    meta: dict


@dataclass
class RebuildResult:
    text: str
    translated: int  # segment occurrences filled with a translation
    fallback: int  # segment occurrences that fell back to the source text


def rebuild(
    skeleton: list[str | int],
    blocks: list[StoredBlock],
    fmt: Format,
    sources: dict[int, str],
    targets: dict[int, str],
) -> RebuildResult:
    """Rebuild the document from segment sources and the translations in ``targets``;
    a segment with no translation falls back to its source text.

    A block whose ``meta["nested"]`` maps a code id to ``[[start, end, block], ...]``
    holds other blocks inside that code's data (an HTML title attribute inside a link):
    ``data[start:end]`` is replaced by the rebuilt text of ``block``."""
    counts = [0, 0]  # translated, fallback

    def build(index: int) -> str:
        block = blocks[index]
        parts: list[str] = []
        for piece in block.layout:
            if isinstance(piece, str):
                parts.append(piece)
                continue
            if isinstance(piece, list):
                seg_id, raw = piece
            else:
                seg_id, raw = piece, None
            target = targets.get(seg_id)
            if target is None:
                counts[1] += 1
                parts.append(raw if raw is not None else sources[seg_id])
            else:
                counts[0] += 1
                parts.append(_escape_translation(target, fmt))
        text = "".join(parts)
        cont = fmt.continuation(block.meta)
        if cont:
            text = text.replace("\n", "\n" + cont)
        codes = block.codes
        nested = block.meta.get("nested")
        if nested:
            codes = [_fill_code(code, nested.get(str(code.id)), build) for code in codes]
        return unmask(text, codes, escape=fmt.escaper(block.meta))

    out = [item if isinstance(item, str) else build(item) for item in skeleton]
    return RebuildResult("".join(out), counts[0], counts[1])


def _fill_code(code: InlineCode, places: list | None, build) -> InlineCode:
    """``code`` with the rebuilt nested blocks in its data (opening tags only)."""
    if not places or code.kind == KIND_CLOSE:
        return code
    data = code.data
    for start, end, index in sorted(places, reverse=True):
        data = data[:start] + build(index) + data[end:]
    return replace(code, data=data)


def block_states(layouts: list[list], states: dict[int, int]) -> list[int | None]:
    """The lowest translation state of each block's segments, in block order (None for a
    block without segments): what a format's ``finalize`` reads from
    ``meta["block_states"]`` (gettext marks pretranslated and needs-work messages fuzzy).
    ``layouts`` are the stored blocks' layouts, ``states`` segment id -> state."""
    out: list[int | None] = []
    for layout in layouts:
        ids = [p[0] if isinstance(p, list) else p for p in layout if not isinstance(p, str)]
        known = [states[i] for i in ids if i in states]
        out.append(min(known) if known else None)
    return out

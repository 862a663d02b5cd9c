"""The format contract: one small class per source format.

A format parses decoded text into a skeleton (everything that is not translatable,
kept verbatim) and blocks (translatable units: heading, paragraph, list item, table
cell) whose inline markup is already masked as numbered placeholders
(:mod:`l10n.inline`). Reassembly is generic (:mod:`l10n.document`): the skeleton is
walked and every block is replaced by its translated, unmasked text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from l10n.inline import InlineCode


@dataclass
class ParsedBlock:
    kind: str  # heading, paragraph, list_item, quote, table_cell, line, title, attribute, ...
    text: str  # masked text: inline codes are placeholders
    codes: list[InlineCode] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


@dataclass
class ParsedDocument:
    # Items are literal skeleton strings or ints (an index into ``blocks``).
    skeleton: list[str | int]
    blocks: list[ParsedBlock]
    title: str | None = None
    meta: dict = field(default_factory=dict)


class Format:
    """Base class; subclasses set ``name`` and ``extensions`` and implement ``parse``."""

    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""

    def parse(self, text: str) -> ParsedDocument:
        raise NotImplementedError

    def escape(self, text: str) -> str:
        """Escape translated text between inline codes (identity for plain text)."""
        return text

    def escape_translation(self, text: str) -> str:
        """Escaping applied to translated text only (never to source text, which must come
        back byte for byte): formats whose readers render raw markup override it."""
        return text

    def escaper(self, block_meta: dict) -> Callable[[str], str]:
        """The escape function for one block (a format may escape each block the way its
        source spelled it); by default ``escape``."""
        return self.escape

    def continuation(self, block_meta: dict) -> str:
        """Prefix re-inserted after every newline inside a block (Markdown quotes, lists)."""
        return block_meta.get("cont", "")

    def finalize(self, text: str, lang: str, source_lang: str, meta: dict) -> str:
        """Last touch on the rebuilt document for a target language (HTML lang/dir)."""
        return text


class DocumentBuilder:
    """Helps parsers build a skeleton: literal text and blocks, in order."""

    def __init__(self) -> None:
        self.skeleton: list[str | int] = []
        self.blocks: list[ParsedBlock] = []

    def literal(self, text: str) -> None:
        if not text:
            return
        if self.skeleton and isinstance(self.skeleton[-1], str):
            self.skeleton[-1] += text
        else:
            self.skeleton.append(text)

    def block(self, block: ParsedBlock) -> None:
        self.skeleton.append(len(self.blocks))
        self.blocks.append(block)

    def nested(self, block: ParsedBlock) -> int:
        """Add a block that is not in the skeleton but inside an inline code of another
        block (see ``meta["nested"]`` in :func:`l10n.document.rebuild`); its index."""
        self.blocks.append(block)
        return len(self.blocks) - 1

    def build(self, **kwargs) -> ParsedDocument:
        return ParsedDocument(self.skeleton, self.blocks, **kwargs)

"""Inline codes held as numbered placeholders.

Formats turn inline markup (links, emphasis, inline code, tags, printf/ICU
placeholders) into tokens inside the translatable text, so that segmentation,
glossary matching, machine translation and translators all see plain sentences
with opaque markers, and export puts the original markup back byte for byte.

Token syntax (chosen because the brackets U+27E6/U+27E7 practically never occur
in running text; when they do, the literal bracket is itself masked as a code,
so masking is always reversible):

- ``⟦1⟧`` opens paired code 1, ``⟦/1⟧`` closes it (link, emphasis, <b>...</b>);
- ``⟦2/⟧`` is a standalone code (inline code span, image, <br>, placeholder).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPEN_BRACKET = "\u27e6"
CLOSE_BRACKET = "\u27e7"

PLACEHOLDER_RE = re.compile("\u27e6(/?)(\\d+)(/?)\u27e7")

KIND_OPEN = "open"
KIND_CLOSE = "close"
KIND_STANDALONE = "standalone"


@dataclass
class InlineCode:
    """One inline code: the original markup a token stands for."""

    id: int
    kind: str  # open | close | standalone
    data: str  # original source markup, restored verbatim on export
    type: str = "code"  # link, em, strong, code, image, br, tag, var, ...
    attrs: dict[str, str] = field(default_factory=dict)  # e.g. {"href": ...}

    def to_json(self) -> dict:
        out = {"id": self.id, "kind": self.kind, "data": self.data, "type": self.type}
        if self.attrs:
            out["attrs"] = self.attrs
        return out

    @classmethod
    def from_json(cls, obj: dict) -> InlineCode:
        return cls(
            obj["id"], obj["kind"], obj["data"], obj.get("type", "code"), obj.get("attrs", {})
        )


def token(code_id: int, kind: str) -> str:
    if kind == KIND_OPEN:
        return f"{OPEN_BRACKET}{code_id}{CLOSE_BRACKET}"
    if kind == KIND_CLOSE:
        return f"{OPEN_BRACKET}/{code_id}{CLOSE_BRACKET}"
    return f"{OPEN_BRACKET}{code_id}/{CLOSE_BRACKET}"


def token_kind(match: re.Match) -> str:
    if match.group(1):
        return KIND_CLOSE
    if match.group(3):
        return KIND_STANDALONE
    return KIND_OPEN


class CodeBuilder:
    """Collects the inline codes of one block while a format parser masks it."""

    def __init__(self) -> None:
        self.codes: list[InlineCode] = []
        self._next = 1

    @property
    def next_id(self) -> int:
        """The id the next code will get."""
        return self._next

    def standalone(self, data: str, type: str = "code", **attrs: str) -> str:
        code = InlineCode(self._next, KIND_STANDALONE, data, type, dict(attrs))
        self._next += 1
        self.codes.append(code)
        return token(code.id, code.kind)

    def pair(
        self, open_data: str, close_data: str, type: str = "tag", **attrs: str
    ) -> tuple[str, str]:
        code_id = self._next
        self._next += 1
        self.codes.append(InlineCode(code_id, KIND_OPEN, open_data, type, dict(attrs)))
        self.codes.append(InlineCode(code_id, KIND_CLOSE, close_data, type, {}))
        return token(code_id, KIND_OPEN), token(code_id, KIND_CLOSE)

    def text(self, plain: str) -> str:
        """Escape literal placeholder brackets in source text by masking them."""
        if OPEN_BRACKET not in plain and CLOSE_BRACKET not in plain:
            return plain
        out = []
        for ch in plain:
            if ch in (OPEN_BRACKET, CLOSE_BRACKET):
                out.append(self.standalone(ch, "literal"))
            else:
                out.append(ch)
        return "".join(out)


def code_map(codes: list[InlineCode]) -> dict[tuple[int, str], InlineCode]:
    return {(c.id, c.kind): c for c in codes}


def unmask(text: str, codes: list[InlineCode], escape=None) -> str:
    """Put the original markup back. ``escape`` is applied to the text between codes
    (HTML export escapes translated text so a translation cannot inject markup)."""
    by_key = code_map(codes)
    out: list[str] = []
    pos = 0
    for m in PLACEHOLDER_RE.finditer(text):
        chunk = text[pos : m.start()]
        out.append(escape(chunk) if escape else chunk)
        code = by_key.get((int(m.group(2)), token_kind(m)))
        if code is None:
            # An unknown token is kept as typed; validation reports it before export.
            out.append(escape(m.group(0)) if escape else m.group(0))
        else:
            out.append(code.data)
        pos = m.end()
    chunk = text[pos:]
    out.append(escape(chunk) if escape else chunk)
    return "".join(out)


def placeholders(text: str) -> list[str]:
    """The tokens of a text, in order."""
    return [m.group(0) for m in PLACEHOLDER_RE.finditer(text)]


def blank_codes(text: str) -> str:
    """Replace every token by spaces of the same length: offsets stay valid and
    word boundaries are kept, for matching and checks that read plain text."""
    if OPEN_BRACKET not in text:
        return text
    return PLACEHOLDER_RE.sub(lambda m: " " * len(m.group(0)), text)


def strip_codes(text: str) -> str:
    """The text without tokens (for display and word counts)."""
    if OPEN_BRACKET not in text:
        return text
    return PLACEHOLDER_RE.sub("", text)


WORD_RE = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)


def count_words(text: str) -> int:
    """Words as translators are paid for them: runs of letters/digits, with
    hyphenated and elided forms (l'OIM, main-d'œuvre) counted once."""
    return len(WORD_RE.findall(strip_codes(text)))

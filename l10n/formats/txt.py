"""Plain text: paragraphs separated by blank lines, or one block per line.

Scraped web pages (such as the bundled example) often have no blank lines and
headings glued to the paragraph that follows them (``Notre travailEn tant que``);
those are split into a heading block and a paragraph block, with nothing in
between in the skeleton, so the file is still rebuilt byte for byte.
"""

from __future__ import annotations

import re

from l10n.formats.base import DocumentBuilder, Format, ParsedBlock, ParsedDocument
from l10n.inline import CodeBuilder

_LETTER = re.compile(r"[^\W\d_]")
_BULLET = re.compile(r"^[ \t]*(?:[-*•–—]|\d{1,3}[.)])[ \t]+")
_INDENT = re.compile(r"^[ \t]*")
_GLUE = re.compile(r"(?<=[a-zà-öø-ÿœ])(?=[A-ZÀ-ÖØ-ÞŒ])")
_TERMINAL = tuple('.!?:;…»"”)')
_WORD = re.compile(r"\S+")
# Contact details and links in a paragraph keep their own lines in every language:
# press releases end with "For more information, please contact:" followed by a name,
# a phone number, an e-mail address and a URL, one per line.
_CONTACT_START = re.compile(
    r"^(?:https?://|www\.|\+\d|(?:tel|phone|fax|mobile|email|e-mail)\b)", re.I
)
_CONTACT_END = re.compile(r"(?:[\w.+-]+@[\w-]+\.[\w.-]*\w|https?://\S+|www\.\S+)$", re.I)


def _keeps_line_break(line: str, following: str) -> bool:
    """Whether the break between two lines of one paragraph separates blocks.

    Hard-wrapped prose is one block (its line breaks fall inside sentences); a label
    ending in a colon, a line ending in an e-mail address or a link, and a line that
    starts with a link or a phone/e-mail field are not prose.
    """
    body = line.strip()
    return (
        body.endswith(":")
        or _CONTACT_END.search(body) is not None
        or _CONTACT_START.match(following.strip()) is not None
    )


def _prefix(line: str) -> str:
    """A list bullet, or else the indentation, at the start of a line."""
    m = _BULLET.match(line) or _INDENT.match(line)
    return m.group(0) if m else ""


def has_letters(text: str) -> bool:
    return _LETTER.search(text) is not None


def _is_heading_like(line: str) -> bool:
    stripped = line.strip()
    return (
        bool(stripped)
        and has_letters(stripped)
        and len(_WORD.findall(stripped)) <= 8
        and not stripped.endswith(_TERMINAL)
    )


def split_glued_heading(line: str, headings: set[str]) -> int | None:
    """Offset where a heading glued to its paragraph ends, or None.

    Evidence is either the same heading standing alone elsewhere in the document,
    or a strong shape: two or more words ending in a lower-case word of three or
    more letters, glued to a capitalised sentence of five or more words.
    """
    for m in _GLUE.finditer(line, 0, min(len(line), 120)):
        head, rest = line[: m.start()], line[m.start() :]
        if head.strip() in headings:
            return m.start()
        words = head.split()
        rest_words = rest.split()
        if (
            2 <= len(words) <= 8
            and len(words[-1]) >= 3
            and words[-1].islower()
            and len(rest_words) >= 5
            and re.match(r"[A-ZÀ-ÖØ-ÞŒ][a-zà-öø-ÿœ'’]", rest)
        ):
            return m.start()
        return None
    return None


class TextFormat(Format):
    name = "txt"
    extensions = (".txt", ".text")
    description = "plain text (blank-line paragraphs, or one block per line)"

    def parse(self, text: str) -> ParsedDocument:
        lines = text.splitlines(keepends=True)
        out = DocumentBuilder()
        paragraph_mode = any(not ln.strip() for ln in lines[:-1]) or (
            len(lines) > 1 and not lines[-1].strip()
        )
        if paragraph_mode:
            self._paragraphs(lines, out)
        else:
            headings = {ln.strip() for ln in lines if _is_heading_like(ln)}
            for line in lines:
                self._line(line, out, headings)
        return out.build()

    def _emit(self, content: str, kind: str, out: DocumentBuilder) -> None:
        if not has_letters(content):
            out.literal(content)
            return
        codes = CodeBuilder()
        out.block(ParsedBlock(kind, codes.text(content), codes.codes))

    def _line(self, line: str, out: DocumentBuilder, headings: set[str]) -> None:
        body = line.rstrip("\r\n")
        end = line[len(body) :]
        prefix = _prefix(body)
        content = body[len(prefix) :]
        stripped = content.rstrip()
        trailing = content[len(stripped) :]
        out.literal(prefix)
        cut = split_glued_heading(stripped, headings) if has_letters(stripped) else None
        if cut:
            self._emit(stripped[:cut], "heading", out)
            self._emit(stripped[cut:], "paragraph", out)
        else:
            kind = "list_item" if prefix.strip() else "line"
            self._emit(stripped, kind, out)
        out.literal(trailing + end)

    def _paragraphs(self, lines: list[str], out: DocumentBuilder) -> None:
        para: list[str] = []

        def flush() -> None:
            if not para:
                return
            chunk = "".join(para)
            body = chunk.rstrip("\r\n")
            end = chunk[len(body) :]
            prefix = _prefix(body)
            content = body[len(prefix) :]
            stripped = content.rstrip()
            out.literal(prefix)
            self._emit(stripped, "list_item" if prefix.strip() else "paragraph", out)
            out.literal(content[len(stripped) :] + end)
            para.clear()

        for line in lines:
            if line.strip():
                if para and (_BULLET.match(line) or _keeps_line_break(para[-1], line)):
                    flush()
                para.append(line)
            else:
                flush()
                out.literal(line)
        flush()

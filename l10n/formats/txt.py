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
# List markers: dashes and bullets, "1." / "1)" / "1.2." numbering, and the "o" that RFCs
# and man pages use (only before two spaces, so a line starting with the word "o" is prose).
_BULLET = re.compile(r"^[ \t]*(?:[-*•–—]|\d{1,3}(?:\.\d{1,3})*[.)]|o(?=[ \t]{2}))[ \t]+")
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
# A link that ends a sentence begun on the line above ("... may be obtained at" / "http://x.org.")
# belongs to that sentence.
_LINK_ENDS_SENTENCE = re.compile(r"^(?:https?://|www\.)\S*[.;,)]$", re.I)
_SENTENCE_GOES_ON = re.compile(r"(?:[^\W\d_]|,)$")
# Columns of a table made of spaces: two or more blanks (or a tab) inside a line, not after
# sentence punctuation (typists put two spaces between sentences).
_COLUMN_GAP = re.compile(r"(?<=[^\s.!?;:])(?:\t[ \t]*| {2,})(?=\S)")
_WIDE_GAP = re.compile(r"(?<=[^\s.!?;:])(?:\t[ \t]*| {3,})(?=\S)")
# What leads a table cell without being text: ": value", "- description", "| cell".
_CELL_LEAD = re.compile(r"^[:=|–—-]+[ \t]+")
# Dot leaders and a page number closing a table-of-contents line.
_LEADERS = re.compile(r"[ \t]*(?:\.[ \t]?){3,}[ \t]*\d*$")
# A line that starts with a field label ("Host: example.org", "Category: Standards Track")
# is one field of a header block or a sample message, not the rest of a sentence.
_FIELD_START = re.compile(r"^[A-Z][\w-]*:[ \t]+\S")
_UPPER_START = re.compile(r"^[ \t]*(?:[\"'“‘«(¿¡]?)[^\W\d_]")


def _keeps_line_break(line: str, following: str, width: int = 0) -> bool:
    """Whether the break between two lines of one paragraph separates blocks.

    Hard-wrapped prose is one block (its line breaks fall inside sentences); a label
    ending in a colon, a line ending in an e-mail address or a link, and a line that
    starts with a link or a phone/e-mail field are not prose. Nor is a line that stops
    short of the paragraph's width when the next one starts a capitalised word that would
    have fitted on it: a wrapping editor would have put that word there, so the author
    broke the line on purpose (a date line above a photo caption, a sentence without a
    full stop above the next one, a list item followed by an ordinary line).
    """
    body = line.strip()
    nxt = following.strip()
    if body.endswith(":") or _CONTACT_END.search(body) is not None:
        return True
    if _FIELD_START.match(nxt):
        return True
    if _CONTACT_START.match(nxt) is not None:
        return not (_LINK_ENDS_SENTENCE.match(nxt) and _SENTENCE_GOES_ON.search(body))
    if width and _UPPER_START.match(nxt) and _upper(nxt):
        first_word = nxt.split(None, 1)[0]
        return len(line.rstrip()) + 1 + len(first_word) <= width
    return False


def _upper(text: str) -> bool:
    """Whether the first letter of ``text`` is a capital (scripts without case never are)."""
    m = _LETTER.search(text)
    return m is not None and m.group(0).isupper()


def _is_table_row(line: str, neighbours: tuple[str, ...]) -> bool:
    """A line of a table made of spaces: a wide gap between columns, or a narrow one
    that a neighbouring line shares (a double space in prose is a typo, not a column)."""
    content = line.strip()
    if "  " not in content and "\t" not in content:  # most lines of prose: no gap at all
        return False
    if _WIDE_GAP.search(content):
        return True
    return _COLUMN_GAP.search(content) is not None and any(
        _COLUMN_GAP.search(n.strip()) for n in neighbours
    )


# The widest run of spaces justification puts between two words.
_PADDING_MAX = 4


def _is_justified(group: list[str]) -> bool:
    """Whether lines are a justified paragraph: spaces added between words so that every
    line but the last is exactly as wide (and the last no wider). Its runs of spaces are
    padding, not the gaps between the columns of a table."""
    if len(group) < 3:
        return False
    widths = {len(line.rstrip()) for line in group[:-1]}
    if len(widths) != 1:
        return False
    (width,) = widths
    gaps = [gap.group(0) for line in group for gap in _COLUMN_GAP.finditer(line.strip())]
    # Padding spreads over many gaps, so each stays narrow; a column set flush right
    # (an RFC's header) makes lines one width too, with a wide gap.
    return (
        len(group[-1].rstrip()) <= width
        and bool(gaps)
        and all(len(gap) <= _PADDING_MAX and "\t" not in gap for gap in gaps)
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
        # Leaders end the line: look for them only where it ends in three dots or more
        # (with blanks between them), and page digits.
        bare = content.rstrip("0123456789 \t")
        dots = bare[len(bare.rstrip(". \t")) :].count(".")
        leaders = _LEADERS.search(content) if dots >= 3 else None
        tail = ""
        if leaders and has_letters(content[: leaders.start()]):
            content, tail = content[: leaders.start()], content[leaders.start() :]
        codes = CodeBuilder()
        out.block(ParsedBlock(kind, codes.text(content), codes.codes))
        out.literal(tail)

    def _cells(self, content: str, out: DocumentBuilder) -> None:
        """A table row: one block per column, the blanks between them in the skeleton."""
        pos = 0
        for gap in [*_COLUMN_GAP.finditer(content), None]:
            end = gap.start() if gap else len(content)
            cell = content[pos:end]
            lead = _CELL_LEAD.match(cell)
            if lead:
                out.literal(lead.group(0))
                cell = cell[lead.end() :]
            self._emit(cell, "table_cell", out)
            if gap:
                out.literal(gap.group(0))
                pos = gap.end()

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
        rows: list[bool] = []  # per line of the current paragraph: a table row?

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
            if len(para) == 1 and rows[0] and not prefix.strip():
                self._cells(stripped, out)
            else:
                self._emit(stripped, "list_item" if prefix.strip() else "paragraph", out)
            out.literal(content[len(stripped) :] + end)
            para.clear()
            rows.clear()

        groups: list[list[str]] = []
        for line in lines:
            if line.strip():
                if groups and groups[-1] and groups[-1][-1].strip():
                    groups[-1].append(line)
                else:
                    groups.append([line])
            else:
                groups.append([line])
        for group in groups:
            if not group[0].strip():
                flush()
                out.literal(group[0])
                continue
            width = max(len(ln.rstrip()) for ln in group)
            justified = _is_justified(group)
            for i, line in enumerate(group):
                row = not justified and _is_table_row(
                    line, tuple(group[max(0, i - 1) : i] + group[i + 1 : i + 2])
                )
                if para and (
                    row
                    or rows[-1]
                    or _BULLET.match(line)
                    or _keeps_line_break(para[-1], line, width)
                ):
                    flush()
                para.append(line)
                rows.append(row)
        flush()

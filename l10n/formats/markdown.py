"""Markdown: headings, paragraphs, list items, block quotes and table cells as blocks.

Front matter, fenced and indented code blocks, HTML blocks (CommonMark's seven kinds;
a line opening with an inline tag and text is a paragraph), thematic breaks, link
reference definitions and template blocks that hold code (Hugo ``{{< highlight >}}``,
Liquid ``{% highlight %}``, ``{% raw %}``, ``{% comment %}``) stay verbatim in the
skeleton and are never segmented. Inline code, links, images, emphasis, inline HTML,
autolinks, footnote references, character references (``&nbsp;``), emoji shortcodes
(``:smile:``, ``:octicons-heart-24:``), static-site template tags (Hugo shortcodes
``{{< figure >}}``, ``{{ .Title }}``, Liquid ``{% include %}``) and attribute lists
(``{#id}``, ``{: .class}``) become numbered placeholders so they survive translation
(``l10n.formats.markdown_inline``).

Inline HTML: a start tag and its end tag at the same level of a block are one paired
code (``H<sub>2</sub>O`` is ``H⟦1⟧2⟦/1⟧O``), so translators move them as a whole and
QA checks their order; void elements, self-closing, unmatched and comment tags are
standalone codes, and so are a pair's tags when the text between them may end a
sentence (segmentation would cut the pair in two). ``<code>``, ``<samp>`` and
``translate="no"`` elements are one standalone code with their content. ``title``,
``aria-label``, ``placeholder`` and an image's ``alt`` are blocks nested in their
tag's code, as in the HTML format.

Footnote definitions (``[^1]: text``) hold a body like a container's: the paragraphs
indented by four spaces after the first are blocks too, with their indentation kept.

Containers of Python-Markdown and its extensions (MkDocs, Material for MkDocs) hold
Markdown indented by four spaces: admonitions (``!!! note "Title"``, collapsible
``??? note``), content tabs (``=== "Tab"``) and definitions (``:   text``). Their
titles are blocks, their bodies are parsed as Markdown of their own, and every body
line gets its indentation back on export.
"""

from __future__ import annotations

import re

from l10n.formats.base import DocumentBuilder, Format, ParsedBlock, ParsedDocument
from l10n.formats.html import HtmlFormat
from l10n.formats.markdown_inline import mask_inline, skip_literal
from l10n.formats.txt import has_letters
from l10n.inline import CodeBuilder, unmask

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})")
_ATX = re.compile(r"^( {0,3}#{1,6})([ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_HEADING_ATTRS = re.compile(r"[ \t]+\{[#:.][^{}\n]*\}[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LIST = re.compile(r"^( {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\])?[ \t]+)")
_QUOTE = re.compile(r"^( {0,3}>[ \t]?)")
# CommonMark's HTML blocks: kinds 1 to 5 end on the line holding their closing marker;
# kind 6 (block-level elements) and kind 7 (any other complete tag alone on its line)
# end at a blank line, and kind 7 cannot interrupt a paragraph.
_HTML_BLOCK_ENDS = (
    (
        re.compile(r"^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)", re.I),
        re.compile(r"</(?:script|pre|style|textarea)>", re.I),
    ),
    (re.compile(r"^ {0,3}<!--"), re.compile(r"-->")),
    (re.compile(r"^ {0,3}<\?"), re.compile(r"\?>")),
    (re.compile(r"^ {0,3}<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"^ {0,3}<!\[CDATA\["), re.compile(r"\]\]>")),
)
_HTML_BLOCK_6 = re.compile(
    r"^ {0,3}</?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col"
    r"|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame"
    r"|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav"
    r"|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th"
    r"|thead|title|tr|track|ul)(?:[ \t>]|/>|$)",
    re.I,
)
_HTML_BLOCK_7 = re.compile(
    r"^ {0,3}(?:<[A-Za-z][A-Za-z0-9-]*"
    r"(?:[ \t]+[A-Za-z_:][\w.:-]*(?:[ \t]*=[ \t]*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*"
    r"[ \t]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*$"
)
# Lines that open with these tags alone are read as a paragraph, as before CommonMark's
# kind 7 was followed, so text between <span> and </span> lines stays translatable.
_INLINE_LINE_START = re.compile(r"^ {0,3}<(?:a|b|i|em|strong|span|code|img)\b")
_LINKDEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_FOOTNOTE_DEF = re.compile(r"^( {0,3}\[\^[^\]]+\]:[ \t]*)(?=\S)")
# Python-Markdown containers: admonitions and details (!!! / ??? / ???+), content tabs
# (=== / ===+ / ===!) with an optional quoted title, and definitions (":   text").
_ADMONITION = re.compile(
    r'^( {0,3}(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*)(?:([ \t]+")(.*)("))?([ \t]*)$'
)
_TAB = re.compile(r'^( {0,3}===[+!]{0,2}[ \t]+")(.*)(")([ \t]*)$')
_DEFINITION = re.compile(r"^( {0,3}:[ \t]+)(?=\S)")
# Template blocks whose content is code: from the opening tag's line to the closing tag.
_CODE_TEMPLATE = re.compile(
    r"^ {0,3}(?:\{\{([<%])\s*(highlight|code)\b.*?[>%]\}\}"
    r"|\{%-?\s*(highlight|raw|comment)\b.*?-?%\})"
)
_LINE_ENDS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_TABLE_SEP = re.compile(r"^ {0,3}\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)+\|?\s*$")


def _split_line_end(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body) :]


def _escape_markdown_translation(text: str) -> str:
    # Markdown passes raw HTML through to the page: a translation must not open a tag.
    return text.replace("<", "&lt;")


_HTML = HtmlFormat()


class MarkdownFormat(Format):
    name = "md"
    extensions = (".md", ".markdown", ".mdown")
    description = "Markdown (CommonMark blocks; inline markup as placeholders)"

    def parse(self, text: str) -> ParsedDocument:
        lines = text.splitlines(keepends=True)
        out = DocumentBuilder()
        self._blocks(lines, self._front_matter(lines, out), out)
        return out.build()

    def _blocks(self, lines: list[str], i: int, out) -> None:
        """Parse ``lines[i:]`` into ``out`` (a DocumentBuilder or a container's view)."""
        n = len(lines)
        while i < n:
            line = lines[i]
            body, _end = _split_line_end(line)
            if not body.strip():
                out.literal(line)
                i += 1
                continue
            fence = _FENCE.match(body)
            if fence:
                i = self._fenced(lines, i, fence.group(2), out)
                continue
            template = _CODE_TEMPLATE.match(body)
            if template:
                end = self._template_end(lines, i, template)
                if end is not None:
                    for k in range(i, end):
                        out.literal(lines[k])
                    i = end
                    continue
            container = _ADMONITION.match(body) or _TAB.match(body)
            if container:
                i = self._container_title(lines, i, container, out)
                continue
            definition = _DEFINITION.match(body)
            if definition:
                marker = definition.group(1)
                i = self._container(lines, i + 1, out, first=(marker, line[len(marker) :]))
                continue
            if body.startswith(("    ", "\t")) and self._after_blank(lines, i):
                while i < n and (lines[i].startswith(("    ", "\t")) or not lines[i].strip()):
                    if not lines[i].strip() and not (
                        i + 1 < n and lines[i + 1].startswith(("    ", "\t"))
                    ):
                        break
                    out.literal(lines[i])
                    i += 1
                continue
            footnote = _FOOTNOTE_DEF.match(body)
            if footnote:
                # Paragraphs indented by four spaces after the first belong to the note.
                marker = footnote.group(1)
                first = (marker, line[len(marker) :])
                end = self._container_body(lines, i + 1, out, first, "footnote", strict=True)
                i = end if end is not None else self._list_item(lines, i, marker, out, "footnote")
                continue
            if _HR.match(body) or _LINKDEF.match(body):
                out.literal(line)
                i += 1
                continue
            atx = _ATX.match(body)
            if atx:
                self._heading(line, atx, out)
                i += 1
                continue
            end = self._html_block(lines, i, out)
            if end is not None:
                i = end
                continue
            if "|" in body and i + 1 < n and _TABLE_SEP.match(lines[i + 1].rstrip("\r\n")):
                i = self._table(lines, i, out)
                continue
            quote = _QUOTE.match(body)
            if quote:
                i = self._prefixed(lines, i, _QUOTE, "quote", out)
                continue
            item = _LIST.match(body)
            if item:
                i = self._list_item(lines, i, item.group(1), out)
                continue
            i = self._paragraph(lines, i, out)

    # -- containers -----------------------------------------------------------
    @staticmethod
    def _template_end(lines: list[str], i: int, opening: re.Match) -> int | None:
        """Index after the line that closes the template block opened at ``lines[i]``."""
        if opening.group(1):
            name = opening.group(2)
            close = re.compile(r"\{\{" + re.escape(opening.group(1)) + r"\s*/\s*" + name + r"\b")
        else:
            name = opening.group(3)
            close = re.compile(r"\{%-?\s*end" + name + r"\b")
        first = lines[i][opening.end() :]
        if close.search(first):
            return i + 1
        for k in range(i + 1, len(lines)):
            if close.search(lines[k]):
                return k + 1
        return None

    def _container_title(self, lines, i: int, m: re.Match, out) -> int:
        """An admonition or tab line: the quoted title is a block, the body follows."""
        body, end = _split_line_end(lines[i])
        if m.re is _TAB:
            head, title, tail = m.group(1), m.group(2), m.group(3) + m.group(4)
        elif m.group(2) is not None:
            head, title = m.group(1) + m.group(2), m.group(3)
            tail = m.group(4) + m.group(5)
        else:
            head, title, tail = body, "", ""
        out.literal(head)
        self._inline_block(title, "caption", out)
        out.literal(tail + end)
        return self._container(lines, i + 1, out)

    def _container(self, lines, i: int, out, first: tuple[str, str] | None = None) -> int:
        end = self._container_body(lines, i, out, first)
        assert end is not None  # only a strict body is left unwritten
        return end

    def _container_body(
        self,
        lines,
        i: int,
        out,
        first: tuple[str, str] | None = None,
        kind: str | None = None,
        strict: bool = False,
    ) -> int | None:
        """The body of a container from ``lines[i]``: lines indented by four spaces (or a
        tab) and blank lines between them, parsed as Markdown with the indentation
        removed, each line getting its own back on export. ``first`` is the marker and
        the rest of a first line that starts on the marker's line (definitions, footnotes).
        ``kind`` names the body's paragraphs. A body that does not come back byte for
        byte is kept verbatim, or with ``strict`` left unwritten (None returned)."""
        prefixes: list[str] = []
        inner: list[str] = []
        if first is not None:
            prefixes.append(first[0])
            inner.append(first[1])
        j = i
        last = j  # just after the last indented line
        while j < len(lines):
            line = lines[j]
            if not line.strip():
                ws = line.rstrip(_LINE_ENDS)
                prefixes.append(ws[:4])
                inner.append(line[len(ws[:4]) :])
            elif line.startswith("\t") or line.startswith("    "):
                cut = 1 if line.startswith("\t") else 4
                prefixes.append(line[:cut])
                inner.append(line[cut:])
                last = j + 1
            else:
                break
            j += 1
        keep = last - i + (1 if first is not None else 0)
        prefixes, inner = prefixes[:keep], inner[:keep]
        if not inner:
            return i
        sub = DocumentBuilder()
        view = _Indented(sub, prefixes)
        self._blocks(inner, 0, view)
        original = "".join(p + t for p, t in zip(prefixes, inner, strict=True))
        if view.consistent and _source_of(sub, self) == original:
            for item in sub.skeleton:
                if isinstance(item, str):
                    out.literal(item)
                else:
                    out.block(_moved_block(sub, item, out, kind))
        elif strict:
            return None
        else:  # a body this parser cannot give back byte for byte stays as it is
            out.literal(original)
        return last

    # -- blocks ---------------------------------------------------------------
    @staticmethod
    def _after_blank(lines: list[str], i: int) -> bool:
        return i == 0 or not lines[i - 1].strip()

    def _front_matter(self, lines: list[str], out: DocumentBuilder) -> int:
        if not lines or lines[0].rstrip("\r\n") not in ("---", "+++"):
            return 0
        marker = lines[0].rstrip("\r\n")
        for j in range(1, len(lines)):
            if lines[j].rstrip("\r\n") in (marker, "...") and j > 0:
                for k in range(j + 1):
                    out.literal(lines[k])
                return j + 1
        return 0

    def _fenced(self, lines: list[str], i: int, fence: str, out: DocumentBuilder) -> int:
        out.literal(lines[i])
        i += 1
        while i < len(lines):
            out.literal(lines[i])
            stripped = lines[i].strip()
            i += 1
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                break
        return i

    def _inline_block(self, content: str, kind: str, out: DocumentBuilder, meta=None) -> None:
        stripped = content.strip()
        if not stripped or not has_letters(stripped):
            out.literal(content)
            return
        lead = content[: len(content) - len(content.lstrip())]
        trail = content[len(content.rstrip()) :]
        codes = CodeBuilder()
        nested: dict[str, list] = {}
        masked = mask_inline(stripped, codes, nested)
        meta = dict(meta or {})
        if nested:  # attribute blocks go inside the codes of their tags on export
            meta["nested"] = {
                code_id: [[start, end, out.nested(block)] for start, end, block in places]
                for code_id, places in nested.items()
            }
        out.literal(lead)
        out.block(ParsedBlock(kind, masked, codes.codes, meta))
        out.literal(trail)

    def _heading(self, line: str, atx: re.Match, out: DocumentBuilder) -> None:
        body, end = _split_line_end(line)
        out.literal(atx.group(0))
        content = body[atx.end() :]
        closing = _ATX_CLOSE.search(content)
        tail = ""
        if closing:
            tail = content[closing.start() :]
            content = content[: closing.start()]
        attributes = _HEADING_ATTRS.search(content)
        if attributes:  # "## Contacts {#contacts}": the id stays at the end, untranslated
            tail = content[attributes.start() :] + tail
            content = content[: attributes.start()]
        self._inline_block(content, "heading", out, {"level": atx.group(1).count("#")})
        out.literal(tail + end)

    def _continues_paragraph(self, body: str) -> bool:
        return bool(
            body.strip()
            and not _FENCE.match(body)
            and not _ATX.match(body)
            and not _HR.match(body)
            and not _QUOTE.match(body)
            and not _LIST.match(body)
            and not any(start.match(body) for start, _end in _HTML_BLOCK_ENDS)
            and not _HTML_BLOCK_6.match(body)
        )

    @staticmethod
    def _html_block(lines: list[str], i: int, out) -> int | None:
        """An HTML block at ``lines[i]`` kept verbatim (CommonMark's seven kinds); the
        index after it, or None. A line that is only an inline tag starts a paragraph."""
        body = lines[i].rstrip(_LINE_ENDS)
        end = None
        for start, closing in _HTML_BLOCK_ENDS:
            m = start.match(body)
            if m:
                end = i
                pos = m.end()
                while end < len(lines):
                    found = closing.search(lines[end], pos)
                    end += 1
                    if found:
                        break
                    pos = 0
                break
        if end is None and (
            _HTML_BLOCK_6.match(body)
            or (_HTML_BLOCK_7.match(body) and not _INLINE_LINE_START.match(body))
        ):
            end = i
            while end < len(lines) and lines[end].strip():
                end += 1
        if end is None:
            return None
        for k in range(i, end):
            out.literal(lines[k])
        return end

    def _paragraph(self, lines: list[str], i: int, out: DocumentBuilder) -> int:
        start = i
        n = len(lines)
        i += 1
        while i < n:
            body = lines[i].rstrip("\r\n")
            if (
                _SETEXT.match(body)
                and i == start + 1
                or (_SETEXT.match(body) and body.strip()[0] == "=")
            ):
                # Setext heading: the text lines above the underline.
                chunk = "".join(lines[start:i])
                body_text, end = _split_line_end(chunk)
                self._inline_block(body_text, "heading", out, {"level": 1 if "=" in body else 2})
                out.literal(end + lines[i])
                return i + 1
            if not self._continues_paragraph(body):
                break
            i += 1
        chunk = "".join(lines[start:i])
        body_text, end = _split_line_end(chunk)
        self._inline_block(body_text, "paragraph", out)
        out.literal(end)
        return i

    def _prefixed(self, lines, i, pattern, kind, out: DocumentBuilder) -> int:
        """A block quote paragraph: every line carries the same ``>`` prefix."""
        first = pattern.match(lines[i])
        prefix = first.group(1)
        j = i
        contents: list[str] = []
        while j < len(lines):
            m = pattern.match(lines[j])
            if not m or m.group(1) != prefix:
                break
            body, end = _split_line_end(lines[j][len(prefix) :])
            if not body.strip() or _LIST.match(body) or _ATX.match(body) or _FENCE.match(body):
                if j == i:
                    # A nested structure or empty quote line: keep the line verbatim.
                    out.literal(lines[j])
                    return j + 1
                break
            contents.append(body + end)
            j += 1
        joined = "".join(contents)
        body, end = _split_line_end(joined)
        # Inner newlines carry the prefix again on export.
        out.literal(prefix)
        self._inline_block(body, kind, out, {"cont": prefix} if "\n" in body else None)
        out.literal(end)
        return j

    def _list_item(
        self, lines: list[str], i: int, marker: str, out: DocumentBuilder, kind: str = "list_item"
    ) -> int:
        indent = " " * len(marker)
        body, end = _split_line_end(lines[i][len(marker) :])
        parts = [body + end]
        j = i + 1
        while j < len(lines):
            nxt = lines[j]
            if not nxt.startswith(indent) or not nxt.strip():
                break
            inner = nxt[len(indent) :].rstrip("\r\n")
            if (
                _LIST.match(inner)
                or _FENCE.match(inner)
                or _ATX.match(inner)
                or _QUOTE.match(inner)
            ):
                break
            parts.append(nxt[len(indent) :])
            j += 1
        joined = "".join(parts)
        body, end = _split_line_end(joined)
        out.literal(marker)
        self._inline_block(body, kind, out, {"cont": indent} if "\n" in body else None)
        out.literal(end)
        return j

    def _table(self, lines: list[str], i: int, out: DocumentBuilder) -> int:
        header = True
        while i < len(lines):
            line = lines[i]
            body, end = _split_line_end(line)
            if not body.strip() or "|" not in body:
                break
            if _TABLE_SEP.match(body) and not header:
                out.literal(line)
                i += 1
                continue
            header = False
            self._table_row(body, out)
            out.literal(end)
            i += 1
        return i

    def _table_row(self, body: str, out: DocumentBuilder) -> None:
        if _TABLE_SEP.match(body):
            out.literal(body)
            return
        cells: list[tuple[int, int]] = []
        start = 0
        k = 0
        while k < len(body):
            after = skip_literal(body, k)
            if after != k:
                k = after
                continue
            if body[k] == "|":
                cells.append((start, k))
                start = k + 1
            k += 1
        cells.append((start, len(body)))
        for idx, (a, b) in enumerate(cells):
            if idx:
                out.literal("|")
            self._inline_block(body[a:b], "table_cell", out)

    def escape_translation(self, text: str) -> str:
        return _escape_markdown_translation(text)

    def escaper(self, block_meta: dict):
        """Text is Markdown; an attribute value of inline HTML is escaped as the HTML format
        escapes it, except the ``&lt;`` that :meth:`escape_translation` already wrote."""
        if "attr" not in block_meta:
            return self.escape
        escape_value = _HTML.escaper(block_meta)

        def escape(text: str) -> str:
            return "&lt;".join(escape_value(part) for part in text.split("&lt;"))

        return escape

    def continuation(self, block_meta: dict) -> str:
        return block_meta.get("cont", "")


class _Indented:
    """A container's view of the document builder: the parser writes the body without
    its indentation; every line gets its own prefix back, and blocks spanning lines
    carry the prefix in their continuation."""

    def __init__(self, out: DocumentBuilder, prefixes: list[str]):
        self.out = out
        self.prefixes = prefixes
        self.line = 0
        self.at_start = True
        self.consistent = True

    def _prefix(self) -> None:
        if self.at_start:
            if self.line < len(self.prefixes):
                self.out.literal(self.prefixes[self.line])
            self.at_start = False

    def literal(self, text: str) -> None:
        for piece in text.splitlines(keepends=True):
            self._prefix()
            self.out.literal(piece)
            if piece[-1] in _LINE_ENDS:
                self.line += 1
                self.at_start = True

    def nested(self, block: ParsedBlock) -> int:
        return self.out.nested(block)

    def block(self, block: ParsedBlock) -> None:
        self._prefix()
        spanned = unmask(block.text, block.codes).count("\n")
        if spanned:
            inner = set(self.prefixes[self.line + 1 : self.line + 1 + spanned])
            if len(inner) != 1:
                self.consistent = False
            else:
                block.meta["cont"] = inner.pop() + block.meta.get("cont", "")
            self.line += spanned
        self.out.block(block)


def _moved_block(sub: DocumentBuilder, index: int, out, kind: str | None) -> ParsedBlock:
    """Block ``index`` of a container's document, ready for the outer one: its nested
    attribute blocks are added there, and its paragraphs get the container's ``kind``."""
    block = sub.blocks[index]
    if kind is not None and block.kind == "paragraph":
        block.kind = kind
    nested = block.meta.get("nested")
    if nested:
        block.meta["nested"] = {
            code_id: [[start, end, out.nested(sub.blocks[inner])] for start, end, inner in places]
            for code_id, places in nested.items()
        }
    return block


def _source_of(doc: DocumentBuilder, fmt: Format) -> str:
    """The text a built document gives back with nothing translated."""
    out: list[str] = []
    for item in doc.skeleton:
        if isinstance(item, str):
            out.append(item)
            continue
        block = doc.blocks[item]
        cont = fmt.continuation(block.meta)
        text = block.text.replace("\n", "\n" + cont) if cont else block.text
        out.append(unmask(text, block.codes))
    return "".join(out)

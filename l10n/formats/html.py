"""HTML pages and fragments: text runs as blocks, inline markup as placeholders.

The page is never re-serialised: a small scanner cuts the raw text into tags, text,
comments and declarations with their offsets, so the skeleton keeps the original
bytes and a page exported with nothing translated is identical to its source.

- Blocks are the runs of text and inline markup between block-level tags:
  headings, paragraphs, list items, table cells, captions, definition lists, quotes,
  buttons, labels, the page title, and loose text in ``div``-like containers. The
  values of ``alt``, ``title``, ``placeholder`` and ``aria-label`` attributes (and
  ``<meta name="description" content>``) are blocks of their own.
- Inline markup (``<a href>``, ``<strong>``, ``<em>``, ``<b>``, ``<i>``, ``<span>``,
  ``<sup>``, ``<sub>``, ``<abbr>``, ...) becomes paired placeholders whose data is
  the original tag; ``<br>``, images without alt text and comments are standalone
  codes; ``<code>``, ``<kbd>``, ``<samp>`` and elements marked ``translate="no"``
  (or class ``notranslate``) inside a sentence are one standalone code each, so
  their content is never translated.
- ``<script>``, ``<style>``, ``<pre>``, ``<textarea>``, ``<template>``, ``<svg>``,
  ``<math>`` and ``translate="no"`` elements stay in the skeleton untouched.
- Block text is the unescaped text (translators see ``&``, not ``&amp;``). Every
  block records how the source spelled the characters it escaped (``&eacute;``,
  ``&rsquo;``, ``&#160;``) and :meth:`HtmlFormat.escape` spells translated text
  the same way, so untranslated text comes back byte for byte; a reference spelled
  two ways in one block becomes a standalone code. ``<`` and ``&`` in translated
  text are always escaped: a translation can never inject markup or script.
- :meth:`HtmlFormat.finalize` sets ``lang`` (and ``dir``) on ``<html>``, or on the
  top-level elements of a fragment. Inner elements marked in the source language
  (``lang="ar"`` on an Arabic page, or ``dir`` of the source's direction with no other
  language named) are translated content too: their ``lang``/``xml:lang`` become the
  target language and their ``dir`` the target's direction. Elements marked in another
  language (an English quote in an Arabic page) and untranslated content (``<pre>``,
  ``<code>``, ``translate="no"``...) keep theirs.

- Attributes of inline elements inside a sentence (``<a title>``, ``<abbr title>``,
  ``<span aria-label>``) are blocks of their own too, nested in the placeholder: the
  code's data keeps the source tag, and the block's ``meta["nested"]`` says where in
  that tag each attribute block goes (:func:`l10n.document.rebuild` puts the
  translated value there). Inline tags in a run without text (an icon link with a
  ``title``) give top-level attribute blocks.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from l10n.formats.base import DocumentBuilder, Format, ParsedBlock, ParsedDocument
from l10n.inline import CodeBuilder, strip_codes
from l10n.langs import is_rtl

VOID = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param "
    "source track wbr".split()
)
RAW_TEXT = frozenset("script style xmp iframe noembed noframes plaintext".split())
RCDATA = frozenset(("title", "textarea"))
INLINE = frozenset(
    "a abbr acronym b bdi bdo big br cite code data del dfn em font i img ins kbd mark nobr "
    "q s samp small span strike strong sub sup time tt u var wbr".split()
)
# Inline elements whose whole content is one opaque standalone code.
OPAQUE_INLINE = frozenset("code kbd samp script style svg math textarea select".split())
# Elements whose content is never translated (kept verbatim in the skeleton).
SKIPPED = frozenset("script style pre textarea template svg math xmp plaintext".split())
BLOCK_KINDS = {
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
    "h6": "heading", "p": "paragraph", "li": "list_item", "td": "table_cell",
    "th": "table_cell", "caption": "caption", "figcaption": "caption", "dt": "term",
    "dd": "definition", "blockquote": "quote", "title": "title", "button": "ui",
    "label": "ui", "legend": "ui", "summary": "ui", "option": "ui",
}  # fmt: skip
CODE_TYPES = {
    "a": "link", "em": "em", "i": "em", "strong": "strong", "b": "strong", "br": "br",
    "img": "image", "code": "code", "kbd": "code", "samp": "code",
}  # fmt: skip
META_CONTENT = frozenset(
    ("description", "og:title", "og:description", "twitter:title", "twitter:description")
)
# Tags that close an open <p> (HTML's "close a p element" rule).
CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section "
    "table ul li dd dt".split()
)
SCOPE = frozenset("html table td th caption template button object marquee applet".split())
SPACE = " \t\n\r\f"

_NAME = re.compile(r"[A-Za-z][^\s/>]*")
_REF = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{0,31};?)")
_LETTER = re.compile(r"[^\W\d_]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_UNQUOTED_ESCAPES = {
    **_TEXT_ESCAPES, '"': "&quot;", "'": "&#39;", "=": "&#61;", "`": "&#96;", " ": "&#32;",
    "\t": "&#9;", "\n": "&#10;", "\r": "&#13;", "\f": "&#12;",
}  # fmt: skip


@dataclass
class Attr:
    name: str  # lower-cased
    value: str | None  # raw (still escaped) value
    start: int  # offsets of the raw value in the document (-1 when no value)
    end: int
    quote: str  # '"', "'" or "" (unquoted)


@dataclass
class Token:
    kind: str  # text, raw, start, end, comment, decl
    start: int
    end: int
    name: str = ""
    attrs: list[Attr] = field(default_factory=list)
    self_closing: bool = False

    def attr(self, name: str) -> str | None:
        for a in self.attrs:
            if a.name == name:
                return html.unescape(a.value) if a.value is not None else ""
        return None


# -- scanner -------------------------------------------------------------------
_GAP = re.compile(r"[ \t\n\r\f/]*")
_ATTR = re.compile(
    r"([^ \t\n\r\f/>][^ \t\n\r\f/>=]*)"
    r"(?:[ \t\n\r\f]*=[ \t\n\r\f]*"
    r"(?:\"([^\"]*)\"|'([^']*)'|([^ \t\n\r\f>\"'][^ \t\n\r\f>]*)|([\"'])))?"
)
_RAW_END: dict[str, re.Pattern] = {}


def _scan_start_tag(text: str, pos: int) -> Token | None:
    m = _NAME.match(text, pos + 1)
    if m is None:
        return None
    name = m.group(0).lower()
    i = m.end()
    n = len(text)
    attrs: list[Attr] = []
    while True:
        gap = _GAP.match(text, i)
        assert gap is not None  # a starred class matches the empty string anywhere
        j = gap.end()
        if j >= n:
            return None  # a tag cut off by the end of the document is text
        if text[j] == ">":
            closing = j > i and text[j - 1] == "/"
            return Token("start", pos, j + 1, name, attrs, closing)
        a = _ATTR.match(text, j)
        # text[j] is past the gap and not '>', so it starts an attribute name
        assert a is not None
        if a.group(5) is not None:
            return None  # an unclosed quote runs to the end: not a tag
        attr_name = a.group(1).lower()
        if a.group(2) is not None:
            attrs.append(Attr(attr_name, a.group(2), a.start(2), a.end(2), '"'))
        elif a.group(3) is not None:
            attrs.append(Attr(attr_name, a.group(3), a.start(3), a.end(3), "'"))
        elif a.group(4) is not None:
            attrs.append(Attr(attr_name, a.group(4), a.start(4), a.end(4), ""))
        elif a.end() > a.end(1):  # name= followed directly by '>' or the end
            attrs.append(Attr(attr_name, "", a.end(), a.end(), ""))
        else:
            attrs.append(Attr(attr_name, None, -1, -1, ""))
        i = a.end()


def tokenize(text: str) -> list[Token]:
    """Cut raw HTML into tokens with their offsets; the tokens cover the text exactly."""
    tokens: list[Token] = []
    n = len(text)
    i = 0

    def add_text(start: int, end: int) -> None:
        if end <= start:
            return
        if tokens and tokens[-1].kind == "text" and tokens[-1].end == start:
            tokens[-1].end = end
        else:
            tokens.append(Token("text", start, end))

    while i < n:
        lt = text.find("<", i)
        if lt == -1:
            add_text(i, n)
            break
        add_text(i, lt)
        if text.startswith("<!--", lt):
            close = text.find("-->", lt + 4)
            end = n if close == -1 else close + 3
            tokens.append(Token("comment", lt, end))
            i = end
            continue
        if text.startswith("<![CDATA[", lt):
            close = text.find("]]>", lt)
            end = n if close == -1 else close + 3
            tokens.append(Token("decl", lt, end))
            i = end
            continue
        if text.startswith(("<!", "<?"), lt):
            close = text.find(">", lt)
            end = n if close == -1 else close + 1
            tokens.append(Token("decl", lt, end))
            i = end
            continue
        if text.startswith("</", lt):
            m = _NAME.match(text, lt + 2)
            if m is None:
                add_text(lt, lt + 1)
                i = lt + 1
                continue
            close = text.find(">", m.end())
            end = n if close == -1 else close + 1
            tokens.append(Token("end", lt, end, m.group(0).lower()))
            i = end
            continue
        tag = _scan_start_tag(text, lt)
        if tag is None:
            add_text(lt, lt + 1)
            i = lt + 1
            continue
        tokens.append(tag)
        i = tag.end
        if tag.name in RAW_TEXT or tag.name in RCDATA:
            if tag.name == "plaintext":
                closing = None
            else:
                pattern = _RAW_END.get(tag.name)
                if pattern is None:
                    pattern = re.compile(r"</" + re.escape(tag.name) + r"[\s/>]", re.I)
                    _RAW_END[tag.name] = pattern
                closing = pattern.search(text, i)
            stop = n if closing is None else closing.start()
            if stop > i:
                tokens.append(Token("raw" if tag.name in RAW_TEXT else "text", i, stop))
            i = stop
    return tokens


# -- element stack with HTML's implied end tags ------------------------------------
@dataclass
class Open:
    name: str
    skipped: bool = False
    inline: bool = False


class ElementStack:
    """The open elements, innermost last, with a count of open elements per name (and of
    open inline ones), so that "is a <p> open?" or "is this inline element open?" costs
    O(1) and a deeply nested page is scanned in linear time."""

    def __init__(self) -> None:
        self._items: list[Open] = []
        self._open: Counter[str] = Counter()
        self._inline: Counter[str] = Counter()

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: int) -> Open:
        return self._items[index]

    def __reversed__(self):
        return reversed(self._items)

    def append(self, item: Open) -> None:
        self._items.append(item)
        self._open[item.name] += 1
        if item.inline:
            self._inline[item.name] += 1

    def truncate(self, index: int) -> None:
        """Close every element from ``index`` (innermost ones included)."""
        for item in self._items[index:]:
            self._open[item.name] -= 1
            if item.inline:
                self._inline[item.name] -= 1
        del self._items[index:]

    def is_open(self, name: str) -> bool:
        return self._open[name] > 0

    def is_open_inline(self, name: str) -> bool:
        return self._inline[name] > 0


def _has_in_scope(
    stack: ElementStack, names: frozenset[str] | set[str], stop: frozenset[str]
) -> int:
    if not any(stack.is_open(name) for name in names):
        return -1
    for index in range(len(stack) - 1, -1, -1):
        if stack[index].name in names:
            return index
        if stack[index].name in stop:
            return -1
    return -1


def implied_closes(stack: ElementStack, name: str) -> int | None:
    """Index to pop the stack to before opening ``name`` (None: nothing closes)."""
    if name in CLOSES_P:
        index = _has_in_scope(stack, {"p"}, SCOPE)
        if index >= 0:
            return index
    if name == "li":
        index = _has_in_scope(stack, {"li"}, SCOPE | {"ul", "ol"})
        return index if index >= 0 else None
    if name in ("dt", "dd"):
        index = _has_in_scope(stack, {"dt", "dd"}, SCOPE | {"dl"})
        return index if index >= 0 else None
    if name in ("td", "th"):
        index = _has_in_scope(stack, {"td", "th"}, frozenset(("table", "tr")))
        return index if index >= 0 else None
    if name == "tr":
        index = _has_in_scope(stack, {"tr", "td", "th"}, frozenset(("table",)))
        return index if index >= 0 else None
    if name in ("option", "optgroup"):
        index = _has_in_scope(stack, {"option"}, frozenset(("select",)))
        return index if index >= 0 else None
    if name in ("h1", "h2", "h3", "h4", "h5", "h6") and stack and stack[-1].name in (
        "h1", "h2", "h3", "h4", "h5", "h6",
    ):  # fmt: skip
        return len(stack) - 1
    return None


def close_element(stack: ElementStack, name: str) -> bool:
    if not stack.is_open(name):  # a stray end tag: nothing to look for
        return False
    for index in range(len(stack) - 1, -1, -1):
        if stack[index].name == name:
            stack.truncate(index)
            return True
    return False


# -- entity spelling ---------------------------------------------------------------
def decode_units(raw: str) -> list[tuple[str, str]]:
    """``raw`` as (decoded, spelling) units: plain stretches and character references."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _REF.finditer(raw):
        decoded = html.unescape(m.group(0))
        if decoded == m.group(0):
            continue  # a bare '&' followed by text
        if m.start() > pos:
            out.append((raw[pos : m.start()], raw[pos : m.start()]))
        out.append((decoded, m.group(0)))
        pos = m.end()
    if pos < len(raw):
        out.append((raw[pos:], raw[pos:]))
    return out


def _is_plain(unit: tuple[str, str]) -> bool:
    return unit[0] == unit[1]


class Spelling:
    """Chooses, per block, one spelling for each character the source escaped."""

    def __init__(self, defaults: dict[str, str], unsafe_raw: set[str]):
        self.defaults = defaults
        self.unsafe_raw = unsafe_raw
        self.table: dict[str, str] = {}

    def plan(self, unit_lists: list[list[tuple[str, str]]]) -> None:
        interesting = set(self.defaults)
        for units in unit_lists:
            for decoded, spelling in units:
                if decoded != spelling and len(decoded) == 1:
                    interesting.add(decoded)
        counts: dict[str, dict[str, int]] = {}
        for units in unit_lists:
            for decoded, spelling in units:
                if decoded == spelling:
                    for ch in interesting:
                        found = decoded.count(ch)
                        if found:
                            tally = counts.setdefault(ch, {})
                            tally[ch] = tally.get(ch, 0) + found
                elif len(decoded) == 1:
                    tally = counts.setdefault(decoded, {})
                    tally[spelling] = tally.get(spelling, 0) + 1
        for ch, tally in counts.items():
            ranked = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
            for spelling, _count in ranked:
                if spelling == ch and ch in self.unsafe_raw:
                    continue
                if spelling != self.defaults.get(ch, ch):
                    self.table[ch] = spelling
                break

    def spelled(self, ch: str) -> str:
        return self.table.get(ch) or self.defaults.get(ch, ch)

    def mask(self, units: list[tuple[str, str]], codes: CodeBuilder) -> str:
        """Decoded text; units whose spelling the escape would not reproduce become codes."""
        out: list[str] = []
        coded = self._coded_raw()
        for decoded, spelling in units:
            if decoded == spelling and (coded is None or not coded.search(decoded)):
                out.append(codes.text(decoded))
            elif decoded == spelling:
                start = 0
                for i, ch in enumerate(decoded):
                    if self.spelled(ch) != ch:
                        out.append(codes.text(decoded[start:i]))
                        out.append(codes.standalone(ch, "entity"))
                        start = i + 1
                out.append(codes.text(decoded[start:]))
            elif len(decoded) == 1 and self.spelled(decoded) == spelling:
                out.append(codes.text(decoded))
            else:
                out.append(codes.standalone(spelling, "entity"))
        return "".join(out)

    def _coded_raw(self) -> re.Pattern | None:
        """Characters that, written as they are, the escape would not reproduce."""
        chars = {ch for ch in set(self.defaults) | set(self.table) if self.spelled(ch) != ch}
        return re.compile("[" + re.escape("".join(sorted(chars))) + "]") if chars else None

    def meta(self) -> dict:
        return {"esc": dict(sorted(self.table.items()))} if self.table else {}


def has_letters(text: str) -> bool:
    return _LETTER.search(text) is not None


# -- the format --------------------------------------------------------------------
@dataclass
class _Item:
    """One piece of a text run: text, an inline tag, or an opaque span."""

    kind: str  # text, start, end, void, opaque
    start: int
    end: int
    token: Token


class HtmlFormat(Format):
    name = "html"
    extensions = (".html", ".htm", ".xhtml")
    description = "HTML page or fragment (inline markup as placeholders; exact reassembly)"

    # -- export hooks ---------------------------------------------------------------
    def escaper(self, block_meta: dict):
        """Escape a block's text the way its source spelled its characters (``&eacute;``,
        ``&rsquo;``, ``&nbsp;``), so untranslated text comes back byte for byte; ``<`` and
        ``&`` in translations are always escaped."""
        table = block_meta.get("esc", {})
        quote = block_meta.get("quote")
        if quote is None:
            defaults = _TEXT_ESCAPES
        elif quote == '"':
            defaults = {**_TEXT_ESCAPES, '"': "&quot;"}
        elif quote == "'":
            defaults = {**_TEXT_ESCAPES, "'": "&#39;"}
        else:
            defaults = _UNQUOTED_ESCAPES

        def escape(text: str) -> str:
            if not any(ch in table or ch in defaults for ch in text):
                return text
            return "".join(table.get(ch) or defaults.get(ch, ch) for ch in text)

        return escape

    def escape(self, text: str) -> str:
        return self.escaper({})(text)

    def finalize(self, text: str, lang: str, source_lang: str, meta: dict) -> str:
        return set_language(text, lang, source_lang)

    # -- parsing ------------------------------------------------------------------
    def parse(self, text: str) -> ParsedDocument:
        return _Parser(text).run()


def attribute_block(a: Attr) -> ParsedBlock:
    """The block of a translatable attribute's value: its text with character references
    decoded (and spelled back the same way on export) and its quoting in the meta."""
    units = decode_units(a.value or "")
    if a.quote == '"':
        defaults = {**_TEXT_ESCAPES, '"': "&quot;"}
    elif a.quote == "'":
        defaults = {**_TEXT_ESCAPES, "'": "&#39;"}
    else:
        defaults = _UNQUOTED_ESCAPES
    spelling = Spelling(defaults, {"<", a.quote} if a.quote else set(defaults))
    spelling.plan([units])
    codes = CodeBuilder()
    masked = spelling.mask(units, codes)
    meta = {"attr": a.name, "quote": a.quote, **spelling.meta()}
    return ParsedBlock("attribute", masked, codes.codes, meta)


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.out = DocumentBuilder()
        self.stack = ElementStack()
        self.run_items: list[_Item] = []
        self.title: str | None = None
        self.skip_at: int | None = None  # stack index of the outermost skipped element

    # helpers
    def skipping(self) -> bool:
        if self.skip_at is not None and len(self.stack) <= self.skip_at:
            self.skip_at = None
        return self.skip_at is not None

    def kind(self) -> str:
        for o in reversed(self.stack):
            if o.name in BLOCK_KINDS:
                return BLOCK_KINDS[o.name]
        return "text"

    def level(self) -> dict:
        for o in reversed(self.stack):
            if o.name in BLOCK_KINDS:
                if o.name[0] == "h" and o.name[1:].isdigit():
                    return {"level": int(o.name[1:])}
                return {}
        return {}

    @staticmethod
    def excluded(tok: Token) -> bool:
        translate = tok.attr("translate")
        if translate is not None and translate.strip().lower() == "no":
            return True
        classes = (tok.attr("class") or "").split()
        return "notranslate" in classes

    def run(self) -> ParsedDocument:
        tokens = self.tokens
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if self.skipping():
                self.literal(tok)
                if tok.kind == "start" and tok.name not in VOID and not tok.self_closing:
                    self.stack.append(Open(tok.name))
                elif tok.kind == "end":
                    close_element(self.stack, tok.name)
                i += 1
                continue
            if tok.kind == "text":
                self.run_items.append(_Item("text", tok.start, tok.end, tok))
            elif tok.kind == "raw":
                self.literal(tok)
            elif tok.kind == "comment":
                if self.run_has_content():
                    self.run_items.append(_Item("opaque", tok.start, tok.end, tok))
                else:
                    self.flush()
                    self.literal(tok)
            elif tok.kind == "decl":
                self.flush()
                self.literal(tok)
            elif tok.kind == "start":
                i = self.start_tag(i, tok)
                continue
            elif tok.kind == "end":
                self.end_tag(tok)
            i += 1
        self.flush()
        return self.out.build(title=self.title)

    def start_tag(self, i: int, tok: Token) -> int:
        name = tok.name
        inline = name in INLINE and not (name == "img" and has_letters(tok.attr("alt") or ""))
        if inline and not self.stack.is_open("head"):
            if name in OPAQUE_INLINE or self.excluded(tok):
                end = self.element_end(i)
                last = self.tokens[end - 1]
                self.run_items.append(_Item("opaque", tok.start, last.end, tok))
                return end
            if name in VOID or tok.self_closing:
                self.run_items.append(_Item("void", tok.start, tok.end, tok))
            else:
                self.run_items.append(_Item("start", tok.start, tok.end, tok))
                self.stack.append(Open(name, inline=True))
            return i + 1
        self.flush()
        cut = implied_closes(self.stack, name)
        if cut is not None:
            self.stack.truncate(cut)
        skipped = name in SKIPPED or self.excluded(tok)
        if skipped:
            self.literal(tok)
        else:
            self.tag_with_attribute_blocks(tok)
        if name not in VOID and not tok.self_closing:
            if skipped and self.skip_at is None:
                self.skip_at = len(self.stack)
            self.stack.append(Open(name, skipped=skipped))
        return i + 1

    def end_tag(self, tok: Token) -> None:
        name = tok.name
        open_inline = self.stack.is_open_inline(name)
        if name in INLINE and (open_inline or self.run_items):
            self.run_items.append(_Item("end", tok.start, tok.end, tok))
            if open_inline:
                close_element(self.stack, name)
            return
        self.flush()
        self.literal(tok)
        close_element(self.stack, name)

    def element_end(self, i: int) -> int:
        """Index just after the end tag matching the start tag at ``i``."""
        tok = self.tokens[i]
        if tok.name in VOID or tok.self_closing:
            return i + 1
        depth = 0
        for j in range(i, len(self.tokens)):
            t = self.tokens[j]
            if t.kind == "start" and t.name == tok.name and not t.self_closing:
                depth += 1
            elif t.kind == "end" and t.name == tok.name:
                depth -= 1
                if depth == 0:
                    return j + 1
        return i + 1  # unclosed: only the start tag is opaque

    def literal(self, tok: Token) -> None:
        self.out.literal(self.text[tok.start : tok.end])

    def run_has_content(self) -> bool:
        return any(
            item.kind != "text" or self.text[item.start : item.end].strip(SPACE)
            for item in self.run_items
        )

    # attribute blocks
    def translatable_attrs(self, tok: Token) -> list[Attr]:
        out = []
        for a in tok.attrs:
            if a.value is None or not has_letters(html.unescape(a.value)):
                continue
            if a.name in ("title", "placeholder", "aria-label"):
                out.append(a)
            elif a.name == "alt" and tok.name in ("img", "area", "input"):
                out.append(a)
            elif (
                a.name == "value"
                and tok.name == "input"
                and (tok.attr("type") or "").lower() in ("submit", "button", "reset")
            ):
                out.append(a)
            elif a.name == "content" and tok.name == "meta":
                key = (tok.attr("name") or tok.attr("property") or "").strip().lower()
                if key in META_CONTENT:
                    out.append(a)
        return out

    def tag_with_attribute_blocks(self, tok: Token) -> None:
        attrs = self.translatable_attrs(tok)
        if not attrs:
            self.literal(tok)
            return
        pos = tok.start
        for a in attrs:
            self.out.literal(self.text[pos : a.start])
            self.out.block(attribute_block(a))
            pos = a.end
        self.out.literal(self.text[pos : tok.end])

    def nested_attribute_blocks(self, tok: Token | None) -> list[list[int]]:
        """Blocks for the translatable attributes of an inline tag inside a sentence:
        ``[value start, value end, block index]`` per attribute, offsets into the tag."""
        if tok is None or tok.kind != "start":
            return []
        return [
            [a.start - tok.start, a.end - tok.start, self.out.nested(attribute_block(a))]
            for a in self.translatable_attrs(tok)
        ]

    # text runs
    def flush(self) -> None:
        items = self.run_items
        self.run_items = []
        if not items:
            return
        text = self.text
        start, end = items[0].start, items[-1].end
        # Outer whitespace and markup wrapping the whole run stay in the skeleton.
        lo, hi = start, end
        first, last = 0, len(items)
        while True:
            while first < last and items[first].kind == "text":
                chunk = text[max(items[first].start, lo) : items[first].end]
                stripped = chunk.lstrip(SPACE)
                if stripped:
                    lo = items[first].end - len(stripped)
                    break
                lo = items[first].end
                first += 1
            while first < last and items[last - 1].kind == "text":
                it = items[last - 1]
                chunk = text[it.start : min(it.end, hi)]
                stripped = chunk.rstrip(SPACE)
                if stripped:
                    hi = it.start + len(stripped)
                    break
                hi = it.start
                last -= 1
            # A line break or an icon without text at either end is layout, not part
            # of the sentence: it stays in the skeleton.
            if first < last and self._bare_void(items[first]):
                lo = items[first].end
                first += 1
                continue
            if first < last and self._bare_void(items[last - 1]):
                hi = items[last - 1].start
                last -= 1
                continue
            if (
                last - first >= 2
                and items[first].kind == "start"
                and items[last - 1].kind == "end"
                and self._pairs(items, first, last).get(first) == last - 1
            ):
                lo, hi = items[first].end, items[last - 1].start
                first += 1
                last -= 1
                continue
            break
        body = [
            _Item(it.kind, max(it.start, lo), min(it.end, hi), it.token) for it in items[first:last]
        ]
        if not any(
            it.kind == "text" and has_letters(html.unescape(text[it.start : it.end])) for it in body
        ):
            # No sentence, but an icon link's title is still read out to users.
            pos = start
            for it in items:
                tok = it.token
                if it.kind in ("start", "void") and tok.kind == "start":
                    self.out.literal(text[pos : tok.start])
                    self.tag_with_attribute_blocks(tok)  # the tag as it stands if none
                    pos = tok.end
            self.out.literal(text[pos:end])
            return
        self.out.literal(text[start:lo])
        self._block(body, self.kind(), self.level())
        self.out.literal(text[hi:end])

    def _bare_void(self, item: _Item) -> bool:
        return item.kind == "void" and not self.translatable_attrs(item.token)

    @staticmethod
    def _pairs(items: list[_Item], first: int, last: int) -> dict[int, int]:
        pairs: dict[int, int] = {}
        open_: list[int] = []
        for index in range(first, last):
            it = items[index]
            if it.kind == "start":
                open_.append(index)
            elif it.kind == "end":
                for k in range(len(open_) - 1, -1, -1):
                    if items[open_[k]].token.name == it.token.name:
                        pairs[open_[k]] = index
                        del open_[k:]
                        break
        return pairs

    def _block(self, body: list[_Item], kind: str, meta: dict) -> None:
        text = self.text
        pairs = self._pairs(body, 0, len(body))
        closing = {v: k for k, v in pairs.items()}
        unit_lists = {
            index: decode_units(text[it.start : it.end])
            for index, it in enumerate(body)
            if it.kind == "text"
        }
        spelling = Spelling(_TEXT_ESCAPES, {"<"})
        spelling.plan(list(unit_lists.values()))
        codes = CodeBuilder()
        close_tokens: dict[int, str] = {}
        nested: dict[str, list[list[int]]] = {}
        out: list[str] = []
        for index, it in enumerate(body):
            if it.kind in ("start", "void"):
                places = self.nested_attribute_blocks(it.token)
                if places:
                    nested[str(codes.next_id)] = places
            raw = text[it.start : it.end]
            if it.kind == "text":
                out.append(spelling.mask(unit_lists[index], codes))
            elif it.kind == "start" and index in pairs:
                tok = it.token
                attrs = {}
                for key in ("href", "title", "lang", "class"):
                    value = tok.attr(key)
                    if value is not None:
                        attrs[key] = value
                end_raw = text[body[pairs[index]].start : body[pairs[index]].end]
                o, c = codes.pair(raw, end_raw, CODE_TYPES.get(tok.name, "tag"), **attrs)
                close_tokens[pairs[index]] = c
                out.append(o)
            elif it.kind == "end" and index in closing:
                out.append(close_tokens[index])
            elif it.kind == "opaque" and it.token.kind == "comment":
                out.append(codes.standalone(raw, "comment"))
            else:
                tok = it.token
                attrs = {}
                if tok is not None and tok.kind == "start":
                    for key in ("src", "alt", "href"):
                        value = tok.attr(key)
                        if value is not None:
                            attrs[key] = value
                code_type = CODE_TYPES.get(tok.name, "tag") if tok is not None else "tag"
                out.append(codes.standalone(raw, code_type, **attrs))
        masked = "".join(out)
        if kind == "title" and self.title is None:
            self.title = strip_codes(masked).strip()[:200] or None
        meta = {**meta, **spelling.meta()}
        if nested:
            meta["nested"] = nested
        self.out.block(ParsedBlock(kind, masked, codes.codes, meta))


# -- finalize: language and direction -------------------------------------------------
def _set_attr(tag: str, tok: Token, name: str, value: str) -> str:
    """``tag`` (the raw start tag at ``tok``) with attribute ``name`` set to ``value``."""
    for a in tok.attrs:
        if a.name == name:
            if a.value is None:
                # <x lang> → <x lang="xx">: insert the value after the bare name.
                return tag  # rare; leave untouched
            rel_start, rel_end = a.start - tok.start, a.end - tok.start
            quoted = value if a.quote else f'"{value}"'
            if not a.quote:
                return tag[:rel_start] + quoted + tag[rel_end:]
            return tag[:rel_start] + value + tag[rel_end:]
    cut = len(tag) - 2 if tag.endswith("/>") else len(tag) - 1
    while cut > 0 and tag[cut - 1] in SPACE:
        cut -= 1
    return f'{tag[:cut]} {name}="{value}"{tag[cut:]}'


def _retarget(tag: str, tok: Token, lang: str) -> str:
    new = tag
    new = _set_attr(new, _rescan(new), "lang", lang)
    if _rescan(new).attr("xml:lang") is not None:
        new = _set_attr(new, _rescan(new), "xml:lang", lang)
    current_dir = (_rescan(new).attr("dir") or "").strip().lower()
    if is_rtl(lang):
        new = _set_attr(new, _rescan(new), "dir", "rtl")
    elif current_dir == "rtl":
        new = _set_attr(new, _rescan(new), "dir", "ltr")
    return new


def _rescan(tag: str) -> Token:
    tok = _scan_start_tag(tag, 0)
    assert tok is not None
    return tok


def _primary(code: str) -> str:
    return code.strip().replace("_", "-").split("-")[0].lower()


def _retarget_inner(tag: str, tok: Token, lang: str, source_lang: str) -> str | None:
    """An inner start tag's ``lang``/``xml:lang``/``dir`` moved from the source language to
    ``lang`` (None: nothing to change). Another language's marks are left alone."""
    marks = [tok.attr(name) for name in ("lang", "xml:lang")]
    declared = [m for m in marks if m is not None and m.strip()]
    if any(_primary(m) != _primary(source_lang) for m in declared):
        return None  # content in a third language (a quote, a name) stays as marked
    direction = (tok.attr("dir") or "").strip().lower()
    source_dir = "rtl" if is_rtl(source_lang) else "ltr"
    target_dir = "rtl" if is_rtl(lang) else "ltr"
    new = tag
    for name in ("lang", "xml:lang"):
        value = _rescan(new).attr(name)
        if value is not None and value.strip():
            new = _set_attr(new, _rescan(new), name, lang)
    if direction == source_dir and target_dir != source_dir:
        new = _set_attr(new, _rescan(new), "dir", target_dir)
    return new if new != tag else None


def _inner_edits(tokens: list[Token], text: str, lang: str, source_lang: str, skip: set[int]):
    """(start, token, new tag) for inner elements marked in the source language, outside
    the content that stays untranslated."""
    stack = ElementStack()
    frozen_at: int | None = None  # stack index of the outermost untranslated element
    for t in tokens:
        if frozen_at is not None and len(stack) <= frozen_at:
            frozen_at = None
        if t.kind == "end":
            close_element(stack, t.name)
            continue
        if t.kind != "start":
            continue
        if frozen_at is None:
            cut = implied_closes(stack, t.name)
            if cut is not None:
                stack.truncate(cut)
        frozen = frozen_at is not None or (
            t.name in SKIPPED or t.name in OPAQUE_INLINE or _Parser.excluded(t)
        )
        if not frozen and t.start not in skip and t.name != "html":
            new = _retarget_inner(text[t.start : t.end], t, lang, source_lang)
            if new is not None:
                yield t.start, t, new
        if t.name not in VOID and not t.self_closing:
            if frozen and frozen_at is None:
                frozen_at = len(stack)
            stack.append(Open(t.name))


def set_language(text: str, lang: str, source_lang: str | None = None) -> str:
    """Set ``lang`` (and ``dir`` for right-to-left languages) on ``<html>``, or on the
    top-level elements of a fragment; with ``source_lang``, inner elements marked in the
    source language follow (see the module docstring); a declared non-UTF-8 charset
    (``<meta>`` or the XML declaration) becomes UTF-8."""
    tokens = tokenize(text)
    targets: list[Token] = [t for t in tokens if t.kind == "start" and t.name == "html"][:1]
    if not targets:
        stack = ElementStack()
        for t in tokens:
            if t.kind == "start":
                if not stack and t.name not in VOID and not t.self_closing and t.name != "body":
                    targets.append(t)
                cut = implied_closes(stack, t.name)
                if cut is not None:
                    stack.truncate(cut)
                if t.name not in VOID and not t.self_closing:
                    stack.append(Open(t.name))
            elif t.kind == "end":
                close_element(stack, t.name)
        body = [t for t in tokens if t.kind == "start" and t.name == "body"][:1]
        if body and not targets:
            targets = body
    edits = {t.start: (t, _retarget(text[t.start : t.end], t, lang)) for t in targets}
    if source_lang:
        for start, t, new in _inner_edits(tokens, text, lang, source_lang, set(edits)):
            edits[start] = (t, new)
    # Exports are UTF-8: a page that declared another charset now says so.
    for t in tokens:
        if t.kind == "decl" and t.start == _prolog_start(text):
            fixed = _utf8_prolog(text[t.start : t.end])
            if fixed is not None:
                edits[t.start] = (t, fixed)
        if t.kind == "start" and t.name == "meta":
            tag = edits[t.start][1] if t.start in edits else text[t.start : t.end]
            fixed = _utf8_meta(tag, _rescan(tag))
            if fixed is not None:
                edits[t.start] = (t, fixed)
    if not edits:
        return text
    out: list[str] = []
    pos = 0
    for start in sorted(edits):
        t, new = edits[start]
        out.append(text[pos : t.start])
        out.append(new)
        pos = t.end
    out.append(text[pos:])
    return "".join(out)


_CHARSET = re.compile(r"(charset\s*=\s*)([^\s;\"']+)", re.I)
_PROLOG_ENCODING = re.compile(r"""(\sencoding\s*=\s*)(["'])([^"']*)\2""")


def _prolog_start(text: str) -> int:
    """Offset of an XML declaration that opens the document (after a BOM), or -1."""
    start = 1 if text.startswith("\ufeff") else 0
    return start if text.startswith("<?xml", start) else -1


def _utf8_prolog(decl: str) -> str | None:
    """``<?xml ... encoding="ISO-8859-1"?>`` with the encoding made UTF-8, or None. XML
    readers (XHTML served as XML, Okapi, lxml) trust this over any ``<meta>``."""
    m = _PROLOG_ENCODING.search(decl)
    if m is None or m.group(3).strip().lower() in ("utf-8", "utf8"):
        return None
    return decl[: m.start(3)] + "UTF-8" + decl[m.end(3) :]


def _utf8_meta(tag: str, tok: Token) -> str | None:
    """``<meta charset>`` / ``http-equiv`` Content-Type rewritten to UTF-8, or None."""
    charset = tok.attr("charset")
    if charset is not None and charset.strip().lower() not in ("utf-8", "utf8"):
        return _set_attr(tag, tok, "charset", "utf-8")
    if (tok.attr("http-equiv") or "").strip().lower() == "content-type":
        content = tok.attr("content") or ""
        m = _CHARSET.search(content)
        if m and m.group(2).lower() not in ("utf-8", "utf8"):
            new = content[: m.start(2)] + "utf-8" + content[m.end(2) :]
            return _set_attr(tag, tok, "content", html.escape(new, quote=True))
    return None

"""Markdown inline markup as placeholders: code spans, links, images, emphasis, inline HTML
(start and end tags paired, translatable attributes as nested blocks), autolinks, footnote
references, character references, emoji shortcodes and template tags. ``mask_inline``
turns one block's text into masked text and codes (see ``l10n.formats.markdown``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from l10n.formats.base import ParsedBlock
from l10n.formats.html import CODE_TYPES, VOID, Token, attribute_block, tokenize
from l10n.formats.txt import has_letters
from l10n.inline import CodeBuilder

# Inline patterns, tried in order at each position.
CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_IMAGE = re.compile(r"!\[(?:[^\[\]]|\[[^\]]*\])*\](?:\([^)\s]*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])")
_LINK_START = re.compile(r"\[(?!\^)")
_FOOTNOTE = re.compile(r"\[\^[^\]]+\]")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?/?>|<!--.*?-->", re.S)
_EMPH = [
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S), "strong"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~", re.S), "del"),
    (re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*", re.S), "em"),
    (re.compile(r"(?<![A-Za-z0-9])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![A-Za-z0-9])", re.S), "em"),
]
# Static-site template tags: Hugo shortcodes ({{< figure >}}, {{% note %}}), Go and
# Liquid expressions ({{ .Title }}, {{ page.date }}) and Liquid tags ({% include %}).
# Heading ids and attribute lists (Pandoc, kramdown, Hugo): {#contacts}, {: .button}.
_TEMPLATE = re.compile(r"\{\{[<%].*?[>%]\}\}|\{\{.*?\}\}|\{%.*?%\}|\{[:#.][^{}\n]*\}", re.S)
# Emoji and icon shortcodes (GitHub, pymdownx.emoji): :smile:, :octicons-heart-24:.
_EMOJI = re.compile(r"(?<![\w:/]):(?=[a-z0-9_+-]*[a-z])[a-z0-9][a-z0-9_+-]*:(?![\w/])")
# Character references (&nbsp; &#160; &eacute;): only those HTML knows are markup.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
# Inline elements whose whole content is one standalone code, as in the HTML format
# (<kbd> is not among them: key names are translated, Ctrl is Strg in German).
_OPAQUE_INLINE = frozenset("code samp script style svg math textarea select".split())
# Where a sentence may end inside an element: a paired code there would be cut in two
# segments, so its tags stay standalone codes. Closing punctuation may follow the stop.
_MAY_BREAK = re.compile(r"[.!?…‼⁇؟][*_~\])}\"'»”’]*\s|[。！？](?=[\s\S])")
_ESCAPED = re.compile(r"\\[\\`*_{}\[\]()#+\-.!|<>~]")
# Characters where inline markup may start; the scanner skips the text between them.
_MARKUP_START = re.compile(r"[\\`{<!\[:&*_~]")
# Markup kept whole as one standalone code, tried in order at its first character.
_STANDALONE = (
    ("`", CODE_SPAN, "code"),
    ("{", _TEMPLATE, "template"),
    ("<", _AUTOLINK, "link"),
    ("<", _HTML_TAG, "html"),
    ("!", _IMAGE, "image"),
    ("[", _FOOTNOTE, "footnote"),
    (":", _EMOJI, "emoji"),
    ("&", _ENTITY, "entity"),
)


def skip_literal(text: str, i: int) -> int:
    """The index after the backslash escape or code span at ``i`` (``i`` when there is
    none): markup characters inside them are text."""
    if text[i] == "\\":
        return i + 2
    if text[i] == "`":
        m = CODE_SPAN.match(text, i)
        if m:
            return m.end()
    return i


def _match_brackets(text: str, start: int) -> int | None:
    """Index just after the ``]`` matching the ``[`` at ``start``."""
    depth = 0
    i = start
    while i < len(text):
        after = skip_literal(text, i)
        if after != i:
            i = after
            continue
        ch = text[i]
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def _link_tail(text: str, pos: int) -> int | None:
    """End of ``(url "title")`` or ``[ref]`` right after a link's text, or None."""
    if pos < len(text) and text[pos] == "(":
        depth = 0
        i = pos
        while i < len(text):
            if text[i] == "\\":
                i += 2
                continue
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            elif text[i] == "\n" and depth:
                pass
            i += 1
        return None
    if pos < len(text) and text[pos] == "[":
        end = text.find("]", pos)
        return end + 1 if end != -1 else None
    return None


@dataclass
class _Piece:
    """One piece of inline markup at one nesting level of :func:`mask_inline`."""

    kind: str  # text, code (standalone), span (link or emphasis around inner text), tag (HTML)
    start: int
    end: int
    data: str = ""  # the markup (span: its opening marker)
    close: str = ""  # span: its closing markup
    type: str = "code"
    attrs: dict[str, str] = field(default_factory=dict)
    inner: tuple[int, int] = (0, 0)  # span: offsets of the text between its markers
    tag: Token | None = None  # tag: the scanned start tag (None for end tags and comments)
    name: str = ""  # tag: element name, lower-cased
    role: str = ""  # tag: open, close or void (void also for comments and unscannable tags)


def _html_piece(hit: re.Match) -> _Piece:
    raw = hit.group(0)
    piece = _Piece("tag", hit.start(), hit.end(), raw, type="html", role="void")
    if raw.startswith("<!--"):
        return piece
    name = _TAG_NAME.match(raw, 2 if raw.startswith("</") else 1)
    piece.name = name.group(0).lower() if name else ""
    if raw.startswith("</"):
        piece.role = "close"
        return piece
    tokens = tokenize(raw)
    tag = tokens[0] if tokens and tokens[0].kind == "start" else None
    if tag is not None and tag.end == len(raw):
        piece.tag = tag
        if tag.name not in VOID and not tag.self_closing:
            piece.role = "open"
    return piece


def _scan_inline(text: str) -> list[_Piece]:
    """The pieces of ``text`` at one level: links and emphasis keep their inner text
    for a level of their own, so HTML tags pair only with tags of the same level."""
    pieces: list[_Piece] = []
    plain_start = 0
    i = 0
    n = len(text)

    def flush(upto: int) -> None:
        if upto > plain_start:
            pieces.append(_Piece("text", plain_start, upto))

    while i < n:
        candidate = _MARKUP_START.search(text, i)
        if candidate is None:
            break
        i = candidate.start()
        ch = text[i]
        m = None
        if ch == "\\" and _ESCAPED.match(text, i):
            i += 2
            continue
        found = next(
            ((hit, kind) for first, pattern, kind in _STANDALONE
             if ch == first and (hit := pattern.match(text, i))
             and (kind != "entity" or html.unescape(hit.group(0)) != hit.group(0))),
            None,
        )  # fmt: skip
        if found:
            hit, kind = found
            flush(i)
            if kind == "html":
                pieces.append(_html_piece(hit))
            else:
                pieces.append(_Piece("code", hit.start(), hit.end(), hit.group(0), type=kind))
            i = plain_start = hit.end()
            continue
        if ch == "[":
            close = _match_brackets(text, i)
            if close is not None:
                tail = _link_tail(text, close)
                if tail is not None:
                    flush(i)
                    target = text[close:tail]
                    href = (
                        target[1:-1].split()[0]
                        if target.startswith("(") and len(target) > 2
                        else target
                    )
                    link = _Piece("span", i, tail, "[", "]" + target, "link", {"href": href})
                    link.inner = (i + 1, close - 1)
                    pieces.append(link)
                    i = plain_start = tail
                    continue
        if ch in "*_~":
            for pattern, kind in _EMPH:
                m = pattern.match(text, i)
                if m:
                    last = m.lastindex or 0  # the inner text is the pattern's last group
                    marker = text[i : m.start(last)]
                    flush(i)
                    emphasis = _Piece("span", i, m.end(), marker, marker, kind)
                    emphasis.inner = m.span(last)
                    pieces.append(emphasis)
                    i = plain_start = m.end()
                    break
            if m:
                continue
        i += 1
    flush(n)
    return pieces


def _pair_tags(pieces: list[_Piece]) -> dict[int, int]:
    """Index of each opening tag -> index of its closing tag; a closing tag closes the
    innermost open element of its name, and the elements opened inside it and left
    open stay unpaired (as HTML closes them)."""
    pairs: dict[int, int] = {}
    open_: list[int] = []
    for index, piece in enumerate(pieces):
        if piece.kind != "tag":
            continue
        if piece.role == "open":
            open_.append(index)
        elif piece.role == "close":
            for depth in range(len(open_) - 1, -1, -1):
                if pieces[open_[depth]].name == piece.name:
                    pairs[open_[depth]] = index
                    del open_[depth:]
                    break
    return pairs


def _opaque(tag: Token) -> bool:
    """Elements whose content is never translated (as in the HTML format)."""
    return (
        tag.name in _OPAQUE_INLINE
        or (tag.attr("translate") or "").strip().lower() == "no"
        or "notranslate" in (tag.attr("class") or "").split()
    )


def _attribute_blocks(tag: Token) -> list[tuple[int, int, ParsedBlock]]:
    """Blocks for the translatable attributes of a tag (``title``, ``aria-label``,
    ``placeholder``, an image's ``alt``), as the HTML format makes them:
    ``(value start, value end, block)`` with offsets into the tag."""
    out = []
    for a in tag.attrs:
        if a.value is None:
            continue
        value = html.unescape(a.value)
        # "&lt;" in a value would read as the escape of a translated "<" on export.
        if not has_letters(value) or "&lt;" in value:
            continue
        if a.name in ("title", "aria-label", "placeholder") or (
            a.name == "alt" and tag.name in ("img", "area", "input")
        ):
            out.append((a.start - tag.start, a.end - tag.start, attribute_block(a)))
    return out


def mask_inline(text: str, codes: CodeBuilder, nested: dict[str, list] | None = None) -> str:
    """Mask Markdown inline markup in ``text`` as placeholders (recursive).

    An HTML start tag and its end tag at the same level become one paired code, unless
    the text between them may hold a sentence break (the pair would be cut in two
    segments) or the element is not translated (``<code>``, ``translate="no"``: one
    standalone code). ``nested`` collects, by code id, the attribute blocks of tags."""
    pieces = _scan_inline(text)
    pairs = _pair_tags(pieces)
    close_tokens: dict[int, str] = {}
    out: list[str] = []
    k = 0
    while k < len(pieces):
        piece = pieces[k]
        if piece.kind == "text":
            out.append(codes.text(text[piece.start : piece.end]))
        elif piece.kind == "code":
            out.append(codes.standalone(piece.data, piece.type))
        elif piece.kind == "span":
            o, c = codes.pair(piece.data, piece.close, piece.type, **piece.attrs)
            inner = text[piece.inner[0] : piece.inner[1]]
            out.append(o + mask_inline(inner, codes, nested) + c)
        elif k in close_tokens:
            out.append(close_tokens.pop(k))
        else:
            tag = piece.tag
            end = pieces[pairs[k]] if k in pairs else None
            if tag is not None and end is not None and _opaque(tag):
                out.append(codes.standalone(text[piece.start : end.end], "code"))
                k = pairs[k] + 1
                continue
            if tag is not None and nested is not None and not _opaque(tag):
                places = _attribute_blocks(tag)
                if places:
                    nested[str(codes.next_id)] = places
            if (
                tag is not None
                and end is not None
                and not _MAY_BREAK.search(text, piece.end, end.start)
            ):
                attrs = {}
                for key in ("href", "title", "lang", "class"):
                    value = tag.attr(key)
                    if value is not None:
                        attrs[key] = value
                code_type = CODE_TYPES.get(tag.name, "tag")
                o, close_tokens[pairs[k]] = codes.pair(piece.data, end.data, code_type, **attrs)
                out.append(o)
            else:
                out.append(codes.standalone(piece.data, "html"))
        k += 1
    return "".join(out)

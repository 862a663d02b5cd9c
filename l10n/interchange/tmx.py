"""TMX (Translation Memory eXchange) 1.4b: reading, writing, and the ``tmx`` exporter.

Reading accepts TMX 1.1 to 1.4b: ``xml:lang`` (or ``lang`` in 1.1) on ``<tuv>``, the
header's ``srclang`` (``*all*`` means the caller names the source language), a ``srclang``
on a ``<tu>``, several target languages per unit, and inline codes ``<bpt>``/``<ept>``
(paired through ``i``), ``<ph>``, ``<it>``, ``<ut>`` and ``<hi>``, which become our
placeholders (``l10n.inline``) with their original markup kept as the code's data.

The parser is lxml with entity resolution, DTD loading and network access off and
``huge_tree`` False: a DOCTYPE naming an external DTD (as most TMX files have) is read
without fetching anything, and a document that declares or uses entities (XXE,
"billion laughs") is refused with an InputError.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from l10n import __version__
from l10n.errors import InputError, L10nError
from l10n.fsutil import open_regular_file
from l10n.inline import (
    CLOSE_BRACKET,
    KIND_CLOSE,
    KIND_OPEN,
    KIND_STANDALONE,
    OPEN_BRACKET,
    PLACEHOLDER_RE,
    token,
    token_kind,
)
from l10n.interchange import register_exporter
from l10n.langs import normalize_lang, primary

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTEXT_PREV = "x-context-prev"
CONTEXT_NEXT = "x-context-next"
ORIGIN_PROP = "x-l10n-origin"
RELEASE_PROP = "x-l10n-release"
_CODE_TAGS = {"bpt", "ept", "ph", "it", "ut"}
_TMX_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$")
_HINT = "Check the file is TMX (1.1 to 1.4b); fix or re-export it and import it again"


@dataclass
class TMXVariant:
    lang: str
    text: str  # inline codes as placeholders
    codes: list[dict] = field(default_factory=list)  # InlineCode JSON of the placeholders
    author: str | None = None  # changeid (or creationid when there is no changeid)
    changed_at: str | None = None
    created_by: str | None = None  # creationid
    created_at: str | None = None  # creationdate


@dataclass
class TMXUnit:
    source: TMXVariant | None
    targets: list[TMXVariant]
    prev_hash: str | None = None
    next_hash: str | None = None
    author: str | None = None
    created_at: str | None = None
    changed_at: str | None = None
    created_by: str | None = None
    origin: str | None = None
    release: str | None = None
    line: int | None = None


# -- dates ----------------------------------------------------------------------
def from_tmx_date(value: str | None) -> str | None:
    """``20160215T101500Z`` → ``2016-02-15T10:15:00Z`` (None when absent or malformed)."""
    m = _TMX_DATE.match(value or "")
    if not m:
        return None
    y, mo, d, h, mi, s = m.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}Z"


def to_tmx_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        when = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(_dt.UTC)
    return when.strftime("%Y%m%dT%H%M%SZ")


# -- reading ----------------------------------------------------------------------
class _Piece:
    __slots__ = ("kind", "data", "tag", "attrs", "link")

    def __init__(self, kind: str, data: str, tag: str, attrs: dict, link: tuple | None):
        self.kind = kind  # open | close | standalone
        self.data = data
        self.tag = tag  # bpt, ept, ph, it, ut, hi
        self.attrs = attrs
        self.link = link  # pairs an open with its close inside one <tuv>


def _fail(path: Path, line: int | None, what: str) -> InputError:
    where = f" (line {line})" if line else ""
    return InputError(f"{path} is not valid TMX: {what}{where}", _HINT)


def _check_entities(path: Path, root) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(
            f"{path} declares XML entities in its DOCTYPE; refused, as entity tricks can read "
            "local files or exhaust memory (XXE, billion laughs)",
            "TMX files need no entity declarations: remove the <!ENTITY> lines or re-export "
            "the file from its tool",
        )


def _code_attrs(el, tag: str) -> dict:
    attrs = {"tmx": tag}
    for name in ("x", "type", "pos", "assoc"):
        value = el.get(name)
        if value is not None:
            attrs[name] = value
    return attrs


def _seg_pieces(path: Path, seg) -> list:
    """The content of a <seg> as text strings and code pieces, in order."""
    out: list = []
    hi_serial = [0]

    def walk(el) -> None:
        if el.text:
            out.append(el.text)
        for child in el:
            if isinstance(child, etree._Entity):
                raise InputError(
                    f"{path} uses the entity {child.text} (line {child.sourceline}); refused, "
                    "entities are not resolved when reading TMX",
                    "Replace it with the character itself and import the file again",
                )
            if isinstance(child, (etree._Comment, etree._ProcessingInstruction)):
                if child.tail:
                    out.append(child.tail)
                continue
            tag = etree.QName(child).localname
            if tag in _CODE_TAGS:
                data = "".join(child.itertext())
                attrs = _code_attrs(child, tag)
                if tag == "bpt":
                    out.append(_Piece(KIND_OPEN, data, tag, attrs, ("i", child.get("i"))))
                elif tag == "ept":
                    out.append(_Piece(KIND_CLOSE, data, tag, attrs, ("i", child.get("i"))))
                else:
                    out.append(_Piece(KIND_STANDALONE, data, tag, attrs, None))
            elif tag == "hi":
                hi_serial[0] += 1
                link = ("hi", hi_serial[0])
                attrs = _code_attrs(child, "hi")
                out.append(_Piece(KIND_OPEN, "", "hi", attrs, link))
                walk(child)
                out.append(_Piece(KIND_CLOSE, "", "hi", dict(attrs), link))
            else:
                raise _fail(path, child.sourceline, f"unexpected <{tag}> inside <seg>")
            if child.tail:
                out.append(child.tail)

    walk(seg)
    return out


def _assemble(pieces: list, reference: list[dict] | None) -> tuple[str, list[dict]]:
    """Placeholders for the pieces. With ``reference`` (the source's codes), a target's
    code takes the id of the source code with the same ``x`` (or failing that the same
    markup), so source and target placeholders correspond."""
    text: list[str] = []
    codes: list[dict] = []
    ref_by_x: dict[tuple[str, str], int] = {}
    ref_by_data: dict[tuple[str, str], list[int]] = {}
    next_id = 1
    if reference:
        for c in reference:
            x = c.get("attrs", {}).get("x")
            if x is not None:
                ref_by_x.setdefault((c["kind"], x), c["id"])
            ref_by_data.setdefault((c["kind"], c["data"]), []).append(c["id"])
        next_id = max(c["id"] for c in reference) + 1
    used: set[tuple[int, str]] = set()
    open_ids: dict[tuple, int] = {}
    open_types: dict[tuple, str] = {}

    def escape(chunk: str) -> None:
        nonlocal next_id
        if OPEN_BRACKET not in chunk and CLOSE_BRACKET not in chunk:
            text.append(chunk)
            return
        for ch in chunk:
            if ch in (OPEN_BRACKET, CLOSE_BRACKET):
                codes.append(
                    {"id": next_id, "kind": KIND_STANDALONE, "data": ch, "type": "literal"}
                )
                text.append(token(next_id, KIND_STANDALONE))
                next_id += 1
            else:
                text.append(ch)

    def pick_id(piece: _Piece) -> int:
        nonlocal next_id
        if piece.kind == KIND_CLOSE and piece.link in open_ids:
            return open_ids.pop(piece.link)
        if reference:
            x = piece.attrs.get("x")
            candidate = ref_by_x.get((piece.kind, x)) if x is not None else None
            if candidate is not None and (candidate, piece.kind) not in used:
                return candidate
            for candidate in ref_by_data.get((piece.kind, piece.data), []):
                if (candidate, piece.kind) not in used:
                    return candidate
        code_id = next_id
        next_id += 1
        return code_id

    # A close without its open (or the reverse) cannot be a pair: it is standalone.
    opens = {p.link for p in pieces if isinstance(p, _Piece) and p.kind == KIND_OPEN}
    closes = {p.link for p in pieces if isinstance(p, _Piece) and p.kind == KIND_CLOSE}
    for piece in pieces:
        if isinstance(piece, str):
            escape(piece)
            continue
        kind = piece.kind
        if kind != KIND_STANDALONE and (piece.link not in opens or piece.link not in closes):
            kind = KIND_STANDALONE
            piece = _Piece(kind, piece.data, piece.tag, piece.attrs, None)
        code_id = pick_id(piece)
        ctype = piece.attrs.get("type") or ("hi" if piece.tag == "hi" else "tag")
        if kind == KIND_OPEN:
            open_ids[piece.link] = code_id
            open_types[piece.link] = ctype
        elif kind == KIND_CLOSE:
            ctype = open_types.get(piece.link, ctype)
        used.add((code_id, kind))
        if reference is None:
            next_id = max(next_id, code_id + 1)
        code = {
            "id": code_id,
            "kind": kind,
            "data": piece.data,
            "type": ctype,
            "attrs": piece.attrs,
        }
        codes.append(code)
        text.append(token(code_id, kind))
    return "".join(text), codes


def _lang_of(path: Path, el) -> str:
    raw = el.get(XML_LANG) or el.get("lang")
    if not raw:
        raise _fail(path, el.sourceline, "<tuv> without xml:lang")
    try:
        return normalize_lang(raw)
    except L10nError:
        raise _fail(path, el.sourceline, f"unknown language code '{raw}'") from None


def _history(el) -> dict[str, str | None]:
    """Who created and last changed a <tu> or <tuv>, and when (the reverse of
    ``_history_attrs``); a change without its own id or date is the creation."""
    return {
        "author": el.get("changeid") or el.get("creationid"),
        "changed_at": from_tmx_date(el.get("changedate") or el.get("creationdate")),
        "created_by": el.get("creationid"),
        "created_at": from_tmx_date(el.get("creationdate")),
    }


def _parse_tu(path: Path, tu, header_src: str | None, fallback_source: str | None) -> TMXUnit:
    props = {}
    for prop in tu.findall("prop"):
        if prop.get("type"):
            props[prop.get("type")] = (prop.text or "").strip()
    variants = []
    for tuv in tu.findall("tuv"):
        seg = tuv.find("seg")
        if seg is None:
            raise _fail(path, tuv.sourceline, "<tuv> without <seg>")
        variants.append((_lang_of(path, tuv), _seg_pieces(path, seg), _history(tuv)))
    src_raw = tu.get("srclang")
    srclang = None
    if src_raw and src_raw != "*all*":
        try:
            srclang = normalize_lang(src_raw)
        except L10nError:
            raise _fail(path, tu.sourceline, f"unknown srclang '{src_raw}'") from None
    srclang = srclang or header_src or fallback_source
    unit = TMXUnit(
        source=None,
        targets=[],
        prev_hash=props.get(CONTEXT_PREV) or None,
        next_hash=props.get(CONTEXT_NEXT) or None,
        **_history(tu),
        origin=props.get(ORIGIN_PROP),
        release=props.get(RELEASE_PROP),
        line=tu.sourceline,
    )
    if srclang is None:
        raise _fail(
            path, tu.sourceline, "the header's srclang is *all* and no source language was given"
        )
    source_index = next((i for i, v in enumerate(variants) if v[0] == srclang), None)
    if source_index is None:
        source_index = next(
            (i for i, v in enumerate(variants) if primary(v[0]) == primary(srclang)), None
        )
    if source_index is None:
        return unit
    lang, pieces, history = variants[source_index]
    # Aligners and some CAT tools pad <seg> with spaces; segments never carry edge
    # whitespace, so neither do units (else every match would be fuzzy).
    text, codes = _assemble(pieces, None)
    unit.source = TMXVariant(lang, text.strip(), codes, **history)
    for i, (lang, pieces, history) in enumerate(variants):
        if i == source_index or primary(lang) == primary(unit.source.lang):
            continue
        text, tcodes = _assemble(pieces, codes)
        if text.strip():  # an empty target is no translation
            unit.targets.append(TMXVariant(lang, text.strip(), tcodes, **history))
    return unit


def read_tmx(path: str | Path, *, fallback_source: str | None = None) -> Iterator[TMXUnit]:
    """The translation units of a TMX file, streamed.

    Raises InputError (with the file and line) on malformed XML, entities, a missing
    language, or a file that is not TMX; callers import inside one transaction so that
    nothing of a bad file is kept.
    """
    path = Path(path)
    # Checked after a non-blocking open: a FIFO or device is refused, never waited on.
    source = open_regular_file(path, hint="Give the path of a .tmx file")
    context = etree.iterparse(
        source,
        events=("start", "end"),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        dtd_validation=False,
        attribute_defaults=False,
    )
    header_src: str | None = None
    seen_root = False
    seen_body = False
    try:
        for event, el in context:
            tag = etree.QName(el).localname if isinstance(el.tag, str) else None
            if event == "start":
                if not seen_root:
                    seen_root = True
                    if tag != "tmx":
                        raise _fail(path, el.sourceline, f"the root element is <{tag}>, not <tmx>")
                    _check_entities(path, el)
                elif tag == "body":
                    seen_body = True
                continue
            if tag == "header":
                raw = el.get("srclang")
                if raw and raw != "*all*":
                    try:
                        header_src = normalize_lang(raw)
                    except L10nError:
                        raise _fail(path, el.sourceline, f"unknown srclang '{raw}'") from None
            elif tag == "tu":
                yield _parse_tu(path, el, header_src, fallback_source)
                # Free what is parsed: a TMX file can hold millions of units.
                el.clear(keep_tail=False)
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        # iterparse may report a later consequence ("no element found"): the first
        # error in the log names the cause and its line.
        first = next((e for e in exc.error_log if e.level >= 2 and e.filename == str(path)), None)
        if first is not None and first.line:
            exc.msg, line = first.message, first.line
        message = re.sub(r",? line \d+(, column \d+)?$", "", (exc.msg or str(exc)).strip())
        raise _fail(path, line, message) from exc
    finally:
        source.close()
    if not seen_body:
        raise _fail(path, None, "no <body> element")


# -- writing ----------------------------------------------------------------------
def _balanced(tokens: list[tuple[int, str]], start: int, end: int) -> bool:
    """Whether the tokens strictly between two indexes open and close inside."""
    depth: dict[int, int] = {}
    for code_id, kind in tokens[start + 1 : end]:
        if kind == KIND_OPEN:
            depth[code_id] = depth.get(code_id, 0) + 1
        elif kind == KIND_CLOSE:
            if not depth.get(code_id):
                return False
            depth[code_id] -= 1
    return not any(depth.values())


def fill_seg(seg, text: str, codes: list[dict], fallback: list[dict] | None = None) -> None:
    """Write placeholder text into a <seg>, codes as TMX inline elements."""
    by_key = {(c["id"], c["kind"]): c for c in (fallback or [])}
    by_key.update({(c["id"], c["kind"]): c for c in codes})
    matches = list(PLACEHOLDER_RE.finditer(text))
    tokens = [(int(m.group(2)), token_kind(m)) for m in matches]
    close_at: dict[int, int] = {}
    for index, (code_id, kind) in enumerate(tokens):
        if kind == KIND_CLOSE:
            close_at.setdefault(code_id, index)
    stack = [seg]
    last = seg  # element whose tail (or text) receives the next text chunk
    last_is_parent = True
    hi_open: list[int] = []
    paired: set[int] = set()

    def add_text(chunk: str) -> None:
        nonlocal last, last_is_parent
        if not chunk:
            return
        if last_is_parent:
            last.text = (last.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk

    def add_element(tag: str, data: str, **attrs) -> etree._Element:
        nonlocal last, last_is_parent
        el = etree.SubElement(
            stack[-1], tag, {k: str(v) for k, v in attrs.items() if v is not None}
        )
        el.text = data or None
        last, last_is_parent = el, False
        return el

    pos = 0
    for index, m in enumerate(matches):
        add_text(text[pos : m.start()])
        pos = m.end()
        code_id, kind = tokens[index]
        code = by_key.get((code_id, kind))
        if code is None:
            add_text(m.group(0))  # an unknown token is kept as typed
            continue
        attrs = code.get("attrs") or {}
        ctype = code.get("type")
        type_attr = attrs.get("type") or (
            ctype if ctype not in (None, "code", "tag", "hi") else None
        )
        if kind == KIND_OPEN:
            end = close_at.get(code_id)
            if (
                end is not None
                and end > index
                and attrs.get("tmx") == "hi"
                and _balanced(tokens, index, end)
            ):
                el = add_element("hi", "", x=attrs.get("x"), type=attrs.get("type"))
                stack.append(el)
                last, last_is_parent = el, True
                hi_open.append(code_id)
            elif end is not None and end > index:
                add_element(
                    "bpt", code["data"], i=code_id, x=attrs.get("x", code_id), type=type_attr
                )
                paired.add(code_id)
            else:
                add_element(
                    "it", code["data"], pos="begin", x=attrs.get("x", code_id), type=type_attr
                )
        elif kind == KIND_CLOSE:
            if hi_open and hi_open[-1] == code_id:
                hi_open.pop()
                last, last_is_parent = stack.pop(), False
            elif code_id in paired:
                add_element("ept", code["data"], i=code_id)
            else:
                add_element(
                    "it", code["data"], pos="end", x=attrs.get("x", code_id), type=type_attr
                )
        else:
            tag = attrs.get("tmx") if attrs.get("tmx") in ("it", "ut") else "ph"
            if tag == "it":
                add_element(
                    "it",
                    code["data"],
                    pos=attrs.get("pos", "begin"),
                    x=attrs.get("x"),
                    type=type_attr,
                )
            elif tag == "ut":
                add_element("ut", code["data"], x=attrs.get("x"))
            else:
                add_element(
                    "ph",
                    code["data"],
                    x=attrs.get("x", code_id),
                    type=type_attr,
                    assoc=attrs.get("assoc"),
                )
    add_text(text[pos:])


def _history_attrs(item: TMXUnit | TMXVariant) -> dict[str, str]:
    """creationdate/creationid/changedate/changeid of a unit or a variant, where known."""
    attrs = {}
    for name, value in (
        ("creationdate", to_tmx_date(item.created_at)),
        ("creationid", item.created_by),
        ("changedate", to_tmx_date(item.changed_at)),
        ("changeid", item.author),
    ):
        if value:
            attrs[name] = value
    return attrs


def _tu_element(unit: TMXUnit, srclang: str):
    source = unit.source
    if source is None:  # only read units lack a source; written ones always have it
        raise ValueError("a TMX unit to write needs its source")
    attrs: dict[str, str] = {}
    if source.lang != srclang:
        attrs["srclang"] = source.lang
    attrs.update(_history_attrs(unit))
    tu = etree.Element("tu", attrs)
    for ptype, value in (
        (CONTEXT_PREV, unit.prev_hash),
        (CONTEXT_NEXT, unit.next_hash),
        (ORIGIN_PROP, unit.origin),
        (RELEASE_PROP, unit.release),
    ):
        if value:
            etree.SubElement(tu, "prop", type=ptype).text = value
    variants: list[tuple[TMXVariant, list[dict] | None]] = [(source, None)]
    variants += [(t, source.codes) for t in unit.targets]
    for variant, fallback in variants:
        vattrs = {XML_LANG: variant.lang}
        if variant is not source:
            vattrs.update(_history_attrs(variant))
        tuv = etree.SubElement(tu, "tuv", vattrs)
        fill_seg(etree.SubElement(tuv, "seg"), variant.text, variant.codes, fallback)
    return tu


def write_tmx(units: Iterable[TMXUnit], srclang: str, *, creation_tool: str = "l10n") -> bytes:
    """A TMX 1.4b document (UTF-8) of these units; ``srclang`` goes in the header and a
    unit whose source language differs carries its own ``srclang``. Units are written
    one at a time (a memory of a million units is never a tree in memory)."""
    buf = io.BytesIO()
    with etree.xmlfile(buf, encoding="UTF-8") as xf:
        xf.write_declaration()
        xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        with xf.element("tmx", version="1.4"):
            xf.write("\n  ")
            header = etree.Element(
                "header",
                {
                    "creationtool": creation_tool,
                    "creationtoolversion": __version__,
                    "segtype": "sentence",
                    "o-tmf": "l10n",
                    "adminlang": "en",
                    "srclang": srclang,
                    "datatype": "plaintext",
                },
            )
            xf.write(header)
            xf.write("\n  ")
            with xf.element("body"):
                for unit in units:
                    if unit.source is None or not unit.targets:
                        continue
                    tu = _tu_element(unit, srclang)
                    # No pretty_print: libxml2 would indent inside a <seg> made only of
                    # inline codes; the structure is indented by hand instead.
                    _indent_structure(tu, 2)
                    xf.write("\n    ")
                    xf.write(tu)
                xf.write("\n  ")
            xf.write("\n")
    return buf.getvalue() + b"\n"


def _indent_structure(el, level: int) -> None:
    """Indent the element structure, never the content of a <seg>."""
    children = list(el)
    if not children or el.tag == "seg":
        return
    inner = "\n" + "  " * (level + 1)
    el.text = inner
    for child in children:
        child.tail = inner
        _indent_structure(child, level + 1)
    children[-1].tail = "\n" + "  " * level


# -- exporter -----------------------------------------------------------------------
@register_exporter("tmx")
def export_release_tmx(store, release: dict, lang: str, *, min_state: int, options: dict) -> bytes:
    """One release's translated segments in one language (state >= min_state)."""
    import json

    source_lang = release["source_lang"]
    units = []
    for row in store.segment_rows(release["id"], lang):
        if row["target"] is None or row["target"] == "" or row["state"] < min_state:
            continue
        codes = json.loads(row["codes"] or "[]")
        units.append(
            TMXUnit(
                source=TMXVariant(source_lang, row["source"], codes),
                targets=[
                    TMXVariant(
                        lang,
                        row["target"],
                        codes,
                        author=row["author"],
                        changed_at=row["updated_at"],
                    )
                ],
                prev_hash=row["prev_hash"],
                next_hash=row["next_hash"],
                author=row["author"],
                changed_at=row["updated_at"],
                release=release["slug"],
            )
        )
    return write_tmx(units, source_lang)

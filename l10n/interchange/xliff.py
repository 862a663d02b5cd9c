"""XLIFF 2.1 (default) and 1.2 export, and import of files edited in CAT tools.

Export: one file per release and target language, ``srcLang``/``trgLang``
(``source-language``/``target-language`` in 1.2), one unit per segment whose id is
the stable segment id, inline codes as ``<pc>``/``<ph>`` (``<sc>``/``<ec>`` when a
pair is split across sentences) with the original markup in ``<originalData>``
(1.2: ``<g>``/``<x/>``, ``<bx/>``/``<ex/>``), review comments and glossary hits as
notes, and states mapped as:

============== =================================== =========================
l10n state     XLIFF 2.x ``state`` (``subState``)   XLIFF 1.2 ``state``
============== =================================== =========================
untranslated   initial                              new (no target)
rejected       initial (l10n:rejected)              needs-translation
needs_work     initial (l10n:needs_work)            needs-review-translation
pretranslated  initial (l10n:pretranslated)         needs-review-translation
translated     translated                           translated
approved       reviewed                             signed-off
============== =================================== =========================

Import maps back: 2.x ``translated`` → translated, ``reviewed``/``final`` →
approved; 1.2 ``translated`` → translated, ``signed-off``/``final`` (or
``approved="yes"``) → approved; other states leave the state alone but a changed
target is still a translator's edit. The whole file is parsed and checked first
(languages, release, unit ids, inline codes); nothing is applied unless all of it
is valid. Units whose source no longer matches the workspace are reported and
skipped. Each change goes through the review library (history rows, QA run) with
the translation version the file was exported from, so a translation changed in
the workspace since the export is reported as a conflict, never overwritten.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lxml import etree

from l10n.errors import ConflictError, InputError, L10nError, NotFoundError, UsageError
from l10n.inline import PLACEHOLDER_RE, InlineCode, token, token_kind
from l10n.interchange import register_exporter
from l10n.interchange.xmlsafe import parse_xml
from l10n.langs import is_rtl, normalize_lang
from l10n.states import (
    APPROVED,
    NEEDS_WORK,
    PRETRANSLATED,
    REJECTED,
    TRANSLATED,
    UNTRANSLATED,
    state_name,
)

NS2 = "urn:oasis:names:tc:xliff:document:2.0"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_L10N = "urn:l10n:xliff"
XML_NS = "http://www.w3.org/XML/1998/namespace"
VERSIONS = ("2.1", "2.0", "1.2")

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

STATE_TO_2X = {
    UNTRANSLATED: ("initial", None),
    REJECTED: ("initial", "l10n:rejected"),
    NEEDS_WORK: ("initial", "l10n:needs_work"),
    PRETRANSLATED: ("initial", "l10n:pretranslated"),
    TRANSLATED: ("translated", None),
    APPROVED: ("reviewed", None),
}
STATE_TO_12 = {
    UNTRANSLATED: "new",
    REJECTED: "needs-translation",
    NEEDS_WORK: "needs-review-translation",
    PRETRANSLATED: "needs-review-translation",
    TRANSLATED: "translated",
    APPROVED: "signed-off",
}
# XLIFF state → the l10n state an import moves a unit to (None: no state action).
STATE_FROM_2X = {"initial": None, "translated": TRANSLATED, "reviewed": APPROVED, "final": APPROVED}
STATE_FROM_12 = {
    "new": None,
    "needs-translation": None,
    "needs-adaptation": None,
    "needs-l10n": None,
    "needs-review-translation": None,
    "needs-review-adaptation": None,
    "needs-review-l10n": None,
    "translated": TRANSLATED,
    "signed-off": APPROVED,
    "final": APPROVED,
}
TYPE_2X = {
    "link": "link",
    "em": "fmt",
    "strong": "fmt",
    "tag": "fmt",
    "br": "fmt",
    "image": "image",
}
CTYPE_G = {"link": "link", "strong": "bold", "em": "italic"}
CTYPE_X = {"br": "lb", "image": "image"}


# -- export -------------------------------------------------------------------------
def _codes(row: dict) -> dict[tuple[int, str], InlineCode]:
    return {(c.id, c.kind): c for c in map(InlineCode.from_json, json.loads(row["codes"]))}


def _append_text(parent: etree._Element, last: etree._Element | None, text: str, ns: str):
    """Append text after ``last`` (or as ``parent``'s text); characters XML cannot hold
    become ``<cp hex>`` (2.x) or are dropped with a visible U+FFFD (1.2)."""
    pieces = _INVALID_XML.split(text)
    bad = _INVALID_XML.findall(text)
    for i, piece in enumerate(pieces):
        if piece:
            if last is None:
                parent.text = (parent.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
        if i < len(bad):
            if ns == NS2:
                last = etree.SubElement(parent, f"{{{ns}}}cp", hex=f"{ord(bad[i]):04X}")
            else:
                piece = "\ufffd"
                if last is None:
                    parent.text = (parent.text or "") + piece
                else:
                    last.tail = (last.tail or "") + piece
    return last


def _well_nested(text: str) -> tuple[set[int], set[int], set[int]]:
    """Ids of pairs that nest properly, of opens and of closes present in ``text``."""
    ok: set[int] = set()
    opens: set[int] = set()
    closes: set[int] = set()
    stack: list[int] = []
    for m in PLACEHOLDER_RE.finditer(text):
        kind, cid = token_kind(m), int(m.group(2))
        if kind == "open":
            opens.add(cid)
            stack.append(cid)
        elif kind == "close":
            closes.add(cid)
            if stack and stack[-1] == cid:
                stack.pop()
                ok.add(cid)
            elif cid in stack:
                while stack[-1] != cid:
                    stack.pop()
                stack.pop()
    return ok, opens, closes


def build_inline(
    parent: etree._Element, text: str, codes: dict, ns: str, data_refs: dict[str, str] | None
) -> None:
    """Write masked ``text`` into ``parent`` with XLIFF inline elements.

    ``data_refs`` (2.x) collects originalData: data id → original markup."""
    ok, opens, closes = _well_nested(text)
    stack = [parent]
    last: list[etree._Element | None] = [None]
    pos = 0

    def child(tag: str, **attrs: str) -> etree._Element:
        el = etree.SubElement(stack[-1], f"{{{ns}}}{tag}", **attrs)
        last[-1] = el
        return el

    def data_ref(cid: int, kind: str) -> str | None:
        code = codes.get((cid, kind))
        if data_refs is None or code is None:
            return None
        ref = f"d{cid}" + {"open": "", "close": "e", "standalone": ""}[kind]
        data_refs[ref] = code.data
        return ref

    def kinds(cid: int, kind: str) -> dict[str, str]:
        code = codes.get((cid, kind)) or codes.get((cid, "open"))
        ctype = code.type if code is not None else "tag"
        if ns == NS2:
            return {"type": TYPE_2X.get(ctype, "other"), "subType": f"l10n:{ctype}"}
        table = CTYPE_X if kind == "standalone" else CTYPE_G
        return {"ctype": table.get(ctype, f"x-{ctype}")}

    for m in PLACEHOLDER_RE.finditer(text):
        last[-1] = _append_text(stack[-1], last[-1], text[pos : m.start()], ns)
        pos = m.end()
        kind, cid = token_kind(m), int(m.group(2))
        sid = str(cid)
        if kind == "standalone":
            attrs = {"id": sid, **kinds(cid, kind)}
            if ns == NS2:
                ref = data_ref(cid, kind)
                if ref:
                    attrs["dataRef"] = ref
                child("ph", **attrs)
            else:
                child("x", **attrs)
        elif kind == "open" and cid in ok:
            attrs = {"id": sid, **kinds(cid, kind)}
            if ns == NS2:
                start, end = data_ref(cid, "open"), data_ref(cid, "close")
                if start:
                    attrs["dataRefStart"] = start
                if end:
                    attrs["dataRefEnd"] = end
                el = child("pc", **attrs)
            else:
                el = child("g", **attrs)
            stack.append(el)
            last.append(None)
        elif kind == "close" and cid in ok:
            stack.pop()
            last.pop()
        elif kind == "open":
            isolated = cid not in closes
            if ns == NS2:
                attrs = {"id": sid, **kinds(cid, kind)}
                if isolated:
                    attrs["isolated"] = "yes"
                ref = data_ref(cid, "open")
                if ref:
                    attrs["dataRef"] = ref
                child("sc", **attrs)
            else:
                child("bx", id=sid, rid=sid, **kinds(cid, kind))
        else:  # a close without its open before it in this segment
            if ns == NS2:
                attrs = (
                    {"startRef": sid}
                    if cid in opens
                    else {"id": sid, "isolated": "yes", **kinds(cid, kind)}
                )
                ref = data_ref(cid, "close")
                if ref:
                    attrs["dataRef"] = ref
                child("ec", **attrs)
            elif cid in opens:
                child("ex", id=f"{sid}e", rid=sid)
            else:
                child("ex", id=f"{sid}e")
    _append_text(stack[-1], last[-1], text[pos:], ns)


def _data_refs(texts: list[str], codes: dict) -> dict[str, str]:
    """originalData of a unit: data id → original markup, as ``build_inline`` refers to it."""
    refs: dict[str, str] = {}
    for text in texts:
        for m in PLACEHOLDER_RE.finditer(text):
            kind, cid = token_kind(m), int(m.group(2))
            code = codes.get((cid, kind))
            if code is not None:
                refs[f"d{cid}" + ("e" if kind == "close" else "")] = code.data
    return refs


def _glossary_notes(store, segment_id: int, lang: str) -> list[str]:
    try:
        from l10n.glossary import segment_hits
    except ImportError:
        return []
    try:
        hits = segment_hits(store, segment_id, lang)
    except L10nError:
        return []
    notes = []
    for hit in hits or []:
        targets = [t.text for t in hit.targets(lang)] if hasattr(hit, "targets") else []
        concept = getattr(hit, "concept", None)
        forbidden = (
            [t.text for t in concept.rejected(lang)]
            if concept is not None and hasattr(concept, "rejected")
            else []
        )
        line = f"{hit.text} → {', '.join(targets) if targets else '(no term in ' + lang + ')'}"
        if forbidden:
            line += f" (not: {', '.join(forbidden)})"
        notes.append(line)
    return notes


# Block meta a source format records for translators (a catalogue's msgctxt and its
# developers' "#. Translators:" comments), as (note category, label).
SOURCE_NOTE_KEYS = {"msgctxt": ("context", "context: "), "comment": ("developer", "")}


def source_notes(store, release_id: int) -> dict[int, list[tuple[str, str]]]:
    """Per segment id, the notes its source document gives translators, as
    ``(category, text)``; a sentence repeated in several messages gets each one's notes."""
    version = store.current_version(release_id)
    out: dict[int, list[tuple[str, str]]] = {}
    if version is None:
        return out
    for block in store.version_blocks(version["id"]):
        meta = json.loads(block["meta"]) if block["meta"] else {}
        notes = [
            (category, label + str(meta[key]))
            for key, (category, label) in SOURCE_NOTE_KEYS.items()
            if meta.get(key)
        ]
        if not notes:
            continue
        for piece in json.loads(block["layout"]):
            seg_id = piece[0] if isinstance(piece, list) else piece
            if isinstance(seg_id, int):
                known = out.setdefault(seg_id, [])
                known.extend(n for n in notes if n not in known)
    return out


@dataclass
class _UnitData:
    row: dict
    codes: dict
    target: str | None
    state: int
    notes: list[tuple[str, str, str | None]]  # (category, text, author)


def _units(store, release: dict, lang: str, min_state: int) -> list[_UnitData]:
    out = []
    from_source = source_notes(store, release["id"])
    for row in store.segment_rows(release["id"], lang):
        state = row["state"] or UNTRANSLATED
        target = row["target"] if row["target"] and state >= REJECTED else None
        if target is not None and state >= min_state:
            shown = state
        elif target is not None:
            shown = min(state, NEEDS_WORK)  # below the floor: a starting point only
        else:
            shown = UNTRANSLATED
        notes: list[tuple[str, str, str | None]] = [
            (category, text, None) for category, text in from_source.get(row["id"], [])
        ]
        for c in store.segment_comments(row["id"], lang):
            notes.append(("comment", f"{c['text']} ({c['at'][:10]})", c["user"]))
        if row.get("previous_source") and state == NEEDS_WORK:
            notes.append(("l10n:previous-source", row["previous_source"], None))
        for line in _glossary_notes(store, row["id"], lang):
            notes.append(("glossary", line, None))
        out.append(_UnitData(row, _codes(row), target, shown, notes))
    return out


def _xml_bytes(root: etree._Element, fills: list) -> bytes:
    """Indent the structure, then fill source and target content (mixed content must
    never be re-indented: whitespace there is part of the text)."""
    etree.indent(root, space="  ")
    for el, text, codes, ns, data_refs in fills:
        build_inline(el, text, codes, ns, data_refs)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def export_xliff2(store, release: dict, lang: str, *, min_state: int, version: str) -> bytes:
    nsmap = {None: NS2, "l10n": NS_L10N}
    root = etree.Element(
        f"{{{NS2}}}xliff",
        nsmap=nsmap,
        version=version,
        srcLang=release["source_lang"],
        trgLang=lang,
    )
    file_el = etree.SubElement(root, f"{{{NS2}}}file", id="f1", original=release["slug"])
    file_el.set(f"{{{NS_L10N}}}release", release["slug"])
    file_el.set(f"{{{NS_L10N}}}version", str(release["current_version"]))
    if is_rtl(release["source_lang"]):
        file_el.set("srcDir", "rtl")
    if is_rtl(lang):
        file_el.set("trgDir", "rtl")
    fills: list = []
    for unit in _units(store, release, lang, min_state):
        row = unit.row
        u = etree.SubElement(file_el, f"{{{NS2}}}unit", id=str(row["id"]))
        u.set(f"{{{NS_L10N}}}version", str(row["translation_version"]))
        if unit.notes:
            notes = etree.SubElement(u, f"{{{NS2}}}notes")
            for n, (category, text, author) in enumerate(unit.notes, 1):
                note = etree.SubElement(notes, f"{{{NS2}}}note", id=f"n{n}", category=category)
                if author:
                    note.set(f"{{{NS_L10N}}}author", author)
                _append_text(note, None, text, NS2)
        texts = [row["source"]] + ([unit.target] if unit.target is not None else [])
        data_refs = _data_refs(texts, unit.codes)
        if data_refs:
            original = etree.SubElement(u, f"{{{NS2}}}originalData")
            for ref in sorted(data_refs, key=lambda r: (int(r[1:].rstrip("e")), r)):
                d = etree.SubElement(original, f"{{{NS2}}}data", id=ref)
                _append_text(d, None, data_refs[ref], NS2)
        state, sub = STATE_TO_2X.get(unit.state, ("initial", None))
        seg = etree.SubElement(u, f"{{{NS2}}}segment", id=f"s{row['id']}", state=state)
        if sub:
            seg.set("subState", sub)
        src = etree.SubElement(seg, f"{{{NS2}}}source")
        fills.append((src, row["source"], unit.codes, NS2, {}))
        if unit.target is not None:
            tgt = etree.SubElement(seg, f"{{{NS2}}}target")
            fills.append((tgt, unit.target, unit.codes, NS2, {}))
    return _xml_bytes(root, fills)


def export_xliff12(store, release: dict, lang: str, *, min_state: int) -> bytes:
    # XLIFF 1.2 strict allows no foreign attributes without a schema: l10n's own data
    # goes into standard attributes (product-version, extradata).
    root = etree.Element(f"{{{NS12}}}xliff", nsmap={None: NS12}, version="1.2")
    datatype = (
        "html"
        if release["format"] == "html"
        else ("po" if release["format"] == "gettext" else "plaintext")
    )
    file_el = etree.SubElement(
        root,
        f"{{{NS12}}}file",
        original=release["slug"],
        datatype=datatype,
        **{"source-language": release["source_lang"], "target-language": lang},
    )
    file_el.set("product-version", str(release["current_version"]))
    body = etree.SubElement(file_el, f"{{{NS12}}}body")
    fills: list = []
    for unit in _units(store, release, lang, min_state):
        row = unit.row
        tu = etree.SubElement(body, f"{{{NS12}}}trans-unit", id=str(row["id"]))
        tu.set(f"{{{XML_NS}}}space", "preserve")
        tu.set("extradata", f"l10n-version={row['translation_version']}")
        if unit.state == APPROVED:
            tu.set("approved", "yes")
        src = etree.SubElement(tu, f"{{{NS12}}}source")
        fills.append((src, row["source"], unit.codes, NS12, None))
        if unit.target is not None:
            tgt = etree.SubElement(tu, f"{{{NS12}}}target", state=STATE_TO_12[unit.state])
            if unit.state == PRETRANSLATED:
                origin = row.get("origin") or ""
                tgt.set(
                    "state-qualifier", "leveraged-tm" if origin.startswith("tm") else "leveraged-mt"
                )
            fills.append((tgt, unit.target, unit.codes, NS12, None))
        for category, text, author in unit.notes:
            note = etree.SubElement(tu, f"{{{NS12}}}note")
            if author:
                note.set("from", author)
            if category != "comment":
                note.set("annotates", "general")
                text = f"{category}: {text}"
            _append_text(note, None, text, NS12)
    return _xml_bytes(root, fills)


@register_exporter("xliff")
def export_xliff(store, release: dict, lang: str, *, min_state: int, options: dict) -> bytes:
    version = str(options.get("xliff_version") or "2.1")
    if version not in VERSIONS:
        raise UsageError(
            f"unknown XLIFF version '{version}'", "Use --xliff-version 2.1 (default) or 1.2"
        )
    if lang == release["source_lang"]:
        raise UsageError(
            f"XLIFF is exported for a target language, and {lang} is the release's source",
            "Pass --lang with one of the workspace's target languages",
        )
    if version == "1.2":
        return export_xliff12(store, release, lang, min_state=min_state)
    return export_xliff2(store, release, lang, min_state=min_state, version=version)


# -- import -------------------------------------------------------------------------
@dataclass
class ImportedUnit:
    segment_id: int
    source: str
    target: str | None
    state: int | None  # the l10n state the file asks for (None: no state action)
    version: int | None  # translation version at export time


@dataclass
class ImportResult:
    path: str
    release: str
    lang: str
    xliff_version: str
    units: int = 0
    translated: int = 0  # new or edited targets
    confirmed: int = 0  # unchanged targets confirmed as translated
    approved: int = 0
    unchanged: int = 0
    skipped: list[dict] = field(default_factory=list)  # source changed, retired, unknown
    conflicts: list[dict] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)  # review rules refused the action

    def to_json(self) -> dict:
        return asdict(self)


def _int_id(value: str | None, what: str, unit_id: str) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise InputError(
            f"unit {unit_id}: inline code id '{value}' of {what} is not one this file was "
            "exported with",
            "Keep the inline codes of the exported file as they are (their ids are numbers)",
        ) from None


def read_inline(el: etree._Element, ns: str, unit_id: str) -> str:
    """Masked text (placeholders) from an XLIFF source/target element."""
    out: list[str] = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):  # comment or processing instruction
            out.append(child.tail or "")
            continue
        tag = etree.QName(child).localname
        if etree.QName(child).namespace != ns:
            out.append(read_inline(child, ns, unit_id))
        elif tag in ("pc", "g"):
            cid = _int_id(child.get("id"), f"<{tag}>", unit_id)
            out.append(token(cid, "open") + read_inline(child, ns, unit_id) + token(cid, "close"))
        elif tag in ("ph", "x", "it") and not (tag == "it" and child.get("pos")):
            cid = _int_id(child.get("id"), f"<{tag}>", unit_id)
            out.append(token(cid, "standalone"))
        elif tag == "it":
            cid = _int_id(child.get("rid") or child.get("id"), "<it>", unit_id)
            out.append(token(cid, "open" if child.get("pos") == "open" else "close"))
        elif tag in ("sc", "bx", "bpt"):
            cid = _int_id(child.get("rid") or child.get("id"), f"<{tag}>", unit_id)
            out.append(token(cid, "open"))
        elif tag in ("ec", "ex", "ept"):
            ref = child.get("startRef") or child.get("rid") or child.get("id")
            if tag == "ex" and ref and ref.endswith("e"):
                ref = ref[:-1]
            cid = _int_id(ref, f"<{tag}>", unit_id)
            out.append(token(cid, "close"))
        elif tag == "cp":
            try:
                out.append(chr(int(child.get("hex") or "", 16)))
            except ValueError:
                raise InputError(
                    f"unit {unit_id}: <cp hex='{child.get('hex')}'> is not a code point",
                    "Fix or remove the <cp> element",
                ) from None
        elif tag in ("mrk", "sub"):
            out.append(read_inline(child, ns, unit_id))
        # sm/em annotation markers carry no text
        out.append(child.tail or "")
    return "".join(out)


def check_codes(source: str, target: str, segment_id: int) -> str | None:
    """Why ``target`` breaks the inline codes of ``source`` (None when it keeps them):
    every code exactly once, and a pair that opens and closes in the source opens
    before it closes in the target (codes of a pair split across sentences are free)."""
    want = Counter(m.group(0) for m in PLACEHOLDER_RE.finditer(source))
    have = Counter(m.group(0) for m in PLACEHOLDER_RE.finditer(target))
    missing, extra = sorted((want - have).elements()), sorted((have - want).elements())
    if missing or extra:
        parts = (["drops " + " ".join(missing)] if missing else []) + (
            ["adds " + " ".join(extra)] if extra else []
        )
        return f"segment {segment_id} {' and '.join(parts)}"
    _ok, opens, closes = _well_nested(source)
    paired = opens & closes
    seen: set[int] = set()
    for m in PLACEHOLDER_RE.finditer(target):
        kind, cid = token_kind(m), int(m.group(2))
        if kind == "open":
            seen.add(cid)
        elif kind == "close" and cid in paired and cid not in seen:
            return f"segment {segment_id} closes ⟦/{cid}⟧ before opening ⟦{cid}⟧"
    return None


def _same_source(file_source: str, ours: str) -> bool:
    return " ".join(file_source.split()) == " ".join(ours.split())


@dataclass
class ParsedXliff:
    version: str
    slug: str
    source_lang: str
    lang: str
    units: list[ImportedUnit]


OURS_HINT = (
    "l10n imports the XLIFF it exports: run 'l10n export -r RELEASE -l LANG -f xliff', "
    "translate that file in the CAT tool and import it"
)


def _not_ours(name: str, why: str) -> InputError:
    """A file another tool extracted (Angular, Xcode, Symfony, Trados, memoQ...): its
    units name no segment of this workspace, so nothing in it can be matched."""
    return InputError(f"{name} is not an XLIFF file exported by l10n ({why})", OURS_HINT)


def parse_xliff(data: bytes, *, name: str) -> ParsedXliff:
    """Read a whole XLIFF 2.x or 1.2 file written by ``export_xliff`` (and edited)."""
    root = parse_xml(data, name=name).getroot()
    qname = etree.QName(root)
    if qname.localname == "xliff" and qname.namespace not in (NS2, NS12):
        space = f"the namespace '{qname.namespace}'" if qname.namespace else "no namespace"
        raise _not_ours(name, f"its <xliff> root has {space}, not XLIFF 1.2's or 2.x's")
    if qname.localname != "xliff":
        raise InputError(
            f"{name} is not an XLIFF 1.2 or 2.x file (root element {root.tag})",
            "Import the .xlf file exported with 'l10n export --format xliff'",
        )
    ns = qname.namespace
    files = root.findall(f"{{{ns}}}file")
    if len(files) != 1:
        raise _not_ours(
            name, f"it has {len(files)} <file> elements; l10n writes one per release and language"
        )
    file_el = files[0]
    slug = file_el.get(f"{{{NS_L10N}}}release") or file_el.get("original")
    if not slug:
        raise _not_ours(name, "its <file> names no release")
    if ns == NS2:
        version = root.get("version") or "2.0"
        source_lang, lang = root.get("srcLang"), root.get("trgLang")
        unit_tag, state_from = f"{{{ns}}}unit", STATE_FROM_2X
        attrs = "srcLang/trgLang"
    else:
        version = root.get("version") or "1.2"
        source_lang, lang = file_el.get("source-language"), file_el.get("target-language")
        unit_tag, state_from = f"{{{ns}}}trans-unit", STATE_FROM_12
        attrs = "source-language/target-language"
    if not source_lang or not lang:
        raise InputError(
            f"{name} does not say its {'target' if source_lang else 'source'} language "
            f"({attrs}), which every XLIFF file l10n exports does",
            f"Keep {attrs} as exported; {OURS_HINT}",
        )
    units: list[ImportedUnit] = []
    seen: set[int] = set()
    for unit in file_el.iter(unit_tag):
        unit_id = unit.get("id") or ""
        try:
            segment_id = int(unit_id)
        except ValueError:
            raise _not_ours(name, f"unit id '{unit_id}' is not an l10n segment id") from None
        if segment_id in seen:
            raise InputError(f"{name}: unit {segment_id} appears twice", "Remove the duplicate")
        seen.add(segment_id)
        if ns == NS2:
            segments = unit.findall(f"{{{ns}}}segment")
            if len(segments) != 1:
                raise InputError(
                    f"{name}: unit {segment_id} has {len(segments)} segments, not 1",
                    "Join the segments again in the CAT tool (l10n units are one sentence)",
                )
            holder = segments[0]
            raw_state = holder.get("state", "initial")
        else:
            holder = unit
            tgt = unit.find(f"{{{ns}}}target")
            raw_state = (tgt.get("state") if tgt is not None else None) or "new"
            if unit.get("approved") == "yes":
                raw_state = "signed-off"
        if raw_state not in state_from and not raw_state.startswith("x-"):
            raise InputError(
                f"{name}: unit {segment_id} has an unknown state '{raw_state}'",
                "Use one of: " + ", ".join(state_from),
            )
        source_el = holder.find(f"{{{ns}}}source")
        if source_el is None:
            raise InputError(f"{name}: unit {segment_id} has no <source>", "Keep the source")
        target_el = holder.find(f"{{{ns}}}target")
        try:
            source = read_inline(source_el, ns, unit_id)
            target = read_inline(target_el, ns, unit_id) if target_el is not None else None
        except InputError as exc:
            raise InputError(f"{name}: {exc.message}", exc.hint) from None
        version_attr = unit.get(f"{{{NS_L10N}}}version")
        extradata = unit.get("extradata") or ""
        if version_attr is None and extradata.startswith("l10n-version="):
            version_attr = extradata.split("=", 1)[1]
        units.append(
            ImportedUnit(
                segment_id=segment_id,
                source=source,
                target=target.strip() if target is not None and target.strip() else None,
                state=state_from.get(raw_state),
                version=int(version_attr) if version_attr and version_attr.isdigit() else None,
            )
        )
    return ParsedXliff(version, slug, source_lang, lang, units)


def import_xliff(store, ws, path: str | Path, *, user: str) -> ImportResult:
    """Apply the targets and states of an XLIFF file as review actions."""
    from l10n import review
    from l10n.fsutil import read_regular_file

    path = Path(path)
    data = read_regular_file(path)  # a pipe or device is refused instead of blocking
    parsed = parse_xliff(data, name=str(path))
    try:
        release = store.require_release(parsed.slug)
    except NotFoundError as exc:
        raise NotFoundError(f"{path}: {exc.message}", exc.hint) from None
    lang = normalize_lang(parsed.lang)
    if normalize_lang(parsed.source_lang) != release["source_lang"]:
        raise InputError(
            f"{path} is from {parsed.source_lang}, but release '{release['slug']}' is in "
            f"{release['source_lang']}",
            "Import the file exported for this release",
        )
    if lang not in ws.target_langs:
        raise InputError(
            f"{path} is a translation into {lang}, which is not a target language of this "
            "workspace",
            "Add it to target_langs in l10n.toml, or import the right file",
        )
    result = ImportResult(str(path), release["slug"], lang, parsed.version, len(parsed.units))

    # Check everything before changing anything.
    active = {s["id"]: s for s in store.active_segments(release["id"])}
    problems: list[str] = []
    applicable: list[tuple[ImportedUnit, dict]] = []
    for unit in parsed.units:
        seg = active.get(unit.segment_id)
        if seg is None:
            result.skipped.append(
                {
                    "segment_id": unit.segment_id,
                    "reason": "not in the current version of the release",
                }
            )
            continue
        if not _same_source(unit.source, seg["source"]):
            result.skipped.append(
                {"segment_id": unit.segment_id, "reason": "its source changed since the export"}
            )
            continue
        if unit.target is not None:
            problem = check_codes(seg["source"], unit.target, unit.segment_id)
            if problem:
                problems.append(problem)
                continue
        applicable.append((unit, seg))
    if problems:
        shown = "; ".join(problems[:3]) + (
            f"; and {len(problems) - 3} more" if len(problems) > 3 else ""
        )
        raise InputError(
            f"{path}: {len(problems)} unit{'s' if len(problems) > 1 else ''} with broken inline "
            f"codes, nothing imported: {shown}",
            "Restore the tags in the CAT tool (every code of the source exactly once, each "
            "pair opened before it is closed) and import again",
        )

    # One transaction for the whole file (each unit in its own savepoint, so a refused
    # unit leaves no trace): an interrupted import applies nothing, and the file's
    # changes reach the database with one commit instead of one per action.
    with store.write():
        for unit, _seg in applicable:
            _apply_unit(store, ws, review, unit, lang, user, result)
    return result


def _apply_unit(store, ws, review, unit: ImportedUnit, lang: str, user: str, result) -> None:
    sid = unit.segment_id
    changed = False
    try:
        with store.write():
            row = store.get_translation(sid, lang)
            edited = unit.target is not None and unit.target != row["target"]
            if edited and unit.version is not None and row["version"] != unit.version:
                raise ConflictError(
                    f"segment {sid} ({lang}) changed in the workspace since the export "
                    f"(version {unit.version} → {row['version']}, "
                    f"{state_name(row['state'])}: {row['target']!r})",
                    "Export again and redo this segment",
                )
            confirm = (
                not edited
                and unit.target is not None
                and unit.state is not None
                and row["state"] < TRANSLATED
            )
            if edited or confirm:
                review.translate_segment(
                    store, ws, sid, lang, unit.target, user=user, if_version=row["version"]
                )
                if edited:
                    result.translated += 1
                else:
                    result.confirmed += 1
                changed = True
    except ConflictError as exc:
        result.conflicts.append({"segment_id": sid, "reason": exc.message})
        return
    except L10nError as exc:
        result.refused.append({"segment_id": sid, "reason": exc.message})
        return
    if unit.state == APPROVED:
        current = store.get_translation(sid, lang)
        if current["state"] < APPROVED and current["target"]:
            try:
                review.approve_segments(store, ws, [sid], lang, user=user)
                result.approved += 1
                changed = True
            except L10nError as exc:
                kept = "translation kept, " if changed else ""
                result.refused.append(
                    {"segment_id": sid, "reason": f"{kept}not approved: {exc.message}"}
                )
                return
    if not changed:
        result.unchanged += 1

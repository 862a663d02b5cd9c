"""Translation memory from the bilingual files other tools write.

``l10n tm import`` takes TMX, and also:

- XLIFF 1.2 and 2.x from any tool (Trados ``.sdlxliff``, memoQ ``.mqxliff``, Xcode,
  Angular, Symfony, Okapi, OmegaT...): every unit (or, where the tool segmented it, every
  ``<mrk mtype="seg">`` pair) with a translation becomes a unit of the memory; units marked
  ``translate="no"`` and targets in state ``new``/``needs-translation`` (1.2) or
  ``initial`` (2.x), which tools fill with a copy of the source, are skipped. Inline
  elements become placeholders, paired by their ids between source and target (``g``,
  ``bx``/``ex``, ``bpt``/``ept``, ``pc``, ``sc``/``ec`` open and close; ``x``, ``ph``,
  ``it`` stand alone; ``mrk`` is transparent; ``cp`` is its character).
- gettext PO catalogues: every translated message that is not fuzzy (singular and plural
  forms), with its placeholders masked as the PO format masks them at ingest, so memory
  matches line up with the segments of an ingested catalogue.

Languages come from the file (XLIFF ``source-language``/``target-language``, ``srcLang``/
``trgLang``; the PO ``Language`` header); ``--from`` and ``--to`` give them when the file
does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from l10n.errors import InputError, L10nError
from l10n.fsutil import read_regular_file
from l10n.inline import KIND_CLOSE, KIND_OPEN, KIND_STANDALONE, PLACEHOLDER_RE, CodeBuilder
from l10n.interchange.tmx import TMXUnit, TMXVariant, _assemble, _Piece
from l10n.interchange.xmlsafe import parse_xml
from l10n.langs import normalize_lang

XLIFF_SUFFIXES = (".xlf", ".xliff", ".sdlxliff", ".mqxliff")
PO_SUFFIXES = (".po",)

# XLIFF 1.2 and 2.x inline elements: (kind, how a piece is linked to its partner).
_PAIRED = {"g", "pc"}  # content inside: open, content, close
_OPENERS = {"bpt", "bx", "sc"}
_CLOSERS = {"ept", "ex", "ec"}
_STANDALONE = {"x", "ph", "it"}
_TRANSPARENT = {"mrk", "sm", "em"}
# XLIFF 1.2 target states that say there is no translation yet.
_UNTRANSLATED = {"new", "needs-translation"}


def _lang(value: str | None, given: str | None, path: Path, what: str, option: str) -> str:
    """The file's ``value`` for a language, normalised; ``given`` (the option) when the file
    names none or one that is not a language code."""
    for raw in (value, given):
        if raw:
            try:
                return normalize_lang(raw)
            except L10nError:
                if raw is given:
                    raise InputError(
                        f"'{raw}' ({option}) is not a known language code",
                        "Use a BCP 47 code such as fr, en, es, ar, pt-BR or zh-Hans",
                    ) from None
    if value:
        raise InputError(
            f"{path}: '{value}' is not a known {what} language code",
            f"Pass the right one with {option} LANG",
        )
    raise InputError(f"{path} does not say its {what} language", f"Pass it with {option} LANG")


def lang_in_name(path: Path) -> str | None:
    """The language a file name carries before its extension (``messages.fr.xlf``,
    ``validators.de.xlf``, ``es.xliff``), as many tools name per-language files."""
    parts = path.name.split(".")
    if len(parts) < 2:
        return None
    part = parts[-2]
    if not 2 <= len(part) <= 10 or not part.replace("-", "").replace("_", "").isalpha():
        return None
    try:
        return normalize_lang(part)
    except L10nError:
        return None


def _pieces(el: etree._Element) -> list:
    """The content of an XLIFF <source>/<target>/<mrk> as text and code pieces."""
    out: list = []
    serial = [0]

    def link_of(child, tag: str) -> tuple:
        # XLIFF 1.2 pairs bpt/ept and bx/ex by rid (else the shared id); 2.x ec points
        # to its sc with startRef.
        ref = child.get("rid") or child.get("startRef") or child.get("id")
        return ("code", ref if ref is not None else f"{tag}{serial[0]}")

    def walk(node) -> None:
        if node.text:
            out.append(node.text)
        for child in node:
            if isinstance(child, (etree._Comment, etree._ProcessingInstruction)):
                if child.tail:
                    out.append(child.tail)
                continue
            tag = etree.QName(child).localname
            attrs = {"xliff": tag}
            if child.get("id") is not None:
                attrs["x"] = child.get("id")
            serial[0] += 1
            if tag in _PAIRED:
                link = ("pair", tag, child.get("id") or serial[0])
                out.append(_Piece(KIND_OPEN, "", tag, attrs, link))
                walk(child)
                out.append(_Piece(KIND_CLOSE, "", tag, dict(attrs), link))
            elif tag in _OPENERS or tag in _CLOSERS:
                link = link_of(child, tag)
                attrs["x"] = str(link[1])
                kind = KIND_OPEN if tag in _OPENERS else KIND_CLOSE
                out.append(_Piece(kind, "".join(child.itertext()), tag, attrs, link))
            elif tag in _STANDALONE:
                data = "".join(child.itertext()) or child.get("equiv-text") or ""
                out.append(_Piece(KIND_STANDALONE, data, tag, attrs, None))
            elif tag == "cp":
                try:
                    out.append(chr(int(child.get("hex") or "", 16)))
                except (ValueError, OverflowError):
                    pass  # not a code point: nothing to keep
            elif tag in _TRANSPARENT:
                walk(child)
            # anything else (a <sub> flow, an extension element) carries no text of its own
            if child.tail:
                out.append(child.tail)

    walk(el)
    return out


def _variant(lang: str, el: etree._Element, reference: list[dict] | None) -> TMXVariant:
    text, codes = _assemble(_pieces(el), reference)
    return TMXVariant(lang, text.strip(), codes)


def _segments(source: etree._Element, target: etree._Element, unit_source=None):
    """(source, target) element pairs of one unit: its <mrk mtype="seg"> segments when
    both sides are segmented the same way, else the whole elements."""
    base = unit_source if unit_source is not None else source

    def marks(el) -> dict[str, etree._Element]:
        return {
            m.get("mid"): m
            for m in el.iter()
            if isinstance(m.tag, str)
            and etree.QName(m).localname == "mrk"
            and m.get("mtype") == "seg"
            and m.get("mid") is not None
        }

    src_marks, tgt_marks = marks(base), marks(target)
    if src_marks and set(src_marks) == set(tgt_marks):
        return [(src_marks[mid], tgt_marks[mid]) for mid in src_marks]
    return [(source, target)]


def read_xliff_units(
    path: str | Path, *, source_lang: str | None = None, target_lang: str | None = None
) -> Iterator[TMXUnit]:
    """The translated units of an XLIFF 1.2 or 2.x file, as TMX units."""
    path = Path(path)
    data = read_regular_file(path, hint="Give the path of an XLIFF file")
    root = parse_xml(data, name=str(path)).getroot()
    if etree.QName(root).localname != "xliff":
        raise InputError(
            f"{path} is not an XLIFF file (its root element is <{etree.QName(root).localname}>)",
            "Give an XLIFF 1.2 or 2.x file, or a TMX or PO file",
        )
    version2 = (root.get("version") or "").startswith("2")
    for file_el in (e for e in root if isinstance(e.tag, str)):
        if etree.QName(file_el).localname != "file":
            continue
        holder = root if version2 else file_el
        declared_src = holder.get("srcLang" if version2 else "source-language")
        tgt_default = holder.get("trgLang" if version2 else "target-language")
        src = _lang(declared_src, source_lang, path, "source", "--from")
        tgt: str | None = None
        for unit in file_el.iter():
            if not isinstance(unit.tag, str):
                continue
            name = etree.QName(unit).localname
            if name not in ("trans-unit", "unit"):
                continue
            if unit.get("translate") == "no":  # the target, if any, is a copy
                yield TMXUnit(None, [], line=unit.sourceline)
                continue
            pairs = []
            if version2:
                for seg in unit:
                    if isinstance(seg.tag, str) and etree.QName(seg).localname == "segment":
                        target = _child(seg, "target")
                        if seg.get("state") == "initial":  # not translated yet
                            target = None
                        pairs.append((_child(seg, "source"), target))
            else:
                source = _child(unit, "source")
                target = _child(unit, "target")
                if target is not None and target.get("state") in _UNTRANSLATED:
                    target = None  # a tool's placeholder, often a copy of the source
                if source is not None and target is not None:
                    pairs = _segments(source, target, _child(unit, "seg-source"))
                else:
                    pairs = [(source, None)]
            for source, target in pairs:
                if source is None or target is None or not "".join(target.itertext()).strip():
                    yield TMXUnit(None, [], line=unit.sourceline)
                    continue
                if tgt is None:
                    given = target_lang or lang_in_name(path)
                    tgt = _lang(tgt_default, given, path, "target", "--to")
                head = _variant(src, source, None)
                body = _variant(tgt, target, head.codes)
                if head.text and body.text:
                    yield TMXUnit(head, [body], line=target.sourceline)


def _child(el: etree._Element, name: str) -> etree._Element | None:
    for child in el:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return child
    return None


def read_po_units(
    path: str | Path, text: str, *, source_lang: str, target_lang: str | None = None
) -> Iterator[TMXUnit]:
    """The translated, not fuzzy messages of a PO catalogue (``text``, decoded), as TMX
    units; placeholders masked as the PO format masks them at ingest. A message without
    a usable translation is a unit without target (counted as skipped)."""
    from l10n.formats.po import mask_placeholders, read_catalogue
    from l10n.interchange.po import declared_language, plural_slots

    path = Path(path)
    try:
        po = read_catalogue(text)
    except InputError as exc:
        raise InputError(f"{path}: {exc.message}", exc.hint) from exc
    declared = declared_language(po)
    src = _lang(source_lang, None, path, "source", "--from")
    tgt = _lang(declared, target_lang, path, "target", "--to") if declared else None
    one, other, _forms = plural_slots(po)

    def variant(lang: str, message: str, flags, reference: list[dict] | None) -> TMXVariant:
        codes = CodeBuilder()
        masked = mask_placeholders(message, codes, flags)
        by_id = {code.id: code for code in codes.codes}
        pieces: list = []
        pos = 0
        for match in PLACEHOLDER_RE.finditer(masked):
            pieces.append(masked[pos : match.start()])
            code = by_id[int(match.group(2))]
            pieces.append(_Piece(KIND_STANDALONE, code.data, "ph", {"x": code.data}, None))
            pos = match.end()
        pieces.append(masked[pos:])
        text_, codes_ = _assemble(pieces, reference)
        return TMXVariant(lang, text_.strip(), codes_)

    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        if "fuzzy" in entry.flags:
            yield TMXUnit(None, [], line=entry.linenum)
            continue
        if entry.msgid_plural:
            pairs = [
                (entry.msgid, entry.msgstr_plural.get(one, "")),
                (entry.msgid_plural, entry.msgstr_plural.get(other, "")),
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for msgid, msgstr in pairs:
            if not msgstr.strip():
                yield TMXUnit(None, [], line=entry.linenum)
                continue
            if tgt is None:
                tgt = _lang(None, target_lang, path, "target", "--to")
            head = variant(src, msgid, entry.flags, None)
            body = variant(tgt, msgstr, entry.flags, head.codes)
            if head.text and body.text:
                yield TMXUnit(head, [body], line=entry.linenum)

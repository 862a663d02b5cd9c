"""Gettext catalogues (.po, .pot) as a source format, through polib.

Every message is translatable text: ``msgid`` is one block and, for plural
messages, ``msgid_plural`` is a second one (one segment per source plural form).
printf and Python placeholders (``%s``, ``%'d``, ``%(name)s``, ``%1$d``, ``{0}``,
``{name}``) are standalone inline codes in every message, so translators and machine
translation cannot break them; a message's format flag adds its ecosystem's own
(``javascript-format`` ``{{name}}``, ``ruby-format`` ``%{name}``, ``qt-format`` ``%1``,
``objc-format`` ``%@``, ``sh-format`` ``${VAR}``/``$VAR``, ...). A newline inside a
message, with the next line's indentation, is a code too, so it is not folded into a
space like a wrapped line of prose. Code data is spelled as in the catalogue (``\\n``).
Comments, flags, references, ``msgctxt`` and obsolete entries are kept; ``msgctxt``
and extracted comments (``#. Translators: ...``) are also the block's meta, which the
review screen and the XLIFF export show translators. A catalogue defining a message
twice (same ``msgctxt`` and ``msgid``, or a second header) is refused, as msgfmt does.

Reassembly: the skeleton is the catalogue as polib writes it, with each
``msgstr`` holding its message's block, so the source-language export is the
catalogue with every ``msgstr`` equal to its ``msgid`` (valid for ``msgfmt -c``).
For a target language, :meth:`GettextFormat.finalize` turns that into the real
translated catalogue: a ``msgstr`` still equal to its ``msgid`` (no translation
reached the floor) is emptied, plural messages get as many ``msgstr[n]`` as the
target language has plural forms (from babel; the singular translation goes to
the form gettext picks for n = 1 when that form serves n = 1 alone or the singular
keeps the number, the plural translation to the others), and the
header gets ``Language``, ``Plural-Forms``, UTF-8 and ``X-Generator``. What the
ingested catalogue says about its own language stays out of target catalogues: its
``fuzzy`` flags (fuzzy comes only from l10n's states, see ``finalize``), ``#|``
previous messages, and the translations of obsolete ``#~`` entries (the entries stay,
with an empty ``msgstr``, so a later ``msgmerge`` can still revive them). The
translations a catalogue already holds are imported separately, for its language
only (:func:`l10n.interchange.po.import_catalogue_translations`).

Known limit: messages with the same ``msgid`` and different ``msgctxt`` share one
segment (one translation), like every repeated sentence of a release.
"""

from __future__ import annotations

import gettext
import re

import polib

from l10n import __version__
from l10n.errors import InputError
from l10n.formats.base import DocumentBuilder, Format, ParsedBlock, ParsedDocument
from l10n.inline import CodeBuilder
from l10n.langs import display_name, plural_forms
from l10n.states import NEEDS_WORK, PRETRANSLATED

_PRINTF = (
    r"%(?:\d+\$)?(?:\([A-Za-z_][\w.-]*\))?[-+#0'I]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsaAp%]"
)
_BRACE = r"\{[A-Za-z_0-9][\w.\[\]]*(?:![rsa])?(?::[^{}]*)?\}"
# Every message: printf (C, Python, PHP, ...) and Python/C#/Java brace placeholders.
PLACEHOLDER = re.compile(_PRINTF + "|" + _BRACE)
# Other ecosystems' placeholders, recognised where the message's flag names them
# (``#, javascript-format``), since in plain text they are ordinary words or symbols.
# Each is tried before the common patterns, so ``{{name}}`` is one code, not '{' + code + '}'.
_STYLE_PATTERNS = {
    "javascript": r"\{\{-?\s*[\w.\[\]]+(?:\s*,\s*[^{}]*)?\s*\}\}|%[sdifjoO%]",
    "ruby": r"%\{[A-Za-z_]\w*\}|%<[A-Za-z_]\w*>[-+#0 ]*\d*(?:\.\d+)?[a-zA-Z]",
    "qt": r"%L?\d{1,2}",
    "qt-plural": r"%L?n|%L?\d{1,2}",
    "kde": r"%\d{1,2}",
    "kde-kuit": r"%\d{1,2}",
    "boost": r"%\d+%|%\|[^|]*\|",
    "objc": r"%(?:\d+\$)?@",
    "sh": r"\$\{[A-Za-z_]\w*\}|\$[A-Za-z_]\w*",
    "perl": r"\$\{[A-Za-z_]\w*\}|\$[A-Za-z_]\w*",
    "perl-brace": r"\{[A-Za-z_]\w*\}",
    "php": r"%\d+\$[-+#0']*\d*(?:\.\d+)?[bcdeEfFgGosuxX]",
}
# A newline inside a message (with the next line's indentation): terminal output and
# help texts lay themselves out with it, so it is a code, not whitespace to fold.
_INNER_NEWLINE = r"(?:\r?\n[ \t]*)+"
_PATTERNS: dict[frozenset, re.Pattern] = {}


def placeholder_pattern(flags=()) -> re.Pattern:
    """The placeholders of a message with these flags (``c-format``, ``qt-format``...)."""
    styles = frozenset(
        f[: -len("-format")]
        for f in flags
        if f.endswith("-format")
        and not f.startswith("no-")
        and f[: -len("-format")] in _STYLE_PATTERNS
    )
    pattern = _PATTERNS.get(styles)
    if pattern is None:
        extra = [_STYLE_PATTERNS[s] for s in sorted(styles)]
        pattern = _PATTERNS[styles] = re.compile("|".join([*extra, _PRINTF, _BRACE]))
    return pattern


# The carrier's plural forms: msgstr[0] holds msgid, msgstr[1] msgid_plural.
CARRIER_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
_MARK = "\x00{}\x00"
_MARK_RE = re.compile("\x00(\\d+)\x00")
GENERATOR = f"l10n {__version__}"
_TEMPLATE_VALUES = {
    "PO-Revision-Date": "YEAR-MO-DA",
    "Last-Translator": "FULL NAME",
    "Language-Team": "LANGUAGE",
}


def mask_placeholders(text: str, codes: CodeBuilder, flags=()) -> str:
    """Mask a message's placeholders (by its format flags) and its inner newlines.

    A code's data is its PO spelling (``\\n``, ``\\"``): the catalogue is rebuilt by
    putting code data back verbatim between escaped text."""
    pattern = placeholder_pattern(flags)
    body_start = len(text) - len(text.lstrip())
    body_end = len(text.rstrip())
    out: list[str] = []
    pos = 0

    def placeholders_in(end: int) -> None:
        nonlocal pos
        for m in pattern.finditer(text, pos, end):
            out.append(codes.text(text[pos : m.start()]))
            out.append(codes.standalone(polib.escape(m.group(0)), "var"))
            pos = m.end()

    for m in re.finditer(_INNER_NEWLINE, text[:body_end]):
        if m.start() <= body_start:
            continue
        placeholders_in(m.start())
        out.append(codes.text(text[pos : m.start()]))
        out.append(codes.standalone(polib.escape(m.group(0)), "br"))
        pos = m.end()
    placeholders_in(len(text))
    out.append(codes.text(text[pos:]))
    return "".join(out)


def message_notes(entry: polib.POEntry) -> dict:
    """What a translator should know about a message: its context and the comments its
    developers extracted for translators (``#. Translators: ...``)."""
    meta = {}
    if entry.msgctxt:
        meta["msgctxt"] = entry.msgctxt
    if entry.comment:
        meta["comment"] = entry.comment
    return meta


_KEY_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"\s*$')
_MORE_LINE = re.compile(r'^"(.*)"\s*$')


def refuse_duplicate_messages(text: str) -> None:
    """Refuse a catalogue defining one message twice (same msgctxt and msgid), as
    ``msgfmt`` does: which definition wins is undefined, and a second empty msgid is a
    second header. Obsolete (``#~``) entries are history and not checked."""
    seen: dict[tuple[str | None, str], int] = {}
    field = None
    ctxt: str | None = None
    msgid: str | None = None
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        m = _KEY_LINE.match(line)
        if m:
            field, value = m.group(1), polib.unescape(m.group(2))
            if field == "msgctxt":
                ctxt, start = value, number
            elif field == "msgid":
                msgid, start = value, start if ctxt is not None else number
            elif msgid is not None:
                key = (ctxt, msgid)
                if key in seen:
                    what = (
                        "a second header (empty msgid)"
                        if key == (None, "")
                        else (
                            f'a second definition of msgid "{msgid[:60]}"'
                            + (f' in context "{ctxt}"' if ctxt is not None else "")
                        )
                    )
                    raise InputError(
                        f"the catalogue has {what} at line {start} "
                        f"(first defined at line {seen[key]})",
                        "Merge or remove the duplicate message ('msguniq' lists them)",
                    )
                seen[key] = start
                ctxt = msgid = None
            continue
        m = _MORE_LINE.match(line)
        if m and field in ("msgctxt", "msgid"):
            value = polib.unescape(m.group(1))
            if field == "msgctxt" and ctxt is not None:
                ctxt += value
            elif field == "msgid" and msgid is not None:
                msgid += value
        elif not m:
            field = None if not line.strip() or line.startswith("#") else field


# A keyword line or a continuation line holds exactly one complete C string.
_STRING_LINE = re.compile(r'^(?:msg\w+(?:\[\d+\])?\s+)?"(?:[^"\\]|\\.)*"\s*$')


def _check_strings(text: str) -> None:
    """Refuse what msgfmt refuses and polib reads silently: an unterminated string."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith(("#~", "#|")):
            line = line[2:].strip()
        elif line.startswith("#"):
            continue
        if line.startswith(("msg", '"')) and not _STRING_LINE.match(line):
            raise InputError(
                f"the catalogue cannot be read (line {number}: a string is not terminated or "
                "has text after it)",
                "Check the catalogue with 'msgfmt -c FILE' and fix that line",
            )


def read_catalogue(text: str) -> polib.POFile:
    _check_strings(text)
    try:
        return polib.pofile(text, encoding="utf-8", wrapwidth=78)
    except (OSError, ValueError) as exc:
        raise InputError(
            f"the catalogue cannot be read ({exc})",
            "Check it with 'msgfmt -c FILE' and fix the line it names",
        ) from exc


def _fix_template_header(meta: dict) -> None:
    meta["Content-Type"] = "text/plain; charset=UTF-8"
    meta["Content-Transfer-Encoding"] = "8bit"
    meta.setdefault("MIME-Version", "1.0")
    if meta.get("PO-Revision-Date", "YEAR").startswith("YEAR"):
        meta["PO-Revision-Date"] = meta.get("POT-Creation-Date") or "1970-01-01 00:00+0000"
    if meta.get("Last-Translator", "FULL NAME").startswith("FULL NAME"):
        meta["Last-Translator"] = "l10n"
    if meta.get("Language-Team", "LANGUAGE").startswith("LANGUAGE"):
        meta["Language-Team"] = meta.get("Language") or "none"
    if meta.get("Project-Id-Version", "PACKAGE VERSION") == "PACKAGE VERSION":
        meta["Project-Id-Version"] = "l10n"


class GettextFormat(Format):
    name = "gettext"
    extensions = (".po", ".pot")
    description = "gettext catalogue (msgid/msgid_plural as segments, placeholders as codes)"

    def escape(self, text: str) -> str:
        return polib.escape(text)

    def parse(self, text: str) -> ParsedDocument:
        po = read_catalogue(text)
        blocks: list[ParsedBlock] = []

        def block(msgid: str, kind: str, entry: polib.POEntry) -> str:
            codes = CodeBuilder()
            masked = mask_placeholders(msgid, codes, entry.flags)
            blocks.append(ParsedBlock(kind, masked, codes.codes, message_notes(entry)))
            return _MARK.format(len(blocks) - 1)

        refuse_duplicate_messages(text)
        for entry in po:
            if entry.obsolete or not entry.msgid:
                continue
            if entry.msgid_plural:
                entry.msgstr = ""
                entry.msgstr_plural = {
                    0: block(entry.msgid, "message", entry),
                    1: block(entry.msgid_plural, "message_plural", entry),
                }
            else:
                entry.msgstr = block(entry.msgid, "message", entry)
        meta = po.metadata
        project = meta.get("Project-Id-Version", "")
        title = project if project and project != "PACKAGE VERSION" else None
        _fix_template_header(meta)
        if any(e.msgid_plural for e in po if not e.obsolete):
            meta["Plural-Forms"] = CARRIER_PLURAL_FORMS
        carrier = str(po)
        if not carrier.endswith("\n"):
            carrier += "\n"
        out = DocumentBuilder()
        pos = 0
        for m in _MARK_RE.finditer(carrier):
            out.literal(carrier[pos : m.start()])
            out.block(blocks[int(m.group(1))])
            pos = m.end()
        out.literal(carrier[pos:])
        return out.build(title=title)

    def finalize(self, text: str, lang: str, source_lang: str, meta: dict) -> str:
        """The target-language catalogue. ``meta["block_states"]``, when the exporter
        passes it, is the lowest translation state of each block's segments (block
        order): messages whose translation is pretranslated or needs work are fuzzy.
        The source catalogue's own fuzzy flags, ``#|`` previous messages and obsolete
        translations belong to its language and are left out."""
        po = read_catalogue(text)
        block_states = meta.get("block_states")
        block = 0
        nplurals, expr = plural_forms(lang)
        rule = gettext.c2py(expr)
        one = rule(1)
        # The singular may leave out the number only where its form serves n = 1 alone.
        one_alone = all(rule(n) != one for n in range(0, 1001) if n != 1)
        for entry in po:
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            if entry.obsolete:
                entry.msgstr = ""
                entry.msgstr_plural = {i: "" for i in entry.msgstr_plural}
                continue
            if not entry.msgid:
                continue
            blocks = 2 if entry.msgid_plural else 1
            states = block_states[block : block + blocks] if block_states else []
            block += blocks
            if entry.msgid_plural:
                single = entry.msgstr_plural.get(0, "")
                plural = entry.msgstr_plural.get(1, "")
                single = "" if single == entry.msgid else single
                plural = "" if plural == entry.msgid_plural else plural
                if single or plural:
                    single, plural = single or plural, plural or single
                    pattern = placeholder_pattern(entry.flags)
                    same_codes = sorted(pattern.findall(single)) == sorted(pattern.findall(plural))
                    if not (one_alone or same_codes):
                        single = plural
                entry.msgstr_plural = {i: (single if i == one else plural) for i in range(nplurals)}
            elif entry.msgstr == entry.msgid:
                entry.msgstr = ""
            translated = entry.msgstr or any(entry.msgstr_plural.values())
            if translated and any(s in (NEEDS_WORK, PRETRANSLATED) for s in states if s):
                entry.flags.insert(0, "fuzzy")
        header = po.metadata
        header["Language"] = lang.replace("-", "_")
        header["Plural-Forms"] = f"nplurals={nplurals}; plural={expr};"
        if header.get("Language-Team") in (None, "", "none"):
            header["Language-Team"] = display_name(lang)
        header["X-Generator"] = GENERATOR
        po.metadata_is_fuzzy = False
        out = str(po)
        return out if out.endswith("\n") else out + "\n"

"""Gettext catalogues (.po, .pot) as a source format, through polib.

Every message is translatable text: ``msgid`` is one block and, for plural
messages, ``msgid_plural`` is a second one (one segment per source plural form).
printf and Python placeholders (``%s``, ``%(name)s``, ``%1$d``, ``{0}``, ``{name}``)
are standalone inline codes, so translators and machine translation cannot break
them. Comments, flags, references, ``msgctxt`` and obsolete entries are kept.

Reassembly: the skeleton is the catalogue as polib writes it, with each
``msgstr`` holding its message's block, so the source-language export is the
catalogue with every ``msgstr`` equal to its ``msgid`` (valid for ``msgfmt -c``).
For a target language, :meth:`GettextFormat.finalize` turns that into the real
translated catalogue: a ``msgstr`` still equal to its ``msgid`` (no translation
reached the floor) is emptied, plural messages get as many ``msgstr[n]`` as the
target language has plural forms (from babel; the singular translation goes to
the form gettext picks for n = 1 when that form serves n = 1 alone or the singular
keeps the number, the plural translation to the others), and the
header gets ``Language``, ``Plural-Forms``, UTF-8 and ``X-Generator``.

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

PLACEHOLDER = re.compile(
    r"%(?:\d+\$)?(?:\([A-Za-z_][\w.-]*\))?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsaAp%]"
    r"|\{[A-Za-z_0-9][\w.\[\]]*(?:![rsa])?(?::[^{}]*)?\}"
)
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


def mask_placeholders(text: str, codes: CodeBuilder) -> str:
    out: list[str] = []
    pos = 0
    for m in PLACEHOLDER.finditer(text):
        out.append(codes.text(text[pos : m.start()]))
        out.append(codes.standalone(m.group(0), "var"))
        pos = m.end()
    out.append(codes.text(text[pos:]))
    return "".join(out)


def read_catalogue(text: str) -> polib.POFile:
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
            meta = {"msgctxt": entry.msgctxt} if entry.msgctxt else {}
            blocks.append(ParsedBlock(kind, mask_placeholders(msgid, codes), codes.codes, meta))
            return _MARK.format(len(blocks) - 1)

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
        po = read_catalogue(text)
        nplurals, expr = plural_forms(lang)
        rule = gettext.c2py(expr)
        one = rule(1)
        # The singular may leave out the number only where its form serves n = 1 alone.
        one_alone = all(rule(n) != one for n in range(0, 1001) if n != 1)
        for entry in po:
            if entry.obsolete or not entry.msgid:
                continue
            if entry.msgid_plural:
                single = entry.msgstr_plural.get(0, "")
                plural = entry.msgstr_plural.get(1, "")
                single = "" if single == entry.msgid else single
                plural = "" if plural == entry.msgid_plural else plural
                if single or plural:
                    single, plural = single or plural, plural or single
                    same_codes = sorted(PLACEHOLDER.findall(single)) == sorted(
                        PLACEHOLDER.findall(plural)
                    )
                    if not (one_alone or same_codes):
                        single = plural
                entry.msgstr_plural = {i: (single if i == one else plural) for i in range(nplurals)}
            elif entry.msgstr == entry.msgid:
                entry.msgstr = ""
        header = po.metadata
        header["Language"] = lang.replace("-", "_")
        header["Plural-Forms"] = f"nplurals={nplurals}; plural={expr};"
        if header.get("Language-Team") in (None, "", "none"):
            header["Language-Team"] = display_name(lang)
        header["X-Generator"] = GENERATOR
        po.metadata_is_fuzzy = False
        out = str(po)
        return out if out.endswith("\n") else out + "\n"

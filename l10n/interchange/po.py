"""PO export: one gettext catalogue per release and language, through polib.

- Header: ``Language``, ``Plural-Forms`` (from babel), ``Content-Type`` UTF-8,
  ``X-Generator: l10n <version>``, ``Project-Id-Version: <release>@<version>``; the
  dates and ``Last-Translator`` come from the data (the version's ingest time, the
  latest change in the language), never from the clock, so exporting unchanged
  content twice gives the same bytes.
- One entry per segment, in document order, ``msgctxt`` = the stable segment id, so
  repeated sentences never collide; inline codes are written back as the source's
  own markup (an HTML release gives HTML snippets, escaped as HTML).
- ``msgstr`` holds the target when the translation is at least ``min_state``.
  Pretranslated and needs-work translations (and others below ``min_state``) are
  written with ``#, fuzzy``: gettext does not use them, translators see them.
  Rejected and untranslated segments have an empty ``msgstr``.
- Review comments become translator comments (``# ``); what the source document
  tells translators (a catalogue's ``msgctxt`` and ``#.`` comments) becomes extracted
  comments (``#. ``).
"""

from __future__ import annotations

import gettext
import json
import re
from dataclasses import dataclass

import polib

from l10n import __version__
from l10n.errors import L10nError
from l10n.formats import FORMATS, get_format
from l10n.formats.po import mask_placeholders, read_catalogue
from l10n.inline import PLACEHOLDER_RE, CodeBuilder, InlineCode, token, token_kind, unmask
from l10n.interchange import register_exporter
from l10n.interchange.xliff import source_notes
from l10n.langs import display_name, normalize_lang, plural_forms, primary
from l10n.review import check_placeholders
from l10n.states import NEEDS_WORK, PRETRANSLATED, TRANSLATED, UNTRANSLATED, state_name
from l10n.store import utcnow

GENERATOR = f"l10n {__version__}"


def po_date(stamp: str | None) -> str:
    """ISO time from the store → PO header date (``2026-02-01 10:00+0000``)."""
    if not stamp:
        return "1970-01-01 00:00+0000"
    return stamp[:10] + " " + stamp[11:16] + "+0000"


def render_text(text: str, codes_json: str | list, escape=None, po_codes: bool = False) -> str:
    """Segment text with its inline codes written back as the source markup.
    ``po_codes``: the codes come from a catalogue and are spelled as in one (``\\n``),
    so they are unescaped into the message text."""
    raw = json.loads(codes_json) if isinstance(codes_json, str) else codes_json
    codes = [InlineCode.from_json(c) for c in raw]
    if po_codes:
        for code in codes:
            code.data = polib.unescape(code.data)
    return unmask(text, codes, escape=escape)


def _markup_escape(release: dict):
    """The source format's escaping for text between codes (HTML: ``&amp;``, ``&lt;``)."""
    if release["format"] not in FORMATS or release["format"] == "gettext":
        return None
    fmt = get_format(release["format"])
    fmt.continuation({})
    return fmt.escape


def _match_newlines(msgid: str, msgstr: str) -> str:
    """gettext requires msgid and msgstr to agree on a leading and a trailing newline."""
    if not msgstr:
        return msgstr
    if msgid.startswith("\n") != msgstr.startswith("\n"):
        msgstr = "\n" + msgstr if msgid.startswith("\n") else msgstr.lstrip("\n")
    if msgid.endswith("\n") != msgstr.endswith("\n"):
        msgstr = msgstr + "\n" if msgid.endswith("\n") else msgstr.rstrip("\n")
    return msgstr


def catalogue_header(store, release: dict, lang: str, rows: list[dict]) -> dict[str, str]:
    version = store.current_version(release["id"])
    nplurals, expr = plural_forms(lang)
    changed = [r for r in rows if r.get("updated_at")]
    latest = max(changed, key=lambda r: r["updated_at"]) if changed else None
    return {
        "Project-Id-Version": f"{release['slug']}@{release['current_version']}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": po_date(version["ingested_at"]),
        "PO-Revision-Date": po_date(latest["updated_at"] if latest else version["ingested_at"]),
        "Last-Translator": (latest["author"] if latest and latest["author"] else "l10n"),
        "Language-Team": display_name(lang),
        "Language": lang.replace("-", "_"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": f"nplurals={nplurals}; plural={expr};",
        "X-Generator": GENERATOR,
    }


@register_exporter("po")
def export_po(store, release: dict, lang: str, *, min_state: int, options: dict) -> bytes:
    is_source = lang == release["source_lang"]
    rows = (
        store.segment_rows(release["id"]) if is_source else store.segment_rows(release["id"], lang)
    )
    escape = _markup_escape(release)
    gettext = release["format"] == "gettext"
    po = polib.POFile(wrapwidth=options.get("wrapwidth", 78))
    po.metadata = catalogue_header(store, release, lang, [] if is_source else rows)
    from_source = source_notes(store, release["id"])
    for row in rows:
        msgid = render_text(row["source"], row["codes"], escape, gettext)
        entry = polib.POEntry(msgctxt=str(row["id"]), msgid=msgid, msgstr="")
        entry.comment = "\n".join(text for _kind, text in from_source.get(row["id"], []))
        target, state = row.get("target"), row.get("state") or 0
        if target and state >= NEEDS_WORK:
            entry.msgstr = _match_newlines(
                msgid, render_text(target, row["codes"], escape, gettext)
            )
            if state in (NEEDS_WORK, PRETRANSLATED) or state < min_state:
                entry.flags.append("fuzzy")
        if not is_source:
            notes = [
                f"{c['user']} ({c['at'][:10]}): {c['text']}"
                for c in store.segment_comments(row["id"], lang)
            ]
            if state and not target:
                notes.append(f"state: {state_name(state)}")
            if notes:
                entry.tcomment = "\n".join(notes)
        po.append(entry)
    return str(po).encode("utf-8")


# -- translations already in an ingested catalogue ------------------------------------------

IMPORT_ORIGIN = "import:po"
_LANGUAGE_HEADER = re.compile(r'^"Language(?:-Team)?:[ \t]*([^"\\]*)', re.M)
# The Translation Project's team address (``Japanese <ja@li.org>``), and the team
# name alone (``Language-Team: Russian``), as catalogues older than gettext 0.17 (no
# ``Language`` header) and many Poedit-saved ones name their language.
_TEAM_ADDRESS = re.compile(r"<([a-z]{2,3}(?:_[A-Za-z]{2,4})?(?:@\w+)?)@")


def _team_language(team: str) -> str | None:
    m = _TEAM_ADDRESS.search(team)
    if m:
        return m.group(1)
    name = team.split("<")[0].strip().lower()
    if not name:
        return None
    from babel import Locale

    english = Locale("en").languages
    for code, label in english.items():
        if label.lower() == name and "_" not in code:
            return code
    return None


def _catalogue_lang(po: polib.POFile, target_langs: list[str]) -> str | None:
    """The workspace target language the catalogue's ``Language`` header names (or,
    without one, its ``Language-Team``)."""
    declared = declared_language(po)
    if not declared:
        return None
    try:
        lang = normalize_lang(declared)
    except L10nError:
        return None
    targets = [normalize_lang(t) for t in target_langs]
    if lang in targets:
        return lang
    # fr_FR for a workspace translating into fr (or fr for fr-FR): the one target of that
    # language, unless both name different regions.
    same = [t for t in targets if primary(t) == primary(lang)]
    if len(same) == 1 and primary(lang) in (lang, same[0]):
        return same[0]
    return None


@dataclass
class CatalogueTranslations:
    """What :func:`import_catalogue_translations` did."""

    written: int = 0
    lang: str | None = None
    # Plural messages whose catalogue has forms l10n does not keep (more forms than
    # singular and plural, with their own text): (count, forms in the catalogue).
    dropped_forms: tuple[int, int] = (0, 0)

    def notes(self, path: str) -> list[str]:
        count, forms = self.dropped_forms
        if not count:
            return []
        return [
            f"{path}: {count} plural message{'s' if count > 1 else ''} in {self.lang} "
            f"{'have' if count > 1 else 'has'} {forms} forms; l10n keeps the singular and "
            "the general plural translation, and the export repeats the plural one in the "
            "other forms: check those in the published catalogue"
        ]


def plural_slots(po: polib.POFile) -> tuple[int, int, int]:
    """The catalogue's form of the singular (n = 1), of the general plural (the last: CLDR
    and gettext list it last) and its number of forms, by its Plural-Forms header; (0, 1,
    2) without a usable one."""
    m = re.search(
        r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+)", po.metadata.get("Plural-Forms", "")
    )
    if not m:
        return 0, 1, 2
    try:
        nplurals, rule = int(m.group(1)), gettext.c2py(m.group(2).strip())
        return rule(1), nplurals - 1, nplurals
    except (ValueError, SyntaxError):
        return 0, 1, 2


def declared_language(po: polib.POFile) -> str | None:
    """The language code the catalogue's ``Language`` header (or, without one, its
    ``Language-Team``) names, without encoding or variant (``ru_RU.KOI8-R`` → ``ru-RU``)."""
    declared = (po.metadata.get("Language") or "").strip()
    if not declared:
        declared = _team_language(po.metadata.get("Language-Team") or "") or ""
    return declared.replace("_", "-").split("@")[0].split(".")[0] or None


def _message_translations(
    po: polib.POFile,
) -> tuple[list[tuple[polib.POEntry, str | None]], tuple[int, int]]:
    """Per block of the gettext format (message, then plural message, in catalogue
    order), the entry and the catalogue's translation of it (None: none usable); and how
    many plural messages have translated forms besides those two (with the form count)."""
    one, other, nplurals = plural_slots(po)
    out: list[tuple[polib.POEntry, str | None]] = []
    dropped = 0
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        usable = "fuzzy" not in entry.flags
        if entry.msgid_plural:
            forms_ = entry.msgstr_plural
            out.append((entry, forms_.get(one) if usable else None))
            out.append((entry, forms_.get(other) if usable else None))
            general = forms_.get(other)
            if usable and any(
                text and text != general for i, text in forms_.items() if i not in (one, other)
            ):
                dropped += 1
        else:
            out.append((entry, entry.msgstr if usable else None))
    return out, (dropped, nplurals)


def _as_segment_text(msgstr: str, entry: polib.POEntry, block_codes: list) -> str | None:
    """A catalogue translation in segment form: its placeholders as the source's codes
    (None when it uses one the source message does not have)."""
    codes = CodeBuilder()
    masked = mask_placeholders(msgstr, codes, entry.flags)
    by_data: dict[str, list[int]] = {}
    for code in block_codes:
        by_data.setdefault(code.data, []).append(code.id)
    mapping: dict[int, int] = {}
    for code in codes.codes:
        ids = by_data.get(code.data)
        if not ids:
            return None
        mapping[code.id] = ids.pop(0) if len(ids) > 1 else ids[0]
    text = PLACEHOLDER_RE.sub(lambda t: token(mapping[int(t.group(2))], token_kind(t)), masked)
    return text.strip()


def import_catalogue_translations(
    store, release_id: int, text: str, *, target_langs: list[str], user: str
) -> CatalogueTranslations:
    """Offer the translations an ingested catalogue already holds (its ``Language``
    header names a workspace target language) as that language's translations:
    state ``translated``, origin ``import:po``, one history row each. Only untranslated
    segments are filled, fuzzy messages are left out, and only messages that are one
    segment (a message split into several sentences has no sentence alignment)."""
    # Most catalogues ingested are templates: look at the header before parsing again.
    declared = [m.group(1).strip() for m in _LANGUAGE_HEADER.finditer(text[:8192])]
    if not any(d and not d.startswith("LANGUAGE") for d in declared):
        return CatalogueTranslations()
    po = read_catalogue(text)
    lang = _catalogue_lang(po, target_langs)
    if lang is None:
        return CatalogueTranslations()
    version = store.current_version(release_id)
    blocks = store.version_blocks(version["id"])
    messages, dropped = _message_translations(po)
    if len(messages) != len(blocks):
        return CatalogueTranslations(lang=lang)
    sources = store.segment_sources(release_id)
    found: dict[int, str] = {}
    for block, (entry, msgstr) in zip(blocks, messages, strict=True):
        if not msgstr:
            continue
        layout = json.loads(block["layout"])
        segs = [p for p in layout if not isinstance(p, str)]
        gaps = [p for p in layout if isinstance(p, str)]
        if len(segs) != 1 or any(g.strip() for g in gaps):
            continue
        seg_id = segs[0][0] if isinstance(segs[0], list) else segs[0]
        codes = [InlineCode.from_json(c) for c in json.loads(block["codes"])]
        target = _as_segment_text(msgstr, entry, codes)
        if not target or seg_id in found or seg_id not in sources:
            continue
        try:
            check_placeholders(sources[seg_id], target, seg_id)
        except L10nError:
            continue
        found[seg_id] = target
    written = 0
    now = utcnow()
    with store.write():
        for seg_id, target in found.items():
            row = store.get_translation(seg_id, lang)
            if row is None or row["state"] != UNTRANSLATED:
                continue
            store.change_translation(
                seg_id,
                lang,
                target=target,
                state=TRANSLATED,
                origin=IMPORT_ORIGIN,
                user=user,
                action="import",
                now=now,
                reason="translation in the ingested catalogue",
            )
            written += 1
    return CatalogueTranslations(written, lang, dropped)

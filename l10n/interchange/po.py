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
- Review comments become translator comments (``# ``).
"""

from __future__ import annotations

import polib

from l10n import __version__
from l10n.formats import FORMATS, get_format
from l10n.inline import InlineCode, unmask
from l10n.interchange import register_exporter
from l10n.langs import display_name, plural_forms
from l10n.states import NEEDS_WORK, PRETRANSLATED, state_name

GENERATOR = f"l10n {__version__}"


def po_date(stamp: str | None) -> str:
    """ISO time from the store → PO header date (``2026-02-01 10:00+0000``)."""
    if not stamp:
        return "1970-01-01 00:00+0000"
    return stamp[:10] + " " + stamp[11:16] + "+0000"


def render_text(text: str, codes_json: str | list, escape=None) -> str:
    """Segment text with its inline codes written back as the source markup."""
    import json

    raw = json.loads(codes_json) if isinstance(codes_json, str) else codes_json
    codes = [InlineCode.from_json(c) for c in raw]
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
    po = polib.POFile(wrapwidth=options.get("wrapwidth", 78))
    po.metadata = catalogue_header(store, release, lang, [] if is_source else rows)
    for row in rows:
        msgid = render_text(row["source"], row["codes"], escape)
        entry = polib.POEntry(msgctxt=str(row["id"]), msgid=msgid, msgstr="")
        target, state = row.get("target"), row.get("state") or 0
        if target and state >= NEEDS_WORK:
            entry.msgstr = _match_newlines(msgid, render_text(target, row["codes"], escape))
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

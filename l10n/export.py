"""Export a release in one language: the reassembled document, or an interchange file."""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass

from l10n.document import StoredBlock, block_states, rebuild
from l10n.errors import UsageError
from l10n.formats import FORMATS, get_format
from l10n.inline import InlineCode
from l10n.interchange import load_exporters
from l10n.langs import normalize_lang
from l10n.states import APPROVED, PRETRANSLATED
from l10n.store import Store


@dataclass
class ExportResult:
    slug: str
    lang: str
    format: str
    content: bytes
    segments: int  # segment occurrences in the document
    translated: int
    fallback: int  # occurrences that fell back to the source text


def load_blocks(store: Store, version_id: int) -> list[StoredBlock]:
    return [
        StoredBlock(
            json.loads(b["layout"]),
            [InlineCode.from_json(c) for c in json.loads(b["codes"])],
            json.loads(b["meta"]),
        )
        for b in store.version_blocks(version_id)
    ]


def export_release(
    store: Store,
    slug: str,
    lang: str,
    *,
    format_name: str | None = None,
    min_state: int | None = None,
    options: dict | None = None,
) -> ExportResult:
    release = store.require_release(slug)
    lang = normalize_lang(lang)
    if lang != release["source_lang"]:
        langs = store.translation_langs(release["id"])
        if lang not in langs:
            # Most likely a typo in a pipeline: exporting the source text under another
            # language's name would publish an untranslated page.
            raise UsageError(
                f"release '{slug}' is not translated into {lang}",
                "Use its source language "
                + release["source_lang"]
                + (" or one of: " + ", ".join(langs) if langs else ""),
            )
    fmt_name = format_name or release["format"]
    if min_state is None:
        # A memory exchanged with other tools holds reviewed work only.
        min_state = APPROVED if fmt_name == "tmx" else PRETRANSLATED
    exporters = load_exporters()
    if fmt_name in exporters and fmt_name not in FORMATS:
        data = exporters[fmt_name](store, release, lang, min_state=min_state, options=options or {})
        return ExportResult(release["slug"], lang, fmt_name, data, 0, 0, 0)
    if fmt_name in FORMATS and fmt_name != release["format"]:
        raise UsageError(
            f"release '{slug}' is a {release['format']} document, "
            f"it cannot be rebuilt as {fmt_name}",
            f"Use --format {release['format']}, or an interchange format: "
            + ", ".join(sorted(exporters)),
        )
    if fmt_name not in FORMATS:
        raise UsageError(
            f"unknown export format '{fmt_name}'",
            "Use one of: " + ", ".join([release["format"], *sorted(exporters)]),
        )
    fmt = get_format(fmt_name)
    version = store.current_version(release["id"])
    blocks = load_blocks(store, version["id"])
    sources = store.segment_sources(release["id"])
    is_source = lang == release["source_lang"]
    targets = {} if is_source else store.translation_targets(release["id"], lang, min_state)
    result = rebuild(json.loads(version["skeleton"]), blocks, fmt, sources, targets)
    text = result.text
    if not is_source:
        meta = json.loads(version["meta"])
        states = {r["id"]: r["state"] for r in store.segment_rows(release["id"], lang)}
        meta["block_states"] = block_states([b.layout for b in blocks], states)
        text = fmt.finalize(text, lang, release["source_lang"], meta)
    elif fmt_name == "html" and codecs.lookup(version["encoding"]).name != "utf-8":
        # Exports are UTF-8, so a page read as windows-1252 (or UTF-16) is re-encoded even
        # in its own language: its charset declaration must say utf-8 too, or browsers
        # read the UTF-8 bytes as mojibake. (Gettext carriers already declare UTF-8.)
        text = fmt.finalize(text, lang, release["source_lang"], json.loads(version["meta"]))
    data = text.encode("utf-8")
    if version["bom"] and version["encoding"].startswith("utf-8"):
        data = b"\xef\xbb\xbf" + data
    return ExportResult(
        slug,
        lang,
        fmt_name,
        data,
        result.translated + result.fallback,
        0 if is_source else result.translated,
        0 if is_source else result.fallback,
    )

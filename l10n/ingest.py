"""Ingest: read a source file, parse it, segment it and store a release version."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from l10n.document import plan_segments
from l10n.errors import InputError, UsageError
from l10n.formats import format_for_path, get_format
from l10n.fsutil import read_regular_file
from l10n.glossary import refresh_hits
from l10n.inline import strip_codes
from l10n.interchange.po import CatalogueTranslations, import_catalogue_translations
from l10n.langs import normalize_lang
from l10n.store import Store, utcnow
from l10n.store.releases import NewBlock, NewOccurrence, NewVersion

_SLUG_OK = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# Below this similarity a changed sentence is treated as new rather than as an edit.
CHANGED_SEGMENT_MIN_SIMILARITY = 60.0
# Source files larger than this are refused before being read: a release is a document a
# team translates, not a data dump (32 MiB of text is several thousand pages).
MAX_SOURCE_BYTES = 32 * 1024 * 1024
# A "sentence" longer than this is not one (minified markup, a data line, a missing
# paragraph structure): no translator, engine or TM lookup can work with it.
MAX_SEGMENT_CHARS = 20_000


@dataclass
class DecodedSource:
    text: str
    encoding: str
    bom: bool
    checksum: str


@dataclass
class IngestResult:
    slug: str
    version: int
    status: str  # created | updated | unchanged
    format: str
    blocks: int
    segments: int
    words: int
    new_segments: int
    kept_segments: int
    retired_segments: int
    needs_work: int
    imported_translations: int = 0  # translations a catalogue already held (gettext)
    imported_lang: str | None = None  # their language
    notes: list[str] = field(default_factory=list)  # what the user should know, one line each


def decode_source(path: Path, data: bytes, encoding: str | None = None) -> DecodedSource:
    checksum = hashlib.sha256(data).hexdigest()
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError(
                f"unknown encoding '{encoding}'",
                "Use a Python codec name such as utf-8, cp1252, latin-1",
            ) from None
        bom = False
        if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig") and data.startswith(
            codecs.BOM_UTF8
        ):
            data, bom, encoding = data[3:], True, "utf-8"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path} cannot be decoded as {encoding} "
                f"(byte 0x{data[exc.start]:02x} at offset {exc.start})",
                "Check the file's encoding and pass the right one with --encoding",
            ) from exc
        return DecodedSource(text, encoding, bom, checksum)
    for bom_bytes, name in _BOMS:
        if data.startswith(bom_bytes):
            try:
                text = data[len(bom_bytes) :].decode(name)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path} starts with a {name} byte-order mark but is not valid {name} "
                    f"(offset {exc.start + len(bom_bytes)})",
                    "Re-save the file as UTF-8",
                ) from exc
            return DecodedSource(text, name, True, checksum)
    if b"\x00" in data:
        sample = data[:4096]
        even_zero = sample[0::2].count(0)
        odd_zero = sample[1::2].count(0)
        half = max(1, len(sample) // 2)
        if odd_zero > 0.3 * half or even_zero > 0.3 * half:
            guess = "utf-16-le" if odd_zero > even_zero else "utf-16-be"
            raise InputError(
                f"{path} looks like UTF-16 without a byte-order mark",
                f"Pass --encoding {guess}, or re-save it as UTF-8",
            )
        raise InputError(f"{path} is a binary file, not text", "Ingest a .txt or .md file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path} is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            "Pass its encoding with --encoding, e.g. --encoding cp1252 or --encoding latin-1",
        ) from exc
    return DecodedSource(text, "utf-8", False, checksum)


_DECLARED_CHARSET = {
    # gettext: the header's Content-Type.
    "gettext": re.compile(rb'"Content-Type:[^"\n]*charset=([A-Za-z0-9_.:-]+)', re.I),
    # HTML: <meta charset=...> or <meta http-equiv="Content-Type" content="...; charset=...">.
    "html": re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I),
}


def declared_charset(data: bytes, format_name: str) -> str | None:
    """The charset a catalogue's header or a page's <meta> declares, if it is a codec.

    Older catalogues (GNU projects, Poedit before 1.5) are ISO-8859-x or KOI8 and legacy
    pages windows-1252 or ISO-8859-x, and they say so; templates say ``charset=CHARSET``,
    which is no codec.
    """
    pattern = _DECLARED_CHARSET.get(format_name)
    m = pattern.search(data[:65536]) if pattern else None
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None


def read_source_file(
    path: str | Path, encoding: str | None = None, *, format_name: str | None = None
) -> DecodedSource:
    path = Path(path)
    data = read_regular_file(path, MAX_SOURCE_BYTES, hint="Give the path of a file to ingest")
    if encoding is None and format_name:
        declared = declared_charset(data, format_name)
        if declared not in (None, "utf-8", "ascii"):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                encoding = declared
    decoded = decode_source(path, data, encoding)
    if not decoded.text.strip():
        raise InputError(f"{path} is empty", "Ingest a file with some text in it")
    if sum(1 for ch in decoded.text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f\v") > 8:
        raise InputError(f"{path} is a binary file, not text", "Ingest a .txt or .md file")
    return decoded


def check_segment_lengths(path: Path, plan, text: str) -> None:
    """Refuse a document with a 'sentence' no one could translate (see MAX_SEGMENT_CHARS)."""
    for occ in plan.occurrences:
        if len(occ.source) > MAX_SEGMENT_CHARS:
            start = occ.source[:40]
            where = text.find(start)
            line = text.count("\n", 0, where) + 1 if where >= 0 else None
            raise InputError(
                f"{path}{f' line {line}' if line else ''}: a sentence of {len(occ.source):,} "
                f"characters (the limit is {MAX_SEGMENT_CHARS:,})",
                "This is not running text (minified markup or data?); ingest the document "
                "itself, with its paragraphs and sentence punctuation",
            )


def validate_slug(slug: str) -> str:
    if not _SLUG_OK.match(slug) or ".." in slug:
        raise UsageError(
            f"'{slug}' is not a valid release slug",
            "Use lower-case letters, digits, '.', '_' and '-' (at most 100 characters)",
        )
    return slug


def slug_from_path(path: Path, lang: str) -> str:
    """``report.fr.txt`` → ``report``: the file name without extension or language tag."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    for tag in (lang, lang.split("-")[0]):
        if stem.lower().endswith("." + tag.lower()):
            stem = stem[: -len(tag) - 1]
            break
    # Accents fold to ASCII (comunicación -> comunicacion). Letters with no ASCII form
    # (Arabic, Cyrillic, CJK) add a digest of the name, so two Arabic file names never
    # become the same release (which would make the second file a new version of it).
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", stem) if not unicodedata.combining(ch)
    )
    slug = re.sub(r"[^a-z0-9._-]+", "-", folded.lower()).strip("-._")[:90].strip("-._")
    if any(ch.isalpha() and not ch.isascii() for ch in folded):
        digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else f"release-{digest}"
    return slug[:100] or "release"


def _title(doc) -> str | None:
    for kind in ("title", "heading"):
        for block in doc.blocks:
            if block.kind == kind:
                return strip_codes(block.text).strip()[:200]
    return strip_codes(doc.blocks[0].text).strip()[:200] if doc.blocks else None


def match_changed_segments(old: list[dict], new: list[NewOccurrence]) -> dict[str, int]:
    """Pair new sentences with the retired sentences they are edits of.

    Greedy by similarity (character-level), one to one, so a translation of an
    edited sentence is carried over as ``needs_work`` instead of being lost.
    """
    new_hashes = {o.hash for o in new}
    retired = [s for s in old if s["source_hash"] not in new_hashes]
    old_hashes = {s["source_hash"] for s in old}
    fresh: list[tuple[int, NewOccurrence]] = []
    seen: set[str] = set()
    for i, occ in enumerate(new):
        if occ.hash not in old_hashes and occ.hash not in seen:
            seen.add(occ.hash)
            fresh.append((i, occ))
    if not retired or not fresh:
        return {}
    candidates = []
    n_old = max(1, len(old))
    n_new = max(1, len(new))
    for i, occ in fresh:
        for seg in retired:
            score = fuzz.ratio(occ.source, seg["source"])
            if score >= CHANGED_SEGMENT_MIN_SIMILARITY:
                distance = abs(i / n_new - seg["position"] / n_old)
                candidates.append((score - 10 * distance, occ.hash, seg["id"]))
    candidates.sort(reverse=True)
    pairs: dict[str, int] = {}
    used: set[int] = set()
    for _score, h, seg_id in candidates:
        if h in pairs or seg_id in used:
            continue
        pairs[h] = seg_id
        used.add(seg_id)
    return pairs


def ingest_file(
    store: Store,
    path: str | Path,
    *,
    source_lang: str,
    target_langs: list[str],
    user: str,
    slug: str | None = None,
    lang: str | None = None,
    encoding: str | None = None,
    format_name: str | None = None,
) -> IngestResult:
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a directory", "Give the path of a file to ingest")
    if not path.exists():
        raise InputError(f"{path} does not exist", "Check the path")
    fmt = get_format(format_name) if format_name else format_for_path(path)
    lang = normalize_lang(lang) if lang else source_lang
    slug = validate_slug(slug) if slug else slug_from_path(path, lang)
    decoded = read_source_file(path, encoding, format_name=fmt.name)

    release = store.get_release(slug)
    if release is not None:
        if release["source_lang"] != lang:
            raise UsageError(
                f"release '{slug}' is in {release['source_lang']}, not {lang}",
                "Pass --release with another slug to ingest it as a separate release",
            )
        current = store.current_version(release["id"])
        if current["checksum"] == decoded.checksum:
            segs = store.active_segments(release["id"])
            return IngestResult(
                slug,
                release["current_version"],
                "unchanged",
                release["format"],
                len(store.version_blocks(current["id"])),
                len(segs),
                sum(s["words"] for s in segs),
                0,
                len(segs),
                0,
                0,
            )
    try:
        doc = fmt.parse(decoded.text)
    except InputError as exc:
        if str(path) in exc.message:
            raise
        raise InputError(f"{path}: {exc.message}", exc.hint) from exc
    plan = plan_segments(doc, lang)
    check_segment_lengths(path, plan, decoded.text)
    occurrences = [
        NewOccurrence(o.source, o.hash, o.words, o.block, o.codes) for o in plan.occurrences
    ]
    replaces = {}
    if release is not None:
        replaces = match_changed_segments(store.active_segments(release["id"]), occurrences)
    new = NewVersion(
        slug=slug,
        source_lang=lang,
        format=fmt.name,
        title=doc.title or _title(doc),
        checksum=decoded.checksum,
        source_path=str(path),
        encoding=decoded.encoding,
        bom=decoded.bom,
        skeleton=doc.skeleton,
        blocks=[
            NewBlock(b.kind, layout, b.codes, b.meta)
            for b, layout in zip(doc.blocks, plan.layouts, strict=True)
        ],
        occurrences=occurrences,
        target_langs=target_langs,
        user=user,
        replaces=replaces,
        meta=doc.meta,
    )
    saved = store.save_version(new, utcnow())
    refresh_hits(store, saved.release_id)
    imported = CatalogueTranslations()
    if fmt.name == "gettext":
        # A catalogue may already hold translations (its Language header names one of
        # the workspace's target languages): they are offered after the release exists.
        imported = import_catalogue_translations(
            store, saved.release_id, decoded.text, target_langs=target_langs, user=user
        )
    unique = {o.hash: o for o in occurrences}
    return IngestResult(
        slug=slug,
        version=saved.version,
        status="created" if saved.version == 1 else "updated",
        format=fmt.name,
        blocks=len(doc.blocks),
        segments=len(unique),
        words=sum(o.words for o in unique.values()),
        new_segments=saved.new_segments,
        kept_segments=saved.kept_segments,
        retired_segments=saved.retired_segments,
        needs_work=saved.needs_work,
        imported_translations=imported.written,
        imported_lang=imported.lang if imported.written else None,
        notes=imported.notes(str(path)),
    )

"""Publish finished languages for pipelines: files under ``locales/`` and a manifest.

For every release x language asked for that is finished (every active segment at
least the workspace's finished state), ``publish`` writes the reassembled document
in its source format and the PO catalogue to ``<out>/<lang>/<release>.<ext>``,
each atomically, then ``<out>/manifest.json`` listing every published file with
language, release, version, sha256, segment counts, direction and time.

Publishing is idempotent: a file whose bytes would not change is not rewritten and
keeps its manifest entry (time included), so an unchanged workspace republishes to
byte-identical output. Languages that are not finished are skipped (unless
``allow_unfinished``); after the finished ones are written, ``UnfinishedError``
(exit status 3) names them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from l10n.errors import InputError, NotFoundError, UnfinishedError, UsageError
from l10n.export import export_release
from l10n.formats import get_format
from l10n.fsutil import remove_stale_temporaries, write_atomically
from l10n.langs import is_rtl
from l10n.states import APPROVED, STATES
from l10n.status import LangStatus, workspace_status
from l10n.store import utcnow

MANIFEST_NAME = "manifest.json"
MANIFEST_SCHEMA = 1
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class UnfinishedLanguages(UnfinishedError):
    """Some languages asked for were not finished (exit status 3); ``result`` tells
    what was published all the same."""

    def __init__(self, message: str, hint: str, result: PublishResult):
        super().__init__(message, hint)
        self.result = result


@dataclass
class PublishResult:
    out_dir: str
    manifest: dict
    published: list[dict] = field(default_factory=list)  # release, lang, files
    written: list[str] = field(default_factory=list)  # paths rewritten this run
    unchanged: list[str] = field(default_factory=list)  # paths left as they were
    unfinished: list[dict] = field(default_factory=list)  # release, lang, percent_approved
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "out_dir": self.out_dir,
            "published": self.published,
            "written": self.written,
            "unchanged": self.unchanged,
            "unfinished": self.unfinished,
            "notes": self.notes,
            "manifest": self.manifest,
        }


def _safe_part(value: str, what: str) -> str:
    if not _SAFE_NAME.match(value) or ".." in value:
        raise UsageError(
            f"the {what} '{value}' cannot be used in a file name",
            "Use letters, digits, '.', '-' and '_' only",
        )
    return value


def _target_path(out_dir: Path, lang: str, slug: str, ext: str) -> tuple[str, Path]:
    rel = f"{_safe_part(lang, 'language')}/{_safe_part(slug, 'release')}{ext}"
    path = (out_dir / rel).resolve()
    if not path.is_relative_to(out_dir):
        raise InputError(
            f"{rel} would be written outside {out_dir} (through a symbolic link)",
            f"Remove the link under {out_dir} or publish to another folder with --out",
        )
    return rel, path


def read_manifest(out_dir: str | os.PathLike) -> dict:
    """The manifest in ``out_dir`` (an empty one when there is none yet)."""
    path = Path(out_dir) / MANIFEST_NAME
    if not path.is_file():
        return {"schema": MANIFEST_SCHEMA, "generator": "l10n", "files": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"{path} is not a readable manifest ({exc})",
            "Move it away and publish again to rebuild it",
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise InputError(
            f"{path} is not an l10n manifest (no 'files' list)",
            "Move it away and publish again to rebuild it",
        )
    return data


def _encode_manifest(manifest: dict) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


@contextlib.contextmanager
def _manifest_lock(out_dir: Path):
    """Serialise publishers of one folder, so two runs never lose each other's entries."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; publishing is rarely concurrent there
        yield
        return
    with open(out_dir / ".manifest.lock", "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _outputs(store, row: LangStatus, min_state: int, notes: list[str]) -> list[tuple[str, bytes]]:
    """(extension, content) of every file published for one release x language: the
    rebuilt document in its source format, and its PO catalogue (unless the document is
    itself a gettext catalogue)."""
    release = store.require_release(row.release)
    fmt = get_format(release["format"])
    document = export_release(store, row.release, row.lang, min_state=min_state)
    doc_ext = fmt.extensions[0] if fmt.extensions else f".{fmt.name}"
    outputs = [(doc_ext, document.content)]
    if doc_ext != ".po":
        po = export_release(store, row.release, row.lang, format_name="po", min_state=min_state)
        outputs.append((".po", po.content))
    return outputs


def _entry(rel: str, row: LangStatus, ext: str, data: bytes, digest: str, at: str) -> dict:
    return {
        "path": rel,
        "release": row.release,
        "lang": row.lang,
        "version": row.version,
        "format": ext.lstrip("."),
        "sha256": digest,
        "bytes": len(data),
        "direction": "rtl" if is_rtl(row.lang) else "ltr",
        "segments": {"total": row.segments, **{k: v for k, v in row.by_state.items() if v}},
        "words": row.words,
        "finished": row.finished,
        "published_at": at,
    }


def publish(
    store,
    out_dir: str | os.PathLike,
    *,
    release: str | list[str] | None = None,
    lang: str | list[str] | None = None,
    min_state: int = APPROVED,
    finished_state: int = APPROVED,
    allow_unfinished: bool = False,
    now: str | None = None,
) -> PublishResult:
    """Publish the finished release x language pairs asked for (all by default).

    ``min_state`` is the lowest state whose translation goes into the files (others
    fall back to the source text, which only matters with ``allow_unfinished``).
    Raises UnfinishedLanguages (an UnfinishedError, exit status 3), carrying the result
    as ``.result``, when some language asked for was not finished and
    ``allow_unfinished`` is false; the finished ones are published first.
    """
    report = workspace_status(store, release=release, lang=lang, finished_state=finished_state)
    if not report.rows:
        if lang:
            raise UsageError(
                f"no translations in {lang if isinstance(lang, str) else ', '.join(lang)}"
                + (f" for release {release}" if release else ""),
                "Use one of the workspace's target languages (see 'l10n status')",
            )
        raise NotFoundError(
            "nothing to publish: the workspace has no releases",
            "Ingest one first with 'l10n ingest FILE'",
        )
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {out} ({exc.strerror})", "Check the folder") from exc
    out = out.resolve()
    at = now or utcnow()
    result = PublishResult(out_dir=str(out), manifest={})
    with _manifest_lock(out):
        manifest = read_manifest(out)
        entries = {e.get("path"): e for e in manifest["files"] if isinstance(e, dict)}
        for row in report.rows:
            if not row.finished and not allow_unfinished:
                below = sum(n for name, n in row.by_state.items() if STATES[name] < finished_state)
                result.unfinished.append(
                    {
                        "release": row.release,
                        "lang": row.lang,
                        "percent_approved": row.percent_approved,
                        "segments_left": below,
                    }
                )
                continue
            files = []
            for ext, data in _outputs(store, row, min_state, result.notes):
                rel, path = _target_path(out, row.lang, row.release, ext)
                # Under the manifest lock: what a killed publish left is ours to sweep.
                remove_stale_temporaries(path)
                digest = hashlib.sha256(data).hexdigest()
                same = path.is_file() and path.read_bytes() == data
                if same:
                    result.unchanged.append(rel)
                else:
                    write_atomically(path, data)
                    result.written.append(rel)
                old = entries.get(rel)
                when = at
                if same and old is not None and old.get("sha256") == digest:
                    when = old.get("published_at") or at
                entries[rel] = _entry(rel, row, ext, data, digest, when)
                files.append(rel)
            result.published.append(
                {"release": row.release, "lang": row.lang, "files": files, "finished": row.finished}
            )
        # Entries of files removed by hand are dropped; the rest stay listed.
        kept = [e for p, e in sorted(entries.items()) if p and (out / p).is_file()]
        manifest = {
            "schema": MANIFEST_SCHEMA,
            "generator": "l10n",
            "finished_state": report.finished_state,
            "files": kept,
        }
        encoded = _encode_manifest(manifest)
        manifest_path = out / MANIFEST_NAME
        remove_stale_temporaries(manifest_path)
        if not (manifest_path.is_file() and manifest_path.read_bytes() == encoded):
            write_atomically(manifest_path, encoded)
            result.written.append(MANIFEST_NAME)
        else:
            result.unchanged.append(MANIFEST_NAME)
    result.manifest = manifest
    if result.unfinished:
        names = ", ".join(
            f"{u['release']} {u['lang']} ({u['percent_approved']:g}% approved)"
            for u in result.unfinished
        )
        count = len(result.unfinished)
        raise UnfinishedLanguages(
            f"{count} language{'s' if count > 1 else ''} not finished and not published: {names}",
            ("The finished ones were published; " if result.published else "")
            + f"get every segment to {report.finished_state} first (see 'l10n status'), "
            "or publish anyway with --allow-unfinished",
            result,
        )
    return result


__all__ = ["MANIFEST_NAME", "PublishResult", "UnfinishedLanguages", "publish", "read_manifest"]

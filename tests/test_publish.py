"""Publishing: only finished languages, atomic files, an idempotent manifest, exit status 3."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from l10n.errors import InputError, UnfinishedError
from l10n.ingest import ingest_file
from l10n.publish import MANIFEST_NAME, publish, read_manifest
from l10n.states import APPROVED, PRETRANSLATED, TRANSLATED
from l10n.store import utcnow
from l10n.workspace import load_workspace
from l10n.workspace_init import EXAMPLE_RELEASE

SLUG = "oim-koweit-avrr"
MSGFMT = shutil.which("msgfmt")


def set_state(store, segment_id, lang, state, target, origin="human", user="rob"):
    store.change_translation(
        segment_id,
        lang,
        target=target,
        state=state,
        origin=origin,
        user=user,
        action="approve" if state == APPROVED else "translate",
        now=utcnow(),
    )


def seeded(root: Path):
    """en and ar approved, es half done (pretranslated and translated, none approved)."""
    ws = load_workspace(root)
    store = ws.open_store()
    ingest_file(
        store, EXAMPLE_RELEASE, source_lang="fr", target_langs=ws.target_langs, user="tester"
    )
    segs = store.active_segments(store.require_release(SLUG)["id"])
    for i, seg in enumerate(segs):
        # Quotes and backslashes exercise PO escaping.
        set_state(store, seg["id"], "en", APPROVED, f'EN "{i}" \\ {seg["source"]}')
        set_state(store, seg["id"], "ar", APPROVED, f"ترجمة {i}: {seg['source']}")
        if i < len(segs) // 2:
            state = TRANSLATED if i % 2 else PRETRANSLATED
            set_state(store, seg["id"], "es", state, f"ES {i}", origin="mt:pseudo")
    return ws, store, segs


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under ``folder``: bytes, inode and modification time."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            st = path.stat()
            out[path.relative_to(folder).as_posix()] = (
                path.read_bytes(),
                st.st_ino,
                st.st_mtime_ns,
            )
    return out


def test_publish_writes_only_finished_languages_and_exits_3(workspace, cli_in):
    _ws, store, segs = seeded(workspace)
    store.close()
    result = cli_in("publish")
    assert result.exit_code == 3
    assert result.stderr.startswith(
        f"Error: 1 language not finished and not published: {SLUG} es (0% approved)."
    )
    assert "--allow-unfinished" in result.stderr
    locales = workspace / "locales"
    files = sorted(
        p.relative_to(locales).as_posix()
        for p in locales.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )
    assert files == [
        f"ar/{SLUG}.po",
        f"ar/{SLUG}.txt",
        f"en/{SLUG}.po",
        f"en/{SLUG}.txt",
        MANIFEST_NAME,
    ]
    assert not (locales / "es").exists()

    manifest = json.loads((locales / MANIFEST_NAME).read_text(encoding="utf-8"))
    entries = {e["path"]: e for e in manifest["files"]}
    assert sorted(entries) == files[:-1]
    for path, entry in entries.items():
        data = (locales / path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
        assert entry["release"] == SLUG and entry["version"] == 1
        assert entry["lang"] == path.split("/")[0]
        assert entry["format"] == path.rsplit(".", 1)[1]
        assert entry["segments"] == {"total": len(segs), "approved": len(segs)}
        assert entry["words"] == sum(s["words"] for s in segs)
        assert entry["finished"] is True
        assert entry["published_at"].endswith("Z")
        assert entry["direction"] == ("rtl" if entry["lang"] == "ar" else "ltr")
    text = (locales / "en" / f"{SLUG}.txt").read_text(encoding="utf-8")
    assert f'EN "1" \\ {segs[1]["source"]}' in text


def test_republishing_rewrites_nothing_and_changes_only_what_changed(workspace):
    ws, store, segs = seeded(workspace)
    out = ws.locales_dir
    first = publish(store, out, lang=["en", "ar"], now="2026-01-01T00:00:00.000000Z")
    assert sorted(first.written) == [
        f"ar/{SLUG}.po",
        f"ar/{SLUG}.txt",
        f"en/{SLUG}.po",
        f"en/{SLUG}.txt",
        MANIFEST_NAME,
    ]
    before = snapshot(out)
    again = publish(store, out, lang=["en", "ar"], now="2026-02-02T00:00:00.000000Z")
    assert again.written == []
    assert snapshot(out) == before  # same bytes, same inodes, same times: nothing rewritten
    assert again.manifest == first.manifest

    # One English sentence changes: the English files and the manifest are rewritten,
    # the Arabic entries keep their time.
    set_state(store, segs[0]["id"], "en", APPROVED, "Who we are")
    third = publish(store, out, lang=["en", "ar"], now="2026-03-03T00:00:00.000000Z")
    assert sorted(third.written) == [f"en/{SLUG}.po", f"en/{SLUG}.txt", MANIFEST_NAME]
    times = {e["path"]: e["published_at"] for e in read_manifest(out)["files"]}
    assert times[f"ar/{SLUG}.txt"] == "2026-01-01T00:00:00.000000Z"
    assert times[f"en/{SLUG}.txt"] == "2026-03-03T00:00:00.000000Z"
    assert "Who we are" in (out / "en" / f"{SLUG}.txt").read_text(encoding="utf-8")


def test_publishing_one_language_keeps_the_others_in_the_manifest(workspace):
    ws, store, _segs = seeded(workspace)
    publish(store, ws.locales_dir, lang="ar")
    publish(store, ws.locales_dir, lang="en")
    paths = [e["path"] for e in read_manifest(ws.locales_dir)["files"]]
    assert paths == [f"ar/{SLUG}.po", f"ar/{SLUG}.txt", f"en/{SLUG}.po", f"en/{SLUG}.txt"]


def test_unfinished_error_comes_after_the_finished_are_published(workspace):
    ws, store, _segs = seeded(workspace)
    with pytest.raises(UnfinishedError) as info:
        publish(store, ws.locales_dir, lang=["es", "en"])
    result = info.value.result
    assert [p["lang"] for p in result.published] == ["en"]
    assert result.unfinished[0]["lang"] == "es"
    assert (ws.locales_dir / "en" / f"{SLUG}.po").is_file()
    assert info.value.exit_code == 3


def test_allow_unfinished_publishes_with_source_fallback(workspace, cli_in):
    _ws, store, segs = seeded(workspace)
    store.close()
    result = cli_in("publish", "--lang", "es", "--allow-unfinished", "--min-state", "pretranslated")
    assert result.exit_code == 0, result.stderr
    locales = workspace / "locales"
    text = (locales / "es" / f"{SLUG}.txt").read_text(encoding="utf-8")
    assert "ES 0" in text and "ES 1" in text  # pretranslated and translated used
    assert segs[-1]["source"] in text  # untranslated: the source text
    entry = next(e for e in read_manifest(locales)["files"] if e["path"] == f"es/{SLUG}.txt")
    assert entry["finished"] is False
    assert entry["segments"]["total"] == len(segs)
    assert entry["segments"]["untranslated"] == len(segs) - len(segs) // 2


@pytest.mark.skipif(MSGFMT is None, reason="GNU msgfmt (gettext) is not installed")
def test_every_published_po_passes_msgfmt_check(workspace):
    ws, store, _segs = seeded(workspace)
    publish(store, ws.locales_dir, allow_unfinished=True, min_state=PRETRANSLATED)
    catalogues = sorted(ws.locales_dir.rglob("*.po"))
    assert [p.parent.name for p in catalogues] == ["ar", "en", "es"]
    for po in catalogues:
        proc = subprocess.run(
            [MSGFMT, "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True
        )
        assert proc.returncode == 0, f"{po}: {proc.stderr}"


def test_publish_json_prints_the_manifest(workspace, cli_in):
    _ws, store, _segs = seeded(workspace)
    store.close()
    result = cli_in("publish", "--json")
    assert result.exit_code == 3  # es is not finished, and the manifest is still printed
    printed = json.loads(result.stdout)
    on_disk = json.loads((workspace / "locales" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert printed == on_disk
    assert {e["lang"] for e in printed["files"]} == {"en", "ar"}
    result = cli_in("publish", "--json", "--lang", "en")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == on_disk


def test_rtl_direction_where_the_format_carries_it(workspace, tmp_path):
    ws = load_workspace(workspace)
    store = ws.open_store()
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html>\n<html lang="fr"><head><title>Retour volontaire</title></head>'
        "<body><p>Le retour est volontaire.</p></body></html>\n",
        encoding="utf-8",
    )
    ingest_file(store, page, source_lang="fr", target_langs=ws.target_langs, user="tester")
    release = store.require_release("page")
    for seg in store.active_segments(release["id"]):
        set_state(store, seg["id"], "ar", APPROVED, "العودة طوعية.")
    result = publish(store, ws.locales_dir, release="page", lang="ar")
    assert "ar/page.html" in result.written
    html = (ws.locales_dir / "ar" / "page.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    entry = next(e for e in result.manifest["files"] if e["path"] == "ar/page.html")
    assert entry["direction"] == "rtl"


def test_paths_stay_inside_the_output_folder(workspace, tmp_path):
    ws, store, _segs = seeded(workspace)
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "en").symlink_to(outside, target_is_directory=True)
    with pytest.raises(InputError, match="outside"):
        publish(store, out, lang="en")
    assert list(outside.iterdir()) == []


def test_usage_errors_exit_2(workspace, cli_in):
    _ws, store, _segs = seeded(workspace)
    store.close()
    result = cli_in("publish", "--lang", "de")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no translations in de.")
    result = cli_in("publish", "--min-state", "perfect")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown state 'perfect'.")


def test_gettext_release_publishes_one_catalogue(tmp_path):
    from l10n.ingest import ingest_file
    from l10n.publish import publish
    from l10n.states import PRETRANSLATED
    from l10n.workspace import load_workspace
    from l10n.workspace_init import init_workspace

    root = tmp_path / "ws"
    init_workspace(root, source_lang="en", target_langs=["fr"], with_glossary=False)
    ws = load_workspace(root)
    pot = tmp_path / "app.pot"
    pot.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Save the file"\nmsgstr ""\n',
        encoding="utf-8",
    )
    store = ws.open_store()
    ingest_file(store, pot, source_lang="en", target_langs=["fr"], user="t")
    result = publish(store, ws.locales_dir, min_state=PRETRANSLATED, allow_unfinished=True)
    store.close()
    assert [e["path"] for e in result.manifest["files"]] == ["fr/app.po"]

"""PO export: header, msgctxt = segment id, fuzzy states, comments, msgfmt -c."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import run_cli

from l10n.export import export_release
from l10n.ingest import ingest_file
from l10n.review import add_comment
from l10n.states import APPROVED, NEEDS_WORK, PRETRANSLATED, REJECTED, TRANSLATED
from l10n.store import utcnow
from l10n.workspace import find_workspace

MSGFMT = shutil.which("msgfmt")

HTML = """<html><body>
<p>Le rapport est <a href="/r?a=1&amp;b=2">en ligne</a>. Le rapport est en ligne.</p>
<p>Le rapport est en ligne.</p>
<p>Tom &amp; Jerry sont l&agrave;.</p>
</body></html>
"""


def msgfmt_check(data: bytes, tmp_path: Path) -> None:
    """GNU gettext's own verdict on a catalogue (skipped only where msgfmt is absent)."""
    if MSGFMT is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    po = tmp_path / "check.po"
    po.write_bytes(data)
    done = subprocess.run(
        [MSGFMT, "-c", "-o", str(tmp_path / "check.mo"), str(po)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.fixture
def release(workspace: Path, seed_file: Path):
    ws = find_workspace(str(workspace))
    store = ws.open_store()
    result = ingest_file(store, seed_file, source_lang="fr", target_langs=ws.target_langs,
                         user="tester")  # fmt: skip
    return store, result.slug


def _set(store, seg_id: int, lang: str, target: str, state: int) -> None:
    store.change_translation(seg_id, lang, target=target, state=state, origin="human",
                             user="amina", action="translate", now=utcnow())  # fmt: skip


def test_po_export_header_entries_states_and_msgfmt(release, tmp_path: Path) -> None:
    store, slug = release
    rel = store.require_release(slug)
    segs = store.active_segments(rel["id"])
    _set(store, segs[0]["id"], "ar", "ترجمة معتمدة", APPROVED)
    _set(store, segs[1]["id"], "ar", "ترجمة آلية", PRETRANSLATED)
    _set(store, segs[2]["id"], "ar", "تحتاج عملا", NEEDS_WORK)
    _set(store, segs[3]["id"], "ar", "مرفوضة", REJECTED)
    _set(store, segs[4]["id"], "ar", "مترجمة", TRANSLATED)
    add_comment(store, segs[4]["id"], "ar", user="rev", text="Vérifier le nom")

    data = export_release(store, slug, "ar", format_name="po", min_state=PRETRANSLATED).content
    msgfmt_check(data, tmp_path)
    po = polib.pofile(data.decode("utf-8"))
    meta = po.metadata
    assert meta["Language"] == "ar"
    assert meta["Plural-Forms"].startswith("nplurals=6; plural=")
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["X-Generator"].startswith("l10n ")
    assert meta["Project-Id-Version"] == f"{slug}@1"
    assert meta["Last-Translator"] == "amina"
    assert [e.msgctxt for e in po] == [str(s["id"]) for s in segs]
    assert [e.msgid for e in po] == [s["source"] for s in segs]
    by_id = {int(e.msgctxt): e for e in po}
    assert by_id[segs[0]["id"]].msgstr == "ترجمة معتمدة" and not by_id[segs[0]["id"]].fuzzy
    assert by_id[segs[1]["id"]].fuzzy and by_id[segs[1]["id"]].msgstr == "ترجمة آلية"
    assert by_id[segs[2]["id"]].fuzzy and by_id[segs[2]["id"]].msgstr == "تحتاج عملا"
    assert by_id[segs[3]["id"]].msgstr == ""
    assert by_id[segs[4]["id"]].msgstr == "مترجمة" and not by_id[segs[4]["id"]].fuzzy
    assert "rev (" in by_id[segs[4]["id"]].tcomment
    assert "Vérifier le nom" in by_id[segs[4]["id"]].tcomment
    # below the floor: still there for translators, but fuzzy so gettext ignores it
    strict = polib.pofile(
        export_release(store, slug, "ar", format_name="po", min_state=APPROVED).content.decode()
    )
    assert {int(e.msgctxt): e.fuzzy for e in strict}[segs[4]["id"]] is True
    # exporting unchanged content twice gives the same bytes
    assert (
        export_release(store, slug, "ar", format_name="po", min_state=PRETRANSLATED).content == data
    )


def test_po_export_of_every_language_passes_msgfmt(release, tmp_path: Path) -> None:
    store, slug = release
    for lang in ("fr", "en", "es", "ar"):
        msgfmt_check(export_release(store, slug, lang, format_name="po").content, tmp_path)


def test_repeated_sentences_and_html_markup(workspace: Path, tmp_path: Path) -> None:
    ws = find_workspace(str(workspace))
    store = ws.open_store()
    path = workspace / "page.fr.html"
    path.write_text(HTML, encoding="utf-8")
    slug = ingest_file(store, path, source_lang="fr", target_langs=ws.target_langs,
                       user="tester").slug  # fmt: skip
    rel = store.require_release(slug)
    segs = store.active_segments(rel["id"])
    linked = next(s for s in segs if "⟦1⟧" in s["source"])
    _set(store, linked["id"], "en", "The report is ⟦1⟧online⟦/1⟧.", TRANSLATED)
    data = export_release(store, slug, "en", format_name="po").content
    msgfmt_check(data, tmp_path)
    po = polib.pofile(data.decode("utf-8"))
    msgids = [e.msgid for e in po]
    assert msgids.count("Le rapport est en ligne.") == 1  # one job for a repeated sentence
    assert 'Le rapport est <a href="/r?a=1&amp;b=2">en ligne</a>.' in msgids
    assert "Tom &amp; Jerry sont là." in msgids  # HTML text escaped as HTML
    entry = next(e for e in po if e.msgctxt == str(linked["id"]))
    assert entry.msgstr == 'The report is <a href="/r?a=1&amp;b=2">online</a>.'


def test_cli_export_po(workspace: Path, seed_file: Path, tmp_path: Path) -> None:
    assert run_cli(["ingest", str(seed_file)], cwd=workspace).exit_code == 0
    out = tmp_path / "en.po"
    done = run_cli(["export", "--release", "oim-koweit-avrr", "--lang", "en", "--format", "po",
                    "-o", str(out)], cwd=workspace)  # fmt: skip
    assert done.exit_code == 0, done.stderr
    msgfmt_check(out.read_bytes(), tmp_path)
    assert polib.pofile(str(out)).metadata["Language"] == "en"


def test_po_export_of_a_catalogue_keeps_newlines_and_developer_comments(
    workspace: Path, tmp_path: Path
) -> None:
    ws = find_workspace(str(workspace))
    store = ws.open_store()
    path = workspace / "gconf.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. Translators: %s is the error text.\n#, c-format\nmsgctxt "dialog"\n'
        'msgid "GConf error:\\n  %s"\nmsgstr ""\n',
        encoding="utf-8",
    )
    slug = ingest_file(store, path, source_lang="fr", target_langs=ws.target_langs,
                       user="tester").slug  # fmt: skip
    (seg,) = store.active_segments(store.require_release(slug)["id"])
    _set(store, seg["id"], "en", "GConf error:⟦1/⟧⟦2/⟧", TRANSLATED)
    data = export_release(store, slug, "en", format_name="po").content
    msgfmt_check(data, tmp_path)
    (entry,) = polib.pofile(data.decode("utf-8"))
    assert entry.msgid == entry.msgstr == "GConf error:\n  %s"  # a newline, not "\\n"
    assert entry.comment == "context: dialog\nTranslators: %s is the error text."

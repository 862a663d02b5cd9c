"""More real XLIFF and PO files written by other tools (origins in
tests/data/realworld/SOURCES-xliff-po.md), through the CLI a user runs.

Catalogues: a GNU Wget translation saved by KBabel in KOI8-R without a ``Language``
header (its language only in ``Language-Team: Russian <ru@li.org>``), and a Poedit
catalogue whose ``Plural-Forms`` header is wrapped over two lines. XLIFF: Symfony's
validator messages and a Trados Studio .sdlxliff, which l10n cannot match to its
segments and must refuse in one line that names the file and the way forward; and
an l10n export re-saved the way Trados writes that file (``seg-source``, ``mrk``
segments, ``sdl:`` extension elements), which must import. translate-toolkit and
msgfmt re-read what l10n writes.
"""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import etree

from l10n.workspace_init import init_workspace
from tests.conftest import run_cli

DATA = Path(__file__).resolve().parent / "data" / "realworld"
MSGFMT = shutil.which("msgfmt")
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"

WGET_RU = DATA / "haiku_wget_ru_koi8r_subset.po"
POEDIT_RU = DATA / "okapi_poedit_ru_split_plural_forms.po"


def ok(ws: Path, *args: str):
    result = run_cli(["-w", str(ws), *args])
    assert result.exit_code == 0, result.stderr
    return result


def workspace(root: Path, source: str, targets: list[str]) -> Path:
    init_workspace(root, source_lang=source, target_langs=targets, with_glossary=False)
    return root


def ingest(ws: Path, path: Path) -> dict:
    return json.loads(ok(ws, "ingest", str(path), "--json").stdout)


def segments(ws: Path, slug: str, lang: str) -> list[dict]:
    return json.loads(ok(ws, "segments", "-r", slug, "-l", lang, "--json").stdout)


def export(ws: Path, slug: str, lang: str, *extra: str) -> bytes:
    return ok(ws, "export", "-r", slug, "-l", lang, *extra).stdout_bytes


def msgfmt_check(tmp_path: Path, data: bytes) -> None:
    if MSGFMT is None:
        pytest.skip("GNU gettext's msgfmt is not installed")
    path = tmp_path / "check.po"
    path.write_bytes(data)
    done = subprocess.run([MSGFMT, "-c", "-o", "/dev/null", str(path)], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


def toolkit_units(data: bytes, tmp_path: Path):
    from translate.storage import po

    path = tmp_path / "toolkit.po"
    path.write_bytes(data)
    return [u for u in po.pofile.parsefile(str(path)).units if not u.isheader()]


# -- catalogues ---------------------------------------------------------------------


def test_koi8r_catalogue_without_language_header_keeps_its_translations(tmp_path) -> None:
    """The Russian team's catalogue names its language only in Language-Team: its eight
    translations are the workspace's Russian translations, read from KOI8-R as declared."""
    ws = workspace(tmp_path / "ws", "en", ["ru", "ar"])
    report = ingest(ws, WGET_RU)
    assert (report["segments"], report["imported_translations"]) == (8, 8)
    rows = {s["source"]: s for s in segments(ws, report["slug"], "ru")}
    assert rows["connected."]["target"] == "соединение установлено."
    assert rows["connected."]["state"] == "translated"
    assert rows["Converted ⟦1/⟧ files in ⟦2/⟧ seconds."]["target"] == (
        "Преобразовано ⟦1/⟧ файлов за ⟦2/⟧ секунд."
    )
    assert not segments(ws, report["slug"], "ar")[0].get("target")  # Arabic: nothing


def test_koi8r_catalogue_exports_its_own_translations(tmp_path) -> None:
    """Every translation comes back as the team wrote it. Known limit: whitespace around
    a message belongs to the source, so a translation padded to another width than its
    msgid ("time unknown       ") gets the msgid's padding."""
    ws = workspace(tmp_path / "ws", "en", ["ru"])
    slug = ingest(ws, WGET_RU)["slug"]
    data = export(ws, slug, "ru", "--min-state", "translated")
    msgfmt_check(tmp_path, data)
    original = polib.pofile(WGET_RU.read_bytes().decode("koi8-r"))
    ours = {(u.source, u.target.strip()) for u in toolkit_units(data, tmp_path)}
    assert ours == {(e.msgid, e.msgstr.strip()) for e in original}
    assert "Language: ru" in data.decode("utf-8")  # the export names the language


def test_koi8r_catalogue_round_trips_through_xliff_read_by_translate_toolkit(tmp_path) -> None:
    from translate.storage import xliff

    ws = workspace(tmp_path / "ws", "en", ["ru"])
    slug = ingest(ws, WGET_RU)["slug"]
    data = export(ws, slug, "ru", "-f", "xliff", "--xliff-version", "1.2")
    units = xliff.xlifffile(data).units
    assert len(units) == 8
    by_source = {u.source: u for u in units}
    assert by_source["connected."].target == "соединение установлено."
    assert by_source["connected."].xmlelement.find(f"{{{NS12}}}target").get("state") == (
        "translated"
    )


def test_poedit_plural_forms_header_wrapped_over_two_lines(tmp_path) -> None:
    ws = workspace(tmp_path / "ws", "en", ["ru"])
    report = ingest(ws, POEDIT_RU)
    assert (report["segments"], report["imported_translations"]) == (2, 2)
    targets = {s["source"]: s["target"] for s in segments(ws, report["slug"], "ru")}
    assert targets == {"day": "день", "days": "дней"}
    data = export(ws, report["slug"], "ru", "--min-state", "translated")
    msgfmt_check(tmp_path, data)
    (unit,) = toolkit_units(data, tmp_path)
    assert unit.hasplural() and len(unit.target.strings) == 3
    assert unit.target.strings[0] == "день" and unit.target.strings[2] == "дней"


# -- XLIFF --------------------------------------------------------------------------


def _digest(ws: Path) -> list:
    with sqlite3.connect(ws / "l10n.db") as db:
        return db.execute(
            "SELECT segment_id, lang, target, state, version FROM translations"
        ).fetchall()


@pytest.mark.parametrize(
    "name,why",
    [
        ("symfony_validators_de_subset.xlf", "does not say its target language"),
        (
            "okapi_trados_test.txt_en-US_fr-FR.sdlxliff",
            "unit id '2cdfe9bd-debe-4af0-b5f5-64bf33e8526c' is not an l10n segment id",
        ),
        ("okapi_Test_Context_and_PH.xlf", "inline code id 'ph_Placeholder_1'"),
        ("xcode_loopkit_es.xliff", "it has 3 <file> elements"),
        ("madcap_lingo_about_the.htm.xlf", "root has no namespace"),
    ],
)
def test_xliff_other_tools_extracted_is_refused_naming_file_and_way(tmp_path, name, why) -> None:
    ws = workspace(tmp_path / "ws", "en", ["fr", "de", "es"])
    ingest(ws, WGET_RU)
    before = _digest(ws)
    result = run_cli(["-w", str(ws), "import", str(DATA / name)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {DATA / name}") and result.stderr.count("\n") == 1
    assert why in result.stderr
    assert "l10n export" in result.stderr or "Keep the inline codes" in result.stderr
    assert _digest(ws) == before


def test_xliff_of_a_missing_release_names_the_file(tmp_path) -> None:
    ws = workspace(tmp_path / "ws", "en", ["ru"])
    slug = ingest(ws, WGET_RU)["slug"]
    data = export(ws, slug, "ru", "-f", "xliff").replace(
        f'release="{slug}"'.encode(), b'release="gone"'
    )
    path = tmp_path / "gone.xlf"
    path.write_bytes(data)
    result = run_cli(["-w", str(ws), "import", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: no release 'gone'")


def test_export_resaved_the_way_trados_writes_sdlxliff_imports(tmp_path) -> None:
    """Trados Studio's file (okapi_trados_test...sdlxliff) shows how it writes a unit:
    the source split into <mrk mtype="seg"> in <seg-source>, the target as the same
    markers, and sdl:seg-defs after it. An l10n export saved that way imports."""
    ws = workspace(tmp_path / "ws", "en", ["fr"])
    slug = ingest(ws, WGET_RU)["slug"]
    doc = etree.fromstring(export(ws, slug, "fr", "-f", "xliff", "--xliff-version", "1.2"))
    sample = etree.parse(str(DATA / "okapi_trados_test.txt_en-US_fr-FR.sdlxliff")).getroot()
    seg_defs = sample.find(f".//{{{NS12}}}trans-unit/{{{SDL}}}seg-defs")
    units = list(doc.iter(f"{{{NS12}}}trans-unit"))
    for tu in units:
        source = tu.find(f"{{{NS12}}}source")
        seg_source = etree.Element(f"{{{NS12}}}seg-source")
        marker = etree.SubElement(seg_source, f"{{{NS12}}}mrk", mtype="seg", mid="1")
        marker.text = source.text
        marker[:] = [copy.deepcopy(c) for c in source]
        target = etree.Element(f"{{{NS12}}}target")
        tmarker = copy.deepcopy(marker)
        tmarker.text = "FR " + (marker.text or "")
        target.append(tmarker)
        source.addnext(seg_source)
        seg_source.addnext(target)
        target.addnext(copy.deepcopy(seg_defs))
        target.set("state", "translated")
    path = tmp_path / "wget.fr.sdlxliff.xlf"
    path.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
    result = json.loads(ok(ws, "import", str(path), "--json").stdout)
    assert result["translated"] == len(units) == 8
    targets = [s["target"] for s in segments(ws, slug, "fr")]
    assert all(t.startswith("FR ") for t in targets)
    assert "FR Converted ⟦1/⟧ files in ⟦2/⟧ seconds." in targets


def test_plural_forms_l10n_does_not_keep_are_named_at_ingest(tmp_path) -> None:
    """The Russian catalogue's middle form (дня, for 2-4) has no place in l10n's singular
    and plural segments: ingest says so, in one line naming the file, and keeps the rest."""
    ws = workspace(tmp_path / "ws", "en", ["ru"])
    result = run_cli(["ingest", str(POEDIT_RU), "--json"], cwd=ws)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["imported_translations"] == 2 and report["imported_lang"] == "ru"
    (note,) = report["notes"]
    assert note.startswith(f"{POEDIT_RU}: 1 plural message in ru has 3 forms;")
    assert result.stderr.strip() == f"note: {note}"
    # Without --json the summary line counts the translations kept.
    ws2 = workspace(tmp_path / "ws2", "en", ["ru"])
    plain = run_cli(["ingest", str(POEDIT_RU)], cwd=ws2)
    assert plain.exit_code == 0
    assert "2 ru translations kept from the catalogue" in plain.stdout
    assert plain.stderr.strip() == f"note: {note}"

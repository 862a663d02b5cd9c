"""Translation memory from the bilingual files other tools write: XLIFF 1.2 and 2.x (Angular,
Xcode, Trados .sdlxliff, Okapi) and PO catalogues, imported with `l10n tm import` as a user
runs it, with translate-toolkit (test-only peer) as the referee of what a file holds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import run_cli

from l10n.store import Store

REAL = Path(__file__).resolve().parent / "data" / "realworld"


def tm_import(ws: Path, path: Path, *extra: str):
    return run_cli(["tm", "import", str(path), *extra, "--json"], cwd=ws)


def lookup(ws: Path, text: str, source: str, target: str) -> list[dict]:
    result = run_cli(["tm", "lookup", text, "--from", source, "--to", target, "--json"], cwd=ws)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def unit_count(ws: Path) -> int:
    store = Store.open(ws / "l10n.db")
    try:
        return store.db.execute("SELECT COUNT(*) FROM tm_units").fetchone()[0]
    finally:
        store.close()


def test_angular_xliff_units_with_interpolations_become_memory(workspace, tmp_path):
    """Angular writes no target-language; its file name (messages.fr.xlf) says French.
    An <x id="INTERPOLATION"/> is a placeholder on both sides, the same one."""
    from translate.storage import xliff

    path = REAL / "angular_messages.fr.xlf"
    result = tm_import(workspace, path)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    translated = [u for u in xliff.xlifffile(path.read_bytes()).units if u.target]
    assert report["added"] == len(translated) == 4
    assert report["languages"] == ["en", "fr"]
    (match,) = lookup(workspace, "Hello i18n!", "en", "fr")
    assert (match["kind"], match["target"]) == ("exact", "Bonjour i18n !")
    store = Store.open(workspace / "l10n.db")
    row = store.db.execute(
        "SELECT source, target, source_codes, target_codes FROM tm_units "
        "WHERE source LIKE '{VAR_PLURAL%'"
    ).fetchone()
    store.close()
    source_codes, target_codes = json.loads(row[2]), json.loads(row[3])
    assert [c["data"] for c in source_codes] == ["{{minutes}}"]
    assert [(c["id"], c["data"]) for c in target_codes] == [(source_codes[0]["id"], "{{minutes}}")]
    assert "⟦" in row[0] and row[0].count("⟦") == row[1].count("⟦") == 1


def test_trados_sdlxliff_segments_are_units_one_by_one(workspace):
    """Trados segments a paragraph with <mrk mtype="seg"> in seg-source and target: each
    segment pair is a unit of the memory, in the file's languages (en-US → fr-FR)."""
    path = REAL / "okapi_trados_test.txt_en-US_fr-FR.sdlxliff"
    result = tm_import(workspace, path)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["languages"] == ["en-US", "fr-FR"]
    assert report["added"] == 5
    store = Store.open(workspace / "l10n.db")
    sources = [r[0] for r in store.db.execute("SELECT source FROM tm_units ORDER BY id")]
    store.close()
    # One sentence per unit, never a whole paragraph of several.
    assert all(s.count(". ") == 0 for s in sources)


def test_xcode_and_xliff2_files_import_in_their_languages(workspace):
    result = tm_import(workspace, REAL / "xcode_loopkit_es.xliff")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["languages"] == ["en", "es"]
    result = tm_import(workspace, REAL / "okapi_xliff2_test01.xlf")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["added"] == 2
    (match,) = lookup(workspace, "Sample segment.", "en", "fr")
    assert match["target"] == "Exemple de segment."


def test_po_catalogue_translations_match_the_segments_of_the_same_catalogue(workspace):
    """A KOI8-R Wget catalogue: its translations become memory with placeholders masked as
    ingest masks them, so the catalogue's own segments find exact matches."""
    path = REAL / "haiku_wget_ru_koi8r_subset.po"
    result = tm_import(workspace, path, "--from", "en")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["added"], report["languages"]) == (8, ["en", "ru"])
    run_cli(["init", "ws2", "-s", "en", "-t", "ru", "--no-glossary"], cwd=workspace.parent)
    ws2 = workspace.parent / "ws2"
    shutil.copyfile(workspace / "l10n.db", ws2 / "l10n.db")
    ingest = run_cli(["ingest", str(path), "--json"], cwd=ws2)
    assert ingest.exit_code == 0, ingest.stderr
    slug = json.loads(ingest.stdout)["slug"]
    segs = run_cli(["segments", "-r", slug, "-l", "ru", "--json"], cwd=ws2)
    source = next(s["source"] for s in json.loads(segs.stdout) if "files in" in s["source"])
    (match,) = lookup(ws2, source, "en", "ru")
    assert match["kind"] == "exact"
    assert match["target"].startswith("Преобразовано ⟦")


def test_a_file_without_its_target_language_asks_for_it_and_imports_nothing(workspace, tmp_path):
    path = tmp_path / "strings.xlf"  # no language in the name either
    shutil.copyfile(REAL / "symfony_validators_de_subset.xlf", path)
    result = tm_import(workspace, path)
    assert result.exit_code != 0
    assert result.stderr.strip() == (
        f"Error: {path} does not say its target language. Pass it with --to LANG."
    )
    assert unit_count(workspace) == 0
    result = tm_import(workspace, path, "--to", "de")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["languages"] == ["de", "en"]


def test_malformed_xliff_is_one_line_error_and_nothing_is_imported(workspace, tmp_path):
    good = (REAL / "angular_messages.fr.xlf").read_text(encoding="utf-8")
    bad = tmp_path / "broken.fr.xlf"
    bad.write_text(good.replace("</trans-unit>", "</trans-unt>", 1), encoding="utf-8")
    result = tm_import(workspace, bad)
    assert result.exit_code != 0
    assert str(bad) in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert unit_count(workspace) == 0


def test_untranslated_targets_tools_fill_with_the_source_are_not_memory(workspace):
    """MadCap Lingo pre-fills targets with the English source (state needs-translation) and
    marks keyword units translate="no": none of that is a Chinese translation."""
    result = tm_import(workspace, REAL / "madcap_lingo_about_the.htm.xlf")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["added"], report["skipped"]) == (0, 2)
    assert unit_count(workspace) == 0
    # Trados: the two translate="no" units around the text are skipped, its 5 segments kept.
    report = json.loads(
        tm_import(workspace, REAL / "okapi_trados_test.txt_en-US_fr-FR.sdlxliff").stdout
    )
    assert (report["added"], report["skipped"]) == (5, 2)

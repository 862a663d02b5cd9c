"""The workspace glossary through the CLI: import, hits at ingest, match, export, check."""

from __future__ import annotations

import json
from pathlib import Path

from l10n.store import Store

CSV = """id,fr,fr_flags,en,en_status,es,ar,source
avrr,AVRR|aide au retour volontaire et à la réintégration,acronym dnt|,AVRR|assisted voluntary return and reintegration,,,,IOM Glossary on Migration (2019)
gcc,CCG|Conseil de coopération du Golfe,acronym|,GCC|Gulf Cooperation Council,,Consejo de Cooperación del Golfo,مجلس التعاون الخليجي,UNTERM
trafficking,traite des êtres humains|traite des personnes|traite,,trafficking in persons|human trafficking|treaty,preferred|admitted|forbidden,trata de personas,الاتجار بالأشخاص,IOM Glossary on Migration (2019)
victim,victime de traite,,victim of trafficking,,víctima de trata,,IOM Glossary on Migration (2019)
"""


def _write(tmp_path, text=CSV, name="terms.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_then_ingest_stores_hits(cli_in, workspace, seed_file, tmp_path):
    result = cli_in("glossary", "import", str(_write(tmp_path)), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["added"] == 4
    assert cli_in("ingest", str(seed_file)).exit_code == 0
    store = Store.open(workspace / "l10n.db")
    rows = store.db.execute(
        "SELECT s.source, h.text, h.concept_id FROM term_hits h JOIN segments s ON s.id = h.segment_id"
    ).fetchall()
    store.close()
    concepts = {r[2] for r in rows}
    assert {"avrr", "gcc", "trafficking", "victim"} <= concepts
    texts = {r[1] for r in rows}
    assert "CCG" in texts and "victimes de traite" in texts
    # Never a treaty: "traité" is not a hit for "traite".
    assert not any("traité" in t for t in texts)


def test_match_shows_targets_and_forbidden(cli_in, tmp_path):
    cli_in("glossary", "import", str(_write(tmp_path)))
    result = cli_in(
        "glossary",
        "match",
        "L’OIM et les pays du CCG luttent contre la traite.",
        "--lang",
        "fr",
        "--json",
    )
    hits = {h["concept_id"]: h for h in json.loads(result.stdout)}
    assert hits["gcc"]["targets"]["en"][0] == "GCC"
    assert hits["gcc"]["targets"]["ar"] == ["مجلس التعاون الخليجي"]
    assert "treaty" in hits["trafficking"]["forbidden"]["en"]
    result = cli_in("glossary", "match", "Le traité de Rome.", "--lang", "fr", "--json")
    assert json.loads(result.stdout) == []


def test_glossary_refresh_updates_existing_releases(cli_in, workspace, seed_file, tmp_path):
    cli_in("ingest", str(seed_file))
    result = cli_in(
        "glossary",
        "add",
        "--term",
        "fr=travail domestique",
        "--term",
        "en=domestic work",
        "--source",
        "IOM Glossary on Migration (2019)",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    store = Store.open(workspace / "l10n.db")
    n = store.db.execute(
        "SELECT COUNT(*) FROM term_hits WHERE text = 'travail domestique'"
    ).fetchone()[0]
    store.close()
    assert n == 1


def test_export_round_trip_csv_and_tbx(cli_in, tmp_path):
    cli_in("glossary", "import", str(_write(tmp_path)))
    before = json.loads(cli_in("glossary", "list", "--json").stdout)
    for fmt in ("csv", "tbx"):
        out = tmp_path / f"out.{fmt}"
        assert cli_in("glossary", "export", "--format", fmt, "-o", str(out)).exit_code == 0
        assert cli_in("glossary", "import", str(out), "--replace").exit_code == 0
        assert json.loads(cli_in("glossary", "list", "--json").stdout) == before


def test_malformed_glossary_imports_nothing(cli_in, tmp_path):
    bad = _write(tmp_path, "id,fr,fr_status\nx,traite,sometimes\n", "bad.csv")
    result = cli_in("glossary", "import", str(bad))
    assert result.exit_code != 0 and result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr
    assert json.loads(cli_in("glossary", "list", "--json").stdout) == []


def test_check_reports_contradictions_and_missing_languages(cli_in, tmp_path):
    text = "id,fr,en,en_status\nc1,migrant,migrant|migrant,preferred|forbidden\nc2,apatride,,\n"
    cli_in("glossary", "import", str(_write(tmp_path, text, "c.csv")))
    problems = json.loads(cli_in("glossary", "check", "--json").stdout)
    kinds = {(p["concept_id"], p["problem"]) for p in problems}
    assert ("c1", "contradiction") in kinds and ("c2", "missing_language") in kinds


def test_segments_terms_lists_hits_with_targets(cli_in, seed_file, tmp_path):
    cli_in("glossary", "import", str(_write(tmp_path)))
    cli_in("ingest", str(seed_file))
    rows = json.loads(
        cli_in(
            "segments", "--release", "oim-koweit-avrr", "--lang", "en", "--terms", "--json"
        ).stdout
    )
    gcc = [h for r in rows for h in r["terms"] if h["concept_id"] == "gcc"]
    assert gcc and gcc[0]["text"] == "CCG" and gcc[0]["targets"]["en"][0] == "GCC"
    table = cli_in("segments", "--release", "oim-koweit-avrr", "--terms").stdout
    assert "CCG → GCC" in table


DIALECTS = Path(__file__).parent / "data" / "glossary_csv"


def _terms(cli_in) -> set[tuple[str, str]]:
    concepts = json.loads(cli_in("glossary", "list", "--json").stdout)
    return {(t["lang"], t["text"]) for c in concepts for t in c["terms"]}


def test_a_weblate_glossary_needs_its_target_language_and_imports_nothing_without_it(cli_in):
    """A Weblate glossary CSV names no language: without --to the import is a one-line
    error saying how to give it, and the glossary is unchanged; with it, the terms land
    in the right languages."""
    path = str(DIALECTS / "weblate-glossary-fr.csv")
    refused = cli_in("glossary", "import", path)
    assert refused.exit_code != 0
    assert "--to" in refused.stderr and "Traceback" not in refused.stderr
    assert _terms(cli_in) == set()
    done = cli_in("glossary", "import", path, "--from", "en", "--to", "fr")
    assert done.exit_code == 0, done.stderr
    assert {("en", "refugee"), ("fr", "réfugié")} <= _terms(cli_in)


def test_the_source_language_of_a_lokalise_glossary_comes_from_the_column_repeating_it(cli_in):
    """Lokalise lists each entry's base-language term under ``term`` and again under its
    language code: that column names the source language, whatever the workspace's."""
    result = cli_in("glossary", "import", str(DIALECTS / "lokalise.csv"))
    assert result.exit_code == 0, result.stderr
    assert "note:" not in result.stderr
    terms = _terms(cli_in)
    assert {("en", "asylum seeker"), ("fr", "demandeur d'asile")} <= terms
    assert ("fr", "asylum seeker") not in terms


def test_a_transifex_glossary_is_read_in_the_source_language_given_or_the_workspaces(cli_in):
    """Transifex's ``term`` column names no language and no column repeats it: it is read
    as the workspace's source language with a note saying so, or as --from."""
    path = str(DIALECTS / "transifex.csv")
    assumed = cli_in("glossary", "import", path)
    assert assumed.exit_code == 0, assumed.stderr
    assert "note:" in assumed.stderr and "--from" in assumed.stderr
    assert ("fr", "stateless person") in _terms(cli_in)
    given = cli_in("glossary", "import", path, "--from", "en", "--replace")
    assert given.exit_code == 0 and "note:" not in given.stderr
    terms = _terms(cli_in)
    assert {("en", "stateless person"), ("fr", "apatride")} <= terms
    assert ("fr", "stateless person") not in terms

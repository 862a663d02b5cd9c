"""Ingest and exact reassembly of the bundled release, re-ingest, segments listing."""

from __future__ import annotations

import json

from l10n.store import Store
from l10n.workspace_init import EXAMPLE_RELEASE


def _segments(cli_in, *extra):
    result = cli_in("segments", "--release", "oim-koweit-avrr", "--json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_seed_round_trip_is_byte_identical(cli_in, seed_file, tmp_path):
    assert cli_in("ingest", str(seed_file)).exit_code == 0
    out = tmp_path / "back.txt"
    result = cli_in("export", "--release", "oim-koweit-avrr", "--lang", "fr", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == EXAMPLE_RELEASE.read_bytes()


def test_untranslated_export_falls_back_and_says_so(cli_in, seed_file):
    cli_in("ingest", str(seed_file))
    result = cli_in("export", "--release", "oim-koweit-avrr", "--lang", "en")
    assert result.stdout == EXAMPLE_RELEASE.read_text(encoding="utf-8")
    assert "untranslated, source text used" in result.stderr


def test_seed_segmentation_artefacts(cli_in, seed_file):
    cli_in("ingest", str(seed_file))
    sources = [s["source"] for s in _segments(cli_in)]
    # Headings glued to their paragraph are split into heading + paragraph.
    assert "Qui sommes nous" in sources
    assert any(
        s.startswith("L'Organisation internationale pour les migrations (OIM)") for s in sources
    )
    assert "Notre travail" in sources
    assert any(s.startswith("En tant que principale organisation") for s in sources)
    assert not any("nousL'" in s or "travailEn" in s for s in sources)
    # Lines with no letters are not segments; bullets stay in the skeleton.
    assert "-" not in sources and not any(s.startswith("- ") for s in sources)
    assert "Structure organisationnelle" in sources
    # The « » quotation is never split into halves with unbalanced guillemets.
    for s in sources:
        assert s.count("«") == s.count("»"), s
    assert any(
        s.startswith("« Nous sommes fiers") and "», a déclaré Falah Al Muteiry" in s
        for s in sources
    )
    # Phone number, e-mail and law number stay whole.
    contact = [s for s in sources if "iereiqat@iom.int" in s]
    assert len(contact) == 1 and "+965 25 30 81 64" in contact[0]
    assert any("la Loi 68/2015 sur le travail domestique" in s for s in sources)


def test_repeated_segments_share_one_job(cli_in, seed_file, workspace):
    cli_in("ingest", str(seed_file))
    segs = _segments(cli_in)
    structure = [s for s in segs if s["source"] == "Structure"]
    assert len(structure) == 1 and structure[0]["occurrences"] == 2
    store = Store.open(workspace / "l10n.db")
    rows = store.db.execute(
        "SELECT COUNT(*) FROM translations WHERE segment_id = ?", [structure[0]["id"]]
    ).fetchone()[0]
    store.close()
    assert rows == 3  # one per target language


def test_reingest_same_file_is_a_noop(cli_in, seed_file, workspace):
    cli_in("ingest", str(seed_file))
    store = Store.open(workspace / "l10n.db")
    before = store.db.execute("SELECT COUNT(*) FROM release_versions").fetchone()[0]
    store.close()
    result = cli_in("ingest", str(seed_file), "--json")
    assert json.loads(result.stdout)["status"] == "unchanged"
    store = Store.open(workspace / "l10n.db")
    assert store.db.execute("SELECT COUNT(*) FROM release_versions").fetchone()[0] == before
    store.close()


def test_reingest_changed_release_keeps_and_flags_translations(cli_in, seed_file, workspace):
    cli_in("ingest", str(seed_file))
    segs = {s["source"]: s["id"] for s in _segments(cli_in)}
    kept = "Structure organisationnelle"
    edited = next(s for s in segs if s.startswith("Le Centre peut accueillir 500"))
    store = Store.open(workspace / "l10n.db")
    for source, text in (
        (kept, "Organizational structure"),
        (edited, "The Centre can host 500 residents."),
    ):
        store.change_translation(
            segs[source],
            "en",
            target=text,
            state=70,
            origin="human",
            user="ana",
            action="translate",
            now="2026-01-01T00:00:00Z",
        )
    store.close()

    changed = seed_file.read_text(encoding="utf-8").replace("accueillir 500", "accueillir 600")
    seed_file.write_text(changed, encoding="utf-8")
    result = cli_in("ingest", str(seed_file), "--json")
    info = json.loads(result.stdout)
    assert info["status"] == "updated" and info["version"] == 2
    assert info["new_segments"] == 1 and info["retired_segments"] == 1 and info["needs_work"] == 1

    rows = {s["source"]: s for s in _segments(cli_in, "--lang", "en")}
    assert (
        rows[kept]["target"] == "Organizational structure" and rows[kept]["state"] == "translated"
    )
    new_source = edited.replace("500", "600")
    assert rows[new_source]["state"] == "needs_work"
    assert rows[new_source]["target"] == "The Centre can host 500 residents."
    assert edited not in rows
    store = Store.open(workspace / "l10n.db")
    seg = store.db.execute(
        "SELECT previous_source FROM segments WHERE source = ?", [new_source]
    ).fetchone()
    hist = store.db.execute("SELECT action FROM history WHERE new_state = 30").fetchall()
    store.close()
    assert seg[0] == edited
    assert hist == [("source_changed",)]
    # The new version still exports exactly.
    out = cli_in("export", "--release", "oim-koweit-avrr", "--lang", "fr")
    assert out.stdout == changed


def test_segments_json_with_lang_and_state_filter(cli_in, seed_file):
    cli_in("ingest", str(seed_file))
    rows = _segments(cli_in, "--lang", "en", "--state", "untranslated")
    assert rows and all(r["state"] == "untranslated" and r["target"] is None for r in rows)
    assert {"id", "block", "position", "source", "words", "target", "state", "origin"} <= set(
        rows[0]
    )
    assert _segments(cli_in, "--lang", "en", "--state", "approved") == []


def test_release_slug_option_and_listing(cli_in, seed_file):
    result = cli_in("ingest", str(seed_file), "--release", "koweit-2016")
    assert result.exit_code == 0, result.stderr
    listing = json.loads(cli_in("releases", "--json").stdout)
    assert listing[0]["slug"] == "koweit-2016" and listing[0]["segments"] > 20


def test_csv_output(cli_in, seed_file):
    cli_in("ingest", str(seed_file))
    result = cli_in("segments", "--release", "oim-koweit-avrr", "--csv")
    assert result.stdout.splitlines()[0] == "id,block,source,words"

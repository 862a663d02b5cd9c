"""The tm commands as a user runs them: import, lookup --json, export, sync, errors."""

from __future__ import annotations

import json
from pathlib import Path

from l10n.states import APPROVED
from l10n.store import Store

DATA = Path(__file__).resolve().parent / "data" / "tm"


def test_import_then_lookup_json(cli_in):
    result = cli_in("tm", "import", str(DATA / "sample14.tmx"), "--json")
    assert result.exit_code == 0, result.stderr
    imported = json.loads(result.stdout)
    assert (imported["added"], imported["skipped"]) == (4, 1)
    result = cli_in(
        "tm",
        "lookup",
        "L'OIM au Koweït facilite le retour volontaire de 15 victimes de traite.",
        "--from",
        "fr",
        "--to",
        "en",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    (match,) = json.loads(result.stdout)
    # 99: only a number differs; fr-FR/en-US units serve a plain fr/en workspace in full.
    assert match["kind"] == "fuzzy" and match["score"] == 99
    assert match["target_lang"] == "en-US"
    assert (
        match["adapted_target"]
        == "IOM Kuwait facilitates the voluntary return of 15 trafficking victims."
    )
    result = cli_in("tm", "lookup", "Tout autre chose.", "--to", "es", "--json")
    assert json.loads(result.stdout) == []


def test_lookup_threshold_from_settings_and_option(cli_in, workspace):
    cli_in("tm", "import", str(DATA / "sample14.tmx"))
    text = "L'OIM au Koweït aide au retour de victimes de traite."
    (match,) = json.loads(cli_in("tm", "lookup", text, "--to", "en", "--json").stdout)
    assert 75 <= match["score"] < 85  # the default threshold is 75
    assert (
        json.loads(cli_in("tm", "lookup", text, "--to", "en", "--threshold", "85", "--json").stdout)
        == []
    )
    config = workspace / "l10n.toml"
    settings = config.read_text(encoding="utf-8")
    assert "threshold = 75" in settings
    config.write_text(settings.replace("threshold = 75", "threshold = 85"), encoding="utf-8")
    assert json.loads(cli_in("tm", "lookup", text, "--to", "en", "--json").stdout) == []


def test_export_writes_tmx_with_actual_languages(cli_in, workspace):
    cli_in("tm", "import", str(DATA / "sample14.tmx"))
    out = workspace / "out.tmx"
    result = cli_in("tm", "export", "--from", "fr", "--to", "en", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "3 units written" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert 'srclang="fr"' in text and '<tu srclang="fr-FR"' in text
    assert 'xml:lang="en-US"' in text and 'xml:lang="es"' not in text
    stdout = cli_in("tm", "export", "--to", "es")
    assert stdout.exit_code == 0 and 'xml:lang="es"' in stdout.stdout


def test_bad_tmx_is_one_line_error_and_nothing_imported(cli_in, workspace):
    result = cli_in("tm", "import", str(DATA / "truncated.tmx"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "truncated.tmx is not valid TMX" in result.stderr
    assert "(line " in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = cli_in("tm", "import", str(DATA / "xxe.tmx"))
    assert result.exit_code == 1 and "declares XML entities" in result.stderr
    store = Store.open(workspace / "l10n.db")
    assert store.tm_count_units() == 0
    store.close()
    result = cli_in("tm", "lookup", "Bonjour")  # three target languages: --to needed
    assert result.exit_code == 2 and "--to is needed" in result.stderr


def test_sync_adds_approved_translations(cli_in, workspace, seed_file):
    assert cli_in("ingest", str(seed_file)).exit_code == 0
    store = Store.open(workspace / "l10n.db")
    seg = store.active_segments(1)[5]
    store.change_translation(
        seg["id"],
        "en",
        target="An approved sentence.",
        state=APPROVED,
        origin="human",
        user="rev",
        action="approve",
        now="2026-01-01T00:00:00Z",
    )
    store.close()
    result = cli_in("tm", "sync", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"added": 1, "updated": 0, "unchanged": 0}
    assert json.loads(cli_in("tm", "sync", "--json").stdout)["unchanged"] == 1
    result = cli_in("tm", "lookup", seg["source"], "--to", "en", "--json")
    (match,) = json.loads(result.stdout)
    assert (match["score"], match["target"], match["origin"]) == (
        100,
        "An approved sentence.",
        "workspace",
    )

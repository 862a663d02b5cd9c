"""Workspaces: init, discovery, language validation."""

from __future__ import annotations

import json
import tomllib

from conftest import run_cli

from l10n.langs import normalize_lang
from l10n.store import Store


def test_init_creates_workspace_layout(tmp_path):
    result = run_cli(
        [
            "init",
            str(tmp_path / "w"),
            "--source-lang",
            "fr",
            "--target-langs",
            "en,es,ar",
            "--no-glossary",
            "--json",
        ],
        cwd=tmp_path,
    )
    assert result.exit_code == 0, result.stderr
    info = json.loads(result.stdout)
    root = tmp_path / "w"
    assert info["target_langs"] == ["en", "es", "ar"]
    assert (root / "glossary").is_dir() and (root / "locales").is_dir()
    config = tomllib.loads((root / "l10n.toml").read_text())
    assert config["source_lang"] == "fr" and config["target_langs"] == ["en", "es", "ar"]
    store = Store.open(root / "l10n.db")
    assert "0001_core" in store.applied_migrations()
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_init_normalises_language_codes(tmp_path):
    result = run_cli(
        ["init", "w", "-s", "fr", "-t", "en_us,pt-br", "--no-glossary", "--json"], cwd=tmp_path
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["target_langs"] == ["en-US", "pt-BR"]


def test_language_codes_keep_an_explicit_script_and_accept_legacy_chinese_codes():
    """Serbian in Latin script stays Latin whatever the alias of its old territory says;
    the zh-CHS/zh-CHT codes older Windows tools write in TMX and TBX files are read."""
    assert normalize_lang("sr-Latn-CS") == "sr-Latn-RS"
    assert normalize_lang("sr_latn") == "sr-Latn"
    assert normalize_lang("sr-CS") == "sr-Cyrl-RS"
    assert normalize_lang("zh-CHS") == "zh-Hans"
    assert normalize_lang("zh_cht") == "zh-Hant"
    assert normalize_lang("zh-TW") == "zh-Hant-TW"


def test_init_rejects_unknown_language(tmp_path):
    result = run_cli(["init", "w", "--target-langs", "en,xx"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: 'xx' is not a known language code. "
        "Use a BCP 47 code such as fr, en, es, ar, pt-BR or zh-Hans."
    )
    assert not (tmp_path / "w" / "l10n.toml").exists()


def test_init_refuses_existing_workspace(workspace):
    result = run_cli(["init", str(workspace)], cwd=workspace.parent)
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "Traceback" not in result.stderr


def test_commands_find_workspace_upwards(workspace, seed_file):
    sub = workspace / "a" / "b"
    sub.mkdir(parents=True)
    result = run_cli(["ingest", str(seed_file)], cwd=sub)
    assert result.exit_code == 0, result.stderr
    assert run_cli(["releases", "--json"], cwd=sub).stdout.count("oim-koweit-avrr") == 1


def test_workspace_option_and_environment(workspace, seed_file, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    assert (
        run_cli(["--workspace", str(workspace), "ingest", str(seed_file)], cwd=outside).exit_code
        == 0
    )
    listed = run_cli(["releases", "--json"], cwd=outside, env={"L10N_WORKSPACE": str(workspace)})
    assert json.loads(listed.stdout)[0]["slug"] == "oim-koweit-avrr"


def test_no_workspace_is_a_clear_error(tmp_path):
    result = run_cli(["releases"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no l10n workspace found in ")
    assert "Run 'l10n init' to create one, or pass --workspace DIR." in result.stderr


def test_version_and_help():
    assert run_cli(["--version"]).stdout.startswith("l10n, version ")
    assert "Usage:" in run_cli(["-h"]).stdout
    assert "Usage:" in run_cli(["ingest", "-h"]).stdout

"""The quick-start command: the main job on the bundled example release."""

from __future__ import annotations

import json

from conftest import run_cli

from l10n.workspace_init import EXAMPLE_RELEASE


def test_demo_runs_end_to_end_and_is_rerunnable(tmp_path):
    result = run_cli(["demo", "ws"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "glossary: " in result.stdout and "Pretranslated ar: TM 0, MT " in result.stdout
    manifest = json.loads((tmp_path / "ws" / "locales" / "manifest.json").read_text())
    paths = sorted(entry["path"] for entry in manifest["files"])
    assert "ar/oim-koweit-avrr.txt" in paths and "en/oim-koweit-avrr.po" in paths
    # The published English preview is the rebuilt document with pseudo translations.
    english = (tmp_path / "ws" / "locales" / "en" / "oim-koweit-avrr.txt").read_text()
    assert english.count("\n") == EXAMPLE_RELEASE.read_text(encoding="utf-8").count("\n")
    assert "[!!" in english and "iereiqat@iom.int" in english
    again = run_cli(["demo", "ws"], cwd=tmp_path)
    assert again.exit_code == 0, again.stderr
    assert "(reused)" in again.stdout and "MT 0" in again.stdout

"""Docs from code: the reference is current, and everything a user can name is documented."""

from __future__ import annotations

import subprocess
import sys

from l10n.docs import REFERENCE, render_reference


def test_reference_is_current():
    assert REFERENCE.read_text(encoding="utf-8") == render_reference(), (
        "docs/reference.md is stale: run 'python -m l10n.docs'"
    )


def test_every_command_check_engine_and_format_is_documented():
    from l10n.cli import cli
    from l10n.formats import FORMATS
    from l10n.mt import ENGINES
    from l10n.qa import all_checks

    text = REFERENCE.read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"### `l10n {name}`" in text
    for check in all_checks():
        assert f"| `{check.check_id}` |" in text and check.description
    for name, engine in ENGINES.items():
        assert f"| `{name}` |" in text and engine.description
    for name, fmt in FORMATS.items():
        assert f"| `{name}` |" in text and fmt.description


def test_readme_points_to_the_reference_and_its_commands_exist():
    from l10n.cli import cli

    readme = (REFERENCE.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "docs/reference.md" in readme
    for line in readme.splitlines():
        stripped = line.strip()
        if stripped.startswith("l10n ") and not stripped.startswith("l10n,"):
            assert stripped.split()[1] in cli.commands, stripped


def test_check_mode_reports_staleness():
    result = subprocess.run([sys.executable, "-m", "l10n.docs", "--check"], capture_output=True)
    assert result.returncode == 0

"""Commands: backup, check."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from l10n.cli.options import emit_json, pass_app, workspace_options
from l10n.maintenance import backup_workspace, check_workspace, repair_workspace


@click.command("backup")
@click.argument("file", type=click.Path(path_type=Path))
@workspace_options
@pass_app
def backup_command(app, file: Path) -> None:
    """Copy the database to FILE (SQLite online backup; safe while others work)."""
    target = backup_workspace(app.store, file)
    click.echo(f"Backed up {app.workspace.db_path} to {target}")


@click.command("check")
@click.option("--repair", is_flag=True, help="Rebuild derived data (progress counts) first.")
@click.option("--json", "as_json", is_flag=True)
@workspace_options
@pass_app
def check_command(app, repair, as_json) -> None:
    """Check the database (integrity, orphan rows, states vs history, progress counts) and
    the published files against the manifest. Exit status 1 when something is wrong."""
    if repair:
        repair_workspace(app.store)
    report = check_workspace(app.store, app.workspace)
    if as_json:
        emit_json(report.to_json())
    else:
        click.echo(f"integrity: {report.integrity}")
        for problem in report.problems:
            click.echo("problem: " + ", ".join(f"{k}={v}" for k, v in problem.items()))
        if report.ok:
            click.echo("workspace is consistent")
    if not report.ok:
        sys.exit(1)


COMMANDS = [backup_command, check_command]

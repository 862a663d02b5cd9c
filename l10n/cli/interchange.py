"""``import``: read back an XLIFF file a translator edited in a CAT tool."""

from __future__ import annotations

from pathlib import Path

import click

from l10n.cli.options import emit_json, pass_app, workspace_options
from l10n.interchange.xliff import import_xliff


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@workspace_options
@pass_app
def import_command(app, file: Path, as_json: bool) -> None:
    """Import an XLIFF 2.x or 1.2 file (exported with 'l10n export --format xliff').

    Edited targets become translations, and units marked reviewed/final (signed-off
    in 1.2) are approved, each as a review action by --user with its history row and
    QA checks. Nothing is applied unless the whole file is valid; units whose source
    changed since the export are reported and skipped.
    """
    result = import_xliff(app.store, app.workspace, file, user=app.user)
    if as_json:
        emit_json(result.to_json())
        return
    click.echo(
        f"{result.release} ({result.lang}, XLIFF {result.xliff_version}): {result.units} units, "
        f"{result.translated} translated, {result.confirmed} confirmed, {result.approved} "
        f"approved, {result.unchanged} unchanged, {len(result.skipped)} skipped, "
        f"{len(result.conflicts)} conflicts, {len(result.refused)} refused"
    )
    for label, items in (
        ("skipped", result.skipped),
        ("conflict", result.conflicts),
        ("refused", result.refused),
    ):
        for item in items:
            click.echo(f"  {label} segment {item['segment_id']}: {item['reason']}", err=True)


COMMANDS = [import_command]

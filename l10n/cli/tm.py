"""Commands: translation memory (``tm import``, ``tm export``, ``tm lookup``, ``tm sync``)."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import click

from l10n import tm
from l10n.cli.options import emit_json, output_options, pass_app, render_rows, workspace_options
from l10n.errors import InputError, UsageError
from l10n.fsutil import write_atomically
from l10n.langs import normalize_lang, parse_lang_list


@click.group("tm")
def tm_group() -> None:
    """Translation memory: approved translations and imported TMX, for pretranslation."""


@tm_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--from",
    "source_lang",
    metavar="LANG",
    help="Source language when the file does not say it (a TMX srclang of *all*, a PO "
    "catalogue; default: the workspace's).",
)
@click.option(
    "--to",
    "target_lang",
    metavar="LANG",
    help="Target language when the file does not say it (XLIFF without target-language, "
    "PO without a Language header).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@workspace_options
@pass_app
def tm_import_command(app, file: Path, source_lang, target_lang, as_json) -> None:
    """Import translation memory: TMX (1.1 to 1.4b), XLIFF 1.2/2.x from any tool
    (.xlf, .xliff, .sdlxliff, .mqxliff) or a PO catalogue's translations. All its units
    or, on any error, none."""
    result = tm.import_memory(
        app.store,
        file,
        source_lang=normalize_lang(source_lang) if source_lang else app.workspace.source_lang,
        target_lang=normalize_lang(target_lang) if target_lang else None,
    )
    if as_json:
        emit_json(asdict(result))
        return
    line = (
        f"{file.name}: {result.added} units added from {result.tus} translation units "
        f"({', '.join(result.languages) or 'no languages'})"
    )
    if result.duplicates:
        line += f", {result.duplicates} already in the memory"
    if result.skipped:
        line += f", {result.skipped} skipped (no source, or no translation)"
    click.echo(line)


@tm_group.command("export")
@click.option(
    "--from",
    "source_lang",
    metavar="LANG",
    help="Source language (default: the workspace's; every region of it).",
)
@click.option(
    "--to",
    "target_langs",
    metavar="LANGS",
    help="Target languages, comma-separated (default: all).",
)
@click.option(
    "--output",
    "-o",
    "output_path",
    type=click.Path(path_type=Path),
    help="Write to this file instead of standard output.",
)
@workspace_options
@pass_app
def tm_export_command(app, source_lang, target_langs, output_path) -> None:
    """Export the translation memory as TMX 1.4b."""
    source = normalize_lang(source_lang) if source_lang else app.workspace.source_lang
    targets = parse_lang_list(target_langs) if target_langs else None
    content, count = tm.export_tmx(app.store, source, targets)
    if output_path is not None:
        if output_path.is_dir():
            raise InputError(f"{output_path} is a directory", "Give a file path to -o")
        write_atomically(output_path, content)
        click.echo(f"{count} units written to {output_path}", err=True)
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()


@tm_group.command("lookup")
@click.argument("text")
@click.option(
    "--from", "source_lang", metavar="LANG", help="Source language (default: the workspace's)."
)
@click.option(
    "--to",
    "target_lang",
    metavar="LANG",
    help="Target language (required when the workspace has several).",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    metavar="SCORE",
    help="Lowest fuzzy score (default: [tm] threshold in l10n.toml, 75).",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 100),
    default=tm.DEFAULT_LIMIT,
    show_default=True,
    help="Most matches to show.",
)
@output_options
@workspace_options
@pass_app
def tm_lookup_command(app, text, source_lang, target_lang, threshold, limit, output) -> None:
    """Look TEXT up in the translation memory: exact, in-context and fuzzy matches."""
    ws = app.workspace
    if target_lang is None:
        if len(ws.target_langs) != 1:
            raise UsageError("--to is needed", "Pass the target language, e.g. --to en")
        target_lang = ws.target_langs[0]
    if threshold is None:
        threshold = float(ws.section("tm").get("threshold", tm.DEFAULT_THRESHOLD))
    matches = tm.lookup(
        app.store,
        text,
        source_lang or ws.source_lang,
        target_lang,
        threshold=threshold,
        limit=limit,
    )
    rows = [m.to_json() for m in matches]
    render_rows(
        rows,
        ["score", "kind", "source", "target", "target_lang", "origin"],
        output,
        title=f"TM matches ({len(rows)})",
    )


@tm_group.command("sync")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@workspace_options
@pass_app
def tm_sync_command(app, as_json) -> None:
    """Add every approved translation to the translation memory (safe to repeat)."""
    result = tm.sync_approved(app.store)
    if as_json:
        emit_json(asdict(result))
        return
    click.echo(
        f"{result.added} units added, {result.updated} updated, {result.unchanged} unchanged"
    )


COMMANDS = [tm_group]

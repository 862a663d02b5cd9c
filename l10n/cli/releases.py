"""``ingest``, ``releases``, ``segments`` and ``export``."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import click

from l10n.cli.options import (
    emit_json,
    lang_option,
    output_options,
    pass_app,
    release_option,
    render_rows,
    workspace_options,
)
from l10n.errors import InputError, UsageError
from l10n.export import export_release
from l10n.fsutil import write_atomically
from l10n.glossary import hits_summary
from l10n.ingest import ingest_file
from l10n.langs import normalize_lang
from l10n.states import parse_state, parse_states, state_name


@click.command("ingest")
@click.argument("file", type=click.Path(path_type=Path))
@release_option()
@click.option("--lang", "-l", metavar="LANG", help="Source language (default: the workspace's).")
@click.option(
    "--encoding",
    metavar="NAME",
    help="Source encoding when not UTF-8/UTF-16 (cp1252, latin-1, ...).",
)
@click.option(
    "--format", "format_name", metavar="NAME", help="Source format (default: from the extension)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@workspace_options
@pass_app
def ingest_command(app, file: Path, release, lang, encoding, format_name, as_json) -> None:
    """Ingest a source release (txt, md): parse, segment and store it.

    Re-ingesting an unchanged file does nothing; a changed file becomes a new version
    of the release, keeping translations of unchanged sentences and marking those
    of changed sentences needs_work.
    """
    ws = app.workspace
    result = ingest_file(
        app.store,
        file,
        source_lang=ws.source_lang,
        target_langs=ws.target_langs,
        user=app.user,
        slug=release,
        lang=lang,
        encoding=encoding,
        format_name=format_name,
    )
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if as_json:
        emit_json(asdict(result))
        return
    if result.status == "unchanged":
        click.echo(
            f"{result.slug}: unchanged (version {result.version}, {result.segments} segments)"
        )
        return
    line = (
        f"{result.slug}: version {result.version} ({result.format}), {result.blocks} blocks, "
        f"{result.segments} segments, {result.words} words"
    )
    if result.version > 1:
        line += (
            f"; {result.kept_segments} kept, {result.new_segments} new, "
            f"{result.retired_segments} retired, {result.needs_work} translations need work"
        )
    if result.imported_translations:
        line += (
            f"; {result.imported_translations} {result.imported_lang} translations kept from "
            "the catalogue"
        )
    click.echo(line)


@click.command("releases")
@output_options
@workspace_options
@pass_app
def releases_command(app, output) -> None:
    """List the releases in the workspace."""
    rows = app.store.list_releases()
    render_rows(
        rows,
        ["slug", "version", "source_lang", "format", "segments", "words", "title", "ingested_at"],
        output,
        title="Releases",
    )


@click.command("segments")
@release_option(required=True)
@lang_option()
@click.option(
    "--state", metavar="STATES", help="Only these states (comma-separated), needs --lang."
)
@click.option("--terms", is_flag=True, help="Show glossary hits and the target terms to use.")
@output_options
@workspace_options
@pass_app
def segments_command(app, release, lang, state, terms, output) -> None:
    """List a release's segments in document order."""
    store = app.store
    rel = store.require_release(release)
    states = parse_states(state)
    if states and not lang:
        raise UsageError("--state needs --lang", "Pass --lang LANG to filter by translation state")
    lang = normalize_lang(lang) if lang else None
    rows = store.segment_rows(rel["id"], lang, states or None)
    out = []
    for r in rows:
        item = {
            "id": r["id"],
            "block": r["block_position"],
            "position": r["position"],
            "source": r["source"],
            "words": r["words"],
            "occurrences": r["occurrences"],
        }
        if lang:
            item.update(
                target=r["target"],
                state=state_name(r["state"]),
                origin=r["origin"],
                version=r["translation_version"],
            )
        if terms:
            item["terms"] = hits_summary(
                store,
                r["source"],
                rel["source_lang"],
                [lang] if lang else app.workspace.target_langs,
            )
        out.append(item)
    columns = ["id", "block", "source", "words"] + (["state", "target", "origin"] if lang else [])
    if terms:
        for item in out:
            item["glossary"] = "; ".join(
                f"{h['text']} → {' | '.join(t for ts in h['targets'].values() for t in ts[:1])}"
                for h in item["terms"]
            )
        columns.append("glossary")
    render_rows(out, columns, output, title=f"{release} segments" + (f" ({lang})" if lang else ""))


@click.command("export")
@release_option(required=True)
@lang_option(required=True, help="Language to export (the source language gives the original).")
@click.option(
    "--format",
    "-f",
    "format_name",
    metavar="FORMAT",
    help="Output format: the release's own document format (txt, md, ...) or an "
    "interchange format (json, po, xliff, tmx).",
)
@click.option(
    "--min-state",
    default=None,
    metavar="STATE",
    help="Lowest state whose translation is used; others fall back to the source "
    "(default: pretranslated; approved for tmx, so unreviewed machine translation never "
    "reaches another team's memory).",
)
@click.option(
    "--output",
    "-o",
    "output_path",
    type=click.Path(path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option(
    "--xliff-version",
    type=click.Choice(["2.1", "1.2"]),
    default="2.1",
    show_default=True,
    help="XLIFF version written by --format xliff.",
)
@workspace_options
@pass_app
def export_command(app, release, lang, format_name, min_state, output_path, xliff_version) -> None:
    """Export a release in one language."""
    result = export_release(
        app.store,
        release,
        lang,
        format_name=format_name,
        min_state=parse_state(min_state) if min_state else None,
        options={"xliff_version": xliff_version},
    )
    if output_path is not None:
        if output_path.is_dir():
            raise InputError(f"{output_path} is a directory", "Give a file path to -o")
        write_atomically(output_path, result.content)
    else:
        sys.stdout.buffer.write(result.content)
        sys.stdout.flush()
    if result.fallback:
        click.echo(
            f"{result.slug} ({result.lang}): {result.fallback} of {result.segments} segments "
            "untranslated, source text used",
            err=True,
        )


COMMANDS = [ingest_command, releases_command, segments_command, export_command]

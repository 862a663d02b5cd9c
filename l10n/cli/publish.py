"""Commands: ``status``, ``report`` and ``publish``."""

from __future__ import annotations

import os
import sys
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
from l10n.langs import parse_lang_list
from l10n.publish import UnfinishedLanguages, publish
from l10n.report import write_report
from l10n.states import parse_state
from l10n.status import BAND_LABELS, STATE_ORDER, WORD_COLUMNS, match_bands, workspace_status

BAR_WIDTH = 24
# Colour and a distinct character per state, so the bar reads without colour too.
BAR_STYLE = {
    "approved": ("green", "█"),
    "translated": ("blue", "▓"),
    "pretranslated": ("cyan", "▒"),
    "needs_work": ("yellow", "░"),
    "rejected": ("red", "×"),
    "untranslated": ("bright_black", "·"),
}
SHORT = {
    "untranslated": "untr",
    "rejected": "rej",
    "needs_work": "work",
    "pretranslated": "pre",
    "translated": "trans",
    "approved": "appr",
}


def _finished_state(app) -> int:
    return parse_state(str(app.workspace.section("review").get("finished_state", "approved")))


def _langs(lang: str | None) -> list[str] | None:
    return parse_lang_list(lang) if lang else None


def _bar(row):
    from rich.text import Text

    text = Text()
    total = row.words
    if not total:
        return text
    # Largest-remainder rounding so the cells always add up to the bar width.
    shares = [
        (name, BAR_WIDTH * row.words_by_state[name] / total) for name in reversed(STATE_ORDER)
    ]
    cells = {name: int(share) for name, share in shares}
    left = BAR_WIDTH - sum(cells.values())
    for name, _share in sorted(shares, key=lambda s: s[1] - int(s[1]), reverse=True)[:left]:
        cells[name] += 1
    for name, _ in shares:
        colour, char = BAR_STYLE[name]
        if cells[name]:
            text.append(char * cells[name], style=colour)
    return text


def print_status_table(report) -> None:
    """The status as a rich table with a stacked progress bar per row, and a total row."""
    from rich.console import Console
    from rich.table import Table

    tty = sys.stdout.isatty()
    console = Console(
        no_color=bool(os.environ.get("NO_COLOR")) or not tty,
        soft_wrap=False,
        width=None if tty else 200,
    )
    table = Table(title=f"Status (finished = all {report.finished_state})", header_style="bold")
    table.add_column("release", overflow="fold")
    table.add_column("lang")
    table.add_column("progress (words)", no_wrap=True)
    table.add_column("appr %", justify="right")
    for name in STATE_ORDER:
        table.add_column(SHORT[name], justify="right")
    table.add_column("words", justify="right")
    table.add_column("QA crit", justify="right")
    table.add_column("assignee", overflow="fold")
    table.add_column("last activity")
    table.add_column("done")
    for row in [*report.rows, report.total]:
        is_total = row is report.total
        table.add_row(
            "TOTAL" if is_total else row.release,
            row.lang,
            _bar(row),
            f"{row.percent_approved:g}",
            *[str(n) for n in row.counts],
            str(row.words),
            "" if row.qa_critical is None else str(row.qa_critical),
            row.assignee or "",
            (row.last_activity or "")[:16].replace("T", " "),
            "yes" if row.finished else "no",
            end_section=not is_total and row is report.rows[-1],
            style="bold" if is_total else None,
        )
    console.print(table)


@click.command("status")
@release_option()
@lang_option(help="Only these languages (comma-separated).")
@click.option(
    "--bands",
    is_flag=True,
    help="TM match bands per language in source words (101, 100, 95-99, 85-94, "
    "75-84, 50-74, no match, repetitions) instead of states.",
)
@output_options
@workspace_options
@pass_app
def status_command(app, release, lang, bands, output) -> None:
    """Where every language of every release stands.

    Per release and language: segments (repeated sentences count once) and source
    words by state, percent approved, open critical QA issues, assignee, last
    activity and whether it is finished (every segment at the workspace's
    finished state, [review] finished_state); then a total row.
    """
    langs = _langs(lang)
    if bands:
        rows = match_bands(app.store, release=release, lang=langs)
        render_rows(
            rows, ["lang", *BAND_LABELS, "total"], output, title="TM match bands (source words)"
        )
        return
    report = workspace_status(
        app.store, release=release, lang=langs, finished_state=_finished_state(app)
    )
    if output == "json":
        emit_json(
            {
                "finished_state": report.finished_state,
                "rows": report.flat_rows(with_total=False),
                "total": report.total.flat(),
            }
        )
        return
    if output == "csv":
        columns = [
            "release",
            "lang",
            "version",
            "segments",
            "words",
            *STATE_ORDER,
            *WORD_COLUMNS,
            "percent_approved",
            "qa_critical",
            "assignee",
            "last_activity",
            "finished",
        ]
        render_rows(report.flat_rows(), columns, output)
        return
    if not report.rows:
        if release or langs:
            click.echo("No translations match --release/--lang.")
        else:
            click.echo("No releases yet: ingest one with 'l10n ingest FILE'.")
        return
    print_status_table(report)


@click.command("report")
@click.option(
    "--output",
    "-o",
    "output_path",
    type=click.Path(path_type=Path),
    default="report.html",
    show_default=True,
    help="HTML file to write.",
)
@release_option()
@lang_option(help="Only these languages (comma-separated).")
@click.option(
    "--activity",
    default=50,
    show_default=True,
    type=click.IntRange(0, 10_000),
    help="How many recent changes to list.",
)
@workspace_options
@pass_app
def report_command(app, output_path, release, lang, activity) -> None:
    """Write a one-page HTML status report (self-contained; opens offline, reads on a phone)."""
    path = write_report(
        app.store,
        output_path,
        release=release,
        lang=_langs(lang),
        finished_state=_finished_state(app),
        activity_limit=activity,
    )
    click.echo(f"wrote {path}")


@click.command("publish")
@release_option()
@lang_option(help="Only these languages (comma-separated; default: all target languages).")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Folder to publish to (default: the workspace's locales/).",
)
@click.option(
    "--min-state",
    default="approved",
    show_default=True,
    metavar="STATE",
    help="Lowest state whose translation goes into the files.",
)
@click.option(
    "--allow-unfinished",
    is_flag=True,
    help="Publish unfinished languages too (untranslated text falls back to the source).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
@workspace_options
@pass_app
def publish_command(app, release, lang, out_dir, min_state, allow_unfinished, as_json) -> None:
    """Publish finished languages: documents and PO catalogues under locales/<lang>/,
    and locales/manifest.json.

    Unchanged files are not rewritten. Exit status 3 when a language asked for is
    not finished (the finished ones are still published).
    """
    error = None
    try:
        result = publish(
            app.store,
            out_dir or app.workspace.locales_dir,
            release=release,
            lang=_langs(lang),
            min_state=parse_state(min_state),
            finished_state=_finished_state(app),
            allow_unfinished=allow_unfinished,
        )
    except UnfinishedLanguages as exc:
        result, error = exc.result, exc
    if as_json:
        emit_json(result.manifest)
    else:
        for path in result.written:
            click.echo(f"wrote {path}")
        if result.unchanged:
            click.echo(f"{len(result.unchanged)} file(s) unchanged")
        for note in result.notes:
            click.echo(f"note: {note}", err=True)
    if error is not None:
        raise error


COMMANDS = [status_command, report_command, publish_command]

_print_status_table = print_status_table  # the name l10n.cli.workspace (demo) imports

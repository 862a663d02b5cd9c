"""Command: pretranslate."""

from __future__ import annotations

import sys

import click

from l10n.cli.options import emit_json, pass_app, release_option, workspace_options


@click.command("pretranslate")
@release_option(required=True)
@click.option(
    "--lang",
    "-l",
    "langs",
    metavar="LANGS",
    help="Comma-separated target languages (default: all of the workspace's).",
)
@click.option(
    "--engine",
    "-e",
    "engine_name",
    metavar="NAME",
    help="pseudo, google, mymemory, libre, microsoft or deepl (default: [mt] engine).",
)
@click.option("--url", metavar="URL", help="Server URL for self-hosted engines (LibreTranslate).")
@click.option("--tm-only", is_flag=True, help="Use translation memory only; send nothing to MT.")
@click.option(
    "--threshold",
    type=click.IntRange(1, 100),
    metavar="SCORE",
    help="Lowest fuzzy TM score used (default: [tm] threshold, 75).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    metavar="N",
    help="Parallel MT requests (default: [mt] concurrency, 4).",
)
@click.option(
    "--deadline",
    type=click.FloatRange(0.1),
    metavar="SECONDS",
    help="Overall time limit per language for MT (default: [mt] deadline).",
)
@click.option(
    "--dry-run", is_flag=True, help="Count what would be sent to the engine; send nothing."
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@workspace_options
@pass_app
def pretranslate_command(
    app,
    release,
    langs,
    engine_name,
    url,
    tm_only,
    threshold,
    concurrency,
    deadline,
    dry_run,
    as_json,
) -> None:
    """Fill untranslated segments from translation memory, then machine translation.

    Human work is never overwritten. Exit status 1 when some segments failed (they
    stay untranslated; run the command again to retry them).
    """
    from l10n.pretranslate import pretranslate_release

    bar = None
    if sys.stderr.isatty() and not as_json:
        from rich.progress import Progress

        bar = Progress(transient=True)
        bar.start()
    tasks: dict = {}

    def progress(lang: str, n: int) -> None:
        if bar is None:
            return
        if lang not in tasks:
            tasks[lang] = bar.add_task(f"{release} → {lang}", total=None)
        bar.advance(tasks[lang], n)

    try:
        summaries = pretranslate_release(
            app.store,
            app.workspace,
            release,
            langs,
            user=app.user,
            engine_name=engine_name,
            url=url,
            tm_only=tm_only,
            threshold=threshold,
            dry_run=dry_run,
            concurrency=concurrency,
            deadline=deadline,
            progress=progress,
        )
    finally:
        if bar is not None:
            bar.stop()
    if as_json:
        emit_json([s.to_json() for s in summaries])
    else:
        for s in summaries:
            if dry_run:
                click.echo(
                    f"{s.lang}: {s.segments} untranslated; TM would fill {s.tm_exact} exact, "
                    f"{s.tm_fuzzy} fuzzy; {s.to_send} segments, {s.chars} characters would "
                    "go to the engine"
                )
            else:
                click.echo(
                    f"{s.lang}: TM exact {s.tm_exact}, TM fuzzy {s.tm_fuzzy}, MT {s.mt} "
                    f"({s.cached} cached), failed {s.failed}"
                    + (f", skipped {s.skipped}" if s.skipped else "")
                )
    failed = sum(s.failed for s in summaries)
    if failed:
        reasons = sorted({f["error"] for s in summaries for f in s.failures})
        click.echo(
            f"Error: {failed} segments could not be machine-translated ({'; '.join(reasons[:3])}). "
            "They stay untranslated; run the same command again to retry them.",
            err=True,
        )
        sys.exit(1)


COMMANDS = [pretranslate_command]

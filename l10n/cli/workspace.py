"""``l10n init``."""

from __future__ import annotations

from pathlib import Path

import click

from l10n.cli.options import emit_json, pass_app
from l10n.langs import normalize_lang, parse_lang_list
from l10n.workspace_init import init_workspace


@click.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--source-lang",
    "-s",
    default="fr",
    show_default=True,
    metavar="LANG",
    help="Language of the source releases.",
)
@click.option(
    "--target-langs",
    "-t",
    default="en,es,ar",
    show_default=True,
    metavar="LANGS",
    help="Comma-separated target languages.",
)
@click.option("--no-glossary", is_flag=True, help="Start with an empty termbase.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_app
def init_command(
    app, directory: Path, source_lang: str, target_langs: str, no_glossary: bool, as_json: bool
) -> None:
    """Create a workspace in DIRECTORY (default: here)."""
    result = init_workspace(
        directory,
        source_lang=normalize_lang(source_lang),
        target_langs=parse_lang_list(target_langs),
        with_glossary=not no_glossary,
    )
    if as_json:
        emit_json(result.to_json())
        return
    click.echo(
        f"Created workspace {result.root} ({result.source_lang} → {', '.join(result.target_langs)})"
    )
    if result.glossary_concepts:
        click.echo(
            f"Glossary: {result.glossary_concepts} concepts imported from {result.glossary_file}"
        )


COMMANDS = [init_command]


@click.command("demo")
@click.argument("directory", default="l10n-demo", type=click.Path(file_okay=False, path_type=Path))
@pass_app
def demo_command(app, directory: Path) -> None:
    """Run the main job on the bundled example release (an IOM press release in French).

    Creates a workspace in DIRECTORY (default: l10n-demo) with the shipped migration
    glossary, ingests the release, pretranslates it into English, Spanish and Arabic
    with the offline pseudo engine, and publishes a preview of every language.
    """
    from l10n.cli.publish import print_status_table as print_status
    from l10n.demo import run_demo

    result = run_demo(directory, user=app.user)
    ing = result.ingest
    if result.created:
        click.echo(f"Workspace: {result.root} (glossary: {result.glossary_concepts} concepts)")
    else:
        click.echo(f"Workspace: {result.root} (reused)")
    click.echo(
        f"Ingested {ing.slug}: {ing.segments} segments, {ing.words} words, "
        f"{result.term_hits} glossary hits"
    )
    for s in result.pretranslation:
        click.echo(
            f"Pretranslated {s.lang}: TM {s.tm_exact + s.tm_fuzzy}, MT {s.mt} "
            f"({s.cached} cached), failed {s.failed}"
        )
    print_status(result.status)
    for entry in result.published.manifest.get("files", []):
        click.echo(f"Published {result.root / 'locales' / entry['path']}")
    click.echo(
        "Next: cd into the workspace and try 'l10n segments --release oim-koweit-avrr --lang en "
        "--terms', 'l10n review --lang en', 'l10n status'."
    )


COMMANDS.append(demo_command)

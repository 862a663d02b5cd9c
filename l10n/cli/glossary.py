"""Commands: glossary."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import click

from l10n import glossary as lib
from l10n.cli.options import emit_json, output_options, pass_app, render_rows, workspace_options
from l10n.errors import InputError, UsageError
from l10n.fsutil import write_atomically
from l10n.langs import normalize_lang, parse_lang_list
from l10n.terms.tbx import TermbaseNote


@click.group("glossary")
def glossary_group() -> None:
    """The workspace termbase: import, export, list, add, match, check."""


@glossary_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", metavar="csv|tsv|tbx", help="File format (default: from the extension)."
)
@click.option(
    "--replace", is_flag=True, help="Replace the whole termbase instead of merging by concept id."
)
@click.option(
    "--from",
    "source_lang",
    metavar="LANG",
    help="Source language of a glossary CSV that does not name it (Weblate, Transifex, "
    "Lokalise, Phrase, two columns without a header); default: the language whose column "
    "repeats the source terms, else the workspace's.",
)
@click.option(
    "--to",
    "target_lang",
    metavar="LANG",
    help="Target language of a Weblate glossary CSV or of two columns without a header.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@workspace_options
@pass_app
def import_command(app, file: Path, fmt, replace, source_lang, target_lang, as_json) -> None:
    """Import a CSV/TSV or TBX termbase (all of it, or nothing if any part is malformed).

    CSV files in l10n's layout and the glossary CSV exports of Crowdin, Weblate,
    Transifex, Lokalise, Phrase and Google are told apart by their header line.

    What is left out on purpose (an empty TBX term, an entry with no term) is printed as a
    note on stderr, and listed under "notes" with --json."""
    source_lang = normalize_lang(source_lang) if source_lang else None
    target_lang = normalize_lang(target_lang) if target_lang else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TermbaseNote)
        result = lib.import_glossary_file(
            app.store,
            file,
            replace=replace,
            fmt=fmt,
            source_lang=source_lang,
            target_lang=target_lang,
            default_source_lang=app.workspace.source_lang,
        )
    notes = []
    for w in caught:
        if issubclass(w.category, TermbaseNote):
            notes.append(str(w.message))
        else:  # not ours to swallow
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if as_json:
        emit_json({**result.to_json(), "notes": notes})
    else:
        click.echo(
            f"{file}: {result.concepts} concepts ({result.added} new, {result.updated} "
            f"updated); {result.total} in the glossary, {result.hits} term hits in releases"
        )


@glossary_group.command("export")
@click.option("--format", "fmt", default="csv", show_default=True, metavar="csv|tsv|tbx")
@click.option(
    "--output", "-o", "output_path", type=click.Path(path_type=Path), help="Write to a file."
)
@workspace_options
@pass_app
def export_command(app, fmt, output_path) -> None:
    """Export the termbase as CSV or TBX (TBX-Basic)."""
    if output_path and output_path.is_dir():
        raise InputError(f"{output_path} is a directory", "Give a file path to -o")
    data = lib.export_glossary(app.store, fmt)
    if output_path:
        try:
            write_atomically(output_path, data)
        except OSError as exc:
            raise InputError(
                f"cannot write {output_path} ({exc.strerror})", "Check the folder and its rights"
            ) from exc
    else:
        sys.stdout.buffer.write(data)


@glossary_group.command("list")
@click.option("--lang", "-l", metavar="LANG", help="Only terms in this language.")
@click.option("--search", "-s", metavar="TEXT", help="Only concepts with a term containing TEXT.")
@output_options
@workspace_options
@pass_app
def list_command(app, lang, search, output) -> None:
    """List concepts and their terms."""
    rows = lib.list_concepts(app.store, lang, search)
    render_rows(
        rows, ["id", "terms", "source"], output, title="Glossary", data=[r["concept"] for r in rows]
    )


def _pairs(values: tuple[str, ...], option: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for value in values:
        lang, sep, text = value.partition("=")
        if not sep or not text.strip():
            raise UsageError(
                f"{option} '{value}' is not LANG=TEXT", f"Write e.g. {option} en=migrant"
            )
        out.setdefault(normalize_lang(lang), []).append(text.strip())
    return out


@glossary_group.command("add")
@click.option(
    "--term",
    "terms",
    multiple=True,
    required=True,
    metavar="LANG=TEXT",
    help="A term (repeat; the first per language is preferred, the others admitted).",
)
@click.option(
    "--forbidden", multiple=True, metavar="LANG=TEXT", help="A term translators must not use."
)
@click.option(
    "--id", "concept_id", metavar="ID", help="Concept id (default: derived from the first term)."
)
@click.option("--dnt", is_flag=True, help="Do not translate (kept as is in every language).")
@click.option("--acronym", is_flag=True, help="Acronym: matched only in the given case.")
@click.option("--source", default="", help="Where the entry comes from (cite it).")
@click.option("--note", default="", help="A note for translators.")
@click.option("--json", "as_json", is_flag=True)
@workspace_options
@pass_app
def add_command(app, terms, forbidden, concept_id, dnt, acronym, source, note, as_json) -> None:
    """Add (or replace) one concept."""
    concept = lib.add_concept(
        app.store,
        _pairs(terms, "--term"),
        concept_id=concept_id,
        forbidden=_pairs(forbidden, "--forbidden"),
        dnt=dnt,
        acronym=acronym,
        source=source,
        note=note,
    )
    if as_json:
        emit_json(concept.to_dict())
    else:
        click.echo(
            f"Concept {concept.id}: " + " | ".join(f"{t.lang}: {t.text}" for t in concept.terms)
        )


@glossary_group.command("match")
@click.argument("text")
@click.option("--lang", "-l", required=True, metavar="LANG", help="Language of TEXT.")
@click.option(
    "--to", "to_langs", metavar="LANGS", help="Target languages to show (default: the workspace's)."
)
@output_options
@workspace_options
@pass_app
def match_command(app, text, lang, to_langs, output) -> None:
    """Find glossary terms in TEXT, with the target terms to use."""
    targets = parse_lang_list(to_langs) if to_langs else app.workspace.target_langs
    hits = lib.match_text(app.store, text, lang)
    data = [h.to_dict(targets) for h in hits]
    rows = [
        {
            **d,
            "targets": "; ".join(f"{k}: {' | '.join(v)}" for k, v in d["targets"].items() if v),
            "forbidden": "; ".join(f"{k}: {' | '.join(v)}" for k, v in d["forbidden"].items() if v),
        }
        for d in data
    ]
    render_rows(
        rows,
        ["text", "concept_id", "status", "targets", "forbidden"],
        output,
        title="Glossary hits",
        data=data,
    )


@glossary_group.command("check")
@output_options
@workspace_options
@pass_app
def check_command(app, output) -> None:
    """Report duplicates, contradictions and concepts missing a target language."""
    problems = lib.check_glossary(app.store.load_termbase(), app.workspace.target_langs)
    render_rows(problems, ["concept_id", "problem", "detail"], output, title="Glossary problems")


COMMANDS: list = [glossary_group]

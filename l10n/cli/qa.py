"""Commands: quality checks (``qa``, ``qa list``, ``qa check``, ``qa ignore``, ``qa checks``)."""

from __future__ import annotations

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
from l10n.errors import L10nError, UsageError, WorkspaceError
from l10n.langs import normalize_lang
from l10n.qa import SEVERITIES, all_checks, has_critical, select_checks
from l10n.qa.pairs import check_pairs, read_pairs

ISSUE_COLUMNS = ["release", "segment_id", "lang", "severity", "check_id", "message", "target"]


def _check_ids(values: tuple[str, ...]) -> list[str] | None:
    ids = [v.strip() for value in values for v in value.split(",") if v.strip()]
    if ids:
        select_checks(ids)  # unknown ids: one clear error
    return ids or None


def _list_issues(app, release, lang, check, severity, include_ignored, output) -> None:
    store = app.store
    release_id = store.require_release(release)["id"] if release else None
    rows = store.list_qa_issues(
        release_id=release_id,
        lang=normalize_lang(lang) if lang else None,
        check_ids=_check_ids(check),
        severities=list(severity) or None,
        include_ignored=include_ignored,
    )
    render_rows(
        rows, ISSUE_COLUMNS + (["ignored"] if include_ignored else []), output, title="QA issues"
    )


def _list_options(fn):
    fn = click.option(
        "--ignored", "include_ignored", is_flag=True, help="Also list issues of ignored checks."
    )(fn)
    fn = click.option(
        "--severity",
        "-s",
        multiple=True,
        type=click.Choice(SEVERITIES),
        help="Only these severities (repeatable).",
    )(fn)
    fn = click.option(
        "--check",
        "-c",
        multiple=True,
        metavar="ID",
        help="Only these check ids (repeatable or comma-separated).",
    )(fn)
    fn = lang_option()(fn)
    fn = release_option()(fn)
    return fn


@click.group("qa", invoke_without_command=True)
@_list_options
@output_options
@workspace_options
@pass_app
@click.pass_context
def qa_group(ctx, app, release, lang, check, severity, include_ignored, output) -> None:
    """Quality checks: list open issues (the default), check pairs, ignore a check.

    Issues are stored for every translation when it changes; 'l10n qa' lists those
    not ignored, most severe first.
    """
    if ctx.invoked_subcommand is None:
        _list_issues(app, release, lang, check, severity, include_ignored, output)


@qa_group.command("list")
@_list_options
@output_options
@workspace_options
@pass_app
def qa_list(app, release, lang, check, severity, include_ignored, output) -> None:
    """List open QA issues of the workspace."""
    _list_issues(app, release, lang, check, severity, include_ignored, output)


@qa_group.command("check")
@click.option(
    "--from", "source_lang", metavar="LANG", help="Source language (default: the workspace's)."
)
@click.option("--to", "target_lang", metavar="LANG", help="Target language of the pairs.")
@click.option("--source", metavar="TEXT", help="Source text of one pair.")
@click.option("--target", metavar="TEXT", help="Translation of one pair.")
@click.option(
    "--pairs",
    "pairs_file",
    metavar="FILE",
    help="TSV of source<TAB>target lines ('-' for stdin); a header line "
    "'source<TAB>target' is skipped.",
)
@click.option(
    "--glossary",
    metavar="FILE",
    help="Termbase (CSV, TSV, TBX) to check terms with (default: the workspace's).",
)
@click.option(
    "--check",
    "-c",
    multiple=True,
    metavar="ID",
    help="Run only these checks (repeatable or comma-separated).",
)
@click.option("--skip", multiple=True, metavar="ID", help="Do not run these checks.")
@release_option()
@lang_option(help="With --release: the language to re-check (default: every target).")
@output_options
@workspace_options
@pass_app
def qa_check(
    app,
    source_lang,
    target_lang,
    source,
    target,
    pairs_file,
    glossary,
    check,
    skip,
    release,
    lang,
    output,
) -> None:
    """Check translations and exit 1 when a critical issue is found.

    Ad hoc, without a workspace: --source/--target (or --pairs FILE.tsv) with --from/--to.
    In a workspace: --release SLUG re-runs the checks on its stored translations.
    """
    enabled = _check_ids(check)
    disabled = _check_ids(skip) or []
    if release:
        if source is not None or pairs_file:
            raise UsageError(
                "--release re-checks stored translations; it takes no pairs",
                "Leave out --source/--target/--pairs, or --release",
            )
        _recheck_release(app, release, lang, enabled, output)
        return
    if pairs_file and (source is not None or target is not None):
        raise UsageError("give either --pairs or --source/--target", "Use one of them")
    if not pairs_file and (source is None or target is None):
        raise UsageError(
            "nothing to check",
            "Give --source TEXT --target TEXT, --pairs FILE.tsv or --release SLUG",
        )
    workspace = _optional_workspace(app)
    if source_lang is None:
        if workspace is None:
            raise UsageError("--from is needed outside a workspace", "Add --from fr (for example)")
        source_lang = workspace.source_lang
    if target_lang is None:
        if workspace is None or len(workspace.target_langs) != 1:
            raise UsageError("--to is needed", "Add --to en (for example)")
        target_lang = workspace.target_langs[0]
    termbase = _termbase(app, workspace, glossary)
    if pairs_file:
        pairs = read_pairs(pairs_file, sys.stdin if pairs_file == "-" else None)
    else:
        pairs = [(source, target)]
    results = check_pairs(
        pairs,
        normalize_lang(source_lang),
        normalize_lang(target_lang),
        termbase=termbase,
        enabled=enabled,
        disabled=disabled,
    )
    rows = [
        {"pair": n, **issue.to_dict(), "target": tgt}
        for n, (src, tgt, issues) in enumerate(results, 1)
        for issue in issues
    ]
    if output == "json":
        emit_json(
            [
                {"pair": n, "source": src, "target": tgt, "issues": [i.to_dict() for i in issues]}
                for n, (src, tgt, issues) in enumerate(results, 1)
            ]
            if pairs_file
            else [i.to_dict() for i in results[0][2]]
        )
    elif rows or output == "csv":
        render_rows(rows, ["pair", "severity", "check_id", "message"], output, title="QA issues")
    else:
        click.echo(f"{len(results)} pair(s) checked: no issues.")
    if any(has_critical(issues) for _, _, issues in results):
        sys.exit(1)


def _optional_workspace(app):
    try:
        return app.workspace
    except WorkspaceError:
        return None


def _termbase(app, workspace, glossary: str | None):
    from l10n.qa import workspace_termbase

    if glossary:
        from l10n.terms import read_termbase

        return read_termbase(Path(glossary))
    if workspace is None:
        return None
    return workspace_termbase(app.store, workspace)


def _recheck_release(app, release, lang, enabled, output) -> None:
    from l10n.qa import check_release

    ws = app.workspace
    langs = [normalize_lang(lang)] if lang else ws.target_langs
    results = [check_release(app.store, ws, release, code, enabled=enabled) for code in langs]
    rows = [
        {
            "release": r.release,
            "lang": r.lang,
            "checked": r.checked,
            "issues": r.issues,
            **{s: r.by_severity.get(s, 0) for s in SEVERITIES},
        }
        for r in results
    ]
    render_rows(
        rows, ["release", "lang", "checked", "issues", *SEVERITIES], output, title="QA re-check"
    )
    if any(r.by_severity.get("critical") for r in results):
        sys.exit(1)


@qa_group.command("ignore")
@click.argument("segment", type=int)
@click.argument("check_id", metavar="CHECK")
@lang_option(required=True)
@click.option("--reason", metavar="TEXT", help="Why the check does not apply here.")
@click.option("--undo", is_flag=True, help="Report the check again for this segment.")
@workspace_options
@pass_app
def qa_ignore(app, segment, check_id, lang, reason, undo) -> None:
    """Stop reporting CHECK for SEGMENT in a language; remembered across re-checks."""
    from l10n.store import utcnow

    select_checks([check_id])
    store = app.store
    code = normalize_lang(lang)
    store.get_translation(segment, code)  # NotFoundError for an unknown segment/language
    if undo:
        if not store.unignore_qa_check(segment, code, check_id):
            raise L10nError(
                f"{check_id} is not ignored for segment {segment} ({code})",
                "See 'l10n qa --ignored' for ignored checks",
            )
        click.echo(f"segment {segment} ({code}): {check_id} is reported again")
        return
    store.ignore_qa_check(segment, code, check_id, user=app.user, at=utcnow(), reason=reason)
    click.echo(f"segment {segment} ({code}): {check_id} ignored")


@qa_group.command("checks")
@output_options
def qa_checks(output) -> None:
    """List the available checks with their severity and default state."""
    rows = [cls.describe() for cls in all_checks()]
    render_rows(
        rows, ["check_id", "severity", "enabled", "name", "description"], output, title="QA checks"
    )


COMMANDS: list = [qa_group]

"""Commands: the review workflow (``review``, ``show``, ``translate``, ``approve``,
``reject``, ``comment``, ``log``, ``assign``)."""

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
from l10n.errors import ConflictError, InputError, L10nError, UsageError
from l10n.langs import normalize_lang
from l10n.review import (
    SegmentView,
    add_comment,
    approve_segments,
    history,
    reject_segment,
    render_word_diff,
    show_segment,
    translate_segment,
)
from l10n.review_queue import ReviewSession, assign, list_assignments, review_queue
from l10n.states import parse_states


def _target_lang(app, lang: str | None) -> str:
    ws = app.workspace
    if lang is None:
        if len(ws.target_langs) == 1:
            return ws.target_langs[0]
        raise UsageError("--lang is required", "Pass --lang, one of: " + ", ".join(ws.target_langs))
    code = normalize_lang(lang)
    if code not in ws.target_langs:
        raise UsageError(
            f"'{lang}' is not a target language of this workspace",
            "Use one of: " + ", ".join(ws.target_langs),
        )
    return code


def _console():
    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()
    return Console(
        no_color=plain,
        highlight=False,
        emoji=False,
        soft_wrap=True,
        force_terminal=False if plain else None,
    )


# ---------------------------------------------------------------------------
# Rendering one segment
# ---------------------------------------------------------------------------
def _render_segment(console, view: SegmentView, *, full_history: bool = False) -> None:
    from rich.text import Text

    def line(label: str, body, style: str | None = None) -> None:
        text = Text(f"  {label:<9}", style="dim")
        text.append(body if isinstance(body, Text) else Text(str(body), style=style or ""))
        console.print(text)

    console.print(
        Text(
            f"── {view.release} · block {view.block} · {view.n}/{view.total} · "
            f"segment {view.segment_id} ({view.lang}) ──",
            style="bold",
        )
    )
    if view.previous is not None:
        line("before", view.previous.source, "dim")
        line("", "→ " + (view.previous.target or f"({view.previous.state})"), "dim")
    source = Text(view.source)
    for hit in view.glossary:
        start, end = hit.get("start"), hit.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(view.source):
            source.stylize("bold yellow underline", start, end)
    line("source", source)
    if view.previous_source:
        diff = Text()
        for op in view.source_diff:
            if diff:
                diff.append(" ")
            if op["op"] == "equal":
                diff.append(op["text"])
            elif op["op"] == "delete":
                diff.append(f"[-{op['text']}-]", style="red strike")
            else:
                diff.append(f"{{+{op['text']}+}}", style="green")
        line("changed", diff)
    for hit in view.glossary:
        wanted = " / ".join(hit.get("targets") or []) or "(no term for this language)"
        text = f"{hit.get('text')} → {wanted}"
        if hit.get("forbidden"):
            text += "  (not: " + ", ".join(hit["forbidden"]) + ")"
        line("term", text, "yellow")
    if view.state == "rejected":
        rejection = next((h for h in reversed(view.history) if h["action"] == "reject"), None)
        if rejection is not None:
            line("rejected", f"by {rejection['user']}: {rejection['reason']}", "red")
    line(
        "target",
        view.target if view.target else "(no translation yet)",
        "bold" if view.target else "dim",
    )
    meta = [view.state]
    if view.origin:
        meta.append(f"origin {view.origin}")
    if view.author:
        meta.append(f"by {view.author}")
    meta.append(f"version {view.version}")
    line("", " · ".join(meta), "dim")
    for match in view.tm:
        where = ", ".join(x for x in (match.get("release"), match.get("author")) if x)
        line(f"tm {match['score']}%", match["target"] + (f"  ({where})" if where else ""), "blue")
    for issue in view.qa:
        severity = _get(issue, "severity", "warning")
        message = _get(issue, "message", "") or _get(issue, "check_id", "")
        line("QA", f"[{severity}] {message}", "red" if str(severity) == "critical" else "magenta")
    for note in view.notes:
        line(str(note.get("kind", "note")), str(note.get("text", "")), "yellow")
    for comment in view.comments:
        line(
            "comment",
            f"{comment['user']} ({comment['at'][:16].replace('T', ' ')}): {comment['text']}",
            "cyan",
        )
    if view.claim is not None and full_history:
        until = view.claim["expires_at"][:16].replace("T", " ")
        line("open", f"in {view.claim['user']}'s review session until {until} UTC", "yellow")
    if view.next is not None:
        line("after", view.next.source, "dim")
        line("", "→ " + (view.next.target or f"({view.next.state})"), "dim")
    if full_history:
        _render_history(console, view)


def _get(item, name: str, default=None):
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def _render_history(console, view: SegmentView) -> None:
    from rich.text import Text

    if not view.history:
        console.print(Text("  (no history yet)", style="dim"))
        return
    for row in view.history:
        text = (
            f"  {row['at'][:19].replace('T', ' ')}  {row['user']}  {row['action']}  "
            f"{row['old_state']} → {row['new_state']}"
        )
        if row["new_target"] != row["old_target"]:
            text += f"  {row['new_target']!r}"
        if row.get("reason"):
            text += f"  ({row['reason']})"
        console.print(Text(text))


# ---------------------------------------------------------------------------
# Reading commands: a terminal or piped lines
# ---------------------------------------------------------------------------
class _Input:
    """One line at a time; piped stdin needs no terminal (the script's lines are echoed)."""

    def __init__(self) -> None:
        self.stream = sys.stdin
        try:
            self.tty = self.stream.isatty()
        except (AttributeError, ValueError):
            self.tty = False

    def line(self, prompt: str) -> str | None:
        """The next line, or None at the end of the input."""
        if self.tty:
            try:
                return input(prompt)
            except EOFError:
                return None
        raw = self.stream.readline()
        if raw == "":
            return None
        text = raw.rstrip("\r\n")
        click.echo(prompt + text)
        return text

    def command(self, prompt: str) -> str | None:
        while True:
            text = self.line(prompt)
            if text is None or text.strip():
                return text

    def edit(self, current: str) -> str | None:
        """New text: prefilled prompt (or $EDITOR for long text) on a terminal, else a line."""
        if not self.tty:
            return self.line("new text> ")
        if (len(current) > 200 or "\n" in current) and (
            os.environ.get("VISUAL") or os.environ.get("EDITOR")
        ):
            edited = click.edit(current + "\n")
            return None if edited is None else " ".join(edited.split())
        try:
            import readline
        except ImportError:  # pragma: no cover - platforms without readline
            return self.line("new text> ")
        readline.set_startup_hook(lambda: readline.insert_text(current))
        try:
            return input("new text> ")
        except EOFError:
            return None
        finally:
            readline.set_startup_hook()


HELP = """\
  a  accept the translation as it is (approve it, or confirm it as translated)
  e  edit: type the new text (on the next line when piped)
  r  reject: give the reason (on the next line when piped)
  c  comment (on the next line when piped)
  s  skip to the next segment
  b  back to the previous segment
  h  history of this segment
  q  quit (everything done so far is saved)
  ?  this help
Each command is a letter confirmed with Enter; 'e TEXT', 'r REASON' and 'c TEXT' also work."""

PROMPT = "[a]ccept [e]dit [r]eject [c]omment [s]kip [b]ack [h]istory [q]uit [?] > "


@click.command("review")
@lang_option()
@release_option()
@click.option(
    "--state",
    "states",
    metavar="STATES",
    help="Only segments in these states (comma-separated). Default: the work your "
    "roles allow (translators: not yet translated; reviewers: translated; both: all not "
    "approved).",
)
@click.option("--mine", is_flag=True, help="Only releases assigned to you in this language.")
@workspace_options
@pass_app
def review_command(app, lang, release, states, mine) -> None:
    """Review translations one segment at a time, in document order.

    Shows the source with glossary terms, the neighbouring segments, the current
    translation with its origin and state, QA issues and comments. Every action
    is saved at once. Works piped: one command per line, and 'e', 'r' and 'c'
    read their text from the next line.
    """
    store, ws, user = app.store, app.workspace, app.user
    lang = _target_lang(app, lang)
    ids = review_queue(
        store, ws, lang, release=release, states=parse_states(states) or None, user=user, mine=mine
    )
    if not ids:
        if mine:
            click.echo(f"Nothing assigned to {user} in {lang} needs review.")
        else:
            click.echo(f"Nothing to review in {lang}.")
        return
    console = _console()
    reader = _Input()
    session = ReviewSession(store, ws, lang, user=user, segment_ids=ids)
    noun = "segment" if len(ids) == 1 else "segments"
    click.echo(f"{len(ids)} {noun} to review in {lang} as {user}. Type ? for help.")
    try:
        _review_loop(console, reader, session)
    finally:
        session.close()
    for notice in session.notices:
        click.echo(f"Passed over: {notice}.")
    counts = session.counts
    parts = [
        f"{counts[k]} {k}"
        for k in ("approved", "accepted", "edited", "rejected", "commented", "skipped", "passed")
        if counts[k]
    ]
    click.echo("Saved: " + (", ".join(parts) if parts else "no changes") + ".")


def _review_loop(console, reader: _Input, session: ReviewSession) -> None:
    view = session.current()
    render = True
    while view is not None:
        for notice in session.notices:
            click.echo(f"Passed over: {notice}.")
        session.notices.clear()
        if render:
            _render_segment(console, view)
        render = True
        raw = reader.command(PROMPT)
        if raw is None:
            return
        raw = raw.strip()
        cmd, _, rest = raw.partition(" ")
        cmd, rest = cmd.lower(), rest.strip()
        try:
            if cmd == "a":
                result = session.accept()
                click.echo(f"  ✓ {result.state}" if result.changed else f"  = {result.state}")
            elif cmd == "e":
                text = rest or reader.edit(view.target or "")
                if text is None:
                    return
                result = session.edit(text)
                click.echo(f"  ✓ {result.state}: {result.target}")
            elif cmd == "r":
                reason = rest or reader.line("reason> ")
                if reason is None:
                    return
                session.reject(reason)
                click.echo("  ✗ rejected")
            elif cmd == "c":
                text = rest or reader.line("comment> ")
                if text is None:
                    return
                session.comment(text)
                click.echo("  comment saved")
                render = False
            elif cmd == "s":
                session.skip()
            elif cmd == "b":
                if not session.back():
                    click.echo("  (this is the first segment)")
                    render = False
            elif cmd == "h":
                _render_history(console, view)
                render = False
            elif cmd == "q":
                return
            elif cmd in ("?", "help"):
                click.echo(HELP)
                render = False
            else:
                click.echo(f"  unknown command '{raw}'; type ? for help")
                render = False
        except ConflictError as exc:
            click.echo(f"Error: {exc}")
            # someone else changed it: show the fresh row
        except L10nError as exc:
            click.echo(f"Error: {exc}")
            render = False
            continue
        view = session.current()


# ---------------------------------------------------------------------------
# Scriptable commands
# ---------------------------------------------------------------------------
def _json_option(fn):
    return click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")(fn)


def _if_version_option(fn):
    return click.option(
        "--if-version",
        type=int,
        metavar="N",
        help="Refuse (exit status 4) unless the translation is still at version N "
        "(see 'show --json').",
    )(fn)


@click.command("show")
@click.argument("segment", type=int)
@lang_option()
@_json_option
@workspace_options
@pass_app
def show_command(app, segment, lang, as_json) -> None:
    """Show a segment: source, translation, context, comments and history."""
    view = show_segment(app.store, app.workspace, segment, _target_lang(app, lang))
    if as_json:
        emit_json(view.to_json())
        return
    console = _console()
    _render_segment(console, view, full_history=True)
    if view.previous_source:
        click.echo("  old source: " + view.previous_source)
        click.echo("  word diff:  " + render_word_diff(view.source_diff))


def _echo_views(views, as_json: bool) -> None:
    if as_json:
        emit_json([v.to_json() for v in views] if len(views) != 1 else views[0].to_json())
        return
    for v in views:
        note = "" if v.changed else " (unchanged)"
        click.echo(f"segment {v.segment_id} ({v.lang}): {v.state}, version {v.version}{note}")


@click.command("translate")
@click.argument("segment", type=int)
@lang_option()
@click.option("--text", "-t", metavar="TEXT", help="The translation.")
@click.option(
    "--file",
    "-f",
    "file",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Read the translation from a file ('-' for standard input).",
)
@_if_version_option
@_json_option
@workspace_options
@pass_app
def translate_command(app, segment, lang, text, file, if_version, as_json) -> None:
    """Write the translation of a segment (state: translated)."""
    if (text is None) == (file is None):
        raise UsageError(
            "give the translation with --text or --file (one of them)",
            "e.g. l10n translate 12 --lang en --text 'Who we are'",
        )
    if file is not None:
        try:
            text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {file} ({exc})", "Give a UTF-8 text file") from exc
    view = translate_segment(
        app.store,
        app.workspace,
        segment,
        _target_lang(app, lang),
        text,
        user=app.user,
        if_version=if_version,
    )
    _echo_views([view], as_json)


@click.command("approve")
@click.argument("segments", type=int, nargs=-1, required=True)
@lang_option()
@_if_version_option
@click.option(
    "--force",
    "force_reason",
    metavar="REASON",
    help="Approve despite critical QA issues; the reason is kept in the history.",
)
@_json_option
@workspace_options
@pass_app
def approve_command(app, segments, lang, if_version, force_reason, as_json) -> None:
    """Approve translations (all of them or none)."""
    views = approve_segments(
        app.store,
        app.workspace,
        list(segments),
        _target_lang(app, lang),
        user=app.user,
        if_version=if_version,
        force_reason=force_reason,
    )
    _echo_views(views, as_json)


@click.command("reject")
@click.argument("segment", type=int)
@lang_option()
@click.option("--reason", required=True, metavar="TEXT", help="Why (kept in the history).")
@_if_version_option
@_json_option
@workspace_options
@pass_app
def reject_command(app, segment, lang, reason, if_version, as_json) -> None:
    """Reject a translation, sending it back to the translator."""
    view = reject_segment(
        app.store,
        app.workspace,
        segment,
        _target_lang(app, lang),
        user=app.user,
        reason=reason,
        if_version=if_version,
    )
    _echo_views([view], as_json)


@click.command("comment")
@click.argument("segment", type=int)
@lang_option(help="Language of the translation commented on (default: the source).")
@click.option("--text", "-t", required=True, metavar="TEXT", help="The comment.")
@_json_option
@workspace_options
@pass_app
def comment_command(app, segment, lang, text, as_json) -> None:
    """Comment on a segment's translation (or on its source without --lang)."""
    code = _target_lang(app, lang) if lang else None
    comment = add_comment(app.store, segment, code, user=app.user, text=text)
    if as_json:
        emit_json(comment.to_json())
        return
    click.echo(f"comment {comment.id} on segment {segment}" + (f" ({code})" if code else ""))


@click.command("log")
@release_option()
@lang_option(help="Only this language.")
@click.option(
    "--by",
    "by_user",
    metavar="USER",
    help="Only what this user did (an explicit --user USER does the same here).",
)
@click.option(
    "--since",
    metavar="WHEN",
    help="Since a date/time (2026-03-01T14:00) or an age (30m, 2h, 3d, 1w).",
)
@click.option("--limit", "-n", type=int, metavar="N", help="At most N rows.")
@output_options
@workspace_options
@pass_app
def log_command(app, release, lang, by_user, since, limit, output) -> None:
    """Who did what: the history of changes and comments, newest first.

    'l10n log --user alice' (or --by alice) shows what alice did.
    """
    # log changes nothing, so an explicit --user names whose actions to show
    by_user = by_user or app.user_option
    rows = history(
        app.store,
        release=release,
        lang=normalize_lang(lang) if lang else None,
        user=by_user,
        since=since,
        limit=limit,
    )
    table = []
    for row in rows:
        comment = row["action"] == "comment"
        table.append(
            dict(
                row,
                at=row["at"][:19].replace("T", " "),
                change="" if comment else f"{row['old_state']} → {row['new_state']}",
                text=row["reason"] if comment else row["new_target"],
                reason=None if comment else row["reason"],
            )
        )
    render_rows(
        table,
        ["at", "user", "action", "release", "segment_id", "lang", "change", "text", "reason"],
        output,
        title="History",
        data=rows,
    )


@click.command("assign")
@release_option()
@lang_option()
@click.option("--to", "to_user", metavar="USER", help="The translator or reviewer.")
@click.option("--remove", is_flag=True, help="Remove the assignment instead.")
@click.option("--list", "list_only", is_flag=True, help="List the assignments.")
@output_options
@workspace_options
@pass_app
def assign_command(app, release, lang, to_user, remove, list_only, output) -> None:
    """Assign a release's language to a user (coordinators).

    Once a release's language has assignees, only they (and coordinators) may
    translate, approve or reject it; 'review --mine' shows what is yours.
    """
    code = _target_lang(app, lang) if lang else None
    if list_only or not to_user:
        if not list_only:
            raise UsageError("--to USER is missing", "Pass --to USER, or --list to see assignments")
        rows = list_assignments(app.store, release=release, lang=code)
        render_rows(
            rows,
            ["release", "lang", "user", "assigned_by", "assigned_at"],
            output,
            title="Assignments",
        )
        return
    if not release or not code:
        raise UsageError(
            "--release and --lang are required to assign",
            "e.g. l10n assign --release SLUG --lang ar --to USER",
        )
    result = assign(
        app.store, release, code, to_user=to_user, by_user=app.user, ws=app.workspace, remove=remove
    )
    if output == "json":
        emit_json(result.to_json())
        return
    if remove:
        click.echo(f"{to_user} is no longer assigned to {release} ({code})")
    elif result.changed:
        click.echo(f"{release} ({code}) assigned to {to_user}")
    else:
        click.echo(f"{to_user} was already assigned to {release} ({code})")


COMMANDS: list = [
    review_command,
    show_command,
    translate_command,
    approve_command,
    reject_command,
    comment_command,
    log_command,
    assign_command,
]

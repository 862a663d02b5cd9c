"""Option bundles shared by commands, the command context, and the one output path."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import sys
from dataclasses import dataclass, field
from typing import Any

import click

from l10n.workspace import Workspace, current_user, find_workspace


@dataclass
class AppContext:
    workspace_dir: str | None = None
    user_option: str | None = None
    debug: bool = False
    _workspace: Workspace | None = field(default=None, repr=False)
    _store: Any = field(default=None, repr=False)

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = find_workspace(self.workspace_dir)
        return self._workspace

    @property
    def store(self):
        if self._store is None:
            self._store = self.workspace.open_store()
        return self._store

    @property
    def user(self) -> str:
        return current_user(self.user_option)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_app = click.make_pass_decorator(AppContext, ensure=True)


def workspace_options(fn):
    """--workspace and --user, accepted on every command (also before the command name)."""

    def set_workspace(ctx, _param, value):
        if value is not None:
            ctx.ensure_object(AppContext).workspace_dir = value
        return value

    def set_user(ctx, _param, value):
        if value is not None:
            ctx.ensure_object(AppContext).user_option = value
        return value

    fn = click.option(
        "--workspace",
        "-w",
        metavar="DIR",
        expose_value=False,
        callback=set_workspace,
        is_eager=True,
        help="Workspace folder (default: found from the current folder upwards, "
        "or L10N_WORKSPACE).",
    )(fn)
    fn = click.option(
        "--user",
        "-u",
        metavar="NAME",
        expose_value=False,
        callback=set_user,
        is_eager=True,
        help="Who is acting (default: L10N_USER, else the OS user).",
    )(fn)
    return fn


def output_options(fn):
    """--json / --csv / --table: every listing ends in ``render_rows``."""

    @click.option("--json", "output", flag_value="json", help="Machine-readable JSON.")
    @click.option("--csv", "output", flag_value="csv", help="CSV with a header row.")
    @click.option(
        "--table", "output", flag_value="table", default=True, help="A readable table (default)."
    )
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


def lang_option(required: bool = False, help: str = "Target language (BCP 47)."):
    return click.option("--lang", "-l", "lang", metavar="LANG", required=required, help=help)


def release_option(required: bool = False):
    return click.option(
        "--release",
        "-r",
        "release",
        metavar="SLUG",
        required=required,
        help="Release slug (see 'l10n releases').",
    )


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def render_rows(
    rows: list[dict], columns: list[str], output: str, *, title: str | None = None, data: Any = None
) -> None:
    """One output path for listings: JSON (``data`` or the rows), CSV, or a table."""
    if output == "json":
        emit_json(rows if data is None else data)
        return
    if output == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _cell(row.get(c)) for c in columns})
        click.echo(buf.getvalue(), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console(
        no_color=bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty(),
        soft_wrap=False,
        width=None if sys.stdout.isatty() else 200,
    )
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*[_cell(row.get(c)) for c in columns])
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)

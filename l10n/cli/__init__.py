"""The ``l10n`` command line: thin commands over the library.

Every user-facing failure is one line on stderr, ``Error: <what>. <how to fix>``,
with a documented exit status (1 failure, 2 usage, 3 unfinished, 4 conflict).
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sqlite3
import sys
import traceback

import click

from l10n import __version__
from l10n.cli.options import AppContext, workspace_options
from l10n.errors import EXIT_FAILURE, L10nError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class L10nGroup(click.Group):
    """The top-level group: turns every error into one line and an exit status."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in args
        try:
            self._main(args, prog_name or "l10n", complete_var, **extra)
        except L10nError as exc:
            if debug:
                traceback.print_exc()
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(130)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo(
                "Interrupted; the work saved so far is kept. Run the command again to finish.",
                err=True,
            )
            sys.exit(130)
        except sqlite3.OperationalError as exc:
            if debug:
                traceback.print_exc()
            click.echo(
                f"Error: database error ({exc}). If another l10n command is running, retry when "
                "it finishes; otherwise run 'l10n check'.",
                err=True,
            )
            sys.exit(EXIT_FAILURE)
        except BrokenPipeError:
            sys.exit(0)
        except Exception as exc:  # a bug, not a user mistake: still one line unless --debug
            if debug:
                traceback.print_exc()
            click.echo(
                f"Error: internal error ({type(exc).__name__}: {exc}). Run with --debug for the "
                "traceback and report it.",
                err=True,
            )
            sys.exit(EXIT_FAILURE)
        sys.exit(0)

    def _main(self, args, prog_name, complete_var, **extra):
        return super().main(
            args=args,
            prog_name=prog_name,
            complete_var=complete_var,
            standalone_mode=False,
            **extra,
        )


@click.group(cls=L10nGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", "-V", prog_name="l10n")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@workspace_options
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """l10n: terminology-aware translation workflow.

    Ingest source releases, match the glossary, pretranslate, review and publish
    per language, all tracked in a SQLite workspace.
    """
    app = ctx.ensure_object(AppContext)
    app.debug = debug
    ctx.call_on_close(app.close)


def _register() -> None:
    from l10n.cli import (
        glossary,
        interchange,
        maintenance,
        pretranslate,
        publish,
        qa,
        releases,
        review,
        tm,
        workspace,
    )

    for module in (
        workspace,
        releases,
        glossary,
        tm,
        pretranslate,
        review,
        qa,
        publish,
        interchange,
        maintenance,
    ):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="l10n")

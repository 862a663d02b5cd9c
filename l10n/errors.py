"""The library's error hierarchy.

Every error a user can cause is an ``L10nError``: the CLI prints it as one line,
``Error: <what happened>. <how to fix it>``, and exits with its ``exit_code``.
"""

from __future__ import annotations

# Documented exit statuses (README, "Exit status").
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_UNFINISHED = 3
EXIT_CONFLICT = 4


class L10nError(Exception):
    """A failure the user can understand and fix."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message.rstrip(".")
        self.hint = hint

    def __str__(self) -> str:
        text = self.message + "."
        if self.hint:
            text += " " + self.hint.rstrip(".") + "."
        return text


class UsageError(L10nError):
    """Bad arguments: an unknown language code, a missing option."""

    exit_code = EXIT_USAGE


class WorkspaceError(L10nError):
    """No workspace found, or the workspace is damaged."""


class InputError(L10nError):
    """A file that cannot be read or parsed."""


class NotFoundError(L10nError):
    """An unknown release, segment, concept or user."""


class ConflictError(L10nError):
    """A write based on a stale version of a translation (optimistic locking)."""

    exit_code = EXIT_CONFLICT


class PermissionDenied(L10nError):
    """The user's role does not allow the action."""


class StateError(L10nError):
    """An action that the translation's current state does not allow."""


class UnfinishedError(L10nError):
    """Publishing was asked for languages that are not finished."""

    exit_code = EXIT_UNFINISHED


class EngineError(L10nError):
    """A machine translation engine failed (network, quota, invalid answer)."""

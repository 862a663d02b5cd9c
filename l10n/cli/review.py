"""Commands: review workflow."""

from __future__ import annotations

COMMANDS: list = []

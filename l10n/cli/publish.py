"""Commands: status, report and publishing."""

from __future__ import annotations

COMMANDS: list = []

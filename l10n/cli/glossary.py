"""Commands: glossary."""

from __future__ import annotations

COMMANDS: list = []

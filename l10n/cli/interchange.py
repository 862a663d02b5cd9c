"""Commands: XLIFF/PO import."""

from __future__ import annotations

COMMANDS: list = []

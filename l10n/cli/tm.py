"""Commands: translation memory and pretranslation."""

from __future__ import annotations

COMMANDS: list = []

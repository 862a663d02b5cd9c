"""Store: glossary concepts, terms and per-segment term hits."""

from __future__ import annotations

# Migrations of this part of the schema, applied in order after the core ones.
MIGRATIONS: list = []


class TermStore:
    db: object

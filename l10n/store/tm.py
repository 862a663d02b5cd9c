"""Store: translation memory units and their fuzzy index."""

from __future__ import annotations

# Migrations of this part of the schema, applied in order after the core ones.
MIGRATIONS: list = []


class TMStore:
    db: object

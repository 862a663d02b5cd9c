"""Store: status and progress queries, publish manifest bookkeeping."""

from __future__ import annotations

# Migrations of this part of the schema, applied in order after the core ones.
MIGRATIONS: list = []


class ProgressStore:
    db: object

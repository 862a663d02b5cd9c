"""Store: QA issues and per-segment check ignores."""

from __future__ import annotations

# Migrations of this part of the schema, applied in order after the core ones.
MIGRATIONS: list = []


class QAStore:
    db: object

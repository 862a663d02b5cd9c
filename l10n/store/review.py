"""Store: comments, assignments, claims, history queries (review workflow)."""

from __future__ import annotations

# Migrations of this part of the schema, applied in order after the core ones.
MIGRATIONS: list = []


class ReviewStore:
    db: object

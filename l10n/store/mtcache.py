"""Store: machine translation cache and per-segment MT failures."""

from __future__ import annotations

# Migrations of this part of the schema, applied in order after the core ones.
MIGRATIONS: list = []


class MTCacheStore:
    db: object

"""What every part of the store can rely on: the database and one way to write."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any


class StoreBase:
    """Base of the store's parts (mixins); :class:`l10n.store.Store` provides these."""

    db: Any  # sqlite_utils.Database (typed loosely: its query helpers return plain dicts)

    def write(self) -> AbstractContextManager[Any]:
        """One transaction around a multi-row write (see ``Store.write``)."""
        raise NotImplementedError

    def get_meta(self, key: str) -> str | None:
        raise NotImplementedError

    def execute_script(self, script: str) -> None:
        raise NotImplementedError

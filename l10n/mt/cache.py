"""The machine translation cache interface and its in-memory implementation.

The store (SQLite) implements the same two methods for runs that last. Values
are the engine's validated answers in masked form (``[X1X]`` placeholders),
so one cached answer serves every request with the same masked text.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class MTCache(Protocol):
    def get(self, key: str) -> str | None: ...

    def put(self, key: str, value: str) -> None: ...


class MemoryCache:
    """A thread-safe dict; lives as long as the process."""

    def __init__(self) -> None:
        self._data: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            return self._data.get(key)

    def put(self, key: str, value: str) -> None:
        with self._lock:
            self._data[key] = value

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)


def cache_key(
    engine: str,
    settings: Mapping[str, Any],
    source_lang: str,
    target_lang: str,
    masked_text: str,
    glossary_version: str = "",
) -> str:
    """``engine:<sha256>`` over everything that changes an engine's answer.

    ``settings`` must hold only non-secret settings that change the output (a
    server URL, a formality); the engine base guarantees that.
    """
    text_hash = hashlib.sha256(masked_text.encode("utf-8")).hexdigest()
    material = json.dumps(
        [engine, dict(settings), source_lang, target_lang, text_hash, glossary_version],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return f"{engine}:{hashlib.sha256(material.encode('utf-8')).hexdigest()}"

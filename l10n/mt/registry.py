"""Engine names mapped to their classes, and the one way to build an engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from l10n.errors import UsageError
from l10n.mt.base import Engine
from l10n.mt.cache import MTCache
from l10n.mt.deepl_engine import DeepLEngine
from l10n.mt.deeptranslator import GoogleEngine, LibreEngine, MicrosoftEngine, MyMemoryEngine
from l10n.mt.pseudo import PseudoEngine

ENGINES: dict[str, type[Engine]] = {
    cls.name: cls
    for cls in (
        GoogleEngine,
        MyMemoryEngine,
        LibreEngine,
        MicrosoftEngine,
        DeepLEngine,
        PseudoEngine,
    )
}
ENGINE_NAMES = tuple(ENGINES)
DEFAULT_ENGINE = "pseudo"


def get_engine(
    name: str | None,
    *,
    url: str | None = None,
    api_key: str | None = None,
    settings: Mapping[str, Any] | None = None,
    cache: MTCache | None = None,
) -> Engine:
    """Build the engine called ``name`` (None or "": the default, ``pseudo``).

    Keys come from ``api_key``, ``settings["api_key"]`` or the environment
    (``L10N_<ENGINE>_API_KEY``, and the SDK's own variable such as ``DEEPL_AUTH_KEY``).
    """
    key = (name or DEFAULT_ENGINE).strip().lower()
    cls = ENGINES.get(key)
    if cls is None:
        raise UsageError(
            f"unknown machine translation engine {name!r}",
            f"choose one of: {', '.join(ENGINE_NAMES)}",
        )
    return cls(url=url, api_key=api_key, settings=settings, cache=cache)

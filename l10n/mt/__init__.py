"""Machine translation: engines behind one hardened base (see ``base``)."""

from l10n.mt.base import (
    DEFAULT_SETTINGS,
    Engine,
    FailureKind,
    MTRequest,
    MTResult,
    TranslationFailure,
)
from l10n.mt.cache import MemoryCache, MTCache, cache_key
from l10n.mt.registry import DEFAULT_ENGINE, ENGINE_NAMES, ENGINES, get_engine

__all__ = [
    "DEFAULT_ENGINE",
    "DEFAULT_SETTINGS",
    "ENGINES",
    "ENGINE_NAMES",
    "Engine",
    "FailureKind",
    "MTCache",
    "MTRequest",
    "MTResult",
    "MemoryCache",
    "TranslationFailure",
    "cache_key",
    "get_engine",
]

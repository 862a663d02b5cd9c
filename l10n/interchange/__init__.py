"""Interchange exports: files for other tools (PO, XLIFF, TMX, ...), by format name.

Each exporter is ``fn(store, release: dict, lang: str, *, min_state: int, options: dict)
-> bytes``, registered in ``EXPORTERS`` under its format name. ``l10n export --format
NAME`` and ``publish`` find them here.
"""

from __future__ import annotations

from collections.abc import Callable

Exporter = Callable[..., bytes]

EXPORTERS: dict[str, Exporter] = {}


def register_exporter(name: str) -> Callable[[Exporter], Exporter]:
    def decorate(fn: Exporter) -> Exporter:
        EXPORTERS[name] = fn
        return fn

    return decorate


def load_exporters() -> dict[str, Exporter]:
    """Import the exporter modules (each registers itself) and return the registry."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return EXPORTERS

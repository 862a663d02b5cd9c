"""File writing that never leaves a half-written file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def remove_stale_temporaries(path: str | Path) -> int:
    """Delete what an interrupted ``write_atomically(path, ...)`` left beside ``path``.

    Call it only while holding whatever lock serialises writers of ``path``: a temporary
    file of a writer still running would otherwise be removed under it.
    """
    path = Path(path)
    if not path.parent.is_dir():
        return 0
    removed = 0
    for stale in path.parent.glob(f"{_temp_prefix(path)}*{TEMP_SUFFIX}"):
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()
            removed += 1
    return removed


def write_atomically(path: str | Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise

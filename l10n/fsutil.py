"""File writing that never leaves a half-written file behind."""

from __future__ import annotations

import io
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

from l10n.errors import InputError

_READ_CHUNK = 1 << 20

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


def _open_regular(path: Path, hint: str) -> tuple[int, os.stat_result]:
    """A descriptor of a regular file, opened without blocking and checked after opening,
    so a pipe, a device or a file swapped for one between a check and the open is refused
    instead of hanging (a FIFO blocks until a writer comes; /dev/zero never ends)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(
            f"{path} does not exist (or was removed while being read)", "Check the path"
        ) from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory", hint) from None
    except OSError as exc:
        raise InputError(
            f"cannot read {path} ({exc.strerror})", "Check the file's permissions"
        ) from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path} is a directory", hint)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                f"{path} is not a regular file (a pipe, device or socket)",
                "Save the content to a file and give that file",
            )
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def open_regular_file(path: str | Path, *, hint: str = "") -> BinaryIO:
    """A binary file object for a regular file (for streaming readers), with the checks
    of ``read_regular_file``."""
    fd, _info = _open_regular(Path(path), hint or "Give the path of a file")
    raw = io.FileIO(fd, "rb")
    raw.name = str(path)  # readers (lxml) name the file in their messages
    return io.BufferedReader(raw)


def read_regular_file(path: str | Path, limit: int | None = None, *, hint: str = "") -> bytes:
    """The bytes of a regular file (at most ``limit`` bytes, else InputError).

    Opened without blocking and checked after opening (see ``_open_regular``). A missing
    file, a folder, or a read error partway through is one clear InputError.
    """
    path = Path(path)
    fd, info = _open_regular(path, hint or "Give the path of a file")
    try:
        _check_size(path, info.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while limit is None or size <= limit:
            want = _READ_CHUNK if limit is None else min(_READ_CHUNK, limit + 1 - size)
            try:
                chunk = os.read(fd, want)
            except OSError as exc:
                raise InputError(
                    f"cannot read {path} ({exc.strerror}, after {size:,} bytes)",
                    "Check the disk or network share, then try again",
                ) from exc
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        _check_size(path, size, limit)  # it grew while being read
        return b"".join(chunks)
    finally:
        os.close(fd)


def _check_size(path: Path, size: int, limit: int | None) -> None:
    if limit is not None and size > limit:
        raise InputError(
            f"{path} is {size / 1048576:.1f} MB; l10n reads files up to {limit / 1048576:.0f} MB",
            "Split it into several files",
        )

"""The store: the only module that talks SQL.

SQLite through sqlite-utils, in WAL mode with a long busy timeout so several
translators can work at once. Every multi-row write runs inside ``Store.write()``,
one transaction (``BEGIN IMMEDIATE``: the write lock is taken up front, so two
writers queue on the busy timeout instead of failing on a lock upgrade); nested
calls become savepoints, as with sqlite-utils' ``db.atomic()``.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from l10n.errors import WorkspaceError
from l10n.store.maintenance import MaintenanceStore
from l10n.store.migrations import all_migrations
from l10n.store.mtcache import MTCacheStore
from l10n.store.progress import ProgressStore
from l10n.store.qa import QAStore
from l10n.store.releases import ReleaseStore
from l10n.store.review import ReviewStore
from l10n.store.terms import TermStore
from l10n.store.tm import TMStore
from l10n.store.translations import TranslationStore

BUSY_TIMEOUT_MS = 60_000


def utcnow() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _statements(script: str) -> Iterator[str]:
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()


class Store(
    ReleaseStore,
    TranslationStore,
    TermStore,
    TMStore,
    MTCacheStore,
    ReviewStore,
    QAStore,
    ProgressStore,
    MaintenanceStore,
):
    def __init__(self, db: Database, path: Path | None = None):
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False) -> Store:
        path = Path(path)
        if not create and not path.exists():
            raise WorkspaceError(
                f"the database {path} is missing",
                "Run 'l10n init' again in the workspace folder to recreate it",
            )
        try:
            conn = sqlite3.connect(
                str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
            db = Database(conn, execute_plugins=False)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA foreign_keys = ON")
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.enable_wal()
            db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise WorkspaceError(
                f"{path} is not a usable l10n database ({exc})",
                "Restore it from a backup ('l10n backup') or run 'l10n init' in a new folder",
            ) from exc
        store = cls(db, path)
        store.migrate()
        return store

    @classmethod
    def memory(cls) -> Store:
        store = cls(Database(memory=True, execute_plugins=False))
        store.migrate()
        return store

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """One transaction around a multi-row write; rolled back on any error."""
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def execute_script(self, script: str) -> None:
        for statement in _statements(script):
            self.db.execute(statement)

    def applied_migrations(self) -> list[str]:
        if not self.db["_migrations"].exists():
            return []
        return [r[0] for r in self.db.execute("SELECT name FROM _migrations ORDER BY id")]

    def migrate(self) -> list[str]:
        """Apply pending migrations, each in its own transaction. Returns their names."""
        done = set(self.applied_migrations())
        applied = []
        for name, fn in all_migrations():
            if name in done:
                continue
            with self.write():
                if not self.db["_migrations"].exists():
                    self.db.execute(
                        "CREATE TABLE IF NOT EXISTS _migrations "
                        "(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, "
                        "applied_at TEXT NOT NULL)"
                    )
                # Another process may have applied it while we waited for the lock.
                if self.db.execute("SELECT 1 FROM _migrations WHERE name = ?", [name]).fetchone():
                    continue
                fn(self)
                self.db.execute(
                    "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", [name, utcnow()]
                )
            applied.append(name)
        return applied

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM workspace_meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.write():
            self.db.execute(
                "INSERT INTO workspace_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    def integrity_check(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]

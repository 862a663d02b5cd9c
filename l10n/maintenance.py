"""Backups and workspace checks."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from l10n.errors import InputError
from l10n.store import Store
from l10n.workspace import Workspace


@dataclass
class CheckReport:
    integrity: str
    problems: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.problems

    def to_json(self) -> dict:
        return {**asdict(self), "ok": self.ok}


def backup_workspace(store: Store, target: str | Path) -> Path:
    target = Path(target)
    if target.is_dir():
        raise InputError(f"{target} is a directory", "Give the path of the backup file to write")
    if target.exists():
        raise InputError(
            f"{target} already exists", "Choose a new file name; backups never overwrite"
        )
    partial = target.with_name(target.name + ".partial")
    try:
        store.backup_to(partial)
        partial.replace(target)
    except OSError as exc:
        raise InputError(f"cannot write {target} ({exc.strerror})", "Check the folder") from exc
    finally:
        if partial.exists():
            partial.unlink()
    return target


def repair_workspace(store: Store) -> None:
    """Rebuild what can be derived again (the progress counts behind ``status``)."""
    store.rebuild_progress()


def check_workspace(store: Store, ws: Workspace) -> CheckReport:
    report = CheckReport(store.integrity_check(), store.consistency_problems())
    drift = store.progress_drift()
    if drift:
        report.problems.append(
            {
                "check": "progress_summary_drift",
                "count": len(drift),
                "fix": "run 'l10n check --repair' to rebuild the progress counts",
            }
        )
    manifest = ws.locales_dir / "manifest.json"
    if manifest.is_file():
        try:
            entries = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
        except (ValueError, AttributeError):
            report.problems.append({"check": "manifest_unreadable", "count": 1})
            entries = []
        locales = ws.locales_dir.resolve()
        for entry in entries:
            path = (ws.locales_dir / str(entry.get("path", ""))).resolve()
            if not path.is_relative_to(locales) or path == locales:
                report.problems.append(
                    {"check": "manifest_path_outside_locales", "path": entry.get("path")}
                )
                continue
            if not path.is_file():
                report.problems.append(
                    {"check": "published_file_missing", "path": entry.get("path")}
                )
            elif (
                entry.get("sha256")
                and hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]
            ):
                report.problems.append(
                    {"check": "published_file_changed", "path": entry.get("path")}
                )
    return report

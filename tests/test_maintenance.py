"""Backup and workspace check."""

from __future__ import annotations

import json
import sqlite3

from l10n.store import Store


def test_backup_is_a_consistent_copy_and_never_overwrites(cli_in, seed_file, tmp_path):
    cli_in("ingest", str(seed_file))
    target = tmp_path / "backup.db"
    result = cli_in("backup", str(target))
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT slug FROM releases").fetchall() == [("oim-koweit-avrr",)]
    conn.close()
    again = cli_in("backup", str(target))
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_check_passes_on_a_healthy_workspace_and_finds_tampering(cli_in, workspace, seed_file):
    cli_in("ingest", str(seed_file))
    result = cli_in("check", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["ok"] is True
    store = Store.open(workspace / "l10n.db")
    # A state change that bypassed the history table.
    store.db.execute("UPDATE translations SET state = 100, target = 'x', version = 1 WHERE id = 1")
    store.db.conn.commit()
    store.close()
    result = cli_in("check", "--json")
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and report["ok"] is False
    assert {"check": "state_without_history", "count": 1} in report["problems"]


def test_check_finds_and_repairs_progress_drift(cli_in, workspace, seed_file):
    cli_in("ingest", str(seed_file))
    store = Store.open(workspace / "l10n.db")
    store.db.execute("UPDATE progress_summary SET segments_100 = segments_100 + 5")
    store.db.conn.commit()
    store.close()
    report = json.loads(cli_in("check", "--json").stdout)
    assert any(p["check"] == "progress_summary_drift" for p in report["problems"])
    repaired = cli_in("check", "--repair", "--json")
    assert repaired.exit_code == 0 and json.loads(repaired.stdout)["ok"] is True

"""Shared fixtures: a fresh workspace, and the CLI run the way a user runs it."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from l10n.cli import cli
from l10n.store import Store
from l10n.workspace_init import EXAMPLE_RELEASE, init_workspace

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def run_cli(
    args: list[str], *, cwd: Path | None = None, input: str | None = None, env: dict | None = None
) -> CliResult:
    runner = CliRunner()
    full_env = {"L10N_USER": "tester", "NO_COLOR": "1", "L10N_WORKSPACE": ""}
    full_env.update(env or {})
    with tempfile.TemporaryDirectory() as scratch, _chdir(Path(scratch) if cwd is None else cwd):
        result = runner.invoke(cli, args, input=input, env=full_env, catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


class _chdir:
    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        import os

        self.old = os.getcwd()
        os.chdir(self.path)

    def __exit__(self, *exc):
        import os

        os.chdir(self.old)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty workspace (fr → en, es, ar) without the shipped glossary."""
    root = tmp_path / "ws"
    init_workspace(root, source_lang="fr", target_langs=["en", "es", "ar"], with_glossary=False)
    return root


@pytest.fixture
def store():
    """An empty store in memory (its tables and migrations, no workspace folder)."""
    s = Store.memory()
    yield s
    s.close()


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    """The bundled example release (IOM press release, French)."""
    target = tmp_path / "oim-koweit-avrr.fr.txt"
    shutil.copyfile(EXAMPLE_RELEASE, target)
    return target


@pytest.fixture
def cli_in(workspace: Path):
    def run(*args: str, input: str | None = None, env: dict | None = None) -> CliResult:
        return run_cli(list(args), cwd=workspace, input=input, env=env)

    return run


@pytest.fixture(scope="session")
def session_mt_server():
    """One loopback machine translation server for the whole run (see tests/mtserver.py)."""
    from tests.mtserver import MTServer

    with MTServer() as server:
        yield server


@pytest.fixture
def server(session_mt_server):
    """The loopback MT server, with a clean script and request log for each test."""
    session_mt_server.reset()
    yield session_mt_server
    session_mt_server.reset()

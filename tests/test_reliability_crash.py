"""Crash consistency: SIGKILL the ``l10n`` process mid-run, then check the workspace.

Each command (ingest, pretranslate over a slow loopback MT server, XLIFF import,
TMX import, publish, export) runs as a real process (``python -m l10n``) in a copy
of a prepared workspace and is killed at seeded random points inside its measured
run time. Afterwards:

- ``PRAGMA integrity_check`` is ``ok`` and ``l10n check`` passes;
- every output file that exists is complete (byte-identical to a clean run's);
- running the command again finishes the work, and the result equals a clean run's:
  no duplicate releases, segments, translations, history rows or TM units.

The default run kills each command a few times (L10N_CRASH_KILLS, default 3);
``-m slow`` runs the longer series. L10N_CRASH_SEED changes the kill points.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from l10n.ingest import ingest_file
from l10n.workspace import load_workspace
from l10n.workspace_init import init_workspace

try:
    from tests.conftest import run_cli
    from tests.mtserver import MTServer
except ImportError:  # tests/ is not a package
    from conftest import run_cli
    from mtserver import MTServer

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

REPO = Path(__file__).resolve().parents[1]
SEED = int(os.environ.get("L10N_CRASH_SEED", "20261128"))
KILLS = int(os.environ.get("L10N_CRASH_KILLS", "3"))
# Commands the issue does not name get fewer kills in the default run.
MINOR_KILLS = max(1, KILLS - 1)
SLOW_KILLS = 12
LANGS = ["en", "es", "ar"]


def sentences(n: int, offset: int = 0) -> str:
    """A release of ``n`` distinct French sentences in paragraphs of five."""
    out = []
    for i in range(offset, offset + n):
        out.append(
            f"Le programme numéro {i} a aidé {i * 7 + 3} migrants à rentrer chez eux en "
            f"{2000 + i % 25}."
        )
    paras = [" ".join(out[i : i + 5]) for i in range(0, len(out), 5)]
    return "\n\n".join(paras) + "\n"


# ---------------------------------------------------------------------------
# Running and killing the real process
# ---------------------------------------------------------------------------
def _env() -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO), L10N_USER="crash", NO_COLOR="1")
    env.pop("L10N_WORKSPACE", None)
    return env


def l10n(ws: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "l10n", "-w", str(ws), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_env(),
        stdin=subprocess.DEVNULL,
    )


def timed_run(ws: Path, *args: str) -> float:
    start = time.monotonic()
    proc = l10n(ws, *args)
    assert proc.returncode == 0, proc.stderr
    return time.monotonic() - start


def run_and_kill(ws: Path, args: list[str], delay: float) -> bool:
    """Start the command, SIGKILL it after ``delay`` s. True when it was still running."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "l10n", "-w", str(ws), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=_env(),
    )
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


@dataclass
class Tally:
    """What the series did, for the report."""

    kills: int = 0
    mid_run: int = 0
    checks: int = 0
    stale_tmp: int = 0  # temporary files a killed atomic write left behind
    seeds: list[float] = field(default_factory=list)


TALLY: dict[str, Tally] = {}


@pytest.fixture(scope="module", autouse=True)
def report_tally():
    """Print what the series did (pytest -s shows it; the counts go in the notes)."""
    yield
    for name, t in sorted(TALLY.items()):
        print(
            f"crash {name}: {t.kills} kills, {t.mid_run} mid-run, {t.checks} checked, "
            f"{t.stale_tmp} stale temporary files"
        )


# ---------------------------------------------------------------------------
# What "consistent" and "complete" mean
# ---------------------------------------------------------------------------
def integrity(ws: Path) -> str:
    conn = sqlite3.connect(ws / "l10n.db")
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def assert_consistent(ws: Path, where: str) -> None:
    assert integrity(ws) == "ok", where
    result = run_cli(["check"], cwd=ws)
    assert result.exit_code == 0, f"{where}: l10n check failed:\n{result.stdout}{result.stderr}"


def fingerprint(ws: Path) -> dict:
    """Counts and content that a completed run must reproduce exactly."""
    conn = sqlite3.connect(ws / "l10n.db")
    try:
        q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        tables = {r[0] for r in q("SELECT name FROM sqlite_master WHERE type = 'table'")}
        out = {
            "releases": q("SELECT slug, current_version, format FROM releases ORDER BY slug"),
            "versions": q("SELECT COUNT(*) FROM release_versions"),
            "segments": q(
                "SELECT r.slug, s.position, s.source, s.active FROM segments s "
                "JOIN releases r ON r.id = s.release_id ORDER BY 1, 2"
            ),
            "translations": q(
                "SELECT s.source, t.lang, t.target, t.state, t.version "
                "FROM translations t JOIN segments s ON s.id = t.segment_id "
                "ORDER BY 1, 2"
            ),
            "history": q(
                "SELECT s.source, h.lang, h.action, h.old_state, h.new_state, "
                "h.new_target FROM history h JOIN segments s ON s.id = h.segment_id "
                "ORDER BY 1, 2, h.id"
            ),
        }
        if "tm_units" in tables:
            out["tm_units"] = q("SELECT COUNT(*) FROM tm_units")
        return out
    finally:
        conn.close()


def files_under(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _normalised(rel: str, data: bytes) -> bytes:
    """The manifest records publication times: compare it without them."""
    if Path(rel).name != "manifest.json":
        return data
    import json

    manifest = json.loads(data)
    for entry in manifest.get("files", []):
        entry.pop("published_at", None)
    return json.dumps(manifest, sort_keys=True).encode()


def visible(files: dict[str, bytes]) -> dict[str, bytes]:
    files = {k: _normalised(k, v) for k, v in files.items()}
    return {
        k: v for k, v in files.items() if not any(part.startswith(".") for part in Path(k).parts)
    }


# ---------------------------------------------------------------------------
# Prepared workspaces
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A workspace with two releases of 80 sentences and some files to feed in."""
    root = tmp_path_factory.mktemp("crash")
    ws = root / "ws"
    init_workspace(ws, source_lang="fr", target_langs=LANGS, with_glossary=False)
    workspace = load_workspace(ws)
    inputs = root / "inputs"
    inputs.mkdir()
    with workspace.open_store() as store:
        # alpha and beta for most commands; gamma, bigger, for the XLIFF import (each unit
        # is a review action with its QA checks, so it needs more units to last).
        for n, (slug, size) in enumerate((("alpha", 80), ("beta", 80), ("gamma", 200))):
            path = inputs / f"{slug}.fr.txt"
            path.write_text(sentences(size, offset=1000 * n), encoding="utf-8")
            ingest_file(store, path, source_lang="fr", target_langs=LANGS, user="setup")
    (inputs / "big.fr.txt").write_text(sentences(600, offset=50_000), encoding="utf-8")
    return root


def fresh(base: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(base / "ws", target)
    return target


_STARTUP: list[float] = []


def startup_time() -> float:
    """How long the interpreter takes to start and import the CLI (no work done)."""
    if not _STARTUP:
        start = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "l10n", "--version"],
            capture_output=True,
            env=_env(),
            timeout=60,
            check=True,
        )
        _STARTUP.append(time.monotonic() - start)
    return _STARTUP[0]


def kill_points(name: str, duration: float, n: int) -> list[float]:
    """Seeded kill delays inside the measured run, after interpreter start-up."""
    rng = random.Random(f"{SEED}:{name}")
    low = min(startup_time(), duration * 0.6)
    return [rng.uniform(low, duration * 0.95) for _ in range(n)]


def crash_series(
    name: str,
    base: Path,
    tmp_path: Path,
    args: list[str],
    *,
    kills: int,
    prepare: Callable[[Path], None] | None = None,
    outputs: Callable[[Path], Path] | None = None,
    rerun: list[str] | None = None,
) -> Tally:
    """Measure a clean run, then kill the command ``kills`` times and check each time."""
    reference = fresh(base, tmp_path, f"{name}-reference")
    if prepare:
        prepare(reference)
    duration = timed_run(reference, *args)
    expected = fingerprint(reference)
    expected_files = visible(files_under(outputs(reference))) if outputs else {}
    tally = TALLY.setdefault(name, Tally())
    for i, delay in enumerate(kill_points(name, duration, kills)):
        ws = fresh(base, tmp_path, f"{name}-{i}")
        if prepare:
            prepare(ws)
        where = f"{name} killed after {delay:.2f}s of {duration:.2f}s (seed {SEED}, kill {i})"
        mid_run = run_and_kill(ws, args, delay)
        tally.kills += 1
        tally.mid_run += mid_run
        tally.seeds.append(round(delay, 3))
        assert_consistent(ws, where)
        if outputs:
            # Whatever was written is complete: identical to the clean run's file.
            for rel, data in visible(files_under(outputs(ws))).items():
                if rel in expected_files:
                    assert data == expected_files[rel], f"{where}: {rel} is half-written"
        proc = l10n(ws, *(rerun or args))
        assert proc.returncode == 0, f"{where}: the re-run failed: {proc.stderr}"
        assert_consistent(ws, where + ", after the re-run")
        assert fingerprint(ws) == expected, f"{where}: the re-run differs from a clean run"
        if outputs:
            assert visible(files_under(outputs(ws))) == expected_files, where
            # A kill inside an atomic write leaves its hidden temporary file behind (the
            # published files themselves are whole): counted here, and the clean-up is
            # asserted deterministically in test_stale_temporary_files_are_swept.
            tally.stale_tmp += len([k for k in files_under(outputs(ws)) if k.endswith(".tmp")])
        tally.checks += 1
    return tally


# ---------------------------------------------------------------------------
# The commands
# ---------------------------------------------------------------------------
def _ingest(base, tmp_path, kills):
    big = base / "inputs" / "big.fr.txt"
    tally = crash_series("ingest", base, tmp_path, ["ingest", str(big)], kills=kills)
    assert tally.mid_run >= 1, "no kill landed while ingest was running"


def test_kill_during_ingest(base, tmp_path):
    _ingest(base, tmp_path, KILLS)


@pytest.fixture(scope="module")
def slow_server():
    with MTServer(latency=0.02) as server:
        yield server


def _pretranslate(base, tmp_path, server, kills):
    args = [
        "pretranslate",
        "--release",
        "alpha",
        "--lang",
        "en",
        "--engine",
        "libre",
        "--url",
        server.url,
        "--concurrency",
        "2",
    ]
    tally = crash_series("pretranslate", base, tmp_path, args, kills=kills)
    assert tally.mid_run >= 1, "no kill landed while pretranslate was running"


def test_kill_during_pretranslate(base, tmp_path, slow_server):
    _pretranslate(base, tmp_path, slow_server, KILLS)


def _translated_xliff(ws: Path) -> Path:
    """The gamma release exported as XLIFF with every unit translated and signed off."""
    r = run_cli(["export", "--release", "gamma", "--lang", "en", "--format", "xliff"], cwd=ws)
    assert r.exit_code == 0, r.stderr
    text = r.stdout
    out, pos = [], 0
    while True:
        start = text.find("<source>", pos)
        if start < 0:
            break
        end = text.index("</source>", start) + len("</source>")
        source = text[start + len("<source>") : end - len("</source>")]
        out.append(text[pos:end] + f"\n<target>EN {source}</target>")
        pos = end
    out.append(text[pos:])
    path = ws / "gamma.en.xlf"
    path.write_text("".join(out).replace('state="initial"', 'state="translated"'), encoding="utf-8")
    return path


def _commands() -> set[str]:
    from l10n.cli import cli

    return set(cli.commands)


def test_kill_during_xliff_import(base, tmp_path):
    _import(base, tmp_path, KILLS)


def _import(base, tmp_path, kills):
    if "import" not in _commands():
        pytest.skip("the XLIFF import command has not landed yet")

    def prepare(ws: Path) -> None:
        _translated_xliff(ws)

    name = "import"
    reference = fresh(base, tmp_path, f"{name}-reference")
    prepare(reference)
    duration = timed_run(reference, "import", str(reference / "gamma.en.xlf"))
    expected = fingerprint(reference)
    tally = TALLY.setdefault(name, Tally())
    for i, delay in enumerate(kill_points(name, duration, kills)):
        ws = fresh(base, tmp_path, f"{name}-{i}")
        prepare(ws)
        args = ["import", str(ws / "gamma.en.xlf")]
        where = f"{name} killed after {delay:.2f}s of {duration:.2f}s (seed {SEED}, kill {i})"
        tally.mid_run += run_and_kill(ws, args, delay)
        tally.kills += 1
        tally.seeds.append(round(delay, 3))
        assert_consistent(ws, where)
        proc = l10n(ws, *args)
        assert proc.returncode == 0, f"{where}: the re-run failed: {proc.stderr}{proc.stdout}"
        assert_consistent(ws, where + ", after the re-run")
        assert fingerprint(ws) == expected, f"{where}: the re-run differs from a clean run"
        tally.checks += 1
    assert tally.mid_run >= 1, "no kill landed while import was running"


def _tmx_file(ws: Path) -> Path:
    units = "".join(
        f'<tu><tuv xml:lang="fr"><seg>Phrase numéro {i} du mémoire de traduction.</seg></tuv>'
        f'<tuv xml:lang="en"><seg>Sentence number {i} of the translation memory.</seg></tuv>'
        "</tu>\n"
        for i in range(1_500)
    )
    path = ws / "memory.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="fr" '
        'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" '
        f'creationtoolversion="1"/><body>\n{units}</body></tmx>\n',
        encoding="utf-8",
    )
    return path


def test_kill_during_tmx_import(base, tmp_path):
    from l10n.cli import cli

    tm = cli.commands.get("tm")
    if tm is None or "import" not in getattr(tm, "commands", {}):
        pytest.skip("the TMX import command has not landed yet")
    name = "tm import"
    reference = fresh(base, tmp_path, "tmx-reference")
    duration = timed_run(reference, "tm", "import", str(_tmx_file(reference)))
    expected = fingerprint(reference)
    tally = TALLY.setdefault(name, Tally())
    for i, delay in enumerate(kill_points(name, duration, MINOR_KILLS)):
        ws = fresh(base, tmp_path, f"tmx-{i}")
        args = ["tm", "import", str(_tmx_file(ws))]
        where = f"{name} killed after {delay:.2f}s of {duration:.2f}s (seed {SEED}, kill {i})"
        tally.mid_run += run_and_kill(ws, args, delay)
        tally.kills += 1
        assert_consistent(ws, where)
        proc = l10n(ws, *args)
        assert proc.returncode == 0, f"{where}: the re-run failed: {proc.stderr}"
        assert_consistent(ws, where + ", after the re-run")
        assert fingerprint(ws) == expected, f"{where}: duplicates or missing TM units"
        tally.checks += 1
    assert tally.mid_run >= 1, "no kill landed while the TMX import was running"


def _publish(base, tmp_path, kills):
    args = ["publish", "--allow-unfinished", "--min-state", "untranslated"]
    before = TALLY.get("publish", Tally()).kills
    tally = crash_series(
        "publish", base, tmp_path, args, kills=kills, outputs=lambda ws: ws / "locales"
    )
    assert tally.kills == before + kills


def test_kill_during_publish(base, tmp_path):
    _publish(base, tmp_path, KILLS)


def test_kill_during_export_to_a_file(base, tmp_path):
    name = "export"
    reference = fresh(base, tmp_path, "export-reference")
    out = reference / "alpha.en.po"
    duration = timed_run(
        reference, "export", "--release", "alpha", "--lang", "en", "--format", "po", "-o", str(out)
    )
    expected = out.read_bytes()
    tally = TALLY.setdefault(name, Tally())
    for i, delay in enumerate(kill_points(name, duration, MINOR_KILLS)):
        ws = fresh(base, tmp_path, f"export-{i}")
        target = ws / "alpha.en.po"
        args = ["export", "--release", "alpha", "--lang", "en", "--format", "po", "-o", str(target)]
        tally.mid_run += run_and_kill(ws, args, delay)
        tally.kills += 1
        # The file is absent or complete, never a prefix.
        assert not target.exists() or target.read_bytes() == expected
        assert l10n(ws, *args).returncode == 0
        assert target.read_bytes() == expected
        tally.stale_tmp += len(list(ws.glob(".alpha.en.po.*")))
        tally.checks += 1


def test_stale_temporary_files_are_swept(base, tmp_path):
    """What a publisher killed mid-write leaves, the next publish cleans up."""
    ws = fresh(base, tmp_path, "sweep")
    args = ["publish", "--allow-unfinished", "--min-state", "untranslated"]
    assert l10n(ws, *args).returncode == 0
    stale = ws / "locales" / "es" / ".alpha.po.ia7r1oo0.tmp"
    stale.write_bytes(b'msgid "half')
    assert l10n(ws, *args).returncode == 0
    assert not stale.exists()


def skip_unless_slow_requested(request) -> None:
    """Slow tests run with ``-m slow`` (or L10N_SLOW=1); the default run has bounded ones."""
    if "slow" not in (request.config.getoption("markexpr") or "") and not os.environ.get(
        "L10N_SLOW"
    ):
        pytest.skip("slow: run with -m slow")


@pytest.mark.slow
def test_many_kills(request, base, tmp_path, slow_server):
    skip_unless_slow_requested(request)
    _ingest(base, tmp_path, SLOW_KILLS)
    _pretranslate(base, tmp_path, slow_server, SLOW_KILLS)
    _publish(base, tmp_path, SLOW_KILLS)

"""Network faults: pretranslate over a misbehaving loopback LibreTranslate server.

Connection refused, a connection reset mid-response, a slow drip, a 429 storm,
invalid JSON, a 10 MB answer and a hanging server. For each: the command ends
within its deadline, exits with status 1 and a summary that says what to do,
records one ``mt_failures`` row per failed segment, stores no broken translation,
leaves the workspace consistent, and a later run against a healthy server
finishes the work (clearing the failures) without re-sending what was done.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import struct
import time
from collections import deque
from pathlib import Path

import pytest

from l10n.ingest import ingest_file
from l10n.workspace import load_workspace
from l10n.workspace_init import init_workspace

try:
    from tests.conftest import run_cli
    from tests.mtserver import MTServer, _Handler
except ImportError:  # tests/ is not a package
    from conftest import run_cli
    from mtserver import MTServer, _Handler

SOURCE = (
    "Le Koweït a pris des mesures. L’OIM l’a salué.\n\n"
    "Le programme aide les migrants. Il finance le retour volontaire.\n\n"
    "Les partenaires se réunissent demain. Le rapport sera publié en mai.\n"
)
SEGMENTS = 6
# Short HTTP timeouts and retries, so every fault resolves in well under a second or two.
MT_SETTINGS = {
    "timeout": 1.0,
    "retries": 2,
    "backoff": 0.01,
    "backoff_max": 0.05,
    "breaker_threshold": 5,
    "breaker_cooldown": 0.5,
    "concurrency": 3,
}


class FaultyHandler(_Handler):
    """The loopback server's handler with the faults it does not script itself."""

    def _serve(self, params: dict[str, str], protocol: str) -> None:
        mt = self.mt
        behaviour = mt._by_text.get("*fault*")
        only = mt._by_text.get("*fault-text*")
        if behaviour is None or (only and params.get("q") != only[0]):
            return super()._serve(params, protocol)
        with mt._lock:
            mt.requests.append(dict(params, protocol=protocol))
            mt.hits[params.get("q", "")] += 1
        fault = behaviour[0]
        if fault == "reset":
            body = json.dumps({"translatedText": "EN partial answer"}).encode()
            head = (
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
            self.wfile.write(head + body[:10])
            self.wfile.flush()
            # SO_LINGER 0: close() sends a TCP reset instead of a clean end of stream.
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.request.close()
        elif fault == "badjson":
            self._send(200, "application/json", '{"translatedText": "EN broken')
        elif fault == "html":
            self._send(502, "text/html", "<html><body>Bad gateway</body></html>")
        elif fault == "huge":
            self._send(200, "application/json", json.dumps({"translatedText": "A" * 10_000_000}))
        elif fault == "wrongtype":
            self._send(200, "application/json", json.dumps({"translatedText": ["a", 1, None]}))
        else:
            raise AssertionError(fault)


class FaultyServer(MTServer):
    def fault(self, name: str | None, text: str | None = None) -> None:
        """Answer every request (or only those for ``text``) with the fault ``name``."""
        with self._lock:
            self._by_text.pop("*fault*", None)
            self._by_text.pop("*fault-text*", None)
            if name is not None:
                self._by_text["*fault*"] = deque([name])
            if text is not None:
                self._by_text["*fault-text*"] = deque([text])

    def start(self) -> FaultyServer:
        import threading
        from http.server import ThreadingHTTPServer

        class QuietServer(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # a client that gave up on a huge or dripping answer: not news

        httpd = QuietServer(("127.0.0.1", 0), FaultyHandler)
        httpd.daemon_threads = True
        httpd.mt = self  # type: ignore[attr-defined]
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        self._thread.start()
        return self


@pytest.fixture(scope="module")
def server():
    with FaultyServer(hang_seconds=5.0) as srv:
        srv.drip_interval = 0.2
        yield srv


@pytest.fixture
def healthy(server):
    server.reset()
    server.fault(None)
    yield server
    server.reset()
    server.fault(None)


def _toml_value(value) -> str:
    return (
        json.dumps(value)
        if isinstance(value, str)
        else repr(value).lower()
        if isinstance(value, bool)
        else repr(value)
    )


@pytest.fixture
def ws(tmp_path, healthy) -> Path:
    root = tmp_path / "ws"
    init_workspace(root, source_lang="fr", target_langs=["en", "es"], with_glossary=False)
    config = (root / "l10n.toml").read_text(encoding="utf-8")
    lines = ['engine = "libre"', f'url = "{healthy.url}"']
    lines += [f"{k} = {_toml_value(v)}" for k, v in MT_SETTINGS.items()]
    config = config.replace('engine = "pseudo"\nconcurrency = 4\n', "\n".join(lines) + "\n")
    config = config.replace("timeout = 15.0\n", "")
    (root / "l10n.toml").write_text(config, encoding="utf-8")
    source = tmp_path / "notes.fr.txt"
    source.write_text(SOURCE, encoding="utf-8")
    workspace = load_workspace(root)
    assert workspace.section("mt")["engine"] == "libre"
    with workspace.open_store() as store:
        ingest_file(store, source, source_lang="fr", target_langs=["en", "es"], user="tester")
    return root


def pretranslate(ws: Path, *extra: str):
    start = time.monotonic()
    result = run_cli(["pretranslate", "--release", "notes", "--lang", "en", *extra], cwd=ws)
    return result, time.monotonic() - start


def db_rows(ws: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(ws / "l10n.db")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def assert_failed_cleanly(ws: Path, result, elapsed: float, limit: float, reason: str) -> None:
    where = (
        f"exit={result.exit_code} in {elapsed:.1f}s\nstdout={result.stdout}\nstderr={result.stderr}"
    )
    assert elapsed < limit, where
    assert result.exit_code == 1, where
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, where
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: ") and "could not be machine-translated" in last, where
    assert "run the same command again" in last, where  # says what to do
    assert reason.lower() in last.lower(), where
    failures = db_rows(ws, "SELECT segment_id, lang, engine, error FROM mt_failures")
    translated = db_rows(ws, "SELECT segment_id FROM translations WHERE lang = 'en' AND state > 0")
    # Every segment is either translated or has its failure recorded, never both.
    assert len(failures) + len(translated) == SEGMENTS, (failures, translated)
    assert {f[0] for f in failures}.isdisjoint({t[0] for t in translated})
    assert all(f[1] == "en" and f[2] == "libre" and f[3] for f in failures)
    # Nothing broken is stored: no partial, empty or enormous target.
    for (target,) in db_rows(ws, "SELECT target FROM translations WHERE lang = 'en' AND state > 0"):
        assert target.startswith("EN ") and len(target) < 500, target[:80]
    check = run_cli(["check"], cwd=ws)
    assert check.exit_code == 0, check.stdout


def assert_recovers(ws: Path, server) -> None:
    """A later run against a healthy server finishes and clears the failures."""
    server.fault(None)
    server.default = "normal"
    done_before = {
        src
        for (src,) in db_rows(
            ws,
            "SELECT s.source FROM translations t JOIN segments s ON "
            "s.id = t.segment_id WHERE t.lang = 'en' AND t.state > 0",
        )
    }
    server.reset()
    result, _ = pretranslate(ws)
    assert result.exit_code == 0, result.stderr
    assert db_rows(ws, "SELECT COUNT(*) FROM mt_failures") == [(0,)]
    assert db_rows(ws, "SELECT COUNT(*) FROM translations WHERE lang = 'en' AND state = 0") == [
        (0,)
    ]
    sent = {r.get("q") for r in server.requests}
    assert not (sent & done_before), "segments translated before were sent again"
    # Each translation was written once: one history row each.
    assert db_rows(ws, "SELECT MAX(version) FROM translations WHERE lang = 'en'") == [(1,)]


# ---------------------------------------------------------------------------
# The faults
# ---------------------------------------------------------------------------
def test_connection_refused(ws):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    result, elapsed = pretranslate(ws, "--url", f"http://127.0.0.1:{port}/")
    assert_failed_cleanly(ws, result, elapsed, 10, "connection to the engine failed")
    assert len(db_rows(ws, "SELECT * FROM mt_failures")) == SEGMENTS


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("reset", "connection"),
        ("badjson", ""),
        ("html", "HTTP 502"),
        ("wrongtype", ""),
    ],
)
def test_broken_answers(ws, healthy, fault, reason):
    healthy.fault(fault)
    result, elapsed = pretranslate(ws)
    assert_failed_cleanly(ws, result, elapsed, 15, reason)
    assert len(db_rows(ws, "SELECT * FROM mt_failures")) == SEGMENTS
    assert_recovers(ws, healthy)


HUGE_FOR = "Le programme aide les migrants."


def test_ten_megabyte_answer_is_never_stored_as_a_translation(ws, healthy):
    healthy.fault("huge", text=HUGE_FOR)
    result, elapsed = pretranslate(ws)
    # Refused as implausible, or cut off by the per-call timeout while downloading.
    assert_failed_cleanly(ws, result, elapsed, 30, "")
    assert db_rows(ws, "SELECT COUNT(*) FROM mt_failures") == [(1,)]


def test_ten_megabyte_answer_is_refused_quickly_and_not_cached(ws, healthy):
    healthy.fault("huge", text=HUGE_FOR)
    result, elapsed = pretranslate(ws)
    biggest = db_rows(ws, "SELECT COALESCE(MAX(LENGTH(value)), 0) FROM mt_cache")[0][0]
    assert biggest < 100_000, f"{biggest:,} characters cached"
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert_recovers(ws, healthy)


def test_slow_drip_stays_within_the_timeout(ws, healthy):
    healthy.default = "drip"  # a byte every 0.2 s: about 10 s per answer
    result, elapsed = pretranslate(ws, "--concurrency", "6")
    # 6 segments at once, 1 s per call and 2 retries: about 3 s.
    assert_failed_cleanly(ws, result, elapsed, 15, "no answer within")
    assert_recovers(ws, healthy)


def test_hanging_server_and_overall_deadline(ws, healthy):
    healthy.default = "hang"
    result, elapsed = pretranslate(ws, "--deadline", "1.5")
    assert_failed_cleanly(ws, result, elapsed, 6, "")
    assert_recovers(ws, healthy)


def test_rate_limit_storm(ws, healthy):
    healthy.default = "429"
    result, elapsed = pretranslate(ws)
    assert_failed_cleanly(ws, result, elapsed, 15, "")
    assert "429" in result.stderr or "rate" in result.stderr.lower()
    # Retries are bounded: at most 1 + retries attempts per segment.
    assert healthy.count() <= SEGMENTS * (1 + MT_SETTINGS["retries"])
    time.sleep(MT_SETTINGS["breaker_cooldown"])
    assert_recovers(ws, healthy)


def test_some_segments_fail_others_are_kept(ws, healthy):
    healthy.behave("L’OIM l’a salué.", "500")
    healthy.behave("Il finance le retour volontaire.", "empty")
    result, elapsed = pretranslate(ws)
    assert_failed_cleanly(ws, result, elapsed, 10, "")
    assert result.stdout.strip().startswith("en: ")
    assert "failed 2" in result.stdout
    assert len(db_rows(ws, "SELECT * FROM mt_failures")) == 2
    healthy.behave("L’OIM l’a salué.", "normal")
    healthy.behave("Il finance le retour volontaire.", "normal")
    assert_recovers(ws, healthy)


def test_json_summary_lists_failures(ws, healthy):
    healthy.default = "500"
    result, _ = pretranslate(ws, "--json")
    assert result.exit_code == 1
    [summary] = json.loads(result.stdout)
    assert summary["failed"] == SEGMENTS and len(summary["failures"]) == SEGMENTS
    assert all("HTTP 500" in f["error"] for f in summary["failures"])


def test_huge_answer_is_not_downloaded(tmp_path):
    """The transport stops reading an answer past its size limit: a server streaming 64 MB
    (no Content-Length, as a chunked or broken proxy would) gets the connection closed
    after a few MB, and the call fails as an invalid answer rather than filling memory."""
    import threading

    from l10n.mt import transport

    sent = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def serve() -> None:
        conn, _ = listener.accept()
        total = 0
        try:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")
            block = b"A" * 65536
            for _ in range(1024):
                conn.sendall(block)
                total += len(block)
        except OSError:
            pass
        finally:
            sent.append(total)
            conn.close()

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/translate"
    with transport.call_scope(time.monotonic() + 20) as scope:
        with pytest.raises(transport.AnswerTooLarge):
            transport.timed_request("GET", url)
    server.join(20)
    listener.close()
    assert isinstance(scope.transport_error, transport.AnswerTooLarge)
    assert sent and sent[0] < 32 * 1024 * 1024, f"{sent[0]:,} bytes sent before the close"

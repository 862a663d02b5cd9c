"""HTTP with deadlines for deep-translator.

deep-translator calls ``requests.get``/``requests.post`` with no timeout, so one
silent server stalls a run forever. Its engine modules are given a stand-in for
the ``requests`` module: inside :func:`call_scope` every call goes through a
per-thread session with a connect/read timeout bounded by the call's deadline,
and a watchdog shuts the socket down when the deadline passes while the body is
still arriving (a server that drips one byte at a time never trips a read
timeout). Outside a scope the stand-in is plain ``requests``, so other users of
deep-translator in the same process see no change.

The scope also records what deep-translator throws away: the HTTP status, the
``Retry-After`` header and transport exceptions that some of its engines
swallow, so the engine base can tell a rate limit from a dead server.
"""

from __future__ import annotations

import contextlib
import heapq
import importlib
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import requests

CONNECT_TIMEOUT = 5.0
# No machine translation answer comes near this; a body that does is a broken server or a
# proxy's page, and reading on would only fill memory.
MAX_ANSWER_BYTES = 2 * 1024 * 1024


class AnswerTooLarge(requests.RequestException):
    """The engine's answer passed ``MAX_ANSWER_BYTES``; the rest was not downloaded."""


_local = threading.local()


@dataclass
class CallScope:
    """One engine call: its deadline and what the transport saw."""

    deadline: float  # time.monotonic() value
    started: float = field(default_factory=time.monotonic)
    status: int | None = None
    retry_after: float | None = None
    transport_error: BaseException | None = None
    requests_sent: int = 0

    def remaining(self) -> float:
        return self.deadline - time.monotonic()


@contextlib.contextmanager
def call_scope(deadline: float) -> Iterator[CallScope]:
    """Route this thread's deep-translator HTTP calls through the timed session."""
    previous = getattr(_local, "scope", None)
    scope = CallScope(deadline)
    _local.scope = scope
    try:
        yield scope
    finally:
        _local.scope = previous


def current_scope() -> CallScope | None:
    return getattr(_local, "scope", None)


def _session() -> requests.Session:
    session = getattr(_local, "session", None)
    if session is None:
        session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=4, max_retries=0)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        _local.session = session
    return session


class _Watchdog:
    """Shuts sockets down when their deadline passes (one thread for all calls)."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, _Guard]] = []
        self._cond = threading.Condition()
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, sock: socket.socket, deadline: float) -> _Guard:
        guard = _Guard(sock)
        with self._cond:
            heapq.heappush(self._heap, (deadline, next(self._ids), guard))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="l10n-mt-watchdog")
                self._thread.daemon = True
                self._thread.start()
            self._cond.notify()
        return guard

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                deadline, _, guard = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
            guard.fire()


@dataclass
class _Guard:
    sock: socket.socket
    done: bool = False
    fired: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fire(self) -> None:
        with self.lock:
            if self.done:
                return
            self.fired = True
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)

    def release(self) -> bool:
        """Stop watching; True when the deadline already fired."""
        with self.lock:
            self.done = True
            return self.fired


_watchdog = _Watchdog()


def _socket_of(response: requests.Response) -> socket.socket | None:
    raw = response.raw
    conn = getattr(raw, "connection", None) or getattr(raw, "_connection", None)
    sock = getattr(conn, "sock", None)
    if isinstance(sock, socket.socket):
        return sock
    fp = getattr(getattr(raw, "_fp", None), "fp", None)
    sock = getattr(getattr(fp, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def timed_request(method: str, url: str, **kwargs: Any) -> requests.Response:
    """``requests.request`` bounded by the current scope's deadline."""
    scope = current_scope()
    if scope is None:
        return requests.request(method, url, **kwargs)
    scope.requests_sent += 1
    remaining = scope.remaining()
    if remaining <= 0:
        exc = requests.Timeout("deadline exceeded before the request was sent")
        scope.transport_error = exc
        raise exc
    kwargs["timeout"] = (min(CONNECT_TIMEOUT, remaining), remaining)
    kwargs["stream"] = True
    try:
        response = _session().request(method, url, **kwargs)
        sock = _socket_of(response)
        guard = _watchdog.watch(sock, scope.deadline) if sock is not None else None
        try:
            _read_bounded(response)  # the whole body, under the watchdog
        except AnswerTooLarge:
            if guard is not None:
                guard.release()
            response.close()
            raise
        except requests.RequestException as exc:
            if guard is not None and guard.release():
                raise requests.Timeout("deadline exceeded while reading the response") from exc
            raise
        fired = guard.release() if guard is not None else False
        if fired or scope.remaining() <= 0:
            response.close()
            raise requests.Timeout("deadline exceeded while reading the response")
    except requests.RequestException as exc:
        scope.transport_error = exc
        raise
    scope.status = response.status_code
    scope.retry_after = _retry_after(response.headers.get("Retry-After"))
    return response


def _read_bounded(response: requests.Response) -> None:
    """Read the body into ``response`` (for ``.text`` and ``.json()``), refusing one that
    grows past ``MAX_ANSWER_BYTES`` without downloading the rest."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
        raise AnswerTooLarge(f"the answer declares {int(declared):,} bytes")
    chunks = []
    size = 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise AnswerTooLarge(f"the answer passed {MAX_ANSWER_BYTES:,} bytes")
        chunks.append(chunk)
    response._content = b"".join(chunks)
    response._content_consumed = True


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class _TimedRequests:
    """Stands in for the ``requests`` module inside deep-translator's engines."""

    def get(self, url: str, params: Any = None, **kwargs: Any) -> requests.Response:
        return timed_request("GET", url, params=params, **kwargs)

    def post(
        self, url: str, data: Any = None, json: Any = None, **kwargs: Any
    ) -> requests.Response:
        return timed_request("POST", url, data=data, json=json, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        return timed_request(method, url, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)


_TIMED = _TimedRequests()
_installed: set[str] = set()
_install_lock = threading.Lock()


def install(module_name: str) -> None:
    """Give one deep-translator engine module the timed stand-in (idempotent)."""
    with _install_lock:
        if module_name in _installed:
            return
        module = importlib.import_module(module_name)
        module.requests = _TIMED  # type: ignore[attr-defined]
        _installed.add(module_name)

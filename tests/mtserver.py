"""A loopback machine translation server for tests and benchmarks.

Speaks the protocols deep-translator uses: LibreTranslate (``POST /translate``
with q, source, target, format, api_key in the query string or a form body),
Microsoft (``POST /translate?api-version=3.0`` with a JSON list), MyMemory
(``GET /get?q=&langpair=``) and Google's mobile page (``GET /m?q=&sl=&tl=``).

A normal answer is ``"<TARGET> <q>"`` (``FR Save the file``), so tests can
predict it. Misbehaviour is scripted per text or globally:

- ``normal``: the answer above;
- ``429`` / ``500`` / ``403``: that HTTP status;
- ``hang``: no answer until the server stops (or ``hang_seconds``);
- ``drip``: headers at once, then the body one byte every ``drip_interval`` s;
- ``empty``: an empty translation; ``echo``: the source back;
- ``drop``: the first ``[X..X]`` placeholder removed; ``spaces``: spaces put
  inside placeholders (``[ X 1 X ]``), which a client must tolerate;
- ``quota``: MyMemory's quota warning as the translation, with HTTP 200.

``latency`` delays every answer. Every request is recorded (``requests``,
``count(q)``).
"""

from __future__ import annotations

import html
import json
import re
import socket
import threading
import time
from collections import Counter, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PLACEHOLDER_RE = re.compile(r"\[X(\d+)X\]")
QUOTA_TEXT = (
    "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. "
    "NEXT AVAILABLE IN 10 HOURS 20 MINUTES 33 SECONDS"
)


class MTServer:
    def __init__(self, latency: float = 0.0, hang_seconds: float = 30.0):
        self.latency = latency
        self.hang_seconds = hang_seconds
        self.drip_interval = 0.1
        self.default = "normal"
        self._plan: deque[str] = deque()
        self._by_text: dict[str, deque[str]] = {}
        self._lock = threading.Lock()
        self.requests: list[dict[str, str]] = []
        self.hits: Counter[str] = Counter()
        self.stop_event = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting -------------------------------------------------------------

    def behave(self, text: str, *behaviours: str) -> None:
        """Answer requests for ``text`` with these behaviours in turn; the last repeats."""
        with self._lock:
            self._by_text[text] = deque(behaviours)

    def plan(self, *behaviours: str) -> None:
        """The next requests, whatever their text, behave like this (then ``default``)."""
        with self._lock:
            self._plan.extend(behaviours)

    def _next_behaviour(self, text: str) -> str:
        with self._lock:
            queue = self._by_text.get(text)
            if queue:
                return queue.popleft() if len(queue) > 1 else queue[0]
            if self._plan:
                return self._plan.popleft()
            return self.default

    def count(self, text: str | None = None) -> int:
        with self._lock:
            return len(self.requests) if text is None else self.hits[text]

    def duplicates(self) -> int:
        """Requests beyond the first for the same text and language pair."""
        with self._lock:
            seen = Counter((r.get("q"), r.get("source"), r.get("target")) for r in self.requests)
        return sum(n - 1 for n in seen.values())

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.hits.clear()
            self._plan.clear()
            self._by_text.clear()
            self.default = "normal"

    # -- lifecycle ---------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> MTServer:
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        httpd.daemon_threads = True
        httpd.mt = self  # type: ignore[attr-defined]
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> MTServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- answers -----------------------------------------------------------------

    def answer_text(self, behaviour: str, text: str, target: str) -> str:
        if behaviour == "empty":
            return ""
        if behaviour == "echo":
            return text
        if behaviour == "quota":
            return QUOTA_TEXT
        translated = f"{target.upper()} {text}"
        if behaviour == "drop":
            return PLACEHOLDER_RE.sub("", translated, count=1)
        if behaviour == "spaces":
            return PLACEHOLDER_RE.sub(lambda m: f"[ X {m.group(1)} X ]", translated)
        return translated


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "mtserver/1"

    def setup(self) -> None:
        super().setup()
        # Answers are written in one piece and sent at once: Nagle's algorithm against a
        # delayed ACK would otherwise add 40 ms to every answer on a kept-alive connection.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: object) -> None:
        pass

    @property
    def mt(self) -> MTServer:
        return self.server.mt  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/get":  # MyMemory
            source, _, target = params.get("langpair", "|").partition("|")
            params.update(source=source, target=target)
            self._serve(params, "mymemory")
        elif parts.path == "/m":  # Google's mobile page
            params.update(source=params.get("sl", ""), target=params.get("tl", ""))
            self._serve(params, "google")
        elif parts.path == "/languages":
            self._send(200, "application/json", json.dumps([{"code": "en"}, {"code": "fr"}]))
        else:
            self._send(404, "text/plain", "not found")

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if parts.path.rstrip("/") != "/translate":
            self._send(404, "text/plain", "not found")
            return
        if "api-version" in params:  # Microsoft
            items = json.loads(body or b"[]")
            params.update(q=items[0]["text"] if items else "")
            params.update(source=params.get("from", ""), target=params.get("to", ""))
            self._serve(params, "microsoft")
            return
        if body:
            content_type = self.headers.get("Content-Type", "")
            if "json" in content_type:
                params.update({k: str(v) for k, v in json.loads(body).items()})
            else:
                params.update({k: v[-1] for k, v in parse_qs(body.decode()).items()})
        self._serve(params, "libre")

    def _serve(self, params: dict[str, str], protocol: str) -> None:
        mt = self.mt
        text = params.get("q", "")
        with mt._lock:
            mt.requests.append(dict(params, protocol=protocol))
            mt.hits[text] += 1
        behaviour = mt._next_behaviour(text)
        if mt.latency:
            time.sleep(mt.latency)
        if behaviour == "hang":
            mt.stop_event.wait(mt.hang_seconds)
            self.close_connection = True
            return
        if behaviour in ("429", "500", "403"):
            status = int(behaviour)
            self._send(status, "application/json", json.dumps({"error": f"HTTP {status}"}))
            return
        translated = mt.answer_text(behaviour, text, params.get("target", ""))
        if protocol == "google":
            page = f'<html><body><div class="result-container">{html.escape(translated)}</div>'
            self._send(200, "text/html; charset=utf-8", page + "</body></html>")
            return
        if protocol == "mymemory":
            payload: object = {"responseData": {"translatedText": translated}, "matches": []}
        elif protocol == "microsoft":
            payload = [{"translations": [{"text": translated, "to": params.get("target")}]}]
        else:
            payload = {"translatedText": translated}
        if behaviour == "drip":
            self._drip(json.dumps(payload).encode())
            return
        self._send(200, "application/json", json.dumps(payload))

    def _send(self, status: int, content_type: str, text: str) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self._headers_buffer.append(b"\r\n")  # type: ignore[attr-defined]
        self.wfile.write(b"".join(self._headers_buffer) + data)  # type: ignore[attr-defined]
        self._headers_buffer = []

    def _drip(self, data: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.flush()
        try:
            for i in range(len(data)):
                if self.mt.stop_event.wait(self.mt.drip_interval):
                    break
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True

"""The machine translation engine base.

An engine implements only what differs (``translate_text``: one chunk of masked
text, already in its language codes, to one answer). The base owns the rest:
language codes, masking of inline codes and protected terms, chunking under the
engine's length limit, validation of answers, the cache, de-duplication,
retries with backoff, pausing an engine that keeps being rate limited, deadlines
and concurrency.

Per-request failures come back as results with an ``error``; they are never
raised, so one bad segment cannot abort a run.
"""

from __future__ import annotations

import logging
import os
import random
import re
import threading
import time
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar

import requests

from l10n.errors import EngineError, UsageError
from l10n.mt import masking
from l10n.mt.cache import MTCache, cache_key
from l10n.mt.languages import LanguageTable, format_tag, parse_tag
from l10n.mt.transport import AnswerTooLarge, CallScope, call_scope

log = logging.getLogger("l10n.mt")

DEFAULT_SETTINGS: dict[str, Any] = {
    "timeout": 15.0,  # seconds for one HTTP call, connect to last byte
    "retries": 3,  # further attempts after a rate limit, a 5xx, a timeout or a lost connection
    "backoff": 0.5,  # first retry delay in seconds, doubled each time, with jitter
    "backoff_max": 8.0,
    "breaker_threshold": 5,  # consecutive rate-limited answers that pause the engine
    "breaker_cooldown": 60.0,  # seconds an engine stays paused
    "char_limit": None,  # a smaller chunk size than the engine's own limit
}


@dataclass(frozen=True)
class MTRequest:
    """One text to translate.

    ``protect``: (start, end) offsets in ``text`` of do-not-translate terms, kept verbatim.
    ``terms``: (source term, preferred target term) pairs, for engines with glossaries.
    """

    key: Hashable
    text: str
    protect: Sequence[tuple[int, int]] = ()
    terms: Sequence[tuple[str, str]] = ()


@dataclass
class MTResult:
    key: Hashable
    text: str | None  # the translation with inline tokens and protected terms restored
    error: str | None = None  # a short reason when there is no translation
    cached: bool = False
    engine: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None and self.text is not None


class FailureKind(Enum):
    RATE_LIMITED = "rate_limited"  # retried; repeated ones pause the engine
    QUOTA = "quota"  # pauses the engine at once, no retry
    TRANSIENT = "transient"  # 5xx, timeout, connection: retried
    AUTH = "auth"
    INVALID = "invalid"  # an answer that is not a translation
    FAILED = "failed"


RETRIED = {FailureKind.RATE_LIMITED, FailureKind.TRANSIENT}

# An answer longer than this many times its source (and than the floor, for short texts
# that expand a lot) is not a translation: a broken server, a proxy's page, a runaway
# model. Refused before anything else looks at it, and never cached.
LONG_ANSWER_FACTOR = 10
LONG_ANSWER_FLOOR = 2_000


def implausibly_long(answer: str, source: str) -> str | None:
    """The reason to refuse ``answer`` as a translation of ``source``, or None."""
    if len(answer) <= max(LONG_ANSWER_FACTOR * len(source), LONG_ANSWER_FLOOR):
        return None
    return f"implausibly long answer ({len(answer):,} characters for {len(source):,})"


class TranslationFailure(Exception):
    """One request failed; becomes ``MTResult.error``. Engines may raise it from
    ``translate_text`` to report a failure they recognise themselves."""

    def __init__(self, reason: str, kind: FailureKind = FailureKind.FAILED):
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


# Answers some engines give with HTTP 200 instead of an error.
ANSWER_ERRORS: list[tuple[re.Pattern[str], FailureKind, str]] = [
    (
        re.compile(r"MYMEMORY WARNING|USED ALL AVAILABLE FREE TRANSLATIONS", re.I),
        FailureKind.QUOTA,
        "free quota used up (MyMemory)",
    ),
    (re.compile(r"QUERY LENGTH LIMIT EXCEEDED", re.I), FailureKind.FAILED, "text too long"),
    (
        re.compile(r"INVALID LANGUAGE PAIR|PLEASE SELECT TWO DISTINCT LANGUAGES", re.I),
        FailureKind.FAILED,
        "language pair refused by the engine",
    ),
]


class CircuitBreaker:
    """Pauses an engine after ``threshold`` consecutive rate limits (or one quota
    message) so a run stops hammering a service that has said no."""

    def __init__(self, threshold: int, cooldown: float):
        self.threshold = max(1, int(threshold))
        self.cooldown = float(cooldown)
        self._lock = threading.Lock()
        self._consecutive = 0
        self._paused_until = 0.0
        self._why = ""

    def check(self) -> None:
        with self._lock:
            left = self._paused_until - time.monotonic()
            if left > 0:
                raise TranslationFailure(
                    f"engine paused after {self._why}; retry in {left:.0f} s",
                    FailureKind.RATE_LIMITED,
                )

    def rate_limited(self) -> None:
        with self._lock:
            self._consecutive += 1
            if self._consecutive >= self.threshold:
                self._pause(f"{self._consecutive} rate limits in a row")

    def quota_exhausted(self) -> None:
        with self._lock:
            self._pause("a quota message")

    def succeeded(self) -> None:
        with self._lock:
            self._consecutive = 0

    @property
    def paused(self) -> bool:
        with self._lock:
            return self._paused_until > time.monotonic()

    def _pause(self, why: str) -> None:
        if self._paused_until <= time.monotonic():
            log.warning("machine translation engine paused for %.0f s after %s", self.cooldown, why)
        self._paused_until = time.monotonic() + self.cooldown
        self._why = why


@dataclass
class _Unit:
    """One distinct masked text of a call, and the requests waiting for it."""

    key: str
    text: str
    members: list[tuple[int, MTRequest, masking.Masked]] = field(default_factory=list)


class Engine:
    """Base of every machine translation engine."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    max_chars: ClassVar[int] = 5000  # longest chunk the engine accepts
    # Engine codes per direction (None: any language); an instance may narrow or
    # widen them from its settings (a self-hosted server's own list).
    source_table: LanguageTable | None = None
    target_table: LanguageTable | None = None
    same_language_ok: ClassVar[bool] = False
    supports_glossary: ClassVar[bool] = False
    needs_url: ClassVar[bool] = False
    needs_key: ClassVar[bool] = False
    key_env_vars: ClassVar[tuple[str, ...]] = ()  # besides L10N_<NAME>_API_KEY
    engine_settings: ClassVar[dict[str, Any]] = {}  # engine-specific settings and defaults
    output_settings: ClassVar[tuple[str, ...]] = ()  # settings that change answers (cache key)
    runs_locally: ClassVar[bool] = False  # offline: no thread pool needed

    def __init__(
        self,
        *,
        url: str | None = None,
        api_key: str | None = None,
        settings: Mapping[str, Any] | None = None,
        cache: MTCache | None = None,
    ):
        settings = dict(settings or {})
        # l10n.toml may hold the URL and key among an engine's settings.
        api_key = api_key or settings.pop("api_key", None)
        url = url or settings.pop("url", None)
        allowed = {**DEFAULT_SETTINGS, **self.engine_settings}
        unknown = sorted(set(settings) - set(allowed))
        if unknown:
            raise UsageError(
                f"unknown setting {unknown[0]!r} for the {self.name} engine",
                f"known settings: {', '.join(sorted(allowed))}",
            )
        self.settings: dict[str, Any] = {**allowed, **settings}
        self.url = url
        self._api_key = api_key or self._key_from_environment()
        if self.needs_key and not self._api_key:
            names = [self.key_variable(), *self.key_env_vars]
            raise EngineError(
                f"the {self.name} engine needs an API key",
                f"set {names[0]} in the environment or api_key in l10n.toml",
            )
        if self.needs_url and not self.url:
            raise UsageError(
                f"the {self.name} engine needs the URL of its server",
                "pass --url (for example --url http://localhost:5000/) or set url in l10n.toml",
            )
        self.cache = cache
        self.breaker = CircuitBreaker(
            self.settings["breaker_threshold"], self.settings["breaker_cooldown"]
        )
        self.setup()

    # -- what engines implement ------------------------------------------------

    def setup(self) -> None:
        """Check settings and build clients; called once from ``__init__``."""

    def translate_text(self, text: str, source: str, target: str) -> str | None:
        """Translate one chunk of masked text; ``source``/``target`` are engine codes.
        Raise anything: the base classifies, retries and wraps it."""
        raise NotImplementedError

    def prepare(self, source: str, target: str, terms: Sequence[tuple[str, str]]) -> None:
        """Before a call's requests go out: e.g. create a glossary from ``terms``."""

    def classify(self, exc: BaseException, scope: CallScope) -> tuple[FailureKind, str] | None:
        """Engine-specific exception classification; None leaves it to the base."""
        return None

    def text_length(self, text: str) -> int:
        """Length as the engine's limit counts it."""
        return len(text)

    # -- keys, settings, languages --------------------------------------------

    @classmethod
    def key_variable(cls) -> str:
        return f"L10N_{cls.name.upper()}_API_KEY"

    def _key_from_environment(self) -> str | None:
        for variable in (self.key_variable(), *self.key_env_vars):
            value = os.environ.get(variable)
            if value:
                return value
        return None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}{' ' + self.url if self.url else ''}>"

    def cache_settings(self) -> dict[str, Any]:
        """Settings that change answers, without secrets: part of the cache key."""
        out = {name: self.settings.get(name) for name in self.output_settings}
        if self.url:
            out["url"] = _public_url(self.url)
        return out

    def language_code(self, tag: str, *, target: bool) -> str:
        """The engine's code for a BCP 47 tag; UsageError when it has none."""
        table = self.target_table if target else self.source_table
        if table is None:
            language, script, region = parse_tag(tag)
            return format_tag(language, script, region)
        code = table.lookup(tag)
        if code is None:
            shown = sorted(table.codes, key=str.casefold)
            listing = ", ".join(shown[:60]) + (", ..." if len(shown) > 60 else "")
            raise UsageError(
                f"the {self.name} engine cannot translate {'into' if target else 'from'} {tag!r}",
                f"it supports: {listing}",
            )
        return code

    @property
    def chunk_limit(self) -> int:
        limit = self.settings.get("char_limit")
        return min(int(limit), self.max_chars) if limit else self.max_chars

    # -- translation -------------------------------------------------------------

    def translate(self, text: str, source_lang: str, target_lang: str, **kwargs: Any) -> MTResult:
        """One text; see :meth:`translate_many`."""
        return self.translate_many([MTRequest(0, text)], source_lang, target_lang, **kwargs)[0]

    def translate_many(
        self,
        requests: Sequence[MTRequest],
        source_lang: str,
        target_lang: str,
        *,
        concurrency: int = 4,
        deadline: float | None = None,
        glossary_version: str = "",
        on_result: Callable[[MTResult], None] | None = None,
    ) -> list[MTResult]:
        """Translate ``requests``; one result per request, in order.

        ``deadline``: seconds for the whole call (None: each HTTP call is still
        bounded by the ``timeout`` setting); requests not done by then come back
        with an error. ``on_result`` is called in the caller's thread as each
        result arrives (cached ones first), so the caller can store it at once.
        """
        started = time.monotonic()
        end = started + deadline if deadline is not None else float("inf")
        source = self.language_code(source_lang, target=False)
        target = self.language_code(target_lang, target=True)
        if source == target and not self.same_language_ok:
            raise UsageError(
                f"{source_lang!r} and {target_lang!r} are the same language for the "
                f"{self.name} engine ({source!r})",
                "choose a target language that differs from the source",
            )
        results: list[MTResult | None] = [None] * len(requests)

        def deliver(index: int, result: MTResult) -> None:
            results[index] = result
            if on_result is not None:
                on_result(result)

        settings = self.cache_settings()
        units: dict[str, _Unit] = {}
        for index, request in enumerate(requests):
            masked = masking.mask(request.text, request.protect)
            if not masked.has_letters:
                # Nothing an engine could translate (numbers, codes, blank).
                deliver(index, MTResult(request.key, request.text, engine=self.name))
                continue
            key = cache_key(self.name, settings, source, target, masked.text, glossary_version)
            units.setdefault(key, _Unit(key, masked.text)).members.append((index, request, masked))

        pending: list[_Unit] = []
        for unit in units.values():
            hit = self.cache.get(unit.key) if self.cache is not None else None
            if hit is not None and implausibly_long(hit, unit.text):
                hit = None  # cached before answers were checked: ask again, replace it
            if hit is None:
                pending.append(unit)
            else:
                self._finish(unit, hit, None, True, deliver)
        if pending:
            self._prepare_glossary(pending, source, target)
            if self.runs_locally or concurrency <= 1 or len(pending) == 1:
                # No pool: nothing to overlap, and offline engines gain nothing from threads.
                self._run_in_caller(pending, source, target, end, deliver)
            else:
                self._run_in_pool(pending, source, target, end, concurrency, deliver)
        missing = [i for i, r in enumerate(results) if r is None]
        assert not missing, f"requests without a result: {missing}"
        return results  # type: ignore[return-value]  # no None left: asserted just above

    def _prepare_glossary(self, pending: list[_Unit], source: str, target: str) -> None:
        if not self.supports_glossary:
            return
        terms: dict[str, str] = {}
        for unit in pending:
            for _, request, _ in unit.members:
                for term, preferred in request.terms:
                    terms.setdefault(term, preferred)
        if not terms:
            return
        try:
            self.prepare(source, target, sorted(terms.items()))
        except Exception as exc:  # a glossary is an improvement, not a requirement
            log.warning("%s: glossary not used: %s", self.name, self._describe(exc))

    def _run_in_caller(
        self,
        pending: list[_Unit],
        source: str,
        target: str,
        end: float,
        deliver: Callable[[int, MTResult], None],
    ) -> None:
        cancel = threading.Event()
        for unit in pending:
            try:
                answer, error = self._translate_unit(unit, source, target, end, cancel), None
            except TranslationFailure as failure:
                answer, error = None, failure.reason
            except Exception as exc:  # a failed request must not end the run
                answer, error = None, self._describe(exc)
            self._finish(unit, answer, error, False, deliver)

    def _run_in_pool(
        self,
        pending: list[_Unit],
        source: str,
        target: str,
        end: float,
        concurrency: int,
        deliver: Callable[[int, MTResult], None],
    ) -> None:
        cancel = threading.Event()
        pool = ThreadPoolExecutor(
            max_workers=min(concurrency, len(pending)), thread_name_prefix=f"l10n-mt-{self.name}"
        )
        futures: dict[Future[str], _Unit] = {
            pool.submit(self._translate_unit, unit, source, target, end, cancel): unit
            for unit in pending
        }
        finished: set[Future[str]] = set()
        try:
            wait = None if end == float("inf") else max(0.0, end - time.monotonic())
            try:
                for future in as_completed(futures, timeout=wait):
                    finished.add(future)
                    try:
                        answer, error = future.result(), None
                    except TranslationFailure as failure:
                        answer, error = None, failure.reason
                    except Exception as exc:  # a failed request must not end the run
                        answer, error = None, self._describe(exc)
                    self._finish(futures[future], answer, error, False, deliver)
            except TimeoutError:
                for future, unit in futures.items():
                    if future not in finished:
                        self._finish(unit, None, "deadline exceeded", False, deliver)
        finally:
            # Workers stop at their next check; in-flight HTTP calls end by the deadline.
            cancel.set()
            pool.shutdown(wait=False, cancel_futures=True)

    def _finish(
        self,
        unit: _Unit,
        answer: str | None,
        error: str | None,
        cached: bool,
        deliver: Callable[[int, MTResult], None],
    ) -> None:
        stored = False
        for index, request, masked in unit.members:
            if answer is None:
                deliver(index, MTResult(request.key, None, error, cached, self.name))
                continue
            problem = masking.placeholder_problem(answer, masked)
            if problem:
                deliver(index, MTResult(request.key, None, problem, cached, self.name))
                continue
            text = masking.unmask(answer, masked)
            deliver(index, MTResult(request.key, text, None, cached, self.name))
            if not cached and not stored and self.cache is not None:
                self.cache.put(unit.key, answer)
                stored = True

    def _translate_unit(
        self, unit: _Unit, source: str, target: str, end: float, cancel: threading.Event
    ) -> str:
        """The validated masked answer for one unit (chunked when long)."""
        masked = unit.members[0][2]
        parts = []
        for chunk, separator in split_for_limit(unit.text, self.chunk_limit, self.text_length):
            parts.append(self._call(chunk, source, target, end, cancel).strip() + separator)
        answer = masking.canonical("".join(parts).strip())
        self._validate(answer, masked)
        return answer

    def _validate(self, answer: str, masked: masking.Masked) -> None:
        too_long = implausibly_long(answer, masked.text)
        if too_long:
            raise TranslationFailure(too_long, FailureKind.INVALID)
        if not answer.strip():
            raise TranslationFailure("engine returned an empty translation", FailureKind.INVALID)
        if masked.has_letters and _comparable(answer) == _comparable(masked.text):
            raise TranslationFailure("engine echoed the source text", FailureKind.INVALID)
        problem = masking.placeholder_problem(answer, masked)
        if problem:
            raise TranslationFailure(problem, FailureKind.INVALID)

    def _call(
        self, chunk: str, source: str, target: str, end: float, cancel: threading.Event
    ) -> str:
        """One chunk through the engine, with retries, backoff and the breaker."""
        retries = int(self.settings["retries"])
        timeout = float(self.settings["timeout"])
        for attempt in range(retries + 1):
            self.breaker.check()
            now = time.monotonic()
            if cancel.is_set() or now >= end:
                raise TranslationFailure("deadline exceeded", FailureKind.TRANSIENT)
            kind: FailureKind | None  # None: the answer is a translation
            with call_scope(min(now + timeout, end)) as scope:
                try:
                    answer = self.translate_text(chunk, source, target)
                    # Before anything reads the answer: a runaway one costs nothing more.
                    too_long = isinstance(answer, str) and implausibly_long(answer, chunk)
                    if too_long:
                        kind, reason = FailureKind.INVALID, too_long
                    else:
                        kind, reason = self._check_answer(answer)
                except Exception as exc:
                    kind, reason = self._classify(exc, scope, timeout)
            if kind is None:
                self.breaker.succeeded()
                return answer  # type: ignore[return-value]  # no kind: _check_answer saw a str
            if kind is FailureKind.RATE_LIMITED:
                self.breaker.rate_limited()
            elif kind is FailureKind.QUOTA:
                self.breaker.quota_exhausted()
            log.debug("%s: attempt %d failed: %s", self.name, attempt + 1, reason)
            if kind not in RETRIED or attempt == retries:
                raise TranslationFailure(reason, kind)
            delay = self._backoff(attempt, scope.retry_after)
            if time.monotonic() + delay >= end:
                raise TranslationFailure(reason, kind)
            if cancel.wait(delay):
                raise TranslationFailure("deadline exceeded", FailureKind.TRANSIENT)
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        base = float(self.settings["backoff"])
        cap = float(self.settings["backoff_max"])
        delay = min(cap, base * (2**attempt))
        delay = delay / 2 + random.uniform(0, delay / 2)  # jitter spreads concurrent retries
        if retry_after is not None:
            delay = max(delay, min(retry_after, cap))
        return delay

    def _check_answer(self, answer: object) -> tuple[FailureKind | None, str]:
        if answer is None:
            return FailureKind.INVALID, "engine returned no translation"
        if not isinstance(answer, str):
            return FailureKind.INVALID, f"engine returned {type(answer).__name__}, not text"
        for pattern, kind, reason in ANSWER_ERRORS:
            if pattern.search(answer):
                return kind, reason
        return None, ""

    def _classify(
        self, exc: BaseException, scope: CallScope, timeout: float
    ) -> tuple[FailureKind, str]:
        if isinstance(exc, TranslationFailure):
            return exc.kind, exc.reason
        specific = self.classify(exc, scope)
        if specific is not None:
            return specific
        transport = scope.transport_error
        if isinstance(transport, AnswerTooLarge):
            return FailureKind.INVALID, f"answer too large ({transport})"
        if isinstance(exc, requests.Timeout) or isinstance(transport, requests.Timeout):
            return FailureKind.TRANSIENT, f"no answer within {scope.deadline - scope.started:.1f} s"
        if isinstance(exc, requests.ConnectionError) or isinstance(
            transport, requests.ConnectionError
        ):
            return FailureKind.TRANSIENT, "connection to the engine failed"
        status = scope.status
        if status == 429 or type(exc).__name__ == "TooManyRequests":
            return FailureKind.RATE_LIMITED, "rate limited (HTTP 429)"
        if status in (401, 403):
            return FailureKind.AUTH, f"access refused (HTTP {status}): check the API key"
        if status is not None and status >= 500:
            return FailureKind.TRANSIENT, f"engine server error (HTTP {status})"
        if status is not None and 400 <= status < 500:
            return FailureKind.FAILED, f"request refused (HTTP {status})"
        if isinstance(transport, requests.RequestException):
            return FailureKind.TRANSIENT, "connection to the engine failed"
        return FailureKind.FAILED, self._describe(exc)

    def _describe(self, exc: BaseException) -> str:
        """A short, secret-free description of an unexpected exception."""
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        text = re.sub(r"\?\S*", "?...", text)  # query strings may carry keys and text
        if self._api_key:
            text = text.replace(self._api_key, "***")
        text = text[:160]
        return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _comparable(text: str) -> str:
    return re.sub(r"\s+", " ", masking.canonical(text)).strip().casefold()


def _public_url(url: str) -> str:
    """A URL without credentials or query, for cache keys and messages."""
    url = re.sub(r"//[^/@]*@", "//", url)
    return url.split("?", 1)[0]


SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?;:。！？…])\s+")
SPACE_RE = re.compile(r"\s+")


def _split_keep(text: str, pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    """Pieces of ``text`` with the separator that followed each."""
    out = []
    pos = 0
    for m in pattern.finditer(text):
        out.append((text[pos : m.start()], m.group()))
        pos = m.end()
    out.append((text[pos:], ""))
    return out


def _atoms(text: str, limit: int, length: Callable[[str], int]) -> Iterator[tuple[str, str]]:
    for sentence, sentence_sep in _split_keep(text, SENTENCE_BREAK_RE):
        if length(sentence) <= limit:
            yield sentence, sentence_sep
            continue
        words = _split_keep(sentence, SPACE_RE)
        words[-1] = (words[-1][0], sentence_sep)
        for word, word_sep in words:
            if length(word) <= limit:
                yield word, word_sep
                continue
            # A "word" longer than the limit (URL, CJK run): cut between characters,
            # never inside a placeholder.
            pieces = [m.group() for m in re.finditer(r"\[X\d+X\]|.", word, re.S)]
            current = ""
            for piece in pieces:
                if current and length(current + piece) > limit:
                    yield current, ""
                    current = ""
                current += piece
            yield current, word_sep


def split_for_limit(
    text: str, limit: int, length: Callable[[str], int] = len
) -> list[tuple[str, str]]:
    """Chunks of at most ``limit`` (by ``length``), cut at sentence ends, then spaces;
    each with the whitespace that followed it, so joining translations keeps layout."""
    if length(text) <= limit:
        return [(text, "")]
    chunks: list[tuple[str, str]] = []
    current, current_sep = "", ""
    for atom, sep in _atoms(text, limit, length):
        if current and length(current + current_sep + atom) > limit:
            chunks.append((current, current_sep))
            current = atom
        else:
            current = current + current_sep + atom if current else atom
        current_sep = sep
    chunks.append((current, current_sep))
    return [(chunk, sep) for chunk, sep in chunks if chunk]

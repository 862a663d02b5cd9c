"""The hardened engine base over deep-translator's real LibreTranslate client,
against a LibreTranslate-compatible server on 127.0.0.1."""

from __future__ import annotations

import threading
import time

import pytest

from l10n.errors import UsageError
from l10n.mt import MemoryCache, MTRequest, get_engine
from l10n.mt.base import Engine

FAST = {"timeout": 1.0, "retries": 2, "backoff": 0.01, "backoff_max": 0.05}


def libre(server, cache=None, api_key=None, **settings):
    return get_engine(
        "libre", url=server.url, api_key=api_key, settings={**FAST, **settings}, cache=cache
    )


def test_normal_answer_goes_through_deep_translator_libre_client(server):
    [result] = libre(server).translate_many([MTRequest("s1", "Hello world")], "en", "fr")
    assert (result.key, result.text, result.error, result.cached) == (
        "s1",
        "FR Hello world",
        None,
        False,
    )
    [request] = server.requests
    assert request["q"] == "Hello world"
    assert (request["source"], request["target"], request["format"]) == ("en", "fr", "text")
    assert "api_key" not in request  # a self-hosted server without keys


def test_key_is_sent_but_never_returned(server):
    server.default = "403"
    engine = libre(server, api_key="s3cret-key")
    [result] = engine.translate_many([MTRequest(1, "Hello")], "en", "fr")
    assert server.requests[0]["api_key"] == "s3cret-key"
    assert result.error == "access refused (HTTP 403): check the API key"
    assert "s3cret" not in repr(engine) + repr(result) + str(engine.cache_settings())


def test_inline_codes_and_protected_terms_survive(server):
    text = "  Read the ⟦1⟧IOM report⟦/1⟧ on ⟦2/⟧ now.\n"
    start = text.index("IOM")
    engine = libre(server)
    [result] = engine.translate_many([MTRequest(1, text, protect=[(start, start + 3)])], "en", "fr")
    # The engine saw placeholders only, never our tokens or the protected term.
    assert server.requests[0]["q"] == "Read the [X1X][X2X] report[X3X] on [X4X] now."
    assert result.text == "  FR Read the ⟦1⟧IOM report⟦/1⟧ on ⟦2/⟧ now.\n"


def test_spaces_added_inside_placeholders_are_tolerated(server):
    server.default = "spaces"
    [result] = libre(server).translate_many([MTRequest(1, "Press ⟦1/⟧ to save")], "en", "de")
    assert result.text == "DE Press ⟦1/⟧ to save"


def test_rate_limit_then_success_is_retried(server):
    server.behave("Hello", "429", "normal")
    [result] = libre(server).translate_many([MTRequest(1, "Hello")], "en", "fr")
    assert result.text == "FR Hello"
    assert server.count("Hello") == 2


def test_server_error_is_retried_then_recorded_as_failure(server):
    server.behave("Hello", "500")
    [result] = libre(server, retries=2).translate_many([MTRequest(1, "Hello")], "en", "fr")
    assert (result.text, result.error) == (None, "engine server error (HTTP 500)")
    assert server.count("Hello") == 3  # one try and two retries


def test_hung_request_fires_the_deadline(server):
    server.behave("Hello", "hang")
    started = time.monotonic()
    [result] = libre(server, timeout=0.5, retries=0).translate_many(
        [MTRequest(1, "Hello")], "en", "fr"
    )
    elapsed = time.monotonic() - started
    assert result.error == "no answer within 0.5 s"
    assert 0.4 < elapsed < 1.5


def test_overall_deadline_bounds_the_whole_call_despite_retries(server):
    server.default = "hang"
    started = time.monotonic()
    results = libre(server, timeout=5, retries=5).translate_many(
        [MTRequest(i, f"Sentence number {i}") for i in range(6)], "en", "fr", deadline=0.8
    )
    elapsed = time.monotonic() - started
    assert elapsed < 1.5
    assert [r.text for r in results] == [None] * 6
    assert all(r.error for r in results)


def test_slow_drip_answer_cannot_outlive_the_deadline(server):
    # Bytes keep coming faster than any read timeout, so only a wall-clock deadline ends it.
    server.behave("Hello", "drip")
    started = time.monotonic()
    [result] = libre(server, timeout=0.6, retries=0).translate_many(
        [MTRequest(1, "Hello")], "en", "fr"
    )
    assert result.error == "no answer within 0.6 s"
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    ("behaviour", "error"),
    [
        ("empty", "engine returned an empty translation"),
        ("echo", "engine echoed the source text"),
        ("drop", "engine lost placeholder for '⟦1/⟧'"),
        ("quota", "free quota used up (MyMemory)"),
    ],
)
def test_answers_that_are_not_translations_are_failures(server, behaviour, error):
    server.default = behaviour
    cache = MemoryCache()
    [result] = libre(server, cache=cache).translate_many(
        [MTRequest(1, "Click ⟦1/⟧ to continue")], "en", "fr"
    )
    assert (result.text, result.error) == (None, error)
    assert len(cache) == 0  # never stored as a translation


def test_quota_message_pauses_the_engine(server):
    server.default = "quota"
    engine = libre(server)
    results = engine.translate_many(
        [MTRequest(i, f"Sentence {i}") for i in range(5)], "en", "fr", concurrency=1
    )
    assert results[0].error == "free quota used up (MyMemory)"
    assert all(r.error.startswith("engine paused after a quota message") for r in results[1:])
    assert server.count() == 1


def test_repeated_rate_limits_pause_the_engine(server):
    server.default = "429"
    engine = libre(server, retries=10, breaker_threshold=3, breaker_cooldown=30)
    results = engine.translate_many(
        [MTRequest(i, f"Sentence {i}") for i in range(10)], "en", "fr", concurrency=1
    )
    assert server.count() == 3
    assert all(r.error for r in results)
    assert results[-1].error.startswith("engine paused after 3 rate limits in a row")
    assert engine.breaker.paused


def test_repeated_segments_cost_one_request_and_a_second_run_costs_none(server):
    cache = MemoryCache()
    texts = ["Good morning.", "Thank you.", "Good morning.", "  Good morning. ", "Thank you."]
    requests = [MTRequest(i, t) for i, t in enumerate(texts)]
    first = libre(server, cache=cache).translate_many(requests, "en", "es")
    assert server.count() == 2
    assert [r.text for r in first] == [
        "ES Good morning.",
        "ES Thank you.",
        "ES Good morning.",
        "  ES Good morning. ",
        "ES Thank you.",
    ]
    second = libre(server, cache=cache).translate_many(requests, "en", "es")
    assert server.count() == 2  # nothing sent
    assert [r.text for r in second] == [r.text for r in first]
    assert all(r.cached for r in second)


def test_cache_is_keyed_by_language_pair_and_glossary_version(server):
    cache = MemoryCache()
    engine = libre(server, cache=cache)
    engine.translate_many([MTRequest(1, "Hello")], "en", "fr")
    engine.translate_many([MTRequest(1, "Hello")], "en", "es")
    engine.translate_many([MTRequest(1, "Hello")], "en", "fr", glossary_version="v2")
    engine.translate_many([MTRequest(1, "Hello")], "en", "fr", glossary_version="v2")
    assert server.count() == 3


def test_requests_run_concurrently(server):
    server.latency = 0.2
    try:
        started = time.monotonic()
        results = libre(server).translate_many(
            [MTRequest(i, f"Sentence {i}") for i in range(8)], "en", "fr", concurrency=8
        )
        elapsed = time.monotonic() - started
    finally:
        server.latency = 0.0
    assert all(r.ok for r in results)
    assert elapsed < 0.8  # sequential would take 1.6 s


def test_results_arrive_in_the_callers_thread_as_they_finish(server):
    seen = []
    caller = threading.get_ident()
    results = libre(server).translate_many(
        [MTRequest(i, f"Sentence {i}") for i in range(6)],
        "en",
        "fr",
        on_result=lambda r: seen.append((r.key, threading.get_ident())),
    )
    assert sorted(key for key, _ in seen) == list(range(6))
    assert {ident for _, ident in seen} == {caller}
    assert [r.key for r in results] == list(range(6))


def test_interrupted_call_keeps_delivered_results_and_stops_sending(server):
    server.latency = 0.05
    delivered = []

    def store(result):
        delivered.append(result.key)
        if len(delivered) == 3:
            raise KeyboardInterrupt

    try:
        with pytest.raises(KeyboardInterrupt):
            libre(server).translate_many(
                [MTRequest(i, f"Sentence {i}") for i in range(40)],
                "en",
                "fr",
                concurrency=2,
                on_result=store,
            )
        time.sleep(0.2)
    finally:
        server.latency = 0.0
    assert len(delivered) == 3
    assert server.count() < 10  # queued requests were cancelled


def test_long_text_is_chunked_under_the_limit_and_joined(server):
    text = "This is the first sentence. " * 5 + "And a final one."
    engine = libre(server, char_limit=60)
    [result] = engine.translate_many([MTRequest(1, text)], "en", "fr")
    assert server.count() > 1
    assert all(len(r["q"]) <= 60 for r in server.requests)
    assert result.text.replace("FR ", "") == text


def test_language_codes_mapped_for_libretranslate(server):
    engine = libre(server)
    engine.translate_many([MTRequest(1, "Hello")], "en-US", "zh-Hans")
    engine.translate_many([MTRequest(1, "Hello")], "en", "pt-BR")
    assert [(r["source"], r["target"]) for r in server.requests] == [
        ("en", "zh"),
        ("en", "pt-BR"),
    ]


def test_unsupported_language_is_refused_up_front(server):
    with pytest.raises(UsageError) as info:
        libre(server).translate_many([MTRequest(1, "Hello")], "en", "kl")
    assert str(info.value).startswith(
        "the libre engine cannot translate into 'kl'. it supports: ar, az, bg, bn,"
    )
    assert server.count() == 0


def test_same_language_is_refused(server):
    with pytest.raises(UsageError, match="same language"):
        libre(server).translate_many([MTRequest(1, "Hello")], "en-US", "en-GB")


def test_libre_needs_a_url():
    with pytest.raises(UsageError) as info:
        get_engine("libre")
    assert str(info.value) == (
        "the libre engine needs the URL of its server. "
        "pass --url (for example --url http://localhost:5000/) or set url in l10n.toml."
    )


def test_url_without_trailing_slash_is_fixed(server):
    engine = get_engine("libre", url=server.url.rstrip("/"), settings=FAST)
    assert engine.translate("Hello", "en", "fr").text == "FR Hello"


class _Runaway(Engine):
    """An engine whose server answers with megabytes for a sentence (a broken proxy, a
    runaway model): the base must refuse it before caching or restoring placeholders."""

    name = "runaway"
    runs_locally = True
    calls = 0

    def translate_text(self, text: str, source: str, target: str) -> str:
        type(self).calls += 1
        return "A" * 10_000_000 if "huge" in text else f"FR {text}"


def test_implausibly_long_answer_is_refused_quickly_and_never_cached():
    cache = MemoryCache()
    engine = _Runaway(settings=FAST, cache=cache)
    started = time.monotonic()
    huge, normal = engine.translate_many(
        [MTRequest(1, "A huge ⟦1/⟧ answer."), MTRequest(2, "A short one.")], "en", "fr"
    )
    assert time.monotonic() - started < 1.0
    assert huge.text is None
    # The length of what the engine was sent (placeholders in the engine's form).
    assert huge.error.startswith("implausibly long answer (10,000,000 characters for ")
    assert normal.text == "FR A short one."
    assert len(cache) == 1 and _Runaway.calls == 2  # an invalid answer is not retried


def test_a_long_answer_cached_earlier_is_asked_again():
    """A cache filled before answers were checked does not fail every later run."""

    class KeyedCache(MemoryCache):
        keys: list[str] = []

        def put(self, key: str, value: str) -> None:
            self.keys.append(key)
            super().put(key, value)

    cache = KeyedCache()
    engine = _Runaway(settings=FAST, cache=cache)
    engine.translate_many([MTRequest(1, "Short text.")], "en", "fr")
    [key] = cache.keys
    cache.put(key, "B" * 50_000)  # what an older version stored
    [again] = engine.translate_many([MTRequest(1, "Short text.")], "en", "fr")
    assert (again.text, again.cached) == ("FR Short text.", False)
    assert cache.get(key) == "FR Short text."

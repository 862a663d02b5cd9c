"""What every machine translation engine promises; each engine adds a short subclass.

Network engines run their real deep-translator (or SDK) code path against the
loopback server; DeepL runs against a stand-in for its SDK.
"""

from __future__ import annotations

import sys

import pytest

from l10n.errors import UsageError
from l10n.mt import ENGINE_NAMES, ENGINES, Engine, MemoryCache, MTRequest, get_engine

try:
    from tests.test_mt_deepl import fake_deepl_module
except ImportError:
    from test_mt_deepl import fake_deepl_module

FAST = {"timeout": 1.0, "retries": 1, "backoff": 0.01, "backoff_max": 0.02}


def count_calls(engine: Engine) -> list[str]:
    """Record every text the engine is asked to translate (one entry per request sent)."""
    calls: list[str] = []
    original = engine.translate_text

    def counting(text, source, target):
        calls.append(text)
        return original(text, source, target)

    engine.translate_text = counting  # type: ignore[method-assign]
    return calls


class EngineContract:
    name = ""

    def make(self, server, cache=None, **settings) -> Engine:
        raise NotImplementedError

    @pytest.fixture
    def engine(self, server):
        return self.make(server)

    def test_registered_under_its_name(self, engine):
        assert self.name in ENGINE_NAMES
        assert type(engine) is ENGINES[self.name]
        assert engine.description

    def test_translates_keeping_codes_and_outer_whitespace(self, engine):
        text = " Open the ⟦1⟧settings⟦/1⟧ and press ⟦2/⟧.\n"
        [result] = engine.translate_many([MTRequest("k", text)], "en", "fr")
        assert result.error is None
        assert (result.key, result.engine, result.cached) == ("k", self.name, False)
        assert result.text != text
        assert result.text.startswith(" ") and result.text.endswith("\n")
        assert "⟦1⟧" in result.text and "⟦/1⟧" in result.text and "⟦2/⟧" in result.text
        assert result.text.index("⟦1⟧") < result.text.index("⟦/1⟧")

    def test_protected_terms_come_back_verbatim(self, engine):
        text = "The UNHCR office is open."
        start = text.index("UNHCR")
        [result] = engine.translate_many(
            [MTRequest(1, text, protect=[(start, start + 5)])], "en", "fr"
        )
        assert result.ok and "UNHCR" in result.text

    def test_duplicates_sent_once_and_cache_reused(self, server):
        cache = MemoryCache()
        engine = self.make(server, cache=cache)
        calls = count_calls(engine)
        requests = [MTRequest(i, t) for i, t in enumerate(["Hello.", "Bye.", "Hello."])]
        first = engine.translate_many(requests, "en", "de")
        assert sorted(calls) == ["Bye.", "Hello."]
        again = self.make(server, cache=cache)
        again_calls = count_calls(again)
        second = again.translate_many(requests, "en", "de")
        assert again_calls == []
        assert [r.text for r in second] == [r.text for r in first]
        assert all(r.cached for r in second)

    def test_failures_are_results_not_exceptions(self, engine):
        def broken(text, source, target):
            raise RuntimeError("boom")

        engine.translate_text = broken  # type: ignore[method-assign]
        results = engine.translate_many([MTRequest(1, "Hello"), MTRequest(2, "Bye")], "en", "fr")
        assert [(r.text, r.error) for r in results] == [
            (None, "RuntimeError: boom"),
            (None, "RuntimeError: boom"),
        ]

    def test_unsupported_language_is_a_usage_error(self, engine):
        with pytest.raises(UsageError, match=f"the {self.name} engine cannot translate"):
            engine.translate_many([MTRequest(1, "Hello")], "en", "vo")


class TestPseudo(EngineContract):
    name = "pseudo"

    def make(self, server, cache=None, **settings):
        return get_engine("pseudo", cache=cache, settings=settings)

    def test_unsupported_language_is_a_usage_error(self, engine):
        pytest.skip("pseudo-localisation accepts every language")


class TestLibre(EngineContract):
    name = "libre"

    def make(self, server, cache=None, **settings):
        return get_engine("libre", url=server.url, cache=cache, settings={**FAST, **settings})


class TestGoogle(EngineContract):
    name = "google"

    def make(self, server, cache=None, **settings):
        url = server.url + "m"
        return get_engine("google", url=url, cache=cache, settings={**FAST, **settings})


class TestMyMemory(EngineContract):
    name = "mymemory"

    def make(self, server, cache=None, **settings):
        url = server.url + "get"
        return get_engine("mymemory", url=url, cache=cache, settings={**FAST, **settings})


class TestMicrosoft(EngineContract):
    name = "microsoft"

    def make(self, server, cache=None, **settings):
        url = server.url + "translate?api-version=3.0"
        return get_engine(
            "microsoft", url=url, api_key="k", cache=cache, settings={**FAST, **settings}
        )


class TestDeepL(EngineContract):
    name = "deepl"

    @pytest.fixture(autouse=True)
    def fake_sdk(self, monkeypatch):
        monkeypatch.setitem(sys.modules, "deepl", fake_deepl_module())

    def make(self, server, cache=None, **settings):
        return get_engine("deepl", api_key="k", cache=cache, settings={**FAST, **settings})


def test_every_registered_engine_has_a_contract_subclass():
    covered = {cls.name for cls in EngineContract.__subclasses__()}
    assert covered == set(ENGINE_NAMES)


def test_unknown_engine_lists_the_names():
    with pytest.raises(UsageError) as info:
        get_engine("babelfish")
    assert str(info.value) == (
        "unknown machine translation engine 'babelfish'. "
        "choose one of: google, mymemory, libre, microsoft, deepl, pseudo."
    )


def test_default_engine_is_pseudo():
    assert get_engine(None).name == "pseudo"
    assert get_engine("").name == "pseudo"


def test_unknown_setting_is_refused():
    with pytest.raises(UsageError, match="unknown setting 'timeuot' for the pseudo engine"):
        get_engine("pseudo", settings={"timeuot": 3})


def test_keys_come_from_the_environment(monkeypatch, server):
    monkeypatch.setenv("L10N_LIBRE_API_KEY", "from-env")
    engine = get_engine("libre", url=server.url, settings=FAST)
    engine.translate("Hello", "en", "fr")
    assert server.requests[-1]["api_key"] == "from-env"
    assert "from-env" not in repr(engine)


def test_microsoft_without_key_explains_where_to_put_it(monkeypatch):
    monkeypatch.delenv("L10N_MICROSOFT_API_KEY", raising=False)
    monkeypatch.delenv("MICROSOFT_API_KEY", raising=False)
    with pytest.raises(Exception) as info:
        get_engine("microsoft")
    assert str(info.value) == (
        "the microsoft engine needs an API key. "
        "set L10N_MICROSOFT_API_KEY in the environment or api_key in l10n.toml."
    )


def test_url_and_key_may_come_with_the_settings(server):
    engine = get_engine("libre", settings={**FAST, "url": server.url, "api_key": "toml-key"})
    assert engine.translate("Hello", "en", "fr").text == "FR Hello"
    assert server.requests[-1]["api_key"] == "toml-key"
    assert "toml-key" not in str(engine.settings) + str(engine.cache_settings())

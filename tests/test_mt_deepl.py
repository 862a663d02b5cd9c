"""The DeepL engine over a stand-in for the official SDK (no network, no key)."""

from __future__ import annotations

import sys
import types
from collections import deque

import pytest

from l10n.errors import EngineError
from l10n.mt import MTRequest, get_engine

FAST = {"timeout": 1.0, "retries": 2, "backoff": 0.01, "backoff_max": 0.02}


def fake_deepl_module() -> types.ModuleType:
    """Just enough of the ``deepl`` package: Translator, glossaries, exceptions."""
    sdk = types.ModuleType("deepl")

    class DeepLException(Exception):
        pass

    class TooManyRequestsException(DeepLException):
        pass

    class QuotaExceededException(DeepLException):
        pass

    class AuthorizationException(DeepLException):
        pass

    class ConnectionException(DeepLException):
        pass

    class TextResult:
        def __init__(self, text):
            self.text = text

    class GlossaryInfo:
        def __init__(self, glossary_id, entries):
            self.glossary_id = glossary_id
            self.entries = entries

    class Translator:
        def __init__(self, auth_key, *, server_url=None, send_platform_info=True):
            sdk.translators.append(self)
            self.auth_key = auth_key
            self.server_url = server_url

        def create_glossary(self, name, source_lang, target_lang, entries):
            sdk.glossaries.append((name, source_lang, target_lang, dict(entries)))
            return GlossaryInfo(f"g{len(sdk.glossaries)}", dict(entries))

        def translate_text(self, text, *, source_lang, target_lang, glossary=None, **options):
            sdk.calls.append((text, source_lang, target_lang, glossary, options))
            script = sdk.script.get(text)
            if script:
                step = script.popleft() if len(script) > 1 else script[0]
                if isinstance(step, type):
                    raise step("scripted failure")
            out = text
            if glossary is not None:
                for term, preferred in glossary.entries.items():
                    out = out.replace(term, preferred)
            return TextResult(f"{target_lang} {out}")

    for cls in (
        DeepLException,
        TooManyRequestsException,
        QuotaExceededException,
        AuthorizationException,
        ConnectionException,
        TextResult,
        GlossaryInfo,
        Translator,
    ):
        setattr(sdk, cls.__name__, cls)
    sdk.http_client = types.SimpleNamespace(max_network_retries=5, min_connection_timeout=10.0)
    sdk.translators, sdk.glossaries, sdk.calls, sdk.script = [], [], [], {}
    return sdk


@pytest.fixture
def sdk(monkeypatch):
    module = fake_deepl_module()
    monkeypatch.setitem(sys.modules, "deepl", module)
    return module


def deepl(**settings):
    return get_engine("deepl", api_key="secret-key", settings={**FAST, **settings})


def test_missing_sdk_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "deepl", None)  # makes "import deepl" fail
    with pytest.raises(EngineError) as info:
        get_engine("deepl", api_key="k")
    assert str(info.value) == (
        "the deepl engine needs the DeepL SDK, which is not installed. "
        "install it with: pip install 'l10n[deepl]'."
    )
    assert isinstance(info.value.__cause__, ImportError)


def test_key_from_deepl_auth_key(sdk, monkeypatch):
    monkeypatch.delenv("L10N_DEEPL_API_KEY", raising=False)
    monkeypatch.setenv("DEEPL_AUTH_KEY", "env-key")
    get_engine("deepl")
    assert sdk.translators[-1].auth_key == "env-key"


def test_sdk_retries_are_left_to_the_base(sdk):
    deepl(timeout=2.5)
    assert sdk.http_client.max_network_retries == 0
    assert sdk.http_client.min_connection_timeout == 2.5


def test_glossary_terms_become_one_deepl_glossary(sdk):
    engine = deepl()
    requests = [
        MTRequest(1, "The migrant worker.", terms=[("migrant worker", "travailleur migrant")]),
        MTRequest(2, "A return programme.", terms=[("return", "retour")]),
    ]
    results = engine.translate_many(requests, "en", "fr")
    assert sdk.glossaries == [
        (
            sdk.glossaries[0][0],
            "EN",
            "FR",
            {"migrant worker": "travailleur migrant", "return": "retour"},
        )
    ]
    assert [r.text for r in results] == ["FR The travailleur migrant.", "FR A retour programme."]
    assert all(call[3] is not None for call in sdk.calls)
    # The same terms again: the glossary is reused, not created twice.
    again = [MTRequest(3, "Another return.", terms=[("return", "retour")])]
    engine.translate_many(again, "en", "fr")
    engine.translate_many(requests, "en", "fr", glossary_version="2")
    assert len(sdk.glossaries) == 2  # one per distinct term set


def test_language_codes_for_deepl(sdk):
    engine = deepl()
    engine.translate_many([MTRequest(1, "Hello")], "en-GB", "pt")
    engine.translate_many([MTRequest(1, "Hello")], "en", "zh-Hant")
    engine.translate_many([MTRequest(1, "Hello")], "fr", "en")
    pairs = [(c[1], c[2]) for c in sdk.calls]
    assert pairs == [("EN", "PT-BR"), ("EN", "ZH-HANT"), ("FR", "EN-US")]


def test_rate_limit_is_retried(sdk):
    sdk.script["Hello"] = deque([sdk.TooManyRequestsException, "ok"])
    [result] = deepl().translate_many([MTRequest(1, "Hello")], "en", "de")
    assert result.text == "DE Hello"
    assert len(sdk.calls) == 2


def test_quota_pauses_the_engine(sdk):
    sdk.script["One"] = deque([sdk.QuotaExceededException])
    engine = deepl()
    results = engine.translate_many(
        [MTRequest(1, "One"), MTRequest(2, "Two")], "en", "de", concurrency=1
    )
    assert results[0].error == "DeepL quota used up"
    assert results[1].error.startswith("engine paused after a quota message")
    assert len(sdk.calls) == 1


def test_refused_key_is_reported_without_the_key(sdk):
    sdk.script["Hello"] = deque([sdk.AuthorizationException])
    [result] = deepl().translate_many([MTRequest(1, "Hello")], "en", "de")
    assert result.error == "DeepL refused the key: check DEEPL_AUTH_KEY"
    assert len(sdk.calls) == 1  # not retried


def test_formality_is_part_of_the_cache_key(sdk):
    assert deepl(formality="less").cache_settings() == {"formality": "less", "model_type": None}

"""BCP 47 tags onto each engine's own case-sensitive codes."""

from __future__ import annotations

import sys

import pytest

from l10n.errors import UsageError
from l10n.mt import ENGINES
from l10n.mt.languages import candidates, parse_tag

try:
    from tests.test_mt_deepl import fake_deepl_module
except ImportError:
    from test_mt_deepl import fake_deepl_module


def code(engine: str, tag: str, target: bool = True) -> str:
    return ENGINES[engine].language_code(
        ENGINES[engine].__new__(ENGINES[engine]), tag, target=target
    )


@pytest.mark.parametrize(
    ("tag", "google", "libre", "mymemory", "microsoft"),
    [
        ("fr", "fr", "fr", "fr-FR", "fr"),
        ("fr-CA", "fr", "fr", "fr-CA", "fr-CA"),
        ("pt-BR", "pt", "pt-BR", "pt-BR", "pt"),
        ("pt-PT", "pt", "pt", "pt-PT", "pt-PT"),
        ("ar", "ar", "ar", "ar-EG", "ar"),
        ("es-419", "es", "es", "es-419", "es"),
        ("zh-Hans", "zh-CN", "zh", "zh-CN", "zh-Hans"),
        ("zh-Hant", "zh-TW", "zh-Hant", "zh-TW", "zh-Hant"),
        ("zh-TW", "zh-TW", "zh-Hant", "zh-TW", "zh-Hant"),
        ("zh", "zh-CN", "zh", "zh-CN", "zh-Hans"),
        ("he", "iw", "he", "he-IL", "he"),
        ("nb", "no", "nb", "nb-NO", "nb"),
        ("en", "en", "en", "en-US", "en"),
        ("EN_gb", "en", "en", "en-GB", "en"),
    ],
)
def test_engine_codes(tag, google, libre, mymemory, microsoft):
    assert code("google", tag) == google
    assert code("libre", tag) == libre
    assert code("mymemory", tag) == mymemory
    assert code("microsoft", tag) == microsoft


def test_deepl_codes_differ_for_source_and_target(monkeypatch):
    monkeypatch.setitem(sys.modules, "deepl", fake_deepl_module())
    assert code("deepl", "en", target=False) == "EN"
    assert code("deepl", "en") == "EN-US"
    assert code("deepl", "en-GB") == "EN-GB"
    assert code("deepl", "pt") == "PT-BR"
    assert code("deepl", "pt-PT") == "PT-PT"
    assert code("deepl", "zh-Hans") == "ZH-HANS"
    assert code("deepl", "pt-BR", target=False) == "PT"


def test_a_script_change_is_refused_rather_than_guessed():
    # Google only has Cyrillic "sr": Latin-script Serbian must not silently become Cyrillic.
    with pytest.raises(UsageError, match="the google engine cannot translate into 'sr-Latn'"):
        code("google", "sr-Latn")
    assert code("mymemory", "sr-Latn") == "sr-Latn-RS"
    assert code("google", "sr") == "sr"


def test_self_hosted_libre_languages_setting():
    from l10n.mt import get_engine

    engine = get_engine("libre", url="http://127.0.0.1:9/", settings={"languages": "en, fr, kab"})
    assert engine.language_code("kab", target=True) == "kab"
    with pytest.raises(UsageError, match="it supports: en, fr, kab"):
        engine.language_code("de", target=True)


def test_candidates_go_from_specific_to_general():
    assert candidates("zh-TW") == ["zh-TW", "zh-Hant-TW", "zh-Hant", "zh"]
    assert candidates("fr") == ["fr", "fr-Latn-FR", "fr-Latn", "fr-FR"]


def test_bad_tag():
    with pytest.raises(UsageError, match="'1x' is not a language tag"):
        parse_tag("1x")

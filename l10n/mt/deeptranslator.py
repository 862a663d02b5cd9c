"""Engines reached through deep-translator: Google, MyMemory, LibreTranslate, Microsoft.

Every HTTP call goes through deep-translator's own classes, with the
``requests`` they use replaced by the timed transport (see ``transport``). A
fresh translator object is built per call: deep-translator keeps per-call state
on the instance (Google's URL parameters), so one shared object is not
thread-safe, and building one costs nothing once Microsoft's language list is
known.
"""

from __future__ import annotations

import os
from typing import Any

from deep_translator.constants import (  # type: ignore[import-untyped]
    GOOGLE_LANGUAGES_TO_CODES,
    MY_MEMORY_LANGUAGES_TO_CODES,
)
from deep_translator.exceptions import (  # type: ignore[import-untyped]
    LanguageNotSupportedException,
)

from l10n.mt import transport
from l10n.mt.base import Engine, FailureKind, TranslationFailure
from l10n.mt.languages import LanguageTable
from l10n.mt.transport import CallScope

# LibreTranslate's own codes (its /languages endpoint); a self-hosted server with
# other models can list its codes in the ``languages`` setting.
LIBRE_CODES = (
    "ar az bg bn ca cs da de el en eo es et eu fa fi fr ga gl he hi hu id it ja ko lt lv ms nb "
    "nl pl pt pt-BR ro ru sk sl sq sr sv th tl tr uk ur vi zh zh-Hant"
).split()
LIBRE_ALIASES = {"zt": "zh-Hant", "pb": "pt-BR", "no": "nb", "fil": "tl", "iw": "he"}

# Microsoft Translator v3 codes (its /languages?scope=translation list).
MICROSOFT_CODES = (
    "af am ar as az ba bg bho bn bo brx bs ca cs cy da de doi dsb dv el en es et eu fa fi fil "
    "fj fo fr fr-CA ga gl gom gu ha he hi hne hr hsb ht hu hy id ig ikt is it iu iu-Latn ja ka "
    "kk km kmr kn ko ks ku ky ln lo lt lug lv lzh mai mg mi mk ml mn-Cyrl mn-Mong mni mr ms mt "
    "mww my nb ne nl nso nya or otq pa pl prs ps pt pt-PT ro ru run rw sd si sk sl sm sn so sq "
    "sr-Cyrl sr-Latn st sv sw ta te th ti tk tlh-Latn tn to tr tt ty ug uk ur uz vi xh yo yua "
    "yue zh-Hans zh-Hant zu"
).split()
MICROSOFT_ALIASES = {"zh": "zh-Hans", "zh-CN": "zh-Hans", "zh-TW": "zh-Hant", "no": "nb"}


class DeepTranslatorEngine(Engine):
    """Shared plumbing: the timed transport and language-code handling."""

    module = ""  # deep-translator module whose HTTP calls get deadlines

    def setup(self) -> None:
        transport.install(self.module)

    def build(self, translator_class: type, source: str, target: str, **kwargs: Any) -> Any:
        """A deep-translator object for one call. Our tables can be wider than
        deep-translator's (LibreTranslate servers with more models): codes it does
        not list are set after construction."""
        try:
            return translator_class(source=source, target=target, **kwargs)
        except LanguageNotSupportedException:
            translator = translator_class(**kwargs)
            translator.source, translator.target = source, target
            return translator

    def classify(self, exc: BaseException, scope: CallScope) -> tuple[FailureKind, str] | None:
        if type(exc).__name__ in ("TranslationNotFound", "StopIteration") and scope.status == 200:
            return FailureKind.INVALID, "engine returned no translation"
        return None


class GoogleEngine(DeepTranslatorEngine):
    name = "google"
    description = "Google Translate's free web endpoint (deep-translator)"
    module = "deep_translator.google"
    max_chars = 4999  # deep-translator refuses 5000 and more
    source_table = target_table = LanguageTable(
        GOOGLE_LANGUAGES_TO_CODES.values(),
        {"he": "iw", "nb": "no", "fil": "tl", "jv": "jw", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW"},
    )

    def translate_text(self, text: str, source: str, target: str) -> str | None:
        from deep_translator import GoogleTranslator  # type: ignore[import-untyped]

        translator = self.build(GoogleTranslator, source, target)
        if self.url:
            translator._base_url = self.url
        return translator.translate(text)


class MyMemoryEngine(DeepTranslatorEngine):
    name = "mymemory"
    description = "MyMemory translation memory and MT (deep-translator)"
    module = "deep_translator.mymemory"
    max_chars = 499  # bytes: MyMemory counts UTF-8 bytes, deep-translator refuses 500 chars
    engine_settings = {"email": None}  # a contact address raises the free daily quota
    source_table = target_table = LanguageTable(MY_MEMORY_LANGUAGES_TO_CODES.values())

    def setup(self) -> None:
        super().setup()
        self.email = self.settings.get("email") or os.environ.get("L10N_MYMEMORY_EMAIL") or None

    def text_length(self, text: str) -> int:
        return len(text.encode("utf-8"))

    def translate_text(self, text: str, source: str, target: str) -> str | None:
        from deep_translator import MyMemoryTranslator  # type: ignore[import-untyped]

        extra = {"email": self.email} if self.email else {}
        translator = self.build(MyMemoryTranslator, source, target, **extra)
        if self.url:
            translator._base_url = self.url
        return translator.translate(text)


class LibreEngine(DeepTranslatorEngine):
    name = "libre"
    description = "a LibreTranslate server, usually self-hosted (--url)"
    module = "deep_translator.libre"
    needs_url = True
    key_env_vars = ("LIBRE_API_KEY",)
    max_chars = 2000  # LibreTranslate's usual char_limit; raise with char_limit on own servers
    engine_settings = {"languages": None}
    source_table = target_table = LanguageTable(LIBRE_CODES, LIBRE_ALIASES)

    def setup(self) -> None:
        super().setup()
        assert self.url is not None
        if not self.url.endswith("/"):
            self.url += "/"  # deep-translator appends "translate" to it
        if not self.url.startswith(("http://", "https://")):
            from l10n.errors import UsageError

            raise UsageError(f"{self.url!r} is not an http(s) URL", "pass --url http://host:port/")
        languages = self.settings.get("languages")
        if languages:
            if isinstance(languages, str):
                languages = languages.replace(",", " ").split()
            self.source_table = self.target_table = LanguageTable(languages, LIBRE_ALIASES)

    def translate_text(self, text: str, source: str, target: str) -> str | None:
        from deep_translator import LibreTranslator  # type: ignore[import-untyped]

        # deep-translator insists on a key even for servers that need none.
        translator = self.build(
            LibreTranslator,
            source,
            target,
            api_key=self._api_key or "unused",
            custom_url=self.url,
        )
        translator.api_key = self._api_key  # None: no api_key parameter is sent
        return translator.translate(text)


class MicrosoftEngine(DeepTranslatorEngine):
    name = "microsoft"
    description = "Microsoft Translator (Azure key; region setting for regional resources)"
    module = "deep_translator.microsoft"
    needs_key = True
    key_env_vars = ("MICROSOFT_API_KEY",)
    max_chars = 10000
    engine_settings = {"region": None}
    source_table = target_table = LanguageTable(MICROSOFT_CODES, MICROSOFT_ALIASES)

    def translate_text(self, text: str, source: str, target: str) -> str | None:
        translator = self.build(
            _offline_microsoft_class(),
            source,
            target,
            api_key=self._api_key,
            region=self.settings.get("region"),
        )
        if self.url:
            translator._base_url = self.url
        return translator.translate(text)


_MICROSOFT_CLASS: type | None = None


def _offline_microsoft_class() -> type:
    """deep-translator's Microsoft class without its constructor's network call
    (an untimed download of the language list on every construction)."""
    global _MICROSOFT_CLASS
    if _MICROSOFT_CLASS is None:
        from deep_translator.microsoft import (  # type: ignore[import-untyped]
            MicrosoftTranslator,
        )

        class OfflineMicrosoftTranslator(MicrosoftTranslator):
            def _get_supported_languages(self) -> dict[str, str]:
                return {code.lower(): code for code in MICROSOFT_CODES}

        _MICROSOFT_CLASS = OfflineMicrosoftTranslator
    return _MICROSOFT_CLASS


__all__ = [
    "GoogleEngine",
    "LibreEngine",
    "MicrosoftEngine",
    "MyMemoryEngine",
    "TranslationFailure",
]

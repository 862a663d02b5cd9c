"""DeepL through the official ``deepl`` SDK (optional extra ``l10n[deepl]``).

Chosen over deep-translator's DeepL class for glossaries: the glossary's
preferred terms are sent as a DeepL glossary, so DeepL itself inflects and
places them instead of us patching words into its output.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from typing import Any

from l10n.errors import EngineError
from l10n.mt.base import Engine, FailureKind
from l10n.mt.languages import LanguageTable
from l10n.mt.transport import CallScope

SOURCE_CODES = (
    "AR BG CS DA DE EL EN ES ET FI FR HE HU ID IT JA KO LT LV NB NL PL PT RO RU SK SL SV TH TR "
    "UK VI ZH"
).split()
TARGET_CODES = (
    "AR BG CS DA DE EL EN-GB EN-US ES ES-419 ET FI FR HE HU ID IT JA KO LT LV NB NL PL PT-BR "
    "PT-PT RO RU SK SL SV TH TR UK VI ZH ZH-HANS ZH-HANT"
).split()
ALIASES = {"no": "NB"}
_BREAKS = set("\t\n\r")  # DeepL glossary entries cannot hold them


def load_sdk() -> Any:
    try:
        import deepl  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise EngineError(
            "the deepl engine needs the DeepL SDK, which is not installed",
            "install it with: pip install 'l10n[deepl]'",
        ) from exc
    return deepl


class DeepLEngine(Engine):
    name = "deepl"
    description = "DeepL API (official SDK), with DeepL glossaries for preferred terms"
    needs_key = True
    key_env_vars = ("DEEPL_AUTH_KEY", "DEEPL_API_KEY")
    max_chars = 30_000  # well under DeepL's 128 KiB request limit
    supports_glossary = True
    engine_settings = {"formality": None, "model_type": None}
    output_settings = ("formality", "model_type")
    source_table = LanguageTable(SOURCE_CODES, ALIASES)
    target_table = LanguageTable(TARGET_CODES, ALIASES)

    def setup(self) -> None:
        self.sdk = load_sdk()
        # Our base retries with backoff and enforces deadlines; the SDK's own
        # retries would multiply both.
        http_client = getattr(self.sdk, "http_client", None)
        if http_client is not None:
            http_client.max_network_retries = 0
            http_client.min_connection_timeout = float(self.settings["timeout"])
        try:
            self.translator = self.sdk.Translator(
                self._api_key, server_url=self.url or None, send_platform_info=False
            )
        except Exception as exc:
            raise EngineError(
                f"cannot set up the DeepL client: {self._describe(exc)}",
                "check DEEPL_AUTH_KEY and --url",
            ) from exc
        self._glossaries: dict[tuple[str, str], Any] = {}
        self._glossary_lock = threading.Lock()
        self._current: dict[tuple[str, str], Any] = {}

    def prepare(self, source: str, target: str, terms: Sequence[tuple[str, str]]) -> None:
        """Create (once per term set) a DeepL glossary for this language pair."""
        entries = {
            term.strip(): preferred.strip()
            for term, preferred in terms
            if term.strip() and preferred.strip() and not _BREAKS.intersection(term + preferred)
        }
        if not entries:
            return
        source_lang, target_lang = source.split("-")[0], target.split("-")[0]
        digest = hashlib.sha256(repr(sorted(entries.items())).encode()).hexdigest()[:16]
        with self._glossary_lock:
            glossary = self._glossaries.get((target, digest))
            if glossary is None:
                glossary = self.translator.create_glossary(
                    f"l10n {source_lang}-{target_lang} {digest}",
                    source_lang=source_lang,
                    target_lang=target_lang,
                    entries=entries,
                )
                self._glossaries[(target, digest)] = glossary
            self._current[(source, target)] = glossary

    def translate_text(self, text: str, source: str, target: str) -> str | None:
        options: dict[str, Any] = {"preserve_formatting": True}
        glossary = self._current.get((source, target))
        if glossary is not None:
            options["glossary"] = glossary
        for name in ("formality", "model_type"):
            if self.settings.get(name):
                options[name] = self.settings[name]
        result = self.translator.translate_text(
            text, source_lang=source, target_lang=target, **options
        )
        return getattr(result, "text", None)

    def classify(self, exc: BaseException, scope: CallScope) -> tuple[FailureKind, str] | None:
        sdk = self.sdk

        def is_a(name: str) -> bool:
            cls = getattr(sdk, name, None)
            return isinstance(cls, type) and isinstance(exc, cls)

        if is_a("QuotaExceededException"):
            return FailureKind.QUOTA, "DeepL quota used up"
        if is_a("TooManyRequestsException"):
            return FailureKind.RATE_LIMITED, "rate limited by DeepL"
        if is_a("AuthorizationException"):
            return FailureKind.AUTH, "DeepL refused the key: check DEEPL_AUTH_KEY"
        if is_a("ConnectionException"):
            return FailureKind.TRANSIENT, "connection to DeepL failed"
        status = getattr(exc, "http_status_code", None)
        if isinstance(status, int) and status >= 500:
            return FailureKind.TRANSIENT, f"DeepL server error (HTTP {status})"
        return None

"""Pretranslation: translation memory first, machine translation second, glossary-safe.

Only untranslated segments are touched, so human work is never overwritten, and
every result is stored the moment it arrives: an interrupted run keeps what was
done and running it again finishes the rest. Repeated sentences are one segment,
and the MT cache lives in the workspace, so each sentence is paid for once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from l10n import tm as tmlib
from l10n.errors import WorkspaceError
from l10n.glossary import matcher_for
from l10n.inline import blank_codes
from l10n.langs import parse_lang_list
from l10n.mt import MTRequest, MTResult, cache_key, get_engine, masking
from l10n.review import apply_pretranslation
from l10n.states import NEEDS_WORK, PRETRANSLATED, UNTRANSLATED
from l10n.store import Store, utcnow
from l10n.workspace import CONFIG_NAME, Workspace

# Settings of [mt] in l10n.toml that are ours, not the engine's.
_RUN_SETTINGS = ("engine", "url", "concurrency", "deadline")


@dataclass
class LanguageSummary:
    lang: str
    segments: int = 0  # untranslated segments considered
    tm_exact: int = 0
    tm_fuzzy: int = 0
    mt: int = 0
    cached: int = 0  # MT answers that came from the cache (no request sent)
    failed: int = 0
    skipped: int = 0  # taken by someone else while the run was going
    to_send: int = 0  # dry run: segments that would go to the engine
    chars: int = 0  # dry run: characters that would go to the engine
    failures: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


class StoreCache:
    """The workspace MT cache, in the ``MTCache`` shape the engines expect."""

    def __init__(self, store: Store):
        self.store = store

    def get(self, key: str) -> str | None:
        return self.store.mt_cache_get(key)

    def put(self, key: str, value: str) -> None:
        self.store.mt_cache_put(key, value, utcnow())


def _shown(value) -> str:
    """A setting's value for an error message, cut short: a file may hold anything."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _section(ws: Workspace, name: str) -> dict:
    """A settings section, refused with one clear line when l10n.toml gives it a wrong shape."""
    raw = ws.config.get(name)
    if raw is not None and not isinstance(raw, dict):
        raise WorkspaceError(
            f"{ws.root / CONFIG_NAME}: '{name}' must be a [{name}] section, not {_shown(raw)}",
            f"Write it as a [{name}] table of settings",
        )
    return ws.section(name)


def _number(section: str, key: str, value, kind: type, low: float, high: float | None, ws):
    """A numeric setting (from l10n.toml or the command line), checked."""
    bad = isinstance(value, bool) or not isinstance(value, (int, float))
    if not bad and kind is int and isinstance(value, float) and not value.is_integer():
        bad = True
    if not bad and (value < low or (high is not None and value > high)):
        bad = True
    if bad:
        span = f"from {low:g} to {high:g}" if high is not None else f"of at least {low:g}"
        what = "a whole number" if kind is int else "a number"
        raise WorkspaceError(
            f"{ws.root / CONFIG_NAME}: [{section}] {key} must be {what} {span}, "
            f"not {_shown(value)}",
            f"Fix {key} in the [{section}] section of {CONFIG_NAME}",
        )
    return kind(value)


def build_engine(ws: Workspace, store: Store, engine_name: str | None, url: str | None):
    section = _section(ws, "mt")
    configured = section.get("engine")
    if configured is not None and (
        not isinstance(configured, str) or not re.fullmatch(r"[A-Za-z][\w-]{0,39}", configured)
    ):
        raise WorkspaceError(
            f"{ws.root / CONFIG_NAME}: [mt] engine must be an engine name, not "
            f"{_shown(configured)}",
            "Use one of: pseudo, google, mymemory, libre, microsoft, deepl",
        )
    configured_url = section.get("url")
    if configured_url is not None and not isinstance(configured_url, str):
        raise WorkspaceError(
            f"{ws.root / CONFIG_NAME}: [mt] url must be a URL, not {_shown(configured_url)}",
            'Write it as url = "http://host:port/"',
        )
    name = engine_name or section.get("engine") or "pseudo"
    settings = {k: v for k, v in section.items() if k not in _RUN_SETTINGS and k != "api_key"}
    # Engine settings for a different engine than the configured one do not apply.
    if engine_name and engine_name != section.get("engine"):
        settings = {}
    return get_engine(
        name,
        url=url or (section.get("url") if name == section.get("engine") else None),
        settings=settings,
        cache=StoreCache(store),
    )


# Contact details and addresses go through machine translation untouched.
_VERBATIM = re.compile(
    r"(?:https?://|www\.)[^\s<>()\[\]«»\"]+[^\s<>()\[\]«»\".,;:!?]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)


def _mt_request(store: Store, seg: dict, source_lang: str, lang: str) -> MTRequest:
    """Mask do-not-translate terms, URLs and e-mail addresses; pass preferred target terms
    to engines with glossaries."""
    hits = matcher_for(store, source_lang).match(blank_codes(seg["source"]))
    protect = [(h.start, h.end) for h in hits if h.term.do_not_translate]
    protect += [m.span() for m in _VERBATIM.finditer(seg["source"])]
    terms = []
    for h in hits:
        preferred = h.preferred(lang)
        if preferred is not None and not h.term.do_not_translate:
            terms.append((h.term.text, preferred.text))
    return MTRequest(seg["id"], seg["source"], protect, terms)


def pretranslate_release(
    store: Store,
    ws: Workspace,
    slug: str,
    langs: list[str] | str | None = None,
    *,
    user: str,
    engine_name: str | None = None,
    url: str | None = None,
    tm_only: bool = False,
    threshold: int | None = None,
    dry_run: bool = False,
    concurrency: int | None = None,
    deadline: float | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> list[LanguageSummary]:
    release = store.require_release(slug)
    source_lang = release["source_lang"]
    targets = parse_lang_list(langs) if langs else list(ws.target_langs)
    mt_section = _section(ws, "mt")
    if threshold is None:
        threshold = _number("tm", "threshold", _section(ws, "tm")["threshold"], int, 1, 100, ws)
    if concurrency is None:
        concurrency = _number("mt", "concurrency", mt_section.get("concurrency", 4), int, 1, 64, ws)
    if deadline is None and mt_section.get("deadline") is not None:
        deadline = _number("mt", "deadline", mt_section["deadline"], float, 0.1, None, ws)
    engine = None if tm_only else build_engine(ws, store, engine_name, url)
    glossary_version = store.glossary_version()
    summaries = []
    for lang in targets:
        summary = LanguageSummary(lang)
        summaries.append(summary)
        rows = store.segment_rows(release["id"], lang, [UNTRANSLATED])
        summary.segments = len(rows)
        remaining = []
        for seg in rows:
            matches = tmlib.lookup(
                store,
                seg["source"],
                source_lang,
                lang,
                prev_hash=seg["prev_hash"],
                next_hash=seg["next_hash"],
                threshold=threshold,
                limit=1,
            )
            best = matches[0] if matches else None
            if best is None:
                remaining.append(seg)
                continue
            exact = best.score >= 100
            if dry_run:
                summary.tm_exact += exact
                summary.tm_fuzzy += not exact
                continue
            written = apply_pretranslation(
                store,
                seg["id"],
                lang,
                # The match's target fitted to this sentence (placeholders renumbered,
                # changed numbers replaced) when that can be done safely.
                target=best.adapted_target or best.target,
                origin=best.translation_origin,
                state=PRETRANSLATED if exact else NEEDS_WORK,
                user=user,
            )
            if not written:
                summary.skipped += 1
            elif exact:
                summary.tm_exact += 1
            else:
                summary.tm_fuzzy += 1
            if progress:
                progress(lang, 1)
        if engine is None or not remaining:
            _check_quality(store, ws, release["slug"], lang, summary, dry_run)
            continue
        requests = [_mt_request(store, seg, source_lang, lang) for seg in remaining]
        if dry_run:
            _estimate(engine, requests, source_lang, lang, glossary_version, summary)
            continue

        sources = {seg["id"]: seg["source"] for seg in remaining}

        def store_result(result: MTResult, lang=lang, summary=summary, sources=sources) -> None:
            if result.ok:
                result = _refuse_implausible(result, sources.get(result.key, ""))
            segment_id: int = result.key  # type: ignore[assignment]  # keyed by segment id
            if result.ok and result.text is not None:
                written = apply_pretranslation(
                    store,
                    segment_id,
                    lang,
                    target=result.text,
                    origin=f"mt:{engine.name}",
                    state=PRETRANSLATED,
                    user=user,
                )
                if not written:
                    summary.skipped += 1
                else:
                    summary.mt += 1
                    summary.cached += result.cached
                    store.clear_mt_failure(segment_id, lang)
            else:
                summary.failed += 1
                summary.failures.append({"segment": result.key, "error": result.error})
                store.record_mt_failure(
                    segment_id, lang, engine.name, result.error or "failed", utcnow()
                )
            if progress:
                progress(lang, 1)

        engine.translate_many(
            requests,
            source_lang,
            lang,
            concurrency=concurrency,
            deadline=deadline,
            glossary_version=glossary_version,
            on_result=store_result,
        )
        _check_quality(store, ws, release["slug"], lang, summary, dry_run)
    return summaries


# An answer this much longer than its source is not a translation (a server error page,
# a runaway engine, a hostile server): it is recorded as a failure, never stored.
MAX_ANSWER_RATIO = 10
MAX_ANSWER_SLACK = 200


def _refuse_implausible(result: MTResult, source: str) -> MTResult:
    limit = MAX_ANSWER_RATIO * len(source) + MAX_ANSWER_SLACK
    if result.text is not None and len(result.text) > limit:
        return MTResult(
            result.key,
            None,
            f"engine answered {len(result.text):,} characters for a {len(source):,}-character "
            "sentence (refused)",
            result.cached,
            result.engine,
        )
    return result


def _check_quality(
    store, ws, slug: str, lang: str, summary: LanguageSummary, dry_run: bool
) -> None:
    """One QA pass over the release's language once its pretranslations are stored.

    Checking each result as it arrives re-read the whole release every time (the
    consistency checks compare every translation with every other), which made large
    releases cubic; one pass at the end stores the same issues. A run interrupted
    before it gets here is finished by running it again, which checks the whole
    release, earlier results included.
    """
    if dry_run or not (summary.tm_exact or summary.tm_fuzzy or summary.mt):
        return
    try:
        from l10n.qa import runner
    except ImportError:
        return
    check = getattr(runner, "check_release", None)
    if check is None or not hasattr(store, "replace_qa_issues"):
        return
    check(store, ws, slug, lang)


def _estimate(engine, requests, source_lang, lang, glossary_version, summary) -> None:
    """What a run would send: unique, uncached texts and their characters."""
    source = engine.language_code(source_lang, target=False)
    target = engine.language_code(lang, target=True)
    settings = engine.cache_settings()
    seen = set()
    for request in requests:
        masked = masking.mask(request.text, request.protect)
        if not masked.has_letters:
            continue
        key = cache_key(engine.name, settings, source, target, masked.text, glossary_version)
        if key in seen or (engine.cache is not None and engine.cache.get(key) is not None):
            continue
        seen.add(key)
        summary.to_send += 1
        summary.chars += len(masked.text)

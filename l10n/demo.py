"""``demo``: the main job on the bundled example release, end to end."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from l10n.ingest import IngestResult, ingest_file
from l10n.pretranslate import LanguageSummary, pretranslate_release
from l10n.publish import PublishResult, publish
from l10n.states import PRETRANSLATED
from l10n.status import StatusReport, workspace_status
from l10n.workspace import CONFIG_NAME, load_workspace
from l10n.workspace_init import EXAMPLE_RELEASE, init_workspace

DEMO_SLUG = "oim-koweit-avrr"


@dataclass
class DemoResult:
    root: Path
    created: bool
    ingest: IngestResult
    pretranslation: list[LanguageSummary]
    status: StatusReport
    published: PublishResult
    glossary_concepts: int = 0
    term_hits: int = 0


def run_demo(directory: str | Path, *, user: str) -> DemoResult:
    """Create (or reuse) a workspace, ingest the example release, pretranslate it with the
    offline pseudo engine and publish every language as a preview (unfinished allowed)."""
    root = Path(directory)
    created = not (root / CONFIG_NAME).exists()
    concepts = 0
    if created:
        concepts = init_workspace(
            root, source_lang="fr", target_langs=["en", "es", "ar"]
        ).glossary_concepts
    ws = load_workspace(root)
    store = ws.open_store()
    try:
        ingested = ingest_file(
            store,
            EXAMPLE_RELEASE,
            source_lang=ws.source_lang,
            target_langs=ws.target_langs,
            user=user,
            slug=DEMO_SLUG,
        )
        summaries = pretranslate_release(store, ws, DEMO_SLUG, user=user, engine_name="pseudo")
        status = workspace_status(store, release=DEMO_SLUG)
        published = publish(
            store,
            ws.locales_dir,
            release=DEMO_SLUG,
            min_state=PRETRANSLATED,
            allow_unfinished=True,
        )
        hits = store.term_hit_count(store.require_release(DEMO_SLUG)["id"])
    finally:
        store.close()
    return DemoResult(ws.root, created, ingested, summaries, status, published, concepts, hits)

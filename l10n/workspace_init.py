"""``init``: create a workspace folder with its settings, database and termbase."""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from l10n.errors import UsageError, WorkspaceError
from l10n.workspace import CONFIG_NAME, load_workspace, render_config

PACKAGE_DATA = Path(__file__).resolve().parent / "data"
SHIPPED_GLOSSARY = PACKAGE_DATA / "glossary" / "migration.csv"
EXAMPLE_RELEASE = PACKAGE_DATA / "oim-koweit-avrr.fr.txt"


@dataclass
class InitResult:
    root: str
    source_lang: str
    target_langs: list[str]
    database: str
    glossary_file: str | None
    glossary_concepts: int

    def to_json(self) -> dict:
        return asdict(self)


def init_workspace(
    directory: str | Path,
    *,
    source_lang: str,
    target_langs: list[str],
    with_glossary: bool = True,
) -> InitResult:
    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} is a file, not a folder", "Give a folder for the new workspace")
    if (root / CONFIG_NAME).exists():
        raise WorkspaceError(
            f"{root / CONFIG_NAME} already exists",
            "This folder is already a workspace; use it, or choose another folder",
        )
    if not target_langs:
        raise UsageError("no target languages given", "Pass --target-langs, e.g. en,es,ar")
    if source_lang in target_langs:
        raise UsageError(
            f"the source language {source_lang} is also a target language",
            "Remove it from --target-langs",
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
        (root / "glossary").mkdir(exist_ok=True)
        (root / "locales").mkdir(exist_ok=True)
        (root / CONFIG_NAME).write_text(render_config(source_lang, target_langs), encoding="utf-8")
    except OSError as exc:
        raise WorkspaceError(
            f"cannot create the workspace in {root} ({exc.strerror})",
            "Check the folder's permissions",
        ) from exc
    workspace = load_workspace(root)
    from l10n.store import Store

    store = Store.open(workspace.db_path, create=True)
    glossary_file = None
    concepts = 0
    try:
        if with_glossary and SHIPPED_GLOSSARY.is_file():
            target = workspace.glossary_dir / SHIPPED_GLOSSARY.name
            shutil.copyfile(SHIPPED_GLOSSARY, target)
            glossary_file = str(target)
            concepts = _import_glossary(store, target)
    finally:
        store.close()
    return InitResult(
        root=str(workspace.root),
        source_lang=source_lang,
        target_langs=target_langs,
        database=str(workspace.db_path),
        glossary_file=glossary_file,
        glossary_concepts=concepts,
    )


def _import_glossary(store, path: Path) -> int:
    from l10n.glossary import import_glossary_file

    return import_glossary_file(store, path).concepts

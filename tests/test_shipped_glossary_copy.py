"""The package ships the same starter termbase as the repository's glossary/ folder."""

from __future__ import annotations

from pathlib import Path

from l10n.workspace_init import SHIPPED_GLOSSARY

REPO = Path(__file__).resolve().parents[1]


def test_package_glossary_is_the_repository_glossary():
    assert SHIPPED_GLOSSARY.read_bytes() == (REPO / "glossary" / "migration.csv").read_bytes()


def test_init_imports_the_shipped_glossary(tmp_path):
    from l10n.workspace_init import init_workspace

    result = init_workspace(tmp_path / "w", source_lang="fr", target_langs=["en", "es", "ar"])
    assert result.glossary_concepts >= 60
    assert (
        tmp_path / "w" / "glossary" / "migration.csv"
    ).read_bytes() == SHIPPED_GLOSSARY.read_bytes()

"""Workspaces: a folder with ``l10n.toml``, the database, ``glossary/`` and ``locales/``."""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n.errors import UsageError, WorkspaceError
from l10n.langs import normalize_lang, parse_lang_list

CONFIG_NAME = "l10n.toml"
DB_NAME = "l10n.db"

DEFAULTS: dict[str, Any] = {
    "mt": {"engine": "pseudo", "concurrency": 4, "timeout": 15.0},
    "tm": {"threshold": 75},
    "review": {"four_eyes": False, "finished_state": "approved", "claim_minutes": 10},
    "roles": {},
}


@dataclass
class Workspace:
    root: Path
    source_lang: str
    target_langs: list[str]
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def db_path(self) -> Path:
        return self.root / str(self.config.get("database", DB_NAME))

    @property
    def glossary_dir(self) -> Path:
        return self.root / "glossary"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    def section(self, name: str) -> dict[str, Any]:
        merged = dict(DEFAULTS.get(name, {}))
        merged.update(self.config.get(name, {}) or {})
        return merged

    def open_store(self):
        from l10n.store import Store

        return Store.open(self.db_path)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def render_config(source_lang: str, target_langs: list[str]) -> str:
    return "\n".join(
        [
            "# l10n workspace settings",
            f"source_lang = {_toml_value(source_lang)}",
            f"target_langs = {_toml_value(target_langs)}",
            f"database = {_toml_value(DB_NAME)}",
            "",
            "[mt]",
            "# pseudo (offline), google, mymemory, libre (needs url), microsoft, deepl",
            'engine = "pseudo"',
            "concurrency = 4",
            "# seconds for one HTTP call (retries with backoff come on top)",
            "timeout = 15.0",
            "# optional overall limit in seconds per language and run: deadline = 600",
            '# url = "http://127.0.0.1:5000/"',
            "# API keys are read from the environment (L10N_<ENGINE>_API_KEY), never stored here",
            "",
            "[tm]",
            "threshold = 75",
            "",
            "[review]",
            "# require the approver to differ from the last translator",
            "four_eyes = false",
            "# a language is finished when every segment reaches this state",
            'finished_state = "approved"',
            "claim_minutes = 10",
            "",
            "[roles]",
            "# Without entries everyone may do everything. Example:",
            '# alice = ["translator"]',
            '# bob = ["reviewer", "coordinator"]',
            "",
        ]
    )


def load_workspace(root: Path) -> Workspace:
    path = root / CONFIG_NAME
    try:
        with open(path, "rb") as fh:
            config = tomllib.load(fh)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise WorkspaceError(
            f"{path} is not valid TOML ({exc})", "Fix the file or run 'l10n init' in a new folder"
        ) from exc
    except OSError as exc:
        raise WorkspaceError(
            f"cannot read {path} ({exc.strerror})", "Check the file's permissions"
        ) from exc
    targets_value = config.get("target_langs", [])
    if not isinstance(targets_value, list) or not all(isinstance(v, str) for v in targets_value):
        raise WorkspaceError(
            f"{path}: target_langs must be a list of language codes",
            'Write it like target_langs = ["en", "es", "ar"]',
        )
    try:
        source = normalize_lang(str(config.get("source_lang", "")))
        targets = parse_lang_list(targets_value)
    except UsageError as exc:
        raise WorkspaceError(f"{path}: {exc.message}", exc.hint) from exc
    database = config.get("database", DB_NAME)
    if (
        not isinstance(database, str)
        or not database
        or Path(database).is_absolute()
        or ".." in Path(database).parts
    ):
        # A settings file from an untrusted repository must not reach files elsewhere.
        raise WorkspaceError(
            f"{path}: database must be a file name inside the workspace, not {database!r}",
            f'Write database = "{DB_NAME}"',
        )
    for section in ("mt", "tm", "review", "roles"):
        if not isinstance(config.get(section, {}), dict):
            raise WorkspaceError(
                f"{path}: [{section}] must be a table", f"Write it as a [{section}] section"
            )
    return Workspace(root=root.resolve(), source_lang=source, target_langs=targets, config=config)


def find_workspace(
    explicit: str | os.PathLike | None = None, start: Path | None = None
) -> Workspace:
    """The workspace named by ``--workspace``/``L10N_WORKSPACE``, else the nearest one upwards."""
    if explicit is None:
        explicit = os.environ.get("L10N_WORKSPACE") or None
    if explicit is not None:
        root = Path(explicit)
        if not (root / CONFIG_NAME).is_file():
            raise WorkspaceError(
                f"no workspace at {root} (no {CONFIG_NAME})",
                f"Run 'l10n init {root}' first, "
                f"or point --workspace at a folder with {CONFIG_NAME}",
            )
        return load_workspace(root)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return load_workspace(folder)
    raise WorkspaceError(
        f"no l10n workspace found in {here} or any folder above it",
        "Run 'l10n init' to create one, or pass --workspace DIR",
    )


def current_user(explicit: str | None = None) -> str:
    user = explicit or os.environ.get("L10N_USER")
    if not user:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "unknown"
    return user.strip() or "unknown"

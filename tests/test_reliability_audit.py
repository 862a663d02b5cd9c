"""Audit: every CLI command, walked from the click group, run with bad arguments.

Every failure a user can cause must be one line, ``Error: ...`` (or click's usage
message), with a documented exit status (1 failure, 2 usage, 3 unfinished,
4 conflict), never a traceback and never "internal error"; and a refused command
leaves the database byte for byte as it was.

The cases are derived from each command's parameters: a command added later is
audited automatically. A required parameter the audit cannot fill makes the test
fail, so a new command cannot slip through without being exercised.
"""

from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest

from l10n.cli import cli
from l10n.ingest import ingest_file
from l10n.store import Store
from l10n.workspace import load_workspace
from l10n.workspace_init import EXAMPLE_RELEASE, init_workspace

try:
    from tests.conftest import run_cli
except ImportError:  # tests/ is not a package
    from conftest import run_cli

DOCUMENTED_EXIT = {1, 2, 3, 4}
SLUG = "oim-koweit-avrr"
# Parameters every command carries (eager, global); audited through the no-workspace case.
GLOBAL_PARAMS = {"user", "workspace", "help", "debug"}


# ---------------------------------------------------------------------------
# Walking the command tree
# ---------------------------------------------------------------------------
def walk(
    group: click.Group, prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    out = []
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            out.append((prefix + (name,), command))
            out.extend(walk(command, prefix + (name,)))
        else:
            out.append((prefix + (name,), command))
    return out


COMMANDS = walk(cli)
LEAVES = [(path, cmd) for path, cmd in COMMANDS if not isinstance(cmd, click.Group)]
GROUPS = [(path, cmd) for path, cmd in COMMANDS if isinstance(cmd, click.Group)]


# ---------------------------------------------------------------------------
# A seeded workspace (built once, copied per test)
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("audit")
    root = base / "ws"
    init_workspace(root, source_lang="fr", target_langs=["en", "es", "ar"], with_glossary=False)
    ws = load_workspace(root)
    with ws.open_store() as store:
        ingest_file(
            store, EXAMPLE_RELEASE, source_lang="fr", target_langs=ws.target_langs, user="tester"
        )
    files = base / "files"
    files.mkdir()
    shutil.copyfile(EXAMPLE_RELEASE, files / "release.fr.txt")
    (files / "glossary.csv").write_text("id,fr,en\nc1,migrant,migrant\n", encoding="utf-8")
    (files / "a-folder").mkdir()
    (files / "not-a-folder").write_text("x", encoding="utf-8")
    return base


@pytest.fixture
def env(template, tmp_path) -> Path:
    """A private copy of the seeded workspace and its input files."""
    target = tmp_path / "copy"
    shutil.copytree(template, target)
    return target


def db_digest(root: Path) -> str:
    store = Store.open(root / "l10n.db")
    try:
        dump = "\n".join(store.db.conn.iterdump())
    finally:
        store.close()
    return hashlib.sha256(dump.encode()).hexdigest()


# ---------------------------------------------------------------------------
# How each parameter is filled with a good value, and how it is broken
# ---------------------------------------------------------------------------
@dataclass
class Case:
    label: str
    args: list[str]
    codes: set[int]  # acceptable exit statuses
    usage: bool = False  # click's usage message rather than one 'Error:' line
    contains: str = ""
    input: str | None = None


@dataclass
class Plan:
    fill: dict[str, list[str]] = field(default_factory=dict)  # param name -> CLI tokens
    breaks: list[tuple[str, list[str], set[int], str]] = field(default_factory=list)
    unfillable: list[str] = field(default_factory=list)


# The file a command reads when it takes one (by command path); default: the release text.
INPUT_FILES = {
    ("glossary", "import"): "glossary.csv",
}
# Parameters that name a file the command writes (not one it reads).
OUTPUT_PARAMS = {"output_path", ("backup", "file")}
# Output files that may be given as a folder (the file is written inside it).
FOLDER_OK_OUTPUTS = {("report", "output_path")}
# Parameters that name a folder the command writes into.
OUTPUT_DIRS = {"out_dir"}
# Commands that release "no-such-release" does not break: the option names a new release.
CREATES_RELEASE = {("ingest",)}
# Commands that work without a workspace (ad hoc checks, listings of built-in things).
WORKSPACE_FREE = {("qa", "checks"), ("demo",)}
# Optional parameters a command ignores in the combination the audit fills in.
IGNORED_WITH_FILLS = {
    ("qa", "check", "source_lang"): "--from is for ad hoc pairs; --release re-checks stored ones",
    ("qa", "check", "target_lang"): "--to is for ad hoc pairs; --release re-checks stored ones",
}
SOURCE_LANG_PARAMS = {("glossary", "match", "lang"), ("ingest", "lang"), ("init", "source_lang")}
LANG_NAMES = {"lang", "langs", "to_langs", "source_lang", "target_langs", "target_lang"}
RELEASE_NAMES = {"release", "releases", "slug"}
SEGMENT_NAMES = {"segment", "segments", "segment_id"}
# Good values for required free-text parameters, by name.
TEXT_VALUES = {
    "text": "Bonjour",
    "reason": "wrong term",
    "terms": "en=migrant",
    "to_user": "alice",
    "check_id": "numbers",
}
# Invalid values for optional parameters whose values are parsed (state names, dates, ...).
PARSED_BREAKS = {
    "min_state": "bogus-state",
    "state": "bogus-state",
    "states": "bogus-state",
    "since": "not-a-date",
    "encoding": "no-such-codec",
    "format_name": "no-such-format",
    "fmt": "no-such-format",
    "engine_name": "no-such-engine",
}


# Identifiers that must name something that exists.
ID_BREAKS = {"check_id": "no-such-check"}

# Cases that fail today because of a bug in a module this audit does not own: each runs in
# test_known_bugs_are_still_bugs (xfail strict), so the fix is noticed and the entry removed.
KNOWN_BUGS: dict = {}


def _opt(param: click.Parameter) -> str:
    return max(param.opts, key=len)


def _tokens(param: click.Parameter, value: str) -> list[str]:
    return [value] if isinstance(param, click.Argument) else [_opt(param), value]


def _is_path(param: click.Parameter) -> bool:
    return isinstance(param.type, (click.Path, click.File))


def _is_output(path: tuple[str, ...], param: click.Parameter) -> bool:
    return param.name in OUTPUT_PARAMS or (*path, param.name) in OUTPUT_PARAMS


def plan_for(path: tuple[str, ...], command: click.Command, files: Path, ws: Path) -> Plan:
    plan = Plan()
    for param in command.params:
        name = param.name or ""
        if name in GLOBAL_PARAMS or (isinstance(param, click.Option) and param.is_flag):
            continue
        good: str | None = None
        breaks: list[tuple[str, str, set[int], str]] = []
        if name in RELEASE_NAMES:
            good = SLUG
            if path not in CREATES_RELEASE:
                breaks += [("unknown release", "no-such-release", {1, 2}, "no-such-release")]
            breaks += [("release ../", "../etc", {1, 2}, "")]
        elif name in LANG_NAMES or (*path, name) in SOURCE_LANG_PARAMS:
            good = "fr" if (*path, name) in SOURCE_LANG_PARAMS else "en"
            breaks += [("lang xx", "xx", {2}, "xx"), ("lang ../fr", "../fr", {2}, "../fr")]
        elif name in SEGMENT_NAMES:
            good = "1"
            breaks += [
                ("unknown segment", "999999", {1, 2}, "999999"),
                ("segment not a number", "abc", {2}, ""),
            ]
        elif _is_path(param) and _is_output(path, param):
            if param.required:
                good = str(files / "new-output")
            if (*path, name) not in FOLDER_OK_OUTPUTS:
                breaks += [("output is a directory", str(files / "a-folder"), {1, 2}, "")]
        elif name in OUTPUT_DIRS:
            breaks += [("output folder is a file", str(files / "not-a-folder"), {1, 2}, "")]
        elif _is_path(param) and getattr(param.type, "file_okay", True) is False:
            good = str(ws)  # a folder argument (init DIRECTORY)
            breaks += [("folder is a file (usage)", str(files / "not-a-folder"), {2}, "")]
        elif _is_path(param):
            good = str(files / INPUT_FILES.get(path, "release.fr.txt"))
            missing = "no-such-file" if param.required else ""
            breaks += [
                ("missing file", str(files / "no-such-file.txt"), {1, 2}, missing),
                ("directory as file", str(files / "a-folder"), {1, 2}, ""),
            ]
        elif isinstance(param.type, (click.types.IntParamType, click.types.FloatParamType)):
            breaks += [("not a number", "abc", {2}, "")]
            if isinstance(param.type, click.types._NumberRangeBase):
                low = param.type.min
                if low is not None:
                    breaks += [("below range", str(low - 1), {2}, "")]
        elif name in PARSED_BREAKS:
            breaks += [(f"bad {name}", PARSED_BREAKS[name], {1, 2}, "")]
        elif name in TEXT_VALUES:
            good = TEXT_VALUES[name]
            if name in ID_BREAKS:
                breaks += [(f"unknown {name}", ID_BREAKS[name], {1, 2}, ID_BREAKS[name])]
        if param.required and good is None:
            plan.unfillable.append(name)
            continue
        if (*path, name) in IGNORED_WITH_FILLS:
            breaks = []
        if good is not None and (param.required or not _is_path(param)):
            # Optional languages, releases and texts are filled too: a command may need
            # them in practice (--lang when the workspace has several targets).
            plan.fill[name] = _tokens(param, good)
        for label, value, codes, contains in breaks:
            plan.breaks.append((f"{name}: {label}", _tokens(param, value), codes, contains))
    return plan


def cases_for(path: tuple[str, ...], command: click.Command, files: Path, ws: Path) -> list[Case]:
    plan = plan_for(path, command, files, ws)
    assert not plan.unfillable, (
        f"'l10n {' '.join(path)}' has required parameters the reliability audit cannot fill: "
        f"{plan.unfillable}; add them to tests/test_reliability_audit.py"
    )
    base = [tok for p in command.params for tok in plan.fill.get(p.name, [])]
    stdin = "q\n"
    cases = [
        Case(
            "unknown option",
            [*path, *base, "--no-such-option"],
            {2},
            usage=True,
            contains="no-such-option",
            input=stdin,
        ),
    ]
    required = [p for p in command.params if p.required and p.name not in GLOBAL_PARAMS]
    if required:
        cases.append(
            Case("missing required", list(path), {2}, usage=True, contains="Missing", input=stdin)
        )
    if path != ("init",) and path not in WORKSPACE_FREE:
        cases.append(
            Case(
                "no workspace",
                ["--workspace", str(files / "a-folder"), *path, *base],
                {1},
                contains="no workspace",
                input=stdin,
            )
        )
    for label, tokens, codes, contains in plan.breaks:
        name = label.split(":")[0]
        args = []
        for param in command.params:  # in declaration order, so arguments stay in place
            if param.name == name:
                args += tokens
            elif param.name in plan.fill:
                args += plan.fill[param.name]
        usage = label.endswith(("not a number", "below range", "(usage)"))
        cases.append(
            Case(label, [*path, *args], codes, usage=usage, contains=contains, input=stdin)
        )
    return cases


def assert_clean_failure(case: Case, result) -> None:
    where = (
        f"{case.label}: l10n {' '.join(case.args)}\n"
        f"stdout={result.stdout!r}\nstderr={result.stderr!r}"
    )
    assert result.exit_code in case.codes, where
    assert result.exit_code in DOCUMENTED_EXIT, where
    err = result.stderr
    assert "Traceback" not in err and "Traceback" not in result.stdout, where
    assert "internal error" not in err, where
    if case.usage:
        assert "Usage:" in err and "Error:" in err, where
    else:
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error: "), where
        assert lines[0].rstrip().endswith("."), where  # what, then how to fix it
    if case.contains:
        assert case.contains in err, where


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------
def _ids(items):
    return [" ".join(path) for path, _ in items]


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=_ids(LEAVES))
def test_every_command_fails_cleanly_on_bad_arguments(env, path, command):
    ws, files = env / "ws", env / "files"
    before = db_digest(ws)
    cases = cases_for(path, command, files, ws)
    for case in cases:
        if (path, case.label) in KNOWN_BUGS:
            continue
        result = run_cli(case.args, cwd=ws, input=case.input)
        assert_clean_failure(case, result)
    assert db_digest(ws) == before, f"a refused 'l10n {' '.join(path)}' changed the database"


@pytest.mark.parametrize(("path", "group"), GROUPS, ids=_ids(GROUPS))
def test_every_group_rejects_unknown_subcommands(env, path, group):
    result = run_cli([*path, "no-such-subcommand"], cwd=env / "ws")
    assert result.exit_code == 2
    assert "Usage:" in result.stderr and "No such command" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_command_is_exercised_beyond_usage_errors(template):
    """A command whose required parameters are all filled reaches its body with one bad
    value at a time; commands without any parsed parameter still get the generic cases."""
    files, ws = template / "files", template / "ws"
    counts = Counter()
    for path, command in LEAVES:
        cases = cases_for(path, command, files, ws)
        counts[" ".join(path)] = len(cases)
        assert len(cases) >= (1 if path in WORKSPACE_FREE else 2), (
            f"'l10n {' '.join(path)}' is not exercised by the audit"
        )
    # The core commands are all there (others land over time and are picked up above).
    for name in (
        "ingest",
        "export",
        "segments",
        "releases",
        "init",
        "check",
        "backup",
        "pretranslate",
    ):
        assert name in counts
    assert sum(counts.values()) >= 5 * len(LEAVES)


@pytest.mark.parametrize("key", sorted(KNOWN_BUGS), ids=lambda k: " ".join(k[0]) + ": " + k[1])
def test_known_bugs_are_still_bugs(env, key, request):
    request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[key]))
    path, label = key
    command = dict(LEAVES)[path]
    [case] = [c for c in cases_for(path, command, env / "files", env / "ws") if c.label == label]
    assert_clean_failure(case, run_cli(case.args, cwd=env / "ws", input=case.input))


def test_unknown_top_level_command_and_debug_traceback(env):
    ws = env / "ws"
    result = run_cli(["no-such-command"], cwd=ws)
    assert result.exit_code == 2 and "No such command" in result.stderr
    result = run_cli(["--debug", "export", "--release", "nope", "--lang", "en"], cwd=ws)
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and "Error: no release 'nope'" in result.stderr

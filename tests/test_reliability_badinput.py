"""Bad input: every reader refuses hostile or broken files with one clear line, a
non-zero status, and the database byte for byte as it was.

The small corpus lives in tests/badinput/ (every file there is a case, picked up
automatically, routed to its reader by extension); big or environment-specific
inputs (a 5 MB and a 50 MB single line, deeply nested HTML, a quadratic entity
blow-up, a FIFO, a file removed while being opened, a read error mid-file, XXE
aimed at a planted secret) are generated at test time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from l10n.cli import cli
from l10n.errors import L10nError
from l10n.ingest import ingest_file
from l10n.store import Store
from l10n.workspace import load_workspace
from l10n.workspace_init import EXAMPLE_RELEASE, init_workspace

try:
    from tests.conftest import run_cli
    from tests.test_reliability_audit import LEAVES
except ImportError:  # tests/ is not a package
    from conftest import run_cli
    from test_reliability_audit import LEAVES

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "badinput"
SLUG = "oim-koweit-avrr"
# A small Markdown release with inline codes, for edited-XLIFF cases.
NOTES = "# Notes\n\nVoir le **rapport** annuel. Le [site](http://x.org) aussi.\n"
COMMAND_NAMES = {" ".join(path) for path, _ in LEAVES}

# ---------------------------------------------------------------------------
# Readers: how each kind of file gets into the workspace
# ---------------------------------------------------------------------------
READER_BY_EXT = {
    ".txt": "ingest",
    ".md": "ingest",
    ".html": "ingest",
    ".csv": "glossary",
    ".tbx": "glossary",
    ".xlf": "xliff",
    ".tmx": "tmx",
    ".po": "ingest",  # gettext catalogues are a source format; 'po' import when it lands
}
# Files that are odd but legitimate: a clean refusal or a successful ingest are both fine.
EITHER = {"only-markup.md", "csv-header-only.csv", "xliff-utf16-no-bom.xlf", "po-wrong-context.po"}
# What a refusal must say, for the hostile cases (case-insensitive fragments).
MUST_SAY = {
    "xxe-file": "entit",
    "xxe-parameter": "entit",
    "xxe-public": "entit",
    "billion-laughs": "entit",
    "entity-loop": "entit",
    "empty": "empty",
    "binary": "binary",
    "truncated-utf8": "utf-8",
    "utf16-no-bom": "utf-16",
    "cp1252": "--encoding",
    "nul-in-text": "binary",
}
# Cases that fail today because of a bug in a module this file does not own (xfail strict).
KNOWN_BUGS: dict[str, str] = {}


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


def _cli_path(*names: str) -> list[str] | None:
    for name in names:
        if name in COMMAND_NAMES:
            return name.split()
    return None


def _library(fn) -> Outcome:
    try:
        result = fn()
    except L10nError as exc:
        return Outcome(exc.exit_code, "", f"Error: {exc}\n")
    return Outcome(0, repr(result), "")


def run_reader(reader: str, ws: Path, path: Path) -> Outcome:
    """Feed ``path`` to ``reader`` the way a user would (the CLI when the command exists)."""
    if reader == "ingest":
        r = run_cli(["ingest", str(path)], cwd=ws)
        return Outcome(r.exit_code, r.stdout, r.stderr)
    if reader == "glossary":
        r = run_cli(["glossary", "import", str(path)], cwd=ws)
        return Outcome(r.exit_code, r.stdout, r.stderr)
    command = {
        "xliff": _cli_path("import", "xliff import"),
        "tmx": _cli_path("tm import"),
        "po": _cli_path("po import"),
    }[reader]
    if command is not None:
        r = run_cli([*command, str(path)], cwd=ws)
        return Outcome(r.exit_code, r.stdout, r.stderr)
    workspace = load_workspace(ws)
    with workspace.open_store() as store:
        if reader == "xliff":
            from l10n.interchange.xliff import import_xliff

            return _library(lambda: import_xliff(store, workspace, path, user="tester"))
        if reader == "tmx":
            pytest.importorskip("l10n.interchange.tmx")
            from l10n.tm import import_tmx

            return _library(lambda: import_tmx(store, path))
        po = pytest.importorskip("l10n.interchange.po")
        importer = getattr(po, "import_po", None)
        if importer is None:
            pytest.skip("PO import has not landed yet (l10n.interchange.po.import_po)")
        return _library(lambda: importer(store, workspace, path, user="tester"))


# ---------------------------------------------------------------------------
# The workspace every case runs against, and its fingerprint
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Path:
    """A workspace with the example release and some human work in it."""
    root = tmp_path_factory.mktemp("badinput") / "ws"
    init_workspace(root, source_lang="fr", target_langs=["en", "es", "ar"], with_glossary=False)
    workspace = load_workspace(root)
    from l10n import review

    with workspace.open_store() as store:
        ingest_file(
            store,
            EXAMPLE_RELEASE,
            source_lang="fr",
            target_langs=workspace.target_langs,
            user="tester",
        )
        review.translate_segment(store, workspace, 2, "en", "Kuwait took measures.", user="ana")
        review.approve_segments(store, workspace, [2], "en", user="ben", force_reason="test")
        notes = root.parent / "notes.fr.md"
        notes.write_text(NOTES, encoding="utf-8")
        ingest_file(
            store, notes, source_lang="fr", target_langs=workspace.target_langs, user="tester"
        )
    return root


def dump(ws: Path) -> str:
    store = Store.open(ws / "l10n.db")
    try:
        return "\n".join(store.db.conn.iterdump())
    finally:
        store.close()


def digest(ws: Path) -> str:
    return hashlib.sha256(dump(ws).encode()).hexdigest()


def assert_refused(outcome: Outcome, path: Path, must_say: str | None = None) -> None:
    where = f"{path.name}: code={outcome.code} stdout={outcome.stdout[:300]!r} stderr={outcome.stderr!r}"
    assert outcome.code in (1, 2), where
    assert "Traceback" not in outcome.stderr and "internal error" not in outcome.stderr, where
    lines = [ln for ln in outcome.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), where
    if must_say:
        assert must_say.lower() in lines[0].lower(), where


# ---------------------------------------------------------------------------
# The static corpus
# ---------------------------------------------------------------------------
CORPUS_FILES = sorted(
    p.name for p in CORPUS.iterdir() if p.suffix in READER_BY_EXT and p.name != "README.md"
)


def test_corpus_is_routed_to_readers():
    every = sorted(p.name for p in CORPUS.iterdir() if not p.name.startswith((".", "README")))
    assert every == CORPUS_FILES, "a corpus file has an extension no reader takes"
    assert len(CORPUS_FILES) >= 50


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file_is_refused_cleanly(ws, name, request):
    if name in KNOWN_BUGS:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name]))
    path = CORPUS / name
    before = dump(ws)
    outcome = run_reader(READER_BY_EXT[path.suffix], ws, path)
    after = dump(ws)
    if name in EITHER and outcome.code == 0:
        return  # accepted (and then it may change the database)
    assert_refused(outcome, path, MUST_SAY.get(path.stem))
    assert after == before, f"{name} was refused but the database changed"
    # Nothing a hostile XML file points at is read into the database or the message.
    assert "root:x:0:0" not in after and "root:x:0:0" not in outcome.stderr


# ---------------------------------------------------------------------------
# Generated inputs
# ---------------------------------------------------------------------------
def test_five_megabyte_single_line_is_refused(ws, tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_bytes(b"abcdefghij " * 500_000)  # 5.5 MB, one "sentence"
    before = digest(ws)
    outcome = run_reader("ingest", ws, path)
    assert_refused(outcome, path, "a sentence of 5,499,999 characters")
    assert digest(ws) == before


def skip_unless_slow_requested(request) -> None:
    """Slow tests run with ``-m slow`` (or L10N_SLOW=1); the default run has bounded ones."""
    if "slow" not in (request.config.getoption("markexpr") or "") and not os.environ.get(
        "L10N_SLOW"
    ):
        pytest.skip("slow: run with -m slow")


@pytest.mark.slow
def test_fifty_megabyte_single_line_is_refused_before_reading(request, ws, tmp_path):
    skip_unless_slow_requested(request)
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        for _ in range(50):
            fh.write(b"x" * (1024 * 1024))
    before = digest(ws)
    outcome = run_reader("ingest", ws, path)
    assert_refused(outcome, path, "l10n ingests files up to 32 MB")
    assert digest(ws) == before


def test_file_just_over_the_size_limit_is_refused(ws, tmp_path, monkeypatch):
    import l10n.ingest

    monkeypatch.setattr(l10n.ingest, "MAX_SOURCE_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_bytes(b"Une phrase. " * 100)
    outcome = _library(lambda: l10n.ingest.read_source_file(path))
    assert_refused(outcome, path, "up to 0 MB")


def test_quadratic_entity_blowup_is_refused(ws, tmp_path):
    """One big internal entity referenced many times (not nested: each expansion is
    under the per-entity limit, the total is 900 M characters)."""
    ent = "A" * 90_000
    refs = "&a;" * 10_000
    doctype = f'<!DOCTYPE x [<!ENTITY a "{ent}">]>'
    files = {
        "blowup.xlf": (
            f'<?xml version="1.0"?>{doctype}<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
            f'version="2.0" srcLang="fr" trgLang="en"><file id="f" original="{SLUG}"><unit id="1">'
            f"<segment><source>x</source><target>{refs}</target></segment></unit></file></xliff>"
        ),
        "blowup.tmx": (
            f'<?xml version="1.0"?>{doctype}<tmx version="1.4"><header srclang="fr"/><body><tu>'
            f'<tuv xml:lang="fr"><seg>x</seg></tuv><tuv xml:lang="en"><seg>{refs}</seg></tuv>'
            "</tu></body></tmx>"
        ),
        "blowup.tbx": (
            f'<?xml version="1.0"?>{doctype}<tbx type="TBX-Basic" xml:lang="en"><text><body>'
            f'<conceptEntry id="c"><langSec xml:lang="fr"><termSec><term>{refs}</term></termSec>'
            "</langSec></conceptEntry></body></text></tbx>"
        ),
    }
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        before = digest(ws)
        outcome = run_reader(READER_BY_EXT[path.suffix], ws, path)
        assert_refused(outcome, path)
        assert digest(ws) == before


def test_xxe_never_reads_a_planted_secret(ws, tmp_path):
    secret = tmp_path / "secret.txt"
    token = "PLANTED-SECRET-7f3a9"
    secret.write_text(token, encoding="utf-8")
    doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    files = {
        "xxe.xlf": (
            f'<?xml version="1.0"?>{doctype}<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
            f'version="2.0" srcLang="fr" trgLang="en"><file id="f" original="{SLUG}"><unit id="2">'
            "<segment><source>L’OIM</source><target>&xxe;</target></segment></unit></file></xliff>"
        ),
        "xxe.tmx": (
            f'<?xml version="1.0"?>{doctype}<tmx version="1.4"><header srclang="fr"/><body><tu>'
            '<tuv xml:lang="fr"><seg>x</seg></tuv><tuv xml:lang="en"><seg>&xxe;</seg></tuv>'
            "</tu></body></tmx>"
        ),
        "xxe.tbx": (
            f'<?xml version="1.0"?>{doctype}<tbx type="TBX-Basic" xml:lang="en"><text><body>'
            '<conceptEntry id="c"><langSec xml:lang="fr"><termSec><term>&xxe;</term></termSec>'
            "</langSec></conceptEntry></body></text></tbx>"
        ),
    }
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        before = digest(ws)
        outcome = run_reader(READER_BY_EXT[path.suffix], ws, path)
        assert_refused(outcome, path, "entit")
        assert token not in outcome.stdout + outcome.stderr
        assert digest(ws) == before
        assert token not in dump(ws)


def _export(ws: Path, fmt: str, slug: str = "notes") -> str:
    r = run_cli(["export", "--release", slug, "--lang", "en", "--format", fmt], cwd=ws)
    assert r.exit_code == 0, r.stderr
    return r.stdout


XLIFF_MUTATIONS = {
    "drops an inline code": lambda x: x,  # filled below (needs a unit with codes)
    "duplicate unit": lambda x: x.replace(
        "</file>", x[x.index("<unit ") : x.index("</unit>") + 7] + "</file>", 1
    ),
    "unit id not a number": lambda x: x.replace('<unit id="1"', '<unit id="one"', 1),
    "unknown state": lambda x: x.replace('state="initial"', 'state="bogus"', 1),
    "target language not in the workspace": lambda x: x.replace('trgLang="en"', 'trgLang="de"'),
    "source language differs": lambda x: x.replace('srcLang="fr"', 'srcLang="es"'),
    "release slug with ../": lambda x: x.replace('"notes"', '"../../etc"'),
    "truncated in the middle": lambda x: x[: len(x) // 2],
    "no languages": lambda x: x.replace('srcLang="fr"', "").replace('trgLang="en"', ""),
}


@pytest.mark.parametrize("mutation", sorted(XLIFF_MUTATIONS))
def test_edited_xliff_with_a_fault_is_refused_whole(ws, tmp_path, mutation):
    xliff = _export(ws, "xliff")
    # Translate every unit, so a refused file would otherwise change many rows.
    translated = xliff.replace("</source>\n", "</source>\n<target>Traduit.</target>\n")
    translated = translated.replace('state="initial"', 'state="translated"')
    if mutation == "drops an inline code":
        start = translated.index("<pc ")
        unit_start = translated.rindex("<unit ", 0, start)
        unit_end = translated.index("</unit>", start)
        unit = translated[unit_start:unit_end]
        broken = unit.replace("<target>Traduit.</target>", "<target>Sans code.</target>")
        text = translated[:unit_start] + broken + translated[unit_end:]
    else:
        text = XLIFF_MUTATIONS[mutation](
            translated.replace('state="translated"', 'state="initial"', 1)
            if mutation == "unknown state"
            else translated
        )
    path = tmp_path / "edited.xlf"
    path.write_text(text, encoding="utf-8")
    before = digest(ws)
    outcome = run_reader("xliff", ws, path)
    if mutation == "drops an inline code" and outcome.code == 0:
        pytest.fail(f"an XLIFF unit without its inline codes was imported: {outcome.stdout}")
    assert_refused(outcome, path)
    assert digest(ws) == before


def test_deeply_nested_html_finishes_promptly(tmp_path):
    """10,000 nested elements: ingested (or refused) in seconds, in a child process so
    a quadratic parser fails the test instead of hanging it."""
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><body>" + "<div>" * 10_000 + "Texte profond." + "</div>" * 10_000 + "</body></html>",
        encoding="utf-8",
    )
    root = tmp_path / "ws"
    init_workspace(root, source_lang="fr", target_langs=["en"], with_glossary=False)
    outcome = _subprocess(["-w", str(root), "ingest", str(path)], timeout=4)
    assert outcome.code in (0, 1, 2), outcome
    assert "Traceback" not in outcome.stderr


# ---------------------------------------------------------------------------
# Files that are not files, or stop being files
# ---------------------------------------------------------------------------
def _subprocess(args: list[str], timeout: float) -> Outcome:
    env = dict(os.environ, PYTHONPATH=str(REPO), L10N_USER="tester", NO_COLOR="1")
    env.pop("L10N_WORKSPACE", None)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "l10n", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return Outcome(-1, "", f"timed out after {timeout} s")
    return Outcome(proc.returncode, proc.stdout, proc.stderr)


FIFO_READERS = {
    "ingest": ("release.txt", ["ingest"]),
    "glossary": ("glossary.csv", ["glossary", "import"]),
    "xliff": ("edited.xlf", _cli_path("import", "xliff import")),
    "tmx": ("memory.tmx", _cli_path("tm import")),
    "tm-xliff": ("memory.sdlxliff", _cli_path("tm import")),
    "tm-po": ("memory.po", _cli_path("tm import")),
    "tm-other-name": ("memory.dat", _cli_path("tm import")),  # its root element is looked at
    "po": ("catalogue.po", _cli_path("po import")),
    "ingest-po": ("catalogue.po", ["ingest"]),
}
FIFO_READERS = {k: v for k, v in FIFO_READERS.items() if v[1] is not None}
FIFO_BUGS: dict[str, str] = {}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("reader", sorted(FIFO_READERS))
def test_fifo_is_refused_without_hanging(ws, tmp_path, reader, request):
    if reader in FIFO_BUGS:
        request.applymarker(pytest.mark.xfail(strict=True, reason=FIFO_BUGS[reader]))
    name, command = FIFO_READERS[reader]
    fifo = tmp_path / name
    os.mkfifo(fifo)
    before = digest(ws)
    timeout = 3 if reader in FIFO_BUGS else 20  # a hang is a hang; a refusal can be slow on CI
    outcome = _subprocess(["-w", str(ws), *command, str(fifo)], timeout=timeout)
    assert_refused(outcome, fifo, "not a regular file")
    assert digest(ws) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("reader", [r for r in ("xliff", "tmx") if r not in FIFO_READERS])
def test_fifo_is_refused_by_library_readers(ws, tmp_path, reader):
    """Readers whose command has not landed yet, through the library."""
    fifo = tmp_path / f"pipe.{'xlf' if reader == 'xliff' else 'tmx'}"
    os.mkfifo(fifo)
    call = {
        "xliff": "from l10n.interchange.xliff import import_xliff as f; "
        "r = f(w.open_store(), w, p, user='t')",
        "tmx": "from l10n.tm import import_tmx as f; r = f(w.open_store(), p)",
    }[reader]
    code = (
        "import sys; from l10n.workspace import load_workspace; from pathlib import Path\n"
        "from l10n.errors import L10nError\n"
        f"w = load_workspace(Path({str(ws)!r})); p = Path({str(fifo)!r})\n"
        f"try:\n    {call}\nexcept L10nError as e:\n    print('Error:', e, file=sys.stderr); "
        "sys.exit(e.exit_code)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=4, env=env
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the reader blocked on a FIFO")
    assert proc.returncode == 1 and "Error:" in proc.stderr, proc.stderr


def test_device_file_is_refused(ws):
    before = digest(ws)
    r = run_cli(["ingest", "/dev/zero", "--format", "txt"], cwd=ws)
    assert_refused(
        Outcome(r.exit_code, r.stdout, r.stderr), Path("/dev/zero"), "not a regular file"
    )
    assert digest(ws) == before


def test_file_removed_between_check_and_open(ws, tmp_path, monkeypatch):
    """The file exists when ingest looks at it and is gone when it opens it."""
    import l10n.ingest

    path = tmp_path / "vanishing.txt"
    shutil.copyfile(EXAMPLE_RELEASE, path)
    original = l10n.ingest.slug_from_path

    def slug_then_delete(p, lang):  # runs after the existence checks, before the read
        slug = original(p, lang)
        path.unlink()
        return slug

    monkeypatch.setattr(l10n.ingest, "slug_from_path", slug_then_delete)
    before = digest(ws)
    r = run_cli(["ingest", str(path)], cwd=ws)
    assert_refused(Outcome(r.exit_code, r.stdout, r.stderr), path, "does not exist")
    assert digest(ws) == before


def test_file_replaced_by_fifo_between_check_and_open(ws, tmp_path, monkeypatch):
    import l10n.ingest

    if not hasattr(os, "mkfifo"):
        pytest.skip("needs named pipes")
    path = tmp_path / "swapped.txt"
    shutil.copyfile(EXAMPLE_RELEASE, path)
    original = l10n.ingest.slug_from_path

    def slug_then_swap(p, lang):
        slug = original(p, lang)
        path.unlink()
        os.mkfifo(path)
        return slug

    monkeypatch.setattr(l10n.ingest, "slug_from_path", slug_then_swap)
    before = digest(ws)
    r = run_cli(["ingest", str(path)], cwd=ws)
    assert_refused(Outcome(r.exit_code, r.stdout, r.stderr), path, "not a regular file")
    assert digest(ws) == before


def test_read_error_in_the_middle_of_a_file(ws, tmp_path, monkeypatch):
    """The disk (or network share) fails after the first megabyte."""
    import l10n.fsutil

    path = tmp_path / "flaky.txt"
    path.write_bytes(b"Une phrase sans fin. " * 100_000)
    real_read = os.read
    calls = []

    def failing_read(fd, n):
        calls.append(n)
        if len(calls) > 1:
            raise OSError(5, "Input/output error")
        return real_read(fd, n)

    monkeypatch.setattr(l10n.fsutil.os, "read", failing_read)
    before = digest(ws)
    r = run_cli(["ingest", str(path)], cwd=ws)
    monkeypatch.undo()
    assert_refused(Outcome(r.exit_code, r.stdout, r.stderr), path, "Input/output error")
    assert digest(ws) == before


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["ingest", "{file}", "--release", "../../etc/passwd"], 2, "not a valid release slug"),
        (["ingest", "{file}", "--release", "a/../../b"], 2, "not a valid release slug"),
        (["ingest", "{file}", "--lang", "../fr"], 2, "not a language code"),
        (["ingest", "{file}", "--lang", "fr/../../x"], 2, "not a language code"),
        (["export", "--release", "../" + SLUG, "--lang", "en"], 1, "no release"),
        (["export", "--release", SLUG, "--lang", "../../en"], 2, "not a language code"),
        (["publish", "--release", SLUG, "--lang", "../en"], 2, "not a language code"),
    ],
)
def test_slugs_and_languages_with_dot_dot(ws, tmp_path, args, code, says):
    before = digest(ws)
    file = tmp_path / "release.txt"
    shutil.copyfile(EXAMPLE_RELEASE, file)
    r = run_cli([a.replace("{file}", str(file)) for a in args], cwd=ws)
    assert r.exit_code == code, r.stderr
    assert_refused(Outcome(r.exit_code, r.stdout, r.stderr), file, says)
    assert digest(ws) == before
    assert not (ws.parent / "etc").exists()


def test_cli_main_is_the_error_surface():
    """Sanity: the group the audit walks is the one users run."""
    assert cli.name == "cli"

"""Safety: nothing from user data or an untrusted repository gets out of its box.

- paths built from release slugs and language codes never leave the workspace (or the
  publishing folder), even when the database itself holds a hostile slug;
- exported HTML and the status report escape every piece of text;
- a planted API key never reaches the database, exports, logs, error messages or the
  MT cache (every artefact is grepped for it);
- ``l10n.toml`` is data (tomllib): weird values are refused with one clear line.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import pytest

from l10n.ingest import ingest_file
from l10n.workspace import load_workspace
from l10n.workspace_init import EXAMPLE_RELEASE, init_workspace

try:
    from tests.conftest import run_cli
    from tests.mtserver import MTServer
except ImportError:  # tests/ is not a package
    from conftest import run_cli
    from mtserver import MTServer

XSS = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


def make_ws(tmp_path: Path, targets=("en", "es", "ar")) -> Path:
    root = tmp_path / "ws"
    init_workspace(root, source_lang="fr", target_langs=list(targets), with_glossary=False)
    return root


def ingest(root: Path, path: Path, **kw) -> str:
    ws = load_workspace(root)
    with ws.open_store() as store:
        return ingest_file(
            store, path, source_lang="fr", target_langs=ws.target_langs, user="tester", **kw
        ).slug


def one_line_error(result, code: int | None = None) -> str:
    where = f"exit={result.exit_code} stdout={result.stdout!r} stderr={result.stderr!r}"
    assert result.exit_code != 0, where
    if code is not None:
        assert result.exit_code == code, where
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), where
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, where
    return lines[0]


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def outside_ws(tmp_path: Path) -> set[str]:
    return {p for p in tree(tmp_path) if p != "ws" and not p.startswith("ws/")}


# ---------------------------------------------------------------------------
# Paths built from user data
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("slug", ["../../evil", "../evil", "a/../../b", "/tmp/evil", "..", "."])
def test_hostile_slug_in_the_database_cannot_publish_outside(tmp_path, slug):
    """A database edited by hand (or by a buggy tool) holds a slug with path parts:
    publishing refuses it and writes nothing outside the publishing folder."""
    root = make_ws(tmp_path)
    src = tmp_path / "release.fr.txt"
    src.write_text("Le Koweït a pris des mesures.\n", encoding="utf-8")
    ingest(root, src)
    conn = sqlite3.connect(root / "l10n.db")
    conn.execute("UPDATE releases SET slug = ?", [slug])
    conn.commit()
    conn.close()
    outside = outside_ws(tmp_path)
    result = run_cli(["publish", "--allow-unfinished"], cwd=root)
    one_line_error(result)
    assert outside_ws(tmp_path) == outside, "publish wrote outside the workspace"
    assert not Path("/tmp/evil.txt").exists()


@pytest.mark.parametrize("lang", ["../en", "en/../../x", "../../../tmp/x", "en\\..\\..\\x"])
def test_language_codes_with_path_parts_are_refused(tmp_path, lang):
    root = make_ws(tmp_path)
    ingest(root, EXAMPLE_RELEASE)
    for args in (
        ["publish", "--lang", lang, "--allow-unfinished"],
        ["export", "--release", "oim-koweit-avrr", "--lang", lang, "-o", str(tmp_path / "o.txt")],
        ["segments", "--release", "oim-koweit-avrr", "--lang", lang],
    ):
        before = tree(tmp_path)
        one_line_error(run_cli(args, cwd=root), 2)
        assert tree(tmp_path) == before


def test_target_language_with_path_parts_in_l10n_toml_is_refused(tmp_path):
    root = make_ws(tmp_path)
    config = root / "l10n.toml"
    config.write_text(
        config.read_text().replace('target_langs = ["en", "es", "ar"]', 'target_langs = ["../x"]')
    )
    line = one_line_error(run_cli(["publish"], cwd=root))
    assert "l10n.toml" in line and "../x" in line


def test_symlinked_language_folder_is_not_followed_out(tmp_path):
    root = make_ws(tmp_path, targets=("en",))
    ingest(root, EXAMPLE_RELEASE)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "locales" / "en").symlink_to(outside, target_is_directory=True)
    line = one_line_error(run_cli(["publish", "--allow-unfinished"], cwd=root))
    assert "outside" in line
    assert list(outside.iterdir()) == []


def test_hostile_manifest_paths_are_reported_not_followed(tmp_path):
    root = make_ws(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (root / "locales" / "manifest.json").write_text(
        '{"schema": 1, "files": [{"path": "../../secret.txt", "sha256": "0"}]}', encoding="utf-8"
    )
    result = run_cli(["check", "--json"], cwd=root)
    assert result.exit_code == 1
    assert "outside" in result.stdout, result.stdout


def test_database_setting_cannot_point_outside_the_workspace(tmp_path):
    root = make_ws(tmp_path)
    elsewhere = tmp_path / "elsewhere.db"
    (root / "l10n.db").rename(elsewhere)
    config = root / "l10n.toml"
    config.write_text(
        config.read_text().replace('database = "l10n.db"', f'database = "{elsewhere}"')
    )
    result = run_cli(["releases"], cwd=root)
    one_line_error(result)


# ---------------------------------------------------------------------------
# Escaping in HTML exports and the report
# ---------------------------------------------------------------------------
def _approve_all(root: Path, slug: str, lang: str, text: str) -> None:
    from l10n import review

    ws = load_workspace(root)
    with ws.open_store() as store:
        release = store.require_release(slug)
        for seg in store.active_segments(release["id"]):
            target = text if "⟦" not in seg["source"] else seg["source"] + " " + text
            review.translate_segment(store, ws, seg["id"], lang, target, user=IMG)
            review.add_comment(store, seg["id"], lang, user=IMG, text=XSS)
            review.approve_segments(store, ws, [seg["id"]], lang, user="rev", force_reason=XSS)


def test_html_export_escapes_a_hostile_translation(tmp_path):
    root = make_ws(tmp_path, targets=("en",))
    page = tmp_path / "page.fr.html"
    page.write_text(
        '<html lang="fr"><head><title>Titre</title></head><body>\n'
        "<h1>Le Koweït</h1>\n<p>L’OIM a <b>salué</b> la décision.</p>\n"
        '<p><a href="http://x.org" title="Le rapport">Voir le rapport</a></p>\n'
        "</body></html>\n",
        encoding="utf-8",
    )
    slug = ingest(root, page)
    _approve_all(root, slug, "en", XSS + " & " + IMG)
    result = run_cli(["export", "--release", slug, "--lang", "en"], cwd=root)
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    assert "<script" not in html and "<img" not in html, html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The markup of the source is kept, and the document is still well formed.
    assert "<b>" in html and 'href="http://x.org"' in html and 'lang="en"' in html
    for fmt in ("xliff", "po", "json"):
        out = run_cli(["export", "--release", slug, "--lang", "en", "--format", fmt], cwd=root)
        assert out.exit_code == 0, (fmt, out.stderr)
        if fmt == "xliff":
            assert "<script" not in out.stdout and "&lt;script&gt;" in out.stdout


def test_report_escapes_every_piece_of_text(tmp_path):
    root = make_ws(tmp_path, targets=("en",))
    src = tmp_path / "release.fr.txt"
    src.write_text(f"Titre {XSS}\n\nLe Koweït a pris des mesures {IMG}.\n", encoding="utf-8")
    slug = ingest(root, src)
    _approve_all(root, slug, "en", "Kuwait " + XSS)
    run_cli(["assign", "--release", slug, "--lang", "en", "--to", IMG], cwd=root)
    out = tmp_path / "report.html"
    result = run_cli(["report", "-o", str(out)], cwd=root, env={"L10N_USER": IMG})
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "onerror=" not in html.replace("onerror=&quot;", "")  # only as escaped text
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html or "&lt;img" in html


# ---------------------------------------------------------------------------
# A planted API key never leaks
# ---------------------------------------------------------------------------
KEY = "sk-PLANTED-4f9c2e7a1b-KEY"


def fast_libre(root: Path) -> None:
    """The libre engine with short timeouts and retries, so failing runs end fast."""
    config = root / "l10n.toml"
    config.write_text(
        config.read_text()
        .replace(
            'engine = "pseudo"\n',
            'engine = "libre"\nretries = 1\nbackoff = 0.01\nbackoff_max = 0.02\n',
        )
        .replace("timeout = 15.0", "timeout = 1.0")
    )


def test_planted_api_key_never_reaches_any_artefact(tmp_path, caplog):
    root = make_ws(tmp_path, targets=("en", "es"))
    ingest(root, EXAMPLE_RELEASE)
    fast_libre(root)
    env = {"L10N_LIBRE_API_KEY": KEY}
    outputs: list[str] = []
    caplog.set_level(logging.DEBUG)
    with MTServer() as server:
        # A failing run (the key refused, a server error quoting the request) ...
        server.default = "403"
        for args in (
            [
                "pretranslate",
                "--release",
                "oim-koweit-avrr",
                "--lang",
                "en",
                "--url",
                server.url,
            ],
            [
                "pretranslate",
                "--release",
                "oim-koweit-avrr",
                "--lang",
                "en",
                "--url",
                server.url + "?api_key=" + KEY,
                "--json",
            ],
            [
                "--debug",
                "pretranslate",
                "--release",
                "oim-koweit-avrr",
                "--lang",
                "es",
                "--url",
                "http://127.0.0.1:9/",
            ],
        ):
            r = run_cli(args, cwd=root, env=env)
            outputs += [r.stdout, r.stderr]
        # ... then a successful one, with the key sent to the server.
        server.default = "normal"
        r = run_cli(
            [
                "pretranslate",
                "--release",
                "oim-koweit-avrr",
                "--lang",
                "en",
                "--url",
                server.url,
            ],
            cwd=root,
            env=env,
        )
        outputs += [r.stdout, r.stderr]
        assert r.exit_code == 0, r.stderr
        assert any(req.get("api_key") == KEY for req in server.requests), "key not used"
    for args in (
        ["export", "--release", "oim-koweit-avrr", "--lang", "en", "-o", str(root / "x.txt")],
        [
            "export",
            "--release",
            "oim-koweit-avrr",
            "--lang",
            "en",
            "--format",
            "xliff",
            "-o",
            str(root / "x.xlf"),
        ],
        [
            "export",
            "--release",
            "oim-koweit-avrr",
            "--lang",
            "en",
            "--format",
            "po",
            "-o",
            str(root / "x.po"),
        ],
        ["publish", "--allow-unfinished", "--min-state", "pretranslated"],
        ["report", "-o", str(root / "report.html")],
        ["backup", str(root / "backup.db")],
        ["log", "--json"],
        ["segments", "--release", "oim-koweit-avrr", "--lang", "en", "--json"],
        ["check", "--json"],
    ):
        r = run_cli(args, cwd=root, env=env)
        outputs += [r.stdout, r.stderr]
    # Every file of the workspace (database, WAL, exports, report, backup, locales).
    scanned = 0
    for path in root.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), f"the API key is in {path}"
            scanned += 1
    assert scanned >= 8
    conn = sqlite3.connect(root / "l10n.db")
    try:
        for table in ("mt_cache", "mt_failures", "history", "translations", "workspace_meta"):
            for row in conn.execute(f"SELECT * FROM {table}"):  # noqa: S608
                assert KEY not in repr(row), (table, row)
    finally:
        conn.close()
    for text in outputs:
        assert KEY not in text, text
    # l10n's own log records (urllib3's DEBUG lines print request URLs, and
    # deep-translator puts the key in the query string: see the note in the report).
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("l10n")]
    assert ours and not [m for m in ours if KEY in m]
    assert KEY not in "".join(os.environ.get(k, "") for k in ("L10N_USER",))


def test_api_key_in_l10n_toml_is_not_copied_anywhere(tmp_path):
    root = make_ws(tmp_path, targets=("en",))
    ingest(root, EXAMPLE_RELEASE)
    config = root / "l10n.toml"
    config.write_text(config.read_text().replace("[mt]\n", f'[mt]\napi_key = "{KEY}"\n'))
    with MTServer() as server:
        server.default = "403"
        r = run_cli(
            [
                "pretranslate",
                "--release",
                "oim-koweit-avrr",
                "--engine",
                "libre",
                "--url",
                server.url,
            ],
            cwd=root,
        )
    assert KEY not in r.stdout + r.stderr
    for path in root.rglob("*"):
        if path.is_file() and path.name != "l10n.toml":
            assert KEY.encode() not in path.read_bytes(), path


# ---------------------------------------------------------------------------
# l10n.toml from an untrusted repository
# ---------------------------------------------------------------------------
WEIRD_CONFIGS = {
    "not toml": "source_lang = fr\n[[[",
    "python code": 'source_lang = __import__("os").system("touch PWNED")\n',
    "source a list": 'source_lang = ["fr"]\ntarget_langs = ["en"]\n',
    "targets a number": 'source_lang = "fr"\ntarget_langs = 42\n',
    "target with path": 'source_lang = "fr"\ntarget_langs = ["en", "../../etc"]\n',
    "deep nesting": 'source_lang = "fr"\ntarget_langs = ["en"]\nx = ' + "[" * 5000 + "]" * 5000,
    "binary": "\x00\x01\x02 garbage",
}
WORKSPACE_TOML_BUGS: dict[str, str] = {}


@pytest.mark.parametrize("name", sorted(WEIRD_CONFIGS))
def test_weird_l10n_toml_is_refused_cleanly(tmp_path, name, request):
    if name in WORKSPACE_TOML_BUGS:
        request.applymarker(pytest.mark.xfail(strict=True, reason=WORKSPACE_TOML_BUGS[name]))
    root = make_ws(tmp_path)
    (root / "l10n.toml").write_text(WEIRD_CONFIGS[name], encoding="utf-8")
    for args in (["releases"], ["status"], ["check"]):
        line = one_line_error(run_cli(args, cwd=root))
        assert "l10n.toml" in line, line
    assert not (root / "PWNED").exists() and not Path("PWNED").exists()


WEIRD_SETTINGS = {
    "concurrency a string": ("[mt]", 'concurrency = "lots"'),
    "concurrency negative": ("[mt]", "concurrency = -3"),
    "deadline a string": ("[mt]", 'deadline = "soon"'),
    "timeout a list": ("[mt]", "timeout = [1, 2]"),
    "engine unknown": ("[mt]", 'engine = "os.system"'),
    "engine a table": ("[mt]", "engine = { name = 'x' }"),
    "threshold a string": ("[tm]", 'threshold = "high"'),
    "threshold out of range": ("[tm]", "threshold = 1000"),
    "concurrency a float": ("[mt]", "concurrency = 2.5"),
    "url a number": ("[mt]", "url = 5"),
    "huge string": ("[mt]", 'engine = "' + "a" * 1_000_000 + '"'),
}


def test_sections_that_are_not_tables_are_refused(tmp_path):
    root = make_ws(tmp_path, targets=("en",))
    ingest(root, EXAMPLE_RELEASE)
    config = root / "l10n.toml"
    text = config.read_text()
    config.write_text('mt = "pseudo"\n' + text[text.index("source_lang") : text.index("[mt]")])
    line = one_line_error(run_cli(["pretranslate", "--release", "oim-koweit-avrr"], cwd=root))
    assert "[mt] section" in line


@pytest.mark.parametrize("name", sorted(WEIRD_SETTINGS))
def test_weird_settings_give_one_clear_line(tmp_path, name):
    root = make_ws(tmp_path, targets=("en",))
    ingest(root, EXAMPLE_RELEASE)
    section, line = WEIRD_SETTINGS[name]
    config = root / "l10n.toml"
    text = config.read_text()
    key = line.split("=")[0].strip()
    lines = [ln for ln in text.splitlines() if not ln.startswith(key + " ")]
    text = "\n".join(lines).replace(section + "\n", f"{section}\n{line}\n")
    config.write_text(text + "\n")
    result = run_cli(["pretranslate", "--release", "oim-koweit-avrr"], cwd=root)
    line = one_line_error(result)
    assert len(line) < 400, "the message repeats a huge value"
    # Nothing was half done: no translation changed.
    conn = sqlite3.connect(root / "l10n.db")
    try:
        assert conn.execute("SELECT COUNT(*) FROM history").fetchone()[0] == 0
    finally:
        conn.close()

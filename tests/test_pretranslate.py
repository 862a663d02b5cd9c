"""Pretranslation: TM first, then MT over real HTTP (loopback), stored as results arrive."""

from __future__ import annotations

import json

from l10n.store import Store
from l10n.workspace_init import SHIPPED_GLOSSARY

DOC = (
    "Le gouvernement a choisi de protéger les victimes.\n\n"
    "L’OIM fournit des services AVRR au Koweït.\n\n"
    "Le gouvernement a choisi de protéger les victimes.\n\n"
    "Le Centre peut accueillir 500 résidents.\n"
)


def _use_libre(workspace, server) -> None:
    config = workspace / "l10n.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(
        'engine = "pseudo"',
        f'engine = "libre"\nurl = "{server.url}"\nretries = 1\nbackoff = 0.01\nbackoff_max = 0.02',
    )
    text = text.replace("timeout = 15.0", "timeout = 1.0")
    config.write_text(text, encoding="utf-8")


def _ingest(cli_in, tmp_path, name="release.txt", text=DOC):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = cli_in("ingest", str(path))
    assert result.exit_code == 0, result.stderr
    return path.stem


def _rows(cli_in, slug, lang):
    return json.loads(cli_in("segments", "--release", slug, "--lang", lang, "--json").stdout)


def test_pseudo_pretranslates_the_seed_release(cli_in, seed_file):
    assert cli_in("glossary", "import", str(SHIPPED_GLOSSARY)).exit_code == 0
    cli_in("ingest", str(seed_file))
    result = cli_in("pretranslate", "--release", "oim-koweit-avrr", "--json")
    assert result.exit_code == 0, result.stderr
    summary = {s["lang"]: s for s in json.loads(result.stdout)}
    assert set(summary) == {"en", "es", "ar"}
    rows = _rows(cli_in, "oim-koweit-avrr", "ar")
    assert summary["ar"]["mt"] == len(rows) and summary["ar"]["failed"] == 0
    assert all(r["state"] == "pretranslated" and r["origin"] == "mt:pseudo" for r in rows)
    # Do-not-translate terms of the shipped glossary survive machine translation.
    avrr = [r for r in rows if "AVRR" in r["source"]]
    assert avrr and all("AVRR" in r["target"] for r in avrr)


def test_libre_over_http_repeated_sentence_costs_one_request(cli_in, workspace, tmp_path, server):
    _use_libre(workspace, server)
    slug = _ingest(cli_in, tmp_path)
    result = cli_in("pretranslate", "--release", slug, "--lang", "en", "--json")
    assert result.exit_code == 0, result.stderr
    [summary] = json.loads(result.stdout)
    assert summary["mt"] == 3 and summary["failed"] == 0
    assert server.count() == 3 and server.duplicates() == 0
    rows = _rows(cli_in, slug, "en")
    assert {r["target"] for r in rows} >= {"EN Le gouvernement a choisi de protéger les victimes."}
    assert all(r["origin"] == "mt:libre" for r in rows)
    # The rebuilt document has the translation at both places of the repeated sentence.
    out = cli_in("export", "--release", slug, "--lang", "en").stdout
    assert out.count("EN Le gouvernement a choisi de protéger les victimes.") == 2


def test_cache_is_persistent_a_second_release_costs_no_request(cli_in, workspace, tmp_path, server):
    _use_libre(workspace, server)
    first = _ingest(cli_in, tmp_path)
    cli_in("pretranslate", "--release", first, "--lang", "en")
    sent = server.count()
    second = _ingest(cli_in, tmp_path, "copy.txt")
    result = cli_in("pretranslate", "--release", second, "--lang", "en", "--json")
    [summary] = json.loads(result.stdout)
    assert server.count() == sent
    assert summary["mt"] == 3 and summary["cached"] == 3


def test_failures_are_recorded_not_stored_and_a_rerun_finishes(cli_in, workspace, tmp_path, server):
    _use_libre(workspace, server)
    slug = _ingest(cli_in, tmp_path)
    server.behave("Le Centre peut accueillir 500 résidents.", "500")
    result = cli_in("pretranslate", "--release", slug, "--lang", "en")
    assert result.exit_code == 1
    assert "1 segments could not be machine-translated" in result.stderr
    assert "run the same command again" in result.stderr
    rows = {r["source"]: r for r in _rows(cli_in, slug, "en")}
    failed = rows["Le Centre peut accueillir 500 résidents."]
    assert failed["state"] == "untranslated" and failed["target"] is None
    store = Store.open(workspace / "l10n.db")
    failures = store.db.execute("SELECT segment_id, engine, error FROM mt_failures").fetchall()
    store.close()
    assert failures == [(failed["id"], "libre", "engine server error (HTTP 500)")]

    server.reset()
    result = cli_in("pretranslate", "--release", slug, "--lang", "en", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["mt"] == 1 and server.count() == 1
    store = Store.open(workspace / "l10n.db")
    assert store.db.execute("SELECT COUNT(*) FROM mt_failures").fetchone()[0] == 0
    store.close()


def test_echo_and_dropped_placeholder_are_failures(cli_in, workspace, tmp_path, server):
    _use_libre(workspace, server)
    slug = _ingest(
        cli_in,
        tmp_path,
        "doc.md",
        "Voir [le site](https://iom.int) de l’OIM.\n\nUne autre phrase ici.\n",
    )
    server.behave("Une autre phrase ici.", "echo")
    server.default = "drop"
    result = cli_in("pretranslate", "--release", slug, "--lang", "en", "--json")
    assert result.exit_code == 1
    errors = sorted(f["error"] for f in json.loads(result.stdout)[0]["failures"])
    assert errors[0] == "engine echoed the source text"
    assert "placeholder" in errors[1]
    assert all(r["state"] == "untranslated" for r in _rows(cli_in, slug, "en"))


def test_dry_run_sends_nothing_and_estimates(cli_in, workspace, tmp_path, server):
    _use_libre(workspace, server)
    slug = _ingest(cli_in, tmp_path)
    result = cli_in("pretranslate", "--release", slug, "--lang", "en,es", "--dry-run", "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert server.count() == 0
    assert [s["to_send"] for s in summary] == [3, 3]
    assert summary[0]["chars"] > 80
    assert all(r["state"] == "untranslated" for r in _rows(cli_in, slug, "en"))


def test_human_work_is_never_overwritten(cli_in, workspace, tmp_path):
    slug = _ingest(cli_in, tmp_path)
    first = _rows(cli_in, slug, "en")[0]
    result = cli_in(
        "translate",
        str(first["id"]),
        "--lang",
        "en",
        "--text",
        "The government chose to protect the victims.",
    )
    assert result.exit_code == 0, result.stderr
    cli_in("pretranslate", "--release", slug, "--lang", "en")
    rows = {r["id"]: r for r in _rows(cli_in, slug, "en")}
    assert rows[first["id"]]["target"] == "The government chose to protect the victims."
    assert rows[first["id"]]["state"] == "translated"
    assert all(r["state"] == "pretranslated" for i, r in rows.items() if i != first["id"])


def test_translation_memory_comes_first(cli_in, workspace, tmp_path):
    slug = _ingest(cli_in, tmp_path)
    rows = _rows(cli_in, slug, "en")
    by_source = {r["source"]: r for r in rows}
    centre = by_source["Le Centre peut accueillir 500 résidents."]
    cli_in(
        "translate",
        str(centre["id"]),
        "--lang",
        "en",
        "--text",
        "The Centre can host 500 residents.",
    )
    assert cli_in("approve", str(centre["id"]), "--lang", "en", "--user", "rev").exit_code == 0

    other = (
        "Le gouvernement a choisi.\n\nLe Centre peut accueillir 500 résidents.\n\n"
        "Le Centre peut accueillir 600 résidents.\n"
    )
    second = _ingest(cli_in, tmp_path, "later.txt", other)
    result = cli_in("pretranslate", "--release", second, "--lang", "en", "--tm-only", "--json")
    assert result.exit_code == 0, result.stderr
    [summary] = json.loads(result.stdout)
    assert summary["tm_exact"] == 1 and summary["tm_fuzzy"] == 1 and summary["mt"] == 0
    rows = {r["source"]: r for r in _rows(cli_in, second, "en")}
    exact = rows["Le Centre peut accueillir 500 résidents."]
    assert exact["state"] == "pretranslated" and exact["origin"].startswith("tm:10")
    fuzzy = rows["Le Centre peut accueillir 600 résidents."]
    assert fuzzy["state"] == "needs_work" and fuzzy["origin"].startswith("tm:")
    assert rows["Le gouvernement a choisi."]["state"] == "untranslated"

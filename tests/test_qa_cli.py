"""``l10n qa``: ad-hoc pair checks without a workspace, listing, ignoring, re-checking."""

from __future__ import annotations

import json

from l10n.states import TRANSLATED
from l10n.store import Store, utcnow
from tests.conftest import run_cli

GLOSSARY = (
    "id,fr,fr_flags,en,en_status,en_flags\n"
    "iom,OIM,acronym,IOM,preferred,acronym\n"
    "avrr,AVRR,acronym dnt,,,\n"
    "smuggling,trafic illicite de migrants,,migrant smuggling|people trafficking,"
    "preferred|forbidden,\n"
)


def test_pair_check_without_workspace_exits_1_on_critical(tmp_path):
    result = run_cli(
        [
            "qa",
            "check",
            "--from",
            "fr",
            "--to",
            "en",
            "--source",
            "L’OIM a aidé 72 176 migrants.",
            "--target",
            "IOM helped 72,177 migrants.",
            "--json",
        ],
        cwd=tmp_path,
    )
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert [(i["check_id"], i["severity"]) for i in issues] == [
        ("numbers", "critical"),
        ("numbers", "critical"),
    ]
    assert issues[0]["message"] == "the number 72 176 is missing or changed"


def test_pair_check_passes_a_good_translation(tmp_path):
    result = run_cli(
        [
            "qa",
            "check",
            "--from",
            "fr",
            "--to",
            "en",
            "--source",
            "L’OIM a aidé 72 176 migrants.",
            "--target",
            "IOM helped 72,176 migrants.",
        ],
        cwd=tmp_path,
    )
    assert result.exit_code == 0
    assert result.stdout.strip() == "1 pair(s) checked: no issues."


def test_warnings_alone_exit_0(tmp_path):
    result = run_cli(
        [
            "qa",
            "check",
            "--from",
            "fr",
            "--to",
            "en",
            "--source",
            "Les chiffres.",
            "--target",
            "The figures",
            "--json",
        ],
        cwd=tmp_path,
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["check_id"] == "end-punctuation"


def test_pairs_file_with_glossary(tmp_path):
    (tmp_path / "terms.csv").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "pairs.tsv").write_text(
        "source\ttarget\n"
        "L’OIM fournit des services AVRR.\tIOM provides AVRR services.\n"
        "Le trafic illicite de migrants.\tPeople trafficking.\n"
        "L’OIM fournit des services AVRR.\tIOM provides ARVR services.\n",
        encoding="utf-8",
    )
    result = run_cli(
        [
            "qa",
            "check",
            "--from",
            "fr",
            "--to",
            "en",
            "--pairs",
            "pairs.tsv",
            "--glossary",
            "terms.csv",
            "--json",
        ],
        cwd=tmp_path,
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [d["pair"] for d in data] == [1, 2, 3]
    assert [[i["check_id"] for i in d["issues"]] for d in data] == [
        [],
        ["glossary", "forbidden-term"],
        ["dnt"],
    ]


def test_pairs_file_errors_are_one_line(tmp_path):
    (tmp_path / "bad.tsv").write_text("no tab here\n", encoding="utf-8")
    result = run_cli(
        ["qa", "check", "--from", "fr", "--to", "en", "--pairs", "bad.tsv"], cwd=tmp_path
    )
    assert result.exit_code == 1
    assert "bad.tsv, line 1: no tab between source and target" in result.stderr


def test_usage_errors(tmp_path):
    result = run_cli(["qa", "check", "--to", "en", "--source", "a", "--target", "b"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "--from is needed outside a workspace" in result.stderr
    result = run_cli(
        [
            "qa",
            "check",
            "--from",
            "fr",
            "--to",
            "en",
            "--source",
            "a",
            "--target",
            "b",
            "--check",
            "nope",
        ],
        cwd=tmp_path,
    )
    assert result.exit_code == 2
    assert "unknown check 'nope'" in result.stderr


def test_checks_listing(tmp_path):
    result = run_cli(["qa", "checks", "--json"], cwd=tmp_path)
    rows = json.loads(result.stdout)
    assert {"numbers", "glossary", "dnt"} <= {r["check_id"] for r in rows}
    assert all(r["description"] for r in rows)


def test_workspace_list_ignore_and_recheck(workspace, seed_file, cli_in):
    assert cli_in("ingest", str(seed_file), "--release", "avrr").exit_code == 0
    with Store.open(workspace / "l10n.db") as store:
        release = store.require_release("avrr")
        row = next(
            r for r in store.segment_rows(release["id"], "en") if "Loi 68/2015" in r["source"]
        )
        sid = row["id"]
        store.change_translation(
            sid,
            "en",
            target="In 2015, Kuwait adopted Law 68/2016.",
            state=TRANSLATED,
            origin="human",
            user="tester",
            action="translate",
            now=utcnow(),
        )
    result = cli_in("qa", "check", "--release", "avrr", "--lang", "en", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)[0]["critical"] >= 1

    listed = json.loads(cli_in("qa", "--lang", "en", "--json").stdout)
    assert {i["check_id"] for i in listed if i["segment_id"] == sid} >= {"numbers"}
    assert json.loads(cli_in("qa", "list", "--check", "numbers", "--json").stdout)

    result = cli_in("qa", "ignore", str(sid), "numbers", "--lang", "en", "--reason", "checked")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"segment {sid} (en): numbers ignored"
    listed = json.loads(cli_in("qa", "--check", "numbers", "--json").stdout)
    assert listed == []
    listed = json.loads(cli_in("qa", "--check", "numbers", "--ignored", "--json").stdout)
    assert listed and all(i["ignored"] for i in listed)
    assert cli_in("qa", "ignore", str(sid), "numbers", "--lang", "en", "--undo").exit_code == 0
    assert json.loads(cli_in("qa", "--check", "numbers", "--json").stdout)


def test_pair_check_in_a_workspace_uses_its_languages(workspace, cli_in):
    result = cli_in(
        "qa", "check", "--to", "es", "--source", "Pourquoi ?", "--target", "Por qué?", "--json"
    )
    assert result.exit_code == 0
    assert [i["check_id"] for i in json.loads(result.stdout)] == ["es-typography"]

"""The bundled seed release reviewed end to end by piped input, by a translator and a
reviewer under four-eyes review: every segment ends approved and the log says who did
what. Also: glossary terms and QA issues on the review screen, and QA blocking approval."""

from __future__ import annotations

import json

from l10n.store import Store

SLUG = "oim-koweit-avrr"
FIXED_28 = (
    "The Centre can host 500 residents who receive free accommodation, food, legal advice, "
    "psychosocial support and durable exit solutions."
)
WRONG_28 = FIXED_28.replace("500", "50")


def _team(root) -> None:
    path = root / "l10n.toml"
    text = path.read_text(encoding="utf-8").replace("four_eyes = false", "four_eyes = true")
    text = text.replace(
        "[roles]\n",
        '[roles]\nalice = ["translator"]\nbob = ["reviewer"]\ncarol = ["coordinator"]\n',
    )
    path.write_text(text, encoding="utf-8")


def _states(root) -> dict[int, str]:
    store = Store.open(root / "l10n.db")
    try:
        rel = store.require_release(SLUG)
        return {r["id"]: r["state"] for r in store.segment_rows(rel["id"], "en")}
    finally:
        store.close()


def test_seed_release_reviewed_end_to_end_by_piped_input(cli_in, workspace, seed_file):
    _team(workspace)
    alice, bob, carol = ({"L10N_USER": u} for u in ("alice", "bob", "carol"))
    assert cli_in("ingest", str(seed_file)).exit_code == 0
    result = cli_in("pretranslate", "--release", SLUG, "--lang", "en", "--engine", "pseudo")
    assert result.exit_code == 0, result.stderr
    segments = sorted(_states(workspace))
    assert len(segments) == 29 and set(_states(workspace).values()) == {50}
    centre = segments[27]  # "Le Centre peut accueillir 500 résidents ..."

    for user in ("alice", "bob"):
        result = cli_in("assign", "--release", SLUG, "--lang", "en", "--to", user, env=carol)
        assert result.exit_code == 0, result.stderr

    # the translator confirms the machine translations, and edits one (with a slip)
    queue = "a\n" * 27 + f"e\n{WRONG_28}\n" + "a\n"
    result = cli_in("review", "--lang", "en", "--mine", input=queue, env=alice)
    assert result.exit_code == 0, result.stderr
    assert "Saved: 28 accepted, 1 edited." in result.stdout
    assert set(_states(workspace).values()) == {70}

    # the translator may not approve; the reviewer approves, QA stops the wrong number
    result = cli_in("approve", str(segments[0]), "--lang", "en", env=alice)
    assert result.exit_code == 1 and "alice may not approve or reject" in result.stderr
    queue = "a\n" * 28 + "r\nThe Centre hosts 500 residents, not 50\n" + "a\n"
    result = cli_in("review", "--lang", "en", "--mine", env=bob, input=queue)
    assert result.exit_code == 0, result.stderr
    assert "has 2 critical QA issues: the number 500 is missing or changed" in result.stdout
    assert "QA       [critical] the number 50 is not in the source" in result.stdout
    assert "Saved: 28 approved, 1 rejected." in result.stdout
    states = _states(workspace)
    assert [s for s, v in states.items() if v != 100] == [centre] and states[centre] == 20

    # the translator sees why, fixes the rejected segment, the reviewer approves it
    result = cli_in(
        "review",
        "--lang",
        "en",
        "--mine",
        "--state",
        "rejected",
        env=alice,
        input=f"e\n{FIXED_28}\n",
    )
    assert "  rejected by bob: The Centre hosts 500 residents, not 50" in result.stdout
    result = cli_in("review", "--lang", "en", "--mine", env=bob, input="a\n")
    assert "Saved: 1 approved." in result.stdout
    assert set(_states(workspace).values()) == {100}

    # the log tells who did what
    log = json.loads(cli_in("log", "--release", SLUG, "--lang", "en", "--json").stdout)
    by_segment: dict[int, list[tuple[str, str]]] = {}
    for row in reversed(log):
        by_segment.setdefault(row["segment_id"], []).append((row["user"], row["action"]))
    for sid in segments:
        if sid != centre:
            assert by_segment[sid] == [
                ("tester", "pretranslate"),
                ("alice", "confirm"),
                ("bob", "approve"),
            ]
    assert by_segment[centre] == [
        ("tester", "pretranslate"),
        ("alice", "translate"),
        ("bob", "reject"),
        ("alice", "translate"),
        ("bob", "approve"),
    ]
    reject = next(r for r in log if r["action"] == "reject")
    assert reject["reason"] == "The Centre hosts 500 residents, not 50"
    table = cli_in("log", "--release", SLUG, "--user", "bob", "-n", "1").stdout
    assert "bob" in table and "approve" in table and "alice" not in table

    # what ships is the reviewed text
    exported = cli_in("export", "--release", SLUG, "--lang", "en", "--min-state", "approved")
    assert FIXED_28 in exported.stdout


def test_review_screen_shows_glossary_terms_and_qa(cli_in, workspace, seed_file):
    result = cli_in(
        "glossary", "add", "--term", "fr=victime de traite", "--term", "en=victim of trafficking"
    )
    assert result.exit_code == 0, result.stderr
    assert cli_in("ingest", str(seed_file)).exit_code == 0
    shown = json.loads(cli_in("segments", "--release", SLUG, "--json").stdout)
    seg = next(s for s in shown if "victimes de traite" in s["source"])
    assert (
        cli_in(
            "translate", str(seg["id"]), "--lang", "en", "--text", "IOM helps people go home."
        ).exit_code
        == 0
    )
    data = json.loads(cli_in("show", str(seg["id"]), "--lang", "en", "--json").stdout)
    hit = next(h for h in data["glossary"] if h["text"] == "victimes de traite")
    assert hit["targets"] == ["victim of trafficking"]
    assert seg["source"][hit["start"] : hit["end"]] == "victimes de traite"
    assert any(i["check_id"] == "glossary" for i in data["qa"])
    out = cli_in("show", str(seg["id"]), "--lang", "en").stdout
    assert "term     victimes de traite → victim of trafficking" in out
    assert "QA       [warning]" in out


def test_critical_qa_blocks_approval_unless_forced(cli_in, workspace, tmp_path):
    doc = tmp_path / "memo.txt"
    doc.write_text("Le centre accueille 500 résidents.\n", encoding="utf-8")
    assert cli_in("ingest", str(doc)).exit_code == 0
    sid = json.loads(cli_in("segments", "--release", "memo", "--json").stdout)[0]["id"]
    assert (
        cli_in(
            "translate", str(sid), "--lang", "en", "--text", "The centre hosts 50 residents."
        ).exit_code
        == 0
    )
    result = cli_in("approve", str(sid), "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: segment {sid} (en) has 2 critical QA issues: the number 500 is missing or "
        "changed; the number 50 is not in the source. Fix the translation, or approve anyway "
        "with --force REASON (kept in the history)."
    )
    result = cli_in(
        "approve", str(sid), "--lang", "en", "--force", "figure confirmed by HQ", "--json"
    )
    assert result.exit_code == 0 and json.loads(result.stdout)["state"] == "approved"
    log = json.loads(cli_in("log", "--release", "memo", "-n", "1", "--json").stdout)[0]
    assert log["action"] == "approve" and log["reason"].endswith(": figure confirmed by HQ")
    assert "approved despite critical QA issues" in log["reason"]
    # fixing the text clears the issue: approval needs no force
    assert (
        cli_in(
            "translate", str(sid), "--lang", "en", "--text", "The centre hosts 500 residents."
        ).exit_code
        == 0
    )
    assert cli_in("approve", str(sid), "--lang", "en").exit_code == 0

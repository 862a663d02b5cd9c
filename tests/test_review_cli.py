"""The review desk through the CLI: interactive review driven by piped input, and the
scriptable commands covering the same transitions with --json."""

from __future__ import annotations

import json

import pytest

from l10n.mt.pseudo import pseudo_localise
from l10n.review import apply_pretranslation
from l10n.states import APPROVED, PRETRANSLATED, REJECTED, TRANSLATED, UNTRANSLATED
from l10n.store import Store

SLUG = "oim-koweit-avrr"


def _db(workspace) -> Store:
    return Store.open(workspace / "l10n.db")


def _pretranslate(workspace, lang="en", skip=()) -> list[int]:
    """Fill every segment with a stand-in machine translation; returns the ids in order."""
    store = _db(workspace)
    rel = store.require_release(SLUG)
    ids = []
    for seg in store.active_segments(rel["id"]):
        ids.append(seg["id"])
        if seg["id"] in skip:
            continue
        assert apply_pretranslation(
            store,
            seg["id"],
            lang,
            target=pseudo_localise(seg["source"]),
            origin="mt:pseudo",
            state=PRETRANSLATED,
            user="robot",
        )
    store.close()
    return ids


def _row(workspace, segment_id, lang="en") -> dict:
    store = _db(workspace)
    try:
        return store.get_translation(segment_id, lang)
    finally:
        store.close()


def _history(workspace, segment_id, lang="en") -> list[dict]:
    store = _db(workspace)
    try:
        return store.segment_history(segment_id, lang)
    finally:
        store.close()


@pytest.fixture
def seeded(cli_in, workspace, seed_file):
    assert cli_in("ingest", str(seed_file)).exit_code == 0
    return _pretranslate(workspace)


def test_review_piped_accept_edit_reject_comment_back_quit(cli_in, workspace, seeded):
    s1, s2, s3, s4, s5 = seeded[:5]

    # accept: the first segment of the queue is approved and the session quits cleanly
    result = cli_in("review", "--lang", "en", input="a\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout  # no colour when piped
    assert "1/29" in result.stdout and "Qui sommes nous" in result.stdout
    row = _row(workspace, s1)
    assert (row["state"], row["author"], row["origin"]) == (APPROVED, "tester", "mt:pseudo")

    # edit: the next line is the new text; approved segments left the queue
    result = cli_in("review", "--lang", "en", input="e\nThe IOM is part of the UN system.\nq\n")
    assert result.exit_code == 0, result.stderr
    row = _row(workspace, s2)
    assert (row["target"], row["state"], row["origin"]) == (
        "The IOM is part of the UN system.",
        TRANSLATED,
        "human",
    )

    # reject (reason on the next line), then comment and back, then edit the rejected one
    result = cli_in(
        "review", "--lang", "en", "--state", "pretranslated", input="r\nWrong term\n"
    )  # end of input: saved anyway
    assert result.exit_code == 0, result.stderr
    row = _row(workspace, s3)
    assert row["state"] == REJECTED and row["target"] == pseudo_localise(_source(workspace, s3))
    assert _history(workspace, s3)[-1]["reason"] == "Wrong term"

    result = cli_in(
        "review",
        "--lang",
        "en",
        "--state",
        "pretranslated,rejected",
        input="s\nc\nUse the official title\nb\ne\nStructure\ns\nq\n",
    )
    assert result.exit_code == 0, result.stderr
    store = _db(workspace)
    comments = store.segment_comments(s4, "en")
    store.close()
    assert [(c["user"], c["text"]) for c in comments] == [("tester", "Use the official title")]
    row = _row(workspace, s3)
    assert (row["target"], row["state"]) == ("Structure", TRANSLATED)
    assert _row(workspace, s4)["state"] == PRETRANSLATED  # commented and skipped: unchanged
    assert "comment saved" in result.stdout
    assert "Saved: 1 edited, 1 commented, 2 skipped." in result.stdout
    # the claims of the session are gone when it ends
    store = _db(workspace)
    assert store.db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 0
    store.close()


def _source(workspace, segment_id) -> str:
    store = _db(workspace)
    try:
        return store.get_segment(segment_id)["source"]
    finally:
        store.close()


def test_review_shows_context_help_history_and_stays_on_errors(cli_in, workspace, seeded):
    s1, s2 = seeded[:2]
    result = cli_in("review", "--lang", "en", input="?\nh\nx\ne\n\nq\n")
    assert result.exit_code == 0
    out = result.stdout
    assert "a  accept" in out and "q  quit" in out  # help
    assert "robot  pretranslate  untranslated → pretranslated" in out  # history
    assert "unknown command 'x'" in out
    assert "Error: the translation is empty" in out
    assert "after    L'Organisation internationale" in out  # next segment as context
    assert _row(workspace, s1)["state"] == PRETRANSLATED
    # second segment shows the first one (with its translation) as context
    result = cli_in("review", "--lang", "en", input="s\nq\n")
    assert "before   Qui sommes nous" in result.stdout
    assert "→ " + pseudo_localise("Qui sommes nous") in result.stdout


def test_review_refuses_dropped_placeholders_and_accept_without_text(cli_in, workspace, tmp_path):
    doc = tmp_path / "note.md"
    doc.write_text("Lisez le **rapport** annuel.\n\nMerci.\n", encoding="utf-8")
    assert cli_in("ingest", str(doc)).exit_code == 0
    store = _db(workspace)
    rel = store.require_release("note")
    first, second = [s["id"] for s in store.active_segments(rel["id"])]
    source = store.get_segment(first)["source"]
    store.close()
    assert "⟦1⟧" in source and "⟦/1⟧" in source
    result = cli_in(
        "review",
        "--lang",
        "en",
        "--release",
        "note",
        input="a\ne\nRead the annual report.\ne\nRead the ⟦1⟧annual report⟦/1⟧.\nq\n",
    )
    assert "Error: segment 1 (en) has no translation to accept" in result.stdout.replace(
        f"segment {first}", "segment 1"
    )
    assert "drops ⟦1⟧ ⟦/1⟧" in result.stdout
    row = _row(workspace, first)
    assert (row["target"], row["state"]) == ("Read the ⟦1⟧annual report⟦/1⟧.", TRANSLATED)
    assert _row(workspace, second)["state"] == UNTRANSLATED

    result = cli_in("translate", str(first), "--lang", "en", "--text", "Read the report.")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: the translation of segment {first} drops ⟦1⟧ ⟦/1⟧. Keep every inline code of "
        "the source exactly once (the source has ⟦1⟧ ⟦/1⟧); codes may move but not disappear."
    )


def test_scriptable_commands_cover_the_same_transitions(cli_in, workspace, seeded):
    s1, s2, s3 = seeded[:3]
    shown = json.loads(cli_in("show", str(s1), "--lang", "en", "--json").stdout)
    assert shown["state"] == "pretranslated" and shown["version"] == 1
    assert shown["next"]["segment_id"] == s2 and shown["previous"] is None
    assert (shown["n"], shown["total"], shown["release"]) == (1, 29, SLUG)

    result = cli_in(
        "translate", str(s1), "--lang", "en", "--text", "Who we are", "--if-version", "1", "--json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["state"], data["version"], data["origin"]) == ("translated", 2, "human")

    data = json.loads(cli_in("approve", str(s1), str(s2), "--lang", "en", "--json").stdout)
    assert [d["state"] for d in data] == ["approved", "approved"]
    assert _row(workspace, s2)["state"] == APPROVED

    result = cli_in("reject", str(s1), "--lang", "en", "--reason", "Title case", "--json")
    data = json.loads(result.stdout)
    assert (data["state"], data["target"]) == ("rejected", "Who we are")

    data = json.loads(
        cli_in("comment", str(s3), "--lang", "en", "--text", "Check 'Structure'", "--json").stdout
    )
    assert (data["segment_id"], data["lang"], data["user"]) == (s3, "en", "tester")
    data = json.loads(cli_in("comment", str(s3), "--text", "Source typo?", "--json").stdout)
    assert data["lang"] is None

    shown = json.loads(cli_in("show", str(s3), "--lang", "en", "--json").stdout)
    assert [c["text"] for c in shown["comments"]] == ["Check 'Structure'", "Source typo?"]
    shown = json.loads(cli_in("show", str(s1), "--lang", "en", "--json").stdout)
    assert [h["action"] for h in shown["history"]] == [
        "pretranslate",
        "translate",
        "approve",
        "reject",
    ]

    log = json.loads(cli_in("log", "--release", SLUG, "--lang", "en", "--json").stdout)
    assert [(r["action"], r["segment_id"]) for r in log[:5]] == [
        ("comment", s3),
        ("comment", s3),
        ("reject", s1),
        ("approve", s2),
        ("approve", s1),
    ]
    assert log[2]["reason"] == "Title case" and log[2]["user"] == "tester"
    assert log[2]["old_state"] == "approved" and log[2]["new_state"] == "rejected"
    assert len(json.loads(cli_in("log", "--json", "-n", "2").stdout)) == 2
    assert json.loads(cli_in("log", "--json", "--by", "nobody").stdout) == []
    assert json.loads(cli_in("log", "--json", "--since", "2999-01-01").stdout) == []
    assert len(json.loads(cli_in("log", "--json", "--since", "1h").stdout)) == len(log)
    table = cli_in("log", "--release", SLUG, "-n", "3").stdout
    assert "reject" in table and "Title case" in table


def test_stale_write_exits_4_with_the_other_text(cli_in, workspace, seeded):
    s1 = seeded[0]
    assert (
        cli_in(
            "translate", str(s1), "--lang", "en", "--text", "Who we are", env={"L10N_USER": "alice"}
        ).exit_code
        == 0
    )
    result = cli_in(
        "translate",
        str(s1),
        "--lang",
        "en",
        "--text",
        "About us",
        "--if-version",
        "1",
        env={"L10N_USER": "bob"},
    )
    assert result.exit_code == 4
    assert result.stderr.strip() == (
        f"Error: segment {s1} (en) was changed by alice (now version 2, translated: "
        "'Who we are') since your version 1. Reload it with 'l10n show' and apply your change "
        "again."
    )
    assert cli_in("approve", str(s1), "--lang", "en", "--if-version", "1").exit_code == 4
    assert (
        cli_in("reject", str(s1), "--lang", "en", "--reason", "x", "--if-version", "1").exit_code
        == 4
    )
    row = _row(workspace, s1)
    assert (row["target"], row["version"]) == ("Who we are", 2)
    assert len(_history(workspace, s1)) == 2


def test_usage_errors_are_one_line(cli_in, workspace, seeded):
    result = cli_in("show", str(seeded[0]))
    assert result.exit_code == 2 and "--lang is required" in result.stderr
    result = cli_in("show", str(seeded[0]), "--lang", "de")
    assert result.exit_code == 2 and "'de' is not a target language" in result.stderr
    result = cli_in("show", "99999", "--lang", "en")
    assert result.exit_code == 1 and result.stderr.startswith("Error: no segment 99999.")
    result = cli_in("translate", str(seeded[0]), "--lang", "en")
    assert result.exit_code == 2 and "--text or --file" in result.stderr
    result = cli_in("log", "--since", "yesterday-ish")
    assert result.exit_code == 2 and "cannot read the time" in result.stderr


def test_translate_from_file_and_source_change_shows_word_diff(cli_in, workspace, tmp_path):
    doc = tmp_path / "memo.txt"
    doc.write_text("Le bureau ouvre lundi.\n", encoding="utf-8")
    assert cli_in("ingest", str(doc)).exit_code == 0
    text_file = tmp_path / "t.txt"
    text_file.write_text("The office opens on Monday.\n", encoding="utf-8")
    seg = json.loads(cli_in("segments", "--release", "memo", "--json").stdout)[0]["id"]
    assert cli_in("translate", str(seg), "--lang", "en", "--file", str(text_file)).exit_code == 0
    doc.write_text("Le bureau ouvre mardi.\n", encoding="utf-8")
    assert cli_in("ingest", str(doc)).exit_code == 0
    new = json.loads(cli_in("segments", "--release", "memo", "--lang", "en", "--json").stdout)[0]
    assert new["state"] == "needs_work"
    shown = json.loads(cli_in("show", str(new["id"]), "--lang", "en", "--json").stdout)
    assert shown["previous_source"] == "Le bureau ouvre lundi."
    assert shown["target"] == "The office opens on Monday."
    assert shown["source_diff"] == [
        {"op": "equal", "text": "Le bureau ouvre"},
        {"op": "delete", "text": "lundi."},
        {"op": "insert", "text": "mardi."},
    ]
    out = cli_in("show", str(new["id"]), "--lang", "en").stdout
    assert "word diff:  Le bureau ouvre [-lundi.-] {+mardi.+}" in out
    # the old translation is the starting point: editing it in review fixes the day
    result = cli_in(
        "review", "--lang", "en", "--release", "memo", input="e\nThe office opens on Tuesday.\n"
    )
    assert "changed  Le bureau ouvre [-lundi.-] {+mardi.+}" in result.stdout
    assert _row(workspace, new["id"])["target"] == "The office opens on Tuesday."


def test_translate_reads_standard_input(cli_in, workspace, seeded):
    result = cli_in(
        "translate", str(seeded[0]), "--lang", "en", "--file", "-", "--json", input="Who we are\n"
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["target"] == "Who we are"


def test_review_passes_over_segments_open_elsewhere(cli_in, workspace, seeded):
    from l10n.review_queue import claim_segment
    from l10n.workspace import load_workspace

    s1, s2 = seeded[:2]
    store = _db(workspace)
    claim_segment(store, load_workspace(workspace), s1, "en", user="alice")
    store.close()
    result = cli_in("review", "--lang", "en", input="a\nq\n", env={"L10N_USER": "bob"})
    assert f"Passed over: segment {s1} (en) is open in alice's review session" in result.stdout
    assert f"2/29 · segment {s2} (en)" in result.stdout
    assert _row(workspace, s1)["state"] == PRETRANSLATED
    assert _row(workspace, s2)["state"] == APPROVED
    assert (
        "open     in alice's review session until" in cli_in("show", str(s1), "--lang", "en").stdout
    )
    result = cli_in(
        "translate", str(s1), "--lang", "en", "--text", "Who we are", env={"L10N_USER": "bob"}
    )
    assert result.exit_code == 4 and "is open in alice's review session" in result.stderr


def test_sentence_starting_inside_a_link_accepts_its_closing_code_anywhere():
    from l10n.errors import UsageError
    from l10n.review import check_placeholders

    # The segmenter may split a link across two sentences: the second one only closes it.
    check_placeholders("du site⟦/1⟧ de l’OIM.", "of the IOM site⟦/1⟧.")
    with pytest.raises(UsageError, match="closes ⟦/2⟧ before opening ⟦2⟧"):
        check_placeholders("Un ⟦2⟧mot⟦/2⟧.", "A ⟦/2⟧word⟦2⟧.")

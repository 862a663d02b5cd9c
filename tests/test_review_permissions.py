"""Roles, four-eyes review, assignments and claims: enforced when configured, invisible
when not."""

from __future__ import annotations

import json
import re

import pytest

from l10n.errors import ConflictError, PermissionDenied, StateError
from l10n.ingest import ingest_file
from l10n.mt.pseudo import pseudo_localise
from l10n.review import (
    accept_segment,
    apply_pretranslation,
    approve_segments,
    reject_segment,
    translate_segment,
)
from l10n.review_queue import ReviewSession, assign, claim_segment, review_queue
from l10n.states import APPROVED, PRETRANSLATED, TRANSLATED
from l10n.workspace import load_workspace
from l10n.workspace_init import EXAMPLE_RELEASE

SLUG = "oim-koweit-avrr"


def _configure(root, *, four_eyes=False, roles=None, claim_minutes=10):
    path = root / "l10n.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("four_eyes = false", f"four_eyes = {'true' if four_eyes else 'false'}")
    text = text.replace("claim_minutes = 10", f"claim_minutes = {claim_minutes}")
    if roles:
        lines = [f"{json.dumps(user)} = {json.dumps(r)}" for user, r in roles.items()]
        text = text.replace("[roles]\n", "[roles]\n" + "\n".join(lines) + "\n")
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def desk(workspace):
    """(workspace, store, segment ids) with the seed release pretranslated in en."""
    ws = load_workspace(workspace)
    store = ws.open_store()
    ingest_file(
        store, EXAMPLE_RELEASE, source_lang="fr", target_langs=ws.target_langs, user="robot"
    )
    segments = store.active_segments(store.require_release(SLUG)["id"])
    for seg in segments:
        apply_pretranslation(
            store,
            seg["id"],
            "en",
            target=pseudo_localise(seg["source"]),
            origin="mt:pseudo",
            state=PRETRANSLATED,
            user="robot",
        )
    # segments without numbers or addresses: the texts typed below keep QA quiet
    ids = [s["id"] for s in segments if not re.search(r"[\d@]", s["source"])]
    yield workspace, store, ids
    store.close()


def _ws(root):
    return load_workspace(root)


def test_without_roles_one_person_does_everything(desk):
    root, store, ids = desk
    ws = _ws(root)
    translate_segment(store, ws, ids[0], "en", "Who we are", user="solo")
    approve_segments(store, ws, [ids[0]], "en", user="solo")  # no four-eyes by default
    assert accept_segment(store, ws, ids[1], "en", user="solo").state == "approved"
    assert assign(store, SLUG, "en", to_user="solo", by_user="solo", ws=ws).changed


def test_roles_limit_who_translates_approves_and_assigns(desk):
    root, store, ids = desk
    _configure(root, roles={"alice": ["translator"], "bob": ["reviewer"], "carol": ["coordinator"]})
    ws = _ws(root)
    with pytest.raises(PermissionDenied) as exc:
        translate_segment(store, ws, ids[0], "en", "Who we are", user="bob")
    assert str(exc.value) == (
        "bob may not translate or edit (roles: reviewer). Ask a translator to do it, or add "
        '"translator" to bob\'s roles in [roles] of l10n.toml.'
    )
    translate_segment(store, ws, ids[0], "en", "Who we are", user="alice")
    with pytest.raises(PermissionDenied, match="alice may not approve or reject"):
        approve_segments(store, ws, [ids[0]], "en", user="alice")
    with pytest.raises(PermissionDenied):
        reject_segment(store, ws, ids[0], "en", user="alice", reason="no")
    with pytest.raises(PermissionDenied, match="dave may not translate or edit \\(roles: none\\)"):
        translate_segment(store, ws, ids[0], "en", "x", user="dave")
    with pytest.raises(PermissionDenied, match="alice may not assign work"):
        assign(store, SLUG, "en", to_user="alice", by_user="alice", ws=ws)
    assert approve_segments(store, ws, [ids[0]], "en", user="bob")[0].state == "approved"
    # accept: a translator confirms a pretranslation, a reviewer approves
    view = accept_segment(store, ws, ids[1], "en", user="alice")
    assert (view.state, view.origin) == ("translated", "mt:pseudo")
    assert accept_segment(store, ws, ids[1], "en", user="alice").changed is False
    assert accept_segment(store, ws, ids[1], "en", user="bob").state == "approved"
    # nothing was written by the refused attempts
    assert assign(store, SLUG, "en", to_user="alice", by_user="carol", ws=ws).changed
    history = store.segment_history(ids[0], "en")
    assert [(h["user"], h["action"]) for h in history] == [
        ("robot", "pretranslate"),
        ("alice", "translate"),
        ("bob", "approve"),
    ]


def test_wildcard_roles_apply_to_unlisted_users(desk):
    root, store, ids = desk
    _configure(root, roles={"bob": ["reviewer"], "*": ["translator"]})
    ws = _ws(root)
    translate_segment(store, ws, ids[0], "en", "Who we are", user="anyone")
    with pytest.raises(PermissionDenied):
        approve_segments(store, ws, [ids[0]], "en", user="anyone")


def test_four_eyes_needs_a_second_person(desk):
    root, store, ids = desk
    _configure(root, four_eyes=True)
    ws = _ws(root)
    translate_segment(store, ws, ids[0], "en", "Who we are", user="alice")
    with pytest.raises(StateError) as exc:
        approve_segments(store, ws, [ids[0]], "en", user="alice")
    assert str(exc.value) == (
        f"alice translated segment {ids[0]} (en) and cannot also approve it (four-eyes review). "
        "Ask another reviewer to approve it."
    )
    with pytest.raises(StateError, match="four-eyes review approves only translated"):
        approve_segments(store, ws, [ids[1]], "en", user="bob")
    assert approve_segments(store, ws, [ids[0]], "en", user="bob")[0].state == "approved"
    # accept in review: the first person confirms, the second approves
    assert accept_segment(store, ws, ids[1], "en", user="alice").state == "translated"
    with pytest.raises(StateError, match="cannot also approve it"):
        accept_segment(store, ws, ids[1], "en", user="alice")
    assert accept_segment(store, ws, ids[1], "en", user="bob").state == "approved"


def test_four_eyes_refusal_is_exit_1_on_the_cli(cli_in, desk):
    root, store, ids = desk
    _configure(root, four_eyes=True)
    env = {"L10N_USER": "alice"}
    assert cli_in("translate", str(ids[0]), "--lang", "en", "--text", "Hi", env=env).exit_code == 0
    result = cli_in("approve", str(ids[0]), "--lang", "en", env=env)
    assert result.exit_code == 1
    assert "cannot also approve it (four-eyes review)" in result.stderr
    assert cli_in("approve", str(ids[0]), "--lang", "en", env={"L10N_USER": "bob"}).exit_code == 0


def test_approve_is_all_or_nothing(desk):
    root, store, ids = desk
    _configure(root, four_eyes=True)
    ws = _ws(root)
    translate_segment(store, ws, ids[0], "en", "Who we are", user="alice")
    translate_segment(store, ws, ids[1], "en", "IOM", user="bob")
    with pytest.raises(StateError):
        approve_segments(store, ws, [ids[0], ids[1]], "en", user="bob")
    assert store.get_translation(ids[0], "en")["state"] == TRANSLATED


def test_assignments_restrict_work_and_feed_review_mine(cli_in, desk):
    root, store, ids = desk
    ws = _ws(root)
    assert review_queue(store, ws, "en", user="alice", mine=True) == []
    translate_segment(store, ws, ids[0], "en", "Before any assignment", user="zoe")
    assert cli_in("assign", "--release", SLUG, "--lang", "en", "--to", "alice").exit_code == 0
    listed = json.loads(cli_in("assign", "--list", "--json").stdout)
    assert [(a["release"], a["lang"], a["user"], a["assigned_by"]) for a in listed] == [
        (SLUG, "en", "alice", "tester")
    ]
    with pytest.raises(PermissionDenied) as exc:
        translate_segment(store, ws, ids[0], "en", "Not mine", user="zoe")
    assert "assigned to alice, not to zoe" in str(exc.value)
    translate_segment(store, ws, ids[0], "en", "Mine", user="alice")
    # another language of the same release is not assigned: open to all
    translate_segment(store, ws, ids[0], "es", "Quiénes somos", user="zoe")
    all_ids = [s["id"] for s in store.active_segments(store.require_release(SLUG)["id"])]
    assert (
        review_queue(store, ws, "en", user="alice", mine=True) == all_ids
    )  # translated: still to approve
    assert review_queue(store, ws, "es", user="alice", mine=True) == []
    result = cli_in("review", "--lang", "en", "--mine", input="q\n", env={"L10N_USER": "zoe"})
    assert result.stdout.strip() == "Nothing assigned to zoe in en needs review."
    result = cli_in("review", "--lang", "en", "--mine", input="a\nq\n", env={"L10N_USER": "alice"})
    assert "29 segments to review in en as alice" in result.stdout
    assert store.get_translation(ids[0], "en")["state"] == APPROVED
    # a configured coordinator may step in
    _configure(root, roles={"carol": ["coordinator", "translator"], "alice": ["translator"]})
    translate_segment(store, ws := _ws(root), ids[2], "en", "Coordinator fix", user="carol")
    assert (
        cli_in(
            "assign",
            "--release",
            SLUG,
            "--lang",
            "en",
            "--to",
            "alice",
            "--remove",
            env={"L10N_USER": "carol"},
        ).exit_code
        == 0
    )
    result = cli_in(
        "assign", "--release", SLUG, "--lang", "en", "--to", "bob", env={"L10N_USER": "alice"}
    )
    assert result.exit_code == 1 and "alice may not assign work" in result.stderr
    translate_segment(store, ws, ids[3], "en", "Open again", user="alice")


def test_claims_keep_two_people_off_one_segment(desk):
    root, store, ids = desk
    ws = _ws(root)
    alice = ReviewSession(store, ws, "en", user="alice", segment_ids=ids[:3])
    assert alice.current().segment_id == ids[0]
    with pytest.raises(ConflictError, match="is open in alice's review session"):
        translate_segment(store, ws, ids[0], "en", "Bob's text", user="bob")
    with pytest.raises(ConflictError):
        claim_segment(store, ws, ids[0], "en", user="bob")
    bob = ReviewSession(store, ws, "en", user="bob", segment_ids=ids[:3])
    assert bob.current().segment_id == ids[1]  # passed over alice's segment
    assert "open in alice's review session" in bob.notices[0]
    alice.accept()  # moving on releases the claim on the first segment
    assert alice.current().segment_id == ids[2]  # bob holds the second one
    translate_segment(store, ws, ids[0], "en", "Bob's text", user="bob")
    # claims expire by themselves
    store.db.execute("UPDATE claims SET expires_at = '2000-01-01T00:00:00.000000Z'")
    translate_segment(store, ws, ids[1], "en", "Alice's text", user="alice")
    alice.close()
    bob.close()
    assert store.db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 0


def test_session_refuses_a_stale_accept(desk):
    root, store, ids = desk
    ws = _ws(root)
    session = ReviewSession(store, ws, "en", user="alice", segment_ids=ids[:2])
    view = session.current()
    # someone bypasses the claim after it expired and changes the text
    store.db.execute("UPDATE claims SET expires_at = '2000-01-01T00:00:00.000000Z'")
    translate_segment(store, ws, view.segment_id, "en", "Other text", user="bob")
    with pytest.raises(ConflictError, match="was changed by bob"):
        session.accept()
    assert store.get_translation(view.segment_id, "en")["state"] == TRANSLATED
    assert session.current().target == "Other text"  # the fresh row, claimed again


def test_pretranslation_never_overwrites_human_work(desk):
    root, store, ids = desk
    ws = _ws(root)
    translate_segment(store, ws, ids[0], "es", "Quiénes somos", user="ana")
    assert not apply_pretranslation(
        store, ids[0], "es", target="MT", origin="mt:x", state=PRETRANSLATED, user="robot"
    )
    assert not apply_pretranslation(
        store, ids[0], "en", target="MT", origin="mt:x", state=PRETRANSLATED, user="robot"
    )  # already pretranslated
    assert store.get_translation(ids[0], "es")["target"] == "Quiénes somos"
    assert apply_pretranslation(
        store, ids[1], "es", target="MT", origin="tm:80", state=30, user="robot"
    )
    assert store.segment_history(ids[1], "es")[-1]["action"] == "pretranslate"


def test_default_queue_follows_roles(desk):
    root, store, ids = desk
    _configure(
        root,
        four_eyes=True,
        roles={"alice": ["translator"], "bob": ["reviewer"], "sam": ["translator", "reviewer"]},
    )
    ws = _ws(root)
    everything = [s["id"] for s in store.active_segments(store.require_release(SLUG)["id"])]
    translate_segment(store, ws, ids[0], "en", "Who we are", user="alice")
    assert review_queue(store, ws, "en", user="alice") == [i for i in everything if i != ids[0]]
    assert review_queue(store, ws, "en", user="bob") == [ids[0]]
    assert review_queue(store, ws, "en", user="sam") == everything
    assert review_queue(store, ws, "en", user="bob", states=[PRETRANSLATED]) == everything[1:]

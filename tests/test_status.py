"""Status per release x language: counts that match the database, bands, next segment, CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from l10n.ingest import ingest_file
from l10n.states import (
    APPROVED,
    NEEDS_WORK,
    PRETRANSLATED,
    REJECTED,
    STATES,
    TRANSLATED,
    UNTRANSLATED,
)
from l10n.status import STATE_ORDER, match_bands, workspace_status
from l10n.store import utcnow
from l10n.workspace import load_workspace
from l10n.workspace_init import EXAMPLE_RELEASE

SLUG = "oim-koweit-avrr"


def open_seeded(root: Path):
    """The workspace at ``root`` (fr -> en, es, ar) with the seed release ingested."""
    ws = load_workspace(root)
    store = ws.open_store()
    ingest_file(
        store, EXAMPLE_RELEASE, source_lang="fr", target_langs=ws.target_langs, user="tester"
    )
    return ws, store


def act(
    store,
    segment_id,
    lang,
    state,
    *,
    target="t",
    origin="human",
    user="tina",
    action="translate",
    reason=None,
):
    return store.change_translation(
        segment_id,
        lang,
        target=target,
        state=state,
        origin=origin,
        user=user,
        action=action,
        now=utcnow(),
        reason=reason,
    )


def recount(store, release_id: int, lang: str) -> dict[str, tuple[int, int]]:
    """Segments and words per state, counted straight from the tables."""
    out = dict.fromkeys(STATE_ORDER, (0, 0))
    for state, n, words in store.db.execute(
        "SELECT t.state, COUNT(*), SUM(s.words) FROM translations t "
        "JOIN segments s ON s.id = t.segment_id WHERE s.active = 1 AND s.release_id = ? "
        "AND t.lang = ? GROUP BY t.state",
        [release_id, lang],
    ):
        name = next(k for k, v in STATES.items() if v == state)
        out[name] = (n, words)
    return out


def scripted_mix(store):
    """A day of work on the seed release in three languages."""
    release = store.require_release(SLUG)
    segs = store.active_segments(release["id"])
    ids = [s["id"] for s in segs]
    # en: everything translated, then approved, two rejected, one of them fixed again.
    for sid in ids:
        act(store, sid, "en", TRANSLATED, target=f"en {sid}")
    for sid in ids:
        act(store, sid, "en", APPROVED, target=f"en {sid}", user="rob", action="approve")
    act(store, ids[3], "en", REJECTED, user="rob", action="reject", reason="terminology")
    act(store, ids[4], "en", REJECTED, user="rob", action="reject", reason="tone")
    act(store, ids[4], "en", TRANSLATED, target="fixed")
    # es: the first ten pretranslated by MT, three confirmed, one flagged.
    for sid in ids[:10]:
        act(store, sid, "es", PRETRANSLATED, origin="mt:pseudo", user="mt")
    for sid in ids[:3]:
        act(store, sid, "es", TRANSLATED)
    act(store, ids[9], "es", NEEDS_WORK, action="flag")
    # ar: all approved.
    for sid in ids:
        act(store, sid, "ar", APPROVED, target=f"ar {sid}", user="rob", action="approve")
    return release, segs


def test_status_counts_match_the_database_after_a_mix_of_work(workspace):
    _ws, store = open_seeded(workspace)
    release, segs = scripted_mix(store)
    n = len(segs)
    words = {s["id"]: s["words"] for s in segs}
    ids = [s["id"] for s in segs]

    report = workspace_status(store)
    rows = {(r.release, r.lang): r for r in report.rows}
    assert sorted(rows) == [(SLUG, "ar"), (SLUG, "en"), (SLUG, "es")]
    for lang in ("en", "es", "ar"):
        row = rows[(SLUG, lang)]
        expected = recount(store, release["id"], lang)
        assert row.by_state == {k: v[0] for k, v in expected.items()}, lang
        assert row.words_by_state == {k: v[1] for k, v in expected.items()}, lang
        assert row.segments == n
        assert row.words == sum(words.values())

    en, es, ar = rows[(SLUG, "en")], rows[(SLUG, "es")], rows[(SLUG, "ar")]
    # What the script did, independently of any recount.
    assert en.by_state["approved"] == n - 2
    assert en.by_state["rejected"] == 1 and en.by_state["translated"] == 1
    assert en.words_by_state["rejected"] == words[ids[3]]
    assert es.by_state == {
        "untranslated": n - 10,
        "rejected": 0,
        "needs_work": 1,
        "pretranslated": 6,
        "translated": 3,
        "approved": 0,
    }
    assert ar.by_state["approved"] == n and ar.finished and ar.percent_approved == 100.0
    assert not en.finished and not es.finished
    assert en.percent_approved == round(100 * (n - 2) / n, 1)
    assert report.unfinished == [(SLUG, "en"), (SLUG, "es")]
    assert report.total.segments == 3 * n
    assert report.total.by_state["approved"] == 2 * n - 2
    assert report.total.words == 3 * sum(words.values())
    # Last activity is the last history row of that language.
    last_en = store.db.execute("SELECT MAX(at) FROM history WHERE lang = 'en'").fetchone()[0]
    assert en.last_activity == last_en
    assert rows[(SLUG, "es")].last_activity < rows[(SLUG, "ar")].last_activity
    assert store.progress_drift() == []


def test_counts_follow_a_new_version_of_the_source(workspace, tmp_path):
    _ws, store = open_seeded(workspace)
    release, segs = scripted_mix(store)
    text = EXAMPLE_RELEASE.read_text(encoding="utf-8")
    changed = tmp_path / f"{SLUG}.fr.txt"
    # One sentence edited, one paragraph removed: segments retire, one needs work.
    first = segs[1]["source"]
    changed.write_text(
        text.replace(first, first.replace("Nations Unies", "Nations unies")).replace(
            segs[5]["source"], ""
        ),
        encoding="utf-8",
    )
    ingest_file(
        store, changed, source_lang="fr", target_langs=["en", "es", "ar"], user="tester", slug=SLUG
    )
    report = workspace_status(store)
    for row in report.rows:
        expected = recount(store, release["id"], row.lang)
        assert row.by_state == {k: v[0] for k, v in expected.items()}
        assert row.words_by_state == {k: v[1] for k, v in expected.items()}
    ar = next(r for r in report.rows if r.lang == "ar")
    assert ar.by_state["needs_work"] == 1 and not ar.finished
    assert ar.version == 2
    assert store.progress_drift() == []


def test_rebuild_progress_restores_the_summary(workspace):
    _ws, store = open_seeded(workspace)
    scripted_mix(store)
    before = workspace_status(store).flat_rows()
    with store.write():
        store.db.execute("UPDATE progress_summary SET segments_100 = 0, words_100 = 0")
    assert store.progress_drift()
    store.rebuild_progress()
    assert store.progress_drift() == []
    assert workspace_status(store).flat_rows() == before


def test_finished_state_floor_and_filters(workspace):
    _ws, store = open_seeded(workspace)
    release = store.require_release(SLUG)
    for seg in store.active_segments(release["id"]):
        act(store, seg["id"], "es", TRANSLATED)
    assert not workspace_status(store, lang="es").rows[0].finished
    assert workspace_status(store, lang="es", finished_state=TRANSLATED).rows[0].finished
    only = workspace_status(store, release=SLUG, lang=["es", "ar"])
    assert [r.lang for r in only.rows] == ["ar", "es"]
    assert only.total.segments == 2 * len(store.active_segments(release["id"]))


def test_assignee_and_open_critical_qa_issues(workspace):
    _ws, store = open_seeded(workspace)
    release = store.require_release(SLUG)
    seg_ids = [s["id"] for s in store.active_segments(release["id"])]
    assert workspace_status(store).rows[0].assignee is None
    store.add_assignment(release["id"], "es", "maria", "coord", utcnow())
    store.add_assignment(release["id"], "es", "jose", "coord", utcnow())
    store.replace_qa_issues(
        seg_ids[0],
        "es",
        [
            {"check_id": "placeholders", "severity": "critical", "message": "missing ⟦1⟧"},
            {"check_id": "spacing", "severity": "warning", "message": "double space"},
        ],
    )
    store.replace_qa_issues(
        seg_ids[1],
        "es",
        [
            {"check_id": "numbers", "severity": "critical", "message": "1951 missing"},
        ],
    )
    store.ignore_qa_check(
        seg_ids[1], "es", "numbers", user="rob", at=utcnow(), reason="date spelled out"
    )
    rows = {r.lang: r for r in workspace_status(store).rows}
    assert rows["es"].assignee == "jose, maria"
    assert rows["es"].qa_critical == 1  # the warning and the ignored issue do not count
    assert rows["en"].qa_critical == 0
    assert workspace_status(store).total.qa_critical == 1


def test_match_bands_in_words(workspace):
    _ws, store = open_seeded(workspace)
    release = store.require_release(SLUG)
    segs = store.active_segments(release["id"])
    by_origin = ["tm:101", "tm:100", "tm:97", "tm:87", "tm:80", "tm:60", "tm:30", "mt:pseudo"]
    for seg, origin in zip(segs, by_origin, strict=False):
        act(store, seg["id"], "en", PRETRANSLATED, origin=origin, user="pretranslate")
    # A translator edits the 87% match: it stays in the 85-94 band (it was paid as one).
    act(store, segs[3]["id"], "en", TRANSLATED, origin="human", target="edited")
    bands = {r["lang"]: r for r in match_bands(store)}
    en = bands["en"]
    w = [s["words"] for s in segs]
    assert (en["101"], en["100"], en["95-99"], en["85-94"], en["75-84"], en["50-74"]) == (
        w[0],
        w[1],
        w[2],
        w[3],
        w[4],
        w[5],
    )
    assert en["no_match"] == sum(w) - sum(w[:6])
    assert en["repetitions"] == sum(s["words"] * (s["occurrences"] - 1) for s in segs)
    assert en["repetitions"] > 0  # the seed release repeats its headings
    assert en["total"] == sum(s["words"] * s["occurrences"] for s in segs)
    assert bands["TOTAL"]["total"] == 3 * en["total"]
    assert bands["es"]["no_match"] == sum(w)


def test_next_segment_in_document_order(workspace):
    _ws, store = open_seeded(workspace)
    release = store.require_release(SLUG)
    segs = store.active_segments(release["id"])
    below = [UNTRANSLATED, REJECTED, NEEDS_WORK, PRETRANSLATED]
    assert store.next_segment(release["id"], "en", below)["id"] == segs[0]["id"]
    act(store, segs[0]["id"], "en", TRANSLATED)
    act(store, segs[1]["id"], "en", APPROVED)
    act(store, segs[2]["id"], "en", REJECTED)
    nxt = store.next_segment(release["id"], "en", below)
    assert nxt["id"] == segs[2]["id"] and nxt["state"] == REJECTED
    after = store.next_segment(release["id"], "en", below, after_position=segs[2]["position"])
    assert after["id"] == segs[3]["id"]
    assert store.next_segment(release["id"], "en", [APPROVED])["id"] == segs[1]["id"]
    for seg in segs:
        act(store, seg["id"], "es", APPROVED)
    assert store.next_segment(release["id"], "es", below) is None


# -- CLI ----------------------------------------------------------------------
@pytest.fixture
def busy(workspace, cli_in):
    _ws, store = open_seeded(workspace)
    scripted_mix(store)
    store.close()
    return cli_in


def test_cli_status_json_csv_and_table(busy):
    result = busy("status", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["finished_state"] == "approved"
    assert [(r["release"], r["lang"], r["finished"]) for r in data["rows"]] == [
        (SLUG, "ar", True),
        (SLUG, "en", False),
        (SLUG, "es", False),
    ]
    assert data["total"]["segments"] == sum(r["segments"] for r in data["rows"])

    result = busy("status", "--csv", "--lang", "en,ar")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["lang"] for r in rows] == ["ar", "en", ""]
    assert rows[-1]["release"] == "TOTAL"
    assert int(rows[-1]["approved"]) == int(rows[0]["approved"]) + int(rows[1]["approved"])

    result = busy("status")
    assert result.exit_code == 0, result.stderr
    assert "█" in result.stdout  # the progress bar
    assert "TOTAL" in result.stdout and SLUG in result.stdout


def test_cli_status_bands_and_errors(busy):
    result = busy("status", "--bands", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["lang"] for r in rows] == ["ar", "en", "es", "TOTAL"]
    assert set(rows[0]) >= {"101", "100", "95-99", "no_match", "repetitions", "total"}

    result = busy("status", "--release", "nope")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no release 'nope' in this workspace.")
    result = busy("status", "--lang", "x!")
    assert result.exit_code == 2


def test_bench_script_runs_at_small_scale():
    """bench/status.py builds its workspace and times both queries (tiny sizes here)."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [
            sys.executable,
            str(repo / "bench" / "status.py"),
            "--releases",
            "4",
            "--langs",
            "2",
            "--segments",
            "10",
            "--runs",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "= 80 translations" in proc.stdout
    assert "progress counts vs full recount: exact" in proc.stdout

"""QA on one change costs what the change relates to, not what the release holds; and it
finds exactly what comparing with every translation of the release would find."""

from __future__ import annotations

import random
import re
import sqlite3

import pytest

from l10n.qa import OtherTranslation, check_release, check_translation, run_checks
from l10n.states import TRANSLATED, UNTRANSLATED
from l10n.store import Store, utcnow

NOW = "2026-01-01T00:00:00.000000Z"
SENTENCES = [
    ("Qui sommes-nous ?", "Who are we?"),
    ("Qui sommes nous", "About us"),
    ("Contact : media@iom.int.", "Contact: media@iom.int."),
    ("Le retour volontaire est gratuit.", "Voluntary return is free."),
    ("LE RETOUR VOLONTAIRE EST GRATUIT", "Return is free of charge."),
    ("Lire la suite", "Read more"),
    ("En savoir plus", "Read more"),
    ("Partager", "Share"),
]


def build(store: Store, segments: int, *, seed: int = 3) -> None:
    """One release in ``en``: numbered filler sentences, and the sentences above (near
    duplicates and shared translations) scattered among them; bulk inserts."""
    rng = random.Random(seed)
    rows = [(f"Phrase numéro {p}.", f"Sentence number {p}.") for p in range(segments)]
    for i, pair in enumerate(SENTENCES):
        rows[(i * 7 + 3) % segments] = pair
    conn = store.db.conn
    with store.write():
        conn.execute(
            "INSERT INTO releases (id, slug, source_lang, format, title, current_version, "
            "created_at, updated_at) VALUES (1, 'rel', 'fr', 'txt', 'Rel', 1, ?, ?)",
            [NOW, NOW],
        )
        conn.executemany(
            "INSERT INTO segments (id, release_id, source, source_hash, words, position, "
            "block_position, first_version, last_version) VALUES (?, 1, ?, ?, 1, ?, ?, 1, 1)",
            [(p + 1, s, f"{p:08x}", p, p) for p, (s, _t) in enumerate(rows)],
        )
        conn.executemany(
            "INSERT INTO translations (segment_id, lang, target, state, version) "
            "VALUES (?, 'en', ?, ?, ?)",
            [
                (p + 1, t if rng.random() < 0.9 else None, TRANSLATED, 1)
                for p, (_s, t) in enumerate(rows)
            ],
        )
        conn.execute(
            "UPDATE translations SET state = ?, version = 0 WHERE target IS NULL", [UNTRANSLATED]
        )


def segment_of(store, source: str) -> int:
    return store.db.execute("SELECT id FROM segments WHERE source = ?", [source]).fetchone()[0]


def translate(store, segment_id: int, target: str | None) -> None:
    store.change_translation(
        segment_id,
        "en",
        target=target,
        state=TRANSLATED if target else UNTRANSLATED,
        origin="human",
        user="tester",
        action="translate",
        now=utcnow(),
    )


def expected(store, segment_id: int) -> list:
    """The issues of one translation compared with every translation of the release."""
    rows = store.segment_rows(1, "en")
    others = [OtherTranslation(r["id"], r["source"], r["target"]) for r in rows if r["target"]]
    row = next(r for r in rows if r["id"] == segment_id)
    if row["target"] is None:
        return []
    return run_checks(row["source"], row["target"], "fr", "en", others=others, segment_id=row["id"])


def stored(store, segment_id: int) -> list[tuple]:
    return sorted(
        (r["check_id"], r["message"])
        for r in store.list_qa_issues(include_ignored=True)
        if r["segment_id"] == segment_id
    )


@pytest.fixture
def store():
    st = Store.memory()
    build(st, 60)
    yield st
    st.close()


def test_every_change_leaves_the_same_issues_as_a_check_against_the_whole_release(store):
    rng = random.Random(9)
    ids = [r["id"] for r in store.segment_rows(1, "en")]
    texts = [t for _s, t in SENTENCES] + ["Who are we ?", "READ MORE!", "Sentence number 4."]
    for _ in range(40):
        sid = rng.choice(ids)
        translate(store, sid, rng.choice([*texts, None]))
        issues = check_translation(store, None, sid, "en")
        assert issues == expected(store, sid)
    # Every stored issue, the related translations' included, is what a full look finds.
    checked = {r["segment_id"] for r in store.list_qa_issues(include_ignored=True)}
    for sid in checked:
        assert stored(store, sid) == sorted((i.check_id, i.message) for i in expected(store, sid))
    check_release(store, None, "rel", "en")
    for sid in ids:
        assert stored(store, sid) == sorted((i.check_id, i.message) for i in expected(store, sid))


def test_issues_about_a_changed_translation_are_withdrawn_from_the_other_segment(store):
    a = segment_of(store, "Lire la suite")
    b = segment_of(store, "En savoir plus")
    translate(store, a, "Read more")
    translate(store, b, "Read more")
    check_translation(store, None, a, "en")
    assert [r["check_id"] for r in store.open_qa_issues(b, "en")] == ["consistency-target"]
    translate(store, a, "Continue reading")
    check_translation(store, None, a, "en")
    assert store.open_qa_issues(b, "en") == []


def test_texts_written_by_other_tools_are_compared_too(store):
    """A translation changed with plain SQL (sqlite-utils CLI, datasette) is still found."""
    a = segment_of(store, "Partager")
    b = segment_of(store, "Le retour volontaire est gratuit.")
    store.db.execute("UPDATE translations SET target = 'share' WHERE segment_id = ?", [b])
    store.db.conn.commit()
    translate(store, a, "Share")
    issues = check_translation(store, None, a, "en")
    assert [i.message for i in issues if i.check_id == "consistency-target"] == [
        f"segment {b} has the same translation for 'Le retour volontaire est gratuit.'"
    ]


def statements_of(store, fn) -> list[str]:
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        fn()
    finally:
        store.db.conn.set_trace_callback(None)
    return seen


def test_a_check_reads_through_indexes_only(store):
    check_translation(store, None, 1, "en")  # the bulk-inserted rows get their keys
    sid = segment_of(store, "Qui sommes nous")
    translate(store, sid, "Who are we")
    queries = [
        sql
        for sql in statements_of(store, lambda: check_translation(store, None, sid, "en"))
        if re.match(r"\s*(SELECT|WITH)\b", sql, re.I)
    ]
    assert any("qa_consistency" in sql or "qa_source_keys" in sql for sql in queries)
    for sql in queries:
        plan = [row[3] for row in store.db.execute("EXPLAIN QUERY PLAN " + sql)]
        scans = [
            step
            for step in plan
            if step.startswith("SCAN")
            and not re.match(
                r"SCAN (h|q|json_each|qa_key_queue|sqlite_master|CONSTANT ROW)\b", step
            )
        ]
        assert scans == [], (sql, plan)


def vm_steps(store, fn) -> int:
    """SQLite virtual-machine instructions run by ``fn`` (in thousands): rows read."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    store.db.conn.set_progress_handler(count, 1000)
    try:
        fn()
    finally:
        store.db.conn.set_progress_handler(None, 0)
    return steps[0]


def test_the_cost_of_a_check_does_not_grow_with_the_release(tmp_path):
    costs = {}
    for size in (200, 4000):
        st = Store.open(tmp_path / f"{size}.db", create=True)
        build(st, size)
        check_translation(st, None, 1, "en")
        sid = segment_of(st, "Qui sommes nous")
        translate(st, sid, "Who are we")
        costs[size] = vm_steps(st, lambda st=st, sid=sid: check_translation(st, None, sid, "en"))
        st.close()
    assert costs[4000] <= costs[200] + 5, costs


def test_the_schema_keeps_the_comparison_keys_indexed():
    st = Store.memory()
    try:
        indexes = {
            r[0] for r in st.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
        assert {"qa_source_keys_lookup", "qa_target_keys_lookup", "qa_issues_about"} <= indexes
    finally:
        st.close()


def test_a_database_from_before_the_keys_gets_them_on_upgrade(tmp_path):
    path = tmp_path / "old.db"
    st = Store.open(path, create=True)
    build(st, 30)
    a = segment_of(st, "Lire la suite")
    b = segment_of(st, "En savoir plus")
    check_translation(st, None, a, "en")
    st.close()
    # The database as the previous schema left it: no keys, no queue, no triggers.
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        DROP TABLE qa_source_keys; DROP TABLE qa_target_keys; DROP TABLE qa_key_queue;
        DROP TRIGGER qa_keys_segment_update;
        DROP TRIGGER qa_keys_segment_delete; DROP TRIGGER qa_keys_translation_insert;
        DROP TRIGGER qa_keys_translation_update; DROP TRIGGER qa_keys_translation_delete;
        DROP INDEX qa_issues_about; ALTER TABLE qa_issues DROP COLUMN about_segment_id;
        DELETE FROM _migrations WHERE name = 'qa_0002_comparison_keys';
        """
    )
    conn.close()
    st = Store.open(path)
    try:
        assert st.db.execute(
            "SELECT about_segment_id FROM qa_issues WHERE segment_id = ?", [b]
        ).fetchone() == (a,)
        translate(st, a, "Continue reading")
        check_translation(st, None, a, "en")
        assert st.open_qa_issues(b, "en") == []
        assert check_translation(st, None, b, "en") == []
    finally:
        st.close()


def test_the_glossary_and_its_matchers_are_built_once_per_glossary_version(store, monkeypatch):
    from l10n.terms import Concept, Term, TermMatcher

    store.save_concepts([Concept("share", (Term("Partager", "fr"), Term("Share", "en")))], utcnow())
    a = segment_of(store, "Partager")
    translate(store, a, "Distribute")
    assert [i.check_id for i in check_translation(store, None, a, "en")] == ["glossary"]
    built = []
    original = TermMatcher.__init__

    def counting(self, *args, **kwargs):
        built.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(TermMatcher, "__init__", counting)
    translate(store, a, "Share")
    queries = statements_of(store, lambda: check_translation(store, None, a, "en"))
    assert built == []
    assert not [q for q in queries if re.search(r"\bFROM (terms|concepts)\b", q)]
    assert store.open_qa_issues(a, "en") == []

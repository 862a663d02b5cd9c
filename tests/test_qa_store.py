"""QA on stored translations: issues replaced per change, ignores remembered, listings."""

from __future__ import annotations

import pytest

from l10n.ingest import ingest_file
from l10n.qa import check_release, check_translation
from l10n.states import TRANSLATED
from l10n.store import Store, utcnow
from l10n.terms import Concept, Term, Termbase

SOURCE = (
    "L’OIM fournit des services AVRR à 500 résidents.\n\n"
    "Contact : media@iom.int.\n\n"
    "Qui sommes nous\n\n"
    "Qui sommes-nous ?\n"
)


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "release.fr.txt"
    path.write_text(SOURCE, encoding="utf-8")
    st = Store.memory()
    ingest_file(st, path, source_lang="fr", target_langs=["en", "es"], user="tester", slug="rel")
    yield st
    st.close()


@pytest.fixture
def termbase():
    return Termbase.of(
        [
            Concept("iom", (Term("OIM", "fr", acronym=True), Term("IOM", "en", acronym=True))),
            Concept("avrr", (Term("AVRR", "fr", acronym=True, do_not_translate=True),)),
        ]
    )


def segment_id(store, text):
    for row in store.segment_rows(store.require_release("rel")["id"]):
        if row["source"] == text:
            return row["id"]
    raise AssertionError(f"no segment {text!r}")


def translate(store, sid, lang, target):
    store.change_translation(
        sid,
        lang,
        target=target,
        state=TRANSLATED,
        origin="human",
        user="tester",
        action="translate",
        now=utcnow(),
    )


def test_check_translation_stores_issues_and_replaces_them_on_the_next_change(store, termbase):
    sid = segment_id(store, "L’OIM fournit des services AVRR à 500 résidents.")
    translate(store, sid, "en", "IOM provides ARVR services to 50 residents")
    issues = check_translation(store, None, sid, "en", termbase=termbase)
    assert {i.check_id for i in issues} == {"dnt", "numbers", "end-punctuation"}
    rows = store.open_qa_issues(sid, "en")
    assert [r["severity"] for r in rows] == ["critical", "critical", "critical", "warning"]
    assert {r["check_id"] for r in rows} == {"dnt", "numbers", "end-punctuation"}
    assert all(r["message"] for r in rows)
    assert store.open_qa_issues(sid, "es") == []

    translate(store, sid, "en", "IOM provides AVRR services to 500 residents.")
    assert check_translation(store, None, sid, "en", termbase=termbase) == []
    assert store.open_qa_issues(sid, "en") == []


def test_an_untranslated_row_has_no_issues(store):
    sid = segment_id(store, "Contact : media@iom.int.")
    assert check_translation(store, None, sid, "en") == []


def test_ignores_are_remembered_across_re_checks_and_can_be_undone(store):
    sid = segment_id(store, "Contact : media@iom.int.")
    translate(store, sid, "en", "Contact : media@iom.int.")
    check_translation(store, None, sid, "en")
    assert {r["check_id"] for r in store.open_qa_issues(sid, "en")} == {"en-typography"}
    store.ignore_qa_check(sid, "en", "en-typography", user="rev", at=utcnow(), reason="house style")
    assert store.open_qa_issues(sid, "en") == []
    check_translation(store, None, sid, "en")
    assert store.open_qa_issues(sid, "en") == []
    assert store.qa_ignores(sid, "en")[0]["reason"] == "house style"
    listed = store.list_qa_issues(include_ignored=True)
    assert [(r["check_id"], r["ignored"]) for r in listed] == [("en-typography", True)]
    assert store.list_qa_issues() == []
    assert store.unignore_qa_check(sid, "en", "en-typography") is True
    assert store.unignore_qa_check(sid, "en", "en-typography") is False
    assert [r["check_id"] for r in store.open_qa_issues(sid, "en")] == ["en-typography"]


def test_replacing_issues_is_one_transaction(store):
    sid = segment_id(store, "Contact : media@iom.int.")
    store.replace_qa_issues(
        sid, "en", [{"check_id": "urls", "severity": "critical", "message": "kept"}]
    )
    with pytest.raises(KeyError):
        store.replace_qa_issues(sid, "en", [{"check_id": "urls", "severity": "critical"}])
    assert [r["message"] for r in store.open_qa_issues(sid, "en")] == ["kept"]


def test_list_filters_and_release_recheck_with_consistency(store):
    a = segment_id(store, "Qui sommes nous")
    b = segment_id(store, "Qui sommes-nous ?")
    translate(store, a, "en", "About us")
    translate(store, b, "en", "Who are we?")
    translate(store, b, "es", "¿Quiénes somos?")
    result = check_release(store, None, "rel", "en")
    assert result.checked == 4 and result.issues >= 2
    rows = store.list_qa_issues(
        release_id=store.require_release("rel")["id"], lang="en", check_ids=["consistency-source"]
    )
    assert {r["segment_id"] for r in rows} == {a, b}
    assert rows[0]["release"] == "rel" and rows[0]["target"] in ("About us", "Who are we?")
    assert store.list_qa_issues(lang="es") == []
    assert store.list_qa_issues(severities=["critical"]) == []


def test_consistency_issues_follow_changes_of_either_translation(store):
    a = segment_id(store, "Qui sommes nous")
    b = segment_id(store, "Qui sommes-nous ?")
    translate(store, a, "en", "About us")
    check_translation(store, None, a, "en")
    translate(store, b, "en", "Who are we?")
    check_translation(store, None, b, "en")
    # Changing b made a inconsistent too, without re-checking a.
    assert [r["check_id"] for r in store.open_qa_issues(a, "en")] == ["consistency-source"]
    assert [r["check_id"] for r in store.open_qa_issues(b, "en")] == ["consistency-source"]
    translate(store, b, "en", "About us?")
    check_translation(store, None, b, "en")
    assert store.open_qa_issues(a, "en") == []
    assert store.open_qa_issues(b, "en") == []

"""More real TBX and TMX files written by other tools, through the CLI a user runs.

Termbases from translate5 (a termCollection export: capitalised data categories, status in
both normativeAuthorization and administrativeStatus, back matter), the TBX-Min v3 test file
of LTAC/TerminOrgs (MultiTerm export: several notes per concept and term) and OmegaT's Oracle
sample; memories from translate5's t5memory (tool-specific props, repeated units) and the
LISA compliance kit (notes, props, ude and comments everywhere). Origins and licences in
tests/data/realworld/SOURCES.md. translate-toolkit is the test-only peer that re-reads what
l10n exports.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_realworld import DATA, new_workspace, ok

TRANSLATE5_TBX = DATA / "translate5_MittagQI_termcollection.tbx"
TBX_MIN = DATA / "ltac_tbx_min_v3_several_notes.tbx"
ORACLE_TBX = DATA / "omegat_oracle_sampleTBXfile.tbx"
T5MEMORY_TMX = DATA / "translate5_t5memory_tm.tmx"
LISA_1L_TMX = DATA / "lisa_ImportTest1L_notes_props_comments.tmx"


@pytest.fixture
def ws(tmp_path) -> Path:
    return new_workspace(tmp_path / "ws", "en", ["de", "es", "fr", "ru", "hy", "hu"])


def _import_glossary(ws: Path, path: Path) -> dict:
    return json.loads(ok(ws, "glossary", "import", str(path), "--json").stdout)


def _glossary(ws: Path) -> dict[str, dict]:
    return {c["id"]: c for c in json.loads(ok(ws, "glossary", "list", "--json").stdout)}


def _terms(concept: dict) -> list[tuple[str, str, str]]:
    return [(t["lang"], t["text"], t["status"]) for t in concept["terms"]]


def _term(concept: dict, text: str) -> dict:
    return next(t for t in concept["terms"] if t["text"] == text)


# -- termbases ------------------------------------------------------------------------------


def test_translate5_export_keeps_statuses_languages_and_capitalised_definition(ws) -> None:
    report = _import_glossary(ws, TRANSLATE5_TBX)
    assert (report["concepts"], report["added"], report["notes"]) == (3, 3, [])
    concepts = _glossary(ws)
    assert _terms(concepts["1"]) == [
        ("de", "Mission", "preferred"),
        ("de", "Aufgabe", "deprecated"),  # deprecatedTerm-admn-sts
        ("de", "Sendung", "deprecated"),
        ("en", "Mission", "preferred"),
        ("hy", "առաջադրանք", "admitted"),
        ("ru", "Миссия", "admitted"),
    ]
    assert _term(concepts["1"], "Миссия")["note"] == "kjklj"
    # translate5 writes <descrip type="Definition"> (capital D) at language level.
    assert concepts["2"]["definition"] == (
        "Continuous development means a continuous cycle of improvement according to the "
        "steps development, usage, extension, reusage."
    )
    assert ("de", "kontinuierliche Entwicklung", "admitted") in _terms(concepts["2"])
    # A term with only a processStatus is an ordinary (preferred) term.
    assert _terms(concepts["idfdf77321-8b89-4cce-8a86-a43883b2588c"]) == [
        ("de", "Test", "preferred")
    ]


def test_translate5_terms_match_in_german_running_text(tmp_path) -> None:
    ws = new_workspace(tmp_path / "de", "de", ["en", "ru"])
    ok(ws, "glossary", "import", str(TRANSLATE5_TBX))
    text = "Die kontinuierliche Weiterentwicklung ist unsere Mission."
    hits = json.loads(
        ok(ws, "glossary", "match", "--lang", "de", "--to", "en", "--json", text).stdout
    )
    found = {h["text"]: h["targets"]["en"] for h in hits}
    assert found == {
        "kontinuierliche Weiterentwicklung": ["continuous development"],
        "Mission": ["Mission"],
    }


def test_tbx_min_keeps_every_note_of_a_concept_and_a_term(ws) -> None:
    """MultiTerm writes one <note> per piece of information (text, then its source): all of
    them are kept, in file order, not only the last one."""
    report = _import_glossary(ws, TBX_MIN)
    assert (report["concepts"], report["added"]) == (4, 4)
    concepts = _glossary(ws)
    c16 = concepts["c16"]["note"]
    assert c16.startswith("G-Source: http://www.astro.ljmu.ac.uk/")
    assert "This figure compares the IMFs by ploting mass fraction" in c16
    assert c16.endswith(
        "N-Source: http://www.astro.ljmu.ac.uk/~ikb/research/imf-use-in-cosmology.html"
    )
    galactic = _term(concepts["c1"], "galactic cluster")
    assert galactic["status"] == "deprecated"  # supersededTerm-admn-sts
    assert galactic["note"].startswith("Another name for an open star cluster.")
    assert galactic["note"].endswith(
        "N-Source: http://www.delscope.demon.co.uk/astronomy/glossary.htm#G"
    )
    bally = _term(concepts["c17"], "Bally2005")
    assert bally["lang"] == "zu"
    assert bally["note"].split(" | ") == [
        "Author[s]: Bally, John and Hans Zinnecker",
        "Journal Title: The Astronomical Journal",
        "Article Title: The Birth of High-Mass Stars: Accertion and/or Mergers?",
        "Volume: 129",
        "Publication Place: U.S.A.",
        "Publisher: The American Astronomical Society",
        "Publication Year: May 2005",
        "Page(s): 2281-2293",
    ]
    # Language-level notes of both languages are kept on the concept.
    assert concepts["c9"]["note"] == (
        "[en] note: G-Source: http://www.cfa.harvard.edu/~afrebel/milky-way-2.jpg | "
        "[es] note: G-Source: http://oacs-unah.edu.hn/an111/vrt/img/via_lactea.jpg"
    )
    assert [t["text"] for t in concepts["c9"]["terms"] if t["lang"] == "es"] == [
        "Galaxia",
        "Vía Láctea",
        "galaxia Vía Láctea",
    ]


def test_oracle_sample_keeps_subject_definition_and_full_form(ws) -> None:
    _import_glossary(ws, ORACLE_TBX)
    concept = _glossary(ws)["eid-Oracle-67"]
    assert (concept["subject"], concept["definition"]) == (
        "manufacturing",
        "A value between 0 and 1 used in ...",
    )
    assert _terms(concept) == [
        ("en", "alpha smoothing factor", "preferred"),
        ("hu", "hu translation", "preferred"),
    ]
    full_form = concept["terms"][0]
    assert (full_form["part_of_speech"], full_form["acronym"]) == ("noun", False)


def test_new_termbases_round_trip_through_export(ws, tmp_path) -> None:
    from translate.storage import tbx

    for path in (TRANSLATE5_TBX, TBX_MIN, ORACLE_TBX):
        ok(ws, "glossary", "import", str(path))
    before = _glossary(ws)
    out = tmp_path / "out.tbx"
    ok(ws, "glossary", "export", "--format", "tbx", "-o", str(out))
    units = tbx.tbxfile.parsefile(str(out)).units
    assert len(units) == len(before) == 8
    pairs = {(u.source, u.target) for u in units}
    assert ("alpha smoothing factor", "hu translation") in pairs
    assert ("Mission", "Mission") in pairs  # en then de: the file's first language pair
    other = new_workspace(tmp_path / "other", "en", ["de", "es"])
    ok(other, "glossary", "import", str(out))
    assert _glossary(other) == before


# -- translation memories -----------------------------------------------------------------


def _import_tm(ws: Path, path: Path) -> dict:
    return json.loads(ok(ws, "tm", "import", str(path), "--json").stdout)


def _lookup(ws: Path, text: str, to: str) -> list[dict]:
    return json.loads(ok(ws, "tm", "lookup", "--to", to, "--json", "--", text).stdout)


def test_t5memory_tmx_with_tool_props_and_a_repeated_unit(ws, tmp_path) -> None:
    from translate.storage import tmx

    report = _import_tm(ws, T5MEMORY_TMX)
    assert (report["tus"], report["added"], report["duplicates"]) == (4, 3, 1)
    assert report["languages"] == ["de", "en"]
    (match,) = _lookup(
        ws,
        "The point of using Lorem Ipsum is that it has a more-or-less normal distribution "
        "of letters, as opposed to using 'Content here, content here', making it look like "
        "readable English.",
        "de",
    )
    assert match["kind"] == "exact"
    assert '"Inhalt hier, Inhalt hier"' in match["target"]  # &quot; in the file
    assert match["changed_at"] == "2023-02-02T14:14:25Z"
    out = tmp_path / "out.tmx"
    ok(ws, "tm", "export", "-o", str(out))
    units = tmx.tmxfile.parsefile(str(out)).units
    assert sorted(u.source for u in units)[0] == (
        "It has survived not only five centuries, but also the leap into electronic "
        "typesetting, remaining essentially unchanged."
    )
    assert len(units) == 3


def test_lisa_kit_notes_props_ude_and_comments_are_not_text(ws) -> None:
    report = _import_tm(ws, LISA_1L_TMX)
    # en-gb is the source language again (the workspace's is en): nothing to use.
    assert (report["tus"], report["added"], report["languages"]) == (1, 1, ["en-US", "fr"])
    (match,) = _lookup(ws, "Text of the segment.", "fr")
    assert (match["kind"], match["target"]) == ("exact", "Texte du segment.")
    assert (match["author"], match["changed_at"]) == ("ys", "2002-05-23T09:12:00Z")

"""Glossary CSVs exported by other tools (Crowdin, Lokalise, Phrase, Transifex, Weblate,
Google) are read from their own headers; files that do not name a language say which one
is missing and how to give it; bad files name the file, line and column, and import nothing.

The sample files and their origins: tests/data/glossary_csv/SOURCES.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from l10n.errors import InputError, UsageError
from l10n.store import Store
from l10n.terms import TermMatcher, read_termbase
from l10n.terms.csvfile import csv_layout, languages_needed, parse_csv, read_csv

DATA = Path(__file__).resolve().parent / "data" / "glossary_csv"


def _terms(concept, lang):
    return [(t.text, t.status) for t in concept.terms if t.lang == lang]


def _by_en(termbase):
    return {c.terms[0].text: c for c in termbase}


# --- Crowdin ----------------------------------------------------------------------------


def test_crowdin_export_reads_terms_statuses_and_concept_details():
    tb = read_termbase(DATA / "crowdin.csv")  # through the ordinary file dispatch
    assert csv_layout((DATA / "crowdin.csv").read_text(encoding="utf-8")) == "Crowdin"
    assert len(tb) == 5
    gcc = next(c for c in tb if c.terms[0].text == "GCC")
    assert _terms(gcc, "fr") == [("CCG", "preferred")]
    assert _terms(gcc, "es") == [("CCG", "preferred")]
    en = gcc.terms[0]
    assert en.acronym and en.part_of_speech == "proper noun"
    assert en.note == "Gulf Cooperation Council"
    assert gcc.definition.startswith("Regional intergovernmental union")
    assert gcc.subject == "Organizations" and gcc.note == "UNTERM"

    illegal = next(c for c in tb if c.terms[0].text == "illegal immigrant")
    # not recommended / obsolete -> deprecated, forbidden -> forbidden: a translation
    # must not use any of them.
    assert _terms(illegal, "en") == [("illegal immigrant", "deprecated")]
    assert _terms(illegal, "fr") == [("immigrant illégal", "deprecated")]
    assert _terms(illegal, "es") == [("inmigrante ilegal", "forbidden")]
    assert illegal.terms[0].note == "Stigmatizing."


def test_crowdin_homonyms_become_separate_concepts_with_stable_ids():
    first = [c for c in read_termbase(DATA / "crowdin.csv") if c.terms[0].text == "return"]
    again = [c for c in read_termbase(DATA / "crowdin.csv") if c.terms[0].text == "return"]
    assert [_terms(c, "fr") for c in first] == [
        [("retour", "preferred")],
        [("renvoyer", "preferred")],
    ]
    assert first[1].id == first[0].id + "-2"
    assert [c.id for c in first] == [c.id for c in again]  # a re-import updates, not duplicates


def test_crowdin_repeated_language_columns_are_synonyms():
    text = (
        "Term [fr],Status [fr],Term [fr],Status [fr],Term [en]\n"
        "traite des personnes,preferred,traite des êtres humains,admitted,trafficking in persons\n"
    )
    (concept,) = parse_csv(text, "crowdin.csv")
    assert _terms(concept, "fr") == [
        ("traite des personnes", "preferred"),
        ("traite des êtres humains", "admitted"),
    ]


def test_crowdin_bad_status_and_language_name_the_line_and_column():
    with pytest.raises(InputError) as err:
        parse_csv("Term [en],Status [en]\nrefugee,approved\n", "g.csv")
    assert err.value.message == "g.csv: line 2: unknown term status 'approved' for en"
    with pytest.raises(InputError) as err:
        parse_csv("Term [en],Term [English]\nrefugee,x\n", "g.csv")
    assert err.value.message.startswith("g.csv: line 1: column 'Term [English]' (column 2)")


# --- Lokalise and Phrase ----------------------------------------------------------------


def test_lokalise_flags_become_term_flags_and_statuses():
    tb = read_csv(DATA / "lokalise.csv", source_lang="en")
    concepts = _by_en(tb)
    iom = concepts["IOM"]
    # translatable=no -> do not translate; casesensitive=yes -> case-sensitive; the `en`
    # column repeating the term is not a second term.
    assert _terms(iom, "en") == [("IOM", "preferred")]
    assert all(t.do_not_translate and t.case_sensitive for t in iom.terms)
    assert _terms(iom, "fr") == [("OIM", "preferred")]
    assert [t.note for t in iom.terms if t.lang == "fr"] == ["Sigle français"]
    assert iom.note == "International Organization for Migration"
    assert iom.subject == "organizations"
    # forbidden=yes -> every term of the entry forbidden.
    illegal = concepts["illegal migrant"]
    assert {t.status for t in illegal.terms} == {"forbidden"}
    assert _terms(illegal, "fr") == [("migrant illégal", "forbidden")]
    assert not any(t.do_not_translate for t in concepts["asylum seeker"].terms)
    worker = concepts["migrant worker"]
    assert [t.note for t in worker.terms if t.lang == "es"] == ["Término de la Convención de 1990"]


def test_lokalise_do_not_translate_term_is_kept_as_is_by_the_matcher():
    tb = read_csv(DATA / "lokalise.csv", source_lang="en")
    (hit,) = [h for h in TermMatcher(tb, "en").match("IOM staff met the press.")]
    assert hit.text == "IOM" and hit.term.do_not_translate
    # Lower case is not the case-sensitive acronym.
    assert TermMatcher(tb, "en").match("iom staff") == []


def test_phrase_term_base_with_true_false_flags():
    tb = read_csv(DATA / "phrase.csv", source_lang="en")
    unhcr = _by_en(tb)["UNHCR"]
    assert _terms(unhcr, "fr") == [("HCR", "preferred")]
    assert all(t.case_sensitive and t.do_not_translate for t in unhcr.terms)
    refugee = _by_en(tb)["refugee"]
    assert not any(t.case_sensitive or t.do_not_translate for t in refugee.terms)
    assert refugee.note.startswith("Person who fled persecution")


def test_term_column_without_a_source_language_says_how_to_give_it(tmp_path):
    """No language column repeats the ``term`` column here, so nothing names its language."""
    path = tmp_path / "lokalise.csv"
    path.write_text("term;description;fr\nasylum seeker;;demandeur d'asile\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_termbase(path)
    assert err.value.message == (
        f"{path}: line 1: a Lokalise/Phrase glossary CSV does not name the "
        "language of its 'term' column (the glossary's source language)"
    )
    assert err.value.hint == "Give it with --from LANG, e.g. --from en"
    assert languages_needed(path.read_text(encoding="utf-8")) == ["source"]


def test_the_column_repeating_the_term_column_names_the_source_language():
    """Lokalise exports list each base-language term under ``term`` and again under its
    language code: that code is the source language, with nothing to give."""
    tb = read_termbase(DATA / "lokalise.csv")
    assert ("demandeur d'asile", "preferred") in _terms(_by_en(tb)["asylum seeker"], "fr")


def test_lokalise_bad_flag_value_names_line_and_column():
    text = "term;description;forbidden;fr\nIOM;;yes;OIM\nUNHCR;;perhaps;HCR\n"
    with pytest.raises(InputError) as err:
        parse_csv(text, "lokalise.csv", source_lang="en")
    assert err.value.message == "lokalise.csv: line 3: column 'forbidden' holds 'perhaps'"


# --- Transifex --------------------------------------------------------------------------


def test_transifex_export_with_notes():
    tb = read_csv(DATA / "transifex.csv", source_lang="en")
    stateless = _by_en(tb)["stateless person"]
    assert _terms(stateless, "fr") == [("apatride", "preferred")]
    assert _terms(stateless, "es") == [("apátrida", "preferred")]
    assert {t.part_of_speech for t in stateless.terms} == {"noun"}
    assert stateless.note == "Not considered as a national by any State."
    assert [t.note for t in stateless.terms if t.lang == "fr"] == ["Invariable in gender."]
    assert len(tb) == 3


def test_transifex_upload_file_with_plain_locale_columns():
    # The upload form: Term,pos,comment then one column per locale (Transifex writes zh_CN).
    text = "Term,pos,comment,fr,zh_CN\nlibrary,noun,A building.,bibliothèque,图书馆\n"
    (concept,) = parse_csv(text, "tx.csv", source_lang="en")
    assert [(t.lang, t.text) for t in concept.terms] == [
        ("en", "library"),
        ("fr", "bibliothèque"),
        ("zh-CN", "图书馆"),
    ]
    assert concept.note == "A building."


# --- Weblate ----------------------------------------------------------------------------


def test_weblate_download_needs_both_languages_and_says_so():
    with pytest.raises(InputError) as err:
        read_termbase(DATA / "weblate-glossary-fr.csv")
    assert "a Weblate glossary CSV does not name its languages" in err.value.message
    assert err.value.message.startswith(f"{DATA / 'weblate-glossary-fr.csv'}: line 1: ")
    assert err.value.hint == "Give them with --from SOURCE --to TARGET, e.g. --from en --to fr"
    with pytest.raises(InputError) as err:
        read_csv(DATA / "weblate-glossary-fr.csv", source_lang="en")
    assert "its 'target' column (the glossary's target language)" in err.value.message
    assert err.value.hint == "Give it with --to LANG, e.g. --to fr"


def test_weblate_download_with_languages():
    tb = read_csv(DATA / "weblate-glossary-fr.csv", source_lang="en", target_lang="fr")
    refugee, border, open_adj, open_verb = tb
    assert _terms(refugee, "fr") == [("réfugié", "preferred")]
    assert [t.note for t in refugee.terms if t.lang == "fr"] == ["Nom masculin"]
    assert refugee.note == "Person who fled persecution (1951 Convention)."
    # fuzzy (needs editing in Weblate) -> admitted, not the preferred rendering.
    assert _terms(open_adj, "fr") == [("ouvert", "admitted")]
    assert open_adj.subject == "adjective" and open_verb.subject == "verb"
    assert open_adj.id != open_verb.id
    assert _terms(border, "en") == [("border", "preferred")]


def test_weblate_written_by_translate_toolkit_round_trips():
    csvl10n = pytest.importorskip("translate.storage.csvl10n")
    store = csvl10n.csvfile()
    unit = store.UnitClass("detention")
    unit.target = "rétention"
    unit.addnote("Administrative, not criminal.", origin="developer")
    store.addunit(unit)
    (concept,) = parse_csv(
        bytes(store).decode("utf-8"), "w.csv", source_lang="en", target_lang="fr"
    )
    assert _terms(concept, "fr") == [("rétention", "preferred")]
    assert concept.note == "Administrative, not criminal."


def test_weblate_spreadsheet_guard_quotes_are_removed():
    text = '"source","target"\n"\'-ism\'","\'-isme\'"\n'
    (concept,) = parse_csv(text, "w.csv", source_lang="en", target_lang="fr")
    assert [t.text for t in concept.terms] == ["-ism", "-isme"]


# --- Google -----------------------------------------------------------------------------


def test_google_equivalent_term_sets_with_pos_and_description():
    tb = read_termbase(DATA / "google-sets.csv")
    idp = _by_en(tb)["internally displaced person"]
    assert _terms(idp, "ar") == [("نازح داخلي", "preferred")]
    assert {t.part_of_speech for t in idp.terms} == {"noun"}
    assert idp.note == "Displaced within the borders of their own State."
    assert len(tb) == 2


def test_google_two_columns_without_header():
    path = DATA / "google-pairs.tsv"
    with pytest.raises(InputError) as err:
        read_termbase(path)
    assert err.value.message == (
        f"{path}: line 1: no header ('readmission agreement' and 'accord de réadmission' are "
        "not column names), so this two-column glossary (source term, target term) names no "
        "languages"
    )
    assert "--from SOURCE --to TARGET" in err.value.hint and "e.g. en,fr" in err.value.hint
    tb = read_csv(path, source_lang="en", target_lang="fr")
    assert len(tb) == 3  # line 1 is data
    assert _terms(_by_en(tb)["readmission agreement"], "fr") == [
        ("accord de réadmission", "preferred")
    ]
    # Adding the header the hint suggests makes it l10n's own layout.
    text = "en\tfr\n" + path.read_text(encoding="utf-8")
    assert list(parse_csv(text, "pairs.tsv")) == list(tb)


def test_given_languages_must_be_language_codes():
    with pytest.raises(UsageError):
        read_csv(DATA / "google-pairs.tsv", source_lang="english", target_lang="fr")


# --- Unknown and malformed files import nothing ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "term;description;colour;fr\nIOM;;red;OIM\n",
            "x.csv: line 1: unknown column 'colour' (column 3) in a Lokalise/Phrase glossary",
        ),
        (
            "Term [en],Definition [en]\nx,y\n",
            "x.csv: line 1: unknown column 'Definition [en]' (column 2) in a Crowdin glossary",
        ),
        (
            "term,translation_fr,translation_xx\nx,y,z\n",
            "x.csv: line 1: unknown column 'translation_xx' (column 3) in a Transifex glossary",
        ),
        ("id,fr,colour\nx,y,z\n", "x.csv: line 1: unknown column 'colour' (column 3)"),
        (
            '"source","target"\n"refugee","réfugié","extra"\n',
            "x.csv: line 2: 3 cells for 2 columns",
        ),
        (
            "Term [en],Concept Note\n,only a note\n",
            "x.csv: line 2: the entry has no term",
        ),
    ],
)
def test_malformed_files_name_file_line_and_column(text, message):
    with pytest.raises(InputError) as err:
        parse_csv(text, "x.csv", source_lang="en", target_lang="fr")
    assert err.value.message == message


# --- Through the command line -------------------------------------------------------------


def test_cli_imports_a_crowdin_glossary(cli_in, workspace):
    result = cli_in("glossary", "import", str(DATA / "crowdin.csv"), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["added"] == 5
    store = Store.open(workspace / "l10n.db")
    try:
        concepts = {c.terms[0].text for c in store.load_termbase()}
    finally:
        store.close()
    assert {"GCC", "smuggling of migrants", "return"} <= concepts


def test_cli_refuses_a_weblate_file_in_one_line_and_imports_nothing(cli_in, workspace):
    assert cli_in("glossary", "import", str(DATA / "google-sets.csv")).exit_code == 0
    result = cli_in("glossary", "import", str(DATA / "weblate-glossary-fr.csv"))
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "weblate-glossary-fr.csv: line 1: a Weblate glossary CSV does not name" in lines[0]
    assert "--from SOURCE --to TARGET" in lines[0]
    store = Store.open(workspace / "l10n.db")
    try:
        assert len(store.load_termbase()) == 2  # the earlier import only
    finally:
        store.close()


def test_cli_bad_row_in_a_crowdin_file_imports_nothing(cli_in, workspace, tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_text(
        "Term [en],Status [en],Term [fr]\nrefugee,preferred,réfugié\nmigrant,approved,migrant\n",
        encoding="utf-8",
    )
    result = cli_in("glossary", "import", str(path))
    assert result.exit_code != 0
    assert f"{path}: line 3: unknown term status 'approved' for en" in result.stderr
    store = Store.open(workspace / "l10n.db")
    try:
        assert len(store.load_termbase()) == 0  # not even line 2
    finally:
        store.close()

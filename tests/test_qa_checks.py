"""Each check: what it must report and what it must leave alone, in fr→en, en→fr, fr→es
and fr→ar."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import l10n.qa
from l10n.errors import UsageError
from l10n.qa import Check, OtherTranslation, all_checks, run_checks, select_checks
from l10n.qa.base import CHECK_MODULES, SEVERITIES
from l10n.terms import Concept, Term, Termbase

NNBSP = "\u202f"


def found(source, target, src="fr", tgt="en", **kw) -> dict[str, list[str]]:
    """check id -> messages, every severity."""
    out: dict[str, list[str]] = {}
    for issue in run_checks(source, target, src, tgt, **kw):
        out.setdefault(issue.check_id, []).append(issue.message)
    return out


def severities(source, target, src="fr", tgt="en", **kw) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for issue in run_checks(source, target, src, tgt, **kw):
        out.setdefault(issue.check_id, set()).add(issue.severity)
    return out


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    def concept(cid, *terms):
        return Concept(id=cid, terms=tuple(terms))

    return Termbase.of(
        [
            concept(
                "iom",
                Term("OIM", "fr", acronym=True),
                Term("IOM", "en", acronym=True),
                Term("OIM", "es", acronym=True),
                Term("المنظمة الدولية للهجرة", "ar"),
            ),
            concept("avrr", Term("AVRR", "fr", acronym=True, do_not_translate=True)),
            concept(
                "trafficking",
                Term("traite", "fr"),
                Term("trafficking in persons", "en"),
                Term("trafficking", "en", status="admitted"),
                Term("trata", "es"),
                Term("الاتجار بالبشر", "ar"),
            ),
            concept(
                "smuggling",
                Term("trafic illicite de migrants", "fr"),
                Term("migrant smuggling", "en"),
                Term("people trafficking", "en", status="forbidden"),
                Term("human smuggling", "en", status="deprecated"),
                Term("tráfico ilícito de migrantes", "es"),
            ),
            concept(
                "irregular",
                Term("migrants en situation irrégulière", "fr"),
                Term("migrants in an irregular situation", "en"),
                Term("illegal migrants", "en", status="forbidden"),
            ),
            concept(
                "asylum",
                Term("asylum seeker", "en"),
                Term("demandeur d’asile", "fr"),
                Term("solicitante de asilo", "es"),
            ),
        ]
    )


# -- registry ----------------------------------------------------------------------------


def test_every_check_module_is_registered_and_every_check_documented():
    registered = {cls for cls in all_checks()}
    for info in pkgutil.iter_modules(l10n.qa.__path__):
        module = importlib.import_module(f"l10n.qa.{info.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Check) and obj is not Check and obj.__module__ == module.__name__:
                assert obj in registered, f"{obj.__name__} is not registered"
                assert module.__name__ in CHECK_MODULES
    ids = [cls.check_id for cls in all_checks()]
    assert len(ids) == len(set(ids))
    for cls in all_checks():
        assert cls.name and len(cls.description) > 30, cls.check_id
        assert cls.severity in SEVERITIES


def test_the_spec_checks_exist():
    ids = {cls.check_id for cls in all_checks()}
    assert {
        "numbers",
        "number-words",
        "urls",
        "emails",
        "phones",
        "placeholders",
        "glossary",
        "forbidden-term",
        "dnt",
        "untranslated",
        "empty",
        "end-punctuation",
        "fr-typography",
        "en-typography",
        "es-typography",
        "ar-punctuation",
        "double-space",
        "doubled-word",
        "whitespace",
        "brackets",
        "length",
        "consistency-source",
        "consistency-target",
    } <= ids


def test_select_checks_rejects_unknown_ids_and_honours_enabled_and_disabled():
    with pytest.raises(UsageError, match="unknown check 'nope'"):
        select_checks(["nope"])
    assert [c.check_id for c in select_checks(["numbers"])] == ["numbers"]
    assert "numbers" not in {c.check_id for c in select_checks(disabled=["numbers"])}
    issues = run_checks("5 migrants.", "6 migrants", "fr", "en", enabled=["numbers"])
    assert {i.check_id for i in issues} == {"numbers"}


# -- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, target",
    [
        ("Au total, 72 176 migrants.", "In total, 72,176 migrants."),
        ("Au total, 72\u202f176 migrants.", "In total, 72,176 migrants."),
        ("Le taux a atteint 3,5 %.", "The rate reached 3.5%."),
        ("Le 1er mars 2016.", "On 1st March 2016."),
        ("Le 1er mars 2016.", "On 1 March 2016."),
        ("La Loi 68/2015 sur le travail domestique.", "Law 68/2015 on domestic work."),
        ("Un appel de 12,5 millions de dollars.", "A USD 12.5 million appeal."),
        ("Un appel de 1,5 million de dollars.", "A USD 1,500,000 appeal."),
        ("Depuis cinq mois.", "For five months."),
        ("Depuis cinq mois.", "For 5 months."),
        ("Quatre bureaux.", "4 offices."),
        ("Vingt-cinq migrants.", "25 migrants."),
        ("La 71e session.", "The seventy-first session."),
        ("Le 1er trimestre.", "The first quarter."),
        ("Au XXIe siècle.", "In the 21st century."),
        ("À 14 h 30.", "At 2.30 p.m."),
        ("À 14 h.", "At 2 p.m."),
        ("Un migrant sur quatre.", "One in four migrants."),
        ("Deux fois plus de migrants.", "Twice as many migrants."),
        ("La période 2017-2019.", "The period 2017-2019."),
    ],
)
def test_numbers_equal_in_french_and_english_forms(source, target):
    assert "numbers" not in found(source, target)
    assert "number-words" not in found(source, target)


@pytest.mark.parametrize(
    "source, target, src, tgt",
    [
        ("In total, 72,176 migrants.", "Au total, 72 176 migrants.", "en", "fr"),
        ("The rate reached 3.5%.", "Le taux a atteint 3,5 %.", "en", "fr"),
        ("Au total, 72 176 migrants.", "En total, 72.176 migrantes.", "fr", "es"),
        ("Le taux a atteint 3,5 %.", "La tasa alcanzó el 3,5 %.", "fr", "es"),
        ("Le Centre peut accueillir 500 résidents.", "يمكن للمركز استقبال ٥٠٠ مقيم.", "fr", "ar"),
        ("Le taux a atteint 3,5 %.", "بلغ المعدل ٣٫٥٪.", "fr", "ar"),
        ("Au XXIe siècle.", "En el siglo XXI.", "fr", "es"),
    ],
)
def test_numbers_equal_across_other_pairs(source, target, src, tgt):
    assert "numbers" not in found(source, target, src, tgt)


@pytest.mark.parametrize(
    "source, target, src, tgt, message",
    [
        ("Au total, 72 176 migrants.", "In total, 72,167 migrants.", "fr", "en", "72 176"),
        ("Le taux a atteint 3,5 %.", "The rate reached 3.6%.", "fr", "en", "3,5"),
        ("En 2015, 500 résidents.", "In 2015, residents.", "fr", "en", "500"),
        ("La Loi 68/2015.", "Law 68/2016.", "fr", "en", "2015"),
        ("In total, 72,176 migrants.", "Au total, 72 186 migrants.", "en", "fr", "72,176"),
        ("Le taux a atteint 3,5 %.", "La tasa alcanzó el 5,3 %.", "fr", "es", "3,5"),
        (
            "Le Centre peut accueillir 500 résidents.",
            "يمكن للمركز استقبال ٥٠ مقيم.",
            "fr",
            "ar",
            "500",
        ),
        ("Au XXIe siècle.", "In the 20th century.", "fr", "en", "20"),
        ("À 14 h 30.", "At 3.30 p.m.", "fr", "en", "14 h 30"),
    ],
)
def test_changed_or_dropped_numbers_are_critical(source, target, src, tgt, message):
    issues = [i for i in run_checks(source, target, src, tgt) if i.check_id == "numbers"]
    assert issues and all(i.severity == "critical" for i in issues)
    assert any(message in i.message for i in issues)


def test_a_number_added_by_the_translation_is_reported_with_its_place():
    issues = [
        i
        for i in run_checks("Des migrants.", "Some 40 migrants.", "fr", "en")
        if i.check_id == "numbers"
    ]
    assert [(i.message, i.start, i.end) for i in issues] == [
        ("the number 40 is not in the source", 5, 7)
    ]


def test_number_words_changed_is_a_warning_but_a_dropped_word_is_not():
    assert severities("Depuis cinq mois.", "For six months.")["number-words"] == {"warning"}
    assert "number-words" not in found("Depuis cinq mois.", "For months.")
    assert "number-words" in found("Cinco meses.", "Quatre mois.", "es", "fr")


def test_number_format_of_the_target_locale():
    assert "number-format" in found("72 176 migrants.", "72 176 migrants.", "fr", "en")
    assert "number-format" in found("Taux de 3,5 %.", "Rate of 3,5%.", "fr", "en")
    assert "number-format" in found("Le 2e jour.", "The 2e day.", "fr", "en")
    assert "number-format" not in found("72 176 migrants.", "72,176 migrants.", "fr", "en")
    assert "number-format" in found("72,176 migrants.", "72,176 migrants.", "en", "fr")
    assert "number-format" in found("The 2nd day.", "Le 2nd jour.", "en", "fr")
    assert "number-format" not in found("72,176 migrants.", "72 176 migrants.", "en", "fr")


# -- contact details -----------------------------------------------------------------------


def test_phone_numbers_may_be_regrouped_but_digits_must_match():
    src = "Tel : +965 25 30 81 64, Email : iereiqat@iom.int"
    assert "phones" not in found(src, "Tel: +965 2530 8164, Email: iereiqat@iom.int")
    assert "phones" not in found(
        src, "هاتف: +965 25 30 81 64، البريد: iereiqat@iom.int", "fr", "ar"
    )
    assert "phones" not in found("Composez le 01 40 44 06 91.", "Dial +33 1 40 44 06 91.")
    issues = found(src, "Tel: +965 2530 8165, Email: iereiqat@iom.int")
    assert issues["phones"] == [
        "the phone number +965 25 30 81 64 is missing or changed",
        "the phone number +965 2530 8165 is not in the source",
    ]
    assert "numbers" not in issues  # phone digits are not numbers


def test_emails_must_be_kept():
    src = "Écrivez à media@iom.int."
    assert "emails" not in found(src, "Write to Media@IOM.int.")
    assert found(src, "Write to media@iom.org.")["emails"][0] == (
        "the e-mail address media@iom.int is missing or changed"
    )
    assert "emails" in found(src, "Escriba a la OIM.", "fr", "es")


def test_urls_must_be_kept_language_folders_aside():
    src = "Voir https://www.iom.int/fr/news et www.migrationdataportal.org."
    assert "urls" not in found(src, "See https://www.iom.int/news and www.migrationdataportal.org.")
    assert "urls" not in found(
        src, "Véase www.iom.int/es/news y www.migrationdataportal.org.", "fr", "es"
    )
    assert "urls" in found(src, "See https://www.iom.int/press and www.migrationdataportal.org.")


# -- inline codes and variables ------------------------------------------------------------


def test_placeholders_missing_extra_and_broken_nesting():
    src = "⟦1⟧Lire le communiqué⟦/1⟧ sur le site ⟦2/⟧."
    assert "placeholders" not in found(src, "⟦1⟧Read the release⟦/1⟧ on the website ⟦2/⟧.")
    assert found(src, "⟦1⟧Read the release on the website ⟦2/⟧.")["placeholders"] == [
        "the inline code ⟦/1⟧ is missing"
    ]
    assert "placeholders" in found(src, "⟦1⟧Read⟦/1⟧ ⟦3/⟧ on the website ⟦2/⟧.")
    nested = "⟦1⟧Le ⟦2⟧rapport⟦/2⟧⟦/1⟧."
    assert "placeholders" not in found(nested, "⟦1⟧The ⟦2⟧report⟦/2⟧⟦/1⟧.")
    assert found(nested, "⟦1⟧The ⟦2⟧report⟦/1⟧⟦/2⟧.")["placeholders"]
    assert severities(src, "⟦1⟧Read.", "fr", "es")["placeholders"] == {"critical"}


def test_a_pair_cut_by_the_sentence_split_is_in_order_as_in_the_source():
    """``**Un. Deux.**`` is two segments, ``⟦1⟧Un.`` and ``Deux.⟦/1⟧``: the second closes a
    pair it does not open. Its translation keeping the code where the source has it is
    right; closing it inside a pair the segment opens is still broken markup."""
    second = "Les victimes ont des ⟦2⟧droits⟦/2⟧.⟦/1⟧"
    assert "placeholders" not in found(second, "Victims have ⟦2⟧rights⟦/2⟧.⟦/1⟧")
    assert "placeholders" in found(second, "Victims have ⟦2⟧rights.⟦/1⟧⟦/2⟧")
    assert "placeholders" not in found("⟦1⟧La traite est un crime.", "⟦1⟧Trafficking is a crime.")
    # A code that opens in the source must still open before it closes in the translation.
    assert "placeholders" in found("⟦1⟧Lire⟦/1⟧ le site.", "⟦/1⟧Read⟦1⟧ the site.")


def test_variables_must_be_kept_and_percent_signs_are_not_variables():
    assert "placeholders" in found(
        "Bonjour %s, vous avez {count} messages.", "Hello %s, you have messages."
    )
    assert "placeholders" not in found("Hausse de 3,5 % des arrivées.", "A 3.5% rise in arrivals.")
    assert "placeholder-order" in found("%s a envoyé %d fichiers.", "%d files sent by %s.")


# -- terminology ---------------------------------------------------------------------------


def test_glossary_expects_a_preferred_or_admitted_term_inflection_tolerant(termbase):
    src = "Les victimes de traite ont besoin de protection."
    assert "glossary" not in found(
        src, "Victims of trafficking need protection.", termbase=termbase
    )
    assert "glossary" not in found(
        src, "Victims of trafficking in persons need protection.", termbase=termbase
    )
    issues = found(src, "Victims of human smuggling need protection.", termbase=termbase)
    assert issues["glossary"] == [
        "'traite' should be translated as 'trafficking in persons' or 'trafficking'"
    ]
    assert "glossary" not in found(
        src, "Las víctimas de trata necesitan protección.", "fr", "es", termbase=termbase
    )
    assert "glossary" not in found("Un demandeur d’asile.", "Asylum seekers.", termbase=termbase)


def test_oim_to_iom_is_not_an_error_but_oim_left_in_english_is(termbase):
    assert found("L’OIM au Koweït.", "IOM in Kuwait.", termbase=termbase) == {}
    assert "glossary" in found("L’OIM au Koweït.", "OIM in Kuwait.", termbase=termbase)
    assert "glossary" not in found(
        "L’OIM au Koweït.", "La OIM en Kuwait.", "fr", "es", termbase=termbase
    )
    assert "glossary" not in found(
        "L’OIM au Koweït.", "المنظمة الدولية للهجرة في الكويت.", "fr", "ar", termbase=termbase
    )


def test_forbidden_is_critical_deprecated_a_warning(termbase):
    src = "Le trafic illicite de migrants reste lucratif."
    assert "forbidden-term" not in found(
        src, "Migrant smuggling remains lucrative.", termbase=termbase
    )
    bad = run_checks(src, "People trafficking remains lucrative.", "fr", "en", termbase=termbase)
    forbidden = [i for i in bad if i.check_id == "forbidden-term"]
    assert [(i.severity, i.message) for i in forbidden] == [
        ("critical", "'People trafficking' is a forbidden term; use 'migrant smuggling'")
    ]
    assert forbidden[0].start == 0
    deprecated = severities(src, "Human smuggling remains lucrative.", termbase=termbase)
    assert deprecated["forbidden-term"] == {"warning"}
    assert "forbidden-term" in found(
        "Des migrants en situation irrégulière.", "Illegal migrants.", termbase=termbase
    )
    # A status belongs to its concept: without that concept in the source, no judgement.
    assert "forbidden-term" not in found("Des migrants.", "Illegal migrants.", termbase=termbase)


def test_a_term_forbidden_for_one_concept_but_allowed_for_the_source_concept_is_fine():
    tb = Termbase.of(
        [
            Concept(
                "smuggling",
                (
                    Term("trafic de migrants", "fr"),
                    Term("migrant smuggling", "en"),
                    Term("trafficking", "en", status="forbidden"),
                ),
            ),
            Concept("trafficking", (Term("traite", "fr"), Term("trafficking", "en"))),
        ]
    )
    assert found("Victimes de traite.", "Victims of trafficking.", termbase=tb) == {}
    assert "forbidden-term" in found("Le trafic de migrants.", "Trafficking.", termbase=tb)


def test_dnt_term_may_be_kept_even_when_the_glossary_has_a_target_form():
    tb = Termbase.of(
        [
            Concept(
                "avrr",
                (
                    Term("AVRR", "fr", acronym=True, do_not_translate=True),
                    Term("retorno voluntario asistido y reintegración", "es"),
                ),
            )
        ]
    )
    assert "dnt" not in found(
        "Les activités AVRR.", "Las actividades AVRR.", "fr", "es", termbase=tb
    )
    assert "dnt" not in found(
        "Les activités AVRR.",
        "Las actividades de retorno voluntario asistido y reintegración.",
        "fr",
        "es",
        termbase=tb,
    )
    assert "dnt" in found("Les activités AVRR.", "Las actividades RVAR.", "fr", "es", termbase=tb)


def test_dnt_acronym_must_stay(termbase):
    src = "L’OIM fournit des services AVRR."
    assert "dnt" not in found(src, "IOM provides AVRR services.", termbase=termbase)
    assert "dnt" not in found(src, "La OIM presta servicios AVRR.", "fr", "es", termbase=termbase)
    issues = run_checks(src, "IOM provides ARVR services.", "fr", "en", termbase=termbase)
    assert [(i.check_id, i.severity) for i in issues] == [("dnt", "critical")]
    assert "dnt" in found(
        src, "تقدم المنظمة الدولية للهجرة خدمات العودة الطوعية.", "fr", "ar", termbase=termbase
    )


def test_terminology_checks_are_silent_without_a_glossary():
    assert found("L’OIM fournit des services AVRR.", "IOM provides ARVR services.") == {}


# -- untranslated, empty, length -----------------------------------------------------------


def test_untranslated_copy_is_critical_but_cognates_names_acronyms_are_not():
    src = "Les victimes de traite ont besoin de protection."
    assert severities(src, src)["untranslated"] == {"critical"}
    for same in ("Structure", "Agenda", "2030 AGENDA", "Sierra Leone", "AVRR", "Falah Al Muteiry"):
        assert "untranslated" not in found(same, same)
    assert "untranslated" in found("Structure organisationnelle", "Structure organisationnelle")
    assert "untranslated" not in found("Texto en español.", "Texto en español.", "es", "es")


def test_untranslated_clause_left_in_the_source_language():
    src = "Les victimes de traite ont besoin d’une protection immédiate et d’un soutien."
    partly = "Victims of trafficking need d’une protection immédiate et d’un soutien."
    assert "untranslated" in found(src, partly)
    assert "untranslated" not in found(
        src, "Victims of trafficking need immediate protection and support."
    )
    assert "untranslated" in found(
        "¿Por qué tantos jóvenes dejan su país cada año?",
        "Pourquoi tantos jóvenes dejan su país cada año ?",
        "es",
        "fr",
    )
    assert "untranslated" in found(
        "Pourquoi tant de jeunes quittent-ils leur pays ?",
        "لماذا يغادر الكثير quittent-ils leur pays ?",
        "fr",
        "ar",
    )
    assert "untranslated" not in found(
        "Pourquoi tant de jeunes quittent-ils leur pays ?",
        "لماذا يغادر الكثير من الشباب بلدهم؟",
        "fr",
        "ar",
    )


def test_empty_target_is_critical_and_other_checks_stay_quiet():
    issues = run_checks("Les 500 résidents.", "  ", "fr", "en")
    assert [(i.check_id, i.severity) for i in issues] == [("empty", "critical")]
    assert run_checks("", "", "fr", "en") == []


def test_length_outliers_are_info():
    src = "Le Centre peut accueillir 500 résidents qui reçoivent un hébergement gratuit."
    assert severities(src, "The Centre, 500.")["length"] == {"info"}
    assert "length" not in found(
        src, "The Centre can host 500 residents, who receive free accommodation."
    )


# -- punctuation and typography ------------------------------------------------------------


def test_end_punctuation_mismatch_and_quotation_conventions():
    assert severities("Où travaillons-nous ?", "Where do we work.")["end-punctuation"] == {
        "warning"
    }
    assert "end-punctuation" not in found("Où travaillons-nous ?", "Where do we work?")
    assert "end-punctuation" not in found("Où travaillons-nous ?", "أين نعمل؟", "fr", "ar")
    assert "end-punctuation" not in found("« Nous sommes fiers »", "“We are proud.”")
    assert "end-punctuation" in found("Il est parti.", "He left")
    assert "end-punctuation" in found("Where do we work?", "Où travaillons-nous.", "en", "fr")
    assert "end-punctuation" in found(
        "¡Adoptada por unanimidad!", "Adoptée à l’unanimité", "es", "fr"
    )


def test_french_spacing_in_english_is_reported():
    assert "en-typography" in found("Les chiffres : 5.", "The figures : 5.")
    assert "en-typography" in found("Les chiffres : 5.", f"The figures{NNBSP}: 5.")
    assert "en-typography" in found("« Fiers », dit-il.", "« Proud, » he said.")
    assert "en-typography" not in found("Les chiffres : 5.", "The figures: 5.")
    assert "en-typography" not in found("Réunion à 10:30.", "Meeting at 10:30.")


def test_french_typography_of_french_targets():
    ok = f"Les chiffres{NNBSP}: 5{NNBSP}% de plus{NNBSP}! «{NNBSP}Bravo{NNBSP}»"
    assert "fr-typography" not in found("The figures: 5% more! “Well done”", ok, "en", "fr")
    missing = found("The figures: 5.", "Les chiffres: 5.", "en", "fr")
    assert missing["fr-typography"] == ["a no-break space is missing before ':'"]
    plain_space = severities("The figures: 5.", "Les chiffres : 5.", "en", "fr")
    assert plain_space["fr-typography"] == {"info"}
    assert "fr-typography" in found("“Proud”", "“Fiers”", "en", "fr")
    assert "fr-typography" not in found(
        "See https://iom.int at 10:30.", "Voir https://iom.int à 10:30.", "en", "fr"
    )


def test_spanish_opening_marks():
    assert "es-typography" not in found("Pourquoi partir ?", "¿Por qué irse?", "fr", "es")
    assert "es-typography" in found("Pourquoi partir ?", "Por qué irse?", "fr", "es")
    assert "es-typography" in found("Bravo !", "Bravo!", "fr", "es")
    assert "es-typography" in found("Pourquoi ?", "¿Por qué ?", "fr", "es")


def test_arabic_punctuation():
    assert "ar-punctuation" not in found("Où et pourquoi ?", "أين ولماذا؟", "fr", "ar")
    issues = found("Où, et pourquoi ?", "أين, ولماذا?", "fr", "ar")["ar-punctuation"]
    assert issues == ["use the Arabic ، instead of ,", "use the Arabic ؟ instead of ?"]
    assert "ar-punctuation" not in found("Le taux est de 3,5 %.", "بلغ المعدل 3,5%.", "fr", "ar")


def test_brackets_balance():
    assert "brackets" in found("Le rapport (PDF).", "The report (PDF.")
    assert "brackets" not in found("Le rapport (PDF).", "The report (PDF).")
    # A quotation that opens here and closes in the next sentence.
    assert "brackets" not in found("« Nous sommes fiers.", "« Estamos orgullosos.", "fr", "es")


def test_whitespace_doubled_spaces_and_doubled_words():
    assert "whitespace" in found("Bonjour.", "Hello. ")
    assert "whitespace" in found(" Bonjour.", "Hello.")
    assert "whitespace" not in found(" Bonjour.", " Hello.")
    assert "double-space" in found("Bonjour à tous.", "Hello  everyone.")
    assert "double-space" not in found("Bonjour à tous.", "Hello everyone.")
    assert "doubled-word" in found("Le rapport.", "The the report.")
    assert "doubled-word" in found("The report.", "Le le rapport.", "en", "fr")
    assert "doubled-word" not in found("Nous nous engageons.", "Nous nous engageons.", "en", "fr")
    assert "doubled-word" not in found("He said that.", "He had had enough.")
    assert "doubled-word" not in found("Bora Bora.", "Bora Bora.")


# -- consistency ---------------------------------------------------------------------------


def test_consistency_same_source_and_same_target():
    others = [
        OtherTranslation(1, "Qui sommes-nous ?", "Who we are"),
        OtherTranslation(2, "Partenariats", "Partnerships"),
    ]
    issues = found("Qui sommes nous", "About us", others=others, segment_id=3)
    assert issues["consistency-source"] == [
        "segment 1 has the same source translated as 'Who we are'"
    ]
    assert "consistency-source" not in found(
        "Qui sommes nous", "Who we are", others=others, segment_id=3
    )
    same_target = severities("Nos partenaires", "Partnerships", others=others, segment_id=4)
    assert same_target["consistency-target"] == {"info"}
    assert "consistency-source" not in found("Qui sommes nous", "About us")


def test_latin_source_words_left_in_an_arabic_translation():
    src = "Le projet bénéficiera directement à 3 200 ménages."
    assert "untranslated" in found(src, "سيستفيد من المشروع à 3 200 ménages.", "fr", "ar")
    assert "untranslated" not in found(src, "سيستفيد من المشروع بشكل مباشر 3200 أسرة.", "fr", "ar")
    assert "untranslated" not in found(
        "Contact : Iman Ereiqat, OIM Koweït.",
        "للاتصال: Iman Ereiqat، المنظمة الدولية للهجرة الكويت.",
        "fr",
        "ar",
    )


@pytest.mark.parametrize(
    "source, target, src, tgt",
    [
        ("La loi du 15/02/2016.", "The law of 15 February 2016.", "fr", "en"),
        ("La loi du 15 février 2016.", "The law of 2016-02-15.", "fr", "en"),
        ("La loi du 15 février 2016.", "La ley del 15.02.2016.", "fr", "es"),
        ("La loi du 15 février 2016.", "القانون المؤرخ 15/02/2016.", "fr", "ar"),
    ],
)
def test_numeric_dates_equal_long_dates(source, target, src, tgt):
    issues = found(source, target, src, tgt)
    assert "numbers" not in issues and "phones" not in issues


def test_month_names_do_not_hide_changed_or_dropped_numbers():
    assert found("La loi du 15/02/2016.", "The law of 15 March 2016.")["numbers"] == [
        "the number 02 is missing or changed"
    ]
    assert "numbers" in found("En mai, 5 migrants sont arrivés.", "In May, migrants arrived.")
    assert "numbers" in found("Le 5 mai.", "On 6 May.")


def test_registry_order_follows_check_modules_whatever_was_imported_first():
    from l10n.qa.base import CHECK_MODULES, all_checks

    modules = [cls.__module__ for cls in all_checks()]
    ranks = [CHECK_MODULES.index(m) for m in modules]
    assert ranks == sorted(ranks)


def test_glossary_finds_the_expected_chinese_term_inside_the_sentence():
    """Chinese has no spaces between words: the expected term is found inside the
    translation, so a right translation raises no glossary issue and a wrong one does."""
    tb = Termbase.of([Concept("migrant", (Term("migrants", "fr"), Term("移民", "zh")))])
    source = "Les migrants rentrent chez eux."
    assert "glossary" not in found(source, "许多移民返回家园。", "fr", "zh", termbase=tb)
    assert "glossary" in found(source, "许多人返回家园。", "fr", "zh", termbase=tb)

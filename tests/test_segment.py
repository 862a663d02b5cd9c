"""Sentence segmentation: built-in rules per language, inline codes, SRX files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.errors import InputError
from l10n.segment import Rule, Segmenter, icu_to_python, split_sentences

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
RULES_DIR = SHARED / "data" / "segmentation" / "rules"


def sents(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


def check_invariants(text: str, spans: list[tuple[int, int]]) -> None:
    pos = 0
    for start, end in spans:
        assert pos <= start < end <= len(text)
        assert text[pos:start].strip() == ""
        assert not text[start].isspace() and not text[end - 1].isspace()
        pos = end
    assert text[pos:].strip() == ""


# -- the contract -------------------------------------------------------------


def test_whitespace_only_gives_no_sentence():
    assert split_sentences("", "fr") == []
    assert split_sentences(" \n\t\u00a0 ", "fr") == []


def test_spans_exclude_surrounding_whitespace():
    text = "  Bonjour.  Au revoir.\n"
    assert split_sentences(text, "fr") == [(2, 10), (12, 22)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Mr.",
                "M.",
                "etc.",
                "Il",
                "part",
                "...",
                "…",
                "«",
                "»",
                '"',
                "?",
                "!",
                "¿",
                "¡",
                "\n",
                "\n\n",
                " ",
                "  ",
                "3.5",
                "2.",
                "U.S.",
                "⟦1⟧",
                "⟦/1⟧",
                "⟦2/⟧",
                "e.g.",
                "؟",
                "le",
                "The",
                "(",
                ")",
                "- ",
                "• ",
                "x@y.org",
                "\u00a0",
                ".",
                "A.",
            ]
        ),
        max_size=40,
    ),
    st.sampled_from(["fr", "en", "es", "ar", "de", "zz"]),
)
def test_spans_cover_every_non_space_character_once(parts, lang):
    text = "".join(parts)
    spans = split_sentences(text, lang)
    check_invariants(text, spans)
    if not text.strip():
        assert spans == []


def test_language_lookup_by_primary_subtag():
    assert Segmenter.for_language("fr-CA") is Segmenter.for_language("fr")
    assert Segmenter.for_language("fr_FR") is Segmenter.for_language("fr")
    assert Segmenter.for_language("ES-419") is Segmenter.for_language("es")
    assert Segmenter.for_language("fr").name == "l10n-fr"
    assert Segmenter.for_language("de").name == "l10n-generic"
    assert Segmenter.for_language("").name == "l10n-generic"
    text = "M. Dupont arrive. Il est en retard."
    assert sents(text, "fr-CA") == ["M. Dupont arrive.", "Il est en retard."]


def test_generic_rules_serve_other_languages():
    assert sents("Das ist gut. Wir gehen nach Hause! Kommst du?", "de") == [
        "Das ist gut.",
        "Wir gehen nach Hause!",
        "Kommst du?",
    ]
    assert sents("Dr. Müller ist da. Er wartet.", "de") == ["Dr. Müller ist da.", "Er wartet."]
    assert sents("第一句。第二句！第三句？", "zh") == ["第一句。", "第二句！", "第三句？"]


# -- French ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "M. Dupont et Mme Martin sont arrivés.",
        "MM. Dupont et Durand ont signé.",
        "Le Dr Martin et le Pr. Durand ont parlé au Dr. Roux.",
        "Il cite des pays, p. ex. le Koweït, et d'autres.",
        "Voir l'art. 3 de la loi et le chap. 4 du rapport.",
        "La réunion du 3 déc. 2015 a eu lieu.",
        "Le dossier n° 12 et le n°. 13 sont clos.",
        "Il est né en 52 av. J.-C. à Rome.",
        "C'est-à-dire, c.-à-d. Paris, cf. Annexe B.",
        "Le 1er janvier et le 2e jour, puis le XXe siècle.",
        "La Loi 68/2015 fixe un taux de 3,5 % ou 3.5 % sur 1.000.000 d'euros.",
        "Ils sont 72 176 migrants.",
        "Tel: +965 25 30 81 64, Email: iereiqat@iom.int",
        "Voir www.iom.int/fr et https://x.org/a.b?c=d pour plus d'informations.",
        "Il hésita… puis il partit.",
        "Il hésita... puis il partit.",
        "J. R. R. Tolkien a écrit ce livre.",
        "Les Éditions Gallimard Ltd. sont ici.",
    ],
)
def test_french_one_sentence(text):
    assert sents(text, "fr") == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ils ont apporté des pommes, des poires, etc. Le marché était plein.",
            ["Ils ont apporté des pommes, des poires, etc.", "Le marché était plein."],
        ),
        ("Il hésita… Puis il partit.", ["Il hésita…", "Puis il partit."]),
        ("Il hésita... Puis il partit.", ["Il hésita...", "Puis il partit."]),
        ("Vraiment ? Oui ! Bien sûr.", ["Vraiment ?", "Oui !", "Bien sûr."]),
        (
            "Il est né en 52 av. J.-C. Il est mort jeune.",
            ["Il est né en 52 av. J.-C.", "Il est mort jeune."],
        ),
        ("Voir le chap. 3. Le reste suit.", ["Voir le chap. 3.", "Le reste suit."]),
        ("« Bonjour. » Il partit.", ["« Bonjour. »", "Il partit."]),
        ("« Vraiment ? » demanda-t-il. Oui.", ["« Vraiment ? » demanda-t-il.", "Oui."]),
        ("Il a dit : « Non ! » Puis il est parti.", ["Il a dit : « Non ! »", "Puis il est parti."]),
        ("Contact : iereiqat@iom.int. Merci.", ["Contact : iereiqat@iom.int.", "Merci."]),
    ],
)
def test_french_breaks(text, expected):
    assert sents(text, "fr") == expected


def test_french_quotation_is_never_left_unbalanced():
    text = (
        "« Nous sommes fiers. Conformément aux instruments, le gouvernement a choisi. », "
        "a déclaré X. La suite."
    )
    assert sents(text, "fr") == [
        "« Nous sommes fiers. Conformément aux instruments, le gouvernement a choisi. », "
        "a déclaré X.",
        "La suite.",
    ]
    curly = '“Un. Deux.” Trois. "Quatre. Cinq." Six.'
    assert sents(curly, "fr") == ["“Un. Deux.”", "Trois.", '"Quatre. Cinq."', "Six."]


def test_unclosed_quote_does_not_swallow_the_block():
    assert sents("« Un. Deux. Trois.", "fr") == ["« Un.", "Deux.", "Trois."]


def test_seed_press_release():
    seed = REPO / "l10n" / "data" / "oim-koweit-avrr.fr.txt"
    lines = seed.read_text(encoding="utf-8").splitlines()
    quote = next(line for line in lines if line.startswith("«"))
    assert sents(quote, "fr") == [quote]
    contact = next(line for line in lines if line.startswith("Pour plus"))
    assert sents(contact, "fr") == [contact]
    heading = "L’OIM au Koweït facilite le retour volontaire de victimes de traite au Nigéria"
    assert sents(heading, "fr") == [heading]
    two = next(line for line in lines if line.startswith("Les deux femmes"))
    assert len(sents(two, "fr")) == 1
    for line in lines:
        check_invariants(line, split_sentences(line, "fr"))


# -- English -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith and Mrs. Jones met Dr. Brown.",
        "Bring fruit, e.g. apples, i.e. the red ones.",
        "I work for the U.S. Government in Virginia.",
        "We met at 5 p.m. and left at 7 a.m. on Monday.",
        "See No. 5 and No. 6 in the list.",
        "It was Smith vs. Jones in court.",
        "Apple Inc. said so on Monday.",
        "My name is Jonas E. Smith.",
        "She has $100.00 in her bag.",
        "She works at Yahoo! in the accounting department.",
        'She turned to him, "This is great." she said.',
        "He teaches science (He previously worked for 5 years as an engineer.) at the University.",
    ],
)
def test_english_one_sentence(text):
    assert sents(text, "en") == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live in the U.S. How about you?", ["I live in the U.S.", "How about you?"]),
        (
            "They closed the deal with Briggs & Co. It closed.",
            ["They closed the deal with Briggs & Co.", "It closed."],
        ),
        (
            "We make a good team, you and I. Did you see Albert I. Jones?",
            ["We make a good team, you and I.", "Did you see Albert I. Jones?"],
        ),
        ("Hello!! Long time no see.", ["Hello!!", "Long time no see."]),
        ("Hello?! Is that you?", ["Hello?!", "Is that you?"]),
        ('She said, "This is great." She left.', ['She said, "This is great."', "She left."]),
        (
            "I never meant that.... She left the store.",
            ["I never meant that....", "She left the store."],
        ),
    ],
)
def test_english_breaks(text, expected):
    assert sents(text, "en") == expected


# -- Spanish -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "El Sr. García y la Sra. López visitaron a la Dra. Pérez.",
        "Viajó a los EE. UU. en marzo.",
        "Consulte la pág. 5 del informe.",
        "¿Cómo está Ud. hoy?",
        "Pablo, ¿adónde vas? me preguntó.",
    ],
)
def test_spanish_one_sentence(text):
    assert sents(text, "es") == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¿Cómo está hoy? Espero que muy bien.", ["¿Cómo está hoy?", "Espero que muy bien."]),
        ("¡Hola Srta. Ledesma! ¿Cómo está?", ["¡Hola Srta. Ledesma!", "¿Cómo está?"]),
        (
            "La máquina viajaba a 100 km/h. ¿En cuánto tiempo?",
            ["La máquina viajaba a 100 km/h.", "¿En cuánto tiempo?"],
        ),
        ("Visitó los EE. UU. El viaje fue largo.", ["Visitó los EE. UU.", "El viaje fue largo."]),
        ("Llegó a 120.5°C. Afortunadamente paró.", ["Llegó a 120.5°C.", "Afortunadamente paró."]),
    ],
)
def test_spanish_breaks(text, expected):
    assert sents(text, "es") == expected


# -- Arabic ------------------------------------------------------------------------


def test_arabic_question_mark_full_stop_and_exclamation_end_sentences():
    text = "ماذا حدث؟ طرح الكثير من الأسئلة. هذا رائع! انتهى۔ وبعد"
    assert sents(text, "ar") == [
        "ماذا حدث؟",
        "طرح الكثير من الأسئلة.",
        "هذا رائع!",
        "انتهى۔",
        "وبعد",
    ]


def test_arabic_comma_never_ends_a_sentence():
    text = "عثر في الغرفة على بعض الأدوية، والقلب، وقرر الطبيب ذلك."
    assert sents(text, "ar") == [text]


def test_arabic_title_abbreviation_with_bidi_marks():
    text = "وقال د\u202a.\u202c ديفيد ريدي إنها مريضة. وليس معروفا ذلك."
    assert sents(text, "ar") == ["وقال د\u202a.\u202c ديفيد ريدي إنها مريضة.", "وليس معروفا ذلك."]


# -- lines and blocks -----------------------------------------------------------------


def test_single_newline_is_a_soft_break():
    text = "Le gouvernement reconnaît\nl'utilité des activités. Il organise\ndes débats."
    assert sents(text, "fr") == [
        "Le gouvernement reconnaît\nl'utilité des activités.",
        "Il organise\ndes débats.",
    ]


def test_blank_line_list_items_and_separators_break():
    assert sents("Qui sommes nous\n\nNotre travail", "fr") == ["Qui sommes nous", "Notre travail"]
    items = "Structure\n- Directrice générale\n- Bureau du Chef\n• Agir\n1. Premier point"
    assert sents(items, "fr") == [
        "Structure",
        "- Directrice générale",
        "- Bureau du Chef",
        "• Agir",
        "1. Premier point",
    ]
    assert sents("Titre\n-----\nTexte", "fr") == ["Titre", "-----", "Texte"]


def test_heading_without_final_punctuation_is_one_sentence():
    assert sents("Données et recherche", "fr") == ["Données et recherche"]
    assert sents("1. Introduction", "en") == ["1. Introduction"]


def test_inline_bullets_split_menu_items():
    assert sents("Accueil • Qui sommes nous • Agir", "fr") == [
        "Accueil",
        "• Qui sommes nous",
        "• Agir",
    ]


# -- inline codes ------------------------------------------------------------------------


def test_closing_code_stays_with_its_sentence():
    assert sents("⟦1⟧Un.⟦/1⟧ Deux.", "fr") == ["⟦1⟧Un.⟦/1⟧", "Deux."]


def test_opening_code_goes_with_the_next_sentence():
    assert sents("Un. ⟦1⟧Deux.⟦/1⟧", "fr") == ["Un.", "⟦1⟧Deux.⟦/1⟧"]
    assert sents("Un.⟦/1⟧⟦2⟧ Deux.⟦/2⟧", "fr") == ["Un.⟦/1⟧", "⟦2⟧ Deux.⟦/2⟧"]


def test_standalone_code_after_final_punctuation_stays():
    assert sents("Voir la figure.⟦3/⟧ Ensuite, lire.", "fr") == [
        "Voir la figure.⟦3/⟧",
        "Ensuite, lire.",
    ]


def test_codes_are_transparent_to_the_rules():
    assert sents("Le ⟦1⟧Dr.⟦/1⟧ Martin arrive. Il part.", "fr") == [
        "Le ⟦1⟧Dr.⟦/1⟧ Martin arrive.",
        "Il part.",
    ]
    assert sents("Il a dit ⟦1⟧oui.⟦/1⟧ puis non.", "fr") == ["Il a dit ⟦1⟧oui.⟦/1⟧ puis non."]


def test_never_breaks_inside_a_code():
    text = "Un.⟦12⟧ Deux.⟦/12⟧ Trois.⟦13/⟧"
    for start, end in split_sentences(text, "fr"):
        for edge in (start, end):
            assert text[:edge].count("⟦") == text[:edge].count("⟧")


# -- SRX ----------------------------------------------------------------------------------

SRX = """<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="yes"/>
  <body>
    <languagerules>
      <languagerule languagerulename="French">
        <rule break="no"><beforebreak>\\bM\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
      </languagerule>
      <languagerule languagerulename="Default">
        <rule break="no"><beforebreak>\\.</beforebreak><afterbreak>\\s\\p{Ll}</afterbreak></rule>
        <rule break="yes"><beforebreak>[.?!]+</beforebreak><afterbreak>\\s</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern="FR.*" languagerulename="French"/>
      <languagemap languagepattern=".*" languagerulename="Default"/>
    </maprules>
  </body>
</srx>
"""


def test_srx_rules_cascade_by_language(tmp_path):
    path = tmp_path / "rules.srx"
    path.write_text(SRX, encoding="utf-8")
    fr = Segmenter.from_srx(path, "fr-CA")
    assert fr.name == "French+Default"
    assert fr.sentences("M. Dupont part. Il pleut. ok bien.") == [
        "M. Dupont part.",
        "Il pleut. ok bien.",
    ]
    en = Segmenter.from_srx(str(path), "en")
    assert en.sentences("M. Dupont part. Il pleut.") == ["M.", "Dupont part.", "Il pleut."]


def test_srx_from_text_without_cascade():
    text = SRX.replace('cascade="yes"', 'cascade="no"')
    fr = Segmenter.from_srx(text, "fr")
    assert fr.name == "French"
    # Only the no-break rule: nothing ever breaks.
    assert fr.sentences("Un. Deux.") == ["Un. Deux."]


def test_builtin_rules_round_trip_through_srx():
    builtin = Segmenter.for_language("fr")
    loaded = Segmenter.from_srx(builtin.to_srx(), "fr")
    assert loaded.rules == builtin.rules
    text = "M. Dupont, p. ex. le Dr Martin, arrive. Il pleut… Puis « Oui. Non. », dit-il. Fin."
    assert loaded.split(text) == builtin.split(text)


def test_srx_errors_name_the_file(tmp_path):
    bad = tmp_path / "broken.srx"
    bad.write_text("<srx><body>", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.srx is not well-formed XML"):
        Segmenter.from_srx(bad, "fr")
    missing = tmp_path / "missing.srx"
    with pytest.raises(InputError, match=r"Cannot read SRX file .*missing\.srx"):
        Segmenter.from_srx(missing, "fr")
    other = tmp_path / "other.srx"
    other.write_text("<rules/>", encoding="utf-8")
    with pytest.raises(InputError, match=r"other\.srx is not an SRX document"):
        Segmenter.from_srx(other, "fr")


def test_srx_bad_regex_and_unmapped_language(tmp_path):
    path = tmp_path / "regex.srx"
    path.write_text(SRX.replace("[.?!]+", "[.?!+"), encoding="utf-8")
    with pytest.raises(
        InputError, match=r"regex\.srx: rule at line \d+ in 'Default' has a bad regex"
    ):
        Segmenter.from_srx(path, "en")
    only_fr = SRX.replace('<languagemap languagepattern=".*" languagerulename="Default"/>', "")
    with pytest.raises(InputError, match="no languagemap for language 'en'") as info:
        Segmenter.from_srx(only_fr, "en")
    assert "fallback" in str(info.value)
    unknown = SRX.replace('languagerulename="French"/>', 'languagerulename="Nope"/>')
    with pytest.raises(InputError, match="unknown languagerule 'Nope'"):
        Segmenter.from_srx(unknown, "fr")


def test_icu_syntax_translation():
    upper = icu_to_python("\\p{Lu}")
    assert __import__("re").fullmatch(upper, "É")
    assert not __import__("re").fullmatch(upper, "é")
    mixed = icu_to_python("[\\p{Ll}\\x{00A0}]+")
    assert __import__("re").fullmatch(mixed, "éa\u00a0")
    assert icu_to_python("\\Qa.b\\E") == "a\\.b"
    assert icu_to_python("(?i)abc") == "(?i:abc)"
    with pytest.raises(ValueError):
        icu_to_python("\\p{NoSuchCategory}")


def test_custom_rules_in_code():
    seg = Segmenter([Rule(False, "\\bca\\.", "\\s"), Rule(True, "\\.", "\\s")])
    assert seg.sentences("Il y a ca. 30 ans. Oui.") == ["Il y a ca. 30 ans.", "Oui."]


# -- case suites from shared data ------------------------------------------------------------

SUITES = ["en_golden_rules", "fr_pysbd_tests", "es_pysbd_tests", "ar_pysbd_tests"]

# (suite, index) -> why a press-release segmenter need not pass it.
XFAIL = {
    ("en_golden_rules", 17): "a.m./P.M. before 'Mr.' is both boundary and not; pySBD fails it too",
    ("en_golden_rules", 30): "inline enumeration '1.) item 2.) item' without punctuation",
    ("en_golden_rules", 32): "inline enumeration '1) item 2) item' without punctuation",
    ("en_golden_rules", 34): "inline enumeration '1. item 2. item' without punctuation",
    ("en_golden_rules", 38): "inline alphabetical list 'a. item b. item' without punctuation",
    ("es_pysbd_tests", 30): "PDF address block: one unit per line (a single newline is soft here)",
    ("ar_pysbd_tests", 0): "expects a break after a colon",
    ("ar_pysbd_tests", 3): "expects a break after a colon",
    ("ar_pysbd_tests", 4): "expects breaks at the Arabic comma, which does not end a sentence",
}


def _suite_cases():
    for suite in SUITES:
        path = RULES_DIR / f"{suite}.jsonl"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for index, line in enumerate(fh):
                case = json.loads(line)
                marks = []
                if (suite, index) in XFAIL:
                    marks.append(pytest.mark.xfail(reason=XFAIL[(suite, index)], strict=True))
                yield pytest.param(case, id=f"{suite}-{index}", marks=marks)


CASES = list(_suite_cases())


def _normalise(sentence: str) -> str:
    # PDF-style cases wrap lines inside sentences; spans keep the source text, so compare
    # with whitespace runs folded.
    return " ".join(sentence.split())


@pytest.mark.skipif(not CASES, reason="shared segmentation data is absent")
@pytest.mark.parametrize("case", CASES or [None])
def test_rule_suite_case(case):
    got = [_normalise(s) for s in sents(case["text"], case["lang"])]
    want = [_normalise(s) for s in case["sentences"] if s.strip()]
    assert got == want

"""The one term matcher: what translators, MT and QA rely on seeing as a glossary hit."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.inline import blank_codes
from l10n.terms import Concept, Term, Termbase, TermMatcher, contains_term
from l10n.terms.normalize import _NOT_WORD_OR_SPACE as SEP_CHAR_RE
from l10n.terms.normalize import NotNFC, lower_keep_length, prepare, unify


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    return Termbase.of(
        [
            Concept(
                "trafficking",
                (
                    Term("traite des êtres humains", "fr"),
                    Term("traite", "fr", "admitted"),
                    Term("human trafficking", "en"),
                    Term("treaty", "en", "forbidden"),
                ),
            ),
            Concept(
                "victim", (Term("victime de traite", "fr"), Term("victim of trafficking", "en"))
            ),
            Concept("victim-short", (Term("victime", "fr"), Term("victim", "en"))),
            Concept(
                "avrr",
                (
                    Term("AVRR", "fr", acronym=True, do_not_translate=True),
                    Term("aide au retour volontaire et à la réintégration", "fr", "admitted"),
                    Term("assisted voluntary return and reintegration", "en"),
                    Term("AVRR", "en", "admitted", acronym=True, do_not_translate=True),
                ),
            ),
            Concept("iom", (Term("OIM", "fr", acronym=True), Term("IOM", "en", acronym=True))),
            Concept(
                "gcc",
                (
                    Term("Conseil de coopération du Golfe", "fr"),
                    Term("CCG", "fr", "admitted", acronym=True),
                    Term("Gulf Cooperation Council", "en"),
                    Term("GCC", "en", "admitted", acronym=True),
                    Term("مجلس التعاون الخليجي", "ar"),
                ),
            ),
            Concept("foreign-worker", (Term("travailleur étranger", "fr"),)),
            Concept("refugee", (Term("réfugié", "fr"), Term("refugee", "en"))),
            Concept("return", (Term("retour", "fr"),)),
            Concept("voluntary-return", (Term("retour volontaire", "fr"),)),
            Concept("member-states", (Term("États membres", "fr"),)),
            Concept("sierra-leone", (Term("Sierra Leone", "fr"),)),
            Concept("labour", (Term("main-d'œuvre", "fr"),)),
        ]
    )


@pytest.fixture(scope="module")
def fr(termbase) -> TermMatcher:
    return TermMatcher(termbase, "fr")


def found(matcher, text):
    return [(h.text, h.concept_id) for h in matcher.match(text)]


def test_inflected_forms_are_hits(fr):
    text = "Les victimes de traite et les travailleurs étrangers, dont des réfugiées."
    assert found(fr, text) == [
        ("victimes de traite", "victim"),
        ("travailleurs étrangers", "foreign-worker"),
        ("réfugiées", "refugee"),
    ]
    assert [h.exact for h in fr.match(text)] == [False, False, False]
    assert found(fr, "un réfugié, des réfugiés, une réfugiée")[1:] == [
        ("réfugiés", "refugee"),
        ("réfugiée", "refugee"),
    ]
    assert found(fr, "un État membre") == [("État membre", "member-states")]


@pytest.mark.parametrize(
    "text",
    [
        "Le traité de Rome.",
        "Les traités internationaux.",
        "Le traitement des demandes.",
        "Un trait.",
    ],
)
def test_traite_never_matches_traite_with_accent_or_derived_words(fr, text):
    assert fr.match(text) == []


def test_traite_matches_traite_and_traites(fr):
    assert found(fr, "La traite, les traites.") == [
        ("traite", "trafficking"),
        ("traites", "trafficking"),
    ]


def test_elided_forms(fr):
    text = "L’OIM et l'OIM aident d’AVRR ; qu’AVRR soit du CCG, de l’OIM."
    assert [h.text for h in fr.match(text)] == ["OIM", "OIM", "AVRR", "AVRR", "CCG", "OIM"]
    assert found(fr, "la main-d’œuvre") == [("main-d’œuvre", "labour")]


def test_acronyms_only_in_the_written_case_and_whole(fr):
    assert fr.match("avrr, Avrr, XAVRRY, AVRRs, oim") == []
    hits = fr.match("le programme AVRR.")
    assert [(h.start, h.end, h.text) for h in hits] == [(13, 17, "AVRR")]


def test_overlapping_terms_longest_first(fr):
    text = "La traite des êtres humains et le retour volontaire."
    assert found(fr, text) == [
        ("traite des êtres humains", "trafficking"),
        ("retour volontaire", "voluntary-return"),
    ]


def test_gcc_maps_to_english_acronym_and_arabic_term(fr):
    (hit,) = fr.match("les pays du CCG")
    assert hit.concept_id == "gcc"
    assert hit.preferred("en").text == "GCC"  # acronym for acronym
    assert [t.text for t in hit.targets("ar")] == ["مجلس التعاون الخليجي"]
    (full,) = fr.match("le Conseil de coopération du Golfe")
    assert full.preferred("en").text == "Gulf Cooperation Council"


def test_forbidden_targets_listed_separately(fr):
    (hit,) = fr.match("la traite")
    assert [t.text for t in hit.targets("en")] == ["human trafficking"]
    assert [t.text for t in hit.forbidden("en")] == ["treaty"]
    assert hit.to_dict(["en"])["forbidden"] == {"en": ["treaty"]}


def test_do_not_translate_acronym_expects_itself(fr):
    (hit,) = fr.match("AVRR")
    assert hit.term.do_not_translate
    assert [t.text for t in hit.targets("es")] == ["AVRR"]


def test_offsets_survive_inline_codes_whitespace_and_nfd(fr):
    text = "Le ⟦1⟧retour⟦/1⟧ de l’⟦2/⟧OIM en Sierra \n  Leone"
    hits = fr.match(text)
    assert [text[h.start : h.end] for h in hits] == ["retour", "OIM", "Sierra \n  Leone"]
    nfd = "Les re\u0301fugie\u0301s"  # decomposed accents
    (hit,) = fr.match(nfd)
    assert nfd[hit.start : hit.end] == "re\u0301fugie\u0301s"


def test_separators_must_agree(fr):
    assert fr.match("Sierra, Leone") == []
    # a hyphen or an apostrophe in the term is not a space in the text, and back
    assert found(fr, "la main d'œuvre, la main-d œuvre") == []
    assert found(fr, "Sierra-Leone") == []
    assert found(fr, "la main-d'œuvre de Sierra\u00a0Leone") == [
        ("main-d'œuvre", "labour"),
        ("Sierra\u00a0Leone", "sierra-leone"),
    ]


def test_hits_across_a_long_text_keep_their_offsets(fr):
    """Whole documents are matched in one call: every hit's span is its own text."""
    sentence = "Les victimes de traite (« AVRR ») : l’OIM, la main-d’œuvre, Sierra\n Leone.\n\n"
    text = sentence * 500
    hits = fr.match(text)
    assert len(hits) == 5 * 500
    assert {text[h.start : h.end] for h in hits} == {
        "victimes de traite",
        "AVRR",
        "OIM",
        "main-d’œuvre",
        "Sierra\n Leone",
    }
    assert [h.start for h in hits] == sorted(h.start for h in hits)
    assert hits[-1].end == len(text) - len(".\n\n")


def test_contains_term_is_inflection_tolerant_and_accent_exact():
    assert contains_term("Assisting victims of trafficking.", "victim of trafficking", "en") == (
        10,
        32,
    )
    assert contains_term("Les traités.", Term("traite", "fr")) is None
    assert contains_term("des travailleurs étrangers", Term("travailleur étranger", "fr"))
    assert contains_term("Le CCG.", Term("CCG", "fr", acronym=True)) == (3, 6)
    assert contains_term("le ccg", Term("CCG", "fr", acronym=True)) is None
    assert contains_term("تعمل في دول مجلس التعاون الخليجي", "مجلس التعاون الخليجي", "ar")
    assert contains_term("ومجلس التعاون الخليجي", "مجلس التعاون الخليجي", "ar") == (0, 21)


def test_spanish_and_english_inflection():
    tb = Termbase.of(
        [
            Concept("r", (Term("refugiado", "es"), Term("migrant worker", "en"))),
            Concept("m", (Term("migración", "es"), Term("country", "en"))),
        ]
    )
    es = TermMatcher(tb, "es")
    assert [h.text for h in es.match("refugiadas y migraciones")] == ["refugiadas", "migraciones"]
    en = TermMatcher(tb, "en")
    assert [h.text for h in en.match("migrant workers in two countries")] == [
        "migrant workers",
        "countries",
    ]


def test_english_verb_forms_of_a_term_word():
    """ "migrants de retour" is "returning migrants" in English: a QA check looking for the
    preferred term "return" must find it, and "returned" too; "retur" or "returnee" are not
    forms of it."""
    assert contains_term("600 returning migrants", "return", "en") == (4, 13)
    assert contains_term("They returned home.", "return", "en") == (5, 13)
    assert contains_term("Migrants being assessed.", "assess", "en") == (15, 23)
    assert contains_term("Migrants relocated in 2016.", "relocate", "en") == (9, 18)
    assert contains_term("Returnees and returns.", "return", "en") == (14, 21)


def test_same_span_in_two_concepts_reports_both():
    tb = Termbase.of([Concept("a", (Term("retour", "fr"),)), Concept("b", (Term("retour", "fr"),))])
    assert [h.concept_id for h in TermMatcher(tb, "fr").match("le retour")] == ["a", "b"]


def test_version_changes_with_content(termbase):
    before = termbase.version
    copy = Termbase.of(list(termbase))
    assert copy.version == before
    copy.add(Concept("new", (Term("apatride", "fr"),)))
    assert copy.version != before
    assert TermMatcher(copy, "fr").version == copy.version


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("aBcdÉé ŒœŸ’«»—…€,.;:\n\t-'İIΣσΟΔ")
            + ["ń", "Ń", "Ĩ", "م", "،", "\ufffd", "\x81", "\x9c", "、", "\u0301", "\u0327"]
            + ["Ⓐ", "ǅ", "ẞ", "Ж", "\u212b", "\u00a0", "⟦", "⟧", "1"]
        ),
        max_size=200,
    ),
    st.integers(min_value=1, max_value=700),
)
def test_fast_word_split_equals_the_definition(text, repeat):
    """Words are found through byte tables (Latin-1, then cp1252) where the text allows it:
    the result must be the definition (the text NFC, lowered as a whole with Greek final
    sigma by its context and İ kept, every separator character but the space blanked, split
    at each space), whatever the scripts, the combining marks and the length."""
    text = text * repeat
    prepared = prepare(text, "fr")
    try:
        pieces, _keys = prepared.split(0, len(prepared.norm))
    except NotNFC:
        prepared = prepare(text, "fr", nfc=True)
        pieces, _keys = prepared.split(0, len(prepared.norm))
    norm = unicodedata.normalize("NFC", unify(blank_codes(text)))
    assert prepared.norm == norm
    assert pieces == tuple(SEP_CHAR_RE.sub(" ", lower_keep_length(norm)).split(" "))


def test_upper_case_text_matches_lowered_terms_across_scripts():
    tb = Termbase.of(
        [
            Concept("oim", (Term("Organisation internationale pour les migrations", "fr"),)),
            Concept("gdansk", (Term("Gdańsk", "fr"),)),
            Concept("etats", (Term("États membres", "fr"),)),
            Concept("oeuvre", (Term("main-d’œuvre", "fr"),)),
        ]
    )
    matcher = TermMatcher(tb, "fr")
    text = (
        "L’ORGANISATION INTERNATIONALE POUR LES MIGRATIONS À GDAŃSK : ÉTATS MEMBRES, MAIN-D'ŒUVRE."
    )
    assert [h.concept_id for h in matcher.match(text)] == ["oim", "gdansk", "etats", "oeuvre"]
    assert [h.concept_id for h in matcher.match(text.lower())] == [
        "oim",
        "gdansk",
        "etats",
        "oeuvre",
    ]


_PIECES = [
    "victimes de traite",
    "Victime",
    "traité",
    "AVRR",
    "avrr",
    "l’OIM",
    "CCG",
    "Sierra",
    "Leone",
    "main-d'œuvre",
    "États membres",
    "re\u0301fugie\u0301s",
    "⟦1⟧",
    "⟦/1⟧",
    "İ",
    "\x00",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(_PIECES + [" ", "  ", ", ", "\n", "-", "'"]), max_size=12).map(
            "".join
        ),
        max_size=8,
    )
)
def test_matching_texts_together_equals_matching_each(fr, texts):
    """Ingest matches a whole release in one call: every segment must get exactly the hits
    (and offsets) it gets alone, nothing spanning two segments."""
    together = fr.match_many(texts)
    alone = [fr.match(t) for t in texts]
    assert [[(h.start, h.end, h.concept_id, h.exact) for h in hits] for hits in together] == [
        [(h.start, h.end, h.concept_id, h.exact) for h in hits] for hits in alone
    ]
    assert fr.match_many(["Sierra", "Leone"]) == [[], []]


def test_a_case_sensitive_term_does_not_take_inflection_away_from_its_word_elsewhere():
    """A case-sensitive term listed first must not narrow the accepted forms of the same word
    in an ordinary term: ``travailleurs migrants`` still matches ``travailleur migrant``."""
    tb = Termbase.of(
        [
            Concept("brand", (Term("Migrant", "fr", case_sensitive=True),)),
            Concept("worker", (Term("travailleur migrant", "fr"),)),
        ]
    )
    hits = TermMatcher(tb, "fr").match("Des travailleurs migrants, un migrant et Migrant.")
    assert [(h.concept_id, h.text) for h in hits] == [
        ("worker", "travailleurs migrants"),
        ("brand", "Migrant"),
    ]


# Where the first block of the text below is cut: at the space after "de" (-8), after
# "victime" (-3), before the term (0).
@pytest.mark.parametrize("shift", [-8, -3, 0])
def test_a_term_across_the_cut_between_blocks_of_a_long_text_is_found(shift):
    """A long text is matched by blocks of 64K characters cut at a space: a term whose
    words sit on both sides of a cut must be found, with its offsets, like anywhere
    else."""
    tb = Termbase.of([Concept("vot", (Term("victime de traite", "fr"),))])
    matcher = TermMatcher(tb, "fr")
    filler = "Œuvre — "  # not Latin-1: the block takes the run-fixing path too
    head = (filler * (1 << 16))[: (1 << 16) - 10 + shift]
    text = head + "une victime de traite, une autre victimes de traite." + filler * 50
    hits = matcher.match(text)
    assert [(h.start, h.text) for h in hits] == [
        (len(head) + 4, "victime de traite"),
        (len(head) + 33, "victimes de traite"),
    ]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["victime de traite", "victimes de  traite", "traite des êtres humains", "l’OIM"]
            + ["aide au retour volontaire et à la réintégration", "Conseil de coopération du"]
            + [
                "Golfe",
                "travailleurs étrangers",
                "AVRR",
                "Œuvre",
                "—",
                "ΣΟΦΙΑ",
                "re\u0301fugie\u0301",
            ]
        ),
        max_size=40,
    ),
    st.lists(st.sampled_from([" ", " ", "  ", ", ", "-", "'", "\n", " (", ") "]), min_size=1),
    st.sampled_from([4, 16, 60, 300]),
)
def test_hits_do_not_depend_on_how_a_long_text_is_cut_into_blocks(termbase, words, seps, block):
    """A long text is matched by blocks cut at spaces (64K characters in real use);
    cutting it into tiny blocks must give the very same hits and offsets."""
    from l10n.terms import matcher as matcher_module

    text = "".join(w + seps[i % len(seps)] for i, w in enumerate(words))
    matcher = TermMatcher(termbase, "fr")
    whole = [(h.start, h.end, h.concept_id, h.exact) for h in matcher.match(text)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matcher_module, "_MATCH_BLOCK", block)
        cut = [(h.start, h.end, h.concept_id, h.exact) for h in matcher.match(text)]
    assert cut == whole


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["victime de traite", "victimes de  traite", "traite des êtres humains", "l’OIM"]
            + ["aide au retour volontaire et à la réintégration", "Conseil de coopération du"]
            + ["Golfe", "travailleurs étrangers", "AVRR", "avrr", "Œuvre", "—", "ΣΟΦΙΑ"]
            + ["re\u0301fugie\u0301", "réfugiés", "😀", "中文", "a", "OIM-", "⟦1⟧"]
            + ["victime, de traite", "victime de-traite", "victime ( de traite"]
        ),
        max_size=60,
    ),
    st.lists(st.sampled_from([" ", " ", "  ", ", ", "-", "'", "\n", " (", "\u00a0"]), min_size=1),
    st.sampled_from([16, 300, 1 << 16]),
)
def test_array_coding_of_long_texts_finds_what_word_by_word_coding_finds(
    termbase, words, seps, block
):
    """Blocks of long texts get their word codes from array operations (hashes looked up
    in a table), short ones word by word: on the same text both must give the very same
    hits, offsets and exactness."""
    from l10n.terms import matcher as matcher_module

    text = "".join(w + seps[i % len(seps)] for i, w in enumerate(words))
    matcher = TermMatcher(termbase, "fr")
    assert matcher._arrays is not None  # the array path is the one under test
    results = []
    for smallest in (0, 1 << 40):  # every block by arrays, then none
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(matcher_module, "_MATCH_BLOCK", block)
            patch.setattr(matcher_module, "_ARRAY_MIN", smallest)
            results.append([(h.start, h.end, h.concept_id, h.exact) for h in matcher.match(text)])
    assert results[0] == results[1]


def _thue_morse(length: int, letters: str) -> str:
    return "".join(letters[bin(i).count("1") % 2] for i in range(length))


# Two words whose polynomial hashes modulo 2**64 are equal whatever the (odd) base: the
# Thue-Morse word of 1024 letters and its complement.
_TWIN_A, _TWIN_B = _thue_morse(1024, "ab"), _thue_morse(1024, "ba")


def test_words_of_a_long_text_sharing_a_hash_are_told_apart():
    """Long texts are coded through 64-bit word hashes. Two term words with the same hash
    must both still be found, each as its own concept; a text word sharing a term word's
    hash must not become a hit of that term."""
    filler = "des mots qui ne sont pas des termes " * 600
    both = Termbase.of([Concept("a", (Term(_TWIN_A, "fr"),)), Concept("b", (Term(_TWIN_B, "fr"),))])
    text = filler + _TWIN_B + " et " + _TWIN_A + " " + filler
    assert [h.concept_id for h in TermMatcher(both, "fr").match(text)] == ["b", "a"]
    only_a = TermMatcher(Termbase.of([Concept("a", (Term(_TWIN_A, "fr"),))]), "fr")
    assert only_a._arrays is not None  # the hashes are in use for this one
    assert [h.start for h in only_a.match(text)] == [len(filler) + len(_TWIN_B) + 4]


def test_runs_of_word_classes_sharing_a_hash_leave_long_texts_to_the_automaton():
    """The index of terms for long texts keys a term's first words by the hash of their
    classes. If two different runs of classes shared a hash, the index would mix up their
    terms: the matcher must notice at build time and match long texts with its automaton,
    finding every term. A multiplier of 0 makes every run hash to its last class, here
    ``traite`` for both terms."""
    from l10n.terms import wordcodes

    tb = Termbase.of(
        [
            Concept("vot", (Term("victime de traite", "fr"),)),
            Concept("fight", (Term("lutte contre la traite", "fr"),)),
        ]
    )
    text = "La lutte contre la traite aide chaque victime de traite. " * 400
    expected = [("fight", "vot")[i % 2] for i in range(800)]
    assert [h.concept_id for h in TermMatcher(tb, "fr").match(text)] == expected
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(wordcodes, "_Q", 0)
        matcher = TermMatcher(tb, "fr")
        assert matcher._arrays is None
        assert [h.concept_id for h in matcher.match(text)] == expected


def test_terms_of_scripts_without_spaces_are_found_inside_the_text():
    """Chinese, Japanese and Thai put no spaces between words: their terms are found where
    they stand in the text, longest first; a term's Latin edge still needs a word boundary
    and an acronym its case."""
    tb = Termbase.of(
        [
            Concept("migrant", (Term("移民", "zh"), Term("移住者", "ja"), Term("ผู้ย้ายถิ่น", "th"))),
            Concept("iom", (Term("国际移民组织", "zh"),)),
            Concept("hq", (Term("IOM总部", "zh", acronym=True),)),
        ]
    )
    zh = TermMatcher(tb, "zh")
    text = "国际移民组织发布报告。许多移民返回家园。IOM总部在日内瓦，XIOM总部与iom总部不是。"
    assert [(h.start, h.text, h.concept_id) for h in zh.match(text)] == [
        (0, "国际移民组织", "iom"),
        (13, "移民", "migrant"),
        (20, "IOM总部", "hq"),
    ]
    assert [h.text for h in TermMatcher(tb, "ja").match("多くの移住者が帰国した。")] == ["移住者"]
    assert [h.text for h in TermMatcher(tb, "th").match("ผู้ย้ายถิ่นจำนวนมากกลับบ้าน")] == ["ผู้ย้ายถิ่น"]
    # QA looks for the expected target term the same way.
    assert contains_term("国际移民组织帮助移民。", Term("移民", "zh")) == (2, 4)


def test_a_termbase_of_long_words_builds_its_word_table_in_pieces():
    """The hashes of every term word are computed over the words joined, in pieces no longer
    than a block: 4,100 words of 70 letters (287K characters) must build and be found."""
    words = ["mot" + "".join("abcdefghij"[int(d)] for d in f"{i:067d}") for i in range(4100)]
    tb = Termbase.of(Concept(f"c{i}", (Term(w, "fr"),)) for i, w in enumerate(words))
    matcher = TermMatcher(tb, "fr")
    assert matcher._arrays is not None  # the long-text path is the one under test
    text = "du texte sans terme " * 1000 + words[4099] + " et la suite."
    assert [h.concept_id for h in matcher.match(text)] == ["c4099"]

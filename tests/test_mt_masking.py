"""Placeholders in, placeholders out: masking, restoring, chunking."""

from __future__ import annotations

from l10n.mt.base import split_for_limit
from l10n.mt.masking import canonical, mask, placeholder_problem, unmask


def test_tokens_and_protected_terms_become_numbered_placeholders():
    text = "\tSee ⟦1⟧the IOM site⟦/1⟧ ⟦2/⟧ "
    start = text.index("IOM")
    masked = mask(text, [(start, start + 3)])
    assert masked.text == "See [X1X]the [X2X] site[X3X] [X4X]"
    assert (masked.leading, masked.trailing) == ("\t", " ")
    assert masked.originals == ("⟦1⟧", "IOM", "⟦/1⟧", "⟦2/⟧")
    assert masked.pairs == ((1, 3),)
    answer = "Voir [X1X]le site de [X2X][X3X] [X4X]"
    assert placeholder_problem(answer, masked) is None
    assert unmask(answer, masked) == "\tVoir ⟦1⟧le site de IOM⟦/1⟧ ⟦2/⟧ "


def test_protected_span_cutting_a_token_takes_the_whole_token():
    text = "Press ⟦1⟧Ctrl⟦/1⟧+S"
    masked = mask(text, [(7, 13)])  # from inside ⟦1⟧ into "Ctrl"
    assert masked.originals[0] == "⟦1⟧Ctrl"
    assert unmask(canonical(masked.text), masked) == text


def test_overlapping_protected_spans_merge():
    masked = mask("the World Health Organization", [(4, 16), (10, 29)])
    assert masked.text == "the [X1X]"
    assert masked.originals == ("World Health Organization",)


def test_text_that_looks_like_a_placeholder_is_protected_too():
    masked = mask("Literal [X1X] here ⟦1/⟧")
    assert masked.text == "Literal [X1X] here [X2X]"
    assert unmask("Littéral [X1X] ici [X2X]", masked) == "Littéral [X1X] ici ⟦1/⟧"


def test_engine_mangling_is_tolerated():
    masked = mask("a ⟦1/⟧ b ⟦2/⟧ c")
    answer = "A [ x 1 X ] B 【X2X】 C"
    assert placeholder_problem(answer, masked) is None
    assert unmask(answer, masked) == "A ⟦1/⟧ B ⟦2/⟧ C"


def test_lost_duplicated_invented_and_reordered_placeholders_are_failures():
    masked = mask("a ⟦1⟧b⟦/1⟧ c")
    assert placeholder_problem("A [X1X]B C", masked) == "engine lost placeholder for '⟦/1⟧'"
    assert (
        placeholder_problem("A [X1X]B[X2X] [X2X]", masked)
        == "engine duplicated placeholder for '⟦/1⟧'"
    )
    assert placeholder_problem("A [X1X]B[X2X][X7X]", masked) == (
        "engine invented placeholder [X7X]"
    )
    assert placeholder_problem("A [X2X]B[X1X] C", masked) == (
        "engine moved a closing inline code before its opening code"
    )


def test_short_text_is_one_chunk():
    assert split_for_limit("Hello.", 100) == [("Hello.", "")]


def test_chunks_cut_at_sentences_then_spaces_and_keep_separators():
    text = "One two three. Four five six.\nSeven eight nine ten eleven twelve."
    chunks = split_for_limit(text, 30)
    assert all(len(c) <= 30 for c, _ in chunks)
    assert "".join(c + s for c, s in chunks) == text
    assert chunks[0] == ("One two three. Four five six.", "\n")


def test_long_words_are_cut_but_never_inside_a_placeholder():
    text = "x" * 8 + "[X1X]" + "y" * 8
    chunks = split_for_limit(text, 10)
    assert "".join(c for c, _ in chunks) == text
    assert all(len(c) <= 10 for c, _ in chunks)
    assert any("[X1X]" in c for c, _ in chunks)


def test_limit_counted_in_bytes_for_engines_that_count_bytes():
    text = "é" * 200 + " " + "é" * 200  # 401 characters, 801 bytes
    chunks = split_for_limit(text, 499, lambda s: len(s.encode()))
    assert [len(c) for c, _ in chunks] == [200, 200]

"""Pseudo-localisation: offline, deterministic, placeholders intact."""

from __future__ import annotations

from l10n.inline import placeholders, strip_codes
from l10n.mt import MTRequest, get_engine
from l10n.mt.pseudo import pseudo_localise


def test_accented_lengthened_and_bracketed():
    out = pseudo_localise("Save the file")
    assert out.startswith("[!! ") and out.endswith(" !!]")
    body = out[4:-4]
    assert body.startswith("Šå")
    assert len(body) >= round(len("Save the file") * 1.25)
    assert not any(ch in body for ch in "aeiou")


def test_deterministic():
    assert pseudo_localise("Hello world") == pseudo_localise("Hello world")


def test_round_trips_inline_codes_and_protected_terms():
    text = "Open ⟦1⟧the IOM portal⟦/1⟧ and click ⟦2/⟧."
    start = text.index("IOM")
    [result] = get_engine("pseudo").translate_many(
        [MTRequest(1, text, protect=[(start, start + 3)])], "en", "en-XA"
    )
    assert result.ok
    assert placeholders(result.text) == placeholders(text)
    assert "IOM" in result.text
    assert strip_codes(result.text) != strip_codes(text)


def test_letterless_text_is_returned_unchanged():
    [result] = get_engine("pseudo").translate_many([MTRequest(1, " 2024 ⟦1/⟧")], "en", "fr")
    assert result.text == " 2024 ⟦1/⟧"

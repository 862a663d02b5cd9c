"""Pseudo-localisation: an offline engine for demos and pipeline tests.

``Save the file`` becomes ``[!! Šåååvé ţĥé ƒîîļé !!]``: accented so untranslated
strings and broken encodings stand out, about 30% longer so layouts that cannot
grow show it, bracketed so truncation is visible. Placeholders pass through
untouched and the output is deterministic (same text, same answer).
"""

from __future__ import annotations

import math

from l10n.mt.base import Engine
from l10n.mt.masking import ENGINE_PLACEHOLDER_RE

ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
VOWELS = set("aeiouyAEIOUY")
EXPANSION = 0.3
OPEN, CLOSE = "[!! ", " !!]"


def pseudo_localise(text: str) -> str:
    """Accent, lengthen and bracket ``text``, leaving ``[X1X]`` placeholders alone."""
    pieces = []
    pos = 0
    for m in ENGINE_PLACEHOLDER_RE.finditer(text):
        pieces.append((text[pos : m.start()], False))
        pieces.append((m.group(), True))
        pos = m.end()
    pieces.append((text[pos:], False))
    letters = sum(ch.isalpha() for piece, kept in pieces if not kept for ch in piece)
    vowels = sum(ch in VOWELS for piece, kept in pieces if not kept for ch in piece)
    extra = math.ceil(letters * EXPANSION)
    out = []
    seen_vowels = 0
    added = 0
    for piece, kept in pieces:
        if kept:
            out.append(piece)
            continue
        for ch in piece:
            accented = ch.translate(ACCENTED)
            out.append(accented)
            if ch in VOWELS and vowels:
                seen_vowels += 1
                # Spread the extra letters evenly over the vowels.
                due = math.ceil(extra * seen_vowels / vowels) - added
                if due > 0:
                    out.append(accented * due)
                    added += due
    body = "".join(out)
    if added < extra:
        body += " " + "·" * (extra - added)
    return f"{OPEN}{body}{CLOSE}"


class PseudoEngine(Engine):
    name = "pseudo"
    description = "offline pseudo-localisation (accented, 30% longer, bracketed)"
    max_chars = 100_000
    same_language_ok = True  # pseudo-localising into the source language is the usual use
    runs_locally = True

    def translate_text(self, text: str, source: str, target: str) -> str | None:
        return pseudo_localise(text)

"""Inflected forms of a term's words, per language.

The matcher never guesses from a stem: a text word matches a term word only when it is one
of the forms listed here for that word. The forms are *additive* (plural and feminine
endings added to the form written in the termbase, plus the singular of a plural term), so
accents are never dropped or added: ``traite`` gives ``traites`` and nothing else, which is
why it never matches ``traité``, ``traités`` or ``traitement`` (Snowball stems all four to
``trait``), nor ``trait``.

Languages without rules here match their exact (case-folded) form only.
"""

from __future__ import annotations

from functools import lru_cache

FR_INVARIANT = frozenset(
    "l le la les de des du d et à au aux en un une pour par sur dans avec sans ou qu que se "
    "sa son ses leur leurs ce ces cet cette il elle ils elles ne pas plus".split()
)
EN_INVARIANT = frozenset(
    "a an the of and or in on to for by with at from as is are be this that its".split()
)
ES_INVARIANT = frozenset(
    "el la los las lo de del y e o u en a al un una unos unas por para con sin que se su "
    "sus".split()
)
AR_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
EN_IRREGULAR = {
    "person": ("persons", "people"),
    "child": ("children",),
    "woman": ("women",),
    "man": ("men",),
}

_UNACCENT = str.maketrans("áéíóú", "aeiou")


@lru_cache(maxsize=200_000)
def word_forms(word: str, lang: str, first: bool = False) -> frozenset[str]:
    """Every accepted text form of a lowered term word (the word itself included).
    ``first`` tells whether the word opens its term (Arabic proclitics attach there)."""
    if lang == "fr":
        forms = _fr(word)
    elif lang == "en":
        forms = _en(word)
    elif lang == "es":
        forms = _es(word)
    elif lang == "ar":
        forms = _ar(word, first)
    else:
        forms = {word}
    return frozenset(forms)


def _fr(w: str) -> set[str]:
    out = {w}
    if len(w) < 3 or w in FR_INVARIANT or not w.isalpha():
        return out
    if w[-1] in "sx" and not w.endswith("ss") and len(w) > 3:
        out.add(w[:-1])  # plural term, singular in the text: États membres / État membre
        if w.endswith("aux"):
            out.add(w[:-3] + "al")
        return out
    if w[-1] in "sxz":
        return out  # invariable in the plural: pays, prix, nez
    out.add(w + ("x" if w.endswith(("au", "eu")) else "s"))
    if w.endswith("al"):
        out.add(w[:-2] + "aux")
    if not w.endswith("e"):
        feminine = [w + "e"]
        if w.endswith("teur"):
            feminine.append(w[:-4] + "trice")
        if w.endswith("eur"):
            feminine.append(w[:-3] + "euse")
        if w.endswith("er"):
            feminine.append(w[:-2] + "ère")
        if w.endswith("f"):
            feminine.append(w[:-1] + "ve")
        if w.endswith(("en", "on", "el", "et")):
            feminine.append(w + w[-1] + "e")
        for form in feminine:
            out.add(form)
            out.add(form + "s")
    return out


def _en(w: str) -> set[str]:
    out = {w}
    if len(w) < 3 or w in EN_INVARIANT or not w.isalpha():
        return out
    if w in EN_IRREGULAR:
        out.update(EN_IRREGULAR[w])
        return out
    if w.endswith("man"):
        out.add(w[:-3] + "men")
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        out.add(w[:-1])  # Member States / Member State
        if w.endswith("ies"):
            out.add(w[:-3] + "y")
        if w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh")):
            out.add(w[:-2])
        return out
    if w.endswith(("s", "x", "z", "ch", "sh")):
        out.add(w + "es")
    elif w.endswith("y") and w[-2] not in "aeiou":
        out.add(w[:-1] + "ies")
    else:
        out.add(w + "s")
    if len(w) >= 4 and not w.endswith(("ing", "ed")):
        # Verb forms of the word: "return" stands in "returning migrants", "returned".
        if w.endswith("e") and not w.endswith(("ee", "ye", "oe")):
            out.update({w[:-1] + "ing", w + "d"})
        elif w.endswith("y") and w[-2] not in "aeiou":
            out.update({w + "ing", w[:-1] + "ied"})
        else:
            out.update({w + "ing", w + "ed"})
    return out


def _es(w: str) -> set[str]:
    out = {w}
    if len(w) < 3 or w in ES_INVARIANT or not w.isalpha():
        return out
    last = w[-1]
    if last == "s" and len(w) > 3 and w[-2] in "aeo":
        out.add(w[:-1])  # Estados miembros / Estado miembro
        if w.endswith("es"):
            out.add(w[:-2])
            if w.endswith("ones"):
                out.add(w[:-4] + "ón")
            if w.endswith("ces"):
                out.add(w[:-3] + "z")
        if w.endswith("os"):
            out.update({w[:-2] + "a", w[:-2] + "as"})
        return out
    if last == "s":
        if w[-2] in "áéíóú":  # país -> países, inglés -> ingleses
            out.update({w + "es", w[:-2] + w[-2].translate(_UNACCENT) + "ses"})
        return out
    if last in "aeo":
        out.add(w + "s")
        if last == "o":  # refugiado -> refugiada(s), refugiados
            out.update({w[:-1] + "a", w[:-1] + "as"})
    elif last in "áéíóú":
        out.update({w + "s", w + "es"})
    elif last == "z":
        out.add(w[:-1] + "ces")
    elif last == "n" and w[-2] in "áéíóú":  # migración -> migraciones
        out.add(w[:-2] + w[-2].translate(_UNACCENT) + "nes")
    else:
        out.add(w + "es")
    if w.endswith(("or", "ol")) or (last == "n" and w[-2] in "áéíóú"):
        feminine = w[:-2] + w[-2].translate(_UNACCENT) + last + "a"
        out.update({feminine, feminine + "s"})  # trabajador -> trabajadora(s)
    return out


def _ar(w: str, first: bool) -> set[str]:
    out = {w}
    if len(w) < 2:
        return out
    stems = {w}
    if len(w) >= 3:
        if w.endswith("ة"):
            stems.add(w[:-1] + "ات")
        stems.update({w + "ون", w + "ين", w + "ات"} if not w.endswith("ة") else set())
    # An indefinite term also stands in running text with the article (مهاجر → المهاجر,
    # المهاجرين); in a multi-word term every word takes it (العامل المهاجر).
    if not w.startswith("ال"):
        stems |= {"ال" + stem for stem in stems}
    out |= stems
    if not first:
        return out
    for stem in stems:
        if stem.startswith("ال"):
            rest = stem[2:]
            out.update(p + stem for p in ("و", "ف", "ب", "ك", "وب", "فب", "وك"))
            out.update({"لل" + rest, "ولل" + rest, "فلل" + rest})
        else:
            out.update(p + stem for p in AR_PROCLITICS)
    return out

"""Typography of the target locale: spacing around punctuation, quotes, Spanish opening
marks, Arabic punctuation. Each check looks at the translation only and runs only for
its language; URLs, e-mail addresses and phone numbers are blanked first."""

from __future__ import annotations

import re

from l10n.qa.base import INFO, WARNING, Check, CheckContext, Issue, register

NBSP = "\u00a0"
NNBSP = "\u202f"
_HARD_SPACES = NBSP + NNBSP + "\u2009"
_HIGH_MARKS = ";:!?"
_AR_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")


def _is_time_or_ratio(text: str, i: int) -> bool:
    """10:30, 1:2 and 3:0 are not punctuation."""
    return (
        text[i] == ":" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
    )


@register
class FrenchTypography(Check):
    check_id = "fr-typography"
    name = "French typography"
    description = (
        "French targets: a (narrow) no-break space before ; : ! ? and inside « », and « » "
        "rather than English quotes. A missing space is a warning; an ordinary space (which "
        "lets the mark wrap to the next line) is for information."
    )
    severity = WARNING

    def check(self, ctx: CheckContext) -> list[Issue]:
        if ctx.tgt_base != "fr":
            return []
        text = ctx.target_parts[0]
        issues = []
        for i, ch in enumerate(text):
            if ch in _HIGH_MARKS:
                if i == 0 or _is_time_or_ratio(text, i) or text[i - 1] in _HIGH_MARKS:
                    continue
                before = text[i - 1]
                if before in _HARD_SPACES:
                    continue
                if before == " ":
                    if i >= 2 and text[i - 2] != " ":
                        issues.append(
                            self.issue(
                                f"use a no-break space before '{ch}'", i - 1, i + 1, severity=INFO
                            )
                        )
                    continue
                issues.append(self.issue(f"a no-break space is missing before '{ch}'", i, i + 1))
            elif ch == "«":
                after = text[i + 1 : i + 2]
                if after and after not in _HARD_SPACES:
                    sev = INFO if after == " " else WARNING
                    issues.append(
                        self.issue("a no-break space is missing after «", i, i + 1, severity=sev)
                    )
            elif ch == "»":
                before = text[i - 1] if i else ""
                if before and before not in _HARD_SPACES:
                    sev = INFO if before == " " else WARNING
                    issues.append(
                        self.issue("a no-break space is missing before »", i, i + 1, severity=sev)
                    )
            elif ch in "“”":
                issues.append(self.issue(f"French quotes are « », not {ch}", i, i + 1))
        return issues


@register
class EnglishTypography(Check):
    check_id = "en-typography"
    name = "English typography"
    description = (
        'English targets: no space before ; : ! ? (French spacing), and “ ” or " quotes '
        "rather than « »."
    )
    severity = WARNING

    def check(self, ctx: CheckContext) -> list[Issue]:
        if ctx.tgt_base != "en":
            return []
        return _no_space_before_marks(self, ctx.target_parts[0], "English") + [
            self.issue(f'English quotes are “ ” or ", not {m.group(0)}', m.start(), m.end())
            for m in re.finditer("[«»]", ctx.target_parts[0])
        ]


def _no_space_before_marks(check: Check, text: str, lang_name: str) -> list[Issue]:
    issues = []
    for m in re.finditer(r"(?<=\w|[)\]»”\"'’])([ " + _HARD_SPACES + r"]+)([;:!?])", text):
        issues.append(
            check.issue(f"no space before '{m.group(2)}' in {lang_name}", m.start(1), m.end(2))
        )
    return issues


@register
class SpanishTypography(Check):
    check_id = "es-typography"
    name = "Spanish typography"
    description = (
        "Spanish targets: a question or exclamation opens with ¿ or ¡, and no space before ; : ! ?."
    )
    severity = WARNING

    def check(self, ctx: CheckContext) -> list[Issue]:
        if ctx.tgt_base != "es":
            return []
        text = ctx.target_parts[0]
        issues = _no_space_before_marks(self, text, "Spanish")
        start = 0
        for m in re.finditer(r"[.?!]+", text):
            sentence = text[start : m.start()]
            for closing, opening in (("?", "¿"), ("!", "¡")):
                if closing in m.group(0) and opening not in sentence:
                    issues.append(
                        self.issue(f"the {closing} has no opening {opening}", m.start(), m.end())
                    )
            start = m.end()
        return issues


@register
class ArabicPunctuation(Check):
    check_id = "ar-punctuation"
    name = "Arabic punctuation"
    description = (
        "Arabic targets: Arabic comma ، question mark ؟ and semicolon ؛ next to Arabic "
        "words, not the Latin , ? ;."
    )
    severity = WARNING

    _LATIN = {",": "،", "?": "؟", ";": "؛"}

    def check(self, ctx: CheckContext) -> list[Issue]:
        if ctx.tgt_base != "ar":
            return []
        text = ctx.target_parts[0]
        issues = []
        for i, ch in enumerate(text):
            if ch not in self._LATIN:
                continue
            before = text[:i].rstrip()[-1:]
            after = text[i + 1 :].lstrip()[:1]
            if before.isdigit() and after.isdigit():
                continue
            if _AR_LETTER.match(before or " ") or _AR_LETTER.match(after or " "):
                issues.append(
                    self.issue(f"use the Arabic {self._LATIN[ch]} instead of {ch}", i, i + 1)
                )
        return issues

"""Punctuation shared by every language: the sentence ends the same way, brackets and
quotes are balanced."""

from __future__ import annotations

from l10n.qa.base import WARNING, Check, CheckContext, Issue, register

_CLOSERS = " \t\n\u00a0\u202f\u2009)]}»”’\"'›"
_END_CLASS = {
    ".": ".",
    "。": ".",
    "?": "?",
    "؟": "?",
    "？": "?",
    "¿": "?",
    "!": "!",
    "！": "!",
    "¡": "!",
    ":": ":",
    ";": ";",
    "؛": ";",
    "…": "…",
}
_NAMES = {
    ".": "a full stop",
    "?": "a question mark",
    "!": "an exclamation mark",
    ":": "a colon",
    ";": "a semicolon",
    "…": "an ellipsis",
    "": "no punctuation",
}
_QUOTES = "»”\"'’›"


def end_mark(text: str) -> tuple[str, bool]:
    """The class of the sentence-final mark (``""`` for none) and whether closing
    quotes followed the text (``« … victimes »`` ends in a quote)."""
    stripped = text.rstrip(_CLOSERS)
    quoted = any(c in _QUOTES for c in text[len(stripped) :])
    if stripped.endswith("..."):
        return "…", quoted
    if not stripped:
        return "", quoted
    return _END_CLASS.get(stripped[-1], ""), quoted


@register
class EndPunctuation(Check):
    check_id = "end-punctuation"
    name = "End punctuation"
    description = (
        "The translation ends with the same kind of mark as the source (full stop, "
        "question mark, exclamation mark, colon, ellipsis, none), in the target "
        "language's form (Arabic ؟ for ?). A quotation may close before or after the "
        "full stop."
    )
    severity = WARNING

    def check(self, ctx: CheckContext) -> list[Issue]:
        src, src_quoted = end_mark(ctx.source_plain)
        tgt, tgt_quoted = end_mark(ctx.target_plain)
        if src == tgt:
            return []
        # Quotation conventions differ: « … victimes » and "… victims." are both right.
        if {src, tgt} == {"", "."} and (src_quoted or tgt_quoted):
            return []
        end = len(ctx.target.rstrip())
        return [
            self.issue(
                f"the source ends with {_NAMES[src]}, the translation with {_NAMES[tgt]}",
                max(end - 1, 0),
                end,
            )
        ]


_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"), ("“", "”"))


def _unbalanced(text: str) -> list[tuple[str, str]]:
    out = []
    for opening, closing in _PAIRS:
        depth = 0
        broken = False
        for ch in text:
            if ch == opening:
                depth += 1
            elif ch == closing:
                depth -= 1
                if depth < 0:
                    broken = True
        if broken or depth != 0:
            out.append((opening, closing))
    return out


@register
class Brackets(Check):
    check_id = "brackets"
    name = "Brackets and quotes balanced"
    description = (
        "Parentheses, square and curly brackets and « » “ ” quotes are balanced in the "
        "translation when they are in the source."
    )
    severity = WARNING

    def check(self, ctx: CheckContext) -> list[Issue]:
        src_bad = set(_unbalanced(ctx.source_plain))
        issues = []
        for opening, closing in _unbalanced(ctx.target_plain):
            if (opening, closing) in src_bad:
                continue  # a quotation that spans sentences opens in one segment
            # A quote style may change between languages: compare « » with “ ” together.
            if opening in "«“" and any(o in "«“" for o, _ in src_bad):
                continue
            issues.append(self.issue(f"{opening} {closing} are not balanced"))
        return issues

"""Quality checks on translations: numbers, contact details, inline codes, terminology,
punctuation and typography of the target locale, consistency inside a release.

``run_checks(source, target, source_lang, target_lang, termbase=...)`` works on plain
strings; ``check_translation(store, ws, segment_id, lang)`` checks a stored translation
and stores its issues.
"""

from l10n.qa.base import (
    CRITICAL,
    INFO,
    SEVERITIES,
    WARNING,
    Check,
    CheckContext,
    Issue,
    OtherTranslation,
    all_checks,
    register,
    select_checks,
)
from l10n.qa.runner import (
    check_release,
    check_translation,
    has_critical,
    run_checks,
    workspace_termbase,
    worst_severity,
)

__all__ = [
    "CRITICAL",
    "INFO",
    "SEVERITIES",
    "WARNING",
    "Check",
    "CheckContext",
    "Issue",
    "OtherTranslation",
    "all_checks",
    "check_release",
    "check_translation",
    "has_critical",
    "register",
    "run_checks",
    "select_checks",
    "workspace_termbase",
    "worst_severity",
]

"""Quality checks: small declarative classes in one ordered registry.

A check has an id, a name, a description, a severity (critical, warning, info) and a
default on/off; its one method ``check(ctx)`` returns the issues it finds in one
translation. Checks are pure functions of the ``CheckContext``: source and target texts
(inline codes as ``⟦n⟧`` tokens), languages, the glossary hits of the source and, for
consistency checks, the other translations of the release.

The registry order is the order of ``CHECK_MODULES`` and, inside a module, the order of
definition; that is the order issues are reported in.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from l10n.errors import UsageError
from l10n.inline import blank_codes
from l10n.qa import extract

CRITICAL = "critical"
WARNING = "warning"
INFO = "info"
SEVERITIES = (CRITICAL, WARNING, INFO)
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}

# Modules holding checks, in report order.
CHECK_MODULES = (
    "l10n.qa.content",
    "l10n.qa.placeholders",
    "l10n.qa.contact",
    "l10n.qa.numbers",
    "l10n.qa.terminology",
    "l10n.qa.punctuation",
    "l10n.qa.typography",
    "l10n.qa.spacing",
    "l10n.qa.consistency",
)


@dataclass(frozen=True)
class Issue:
    """One problem found in a translation; ``start``/``end`` are offsets into the target
    (or None when the problem is something missing from it)."""

    check_id: str
    severity: str
    message: str
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict:
        return {
            "check_id": self.check_id,
            "severity": self.severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class OtherTranslation:
    """Another translation of the same release, for consistency checks."""

    segment_id: int
    source: str
    target: str


@dataclass
class CheckContext:
    source: str
    target: str
    source_lang: str
    target_lang: str
    hits: list[Any] = field(default_factory=list)  # l10n.terms TermHit of the source
    termbase: Any = None  # l10n.terms Termbase, for target-side term matching
    others: list[OtherTranslation] = field(default_factory=list)
    segment_id: int | None = None
    # Results several checks share (number matching), computed once per context.
    shared: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def src_base(self) -> str:
        return self.source_lang.split("-")[0].lower()

    @property
    def tgt_base(self) -> str:
        return self.target_lang.split("-")[0].lower()

    @cached_property
    def source_plain(self) -> str:
        """The source with inline-code tokens blanked (same offsets)."""
        return blank_codes(self.source)

    @cached_property
    def target_plain(self) -> str:
        return blank_codes(self.target)

    @cached_property
    def source_parts(self) -> tuple[str, list, list, list]:
        """(text with contacts blanked, URLs, e-mails, phones) of the source."""
        return extract.strip_contacts(self.source)

    @cached_property
    def target_parts(self) -> tuple[str, list, list, list]:
        return extract.strip_contacts(self.target)

    @cached_property
    def source_numbers(self) -> list[extract.NumberMention]:
        return extract.find_numbers(self.source_parts[0], self.source_lang)

    @cached_property
    def target_numbers(self) -> list[extract.NumberMention]:
        return extract.find_numbers(self.target_parts[0], self.target_lang)


class Check:
    """Base of every check: subclasses set the class attributes and ``check``."""

    check_id: ClassVar[str] = ""
    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    severity: ClassVar[str] = WARNING
    default_enabled: ClassVar[bool] = True
    # Most checks have nothing to say about an empty target (the ``empty`` check does).
    needs_target: ClassVar[bool] = True

    def check(self, ctx: CheckContext) -> list[Issue]:
        raise NotImplementedError

    def issue(
        self,
        message: str,
        start: int | None = None,
        end: int | None = None,
        *,
        severity: str | None = None,
    ) -> Issue:
        return Issue(self.check_id, severity or self.severity, message, start, end)

    @classmethod
    def describe(cls) -> dict:
        return {
            "check_id": cls.check_id,
            "name": cls.name,
            "severity": cls.severity,
            "enabled": cls.default_enabled,
            "description": cls.description,
        }


_REGISTRY: dict[str, type[Check]] = {}
_loaded = False


def register(cls: type[Check]) -> type[Check]:
    """Class decorator: add a check to the registry (ids are unique)."""
    if not cls.check_id or cls.severity not in SEVERITIES:
        raise TypeError(f"{cls.__name__} needs a check_id and a severity in {SEVERITIES}")
    if cls.check_id in _REGISTRY and _REGISTRY[cls.check_id] is not cls:
        raise TypeError(f"check id {cls.check_id!r} is used twice")
    _REGISTRY[cls.check_id] = cls
    return cls


def load_checks() -> dict[str, type[Check]]:
    """Every registered check, in report order."""
    global _loaded
    if not _loaded:
        for name in CHECK_MODULES:
            importlib.import_module(name)
        _loaded = True
    # Report order: CHECK_MODULES order, then definition order inside a module, whatever
    # module happened to be imported first.
    rank = {name: i for i, name in enumerate(CHECK_MODULES)}
    ordered = sorted(
        enumerate(_REGISTRY.values()),
        key=lambda item: (rank.get(item[1].__module__, len(rank)), item[0]),
    )
    return {cls.check_id: cls for _, cls in ordered}


def all_checks() -> list[type[Check]]:
    return list(load_checks().values())


def select_checks(
    enabled: Iterable[str] | None = None, disabled: Iterable[str] = ()
) -> list[Check]:
    """Instances of the checks to run: ``enabled`` (ids) replaces the default set;
    ``disabled`` removes ids from it. Unknown ids are a UsageError."""
    registry = load_checks()
    wanted = list(enabled) if enabled is not None else None
    unknown = [c for c in [*(wanted or []), *disabled] if c not in registry]
    if unknown:
        raise UsageError(
            f"unknown check {', '.join(repr(u) for u in unknown)}",
            "See 'l10n qa checks' for the check ids",
        )
    if wanted is None:
        chosen = [cls for cls in registry.values() if cls.default_enabled]
    else:
        chosen = [cls for cls in registry.values() if cls.check_id in wanted]
    skip = set(disabled)
    return [cls() for cls in chosen if cls.check_id not in skip]

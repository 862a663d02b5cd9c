"""Translation states, ordered so that queues and progress are range queries."""

from __future__ import annotations

from l10n.errors import UsageError

UNTRANSLATED = 0
REJECTED = 20
NEEDS_WORK = 30
PRETRANSLATED = 50
TRANSLATED = 70
APPROVED = 100

STATES: dict[str, int] = {
    "untranslated": UNTRANSLATED,
    "rejected": REJECTED,
    "needs_work": NEEDS_WORK,
    "pretranslated": PRETRANSLATED,
    "translated": TRANSLATED,
    "approved": APPROVED,
}
STATE_NAMES: dict[int, str] = {v: k for k, v in STATES.items()}


def state_name(value: int) -> str:
    return STATE_NAMES.get(value, str(value))


def parse_state(name: str) -> int:
    key = name.strip().lower().replace("-", "_")
    if key not in STATES:
        raise UsageError(f"unknown state '{name}'", "Use one of: " + ", ".join(STATES))
    return STATES[key]


def parse_states(value: str | None) -> list[int]:
    if not value:
        return []
    return [parse_state(v) for v in value.split(",") if v.strip()]

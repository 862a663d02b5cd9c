"""The review workflow: translating, approving, rejecting, commenting, assigning.

Only this module changes a translation's state (besides ingest marking changed
sources ``needs_work``). Every change is one history row, written in the same
transaction as the translation itself; writes carry the version they were based
on (optimistic locking), so a stale write is refused with ``ConflictError``
instead of silently overwriting someone else's text.

Permissions come from the workspace settings: ``[roles]`` maps users to roles
(translator, reviewer, coordinator; a ``"*"`` entry gives the roles of users not
listed). Without any ``[roles]`` entry everyone may do everything, so a
one-person team is never blocked. ``[review] four_eyes = true`` requires the
approver to differ from the last translator. Assignments (``l10n assign``)
restrict a release's language to its assignees once it has any.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from l10n.errors import (
    ConflictError,
    NotFoundError,
    PermissionDenied,
    StateError,
    UsageError,
)
from l10n.inline import PLACEHOLDER_RE
from l10n.states import (
    APPROVED,
    NEEDS_WORK,
    PRETRANSLATED,
    REJECTED,
    TRANSLATED,
    UNTRANSLATED,
    state_name,
)
from l10n.store import utcnow

ROLE_TRANSLATOR = "translator"
ROLE_REVIEWER = "reviewer"
ROLE_COORDINATOR = "coordinator"
ROLES = (ROLE_TRANSLATOR, ROLE_REVIEWER, ROLE_COORDINATOR)

# The states a review queue shows by default: everything not yet approved.
DEFAULT_QUEUE_STATES = [UNTRANSLATED, REJECTED, NEEDS_WORK, PRETRANSLATED, TRANSLATED]

_ACTION_VERBS = {
    ROLE_TRANSLATOR: "translate or edit",
    ROLE_REVIEWER: "approve or reject",
    ROLE_COORDINATOR: "assign work",
}


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------
@dataclass
class TranslationView:
    segment_id: int
    lang: str
    target: str | None
    state: str
    origin: str | None
    author: str | None
    updated_at: str | None
    version: int
    changed: bool = True

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class ContextSegment:
    segment_id: int
    source: str
    target: str | None
    state: str | None


@dataclass
class SegmentView:
    segment_id: int
    release: str
    lang: str
    n: int
    total: int
    block: int
    source: str
    words: int
    target: str | None
    state: str
    origin: str | None
    author: str | None
    updated_at: str | None
    version: int
    previous: ContextSegment | None = None
    next: ContextSegment | None = None
    comments: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    previous_source: str | None = None
    source_diff: list[dict] = field(default_factory=list)
    glossary: list[dict] = field(default_factory=list)
    tm: list[dict] = field(default_factory=list)
    qa: list[Any] = field(default_factory=list)
    claim: dict | None = None
    state_value: int = 0
    # What the source document tells translators about the segment's block (a
    # catalogue's msgctxt and "#. Translators:" comments): [{"kind", "text"}].
    notes: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        data = asdict(self)
        data["glossary"] = [_jsonable(h) for h in self.glossary]
        data["qa"] = [_jsonable(i) for i in self.qa]
        return data


@dataclass
class Comment:
    id: int
    segment_id: int
    lang: str | None
    user: str
    at: str
    text: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Assignment:
    release: str
    lang: str
    user: str
    assigned_by: str
    assigned_at: str | None
    changed: bool

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Claim:
    segment_id: int
    lang: str
    user: str
    claimed_at: str
    expires_at: str

    def to_json(self) -> dict:
        return asdict(self)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dict, list, str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "to_json"):
        return value.to_json()
    try:
        return asdict(value)
    except TypeError:
        return str(value)


def _set_state(
    store,
    segment_id: int,
    lang: str,
    row: dict,
    state: int,
    action: str,
    user: str,
    reason: str | None,
) -> dict:
    """Move a translation to ``state`` keeping its text, based on the version in ``row``."""
    return store.change_translation(
        segment_id,
        lang,
        target=row["target"],
        state=state,
        origin=row["origin"],
        user=user,
        action=action,
        now=utcnow(),
        reason=reason,
        if_version=row["version"],
    )


def _view(row: dict, *, changed: bool = True) -> TranslationView:
    return TranslationView(
        segment_id=row["segment_id"],
        lang=row["lang"],
        target=row["target"],
        state=state_name(row["state"]),
        origin=row["origin"],
        author=row["author"],
        updated_at=row["updated_at"],
        version=row["version"],
        changed=changed,
    )


# ---------------------------------------------------------------------------
# Permissions
# ---------------------------------------------------------------------------
def _roles_table(ws) -> dict[str, set[str]]:
    if ws is None:
        return {}
    table = ws.config.get("roles") or {}
    out: dict[str, set[str]] = {}
    for user, roles in table.items():
        if isinstance(roles, str):
            roles = [r for r in re.split(r"[,\s]+", roles) if r]
        out[str(user)] = {str(r).strip().lower() for r in roles or []}
    return out


def user_roles(ws, user: str) -> set[str]:
    """The user's roles; every role when the workspace configures none."""
    table = _roles_table(ws)
    if not table:
        return set(ROLES)
    if user in table:
        return table[user]
    return table.get("*", set())


def roles_configured(ws) -> bool:
    return bool(_roles_table(ws))


def may(ws, user: str, role: str) -> bool:
    return role in user_roles(ws, user)


def require_role(ws, user: str, role: str) -> None:
    if may(ws, user, role):
        return
    have = sorted(user_roles(ws, user))
    raise PermissionDenied(
        f"{user} may not {_ACTION_VERBS[role]} (roles: {', '.join(have) or 'none'})",
        f'Ask a {role} to do it, or add "{role}" to {user}\'s roles in [roles] of l10n.toml',
    )


def _four_eyes(ws) -> bool:
    return bool(ws is not None and ws.section("review").get("four_eyes"))


def _claim_minutes(ws) -> float:
    if ws is None:
        return 10.0
    try:
        return float(ws.section("review").get("claim_minutes", 10))
    except (TypeError, ValueError):
        return 10.0


# ---------------------------------------------------------------------------
# Hooks into the QA and glossary modules (optional: used when present)
# ---------------------------------------------------------------------------
def _qa_check(store, ws, segment_id: int, lang: str) -> list:
    """Run the QA checks on the current translation and store their issues."""
    try:
        from l10n.qa import runner
    except ImportError:
        return []
    check = getattr(runner, "check_translation", None)
    # the checks store their issues through the QA part of the store: both must be there
    if check is None or not hasattr(store, "open_qa_issues"):
        return []
    return list(check(store, ws, segment_id, lang) or [])


def _open_qa_issues(store, segment_id: int, lang: str) -> list:
    fetch = getattr(store, "open_qa_issues", None)
    if fetch is None:
        return []
    return list(fetch(segment_id, lang) or [])


def _field(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def _critical(issues: list) -> list:
    return [i for i in issues if str(_field(i, "severity", "")).lower() == "critical"]


def _glossary_hits(store, segment_id: int, lang: str) -> list:
    try:
        from l10n import glossary
    except ImportError:
        return []
    hits = getattr(glossary, "segment_hits", None)
    if hits is None:
        return []
    return [_hit_dict(h, lang) for h in hits(store, segment_id, lang) or []]


def _hit_dict(hit: Any, lang: str) -> dict:
    """A glossary hit as plain data: where it is, and the target terms it asks for."""
    if isinstance(hit, dict):
        return hit
    targets = hit.targets(lang) if hasattr(hit, "targets") else []
    concept = getattr(hit, "concept", None)
    rejected = concept.rejected(lang) if concept is not None else []
    term = getattr(hit, "term", None)
    return {
        "start": getattr(hit, "start", None),
        "end": getattr(hit, "end", None),
        "text": getattr(hit, "text", str(hit)),
        "concept_id": getattr(hit, "concept_id", None),
        "term": getattr(term, "text", None),
        "targets": [t.text for t in targets],
        "forbidden": [t.text for t in rejected],
        "exact": getattr(hit, "exact", True),
    }


def _tm_record_approved(store, views: list[TranslationView]) -> None:
    """Approved translations become translation-memory units."""
    try:
        from l10n import tm
    except ImportError:
        return
    add = getattr(tm, "add_approved", None)
    if add is None:
        return
    for view in views:
        if view.changed and view.state == state_name(APPROVED):
            add(store, view.segment_id, view.lang)


def _tm_alternatives(store, ws, segment: dict, lang: str, source_lang: str) -> list[dict]:
    """The best TM matches for the segment, other than its own approved text."""
    try:
        from l10n import tm
    except ImportError:
        return []
    lookup = getattr(tm, "lookup", None)
    if lookup is None or not hasattr(store, "tm_units_by_hash"):
        return []
    threshold = ws.section("tm").get("threshold", 75) if ws is not None else 75
    matches = lookup(
        store,
        segment["source"],
        source_lang,
        lang,
        prev_hash=segment["prev_hash"],
        next_hash=segment["next_hash"],
        threshold=threshold,
        limit=4,
    )
    out = []
    for m in matches:
        if getattr(m, "segment_id", None) == segment["id"]:
            continue
        out.append(
            {
                "score": m.score,
                "kind": m.kind,
                "source": m.source,
                "target": m.adapted_target or m.target,
                "origin": m.origin,
                "release": m.release,
                "author": m.author,
            }
        )
    return out[:3]


# ---------------------------------------------------------------------------
# Guards shared by every write
# ---------------------------------------------------------------------------
def _stale(row: dict, if_version: int | None) -> None:
    if if_version is None or row["version"] == if_version:
        return
    who = row["author"] or "someone"
    raise ConflictError(
        f"segment {row['segment_id']} ({row['lang']}) was changed by {who} "
        f"(now version {row['version']}, {state_name(row['state'])}: {row['target']!r}) "
        f"since your version {if_version}",
        "Reload it with 'l10n show' and apply your change again",
    )


def _guard(
    store, ws, segment_id: int, lang: str, user: str, role: str | None, if_version: int | None
) -> tuple[dict, dict]:
    """Checks common to every change; run inside the write transaction."""
    segment = store.get_segment(segment_id)
    row = store.get_translation(segment_id, lang)
    if not segment["active"]:
        raise StateError(
            f"segment {segment_id} is no longer in the current version of its release",
            "List the current segments with 'l10n segments --release SLUG'",
        )
    if role is not None:
        require_role(ws, user, role)
        explicit_coordinator = roles_configured(ws) and may(ws, user, ROLE_COORDINATOR)
        assignees = store.assignees(segment["release_id"], lang)
        if assignees and user not in assignees and not explicit_coordinator:
            raise PermissionDenied(
                f"this release's {lang} translation is assigned to {', '.join(assignees)}, "
                f"not to {user}",
                f"Ask a coordinator to run 'l10n assign --release SLUG --lang {lang} --to {user}'",
            )
        claim = store.get_claim(segment_id, lang, utcnow())
        if claim is not None and claim["user"] != user:
            raise ConflictError(
                f"segment {segment_id} ({lang}) is open in {claim['user']}'s review session "
                f"until {claim['expires_at'][:19].replace('T', ' ')} UTC",
                "Work on another segment, or wait for the claim to expire",
            )
    _stale(row, if_version)
    return segment, row


def check_placeholders(source: str, text: str, segment_id: int | None = None) -> None:
    """Refuse a translation that drops, adds or misorders the source's inline codes."""
    source_tokens = [m.group(0) for m in PLACEHOLDER_RE.finditer(source)]
    text_tokens = [m.group(0) for m in PLACEHOLDER_RE.finditer(text)]
    want, have = Counter(source_tokens), Counter(text_tokens)
    label = f"the translation of segment {segment_id}" if segment_id is not None else "the text"
    hint = (
        "Keep every inline code of the source exactly once (the source has "
        + (" ".join(source_tokens) or "none")
        + "); codes may move but not disappear"
    )
    missing = _in_order(want - have, source_tokens)
    extra = _in_order(have - want, text_tokens)
    if missing or extra:
        parts = []
        if missing:
            parts.append("drops " + " ".join(missing))
        if extra:
            parts.append("adds " + " ".join(extra))
        raise UsageError(f"{label} {' and '.join(parts)}", hint)
    # Order matters only for pairs the source holds whole: a sentence may begin inside
    # a link or emphasis that started in the sentence before (it then has only the
    # closing code), and that code may go anywhere.
    whole = {
        m.group(2)
        for m in PLACEHOLDER_RE.finditer(source)
        if not m.group(1) and not m.group(3) and f"\u27e6/{m.group(2)}\u27e7" in source
    }
    opened: set[str] = set()
    for m in PLACEHOLDER_RE.finditer(text):
        closing, number, standalone = m.group(1), m.group(2), m.group(3)
        if standalone or number not in whole:
            continue
        if not closing:
            opened.add(number)
        elif number not in opened:
            raise UsageError(
                f"{label} closes ⟦/{number}⟧ before opening ⟦{number}⟧",
                "Put each opening code before its closing code",
            )


def _in_order(counts: Counter, tokens: list[str]) -> list[str]:
    left, out = Counter(counts), []
    for tok in tokens:
        if left[tok] > 0:
            out.append(tok)
            left[tok] -= 1
    return out


def _clean(text: str | None, what: str, hint: str) -> str:
    text = (text or "").strip()
    if not text:
        raise UsageError(f"the {what} is empty", hint)
    return text


def _after_change(store, ws, segment_id: int, lang: str) -> None:
    _qa_check(store, ws, segment_id, lang)


# ---------------------------------------------------------------------------
# Verbs
# ---------------------------------------------------------------------------
def translate_segment(
    store, ws, segment_id: int, lang: str, text: str, *, user: str, if_version: int | None = None
) -> TranslationView:
    """Write a person's translation: state ``translated``.

    Origin becomes ``human``; when the text is exactly the current target (a
    translator confirming a pretranslation) the origin is kept, so statistics
    still show where the words came from.
    """
    text = _clean(text, "translation", "Pass the translated text (--text or --file)")
    with store.write():
        segment, row = _guard(store, ws, segment_id, lang, user, ROLE_TRANSLATOR, if_version)
        check_placeholders(segment["source"], text, segment_id)
        if row["target"] == text and row["state"] >= TRANSLATED:
            return _view(row, changed=False)
        unchanged = row["target"] == text
        new = store.change_translation(
            segment_id,
            lang,
            target=text,
            state=TRANSLATED,
            origin=row["origin"] if unchanged else "human",
            user=user,
            action="confirm" if unchanged else "translate",
            now=utcnow(),
            if_version=row["version"],
        )
    _after_change(store, ws, segment_id, lang)
    return _view(new)


def _four_eyes_problem(store, ws, row: dict, user: str) -> StateError | None:
    if not _four_eyes(ws):
        return None
    if row["state"] < TRANSLATED:
        return StateError(
            f"segment {row['segment_id']} ({row['lang']}) is {state_name(row['state'])}: "
            "four-eyes review approves only translated segments",
            "A translator confirms or edits it first ('l10n translate', or 'a'/'e' in "
            "'l10n review'), then a different reviewer approves it",
        )
    translator = store.last_translator(row["segment_id"], row["lang"], TRANSLATED)
    if translator is not None and translator == user:
        return StateError(
            f"{user} translated segment {row['segment_id']} ({row['lang']}) and cannot also "
            "approve it (four-eyes review)",
            "Ask another reviewer to approve it",
        )
    return None


def _qa_precheck(store, ws, segment_id: int, lang: str) -> int | None:
    """Run the QA checks before taking the write lock; returns the version they saw.

    The checks can take a while on a large release; running them outside the write
    transaction keeps other writers from waiting. Approval re-runs them under the
    lock only when the translation moved on in between.
    """
    try:
        version = store.get_translation(segment_id, lang)["version"]
    except NotFoundError:
        return None
    _qa_check(store, ws, segment_id, lang)
    return version


def _approve_one(
    store,
    ws,
    segment_id: int,
    lang: str,
    *,
    user: str,
    if_version: int | None,
    force_reason: str | None,
    qa_version: int | None = None,
) -> TranslationView:
    _segment, row = _guard(store, ws, segment_id, lang, user, ROLE_REVIEWER, if_version)
    if row["state"] == APPROVED:
        return _view(row, changed=False)
    if not row["target"]:
        raise StateError(
            f"segment {segment_id} ({lang}) has no translation to approve",
            "Translate it first ('l10n translate' or 'l10n review')",
        )
    problem = _four_eyes_problem(store, ws, row, user)
    if problem is not None:
        raise problem
    if qa_version != row["version"]:
        # the checks ran on another version of the text (or not at all): run them again
        _qa_check(store, ws, segment_id, lang)
    critical = _critical(_open_qa_issues(store, segment_id, lang))
    reason = None
    if critical:
        described = "; ".join(
            str(_field(i, "message") or _field(i, "check_id") or i) for i in critical
        )
        if not force_reason:
            raise StateError(
                f"segment {segment_id} ({lang}) has {len(critical)} critical QA "
                f"issue{'s' if len(critical) > 1 else ''}: {described}",
                "Fix the translation, or approve anyway with --force REASON (kept in the history)",
            )
        reason = f"approved despite critical QA issues ({described}): {force_reason.strip()}"
    return _view(_set_state(store, segment_id, lang, row, APPROVED, "approve", user, reason))


def approve_segments(
    store,
    ws,
    segment_ids,
    lang: str,
    *,
    user: str,
    if_version: int | None = None,
    force_reason: str | None = None,
) -> list[TranslationView]:
    """Approve segments, all or none (one transaction)."""
    ids = list(segment_ids)
    if not ids:
        raise UsageError("no segment to approve", "Give one or more segment ids")
    if if_version is not None and len(ids) != 1:
        raise UsageError(
            "--if-version applies to one segment",
            "Approve the segments one at a time with their versions",
        )
    checked = {sid: _qa_precheck(store, ws, sid, lang) for sid in ids}
    with store.write():
        views = [
            _approve_one(
                store,
                ws,
                sid,
                lang,
                user=user,
                if_version=if_version,
                force_reason=force_reason,
                qa_version=checked[sid],
            )
            for sid in ids
        ]
    _tm_record_approved(store, views)
    return views


def reject_segment(
    store, ws, segment_id: int, lang: str, *, user: str, reason: str, if_version: int | None = None
) -> TranslationView:
    """Send a translation back: state ``rejected``, text kept, reason in the history."""
    reason = _clean(reason, "reason", "Say why it is rejected (--reason TEXT)")
    with store.write():
        _segment, row = _guard(store, ws, segment_id, lang, user, ROLE_REVIEWER, if_version)
        if not row["target"]:
            raise StateError(
                f"segment {segment_id} ({lang}) has no translation to reject",
                "Comment on it instead ('l10n comment')",
            )
        new = _set_state(store, segment_id, lang, row, REJECTED, "reject", user, reason)
    _after_change(store, ws, segment_id, lang)
    return _view(new)


def accept_segment(
    store, ws, segment_id: int, lang: str, *, user: str, if_version: int | None = None
) -> TranslationView:
    """Accept the current target as is: approve it when the user may, else confirm it
    as ``translated`` (a translator signing off a pretranslation)."""
    checked = _qa_precheck(store, ws, segment_id, lang) if may(ws, user, ROLE_REVIEWER) else None
    with store.write():
        view = _accept(
            store, ws, segment_id, lang, user=user, if_version=if_version, qa_version=checked
        )
    _tm_record_approved(store, [view])
    return view


def _accept(
    store,
    ws,
    segment_id: int,
    lang: str,
    *,
    user: str,
    if_version: int | None,
    qa_version: int | None,
):
    _segment, row = _guard(store, ws, segment_id, lang, user, None, if_version)
    if row["state"] == APPROVED:
        return _view(row, changed=False)
    if not row["target"]:
        raise StateError(
            f"segment {segment_id} ({lang}) has no translation to accept",
            "Type one with 'e' (or 'l10n translate')",
        )
    problem = None
    if may(ws, user, ROLE_REVIEWER):
        problem = _four_eyes_problem(store, ws, row, user)
        if problem is None:
            return _approve_one(
                store,
                ws,
                segment_id,
                lang,
                user=user,
                if_version=row["version"],
                force_reason=None,
                qa_version=qa_version,
            )
    if may(ws, user, ROLE_TRANSLATOR):
        if row["state"] < TRANSLATED:
            return translate_segment(
                store, ws, segment_id, lang, row["target"], user=user, if_version=row["version"]
            )
        if problem is None:
            return _view(row, changed=False)  # already translated: a reviewer's turn
    if problem is not None:
        raise problem
    require_role(ws, user, ROLE_TRANSLATOR)
    return _view(row, changed=False)


def apply_pretranslation(
    store, segment_id: int, lang: str, *, target: str, origin: str, state: int, user: str, ws=None
) -> bool:
    """Store a TM/MT pretranslation if the segment is still untranslated.

    Never overwrites a person's work: returns False (and writes nothing) when the
    translation has any target or state already. ``ws`` enables the QA checks.
    """
    if state not in (PRETRANSLATED, NEEDS_WORK):
        raise UsageError(
            f"a pretranslation is stored as pretranslated or needs_work, not {state_name(state)}",
            "Pass PRETRANSLATED (exact matches, MT) or NEEDS_WORK (fuzzy matches)",
        )
    if not target or not target.strip():
        return False
    with store.write():
        row = store.get_translation(segment_id, lang)
        if row["state"] != UNTRANSLATED or (row["target"] or "").strip():
            return False
        store.change_translation(
            segment_id,
            lang,
            target=target,
            state=state,
            origin=origin,
            user=user,
            action="pretranslate",
            now=utcnow(),
            if_version=row["version"],
        )
    if ws is not None:
        _after_change(store, ws, segment_id, lang)
    return True


def add_comment(store, segment_id: int, lang: str | None, *, user: str, text: str) -> Comment:
    """Comment on a segment's translation in ``lang`` (or on its source when None)."""
    text = _clean(text, "comment", "Pass the comment's text (--text)")
    store.get_segment(segment_id)
    if lang is not None:
        store.get_translation(segment_id, lang)
    row = store.insert_comment(segment_id, lang, user, utcnow(), text)
    return Comment(**row)


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------
_WORD_SPLIT = re.compile(r"\s+")


def word_diff(old: str, new: str) -> list[dict]:
    """Word-level diff: ops ``equal``, ``delete`` (old only), ``insert`` (new only)."""
    a, b = _WORD_SPLIT.split(old.strip()), _WORD_SPLIT.split(new.strip())
    out: list[dict] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append({"op": "equal", "text": " ".join(a[i1:i2])})
            continue
        if tag in ("delete", "replace"):
            out.append({"op": "delete", "text": " ".join(a[i1:i2])})
        if tag in ("insert", "replace"):
            out.append({"op": "insert", "text": " ".join(b[j1:j2])})
    return out


def render_word_diff(ops: list[dict]) -> str:
    """Plain-text form of a word diff: ``[-removed-] {+added+}``."""
    parts = []
    for op in ops:
        if op["op"] == "equal":
            parts.append(op["text"])
        elif op["op"] == "delete":
            parts.append(f"[-{op['text']}-]")
        else:
            parts.append(f"{{+{op['text']}+}}")
    return " ".join(parts)


def _history_row(row: dict) -> dict:
    row = dict(row)
    for key in ("old_state", "new_state"):
        if row.get(key) is not None:
            row[key] = state_name(row[key])
    return row


def _context(row: dict | None) -> ContextSegment | None:
    if row is None:
        return None
    return ContextSegment(
        segment_id=row["id"],
        source=row["source"],
        target=row["target"],
        state=state_name(row["state"]) if row["state"] is not None else None,
    )


def show_segment(
    store, ws, segment_id: int, lang: str, *, rank: tuple[int, int] | None = None
) -> SegmentView:
    """Everything a translator needs on screen for one segment.

    ``rank`` is the segment's (n, total) in its release when the caller already knows it
    (a review session keeps them), which saves counting the release's segments.
    """
    segment = store.get_segment(segment_id)
    row = store.get_translation(segment_id, lang)
    release_row = store.release_by_id(segment["release_id"])
    release, source_lang = release_row["slug"], release_row["source_lang"]
    n, total = rank or store.segment_rank(segment["release_id"], segment["position"])
    previous_source = segment["previous_source"]
    view = SegmentView(
        segment_id=segment_id,
        release=release,
        lang=lang,
        n=n,
        total=total,
        block=segment["block_position"],
        source=segment["source"],
        words=segment["words"],
        target=row["target"],
        state=state_name(row["state"]),
        state_value=row["state"],
        origin=row["origin"],
        author=row["author"],
        updated_at=row["updated_at"],
        version=row["version"],
        previous=_context(
            store.neighbour_segment(segment["release_id"], segment["position"], lang, -1)
        ),
        next=_context(
            store.neighbour_segment(segment["release_id"], segment["position"], lang, +1)
        ),
        comments=store.segment_comments(segment_id, lang),
        history=[_history_row(h) for h in store.segment_history(segment_id, lang)],
        previous_source=previous_source,
        source_diff=word_diff(previous_source, segment["source"]) if previous_source else [],
        glossary=_glossary_hits(store, segment_id, lang),
        tm=_tm_alternatives(store, ws, segment, lang, source_lang),
        qa=_open_qa_issues(store, segment_id, lang),
        claim=store.get_claim(segment_id, lang, utcnow()),
        notes=_source_notes(store, segment),
    )
    return view


_SOURCE_NOTE_KEYS = ("msgctxt", "comment")


def _source_notes(store, segment: dict) -> list[dict]:
    version = store.current_version(segment["release_id"])
    if version is None:
        return []
    for block in store.version_blocks(version["id"]):
        if block["position"] == segment["block_position"]:
            meta = json.loads(block["meta"]) if block["meta"] else {}
            return [{"kind": k, "text": str(meta[k])} for k in _SOURCE_NOTE_KEYS if meta.get(k)]
    return []


_RELATIVE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str, *, now: _dt.datetime | None = None) -> str:
    """``2h``, ``3d``, ``1w``, ``30m`` ago, or an ISO date/time (UTC), as a history timestamp."""
    now = now or _dt.datetime.now(_dt.UTC)
    m = _RELATIVE.match(value)
    if m:
        moment = now - _dt.timedelta(**{_UNITS[m.group(2).lower()]: int(m.group(1))})
    else:
        try:
            moment = _dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError as exc:
            raise UsageError(
                f"cannot read the time '{value}'",
                "Use a date (2026-03-01), a date and time (2026-03-01T14:00), or an age: "
                "30m, 2h, 3d, 1w",
            ) from exc
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=_dt.UTC)
    moment = moment.astimezone(_dt.UTC)
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def history(
    store,
    *,
    release: str | None = None,
    lang: str | None = None,
    user: str | None = None,
    since: str | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Who did what, newest first: every change, plus comments (action ``comment``)."""
    release_id = store.require_release(release)["id"] if release else None
    rows = store.query_history(
        release_id=release_id,
        lang=lang,
        user=user,
        since=parse_since(since) if since else None,
        limit=limit,
    )
    return [_history_row(r) for r in rows]

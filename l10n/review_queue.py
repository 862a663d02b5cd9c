"""Review work distribution: assignments, claims, the review queue and the interactive
session that walks it (``l10n review``). State changes go through :mod:`l10n.review`."""

from __future__ import annotations

import datetime as _dt
from collections import Counter

from l10n.errors import (
    ConflictError,
    NotFoundError,
    StateError,
    UsageError,
)
from l10n.review import (
    DEFAULT_QUEUE_STATES,
    ROLE_COORDINATOR,
    ROLE_REVIEWER,
    ROLE_TRANSLATOR,
    Assignment,
    Claim,
    Comment,
    SegmentView,
    TranslationView,
    _claim_minutes,
    _clean,
    _four_eyes,
    accept_segment,
    add_comment,
    may,
    reject_segment,
    require_role,
    show_segment,
    translate_segment,
)
from l10n.states import (
    NEEDS_WORK,
    PRETRANSLATED,
    REJECTED,
    TRANSLATED,
    UNTRANSLATED,
)
from l10n.store import utcnow


# ---------------------------------------------------------------------------
# Assignments and claims
# ---------------------------------------------------------------------------
def _check_lang(ws, lang: str) -> None:
    if ws is not None and ws.target_langs and lang not in ws.target_langs:
        raise UsageError(
            f"'{lang}' is not a target language of this workspace",
            "Use one of: " + ", ".join(ws.target_langs),
        )


def assign(
    store,
    release_slug: str,
    lang: str,
    *,
    to_user: str,
    by_user: str,
    ws=None,
    remove: bool = False,
) -> Assignment:
    """Assign a release's language to a user (or remove the assignment)."""
    if ws is not None:
        require_role(ws, by_user, ROLE_COORDINATOR)
    _check_lang(ws, lang)
    to_user = _clean(to_user, "user name", "Pass --to USER")
    release = store.require_release(release_slug)
    now = utcnow()
    if remove:
        changed = store.remove_assignment(release["id"], lang, to_user)
        if not changed:
            raise NotFoundError(
                f"{to_user} is not assigned to {release_slug} ({lang})",
                f"See the assignments with 'l10n assign --list --release {release_slug}'",
            )
        return Assignment(release_slug, lang, to_user, by_user, None, True)
    changed = store.add_assignment(release["id"], lang, to_user, by_user, now)
    existing = store.list_assignments(release_id=release["id"], lang=lang, user=to_user)[0]
    return Assignment(
        release_slug, lang, to_user, existing["assigned_by"], existing["assigned_at"], changed
    )


def list_assignments(
    store, *, release: str | None = None, lang: str | None = None, user: str | None = None
) -> list[dict]:
    release_id = store.require_release(release)["id"] if release else None
    rows = store.list_assignments(release_id=release_id, lang=lang, user=user)
    for row in rows:
        row.pop("release_id", None)
    return rows


def _expiry(minutes: float) -> str:
    moment = _dt.datetime.now(_dt.UTC) + _dt.timedelta(minutes=minutes)
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def claim_segment(store, ws, segment_id: int, lang: str, *, user: str) -> Claim:
    """Claim a segment for ``claim_minutes`` ([review]); ConflictError if someone else has it."""
    held = store.take_claim(segment_id, lang, user, utcnow(), _expiry(_claim_minutes(ws)))
    if held["user"] != user:
        raise ConflictError(
            f"segment {segment_id} ({lang}) is open in {held['user']}'s review session until "
            f"{held['expires_at'][:19].replace('T', ' ')} UTC",
            "Work on another segment, or wait for the claim to expire",
        )
    return Claim(**held)


def release_claims(
    store, user: str, *, segment_id: int | None = None, lang: str | None = None
) -> int:
    return store.drop_claims(user, segment_id, lang)


# ---------------------------------------------------------------------------
# The review queue and an interactive session over it
# ---------------------------------------------------------------------------
def default_queue_states(ws, user: str | None) -> list[int]:
    """What a user's queue holds by default: the work their roles allow them to do."""
    if user is None:
        return list(DEFAULT_QUEUE_STATES)
    translates, reviews = may(ws, user, ROLE_TRANSLATOR), may(ws, user, ROLE_REVIEWER)
    if reviews and not translates:
        return [TRANSLATED] if _four_eyes(ws) else [NEEDS_WORK, PRETRANSLATED, TRANSLATED]
    if translates and not reviews:
        return [UNTRANSLATED, REJECTED, NEEDS_WORK, PRETRANSLATED]
    return list(DEFAULT_QUEUE_STATES)


def review_queue(
    store,
    ws,
    lang: str,
    *,
    release: str | None = None,
    states: list[int] | None = None,
    user: str | None = None,
    mine: bool = False,
) -> list[int]:
    """Segment ids to review in ``lang``, in document order (releases by slug)."""
    _check_lang(ws, lang)
    states = list(states or default_queue_states(ws, user))
    if release:
        releases = [store.require_release(release)]
    else:
        releases = [store.require_release(r["slug"]) for r in store.list_releases()]
    if mine:
        assigned = {a["release_id"] for a in store.list_assignments(lang=lang, user=user)}
        releases = [r for r in releases if r["id"] in assigned]
    ids: list[int] = []
    for rel in releases:
        ids.extend(store.queue_ids(rel["id"], lang, states))
    return ids


class ReviewSession:
    """Walks a queue one segment at a time; every action is saved at once.

    The segment on screen is claimed; moving on releases the claim. Segments
    open in someone else's session are passed over (noted in ``notices``).
    """

    def __init__(self, store, ws, lang: str, *, user: str, segment_ids: list[int]):
        self.store = store
        self.ws = ws
        self.lang = lang
        self.user = user
        self.items = list(segment_ids)
        self.index = 0
        self._step = 1
        self.notices: list[str] = []
        self.counts: Counter = Counter()
        self.view: SegmentView | None = None
        self._ranks: dict[int, dict[int, int]] = {}

    @property
    def done(self) -> bool:
        return self.index >= len(self.items)

    def current(self) -> SegmentView | None:
        """Claim and show the segment at the cursor (None when the queue is done)."""
        while 0 <= self.index < len(self.items):
            segment_id = self.items[self.index]
            try:
                claim_segment(self.store, self.ws, segment_id, self.lang, user=self.user)
            except ConflictError as exc:
                self.notices.append(exc.message)
                self.counts["passed"] += 1
                self.index += self._step
                if self.index < 0:
                    self.index, self._step = 0, 1
                continue
            self.view = show_segment(
                self.store, self.ws, segment_id, self.lang, rank=self._rank(segment_id)
            )
            return self.view
        self.view = None
        return None

    def _rank(self, segment_id: int) -> tuple[int, int] | None:
        release_id = self.store.get_segment(segment_id)["release_id"]
        ranks = self._ranks.get(release_id)
        if ranks is None:
            ranks = self._ranks[release_id] = self.store.segment_ranks(release_id)
        n = ranks.get(segment_id)
        return None if n is None else (n, len(ranks))

    def _move(self, step: int) -> None:
        if self.view is not None:
            release_claims(self.store, self.user, segment_id=self.view.segment_id, lang=self.lang)
        self._step = step
        self.index = max(0, self.index + step) if step < 0 else self.index + step

    def _require_view(self) -> SegmentView:
        if self.view is None:
            raise StateError("no segment is open", "The queue is finished")
        return self.view

    def accept(self) -> TranslationView:
        view = self._require_view()
        result = accept_segment(
            self.store, self.ws, view.segment_id, self.lang, user=self.user, if_version=view.version
        )
        self.counts["approved" if result.state == "approved" else "accepted"] += 1
        self._move(1)
        return result

    def edit(self, text: str) -> TranslationView:
        view = self._require_view()
        result = translate_segment(
            self.store,
            self.ws,
            view.segment_id,
            self.lang,
            text,
            user=self.user,
            if_version=view.version,
        )
        self.counts["edited"] += 1
        self._move(1)
        return result

    def reject(self, reason: str) -> TranslationView:
        view = self._require_view()
        result = reject_segment(
            self.store,
            self.ws,
            view.segment_id,
            self.lang,
            user=self.user,
            reason=reason,
            if_version=view.version,
        )
        self.counts["rejected"] += 1
        self._move(1)
        return result

    def comment(self, text: str) -> Comment:
        view = self._require_view()
        result = add_comment(self.store, view.segment_id, self.lang, user=self.user, text=text)
        self.counts["commented"] += 1
        return result

    def skip(self) -> None:
        self._require_view()
        self.counts["skipped"] += 1
        self._move(1)

    def back(self) -> bool:
        """Go to the previous segment of the queue; False at the first one."""
        if self.index == 0:
            return False
        self._move(-1)
        return True

    def close(self) -> None:
        release_claims(self.store, self.user)
        self.view = None

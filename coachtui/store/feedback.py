"""Feedback: what a person did, its impact, the named behaviours it shows.

An entry is checked for specificity when it is written or edited
(``coachtui.domain.feedback_check``); a vague entry is still saved, with the
reasons, and the mark goes when an edit makes it specific. Feedback stays
undelivered until a one-on-one marks it delivered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from coachtui.domain.feedback_check import HINT, check_feedback
from coachtui.errors import CoachError, NotFound
from coachtui.store.db import Store
from coachtui.store.models import (
    Behaviour,
    Cycle,
    Feedback,
    KeyResult,
    Objective,
    OneOnOne,
    Person,
)

KINDS = ("reinforcing", "redirecting")
MAX_BEHAVIOUR_NAME = 200


class BehaviourInfo(BaseModel):
    id: int
    person_id: int
    name: str


class KeyResultRef(BaseModel):
    """A KR as the feedback and note forms offer it."""

    id: int
    title: str
    cycle: str
    owner_id: int

    @property
    def label(self) -> str:
        return f"{self.cycle} · {self.title}"


class FeedbackInfo(BaseModel):
    id: int
    person_id: int
    kind: str
    situation: str
    behaviour: str
    impact: str
    behaviours: list[BehaviourInfo]
    key_result_id: int | None
    key_result_title: str | None
    observed_on: dt.date
    delivered_on: dt.date | None
    delivered_in_id: int | None
    vague: bool
    reasons: list[str]

    @property
    def hint(self) -> str:
        return HINT if self.vague else ""


def _behaviour_info(b: Behaviour) -> BehaviourInfo:
    return BehaviourInfo(id=b.id, person_id=b.person_id, name=b.name)


def _info(f: Feedback, kr_title: str | None) -> FeedbackInfo:
    return FeedbackInfo(
        id=f.id,
        person_id=f.person_id,
        kind=f.kind,
        situation=f.situation,
        behaviour=f.behaviour,
        impact=f.impact,
        behaviours=sorted((_behaviour_info(b) for b in f.behaviours), key=lambda b: b.name),
        key_result_id=f.key_result_id,
        key_result_title=kr_title,
        observed_on=f.observed_on,
        delivered_on=f.delivered_on,
        delivered_in_id=f.delivered_in_id,
        vague=f.is_vague,
        reasons=[r for r in f.vague_reasons.split("\n") if r],
    )


def clean_behaviour_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise CoachError("behaviour: a named behaviour needs a name")
    if len(cleaned) > MAX_BEHAVIOUR_NAME:
        raise CoachError(
            f"behaviour: {cleaned[:30]!r}…: longer than {MAX_BEHAVIOUR_NAME} characters"
        )
    return cleaned


def _require_person(s: Session, person_id: int) -> Person:
    person = s.get(Person, person_id)
    if person is None:
        raise NotFound(f"no person with id {person_id}")
    return person


def _require_kr(s: Session, key_result_id: int | None) -> None:
    if key_result_id is not None and s.get(KeyResult, key_result_id) is None:
        raise NotFound(f"kr: no key result with id {key_result_id}")


def _kr_title(s: Session, key_result_id: int | None) -> str | None:
    if key_result_id is None:
        return None
    return s.scalar(select(KeyResult.title).where(KeyResult.id == key_result_id))


def behaviours_by_name(s: Session, person_id: int, names: Iterable[str]) -> list[Behaviour]:
    """The person's named behaviours, created when new (case-insensitive match)."""
    wanted: dict[str, str] = {}
    for name in names:
        cleaned = clean_behaviour_name(name)
        wanted.setdefault(cleaned.lower(), cleaned)
    if not wanted:
        return []
    existing = {
        b.name.lower(): b
        for b in s.scalars(
            select(Behaviour).where(
                Behaviour.person_id == person_id, func.lower(Behaviour.name).in_(list(wanted))
            )
        )
    }
    out = []
    for key, name in wanted.items():
        behaviour = existing.get(key)
        if behaviour is None:
            behaviour = Behaviour(person_id=person_id, name=name)
            s.add(behaviour)
            s.flush()
        out.append(behaviour)
    return out


def key_results_for(store: Store, person_id: int) -> list[KeyResultRef]:
    """KRs a person owns, newest cycle first (for pickers)."""
    with store.read() as s:
        rows = s.execute(
            select(KeyResult.id, KeyResult.title, Cycle.name, Objective.owner_id)
            .join(Objective, Objective.id == KeyResult.objective_id)
            .join(Cycle, Cycle.id == Objective.cycle_id)
            .where(Objective.owner_id == person_id, Objective.status != "declined")
            .order_by(Cycle.starts_on.desc(), Objective.position, KeyResult.position)
        ).all()
    return [KeyResultRef(id=i, title=t, cycle=c, owner_id=o) for i, t, c, o in rows]


def find_key_result(store: Store, title: str, person_id: int | None = None) -> KeyResultRef:
    """A KR by title: the person's own first, the most recent cycle winning.

    Exact (case-insensitive) titles beat a unique partial match. Raises
    ``NotFound`` with a one-line message when nothing or too much matches.
    """
    wanted = " ".join(title.split()).lower()
    if not wanted:
        raise NotFound("kr: give a key result title")
    with store.read() as s:
        base = (
            select(KeyResult.id, KeyResult.title, Cycle.name, Objective.owner_id, Cycle.starts_on)
            .join(Objective, Objective.id == KeyResult.objective_id)
            .join(Cycle, Cycle.id == Objective.cycle_id)
            .order_by(Cycle.starts_on.desc(), KeyResult.id.desc())
        )
        like = "%" + wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        for condition in (
            func.lower(KeyResult.title) == wanted,
            func.lower(KeyResult.title).like(like, escape="\\"),
        ):
            rows = s.execute(base.where(condition)).all()
            if person_id is not None:
                own = [r for r in rows if r.owner_id == person_id]
                rows = own or rows
            if not rows:
                continue
            latest = [r for r in rows if r.starts_on == rows[0].starts_on]
            if len({r.owner_id for r in latest}) > 1 or len({r.title for r in latest}) > 1:
                names = ", ".join(sorted({repr(r.title) for r in latest})[:3])
                raise NotFound(f"kr: {title!r} matches more than one key result ({names})")
            r = latest[0]
            return KeyResultRef(id=r.id, title=r.title, cycle=r.name, owner_id=r.owner_id)
    raise NotFound(f"kr: no key result titled {title!r}")


class FeedbackService:
    def __init__(self, store: Store, today: dt.date | None = None) -> None:
        self.store = store
        self.today = today

    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    # -- named behaviours ----------------------------------------------------

    def behaviours(self, person_id: int) -> list[BehaviourInfo]:
        with self.store.read() as s:
            rows = s.scalars(
                select(Behaviour).where(Behaviour.person_id == person_id).order_by(Behaviour.name)
            )
            return [_behaviour_info(b) for b in rows]

    def add_behaviour(self, person_id: int, name: str) -> BehaviourInfo:
        """Create (or return the existing) named behaviour for a person."""
        with self.store.write() as s:
            _require_person(s, person_id)
            return _behaviour_info(behaviours_by_name(s, person_id, [name])[0])

    # -- entries -------------------------------------------------------------

    def add(
        self,
        person_id: int,
        *,
        kind: str,
        situation: str = "",
        behaviour: str = "",
        impact: str = "",
        behaviours: Sequence[str] = (),
        key_result_id: int | None = None,
        observed_on: dt.date | None = None,
    ) -> FeedbackInfo:
        kind = _check_kind(kind)
        situation, behaviour, impact = (" ".join(t.split()) for t in (situation, behaviour, impact))
        if not behaviour:
            raise CoachError("behaviour: say what the person did")
        verdict = check_feedback(behaviour, impact, situation)
        with self.store.write() as s:
            _require_person(s, person_id)
            _require_kr(s, key_result_id)
            entry = Feedback(
                person_id=person_id,
                kind=kind,
                situation=situation,
                behaviour=behaviour,
                impact=impact,
                key_result_id=key_result_id,
                observed_on=observed_on or self._today(),
                is_vague=verdict.vague,
                vague_reasons="\n".join(verdict.reasons),
            )
            entry.behaviours = behaviours_by_name(s, person_id, behaviours)
            s.add(entry)
            s.flush()
            return _info(entry, _kr_title(s, key_result_id))

    def update(
        self,
        feedback_id: int,
        *,
        kind: str,
        situation: str,
        behaviour: str,
        impact: str,
        behaviours: Sequence[str],
        key_result_id: int | None,
        observed_on: dt.date,
    ) -> FeedbackInfo:
        """Rewrite an entry; the specificity check runs again."""
        kind = _check_kind(kind)
        situation, behaviour, impact = (" ".join(t.split()) for t in (situation, behaviour, impact))
        if not behaviour:
            raise CoachError("behaviour: say what the person did")
        verdict = check_feedback(behaviour, impact, situation)
        with self.store.write() as s:
            entry = s.get(Feedback, feedback_id)
            if entry is None:
                raise NotFound(f"no feedback with id {feedback_id}")
            _require_kr(s, key_result_id)
            entry.kind, entry.situation, entry.behaviour, entry.impact = (
                kind,
                situation,
                behaviour,
                impact,
            )
            entry.key_result_id = key_result_id
            entry.observed_on = observed_on
            entry.is_vague = verdict.vague
            entry.vague_reasons = "\n".join(verdict.reasons)
            entry.behaviours = behaviours_by_name(s, entry.person_id, behaviours)
            s.flush()
            return _info(entry, _kr_title(s, key_result_id))

    def get(self, feedback_id: int) -> FeedbackInfo:
        with self.store.read() as s:
            entry = s.get(Feedback, feedback_id, options=[selectinload(Feedback.behaviours)])
            if entry is None:
                raise NotFound(f"no feedback with id {feedback_id}")
            return _info(entry, _kr_title(s, entry.key_result_id))

    def delete(self, feedback_id: int) -> None:
        with self.store.write() as s:
            entry = s.get(Feedback, feedback_id)
            if entry is None:
                raise NotFound(f"no feedback with id {feedback_id}")
            s.delete(entry)

    def list_for(self, person_id: int, *, limit: int = 200) -> list[FeedbackInfo]:
        """The person's most recent feedback, newest first."""
        return self._query(
            select(Feedback)
            .where(Feedback.person_id == person_id)
            .order_by(Feedback.observed_on.desc(), Feedback.id.desc())
            .limit(limit)
        )

    # -- delivery (the one-on-one preparation panel uses these) ---------------

    def undelivered(self, person_id: int) -> list[FeedbackInfo]:
        """Feedback not yet shared with the person, oldest observation first."""
        return self._query(
            select(Feedback)
            .where(Feedback.person_id == person_id, Feedback.delivered_on.is_(None))
            .order_by(Feedback.observed_on, Feedback.id)
        )

    def mark_delivered(
        self, feedback_ids: Iterable[int], one_on_one_id: int | None, on: dt.date | None = None
    ) -> int:
        return mark_delivered(self.store, feedback_ids, one_on_one_id, on or self._today())

    def _query(self, query) -> list[FeedbackInfo]:
        with self.store.read() as s:
            entries = s.scalars(query.options(selectinload(Feedback.behaviours))).all()
            kr_ids = {e.key_result_id for e in entries if e.key_result_id is not None}
            titles = (
                dict(
                    s.execute(
                        select(KeyResult.id, KeyResult.title).where(KeyResult.id.in_(kr_ids))
                    ).all()
                )
                if kr_ids
                else {}
            )
            return [_info(e, titles.get(e.key_result_id)) for e in entries]


def mark_delivered(
    store: Store, feedback_ids: Iterable[int], one_on_one_id: int | None, on: dt.date
) -> int:
    """Mark feedback delivered on ``on`` in a one-on-one; return how many changed.

    Entries already delivered keep their first delivery. Ids that do not exist
    are an error, so a stale panel cannot silently lose a delivery.
    """
    ids = sorted(set(feedback_ids))
    if not ids:
        return 0
    with store.write() as s:
        if one_on_one_id is not None and s.get(OneOnOne, one_on_one_id) is None:
            raise NotFound(f"no one-on-one with id {one_on_one_id}")
        entries = s.scalars(select(Feedback).where(Feedback.id.in_(ids))).all()
        missing = set(ids) - {e.id for e in entries}
        if missing:
            raise NotFound(f"no feedback with id {min(missing)}")
        changed = 0
        for entry in entries:
            if entry.delivered_on is None:
                entry.delivered_on = on
                entry.delivered_in_id = one_on_one_id
                changed += 1
        return changed


def undelivered(store: Store, person_id: int) -> list[FeedbackInfo]:
    """Module-level shortcut for callers that only need the list."""
    return FeedbackService(store).undelivered(person_id)


def _check_kind(kind: str) -> str:
    value = kind.strip().lower()
    if value not in KINDS:
        raise CoachError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    return value

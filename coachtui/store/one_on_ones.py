"""One-on-ones: preparation, the draft being typed, exchanges, action items,
parked topics, finishing, Markdown export and the read-only history.

Everything returns pydantic models; sessions stay inside this module.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import delete, func, select, update

from coachtui.domain.risk import LOW_CONFIDENCE
from coachtui.domain.selection import RECENT_ONE_ON_ONES, context_tags
from coachtui.errors import CoachError, NotFound
from coachtui.store.db import Store
from coachtui.store.models import (
    ActionItem,
    CheckIn,
    Cycle,
    Exchange,
    Feedback,
    KeyResult,
    Objective,
    OneOnOne,
    Person,
    Topic,
)
from coachtui.store.people import PersonInfo, _info

Owner = Literal["me", "them"]
Source = Literal["bank", "own", "follow_up"]


class ActionItemInfo(BaseModel):
    id: int
    owner: Owner
    text: str
    due_on: dt.date | None
    done: bool
    key_result_id: int | None
    key_result_title: str | None = None
    one_on_one_id: int | None
    raised_on: dt.date


class TopicInfo(BaseModel):
    id: int
    text: str
    raised_in_id: int | None
    discussed_in_id: int | None
    raised_on: dt.date


class KRAtRisk(BaseModel):
    id: int
    title: str
    objective_title: str
    cycle: str
    confidence: int
    checked_on: dt.date


class FeedbackToDeliver(BaseModel):
    id: int
    kind: str
    situation: str
    behaviour: str
    impact: str
    observed_on: dt.date
    delivered_in_id: int | None = None


class KRChoice(BaseModel):
    id: int
    title: str


class OkrCheckIn(BaseModel):
    """A check-in on a KR recorded during a one-on-one."""

    key_result_id: int
    title: str
    value: float
    confidence: int
    note: str


class ExchangeInfo(BaseModel):
    id: int
    position: int
    stage_id: str
    question_id: str | None
    question_text: str
    heard: str
    source: Source
    skipped: bool
    is_private: bool


class PastOneOnOne(BaseModel):
    id: int
    held_on: dt.date
    bank_id: str
    status: str
    summary: str
    questions_asked: int


class OneOnOneInfo(BaseModel):
    id: int
    person_id: int
    person_name: str
    held_on: dt.date
    bank_id: str
    status: str
    summary: str
    private_notes: str
    questions_asked: int
    nudges: int
    draft: dict[str, Any] = Field(default_factory=dict)
    exchanges: list[ExchangeInfo] = Field(default_factory=list)
    action_items: list[ActionItemInfo] = Field(default_factory=list)
    parked_topics: list[TopicInfo] = Field(default_factory=list)
    discussed_topics: list[TopicInfo] = Field(default_factory=list)
    delivered_feedback: list[FeedbackToDeliver] = Field(default_factory=list)
    check_ins: list[OkrCheckIn] = Field(default_factory=list)

    @property
    def is_done(self) -> bool:
        return self.status == "done"


class Preparation(BaseModel):
    """What the manager sees before a one-on-one starts."""

    person: PersonInfo
    open_action_items: list[ActionItemInfo]
    carried_topics: list[TopicInfo]
    last_held_on: dt.date | None
    last_summary: str
    krs_at_risk: list[KRAtRisk]
    undelivered_feedback: list[FeedbackToDeliver]
    recent_question_ids: list[str]
    draft_id: int | None
    draft_started: dt.datetime | None
    draft_bank_id: str | None
    past_count: int

    @property
    def context_tags(self) -> frozenset[str]:
        return context_tags(
            krs_at_risk=len(self.krs_at_risk),
            open_action_items=len(self.open_action_items),
            carried_topics=len(self.carried_topics),
            undelivered_feedback=len(self.undelivered_feedback),
        )


class _ActionItemIn(BaseModel):
    owner: Owner
    text: str = Field(min_length=1, max_length=2000)
    due_on: dt.date | None = None
    key_result_id: int | None = None


def _one_line(error: ValidationError) -> str:
    first = error.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "value"
    return f"{field}: {first['msg'].removeprefix('Value error, ').lower()}"


def _item(a: ActionItem, kr_title: str | None = None) -> ActionItemInfo:
    return ActionItemInfo(
        id=a.id,
        owner=a.owner,  # type: ignore[arg-type]
        text=a.text,
        due_on=a.due_on,
        done=a.done_at is not None,
        key_result_id=a.key_result_id,
        key_result_title=kr_title,
        one_on_one_id=a.one_on_one_id,
        raised_on=a.created_at.date(),
    )


def _topic(t: Topic, raised_on: dt.date | None = None) -> TopicInfo:
    return TopicInfo(
        id=t.id,
        text=t.text,
        raised_in_id=t.raised_in_id,
        discussed_in_id=t.discussed_in_id,
        raised_on=raised_on or t.created_at.date(),
    )


def _feedback(f: Feedback) -> FeedbackToDeliver:
    return FeedbackToDeliver(
        id=f.id,
        kind=f.kind,
        situation=f.situation,
        behaviour=f.behaviour,
        impact=f.impact,
        observed_on=f.observed_on,
        delivered_in_id=f.delivered_in_id,
    )


def _exchange(e: Exchange) -> ExchangeInfo:
    return ExchangeInfo(
        id=e.id,
        position=e.position,
        stage_id=e.stage_id,
        question_id=e.question_id,
        question_text=e.question_text,
        heard=e.heard,
        source=e.source,  # type: ignore[arg-type]
        skipped=e.skipped,
        is_private=e.is_private,
    )


class OneOnOneService:
    def __init__(self, store: Store, today: dt.date | None = None) -> None:
        self.store = store
        self.today = today

    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    # -- preparation ----------------------------------------------------------

    def prepare(self, person_id: int) -> Preparation:
        """Everything the preparation panel shows, in a handful of indexed queries."""
        with self.store.read() as s:
            person = s.get(Person, person_id)
            if person is None:
                raise NotFound(f"no person with id {person_id}")
            open_rows = s.execute(
                select(ActionItem, KeyResult.title)
                .outerjoin(KeyResult, KeyResult.id == ActionItem.key_result_id)
                .where(ActionItem.person_id == person_id, ActionItem.done_at.is_(None))
                .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
            ).all()
            # The day a topic was raised is the day of its one-on-one.
            topics = s.execute(
                select(Topic, OneOnOne.held_on)
                .outerjoin(OneOnOne, OneOnOne.id == Topic.raised_in_id)
                .where(Topic.person_id == person_id, Topic.discussed_in_id.is_(None))
                .order_by(Topic.id)
            ).all()
            last = s.execute(
                select(OneOnOne.held_on, OneOnOne.summary)
                .where(OneOnOne.person_id == person_id, OneOnOne.status == "done")
                .order_by(OneOnOne.held_on.desc(), OneOnOne.id.desc())
                .limit(1)
            ).first()
            past_count = s.scalar(
                select(func.count())
                .select_from(OneOnOne)
                .where(OneOnOne.person_id == person_id, OneOnOne.status == "done")
            )
            draft = s.execute(
                select(OneOnOne.id, OneOnOne.started_at, OneOnOne.bank_id)
                .where(OneOnOne.person_id == person_id, OneOnOne.status == "draft")
                .order_by(OneOnOne.started_at.desc(), OneOnOne.id.desc())
                .limit(1)
            ).first()
            feedback = s.scalars(
                select(Feedback)
                .where(Feedback.person_id == person_id, Feedback.delivered_on.is_(None))
                .order_by(Feedback.observed_on, Feedback.id)
            ).all()
            krs = self._krs_at_risk(s, person_id)
            recent = self._recent_question_ids(s, person_id)
        return Preparation(
            person=_info(person),
            open_action_items=[_item(a, title) for a, title in open_rows],
            carried_topics=[_topic(t, held) for t, held in topics],
            last_held_on=last.held_on if last else None,
            last_summary=last.summary if last else "",
            krs_at_risk=krs,
            undelivered_feedback=[_feedback(f) for f in feedback],
            recent_question_ids=recent,
            draft_id=draft.id if draft else None,
            draft_started=draft.started_at if draft else None,
            draft_bank_id=draft.bank_id if draft else None,
            past_count=past_count or 0,
        )

    @staticmethod
    def _krs_at_risk(s, person_id: int) -> list[KRAtRisk]:
        # Latest check-in per KR, looked up through ix_check_in_kr_on for this
        # person's KRs only (a window over the whole check_in table is slower).
        def latest(column):
            return (
                select(column)
                .where(CheckIn.key_result_id == KeyResult.id)
                .order_by(CheckIn.on.desc(), CheckIn.id.desc())
                .limit(1)
                .correlate(KeyResult)
                .scalar_subquery()
            )

        confidence = latest(CheckIn.confidence).label("confidence")
        checked_on = latest(CheckIn.on).label("checked_on")
        inner = (
            select(
                KeyResult.id,
                KeyResult.title,
                Objective.title.label("objective_title"),
                Cycle.name.label("cycle"),
                confidence,
                checked_on,
            )
            .join(Objective, Objective.id == KeyResult.objective_id)
            .join(Cycle, Cycle.id == Objective.cycle_id)
            .where(
                Objective.owner_id == person_id,
                Objective.status == "accepted",
                Cycle.state == "active",
            )
            .subquery()
        )
        rows = s.execute(
            select(inner)
            .where(inner.c.confidence <= LOW_CONFIDENCE)
            .order_by(inner.c.confidence, inner.c.id)
        ).all()
        return [
            KRAtRisk(
                id=r.id,
                title=r.title,
                objective_title=r.objective_title,
                cycle=r.cycle,
                confidence=r.confidence,
                checked_on=r.checked_on,
            )
            for r in rows
        ]

    @staticmethod
    def _recent_question_ids(s, person_id: int, count: int = RECENT_ONE_ON_ONES) -> list[str]:
        recent = (
            select(OneOnOne.id)
            .where(OneOnOne.person_id == person_id, OneOnOne.status == "done")
            .order_by(OneOnOne.held_on.desc(), OneOnOne.id.desc())
            .limit(count)
            .scalar_subquery()
        )
        ids = s.scalars(
            select(Exchange.question_id)
            .where(
                Exchange.one_on_one_id.in_(recent),
                Exchange.question_id.is_not(None),
                Exchange.skipped.is_(False),
            )
            .distinct()
        ).all()
        return sorted(ids)

    def recent_question_ids(self, person_id: int, count: int = RECENT_ONE_ON_ONES) -> list[str]:
        with self.store.read() as s:
            return self._recent_question_ids(s, person_id, count)

    def active_krs(self, person_id: int) -> list[KRChoice]:
        """The person's KRs in active cycles, for linking an action item."""
        with self.store.read() as s:
            rows = s.execute(
                select(KeyResult.id, KeyResult.title)
                .join(Objective, Objective.id == KeyResult.objective_id)
                .join(Cycle, Cycle.id == Objective.cycle_id)
                .where(
                    Objective.owner_id == person_id,
                    Objective.status == "accepted",
                    Cycle.state == "active",
                )
                .order_by(Objective.position, KeyResult.position, KeyResult.id)
            ).all()
        return [KRChoice(id=r.id, title=r.title) for r in rows]

    # -- the draft ------------------------------------------------------------

    def start(self, person_id: int, bank_id: str) -> OneOnOneInfo:
        """A new draft one-on-one held today."""
        with self.store.write() as s:
            if s.get(Person, person_id) is None:
                raise NotFound(f"no person with id {person_id}")
            one = OneOnOne(
                person_id=person_id,
                held_on=self._today(),
                bank_id=bank_id,
                status="draft",
                draft_json=json.dumps({"bank_id": bank_id}),
            )
            s.add(one)
            s.flush()
            one_id = one.id
        return self.get(one_id)

    def draft_for(self, person_id: int) -> OneOnOneInfo | None:
        with self.store.read() as s:
            one_id = s.scalar(
                select(OneOnOne.id)
                .where(OneOnOne.person_id == person_id, OneOnOne.status == "draft")
                .order_by(OneOnOne.started_at.desc(), OneOnOne.id.desc())
                .limit(1)
            )
        return None if one_id is None else self.get(one_id)

    def save_draft(self, one_id: int, state: dict[str, Any]) -> None:
        """Store the screen's in-progress state (what is being typed)."""
        payload = json.dumps(state, ensure_ascii=False)
        with self.store.write() as s:
            changed = s.execute(
                update(OneOnOne)
                .where(OneOnOne.id == one_id, OneOnOne.status == "draft")
                .values(draft_json=payload)
            ).rowcount
            if not changed:
                raise CoachError(f"one-on-one {one_id} is not a draft any more")

    def discard(self, one_id: int) -> None:
        """Throw a draft away, with what it created; undo what it marked."""
        with self.store.write() as s:
            one = s.get(OneOnOne, one_id)
            if one is None or one.status != "draft":
                raise CoachError(f"one-on-one {one_id} is not a draft")
            s.execute(delete(ActionItem).where(ActionItem.one_on_one_id == one_id))
            s.execute(delete(Topic).where(Topic.raised_in_id == one_id))
            s.execute(
                update(Topic).where(Topic.discussed_in_id == one_id).values(discussed_in_id=None)
            )
            s.execute(
                update(Feedback)
                .where(Feedback.delivered_in_id == one_id)
                .values(delivered_in_id=None, delivered_on=None)
            )
            s.execute(delete(Exchange).where(Exchange.one_on_one_id == one_id))
            s.delete(one)

    def _draft(self, s, one_id: int) -> OneOnOne:
        one = s.get(OneOnOne, one_id)
        if one is None:
            raise NotFound(f"no one-on-one with id {one_id}")
        if one.status != "draft":
            raise CoachError(f"one-on-one {one_id} is finished and read-only")
        return one

    # -- what happens in the conversation -------------------------------------

    def add_exchange(
        self,
        one_id: int,
        *,
        stage_id: str,
        question_text: str,
        heard: str = "",
        question_id: str | None = None,
        source: Source = "bank",
        skipped: bool = False,
        is_private: bool = False,
    ) -> ExchangeInfo:
        question_text = question_text.strip()
        if not question_text:
            raise CoachError("question: a question is needed")
        if source not in ("bank", "own", "follow_up"):
            raise CoachError(f"source: must be bank, own or follow_up (got {source!r})")
        with self.store.write() as s:
            self._draft(s, one_id)
            position = s.scalar(
                select(func.coalesce(func.max(Exchange.position), -1)).where(
                    Exchange.one_on_one_id == one_id
                )
            )
            row = Exchange(
                one_on_one_id=one_id,
                position=position + 1,
                stage_id=stage_id,
                question_id=question_id,
                question_text=question_text,
                heard=heard.strip(),
                source=source,
                skipped=skipped,
                is_private=is_private,
            )
            s.add(row)
            s.flush()
            return _exchange(row)

    def add_action_item(
        self,
        one_id: int,
        *,
        owner: str,
        text: str,
        due_on: dt.date | None = None,
        key_result_id: int | None = None,
    ) -> ActionItemInfo:
        try:
            data = _ActionItemIn(
                owner=owner, text=text.strip(), due_on=due_on, key_result_id=key_result_id
            )
        except ValidationError as error:
            raise CoachError(_one_line(error)) from None
        with self.store.write() as s:
            one = self._draft(s, one_id)
            title = None
            if data.key_result_id is not None:
                kr = s.get(KeyResult, data.key_result_id)
                if kr is None:
                    raise NotFound(f"key result: no key result with id {data.key_result_id}")
                title = kr.title
            row = ActionItem(person_id=one.person_id, one_on_one_id=one_id, **data.model_dump())
            s.add(row)
            s.flush()
            return _item(row, title)

    def set_action_item_done(self, item_id: int, done: bool = True) -> ActionItemInfo:
        with self.store.write() as s:
            row = s.get(ActionItem, item_id)
            if row is None:
                raise NotFound(f"no action item with id {item_id}")
            row.done_at = (
                dt.datetime.combine(self._today(), dt.datetime.now().time()) if done else None
            )
            return _item(row)

    def park_topic(self, one_id: int, text: str) -> TopicInfo:
        text = " ".join(text.split())
        if not text:
            raise CoachError("topic: write a few words about what to come back to")
        with self.store.write() as s:
            one = self._draft(s, one_id)
            row = Topic(person_id=one.person_id, raised_in_id=one_id, text=text)
            s.add(row)
            s.flush()
            return _topic(row)

    def set_topic_discussed(self, topic_id: int, one_id: int, discussed: bool = True) -> TopicInfo:
        with self.store.write() as s:
            self._draft(s, one_id)
            row = s.get(Topic, topic_id)
            if row is None:
                raise NotFound(f"no topic with id {topic_id}")
            row.discussed_in_id = one_id if discussed else None
            return _topic(row)

    def set_feedback_delivered(
        self, feedback_id: int, one_id: int, delivered: bool = True
    ) -> FeedbackToDeliver:
        """Feedback discussed in this one-on-one counts as delivered today."""
        with self.store.write() as s:
            self._draft(s, one_id)
            row = s.get(Feedback, feedback_id)
            if row is None:
                raise NotFound(f"no feedback with id {feedback_id}")
            row.delivered_on = self._today() if delivered else None
            row.delivered_in_id = one_id if delivered else None
            return _feedback(row)

    def finish(
        self, one_id: int, *, summary: str = "", private_notes: str = "", nudges: int = 0
    ) -> OneOnOneInfo:
        """Mark the one-on-one done; the draft state is cleared."""
        with self.store.write() as s:
            one = self._draft(s, one_id)
            asked = s.scalar(
                select(func.count())
                .select_from(Exchange)
                .where(Exchange.one_on_one_id == one_id, Exchange.skipped.is_(False))
            )
            one.status = "done"
            one.summary = summary.strip()
            one.private_notes = private_notes.strip()
            one.questions_asked = asked or 0
            one.nudges = max(0, nudges)
            one.draft_json = ""
            one.finished_at = dt.datetime.now()
        return self.get(one_id)

    # -- reading --------------------------------------------------------------

    def get(self, one_id: int) -> OneOnOneInfo:
        with self.store.read() as s:
            one = s.get(OneOnOne, one_id)
            if one is None:
                raise NotFound(f"no one-on-one with id {one_id}")
            person = s.get(Person, one.person_id)
            exchanges = s.scalars(
                select(Exchange).where(Exchange.one_on_one_id == one_id).order_by(Exchange.position)
            ).all()
            items = s.execute(
                select(ActionItem, KeyResult.title)
                .outerjoin(KeyResult, KeyResult.id == ActionItem.key_result_id)
                .where(ActionItem.one_on_one_id == one_id)
                .order_by(ActionItem.id)
            ).all()
            parked = s.scalars(
                select(Topic).where(Topic.raised_in_id == one_id).order_by(Topic.id)
            ).all()
            discussed = s.scalars(
                select(Topic).where(Topic.discussed_in_id == one_id).order_by(Topic.id)
            ).all()
            delivered = s.scalars(
                select(Feedback).where(Feedback.delivered_in_id == one_id).order_by(Feedback.id)
            ).all()
            check_ins = s.execute(
                select(CheckIn, KeyResult.title)
                .join(KeyResult, KeyResult.id == CheckIn.key_result_id)
                .where(CheckIn.one_on_one_id == one_id)
                .order_by(CheckIn.id)
            ).all()
            try:
                draft = json.loads(one.draft_json) if one.draft_json else {}
            except ValueError:
                draft = {}  # a damaged draft is not worth failing over
            return OneOnOneInfo(
                id=one.id,
                person_id=one.person_id,
                person_name=person.name if person else "",
                held_on=one.held_on,
                bank_id=one.bank_id,
                status=one.status,
                summary=one.summary,
                private_notes=one.private_notes,
                questions_asked=one.questions_asked,
                nudges=one.nudges,
                draft=draft if isinstance(draft, dict) else {},
                exchanges=[_exchange(e) for e in exchanges],
                action_items=[_item(a, t) for a, t in items],
                parked_topics=[_topic(t) for t in parked if t.discussed_in_id != one_id],
                discussed_topics=[_topic(t) for t in discussed],
                delivered_feedback=[_feedback(f) for f in delivered],
                check_ins=[
                    OkrCheckIn(
                        key_result_id=c.key_result_id,
                        title=title,
                        value=c.value,
                        confidence=c.confidence,
                        note=c.note,
                    )
                    for c, title in check_ins
                ],
            )

    def past(self, person_id: int, *, limit: int | None = None) -> list[PastOneOnOne]:
        """Finished one-on-ones, newest first."""
        with self.store.read() as s:
            query = (
                select(
                    OneOnOne.id,
                    OneOnOne.held_on,
                    OneOnOne.bank_id,
                    OneOnOne.status,
                    OneOnOne.summary,
                    OneOnOne.questions_asked,
                )
                .where(OneOnOne.person_id == person_id, OneOnOne.status == "done")
                .order_by(OneOnOne.held_on.desc(), OneOnOne.id.desc())
            )
            if limit:
                query = query.limit(limit)
            return [PastOneOnOne(**r._mapping) for r in s.execute(query)]

    # -- sharing --------------------------------------------------------------

    def export_markdown(self, one_id: int, *, bank_title: str | None = None) -> str:
        """A Markdown record to share with the report: private notes left out."""
        one = self.get(one_id)
        lines = [f"# One-on-one with {one.person_name}, {one.held_on.isoformat()}", ""]
        if bank_title:
            lines += [f"Conversation guide: {bank_title}", ""]
        if one.summary:
            lines += ["## Summary", "", one.summary, ""]
        shared = [e for e in one.exchanges if not e.is_private and not e.skipped]
        if shared:
            lines += ["## What we talked about", ""]
            for e in shared:
                lines.append(f"**{e.question_text}**")
                lines.append("")
                lines.append(e.heard or "_(nothing noted)_")
                lines.append("")
        if one.action_items:
            lines += ["## Action items", ""]
            for a in one.action_items:
                who = "me (manager)" if a.owner == "me" else one.person_name
                extras = []
                if a.due_on:
                    extras.append(f"due {a.due_on.isoformat()}")
                if a.key_result_title:
                    extras.append(f"KR: {a.key_result_title}")
                tail = f" ({'; '.join(extras)})" if extras else ""
                box = "x" if a.done else " "
                lines.append(f"- [{box}] {who}: {a.text}{tail}")
            lines.append("")
        if one.parked_topics:
            lines += ["## For next time", ""]
            lines += [f"- {t.text}" for t in one.parked_topics]
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

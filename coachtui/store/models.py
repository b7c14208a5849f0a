"""SQLAlchemy 2 typed models for the whole data model.

Constraint names follow one convention (see ``NAMING``) so migrations can
refer to them. Every table the screens filter by has an index on the columns
they filter on (person, cycle, dates).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[str] = mapped_column(String(120), default="")
    team: Mapped[str] = mapped_column(String(120), default="")
    is_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    archived_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_empty"),)


class Cycle(Base):
    __tablename__ = "cycle"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="planning")
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)

    __table_args__ = (
        CheckConstraint("state in ('planning','active','scoring','closed')", name="state"),
        CheckConstraint("ends_on >= starts_on", name="dates"),
        Index("ix_cycle_state", "state"),
    )


class Objective(Base):
    __tablename__ = "objective"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("objective.id", ondelete="SET NULL"), default=None
    )
    title: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(16), default="aspirational")
    # accepted: part of the plan; proposed: offered upward by a report, waiting
    # for the manager; declined: the manager said no (kept for the record).
    status: Mapped[str] = mapped_column(String(16), default="accepted")
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_important: Mapped[bool] = mapped_column(Boolean, default=False)
    is_action_oriented: Mapped[bool] = mapped_column(Boolean, default=False)
    is_inspiring: Mapped[bool] = mapped_column(Boolean, default=False)
    missed_explanation: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    key_results: Mapped[list[KeyResult]] = relationship(
        back_populates="objective", order_by="KeyResult.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("type in ('aspirational','committed')", name="type"),
        CheckConstraint("status in ('accepted','proposed','declined')", name="status"),
        Index("ix_objective_cycle_owner", "cycle_id", "owner_id"),
        Index("ix_objective_parent", "parent_id"),
    )


class KeyResult(Base):
    __tablename__ = "key_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16), default="numeric")
    start: Mapped[float | None] = mapped_column(Float, default=None)
    target: Mapped[float | None] = mapped_column(Float, default=None)
    current: Mapped[float | None] = mapped_column(Float, default=None)
    unit: Mapped[str] = mapped_column(String(40), default="")
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    position: Mapped[int] = mapped_column(Integer, default=0)

    objective: Mapped[Objective] = relationship(back_populates="key_results")

    __table_args__ = (
        CheckConstraint("kind in ('numeric','percent','milestone')", name="kind"),
        CheckConstraint("weight > 0", name="weight_positive"),
        Index("ix_key_result_objective", "objective_id"),
    )


class CheckIn(Base):
    __tablename__ = "check_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_result_id: Mapped[int] = mapped_column(ForeignKey("key_result.id", ondelete="CASCADE"))
    one_on_one_id: Mapped[int | None] = mapped_column(
        ForeignKey("one_on_one.id", ondelete="SET NULL"), default=None
    )
    on: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    confidence: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    __table_args__ = (
        CheckConstraint("confidence between 0 and 10", name="confidence_range"),
        Index("ix_check_in_kr_on", "key_result_id", "on"),
    )


class KRScore(Base):
    __tablename__ = "kr_score"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_result_id: Mapped[int] = mapped_column(
        ForeignKey("key_result.id", ondelete="CASCADE"), unique=True
    )
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text, default="")
    scored_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    __table_args__ = (CheckConstraint("score >= 0 and score <= 1", name="score_range"),)


class OneOnOne(Base):
    __tablename__ = "one_on_one"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    held_on: Mapped[dt.date] = mapped_column(Date)
    bank_id: Mapped[str] = mapped_column(String(80), default="")
    status: Mapped[str] = mapped_column(String(8), default="draft")
    summary: Mapped[str] = mapped_column(Text, default="")
    private_notes: Mapped[str] = mapped_column(Text, default="")
    questions_asked: Mapped[int] = mapped_column(Integer, default=0)
    nudges: Mapped[int] = mapped_column(Integer, default=0)
    # The in-progress state of the conversation screen (stage, question, text
    # being typed), written as the manager types so a killed terminal can
    # resume. Empty once the one-on-one is done.
    draft_json: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)

    __table_args__ = (
        CheckConstraint("status in ('draft','done')", name="status"),
        Index("ix_one_on_one_person_held", "person_id", "held_on"),
    )


class Exchange(Base):
    __tablename__ = "exchange"

    id: Mapped[int] = mapped_column(primary_key=True)
    one_on_one_id: Mapped[int] = mapped_column(ForeignKey("one_on_one.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    stage_id: Mapped[str] = mapped_column(String(80), default="")
    question_id: Mapped[str | None] = mapped_column(String(80), default=None)
    question_text: Mapped[str] = mapped_column(Text)
    heard: Mapped[str] = mapped_column(Text, default="")
    # bank: a bank question; own: the manager's own; follow_up: a follow-up
    source: Mapped[str] = mapped_column(String(12), default="bank")
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    is_private: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        CheckConstraint("source in ('bank','own','follow_up')", name="source"),
        Index("ix_exchange_one_on_one", "one_on_one_id", "position"),
        Index("ix_exchange_question", "question_id"),
    )


class ActionItem(Base):
    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    one_on_one_id: Mapped[int | None] = mapped_column(
        ForeignKey("one_on_one.id", ondelete="SET NULL"), default=None
    )
    key_result_id: Mapped[int | None] = mapped_column(
        ForeignKey("key_result.id", ondelete="SET NULL"), default=None
    )
    owner: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    __table_args__ = (
        CheckConstraint("owner in ('me','them')", name="owner"),
        Index("ix_action_item_person_open", "person_id", "done_at"),
    )


class Topic(Base):
    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    raised_in_id: Mapped[int | None] = mapped_column(
        ForeignKey("one_on_one.id", ondelete="SET NULL"), default=None
    )
    discussed_in_id: Mapped[int | None] = mapped_column(
        ForeignKey("one_on_one.id", ondelete="SET NULL"), default=None
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    __table_args__ = (Index("ix_topic_person_open", "person_id", "discussed_in_id"),)


feedback_behaviour = Table(
    "feedback_behaviour",
    Base.metadata,
    Column("feedback_id", ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True),
    Column("behaviour_id", ForeignKey("behaviour.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_feedback_behaviour_behaviour", "behaviour_id"),
)


class Behaviour(Base):
    __tablename__ = "behaviour"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    __table_args__ = (UniqueConstraint("person_id", "name", name="uq_behaviour_person_name"),)


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    kind: Mapped[str] = mapped_column(String(12))
    situation: Mapped[str] = mapped_column(Text, default="")
    behaviour: Mapped[str] = mapped_column(Text, default="")
    impact: Mapped[str] = mapped_column(Text, default="")
    key_result_id: Mapped[int | None] = mapped_column(
        ForeignKey("key_result.id", ondelete="SET NULL"), default=None
    )
    observed_on: Mapped[dt.date] = mapped_column(Date)
    delivered_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    delivered_in_id: Mapped[int | None] = mapped_column(
        ForeignKey("one_on_one.id", ondelete="SET NULL"), default=None
    )
    is_vague: Mapped[bool] = mapped_column(Boolean, default=False)
    vague_reasons: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    behaviours: Mapped[list[Behaviour]] = relationship(secondary=feedback_behaviour)

    __table_args__ = (
        CheckConstraint("kind in ('reinforcing','redirecting')", name="kind"),
        Index("ix_feedback_person_observed", "person_id", "observed_on"),
        Index("ix_feedback_undelivered", "person_id", "delivered_on"),
    )


class Note(Base):
    __tablename__ = "note"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    text: Mapped[str] = mapped_column(Text)
    key_result_id: Mapped[int | None] = mapped_column(
        ForeignKey("key_result.id", ondelete="SET NULL"), default=None
    )
    behaviour_id: Mapped[int | None] = mapped_column(
        ForeignKey("behaviour.id", ondelete="SET NULL"), default=None
    )
    one_on_one_id: Mapped[int | None] = mapped_column(
        ForeignKey("one_on_one.id", ondelete="SET NULL"), default=None
    )
    is_private: Mapped[bool] = mapped_column(Boolean, default=True)
    written_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    __table_args__ = (Index("ix_note_person_written", "person_id", "written_on"),)


__all__ = [
    "ActionItem",
    "Base",
    "Behaviour",
    "CheckIn",
    "Cycle",
    "Exchange",
    "Feedback",
    "KRScore",
    "KeyResult",
    "Note",
    "Objective",
    "OneOnOne",
    "Person",
    "Topic",
    "feedback_behaviour",
]

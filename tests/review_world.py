"""A small, hand-made history for the feedback, notes, review and search tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coachtui.store.db import Store
from coachtui.store.models import (
    ActionItem,
    CheckIn,
    Cycle,
    Exchange,
    KeyResult,
    KRScore,
    Objective,
    OneOnOne,
    Person,
)


@dataclass
class World:
    ana: int
    kofi: int
    q3: int
    q4: int
    latency_kr: int  # Ana's, Q4
    old_kr: int  # Ana's, Q3
    kofi_kr: int
    one_on_one: int


def make_world(store: Store) -> World:
    with store.write() as s:
        ana = Person(name="Ana Souza", role="Senior backend engineer")
        kofi = Person(name="Kofi Mensah", role="Site reliability engineer")
        q3 = Cycle(
            name="2026-Q3",
            starts_on=dt.date(2026, 7, 1),
            ends_on=dt.date(2026, 9, 30),
            state="closed",
        )
        q4 = Cycle(
            name="2026-Q4",
            starts_on=dt.date(2026, 10, 1),
            ends_on=dt.date(2026, 12, 31),
            state="active",
        )
        s.add_all([ana, kofi, q3, q4])
        s.flush()
        o_ana = Objective(cycle_id=q4.id, owner_id=ana.id, title="Make billing fast")
        o_old = Objective(cycle_id=q3.id, owner_id=ana.id, title="Tame the search rewrite")
        o_kofi = Objective(cycle_id=q4.id, owner_id=kofi.id, title="Quieter on-call")
        s.add_all([o_ana, o_old, o_kofi])
        s.flush()
        latency = KeyResult(
            objective_id=o_ana.id,
            title="Cut p95 latency of the billing API",
            start=900,
            target=300,
            unit="ms",
        )
        old = KeyResult(
            objective_id=o_old.id, title="Search index rebuilt nightly", kind="milestone"
        )
        pages = KeyResult(objective_id=o_kofi.id, title="Pages per week", start=12, target=3)
        s.add_all([latency, old, pages])
        s.flush()
        s.add_all(
            [
                CheckIn(
                    key_result_id=latency.id,
                    on=dt.date(2026, 11, 2),
                    value=610,
                    confidence=6,
                    note="Caching the tariff lookup halved the slow path",
                ),
                KRScore(
                    key_result_id=old.id,
                    score=0.7,
                    reason="Rebuilt nightly since August; weekends still manual",
                    scored_at=dt.datetime(2026, 9, 30, 16),
                ),
            ]
        )
        one = OneOnOne(
            person_id=ana.id,
            held_on=dt.date(2026, 11, 20),
            status="done",
            summary="Talked about the billing latency work",
        )
        s.add(one)
        s.flush()
        s.add_all(
            [
                Exchange(
                    one_on_one_id=one.id,
                    position=0,
                    question_text="What is slowing you down right now?",
                    heard="Waiting on the Halyard team for the schema change",
                ),
                ActionItem(
                    person_id=ana.id,
                    one_on_one_id=one.id,
                    key_result_id=latency.id,
                    owner="me",
                    text="Ask the Halyard lead about the schema change",
                    created_at=dt.datetime(2026, 11, 20, 10),
                ),
            ]
        )
        return World(ana.id, kofi.id, q3.id, q4.id, latency.id, old.id, pages.id, one.id)

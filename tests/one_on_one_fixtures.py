"""A small, fixed team for the one-on-one tests and snapshots."""

from __future__ import annotations

import datetime as dt

from coachtui.store.models import CheckIn, Cycle, Feedback, KeyResult, Objective
from coachtui.store.one_on_ones import OneOnOneService
from coachtui.store.people import PeopleService

TODAY = dt.date(2026, 11, 27)


def seed_team(store) -> dict[str, int]:
    """Ana (a report with history) and Morgan (the manager)."""
    people = PeopleService(store)
    manager = people.add("Morgan Lee", role="Engineering manager", is_manager=True)
    ana = people.add("Ana Souza", role="Senior backend engineer", team="Platform")
    with store.write() as s:
        cycle = Cycle(
            name="2026-Q4",
            starts_on=dt.date(2026, 10, 1),
            ends_on=dt.date(2026, 12, 31),
            state="active",
        )
        s.add(cycle)
        s.flush()
        objective = Objective(cycle_id=cycle.id, owner_id=ana.id, title="Make on-call quieter")
        s.add(objective)
        s.flush()
        risky = KeyResult(
            objective_id=objective.id, title="Pages per month down to 4", start=18, target=4
        )
        steady = KeyResult(
            objective_id=objective.id, title="Runbook for every alert", kind="milestone", position=1
        )
        s.add_all([risky, steady])
        s.flush()
        s.add_all(
            [
                CheckIn(key_result_id=risky.id, on=dt.date(2026, 11, 10), value=14, confidence=6),
                CheckIn(key_result_id=risky.id, on=dt.date(2026, 11, 24), value=13, confidence=3),
                CheckIn(key_result_id=steady.id, on=dt.date(2026, 11, 24), value=0, confidence=8),
            ]
        )
        feedback = Feedback(
            person_id=ana.id,
            kind="reinforcing",
            situation="The billing incident on 18 Nov",
            behaviour="wrote the timeline while the call was still going",
            impact="the review took half the usual time",
            observed_on=dt.date(2026, 11, 18),
        )
        s.add(feedback)
        s.flush()
        ids = {"risky_kr": risky.id, "feedback": feedback.id}
    service = OneOnOneService(store, TODAY - dt.timedelta(days=7))
    last = service.start(ana.id, "regular-check-in")
    service.add_exchange(
        last.id,
        stage_id="opening",
        question_id="checkin.on-your-mind",
        question_text="What is on your mind this week?",
        heard="The pager noise.",
    )
    topic = service.park_topic(last.id, "Conference talk idea")
    service.add_action_item(last.id, owner="them", text="Share the alert list", due_on=TODAY)
    service.finish(last.id, summary="Pager noise is wearing them down.")
    return {"manager": manager.id, "ana": ana.id, "last": last.id, "topic": topic.id, **ids}

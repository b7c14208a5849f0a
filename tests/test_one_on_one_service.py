"""The one-on-one service: preparation, drafts, exchanges, items, topics, finish, export."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from coachtui.errors import CoachError
from coachtui.store.models import CheckIn, Cycle, Feedback, KeyResult, Objective, OneOnOne
from coachtui.store.one_on_ones import OneOnOneService
from coachtui.store.people import PeopleService

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def people(store):
    service = PeopleService(store)
    return service.add("Ana Souza", role="Engineer"), service.add("Kofi Mensah")


@pytest.fixture
def svc(store) -> OneOnOneService:
    return OneOnOneService(store, TODAY)


def _kr(store, owner_id: int, title: str, confidences: list[int], state: str = "active") -> int:
    with store.write() as s:
        cycle = s.scalar(select(Cycle).where(Cycle.name == f"Q-{state}"))
        if cycle is None:
            cycle = Cycle(
                name=f"Q-{state}",
                starts_on=dt.date(2026, 10, 1),
                ends_on=dt.date(2026, 12, 31),
                state=state,
            )
            s.add(cycle)
            s.flush()
        objective = Objective(cycle_id=cycle.id, owner_id=owner_id, title=f"Objective for {title}")
        s.add(objective)
        s.flush()
        kr = KeyResult(objective_id=objective.id, title=title, start=0, target=10)
        s.add(kr)
        s.flush()
        for day, confidence in enumerate(confidences, start=1):
            s.add(
                CheckIn(
                    key_result_id=kr.id, on=dt.date(2026, 11, day), value=day, confidence=confidence
                )
            )
        return kr.id


def _feedback(store, person_id: int, delivered: bool = False) -> int:
    with store.write() as s:
        row = Feedback(
            person_id=person_id,
            kind="reinforcing",
            situation="Incident review",
            behaviour="wrote the timeline before the call",
            impact="we finished in half the time",
            observed_on=dt.date(2026, 11, 20),
            delivered_on=dt.date(2026, 11, 21) if delivered else None,
        )
        s.add(row)
        s.flush()
        return row.id


def test_a_whole_one_on_one_and_what_the_next_preparation_shows(store, svc, people):
    ana, kofi = people
    low = _kr(store, ana.id, "Cut pages", [7, 3])  # latest check-in is low
    _kr(store, ana.id, "Was low, now fine", [2, 8])
    _kr(store, ana.id, "Old cycle", [1], state="closed")
    _kr(store, kofi.id, "Someone else's", [1])
    feedback_id = _feedback(store, ana.id)
    _feedback(store, ana.id, delivered=True)

    prep = svc.prepare(ana.id)
    assert [k.title for k in prep.krs_at_risk] == ["Cut pages"]
    assert prep.krs_at_risk[0].confidence == 3
    assert [f.id for f in prep.undelivered_feedback] == [feedback_id]
    assert prep.draft_id is None and prep.past_count == 0 and prep.last_summary == ""
    assert {"obstacle", "kr", "feedback"} <= prep.context_tags

    one = svc.start(ana.id, "regular-check-in")
    assert one.status == "draft" and one.held_on == TODAY
    svc.save_draft(one.id, {"stage_index": 1, "heard": "half a sent"})
    assert svc.draft_for(ana.id).draft["heard"] == "half a sent"
    assert svc.prepare(ana.id).draft_id == one.id

    svc.add_exchange(one.id, stage_id="opening", question_id="checkin.energy",
                     question_text="How is your energy compared with last week?", heard="Tired.")  # fmt: skip
    svc.add_exchange(
        one.id,
        stage_id="work",
        question_text="What would help most?",
        heard="Less meetings",
        source="own",
    )
    svc.add_exchange(
        one.id,
        stage_id="work",
        question_id="checkin.risk",
        question_text="What is the riskiest part?",
        skipped=True,
    )
    svc.add_exchange(
        one.id,
        stage_id="work",
        question_text="Private bit",
        heard="health",
        source="follow_up",
        is_private=True,
    )
    mine = svc.add_action_item(
        one.id, owner="me", text="Cancel the Friday sync", due_on=dt.date(2026, 12, 4)
    )
    theirs = svc.add_action_item(
        one.id, owner="them", text="Draft the pager runbook", key_result_id=low
    )
    assert theirs.key_result_title == "Cut pages"
    topic = svc.park_topic(one.id, "  Conference   talk idea ")
    assert topic.text == "Conference talk idea"
    svc.set_feedback_delivered(feedback_id, one.id)

    done = svc.finish(
        one.id, summary="Energy is low; fewer meetings.", private_notes="Watch burnout", nudges=2
    )
    assert (done.status, done.questions_asked, done.nudges, done.draft) == ("done", 3, 2, {})
    assert [e.position for e in done.exchanges] == [0, 1, 2, 3]
    assert [e.source for e in done.exchanges] == ["bank", "own", "bank", "follow_up"]
    with pytest.raises(CoachError, match="read-only"):
        svc.add_exchange(one.id, stage_id="x", question_text="Late?")
    with pytest.raises(CoachError):
        svc.save_draft(one.id, {})

    prep = svc.prepare(ana.id)
    assert prep.last_held_on == TODAY and prep.last_summary == "Energy is low; fewer meetings."
    assert [(a.owner, a.text) for a in prep.open_action_items] == [
        ("me", "Cancel the Friday sync"),
        ("them", "Draft the pager runbook"),
    ]
    assert [t.text for t in prep.carried_topics] == ["Conference talk idea"]
    assert prep.undelivered_feedback == []
    assert prep.recent_question_ids == ["checkin.energy"]  # skipped ones do not count
    assert prep.past_count == 1 and prep.draft_id is None
    assert [p.id for p in svc.past(ana.id)] == [one.id]
    assert svc.past(kofi.id) == []

    markdown = svc.export_markdown(one.id, bank_title="Regular one-on-one check-in")
    assert markdown.startswith("# One-on-one with Ana Souza, 2026-11-27")
    assert "How is your energy compared with last week?" in markdown and "Tired." in markdown
    assert "- [ ] me (manager): Cancel the Friday sync (due 2026-12-04)" in markdown
    assert "- [ ] Ana Souza: Draft the pager runbook (KR: Cut pages)" in markdown
    assert "Conference talk idea" in markdown
    for secret in ("Watch burnout", "Private bit", "health", "What is the riskiest part?"):
        assert secret not in markdown

    svc.set_action_item_done(mine.id)
    next_one = svc.start(ana.id, "regular-check-in")
    svc.set_topic_discussed(topic.id, next_one.id)
    assert svc.prepare(ana.id).carried_topics == []
    assert [a.text for a in svc.prepare(ana.id).open_action_items] == ["Draft the pager runbook"]


def test_discarding_a_draft_undoes_what_it_did(store, svc, people):
    ana, _ = people
    feedback_id = _feedback(store, ana.id)
    first = svc.start(ana.id, "grow")
    old_topic = svc.park_topic(first.id, "Carry me")
    svc.finish(first.id)
    draft = svc.start(ana.id, "grow")
    svc.add_exchange(draft.id, stage_id="goal", question_text="What would you like?")
    svc.add_action_item(draft.id, owner="them", text="Something")
    svc.park_topic(draft.id, "New topic")
    svc.set_topic_discussed(old_topic.id, draft.id)
    svc.set_feedback_delivered(feedback_id, draft.id)
    svc.discard(draft.id)
    prep = svc.prepare(ana.id)
    assert [t.text for t in prep.carried_topics] == ["Carry me"]
    assert [f.id for f in prep.undelivered_feedback] == [feedback_id]
    assert prep.open_action_items == [] and prep.draft_id is None
    with store.read() as s:
        assert s.scalar(select(OneOnOne).where(OneOnOne.id == draft.id)) is None


def test_bad_input_is_one_line(svc, people):
    ana, _ = people
    one = svc.start(ana.id, "grow")
    with pytest.raises(CoachError, match="owner"):
        svc.add_action_item(one.id, owner="boss", text="x")
    with pytest.raises(CoachError, match="text"):
        svc.add_action_item(one.id, owner="me", text="   ")
    with pytest.raises(CoachError, match="key result"):
        svc.add_action_item(one.id, owner="me", text="x", key_result_id=999)
    with pytest.raises(CoachError, match="topic"):
        svc.park_topic(one.id, "  ")
    with pytest.raises(CoachError, match="question"):
        svc.add_exchange(one.id, stage_id="goal", question_text=" ")


def test_recent_questions_only_count_the_last_five(svc, people):
    ana, _ = people
    for week in range(7):
        svc.today = TODAY - dt.timedelta(days=7 * (7 - week))
        one = svc.start(ana.id, "regular-check-in")
        svc.add_exchange(
            one.id, stage_id="opening", question_id=f"q{week}", question_text=f"Q{week}?"
        )
        svc.finish(one.id)
    assert svc.recent_question_ids(ana.id) == ["q2", "q3", "q4", "q5", "q6"]

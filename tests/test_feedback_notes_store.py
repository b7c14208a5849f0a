"""Feedback and notes services: what is stored, vague marks, delivery, privacy."""

from __future__ import annotations

import datetime as dt

import pytest
from review_world import make_world
from sqlalchemy import select

from coachtui.errors import CoachError, NotFound
from coachtui.store.feedback import FeedbackService, find_key_result, mark_delivered
from coachtui.store.models import Behaviour, Feedback, Note, feedback_behaviour
from coachtui.store.notes import NotesService

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def world(store):
    return make_world(store)


def test_feedback_is_saved_with_behaviours_created_inline(store, world) -> None:
    service = FeedbackService(store, TODAY)
    entry = service.add(
        world.ana,
        kind="reinforcing",
        situation="Tuesday's design review",
        behaviour="wrote the migration guide before anyone asked for it",
        impact="two new teammates shipped their first change without help",
        behaviours=["writes clear design docs", "  Writes  clear design DOCS ", "asks early"],
        key_result_id=world.latency_kr,
    )
    assert not entry.vague and entry.reasons == []
    assert entry.observed_on == TODAY and entry.delivered_on is None
    assert entry.key_result_title == "Cut p95 latency of the billing API"
    assert [b.name for b in entry.behaviours] == ["asks early", "writes clear design docs"]
    with store.read() as s:
        names = s.scalars(select(Behaviour.name).where(Behaviour.person_id == world.ana)).all()
        assert sorted(names) == ["asks early", "writes clear design docs"]
        assert s.scalar(select(Feedback.key_result_id)) == world.latency_kr
    # Reusing a behaviour by name (any case) links the same row.
    again = service.add(
        world.ana,
        kind="redirecting",
        behaviour="skipped the design doc for the refund flow",
        impact="the reviewers spent two days reverse-engineering it",
        behaviours=["WRITES CLEAR DESIGN DOCS"],
    )
    assert again.behaviours[0].id == entry.behaviours[1].id
    with store.read() as s:
        assert s.scalar(select(Behaviour.id).where(Behaviour.person_id == world.kofi)) is None


def test_vague_feedback_is_saved_and_the_mark_goes_when_made_specific(store, world) -> None:
    service = FeedbackService(store, TODAY)
    entry = service.add(world.ana, kind="reinforcing", behaviour="doing well lately")
    assert entry.vague
    assert any("doing well" in r for r in entry.reasons)
    assert entry.hint
    with store.read() as s:
        row = s.get(Feedback, entry.id)
        assert row.is_vague and "doing well" in row.vague_reasons
    fixed = service.update(
        entry.id,
        kind="reinforcing",
        situation="Incident on Friday",
        behaviour="ran the incident call and posted updates every 15 minutes",
        impact="support answered customers without asking engineering",
        behaviours=["runs calm incident calls"],
        key_result_id=None,
        observed_on=TODAY,
    )
    assert not fixed.vague and fixed.reasons == []
    with store.read() as s:
        row = s.get(Feedback, entry.id)
        assert not row.is_vague and row.vague_reasons == ""


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "nice"}, "kind: 'nice' is not one of"),
        ({"behaviour": "   "}, "behaviour: say what the person did"),
        ({"key_result_id": 999}, "kr: no key result with id 999"),
        ({"behaviours": [" "]}, "behaviour: a named behaviour needs a name"),
    ],
)
def test_feedback_input_errors_are_one_line(store, world, kwargs, message) -> None:
    args = {"kind": "reinforcing", "behaviour": "wrote the guide", "impact": "fewer questions"}
    args.update(kwargs)
    with pytest.raises(CoachError) as error:
        FeedbackService(store, TODAY).add(world.ana, **args)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)
    with store.read() as s:
        assert s.scalar(select(Feedback.id)) is None


def test_undelivered_and_mark_delivered(store, world) -> None:
    service = FeedbackService(store, TODAY)
    first = service.add(
        world.ana,
        kind="reinforcing",
        behaviour="wrote the guide",
        impact="fewer questions in the channel",
        observed_on=dt.date(2026, 11, 1),
    )
    second = service.add(
        world.ana,
        kind="redirecting",
        behaviour="merged without review",
        impact="the rollback cost an evening",
        observed_on=dt.date(2026, 11, 10),
    )
    service.add(world.kofi, kind="reinforcing", behaviour="wrote a runbook", impact="pages down")
    assert [f.id for f in service.undelivered(world.ana)] == [first.id, second.id]
    assert mark_delivered(store, [first.id], world.one_on_one, dt.date(2026, 11, 20)) == 1
    # Delivered twice: the first delivery stays.
    assert service.mark_delivered([first.id, second.id], world.one_on_one, TODAY) == 1
    assert service.undelivered(world.ana) == []
    got = service.get(first.id)
    assert got.delivered_on == dt.date(2026, 11, 20) and got.delivered_in_id == world.one_on_one
    assert service.get(second.id).delivered_on == TODAY
    with pytest.raises(NotFound):
        mark_delivered(store, [12345], world.one_on_one, TODAY)


def test_deleting_feedback_removes_its_behaviour_links(store, world) -> None:
    service = FeedbackService(store, TODAY)
    entry = service.add(
        world.ana, kind="reinforcing", behaviour="wrote it", impact="x y z", behaviours=["a b"]
    )
    service.delete(entry.id)
    with store.read() as s:
        assert s.execute(select(feedback_behaviour)).all() == []
        assert s.scalar(select(Behaviour.name)) == "a b"  # the named behaviour stays


def test_find_key_result_prefers_the_persons_own_and_explains_misses(store, world) -> None:
    assert find_key_result(store, "cut p95 latency of the billing api", world.ana).id == (
        world.latency_kr
    )
    assert find_key_result(store, "p95 latency", world.ana).id == world.latency_kr
    assert find_key_result(store, "Pages per week", world.ana).id == world.kofi_kr
    with pytest.raises(NotFound, match="kr: no key result titled 'nothing like it'"):
        find_key_result(store, "nothing like it", world.ana)


def test_notes_are_private_by_default_and_never_shareable(store, world) -> None:
    notes = NotesService(store, TODAY)
    behaviour = FeedbackService(store, TODAY).add_behaviour(world.ana, "asks for help early")
    note = notes.add(
        world.ana,
        "  Ask about the Kestrel conference talk  ",
        key_result_id=world.latency_kr,
        behaviour_id=behaviour.id,
        one_on_one_id=world.one_on_one,
    )
    assert note.private and note.text == "Ask about the Kestrel conference talk"
    assert note.key_result_title == "Cut p95 latency of the billing API"
    assert note.behaviour_name == "asks for help early"
    assert note.written_on == TODAY
    assert [n.id for n in notes.list_for(world.ana)] == [note.id]
    assert notes.shareable(world.ana) == []
    shared = notes.add(world.ana, "Agreed to present at the demo", private=False)
    assert [n.id for n in notes.shareable(world.ana)] == [shared.id]
    with store.read() as s:
        assert s.get(Note, note.id).is_private


def test_note_links_must_belong_to_the_person(store, world) -> None:
    notes = NotesService(store, TODAY)
    other = FeedbackService(store, TODAY).add_behaviour(world.kofi, "writes runbooks")
    with pytest.raises(NotFound, match="behaviour: no named behaviour"):
        notes.add(world.ana, "text", behaviour_id=other.id)
    with pytest.raises(CoachError, match="text: a note needs some text"):
        notes.add(world.ana, "   ")
    edited = notes.update(notes.add(world.ana, "first").id, "second thoughts")
    assert edited.text == "second thoughts"

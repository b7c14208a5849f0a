"""The review screen, the feedback and note forms, driven as a person would."""

from __future__ import annotations

import datetime as dt

import pytest
from review_world import make_world
from sqlalchemy import select
from textual.widgets import OptionList, Select, Static

from coachtui.store.feedback import FeedbackService
from coachtui.store.models import Behaviour, Feedback, Note
from coachtui.store.notes import NotesService

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def world(store):
    return make_world(store)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown(screen) -> list[tuple[str, int]]:
    return [(i.kind, i.id) for i in screen.page.items]


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def test_feedback_note_search_and_filter(app_factory, store, world) -> None:
    from coachtui.screens.feedback_form import FeedbackForm
    from coachtui.screens.note_form import NoteForm
    from coachtui.screens.review import ReviewScreen

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")  # Ana is the first row
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.person.name == "Ana Souza"
        assert shown(review)[0] == ("one_on_one", world.one_on_one)

        # Feedback tied to a new named behaviour and to the latency KR.
        await pilot.press("f")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FeedbackForm)
        await type_text(pilot, "Tuesday design review")
        await pilot.press("enter")
        await type_text(pilot, "wrote the caching design doc before the review")
        await pilot.press("enter")
        await type_text(pilot, "the review took one day instead of a week")
        mark = str(form.query_one("#vague", Static).render())
        assert "Specific" in mark
        await pilot.press("enter", "tab")  # past the (empty) behaviour list
        assert app.focused.id == "new-behaviour"
        await type_text(pilot, "writes clear design docs")
        await pilot.press("enter", "tab")
        assert app.focused.id == "kr"
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert form.query_one("#kr", Select).value == world.latency_kr
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is review
        with store.read() as s:
            entry = s.scalars(select(Feedback)).one()
            assert entry.person_id == world.ana and entry.kind == "reinforcing"
            assert entry.key_result_id == world.latency_kr and not entry.is_vague
            assert [b.name for b in entry.behaviours] == ["writes clear design docs"]
            docs_id = entry.behaviours[0].id
        assert shown(review)[0] == ("feedback", entry.id)
        detail = str(review.query_one("#detail", Static).render())
        assert "wrote the caching design doc" in detail and "writes clear design docs" in detail

        # A private note.
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteForm)
        await type_text(pilot, "Ask about the Kestrel conference talk")
        await pilot.press("ctrl+s")
        await settle(pilot)
        with store.read() as s:
            note = s.scalars(select(Note)).one()
            assert note.text == "Ask about the Kestrel conference talk" and note.is_private

        # Search for it: one hit, the matched word highlighted, j jumps to it.
        await pilot.press("slash")
        await type_text(pilot, "kestrel")
        await pilot.press("enter")
        await settle(pilot)
        results = review.query_one("#results", OptionList)
        assert results.display and results.option_count == 1
        assert [(h.kind, h.id) for h in review.hits] == [("note", note.id)]
        prompt = results.get_option_at_index(0).prompt
        highlighted = [
            prompt.plain[s.start : s.end] for s in prompt.spans if "reverse" in str(s.style)
        ]
        assert highlighted == ["Kestrel"]
        await pilot.press("j")
        await settle(pilot)
        assert not review.searching and review.query_one("#timeline").display
        assert review.current_item().kind == "note" and review.current_item().id == note.id

        # Filter by the named behaviour: only the feedback entry is left.
        review.query_one("#f-behaviour").focus()
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert review.filters.behaviour_id == docs_id
        assert shown(review) == [("feedback", entry.id)]
        status = str(review.query_one("#list-status", Static).render())
        assert "1 items" in status and "filtered" in status
        await pilot.press("c")
        await settle(pilot)
        assert not review.filters.active and len(review.page.items) > 1


async def test_vague_mark_is_live_and_goes_when_made_specific(app_factory, store, world) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")  # straight from the home screen
        await pilot.pause()
        form = app.screen
        await pilot.press("enter")  # no situation
        await type_text(pilot, "great job")
        mark = str(form.query_one("#vague", Static).render())
        assert "Vague" in mark and "generic praise" in mark and "specific version names" in mark
        await pilot.press("ctrl+s")
        await pilot.pause()
        with store.read() as s:
            entry = s.scalars(select(Feedback)).one()
            assert entry.is_vague and "great job" in entry.vague_reasons

        await pilot.press("v")
        await settle(pilot)
        review = app.screen
        assert shown(review)[0] == ("feedback", entry.id)
        assert "vague" in review.page.items[0].tags
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert app.focused.id == "behaviour"
        await pilot.press("ctrl+u")
        await type_text(pilot, "ran the incident call and posted updates every 15 minutes")
        await pilot.press("enter")
        await type_text(pilot, "support answered customers without paging us")
        assert "Specific" in str(form.query_one("#vague", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        with store.read() as s:
            entry = s.get(Feedback, entry.id)
            assert not entry.is_vague and entry.vague_reasons == ""
            assert entry.behaviour.startswith("ran the incident call")
        assert "vague" not in review.current_item().tags


async def test_paging_keys_and_balance(app_factory, store, world) -> None:
    notes = NotesService(store, TODAY)
    for i in range(45):
        notes.add(world.ana, f"weekly note {i}", written_on=dt.date(2026, 1, 1) + dt.timedelta(i))
    fb = FeedbackService(store, TODAY)
    fb.add(
        world.ana,
        kind="redirecting",
        behaviour="merged without review",
        impact="the rollback cost an evening",
        behaviours=["reviews code thoroughly"],
        observed_on=dt.date(2026, 8, 1),
    )
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await settle(pilot)
        review = app.screen
        first = shown(review)
        assert len(first) == 40 and review.page.has_older
        assert review.query_one("#timeline", OptionList).option_count == 40
        await pilot.press("right_square_bracket")
        await settle(pilot)
        second = shown(review)
        assert second and not set(first) & set(second) and not review.page.has_older
        assert "Page 2" in str(review.query_one("#list-status", Static).render())
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert shown(review) == first

        await pilot.press("b")
        await settle(pilot)
        balance = review.query_one("#balance", Static)
        assert balance.display
        text = app.screen.query_one("#balance", Static).render()
        assert text is not None
        rows = review.service.balance(world.ana).rows
        assert [(r.behaviour, r.reinforcing, r.redirecting) for r in rows] == [
            ("reviews code thoroughly", 0, 1)
        ]


async def test_palette_opens_review_for_a_person(app_factory, world) -> None:
    from coachtui.screens.review import ReviewScreen

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "review: open Kofi")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.person.name == "Kofi Mensah"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)


async def test_bad_date_filter_is_one_line(app_factory, world) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await settle(pilot)
        review = app.screen
        before = shown(review)
        await pilot.click("#f-from")
        await type_text(pilot, "soon")
        await pilot.pause()
        status = str(review.query_one("#list-status", Static).render())
        assert status == "from: 'soon' is not a date (YYYY-MM-DD)"
        assert shown(review) == before
        await pilot.press("ctrl+u")
        await type_text(pilot, "2026-11-15")
        await settle(pilot)
        assert all(i.on >= dt.date(2026, 11, 15) for i in review.page.items)
        assert len(shown(review)) < len(before)


def test_review_screen_snapshot(snap_compare, store, world) -> None:
    from coachtui.app import make_app

    fb = FeedbackService(store, TODAY)
    fb.add(
        world.ana,
        kind="reinforcing",
        situation="Tuesday design review",
        behaviour="wrote the caching design doc before the review",
        impact="the review took one day instead of a week",
        behaviours=["writes clear design docs"],
        key_result_id=world.latency_kr,
        observed_on=dt.date(2026, 11, 24),
    )
    fb.add(world.ana, kind="reinforcing", behaviour="doing well lately", observed_on=TODAY)
    NotesService(store, TODAY).add(world.ana, "Ask about the Kestrel conference talk")
    with store.read() as s:
        assert s.scalar(select(Behaviour.id)) is not None

    async def open_review(pilot) -> None:
        await pilot.press("v")
        await settle(pilot)

    app = make_app(store=store, today=TODAY)
    assert snap_compare(app, terminal_size=(120, 40), run_before=open_review)


async def test_hostile_search_in_the_box_is_explained(app_factory, store, world) -> None:
    NotesService(store, TODAY).add(world.ana, "Ask about the Kestrel conference talk")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await settle(pilot)
        review = app.screen
        await pilot.press("slash")
        await type_text(pilot, 'NEAR( "kestrel * OR')
        await pilot.press("enter")
        await settle(pilot)
        status = str(review.query_one("#list-status", Static).render())
        assert status.startswith("0 matches for")
        assert "unmatched quote was ignored" in status and "OR: searched as plain words" in status
        await pilot.press("escape")  # back to the timeline
        await pilot.pause()
        assert not review.searching and review.query_one("#timeline").display
        review.query_one("#search").focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "kestrel*")
        await pilot.press("enter")
        await settle(pilot)
        assert [h.kind for h in review.hits] == ["note"]


async def test_edit_a_note_from_the_timeline(app_factory, store, world) -> None:
    from coachtui.screens.note_form import NoteForm

    from coachtui.store.search import SearchService

    note = NotesService(store, TODAY).add(world.ana, "Ask about the Kestrel talk")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await settle(pilot)
        review = app.screen
        assert (review.current_item().kind, review.current_item().id) == ("note", note.id)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteForm)
        await pilot.press("end")
        await type_text(pilot, " at the Osprey demo")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is review
        assert "Osprey demo" in review.current_item().body
    assert NotesService(store).get(note.id).text == "Ask about the Kestrel talk at the Osprey demo"
    assert [h.id for h in SearchService(store).search("osprey").hits] == [note.id]

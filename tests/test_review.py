"""The review timeline: order, keyset paging, filters, balance, jumping."""

from __future__ import annotations

import datetime as dt

import pytest
from review_world import make_world
from sqlalchemy import insert

from coachtui.errors import CoachError
from coachtui.store.feedback import FeedbackService
from coachtui.store.models import Note
from coachtui.store.notes import NotesService
from coachtui.store.review import ReviewService, TimelineFilter, parse_day

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def world(store):
    return make_world(store)


@pytest.fixture
def filled(store, world):
    """Feedback on two behaviours, one tied to the latency KR, and notes."""
    fb = FeedbackService(store, TODAY)
    notes = NotesService(store, TODAY)
    docs = fb.add_behaviour(world.ana, "writes clear design docs")
    a = fb.add(
        world.ana,
        kind="reinforcing",
        behaviour="wrote the caching design doc",
        impact="review took one day instead of a week",
        behaviours=[docs.name],
        key_result_id=world.latency_kr,
        observed_on=dt.date(2026, 11, 10),
    )
    b = fb.add(
        world.ana,
        kind="redirecting",
        behaviour="skipped the design doc for refunds",
        impact="reviewers spent two days on it",
        behaviours=[docs.name, "asks for help early"],
        observed_on=dt.date(2026, 8, 3),
    )
    n1 = notes.add(world.ana, "Docs are her strength", behaviour_id=docs.id, written_on=TODAY)
    n2 = notes.add(
        world.ana,
        "Latency is the thing to watch",
        key_result_id=world.latency_kr,
        written_on=dt.date(2026, 11, 21),
    )
    return {"docs": docs, "a": a, "b": b, "n1": n1, "n2": n2}


def keys(page):
    return [(i.kind, i.id) for i in page.items]


def test_timeline_is_newest_first_across_kinds(store, world, filled) -> None:
    page = ReviewService(store, TODAY).page(world.ana)
    assert [(i.on, i.kind) for i in page.items] == [
        (TODAY, "note"),
        (dt.date(2026, 11, 21), "note"),
        (dt.date(2026, 11, 20), "one_on_one"),
        (dt.date(2026, 11, 20), "action_item"),
        (dt.date(2026, 11, 10), "feedback"),
        (dt.date(2026, 11, 2), "check_in"),
        (dt.date(2026, 9, 30), "kr_score"),
        (dt.date(2026, 8, 3), "feedback"),
    ]
    assert not page.has_newer and not page.has_older
    one = next(i for i in page.items if i.kind == "one_on_one")
    assert "Q: What is slowing you down right now?" in one.body
    assert "Halyard team" in one.body
    fb = next(i for i in page.items if i.kind == "feedback")
    assert "writes clear design docs" in fb.tags and "undelivered" in fb.tags
    # Kofi's history does not leak into Ana's.
    assert ReviewService(store, TODAY).page(world.kofi).items == []


def test_keyset_paging_walks_everything_once_both_ways(store, world) -> None:
    # 95 notes, several on the same day, so ties are broken by (code, id).
    with store.write() as s:
        s.execute(
            insert(Note),
            [
                {
                    "person_id": world.ana,
                    "text": f"note {i}",
                    "written_on": dt.date(2026, 1, 1) + dt.timedelta(days=i // 3),
                    "is_private": True,
                }
                for i in range(95)
            ],
        )
    review = ReviewService(store, TODAY)
    everything = keys(review.page(world.ana, size=500))
    assert len(everything) == 95 + 4  # + one-on-one, action item, check-in, score
    pages, page = [], review.page(world.ana, size=20)
    while True:
        pages.append(page)
        assert len(page.items) <= 20
        if not page.has_older:
            break
        page = review.page(world.ana, older_than=page.oldest, size=20)
    assert [k for p in pages for k in keys(p)] == everything
    assert [p.has_newer for p in pages] == [False] + [True] * (len(pages) - 1)
    # And back towards the newest, page by page.
    back = [pages[-1]]
    while back[-1].has_newer:
        back.append(review.page(world.ana, newer_than=back[-1].newest, size=20))
    assert keys(back[-1]) == keys(pages[0])
    assert len(back) == len(pages)


def test_start_at_an_item_puts_it_first(store, world, filled) -> None:
    review = ReviewService(store, TODAY)
    person, key = review.locate("exchange", 1)
    assert person == world.ana
    page = review.page(person, start_at=key, size=3)
    assert keys(page)[0] == ("one_on_one", world.one_on_one)
    assert page.has_newer and page.has_older
    person, key = review.locate("feedback", filled["b"].id)
    page = review.page(person, start_at=key)
    assert keys(page) == [("feedback", filled["b"].id)]
    assert page.has_newer and not page.has_older


def test_filters_combine(store, world, filled) -> None:
    review = ReviewService(store, TODAY)
    docs = filled["docs"].id
    a, b, n1, n2 = (filled[k].id for k in ("a", "b", "n1", "n2"))

    def shown(**kw):
        return keys(review.page(world.ana, TimelineFilter(**kw)))

    assert shown(kinds=frozenset({"feedback"})) == [("feedback", a), ("feedback", b)]
    assert shown(kinds=frozenset({"note", "check_in"})) == [
        ("note", n1),
        ("note", n2),
        ("check_in", 1),
    ]
    assert shown(behaviour_id=docs) == [("note", n1), ("feedback", a), ("feedback", b)]
    assert shown(key_result_id=world.latency_kr) == [
        ("note", n2),
        ("action_item", 1),
        ("feedback", a),
        ("check_in", 1),
    ]
    assert shown(key_result_id=world.old_kr) == [("kr_score", 1)]
    # The Q3 cycle: by date for what is dated, by KR for check-ins and scores.
    assert shown(cycle_id=world.q3) == [("kr_score", 1), ("feedback", b)]
    assert shown(date_from=dt.date(2026, 11, 10), date_to=dt.date(2026, 11, 20)) == [
        ("one_on_one", world.one_on_one),
        ("action_item", 1),
        ("feedback", a),
    ]
    # Combined: behaviour AND KR AND kind AND dates.
    assert shown(behaviour_id=docs, key_result_id=world.latency_kr) == [("feedback", a)]
    assert shown(behaviour_id=docs, kinds=frozenset({"note"})) == [("note", n1)]
    assert shown(behaviour_id=docs, cycle_id=world.q4) == [("note", n1), ("feedback", a)]
    assert shown(behaviour_id=docs, date_to=dt.date(2026, 9, 1)) == [("feedback", b)]
    assert shown(behaviour_id=docs, kinds=frozenset({"check_in"})) == []


def test_balance_per_behaviour_over_time(store, world, filled) -> None:
    fb = FeedbackService(store, TODAY)
    fb.add(
        world.ana,
        kind="reinforcing",
        behaviour="wrote the tariff doc",
        impact="sales stopped asking us",
        behaviours=["writes clear design docs"],
        observed_on=dt.date(2026, 11, 12),
    )
    fb.add(world.ana, kind="redirecting", behaviour="pushed late", impact="the pager went off")
    balance = ReviewService(store, TODAY).balance(world.ana)
    assert balance.periods == ["2026-Q3", "2026-Q4"]
    rows = {r.behaviour: r for r in balance.rows}
    docs = rows["writes clear design docs"]
    assert (docs.reinforcing, docs.redirecting) == (2, 1)
    assert docs.periods == {"2026-Q3": (0, 1), "2026-Q4": (2, 0)}
    assert (rows["asks for help early"].reinforcing, rows["asks for help early"].redirecting) == (
        0,
        1,
    )
    assert rows["(no named behaviour)"].redirecting == 1
    assert balance.rows[-1].behaviour == "(no named behaviour)"
    later = ReviewService(store, TODAY).balance(world.ana, date_from=dt.date(2026, 10, 1))
    assert {r.behaviour: (r.reinforcing, r.redirecting) for r in later.rows} == {
        "writes clear design docs": (2, 0),
        "(no named behaviour)": (0, 1),
    }


def test_filter_options_and_dates(store, world, filled) -> None:
    options = ReviewService(store, TODAY).filter_options(world.ana)
    assert [b.name for b in options.behaviours] == [
        "asks for help early",
        "writes clear design docs",
    ]
    assert [k.label for k in options.key_results] == [
        "2026-Q4 · Cut p95 latency of the billing API",
        "2026-Q3 · Search index rebuilt nightly",
    ]
    assert [c.name for c in options.cycles] == ["2026-Q4", "2026-Q3"]
    assert parse_day(" 2026-02-03 ", "from") == dt.date(2026, 2, 3)
    assert parse_day("", "from") is None
    with pytest.raises(CoachError, match="from: '3 feb' is not a date"):
        parse_day("3 feb", "from")

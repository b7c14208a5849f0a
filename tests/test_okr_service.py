"""OKR services: check-ins, scores with reasons, cycle states, alignment, history."""

from __future__ import annotations

import datetime as dt

import pytest

from coachtui.errors import CoachError
from coachtui.store.okrs import OkrService, add_check_in, krs_for_person
from coachtui.store.people import PeopleService


@pytest.fixture
def okr(store):
    people = PeopleService(store)
    morgan = people.add("Morgan Lee", is_manager=True)
    ana = people.add("Ana Souza")
    service = OkrService(store, today=dt.date(2026, 8, 15))
    cycle = service.add_cycle("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    return service, cycle, morgan, ana


def test_check_in_moves_current_and_keeps_history(okr, store):
    service, cycle, _, ana = okr
    objective = service.add_objective(cycle.id, ana.id, "Faster onboarding")
    kr = service.add_key_result(
        objective.id, "Days to first merge", "numeric", start=10, target=5, unit="days"
    )
    assert kr.current == 10 and kr.suggested == 0.0
    add_check_in(store, kr.id, 8, 6, "rota started", on=dt.date(2026, 8, 1))
    service.add_check_in(kr.id, 6, 8, "two joiners fast")
    later = service.key_result(kr.id)
    assert later.current == 6 and later.suggested == 0.8 and later.forecast == 0.8
    assert [(c.value, c.confidence) for c in later.check_ins] == [(8, 6), (6, 8)]
    # An older check-in entered late does not move the current value back.
    service.add_check_in(kr.id, 9, 5, "backfilled", on=dt.date(2026, 7, 10))
    assert service.key_result(kr.id).current == 6


def test_milestone_check_in_marks_done(okr):
    service, cycle, _, ana = okr
    objective = service.add_objective(cycle.id, ana.id, "Ship")
    kr = service.add_key_result(objective.id, "Release", "milestone")
    assert kr.suggested == 0.0
    service.add_check_in(kr.id, 1, 9, "shipped")
    assert service.key_result(kr.id).done is True
    assert service.key_result(kr.id).suggested == 1.0


@pytest.mark.parametrize(
    "value,confidence,message",
    [
        (float("nan"), 5, "value: must be a finite number"),
        (3, 11, "confidence: 11 is not between 0 and 10"),
        (3, -1, "confidence: -1 is not between 0 and 10"),
    ],
)
def test_bad_check_ins_are_refused(okr, value, confidence, message):
    service, cycle, _, ana = okr
    objective = service.add_objective(cycle.id, ana.id, "Ship")
    kr = service.add_key_result(objective.id, "Pages", "numeric", start=0, target=10, unit="p")
    with pytest.raises(CoachError, match=message):
        service.add_check_in(kr.id, value, confidence)
    assert service.key_result(kr.id).check_ins == []


def test_score_needs_reason_when_far_from_suggestion(okr):
    service, cycle, _, ana = okr
    objective = service.add_objective(cycle.id, ana.id, "Faster")
    kr = service.add_key_result(
        objective.id, "p95", "numeric", start=1000, target=500, current=800, unit="ms"
    )
    assert kr.suggested == 0.4
    with pytest.raises(CoachError, match="reason: 0.7 is 0.3 or more"):
        service.set_score(kr.id, 0.7)  # 0.7 - 0.4 in floats is 0.29999999999999993
    assert service.key_result(kr.id).score is None
    assert service.set_score(kr.id, 0.6).score == 0.6
    assert service.set_score(kr.id, 0.7, "cache landed late").reason == "cache landed late"
    for bad in (1.1, -0.1, float("inf")):
        with pytest.raises(CoachError, match="score: "):
            service.set_score(kr.id, bad, "x")


def test_objective_roll_up_uses_weights(okr):
    service, cycle, _, ana = okr
    objective = service.add_objective(cycle.id, ana.id, "Two KRs", type_="committed")
    a = service.add_key_result(objective.id, "A", "milestone", done=True, weight=3)
    b = service.add_key_result(objective.id, "B", "milestone", done=False)
    service.set_score(a.id, 1.0)
    service.set_score(b.id, 0.0)
    rolled = service.objective(objective.id)
    assert rolled.score == 0.75 and rolled.band == "green"
    assert rolled.flags == ["committed-missed"]


def test_cycle_moves_forward_only(okr):
    service, cycle, _, _ = okr
    with pytest.raises(CoachError, match="is planning"):
        service.advance(cycle.id, "scoring")
    assert service.advance(cycle.id, "active").state == "active"
    assert service.advance(cycle.id, "scoring").state == "scoring"
    closed = service.advance(cycle.id, "closed")
    assert closed.state == "closed" and closed.closed_at is not None
    with pytest.raises(CoachError, match="it is closed"):
        service.advance(cycle.id, "active")


def test_proposals_are_accepted_or_declined(okr):
    service, cycle, morgan, ana = okr
    top = service.add_objective(cycle.id, morgan.id, "Grow the platform")
    yes = service.propose_objective(cycle.id, ana.id, "Own the build", top.id)
    no = service.propose_objective(cycle.id, ana.id, "Rewrite it all", top.id)
    assert [o.title for o in service.objectives(cycle.id)] == ["Grow the platform"]
    tree = service.alignment(cycle.id)
    assert [(c.objective.title, c.objective.status) for c in tree[0].children] == [
        ("Own the build", "proposed"),
        ("Rewrite it all", "proposed"),
    ]
    service.decide(yes.id, True)
    service.decide(no.id, False)
    tree = service.alignment(cycle.id)
    assert [c.objective.title for c in tree[0].children] == ["Own the build"]
    assert service.objective(no.id).status == "declined"
    with pytest.raises(CoachError, match="not proposed"):
        service.decide(yes.id, False)


def test_parent_cannot_make_a_loop(okr):
    service, cycle, morgan, ana = okr
    a = service.add_objective(cycle.id, morgan.id, "A")
    b = service.add_objective(cycle.id, ana.id, "B", parent_id=a.id)
    with pytest.raises(CoachError, match="its own ancestor"):
        service.update_objective(a.id, parent_id=b.id)


def test_focus_warnings_for_the_cycle(okr):
    service, cycle, _, ana = okr
    objectives = [service.add_objective(cycle.id, ana.id, f"Goal {n}") for n in range(6)]
    for n in range(6):
        service.add_key_result(objectives[0].id, f"KR {n}", "numeric", start=0, target=1, unit="x")
    service.add_key_result(objectives[1].id, "Flat", "percent", start=5, target=5)
    service.add_key_result(objectives[2].id, "Just a task", "milestone")
    codes = {(w.code, w.level) for w in service.focus(cycle.id)}
    assert ("too-many-objectives", "strong") in codes
    assert ("too-many-krs", "warn") in codes
    assert ("target-equals-start", "warn") in codes
    assert ("no-unit", "warn") in codes
    assert ("milestone-only", "warn") in codes


def test_score_history_across_closed_cycles(okr):
    service, cycle, _, ana = okr
    assert service.score_history(ana.id) == []
    for name, month, score in (("2026-Q1", 1, 0.4), ("2026-Q2", 4, 0.8)):
        past = service.add_cycle(name, dt.date(2026, month, 1), dt.date(2026, month + 2, 28))
        objective = service.add_objective(past.id, ana.id, f"Goal {name}")
        kr = service.add_key_result(objective.id, "Done", "milestone", done=True)
        service.set_score(kr.id, score, "fine")
        for state in ("active", "scoring", "closed"):
            service.advance(past.id, state)
    # The open cycle does not count.
    objective = service.add_objective(cycle.id, ana.id, "Now")
    kr = service.add_key_result(objective.id, "Now KR", "milestone", done=True)
    service.set_score(kr.id, 1.0)
    history = service.score_history(ana.id)
    assert [(p.cycle, p.score) for p in history] == [("2026-Q1", 0.4), ("2026-Q2", 0.8)]


def test_krs_for_person_in_active_cycles(okr, store):
    service, cycle, _, ana = okr
    objective = service.add_objective(cycle.id, ana.id, "Ship")
    kr = service.add_key_result(objective.id, "Release", "milestone")
    assert krs_for_person(store, ana.id) == []
    service.advance(cycle.id, "active")
    assert [k.id for _, k in krs_for_person(store, ana.id)] == [kr.id]

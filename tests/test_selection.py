"""Question selection: fresh questions first, then those whose tags fit the context."""

from __future__ import annotations

from dataclasses import dataclass

from coachtui.banks import get_bank
from coachtui.domain.selection import context_tags, rank_questions


@dataclass(frozen=True)
class Q:
    id: str
    tags: tuple[str, ...] = ()


QUESTIONS = [
    Q("a", ("opening",)),
    Q("b", ("obstacle",)),
    Q("c", ("energy",)),
    Q("d", ("obstacle", "kr")),
]


def ids(questions) -> list[str]:
    return [q.id for q in questions]


def test_without_history_or_context_the_bank_order_holds():
    assert ids(rank_questions(QUESTIONS)) == ["a", "b", "c", "d"]


def test_questions_asked_recently_go_to_the_back():
    assert ids(rank_questions(QUESTIONS, recently_asked={"a", "c"})) == ["b", "d", "a", "c"]


def test_tags_that_fit_the_context_come_forward():
    context = context_tags(krs_at_risk=1)
    assert {"obstacle", "kr", "confidence"} <= context
    assert ids(rank_questions(QUESTIONS, context=context)) == ["d", "b", "a", "c"]


def test_freshness_wins_over_fit_and_fit_orders_within_stale():
    ranked = rank_questions(QUESTIONS, recently_asked={"d", "b"}, context={"obstacle", "kr"})
    assert ids(ranked) == ["a", "c", "d", "b"]


def test_context_tags_follow_what_preparation_found():
    assert context_tags() == frozenset()
    assert context_tags(open_action_items=2) == {"commitment"}
    assert context_tags(carried_topics=1, undelivered_feedback=1) == {"topic", "feedback"}


def test_a_kr_at_risk_brings_obstacle_questions_forward_in_the_real_bank():
    work = get_bank("regular-check-in").questions_in("work")

    def obstacle_ranks(ranked) -> list[int]:
        return [i for i, q in enumerate(ranked) if "obstacle" in q.tags]

    plain = rank_questions(work)
    at_risk = rank_questions(work, context=context_tags(krs_at_risk=1))
    assert plain[0].id == "checkin.progress"
    assert at_risk[0].id != "checkin.progress"
    assert set(at_risk[0].tags) & {"obstacle", "confidence"}
    assert sum(obstacle_ranks(at_risk)) < sum(obstacle_ranks(plain))

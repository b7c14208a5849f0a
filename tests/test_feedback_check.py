"""The specificity check: which feedback is vague, and why."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachtui.domain.feedback_check import (
    GENERIC,
    NO_ACTION,
    NO_IMPACT,
    check_feedback,
    is_action_word,
)

CONCRETE_IMPACT = "onboarding questions in the channel halved the week after"


@pytest.mark.parametrize(
    "behaviour",
    [
        "doing well lately",
        "Doing really well lately!",
        "great job",
        "Great work, keep it up",
        "good job this week",
        "well done",
        "is a team player",
        "needs to work harder",
        "Needs to try harder",
        "has a bad attitude",
        "needs to step up",
        "be more proactive",
        "could do better",
    ],
)
def test_generic_praise_or_blame_is_vague(behaviour: str) -> None:
    verdict = check_feedback(behaviour, CONCRETE_IMPACT)
    assert verdict.vague
    assert GENERIC in verdict.codes
    assert any(r.startswith(("generic praise", "generic blame")) for r in verdict.reasons)
    assert verdict.hint


def test_blame_and_praise_are_named_as_such() -> None:
    assert (
        check_feedback("needs to work harder", CONCRETE_IMPACT)
        .reasons[0]
        .startswith("generic blame (“needs to work harder”)")
    )
    assert (
        check_feedback("doing well lately", CONCRETE_IMPACT)
        .reasons[0]
        .startswith("generic praise (“doing well”)")
    )


@pytest.mark.parametrize(
    "behaviour",
    ["is very dedicated", "seems motivated", "smart and reliable", "attention to detail"],
)
def test_a_trait_is_no_concrete_action(behaviour: str) -> None:
    verdict = check_feedback(behaviour, CONCRETE_IMPACT)
    assert verdict.vague
    assert verdict.codes == (NO_ACTION,)


@pytest.mark.parametrize("impact", ["", "   ", "it was great", "good for the team", "helped a lot"])
def test_no_or_generic_impact_is_vague(impact: str) -> None:
    verdict = check_feedback("wrote the migration guide before anyone asked for it", impact)
    assert verdict.vague
    assert verdict.codes == (NO_IMPACT,)


@pytest.mark.parametrize(
    ("behaviour", "impact"),
    [
        ("wrote the migration guide before anyone asked for it", CONCRETE_IMPACT),
        (
            "merged the billing change without waiting for the second review",
            "the rollback cost the team an evening",
        ),
        (
            "great job: you wrote the runbook for the payments outage and linked it in the channel",
            "on-call resolved the next page in ten minutes",
        ),
        (
            "interrupted Priya twice while she presented the roadmap",
            "she stopped presenting and the team lost her update",
        ),
        (
            "paired with Samir on the flaky test every morning",
            "the test suite has been green for two weeks",
        ),
        (
            "needs to work harder on reviews: left 14 PRs unreviewed last sprint",
            "three releases slipped by a day",
        ),
        ("split the migration into three small PRs", "each was reviewed within 2 hours"),
    ],
)
def test_specific_feedback_is_not_marked(behaviour: str, impact: str) -> None:
    verdict = check_feedback(behaviour, impact)
    assert not verdict.vague, verdict.reasons
    assert verdict.reasons == ()
    assert verdict.hint == ""


def test_every_problem_gets_its_own_reason() -> None:
    verdict = check_feedback("great job", "")
    assert verdict.codes == (GENERIC, NO_ACTION, NO_IMPACT)
    assert len(verdict.reasons) == 3


@pytest.mark.parametrize("word", ["wrote", "merged", "pairing", "reviews", "shipped", "replied"])
def test_action_words(word: str) -> None:
    assert is_action_word(word)


@pytest.mark.parametrize("word", ["dedicated", "motivated", "need", "something", "doing", "red"])
def test_not_action_words(word: str) -> None:
    assert not is_action_word(word)


@settings(deadline=None, max_examples=300)
@given(st.text(), st.text(), st.text())
def test_any_text_gets_a_verdict(behaviour: str, impact: str, situation: str) -> None:
    verdict = check_feedback(behaviour, impact, situation)
    assert verdict.vague == bool(verdict.reasons)
    assert len(verdict.codes) == len(verdict.reasons)

"""Scoring rules from DESIGN.md: suggestions, roll-ups, bands, flags, reasons."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coachtui.domain import focus, scoring
from coachtui.domain.scoring import Weighted

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
unit = st.floats(min_value=0.0, max_value=1.0)


@settings(deadline=None)
@given(finite, finite, finite, st.sampled_from(["numeric", "percent"]))
def test_suggestion_stays_in_unit_interval(start, target, current, kind):
    suggested = scoring.suggest(kind, start, target, current)
    if start == target:
        assert suggested is None
    else:
        assert 0.0 <= suggested <= 1.0
        assert suggested == round(suggested, 1)


@settings(deadline=None)
@given(finite, finite, finite, finite)
def test_suggestion_monotonic_in_progress(start, target, a, b):
    assume(start != target)
    lo, hi = sorted((a, b))
    s_lo = scoring.suggest("numeric", start, target, lo)
    s_hi = scoring.suggest("numeric", start, target, hi)
    if target > start:
        assert s_lo <= s_hi  # more is better
    else:
        assert s_lo >= s_hi  # a "reduce" KR: less is better


@settings(deadline=None)
@given(
    st.floats(min_value=1, max_value=1000),
    st.floats(min_value=0.01, max_value=0.99),
    unit,
)
def test_reduce_kr_mirrors_grow_kr(span, ratio, share):
    """Going from 10 down to 5 and reaching 6 is the same progress as 5 up to 10 reaching 9."""
    start, target = 1000.0, 1000.0 - span
    current = start - span * share
    grow = scoring.suggest("numeric", 0.0, span, span * share)
    reduce = scoring.suggest("numeric", start, target, current)
    assert abs(grow - reduce) <= 0.1 + 1e-9


def test_suggestion_examples():
    assert scoring.suggest("numeric", 10, 5, 6) == 0.8  # the reduce example
    assert scoring.suggest("numeric", 0, 4, 1) == 0.3  # 0.25 rounds half up
    assert scoring.suggest("numeric", 0, 100, 150) == 1.0
    assert scoring.suggest("numeric", 0, 100, -5) == 0.0
    assert scoring.suggest("percent", 20, 80, 50) == 0.5
    assert scoring.suggest("numeric", 5, 5, 5) is None
    assert scoring.suggest("numeric", 0, 10, None) is None


@pytest.mark.parametrize("done,expected", [(True, 1.0), (False, 0.0)])
def test_milestone_suggestion(done, expected):
    assert scoring.suggest("milestone", done=done) == expected
    assert scoring.suggest("milestone", 3, 9, 4, done) == expected


@settings(deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), unit), st.floats(0.1, 10)), max_size=8))
def test_objective_score_is_weighted_mean_within_bounds(krs):
    score = scoring.objective_score(Weighted(s, w) for s, w in krs)
    scored = [(s, w) for s, w in krs if s is not None]
    if not scored:
        assert score is None
        return
    assert 0.0 <= score <= 1.0
    assert min(s for s, _ in scored) - 1e-9 <= score <= max(s for s, _ in scored) + 1e-9
    expected = sum(s * w for s, w in scored) / sum(w for _, w in scored)
    assert math.isclose(score, expected, abs_tol=1e-9)


def test_weights_and_unscored_krs():
    assert scoring.objective_score([Weighted(1.0, 3), Weighted(0.0, 1)]) == 0.75
    assert scoring.objective_score([Weighted(0.4), Weighted(None, 5)]) == 0.4
    assert scoring.objective_score([Weighted(None), Weighted(None)]) is None
    assert scoring.objective_score([]) is None


@pytest.mark.parametrize(
    "score,expected",
    [
        (None, None),
        (0.0, "red"),
        (0.39, "red"),
        (0.3999999, "red"),
        (0.4, "yellow"),
        (0.39999999999999997, "yellow"),  # float noise from a mean counts as 0.4
        (0.69, "yellow"),
        (0.7, "green"),
        (0.7 - 1e-12, "green"),
        (1.0, "green"),
    ],
)
def test_bands_at_their_edges(score, expected):
    assert scoring.band(score) == expected


def test_band_of_a_mean_that_lands_on_the_edge():
    # (0.1*1 + 0.5*2 ... ) style means land a hair below 0.4 in binary floats
    mean = scoring.objective_score([Weighted(0.1), Weighted(0.7)])
    assert scoring.band(mean) == "yellow"


@pytest.mark.parametrize(
    "score,type_,expected",
    [
        (None, "committed", []),
        (0.29, "aspirational", ["revisit"]),
        (0.3, "aspirational", []),
        (0.2, "committed", ["revisit", "committed-missed"]),
        (0.9, "committed", ["committed-missed"]),
        (1.0, "committed", []),
        (0.7, "aspirational", []),
    ],
)
def test_objective_flags(score, type_, expected):
    assert scoring.objective_flags(score, type_) == expected


def test_owner_flag_not_ambitious():
    assert scoring.owner_flags([1.0, 1.0, None]) == ["not-ambitious"]
    assert scoring.owner_flags([1.0, 0.9]) == []
    assert scoring.owner_flags([None, None]) == []
    assert scoring.owner_flags([]) == []


@pytest.mark.parametrize(
    "score,suggested,required",
    [
        (0.4, 0.7, True),  # 0.7 - 0.4 is 0.29999999999999993 in floats: still 0.3
        (0.7, 0.4, True),
        (0.5, 0.7, False),
        (0.0, 0.3, True),
        (1.0, 0.8, False),
        (0.2, None, False),
        (0.1, 0.9, True),
    ],
)
def test_reason_required_at_the_edge(score, suggested, required):
    assert scoring.reason_required(score, suggested) is required


def test_forecast_uses_latest_check_in():
    assert scoring.forecast("numeric", 10, 5, [9, 8, 6]) == 0.8
    assert scoring.forecast("numeric", 10, 5, []) is None
    assert scoring.forecast("milestone", None, None, [0, 1]) == 1.0
    assert scoring.forecast("milestone", None, None, [0]) == 0.0


def test_step_moves_on_the_grid():
    assert scoring.step(None, 0.1) == 0.1
    assert scoring.step(0.9, 0.1) == 1.0
    assert scoring.step(1.0, 0.1) == 1.0
    assert scoring.step(0.0, -0.1) == 0.0
    assert scoring.step(0.3, -0.1) == 0.2


# -- focus checks -----------------------------------------------------------


@pytest.mark.parametrize("count,level", [(3, None), (4, "warn"), (5, "warn"), (6, "strong")])
def test_objective_count_per_owner(count, level):
    warnings = focus.owner_objective_count("Ana", count)
    assert [w.level for w in warnings] == ([level] if level else [])


def test_too_many_krs_and_milestone_only():
    five = [focus.KRFacts("numeric", 0, 1, "x")] * 5
    assert focus.objective_checks("O", five) == []
    six = [focus.KRFacts("numeric", 0, 1, "x")] * 6
    assert [w.code for w in focus.objective_checks("O", six)] == ["too-many-krs"]
    milestones = [focus.KRFacts("milestone"), focus.KRFacts("milestone")]
    assert [w.code for w in focus.objective_checks("O", milestones)] == ["milestone-only"]
    mixed = [focus.KRFacts("milestone"), focus.KRFacts("percent", 0, 50, "%")]
    assert focus.objective_checks("O", mixed) == []


@pytest.mark.parametrize(
    "kr,codes",
    [
        (focus.KRFacts("numeric", 5, 5, "days"), ["target-equals-start"]),
        (focus.KRFacts("percent", 0, 50, ""), ["no-unit"]),
        (focus.KRFacts("numeric", 5, 5, ""), ["target-equals-start", "no-unit"]),
        (focus.KRFacts("numeric", 1, 5, "days"), []),
        (focus.KRFacts("milestone"), []),
    ],
)
def test_measurable_kr_checks(kr, codes):
    assert [w.code for w in focus.kr_checks(kr)] == codes


def test_checklist_lists_open_questions():
    assert focus.checklist_open({}) == [
        "Important and specific?",
        "Action-oriented?",
        "Inspiring?",
    ]
    assert (
        focus.checklist_open(
            {"is_important": True, "is_action_oriented": True, "is_inspiring": True}
        )
        == []
    )

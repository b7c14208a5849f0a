"""OKR scoring rules: suggestions, roll-ups, bands, flags and forecasts.

Pure functions on plain numbers; DESIGN.md "Scoring rules" is the reference.
Comparisons at the band and flag edges are made on values rounded to nine
decimals, so a weighted mean that lands at 0.39999999999999997 counts as
0.4 — what a person reading "0.4" would expect.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

KINDS = ("numeric", "percent", "milestone")
TYPES = ("aspirational", "committed")

RED_BELOW = 0.4
GREEN_FROM = 0.7
REVISIT_BELOW = 0.3
REASON_GAP = 0.3
STEP = 0.1

FLAG_NOT_AMBITIOUS = "not-ambitious"
FLAG_REVISIT = "revisit"
FLAG_COMMITTED_MISSED = "committed-missed"

FLAG_TEXT = {
    FLAG_NOT_AMBITIOUS: "every KR scored 1.0: the goals may not have been ambitious",
    FLAG_REVISIT: "scored below 0.3: was it the right goal?",
    FLAG_COMMITTED_MISSED: "committed but below 1.0: what got in the way?",
}

# Nine decimals is far finer than any score a person enters (steps of 0.1)
# and far coarser than float noise.
_PLACES = 9


def _r(value: float) -> float:
    return round(value, _PLACES)


def clamp01(value: float) -> float:
    return 0.0 if value < 0.0 else 1.0 if value > 1.0 else value


def round_tenth(value: float) -> float:
    """Round to one decimal, halves up (0.25 -> 0.3), monotonic in ``value``."""
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


def is_valid_score(value: float) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and 0.0 <= value <= 1.0


def progress(start: float, target: float, current: float) -> float | None:
    """Share of the way from start to target, clamped to [0, 1].

    Works when the target is below the start (a "reduce" KR). None when the
    KR cannot be measured (target equals start, or a number is missing or not
    finite).
    """
    if start is None or target is None or current is None:
        return None
    if not all(math.isfinite(v) for v in (start, target, current)):
        return None
    span = target - start
    if span == 0:
        return None
    return clamp01((current - start) / span)


def suggest(
    kind: str,
    start: float | None = None,
    target: float | None = None,
    current: float | None = None,
    done: bool = False,
) -> float | None:
    """The suggested score of a KR, or None when there is nothing to go on."""
    if kind == "milestone":
        return 1.0 if done else 0.0
    share = progress(start, target, current)  # type: ignore[arg-type]
    if share is None:
        return None
    return clamp01(round_tenth(share))


def forecast(
    kind: str,
    start: float | None,
    target: float | None,
    values: Sequence[float],
) -> float | None:
    """While a cycle is active: the suggestion on the latest check-in value.

    ``values`` are the check-in values oldest first. A milestone counts as
    done when its latest check-in value is 1 or more.
    """
    if not values:
        return None
    latest = values[-1]
    if kind == "milestone":
        return suggest(kind, done=latest >= 1)
    return suggest(kind, start, target, latest)


def reason_required(score: float, suggested: float | None) -> bool:
    """A score 0.3 or more away from the suggestion needs a reason."""
    if suggested is None:
        return False
    return _r(abs(score - suggested)) >= REASON_GAP


def step(score: float | None, delta: float) -> float:
    """Move a score by ``delta`` (e.g. +0.1), staying on the 0.1 grid in [0, 1]."""
    base = 0.0 if score is None else score
    return clamp01(round(round(base / STEP) * STEP + delta, 1))


@dataclass(frozen=True)
class Weighted:
    score: float | None
    weight: float = 1.0


def objective_score(krs: Iterable[Weighted]) -> float | None:
    """Weighted mean of the scored KRs; None when none is scored."""
    total = 0.0
    weights = 0.0
    for kr in krs:
        if kr.score is None:
            continue
        weight = kr.weight if kr.weight and kr.weight > 0 else 1.0
        total += kr.score * weight
        weights += weight
    if weights == 0:
        return None
    return clamp01(total / weights)


def band(score: float | None) -> str | None:
    """red below 0.4, yellow from 0.4 to below 0.7, green from 0.7."""
    if score is None:
        return None
    value = _r(score)
    if value < RED_BELOW:
        return "red"
    if value < GREEN_FROM:
        return "yellow"
    return "green"


def objective_flags(score: float | None, type_: str) -> list[str]:
    if score is None:
        return []
    value = _r(score)
    flags = []
    if value < REVISIT_BELOW:
        flags.append(FLAG_REVISIT)
    if type_ == "committed" and value < 1.0:
        flags.append(FLAG_COMMITTED_MISSED)
    return flags


def owner_flags(kr_scores: Iterable[float | None]) -> list[str]:
    """``not-ambitious`` when every scored KR of the owner is at 1.0."""
    scored = [s for s in kr_scores if s is not None]
    if scored and all(_r(s) >= 1.0 for s in scored):
        return [FLAG_NOT_AMBITIOUS]
    return []


def round2(value: float | None) -> float | None:
    return None if value is None else round(value, 2)

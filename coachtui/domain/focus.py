"""Focus checks (the 3-3 principle) and the objective checklist.

Warnings only: the screens show them next to what is being edited and never
block saving.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

OBJECTIVES_WARN_PAST = 3
OBJECTIVES_STRONG_PAST = 5
KRS_WARN_PAST = 5

CHECKLIST = (
    ("is_important", "Important and specific?"),
    ("is_action_oriented", "Action-oriented?"),
    ("is_inspiring", "Inspiring?"),
)


@dataclass(frozen=True)
class FocusWarning:
    code: str
    level: str  # "warn" or "strong"
    message: str
    objective_id: int | None = None
    kr_id: int | None = None


@dataclass(frozen=True)
class KRFacts:
    kind: str
    start: float | None = None
    target: float | None = None
    unit: str = ""
    title: str = ""
    id: int | None = None


def owner_objective_count(owner: str, count: int) -> list[FocusWarning]:
    """More than 3 objectives for one owner in a cycle warns; past 5 strongly."""
    if count > OBJECTIVES_STRONG_PAST:
        return [
            FocusWarning(
                "too-many-objectives",
                "strong",
                f"{owner} has {count} objectives: far past 3, little will get real focus",
            )
        ]
    if count > OBJECTIVES_WARN_PAST:
        return [
            FocusWarning(
                "too-many-objectives",
                "warn",
                f"{owner} has {count} objectives: 3 or fewer keeps the focus",
            )
        ]
    return []


def kr_checks(kr: KRFacts, objective_id: int | None = None) -> list[FocusWarning]:
    """A numeric or percent KR must move from a start to a different target, in a unit."""
    if kr.kind == "milestone":
        return []
    out = []
    name = f"KR {kr.title!r}" if kr.title else "this KR"
    if kr.start is not None and kr.target is not None and kr.start == kr.target:
        out.append(
            FocusWarning(
                "target-equals-start",
                "warn",
                f"{name}: target equals start, so progress cannot be measured",
                objective_id,
                kr.id,
            )
        )
    if not (kr.unit or "").strip():
        out.append(
            FocusWarning(
                "no-unit", "warn", f"{name}: no unit; what is being counted?", objective_id, kr.id
            )
        )
    return out


def objective_checks(
    title: str, krs: Sequence[KRFacts], objective_id: int | None = None
) -> list[FocusWarning]:
    out = []
    if len(krs) > KRS_WARN_PAST:
        out.append(
            FocusWarning(
                "too-many-krs",
                "warn",
                f"{title!r} has {len(krs)} key results: a handful (5 or fewer) keeps it measurable",
                objective_id,
            )
        )
    if krs and all(kr.kind == "milestone" for kr in krs):
        out.append(
            FocusWarning(
                "milestone-only",
                "warn",
                f"{title!r} has only milestones: is there an outcome to measure, not just tasks?",
                objective_id,
            )
        )
    for kr in krs:
        out.extend(kr_checks(kr, objective_id))
    return out


def checklist_open(answers: dict[str, bool]) -> list[str]:
    """The checklist questions not yet answered yes."""
    return [question for field, question in CHECKLIST if not answers.get(field)]

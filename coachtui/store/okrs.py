"""OKRs: cycles, objectives, key results, check-ins, scores and alignment.

Services take a ``Store`` and return pydantic models; ORM rows stay inside.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from pydantic import BaseModel
from sqlalchemy import delete, func, select

from coachtui.domain import focus, scoring
from coachtui.errors import CoachError, NotFound
from coachtui.store.db import Store
from coachtui.store.models import CheckIn, Cycle, KeyResult, KRScore, Objective, Person

STATES = ("planning", "active", "scoring", "closed")
NEXT_STATE = {"planning": "active", "active": "scoring", "scoring": "closed"}


class CycleInfo(BaseModel):
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    state: str
    closed_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class CheckInInfo:
    """A dataclass: a busy cycle has thousands, built in one go."""

    id: int
    on: dt.date
    value: float
    confidence: int
    note: str
    one_on_one_id: int | None = None


@dataclass(slots=True)
class KRInfo:
    id: int
    objective_id: int
    title: str
    kind: str
    start: float | None
    target: float | None
    current: float | None
    unit: str
    done: bool
    weight: float
    position: int
    score: float | None = None
    reason: str = ""
    suggested: float | None = None
    forecast: float | None = None
    check_ins: list[CheckInInfo] = field(default_factory=list)

    @property
    def reason_required(self) -> bool:
        return self.score is not None and scoring.reason_required(self.score, self.suggested)

    def numbers(self) -> str:
        """The KR's numbers as a person reads them."""
        if self.kind == "milestone":
            return "done" if self.done else "not done"
        unit = f" {self.unit}" if self.unit else ""
        return f"{_num(self.start)} → {_num(self.target)}{unit}, now {_num(self.current)}{unit}"


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}"


@dataclass(slots=True)
class ObjectiveInfo:
    id: int
    cycle_id: int
    owner_id: int
    owner_name: str
    parent_id: int | None
    title: str
    type: str
    status: str
    position: int
    is_important: bool
    is_action_oriented: bool
    is_inspiring: bool
    missed_explanation: str
    key_results: list[KRInfo] = field(default_factory=list)

    @property
    def score(self) -> float | None:
        return scoring.objective_score(
            scoring.Weighted(kr.score, kr.weight) for kr in self.key_results
        )

    @property
    def band(self) -> str | None:
        return scoring.band(self.score)

    @property
    def flags(self) -> list[str]:
        return scoring.objective_flags(self.score, self.type)

    @property
    def progress(self) -> float | None:
        """Where the objective stands now: scores if any, else the forecasts."""
        if self.score is not None:
            return self.score
        return scoring.objective_score(
            scoring.Weighted(kr.forecast if kr.forecast is not None else kr.suggested, kr.weight)
            for kr in self.key_results
        )

    def checklist(self) -> dict[str, bool]:
        return {field: getattr(self, field) for field, _ in focus.CHECKLIST}


@dataclass(slots=True)
class AlignmentNode:
    objective: ObjectiveInfo
    children: list[AlignmentNode] = field(default_factory=list)


@dataclass(slots=True)
class ScoringEntry:
    """One KR in the scoring walk: enough to order, count and find it."""

    objective_id: int
    owner_id: int
    owner_name: str
    kr_id: int
    scored: bool


# The scoring order of ``OkrService.objectives``, one row per KR, in one
# plain query: the scoring session opens on this and loads full objectives
# (with check-ins) only as it reaches them.
SCORING_INDEX_SQL = """
SELECT o.id, o.owner_id, p.name, k.id, s.id IS NOT NULL
FROM objective o
JOIN person p ON p.id = o.owner_id
JOIN key_result k ON k.objective_id = o.id
LEFT JOIN kr_score s ON s.key_result_id = k.id
WHERE o.cycle_id = :cycle AND o.status = 'accepted'
ORDER BY p.is_manager DESC, p.name, o.position, o.id, k.position, k.id
"""


class HistoryPoint(BaseModel):
    cycle: str
    ends_on: dt.date
    score: float


def _cycle_info(c: Cycle) -> CycleInfo:
    return CycleInfo(
        id=c.id,
        name=c.name,
        starts_on=c.starts_on,
        ends_on=c.ends_on,
        state=c.state,
        closed_at=c.closed_at,
    )


def _check_in_info(c: CheckIn) -> CheckInInfo:
    return CheckInInfo(
        id=c.id,
        on=c.on,
        value=c.value,
        confidence=c.confidence,
        note=c.note,
        one_on_one_id=c.one_on_one_id,
    )


def _kr_info(
    kr: KeyResult, score: KRScore | None, check_ins: list[CheckIn], keep_check_ins: bool = True
) -> KRInfo:
    """A KR for the UI; the forecast always uses the check-ins, the list only if kept."""
    infos = [_check_in_info(c) for c in check_ins] if keep_check_ins else []
    return KRInfo(
        id=kr.id,
        objective_id=kr.objective_id,
        title=kr.title,
        kind=kr.kind,
        start=kr.start,
        target=kr.target,
        current=kr.current,
        unit=kr.unit,
        done=kr.done,
        weight=kr.weight,
        position=kr.position,
        score=score.score if score else None,
        reason=score.reason if score else "",
        suggested=scoring.suggest(kr.kind, kr.start, kr.target, kr.current, kr.done),
        forecast=scoring.forecast(kr.kind, kr.start, kr.target, [c.value for c in check_ins]),
        check_ins=infos,
    )


def _finite(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CoachError(f"{name}: {value!r} is not a number") from None
    if not math.isfinite(number):
        raise CoachError(f"{name}: must be a finite number (got {value!r})")
    return number


def _title(name: str, value: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise CoachError(f"{name}: a title is needed")
    if len(text) > 300:
        raise CoachError(f"{name}: at most 300 characters")
    return text


def validate_kr(
    kind: str, start: float | None, target: float | None, weight: float
) -> tuple[float | None, float | None, float]:
    if kind not in scoring.KINDS:
        raise CoachError(f"kind: {kind!r} is not one of numeric, percent, milestone")
    start = _finite("start", start)
    target = _finite("target", target)
    weight = _finite("weight", weight)
    if weight is None or weight <= 0:
        raise CoachError("weight: must be more than 0")
    if kind != "milestone":
        if target is None:
            raise CoachError("target: a numeric or percent KR needs a target")
        if start is None:
            start = 0.0
    return start, target, weight


class OkrService:
    def __init__(self, store: Store, today: dt.date | None = None) -> None:
        self.store = store
        self.today = today

    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    # -- cycles ---------------------------------------------------------------

    def cycles(self, state: str | None = None) -> list[CycleInfo]:
        with self.store.read() as s:
            query = select(Cycle).order_by(Cycle.starts_on.desc(), Cycle.id.desc())
            if state:
                query = query.where(Cycle.state == state)
            return [_cycle_info(c) for c in s.scalars(query)]

    def get_cycle(self, cycle_id: int) -> CycleInfo:
        with self.store.read() as s:
            cycle = s.get(Cycle, cycle_id)
            if cycle is None:
                raise NotFound(f"no cycle with id {cycle_id}")
            return _cycle_info(cycle)

    def find_cycle(self, name: str) -> CycleInfo:
        with self.store.read() as s:
            cycle = s.scalar(select(Cycle).where(Cycle.name == name.strip()))
            if cycle is None:
                raise NotFound(f"no cycle named {name!r}")
            return _cycle_info(cycle)

    def add_cycle(self, name: str, starts_on: dt.date, ends_on: dt.date) -> CycleInfo:
        name = " ".join(name.split())
        if not name:
            raise CoachError("name: a cycle needs a name")
        if ends_on < starts_on:
            raise CoachError(f"ends_on: {ends_on} is before starts_on {starts_on}")
        with self.store.write() as s:
            if s.scalar(select(Cycle.id).where(Cycle.name == name)) is not None:
                raise CoachError(f"name: a cycle named {name!r} already exists")
            cycle = Cycle(name=name, starts_on=starts_on, ends_on=ends_on, state="planning")
            s.add(cycle)
            s.flush()
            return _cycle_info(cycle)

    def advance(self, cycle_id: int, to: str) -> CycleInfo:
        """Move a cycle one step: planning → active → scoring → closed."""
        with self.store.write() as s:
            cycle = s.get(Cycle, cycle_id)
            if cycle is None:
                raise NotFound(f"no cycle with id {cycle_id}")
            if NEXT_STATE.get(cycle.state) != to:
                expected = NEXT_STATE.get(cycle.state)
                hint = f"it can move to {expected}" if expected else "it is closed"
                raise CoachError(
                    f"cycle {cycle.name}: is {cycle.state}, not ready for {to}; {hint}"
                )
            cycle.state = to
            if to == "closed":
                cycle.closed_at = dt.datetime.combine(self._today(), dt.time(12))
            return _cycle_info(cycle)

    # -- objectives and key results -------------------------------------------

    def objectives(
        self,
        cycle_id: int,
        *,
        statuses: tuple[str, ...] = ("accepted",),
        check_ins: bool = True,
    ) -> list[ObjectiveInfo]:
        """The cycle's objectives in scoring order: manager first, then owners by
        name, objectives by position, KRs by position.

        ``check_ins=False`` skips check-ins: each KR's list stays empty and
        its forecast None. Reports and the scoring session do not need them.
        """
        with self.store.read() as s:
            return self._load(
                s,
                (Objective.cycle_id == cycle_id, Objective.status.in_(statuses)),
                check_ins,
            )

    def scoring_index(self, cycle_id: int) -> list[ScoringEntry]:
        """Every accepted KR of the cycle in scoring order, without details."""
        return [
            ScoringEntry(objective_id, owner_id, owner_name, kr_id, bool(scored))
            for objective_id, owner_id, owner_name, kr_id, scored in self.store.query(
                SCORING_INDEX_SQL, {"cycle": cycle_id}
            )
        ]

    def objective(self, objective_id: int) -> ObjectiveInfo:
        with self.store.read() as s:
            found = self._load(s, (Objective.id == objective_id,), True)
            if not found:
                raise NotFound(f"no objective with id {objective_id}")
            return found[0]

    def _load(self, s, where: tuple, with_check_ins: bool) -> list[ObjectiveInfo]:
        """Plain rows, not ORM objects, and models built without re-validation:
        a cycle of 600 KRs and thousands of check-ins loads in milliseconds."""
        o_t, kr_t, sc_t, ci_t = (
            Objective.__table__,
            KeyResult.__table__,
            KRScore.__table__,
            CheckIn.__table__,
        )
        objective_rows = s.execute(
            select(o_t, Person.name.label("owner_name"))
            .join(Person, Person.id == o_t.c.owner_id)
            .where(*where)
            .order_by(Person.is_manager.desc(), Person.name, o_t.c.position, o_t.c.id)
        ).all()
        if not objective_rows:
            return []
        selected = select(o_t.c.id).where(*where).scalar_subquery()
        kr_rows = s.execute(
            select(kr_t)
            .where(kr_t.c.objective_id.in_(selected))
            .order_by(kr_t.c.objective_id, kr_t.c.position, kr_t.c.id)
        ).all()
        kr_of_objective = select(kr_t.c.id).where(kr_t.c.objective_id.in_(selected))
        scores = {
            r.key_result_id: r
            for r in s.execute(
                select(sc_t.c.key_result_id, sc_t.c.score, sc_t.c.reason).where(
                    sc_t.c.key_result_id.in_(kr_of_objective)
                )
            )
        }
        check_ins: dict[int, list] = defaultdict(list)
        if with_check_ins:
            for r in s.execute(
                select(
                    ci_t.c.key_result_id,
                    ci_t.c.value,
                    ci_t.c.id,
                    ci_t.c.on,
                    ci_t.c.confidence,
                    ci_t.c.note,
                    ci_t.c.one_on_one_id,
                )
                .where(ci_t.c.key_result_id.in_(kr_of_objective))
                .order_by(ci_t.c.key_result_id, ci_t.c.on, ci_t.c.id)
            ):
                check_ins[r.key_result_id].append(r)

        krs: dict[int, list[KRInfo]] = defaultdict(list)
        for kr in kr_rows:
            found = check_ins.get(kr.id, [])
            krs[kr.objective_id].append(
                _kr_info(kr, scores.get(kr.id), found, keep_check_ins=with_check_ins)
            )
        return [
            ObjectiveInfo(
                id=o.id,
                cycle_id=o.cycle_id,
                owner_id=o.owner_id,
                owner_name=o.owner_name,
                parent_id=o.parent_id,
                title=o.title,
                type=o.type,
                status=o.status,
                position=o.position,
                is_important=o.is_important,
                is_action_oriented=o.is_action_oriented,
                is_inspiring=o.is_inspiring,
                missed_explanation=o.missed_explanation,
                key_results=krs.get(o.id, []),
            )
            for o in objective_rows
        ]

    def check_ins(self, kr_id: int) -> list[CheckInInfo]:
        """A KR's check-ins, oldest first."""
        with self.store.read() as s:
            rows = s.scalars(
                select(CheckIn)
                .where(CheckIn.key_result_id == kr_id)
                .order_by(CheckIn.on, CheckIn.id)
            ).all()
            return [_check_in_info(c) for c in rows]

    def key_result(self, kr_id: int) -> KRInfo:
        with self.store.read() as s:
            kr = s.get(KeyResult, kr_id)
            if kr is None:
                raise NotFound(f"no key result with id {kr_id}")
            score = s.scalar(select(KRScore).where(KRScore.key_result_id == kr_id))
            check_ins = s.scalars(
                select(CheckIn)
                .where(CheckIn.key_result_id == kr_id)
                .order_by(CheckIn.on, CheckIn.id)
            ).all()
            return _kr_info(kr, score, list(check_ins))

    def add_objective(
        self,
        cycle_id: int,
        owner_id: int,
        title: str,
        *,
        type_: str = "aspirational",
        parent_id: int | None = None,
        status: str = "accepted",
        is_important: bool = False,
        is_action_oriented: bool = False,
        is_inspiring: bool = False,
    ) -> ObjectiveInfo:
        title = _title("title", title)
        if type_ not in scoring.TYPES:
            raise CoachError(f"type: {type_!r} is not aspirational or committed")
        with self.store.write() as s:
            cycle = s.get(Cycle, cycle_id)
            if cycle is None:
                raise NotFound(f"no cycle with id {cycle_id}")
            if s.get(Person, owner_id) is None:
                raise NotFound(f"no person with id {owner_id}")
            if parent_id is not None and s.get(Objective, parent_id) is None:
                raise NotFound(f"parent: no objective with id {parent_id}")
            position = (
                s.scalar(
                    select(func.max(Objective.position)).where(
                        Objective.cycle_id == cycle_id, Objective.owner_id == owner_id
                    )
                )
                or 0
            ) + 1
            objective = Objective(
                cycle_id=cycle_id,
                owner_id=owner_id,
                parent_id=parent_id,
                title=title,
                type=type_,
                status=status,
                position=position,
                is_important=is_important,
                is_action_oriented=is_action_oriented,
                is_inspiring=is_inspiring,
            )
            s.add(objective)
            s.flush()
            new_id = objective.id
        return self.objective(new_id)

    def update_objective(
        self,
        objective_id: int,
        *,
        title: str | None = None,
        type_: str | None = None,
        parent_id: int | None | bool = False,
        owner_id: int | None = None,
        is_important: bool | None = None,
        is_action_oriented: bool | None = None,
        is_inspiring: bool | None = None,
        missed_explanation: str | None = None,
    ) -> ObjectiveInfo:
        """Change the given fields. ``parent_id=False`` leaves the parent alone."""
        with self.store.write() as s:
            objective = s.get(Objective, objective_id)
            if objective is None:
                raise NotFound(f"no objective with id {objective_id}")
            if title is not None:
                objective.title = _title("title", title)
            if type_ is not None:
                if type_ not in scoring.TYPES:
                    raise CoachError(f"type: {type_!r} is not aspirational or committed")
                objective.type = type_
            if parent_id is not False:
                if parent_id is not None:
                    self._check_parent(s, objective_id, parent_id)
                objective.parent_id = parent_id  # type: ignore[assignment]
            if owner_id is not None:
                if s.get(Person, owner_id) is None:
                    raise NotFound(f"no person with id {owner_id}")
                objective.owner_id = owner_id
            for field, value in (
                ("is_important", is_important),
                ("is_action_oriented", is_action_oriented),
                ("is_inspiring", is_inspiring),
            ):
                if value is not None:
                    setattr(objective, field, value)
            if missed_explanation is not None:
                objective.missed_explanation = missed_explanation.strip()
        return self.objective(objective_id)

    def _check_parent(self, s, objective_id: int, parent_id: int) -> None:
        seen = {objective_id}
        current: int | None = parent_id
        while current is not None:
            if current in seen:
                raise CoachError("parent: that would make the objective its own ancestor")
            seen.add(current)
            parent = s.get(Objective, current)
            if parent is None:
                raise NotFound(f"parent: no objective with id {current}")
            current = parent.parent_id

    def delete_objective(self, objective_id: int) -> None:
        with self.store.write() as s:
            objective = s.get(Objective, objective_id)
            if objective is None:
                raise NotFound(f"no objective with id {objective_id}")
            s.delete(objective)

    def add_key_result(
        self,
        objective_id: int,
        title: str,
        kind: str = "numeric",
        *,
        start: float | None = None,
        target: float | None = None,
        current: float | None = None,
        unit: str = "",
        done: bool = False,
        weight: float = 1.0,
    ) -> KRInfo:
        title = _title("title", title)
        start, target, weight = validate_kr(kind, start, target, weight)
        current = _finite("current", current)
        with self.store.write() as s:
            if s.get(Objective, objective_id) is None:
                raise NotFound(f"no objective with id {objective_id}")
            position = (
                s.scalar(
                    select(func.max(KeyResult.position)).where(
                        KeyResult.objective_id == objective_id
                    )
                )
                or 0
            ) + 1
            kr = KeyResult(
                objective_id=objective_id,
                title=title,
                kind=kind,
                start=None if kind == "milestone" else start,
                target=None if kind == "milestone" else target,
                current=None if kind == "milestone" else (start if current is None else current),
                unit="" if kind == "milestone" else unit.strip(),
                done=bool(done) if kind == "milestone" else False,
                weight=weight,
                position=position,
            )
            s.add(kr)
            s.flush()
            new_id = kr.id
        return self.key_result(new_id)

    def update_key_result(
        self,
        kr_id: int,
        *,
        title: str,
        kind: str,
        start: float | None = None,
        target: float | None = None,
        current: float | None = None,
        unit: str = "",
        done: bool = False,
        weight: float = 1.0,
    ) -> KRInfo:
        title = _title("title", title)
        start, target, weight = validate_kr(kind, start, target, weight)
        current = _finite("current", current)
        with self.store.write() as s:
            kr = s.get(KeyResult, kr_id)
            if kr is None:
                raise NotFound(f"no key result with id {kr_id}")
            kr.title, kr.kind, kr.weight = title, kind, weight
            if kind == "milestone":
                kr.start = kr.target = kr.current = None
                kr.unit, kr.done = "", bool(done)
            else:
                kr.start, kr.target = start, target
                kr.current = start if current is None else current
                kr.unit, kr.done = unit.strip(), False
        return self.key_result(kr_id)

    def delete_key_result(self, kr_id: int) -> None:
        with self.store.write() as s:
            kr = s.get(KeyResult, kr_id)
            if kr is None:
                raise NotFound(f"no key result with id {kr_id}")
            s.delete(kr)

    # -- check-ins -------------------------------------------------------------

    def add_check_in(
        self,
        kr_id: int,
        value: float,
        confidence: int,
        note: str = "",
        one_on_one_id: int | None = None,
        on: dt.date | None = None,
    ) -> CheckInInfo:
        """Record where a KR stands; its current value follows the check-in.

        For a milestone, a value of 1 or more means done.
        """
        number = _finite("value", value)
        if number is None:
            raise CoachError("value: a check-in needs a value")
        if isinstance(confidence, bool) or not isinstance(confidence, int):
            raise CoachError(f"confidence: {confidence!r} is not a whole number from 0 to 10")
        if not 0 <= confidence <= 10:
            raise CoachError(f"confidence: {confidence} is not between 0 and 10")
        with self.store.write() as s:
            kr = s.get(KeyResult, kr_id)
            if kr is None:
                raise NotFound(f"no key result with id {kr_id}")
            check_in = CheckIn(
                key_result_id=kr_id,
                one_on_one_id=one_on_one_id,
                on=on or self._today(),
                value=number,
                confidence=confidence,
                note=(note or "").strip(),
            )
            s.add(check_in)
            latest = s.scalar(select(func.max(CheckIn.on)).where(CheckIn.key_result_id == kr_id))
            if latest is None or check_in.on >= latest:
                if kr.kind == "milestone":
                    kr.done = number >= 1
                else:
                    kr.current = number
            s.flush()
            return _check_in_info(check_in)

    # -- scores ----------------------------------------------------------------

    def set_score(self, kr_id: int, score: float, reason: str = "") -> KRInfo:
        """Store a KR's score; a reason is needed when it is 0.3 or more away
        from the suggestion."""
        if not scoring.is_valid_score(score):
            raise CoachError(f"score: {score!r} is not a number from 0.0 to 1.0")
        reason = (reason or "").strip()
        kr_info = self.key_result(kr_id)
        if scoring.reason_required(score, kr_info.suggested) and not reason:
            raise CoachError(
                f"reason: {score:.1f} is 0.3 or more from the suggested "
                f"{kr_info.suggested:.1f}; say why"
            )
        with self.store.write() as s:
            existing = s.scalar(select(KRScore).where(KRScore.key_result_id == kr_id))
            if existing is None:
                s.add(KRScore(key_result_id=kr_id, score=float(score), reason=reason))
            else:
                existing.score, existing.reason = float(score), reason
                existing.scored_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        return self.key_result(kr_id)

    def clear_score(self, kr_id: int) -> None:
        with self.store.write() as s:
            s.execute(delete(KRScore).where(KRScore.key_result_id == kr_id))

    # -- alignment -------------------------------------------------------------

    def propose_objective(
        self, cycle_id: int, owner_id: int, title: str, parent_id: int, type_: str = "aspirational"
    ) -> ObjectiveInfo:
        """A report offers an objective upward, under one of the manager's."""
        return self.add_objective(
            cycle_id, owner_id, title, type_=type_, parent_id=parent_id, status="proposed"
        )

    def decide(self, objective_id: int, accept: bool) -> ObjectiveInfo:
        """Accept a proposed objective (it becomes a child of the one it was
        proposed under) or decline it (kept for the record)."""
        with self.store.write() as s:
            objective = s.get(Objective, objective_id)
            if objective is None:
                raise NotFound(f"no objective with id {objective_id}")
            if objective.status != "proposed":
                raise CoachError(
                    f"objective {objective.title!r} is {objective.status}, not proposed"
                )
            objective.status = "accepted" if accept else "declined"
        return self.objective(objective_id)

    def alignment(self, cycle_id: int) -> list[AlignmentNode]:
        """Accepted and proposed objectives as a tree by parent; a parent from
        another cycle (or none) makes a root."""
        objectives = self.objectives(cycle_id, statuses=("accepted", "proposed"))
        nodes = {o.id: AlignmentNode(objective=o) for o in objectives}
        roots = []
        for o in objectives:
            parent = nodes.get(o.parent_id) if o.parent_id is not None else None
            if parent is None:
                roots.append(nodes[o.id])
            else:
                parent.children.append(nodes[o.id])
        return roots

    # -- focus -----------------------------------------------------------------

    def focus(self, cycle_id: int) -> list[focus.FocusWarning]:
        objectives = self.objectives(cycle_id)
        out: list[focus.FocusWarning] = []
        by_owner: dict[str, int] = defaultdict(int)
        for o in objectives:
            by_owner[o.owner_name] += 1
        for owner, count in by_owner.items():
            out.extend(focus.owner_objective_count(owner, count))
        for o in objectives:
            out.extend(focus.objective_checks(o.title, [_facts(kr) for kr in o.key_results], o.id))
        return out

    # -- history ---------------------------------------------------------------

    def score_history(self, person_id: int) -> list[HistoryPoint]:
        """One point per closed cycle: the mean of the person's objective scores."""
        with self.store.read() as s:
            rows = s.execute(
                select(
                    Cycle.id,
                    Cycle.name,
                    Cycle.ends_on,
                    Objective.id,
                    KRScore.score,
                    KeyResult.weight,
                )
                .join(Objective, Objective.cycle_id == Cycle.id)
                .join(KeyResult, KeyResult.objective_id == Objective.id)
                .join(KRScore, KRScore.key_result_id == KeyResult.id)
                .where(
                    Cycle.state == "closed",
                    Objective.owner_id == person_id,
                    Objective.status == "accepted",
                )
                .order_by(Cycle.ends_on, Cycle.id)
            ).all()
        cycles: dict[int, tuple[str, dt.date]] = {}
        krs: dict[int, dict[int, list[scoring.Weighted]]] = defaultdict(lambda: defaultdict(list))
        for cycle_id, name, ends_on, objective_id, score, weight in rows:
            cycles[cycle_id] = (name, ends_on)
            krs[cycle_id][objective_id].append(scoring.Weighted(score, weight))
        points = []
        for cycle_id, (name, ends_on) in cycles.items():
            scores = [scoring.objective_score(v) for v in krs[cycle_id].values()]
            scores = [x for x in scores if x is not None]
            if scores:
                points.append(
                    HistoryPoint(cycle=name, ends_on=ends_on, score=sum(scores) / len(scores))
                )
        return points


def _facts(kr: KRInfo) -> focus.KRFacts:
    return focus.KRFacts(
        kind=kr.kind, start=kr.start, target=kr.target, unit=kr.unit, title=kr.title, id=kr.id
    )


def add_check_in(
    store: Store,
    kr_id: int,
    value: float,
    confidence: int,
    note: str = "",
    one_on_one_id: int | None = None,
    on: dt.date | None = None,
) -> CheckInInfo:
    """Record a check-in on a KR (for the one-on-one screen's OKR check-in)."""
    return OkrService(store).add_check_in(kr_id, value, confidence, note, one_on_one_id, on)


def krs_for_person(store: Store, person_id: int) -> list[tuple[ObjectiveInfo, KRInfo]]:
    """The person's KRs in active cycles, for a quick check-in elsewhere."""
    service = OkrService(store)
    out = []
    for cycle in service.cycles(state="active"):
        for objective in service.objectives(cycle.id):
            if objective.owner_id == person_id:
                out.extend((objective, kr) for kr in objective.key_results)
    return out

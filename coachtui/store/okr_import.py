"""``coachtui okr import FILE``: a cycle's objectives, KRs, check-ins and
scores from TOML, written all or nothing.

The file is validated completely (pydantic) before anything is written; the
first problem is reported as one line naming the objective, the KR and the
field.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from sqlalchemy import select

from coachtui.domain import scoring
from coachtui.errors import CoachError
from coachtui.store.db import Store
from coachtui.store.models import CheckIn, Cycle, KeyResult, KRScore, Objective, Person


def _as_date(value: Any) -> dt.date:
    """A TOML date (or an ISO date string); never a datetime or a number."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value} is a date and time, not a date")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")


def _as_number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int | float) and not math.isfinite(value):
        raise ValueError(f"{value!r} is not a finite number")
    return value


Date = Annotated[dt.date, BeforeValidator(_as_date)]
Number = Annotated[float, BeforeValidator(_as_number)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CheckInFile(_Strict):
    on: Date
    value: Number
    confidence: int = Field(ge=0, le=10)
    note: str = ""


class KeyResultFile(_Strict):
    title: str = Field(min_length=1, max_length=300)
    kind: Literal["numeric", "percent", "milestone"]
    start: Number | None = None
    target: Number | None = None
    current: Number | None = None
    unit: str = Field(default="", max_length=40)
    weight: Number = Field(default=1.0, gt=0)
    score: Number | None = Field(default=None, ge=0, le=1)
    reason: str = ""
    done: bool = False
    check_ins: list[CheckInFile] = []

    @model_validator(mode="after")
    def _shape(self) -> KeyResultFile:
        if self.kind == "milestone":
            for name in ("start", "target", "current"):
                if getattr(self, name) is not None:
                    raise ValueError(f"{name}: a milestone has no {name}; use done = true/false")
        else:
            if self.target is None:
                raise ValueError("target: a numeric or percent KR needs a target")
            if self.start is None:
                raise ValueError("start: a numeric or percent KR needs a start")
        if (
            self.score is not None
            and not self.reason
            and scoring.reason_required(self.score, self.suggested)
        ):
            raise ValueError(
                f"reason: score {self.score:g} is 0.3 or more from the suggested "
                f"{self.suggested:g}; a reason is needed"
            )
        return self

    @property
    def suggested(self) -> float | None:
        current = self.current
        if current is None and self.check_ins:
            current = sorted(self.check_ins, key=lambda c: c.on)[-1].value
        if current is None:
            current = self.start
        return scoring.suggest(self.kind, self.start, self.target, current, self.done)


class ObjectiveFile(_Strict):
    owner: str = Field(min_length=1, max_length=120)
    title: str = Field(min_length=1, max_length=300)
    type: Literal["aspirational", "committed"] = "aspirational"
    parent: str | None = None
    status: Literal["accepted", "proposed"] = "accepted"
    important: bool = False
    action_oriented: bool = False
    inspiring: bool = False
    missed_explanation: str = ""
    key_results: list[KeyResultFile] = []


class CycleHeader(_Strict):
    name: str = Field(min_length=1, max_length=80)
    starts_on: Date
    ends_on: Date
    state: Literal["planning", "active", "scoring", "closed"] | None = None

    @model_validator(mode="after")
    def _dates(self) -> CycleHeader:
        if self.ends_on < self.starts_on:
            raise ValueError(f"ends_on: {self.ends_on} is before starts_on {self.starts_on}")
        return self


class OkrFile(_Strict):
    cycle: CycleHeader
    objectives: list[ObjectiveFile] = []


class ImportResult(BaseModel):
    cycle: str
    created_cycle: bool
    objectives: int
    key_results: int
    check_ins: int
    scores: int
    people_created: list[str]


def _where(data: dict, loc: tuple) -> str:
    """Name the objective and KR a pydantic error location points into."""
    parts: list[str] = []
    rest = list(loc)
    if rest[:1] == ["objectives"] and len(rest) >= 2 and isinstance(rest[1], int):
        objectives = data.get("objectives") or []
        index = rest[1]
        obj = objectives[index] if index < len(objectives) else {}
        title = obj.get("title") if isinstance(obj, dict) else None
        parts.append(f"objective {title!r}" if title else f"objective #{index + 1}")
        rest = rest[2:]
        if rest[:1] == ["key_results"] and len(rest) >= 2 and isinstance(rest[1], int):
            krs = obj.get("key_results") or [] if isinstance(obj, dict) else []
            kr_index = rest[1]
            kr = krs[kr_index] if kr_index < len(krs) else {}
            kr_title = kr.get("title") if isinstance(kr, dict) else None
            parts.append(f"key result {kr_title!r}" if kr_title else f"key result #{kr_index + 1}")
            rest = rest[2:]
            if rest[:1] == ["check_ins"] and len(rest) >= 2 and isinstance(rest[1], int):
                parts.append(f"check-in #{rest[1] + 1}")
                rest = rest[2:]
    field = ".".join(str(p) for p in rest)
    if field:
        parts.append(field)
    return ": ".join(parts)


def _message(error: dict) -> str:
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return "not a known field"
    if error["type"] == "missing":
        return "missing"
    if error["type"] in ("literal_error",):
        return f"{error.get('input')!r} is not allowed; {message.lower()}"
    if error["type"] in ("greater_than_equal", "less_than_equal", "greater_than"):
        return f"{error.get('input')!r}: {message.lower()}"
    return message


def parse_okr_file(text: str, source: str) -> OkrFile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CoachError(f"{source}: not valid TOML: {error}") from None
    try:
        return OkrFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        message = _message(first)
        where = _where(data, tuple(first["loc"]))
        # A model validator reports "field: what"; fold the field into the path.
        if first["type"] == "value_error" and ": " in message:
            field, message = message.split(": ", 1)
            where = f"{where}: {field}" if where else field
        raise CoachError(f"{source}: {where or 'file'}: {message}") from None


def import_okr_file(store: Store, path: Path | str, *, create_people: bool = False) -> ImportResult:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CoachError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise CoachError(f"{path}: cannot read: {error.strerror}") from None
    return import_okrs(
        store, parse_okr_file(text, str(path)), str(path), create_people=create_people
    )


def import_okrs(
    store: Store, plan: OkrFile, source: str, *, create_people: bool = False
) -> ImportResult:
    counts = {"objectives": 0, "key_results": 0, "check_ins": 0, "scores": 0}
    people_created: list[str] = []
    # One transaction: any error below rolls everything back.
    with store.write() as s:
        cycle = s.scalar(select(Cycle).where(Cycle.name == plan.cycle.name))
        created_cycle = cycle is None
        if cycle is None:
            cycle = Cycle(
                name=plan.cycle.name,
                starts_on=plan.cycle.starts_on,
                ends_on=plan.cycle.ends_on,
                state=plan.cycle.state or "planning",
            )
            s.add(cycle)
            s.flush()
        elif plan.cycle.state:
            cycle.state = plan.cycle.state

        people = {p.name.lower(): p for p in s.scalars(select(Person))}
        missing = []
        for o in plan.objectives:
            name = " ".join(o.owner.split())
            if name.lower() not in people and name not in missing:
                missing.append(name)
        if missing and not create_people:
            names = ", ".join(repr(n) for n in missing)
            raise CoachError(
                f"{source}: owner: unknown {'people' if len(missing) > 1 else 'person'} "
                f"{names}; add them first or use --create-people"
            )
        for name in missing:
            person = Person(name=name)
            s.add(person)
            s.flush()
            people[name.lower()] = person
            people_created.append(name)

        existing = {
            o.title: o for o in s.scalars(select(Objective).where(Objective.cycle_id == cycle.id))
        }
        in_file = {o.title for o in plan.objectives}
        for o in plan.objectives:
            if o.title in existing:
                raise CoachError(
                    f"{source}: objective {o.title!r}: title: already in cycle {cycle.name}"
                )
            if o.parent is not None and o.parent not in in_file and o.parent not in existing:
                raise CoachError(
                    f"{source}: objective {o.title!r}: parent: no objective titled "
                    f"{o.parent!r} in the file or in cycle {cycle.name}"
                )
        if len(in_file) != len(plan.objectives):
            seen: set[str] = set()
            for o in plan.objectives:
                if o.title in seen:
                    raise CoachError(f"{source}: objective {o.title!r}: title: used twice")
                seen.add(o.title)

        rows: dict[str, Objective] = dict(existing)
        positions: dict[int, int] = {}
        for o in plan.objectives:
            owner = people[" ".join(o.owner.split()).lower()]
            positions[owner.id] = positions.get(owner.id, 0) + 1
            row = Objective(
                cycle_id=cycle.id,
                owner_id=owner.id,
                title=o.title,
                type=o.type,
                status=o.status,
                position=positions[owner.id],
                is_important=o.important,
                is_action_oriented=o.action_oriented,
                is_inspiring=o.inspiring,
                missed_explanation=o.missed_explanation,
            )
            s.add(row)
            rows[o.title] = row
            counts["objectives"] += 1
        s.flush()
        for o in plan.objectives:
            if o.parent is not None:
                if o.parent == o.title:
                    raise CoachError(f"{source}: objective {o.title!r}: parent: is itself")
                rows[o.title].parent_id = rows[o.parent].id
            for position, kr in enumerate(o.key_results, start=1):
                milestone = kr.kind == "milestone"
                values = sorted(kr.check_ins, key=lambda c: c.on)
                current = kr.current
                if current is None and not milestone:
                    current = values[-1].value if values else kr.start
                kr_row = KeyResult(
                    objective_id=rows[o.title].id,
                    title=kr.title,
                    kind=kr.kind,
                    start=kr.start,
                    target=kr.target,
                    current=current,
                    unit=kr.unit,
                    done=kr.done if milestone else False,
                    weight=kr.weight,
                    position=position,
                )
                s.add(kr_row)
                s.flush()
                counts["key_results"] += 1
                for c in values:
                    s.add(
                        CheckIn(
                            key_result_id=kr_row.id,
                            on=c.on,
                            value=c.value,
                            confidence=c.confidence,
                            note=c.note,
                        )
                    )
                    counts["check_ins"] += 1
                if kr.score is not None:
                    s.add(KRScore(key_result_id=kr_row.id, score=kr.score, reason=kr.reason))
                    counts["scores"] += 1
    return ImportResult(
        cycle=plan.cycle.name,
        created_cycle=created_cycle,
        people_created=people_created,
        **counts,
    )

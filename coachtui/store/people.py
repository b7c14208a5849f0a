"""People: the manager and their reports."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import func, select

from coachtui.errors import CoachError, NotFound
from coachtui.store.db import Store
from coachtui.store.models import CheckIn, Person


class PersonIn(BaseModel):
    """What a form or the command line gives to create or edit a person."""

    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(max_length=120)
    role: str = Field(default="", max_length=120)
    team: str = Field(default="", max_length=120)
    is_manager: bool = False

    @field_validator("name")
    @classmethod
    def _name_present(cls, value: str) -> str:
        if not value:
            raise ValueError("a name is needed")
        return " ".join(value.split())


class PersonInfo(BaseModel):
    id: int
    name: str
    role: str
    team: str
    is_manager: bool
    archived: bool


def _info(p: Person) -> PersonInfo:
    return PersonInfo(
        id=p.id,
        name=p.name,
        role=p.role,
        team=p.team,
        is_manager=p.is_manager,
        archived=p.archived_at is not None,
    )


def validate_person(**fields) -> PersonInfo | PersonIn:
    try:
        return PersonIn(**fields)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "person"
        message = first["msg"].removeprefix("Value error, ")
        raise CoachError(f"{field}: {message}") from None


def latest_confidence_subquery():
    """(key_result_id, confidence) of each KR's latest check-in.

    This ranks every check-in; when only a few KRs matter (one person, one
    cycle), filter first or use a correlated subquery as ``store.team`` does.
    """
    ranked = select(
        CheckIn.key_result_id,
        CheckIn.confidence,
        func.row_number()
        .over(partition_by=CheckIn.key_result_id, order_by=(CheckIn.on.desc(), CheckIn.id.desc()))
        .label("rn"),
    ).subquery()
    return select(ranked.c.key_result_id, ranked.c.confidence).where(ranked.c.rn == 1).subquery()


class PeopleService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def list(self, *, include_archived: bool = False) -> list[PersonInfo]:
        with self.store.read() as s:
            query = select(Person).order_by(Person.is_manager.desc(), Person.name)
            if not include_archived:
                query = query.where(Person.archived_at.is_(None))
            return [_info(p) for p in s.scalars(query)]

    def get(self, person_id: int) -> PersonInfo:
        with self.store.read() as s:
            person = s.get(Person, person_id)
            if person is None:
                raise NotFound(f"no person with id {person_id}")
            return _info(person)

    def find(self, name: str) -> PersonInfo:
        """Exact name first, then a unique case-insensitive match."""
        wanted = " ".join(name.split())
        with self.store.read() as s:
            person = s.scalar(select(Person).where(Person.name == wanted))
            if person is None:
                matches = s.scalars(
                    select(Person).where(func.lower(Person.name) == wanted.lower())
                ).all()
                person = matches[0] if len(matches) == 1 else None
            if person is None:
                raise NotFound(f"no person named {name!r}")
            return _info(person)

    def _check_unique(self, s, name: str, exclude_id: int | None = None) -> None:
        query = select(Person.id).where(func.lower(Person.name) == name.lower())
        if exclude_id is not None:
            query = query.where(Person.id != exclude_id)
        if s.scalar(query) is not None:
            raise CoachError(f"name: {name!r} is already in your team")

    def add(
        self, name: str, role: str = "", team: str = "", is_manager: bool = False
    ) -> PersonInfo:
        data = validate_person(name=name, role=role, team=team, is_manager=is_manager)
        with self.store.write() as s:
            self._check_unique(s, data.name)
            person = Person(**data.model_dump())
            s.add(person)
            s.flush()
            return _info(person)

    def update(self, person_id: int, name: str, role: str = "", team: str = "") -> PersonInfo:
        data = validate_person(name=name, role=role, team=team)
        with self.store.write() as s:
            person = s.get(Person, person_id)
            if person is None:
                raise NotFound(f"no person with id {person_id}")
            self._check_unique(s, data.name, exclude_id=person_id)
            person.name, person.role, person.team = data.name, data.role, data.team
            return _info(person)

    def set_archived(self, person_id: int, archived: bool = True) -> PersonInfo:
        with self.store.write() as s:
            person = s.get(Person, person_id)
            if person is None:
                raise NotFound(f"no person with id {person_id}")
            if archived and person.is_manager:
                raise CoachError("the manager cannot be archived")
            person.archived_at = dt.datetime.now() if archived else None
            return _info(person)

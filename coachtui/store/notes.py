"""Private notes about a person, optionally tied to a KR, a named behaviour or a
one-on-one.

Notes are private by default. Anything that produces a shareable export asks
for ``shareable(person_id)``, which never contains a private note.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel
from sqlalchemy import select

from coachtui.errors import CoachError, NotFound
from coachtui.store.db import Store
from coachtui.store.models import Behaviour, KeyResult, Note, OneOnOne, Person

MAX_NOTE = 20_000


class NoteInfo(BaseModel):
    id: int
    person_id: int
    text: str
    key_result_id: int | None
    key_result_title: str | None
    behaviour_id: int | None
    behaviour_name: str | None
    one_on_one_id: int | None
    private: bool
    written_on: dt.date


def _clean(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise CoachError("text: a note needs some text")
    if len(cleaned) > MAX_NOTE:
        raise CoachError(f"text: longer than {MAX_NOTE} characters")
    return cleaned


class NotesService:
    def __init__(self, store: Store, today: dt.date | None = None) -> None:
        self.store = store
        self.today = today

    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    def add(
        self,
        person_id: int,
        text: str,
        *,
        key_result_id: int | None = None,
        behaviour_id: int | None = None,
        one_on_one_id: int | None = None,
        written_on: dt.date | None = None,
        private: bool = True,
    ) -> NoteInfo:
        text = _clean(text)
        with self.store.write() as s:
            if s.get(Person, person_id) is None:
                raise NotFound(f"no person with id {person_id}")
            self._check_links(s, person_id, key_result_id, behaviour_id, one_on_one_id)
            note = Note(
                person_id=person_id,
                text=text,
                key_result_id=key_result_id,
                behaviour_id=behaviour_id,
                one_on_one_id=one_on_one_id,
                is_private=private,
                written_on=written_on or self._today(),
            )
            s.add(note)
            s.flush()
            note_id = note.id
        return self.get(note_id)

    def update(
        self,
        note_id: int,
        text: str,
        *,
        key_result_id: int | None = None,
        behaviour_id: int | None = None,
    ) -> NoteInfo:
        text = _clean(text)
        with self.store.write() as s:
            note = s.get(Note, note_id)
            if note is None:
                raise NotFound(f"no note with id {note_id}")
            self._check_links(s, note.person_id, key_result_id, behaviour_id, None)
            note.text = text
            note.key_result_id = key_result_id
            note.behaviour_id = behaviour_id
        return self.get(note_id)

    def delete(self, note_id: int) -> None:
        with self.store.write() as s:
            note = s.get(Note, note_id)
            if note is None:
                raise NotFound(f"no note with id {note_id}")
            s.delete(note)

    def get(self, note_id: int) -> NoteInfo:
        rows = self._select(Note.id == note_id)
        if not rows:
            raise NotFound(f"no note with id {note_id}")
        return rows[0]

    def list_for(self, person_id: int, *, limit: int = 200) -> list[NoteInfo]:
        """The person's notes, newest first (private ones included: they are yours)."""
        return self._select(Note.person_id == person_id, limit=limit)

    def shareable(self, person_id: int, *, limit: int = 200) -> list[NoteInfo]:
        """Notes that may leave the manager's hands: never a private one."""
        return self._select(Note.person_id == person_id, Note.is_private.is_(False), limit=limit)

    def _select(self, *conditions, limit: int | None = None) -> list[NoteInfo]:
        query = (
            select(Note, KeyResult.title, Behaviour.name)
            .outerjoin(KeyResult, KeyResult.id == Note.key_result_id)
            .outerjoin(Behaviour, Behaviour.id == Note.behaviour_id)
            .where(*conditions)
            .order_by(Note.written_on.desc(), Note.id.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        with self.store.read() as s:
            return [
                NoteInfo(
                    id=n.id,
                    person_id=n.person_id,
                    text=n.text,
                    key_result_id=n.key_result_id,
                    key_result_title=kr_title,
                    behaviour_id=n.behaviour_id,
                    behaviour_name=behaviour_name,
                    one_on_one_id=n.one_on_one_id,
                    private=n.is_private,
                    written_on=n.written_on,
                )
                for n, kr_title, behaviour_name in s.execute(query)
            ]

    @staticmethod
    def _check_links(s, person_id, key_result_id, behaviour_id, one_on_one_id) -> None:
        if key_result_id is not None and s.get(KeyResult, key_result_id) is None:
            raise NotFound(f"kr: no key result with id {key_result_id}")
        if behaviour_id is not None:
            behaviour = s.get(Behaviour, behaviour_id)
            if behaviour is None or behaviour.person_id != person_id:
                raise NotFound(
                    f"behaviour: no named behaviour with id {behaviour_id} for this person"
                )
        if one_on_one_id is not None:
            one = s.get(OneOnOne, one_on_one_id)
            if one is None or one.person_id != person_id:
                raise NotFound(f"one-on-one: no one-on-one with id {one_on_one_id} for this person")

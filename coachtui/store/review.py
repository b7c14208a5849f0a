"""A person's history as one timeline, newest first, one page at a time.

The timeline merges one-on-ones (with their exchanges), action items, topics,
feedback, notes, check-ins and KR scores. Pages are cut by keyset — the
(date, kind code, id) of the last item shown — so a page costs the same on the
first day and after five years, and no caller ever holds the whole history.

Filters (kinds, a named behaviour, a KR, a cycle, a date range) combine with
AND. A kind that cannot carry a behaviour or a KR drops out when that filter
is set: a one-on-one is not "about" a behaviour, a feedback entry is.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    Date,
    Integer,
    and_,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)

from coachtui.errors import CoachError, NotFound
from coachtui.store.db import Store
from coachtui.store.feedback import BehaviourInfo, KeyResultRef, key_results_for
from coachtui.store.models import (
    ActionItem,
    Behaviour,
    CheckIn,
    Cycle,
    Exchange,
    Feedback,
    KeyResult,
    KRScore,
    Note,
    Objective,
    OneOnOne,
    Person,
    Topic,
    feedback_behaviour,
)
from coachtui.store.search_sql import SOURCES

# Timeline kinds, with the code they share with the search index (so a
# search hit maps straight to a timeline position).
CODES: dict[str, int] = {s.kind: s.code for s in SOURCES if s.kind != "exchange"}
KIND_BY_CODE = {code: kind for kind, code in CODES.items()}
KIND_LABELS = {
    "one_on_one": "one-on-one",
    "action_item": "action item",
    "topic": "topic",
    "feedback": "feedback",
    "note": "note",
    "check_in": "check-in",
    "kr_score": "score",
}
TIMELINE_KINDS = tuple(KIND_LABELS)
PAGE_SIZE = 40
BEHAVIOUR_KINDS = frozenset({"feedback", "note"})
KR_KINDS = frozenset({"feedback", "note", "action_item", "check_in", "kr_score"})


def day_of(column, sqlite: bool):
    """The calendar day of a DATETIME column, typed as a Date."""
    if sqlite:
        return type_coerce(func.date(column), Date)
    return cast(column, Date)


@dataclass(frozen=True, order=True)
class TimelineKey:
    """Where an item sits in the timeline; newer items have larger keys."""

    on: dt.date
    code: int
    id: int


class TimelineFilter(BaseModel):
    model_config = ConfigDict(frozen=True)

    kinds: frozenset[str] = frozenset()
    behaviour_id: int | None = None
    key_result_id: int | None = None
    cycle_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def active(self) -> bool:
        return self != TimelineFilter()

    def wanted_kinds(self) -> list[str]:
        kinds = [k for k in TIMELINE_KINDS if not self.kinds or k in self.kinds]
        if self.behaviour_id is not None:
            kinds = [k for k in kinds if k in BEHAVIOUR_KINDS]
        if self.key_result_id is not None:
            kinds = [k for k in kinds if k in KR_KINDS]
        return kinds


class TimelineItem(BaseModel):
    kind: str
    id: int
    on: dt.date
    title: str
    body: str
    tags: list[str]

    @property
    def key(self) -> TimelineKey:
        return TimelineKey(self.on, CODES[self.kind], self.id)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


class TimelinePage(BaseModel):
    items: list[TimelineItem]
    has_newer: bool
    has_older: bool

    @property
    def newest(self) -> TimelineKey | None:
        return self.items[0].key if self.items else None

    @property
    def oldest(self) -> TimelineKey | None:
        return self.items[-1].key if self.items else None


class CycleRef(BaseModel):
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date


class FilterOptions(BaseModel):
    behaviours: list[BehaviourInfo]
    key_results: list[KeyResultRef]
    cycles: list[CycleRef]


class BalanceRow(BaseModel):
    behaviour_id: int | None
    behaviour: str
    reinforcing: int
    redirecting: int
    # period label -> (reinforcing, redirecting)
    periods: dict[str, tuple[int, int]]


class Balance(BaseModel):
    periods: list[str]
    rows: list[BalanceRow]


def quarter_label(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def parse_day(text: str, field: str) -> dt.date | None:
    """A YYYY-MM-DD date from a filter box; empty means no bound."""
    value = text.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CoachError(f"{field}: {value!r} is not a date (YYYY-MM-DD)") from None


def _cut(value: str, width: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1].rstrip() + "…"


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


class ReviewService:
    def __init__(self, store: Store, today: dt.date | None = None) -> None:
        self.store = store
        self.today = today

    # -- what the filters can offer -----------------------------------------

    def filter_options(self, person_id: int) -> FilterOptions:
        with self.store.read() as s:
            behaviours = [
                BehaviourInfo(id=b.id, person_id=b.person_id, name=b.name)
                for b in s.scalars(
                    select(Behaviour)
                    .where(Behaviour.person_id == person_id)
                    .order_by(Behaviour.name)
                )
            ]
            cycles = [
                CycleRef(id=c.id, name=c.name, starts_on=c.starts_on, ends_on=c.ends_on)
                for c in s.scalars(select(Cycle).order_by(Cycle.starts_on.desc()))
            ]
        return FilterOptions(
            behaviours=behaviours, key_results=key_results_for(self.store, person_id), cycles=cycles
        )

    # -- the timeline --------------------------------------------------------

    def _keys_query(self, s, person_id: int, f: TimelineFilter):
        """One SELECT (on, code, id) per wanted kind, UNION ALL'd."""
        sqlite = self.store.is_sqlite
        cycle = None
        if f.cycle_id is not None:
            cycle = s.get(Cycle, f.cycle_id)
            if cycle is None:
                raise NotFound(f"cycle: no cycle with id {f.cycle_id}")

        def dated(query, day, *, by_cycle_kr: bool = False):
            if f.date_from is not None:
                query = query.where(day >= f.date_from)
            if f.date_to is not None:
                query = query.where(day <= f.date_to)
            if cycle is not None and not by_cycle_kr:
                query = query.where(day >= cycle.starts_on, day <= cycle.ends_on)
            return query

        def keyed(kind: str, model, day):
            return select(
                type_coerce(day, Date).label("on"),
                literal(CODES[kind], Integer).label("code"),
                model.id.label("id"),
            )

        parts = []
        for kind in f.wanted_kinds():
            if kind == "one_on_one":
                q = keyed(kind, OneOnOne, OneOnOne.held_on).where(OneOnOne.person_id == person_id)
                parts.append(dated(q, OneOnOne.held_on))
            elif kind == "action_item":
                day = day_of(ActionItem.created_at, sqlite)
                q = keyed(kind, ActionItem, day).where(ActionItem.person_id == person_id)
                if f.key_result_id is not None:
                    q = q.where(ActionItem.key_result_id == f.key_result_id)
                parts.append(dated(q, day))
            elif kind == "topic":
                day = day_of(Topic.created_at, sqlite)
                q = keyed(kind, Topic, day).where(Topic.person_id == person_id)
                parts.append(dated(q, day))
            elif kind == "feedback":
                q = keyed(kind, Feedback, Feedback.observed_on).where(
                    Feedback.person_id == person_id
                )
                if f.key_result_id is not None:
                    q = q.where(Feedback.key_result_id == f.key_result_id)
                if f.behaviour_id is not None:
                    q = q.where(
                        exists().where(
                            feedback_behaviour.c.feedback_id == Feedback.id,
                            feedback_behaviour.c.behaviour_id == f.behaviour_id,
                        )
                    )
                parts.append(dated(q, Feedback.observed_on))
            elif kind == "note":
                q = keyed(kind, Note, Note.written_on).where(Note.person_id == person_id)
                if f.key_result_id is not None:
                    q = q.where(Note.key_result_id == f.key_result_id)
                if f.behaviour_id is not None:
                    q = q.where(Note.behaviour_id == f.behaviour_id)
                parts.append(dated(q, Note.written_on))
            elif kind in ("check_in", "kr_score"):
                model = CheckIn if kind == "check_in" else KRScore
                day = CheckIn.on if kind == "check_in" else day_of(KRScore.scored_at, sqlite)
                # The person's KRs first, then their rows by the KR index: a
                # join here makes SQLite walk every check-in of the team.
                owned = (
                    select(KeyResult.id)
                    .join(Objective, Objective.id == KeyResult.objective_id)
                    .where(Objective.owner_id == person_id)
                )
                if cycle is not None:
                    owned = owned.where(Objective.cycle_id == cycle.id)
                q = keyed(kind, model, day).where(model.key_result_id.in_(owned))
                if f.key_result_id is not None:
                    q = q.where(model.key_result_id == f.key_result_id)
                parts.append(dated(q, day, by_cycle_kr=True))
        if not parts:
            return None
        return union_all(*parts).subquery("timeline")

    @staticmethod
    def _after(t, key: TimelineKey, *, older: bool, inclusive: bool = False):
        """Rows strictly older (or newer) than ``key`` in (on, code, id) order."""
        if older:
            last = t.c.id <= key.id if inclusive else t.c.id < key.id
            return or_(
                t.c.on < key.on,
                and_(t.c.on == key.on, t.c.code < key.code),
                and_(t.c.on == key.on, t.c.code == key.code, last),
            )
        last = t.c.id >= key.id if inclusive else t.c.id > key.id
        return or_(
            t.c.on > key.on,
            and_(t.c.on == key.on, t.c.code > key.code),
            and_(t.c.on == key.on, t.c.code == key.code, last),
        )

    def page(
        self,
        person_id: int,
        filters: TimelineFilter | None = None,
        *,
        older_than: TimelineKey | None = None,
        newer_than: TimelineKey | None = None,
        start_at: TimelineKey | None = None,
        size: int = PAGE_SIZE,
    ) -> TimelinePage:
        """One page, newest first.

        With no cursor: the newest page. ``older_than``: the page after the
        given item; ``newer_than``: the page before it; ``start_at``: a page
        whose first item is the given one (used to jump to a search hit).
        """
        f = filters or TimelineFilter()
        size = max(1, min(size, 500))
        with self.store.read() as s:
            t = self._keys_query(s, person_id, f)
            if t is None:
                return TimelinePage(items=[], has_newer=False, has_older=False)
            columns = select(t.c.on, t.c.code, t.c.id)
            newest_first = (t.c.on.desc(), t.c.code.desc(), t.c.id.desc())
            oldest_first = (t.c.on, t.c.code, t.c.id)
            if newer_than is not None:
                rows = s.execute(
                    columns.where(self._after(t, newer_than, older=False))
                    .order_by(*oldest_first)
                    .limit(size + 1)
                ).all()
                has_newer = len(rows) > size
                rows = list(reversed(rows[:size]))
                has_older = True
            else:
                query = columns
                if older_than is not None:
                    query = query.where(self._after(t, older_than, older=True))
                elif start_at is not None:
                    query = query.where(self._after(t, start_at, older=True, inclusive=True))
                rows = s.execute(query.order_by(*newest_first).limit(size + 1)).all()
                has_older = len(rows) > size
                rows = rows[:size]
                if older_than is not None:
                    has_newer = True
                elif start_at is not None and rows:
                    first = TimelineKey(_as_date(rows[0].on), rows[0].code, rows[0].id)
                    has_newer = (
                        s.execute(
                            select(t.c.id).where(self._after(t, first, older=False)).limit(1)
                        ).first()
                        is not None
                    )
                else:
                    has_newer = False
            keys = [TimelineKey(_as_date(r.on), r.code, r.id) for r in rows]
            items = self._load(s, keys)
        return TimelinePage(items=items, has_newer=has_newer, has_older=has_older)

    def locate(self, kind: str, item_id: int) -> tuple[int, TimelineKey]:
        """(person id, timeline key) of an item, e.g. a search hit.

        An exchange lives inside its one-on-one, so it maps to that.
        """
        sqlite = self.store.is_sqlite
        with self.store.read() as s:
            if kind == "exchange":
                one_id = s.scalar(select(Exchange.one_on_one_id).where(Exchange.id == item_id))
                if one_id is None:
                    raise NotFound(f"no exchange with id {item_id}")
                kind, item_id = "one_on_one", one_id
            if kind not in CODES:
                raise NotFound(f"nothing of kind {kind!r} in a timeline")
            row = None
            if kind == "one_on_one":
                row = s.execute(
                    select(OneOnOne.person_id, OneOnOne.held_on).where(OneOnOne.id == item_id)
                ).first()
            elif kind in ("action_item", "topic"):
                model = ActionItem if kind == "action_item" else Topic
                row = s.execute(
                    select(model.person_id, day_of(model.created_at, sqlite)).where(
                        model.id == item_id
                    )
                ).first()
            elif kind == "feedback":
                row = s.execute(
                    select(Feedback.person_id, Feedback.observed_on).where(Feedback.id == item_id)
                ).first()
            elif kind == "note":
                row = s.execute(
                    select(Note.person_id, Note.written_on).where(Note.id == item_id)
                ).first()
            else:
                model = CheckIn if kind == "check_in" else KRScore
                day = CheckIn.on if kind == "check_in" else day_of(KRScore.scored_at, sqlite)
                row = s.execute(
                    select(Objective.owner_id, day)
                    .select_from(model)
                    .join(KeyResult, KeyResult.id == model.key_result_id)
                    .join(Objective, Objective.id == KeyResult.objective_id)
                    .where(model.id == item_id)
                ).first()
            if row is None:
                raise NotFound(f"no {KIND_LABELS[kind]} with id {item_id}")
            return row[0], TimelineKey(_as_date(row[1]), CODES[kind], item_id)

    # -- turning keys into items ---------------------------------------------

    def _load(self, s, keys: list[TimelineKey]) -> list[TimelineItem]:
        ids: dict[str, list[int]] = defaultdict(list)
        for key in keys:
            ids[KIND_BY_CODE[key.code]].append(key.id)
        built: dict[tuple[str, int], tuple[str, str, list[str]]] = {}
        loaders = {
            "one_on_one": self._one_on_ones,
            "action_item": self._action_items,
            "topic": self._topics,
            "feedback": self._feedback,
            "note": self._notes,
            "check_in": self._check_ins,
            "kr_score": self._scores,
        }
        for kind, kind_ids in ids.items():
            for item_id, parts in loaders[kind](s, kind_ids).items():
                built[(kind, item_id)] = parts
        items = []
        for key in keys:
            kind = KIND_BY_CODE[key.code]
            title, body, tags = built[(kind, key.id)]
            items.append(
                TimelineItem(kind=kind, id=key.id, on=key.on, title=title, body=body, tags=tags)
            )
        return items

    @staticmethod
    def _kr_titles(s, kr_ids) -> dict[int, str]:
        kr_ids = {i for i in kr_ids if i is not None}
        if not kr_ids:
            return {}
        return _pairs(
            s.execute(select(KeyResult.id, KeyResult.title).where(KeyResult.id.in_(kr_ids)))
        )

    def _one_on_ones(self, s, ids):
        ones = s.scalars(select(OneOnOne).where(OneOnOne.id.in_(ids))).all()
        exchanges = defaultdict(list)
        for e in s.scalars(
            select(Exchange).where(Exchange.one_on_one_id.in_(ids)).order_by(Exchange.position)
        ):
            exchanges[e.one_on_one_id].append(e)
        out = {}
        for one in ones:
            asked = [e for e in exchanges[one.id] if not e.skipped]
            title = f"One-on-one · {len(asked)} question{'' if len(asked) == 1 else 's'}"
            if one.summary:
                title += f" · {_cut(one.summary, 70)}"
            lines = []
            if one.summary:
                lines.append(f"Summary: {one.summary}")
            if one.private_notes:
                lines.append(f"Private notes: {one.private_notes}")
            for e in asked:
                lines.append(f"Q: {e.question_text}")
                lines.append(f"   {e.heard or '—'}")
            tags = [] if one.status == "done" else ["draft"]
            out[one.id] = (title, "\n".join(lines), tags)
        return out

    def _action_items(self, s, ids):
        items = s.scalars(select(ActionItem).where(ActionItem.id.in_(ids))).all()
        krs = self._kr_titles(s, [i.key_result_id for i in items])
        out = {}
        for item in items:
            who = "me" if item.owner == "me" else "them"
            state = "done" if item.done_at else "open"
            due = f" · due {item.due_on.isoformat()}" if item.due_on else ""
            lines = [item.text, f"Owner: {who} · {state}{due}"]
            tags = [state]
            if item.key_result_id in krs:
                lines.append(f"KR: {krs[item.key_result_id]}")
                tags.append(f"KR: {_cut(krs[item.key_result_id], 30)}")
            out[item.id] = (f"Action ({who}): {_cut(item.text, 80)}", "\n".join(lines), tags)
        return out

    def _topics(self, s, ids):
        out = {}
        for topic in s.scalars(select(Topic).where(Topic.id.in_(ids))):
            state = "discussed" if topic.discussed_in_id else "open"
            out[topic.id] = (f"Topic: {_cut(topic.text, 80)}", topic.text, [state])
        return out

    def _feedback(self, s, ids):
        entries = s.scalars(select(Feedback).where(Feedback.id.in_(ids))).all()
        names = defaultdict(list)
        for feedback_id, name in s.execute(
            select(feedback_behaviour.c.feedback_id, Behaviour.name)
            .join(Behaviour, Behaviour.id == feedback_behaviour.c.behaviour_id)
            .where(feedback_behaviour.c.feedback_id.in_(ids))
            .order_by(Behaviour.name)
        ):
            names[feedback_id].append(name)
        krs = self._kr_titles(s, [e.key_result_id for e in entries])
        out = {}
        for e in entries:
            sign = "+" if e.kind == "reinforcing" else "−"
            title = f"{sign} {e.kind.capitalize()}: {_cut(e.behaviour, 80)}"
            lines = []
            if e.situation:
                lines.append(f"Situation: {e.situation}")
            lines.append(f"Behaviour: {e.behaviour}")
            lines.append(f"Impact: {e.impact or '—'}")
            if names[e.id]:
                lines.append("Named behaviours: " + ", ".join(names[e.id]))
            if e.key_result_id in krs:
                lines.append(f"KR: {krs[e.key_result_id]}")
            lines.append(
                f"Delivered {e.delivered_on.isoformat()}" if e.delivered_on else "Not delivered yet"
            )
            tags = list(names[e.id])
            if e.key_result_id in krs:
                tags.append(f"KR: {_cut(krs[e.key_result_id], 30)}")
            if e.is_vague:
                tags.append("vague")
                lines += [f"Vague: {r}" for r in e.vague_reasons.split("\n") if r]
            if e.delivered_on is None:
                tags.append("undelivered")
            out[e.id] = (title, "\n".join(lines), tags)
        return out

    def _notes(self, s, ids):
        rows = s.execute(
            select(Note, Behaviour.name)
            .outerjoin(Behaviour, Behaviour.id == Note.behaviour_id)
            .where(Note.id.in_(ids))
        ).all()
        krs = self._kr_titles(s, [n.key_result_id for n, _ in rows])
        out = {}
        for note, behaviour in rows:
            lines = [note.text]
            tags = ["private"] if note.is_private else []
            if behaviour:
                lines.append(f"Named behaviour: {behaviour}")
                tags.append(behaviour)
            if note.key_result_id in krs:
                lines.append(f"KR: {krs[note.key_result_id]}")
                tags.append(f"KR: {_cut(krs[note.key_result_id], 30)}")
            out[note.id] = (f"Note: {_cut(note.text, 80)}", "\n".join(lines), tags)
        return out

    def _check_ins(self, s, ids):
        rows = s.execute(
            select(CheckIn, KeyResult.title, KeyResult.unit)
            .join(KeyResult, KeyResult.id == CheckIn.key_result_id)
            .where(CheckIn.id.in_(ids))
        ).all()
        out = {}
        for c, kr_title, unit in rows:
            value = f"{_num(c.value)} {unit}".strip()
            title = f"Check-in: {_cut(kr_title, 60)} → {value} · confidence {c.confidence}/10"
            lines = [f"KR: {kr_title}", f"Value: {value} · confidence {c.confidence}/10"]
            if c.note:
                lines.append(c.note)
            out[c.id] = (title, "\n".join(lines), [f"KR: {_cut(kr_title, 30)}"])
        return out

    def _scores(self, s, ids):
        rows = s.execute(
            select(KRScore, KeyResult.title, Cycle.name)
            .join(KeyResult, KeyResult.id == KRScore.key_result_id)
            .join(Objective, Objective.id == KeyResult.objective_id)
            .join(Cycle, Cycle.id == Objective.cycle_id)
            .where(KRScore.id.in_(ids))
        ).all()
        out = {}
        for score, kr_title, cycle in rows:
            title = f"Score {score.score:.1f}: {_cut(kr_title, 70)}"
            lines = [f"KR: {kr_title} ({cycle})", f"Score: {score.score:.1f}"]
            if score.reason:
                lines.append(f"Reason: {score.reason}")
            out[score.id] = (title, "\n".join(lines), [cycle])
        return out

    # -- feedback balance ----------------------------------------------------

    def balance(
        self,
        person_id: int,
        *,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> Balance:
        """Reinforcing against redirecting feedback per named behaviour, per quarter.

        Feedback tied to no behaviour is counted under "(no named behaviour)";
        feedback tied to two behaviours counts for each.
        """
        query = (
            select(Feedback.kind, Feedback.observed_on, Behaviour.id, Behaviour.name)
            .outerjoin(feedback_behaviour, feedback_behaviour.c.feedback_id == Feedback.id)
            .outerjoin(Behaviour, Behaviour.id == feedback_behaviour.c.behaviour_id)
            .where(Feedback.person_id == person_id)
        )
        if date_from is not None:
            query = query.where(Feedback.observed_on >= date_from)
        if date_to is not None:
            query = query.where(Feedback.observed_on <= date_to)
        counts: dict[tuple[int | None, str], dict[str, list[int]]] = defaultdict(
            lambda: defaultdict(lambda: [0, 0])
        )
        periods: set[str] = set()
        with self.store.read() as s:
            for kind, observed, behaviour_id, name in s.execute(query):
                period = quarter_label(_as_date(observed))
                periods.add(period)
                slot = counts[(behaviour_id, name or "(no named behaviour)")][period]
                slot[0 if kind == "reinforcing" else 1] += 1
        rows = []
        for (behaviour_id, name), by_period in counts.items():
            rows.append(
                BalanceRow(
                    behaviour_id=behaviour_id,
                    behaviour=name,
                    reinforcing=sum(v[0] for v in by_period.values()),
                    redirecting=sum(v[1] for v in by_period.values()),
                    periods={p: (v[0], v[1]) for p, v in sorted(by_period.items())},
                )
            )
        rows.sort(
            key=lambda r: (r.behaviour_id is None, -(r.reinforcing + r.redirecting), r.behaviour)
        )
        return Balance(periods=sorted(periods), rows=rows)

    def person_name(self, person_id: int) -> str:
        with self.store.read() as s:
            name = s.scalar(select(Person.name).where(Person.id == person_id))
        if name is None:
            raise NotFound(f"no person with id {person_id}")
        return name


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _pairs(result) -> dict:
    return {row[0]: row[1] for row in result}

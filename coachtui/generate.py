"""Deterministic synthetic history for demos and benchmarks.

``generate_history`` writes people, quarterly cycles (objectives, KRs,
check-ins, scores for the closed ones), weekly one-on-ones with exchanges,
action items and topics, feedback tied to named behaviours, and private
notes. The same seed and end date give the same database. Rows are written
with bulk inserts and explicit ids, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select

from coachtui.errors import CoachError
from coachtui.store.db import Store
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

FIRST = [
    "Ana",
    "Amara",
    "Bruno",
    "Chen",
    "Dara",
    "Eitan",
    "Farah",
    "Gustavo",
    "Hana",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Samir",
    "Tomas",
    "Uma",
    "Viktor",
    "Wen",
    "Yara",
    "Zeno",
    "Aiko",
    "Bela",
    "Caio",
    "Dmitri",
    "Elif",
    "Femi",
    "Greta",
    "Hugo",
    "Ilse",
    "Jun",
    "Kavya",
    "Luca",
    "Maren",
    "Niko",
    "Oona",
    "Pavel",
    "Rahel",
    "Sven",
    "Tariq",
]
LAST = [
    "Souza",
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Tanaka",
    "Novak",
    "Adeyemi",
    "Ferreira",
    "Kowalski",
    "Brandt",
    "Ismail",
    "Castillo",
    "Nakamura",
    "Petrov",
    "Oliveira",
    "Mensah",
    "Jansen",
    "Varga",
    "Duarte",
    "Rahman",
    "Keller",
    "Sato",
    "Almeida",
    "Ekström",
    "Bianchi",
    "Osei",
    "Horvat",
    "Quispe",
    "Laine",
]
ROLES = (
    "Backend engineer",
    "Frontend engineer",
    "Site reliability engineer",
    "Data engineer",
    "Product designer",
    "QA engineer",
    "Engineering lead",
    "Mobile engineer",
)
TEAMS = ("Platform", "Payments", "Growth", "Mobile", "Data")

PROJECTS = (
    "billing migration",
    "search rewrite",
    "onboarding flow",
    "release pipeline",
    "incident review",
    "design system",
    "mobile checkout",
    "data warehouse",
    "on-call rota",
    "API versioning",
    "load testing",
    "accessibility audit",
)
CODENAMES = (
    "Kestrel",
    "Bluebird",
    "Juniper",
    "Halyard",
    "Marigold",
    "Osprey",
    "Quokka",
    "Tamarind",
    "Wren",
    "Zephyr",
)
FEELINGS = (
    "energised",
    "stretched thin",
    "curious",
    "a bit stuck",
    "proud of the team",
    "unsure about priorities",
    "calm",
    "frustrated with the tooling",
)
BEHAVIOURS = (
    "writes clear design docs",
    "asks for help early",
    "reviews code thoroughly",
    "keeps stakeholders informed",
    "mentors newer engineers",
    "breaks work into small steps",
    "runs calm incident calls",
    "pushes back on unclear scope",
)
CHECKIN_QUESTIONS = (
    ("checkin.on-your-mind", "opening", "What is on your mind this week?"),
    ("checkin.energy", "opening", "How is your energy compared with last week?"),
    ("checkin.progress", "work", "What moved forward since we last talked?"),
    ("checkin.blockers", "work", "What is slowing you down right now?"),
    ("checkin.priorities", "work", "How are you deciding what to work on first?"),
    ("checkin.support", "support", "What could I do differently to help you?"),
    ("checkin.team", "support", "How are things going with the rest of the team?"),
    ("checkin.learning", "growth", "What did you learn this week that surprised you?"),
    ("checkin.next", "close", "What will you do before we meet next?"),
)
OBJECTIVE_TITLES = (
    "Make the {p} something the team is proud of",
    "Cut the time customers wait in the {p}",
    "Ship the {p} without a single rollback",
    "Turn the {p} into a self-serve experience",
    "Make on-call quieter around the {p}",
    "Grow the team's confidence with the {p}",
)
KR_TEMPLATES = (
    ("numeric", "Median minutes to complete the {p}", 40.0, 15.0, "minutes"),
    ("numeric", "Weekly active teams using the {p}", 4.0, 12.0, "teams"),
    ("numeric", "Pages per month caused by the {p}", 18.0, 4.0, "pages"),
    ("percent", "Share of {p} changes with a design review", 20.0, 80.0, "%"),
    ("percent", "Test coverage of the {p}", 45.0, 75.0, "%"),
    ("milestone", "Write and publish the {p} runbook", None, None, ""),
    ("milestone", "Run a game day on the {p}", None, None, ""),
)

DEMO_MANAGER = ("Morgan Lee", "Engineering manager", "Platform")
DEMO_TEAM = (
    ("Ana Souza", "Senior backend engineer", "Platform"),
    ("Kofi Mensah", "Site reliability engineer", "Platform"),
    ("Priya Rahman", "Frontend engineer", "Growth"),
    ("Tomas Novak", "Data engineer", "Platform"),
    ("Hana Tanaka", "Product designer", "Growth"),
    ("Samir Haddad", "Backend engineer (new joiner)", "Platform"),
)


@dataclass
class _Rows:
    """Rows per table, with the next free id of each."""

    next_id: dict[str, int]
    rows: dict[str, list[dict]] = field(default_factory=dict)

    def add(self, table: str, **values) -> int:
        new_id = self.next_id[table]
        self.next_id[table] = new_id + 1
        self.rows.setdefault(table, []).append({"id": new_id, **values})
        return new_id

    def link(self, table: str, **values) -> None:
        self.rows.setdefault(table, []).append(values)


TABLES = {
    "person": Person,
    "cycle": Cycle,
    "objective": Objective,
    "key_result": KeyResult,
    "check_in": CheckIn,
    "kr_score": KRScore,
    "one_on_one": OneOnOne,
    "exchange": Exchange,
    "action_item": ActionItem,
    "topic": Topic,
    "behaviour": Behaviour,
    "feedback": Feedback,
    "note": Note,
}
# Insert order respects foreign keys.
ORDER = (
    "person",
    "cycle",
    "objective",
    "key_result",
    "one_on_one",
    "check_in",
    "kr_score",
    "exchange",
    "action_item",
    "topic",
    "behaviour",
    "feedback",
    "feedback_behaviour",
    "note",
)


def _quarters(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    out = []
    year, quarter = start.year, (start.month - 1) // 3
    while True:
        q_start = dt.date(year, quarter * 3 + 1, 1)
        if q_start > end:
            break
        next_year, next_quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
        q_end = dt.date(next_year, next_quarter * 3 + 1, 1) - dt.timedelta(days=1)
        out.append((f"{year}-Q{quarter + 1}", q_start, q_end))
        year, quarter = next_year, next_quarter
    return out


def _names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    combos = [f"{f} {last}" for f in FIRST for last in LAST]
    rng.shuffle(combos)
    suffix = 1
    while len(names) < count:
        for combo in combos:
            name = combo if suffix == 1 else f"{combo} {suffix}"
            if name not in taken:
                taken.add(name)
                names.append(name)
                if len(names) == count:
                    break
        suffix += 1
    return names


def generate_history(
    store: Store,
    *,
    people: int,
    years: float,
    seed: int = 1,
    end: dt.date | None = None,
    force: bool = False,
    team: Sequence[tuple[str, str, str]] | None = None,
    manager: tuple[str, str, str] | None = None,
) -> dict[str, int]:
    """Write the history; return how many rows of each kind were written."""
    rng = random.Random(seed)
    end = end or dt.date.today()
    start = end - dt.timedelta(days=round(365.25 * years))

    with store.write() as s:
        existing = set(s.scalars(select(Person.name)))
        if existing and not force:
            raise CoachError(
                f"the database already has {len(existing)} people; "
                "use --force to add generated history anyway"
            )
        next_id = {
            name: (s.scalar(select(func.max(model.id))) or 0) + 1 for name, model in TABLES.items()
        }
        cycle_names = set(s.scalars(select(Cycle.name)))
        has_manager = s.scalar(select(Person.id).where(Person.is_manager)) is not None

        rows = _Rows(next_id)
        if team is None:
            names = _names(rng, people, set(existing))
            team = [(n, rng.choice(ROLES), rng.choice(TEAMS)) for n in names]
        else:
            team = [t for t in team if t[0] not in existing][:people]
        manager_id = None
        if not has_manager:
            manager = manager or ("Morgan Lee", "Engineering manager", "Platform")
            if manager[0] in existing:
                manager = (manager[0] + " (manager)", *manager[1:])
            manager_id = rows.add(
                "person", name=manager[0], role=manager[1], team=manager[2], is_manager=True
            )
        report_ids = [
            rows.add("person", name=n, role=r, team=t, is_manager=False) for n, r, t in team
        ]
        owners = ([manager_id] if manager_id else []) + report_ids
        kr_by_owner = _okrs(rng, rows, owners, start, end, cycle_names)
        for person_id in report_ids:
            _person_history(rng, rows, person_id, start, end, kr_by_owner.get(person_id, []))

        for table in ORDER:
            batch = rows.rows.get(table)
            if not batch:
                continue
            target = feedback_behaviour if table == "feedback_behaviour" else TABLES[table]
            for i in range(0, len(batch), 5000):
                s.execute(insert(target), batch[i : i + 5000])
    return {table: len(rows.rows.get(table, [])) for table in ORDER if table in TABLES}


def _okrs(
    rng: random.Random,
    rows: _Rows,
    owners: list[int],
    start: dt.date,
    end: dt.date,
    taken: set[str],
) -> dict[int, list[tuple[int, dt.date, dt.date]]]:
    """Quarterly cycles; the one containing ``end`` is active, earlier ones closed."""
    kr_by_owner: dict[int, list[tuple[int, dt.date, dt.date]]] = {}
    for name, q_start, q_end in _quarters(start, end):
        if name in taken:
            continue
        active = q_end >= end
        cycle_id = rows.add(
            "cycle",
            name=name,
            starts_on=q_start,
            ends_on=q_end,
            state="active" if active else "closed",
            closed_at=None if active else dt.datetime.combine(q_end, dt.time(17)),
        )
        for owner in owners:
            for position in range(3):
                project = rng.choice(PROJECTS)
                objective_id = rows.add(
                    "objective",
                    cycle_id=cycle_id,
                    owner_id=owner,
                    title=rng.choice(OBJECTIVE_TITLES).format(p=project),
                    type="committed" if rng.random() < 0.2 else "aspirational",
                    status="accepted",
                    position=position,
                    is_important=True,
                    is_action_oriented=rng.random() < 0.8,
                    is_inspiring=rng.random() < 0.6,
                    missed_explanation="",
                )
                for kr_position in range(rng.choice((3, 4, 4))):
                    kr_id = _key_result(rng, rows, objective_id, kr_position, project)
                    _check_ins(rng, rows, kr_id, q_start, min(q_end, end), active)
                    kr_by_owner.setdefault(owner, []).append((kr_id, q_start, q_end))
    return kr_by_owner


def _key_result(rng: random.Random, rows: _Rows, objective_id: int, position: int, project: str):
    kind, title, start, target, unit = rng.choice(KR_TEMPLATES)
    progress = min(1.0, max(0.0, rng.gauss(0.65, 0.25)))
    current = None if start is None else round(start + (target - start) * progress, 1)
    row = dict(
        objective_id=objective_id,
        title=title.format(p=project),
        kind=kind,
        start=start,
        target=target,
        current=current,
        unit=unit,
        done=kind == "milestone" and progress > 0.6,
        weight=rng.choice((1.0, 1.0, 1.0, 2.0)),
        position=position,
    )
    kr_id = rows.add("key_result", **row)
    rows.rows["key_result"][-1]["_progress"] = progress
    return kr_id


def _check_ins(
    rng: random.Random, rows: _Rows, kr_id: int, start: dt.date, end: dt.date, active: bool
) -> None:
    kr = rows.rows["key_result"][-1]
    progress = kr.pop("_progress")
    days = (end - start).days
    steps = max(1, days // 14)
    confidence = rng.randint(5, 8)
    for step in range(1, steps + 1):
        share = progress * step / steps
        if kr["kind"] == "milestone":
            value = 1.0 if (kr["done"] and step == steps) else 0.0
        else:
            value = round(kr["start"] + (kr["target"] - kr["start"]) * share, 1)
        confidence = max(0, min(10, confidence + rng.choice((-2, -1, 0, 0, 0, 1, 1, 1))))
        rows.add(
            "check_in",
            key_result_id=kr_id,
            one_on_one_id=None,
            on=start + dt.timedelta(days=step * 14),
            value=value,
            confidence=confidence,
            note=rng.choice(
                (
                    f"Steady week; the {rng.choice(CODENAMES)} spike helped.",
                    "Blocked on review capacity for a few days.",
                    "Good progress after pairing with the team.",
                    "Scope grew; we cut two nice-to-haves.",
                    "Waiting on another team's release.",
                )
            ),
        )
    if not active:
        suggested = round(progress, 1) if kr["kind"] != "milestone" else float(kr["done"])
        score = min(1.0, max(0.0, round(suggested + rng.choice((-0.1, 0.0, 0.0, 0.1)), 1)))
        rows.add(
            "kr_score",
            key_result_id=kr_id,
            score=score,
            reason=rng.choice(
                (
                    "Landed most of it; the last stretch needed another team.",
                    "We learned the target was set too low.",
                    "Priorities shifted mid-cycle towards incidents.",
                    "Good result; the pairing rota did most of the work.",
                )
            ),
            scored_at=dt.datetime.combine(end, dt.time(16)),
        )


def _person_history(
    rng: random.Random,
    rows: _Rows,
    person_id: int,
    start: dt.date,
    end: dt.date,
    krs: list[tuple[int, dt.date, dt.date]],
) -> None:
    behaviour_ids = [
        rows.add(
            "behaviour",
            person_id=person_id,
            name=name,
            created_at=dt.datetime.combine(start, dt.time(9)),
        )
        for name in rng.sample(BEHAVIOURS, 4)
    ]
    weekday = rng.randint(0, 4)
    day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    while day < end:
        _one_on_one(rng, rows, person_id, day, end, krs)
        if rng.random() < 0.45:
            _feedback(rng, rows, person_id, day, end, behaviour_ids, krs)
        _note(rng, rows, person_id, day, behaviour_ids, krs)
        day += dt.timedelta(days=7)


def _kr_near(rng: random.Random, krs, day: dt.date) -> int | None:
    current = [kr for kr, s, e in krs if s <= day <= e]
    return rng.choice(current) if current and rng.random() < 0.5 else None


def _one_on_one(rng, rows: _Rows, person_id: int, day: dt.date, end: dt.date, krs) -> None:
    at = dt.datetime.combine(day, dt.time(10))
    project = rng.choice(PROJECTS)
    feeling = rng.choice(FEELINGS)
    one_id = rows.add(
        "one_on_one",
        person_id=person_id,
        held_on=day,
        bank_id="regular-check-in",
        status="done",
        summary=f"Talked about the {project}; they feel {feeling}.",
        private_notes="" if rng.random() < 0.7 else f"Watch workload around the {project}.",
        questions_asked=0,
        nudges=0,
        draft_json="",
        started_at=at,
        finished_at=at + dt.timedelta(minutes=30),
    )
    asked = rng.sample(CHECKIN_QUESTIONS, rng.randint(5, 8))
    for position, (qid, stage, text) in enumerate(asked):
        rows.add(
            "exchange",
            one_on_one_id=one_id,
            position=position,
            stage_id=stage,
            question_id=qid,
            question_text=text,
            heard=_heard(rng, project, feeling),
            source="bank",
            skipped=False,
            is_private=False,
        )
    rows.rows["one_on_one"][-1]["questions_asked"] = len(asked)
    for _ in range(rng.choice((0, 1, 1, 2))):
        due = day + dt.timedelta(days=rng.choice((3, 7, 14)))
        rows.add(
            "action_item",
            person_id=person_id,
            one_on_one_id=one_id,
            key_result_id=_kr_near(rng, krs, day),
            owner=rng.choice(("me", "them")),
            text=rng.choice(
                (
                    f"Share the draft of the {project} plan",
                    f"Book a review of the {project} with the team",
                    f"Introduce them to the {rng.choice(CODENAMES)} owners",
                    f"Write down the open questions on the {project}",
                )
            ),
            due_on=due,
            done_at=None
            if due >= end - dt.timedelta(days=14) and rng.random() < 0.7
            else at + dt.timedelta(days=5),
            created_at=at,
        )
    if rng.random() < 0.3:
        rows.add(
            "topic",
            person_id=person_id,
            raised_in_id=one_id,
            discussed_in_id=None if day + dt.timedelta(days=7) >= end else one_id + 1,
            text=f"Come back to the {rng.choice(PROJECTS)} next time",
            created_at=at,
        )


def _heard(rng: random.Random, project: str, feeling: str) -> str:
    parts = [
        f"They said the {project} is going {rng.choice(('well', 'slowly', 'better than expected'))}.",
        f"Feeling {feeling} overall.",
    ]
    if rng.random() < 0.3:
        parts.append(f"Mentioned {rng.choice(CODENAMES)} as the next thing to look at.")
    if rng.random() < 0.5:
        parts.append(
            rng.choice(
                (
                    "Wants more time for deep work on the team's priorities.",
                    "Pairing with a teammate helped unblock the review.",
                    "Worried the deadline is tight for the team.",
                    "Would like to present the work at the next demo.",
                )
            )
        )
    return " ".join(parts)


def _feedback(rng, rows: _Rows, person_id: int, day: dt.date, end: dt.date, behaviour_ids, krs):
    kind = "reinforcing" if rng.random() < 0.7 else "redirecting"
    project = rng.choice(PROJECTS)
    if kind == "reinforcing":
        behaviour = f"wrote the {project} guide before anyone asked for it"
        impact = "two new teammates shipped their first change without help"
    else:
        behaviour = f"merged the {project} change without waiting for the second review"
        impact = "the rollback cost the team an evening"
    observed = day - dt.timedelta(days=rng.randint(0, 3))
    feedback_id = rows.add(
        "feedback",
        person_id=person_id,
        kind=kind,
        situation=f"During the {project} work in the week of {observed.isoformat()}",
        behaviour=behaviour,
        impact=impact,
        key_result_id=_kr_near(rng, krs, day),
        observed_on=observed,
        delivered_on=None if day + dt.timedelta(days=14) >= end else day + dt.timedelta(days=7),
        delivered_in_id=None,
        is_vague=False,
        vague_reasons="",
        created_at=dt.datetime.combine(observed, dt.time(18)),
    )
    rows.link("feedback_behaviour", feedback_id=feedback_id, behaviour_id=rng.choice(behaviour_ids))


def _note(rng, rows: _Rows, person_id: int, day: dt.date, behaviour_ids, krs) -> None:
    rows.add(
        "note",
        person_id=person_id,
        text=rng.choice(
            (
                f"Noticed they were quiet in the {rng.choice(PROJECTS)} meeting.",
                f"Ask about the conference talk idea on {rng.choice(CODENAMES)}.",
                "They handled a tense stakeholder call with patience.",
                f"Could lead the {rng.choice(PROJECTS)} next quarter.",
                "Check whether the team's on-call load is fair to them.",
            )
        ),
        key_result_id=_kr_near(rng, krs, day),
        behaviour_id=rng.choice(behaviour_ids) if rng.random() < 0.3 else None,
        one_on_one_id=None,
        is_private=True,
        written_on=day + dt.timedelta(days=rng.randint(0, 2)),
        created_at=dt.datetime.combine(day, dt.time(19)),
    )

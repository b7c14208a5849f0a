"""The team overview behind the home screen, in one fast query.

Plain SQL through ``Store.query`` and dataclass rows: the home screen is the
first thing a manager sees, so this path imports neither SQLAlchemy nor
pydantic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coachtui.domain.risk import LOW_CONFIDENCE

TEAM_SQL = """
WITH last_one AS (
    SELECT person_id, max(held_on) AS held_on FROM one_on_one
    WHERE status = 'done' GROUP BY person_id
), open_items AS (
    SELECT person_id, count(*) AS n FROM action_item
    WHERE done_at IS NULL GROUP BY person_id
), at_risk AS (
    SELECT o.owner_id AS person_id, count(*) AS n
    FROM key_result k
    JOIN objective o ON o.id = k.objective_id AND o.status = 'accepted'
    JOIN cycle c ON c.id = o.cycle_id AND c.state = 'active'
    WHERE (
        SELECT ci.confidence FROM check_in ci WHERE ci.key_result_id = k.id
        ORDER BY ci."on" DESC, ci.id DESC LIMIT 1
    ) <= :low
    GROUP BY o.owner_id
)
SELECT p.id, p.name, p.role, p.team, p.is_manager, p.archived_at IS NOT NULL,
       last_one.held_on, coalesce(open_items.n, 0), coalesce(at_risk.n, 0)
FROM person p
LEFT JOIN last_one ON last_one.person_id = p.id
LEFT JOIN open_items ON open_items.person_id = p.id
LEFT JOIN at_risk ON at_risk.person_id = p.id
WHERE :archived OR p.archived_at IS NULL
ORDER BY p.is_manager DESC, p.name
"""


@dataclass(frozen=True)
class TeamRow:
    """One person on the home screen."""

    id: int
    name: str
    role: str
    team: str
    is_manager: bool
    archived: bool
    last_one_on_one: dt.date | None
    days_since_one_on_one: int | None
    open_action_items: int
    krs_at_risk: int


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def team_rows(store, today: dt.date, *, include_archived: bool = False) -> list[TeamRow]:
    rows = store.query(TEAM_SQL, {"low": LOW_CONFIDENCE, "archived": include_archived})
    out = []
    for pid, name, role, team, manager, archived, held, open_n, risk_n in rows:
        held = _as_date(held)
        out.append(
            TeamRow(
                id=pid,
                name=name,
                role=role,
                team=team,
                is_manager=bool(manager),
                archived=bool(archived),
                last_one_on_one=held,
                days_since_one_on_one=(today - held).days if held else None,
                open_action_items=open_n,
                krs_at_risk=risk_n,
            )
        )
    return out

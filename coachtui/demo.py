"""The demo database: a small fictional team with a few months of history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from coachtui.generate import DEMO_MANAGER, DEMO_TEAM, generate_history
from coachtui.store.db import Store
from coachtui.store.models import Person

DEMO_SEED = 7
DEMO_YEARS = 0.4


def ensure_demo_data(store: Store, *, today: dt.date | None = None) -> bool:
    """Seed the demo team on first use; return True if it was seeded now."""
    with store.read() as s:
        if s.scalar(select(Person.id).limit(1)) is not None:
            return False
    generate_history(
        store,
        people=len(DEMO_TEAM),
        years=DEMO_YEARS,
        seed=DEMO_SEED,
        end=today,
        team=DEMO_TEAM,
        manager=DEMO_MANAGER,
    )
    return True

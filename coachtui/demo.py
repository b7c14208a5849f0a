"""The demo database: a small fictional team with a few months of history."""

from __future__ import annotations

import datetime as dt

from coachtui.store.db import Store

DEMO_SEED = 7
DEMO_YEARS = 0.4


def ensure_demo_data(store: Store, *, today: dt.date | None = None) -> bool:
    """Seed the demo team on first use; return True if it was seeded now."""
    if store.query("SELECT 1 FROM person LIMIT 1"):
        return False
    from coachtui.generate import DEMO_MANAGER, DEMO_TEAM, generate_history

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

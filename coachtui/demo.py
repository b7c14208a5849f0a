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
    _leave_last_cycle_to_score(store)
    return True


def _leave_last_cycle_to_score(store: Store) -> None:
    """The quarter that just ended waits in the scoring state, unscored, so the
    scoring session has something to walk through on first use."""
    from sqlalchemy import text

    with store.write() as s:
        last = s.execute(
            text("SELECT id FROM cycle WHERE state = 'closed' ORDER BY ends_on DESC LIMIT 1")
        ).scalar()
        if last is None:
            return
        s.execute(
            text(
                "DELETE FROM kr_score WHERE key_result_id IN (SELECT k.id FROM key_result k "
                "JOIN objective o ON o.id = k.objective_id WHERE o.cycle_id = :c)"
            ),
            {"c": last},
        )
        s.execute(
            text("UPDATE cycle SET state = 'scoring', closed_at = NULL WHERE id = :c"), {"c": last}
        )

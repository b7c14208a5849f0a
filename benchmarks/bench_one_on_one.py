"""One-on-ones on the generated database: preparation, opening the screen, saving a draft.

The person measured is the one with the most past one-on-ones (about 260 in
`generate --people 50 --years 5`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from harness import GEN_END, Context, bare_screen_class, median, row, time_screen_opens

TARGET_OPEN_MS = 100


def _busiest_person(store) -> tuple[int, int]:
    from sqlalchemy import func, select

    from coachtui.store.models import OneOnOne

    with store.read() as s:
        return s.execute(
            select(OneOnOne.person_id, func.count().label("n"))
            .group_by(OneOnOne.person_id)
            .order_by(func.count().desc(), OneOnOne.person_id)
            .limit(1)
        ).one()


async def _open_screen_times(
    store, today: dt.date, person_id: int, runs: int
) -> tuple[list[float], list[float]]:
    from coachtui.screens.one_on_one_prep import PreparationScreen

    from coachtui.app import make_app

    app = make_app(store=store, today=today)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        times, bare_times = await time_screen_opens(
            app,
            pilot,
            [lambda: PreparationScreen(person_id), bare_screen_class()],
            runs,
            ready=lambda screen: (
                not isinstance(screen, PreparationScreen)
                or (screen.prep is not None and bool(screen.query("#prep-sections")))
            ),
        )
    return times, bare_times


def rows(ctx: Context) -> list[dict]:
    from coachtui.paths import sqlite_url
    from coachtui.store.db import Store
    from coachtui.store.one_on_ones import OneOnOneService

    today = dt.date.fromisoformat(GEN_END)
    store = Store.open(sqlite_url(ctx.copy_of_generated_db()))
    try:
        person_id, count = _busiest_person(store)
        service = OneOnOneService(store, today)
        service.prepare(person_id)  # warm
        prep_times = []
        for _ in range(max(ctx.runs, 5)):
            started = time.perf_counter()
            prep = service.prepare(person_id)
            prep_times.append(time.perf_counter() - started)
        assert prep.past_count >= 250, prep.past_count

        open_times, bare_times = asyncio.run(
            _open_screen_times(store, today, person_id, max(ctx.runs, 9))
        )

        draft = service.start(person_id, "regular-check-in")
        save_times = []
        for i in range(max(ctx.runs, 5) * 4):
            state = {"heard": "The pager woke me three times" + "." * i, "stage_index": 1}
            started = time.perf_counter()
            service.save_draft(draft.id, state)
            save_times.append(time.perf_counter() - started)
    finally:
        store.close()
    return [
        row(
            f"one-on-one: preparation query ({count} past one-on-ones)",
            median(prep_times) * 1000,
            "ms",
            None,
        ),
        row(
            f"one-on-one: open screen, preparation filled ({count} past)",
            median(open_times) * 1000,
            "ms",
            TARGET_OPEN_MS,
        ),
        row(
            "one-on-one: open a bare screen (header, text, footer), same app",
            median(bare_times) * 1000,
            "ms",
            None,
        ),
        row(
            "one-on-one: save the draft (one keystroke to disk)",
            median(save_times) * 1000,
            "ms",
            100,
        ),
    ]

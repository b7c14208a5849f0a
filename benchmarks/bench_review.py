"""The review screen and search on the generated database (50 people, 5 years).

- open the review screen for one person, until its first page is on screen;
- a deep page (the oldest) by keyset, to show paging does not slow down;
- a selective search (one person's texts, a word in a few dozen of them);
- a search for a word found in most texts, across everyone and for one person.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from harness import Context, bare_screen_class, median, row, time_screen_opens

PERSON_ID = 7  # a report with a full five-year history
SELECTIVE = "patience"  # about 50 of that person's ~4,300 texts
SELECTIVE_EVERYONE = '"week of 2024-03-05"'  # feedback from one week, across the team
COMMON = "the"  # in about 78% of all texts


def _timed(fn, runs: int) -> float:
    fn()  # warm caches once
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return median(samples) * 1000


async def _open_screens(store, person, runs: int) -> tuple[float, float]:
    """Median ms to first page of the review screen, and to a bare screen for scale."""
    from coachtui.screens.review import ReviewScreen

    from coachtui.app import make_app

    app = make_app(store=store, today=dt.date(2026, 11, 27))
    async with app.run_test(size=(120, 40)) as pilot:
        review, bare = await time_screen_opens(
            app,
            pilot,
            [lambda: ReviewScreen(person), bare_screen_class()],
            runs,
            # Ready once the first page is in the timeline; the harness then
            # waits for the refresh that paints it.
            ready=lambda screen: getattr(screen, "first_page_at", 0) is not None,
        )
    return median(review) * 1000, median(bare) * 1000


def rows(ctx: Context) -> list[dict]:
    from coachtui.paths import sqlite_url
    from coachtui.store.db import Store
    from coachtui.store.people import PeopleService
    from coachtui.store.review import ReviewService
    from coachtui.store.search import SearchService

    store = Store.open(sqlite_url(ctx.generated_db()))
    try:
        person = PeopleService(store).get(PERSON_ID)
        with store.read() as s:
            from sqlalchemy import text

            texts = s.execute(text("SELECT count(*) FROM search_index")).scalar()
            common = s.execute(
                text("SELECT count(*) FROM search_index WHERE search_index MATCH :q"),
                {"q": f'"{COMMON}"'},
            ).scalar()
        search = SearchService(store)
        review = ReviewService(store)
        selective = search.search(SELECTIVE, person_id=person.id)
        assert selective.hits and not selective.more, "the selective word must be selective"

        # Walk to the end once to find the oldest page, then time that deep page.
        keys = []
        page = review.page(person.id)
        while page.has_older:
            keys.append(page.oldest)
            page = review.page(person.id, older_than=page.oldest)
        deep_key = keys[-1]

        open_ms, bare_ms = asyncio.run(_open_screens(store, person, ctx.runs))
        return [
            row(
                f"review: searchable texts in the generated db ({common} contain '{COMMON}')",
                texts,
                "rows",
                None,
            ),
            row("review: open the screen for one person, to first page", open_ms, "ms", 150),
            row("review: (scale) open a bare header+text+footer screen", bare_ms, "ms", None),
            row(
                "review: first page of the timeline (service)",
                _timed(lambda: review.page(person.id), ctx.runs),
                "ms",
                None,
            ),
            row(
                f"review: oldest page (page {len(keys) + 1}, keyset)",
                _timed(lambda: review.page(person.id, older_than=deep_key), ctx.runs),
                "ms",
                None,
            ),
            row(
                f"search: selective ('{SELECTIVE}', one person, {len(selective.hits)} hits)",
                _timed(lambda: search.search(SELECTIVE, person_id=person.id), ctx.runs),
                "ms",
                50,
            ),
            row(
                f"search: selective ({SELECTIVE_EVERYONE}, everyone, "
                f"{len(search.search(SELECTIVE_EVERYONE).hits)} hits)",
                _timed(lambda: search.search(SELECTIVE_EVERYONE), ctx.runs),
                "ms",
                50,
            ),
            row(
                f"search: a word in most texts ('{COMMON}', everyone)",
                _timed(lambda: search.search(COMMON), ctx.runs),
                "ms",
                200,
            ),
            row(
                f"search: a word in most texts ('{COMMON}', one person)",
                _timed(lambda: search.search(COMMON, person_id=person.id), ctx.runs),
                "ms",
                200,
            ),
        ]
    finally:
        store.close()

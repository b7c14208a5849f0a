"""Scoring session and cycle report on a big cycle: 50 owners × 3 objectives ×
4 KRs, each with check-ins, added to a copy of the generated database."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

from harness import Context, median, row

CYCLE = "bench-scoring"
OWNERS, OBJECTIVES, KRS, CHECK_INS = 50, 3, 4, 6


def build(db: Path) -> int:
    """Add the scoring cycle with direct inserts; return its id."""
    from sqlalchemy import func, insert, select

    from coachtui.paths import sqlite_url
    from coachtui.store.db import Store
    from coachtui.store.models import CheckIn, Cycle, KeyResult, Objective, Person

    store = Store.open(sqlite_url(db))
    try:
        with store.write() as s:
            owners = s.scalars(select(Person.id).order_by(Person.id).limit(OWNERS)).all()
            cycle = Cycle(
                name=CYCLE,
                starts_on=dt.date(2027, 1, 1),
                ends_on=dt.date(2027, 3, 31),
                state="scoring",
            )
            s.add(cycle)
            s.flush()
            next_obj = (s.scalar(select(func.max(Objective.id))) or 0) + 1
            next_kr = (s.scalar(select(func.max(KeyResult.id))) or 0) + 1
            objectives, krs, check_ins = [], [], []
            for owner in owners:
                for o in range(OBJECTIVES):
                    objectives.append(
                        dict(
                            id=next_obj,
                            cycle_id=cycle.id,
                            owner_id=owner,
                            title=f"Objective {o + 1} of person {owner}",
                            type="committed" if o == 0 else "aspirational",
                            status="accepted",
                            position=o,
                        )
                    )
                    for k in range(KRS):
                        milestone = k == 3
                        krs.append(
                            dict(
                                id=next_kr,
                                objective_id=next_obj,
                                title=f"Key result {k + 1}",
                                kind="milestone" if milestone else "numeric",
                                start=None if milestone else 10.0,
                                target=None if milestone else 40.0 + k,
                                current=None if milestone else 25.0 + k,
                                unit="" if milestone else "things",
                                done=milestone and owner % 2 == 0,
                                weight=1.0,
                                position=k,
                            )
                        )
                        for c in range(CHECK_INS):
                            check_ins.append(
                                dict(
                                    key_result_id=next_kr,
                                    on=dt.date(2027, 1, 10) + dt.timedelta(days=14 * c),
                                    value=float(c) if milestone else 10.0 + 3 * c,
                                    confidence=4 + c % 5,
                                    note="steady progress",
                                )
                            )
                        next_kr += 1
                    next_obj += 1
            s.execute(insert(Objective), objectives)
            s.execute(insert(KeyResult), krs)
            s.execute(insert(CheckIn), check_ins)
            return cycle.id
    finally:
        store.close()


async def _open_session(db: Path, cycle_id: int, runs: int) -> list[float]:
    from coachtui.screens.scoring import ScoringScreen

    from coachtui.app import make_app
    from coachtui.paths import sqlite_url
    from coachtui.store.db import Store

    store = Store.open(sqlite_url(db))
    times = []
    try:
        app = make_app(store=store, today=dt.date(2027, 4, 1))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in range(runs + 1):
                started = time.perf_counter()
                await app.push_screen(ScoringScreen(cycle_id))
                await pilot.pause()
                times.append(time.perf_counter() - started)
                assert "KR 1 of 600" in str(app.screen.query_one("#progress").render())
                app.pop_screen()
                await pilot.pause()
    finally:
        store.close()
    return times[1:]  # the first run also imports the screen's modules


def _report_in_process(db: Path, runs: int) -> list[float]:
    from coachtui.paths import sqlite_url
    from coachtui.store.db import Store
    from coachtui.store.reports import build_report, render

    store = Store.open(sqlite_url(db))
    times = []
    try:
        for _ in range(runs):
            started = time.perf_counter()
            text = render(build_report(store, CYCLE), "json")
            times.append(time.perf_counter() - started)
        assert text.count('"kind"') == OWNERS * OBJECTIVES * KRS
    finally:
        store.close()
    return times


def _report_command(db: Path, runs: int) -> list[float]:
    cmd = [sys.executable, "-m", "coachtui.cli", "--db", str(db)]
    cmd += ["report", "--cycle", CYCLE, "--format", "json"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)  # warm the file cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def rows(ctx: Context) -> list[dict]:
    db = ctx.copy_of_generated_db()
    cycle_id = build(db)
    session = asyncio.run(_open_session(db, cycle_id, ctx.runs))
    in_process = _report_in_process(db, ctx.runs)
    command = _report_command(db, ctx.runs)
    size = f"{OWNERS}x{OBJECTIVES}x{KRS} KRs"
    return [
        row(f"open scoring session ({size})", median(session) * 1000, "ms", 150),
        row(f"report --format json, whole command ({size})", median(command) * 1000, "ms", 300),
        row(
            f"report json build + render in process ({size})", median(in_process) * 1000, "ms", None
        ),
    ]


if __name__ == "__main__":
    for r in rows(Context()):
        print(r)

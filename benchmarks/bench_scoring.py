"""Scoring session and cycle report on a big cycle: 50 owners × 3 objectives ×
4 KRs, each with check-ins, added to a copy of the generated database."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from harness import Context, bare_screen_class, median, row, time_screen_opens

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


async def _open_session(db: Path, cycle_id: int, runs: int) -> tuple[list[float], list[float]]:
    """Open the scoring screen until painted; and, interleaved, a bare screen."""
    from coachtui.screens.scoring import ScoringScreen

    from coachtui.app import make_app
    from coachtui.paths import sqlite_url
    from coachtui.store.db import Store

    store = Store.open(sqlite_url(db))
    try:
        app = make_app(store=store, today=dt.date(2027, 4, 1))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            times, empty = await time_screen_opens(
                app, pilot, [lambda: ScoringScreen(cycle_id), bare_screen_class()], runs
            )
    finally:
        store.close()
    return times, empty


def _session_data(db: Path, cycle_id: int, runs: int) -> list[float]:
    """What the scoring screen loads to open: a light index of every KR, then
    the first unscored KR's objective (with its check-ins) and owner history."""
    from coachtui.paths import sqlite_url
    from coachtui.store.db import Store
    from coachtui.store.okrs import OkrService

    store = Store.open(sqlite_url(db))
    times = []
    try:
        service = OkrService(store)
        for _ in range(runs):
            started = time.perf_counter()
            index = service.scoring_index(cycle_id)
            first = next((e for e in index if not e.scored), index[0])
            objective = service.objective(first.objective_id)
            service.score_history(objective.owner_id)
            times.append(time.perf_counter() - started)
        assert len(index) == OWNERS * OBJECTIVES * KRS
    finally:
        store.close()
    return times


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


def _commands(db: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    """The report command; `coachtui --version` (the interpreter and the CLI
    starting, nothing more); and `okr cycle list` on the same database (a
    store command that loads SQLAlchemy, the models and pydantic).

    Run as an installed copy runs: with cached bytecode (the warm-up run
    writes it for an editable checkout), so PYTHONDONTWRITEBYTECODE is dropped.
    """
    base = [sys.executable, "-m", "coachtui.cli", "--db", str(db)]
    report = base + ["report", "--cycle", CYCLE, "--format", "json"]
    start_up = [sys.executable, "-m", "coachtui.cli", "--version"]
    store_command = base + ["okr", "cycle", "list"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def run(cmd: list[str]) -> None:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)

    commands = (report, start_up, store_command)
    for cmd in commands:  # warm the file cache and write bytecode
        run(cmd)
    times: tuple[list[float], list[float], list[float]] = ([], [], [])
    for _ in range(runs):  # interleaved so all see the same machine load
        for cmd, taken in zip(commands, times, strict=True):
            started = time.perf_counter()
            run(cmd)
            taken.append(time.perf_counter() - started)
    return times


def rows(ctx: Context) -> list[dict]:
    db = ctx.copy_of_generated_db()
    cycle_id = build(db)
    session, empty = asyncio.run(_open_session(db, cycle_id, ctx.runs))
    in_process = _report_in_process(db, ctx.runs)
    data = _session_data(db, cycle_id, ctx.runs)
    command, start_up, store_command = _commands(db, ctx.runs)
    shutil.rmtree(db.parent, ignore_errors=True)  # the scratch copy
    own = median([r - b for r, b in zip(command, start_up, strict=True)])
    size = f"{OWNERS}x{OBJECTIVES}x{KRS} KRs"
    return [
        row(f"open scoring session ({size})", median(session) * 1000, "ms", 150),
        row(
            "open a bare screen (header, text, footer), same app", median(empty) * 1000, "ms", None
        ),
        row(f"scoring session data load in process ({size})", median(data) * 1000, "ms", None),
        row(f"report --format json, whole command ({size})", median(command) * 1000, "ms", 300),
        row(f"report --format json beyond start-up ({size})", own * 1000, "ms", None),
        row(
            "start-up of the command line (coachtui --version)", median(start_up) * 1000, "ms", None
        ),
        row(
            "a store command that loads the ORM (okr cycle list)",
            median(store_command) * 1000,
            "ms",
            None,
        ),
        row(f"report json build+render in process ({size})", median(in_process) * 1000, "ms", None),
    ]


if __name__ == "__main__":
    for r in rows(Context()):
        print(r)

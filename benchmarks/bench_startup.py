"""Process start to first rendered screen, against a bare Textual app; peak memory."""

from __future__ import annotations

import sys

from harness import ROOT, Context, first_paint, median, row


def rows(ctx: Context) -> list[dict]:
    db = ctx.generated_db()
    app = [sys.executable, "-m", "coachtui", "--db", str(db)]
    bare = [sys.executable, str(ROOT / "benchmarks" / "bare_app.py")]
    first_paint(app)  # warm the file cache once for both
    first_paint(bare)
    app_runs, bare_runs = [], []
    for _ in range(ctx.runs):  # interleaved so both see the same machine load
        app_runs.append(first_paint(app))
        bare_runs.append(first_paint(bare))
    app_s = median([r.seconds for r in app_runs])
    bare_s = median([r.seconds for r in bare_runs])
    return [
        row("start-up to first screen, coachtui (50 people, 5 years)", app_s * 1000, "ms", None),
        row("start-up to first screen, bare Textual app", bare_s * 1000, "ms", None),
        row("start-up ratio coachtui / bare Textual", app_s / bare_s, "x", 1.5),
        row(
            "start-up CPU time ratio coachtui / bare Textual (less sensitive to load)",
            median([r.cpu_seconds for r in app_runs]) / median([r.cpu_seconds for r in bare_runs]),
            "x",
            None,
        ),
        row("peak memory, coachtui home screen", max(r.max_rss_mb for r in app_runs), "MB", 150),
    ]

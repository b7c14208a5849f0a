"""The real program starts in a terminal and paints its first screen."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from harness import first_paint  # noqa: E402


def test_demo_opens_in_a_terminal_and_seeds_the_demo_database(coach_home):
    launch = first_paint([sys.executable, "-m", "coachtui", "--demo"], timeout=60)
    assert launch.seconds > 0
    demo = coach_home / "demo.sqlite3"
    conn = sqlite3.connect(demo)
    people = conn.execute("SELECT count(*), sum(is_manager) FROM person").fetchone()
    conn.close()
    assert people[0] >= 6 and people[1] == 1

"""Write the README's screenshots (SVG, Textual's own screenshot support) to docs/.

    python scripts/screenshots.py

Uses the demo team on a fixed day in a throwaway home, so the pictures only
change when the screens do.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
DAY = dt.date(2026, 11, 27)
SIZE = (120, 32)

# Each shot: (file name, keys to press from the home screen).
SHOTS: list[tuple[str, tuple[str, ...]]] = [
    ("home.svg", ()),
    ("help.svg", ("f1",)),
    ("one-on-one-preparation.svg", ("down", "o")),
    ("one-on-one-conversation.svg", ("down", "o", "enter")),
    ("okrs.svg", ("k",)),
    ("scoring.svg", ("s", "7")),
    ("review.svg", ("down", "v")),
]


async def shoot(store, name: str, keys: tuple[str, ...]) -> None:
    from coachtui.app import make_app

    app = make_app(store=store, today=DAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(0.3)
        app.save_screenshot(filename=name, path=str(DOCS))


def main() -> int:
    home = tempfile.mkdtemp(prefix="coachtui-shots-")
    os.environ["COACHTUI_HOME"] = home
    from coachtui.demo import ensure_demo_data
    from coachtui.paths import sqlite_url
    from coachtui.store.db import Store

    store = Store.open(sqlite_url(Path(home) / "demo.sqlite3"))
    ensure_demo_data(store, today=DAY)
    DOCS.mkdir(exist_ok=True)
    for name, keys in SHOTS:
        asyncio.run(shoot(store, name, keys))
        print(DOCS / name)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

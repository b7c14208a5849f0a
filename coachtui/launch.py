"""The ``coachtui`` entry point.

Opening the app (``coachtui``, ``coachtui --demo``, ``coachtui --db URL``)
is the path people take many times a day, so it skips the command-line
library; anything else goes to the full command line in ``coachtui.cli``.
"""

from __future__ import annotations

import gc
import os
import sys


def _open_app_args(argv: list[str]) -> tuple[str | None, bool] | None:
    """(db url, demo) when argv only asks to open the app; otherwise None."""
    db_url, demo, rest = None, False, list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--demo":
            demo = True
        elif arg == "--db" and rest and not rest[0].startswith("-"):
            db_url = rest.pop(0)
        elif arg.startswith("--db=") and len(arg) > 5:
            db_url = arg[5:]
        else:
            return None
    return db_url, demo


def open_app(db_url: str | None, demo: bool) -> int:
    from coachtui.errors import CoachError
    from coachtui.paths import default_db_url, normalise_db_url
    from coachtui.store.db import Store

    os.umask(0o077)  # everything we write is about people: private by default
    url = normalise_db_url(db_url) if db_url else default_db_url(demo=demo)
    try:
        store = Store.open(url)
        if store.upgrade_backup is not None:
            print(
                f"coachtui: upgraded the database; the copy from before is at "
                f"{store.upgrade_backup}",
                file=sys.stderr,
            )
        if demo:
            from coachtui.demo import ensure_demo_data

            ensure_demo_data(store)
    except CoachError as error:
        print(f"coachtui: error: {error}", file=sys.stderr)
        return 1
    try:
        from coachtui.app import make_app

        make_app(store=store).run()
    finally:
        store.close()
    return 0


def run() -> None:
    simple = _open_app_args(sys.argv[1:])
    if simple is not None:
        # Start-up creates objects that live as long as the app: collecting
        # them over and over while importing is wasted work. The app turns
        # the collector back on (and freezes what start-up made) once its
        # first screen is up.
        gc.disable()
        sys.exit(open_app(*simple))
    from coachtui.cli import main

    main()

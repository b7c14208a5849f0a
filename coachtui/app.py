"""The Textual app: screens, app-wide keys, the command palette, the theme."""

from __future__ import annotations

import datetime as dt
import gc
import os
import threading
import time

from textual.app import App
from textual.binding import Binding

from coachtui.commands import PeopleCommands
from coachtui.commands_okr import OkrCommands
from coachtui.one_on_one_commands import OneOnOneCommands
from coachtui.review_commands import ReviewCommands
from coachtui.store.db import Store

FIRST_PAINT_ENV = "COACHTUI_FIRST_PAINT_FILE"
GC_PAUSE_SECONDS = 0.3


class CoachApp(App[None]):
    """coachtui: one-on-ones, OKR scoring, feedback and notes."""

    TITLE = "coachtui"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {PeopleCommands, OneOnOneCommands, OkrCommands, ReviewCommands}
    COMMAND_PALETTE_DISPLAY = "ctrl+p"
    BINDINGS = [
        Binding("f1", "help", "Help", key_display="F1", priority=True),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, store: Store, today: dt.date | None = None) -> None:
        super().__init__()
        self.store = store
        self._today = today

    @property
    def today(self) -> dt.date:
        """The day the app works with; fixed in tests so screens are repeatable."""
        return self._today or dt.date.today()

    def on_mount(self) -> None:
        from coachtui.screens.home import HomeScreen

        self.push_screen(HomeScreen())

    def push_screen(self, screen, *args, **kwargs):
        # Opening a screen makes thousands of short-lived objects; a full
        # collection landing in the middle costs more than the screen itself.
        # Pause the collector until just after the screen is on view.
        if gc.isenabled():
            gc.disable()
            self.set_timer(GC_PAUSE_SECONDS, gc.enable)
        return super().push_screen(screen, *args, **kwargs)

    def action_help(self) -> None:
        from coachtui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def first_painted(self) -> None:
        """The first screen is up: settle the collector; report to a benchmark."""
        # What start-up made lives as long as the app: keep it out of every
        # later collection, so opening a screen does not rescan it.
        gc.freeze()
        gc.enable()
        path = os.environ.get(FIRST_PAINT_ENV)
        if path:
            with open(path, "w") as out:
                out.write(f"{time.time():.6f} {_peak_rss_kb()}\n")
            self.exit()
            return
        # The first screen is up without SQLAlchemy; load it now, while the
        # manager reads, so the first edit does not wait for the import.
        threading.Thread(target=self._warm_up, name="warm-up", daemon=True).start()

    def _warm_up(self) -> None:
        import coachtui.store.people  # noqa: F401  (SQLAlchemy, models, pydantic)

        self.store._sessions  # noqa: B018  (builds the engine and session factories)
        gc.freeze()  # these live as long as the app too


def _peak_rss_kb() -> int:
    """This process's peak resident memory (Linux), for the start-up benchmark."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def make_app(*, store: Store, today: dt.date | None = None) -> CoachApp:
    """Build the app; the CLI and the tests both come through here."""
    return CoachApp(store=store, today=today)

"""A bare Textual app: the yardstick for coachtui's start-up time."""

import os
import time

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


def _peak_rss_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("hello")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self.painted)

    def painted(self) -> None:
        path = os.environ.get("COACHTUI_FIRST_PAINT_FILE")
        if path:
            with open(path, "w") as out:
                out.write(f"{time.time():.6f} {_peak_rss_kb()}\n")
            self.exit()


if __name__ == "__main__":
    Bare().run()

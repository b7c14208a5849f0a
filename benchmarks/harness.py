"""Shared pieces of the benchmarks: the generated database and a terminal to run apps in."""

from __future__ import annotations

import fcntl
import hashlib
import os
import pty
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
GEN_PEOPLE, GEN_YEARS, GEN_SEED, GEN_END = 50, 5, 1, "2026-11-27"


def row(name: str, value: float, unit: str, target: float | None) -> dict:
    return {"name": name, "value": round(value, 2), "unit": unit, "target": target}


@dataclass
class Context:
    runs: int = 5
    _generated: Path | None = field(default=None, repr=False)

    def generated_db(self) -> Path:
        """`coachtui generate --people 50 --years 5` once, cached between runs."""
        if self._generated is None:
            source = (ROOT / "coachtui" / "generate.py").read_bytes()
            from coachtui.store.migrate import HEAD

            key = hashlib.sha256(source + HEAD.encode()).hexdigest()[:12]
            path = CACHE / f"generated-{GEN_PEOPLE}x{GEN_YEARS}-{key}.sqlite3"
            if not path.exists():
                CACHE.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(".partial")
                for stale in CACHE.glob("generated-*"):
                    stale.unlink()
                cmd = [
                    sys.executable, "-m", "coachtui.cli", "--db", str(partial), "generate",
                    "--people", str(GEN_PEOPLE), "--years", str(GEN_YEARS),
                    "--seed", str(GEN_SEED), "--end", GEN_END,
                ]  # fmt: skip
                subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
                partial.rename(path)
            self._generated = path
        return self._generated

    def copy_of_generated_db(self) -> Path:
        """A scratch copy, for benchmarks that write."""
        folder = Path(tempfile.mkdtemp(prefix="coachtui-bench-"))
        dest = folder / "copy.sqlite3"
        shutil.copyfile(self.generated_db(), dest)
        return dest


@dataclass
class Launch:
    seconds: float
    max_rss_mb: float
    cpu_seconds: float


def first_paint(argv: list[str], env: dict[str, str] | None = None, timeout: float = 60) -> Launch:
    """Start ``argv`` in a 120x40 pseudo-terminal; time until it reports its first paint."""
    with tempfile.TemporaryDirectory() as tmp:
        marker = Path(tmp) / "painted"
        full_env = {**os.environ, **(env or {}), "COACHTUI_FIRST_PAINT_FILE": str(marker)}
        full_env.setdefault("TERM", "xterm-256color")
        # Measure the app as an installed copy runs: with cached bytecode
        # (pip compiles installed packages; an editable checkout needs the
        # first, warm-up run to write it).
        full_env.pop("PYTHONDONTWRITEBYTECODE", None)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        started = time.time()
        proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=full_env, start_new_session=True
        )
        os.close(slave)

        def drain() -> None:
            try:
                while os.read(master, 65536):
                    pass
            except OSError:
                pass

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        deadline = started + timeout
        while not marker.exists() or not marker.read_text().strip():
            if time.time() > deadline or proc.poll() is not None and not marker.exists():
                proc.kill()
                raise RuntimeError(f"{argv} did not paint within {timeout}s")
            time.sleep(0.002)
        while len(marker.read_text().split()) < 2 or not marker.read_text().endswith("\n"):
            time.sleep(0.002)
        painted, peak_kb = marker.read_text().split()[:2]
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        os.close(master)
        # Peak memory as the process itself saw it (VmHWM): the rusage figure
        # would include the benchmark's own memory, copied at fork.
        return Launch(
            float(painted) - started, int(peak_kb) / 1024, usage.ru_utime + usage.ru_stime
        )


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def bare_screen_class():
    """Header, a paragraph and a footer: what any screen costs to open, for scale."""
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Static

    class BareScreen(Screen):
        def compose(self):
            yield Header()
            yield Static("A paragraph of text. " * 60)
            yield Footer()

    return BareScreen


async def time_screen_opens(app, pilot, makers, runs: int, ready=None) -> list[list[float]]:
    """Seconds from push_screen until the first frame that shows the screen filled.

    ``makers`` build the screens to compare; they are opened in turn (so all
    see the same machine load), ``runs`` times after one warm-up round. Every
    frame Textual composes goes through ``App._display``; the screen counts as
    open at the first frame composed for it once ``ready(screen)`` is true
    (its data is in): the moment a person sees it filled. Later frames (a
    resize echo, a cursor blink) do not count.
    """
    import asyncio

    frames: list[tuple[object, float, bool]] = []
    display = app._display

    def recording_display(screen, renderable):
        if renderable is not None:
            frames.append((screen, time.perf_counter(), ready is None or bool(ready(screen))))
        return display(screen, renderable)

    app._display = recording_display
    results: list[list[float]] = [[] for _ in makers]
    try:
        for attempt in range(runs + 1):
            for index, make in enumerate(makers):
                screen = make()
                frames.clear()
                started = time.perf_counter()
                await app.push_screen(screen)
                while not any(s is screen and ok for s, _, ok in frames):
                    await asyncio.sleep(0.0005)
                shown = next(at for s, at, ok in frames if s is screen and ok)
                if attempt:  # the first round warms imports and caches
                    results[index].append(shown - started)
                await app.workers.wait_for_complete()
                await pilot.pause()
                app.pop_screen()
                await pilot.pause()
    finally:
        app._display = display
    return results

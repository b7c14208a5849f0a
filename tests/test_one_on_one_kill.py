"""Kill a real coachtui in a pseudo-terminal mid-sentence; the draft survives."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest
from one_on_one_fixtures import seed_team
from sqlalchemy import select
from textual.widgets import TextArea

from coachtui.store.models import OneOnOne

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


class Terminal:
    """coachtui running in a 120x40 pseudo-terminal, its output collected."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        try:
            while chunk := os.read(self.master, 65536):
                self.output.extend(chunk)
        except OSError:
            pass

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.output:
            assert self.proc.poll() is None, self.output[-2000:].decode(errors="replace")
            assert time.monotonic() < deadline, f"never saw {text!r}"
            time.sleep(0.05)

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def type(self, text: str, delay: float = 0.03) -> None:
        for ch in text:
            self.send(ch)
            time.sleep(delay)

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        os.close(self.master)


def draft_heard(store) -> str | None:
    with store.read() as s:
        raw = s.scalar(select(OneOnOne.draft_json).where(OneOnOne.status == "draft"))
    return None if raw is None else json.loads(raw).get("heard", "")


def wait_until(check, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline
        time.sleep(0.05)


async def test_killed_mid_sentence_loses_at_most_the_last_second(
    store, db_path: Path, coach_home: Path, app_factory
):
    seed_team(store)
    env = {
        **os.environ,
        "COACHTUI_HOME": str(coach_home),
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "40",
    }
    env.pop("COACHTUI_FIRST_PAINT_FILE", None)
    term = Terminal([sys.executable, "-m", "coachtui.cli", "--db", str(db_path)], env)
    try:
        term.wait_for("Ana Souza")
        term.send("\x1b[B")  # down to Ana
        time.sleep(0.3)
        term.send("o")
        term.wait_for("Preparing a one-on-one")
        term.send("\r")  # start with the regular check-in
        wait_until(lambda: draft_heard(store) is not None)
        time.sleep(0.5)

        settled = "The pager woke me three times"
        term.type(settled)
        time.sleep(1.0)  # more than a second before the kill: must all be on disk
        late = " and I am"
        term.type(late, delay=0.01)
        term.kill()  # mid-sentence, no chance to clean up
    finally:
        if term.proc.poll() is None:
            term.kill()

    heard = draft_heard(store)
    assert heard is not None
    assert heard.startswith(settled), heard
    assert (settled + late).startswith(heard)

    # Reopening the person offers the draft, and resuming brings the text back.
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "o")
        await pilot.pause()
        assert app.screen.prep.draft_id is not None
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one("#talk-heard", TextArea).text == heard

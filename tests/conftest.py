"""Every test gets its own home and database; nothing reads a real home."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coachtui import banks
from coachtui.paths import sqlite_url
from coachtui.store.db import Store

# The day tests and snapshots run "on": screens show days relative to it.
TODAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("COACHTUI_HOME", str(home))
    monkeypatch.delenv("COACHTUI_DB", raising=False)
    monkeypatch.delenv("COACHTUI_FIRST_PAINT_FILE", raising=False)
    banks.clear_cache()
    yield home
    banks.clear_cache()


@pytest.fixture
def db_path(coach_home: Path) -> Path:
    return coach_home / "test.sqlite3"


@pytest.fixture
def db_url(db_path: Path) -> str:
    return sqlite_url(db_path)


@pytest.fixture
def store(db_url: str):
    opened = Store.open(db_url)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(store: Store) -> Store:
    """The demo team, with history ending on TODAY."""
    from coachtui.demo import ensure_demo_data

    ensure_demo_data(store, today=TODAY)
    return store


@pytest.fixture
def app_factory(store: Store):
    from coachtui.app import make_app

    def make(**kwargs):
        kwargs.setdefault("today", TODAY)
        return make_app(store=store, **kwargs)

    return make


@pytest.fixture
def run_cli(coach_home: Path):
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from coachtui.cli import main

    def run(*args: str, db: str | None = None) -> tuple[int, str, str]:
        argv = (["--db", db] if db else []) + list(args)
        result = CliRunner().invoke(main, argv, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run

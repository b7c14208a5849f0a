"""The database file on disk: where it is and who may read it (no SQLAlchemy here)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from coachtui.paths import create_private_file

BUSY_TIMEOUT_MS = 5000
# Every connection, whether through SQLAlchemy or sqlite3 directly.
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA secure_delete=ON",
)


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or None (memory database, other backends)."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.split("+")[0] != "sqlite":
        return None
    # sqlite:///relative/path, sqlite:////absolute/path; drop any ?query.
    database = unquote(rest.partition("?")[0])
    if not database.startswith("/"):
        return None
    database = database[1:]
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve()


def prepare_sqlite_file(path: Path) -> None:
    """The database and its -wal/-shm companions are 0600 in a 0700 directory.

    SQLite gives the -wal and -shm files the mode of the main file, so creating
    the main file 0600 first covers them; existing companions are tightened.
    """
    create_private_file(path)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.chmod(0o600)

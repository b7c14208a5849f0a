"""The engine factory: nothing connects until a URL is given to ``make_engine``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from coachtui.paths import create_private_file, data_dir

BUSY_TIMEOUT_MS = 5000
READ_ONLY = "coachtui_read_only"


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or None (memory database, other backends)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve()


def _private_sqlite_files(path: Path) -> None:
    """The database and its -wal/-shm companions are 0600 in a 0700 directory.

    SQLite gives the -wal and -shm files the mode of the main file, so creating
    the main file 0600 first covers them; existing companions are tightened.
    """
    create_private_file(path, tighten_dir=path.parent == data_dir())
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.chmod(0o600)


def make_engine(url: str) -> Engine:
    path = sqlite_file(url)
    if path is not None:
        _private_sqlite_files(path)
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if path is not None:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA secure_delete=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # Writers take the write lock up front so two writers never deadlock
        # half-way through; sessions opened for reading only do not.
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine

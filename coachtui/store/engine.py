"""The engine factory: nothing connects until a URL is given to ``make_engine``."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from coachtui.store.files import BUSY_TIMEOUT_MS, PRAGMAS, prepare_sqlite_file, sqlite_file

READ_ONLY = "coachtui_read_only"


def make_engine(url: str) -> Engine:
    path = sqlite_file(url)
    if path is not None:
        prepare_sqlite_file(path)
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in PRAGMAS if path is not None else PRAGMAS[1:]:
                cursor.execute(pragma)
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

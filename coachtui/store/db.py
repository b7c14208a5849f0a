"""The Store: one engine, sessions for reading and writing, schema kept current.

Start-up matters: opening a SQLite database that is already current, and the
home screen's first query, use the standard library's sqlite3 directly, so
SQLAlchemy (a third of a second to import) loads only when a service needs
it (see ``engine``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachtui.paths import backups_dir
from coachtui.store.files import BUSY_TIMEOUT_MS, PRAGMAS, prepare_sqlite_file, sqlite_file
from coachtui.store.migrate import HEAD, SchemaError, sqlite_revision

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session


class Store:
    """Owns the engine. Sessions never leave the store's services."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.file: Path | None = sqlite_file(url)
        self.upgrade_backup: Path | None = None
        if self.file is not None:
            prepare_sqlite_file(self.file)

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        store = cls(url)
        if migrate:
            try:
                store._ensure_schema()
            except Exception:
                store.close()
                raise
        return store

    def _ensure_schema(self) -> None:
        if self.file is not None:
            try:
                revision = sqlite_revision(self.file)
            except sqlite3.DatabaseError as error:
                raise SchemaError(f"{self.file}: cannot open the database: {error}") from None
            if revision == HEAD:
                return  # the common case: no SQLAlchemy, no Alembic
        from sqlalchemy import exc

        from coachtui.store.migrate import ensure_schema

        try:
            self.upgrade_backup = ensure_schema(self.engine, self.file, backups_dir())
        except exc.DatabaseError as error:
            where = self.file or self.url
            raise SchemaError(f"{where}: cannot open the database: {error.orig}") from None

    @cached_property
    def engine(self) -> Engine:
        from coachtui.store.engine import make_engine

        return make_engine(self.url)

    @cached_property
    def _sessions(self):
        from sqlalchemy.orm import sessionmaker

        from coachtui.store.engine import READ_ONLY

        write = sessionmaker(self.engine, expire_on_commit=False)
        read = sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )
        return write, read

    @property
    def is_sqlite(self) -> bool:
        return self.file is not None or self.url.startswith("sqlite")

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one write transaction (BEGIN IMMEDIATE on SQLite)."""
        with self._sessions[0].begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions[1]() as session:
            yield session

    def query(self, sql: str, params: dict[str, Any] | None = None) -> Sequence[tuple]:
        """Run one read-only SQL statement (``:name`` parameters), return the rows.

        On a SQLite file this skips SQLAlchemy entirely; it is what the first
        screen uses.
        """
        if self.file is not None and "engine" not in self.__dict__:
            conn = sqlite3.connect(self.file, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                for pragma in PRAGMAS[1:]:
                    conn.execute(pragma)
                return conn.execute(sql, params or {}).fetchall()
            finally:
                conn.close()
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params or {})]

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()

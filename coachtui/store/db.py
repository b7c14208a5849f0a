"""The Store: one engine, sessions for reading and writing, schema kept current."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import exc
from sqlalchemy.orm import Session, sessionmaker

from coachtui.paths import backups_dir
from coachtui.store.engine import READ_ONLY, make_engine, sqlite_file
from coachtui.store.migrate import SchemaError, ensure_schema


class Store:
    """Owns the engine. Sessions never leave the store's services."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.file: Path | None = sqlite_file(url)
        self.engine = make_engine(url)
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )
        self.upgrade_backup: Path | None = None

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        store = cls(url)
        if migrate:
            try:
                store.upgrade_backup = ensure_schema(store.engine, store.file, backups_dir())
            except exc.DatabaseError as error:
                store.close()
                where = store.file or url
                raise SchemaError(f"{where}: cannot open the database: {error.orig}") from None
            except Exception:
                store.close()
                raise
        return store

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one write transaction (BEGIN IMMEDIATE on SQLite)."""
        with self._write.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

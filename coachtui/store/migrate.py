"""Bring a database to the schema this version of coachtui knows.

A new database is created at head; an older one is backed up and upgraded
in one transaction; one written by a newer coachtui is refused untouched.
Alembic is imported only when there is something to do, which keeps start-up
fast.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from coachtui.errors import CoachError

if TYPE_CHECKING:
    from sqlalchemy import Engine
from coachtui.paths import ensure_private_dir

# Revisions in order, oldest first. A test checks this matches the scripts.
REVISIONS: tuple[str, ...] = ("0001_initial", "0002_search")
HEAD = REVISIONS[-1]

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class SchemaError(CoachError):
    pass


def sqlite_revision(path: Path) -> str | None:
    """The stored revision of a SQLite file, read with sqlite3 alone (fast)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            return _no_revision(tables)
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def _no_revision(tables: set[str]) -> None:
    if tables - {"sqlite_sequence"}:
        raise SchemaError(
            "this database has tables but no coachtui schema revision; "
            "it is not a coachtui database"
        )
    return None


def current_revision(engine: Engine) -> str | None:
    """The stored revision, None for an empty database."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables:
            return _no_revision(tables)
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def alembic_config(engine_connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = engine_connection
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade to ``revision`` in one transaction."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def ensure_schema(engine: Engine, db_file: Path | None, backups: Path) -> Path | None:
    """Migrate if needed; return the path of a pre-upgrade backup if one was made."""
    revision = current_revision(engine)
    if revision == HEAD:
        return None
    if revision is not None and revision not in REVISIONS:
        raise SchemaError(
            f"this database is at schema revision {revision!r}, written by a newer "
            f"coachtui (this one knows up to {HEAD!r}); it was left untouched"
        )
    backup_path = None
    if revision is not None and db_file is not None:
        from coachtui.store.backup import backup_sqlite

        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        ensure_private_dir(backups, tighten=True)
        backup_path = backup_sqlite(
            db_file, backups / f"{db_file.stem}-before-{HEAD}-from-{revision}-{stamp}.sqlite3"
        )
    upgrade(engine)
    return backup_path

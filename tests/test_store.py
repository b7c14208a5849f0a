"""The store: SQLite settings, private files, write locking, migrations."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat

import pytest
from sqlalchemy import text

from coachtui.paths import sqlite_url
from coachtui.store import migrate
from coachtui.store.db import Store
from coachtui.store.engine import make_engine
from coachtui.store.people import PeopleService


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_sqlite_pragmas(store):
    with store.read() as s:
        values = {
            name: s.execute(text(f"PRAGMA {name}")).scalar()
            for name in (
                "journal_mode",
                "synchronous",
                "foreign_keys",
                "busy_timeout",
                "secure_delete",
            )
        }
    assert values == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 5000,
        "secure_delete": 1,
    }


def test_files_are_private(coach_home, store):
    PeopleService(store).add("Ana Souza")
    with store.write() as s:  # keep a connection open so -wal and -shm exist
        s.execute(text("UPDATE person SET role = 'x'"))
        db = store.file
        companions = [db.with_name(db.name + suffix) for suffix in ("-wal", "-shm")]
        assert all(p.exists() for p in companions)
        for path in [db, *companions]:
            assert mode(path) == 0o600, path
    assert mode(coach_home) == 0o700


def test_new_directories_are_0700(tmp_path):
    url = sqlite_url(tmp_path / "a" / "b" / "db.sqlite3")
    opened = Store.open(url)
    opened.close()
    assert mode(tmp_path / "a" / "b") == 0o700
    assert mode(tmp_path / "a" / "b" / "db.sqlite3") == 0o600


def test_write_sessions_take_the_write_lock_at_begin(store):
    other = sqlite3.connect(store.file, timeout=0)
    try:
        with store.write() as s:
            s.execute(text("SELECT 1"))  # nothing written yet, lock already held
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.rollback()
    finally:
        other.close()


def test_read_sessions_do_not_block_writers(store):
    other = sqlite3.connect(store.file, timeout=0)
    try:
        with store.read() as s:
            s.execute(text("SELECT count(*) FROM person")).scalar()
            other.execute("BEGIN IMMEDIATE")
            other.rollback()
    finally:
        other.close()


def test_nothing_connects_at_import_or_factory(tmp_path):
    path = tmp_path / "lazy" / "db.sqlite3"
    engine = make_engine(sqlite_url(path))
    assert engine.pool.checkedout() == 0
    engine.dispose()


def test_revisions_match_the_migration_scripts():
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(migrate.MIGRATIONS_DIR))
    chain = [rev.revision for rev in scripts.walk_revisions()]
    assert list(reversed(chain)) == list(migrate.REVISIONS)
    assert scripts.get_current_head() == migrate.HEAD


def test_new_database_is_created_at_head(store):
    assert migrate.current_revision(store.engine) == migrate.HEAD
    assert store.upgrade_backup is None


def test_older_database_is_backed_up_and_upgraded_keeping_data(coach_home, db_url, db_path):
    engine = make_engine(db_url)
    migrate.upgrade(engine, "0001_initial")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO person (id, name, role, team, is_manager, created_at) "
                "VALUES (1, 'Ana Souza', 'Engineer', 'Platform', 0, '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO note (person_id, text, is_private, written_on, created_at) "
                "VALUES (1, 'Curious about the kestrel launch', 1, '2026-02-01', '2026-02-01')"
            )
        )
    engine.dispose()

    opened = Store.open(db_url)
    try:
        assert migrate.current_revision(opened.engine) == migrate.HEAD
        assert [p.name for p in PeopleService(opened).list()] == ["Ana Souza"]
        with opened.read() as s:
            hits = s.execute(
                text("SELECT kind FROM search_index WHERE search_index MATCH 'kestrel'")
            ).all()
        assert hits == [("note",)]
        backup = opened.upgrade_backup
        assert backup is not None and backup.exists()
        assert mode(backup) == 0o600 and mode(backup.parent) == 0o700
        copy = sqlite3.connect(backup)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0001_initial",
        )
        copy.close()
    finally:
        opened.close()


def test_newer_database_is_refused_untouched(db_url, db_path):
    opened = Store.open(db_url)
    PeopleService(opened).add("Ana Souza")
    with opened.write() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    opened.close()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with pytest.raises(migrate.SchemaError, match="newer coachtui"):
        Store.open(db_url)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_search_index_follows_inserts_updates_and_deletes(store):
    person = PeopleService(store).add("Ana Souza")

    def hits(word: str) -> int:
        with store.read() as s:
            return s.execute(
                text("SELECT count(*) FROM search_index WHERE search_index MATCH :q"), {"q": word}
            ).scalar()

    with store.write() as s:
        s.execute(
            text(
                "INSERT INTO note (id, person_id, text, is_private, written_on, created_at) "
                "VALUES (1, :p, 'marigold rollout went well', 1, '2026-02-01', '2026-02-01')"
            ),
            {"p": person.id},
        )
    assert hits("marigold") == 1
    with store.write() as s:
        s.execute(text("UPDATE note SET text = 'osprey rollout' WHERE id = 1"))
    assert (hits("marigold"), hits("osprey")) == (0, 1)
    with store.write() as s:
        s.execute(text("DELETE FROM note WHERE id = 1"))
    assert hits("osprey") == 0

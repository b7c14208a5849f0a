"""``db check`` and ``backup``: look at a database without changing it, copy it safely."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from coachtui.errors import CoachError
from coachtui.paths import backups_dir, ensure_private_dir
from coachtui.store.files import sqlite_file
from coachtui.store.migrate import HEAD, REVISIONS


@dataclass
class CheckReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def bad(self, line: str) -> None:
        self.ok = False
        self.lines.append(line)


def check_database(url: str) -> CheckReport:
    """Revision and integrity of a SQLite database, read-only."""
    report = CheckReport()
    path = sqlite_file(url)
    if path is None:
        raise CoachError(f"db check works on SQLite files; {url!r} is not one")
    if not path.exists():
        report.bad(f"database: {path} does not exist")
        return report
    report.lines.append(f"database: {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        report.bad(f"open: failed: {error}")
        return report
    try:
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        except sqlite3.DatabaseError as error:
            report.bad(f"revision: unreadable ({error})")
            report.bad(f"integrity: failed ({error})")
            return report
        if revision == HEAD:
            report.lines.append(f"revision: {revision} (current)")
        elif revision in REVISIONS:
            report.bad(
                f"revision: {revision} (older than {HEAD}; opening it with coachtui upgrades it)"
            )
        elif revision is None:
            report.bad("revision: none (not a coachtui database)")
        else:
            report.bad(f"revision: {revision} (newer than this coachtui, which knows {HEAD})")
        try:
            results = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as error:
            report.bad(f"integrity: failed ({error})")
            return report
        if results == ["ok"]:
            report.lines.append("integrity: ok")
        else:
            report.bad(f"integrity: {len(results)} problem(s): {results[0]}")
    finally:
        conn.close()
    return report


def backup_store(store, path: str | None) -> Path:
    from coachtui.store.backup import backup_sqlite

    if store.file is None:
        raise CoachError("backup works on SQLite databases; use your server's tools for others")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"{store.file.stem}-{stamp}.sqlite3"
    if path is None:
        dest = ensure_private_dir(backups_dir(), tighten=True) / name
    else:
        dest = Path(path).expanduser()
        if dest.is_dir():
            dest = dest / name
    try:
        return backup_sqlite(store.file, dest)
    except (OSError, sqlite3.Error, ValueError) as error:
        raise CoachError(f"backup to {dest} failed: {error}") from None

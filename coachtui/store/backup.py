"""Consistent copies through SQLite's online backup API, created 0600."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coachtui.paths import create_private_file


def backup_sqlite(source: Path, dest: Path) -> Path:
    dest = dest.expanduser().resolve()
    if dest.exists() and dest.samefile(source):
        raise ValueError("the backup cannot overwrite the database itself")
    create_private_file(dest)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    dest.chmod(0o600)
    return dest

"""Where coachtui keeps its files.

``COACHTUI_HOME`` moves everything (data in it, config in ``config/``);
otherwise platformdirs picks the user's data and config directories.
``COACHTUI_DB`` or ``--db`` choose the database URL.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "coachtui"


def data_dir() -> Path:
    home = os.environ.get("COACHTUI_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    home = os.environ.get("COACHTUI_HOME")
    if home:
        return Path(home).expanduser() / "config"
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def backups_dir() -> Path:
    return data_dir() / "backups"


def user_banks_dir() -> Path:
    return config_dir() / "banks"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def default_db_url(*, demo: bool = False) -> str:
    """The database URL to use when ``--db`` is not given."""
    env = os.environ.get("COACHTUI_DB")
    if env and not demo:
        return normalise_db_url(env)
    # Our own directory: make sure it is private even if something else made it.
    folder = ensure_private_dir(data_dir(), tighten=True)
    return sqlite_url(folder / ("demo.sqlite3" if demo else "coachtui.sqlite3"))


def normalise_db_url(value: str) -> str:
    """Accept a SQLAlchemy URL or a plain file path (taken as SQLite)."""
    if "://" in value:
        return value
    return sqlite_url(Path(value).expanduser().resolve())


def ensure_private_dir(path: Path, *, tighten: bool = False) -> Path:
    """Create ``path`` (and parents) as 0700.

    An existing directory is tightened to 0700 only when asked (our own data
    and backup directories), never one the user named, such as /tmp.
    """
    if not path.exists():
        path.mkdir(parents=True, mode=0o700)
        path.chmod(0o700)
    elif tighten and path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


def create_private_file(path: Path, *, tighten_dir: bool = False) -> Path:
    """Create ``path`` as an empty 0600 file if missing; make it 0600 if present."""
    ensure_private_dir(path.parent, tighten=tighten_dir)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    return path

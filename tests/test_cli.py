"""The command line: people, generate, db check, backup, errors as one line."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import click
import pytest

from coachtui.cli import main


def no_traceback(*outputs: str) -> bool:
    return all("Traceback" not in out for out in outputs)


def test_people_add_and_list(run_cli, db_url):
    code, out, err = run_cli(
        "people", "add", "Ana Souza", "--role", "Engineer", "--team", "Core", db=db_url
    )
    assert code == 0 and "added Ana Souza" in out
    code, out, _ = run_cli("people", "list", "--json", db=db_url)
    rows = json.loads(out)
    assert [(r["name"], r["role"], r["team"]) for r in rows] == [("Ana Souza", "Engineer", "Core")]
    assert rows[0]["days_since_one_on_one"] is None


def test_duplicate_person_is_one_line_error(run_cli, db_url):
    run_cli("people", "add", "Ana Souza", db=db_url)
    code, out, err = run_cli("people", "add", "ana  souza", db=db_url)
    assert code == 1
    assert err.strip().splitlines() == [
        "coachtui: error: name: 'ana souza' is already in your team"
    ]
    assert no_traceback(out, err)


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["generate", "--people", "many", "--years", "1"], "'many' is not a valid integer"),
        (["generate", "--people", "5", "--years", "-2"], "--years"),
        (["people", "list", "--colour"], "No such option"),
        (["nonsense"], "No such command"),
        (["people", "add"], "Missing argument"),
    ],
)
def test_bad_cli_input_is_one_line(run_cli, db_url, argv, fragment):
    code, out, err = run_cli(*argv, db=db_url)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("coachtui: error:") and fragment in lines[0]
    assert no_traceback(out, err)


def test_every_command_has_help(run_cli):
    def walk(command: click.Command, path: list[str]):
        yield path
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                yield from walk(sub, [*path, name])

    paths = list(walk(main, []))
    assert ["db", "check"] in paths and ["people", "add"] in paths
    for path in paths:
        code, out, err = run_cli(*path, "--help")
        assert code == 0, (path, err)
        assert "Usage:" in out and "--help" in out


def test_version(run_cli):
    code, out, _ = run_cli("--version")
    assert code == 0 and "coachtui, version" in out


def test_generate_is_deterministic_and_refuses_a_populated_db(run_cli, coach_home):
    def dump(url_path: Path) -> list:
        conn = sqlite3.connect(url_path)
        rows = conn.execute(
            "SELECT p.name, o.held_on, e.question_id, e.heard FROM exchange e "
            "JOIN one_on_one o ON o.id = e.one_on_one_id JOIN person p ON p.id = o.person_id "
            "ORDER BY e.id"
        ).fetchall()
        conn.close()
        return rows

    first, second = coach_home / "one.sqlite3", coach_home / "two.sqlite3"
    for path in (first, second):
        code, out, err = run_cli(
            "generate",
            "--people",
            "3",
            "--years",
            "0.5",
            "--seed",
            "4",
            "--end",
            "2026-06-30",
            db=str(path),
        )
        assert code == 0, err
        assert "4 person" in out
    assert dump(first) == dump(second) and len(dump(first)) > 50

    code, _, err = run_cli("generate", "--people", "3", "--years", "0.5", db=str(first))
    assert code == 1 and "already has 4 people" in err and "--force" in err
    code, out, err = run_cli(
        "generate", "--people", "2", "--years", "0.2", "--force", db=str(first)
    )
    assert code == 0, err
    conn = sqlite3.connect(first)
    assert conn.execute("SELECT count(*) FROM person").fetchone() == (6,)
    assert conn.execute("SELECT count(*) FROM person WHERE is_manager").fetchone() == (1,)
    conn.close()


def test_db_check_ok(run_cli, db_url):
    run_cli("people", "add", "Ana Souza", db=db_url)
    code, out, _ = run_cli("db", "check", db=db_url)
    assert code == 0
    assert "revision: 0002_search (current)" in out and "integrity: ok" in out


def test_db_check_on_a_corrupted_file(run_cli, db_path, db_url):
    run_cli("generate", "--people", "3", "--years", "0.3", db=db_url)
    raw = bytearray(db_path.read_bytes())
    page = 4096
    # Scribble over pages in the middle of the file (tables and indexes).
    for offset in range(page * 3, min(len(raw), page * 12), 7):
        raw[offset] = 0xAB
    db_path.write_bytes(bytes(raw))
    code, out, err = run_cli("db", "check", db=db_url)
    assert code == 1
    assert "integrity:" in out and "integrity: ok" not in out
    assert no_traceback(out, err)


def test_db_check_on_a_file_that_is_not_a_database(run_cli, db_path, db_url):
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"this is not sqlite at all" * 100)
    code, out, err = run_cli("db", "check", db=db_url)
    assert code == 1 and no_traceback(out, err)
    assert "integrity: failed" in out


def test_opening_a_file_that_is_not_a_database_is_one_line(run_cli, db_path, db_url):
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"this is not sqlite at all" * 100)
    code, out, err = run_cli("people", "list", db=db_url)
    assert code == 1 and no_traceback(out, err)
    assert err.startswith("coachtui: error:") and "cannot open the database" in err
    assert len(err.strip().splitlines()) == 1


def test_backup_writes_a_private_consistent_copy(run_cli, db_url, coach_home, tmp_path):
    run_cli("people", "add", "Ana Souza", db=db_url)
    code, out, err = run_cli("backup", db=db_url)
    assert code == 0, err
    path = Path(out.strip())
    assert path.parent == coach_home / "backups"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    copy = sqlite3.connect(path)
    assert copy.execute("SELECT name FROM person").fetchall() == [("Ana Souza",)]
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()

    target = tmp_path / "mine.sqlite3"
    code, out, _ = run_cli("backup", str(target), db=db_url)
    assert code == 0 and Path(out.strip()) == target and target.exists()


def test_db_env_and_home_choose_where_data_lives(run_cli, coach_home, monkeypatch, tmp_path):
    code, _, _ = run_cli("people", "add", "Ana Souza")
    assert code == 0 and (coach_home / "coachtui.sqlite3").exists()
    elsewhere = tmp_path / "elsewhere.sqlite3"
    monkeypatch.setenv("COACHTUI_DB", str(elsewhere))
    run_cli("people", "add", "Kofi Mensah")
    conn = sqlite3.connect(elsewhere)
    assert conn.execute("SELECT name FROM person").fetchall() == [("Kofi Mensah",)]
    conn.close()


def test_demo_flag_seeds_the_demo_database_once(run_cli, coach_home):
    code, out, _ = run_cli("--demo", "people", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) >= 6
    assert rows[0]["is_manager"] and sum(1 for r in rows if not r["is_manager"]) >= 5
    assert (coach_home / "demo.sqlite3").exists()
    _, again, _ = run_cli("--demo", "people", "list", "--json")
    assert len(json.loads(again)) == len(rows)


def test_real_process_errors_have_no_traceback(coach_home):
    env = {**os.environ, "COACHTUI_HOME": str(coach_home)}
    exe = [sys.executable, "-m", "coachtui.cli"]
    subprocess.run([*exe, "people", "add", "Ana Souza"], env=env, check=True, capture_output=True)
    done = subprocess.run(
        [*exe, "people", "add", "Ana Souza"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr == "coachtui: error: name: 'Ana Souza' is already in your team\n"


@pytest.mark.parametrize(
    "argv, expected",
    [
        ([], (None, False)),
        (["--demo"], (None, True)),
        (["--db", "x.sqlite3"], ("x.sqlite3", False)),
        (["--db=sqlite:///y", "--demo"], ("sqlite:///y", True)),
        (["people", "list"], None),
        (["--db"], None),
        (["--version"], None),
        (["--demo", "people", "list"], None),
    ],
)
def test_only_plain_opens_skip_the_full_command_line(argv, expected):
    from coachtui.launch import _open_app_args

    assert _open_app_args(argv) == expected


def test_opening_the_app_on_a_broken_file_is_one_line(coach_home):
    broken = coach_home / "broken.sqlite3"
    coach_home.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"not a database" * 300)
    env = {**os.environ, "COACHTUI_HOME": str(coach_home)}
    done = subprocess.run(
        [sys.executable, "-m", "coachtui", "--db", str(broken)],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("coachtui: error: ") and "cannot open the database" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1

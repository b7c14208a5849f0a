"""`coachtui report`: golden files for every format, flags, CSV safety, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import tomllib
from pathlib import Path

import pytest

from coachtui.store.okr_import import import_okr_file
from coachtui.store.people import PeopleService

DATA = Path(__file__).parent / "data" / "okr"
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("COACHTUI_UPDATE_GOLDEN") == "1"


@pytest.fixture
def scored(store):
    PeopleService(store).add("Morgan Lee", is_manager=True)
    import_okr_file(store, DATA / "report_cycle.toml", create_people=True)
    return store


@pytest.mark.parametrize(
    "fmt,suffix", [("json", "json"), ("markdown", "md"), ("toml", "toml"), ("csv", "csv")]
)
def test_report_matches_golden_file(scored, run_cli, db_path, fmt, suffix):
    code, out, err = run_cli("report", "--cycle", "2026-Q3", "--format", fmt, db=str(db_path))
    assert (code, err) == (0, "")
    golden = GOLDEN / f"okr_report.{suffix}"
    if UPDATE:
        golden.write_text(out)
    assert out == golden.read_text()


def test_json_shape_and_rules(scored, run_cli, db_path):
    _, out, _ = run_cli("report", "--cycle", "2026-Q3", "--format", "json", db=str(db_path))
    data = json.loads(out)
    assert set(data) == {"cycle", "owners"}
    owners = {o["name"]: o for o in data["owners"]}
    assert list(owners)[0] == "Morgan Lee"  # the manager first
    assert owners["Kofi Mensah"]["flags"] == ["not-ambitious"]
    assert owners["Ana Souza"]["flags"] == []
    grow = owners["Morgan Lee"]["objectives"][0]
    assert set(grow) == {"title", "score", "band", "flags", "key_results"}
    assert (grow["score"], grow["band"], grow["flags"]) == (0.75, "green", ["committed-missed"])
    ana = {o["title"]: o for o in owners["Ana Souza"]["objectives"]}
    onboarding = ana["Make onboarding a week shorter"]
    # weighted: (0.7 * 1 + 0.4 * 2) / 3 = 0.5
    assert (onboarding["score"], onboarding["band"]) == (0.5, "yellow")
    assert ana["Retire the legacy build"]["flags"] == ["revisit"]
    assert ana["Retire the legacy build"]["band"] == "red"
    kr = onboarding["key_results"][0]
    assert set(kr) == {"title", "kind", "score", "suggested", "reason"}
    priya = owners["Priya Rahman"]["objectives"][0]
    assert (priya["score"], priya["band"], priya["flags"]) == (None, None, [])
    assert priya["key_results"][0] == {
        "title": "Checkout p95 in ms",
        "kind": "numeric",
        "score": None,
        "suggested": 0.5,
        "reason": None,
    }


def test_csv_neutralises_formula_cells(scored, run_cli, db_path):
    _, out, _ = run_cli("report", "--cycle", "2026-Q3", "--format", "csv", db=str(db_path))
    rows = list(csv.DictReader(io.StringIO(out)))
    titles = [r["key_result"] for r in rows]
    assert "'=SUM(A1:A9) of onboarding docs reviewed" in titles
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_toml_report_parses_and_writes_to_file(scored, run_cli, db_path, tmp_path):
    target = tmp_path / "out" / "r.toml"
    target.parent.mkdir()
    code, out, err = run_cli(
        "report", "--cycle", "2026-Q3", "--format", "toml", "-o", str(target), db=str(db_path)
    )
    assert code == 0 and out == "" and str(target) in err
    assert target.stat().st_mode & 0o777 == 0o600
    data = tomllib.loads(target.read_text())
    assert data["cycle"] == "2026-Q3"
    priya = next(o for o in data["owners"] if o["name"] == "Priya Rahman")
    assert "score" not in priya["objectives"][0]  # TOML has no null


def test_unknown_cycle_and_bad_format_are_one_line(scored, run_cli, db_path):
    code, out, err = run_cli("report", "--cycle", "1999-Q1", db=str(db_path))
    assert code == 1 and out == "" and err == "coachtui: error: no cycle named '1999-Q1'\n"
    code, _, err = run_cli("report", "--cycle", "2026-Q3", "--format", "xls", db=str(db_path))
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err


def test_cycle_states_move_one_step_at_a_time(store, run_cli, db_path):
    code, out, _ = run_cli(
        "okr",
        "cycle",
        "add",
        "2027-Q1",
        "--starts",
        "2027-01-01",
        "--ends",
        "2027-03-31",
        db=str(db_path),
    )
    assert code == 0 and "planning" in out
    code, _, err = run_cli("okr", "cycle", "close", "2027-Q1", db=str(db_path))
    assert code == 1 and "is planning" in err and err.count("\n") == 1
    for verb, state in (("start", "active"), ("score", "scoring"), ("close", "closed")):
        code, out, err = run_cli("okr", "cycle", verb, "2027-Q1", db=str(db_path))
        assert code == 0, err
        assert out == f"cycle 2027-Q1 is now {state}\n"
    code, out, _ = run_cli("okr", "cycle", "list", "--json", db=str(db_path))
    assert json.loads(out)[0]["state"] == "closed"


@pytest.mark.parametrize("fmt", ["json", "markdown", "toml", "csv"])
def test_report_command_loads_neither_sqlalchemy_nor_pydantic(scored, db_path, fmt):
    """The report is a whole process: its cost is mostly imports, so the
    command reads with plain SQL and renders without pydantic."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from coachtui.cli import main\n"
        "try:\n"
        f"    main(['--db', {str(db_path)!r}, 'report', '--cycle', '2026-Q3', '--format', {fmt!r}])\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "heavy = ('sqlalchemy', 'pydantic', 'coachtui.store.models', 'coachtui.store.okrs')\n"
        "print('LOADED', [m for m in heavy if m in sys.modules], file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    suffix = {"markdown": "md"}.get(fmt, fmt)
    assert done.stdout == (GOLDEN / f"okr_report.{suffix}").read_text()
    assert "LOADED []" in done.stderr

"""`coachtui okr import`: the issue's format, all or nothing, one-line errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coachtui.store.okrs import OkrService
from coachtui.store.people import PeopleService

DATA = Path(__file__).parent / "data" / "okr"
GOOD = (DATA / "good.toml").read_text()


def dump(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as con:
        return list(con.iterdump())


@pytest.fixture
def team(store):
    people = PeopleService(store)
    people.add("Morgan Lee", is_manager=True)
    people.add("Ana Souza")
    return store


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "okrs.toml"
    path.write_text(text)
    return path


def test_good_file_imports_everything(team, run_cli, db_path, tmp_path):
    code, out, err = run_cli("okr", "import", str(write(tmp_path, GOOD)), db=str(db_path))
    assert (code, err) == (0, "")
    assert "2 objectives, 2 key results, 1 check-ins, 1 scores" in out
    service = OkrService(team)
    cycle = service.find_cycle("2026-Q3")
    assert (str(cycle.starts_on), str(cycle.ends_on), cycle.state) == (
        "2026-07-01",
        "2026-09-30",
        "planning",
    )
    parent, child = sorted(service.objectives(cycle.id), key=lambda o: o.title)
    assert parent.title == "Grow the platform team" and parent.owner_name == "Morgan Lee"
    assert child.parent_id == parent.id and child.type == "aspirational"
    kr = child.key_results[0]
    assert (kr.kind, kr.start, kr.target, kr.current, kr.unit) == ("numeric", 10, 5, 6, "days")
    assert (kr.score, kr.reason, kr.suggested) == (0.7, "Mentoring rota did most of it", 0.8)
    assert [(str(c.on), c.value, c.confidence, c.note) for c in kr.check_ins] == [
        ("2026-08-01", 8.0, 6, "Rota started")
    ]
    milestone = parent.key_results[0]
    assert (milestone.kind, milestone.done, milestone.score) == ("milestone", False, None)


def test_finer_scores_from_import_are_kept(team, run_cli, db_path, tmp_path):
    text = GOOD.replace("score = 0.7 ", "score = 0.73 ")
    code, _, _ = run_cli("okr", "import", str(write(tmp_path, text)), db=str(db_path))
    assert code == 0
    service = OkrService(team)
    objectives = service.objectives(service.find_cycle("2026-Q3").id)
    assert [kr.score for o in objectives for kr in o.key_results if kr.score] == [0.73]


def test_unknown_owners_are_listed_and_nothing_is_written(store, run_cli, db_path, tmp_path):
    PeopleService(store).add("Someone Else")
    before = dump(db_path)
    code, out, err = run_cli("okr", "import", str(write(tmp_path, GOOD)), db=str(db_path))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "'Morgan Lee'" in err and "'Ana Souza'" in err and "--create-people" in err
    assert dump(db_path) == before  # not even the cycle


def test_create_people_adds_the_owners(store, run_cli, db_path, tmp_path):
    code, out, _ = run_cli(
        "okr", "import", "--create-people", str(write(tmp_path, GOOD)), db=str(db_path)
    )
    assert code == 0 and "2 people added" in out
    assert {p.name for p in PeopleService(store).list()} == {"Morgan Lee", "Ana Souza"}


KR = "objective 'Make onboarding a week shorter': key result 'Median days to first merged change'"


@pytest.mark.parametrize(
    "old,new,expected",
    [
        ("score = 0.7 ", "score = 1.5 ", f"{KR}: score: 1.5"),
        ("score = 0.7 ", "score = -0.1 ", f"{KR}: score: -0.1"),
        ("score = 0.7 ", "score = nan ", f"{KR}: score: nan is not a finite number"),
        ("current = 6", "current = inf", f"{KR}: current: inf is not a finite number"),
        ('kind = "numeric"', 'kind = "ratio"', f"{KR}: kind: 'ratio' is not allowed"),
        ("target = 5\n", "", f"{KR}: target: a numeric or percent KR needs a target"),
        (
            "on = 2026-08-01",
            'on = "2026-13-01"',
            f"{KR}: check-in #1: on: '2026-13-01' is not a date",
        ),
        ("on = 2026-08-01", "on = 2026-08-01T10:00:00", f"{KR}: check-in #1: on: "),
        ("on = 2026-08-01", "on = 20260801", f"{KR}: check-in #1: on: 20260801 is not a date"),
        ("starts_on = 2026-07-01", 'starts_on = "July"', "cycle.starts_on: 'July' is not a date"),
        (
            'parent = "Grow the platform team"',
            'parent = "Grow the whole company"',
            "objective 'Make onboarding a week shorter': parent: no objective titled "
            "'Grow the whole company'",
        ),
        ("confidence = 6", "confidence = 11", f"{KR}: check-in #1: confidence: 11"),
        (
            'reason = "Mentoring rota did most of it"',
            "",
            None,  # 0.7 vs suggested 0.8 needs no reason: imports fine
        ),
        (
            "score = 0.7 ",
            "score = 0.3 ",
            None,
        ),
    ],
)
def test_bad_files_are_refused_in_one_line(team, run_cli, db_path, tmp_path, old, new, expected):
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    before = dump(db_path)
    code, out, err = run_cli("okr", "import", str(write(tmp_path, text)), db=str(db_path))
    if expected is None:
        assert code == 0, err
        return
    assert code == 1, out
    assert out == ""
    assert err.startswith("coachtui: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert str(tmp_path / "okrs.toml") in err
    assert expected in err
    assert dump(db_path) == before


def test_score_far_from_suggestion_needs_a_reason(team, run_cli, db_path, tmp_path):
    text = GOOD.replace("score = 0.7 ", "score = 0.3 ").replace(
        'reason = "Mentoring rota did most of it"', ""
    )
    before = dump(db_path)
    code, _, err = run_cli("okr", "import", str(write(tmp_path, text)), db=str(db_path))
    assert code == 1
    assert f"{KR}: reason: " in err
    assert dump(db_path) == before


def test_a_failure_late_in_the_file_rolls_back_earlier_rows(team, run_cli, db_path, tmp_path):
    """The duplicate is found after the cycle and people checks passed."""
    code, _, _ = run_cli("okr", "import", str(write(tmp_path, GOOD)), db=str(db_path))
    assert code == 0
    before = dump(db_path)
    again = GOOD.replace('title = "Grow the platform team"', 'title = "Another top goal"').replace(
        'parent = "Grow the platform team"', 'parent = "Another top goal"'
    )
    code, _, err = run_cli("okr", "import", str(write(tmp_path, again)), db=str(db_path))
    assert code == 1
    assert "objective 'Make onboarding a week shorter': title: already in cycle 2026-Q3" in err
    assert dump(db_path) == before


def test_parent_can_be_an_objective_already_in_the_cycle(team, run_cli, db_path, tmp_path):
    header, morgan, ana = GOOD.split("[[objectives]]")
    first = header + "[[objectives]]" + morgan
    code, _, err = run_cli("okr", "import", str(write(tmp_path, first)), db=str(db_path))
    assert code == 0, err
    second = header + "[[objectives]]" + ana
    code, _, err = run_cli("okr", "import", str(write(tmp_path, second)), db=str(db_path))
    assert code == 0, err
    service = OkrService(team)
    objectives = service.objectives(service.find_cycle("2026-Q3").id)
    by_title = {o.title: o for o in objectives}
    assert by_title["Make onboarding a week shorter"].parent_id == (
        by_title["Grow the platform team"].id
    )


def test_not_toml_and_missing_file(run_cli, db_path, tmp_path):
    code, _, err = run_cli("okr", "import", str(write(tmp_path, "[cycle\n")), db=str(db_path))
    assert code == 1 and "not valid TOML" in err and err.count("\n") == 1
    code, _, err = run_cli("okr", "import", str(tmp_path / "nope.toml"), db=str(db_path))
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err

"""`coachtui banks list/show/validate/import-markdown`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_banks import GOOD

from coachtui.paths import user_banks_dir

REPO = Path(__file__).resolve().parent.parent


def test_banks_list_text_and_json(run_cli):
    code, out, _ = run_cli("banks", "list")
    assert code == 0
    assert any(
        line.startswith("regular-check-in") and "shipped" in line for line in out.splitlines()
    )
    code, out, _ = run_cli("banks", "list", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["end-of-cycle"]["purpose"] == "scoring"
    assert rows["grow"]["stages"] == 4 and rows["grow"]["questions"] >= 12
    assert all(r["origin"] == "shipped" for r in rows.values())


def test_banks_show_prints_stages_in_order_with_questions(run_cli):
    code, out, _ = run_cli("banks", "show", "grow")
    assert code == 0
    lines = out.splitlines()
    stage_lines = [line for line in lines if line[:2] in ("1.", "2.", "3.", "4.")]
    assert [line.split(" [")[0] for line in stage_lines] == [
        "1. Goal",
        "2. Reality",
        "3. Options",
        "4. Will",
    ]
    assert "What would you like to get out of our time today?" in out


def test_banks_show_unknown_id_is_one_line(run_cli):
    code, out, err = run_cli("banks", "show", "nope")
    assert code == 1 and err.strip() == "coachtui: error: no question bank with id 'nope'"


def test_validate_good_files_exit_zero(run_cli, tmp_path: Path):
    good = tmp_path / "good.toml"
    good.write_text(GOOD)
    code, out, _ = run_cli("banks", "validate", str(good), str(REPO / "question_banks"))
    assert code == 0
    assert f"{good}: ok" in out
    assert out.count(": ok") >= 9


def test_validate_reports_one_line_per_problem_and_exits_one(run_cli, tmp_path: Path):
    good = tmp_path / "good.toml"
    good.write_text(GOOD)
    bad = tmp_path / "bad.toml"
    bad.write_text(
        GOOD.replace('purpose = "one_on_one"', 'purpose = "chat"').replace(
            'stage = "open"', 'stage = "x"'
        )
    )
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00bank")
    nested = tmp_path / "nested.toml"
    nested.write_text("a = " + "[" * 3000 + "]" * 3000)
    code, out, err = run_cli(
        "banks",
        "validate",
        str(good),
        str(bad),
        str(binary),
        str(nested),
        str(tmp_path / "missing.toml"),
    )
    assert code == 1
    assert "Traceback" not in out + err
    problems = [line for line in out.splitlines() if ": ok" not in line]
    assert problems == [
        f"{bad}: line 4: bank.purpose: must be one of one_on_one, scoring, feedback, retro (got 'chat')",
        f"{binary}: not UTF-8 text (bad byte at offset 0)",
        f"{nested}: not a usable bank: values are nested too deeply",
        f"{tmp_path / 'missing.toml'}: no such file",
    ]
    assert f"{good}: ok" in out


def test_validate_in_a_real_process_never_shows_a_traceback(tmp_path: Path):
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "{a = " * 2000 + "1" + "}" * 2000)
    result = subprocess.run(
        [sys.executable, "-m", "coachtui.cli", "banks", "validate", str(deep)],
        capture_output=True,
        text=True,
        env={"COACHTUI_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stdout.strip().splitlines()) == 1


def test_import_markdown_then_list_and_override(run_cli, tmp_path: Path):
    md = tmp_path / "weekly.md"
    md.write_text("# Start\n- What is on your mind?\n- How are you?\n\n# End\n1. What next?\n")
    code, out, _ = run_cli(
        "banks", "import-markdown", str(md), "--id", "regular-check-in", "--title", "Mine"
    )
    assert code == 0
    assert (
        out.strip()
        == f"imported 2 stages and 3 questions into {user_banks_dir() / 'regular-check-in.toml'}"
    )
    code, out, _ = run_cli("banks", "list", "--json")
    row = next(r for r in json.loads(out) if r["id"] == "regular-check-in")
    assert (row["origin"], row["overrides_shipped"], row["questions"]) == ("user", True, 3)
    code, out, err = run_cli("banks", "import-markdown", str(md), "--id", "regular-check-in")
    assert code == 1 and "use --force" in err


def test_import_markdown_errors_are_one_line(run_cli, tmp_path: Path):
    md = tmp_path / "prose.md"
    md.write_text("Just prose, no list.\n")
    code, _, err = run_cli("banks", "import-markdown", str(md), "--id", "prose")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "no list items" in err
    code, _, err = run_cli("banks", "import-markdown", str(tmp_path / "none.md"), "--id", "x")
    assert code == 1 and "cannot read" in err

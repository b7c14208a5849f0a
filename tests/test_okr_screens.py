"""The OKR, alignment, scoring and report screens, driven by key presses."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Markdown, Static

from coachtui.store.okr_import import import_okr_file
from coachtui.store.okrs import OkrService
from coachtui.store.people import PeopleService

DATA = Path(__file__).parent / "data" / "okr"

BANK = """
[bank]
id = "end-of-cycle"
title = "End of cycle"
purpose = "scoring"
version = 1

[[stages]]
id = "reflect"
title = "Reflect"

[[questions]]
id = "reflect.surprise"
stage = "reflect"
text = "What surprised you about this result?"

[[questions]]
id = "reflect.again"
stage = "reflect"
text = "What would you do differently next cycle?"
"""

PAST = """
[cycle]
name = "2026-Q2"
starts_on = 2026-04-01
ends_on = 2026-06-30
state = "closed"

[[objectives]]
owner = "Ana Souza"
title = "Earlier goal"
[[objectives.key_results]]
title = "Earlier KR"
kind = "milestone"
done = true
score = 0.9
"""


def _text(widget: Static) -> str:
    return str(widget.render())


def unscored_copy(tmp_path: Path) -> Path:
    """The report fixture, in scoring, with no scores yet."""
    lines = []
    for line in (DATA / "report_cycle.toml").read_text().splitlines():
        if line.startswith(("score =", "reason =")):
            continue
        lines.append(line)
    path = tmp_path / "unscored.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def scoring_store(store, coach_home, tmp_path):
    PeopleService(store).add("Morgan Lee", is_manager=True)
    for name in ("Ana Souza", "Kofi Mensah", "Priya Rahman"):
        PeopleService(store).add(name)
    past = tmp_path / "past.toml"
    past.write_text(PAST)
    import_okr_file(store, past)
    import_okr_file(store, unscored_copy(tmp_path))
    banks = coach_home / "config" / "banks"
    banks.mkdir(parents=True)
    (banks / "end-of-cycle.toml").write_text(BANK)
    return store


def stored_scores(store) -> dict[str, tuple[float, str]]:
    service = OkrService(store)
    cycle = service.find_cycle("2026-Q3")
    return {
        kr.title: (kr.score, kr.reason)
        for o in service.objectives(cycle.id)
        for kr in o.key_results
        if kr.score is not None
    }


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_scoring_session_by_keys_resumes_and_closes(scoring_store, app_factory, coach_home):
    from coachtui.screens.cycle_report import CycleReportScreen
    from coachtui.screens.home import HomeScreen
    from coachtui.screens.scoring import ScoringScreen

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScoringScreen)
        assert "not for pay or ratings" in _text(screen.query_one("#learning-note", Static))
        progress = screen.query_one("#progress", Static)
        assert "KR 1 of 8" in _text(progress) and "Morgan Lee" in _text(progress)
        questions = _text(screen.query_one("#side-pane", Static))
        assert "What surprised you about this result?" in questions

        # KR 1: a milestone not done (suggests 0.0); 0.5 needs a reason.
        assert "Hire two engineers" in _text(screen.query_one("#kr-title", Static))
        await pilot.press("5")
        assert "not saved yet" in _text(screen.query_one("#kr-score", Static))
        assert stored_scores(scoring_store) == {}
        # The roll-up already follows the score on screen.
        assert "Score 0.50" in _text(screen.query_one("#side-pane", Static))
        assert isinstance(screen.focused, Input)
        await type_text(pilot, "one hire landed")
        await pilot.press("enter")
        assert stored_scores(scoring_store) == {"Hire two engineers": (0.5, "one hire landed")}
        assert "KR 2 of 8" in _text(progress)

        # KR 2: a milestone done; t sets 1.0; the objective rolls up live.
        await pilot.press("t")
        rollup = _text(screen.query_one("#side-pane", Static))
        assert "Score 0.75" in rollup and "green" in rollup and "committed-missed" in rollup
        await pilot.press("enter")

        # KR 3: numeric 10 → 5, now 6: suggests 0.8; 7 then + is 0.8.
        assert "suggested 0.8" in _text(screen.query_one("#kr-score", Static))
        assert "Check-ins" in _text(screen.query_one("#kr-checkins", Static))
        await pilot.press("7", "plus")
        assert "Score 0.8" in _text(screen.query_one("#kr-score", Static))
        await pilot.press("enter")
        assert stored_scores(scoring_store)["Median days to first merged change"] == (0.8, "")

        # Leave midway, come back: the session resumes at the first unscored KR.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScoringScreen)
        progress = screen.query_one("#progress", Static)
        assert "KR 4 of 8" in _text(progress) and "3 scored" in _text(progress)
        assert "=SUM(A1:A9)" in _text(screen.query_one("#kr-title", Static))
        history = _text(screen.query_one("#side-pane", Static))
        assert "2026-Q2" in history and "0.90" in history

        await pilot.press("4", "enter")  # percent 0 → 100, now 40
        await pilot.press("1", "enter")  # 3 of 20 services: suggests 0.2
        await pilot.press("t", "enter")  # Kofi: pages 30 → 10, reached
        await pilot.press("t", "enter")  # Kofi: runbook done

        # Priya: 1200 → 600 ms, now 900 suggests 0.5; 0.2 is exactly 0.3 away.
        assert "Checkout p95" in _text(screen.query_one("#kr-title", Static))
        await pilot.press("2")
        assert isinstance(screen.focused, Input)
        await pilot.press("escape")  # back to the score keys without a reason
        await pilot.press("n")
        assert "Checkout p95" in _text(screen.query_one("#kr-title", Static))
        assert "Checkout p95 in ms" not in stored_scores(scoring_store)
        assert isinstance(screen.focused, Input)  # sent back to the reason
        await type_text(pilot, "traffic doubled")
        await pilot.press("enter")
        await pilot.pause()

        assert stored_scores(scoring_store) == {
            "Hire two engineers": (0.5, "one hire landed"),
            "Onboarding guide published": (1.0, ""),
            "Median days to first merged change": (0.8, ""),
            "=SUM(A1:A9) of onboarding docs reviewed": (0.4, ""),
            "Services on the new build": (0.1, ""),
            "Pages per week": (1.0, ""),
            "Runbook for every alert": (1.0, ""),
            "Checkout p95 in ms": (0.2, "traffic doubled"),
        }

        # Close: confirm, explain the committed objective that missed, see the report.
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await type_text(pilot, "a late decline")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CycleReportScreen)
        service = OkrService(scoring_store)
        cycle = service.find_cycle("2026-Q3")
        assert cycle.state == "closed"
        grow = next(o for o in service.objectives(cycle.id) if o.title == "Grow the platform team")
        assert grow.missed_explanation == "a late decline"
        source = app.screen.query_one("#report", Markdown).source
        assert "## Kofi Mensah" in source and "**not-ambitious**" in source
        assert "### Retire the legacy build — 0.10 (red)" in source and "**revisit**" in source
        assert "### Grow the platform team — 0.75 (green)" in source
        assert "What got in the way: a late decline" in source
        history = _text(app.screen.query_one("#report-history", Static))
        assert "Ana Souza" in history and "2 cycles" in history

        await pilot.press("m")
        await pilot.press("t")
        await pilot.pause()
        exported = coach_home / "reports"
        assert "## Ana Souza" in (exported / "2026-Q3.md").read_text()
        assert 'cycle = "2026-Q3"' in (exported / "2026-Q3.toml").read_text()
        assert (exported / "2026-Q3.md").stat().st_mode & 0o777 == 0o600


async def test_scoring_without_a_cycle_or_bank_is_calm(store, app_factory):
    from coachtui.screens.scoring import ScoringScreen

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ScoringScreen)
        assert "No cycle is waiting to be scored" in _text(app.screen.query_one("#progress"))
        await pilot.press("5")  # nothing to score: no error
        await pilot.press("escape")


async def test_missing_bank_says_so(scoring_store, app_factory, coach_home, monkeypatch):
    from coachtui import banks

    (coach_home / "config" / "banks" / "end-of-cycle.toml").unlink()
    monkeypatch.setattr(banks, "shipped_bank_files", lambda: [])  # the shipped one too
    banks.clear_cache()
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        text = _text(app.screen.query_one("#side-pane", Static))
        assert "No end-of-cycle question bank found" in text


async def test_scoring_opens_on_an_index_and_loads_objectives_as_reached(
    scoring_store, app_factory, monkeypatch
):
    """A big cycle opens fast: no full load of every objective, KR and
    check-in; each objective (with its check-ins) loads when first reached."""
    loaded: list[int] = []
    whole_cycle: list[int] = []
    real_objective, real_objectives = OkrService.objective, OkrService.objectives

    def objective(self, objective_id):
        loaded.append(objective_id)
        return real_objective(self, objective_id)

    def objectives(self, cycle_id, **kwargs):
        whole_cycle.append(cycle_id)
        return real_objectives(self, cycle_id, **kwargs)

    monkeypatch.setattr(OkrService, "objective", objective)
    monkeypatch.setattr(OkrService, "objectives", objectives)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert "KR 1 of 8" in _text(screen.query_one("#progress", Static))
        assert whole_cycle == [] and len(loaded) == 1
        await pilot.press("n")  # the objective's second KR: already loaded
        assert len(loaded) == 1
        await pilot.press("n")  # the next objective loads now, once
        await pilot.press("p", "n")
        assert len(loaded) == 2 and loaded[0] != loaded[1]
        assert "Check-ins" in _text(screen.query_one("#kr-checkins", Static))
        assert whole_cycle == []


def test_scoring_screen_snapshot(scoring_store, app_factory, snap_compare):
    async def open_scoring(pilot):
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("5")  # a score that needs a reason
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=open_scoring)


# -- the OKR screen ------------------------------------------------------------


@pytest.fixture
def planning(store):
    people = PeopleService(store)
    people.add("Morgan Lee", is_manager=True)
    people.add("Ana Souza")
    import datetime as dt

    service = OkrService(store)
    cycle = service.add_cycle("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    return store, cycle


async def test_okr_screen_adds_objective_kr_and_check_in(planning, app_factory):
    from coachtui.screens.okr import OkrScreen

    store, cycle = planning
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("k")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OkrScreen)
        assert "2027-Q1" in _text(screen.query_one("#cycle-line", Static))

        await pilot.press("o")
        await pilot.pause()
        await type_text(pilot, "Ship the new billing")
        await pilot.press("ctrl+s")
        await pilot.pause()
        objectives = OkrService(store).objectives(cycle.id)
        assert [(o.title, o.owner_name, o.type) for o in objectives] == [
            ("Ship the new billing", "Morgan Lee", "aspirational")
        ]

        # A KR with no unit and target equal to start: warned, still saved.
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        await type_text(pilot, "Invoices")
        form.query_one("#start", Input).value = "5"
        form.query_one("#target", Input).value = "5"
        await pilot.pause()
        warnings = _text(form.query_one("#form-warnings", Static))
        assert "target equals start" in warnings and "no unit" in warnings
        await pilot.press("ctrl+s")
        await pilot.pause()
        kr = OkrService(store).objectives(cycle.id)[0].key_results[0]
        assert (kr.title, kr.start, kr.target, kr.unit) == ("Invoices", 5.0, 5.0, "")
        focus_text = _text(screen.query_one("#detail-focus", Static))
        assert "target equals start" in focus_text
        assert "Important and specific?" in focus_text

        # Check in on the KR (cursor is on it after saving).
        await pilot.press("i")
        await pilot.pause()
        await type_text(pilot, "4")
        await pilot.press("tab")
        await type_text(pilot, "7")
        await pilot.press("tab")
        await type_text(pilot, "slow start")
        await pilot.press("ctrl+s")
        await pilot.pause()
        kr = OkrService(store).key_result(kr.id)
        assert [(c.value, c.confidence, c.note) for c in kr.check_ins] == [(4.0, 7, "slow start")]
        assert kr.current == 4.0


async def test_okr_screen_warns_past_three_objectives(planning, app_factory):
    store, cycle = planning
    service = OkrService(store)
    ana = PeopleService(store).find("Ana Souza")
    for n in range(4):
        service.add_objective(cycle.id, ana.id, f"Goal {n}")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("k")
        await pilot.pause()
        text = _text(app.screen.query_one("#cycle-warnings", Static))
        assert "Ana Souza has 4 objectives" in text


async def test_forecast_shown_while_active(planning, app_factory):
    store, cycle = planning
    service = OkrService(store)
    ana = PeopleService(store).find("Ana Souza")
    objective = service.add_objective(cycle.id, ana.id, "Faster pages")
    kr = service.add_key_result(
        objective.id, "p95 ms", "numeric", start=1000, target=500, unit="ms"
    )
    service.add_check_in(kr.id, 900, 5, "first cut")
    service.add_check_in(kr.id, 700, 6, "cache helped")
    service.advance(cycle.id, "active")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("k")
        await pilot.pause()
        table = app.screen.query_one("#okrs")
        row = table.get_row(f"k:{kr.id}")
        assert str(row[4]) == "0.60"  # (700 - 1000) / (500 - 1000)


# -- alignment -----------------------------------------------------------------


async def test_alignment_accept_and_decline_by_key(planning, app_factory):
    from coachtui.screens.alignment import AlignmentScreen

    store, cycle = planning
    service = OkrService(store)
    people = PeopleService(store)
    morgan, ana = people.find("Morgan Lee"), people.find("Ana Souza")
    top = service.add_objective(cycle.id, morgan.id, "Grow the platform")
    first = service.propose_objective(cycle.id, ana.id, "Own the build", top.id)
    second = service.propose_objective(cycle.id, ana.id, "Rewrite everything", top.id)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AlignmentScreen)
        assert "2 proposed" in _text(screen.query_one("#alignment-line", Static))
        tree = screen.query_one("#alignment")
        labels = [str(node.label) for node in tree.root.children[0].children]
        assert labels[0].startswith("[proposed] Own the build")
        await pilot.press("down", "down")  # root → top → first proposal
        assert screen.selected().id == first.id
        await pilot.press("a")
        await pilot.pause()
        assert service.objective(first.id).status == "accepted"
        assert service.objective(first.id).parent_id == top.id
        node = next(n for n in tree.root.children[0].children if n.data.id == second.id)
        tree.move_cursor(node)
        await pilot.press("x")
        await pilot.pause()
        assert service.objective(second.id).status == "declined"
        labels = [str(node.label) for node in tree.root.children[0].children]
        assert len(labels) == 1 and labels[0].startswith("Own the build")
        assert "Ana Souza" in labels[0]


async def test_palette_commands_are_named_area_verb(scoring_store, app_factory):
    from coachtui.commands_okr import OkrCommands

    app = app_factory()
    async with app.run_test(size=(120, 40)):
        provider = OkrCommands(app.screen)
        names = [text for text, _, _ in provider.commands()]
    assert "okr: open cycle 2026-Q3" in names
    assert "scoring: start 2026-Q3" in names
    assert "alignment: show 2026-Q2" in names
    assert "scoring: start 2026-Q2" not in names  # closed

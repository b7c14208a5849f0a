"""Adding, editing and archiving people from the home screen, by key presses."""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import DataTable, Static

from coachtui.store.models import Person


def people_in_db(store) -> dict[str, Person]:
    with store.read() as s:
        return {p.name: p for p in s.scalars(select(Person))}


def table_names(app) -> list[str]:
    table = app.screen.query_one("#people", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_add_person_by_keys(app_factory, store):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        assert "No one here yet" in str(app.screen.query_one("#empty", Static).render())
        await pilot.press("a")
        await type_text(pilot, "Ana Souza")
        await pilot.press("tab")
        await type_text(pilot, "Backend engineer")
        await pilot.press("tab")
        await type_text(pilot, "Platform")
        await pilot.press("enter")
        await pilot.pause()
        assert table_names(app) == ["Ana Souza"]
    saved = people_in_db(store)["Ana Souza"]
    assert (saved.role, saved.team, saved.archived_at) == ("Backend engineer", "Platform", None)


async def test_empty_and_duplicate_names_are_refused(app_factory, store):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "enter")
        await pilot.pause()
        error = app.screen.query_one("#form-error", Static)
        assert "name: a name is needed" in str(error.render())
        assert people_in_db(store) == {}

        await type_text(pilot, "Ana Souza")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("a")
        await type_text(pilot, "ana souza")
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#form-error", Static)
        assert "already in your team" in str(error.render())
        await pilot.press("escape")
        await pilot.pause()
        assert table_names(app) == ["Ana Souza"]
    assert list(people_in_db(store)) == ["Ana Souza"]


async def test_edit_then_archive_and_restore(app_factory, store):
    from coachtui.store.people import PeopleService

    service = PeopleService(store)
    service.add("Ana Souza", role="Engineer")
    service.add("Kofi Mensah", role="SRE")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        assert table_names(app) == ["Ana Souza", "Kofi Mensah"]
        await pilot.press("down", "e")
        await pilot.pause()
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "Site reliability engineer")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert people_in_db(store)["Kofi Mensah"].role == "Site reliability engineer"

        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert table_names(app) == ["Ana Souza"]
        assert people_in_db(store)["Kofi Mensah"].archived_at is not None

        await pilot.press("h")
        await pilot.pause()
        assert "Kofi Mensah [archived]" in table_names(app)
        await pilot.press("down", "u")
        await pilot.pause()
        assert people_in_db(store)["Kofi Mensah"].archived_at is None


async def test_archive_can_be_cancelled(app_factory, store):
    from coachtui.store.people import PeopleService

    PeopleService(store).add("Ana Souza")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert table_names(app) == ["Ana Souza"]
    assert people_in_db(store)["Ana Souza"].archived_at is None


async def test_home_rows_show_the_demo_team(app_factory, demo_store):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#people", DataTable)
        assert table.row_count == 7
        names = table_names(app)
        assert names[0] == "Morgan Lee (you)"
        row = table.get_row_at(names.index("Ana Souza"))
        assert str(row[3]).endswith("ago") or str(row[3]) in ("today", "never")


async def test_palette_finds_person_commands(app_factory, store):
    from coachtui.store.people import PeopleService

    for name in ("Ana Souza", "Kofi Mensah", "Tomas Novak"):
        PeopleService(store).add(name)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "person: open Tomas")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.selected_person().name == "Tomas Novak"

        await pilot.press("ctrl+p")
        await type_text(pilot, "person: add")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "PersonForm"


async def test_help_lists_keys_of_the_focused_area(app_factory, store):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        descriptions = [row[1] for row in app.screen.rows]
        assert "Add person" in descriptions and "Archive" in descriptions
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        descriptions = [row[1] for row in app.screen.rows]
        assert "Save" in descriptions and "Add person" not in descriptions


def test_home_snapshot(snap_compare, app_factory, demo_store):
    assert snap_compare(app_factory(), terminal_size=(120, 30))


def test_demo_leaves_the_last_quarter_to_score(demo_store):
    rows = demo_store.query(
        "SELECT c.name, c.state, count(s.id) FROM cycle c "
        "JOIN objective o ON o.cycle_id = c.id JOIN key_result k ON k.objective_id = o.id "
        "LEFT JOIN kr_score s ON s.key_result_id = k.id GROUP BY c.id ORDER BY c.ends_on"
    )
    states = {name: (state, scored) for name, state, scored in rows}
    assert states["2026-Q3"] == ("scoring", 0)
    assert states["2026-Q4"][0] == "active"

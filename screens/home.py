"""The home screen: your team at a glance, and the way into everything else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachtui.screens.widgets import KeyFooter
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from coachtui.errors import CoachError
from coachtui.store.team import TeamRow, team_rows

if TYPE_CHECKING:
    from coachtui.store.people import PeopleService, PersonInfo


def days_label(days: int | None) -> str:
    if days is None:
        return "never"
    if days == 0:
        return "today"
    return "1 day ago" if days == 1 else f"{days} days ago"


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    HELP = "Your team. Pick a person with the arrow keys, then act on them."
    BINDINGS = [
        Binding("o", "one_on_one", "One-on-one"),
        Binding("v", "review_person", "Review"),
        Binding("f", "feedback_person", "Feedback"),
        Binding("k", "okrs", "OKRs"),
        Binding("s", "scoring", "Scoring"),
        Binding("a", "add_person", "Add person"),
        Binding("e", "edit_person", "Edit"),
        Binding("n", "note_person", "Note", show=False),
        Binding("l", "alignment", "Alignment", show=False),
        Binding("x", "archive_person", "Archive", show=False),
        Binding("h", "toggle_archived", "Show archived", show=False),
        Binding("u", "restore_person", "Restore", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_archived = False
        self.people: list[TeamRow] = []

    @property
    def service(self) -> PeopleService:
        from coachtui.store.people import PeopleService

        return PeopleService(self.app.store)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            yield Static(id="team-summary")
            yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
            yield Static(id="empty", classes="muted")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#people", DataTable)
        table.add_column("Name", key="name", width=24)
        table.add_column("Role", key="role", width=30)
        table.add_column("Team", key="team", width=12)
        table.add_column("Last one-on-one", key="last", width=16)
        table.add_column("Open actions", key="open", width=12)
        table.add_column("KRs at risk", key="risk", width=11)
        self.refresh_people()
        table.focus()
        self.call_after_refresh(self.app.first_painted)

    def refresh_people(self, select_id: int | None = None) -> None:
        table = self.query_one("#people", DataTable)
        current = select_id if select_id is not None else self._cursor_person_id()
        self.people = team_rows(self.app.store, self.app.today, include_archived=self.show_archived)
        table.clear()
        for p in self.people:
            name = (
                p.name + (" (you)" if p.is_manager else "") + (" [archived]" if p.archived else "")
            )
            cells = (
                name,
                p.role or "—",
                p.team or "—",
                "—" if p.is_manager else days_label(p.days_since_one_on_one),
                str(p.open_action_items),
                str(p.krs_at_risk) if p.krs_at_risk else "—",
            )
            # Text, not str: names are shown as typed, never read as markup.
            table.add_row(*(Text(cell) for cell in cells), key=str(p.id))
        if current is not None:
            self.select_person(current)
        reports = [p for p in self.people if not p.is_manager and not p.archived]
        at_risk = sum(p.krs_at_risk for p in self.people)
        overdue = sum(1 for p in reports if (p.days_since_one_on_one or 999) > 14)
        self.query_one("#team-summary", Static).update(
            f"{len(reports)} reports · {sum(p.open_action_items for p in self.people)} open "
            f"action items · {at_risk} KRs at risk · {overdue} without a one-on-one in 14 days"
            + ("   (showing archived)" if self.show_archived else "")
        )
        empty = self.query_one("#empty", Static)
        empty.update("" if self.people else "No one here yet. Press a to add the first person.")
        empty.display = not self.people

    def _cursor_person_id(self) -> int | None:
        table = self.query_one("#people", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value) if row_key.value is not None else None

    def selected_person(self) -> TeamRow | None:
        """The person under the cursor, if any."""
        person_id = self._cursor_person_id()
        return next((p for p in self.people if p.id == person_id), None)

    def select_person(self, person_id: int) -> None:
        table = self.query_one("#people", DataTable)
        try:
            row = table.get_row_index(str(person_id))
        except Exception:
            return
        table.move_cursor(row=row)
        table.focus()

    # -- actions ---------------------------------------------------------------

    def action_one_on_one(self) -> None:
        from coachtui.one_on_one_commands import open_one_on_one

        person = self.selected_person()
        if person is None or person.is_manager or person.archived:
            self.notify("Pick one of your reports first.", severity="warning")
            return
        open_one_on_one(self.app, person.id)

    def action_add_person(self) -> None:
        from coachtui.screens.person_form import PersonForm

        def save(name: str, role: str, team: str) -> PersonInfo:
            return self.service.add(name, role=role, team=team)

        self.app.push_screen(PersonForm("Add a person", save), self._after_form)

    def action_edit_person(self) -> None:
        from coachtui.screens.person_form import PersonForm

        person = self.selected_person()
        if person is None:
            self.notify("Pick a person first.", severity="warning")
            return

        def save(name: str, role: str, team: str) -> PersonInfo:
            return self.service.update(person.id, name, role=role, team=team)

        self.app.push_screen(
            PersonForm(f"Edit {person.name}", save, initial=person), self._after_form
        )

    def _after_form(self, saved: PersonInfo | None) -> None:
        if saved is not None:
            self.refresh_people(select_id=saved.id)
            self.notify(f"Saved {saved.name}.")

    def action_archive_person(self) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        person = self.selected_person()
        if person is None or person.archived:
            return
        if person.is_manager:
            self.notify("You cannot archive yourself.", severity="warning")
            return

        def done(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                self.service.set_archived(person.id, True)
            except CoachError as error:
                self.notify(str(error), severity="error")
                return
            self.refresh_people()
            self.notify(f"Archived {person.name}. Their history is kept; h shows archived people.")

        self.app.push_screen(
            ConfirmScreen(
                f"Archive {person.name}?",
                "They leave the home screen and the palette. Nothing is deleted; "
                "you can restore them later.",
            ),
            done,
        )

    def action_restore_person(self) -> None:
        person = self.selected_person()
        if person is None or not person.archived:
            return
        self.service.set_archived(person.id, False)
        self.refresh_people(select_id=person.id)
        self.notify(f"Restored {person.name}.")

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.refresh_people()

    def action_okrs(self) -> None:
        from coachtui.screens.okr import OkrScreen

        self.app.push_screen(OkrScreen())

    def action_scoring(self) -> None:
        from coachtui.screens.scoring import ScoringScreen

        self.app.push_screen(ScoringScreen())

    def action_alignment(self) -> None:
        from coachtui.screens.alignment import AlignmentScreen

        self.app.push_screen(AlignmentScreen())

    def _with_person(self, opener: str) -> None:
        from coachtui.screens import review

        person = self.selected_person()
        if person is None:
            self.notify("Pick a person first.", severity="warning")
            return
        getattr(review, opener)(self.app, person)

    def action_review_person(self) -> None:
        self._with_person("open_review")

    def action_feedback_person(self) -> None:
        self._with_person("open_feedback_form")

    def action_note_person(self) -> None:
        self._with_person("open_note_form")

    @on(DataTable.RowSelected, "#people")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        self.action_edit_person()

"""Add or edit a person: a modal form that saves only valid input."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from coachtui.errors import CoachError
from coachtui.store.people import PersonInfo

SaveFn = Callable[[str, str, str], PersonInfo]


class PersonForm(ModalScreen[PersonInfo | None]):
    CSS_PATH = "person_form.tcss"
    HELP = "Name is required and must be unique. Enter or ctrl+s saves; escape cancels."
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, title: str, save: SaveFn, initial: PersonInfo | None = None) -> None:
        super().__init__()
        self.form_title = title
        self.save_fn = save
        self.initial = initial

    def compose(self) -> ComposeResult:
        initial = self.initial
        with Vertical(id="form"):
            yield Static(self.form_title, id="form-title")
            yield Label("Name")
            yield Input(initial.name if initial else "", id="name", placeholder="Ana Souza")
            yield Label("Role")
            yield Input(initial.role if initial else "", id="role", placeholder="Backend engineer")
            yield Label("Team")
            yield Input(initial.team if initial else "", id="team", placeholder="Platform")
            yield Static("", id="form-error", classes="error")
            with Horizontal(id="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        values = [self.query_one(f"#{field}", Input).value for field in ("name", "role", "team")]
        try:
            saved = self.save_fn(*values)
        except CoachError as error:
            self.query_one("#form-error", Static).update(str(error))
            self.query_one("#name", Input).focus()
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)

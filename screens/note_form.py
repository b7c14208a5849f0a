"""A private note about a person, optionally tied to a KR or a named behaviour."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static, TextArea

from coachtui.errors import CoachError
from coachtui.store.feedback import FeedbackService, key_results_for
from coachtui.store.notes import NoteInfo, NotesService
from coachtui.store.people import PersonInfo


class NoteForm(ModalScreen[NoteInfo | None]):
    CSS_PATH = "note_form.tcss"
    HELP = (
        "A private note: only you see it, and it never goes into a shareable export. "
        "ctrl+s saves, escape cancels."
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, person: PersonInfo, existing: NoteInfo | None = None) -> None:
        super().__init__()
        self.person = person
        self.existing = existing

    def compose(self) -> ComposeResult:
        verb = "Edit note" if self.existing else "Private note"
        with Vertical(id="note-form"):
            yield Static(f"{verb} about {self.person.name}", id="form-title")
            text = TextArea(self.existing.text if self.existing else "", id="text")
            text.border_title = "Note (private: never shared or exported)"
            yield text
            kr = Select[int]([], prompt="no key result (optional)", id="kr")
            yield kr
            behaviour = Select[int]([], prompt="no named behaviour (optional)", id="behaviour")
            yield behaviour
            yield Static("", id="form-error", classes="error")
            with Horizontal(id="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        kr = self.query_one("#kr", Select)
        kr.set_options(
            [(_cut(k.label, 70), k.id) for k in key_results_for(self.app.store, self.person.id)]
        )
        behaviour = self.query_one("#behaviour", Select)
        behaviour.set_options(
            [(b.name, b.id) for b in FeedbackService(self.app.store).behaviours(self.person.id)]
        )
        if self.existing:
            if self.existing.key_result_id is not None:
                kr.value = self.existing.key_result_id
            if self.existing.behaviour_id is not None:
                behaviour.value = self.existing.behaviour_id
        self.query_one("#text", TextArea).focus()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        text = self.query_one("#text", TextArea).text
        kr = self.query_one("#kr", Select).value
        behaviour = self.query_one("#behaviour", Select).value
        service = NotesService(self.app.store, today=self.app.today)
        links = {
            "key_result_id": kr if isinstance(kr, int) else None,
            "behaviour_id": behaviour if isinstance(behaviour, int) else None,
        }
        try:
            if self.existing is None:
                saved = service.add(self.person.id, text, **links)
            else:
                saved = service.update(self.existing.id, text, **links)
        except CoachError as problem:
            self.query_one("#form-error", Static).update(str(problem))
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _cut(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"

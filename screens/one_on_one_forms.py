"""The small forms of a one-on-one: own question (with the advice check), action
item, parked topic, the KR to check in on, private note, and the closing summary."""

from __future__ import annotations

import datetime as dt
import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from coachtui.domain.advice import AdviceCheck, check_advice
from coachtui.errors import CoachError
from coachtui.store.okrs import KRInfo
from coachtui.store.one_on_ones import KRChoice


class _Form(ModalScreen):
    """A centred modal with a title; escape cancels."""

    CSS_PATH = "one_on_one_forms.tcss"
    TITLE_TEXT = ""

    def _error(self, message: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(message)
        error.display = bool(message)


class OwnQuestionScreen(_Form):
    """Write your own question. Advice in disguise gets a calm nudge first."""

    HELP = (
        "Type your own question and press enter. If it sounds like advice, a nudge "
        "offers an open question: ctrl+o uses the offer, enter again asks yours as it is."
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+o", "use_offer", "Use the offered question"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.nudges = 0
        self.check: AdviceCheck | None = None
        self.checked_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static("Your own question", classes="form-title")
            yield Input(id="own-text", placeholder="What would you like to ask?")
            yield Static(id="own-nudge", classes="nudge")
            yield Static("enter asks it · escape cancels", id="own-keys", classes="muted form-keys")

    def on_mount(self) -> None:
        self.query_one("#own-nudge", Static).display = False
        self.query_one("#own-text", Input).focus()

    @on(Input.Submitted, "#own-text")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = " ".join(event.value.split())
        if not text:
            return
        if self.check is not None and self.check.is_advice and text == self.checked_text:
            self.dismiss((text, self.nudges))  # asked as written, after the nudge
            return
        check = check_advice(text)
        if not check.is_advice:
            self.dismiss((text, self.nudges))
            return
        self.nudges += 1
        self.check, self.checked_text = check, text
        nudge = self.query_one("#own-nudge", Static)
        nudge.update(check.nudge.replace("[", r"\["))
        nudge.display = True
        self.query_one("#own-keys", Static).update(
            "ctrl+o asks the offered question · enter asks yours as written · "
            "edit it and press enter to check again · escape cancels"
        )

    def action_use_offer(self) -> None:
        if self.check is not None and self.check.is_advice:
            self.dismiss((self.check.suggestion, self.nudges))

    def action_cancel(self) -> None:
        self.dismiss((None, self.nudges))


def parse_due(text: str, today: dt.date) -> dt.date | None:
    """``2026-12-04``, ``+7`` (days from today) or empty."""
    text = text.strip()
    if not text:
        return None
    relative = re.fullmatch(r"\+(\d{1,3})d?", text)
    if relative:
        return today + dt.timedelta(days=int(relative.group(1)))
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CoachError(
            f"due: {text!r} is not a date; write 2026-12-04 or +7 for a week from today"
        ) from None


class ActionItemScreen(_Form):
    """A commitment: whose it is, what, by when, and optionally which KR."""

    HELP = "Write the commitment, choose whose it is, optionally a due date and a key result."
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, person_name: str, krs: list[KRChoice], today: dt.date) -> None:
        super().__init__()
        self.person_name = person_name
        self.krs = krs
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static("Action item", classes="form-title")
            yield Label("What")
            yield Input(id="item-text", placeholder="Share the draft plan with the team")
            yield Label("Whose")
            with RadioSet(id="item-owner"):
                yield RadioButton(f"Theirs ({self.person_name})", value=True, id="owner-them")
                yield RadioButton("Mine", id="owner-me")
            yield Label("Due (optional: 2026-12-04 or +7)")
            yield Input(id="item-due", placeholder="no due date")
            yield Label("Key result (optional)")
            yield Select(
                [(kr.title, kr.id) for kr in self.krs],
                id="item-kr",
                prompt="none",
                allow_blank=True,
            )
            yield Static(id="form-error", classes="error")
            yield Static("enter or ctrl+s saves · escape cancels", classes="muted form-keys")

    def on_mount(self) -> None:
        self._error("")
        self.query_one("#item-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        text = self.query_one("#item-text", Input).value.strip()
        if not text:
            self._error("what: write the commitment in a few words")
            self.query_one("#item-text", Input).focus()
            return
        try:
            due = parse_due(self.query_one("#item-due", Input).value, self.today)
        except CoachError as error:
            self._error(str(error))
            self.query_one("#item-due", Input).focus()
            return
        owner = "me" if self.query_one("#owner-me", RadioButton).value else "them"
        kr = self.query_one("#item-kr", Select).value
        self.dismiss(
            {
                "owner": owner,
                "text": text,
                "due_on": due,
                "key_result_id": kr if isinstance(kr, int) else None,
            }
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class ParkTopicScreen(_Form):
    HELP = "A topic to come back to next time; it shows in the next preparation."
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static("Park a topic for next time", classes="form-title")
            yield Input(id="topic-text", placeholder="Come back to the conference talk idea")
            yield Static("enter parks it · escape cancels", classes="muted form-keys")

    def on_mount(self) -> None:
        self.query_one("#topic-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = " ".join(event.value.split())
        if text:
            self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


def kr_line(kr: KRInfo) -> Text:
    """A KR as the picker shows it: title, where it stands, the last confidence."""
    line = Text(kr.title)
    last = kr.check_ins[-1] if kr.check_ins else None
    tail = f"  {kr.numbers()}"
    tail += (
        f" · confidence {last.confidence}/10 on {last.on:%d %b}" if last else " · no check-in yet"
    )
    line.append(tail, style="dim")
    return line


class KRPickerScreen(_Form):
    """Which of this person's key results to check in on."""

    HELP = "Pick the key result to check in on and press enter; escape cancels."
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, person_name: str, krs: list[KRInfo]) -> None:
        super().__init__()
        self.person_name = person_name
        self.krs = krs

    def compose(self) -> ComposeResult:
        with Vertical(classes="form wide"):
            yield Static(f"OKR check-in with {self.person_name}", classes="form-title")
            yield OptionList(
                *[Option(kr_line(kr), id=str(kr.id)) for kr in self.krs], id="checkin-krs"
            )
            yield Static("enter picks a key result · escape cancels", classes="muted form-keys")

    def on_mount(self) -> None:
        self.query_one("#checkin-krs", OptionList).focus()

    @on(OptionList.OptionSelected, "#checkin-krs")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextFormScreen(_Form):
    """A multi-line text: the private note or the closing summary."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, explanation: str, initial: str = "", save_label: str = "Save"):
        super().__init__()
        self.form_title = title
        self.explanation = explanation
        self.initial = initial
        self.save_label = save_label

    @property
    def HELP(self) -> str:  # noqa: N802 - read by the help screen like the class attribute
        return self.explanation

    def compose(self) -> ComposeResult:
        with Vertical(classes="form wide"):
            yield Static(self.form_title, classes="form-title")
            yield Static(self.explanation, classes="muted")
            yield TextArea(self.initial, id="form-text")
            yield Static(
                f"ctrl+s {self.save_label.lower()} · escape goes back", classes="muted form-keys"
            )

    def on_mount(self) -> None:
        area = self.query_one("#form-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one("#form-text", TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)

"""Modal forms for OKRs: pick a cycle, add or edit an objective or a key result,
record a check-in, answer a short prompt. Focus checks show as you type and
never block saving."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from coachtui.domain import focus
from coachtui.errors import CoachError
from coachtui.store.okrs import CycleInfo, KRInfo, ObjectiveInfo


class CyclePicker(ModalScreen[int | None]):
    """Choose a cycle from a list."""

    CSS_PATH = "okr_forms.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, cycles: list[CycleInfo], empty: str = "No cycles yet.") -> None:
        super().__init__()
        self.picker_title = title
        self.cycles = cycles
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.picker_title, classes="form-title")
            if self.cycles:
                yield OptionList(
                    *[
                        Option(f"{c.name}  ({c.state}, {c.starts_on} – {c.ends_on})", id=str(c.id))
                        for c in self.cycles
                    ],
                    id="cycles",
                )
            else:
                yield Static(self.empty, classes="muted")
            yield Static("Enter picks; escape cancels.", classes="muted")

    @on(OptionList.OptionSelected, "#cycles")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)


class _Form(ModalScreen[Any]):
    """Shared shape: fields, an error line, Save/Cancel, ctrl+s and escape."""

    CSS_PATH = "okr_forms.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]
    form_title = ""

    def buttons(self) -> ComposeResult:
        yield Static("", id="form-warnings", classes="warning")
        yield Static("", id="form-error", classes="error")
        with Horizontal(classes="buttons"):
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

    def value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    def number(self, field: str) -> float | None:
        text = self.value(field)
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise CoachError(f"{field}: {text!r} is not a number") from None

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(message)

    def attempt(self, save: Callable[[], Any]) -> None:
        try:
            result = save()
        except CoachError as error:
            self.show_error(str(error))
            return
        self.dismiss(result)

    def action_save(self) -> None:  # pragma: no cover - each form has its own
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)


class ObjectiveForm(_Form):
    HELP = (
        "An objective: short, specific, action-oriented, inspiring. Tick the three "
        "checklist questions when they are true. ctrl+s saves; escape cancels."
    )

    def __init__(
        self,
        title: str,
        save: Callable[[dict], ObjectiveInfo],
        people: list[tuple[str, int]],
        parents: list[tuple[str, int]],
        initial: ObjectiveInfo | None = None,
        owner_id: int | None = None,
        parent_id: int | None = None,
        owner_counts: dict[int, int] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.save_fn = save
        self.people = people
        self.parents = parents
        self.initial = initial
        self.owner_id = initial.owner_id if initial else owner_id
        self.parent_id = initial.parent_id if initial else parent_id
        self.owner_counts = owner_counts or {}

    def compose(self) -> ComposeResult:
        o = self.initial
        with Vertical(classes="form"):
            yield Static(self.form_title, classes="form-title")
            yield Label("Objective")
            yield Input(
                o.title if o else "", id="title", placeholder="Make onboarding a week shorter"
            )
            yield Label("Owner")
            yield Select(
                self.people,
                id="owner",
                allow_blank=False,
                compact=True,
                value=self.owner_id if self.owner_id is not None else self.people[0][1],
            )
            yield Label("Type")
            yield Select(
                [
                    ("Aspirational (about 0.7 is good)", "aspirational"),
                    ("Committed (expect 1.0)", "committed"),
                ],
                id="type",
                allow_blank=False,
                compact=True,
                value=o.type if o else "aspirational",
            )
            yield Label("Parent objective (optional)")
            yield Select(
                self.parents,
                id="parent",
                prompt="No parent",
                compact=True,
                value=self.parent_id if self.parent_id is not None else Select.NULL,
            )
            yield Static("Checklist", classes="form-section")
            for field, question in focus.CHECKLIST:
                yield Checkbox(question, bool(o and getattr(o, field)), id=field)
            yield from self.buttons()

    def on_mount(self) -> None:
        self._warn()

    @on(Select.Changed, "#owner")
    def _warn(self) -> None:
        owner = self.query_one("#owner", Select).value
        count = self.owner_counts.get(owner, 0) if isinstance(owner, int) else 0
        if self.initial is None or self.initial.owner_id != owner:
            count += 1
        name = next((n for n, i in self.people if i == owner), "this owner")
        warnings = focus.owner_objective_count(name, count)
        self.query_one("#form-warnings", Static).update(
            "\n".join(("⚠⚠ " if w.level == "strong" else "⚠ ") + w.message for w in warnings)
        )

    def action_save(self) -> None:
        parent = self.query_one("#parent", Select).value
        data = {
            "title": self.value("title"),
            "owner_id": self.query_one("#owner", Select).value,
            "type_": self.query_one("#type", Select).value,
            "parent_id": parent if isinstance(parent, int) else None,
        }
        for field, _ in focus.CHECKLIST:
            data[field] = self.query_one(f"#{field}", Checkbox).value
        self.attempt(lambda: self.save_fn(data))


class KeyResultForm(_Form):
    HELP = (
        "A key result: numeric (start → target in a unit), percent, or a milestone "
        "(done or not). ctrl+s saves; escape cancels."
    )

    def __init__(
        self, title: str, save: Callable[[dict], KRInfo], initial: KRInfo | None = None
    ) -> None:
        super().__init__()
        self.form_title = title
        self.save_fn = save
        self.initial = initial

    def compose(self) -> ComposeResult:
        kr = self.initial

        def num(value: float | None) -> str:
            return "" if value is None else f"{value:g}"

        with Vertical(classes="form"):
            yield Static(self.form_title, classes="form-title")
            yield Label("Key result")
            yield Input(
                kr.title if kr else "", id="title", placeholder="Median days to first merge"
            )
            yield Label("Kind")
            yield Select(
                [("Numeric", "numeric"), ("Percent", "percent"), ("Milestone", "milestone")],
                id="kind",
                allow_blank=False,
                compact=True,
                value=kr.kind if kr else "numeric",
            )
            with Horizontal(classes="numbers"):
                with Vertical():
                    yield Label("Start")
                    yield Input(num(kr.start) if kr else "", id="start", placeholder="10")
                with Vertical():
                    yield Label("Target")
                    yield Input(num(kr.target) if kr else "", id="target", placeholder="5")
                with Vertical():
                    yield Label("Current")
                    yield Input(num(kr.current) if kr else "", id="current", placeholder="10")
                with Vertical():
                    yield Label("Unit")
                    yield Input(kr.unit if kr else "", id="unit", placeholder="days")
            yield Checkbox("Done (milestone)", bool(kr and kr.done), id="done")
            yield Label("Weight")
            yield Input(num(kr.weight) if kr else "1", id="weight")
            yield from self.buttons()

    def on_mount(self) -> None:
        self._changed()

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        kind = self.query_one("#kind", Select).value
        milestone = kind == "milestone"
        self.query_one(".numbers").display = not milestone
        self.query_one("#done").display = milestone
        try:
            start, target = self.number("start"), self.number("target")
        except CoachError:
            return
        warnings = focus.kr_checks(
            focus.KRFacts(str(kind), start, target, self.value("unit"), self.value("title"))
        )
        self.query_one("#form-warnings", Static).update(
            "\n".join("⚠ " + w.message for w in warnings)
        )

    def action_save(self) -> None:
        def save():
            data = {
                "title": self.value("title"),
                "kind": self.query_one("#kind", Select).value,
                "start": self.number("start"),
                "target": self.number("target"),
                "current": self.number("current"),
                "unit": self.value("unit"),
                "done": self.query_one("#done", Checkbox).value,
                "weight": self.number("weight") or 1.0,
            }
            return self.save_fn(data)

        self.attempt(save)


class CheckInForm(_Form):
    HELP = "Where the KR stands now, how confident you both are (0–10), and a note."

    def __init__(self, kr: KRInfo, save: Callable[[float, int, str], Any]) -> None:
        super().__init__()
        self.kr = kr
        self.form_title = f"Check in: {kr.title}"
        self.save_fn = save

    def compose(self) -> ComposeResult:
        kr = self.kr
        hint = (
            f"done or not done (or 1 / 0); now {kr.numbers()}"
            if kr.kind == "milestone"
            else f"{kr.numbers()} (start → target, now)"
        )
        with Vertical(classes="form"):
            yield Static(self.form_title, classes="form-title")
            yield Static(hint, classes="muted")
            yield Label("Value")
            yield Input(id="value", placeholder="done" if kr.kind == "milestone" else "8")
            yield Label("Confidence (0–10)")
            yield Input(id="confidence", placeholder="7")
            yield Label("Note")
            yield Input(id="note", placeholder="What moved, what is in the way")
            yield from self.buttons()

    def action_save(self) -> None:
        def save():
            milestone_words = {"done": 1.0, "yes": 1.0, "not done": 0.0, "no": 0.0}
            word = " ".join(self.value("value").lower().split())
            if self.kr.kind == "milestone" and word in milestone_words:
                value: float | None = milestone_words[word]
            else:
                value = self.number("value")
            if value is None:
                raise CoachError("value: where does the KR stand now?")
            text = self.value("confidence")
            if not text.isdigit():
                raise CoachError(f"confidence: {text!r} is not a whole number from 0 to 10")
            return self.save_fn(value, int(text), self.value("note"))

        self.attempt(save)


class TextPrompt(_Form):
    """One line of text: a reason, an explanation."""

    def __init__(
        self, title: str, question: str, save: Callable[[str], Any], initial: str = ""
    ) -> None:
        super().__init__()
        self.form_title = title
        self.question = question
        self.save_fn = save
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.form_title, classes="form-title")
            yield Static(self.question)
            yield Input(self.initial, id="text")
            yield from self.buttons()

    def action_save(self) -> None:
        self.attempt(lambda: self.save_fn(self.value("text")))


class CycleForm(_Form):
    HELP = "A cycle has a name (e.g. 2026-Q3) and dates. It starts in planning."

    def __init__(self, save: Callable[[str, str, str], CycleInfo]) -> None:
        super().__init__()
        self.form_title = "New cycle"
        self.save_fn = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.form_title, classes="form-title")
            yield Label("Name")
            yield Input(id="name", placeholder="2026-Q3")
            yield Label("Starts on (YYYY-MM-DD)")
            yield Input(id="starts", placeholder="2026-07-01")
            yield Label("Ends on (YYYY-MM-DD)")
            yield Input(id="ends", placeholder="2026-09-30")
            yield from self.buttons()

    def action_save(self) -> None:
        self.attempt(
            lambda: self.save_fn(self.value("name"), self.value("starts"), self.value("ends"))
        )

"""Write (or rewrite) feedback: situation, behaviour, impact, named behaviours, KR.

The specificity check runs as the manager types; a vague entry can still be
saved, and shows what a specific version would name.
"""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, SelectionList, Static

from coachtui.domain.feedback_check import check_feedback
from coachtui.errors import CoachError
from coachtui.store.feedback import FeedbackInfo, FeedbackService, key_results_for
from coachtui.store.people import PersonInfo

KIND_OPTIONS = [
    ("Reinforcing — keep doing it", "reinforcing"),
    ("Redirecting — change it", "redirecting"),
]
FIELDS = ("situation", "behaviour", "impact")


class FeedbackForm(ModalScreen[FeedbackInfo | None]):
    CSS_PATH = "feedback_form.tcss"
    HELP = (
        "Name what the person did and what it changed. Vague feedback is marked as you "
        "type and can still be saved. Type a new named behaviour and press enter to add "
        "it; space ticks existing ones. ctrl+s saves, escape cancels."
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, person: PersonInfo, existing: FeedbackInfo | None = None) -> None:
        super().__init__()
        self.person = person
        self.existing = existing

    @property
    def service(self) -> FeedbackService:
        return FeedbackService(self.app.store, today=self.app.today)

    def compose(self) -> ComposeResult:
        e = self.existing
        verb = "Edit feedback" if e else "Feedback"
        with VerticalScroll(id="feedback-form"):
            yield Static(f"{verb} for {self.person.name}", id="form-title")
            with Horizontal(id="kind-row"):
                kind = Select(
                    KIND_OPTIONS,
                    allow_blank=False,
                    value=e.kind if e else "reinforcing",
                    id="kind",
                )
                yield kind
                observed = Input(
                    (e.observed_on if e else self.app.today).isoformat(),
                    id="observed",
                    placeholder="YYYY-MM-DD",
                )
                observed.border_title = "Observed on"
                yield observed
            for field, title, placeholder in (
                ("situation", "Situation: when and where", "In Tuesday's design review"),
                ("behaviour", "Behaviour: what they did", "you split the migration into three PRs"),
                ("impact", "Impact: what it changed, for whom", "each one was reviewed that day"),
            ):
                box = Input(getattr(e, field) if e else "", id=field, placeholder=placeholder)
                box.border_title = title
                yield box
            yield Static("", id="vague")
            behaviours = SelectionList[str](id="behaviours")
            behaviours.border_title = "Named behaviours (space ticks)"
            yield behaviours
            new = Input(id="new-behaviour", placeholder="a new named behaviour, enter adds it")
            new.border_title = "New named behaviour"
            yield new
            kr = Select[int]([], prompt="no key result (optional)", id="kr")
            yield kr
            yield Static("", id="form-error", classes="error")
            with Horizontal(id="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        chosen = {b.id for b in self.existing.behaviours} if self.existing else set()
        selection = self.query_one("#behaviours", SelectionList)
        for b in self.service.behaviours(self.person.id):
            selection.add_option((b.name, b.name, b.id in chosen))
        krs = key_results_for(self.app.store, self.person.id)
        kr = self.query_one("#kr", Select)
        kr.set_options([(_cut(k.label, 70), k.id) for k in krs])
        if self.existing and self.existing.key_result_id in {k.id for k in krs}:
            kr.value = self.existing.key_result_id
        self._recheck()
        self.query_one("#behaviour" if self.existing else "#situation", Input).focus()

    # -- the live specificity mark ---------------------------------------------

    @on(Input.Changed, "#situation, #behaviour, #impact")
    def _recheck(self, event: Input.Changed | None = None) -> None:
        values = {f: self.query_one(f"#{f}", Input).value for f in FIELDS}
        mark = self.query_one("#vague", Static)
        if not values["behaviour"].strip():
            mark.update("Name what they did, and what it changed.")
            mark.set_classes("muted")
            return
        verdict = check_feedback(values["behaviour"], values["impact"], values["situation"])
        if verdict.vague:
            mark.update("⚠ Vague: " + "; ".join(verdict.reasons) + "\n" + verdict.hint)
            mark.set_classes("vague")
        else:
            mark.update("✓ Specific: it names a behaviour and its impact.")
            mark.set_classes("specific")

    # -- named behaviours, created inline --------------------------------------

    @on(Input.Submitted, "#new-behaviour")
    def _add_behaviour(self, event: Input.Submitted) -> None:
        event.stop()
        name = " ".join(event.value.split())
        if not name:
            return
        selection = self.query_one("#behaviours", SelectionList)
        existing = {str(o.value).lower(): o.value for o in selection.options}
        if name.lower() in existing:
            selection.select(existing[name.lower()])
        else:
            selection.add_option((name, name, True))
        event.input.value = ""

    @on(Input.Submitted, "#situation, #behaviour, #impact, #observed")
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    # -- saving ------------------------------------------------------------------

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        values = {f: self.query_one(f"#{f}", Input).value for f in FIELDS}
        kind = self.query_one("#kind", Select).value
        kr = self.query_one("#kr", Select).value
        kr_id = kr if isinstance(kr, int) else None
        names = [str(v) for v in self.query_one("#behaviours", SelectionList).selected]
        error = self.query_one("#form-error", Static)
        try:
            observed = _parse_day(self.query_one("#observed", Input).value)
            if self.existing is None:
                saved = self.service.add(
                    self.person.id,
                    kind=str(kind),
                    behaviours=names,
                    key_result_id=kr_id,
                    observed_on=observed,
                    **values,
                )
            else:
                saved = self.service.update(
                    self.existing.id,
                    kind=str(kind),
                    behaviours=names,
                    key_result_id=kr_id,
                    observed_on=observed,
                    **values,
                )
        except CoachError as problem:
            error.update(str(problem))
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CoachError(f"observed on: {text.strip()!r} is not a date (YYYY-MM-DD)") from None


def _cut(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"

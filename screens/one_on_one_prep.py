"""Before a one-on-one: what is open with this person, and which bank to use."""

from __future__ import annotations

import datetime as dt

from coachtui.screens.widgets import KeyFooter
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from coachtui.banks import Bank, load_banks
from coachtui.store.one_on_ones import OneOnOneService, Preparation

DEFAULT_BANK = "regular-check-in"


def _escape(text: str) -> str:
    return text.replace("[", r"\[")


def preparation_sections(prep: Preparation) -> list[tuple[str, str, list[str]]]:
    """(id, title, lines) of the preparation panel; shared with the conversation sidebar."""
    me = [a for a in prep.open_action_items if a.owner == "me"]
    them = [a for a in prep.open_action_items if a.owner == "them"]

    def item(a) -> str:
        extras = []
        if a.due_on:
            extras.append(f"due {a.due_on:%d %b}")
        if a.key_result_title:
            extras.append(f"KR: {a.key_result_title}")
        tail = f" [dim]({_escape('; '.join(extras))})[/]" if extras else ""
        return f"• {_escape(a.text)}{tail}"

    actions = [f"[b]Mine[/] ({len(me)})", *(item(a) for a in me)]
    actions += [f"[b]Theirs[/] ({len(them)})", *(item(a) for a in them)]
    if not prep.open_action_items:
        actions = ["[dim]Nothing open on either side.[/]"]
    topics = [
        f"• {_escape(t.text)} [dim](from {t.raised_on:%d %b})[/]" for t in prep.carried_topics
    ]
    last = (
        [f"[dim]{prep.last_held_on:%a %d %b %Y}[/]", _escape(prep.last_summary or "(no summary)")]
        if prep.last_held_on
        else ["[dim]This is your first one-on-one with them.[/]"]
    )
    krs = [
        f"• {_escape(k.title)} [dim]— confidence {k.confidence}/10 on {k.checked_on:%d %b}[/]"
        for k in prep.krs_at_risk
    ]
    feedback = [
        f"• [{'$success' if f.kind == 'reinforcing' else '$warning'}]{f.kind}[/]: "
        f"{_escape(f.behaviour)} [dim]({f.observed_on:%d %b})[/]"
        for f in prep.undelivered_feedback
    ]
    return [
        ("prep-actions", "Open action items", actions),
        ("prep-topics", "Topics carried over", topics or ["[dim]None.[/]"]),
        ("prep-last", "Last one-on-one", last),
        ("prep-krs", "Key results with low confidence", krs or ["[dim]None at risk.[/]"]),
        ("prep-feedback", "Feedback not yet delivered", feedback or ["[dim]None waiting.[/]"]),
    ]


def ordered_banks() -> list[Bank]:
    """One-on-one banks first (the regular check-in at the top), scoring banks last."""
    order = {"one_on_one": 0, "feedback": 1, "retro": 2, "scoring": 3}
    banks = list(load_banks().values())
    return sorted(banks, key=lambda b: (b.id != DEFAULT_BANK, order.get(b.purpose, 9), b.title))


class PreparationScreen(Screen[None]):
    CSS_PATH = "one_on_one_prep.tcss"
    HELP = (
        "Look over what is open with this person, pick a question bank (the regular "
        "check-in is the default) and press enter to start. A draft left unfinished "
        "can be resumed with r or thrown away with d."
    )
    BINDINGS = [
        Binding("enter", "start", "Start", priority=True),
        Binding("r", "resume", "Resume draft"),
        Binding("d", "discard", "Discard draft"),
        Binding("p", "past", "Past one-on-ones"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.prep: Preparation | None = None
        self.banks: list[Bank] = []
        self._shown_bank: int | None = None

    @property
    def service(self) -> OneOnOneService:
        return OneOnOneService(self.app.store, today=self.app.today)

    def compose(self) -> ComposeResult:
        # The data is read and the texts made here, before the first layout, so
        # the screen is laid out once, already filled.
        prep = self.prep = self.service.prepare(self.person_id)
        self.banks = ordered_banks()
        texts = self._texts(prep)
        self.sub_title = f"One-on-one with {prep.person.name}"
        yield Header()
        with Vertical(id="prep-body"):
            yield Static(texts["prep-title"], id="prep-title")
            draft = Static(texts["prep-draft"], id="prep-draft", classes="warning")
            draft.display = prep.draft_id is not None
            yield draft
            with Horizontal(id="prep-columns"):
                with VerticalScroll(id="prep-panel"):
                    # One widget for the whole panel: each widget costs time to mount.
                    yield Static(texts["prep-sections"], id="prep-sections")
                with Vertical(id="prep-side"):
                    yield Static("Question bank", classes="section-title")
                    yield OptionList(
                        *[
                            Option(f"{b.title} [dim]({len(b.questions)} questions)[/]", id=b.id)
                            for b in self.banks
                        ],
                        id="prep-banks",
                    )
                    self._shown_bank = self._wanted_bank(prep)
                    yield Static(
                        self._bank_text(self._shown_bank),
                        id="prep-bank-info",
                        classes="muted",
                    )
                    yield Static(texts["prep-past"], id="prep-past", classes="muted")
        yield KeyFooter()

    def on_mount(self) -> None:
        options = self.query_one("#prep-banks", OptionList)
        options.highlighted = self._wanted_bank(self.prep)
        options.focus()

    def _wanted_bank(self, prep: Preparation | None) -> int:
        wanted = prep.draft_bank_id if prep and prep.draft_bank_id else DEFAULT_BANK
        return next((i for i, b in enumerate(self.banks) if b.id == wanted), 0)

    @staticmethod
    def _texts(prep: Preparation) -> dict[str, str]:
        person = prep.person
        started = "earlier"
        if prep.draft_started:  # stored in UTC, shown in local time
            local = prep.draft_started.replace(tzinfo=dt.UTC).astimezone()
            started = f"{local:%a %d %b %H:%M}"
        texts = {
            "prep-title": f"[b]Preparing a one-on-one with {_escape(person.name)}[/]"
            + (f"  [dim]{_escape(person.role)}[/]" if person.role else ""),
            "prep-draft": f"An unfinished one-on-one from {started} is waiting: "
            "r resumes it, d discards it.",
            "prep-past": f"{prep.past_count} past one-on-one{'s' if prep.past_count != 1 else ''}"
            " · p lists them",
        }
        texts["prep-sections"] = "\n\n".join(
            f"[b $accent]{title}[/]\n" + "\n".join(lines)
            for _, title, lines in preparation_sections(prep)
        )
        return texts

    def load(self) -> None:
        """Read again and refresh the texts (after a draft was discarded)."""
        prep = self.prep = self.service.prepare(self.person_id)
        for widget_id, text in self._texts(prep).items():
            self.query_one(f"#{widget_id}", Static).update(text)
        self.query_one("#prep-draft", Static).display = prep.draft_id is not None
        self.refresh_bindings()
        self.query_one("#prep-banks", OptionList).highlighted = self._wanted_bank(prep)

    @on(OptionList.OptionHighlighted, "#prep-banks")
    def _bank_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_bank(event.option_index)

    @on(OptionList.OptionSelected, "#prep-banks")
    def _bank_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    def _show_bank(self, index: int | None) -> None:
        if index is None or not self.banks or index == self._shown_bank:
            return  # the same text again would cost a layout pass for nothing
        self._shown_bank = index
        self.query_one("#prep-bank-info", Static).update(self._bank_text(index))

    def _bank_text(self, index: int) -> str:
        bank = self.banks[index]
        stages = " → ".join(s.title for s in bank.stages)
        return f"{_escape(bank.bank.description)}\n\nStages: {_escape(stages)}"

    def selected_bank(self) -> Bank:
        index = self.query_one("#prep-banks", OptionList).highlighted or 0
        return self.banks[index]

    # -- actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("resume", "discard"):
            return self.prep is not None and self.prep.draft_id is not None
        return True

    def action_start(self) -> None:
        assert self.prep is not None
        if self.prep.draft_id is not None:
            self.action_resume()
            return
        one = self.service.start(self.person_id, self.selected_bank().id)
        self._open(one.id)

    def action_resume(self) -> None:
        if self.prep is None or self.prep.draft_id is None:
            self.notify("There is no draft to resume.", severity="warning")
            return
        self._open(self.prep.draft_id)

    def _open(self, one_id: int) -> None:
        from coachtui.screens.one_on_one import ConversationScreen

        assert self.prep is not None
        self.app.switch_screen(ConversationScreen(one_id, self.prep))

    def action_discard(self) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        if self.prep is None or self.prep.draft_id is None:
            return
        draft_id = self.prep.draft_id

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.service.discard(draft_id)
                self.load()
                self.notify("Draft discarded.")

        self.app.push_screen(
            ConfirmScreen(
                "Discard the unfinished one-on-one?",
                "What was typed, its action items and parked topics go away.",
            ),
            done,
        )

    def action_past(self) -> None:
        from coachtui.screens.one_on_one_history import PastOneOnOnesScreen

        self.app.push_screen(PastOneOnOnesScreen(self.person_id))

    def action_back(self) -> None:
        self.app.pop_screen()

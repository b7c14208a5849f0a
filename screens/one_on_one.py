"""The conversation: stage by stage, a suggested question, what was heard.

Everything typed is saved into the one-on-one's draft within a fraction of a
second (``SAVE_DELAY``), so a killed terminal loses at most the last moment.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from coachtui.screens.widgets import KeyFooter
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from coachtui.banks import Bank, Question, get_bank
from coachtui.domain.selection import rank_questions
from coachtui.errors import CoachError, NotFound
from coachtui.store.one_on_ones import OneOnOneInfo, OneOnOneService, Preparation

# Seconds between a keystroke and the draft being on disk.
SAVE_DELAY = 0.3

# When a question has no follow-ups of its own.
GENERIC_FOLLOW_UPS = (
    "What else?",
    "What makes you say that?",
    "What would that look like in practice?",
    "How does that sit with you?",
)


def _escape(text: str) -> str:
    return text.replace("[", r"\[")


class AgendaList(OptionList):
    """Carried-over topics, feedback to deliver and open items, ticked off as discussed."""

    BINDINGS = [Binding("space", "select", "Mark discussed / done")]


class ConversationScreen(Screen[None]):
    CSS_PATH = "one_on_one.tcss"
    HELP = (
        "Ask the question shown and type what you hear. ctrl+n saves it and suggests the "
        "next question; ctrl+r offers another question for this stage; ctrl+f asks a "
        "follow-up; ctrl+o lets you write your own question (advice in disguise gets a "
        "gentle nudge); ctrl+b skips the question; ctrl+g goes to the next stage; ctrl+t "
        "records an action item (theirs or mine, optional due date and KR); ctrl+l parks a "
        "topic for next time; F3 records an OKR check-in on one of their key results "
        "(value, confidence 0–10, a note); F2 writes a private note; ctrl+s finishes. Tab moves to the "
        "agenda, where space marks a topic discussed, feedback delivered or an item done, "
        "and checks in on a KR at risk. "
        "Everything is saved as you type; escape pauses and keeps the draft."
    )
    BINDINGS = [
        Binding("ctrl+n", "next_question", "Next", tooltip="Save what you heard; next question"),
        Binding("ctrl+r", "other_question", "Another", tooltip="Another question for this stage"),
        Binding("ctrl+f", "follow_up", "Follow-up", tooltip="A follow-up to the last question"),
        Binding("ctrl+o", "own_question", "Own", tooltip="Write your own question"),
        Binding("ctrl+b", "skip", "Skip", tooltip="Skip this question"),
        Binding("ctrl+g", "next_stage", "Next stage", show=False),
        Binding("ctrl+t", "action_item", "Action", tooltip="Record an action item"),
        Binding("ctrl+l", "park_topic", "Park", tooltip="Park a topic for next time"),
        Binding("f2", "private_note", "Private note", key_display="F2", show=False),
        Binding(
            "f3",
            "okr_check_in",
            "OKR check-in",
            key_display="F3",
            show=False,
            tooltip="Record a check-in on one of their key results",
        ),
        Binding("ctrl+s", "finish", "Finish", tooltip="Sum up and finish"),
        Binding("escape", "leave", "Pause", tooltip="Leave; the draft is kept"),
    ]

    def __init__(self, one_on_one_id: int, prep: Preparation) -> None:
        super().__init__()
        self.one_id = one_on_one_id
        self.prep = prep
        self.bank: Bank | None = None
        self.stage_index = 0
        self.alt_index = 0
        self.current: dict[str, Any] | None = None
        self.asked_ids: set[str] = set()
        self.asked_count = 0
        self.nudges = 0
        self.private_notes = ""
        self.follow_up_index = 0
        self.last_bank_question: str | None = None
        self.marked: set[str] = set()
        self.action_items: list[str] = []
        self.parked: list[str] = []
        self.check_ins: list[str] = []
        self.agenda: list[tuple[str, str]] = []
        self.kr_agenda: dict[int, tuple[str, int]] = {}
        self._save_timer: Timer | None = None
        self._dirty = False
        self._loading = False

    @property
    def service(self) -> OneOnOneService:
        return OneOnOneService(self.app.store, today=self.app.today)

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="talk-columns"):
            with Vertical(id="talk-main"):
                yield Static(id="talk-stage")
                yield Static(id="talk-hint", classes="muted")
                with Vertical(id="talk-question-box"):
                    yield Static(id="talk-question")
                    yield Static(id="talk-question-meta", classes="muted")
                yield Static(id="talk-nudge")
                yield Static("What you hear", classes="section-title")
                yield TextArea(id="talk-heard", soft_wrap=True, tab_behavior="focus")
                yield Static(id="talk-saved", classes="muted")
            with Vertical(id="talk-side"):
                yield Static("Agenda [dim](space: discussed / done)[/]", classes="section-title")
                yield AgendaList(id="talk-agenda")
                yield Static("This one-on-one", classes="section-title")
                yield Static(id="talk-so-far", classes="muted")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._loading = True
        one = self.service.get(self.one_id)
        self.sub_title = f"One-on-one with {one.person_name}"
        try:
            self.bank = get_bank(one.bank_id)
        except NotFound:
            self.bank = get_bank("regular-check-in")
            self.notify(
                f"The bank {one.bank_id!r} is gone; using the regular check-in.",
                severity="warning",
            )
        self._restore(one)
        self._build_agenda(one)
        self._render_question()
        self._render_so_far()
        self.query_one("#talk-heard", TextArea).focus()
        self._loading = False

    def _restore(self, one: OneOnOneInfo) -> None:
        assert self.bank is not None
        draft = one.draft
        self.asked_ids = {e.question_id for e in one.exchanges if e.question_id}
        self.asked_count = sum(1 for e in one.exchanges if not e.skipped)
        self.action_items = [f"{a.owner}: {a.text}" for a in one.action_items]
        self.parked = [t.text for t in one.parked_topics]
        self.check_ins = [f"{c.title}: {c.confidence}/10" for c in one.check_ins]
        self.nudges = int(draft.get("nudges", 0) or 0)
        self.private_notes = str(draft.get("private_notes", "") or "")
        self.follow_up_index = int(draft.get("follow_up_index", 0) or 0)
        self.last_bank_question = draft.get("last_bank_question")
        self.marked = set(draft.get("marked", []))
        self.marked |= {f"topic-{t.id}" for t in one.discussed_topics}
        self.marked |= {f"feedback-{f.id}" for f in one.delivered_feedback}
        self.stage_index = min(int(draft.get("stage_index", 0) or 0), len(self.bank.stages))
        self.alt_index = int(draft.get("alt_index", 0) or 0)
        current = draft.get("current")
        if isinstance(current, dict) and current.get("text"):
            self.current = current
        elif "current" in draft and current is None and self.stage_index >= len(self.bank.stages):
            self.current = None
        else:
            self._suggest()
        heard = str(draft.get("heard", "") or "")
        area = self.query_one("#talk-heard", TextArea)
        area.text = heard
        area.move_cursor(area.document.end)
        if one.exchanges or heard:
            self.notify("Resumed where you left off.")

    # -- the draft on disk -----------------------------------------------------

    def state(self) -> dict[str, Any]:
        return {
            "bank_id": self.bank.id if self.bank else "",
            "stage_index": self.stage_index,
            "alt_index": self.alt_index,
            "current": self.current,
            "heard": self.query_one("#talk-heard", TextArea).text,
            "nudges": self.nudges,
            "private_notes": self.private_notes,
            "follow_up_index": self.follow_up_index,
            "last_bank_question": self.last_bank_question,
            "marked": sorted(self.marked),
        }

    def save_now(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._dirty = False
        try:
            self.service.save_draft(self.one_id, self.state())
        except CoachError:
            return  # finished elsewhere: nothing left to save
        self.query_one("#talk-saved", Static).update("saved")

    def _schedule_save(self) -> None:
        self._dirty = True
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY, self._timer_fired)

    def _timer_fired(self) -> None:
        self._save_timer = None
        if self._dirty:
            self.save_now()

    @on(TextArea.Changed, "#talk-heard")
    def _heard_changed(self) -> None:
        if not self._loading:
            self.query_one("#talk-saved", Static).update("saving…")
            self._schedule_save()

    def on_unmount(self) -> None:
        if self._dirty:
            with suppress(CoachError, NoMatches):
                self.service.save_draft(self.one_id, self.state())

    # -- questions -------------------------------------------------------------

    def suggestions(self) -> list[Question]:
        """The remaining questions of the current stage, best first."""
        assert self.bank is not None
        if self.stage_index >= len(self.bank.stages):
            return []
        stage = self.bank.stages[self.stage_index]
        remaining = [q for q in self.bank.questions_in(stage.id) if q.id not in self.asked_ids]
        return rank_questions(
            remaining,
            recently_asked=self.prep.recent_question_ids,
            context=self.prep.context_tags,
        )

    def _suggest(self) -> None:
        """Make the current question the stage's suggestion at ``alt_index``."""
        options = self.suggestions()
        if not options:
            self.current = None
            return
        question = options[self.alt_index % len(options)]
        self.current = {
            "id": question.id,
            "text": question.text,
            "source": "bank",
            "stage": question.stage,
        }

    def _advance(self) -> None:
        """Next suggestion in this stage, or the first of the next stage with any left."""
        assert self.bank is not None
        self.alt_index = 0
        self._suggest()
        while self.current is None and self.stage_index < len(self.bank.stages):
            self.stage_index += 1
            self._suggest()

    def _stage_id(self) -> str:
        assert self.bank is not None
        if self.current and self.current.get("stage"):
            return str(self.current["stage"])
        if self.stage_index < len(self.bank.stages):
            return self.bank.stages[self.stage_index].id
        return self.bank.stages[-1].id

    def _commit(self, *, force: bool = False, skipped: bool = False) -> bool:
        """Save the current question with what was heard; True if an exchange was written."""
        area = self.query_one("#talk-heard", TextArea)
        heard = area.text.strip()
        if self.current is None or (not heard and not force and not skipped):
            return False
        self.service.add_exchange(
            self.one_id,
            stage_id=self._stage_id(),
            question_id=self.current.get("id"),
            question_text=self.current["text"],
            heard="" if skipped else heard,
            source=self.current.get("source", "bank"),
            skipped=skipped,
        )
        if self.current.get("id"):
            self.asked_ids.add(self.current["id"])
            self.last_bank_question = self.current["id"]
        if not skipped:
            self.asked_count += 1
        self._loading = True
        area.text = ""
        self._loading = False
        return True

    def _after_change(self) -> None:
        self._render_question()
        self._render_so_far()
        self.save_now()
        self.query_one("#talk-heard", TextArea).focus()

    def _render_question(self) -> None:
        assert self.bank is not None
        stages = self.bank.stages
        nudge = self.query_one("#talk-nudge", Static)
        nudge.display = False
        if self.stage_index >= len(stages) and self.current is None:
            self.query_one("#talk-stage", Static).update(
                f"[b]{_escape(self.bank.title)}[/] · all {len(stages)} stages done"
            )
            self.query_one("#talk-hint", Static).update("")
            self.query_one("#talk-question", Static).update("That was the last suggested question.")
            self.query_one("#talk-question-meta", Static).update(
                "ctrl+o asks your own question · ctrl+s finishes"
            )
            return
        index = min(self.stage_index, len(stages) - 1)
        stage = stages[index]
        self.query_one("#talk-stage", Static).update(
            f"[b]{_escape(self.bank.title)}[/] · stage {index + 1} of {len(stages)}: "
            f"[b]{_escape(stage.title)}[/]"
        )
        self.query_one("#talk-hint", Static).update(_escape(stage.hint))
        current = self.current
        question = self.query_one("#talk-question", Static)
        meta = self.query_one("#talk-question-meta", Static)
        if current is None:
            question.update("No questions left in this stage.")
            meta.update("ctrl+g goes to the next stage · ctrl+o asks your own")
            return
        question.update(_escape(current["text"]))
        source = current.get("source", "bank")
        if source == "bank":
            count = len(self.suggestions())
            position = self.alt_index % count + 1 if count else 1
            fresh = (
                "" if current["id"] not in self.prep.recent_question_ids else " · asked recently"
            )
            meta.update(
                f"suggestion {position} of {count}{fresh} · ctrl+r for another · ctrl+b skips"
            )
        elif source == "follow_up":
            meta.update("follow-up · ctrl+f for another follow-up")
        else:
            meta.update("your own question")
        if current.get("nudged"):
            nudge.update(_escape(current["nudged"]))
            nudge.display = True

    def _render_so_far(self) -> None:
        lines = [
            f"{self.asked_count} question{'s' if self.asked_count != 1 else ''} asked"
            f" · {self.nudges} nudge{'s' if self.nudges != 1 else ''}",
        ]
        if self.action_items:
            lines.append(f"Action items ({len(self.action_items)}):")
            lines += [f"  • {_escape(text)}" for text in self.action_items[-4:]]
        if self.parked:
            lines.append(f"Parked for next time ({len(self.parked)}):")
            lines += [f"  • {_escape(text)}" for text in self.parked[-3:]]
        if self.check_ins:
            lines.append(f"OKR check-ins ({len(self.check_ins)}):")
            lines += [f"  • {_escape(text)}" for text in self.check_ins[-3:]]
        if self.private_notes:
            lines.append("Private note written (F2)")
        self.query_one("#talk-so-far", Static).update("\n".join(lines))

    # -- agenda ----------------------------------------------------------------

    def _build_agenda(self, one: OneOnOneInfo) -> None:
        entries: list[tuple[str, str]] = []
        topics = {t.id: t for t in self.prep.carried_topics}
        topics.update({t.id: t for t in one.discussed_topics})
        for topic in sorted(topics.values(), key=lambda t: t.id):
            entries.append((f"topic-{topic.id}", f"Topic: {topic.text}"))
        feedback = {f.id: f for f in self.prep.undelivered_feedback}
        feedback.update({f.id: f for f in one.delivered_feedback})
        for item in sorted(feedback.values(), key=lambda f: f.id):
            entries.append((f"feedback-{item.id}", f"Feedback ({item.kind}): {item.behaviour}"))
        for action in self.prep.open_action_items:
            whose = "Mine" if action.owner == "me" else "Theirs"
            entries.append((f"item-{action.id}", f"{whose}: {action.text}"))
        self.agenda = entries
        self.kr_agenda = {kr.id: (kr.title, kr.confidence) for kr in self.prep.krs_at_risk}
        for check_in in one.check_ins:  # checked in earlier in this (resumed) one-on-one
            self.kr_agenda[check_in.key_result_id] = (check_in.title, check_in.confidence)
        self._render_agenda()

    def _agenda_entries(self) -> list[tuple[str, str]]:
        krs = [
            (f"kr-{kr_id}", f"KR at {confidence}/10: {title}")
            for kr_id, (title, confidence) in self.kr_agenda.items()
        ]
        return self.agenda + krs

    def _render_agenda(self) -> None:
        agenda = self.query_one("#talk-agenda", AgendaList)
        highlighted = agenda.highlighted
        agenda.clear_options()
        entries = self._agenda_entries()
        if not entries:
            agenda.add_option(Option("[dim]Nothing carried over.[/]", id="none", disabled=True))
            return
        for key, text in entries:
            mark = "✓ " if key in self.marked else ("! " if key.startswith("kr-") else "· ")
            agenda.add_option(Option(f"{mark}{_escape(text)}", id=key))
        agenda.highlighted = min(highlighted or 0, len(entries) - 1)

    @on(OptionList.OptionSelected, "#talk-agenda")
    def _agenda_selected(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or ""
        kind, _, raw = key.partition("-")
        if kind == "kr":
            self._check_in_on(int(raw))
            return
        if kind not in ("topic", "feedback", "item"):
            return
        marked = key not in self.marked
        target = int(raw)
        if kind == "topic":
            self.service.set_topic_discussed(target, self.one_id, marked)
        elif kind == "feedback":
            self.service.set_feedback_delivered(target, self.one_id, marked)
        else:
            self.service.set_action_item_done(target, marked)
        if marked:
            self.marked.add(key)
        else:
            self.marked.discard(key)
        self._render_agenda()
        self.save_now()

    # -- actions ---------------------------------------------------------------

    def action_next_question(self) -> None:
        if self.current is None:
            self.action_next_stage()
            return
        self._commit(force=True)
        self._advance()
        self._after_change()

    def action_other_question(self) -> None:
        if self.current is not None and self.current.get("source") != "bank":
            self.alt_index = 0
        else:
            options = self.suggestions()
            if len(options) <= 1:
                self.notify("No other question left in this stage.")
                return
            self.alt_index += 1
        self._suggest()
        self._after_change()

    def action_follow_up(self) -> None:
        assert self.bank is not None
        heard = self.query_one("#talk-heard", TextArea).text.strip()
        if self.current is not None and not (
            self.current.get("source") == "follow_up" and not heard
        ):
            self._commit(force=True)
        base = self.bank.question(self.last_bank_question or "")
        follow_ups = base.follow_ups if base and base.follow_ups else GENERIC_FOLLOW_UPS
        text = follow_ups[self.follow_up_index % len(follow_ups)]
        self.follow_up_index += 1
        self.current = {
            "id": None,
            "text": text,
            "source": "follow_up",
            "stage": base.stage if base else self._stage_id(),
        }
        self._after_change()

    def action_own_question(self) -> None:
        from coachtui.screens.one_on_one_forms import OwnQuestionScreen

        def done(result: tuple[str | None, int] | None) -> None:
            text, nudges = result if result else (None, 0)
            self.nudges += nudges
            if text:
                self._commit()
                self.current = {
                    "id": None,
                    "text": text,
                    "source": "own",
                    "stage": self._stage_id(),
                }
                if nudges:
                    self.current["nudged"] = (
                        "A nudge fired while you wrote this question; the count shows "
                        "in the summary."
                    )
            self._after_change()

        self.app.push_screen(OwnQuestionScreen(), done)

    def action_skip(self) -> None:
        if self.current is None:
            return
        if self.current.get("source") == "bank":
            self._commit(skipped=True)
        self._advance()
        self._after_change()

    def action_next_stage(self) -> None:
        assert self.bank is not None
        self._commit()
        if self.stage_index >= len(self.bank.stages):
            self.notify("That was the last stage. ctrl+s finishes.")
            return
        self.stage_index += 1
        self.alt_index = 0
        self._suggest()
        while self.current is None and self.stage_index < len(self.bank.stages):
            self.stage_index += 1
            self._suggest()
        self._after_change()

    def action_action_item(self) -> None:
        from coachtui.screens.one_on_one_forms import ActionItemScreen

        def done(values: dict | None) -> None:
            if values:
                try:
                    item = self.service.add_action_item(self.one_id, **values)
                except CoachError as error:
                    self.notify(str(error), severity="error")
                    return
                self.action_items.append(f"{item.owner}: {item.text}")
                self.notify(f"Action item saved ({'mine' if item.owner == 'me' else 'theirs'}).")
            self._after_change()

        krs = self.service.active_krs(self.prep.person.id)
        self.app.push_screen(ActionItemScreen(self.prep.person.name, krs, self.app.today), done)

    def action_park_topic(self) -> None:
        from coachtui.screens.one_on_one_forms import ParkTopicScreen

        def done(text: str | None) -> None:
            if text:
                topic = self.service.park_topic(self.one_id, text)
                self.parked.append(topic.text)
                self.notify("Parked for next time.")
            self._after_change()

        self.app.push_screen(ParkTopicScreen(), done)

    def action_okr_check_in(self) -> None:
        from coachtui.screens.one_on_one_forms import KRPickerScreen

        from coachtui.store.okrs import krs_for_person

        krs = [kr for _, kr in krs_for_person(self.app.store, self.prep.person.id)]
        if not krs:
            self.notify(
                f"{self.prep.person.name} has no key results in an active cycle.",
                severity="warning",
            )
            return
        if len(krs) == 1:
            self._check_in_on(krs[0].id, krs)
            return

        def picked(kr_id: int | None) -> None:
            if kr_id:
                self._check_in_on(kr_id, krs)
            else:
                self.query_one("#talk-heard", TextArea).focus()

        self.app.push_screen(KRPickerScreen(self.prep.person.name, krs), picked)

    def _check_in_on(self, kr_id: int, krs: list | None = None) -> None:
        """The check-in form for one KR; saved with this one-on-one's id."""
        from coachtui.screens.okr_forms import CheckInForm

        from coachtui.store.okrs import OkrService, krs_for_person

        if krs is None:
            krs = [kr for _, kr in krs_for_person(self.app.store, self.prep.person.id)]
        kr = next((k for k in krs if k.id == kr_id), None)
        if kr is None:
            self.notify("That key result is no longer in an active cycle.", severity="warning")
            return
        okrs = OkrService(self.app.store, today=self.app.today)

        def save(value: float, confidence: int, note: str):
            return okrs.add_check_in(kr.id, value, confidence, note, one_on_one_id=self.one_id)

        def done(check_in) -> None:
            if check_in is not None:
                self._checked_in(kr.id, kr.title, check_in.confidence)
            self._after_change()

        self.app.push_screen(CheckInForm(kr, save), done)

    def _checked_in(self, kr_id: int, title: str, confidence: int) -> None:
        from coachtui.domain.risk import is_low_confidence

        if kr_id in self.kr_agenda or is_low_confidence(confidence):
            self.kr_agenda[kr_id] = (title, confidence)
        self.marked.add(f"kr-{kr_id}")
        self.check_ins.append(f"{title}: {confidence}/10")
        self._render_agenda()
        self.notify(f"Check-in saved: {title} at {confidence}/10.")

    def action_private_note(self) -> None:
        from coachtui.screens.one_on_one_forms import TextFormScreen

        def done(text: str | None) -> None:
            if text is not None:
                self.private_notes = text.strip()
            self._after_change()

        self.app.push_screen(
            TextFormScreen(
                "Private note",
                "Only for you: never part of the Markdown export.",
                self.private_notes,
            ),
            done,
        )

    def action_finish(self) -> None:
        from coachtui.screens.one_on_one_forms import TextFormScreen

        self._commit()
        self._after_change()

        def done(summary: str | None) -> None:
            if summary is None:
                self.query_one("#talk-heard", TextArea).focus()
                return
            finished = self.service.finish(
                self.one_id,
                summary=summary,
                private_notes=self.private_notes,
                nudges=self.nudges,
            )
            self._dirty = False
            self.call_after_refresh(self._show_summary, finished.id)

        self.app.push_screen(
            TextFormScreen(
                "Finish the one-on-one",
                f"{self.asked_count} questions asked, {self.nudges} nudges, "
                f"{len(self.action_items)} action items, {len(self.parked)} topics parked. "
                "A short summary for next time (shared if you export):",
                "",
                save_label="Finishes",
            ),
            done,
        )

    def _show_summary(self, one_id: int) -> None:
        from coachtui.screens.one_on_one_summary import SummaryScreen

        if self.app.screen is self:
            self.app.switch_screen(SummaryScreen(one_id))
        else:  # the form is still closing: try again once it has
            self.call_after_refresh(self._show_summary, one_id)

    def action_leave(self) -> None:
        self.save_now()
        self.notify("Paused. The draft is kept: open this person again to resume.")
        self.app.pop_screen()
        from coachtui.one_on_one_commands import refresh_home

        refresh_home(self.app)

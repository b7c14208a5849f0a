"""The end-of-cycle scoring session: every KR of every owner, one at a time.

Each score is saved the moment it is complete (a reason is needed when it is
0.3 or more from the suggestion), so leaving and coming back resumes at the
first unscored KR.
"""

from __future__ import annotations

from dataclasses import replace

from coachtui.screens.widgets import KeyFooter
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from coachtui.domain import scoring
from coachtui.domain.spark import sparkline, trend
from coachtui.errors import CoachError
from coachtui.store.okrs import (
    CheckInInfo,
    CycleInfo,
    HistoryPoint,
    KRInfo,
    ObjectiveInfo,
    OkrService,
    ScoringEntry,
)

LEARNING_NOTE = (
    "Scores are for learning, not for pay or ratings. About 0.7 is a good result "
    "for an aspirational objective; a committed one expects 1.0."
)
BANK_ID = "end-of-cycle"
MAX_QUESTIONS = 6


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


class ScoringScreen(Screen[None]):
    CSS_PATH = "scoring.tcss"
    AUTO_FOCUS = ""  # digits score; the reason box takes focus only when asked
    HELP = (
        "Score each KR: digits set 0.0–0.9, t sets 1.0, + and - move by 0.1. "
        "Tab (or r) to type a reason; one is needed when the score is 0.3 or more "
        "from the suggestion. Enter or n goes to the next KR. Scores save as you go. "
        "c closes the cycle and shows the report."
    )
    BINDINGS = [
        Binding("escape", "leave", "Leave"),
        Binding("0", "set_score(0.0)", "Score 0.0–0.9", key_display="0–9"),
        *[
            Binding(str(d), f"set_score({d / 10})", f"Score {d / 10:.1f}", show=False)
            for d in range(1, 10)
        ],
        Binding("t", "set_score(1.0)", "Score 1.0"),
        Binding("plus,equals_sign", "nudge(0.1)", "+0.1", key_display="+"),
        Binding("minus", "nudge(-0.1)", "-0.1", key_display="-", show=False),
        Binding("r,tab", "reason", "Reason", key_display="r"),
        Binding("enter,n,right", "next", "Next KR"),
        Binding("p,left", "previous", "Previous KR", show=False),
        Binding("c", "close_cycle", "Close cycle"),
    ]

    def __init__(self, cycle_id: int | None = None) -> None:
        super().__init__()
        self.cycle_id = cycle_id
        self.cycle: CycleInfo | None = None
        # A light index of every KR; full objectives (with check-ins) load as
        # the session reaches them, so a big cycle opens as fast as a small one.
        self.order: list[ScoringEntry] = []
        self.loaded: dict[int, ObjectiveInfo] = {}
        self.owner_rank: dict[int, int] = {}
        self.index = 0
        self.working: float | None = None
        self.unsaved = False
        self.questions: list[str] | None = None
        self.history: dict[int, list[HistoryPoint]] = {}

    @property
    def service(self) -> OkrService:
        return OkrService(self.app.store, today=self.app.today)

    def compose(self) -> ComposeResult:
        # Few widgets, so the screen opens fast: the KR's title and numbers
        # share one text, and the side pane (roll-up, history, questions) is one.
        yield Header()
        yield Static(Content(LEARNING_NOTE), id="learning-note")
        yield Static(id="progress")
        with Horizontal(id="scoring-main"):
            with Vertical(id="kr-pane"):
                yield Static(id="kr-title")
                yield Static(id="kr-checkins")
                yield Static(id="kr-score")
                yield Input(
                    id="reason",
                    placeholder="Why this score? Needed when 0.3 or more from the suggestion",
                )
                yield Static(id="reason-hint")
            yield Static(id="side-pane")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.cycle_id is None:
            waiting = self.service.cycles(state="scoring")
            if len(waiting) == 1:
                self.cycle_id = waiting[0].id
            elif waiting:
                from coachtui.screens.okr_forms import CyclePicker

                self.app.push_screen(CyclePicker("Score which cycle?", waiting), self._picked_cycle)
                self._empty("Pick a cycle to score.")
                return
            else:
                self._empty(
                    "No cycle is waiting to be scored. Open OKRs (k), pick a cycle and "
                    "move it on with > until it reaches scoring."
                )
                return
        self.load()

    def _picked_cycle(self, cycle_id: int | None) -> None:
        if cycle_id is None:
            self.app.pop_screen()
            return
        self.cycle_id = cycle_id
        self.load()

    def _empty(self, message: str) -> None:
        self.query_one("#progress", Static).update(message)
        self.query_one("#scoring-main").display = False

    # -- data ------------------------------------------------------------------

    def load(self) -> None:
        assert self.cycle_id is not None
        self.cycle = self.service.get_cycle(self.cycle_id)
        if self.cycle.state != "scoring":
            self._empty(
                f"{self.cycle.name} is {self.cycle.state}; only a cycle in scoring can be scored."
            )
            return
        self.order = self.service.scoring_index(self.cycle_id)
        self.loaded = {}
        owners = dict.fromkeys(e.owner_id for e in self.order)
        self.owner_rank = {owner: rank for rank, owner in enumerate(owners, 1)}
        self.query_one("#scoring-main").display = True
        if not self.order:
            self._empty(f"{self.cycle.name} has no key results to score.")
            return
        # Resume at the first unscored KR.
        self.index = next((i for i, e in enumerate(self.order) if not e.scored), 0)
        self.show()

    @property
    def objective(self) -> ObjectiveInfo:
        objective_id = self.order[self.index].objective_id
        found = self.loaded.get(objective_id)
        if found is None:
            found = self.loaded[objective_id] = self.service.objective(objective_id)
        return found

    @property
    def kr(self) -> KRInfo:
        kr_id = self.order[self.index].kr_id
        return next(kr for kr in self.objective.key_results if kr.id == kr_id)

    def _replace(self, kr: KRInfo) -> None:
        krs = self.objective.key_results
        krs[next(i for i, k in enumerate(krs) if k.id == kr.id)] = kr
        self.order[self.index].scored = kr.score is not None

    def _unscored(self) -> int:
        return sum(1 for e in self.order if not e.scored)

    # -- drawing ---------------------------------------------------------------

    def show(self) -> None:
        kr, objective = self.kr, self.objective
        self.working = kr.score
        self.unsaved = False
        reason = self.query_one("#reason", Input)
        with reason.prevent(Input.Changed):
            reason.value = kr.reason
        self._draw_progress()
        weight = f" · weight {kr.weight:g}" if kr.weight != 1 else ""
        self.query_one("#kr-title", Static).update(
            Content.assemble(
                (kr.title, "bold"),
                "\n",
                (f"{objective.title} · {objective.type}", "dim"),
                f"\n\n{kr.kind}: {kr.numbers()}{weight}",
            )
        )
        self.query_one("#kr-checkins", Static).update(self._check_ins_text(kr, kr.check_ins))
        self._draw_score()
        self._draw_side()

    def _check_ins_text(self, kr: KRInfo, check_ins: list[CheckInInfo]) -> Content:
        if not check_ins:
            return Content("No check-ins this cycle.")
        values = [c.value for c in check_ins]
        confidence = [float(c.confidence) for c in check_ins]
        if kr.kind == "milestone":
            lo, hi = 0.0, 1.0
        else:
            bounds = [v for v in (kr.start, kr.target) if v is not None] + values
            lo, hi = min(bounds), max(bounds)
        last = check_ins[-1]
        return Content.assemble(
            f"Check-ins   {sparkline(values, lo, hi)}  ({len(values)}, latest {last.value:g})\n"
            f"Confidence  {sparkline(confidence, 0, 10)}  {trend(confidence)}, "
            f"{check_ins[0].confidence} → {last.confidence} of 10\n",
            (f"{last.on}: {last.note or 'no note'}", "dim"),
        )

    def _draw_score(self) -> None:
        kr = self.kr
        suggested = _score(kr.suggested)
        state: tuple[str, str] = ("", "")
        if self.unsaved:
            state = ("not saved yet", "bold")
        elif self.working is not None:
            state = ("saved", "")
        self.query_one("#kr-score", Static).update(
            Content.assemble(
                "Score ",
                (_score(self.working), "bold"),
                f"   suggested {suggested}",
                "  " if state[0] else "",
                state,
            )
        )
        hint = self.query_one("#reason-hint", Static)
        if self.working is not None and scoring.reason_required(self.working, kr.suggested):
            hint.update(
                Content(
                    f"{self.working:.1f} is 0.3 or more from the suggested {suggested}: "
                    "type a reason and press Enter."
                )
            )
            hint.set_class(not self.query_one("#reason", Input).value.strip(), "needed")
        else:
            hint.update(Content("A reason is optional here, and useful next cycle."))
            hint.set_class(False, "needed")

    def _draw_side(self) -> None:
        objective = self.objective
        # The roll-up follows the score on screen, saved or not yet.
        current = self.kr.id
        krs = [
            replace(kr, score=self.working) if kr.id == current else kr
            for kr in objective.key_results
        ]
        score = scoring.objective_score(scoring.Weighted(kr.score, kr.weight) for kr in krs)
        band = scoring.band(score)
        parts: list[str | tuple[str, str]] = [
            ("Objective", "bold"),
            f" {objective.title}\nScore {_score_2(score)} · ",
            (band, band_class(band)) if band else "no band yet",
        ]
        for flag in scoring.objective_flags(score, objective.type):
            parts += ["\n", (flag, "$warning"), f": {scoring.FLAG_TEXT[flag]}"]
        for kr in krs:
            mark = "▶" if kr.id == current else " "
            parts.append(f"\n{mark} {_score(kr.score):>3}  {kr.title}")
        rollup = Content.assemble(*parts)

        owner_id = objective.owner_id
        if owner_id not in self.history:
            self.history[owner_id] = self.service.score_history(owner_id)
        points = self.history[owner_id]
        if points:
            spark = sparkline([p.score for p in points], 0, 1)
            span = (
                points[0].cycle if len(points) == 1 else f"{points[0].cycle} … {points[-1].cycle}"
            )
            history = Content.assemble(
                (f"{objective.owner_name}, past cycles", "bold"),
                f"\n{spark}  {span}, last {points[-1].score:.2f}",
            )
        else:
            history = Content.assemble((objective.owner_name, "bold"), ": no closed cycles yet")

        if self.questions is None:
            self.questions = _reflection_questions()
        if self.questions:
            body = "".join(f"\n· {q}" for q in self.questions)
            questions = Content.assemble(("Reflect", "bold"), body)
        else:
            questions = Content.styled(
                "No end-of-cycle question bank found; scoring works without it.", "dim"
            )
        blank = Content("\n\n")
        self.query_one("#side-pane", Static).update(blank.join([rollup, history, questions]))

    # -- scoring ---------------------------------------------------------------

    def _apply(self, value: float) -> None:
        if not self.order:
            return
        self.working = value
        self._save()

    def _save(self) -> bool:
        """Store the working score if it is complete; True when saved."""
        if self.working is None:
            return True
        kr = self.kr
        reason = self.query_one("#reason", Input).value.strip()
        if scoring.reason_required(self.working, kr.suggested) and not reason:
            self.unsaved = True
            self._draw_score()
            self._draw_side()
            self.query_one("#reason", Input).focus()
            return False
        try:
            saved = self.service.set_score(kr.id, self.working, reason)
        except CoachError as error:
            self.notify(str(error), severity="error")
            return False
        self._replace(saved)
        self.unsaved = False
        self._draw_score()
        self._draw_side()
        self._draw_progress()
        return True

    def _draw_progress(self) -> None:
        entry = self.order[self.index]
        scored = len(self.order) - self._unscored()
        assert self.cycle is not None
        self.query_one("#progress", Static).update(
            Content.assemble(
                (self.cycle.name, "bold"),
                f" · KR {self.index + 1} of {len(self.order)} · {scored} scored · "
                f"{entry.owner_name} "
                f"(owner {self.owner_rank[entry.owner_id]} of {len(self.owner_rank)})",
            )
        )

    def action_set_score(self, value: float) -> None:
        self._apply(scoring.clamp01(value))

    def action_nudge(self, delta: float) -> None:
        if self.order:
            self._apply(scoring.step(self.working, delta))

    def action_reason(self) -> None:
        if self.order:
            self.query_one("#reason", Input).focus()

    @on(Input.Changed, "#reason")
    def _reason_typed(self) -> None:
        if self.order:
            self._draw_score()

    @on(Input.Submitted, "#reason")
    def _reason_done(self, event: Input.Submitted) -> None:
        event.stop()
        if self.working is None:
            self.notify("Set a score first (0–9, t for 1.0).", severity="warning")
            return
        if self._save():
            self.set_focus(None)
            self.action_next()
        else:
            self.notify("A reason is needed for this score.", severity="warning")

    def on_key(self, event) -> None:
        # Escape in the reason box hands the keys back to scoring.
        if event.key == "escape" and isinstance(self.focused, Input):
            event.stop()
            event.prevent_default()
            self.set_focus(None)

    def _can_move(self) -> bool:
        if not self.order:
            return False
        if self.unsaved and not self._save():
            self.notify(
                "This score needs a reason before moving on (or change the score).",
                severity="warning",
            )
            self.query_one("#reason", Input).focus()
            return False
        if self.working is not None and self.kr.score is not None:
            reason = self.query_one("#reason", Input).value.strip()
            if reason != self.kr.reason:
                self._save()
        return True

    def action_next(self) -> None:
        if not self._can_move():
            return
        if self.index + 1 < len(self.order):
            self.index += 1
            self.show()
        else:
            left = self._unscored()
            if left:
                self.notify(f"That was the last KR; {left} still unscored.")
            else:
                self.notify("Every KR is scored. Press c to close the cycle.")

    def action_previous(self) -> None:
        if not self._can_move():
            return
        if self.index > 0:
            self.index -= 1
            self.show()

    def action_leave(self) -> None:
        if self.unsaved:
            self.notify("Left without a reason: that last score was not saved.", severity="warning")
        self.app.pop_screen()

    # -- closing ---------------------------------------------------------------

    def action_close_cycle(self) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        if self.cycle is None or self.cycle.state != "scoring" or not self._can_move():
            return
        left = self._unscored()
        detail = (
            f"{left} key results are still unscored; they stay unscored in the report."
            if left
            else "Every key result is scored. Scores become part of each person's history."
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                assert self.cycle is not None
                objectives = self.service.objectives(self.cycle.id, check_ins=False)
                self._explain_missed([o for o in objectives if "committed-missed" in o.flags])

        self.app.push_screen(ConfirmScreen(f"Close {self.cycle.name}?", detail), confirmed)

    def _explain_missed(self, waiting: list[ObjectiveInfo]) -> None:
        """A committed objective below 1.0 asks what got in the way (skippable)."""
        from coachtui.screens.okr_forms import TextPrompt

        if not waiting:
            self._close()
            return
        objective, rest = waiting[0], waiting[1:]

        def save(text: str) -> str:
            self.service.update_objective(objective.id, missed_explanation=text)
            return text

        self.app.push_screen(
            TextPrompt(
                f"{objective.title} ({objective.owner_name})",
                f"Committed, scored {objective.score:.2f}. What got in the way? (Escape skips.)",
                save,
                initial=objective.missed_explanation,
            ),
            lambda _: self._explain_missed(rest),
        )

    def _close(self) -> None:
        from coachtui.screens.cycle_report import CycleReportScreen

        assert self.cycle is not None
        try:
            self.cycle = self.service.advance(self.cycle.id, "closed")
        except CoachError as error:
            self.notify(str(error), severity="error")
            return
        self.app.switch_screen(CycleReportScreen(self.cycle.name))


def _score_2(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def band_class(band: str | None) -> str:
    return {"red": "$error", "yellow": "$warning", "green": "$success"}.get(band or "", "")


def _reflection_questions() -> list[str]:
    """The end-of-cycle bank's questions; none (calmly) when it is missing."""
    try:
        from coachtui.banks import get_bank

        bank = get_bank(BANK_ID)
    except CoachError:
        return []
    return [q.text for q in bank.questions][:MAX_QUESTIONS]

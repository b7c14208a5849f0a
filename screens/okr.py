"""The OKR screen: a cycle's objectives and key results per owner, edited in
modal forms, with check-ins, forecasts and focus checks (never blocking)."""

from __future__ import annotations

import contextlib
import datetime as dt

from coachtui.screens.widgets import KeyFooter
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from coachtui.domain import focus, scoring
from coachtui.domain.spark import sparkline, trend
from coachtui.errors import CoachError
from coachtui.store.okrs import NEXT_STATE, CycleInfo, KRInfo, ObjectiveInfo, OkrService
from coachtui.store.people import PeopleService

STATE_HINT = {
    "planning": "planning: shape the objectives; > starts the cycle",
    "active": "active: check in as you go; forecasts show where each KR is heading",
    "scoring": "scoring: s opens the scoring session",
    "closed": "closed: scores are final; r shows the report",
}


def default_cycle(cycles: list[CycleInfo]) -> CycleInfo | None:
    """The cycle a manager most likely means: active, else scoring, else planning."""
    for state in ("active", "scoring", "planning"):
        for c in cycles:
            if c.state == state:
                return c
    return cycles[0] if cycles else None


def score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


class OkrScreen(Screen[None]):
    CSS_PATH = "okr.tcss"
    HELP = (
        "A cycle's objectives and key results, by owner. Add objectives (o) and key "
        "results (n), edit (e), check in on a KR (i). Focus checks show below and "
        "never block. > moves the cycle on: planning → active → scoring → closed."
    )
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("c", "pick_cycle", "Cycle"),
        Binding("o", "add_objective", "Objective"),
        Binding("n", "add_kr", "Key result"),
        Binding("e", "edit", "Edit"),
        Binding("i", "check_in", "Check in"),
        Binding("delete", "delete", "Delete", show=False),
        Binding("greater_than_sign", "advance", "Next stage", key_display=">"),
        Binding("s", "scoring", "Scoring"),
        Binding("l", "alignment", "Alignment"),
        Binding("r", "report", "Report", show=False),
        Binding("N", "new_cycle", "New cycle", key_display="N", show=False),
    ]

    def __init__(self, cycle_id: int | None = None) -> None:
        super().__init__()
        self.cycle_id = cycle_id
        self.cycle: CycleInfo | None = None
        self.objectives: list[ObjectiveInfo] = []
        self.warnings: list[focus.FocusWarning] = []

    @property
    def service(self) -> OkrService:
        return OkrService(self.app.store, today=self.app.today)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="okr-body"):
            yield Static(id="cycle-line")
            yield Static(id="cycle-warnings", classes="warning")
            yield DataTable(id="okrs", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="okr-detail"):
                yield Static(id="detail-main")
                yield Static(id="detail-focus")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#okrs", DataTable)
        table.add_column("Objective / key result", key="title", width=40)
        table.add_column("Owner", key="owner", width=14)
        table.add_column("Kind", key="kind", width=12)
        table.add_column("Numbers", key="numbers", width=22)
        table.add_column("Forecast", key="forecast", width=8)
        table.add_column("Score", key="score", width=5)
        if self.cycle_id is None:
            chosen = default_cycle(self.service.cycles())
            self.cycle_id = chosen.id if chosen else None
        self.reload()
        table.focus()

    # -- data ------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        table = self.query_one("#okrs", DataTable)
        current = select or self._cursor_key()
        table.clear()
        if self.cycle_id is None:
            self.cycle, self.objectives, self.warnings = None, [], []
            self.query_one("#cycle-line", Static).update(
                "No cycles yet. Press N to add one, or import with `coachtui okr import FILE`."
            )
            self.query_one("#cycle-warnings", Static).update("")
            self._show_detail()
            return
        self.cycle = self.service.get_cycle(self.cycle_id)
        self.objectives = self.service.objectives(self.cycle_id)
        self.warnings = self.service.focus(self.cycle_id)
        c = self.cycle
        self.query_one("#cycle-line", Static).update(
            f"[b]{escape(c.name)}[/b]  {c.starts_on} – {c.ends_on} · {STATE_HINT[c.state]}"
        )
        owner_warnings = [w for w in self.warnings if w.objective_id is None]
        self.query_one("#cycle-warnings", Static).update(
            escape("\n".join(_warning_line(w) for w in owner_warnings))
        )
        self.query_one("#cycle-warnings", Static).display = bool(owner_warnings)
        active = c.state == "active"
        last_owner = None
        for o in self.objectives:
            owner = o.owner_name if o.owner_name != last_owner else ""
            last_owner = o.owner_name
            marks = "⚠ " if any(w.objective_id == o.id for w in self.warnings) else ""
            kind = "committed" if o.type == "committed" else "aspirational"
            table.add_row(
                Text(marks + o.title, style="bold"),
                Text(owner),
                kind,
                f"{len(o.key_results)} KRs",
                score_text(o.progress) if active else "",
                score_text(o.score),
                key=f"o:{o.id}",
            )
            for kr in o.key_results:
                table.add_row(
                    Text("   " + kr.title),
                    "",
                    kr.kind,
                    Text(kr.numbers()),
                    score_text(kr.forecast) if active else "",
                    score_text(kr.score),
                    key=f"k:{kr.id}",
                )
        if not self.objectives:
            self.query_one("#detail-main", Static).update(
                "No objectives in this cycle yet. Press o to add one."
            )
        if current:
            with contextlib.suppress(Exception):
                table.move_cursor(row=table.get_row_index(current))
        self._show_detail()

    def _cursor_key(self) -> str | None:
        table = self.query_one("#okrs", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def selected(self) -> tuple[ObjectiveInfo | None, KRInfo | None]:
        key = self._cursor_key()
        if not key:
            return None, None
        kind, _, raw = key.partition(":")
        wanted = int(raw)
        for o in self.objectives:
            if kind == "o" and o.id == wanted:
                return o, None
            for kr in o.key_results:
                if kind == "k" and kr.id == wanted:
                    return o, kr
        return None, None

    @on(DataTable.RowHighlighted, "#okrs")
    def _show_detail(self) -> None:
        objective, kr = self.selected()
        main = self.query_one("#detail-main", Static)
        side = self.query_one("#detail-focus", Static)
        if objective is None:
            side.update("")
            return
        if kr is None:
            lines = [
                f"[b]{escape(objective.title)}[/b] — {escape(objective.owner_name)}, {objective.type}"
            ]
            if objective.score is not None:
                lines.append(
                    f"Score {objective.score:.2f} ({objective.band})"
                    + (f" · flags: {', '.join(objective.flags)}" if objective.flags else "")
                )
            elif self.cycle and self.cycle.state == "active" and objective.progress is not None:
                lines.append(
                    f"Forecast {objective.progress:.2f} ({scoring.band(objective.progress)})"
                )
            if objective.missed_explanation:
                lines.append(f"What got in the way: {escape(objective.missed_explanation)}")
            main.update("\n".join(lines))
        else:
            values = [c.value for c in kr.check_ins]
            confidence = [float(c.confidence) for c in kr.check_ins]
            lines = [
                f"[b]{escape(kr.title)}[/b] — {kr.kind}, {escape(kr.numbers())}, weight {kr.weight:g}"
            ]
            if kr.check_ins:
                last = kr.check_ins[-1]
                lines.append(
                    f"Check-ins {sparkline(values)}  confidence {sparkline(confidence, 0, 10)} "
                    f"({trend(confidence)}, now {last.confidence}/10)"
                )
                lines.append(f"Latest {last.on}: {last.value:g} — {escape(last.note or 'no note')}")
            else:
                lines.append("No check-ins yet: press i to add one.")
            if kr.forecast is not None:
                lines.append(f"Forecast score {kr.forecast:.1f}")
            if kr.suggested is not None:
                lines.append(f"Suggested score now {kr.suggested:.1f}")
            main.update("\n".join(lines))
        checklist = objective.checklist()
        focus_lines = ["[b]Checklist[/b]"] + [
            f"{'✓' if checklist[field] else '·'} {question}" for field, question in focus.CHECKLIST
        ]
        mine = [w for w in self.warnings if w.objective_id == objective.id]
        if mine:
            focus_lines.append("[b]Focus[/b]")
            focus_lines.extend(escape(_warning_line(w)) for w in mine)
        side.update("\n".join(focus_lines))

    # -- actions ---------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_pick_cycle(self) -> None:
        from coachtui.screens.okr_forms import CyclePicker

        def picked(cycle_id: int | None) -> None:
            if cycle_id:
                self.cycle_id = cycle_id
                self.reload()

        self.app.push_screen(CyclePicker("Open a cycle", self.service.cycles()), picked)

    def action_new_cycle(self) -> None:
        from coachtui.screens.okr_forms import CycleForm

        def save(name: str, starts: str, ends: str) -> CycleInfo:
            try:
                start, end = dt.date.fromisoformat(starts), dt.date.fromisoformat(ends)
            except ValueError:
                raise CoachError("dates: use YYYY-MM-DD for both") from None
            return self.service.add_cycle(name, start, end)

        def done(cycle: CycleInfo | None) -> None:
            if cycle:
                self.cycle_id = cycle.id
                self.reload()
                self.notify(f"Added cycle {cycle.name}.")

        self.app.push_screen(CycleForm(save), done)

    def _people(self) -> list[tuple[str, int]]:
        return [(p.name, p.id) for p in PeopleService(self.app.store).list()]

    def _parents(self, exclude: int | None = None) -> list[tuple[str, int]]:
        return [(f"{o.title} ({o.owner_name})", o.id) for o in self.objectives if o.id != exclude]

    def _owner_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for o in self.objectives:
            counts[o.owner_id] = counts.get(o.owner_id, 0) + 1
        return counts

    def action_add_objective(self) -> None:
        from coachtui.screens.okr_forms import ObjectiveForm

        if self.cycle_id is None:
            self.notify("Add a cycle first (N).", severity="warning")
            return
        people = self._people()
        if not people:
            self.notify("Add a person first.", severity="warning")
            return
        selected, _ = self.selected()
        cycle_id = self.cycle_id

        def save(data: dict) -> ObjectiveInfo:
            return self.service.add_objective(
                cycle_id,
                data["owner_id"],
                data["title"],
                type_=data["type_"],
                parent_id=data["parent_id"],
                is_important=data["is_important"],
                is_action_oriented=data["is_action_oriented"],
                is_inspiring=data["is_inspiring"],
            )

        self.app.push_screen(
            ObjectiveForm(
                "Add an objective",
                save,
                people,
                self._parents(),
                owner_id=selected.owner_id if selected else None,
                owner_counts=self._owner_counts(),
            ),
            self._saved_objective,
        )

    def _saved_objective(self, saved: ObjectiveInfo | None) -> None:
        self._after_save("o", saved)

    def action_add_kr(self) -> None:
        from coachtui.screens.okr_forms import KeyResultForm

        objective, _ = self.selected()
        if objective is None:
            self.notify("Pick an objective first (o adds one).", severity="warning")
            return

        def save(data: dict) -> KRInfo:
            return self.service.add_key_result(objective.id, **data)

        self.app.push_screen(
            KeyResultForm(f"Add a key result to {objective.title!r}", save), self._saved_kr
        )

    def _saved_kr(self, saved: KRInfo | None) -> None:
        self._after_save("k", saved)

    def _after_save(self, prefix: str, saved: ObjectiveInfo | KRInfo | None) -> None:
        """Show the saved row selected (rows are keyed "o:<id>" and "k:<id>")."""
        if saved is None:
            return
        self.reload(select=f"{prefix}:{saved.id}")
        self.notify(f"Saved {saved.title!r}.")

    def action_edit(self) -> None:
        from coachtui.screens.okr_forms import KeyResultForm, ObjectiveForm

        objective, kr = self.selected()
        if objective is None:
            return
        if kr is not None:

            def save_kr(data: dict) -> KRInfo:
                return self.service.update_key_result(kr.id, **data)

            self.app.push_screen(
                KeyResultForm(f"Edit {kr.title!r}", save_kr, initial=kr), self._saved_kr
            )
            return

        def save(data: dict) -> ObjectiveInfo:
            return self.service.update_objective(
                objective.id,
                title=data["title"],
                type_=data["type_"],
                owner_id=data["owner_id"],
                parent_id=data["parent_id"],
                is_important=data["is_important"],
                is_action_oriented=data["is_action_oriented"],
                is_inspiring=data["is_inspiring"],
            )

        self.app.push_screen(
            ObjectiveForm(
                f"Edit {objective.title!r}",
                save,
                self._people(),
                self._parents(exclude=objective.id),
                initial=objective,
                owner_counts=self._owner_counts(),
            ),
            self._saved_objective,
        )

    def action_check_in(self) -> None:
        from coachtui.screens.okr_forms import CheckInForm

        _, kr = self.selected()
        if kr is None:
            self.notify("Pick a key result to check in on.", severity="warning")
            return

        def save(value: float, confidence: int, note: str):
            return self.service.add_check_in(kr.id, value, confidence, note)

        def done(result) -> None:
            if result is not None:
                self.reload(select=f"k:{kr.id}")
                self.notify("Check-in saved.")

        self.app.push_screen(CheckInForm(kr, save), done)

    def action_delete(self) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        objective, kr = self.selected()
        if objective is None:
            return
        what = kr.title if kr else objective.title

        def done(yes: bool | None) -> None:
            if not yes:
                return
            if kr:
                self.service.delete_key_result(kr.id)
            else:
                self.service.delete_objective(objective.id)
            self.reload()
            self.notify(f"Deleted {what!r}.")

        self.app.push_screen(
            ConfirmScreen(f"Delete {what!r}?", "Its check-ins and scores go with it."), done
        )

    def action_advance(self) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        cycle = self.cycle
        if cycle is None:
            return
        to = NEXT_STATE.get(cycle.state)
        if to is None:
            self.notify(f"{cycle.name} is closed.")
            return
        if to == "closed":
            self.notify("Close the cycle from the scoring session (s).", severity="warning")
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.service.advance(cycle.id, to)
            except CoachError as error:
                self.notify(str(error), severity="error")
                return
            self.reload()
            self.notify(f"{cycle.name} is now {to}.")

        self.app.push_screen(ConfirmScreen(f"Move {cycle.name} from {cycle.state} to {to}?"), done)

    def action_scoring(self) -> None:
        from coachtui.screens.scoring import ScoringScreen

        cycle_id = self.cycle_id if self.cycle and self.cycle.state == "scoring" else None
        self.app.push_screen(ScoringScreen(cycle_id))

    def action_alignment(self) -> None:
        from coachtui.screens.alignment import AlignmentScreen

        self.app.push_screen(AlignmentScreen(self.cycle_id))

    def action_report(self) -> None:
        from coachtui.screens.cycle_report import CycleReportScreen

        if self.cycle is not None:
            self.app.push_screen(CycleReportScreen(self.cycle.name))

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.reload()


def _warning_line(w: focus.FocusWarning) -> str:
    return ("⚠⚠ " if w.level == "strong" else "⚠ ") + w.message

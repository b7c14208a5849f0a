"""A cycle's report: per owner, objectives with KR scores, bands and flags,
each person's score history across closed cycles; exportable."""

from __future__ import annotations

from coachtui.screens.widgets import KeyFooter
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Header, Markdown, Static

from coachtui.domain.spark import sparkline
from coachtui.errors import CoachError
from coachtui.store.okrs import OkrService
from coachtui.store.reports import build_report, export_report, render_markdown


class CycleReportScreen(Screen[None]):
    CSS_PATH = "cycle_report.tcss"
    HELP = (
        "The cycle's report, per owner. m exports it as Markdown and t as TOML into "
        "the reports folder of your data directory. Scores are for learning, not for "
        "pay or ratings."
    )
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("m", "export('markdown')", "Export Markdown"),
        Binding("t", "export('toml')", "Export TOML"),
    ]

    def __init__(self, cycle_name: str) -> None:
        super().__init__()
        self.cycle_name = cycle_name

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="report-body"):
            yield Static(id="report-history")
            yield Markdown(id="report", open_links=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        report = build_report(self.app.store, self.cycle_name)
        self.query_one("#report", Markdown).update(render_markdown(report))
        service = OkrService(self.app.store, today=self.app.today)
        cycle = service.find_cycle(self.cycle_name)
        lines = ["[b]Score history across closed cycles[/b]"]
        owners = {o.owner_id: o.owner_name for o in service.objectives(cycle.id)}
        width = max((len(n) for n in owners.values()), default=0)
        for owner_id, name in owners.items():
            points = service.score_history(owner_id)
            if points:
                lines.append(
                    f"{escape(name):<{width}}  {sparkline([p.score for p in points], 0, 1)}  "
                    f"{len(points)} cycles, latest {points[-1].cycle} {points[-1].score:.2f}"
                )
            else:
                lines.append(f"{escape(name):<{width}}  no closed cycles yet")
        self.query_one("#report-history", Static).update("\n".join(lines))
        self.query_one("#report", Markdown).focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_export(self, fmt: str) -> None:
        try:
            path = export_report(self.app.store, self.cycle_name, fmt)
        except CoachError as error:
            self.notify(str(error), severity="error")
            return
        self.notify(f"Wrote {path}")

"""Palette commands for OKRs, scoring and alignment ("area: verb")."""

from __future__ import annotations

from functools import partial

from coachtui.commands import CommandsProvider


def _open(app, make) -> None:
    app.push_screen(make())


def _okr(cycle_id: int):
    from coachtui.screens.okr import OkrScreen

    return OkrScreen(cycle_id)


def _scoring(cycle_id: int):
    from coachtui.screens.scoring import ScoringScreen

    return ScoringScreen(cycle_id)


def _alignment(cycle_id: int):
    from coachtui.screens.alignment import AlignmentScreen

    return AlignmentScreen(cycle_id)


def _report(name: str):
    from coachtui.screens.cycle_report import CycleReportScreen

    return CycleReportScreen(name)


class OkrCommands(CommandsProvider):
    def commands(self):
        from coachtui.store.okrs import OkrService

        app = self.app
        for cycle in OkrService(app.store).cycles():
            yield (
                f"okr: open cycle {cycle.name}",
                f"Objectives and key results of {cycle.name} ({cycle.state})",
                partial(_open, app, partial(_okr, cycle.id)),
            )
            yield (
                f"alignment: show {cycle.name}",
                f"The tree of {cycle.name}'s objectives by parent",
                partial(_open, app, partial(_alignment, cycle.id)),
            )
            if cycle.state == "scoring":
                yield (
                    f"scoring: start {cycle.name}",
                    f"Score every KR of {cycle.name}, resuming where you left off",
                    partial(_open, app, partial(_scoring, cycle.id)),
                )
            if cycle.state in ("scoring", "closed"):
                yield (
                    f"report: show {cycle.name}",
                    f"The report of {cycle.name}: scores, bands and flags per owner",
                    partial(_open, app, partial(_report, cycle.name)),
                )

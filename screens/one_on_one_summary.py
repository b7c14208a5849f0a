"""After a one-on-one: what happened, and whether to share it."""

from __future__ import annotations

from pathlib import Path

from coachtui.screens.widgets import KeyFooter
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from coachtui.store.one_on_ones import OneOnOneInfo, OneOnOneService


def _escape(text: str) -> str:
    return text.replace("[", r"\[")


def bank_title(bank_id: str) -> str:
    from coachtui.banks import load_banks

    bank = load_banks().get(bank_id)
    return bank.title if bank else bank_id


def export_one_on_one(service: OneOnOneService, one: OneOnOneInfo) -> Path:
    """Write the shareable Markdown (no private notes) as a 0600 file; return its path."""
    from coachtui.banks import slug
    from coachtui.paths import create_private_file, data_dir

    folder = data_dir() / "exports"
    path = folder / f"one-on-one-{slug(one.person_name)}-{one.held_on.isoformat()}-{one.id}.md"
    create_private_file(path)
    path.write_text(service.export_markdown(one.id, bank_title=bank_title(one.bank_id)))
    return path


class SummaryScreen(Screen[None]):
    CSS_PATH = "one_on_one_summary.tcss"
    HELP = (
        "The one-on-one is done. e writes a Markdown copy to share with them "
        "(private notes are left out); k keeps it private and goes back."
    )
    BINDINGS = [
        Binding("e", "export", "Export Markdown"),
        Binding("k,escape", "close", "Keep private & close"),
    ]

    def __init__(self, one_on_one_id: int) -> None:
        super().__init__()
        self.one_id = one_on_one_id
        self.exported: Path | None = None

    @property
    def service(self) -> OneOnOneService:
        return OneOnOneService(self.app.store, today=self.app.today)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="summary-body"):
            yield Static(id="summary-title")
            yield Static(id="summary-counts")
            yield Static(id="summary-export", classes="muted")
            with VerticalScroll(id="summary-record"):
                yield Static(id="summary-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        one = self.one = self.service.get(self.one_id)
        self.sub_title = f"One-on-one with {one.person_name}"
        asked = one.questions_asked
        skipped = sum(1 for e in one.exchanges if e.skipped)
        mine = sum(1 for a in one.action_items if a.owner == "me")
        self.query_one("#summary-title", Static).update(
            f"[b]Done: one-on-one with {_escape(one.person_name)}[/] · "
            f"{one.held_on:%a %d %b %Y} · {_escape(bank_title(one.bank_id))}"
        )
        self.query_one("#summary-counts", Static).update(
            f"{asked} question{'s' if asked != 1 else ''} asked · {skipped} skipped · "
            f"{one.nudges} nudge{'s' if one.nudges != 1 else ''} · "
            f"{len(one.action_items)} action items ({mine} mine, {len(one.action_items) - mine} theirs) · "
            f"{len(one.parked_topics)} topics parked for next time"
        )
        self.query_one("#summary-export", Static).update(
            "e exports a Markdown copy to share (private notes left out) · k keeps it private"
        )
        lines = []
        if one.summary:
            lines += ["[b]Summary[/]", _escape(one.summary), ""]
        for e in one.exchanges:
            if e.skipped:
                continue
            lines.append(f"[b]{_escape(e.question_text)}[/]")
            lines.append(_escape(e.heard) if e.heard else "[dim](nothing noted)[/]")
            lines.append("")
        if one.action_items:
            lines.append("[b]Action items[/]")
            for a in one.action_items:
                who = "Mine" if a.owner == "me" else "Theirs"
                due = f" [dim](due {a.due_on:%d %b})[/]" if a.due_on else ""
                lines.append(f"• {who}: {_escape(a.text)}{due}")
            lines.append("")
        if one.parked_topics:
            lines.append("[b]For next time[/]")
            lines += [f"• {_escape(t.text)}" for t in one.parked_topics]
        self.query_one("#summary-text", Static).update("\n".join(lines).rstrip())

    def action_export(self) -> None:
        path = self.exported = export_one_on_one(self.service, self.one)
        self.query_one("#summary-export", Static).update(f"Exported to {_escape(str(path))}")
        self.notify(f"Exported to {path}")

    def action_close(self) -> None:
        self.app.pop_screen()
        from coachtui.one_on_one_commands import refresh_home

        refresh_home(self.app)

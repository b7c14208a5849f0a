"""A person's past one-on-ones: listed newest first, each opened read-only."""

from __future__ import annotations

from coachtui.screens.one_on_one_summary import bank_title, export_one_on_one
from coachtui.screens.widgets import KeyFooter
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from coachtui.store.one_on_ones import OneOnOneService


def _escape(text: str) -> str:
    return text.replace("[", r"\[")


class PastOneOnOnesScreen(Screen[None]):
    CSS_PATH = "one_on_one_history.tcss"
    HELP = "Past one-on-ones with this person, newest first. Enter opens one read-only."
    BINDINGS = [
        Binding("enter", "open", "Open", show=True),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id

    @property
    def service(self) -> OneOnOneService:
        return OneOnOneService(self.app.store, today=self.app.today)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="past-body"):
            yield Static(id="past-title")
            yield DataTable(id="past-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        from coachtui.store.people import PeopleService

        person = PeopleService(self.app.store).get(self.person_id)
        rows = self.service.past(self.person_id)
        self.sub_title = f"Past one-on-ones with {person.name}"
        self.query_one("#past-title", Static).update(
            f"[b]{len(rows)} past one-on-ones with {_escape(person.name)}[/]"
            + ("" if rows else "  [dim]none yet[/]")
        )
        table = self.query_one("#past-table", DataTable)
        table.add_column("Date", width=16)
        table.add_column("Bank", width=28)
        table.add_column("Asked", width=6)
        table.add_column("Summary")
        titles: dict[str, str] = {}
        for r in rows:
            title = titles.setdefault(r.bank_id, bank_title(r.bank_id))
            table.add_row(
                f"{r.held_on:%a %d %b %Y}",
                title,
                str(r.questions_asked),
                r.summary.replace("\n", " ")[:80],
                key=str(r.id),
            )
        table.focus()

    @on(DataTable.RowSelected, "#past-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open(event.row_key.value)

    def action_open(self) -> None:
        table = self.query_one("#past-table", DataTable)
        if not table.row_count:
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        self._open(row_key.value)

    def _open(self, key: str | None) -> None:
        if key is not None:
            self.app.push_screen(PastOneOnOneScreen(int(key)))

    def action_back(self) -> None:
        self.app.pop_screen()


class PastOneOnOneScreen(Screen[None]):
    """One finished one-on-one, read-only, private notes included (only you see them)."""

    CSS_PATH = "one_on_one_history.tcss"
    HELP = "A finished one-on-one, read-only. e exports the shareable copy (no private notes)."
    BINDINGS = [
        Binding("e", "export", "Export Markdown"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, one_on_one_id: int) -> None:
        super().__init__()
        self.one_id = one_on_one_id

    @property
    def service(self) -> OneOnOneService:
        return OneOnOneService(self.app.store, today=self.app.today)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="record-body"):
            yield Static(id="record-text")
            yield Static(id="record-private")
        yield KeyFooter()

    def on_mount(self) -> None:
        one = self.one = self.service.get(self.one_id)
        self.sub_title = f"One-on-one with {one.person_name}, {one.held_on:%d %b %Y} (read-only)"
        lines = [
            f"[b]{one.held_on:%A %d %B %Y}[/] · {_escape(bank_title(one.bank_id))} · "
            f"{one.questions_asked} asked · {one.nudges} nudges",
            "",
        ]
        if one.summary:
            lines += ["[b]Summary[/]", _escape(one.summary), ""]
        for e in one.exchanges:
            if e.skipped:
                lines.append(f"[dim]skipped: {_escape(e.question_text)}[/]")
                continue
            private = " [dim](private)[/]" if e.is_private else ""
            lines.append(f"[b]{_escape(e.question_text)}[/]{private}")
            lines.append(_escape(e.heard) if e.heard else "[dim](nothing noted)[/]")
            lines.append("")
        if one.action_items:
            lines.append("[b]Action items[/]")
            for a in one.action_items:
                box = "✓" if a.done else "·"
                who = "Mine" if a.owner == "me" else "Theirs"
                lines.append(f"{box} {who}: {_escape(a.text)}")
            lines.append("")
        if one.parked_topics:
            lines.append("[b]Parked for the next one[/]")
            lines += [f"• {_escape(t.text)}" for t in one.parked_topics]
        self.query_one("#record-text", Static).update("\n".join(lines).rstrip())
        private = self.query_one("#record-private", Static)
        if one.private_notes:
            private.update(f"[b]Private notes (only you)[/]\n{_escape(one.private_notes)}")
        else:
            private.display = False

    def action_export(self) -> None:
        path = export_one_on_one(self.service, self.one)
        self.notify(f"Exported to {path}")

    def action_back(self) -> None:
        self.app.pop_screen()

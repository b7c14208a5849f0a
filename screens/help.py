"""Help for the focused area: what each key does right now, and where."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static


def _area_name(node) -> str:
    if isinstance(node, Screen):
        return "this screen"
    if node is node.app:
        return "everywhere"
    return node.id or type(node).__name__


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close help")]

    def __init__(self, for_screen: Screen) -> None:
        super().__init__()
        self.for_screen = for_screen
        self.rows: list[tuple[str, str, str]] = []
        focused = for_screen.focused
        seen: set[str] = set()
        for key, active in for_screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action == "help":
                continue
            if (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            display = binding.key_display or self.app.get_key_display(binding)
            self.rows.append((display or key, binding.description, _area_name(active.node)))
        # Keys of the focused widget first, then the screen's, then the app's.
        order = {_area_name(focused) if focused else "": 0, "this screen": 1, "everywhere": 2}
        self.rows.sort(key=lambda row: order.get(row[2], 0))
        self.help_text = getattr(for_screen, "HELP", "") or ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(
                f"Keys — {self.for_screen.__class__.__name__.removesuffix('Screen')}",
                id="help-title",
            )
            if self.help_text:
                yield Static(self.help_text, id="help-text", classes="muted")
            yield DataTable(id="help-keys", cursor_type="none", show_cursor=False)
            yield Static(
                "ctrl+p opens the command palette: type what you want to do "
                '("person: add", "person: open Ana"). Escape closes this help.',
                classes="muted",
                id="help-footer",
            )

    def on_mount(self) -> None:
        table = self.query_one("#help-keys", DataTable)
        table.add_columns("Key", "What it does", "Where")
        for row in self.rows:
            table.add_row(*row)
        table.add_row("F1 / ?", "Show this help", "everywhere")

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)

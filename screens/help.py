"""Help for the focused area: what each key does right now, and where."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

# Movement every list and text box has; the help lists what is special here.
GENERIC_ACTIONS = {"focus_next", "focus_previous", "copy_text", "select_cursor"}
GENERIC_PREFIXES = ("cursor_", "scroll_", "page_")


RENAMES = {"palette": "Command palette: find any command by name"}


def _is_generic(action: str) -> bool:
    action = action.rpartition(".")[2]
    return action in GENERIC_ACTIONS or action.startswith(GENERIC_PREFIXES)


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
            if _is_generic(binding.action):
                continue
            if (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            display = binding.key_display or self.app.get_key_display(binding)
            description = RENAMES.get(binding.description, binding.description)
            self.rows.append((display or key, description, _area_name(active.node)))
        # The screen's own keys first, then the focused widget's, then the app's.
        order = {"this screen": 0, "everywhere": 2}
        self.rows.sort(key=lambda row: order.get(row[2], 1))
        self.focused_name = _area_name(focused) if focused else ""
        self.help_text = getattr(for_screen, "HELP", "") or ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(
                f"Keys — {self.for_screen.__class__.__name__.removesuffix('Screen')}",
                id="help-title",
            )
            if self.help_text:
                yield Static(self.help_text, id="help-text", classes="muted")
            yield Static(self._keys_table(), id="help-keys")
            yield Static(
                "ctrl+p opens the command palette: type what you want to do "
                '("person: add", "person: open Ana"). Escape closes this help.',
                classes="muted",
                id="help-footer",
            )

    def _keys_table(self) -> Table:
        table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
        table.add_column("Key", style="bold")
        table.add_column("What it does")
        table.add_column("Where", style="dim")
        for key, description, where in self.rows:
            table.add_row(key, description, where)
        table.add_row("F1 / ?", "Show this help", "everywhere")
        return table

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)

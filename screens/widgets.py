"""Small widgets every screen shares."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class KeyFooter(Widget, can_focus=False):
    """The footer's keys drawn by one widget, looking like the stock footer.

    The stock footer is a container of one widget per key, each styled,
    bound and laid out on its own, and rebuilt whenever focus moves: on a
    screen with ten keys that is a large share of what opening the screen
    costs. This one renders the same line as a single text and only
    repaints when the bindings change. A click on a key presses it.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-footer--item",
        "key-footer--key",
        "key-footer--description",
        "key-footer--hover",
        "key-footer--separator",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        & > .key-footer--item {
            background: $footer-item-background;
        }
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .key-footer--separator {
            color: $foreground 20%;
            background: $footer-item-background;
        }
    }
    """

    def __init__(self, *, show_command_palette: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_command_palette = show_command_palette
        # (start, end, key, enabled) of each key drawn, for clicks and hover.
        self._spans: list[tuple[int, int, str, bool]] = []
        self._hover: int | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            self.refresh()

    def _keys(self) -> tuple[list[tuple[str, str, str, bool]], tuple | None]:
        """(key, display, description, enabled) per shown action; the palette key."""
        app = self.app
        active = self.screen.active_bindings
        seen: dict[str, tuple[str, str, str, bool]] = {}
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in seen:
                seen[binding.action] = (
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                )
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
        return list(seen.values()), palette

    def _item(self, index: int, key: tuple[str, str, str, bool], compact: bool = False) -> Text:
        _key, display, description, enabled = key
        base = self.get_component_rich_style("key-footer--item")
        if not enabled:
            base += Style(dim=True)
        key_style = self.get_component_rich_style("key-footer--key")
        if description:
            description_style = self.get_component_rich_style("key-footer--description")
            if compact:  # the palette key: no padding around the key
                parts = ((display, key_style), (f" {description}", description_style))
            else:
                parts = ((f" {display} ", key_style), (f"{description} ", description_style))
            text = Text.assemble(*parts)
        else:
            text = Text(display, style=key_style)
        text.stylize_before(base)
        if index == self._hover:
            hover = self.get_component_rich_style("key-footer--hover")
            text.stylize(Style(bgcolor=hover.bgcolor))
        return text

    def render(self) -> Text:
        keys, palette = self._keys()
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str, bool]] = []
        for index, key in enumerate(keys):
            start = line.cell_len
            line.append_text(self._item(index, key))
            spans.append((start, line.cell_len, key[0], key[3]))
        if palette is not None:
            right = Text.assemble(
                ("▏", self.get_component_rich_style("key-footer--separator")),
                self._item(len(keys), palette, compact=True),
                (" ", self.get_component_rich_style("key-footer--item")),
            )
            if self._hover == len(keys):
                hover = self.get_component_rich_style("key-footer--hover")
                right.stylize(Style(bgcolor=hover.bgcolor))
            gap = self.size.width - line.cell_len - right.cell_len
            if gap >= 0:
                line.append(" " * gap)
                start = line.cell_len
                line.append_text(right)
                spans.append((start, line.cell_len, palette[0], palette[3]))
        self._spans = spans
        return line

    def _at(self, x: int) -> int | None:
        for index, (start, end, _key, _enabled) in enumerate(self._spans):
            if start <= x < end:
                return index
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._at(event.x)
        if index is None:
            return
        _start, _end, key, enabled = self._spans[index]
        if enabled:
            self.app.simulate_key(key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._at(event.x)
        if index != self._hover:
            self._hover = index
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

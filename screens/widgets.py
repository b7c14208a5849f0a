"""Small widgets every screen shares."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class SettledFooter(Footer):
    """A footer that rebuilds once per burst of binding changes.

    Opening a screen changes focus and bindings several times in a row; the
    stock footer rebuilds all its keys for each change, which is most of what
    opening a screen costs.
    """

    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_pending:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()

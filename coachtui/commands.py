"""Command palette providers. Commands are named "area: verb"."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class CommandsProvider(Provider):
    """A provider built from a list of (text, help, callback) commands."""

    def commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for text, help_text, callback in self.commands():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in self.commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, text=text, help=help_text)


def _home(app):
    from coachtui.screens.home import HomeScreen

    for screen in reversed(app.screen_stack):
        if isinstance(screen, HomeScreen):
            return screen
    return None


def pop_to_home(app):
    """Close every screen above the home screen; return it (None if absent)."""
    home = _home(app)
    if home is not None:
        while app.screen is not home:
            app.pop_screen()
    return home


def _go_home_and(app, action: Callable[[object], object]) -> None:
    home = pop_to_home(app)
    if home is not None:
        action(home)


class PeopleCommands(CommandsProvider):
    def commands(self):
        from coachtui.store.people import PeopleService

        app = self.app
        yield (
            "person: add",
            "Add a person to your team",
            partial(_go_home_and, app, lambda home: home.action_add_person()),
        )
        yield (
            "person: show archived",
            "Show or hide archived people on the home screen",
            partial(_go_home_and, app, lambda home: home.action_toggle_archived()),
        )
        for person in PeopleService(app.store).list():
            yield (
                f"person: open {person.name}",
                f"Go to {person.name} ({person.role or 'no role'}) on the home screen",
                partial(_go_home_and, app, partial(_select, person.id)),
            )


def _select(person_id: int, home) -> None:
    home.select_person(person_id)

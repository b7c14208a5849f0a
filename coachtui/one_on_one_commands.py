"""Palette commands and entry points for one-on-ones ("one-on-one: start with Ana")."""

from __future__ import annotations

from functools import partial

from coachtui.commands import CommandsProvider, pop_to_home


def refresh_home(app) -> None:
    """Bring the home screen's figures up to date after a one-on-one changed them."""
    from coachtui.screens.home import HomeScreen

    for screen in app.screen_stack:
        if isinstance(screen, HomeScreen):
            screen.refresh_people()


def open_one_on_one(app, person_id: int) -> None:
    """The preparation screen for this person (which offers to resume a draft)."""
    from coachtui.screens.one_on_one_prep import PreparationScreen

    pop_to_home(app)  # never two conversations open on the same draft (it saves)
    app.push_screen(PreparationScreen(person_id))


def open_past(app, person_id: int) -> None:
    from coachtui.screens.one_on_one_history import PastOneOnOnesScreen

    pop_to_home(app)
    app.push_screen(PastOneOnOnesScreen(person_id))


class OneOnOneCommands(CommandsProvider):
    def commands(self):
        from coachtui.store.people import PeopleService

        app = self.app
        for person in PeopleService(app.store).list():
            if person.is_manager:
                continue
            yield (
                f"one-on-one: start with {person.name}",
                f"Prepare and run a one-on-one with {person.name}",
                partial(open_one_on_one, app, person.id),
            )
            yield (
                f"one-on-one: past with {person.name}",
                f"Read earlier one-on-ones with {person.name}",
                partial(open_past, app, person.id),
            )

"""Palette commands for feedback, notes and the review screen."""

from __future__ import annotations

from functools import partial

from coachtui.commands import CommandsProvider


def _run(opener: str, app, person) -> None:
    from coachtui.screens import review

    getattr(review, opener)(app, person)


class ReviewCommands(CommandsProvider):
    def commands(self):
        from coachtui.store.people import PeopleService

        app = self.app
        for person in PeopleService(app.store).list():
            if person.is_manager:
                continue
            yield (
                f"review: open {person.name}",
                f"Timeline, filters, feedback balance and search for {person.name}",
                partial(_run, "open_review", app, person),
            )
            yield (
                f"feedback: add for {person.name}",
                "Feedback about a concrete behaviour and its impact",
                partial(_run, "open_feedback_form", app, person),
            )
            yield (
                f"note: add for {person.name}",
                "A private note (never shared or exported)",
                partial(_run, "open_note_form", app, person),
            )

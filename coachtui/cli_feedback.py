"""Command line for feedback and private notes."""

from __future__ import annotations

import click

from coachtui.clikit import echo_json, with_store


@click.group()
def feedback() -> None:
    """Write feedback about a concrete behaviour and its impact."""


@feedback.command("add")
@click.argument("person")
@click.option(
    "--kind",
    type=click.Choice(["reinforcing", "redirecting"]),
    required=True,
    help="Reinforcing (keep doing it) or redirecting (change it).",
)
@click.option("--situation", required=True, help="When and where it happened (may be empty).")
@click.option("--behaviour", "behaviour", required=True, help="What they did, concretely.")
@click.option("--impact", required=True, help="What it changed, for whom (may be empty).")
@click.option(
    "--tag",
    "tags",
    multiple=True,
    metavar="NAME",
    help="A named behaviour it shows (created if new); repeat for more.",
)
@click.option("--kr", "kr_title", metavar="TITLE", help="Tie it to a key result, by title.")
@click.option(
    "--observed",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day you observed it (default: today).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_store
def feedback_add(
    store,
    person: str,
    kind: str,
    situation: str,
    behaviour: str,
    impact: str,
    tags: tuple[str, ...],
    kr_title: str | None,
    observed,
    as_json: bool,
) -> None:
    """Save feedback for PERSON and say whether it is specific."""
    from coachtui.store.feedback import FeedbackService, find_key_result
    from coachtui.store.people import PeopleService

    who = PeopleService(store).find(person)
    kr_id = find_key_result(store, kr_title, who.id).id if kr_title else None
    entry = FeedbackService(store).add(
        who.id,
        kind=kind,
        situation=situation,
        behaviour=behaviour,
        impact=impact,
        behaviours=tags,
        key_result_id=kr_id,
        observed_on=observed.date() if observed else None,
    )
    if as_json:
        echo_json({"id": entry.id, "vague": entry.vague, "reasons": entry.reasons})
        return
    click.echo(f"saved {entry.kind} feedback for {who.name} (id {entry.id})")
    if entry.vague:
        click.echo("vague:")
        for reason in entry.reasons:
            click.echo(f"  - {reason}")
        click.echo(f"hint: {entry.hint}")
    else:
        click.echo("specific: it names a behaviour and its impact")


@click.group()
def notes() -> None:
    """Private notes about the people you manage."""


@notes.command("add")
@click.argument("person")
@click.argument("text")
@click.option("--kr", "kr_title", metavar="TITLE", help="Tie the note to a key result, by title.")
@with_store
def notes_add(store, person: str, text: str, kr_title: str | None) -> None:
    """Add a private note about PERSON."""
    from coachtui.store.feedback import find_key_result
    from coachtui.store.notes import NotesService
    from coachtui.store.people import PeopleService

    who = PeopleService(store).find(person)
    kr_id = find_key_result(store, kr_title, who.id).id if kr_title else None
    note = NotesService(store).add(who.id, text, key_result_id=kr_id)
    click.echo(f"saved a private note about {who.name} (id {note.id})")


@notes.command("search")
@click.argument("query")
@click.option("--person", metavar="NAME", help="Only what is about this person.")
@click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_store
def notes_search(store, query: str, person: str | None, limit: int, as_json: bool) -> None:
    """Search everything you wrote: notes, feedback, one-on-ones, action items...

    Words are matched whole (a trailing * matches the start of a word); every
    word must appear. Matched words are marked **like this**.
    """
    from coachtui.store.people import PeopleService
    from coachtui.store.search import SearchService

    person_id = PeopleService(store).find(person).id if person else None
    result = SearchService(store).search(query, person_id=person_id, limit=limit)
    if as_json:
        echo_json(
            [
                {
                    "kind": h.kind,
                    "id": h.id,
                    "person": h.person,
                    "date": h.date.isoformat() if h.date else None,
                    "snippet": h.marked(),
                }
                for h in result.hits
            ]
        )
        if result.note:
            click.echo(f"coachtui: note: {result.note}", err=True)
        return
    if result.note:
        click.echo(f"note: {result.note}")
    if not result.hits:
        click.echo("no matches")
        return
    for h in result.hits:
        day = h.date.isoformat() if h.date else "—"
        click.echo(f"{day}  {h.person or '—'}  {h.kind} #{h.id}")
        click.echo(f"    {h.marked()}")

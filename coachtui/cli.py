"""The command line. ``coachtui`` with no subcommand opens the app.

User mistakes end as one line on stderr (``coachtui: error: ...``) and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys

import click

from coachtui import __version__
from coachtui.cli_banks import banks
from coachtui.cli_feedback import feedback, notes
from coachtui.cli_okr import okr, report
from coachtui.clikit import EXIT_USER_ERROR, CliContext, CoachGroup, echo_json, pass_cli, with_store


@click.group(cls=CoachGroup, invoke_without_command=True)
@click.option(
    "--demo", is_flag=True, help="Use the demo database (created and seeded on first use)."
)
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Database: any SQLAlchemy URL or a file path. Default: $COACHTUI_DB, "
    "else coachtui.sqlite3 in the user data directory.",
)
@click.version_option(__version__, prog_name="coachtui")
@click.pass_context
def main(ctx: click.Context, demo: bool, db_url: str | None) -> None:
    """Coaching one-on-ones, OKR scoring and feedback notes, at the terminal.

    With no command, opens the app.
    """
    cli = CliContext(db_url, demo)
    ctx.obj = cli
    ctx.call_on_close(cli.close)
    if ctx.invoked_subcommand is None:
        from coachtui.launch import open_app

        sys.exit(open_app(db_url, demo))


# -- people -----------------------------------------------------------------


@main.group()
def people() -> None:
    """Add and list the people you manage."""


@people.command("add")
@click.argument("name")
@click.option("--role", default="", help="Their role, e.g. 'Backend engineer'.")
@click.option("--team", default="", help="Their team.")
@click.option("--manager", is_flag=True, help="This person is you, the manager.")
@with_store
def people_add(store, name: str, role: str, team: str, manager: bool) -> None:
    """Add a person."""
    from coachtui.store.people import PeopleService

    person = PeopleService(store).add(name, role=role, team=team, is_manager=manager)
    click.echo(f"added {person.name} (id {person.id})")


@people.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--all", "include_archived", is_flag=True, help="Include archived people.")
@with_store
def people_list(store, as_json: bool, include_archived: bool) -> None:
    """List people with their last one-on-one and open items."""
    import dataclasses
    import datetime as dt

    from coachtui.store.team import team_rows

    rows = team_rows(store, dt.date.today(), include_archived=include_archived)
    if as_json:
        echo_json([dataclasses.asdict(r) for r in rows])
        return
    if not rows:
        click.echo("no people yet: add one with `coachtui people add NAME`")
        return
    width = max(len(r.name) for r in rows)
    role_width = max(len(r.role or "-") for r in rows)
    for r in rows:
        days = "never" if r.days_since_one_on_one is None else f"{r.days_since_one_on_one}d ago"
        flag = " (archived)" if r.archived else (" (you)" if r.is_manager else "")
        click.echo(
            f"{r.name:<{width}}  {r.role or '-':<{role_width}}  last 1:1 {days:<9} "
            f"open items {r.open_action_items:<3} KRs at risk {r.krs_at_risk}{flag}"
        )


# -- generate ---------------------------------------------------------------


@main.command()
@click.option("--people", "n_people", type=click.IntRange(1, 2000), required=True)
@click.option("--years", type=click.FloatRange(0.1, 20), required=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--end",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Last day of the history (default: today). Same seed and end, same data.",
)
@click.option("--force", is_flag=True, help="Generate even if the database already has people.")
@with_store
def generate(store, n_people: int, years: float, seed: int, end, force: bool) -> None:
    """Fill the database with a deterministic synthetic history."""
    from coachtui.generate import generate_history

    stats = generate_history(
        store,
        people=n_people,
        years=years,
        seed=seed,
        end=end.date() if end else None,
        force=force,
    )
    click.echo(", ".join(f"{count} {name}" for name, count in stats.items()))


# -- db ---------------------------------------------------------------------


@main.group()
def db() -> None:
    """Check the database."""


@db.command("check")
@pass_cli
def db_check(cli: CliContext) -> None:
    """Print the schema revision and SQLite's integrity check; exit 1 if either is wrong."""
    from coachtui.store.check import check_database

    report = check_database(cli.url)
    for line in report.lines:
        click.echo(line)
    if not report.ok:
        sys.exit(EXIT_USER_ERROR)


# -- backup -----------------------------------------------------------------


@main.command()
@click.argument("path", required=False, type=click.Path(dir_okay=True, path_type=str))
@with_store
def backup(store, path: str | None) -> None:
    """Write a consistent copy of the database (0600) and print its path."""
    from coachtui.store.check import backup_store

    click.echo(str(backup_store(store, path)))


main.add_command(banks)
main.add_command(okr)
main.add_command(report)
main.add_command(feedback)
main.add_command(notes)


if __name__ == "__main__":  # pragma: no cover
    main()

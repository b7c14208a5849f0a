"""OKR commands: import a cycle from TOML, move cycles along, write reports."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from coachtui.clikit import echo_json, with_store


@click.group()
def okr() -> None:
    """OKR cycles: import, list and move them along."""


@okr.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--create-people", is_flag=True, help="Add owners who are not in the team yet.")
@with_store
def okr_import(store, file: Path, create_people: bool) -> None:
    """Import a cycle's objectives, KRs, check-ins and scores from FILE (TOML).

    All or nothing: a problem leaves the database unchanged.
    """
    from coachtui.store.okr_import import import_okr_file

    result = import_okr_file(store, file, create_people=create_people)
    made = " (new cycle)" if result.created_cycle else ""
    people = f", {len(result.people_created)} people added" if result.people_created else ""
    click.echo(
        f"imported {result.cycle}{made}: {result.objectives} objectives, "
        f"{result.key_results} key results, {result.check_ins} check-ins, "
        f"{result.scores} scores{people}"
    )


@okr.group("cycle")
def cycle() -> None:
    """Add cycles and move them: planning → active → scoring → closed."""


@cycle.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_store
def cycle_list(store, as_json: bool) -> None:
    """List cycles, newest first."""
    from coachtui.store.okrs import OkrService

    cycles = OkrService(store).cycles()
    if as_json:
        echo_json([c.model_dump(mode="json") for c in cycles])
        return
    if not cycles:
        click.echo("no cycles yet: add one with `coachtui okr cycle add NAME --starts --ends`")
    for c in cycles:
        click.echo(f"{c.name:<12} {c.starts_on} – {c.ends_on}  {c.state}")


@cycle.command("add")
@click.argument("name")
@click.option("--starts", type=click.DateTime(formats=["%Y-%m-%d"]), required=True)
@click.option("--ends", type=click.DateTime(formats=["%Y-%m-%d"]), required=True)
@with_store
def cycle_add(store, name: str, starts: dt.datetime, ends: dt.datetime) -> None:
    """Add a cycle in planning."""
    from coachtui.store.okrs import OkrService

    c = OkrService(store).add_cycle(name, starts.date(), ends.date())
    click.echo(f"added cycle {c.name} ({c.starts_on} – {c.ends_on}), {c.state}")


def _advance(store, name: str, to: str) -> None:
    from coachtui.store.okrs import OkrService

    service = OkrService(store)
    c = service.advance(service.find_cycle(name).id, to)
    click.echo(f"cycle {c.name} is now {c.state}")


@cycle.command("start")
@click.argument("name")
@with_store
def cycle_start(store, name: str) -> None:
    """planning → active: check-ins and forecasts begin."""
    _advance(store, name, "active")


@cycle.command("score")
@click.argument("name")
@with_store
def cycle_score(store, name: str) -> None:
    """active → scoring: the scoring session can walk it."""
    _advance(store, name, "scoring")


@cycle.command("close")
@click.argument("name")
@with_store
def cycle_close(store, name: str) -> None:
    """scoring → closed: scores count towards history."""
    _advance(store, name, "closed")


@click.command()
@click.option("--cycle", "cycle_name", required=True, metavar="NAME", help="The cycle's name.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "toml", "json", "csv"]),
    default="markdown",
    show_default=True,
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file."
)
@with_store
def report(store, cycle_name: str, fmt: str, output: Path | None) -> None:
    """Write a cycle's report: per owner, objectives, KR scores, bands and flags."""
    from coachtui.store.reports import build_report, render

    text = render(build_report(store, cycle_name), fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    write_private(output, text)
    click.echo(f"wrote {output}", err=True)


def write_private(path: Path, text: str) -> None:
    """Write a report 0600: it is about people."""
    from coachtui.errors import CoachError

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise CoachError(f"{path}: cannot write: {error.strerror}") from None

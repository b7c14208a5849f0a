"""`coachtui banks ...`: list, show, validate and import question banks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from coachtui.clikit import EXIT_USER_ERROR, echo_json


@click.group()
def banks() -> None:
    """Question banks: the shipped ones and your own."""


@banks.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def banks_list(as_json: bool) -> None:
    """List every bank (yours override shipped ones with the same id)."""
    from coachtui.banks import bank_sources

    sources = sorted(bank_sources().values(), key=lambda s: (s.bank.purpose, s.bank.id))
    if as_json:
        echo_json(
            [
                {
                    "id": s.bank.id,
                    "title": s.bank.title,
                    "purpose": s.bank.purpose,
                    "version": s.bank.bank.version,
                    "stages": len(s.bank.stages),
                    "questions": len(s.bank.questions),
                    "origin": s.origin,
                    "overrides_shipped": s.overrides,
                    "path": str(s.path),
                }
                for s in sources
            ]
        )
        return
    width = max((len(s.bank.id) for s in sources), default=2)
    for s in sources:
        origin = (
            "yours, replaces shipped"
            if s.overrides
            else ("yours" if s.origin == "user" else "shipped")
        )
        click.echo(
            f"{s.bank.id:<{width}}  {s.bank.purpose:<10}  {len(s.bank.stages):>2} stages  "
            f"{len(s.bank.questions):>3} questions  {origin:<8}  {s.bank.title}"
        )


@banks.command("show")
@click.argument("bank_id")
def banks_show(bank_id: str) -> None:
    """Show a bank's stages and questions."""
    from coachtui.banks import bank_sources, get_bank

    bank = get_bank(bank_id)
    source = bank_sources()[bank_id]
    click.echo(f"{bank.title} ({bank.id}, {bank.purpose}, version {bank.bank.version})")
    click.echo(f"from {source.path}")
    if bank.bank.description:
        click.echo(bank.bank.description)
    for number, stage in enumerate(bank.stages, start=1):
        click.echo("")
        click.echo(f"{number}. {stage.title} [{stage.id}]")
        if stage.hint:
            click.echo(f"   {stage.hint}")
        for q in bank.questions_in(stage.id):
            tags = f"  ({', '.join(q.tags)})" if q.tags else ""
            click.echo(f"   - {q.text}  [{q.id}]{tags}")
            for follow_up in q.follow_ups:
                click.echo(f"       then: {follow_up}")


@banks.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def banks_validate(paths: tuple[Path, ...]) -> None:
    """Check bank files; one line per problem, exit 1 if any.

    A directory checks every .toml file in it.
    """
    from coachtui.banks import bank_problems, validate_bank_file

    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            files = sorted(path.glob("*.toml"))
            if not files:
                problems.append(f"{path}: no .toml files in this directory")
        elif not path.exists():
            problems.append(f"{path}: no such file")
            continue
        else:
            files = [path]
        for file in files:
            found = validate_bank_file(file)
            if found:
                problems.extend(found)
            else:
                bank, _ = bank_problems(file.read_bytes(), str(file))
                assert bank is not None
                click.echo(
                    f"{file}: ok ({bank.id}: {len(bank.stages)} stages, {len(bank.questions)} questions)"
                )
    for line in problems:
        click.echo(line)
    if problems:
        sys.exit(EXIT_USER_ERROR)


@banks.command("import-markdown")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--id", "bank_id", required=True, help="Id of the new bank, e.g. my-check-in.")
@click.option("--title", default=None, help="Title (default: the file name).")
@click.option("--force", is_flag=True, help="Replace your bank with the same id.")
def banks_import_markdown(file: Path, bank_id: str, title: str | None, force: bool) -> None:
    """Make a bank from a Markdown list: headings are stages, list items questions."""
    from coachtui.banks import import_markdown

    target, bank = import_markdown(file, bank_id=bank_id, title=title, force=force)
    stages = len(bank.stages)
    questions = len(bank.questions)
    click.echo(
        f"imported {stages} stage{'s' if stages != 1 else ''} and {questions} "
        f"question{'s' if questions != 1 else ''} into {target}"
    )

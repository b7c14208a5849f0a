"""Shared pieces of the command line: one-line errors, the database context,
and helpers every command module uses."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from coachtui.errors import CoachError

EXIT_USER_ERROR = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USER_ERROR) -> None:
    click.echo(f"coachtui: error: {message}", err=True)
    sys.exit(code)


class CoachGroup(click.Group):
    """A group whose usage errors and user errors are one line each."""

    def main(self, args=None, prog_name=None, **extra: Any):  # type: ignore[override]
        os.umask(0o077)  # everything we write is about people: private by default
        try:
            return super().main(args, prog_name=prog_name, standalone_mode=False, **extra)
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
        except click.exceptions.Abort:
            click.echo("coachtui: aborted", err=True)
            sys.exit(130)
        except click.UsageError as error:
            where = f" ({error.ctx.command_path})" if error.ctx else ""
            fail(f"{error.format_message()}{where}", EXIT_USAGE)
        except click.ClickException as error:
            fail(error.format_message(), error.exit_code or EXIT_USER_ERROR)
        except CoachError as error:
            fail(str(error))
        except BrokenPipeError:
            sys.exit(0)


class CliContext:
    """What every command needs: where the database is, opened on demand."""

    def __init__(self, db_url: str | None, demo: bool) -> None:
        self.db_url = db_url
        self.demo = demo
        self._store = None

    @property
    def url(self) -> str:
        from coachtui.paths import default_db_url, normalise_db_url

        if self.db_url:
            return normalise_db_url(self.db_url)
        return default_db_url(demo=self.demo)

    def store(self):
        if self._store is None:
            from coachtui.store.db import Store

            self._store = Store.open(self.url)
            if self._store.upgrade_backup is not None:
                click.echo(
                    f"coachtui: upgraded the database; the copy from before is at "
                    f"{self._store.upgrade_backup}",
                    err=True,
                )
            if self.demo:
                from coachtui.demo import ensure_demo_data

                ensure_demo_data(self._store)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_cli = click.make_pass_decorator(CliContext)


def with_store(func: Callable) -> Callable:
    """Pass the opened Store as the first argument of a command."""

    @pass_cli
    @functools.wraps(func)
    def wrapper(cli: CliContext, *args: Any, **kwargs: Any):
        return func(cli.store(), *args, **kwargs)

    return wrapper


def echo_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))

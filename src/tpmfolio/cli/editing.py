"""Editing an entry as YAML in ``$EDITOR``, without ever losing what the person wrote.

Used by ``add --edit`` and ``edit``: the editor re-opens on a mistake, and
text that cannot be stored is kept in a draft file rather than thrown away.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from ..errors import ImportProblems, TpmfolioError

T = TypeVar("T")


def drafts_dir() -> Path:
    return Path(click.get_app_dir("tpmfolio")) / "drafts"


def save_draft(text: str) -> Path:
    """Keep text the user wrote but we could not store, so it is never lost."""
    name = f"entry-{dt.datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.yaml"
    for folder in (drafts_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    raise click.ClickException("could not save your text anywhere; it is printed below\n" + text)


def _edit_problem(error: BaseException) -> str:
    """The mistake in edited text, worded for someone about to fix it."""
    if isinstance(error, ImportProblems):
        count = len(error.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in what you wrote:"
        return "\n".join([head, *(f"  {p}" for p in error.problems)])
    return " ".join(str(error).split()) if not isinstance(error, TpmfolioError) else str(error)


def edit_until_stored(text: str, store: Callable[[str], T]) -> T | None:
    """Open ``$EDITOR`` on ``text`` until ``store`` accepts it; None when the user aborts.

    A mistake is shown and the editor re-opens on the user's own text; if they
    decline, that text goes to a draft file rather than being thrown away.
    """
    import yaml

    while True:
        edited = click.edit(text, extension=".yaml", require_save=True)
        if edited is None:
            return None
        text = edited
        try:
            return store(text)
        except (TpmfolioError, yaml.YAMLError, ValueError, TypeError) as error:
            click.echo(f"Error: {_edit_problem(error)}", err=True)
        except BaseException:
            path = save_draft(text)
            click.echo(f"Your text is saved in {path}", err=True)
            raise
        try:
            again = click.confirm("Edit again?", default=True, err=True)
        except click.Abort:  # end of input: nobody to answer, so keep the text safe
            click.echo(err=True)
            again = False
        if not again:
            path = save_draft(text)
            raise click.ClickException(f"nothing was saved to the portfolio; your text is in {path}")

"""Editing an entry as YAML in ``$EDITOR``, without ever losing what the person wrote.

Used by ``add --edit`` and ``edit``: the editor works on a draft file (see
:mod:`tpmfolio.drafts`) that stays until its text is stored, whatever the
editor's exit code, and re-opens on a mistake.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import ImportProblems, TpmfolioError

T = TypeVar("T")


def from_draft_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--from-draft FILE``: how ``add``, ``edit`` and ``translate`` take back text a draft kept."""
    return click.option("--from-draft", "from_draft", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE", help=help)


def edit_problem(error: BaseException) -> str:
    """The mistake in edited text, worded for someone about to fix it."""
    if isinstance(error, ImportProblems):
        count = len(error.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in what you wrote:"
        return "\n".join([head, *(f"  {p}" for p in error.problems)])
    return " ".join(str(error).split()) if not isinstance(error, TpmfolioError) else str(error)


def _open_editor(draft: Path) -> tuple[bool, str | None]:
    """Run $EDITOR on the draft file: (was it saved, the editor's failure if any).

    The draft's time is set back first, so saving it, even unchanged, is seen.
    """
    past = draft.stat().st_mtime - 60
    os.utime(draft, (past, past))
    try:
        click.edit(filename=str(draft), extension=".yaml")
    except click.ClickException as error:  # exited non-zero, or could not be started
        return draft.stat().st_mtime != past, error.format_message()
    return draft.stat().st_mtime != past, None


def edit_until_stored(
    text: str,
    store: Callable[[str], T],
    *,
    draft_name: str = "add",
    take_back: str = "tpmfolio add",
    resumed: tuple[Path, str] | None = None,
) -> T | None:
    """Open ``$EDITOR`` on ``text`` until ``store`` accepts it; None when the user closes it unsaved.

    The editor works on a draft file, so what the user wrote survives an
    editor that exits with an error, a mistake they decline to fix now, or a
    crash: it stays in the draft, and the message says how to take it back
    (``TAKE_BACK --from-draft PATH``). The draft is deleted once its text is
    stored, or when it was never changed.

    ``resumed`` is a draft taken back with ``--from-draft`` (its path and the
    text read from it): the editor starts from that text instead, and once it
    is stored the old draft goes too, if it lives in the drafts folder.
    """
    import yaml

    from ..drafts import discard, discard_if_draft, new_draft

    if resumed is not None:
        text = resumed[1]

    try:
        draft = new_draft(text, draft_name)
    except OSError as error:  # before the editor opens: nothing typed yet, nothing lost
        raise click.ClickException(f"{error}; the editor was not opened") from None
    keep = f"your text is kept in {draft} (take it back with: {take_back} --from-draft {draft})"
    first = True
    while True:
        saved, failure = _open_editor(draft)
        edited = draft.read_text(encoding="utf-8")
        if failure is not None or (not saved and not first):
            if edited == text and first:
                discard(draft)
                raise click.ClickException(f"{failure}; nothing was changed")
            raise click.ClickException(f"{failure or 'the editor was closed without saving'}; nothing was stored; {keep}")
        if not saved:
            discard(draft)
            return None
        first = False
        text = edited
        try:
            result = store(text)
        except (TpmfolioError, yaml.YAMLError, ValueError, TypeError) as error:
            click.echo(f"Error: {edit_problem(error)}", err=True)
        except BaseException:
            click.echo(f"Nothing was stored; {keep}", err=True)
            raise
        else:
            discard(draft)
            if resumed is not None and result is not None:
                discard_if_draft(resumed[0])
            return result
        try:
            again = click.confirm("Edit again?", default=True, err=True)
        except click.Abort:  # end of input: nobody to answer, so keep the text safe
            click.echo(err=True)
            again = False
        if not again:
            raise click.ClickException(f"nothing was saved to the portfolio; {keep}")

"""What every command module shares: ``--db``, the group, option values, output.

Command modules import from here and never from the package's
``__init__``, so the flow stays one way (``__init__`` → command module →
this module → the library). Nothing heavy is imported at module level:
``tpmfolio add`` loads this module on every run.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..dates import parse_date_range, parse_partial_date
from ..errors import (
    LOOKS_LIKE_JSON_RESUME,
    LOOKS_LIKE_TPMFOLIO_FILE,
    EmptyPortfolioFile,
    EntryNotFound,
    FormatNotKnown,
    ImportProblems,
    InvalidValue,
    PortfolioNotFound,
    SlugTaken,
    TpmfolioError,
    TpmfolioWarning,
    UnknownSlug,
)
from ..models import KpiResult, Link, SkillEvidence

if TYPE_CHECKING:  # pragma: no cover
    from ..portfolio import Portfolio

# ctx.meta is shared by every context of one invocation, so a ``--db`` given
# to the group or to the subcommand ends up in the same place (the
# subcommand's, parsed later, wins).
_DB_KEY = "tpmfolio.db"


# --- the terminal ---------------------------------------------------------------------


def stdin_is_tty() -> bool:
    """Whether a person can answer questions; tests monkeypatch this to test prompts."""
    return sys.stdin.isatty()


def use_color() -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (no-color.org)."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def print_json(data: Any) -> None:
    """JSON for people and for ``jq``: indented, and non-ASCII text kept as typed."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


# --- the database ---------------------------------------------------------------------


def _remember_db(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.meta[_DB_KEY] = value


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--db PATH`` for a command; :class:`TpmfolioGroup` adds it to its commands anyway."""
    return click.option(
        "--db",
        type=click.Path(path_type=Path),
        expose_value=False,
        callback=_remember_db,
        metavar="PATH",
        help="Database file [default: $TPMFOLIO_DB, else the app directory; see 'tpmfolio db path'].",
    )(f)


def _db_param() -> click.Option:
    return db_option(lambda: None).__click_params__[0]  # type: ignore[attr-defined]


def db_location() -> Path:
    """The database this invocation works on: ``--db``, else ``$TPMFOLIO_DB``, else the app dir."""
    ctx = click.get_current_context(silent=True)
    given = ctx.meta.get(_DB_KEY) if ctx is not None else None
    if given is not None:
        return Path(given).expanduser()
    from ..store import default_db_path

    return Path(default_db_path()).expanduser()


@contextlib.contextmanager
def open_portfolio(db: str | Path | None = None, *, create: bool = True) -> Iterator[Portfolio]:
    """Open (migrating if needed) the portfolio every command works on.

    Commands that only read pass ``create=False``: on a new machine they say
    how to start a portfolio instead of silently making an empty one. A
    locked, read-only or full database becomes one ``Error:`` line saying
    what to do, whichever command hits it.
    """
    import sqlite3

    from ..portfolio import Portfolio
    from ..store import database_trouble

    path = Path(db) if db is not None else db_location()
    try:
        with Portfolio.open(path, create=create) as folio:
            yield folio
    except sqlite3.Error as error:
        trouble = database_trouble(error, path)
        if trouble is error:
            raise
        raise trouble from None


# --- the group --------------------------------------------------------------------------


def _catalog_command(kind: str) -> str:
    return "kpis" if kind == "KPI" else "skills"


def error_line(error: TpmfolioError) -> str:
    """The library's message, plus the ``tpmfolio`` command that helps at a shell.

    The library speaks of entries, slugs and parameters; only here do its
    errors learn which command lists what was mistyped.
    """
    message = str(error)
    if isinstance(error, UnknownSlug) and not error.suggestions:
        message += f"; run 'tpmfolio {_catalog_command(error.kind)}' to list the known ones"
    elif isinstance(error, SlugTaken):
        message = f"{error.kind} {error.slug!r} exists already; use 'tpmfolio {_catalog_command(error.kind)} rename' to change its name"
    elif isinstance(error, EntryNotFound):
        message += "; run 'tpmfolio list' to see the ids"
    elif isinstance(error, EmptyPortfolioFile):
        message = (
            f"{error.path} is an empty file, not a portfolio yet; start one in it with 'tpmfolio init' "
            "(or point --db or $TPMFOLIO_DB at an existing portfolio)"
        )
    elif isinstance(error, PortfolioNotFound):
        message = f"No portfolio at {error.path}; create one with 'tpmfolio init' (or point --db or $TPMFOLIO_DB at an existing file)"
    elif isinstance(error, FormatNotKnown):
        formats = ", ".join(error.formats[:-1]) + f" or {error.formats[-1]}"
        message = f"cannot tell the format of {error.path!r} from its name; pass --format {formats}"
    elif isinstance(error, ImportProblems):
        message = message.replace(LOOKS_LIKE_JSON_RESUME, "this looks like a JSON Resume; import it with --format jsonresume")
        message = message.replace(LOOKS_LIKE_TPMFOLIO_FILE, "this looks like a tpmfolio file, not a JSON Resume; import it with --format json")
    return message


_python_showwarning = warnings.showwarning


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int, file: Any = None, line: str | None = None) -> None:
    """The library's own warnings as one ``Warning:`` line; any other keeps Python's form."""
    if issubclass(category, TpmfolioWarning):
        click.echo(f"Warning: {message}", err=True)
    else:
        _python_showwarning(message, category, filename, lineno, file, line)


class BriefUsageError(click.UsageError):
    """A usage mistake in one line that points at ``--help`` instead of printing the usage."""

    def __init__(self, error: click.UsageError) -> None:
        super().__init__(error.format_message(), error.ctx)

    def show(self, file: Any = None) -> None:
        hint = f" See '{self.ctx.command_path} --help'." if self.ctx is not None else ""
        message = f"Error: {self.format_message()}{hint}"
        if file is None:
            click.echo(message, err=True)
        else:
            click.echo(message, file=file)


class TpmfolioGroup(click.Group):
    """A group whose commands all take ``--db`` and whose mistakes print one line.

    ``lazy_commands`` maps a command name to ``"module:attribute"`` (relative
    to this package): the module is imported only when that command runs or
    the commands are listed, so ``tpmfolio add`` never pays for the modules
    behind import, export, render and the analyses.
    """

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not any(p.name == "db" for p in cmd.params):
            cmd.params.append(_db_param())
        super().add_command(cmd, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            import importlib

            module, _, attribute = self.lazy_commands[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module, __package__), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with warnings.catch_warnings():  # restores showwarning afterwards
                warnings.simplefilter("always", TpmfolioWarning)
                warnings.showwarning = _show_warning
                return super().invoke(ctx)
        except TpmfolioError as error:
            raise click.ClickException(error_line(error)) from error
        except (BriefUsageError, click.exceptions.NoArgsIsHelpError):
            raise
        except click.UsageError as error:
            raise BriefUsageError(error) from error


# --- option text into model values ---------------------------------------------------------


def entry_ref(value: str) -> int | str:
    """``3``, ``#3`` or a uid: people type the short id, scripts may keep the uid."""
    text = str(value).strip().lstrip("#")
    if text.isascii() and text.isdigit():
        return int(text)
    if not text:
        raise InvalidValue("an entry id is required; run 'tpmfolio list' to see the ids")
    return text


def parse_skill(text: str) -> SkillEvidence:
    try:
        return SkillEvidence.parse(text)
    except InvalidValue as error:
        raise InvalidValue(f"--skill {text!r}: {error}") from None


def parse_kpi(text: str) -> KpiResult:
    try:
        return KpiResult.parse(text)
    except InvalidValue as error:
        raise InvalidValue(f"--kpi {text!r}: {error}") from None


def parse_link(text: str) -> Link:
    return Link.parse(text)


def entry_dates(text: str) -> tuple[str, str | None]:
    """``2024-03`` is that month; ``2024-03..2024-09`` a range; ``2024-03..`` still going on.

    A single date is a point in time (a talk, a course, a certification), so
    it ends when it starts; an open range is how to say "ongoing".
    """
    started, ended = parse_date_range(text)
    return (started, started) if ".." not in text else (started, ended)


def optional_date(value: str | None, option: str) -> str | None:
    return parse_partial_date(value, option) if value is not None else None


def catalog_slugs(folio: Portfolio) -> tuple[set[str], set[str]]:
    """Every skill and KPI slug, hidden ones too: entries may still use those."""
    return {s.slug for s in folio.skills(include_hidden=True)}, {k.slug for k in folio.kpis(include_hidden=True)}

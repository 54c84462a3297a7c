"""``tpmfolio init`` and ``tpmfolio profile``: who the portfolio is about."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import click

from ..models import Profile
from .options import TpmfolioGroup, db_location, open_portfolio, print_json

PROFILE_FIELDS = ("name", "headline", "email", "phone", "url", "location", "summary", "target_role", "lang")


def profile_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The profile fields as options; shared by ``init`` and ``profile set``."""
    helps = {
        "name": "Your name.",
        "headline": "One line under your name, e.g. 'Engineering lead moving into product'.",
        "email": "Contact email.",
        "phone": "Contact phone.",
        "url": "Your web site or LinkedIn (https://…).",
        "location": "City, country.",
        "summary": "A short paragraph about you.",
        "target_role": "The role you are applying for.",
        "lang": "The portfolio's language: en, de, fr or es, with a region if wanted (en-US) [default: en].",
    }
    for field in reversed(PROFILE_FIELDS):
        f = click.option(f"--{field.replace('_', '-')}", field, default=None, help=helps[field])(f)
    return f


def updated_profile(current: Profile, given: dict[str, str | None]) -> Profile | None:
    """The profile with the given fields changed, or None when nothing was given."""
    changes = {k: v for k, v in given.items() if v is not None}
    return attrs.evolve(current, **changes) if changes else None


@click.command()
@profile_options
def init(**given: str | None) -> None:
    """Create the portfolio database and, optionally, fill in your profile.

    Safe to run again: an existing portfolio is kept, and only the profile
    fields you give change.
    """
    path = db_location()
    existed = path.exists()
    profile = updated_profile(Profile(), given)  # validate before touching the file
    with open_portfolio() as folio:
        if profile is not None:
            folio.set_profile(updated_profile(folio.profile(), given))  # type: ignore[arg-type]
        where = Path(folio.path).resolve()
    click.echo(f"{'Using existing' if existed else 'Created'} portfolio at {where}")
    if not existed:
        click.echo('Next: tpmfolio add "What you did" --skill customer-focus --kpi "adoption-rate=34%"')


def _show_profile(as_json: bool) -> None:
    with open_portfolio(create=False) as folio:
        profile = folio.profile()
    if as_json:
        from ..interchange.document import profile_to_data

        print_json(profile_to_data(profile))
        return
    width = max(len(f) for f in PROFILE_FIELDS) + 1
    for field in PROFILE_FIELDS:
        label = {"url": "URL", "lang": "Language"}.get(field, field.replace("_", " ").capitalize()) + ":"
        click.echo(f"{label:<{width + 1}} {getattr(profile, field) or '-'}")


@click.group(cls=TpmfolioGroup, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Output JSON.")
@click.pass_context
def profile(ctx: click.Context, as_json: bool) -> None:
    """Who the portfolio is about; without a subcommand, show it.

    \b
    Example:
      tpmfolio profile set --headline "Engineering lead moving into product"
    """
    if ctx.invoked_subcommand is None:
        _show_profile(as_json)


@profile.command(name="show")
@click.option("--json", "as_json", is_flag=True, help="Output JSON.")
def profile_show(as_json: bool) -> None:
    """Show your profile."""
    _show_profile(as_json)


@profile.command(name="set")
@profile_options
def profile_set(**given: str | None) -> None:
    """Change profile fields; the ones you do not give stay as they are ('' clears one)."""
    if updated_profile(Profile(), given) is None:
        raise click.UsageError("give at least one field to set, e.g. --headline '…'")
    with open_portfolio() as folio:
        profile = updated_profile(folio.profile(), given)
        folio.set_profile(profile)  # type: ignore[arg-type]
    changed = ", ".join(k.replace("_", "-") for k, v in given.items() if v is not None)
    click.echo(f"Profile updated: {changed}")

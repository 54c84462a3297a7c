"""``tpmfolio db``: where the data lives."""

from __future__ import annotations

import click

from .options import TpmfolioGroup, db_location


@click.group(cls=TpmfolioGroup)
def db() -> None:
    """Where your data lives."""


@db.command(name="path")
def db_path() -> None:
    """Print the database path this command would use (it need not exist yet)."""
    click.echo(str(db_location().resolve()))

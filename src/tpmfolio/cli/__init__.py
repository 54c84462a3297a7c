"""The ``tpmfolio`` command line: record evidence, look at it, fix it.

The CLI is a thin shell over :class:`tpmfolio.Portfolio`: it turns options
into model values (so a typo is caught before the database is touched),
calls the library, and formats what comes back. Errors a person can cause
(:class:`tpmfolio.errors.TpmfolioError`) become one ``Error: …`` line and a
non-zero exit; anything else is a bug and keeps its traceback.

Start-up must stay fast, so this module only declares the group: each family
of commands lives in a module of its own, imported when one of its commands
runs (or when the commands are listed for ``--help``).

- :mod:`.options` — what every command shares: ``--db``, the group class,
  :func:`~.options.open_portfolio`, option values into model values, JSON.
- :mod:`.views` — tables and texts for the terminal.
- :mod:`.editing` — ``$EDITOR`` and drafts.
- :mod:`.entries`, :mod:`.catalog`, :mod:`.profile`, :mod:`.db` — the
  everyday commands; :mod:`.exchange` and :mod:`.render` — import/export and
  the commands that reach for the analyses and the PDF renderer.

Adding a command: write it with ``@click.command()`` in the module of its
family (importing from :mod:`.options`, never from this package) and name it
in ``COMMANDS`` below. Every command added to a
:class:`~.options.TpmfolioGroup` gets ``--db`` automatically.
"""

from __future__ import annotations

import click

from .options import TpmfolioGroup, db_option

# Command name → "module:attribute", relative to this package.
COMMANDS = {
    "init": ".profile:init",
    "profile": ".profile:profile",
    "add": ".entries:add",
    "list": ".entries:list_",
    "show": ".entries:show",
    "edit": ".entries:edit",
    "rm": ".entries:rm",
    "measure": ".entries:measure",
    "search": ".entries:search",
    "skills": ".catalog:skills",
    "kpis": ".catalog:kpis",
    "db": ".db:db",
    "import": ".exchange:import_",
    "export": ".exchange:export",
    "render": ".render:render",
    "demo": ".render:demo",
    "gaps": ".render:gaps",
    "tailor": ".render:tailor",
    "applications": ".render:applications",
}


@click.group(name="tpmfolio", cls=TpmfolioGroup, lazy_commands=COMMANDS)
@click.version_option(None, "--version", package_name="tpmfolio", prog_name="tpmfolio")
@db_option
def cli() -> None:
    """Record evidence of your work and turn it into a TPM portfolio.

    Entries (projects, courses, mentorship, talks…) are tied to the skills
    they show and the KPIs they moved, and kept in one SQLite file.

    \b
    Get started:
      tpmfolio init --name "Dana Whitfield" --target-role "Technical Product Manager"
      tpmfolio add "Checkout redesign" --skill customer-focus:3 \\
        --kpi "adoption-rate=34% baseline=10%"
      tpmfolio list
    """

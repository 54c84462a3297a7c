"""``tpmfolio skills`` and ``tpmfolio kpis``: the catalog entries point into."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import click

from ..models import DIRECTIONS, KPI_CATEGORIES, SKILL_CATEGORIES, Kpi, Skill
from .options import TpmfolioGroup, open_portfolio, print_json
from .views import table


def _catalog_rows(items: Sequence[Any], hidden: Callable[[str], bool], columns: Sequence[str]) -> list[list[str]]:
    rows = []
    for item in items:
        row = [str(getattr(item, c)) for c in columns]
        if hidden(item.slug):
            row[1] += " (hidden)"
        rows.append(row)
    return rows


def _list_skills(show_all: bool, as_json: bool) -> None:
    with open_portfolio() as folio:
        skills = folio.skills(include_hidden=show_all)
        hidden = {s.slug for s in skills if folio.is_hidden_skill(s.slug)}
    if as_json:
        print_json([{**attrs.asdict(s), "keywords": list(s.keywords), "hidden": s.slug in hidden} for s in skills])
    else:
        click.echo(table(["SLUG", "NAME", "CATEGORY"], _catalog_rows(skills, hidden.__contains__, ("slug", "name", "category")), flexible=1))


def _list_kpis(show_all: bool, as_json: bool) -> None:
    with open_portfolio() as folio:
        kpis = folio.kpis(include_hidden=show_all)
        hidden = {k.slug for k in kpis if folio.is_hidden_kpi(k.slug)}
    if as_json:
        print_json([{**attrs.asdict(k), "hidden": k.slug in hidden} for k in kpis])
    else:
        columns = ("slug", "name", "category", "unit", "direction")
        click.echo(table([c.upper() for c in columns], _catalog_rows(kpis, hidden.__contains__, columns), flexible=1))


def list_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--json", "as_json", is_flag=True, help="Output JSON.")(f)
    return click.option("--all", "show_all", is_flag=True, help="Include hidden ones.")(f)


@click.group(cls=TpmfolioGroup, invoke_without_command=True)
@list_options
@click.pass_context
def skills(ctx: click.Context, show_all: bool, as_json: bool) -> None:
    """The skills entries can show; without a subcommand, list them.

    \b
    Examples:
      tpmfolio skills --all
      tpmfolio skills add pricing --name "Pricing" --category business --keyword pricing
      tpmfolio skills rename team-leadership "Leadership"
      tpmfolio skills hide time-management
    """
    if ctx.invoked_subcommand is None:
        _list_skills(show_all, as_json)


@skills.command(name="list")
@list_options
def skills_list(show_all: bool, as_json: bool) -> None:
    """List the skills (hidden ones with --all)."""
    _list_skills(show_all, as_json)


@skills.command(name="add")
@click.argument("slug")
@click.option("--name", required=True, help="How it reads in the portfolio.")
@click.option("--category", type=click.Choice(SKILL_CATEGORIES), default="other", show_default=True)
@click.option("--description", default="", help="One sentence on what it means.")
@click.option("--keyword", "keywords", multiple=True, help="A word postings use for it (for tailoring). Repeatable.")
def skills_add(slug: str, name: str, category: str, description: str, keywords: tuple[str, ...]) -> None:
    """Add a skill of your own."""
    skill = Skill(slug=slug, name=name, category=category, description=description, keywords=keywords)
    with open_portfolio() as folio:
        folio.add_skill(skill)
    click.echo(f"Added skill {skill.slug}: {skill.name}")


@click.group(cls=TpmfolioGroup, invoke_without_command=True)
@list_options
@click.pass_context
def kpis(ctx: click.Context, show_all: bool, as_json: bool) -> None:
    """The KPIs entries can move; without a subcommand, list them.

    \b
    Examples:
      tpmfolio kpis --all
      tpmfolio kpis add nps --name "Net promoter score" --unit points --direction up
      tpmfolio kpis hide code-quality
    """
    if ctx.invoked_subcommand is None:
        _list_kpis(show_all, as_json)


@kpis.command(name="list")
@list_options
def kpis_list(show_all: bool, as_json: bool) -> None:
    """List the KPIs (hidden ones with --all)."""
    _list_kpis(show_all, as_json)


@kpis.command(name="add")
@click.argument("slug")
@click.option("--name", required=True, help="How it reads in the portfolio.")
@click.option("--category", type=click.Choice(KPI_CATEGORIES), default="business-impact", show_default=True)
@click.option("--unit", default="", help="%, USD, days, users…")
@click.option("--direction", type=click.Choice(DIRECTIONS), default="up", show_default=True, help="Is a higher value better (up) or worse (down)?")
def kpis_add(slug: str, name: str, category: str, unit: str, direction: str) -> None:
    """Add a KPI of your own."""
    kpi = Kpi(slug=slug, name=name, category=category, unit=unit, direction=direction)
    with open_portfolio() as folio:
        folio.add_kpi(kpi)
    click.echo(f"Added KPI {kpi.slug}: {kpi.name}")


def _add_catalog_edits(group: click.Group, noun: str, label: str) -> None:
    """rename, hide and unhide: the same three edits for skills and for KPIs."""

    @group.command(name="rename", help=f"Change how a {label} reads; entries keep pointing at it.")
    @click.argument("slug")
    @click.argument("name")
    def rename(slug: str, name: str) -> None:
        with open_portfolio() as folio:
            renamed = getattr(folio, f"rename_{noun}")(slug, name)
        click.echo(f"Renamed {label} {slug} to {renamed.name!r}")

    @group.command(name="hide", help=f"Hide a {label} from lists and reports; entries that use it keep it.")
    @click.argument("slug")
    def hide(slug: str) -> None:
        with open_portfolio() as folio:
            getattr(folio, f"hide_{noun}")(slug, True)
        click.echo(f"Hid {label} {slug}; 'tpmfolio {group.name} unhide {slug}' brings it back")

    @group.command(name="unhide", help=f"Show a hidden {label} again.")
    @click.argument("slug")
    def unhide(slug: str) -> None:
        with open_portfolio() as folio:
            getattr(folio, f"hide_{noun}")(slug, False)
        click.echo(f"{label[0].upper()}{label[1:]} {slug} is shown again")


_add_catalog_edits(skills, "skill", "skill")
_add_catalog_edits(kpis, "kpi", "KPI")

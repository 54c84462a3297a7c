"""``tpmfolio skills`` and ``tpmfolio kpis``: the catalog entries point into.

Both groups list, rename, hide and unhide the same way; a :class:`CatalogKind`
says what differs (the words, the columns, which ``Portfolio`` methods to
call), so the shared commands are written once. Only ``add`` differs,
because a skill and a KPI have different fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import click

from ..models import DIRECTIONS, KPI_CATEGORIES, SKILL_CATEGORIES, Kpi, Skill
from .options import TpmfolioGroup, open_portfolio, print_json
from .views import table

if TYPE_CHECKING:  # pragma: no cover
    from ..portfolio import Portfolio


@attrs.frozen
class CatalogKind:
    """One kind of catalog item as the commands see it."""

    label: str  # "skill", "KPI": in sentences
    plural: str  # "skills", "KPIs": in help texts
    columns: tuple[str, ...]  # attributes shown by the list, NAME second
    items: Callable[[Portfolio, bool], Sequence[Skill] | Sequence[Kpi]]
    is_hidden: Callable[[Portfolio, str], bool]
    rename: Callable[[Portfolio, str, str], Skill | Kpi]
    hide: Callable[[Portfolio, str, bool], None]


SKILLS = CatalogKind(
    label="skill",
    plural="skills",
    columns=("slug", "name", "category"),
    items=lambda folio, show_all: folio.skills(include_hidden=show_all),
    is_hidden=lambda folio, slug: folio.is_hidden_skill(slug),
    rename=lambda folio, slug, name: folio.rename_skill(slug, name),
    hide=lambda folio, slug, hidden: folio.hide_skill(slug, hidden),
)
KPIS = CatalogKind(
    label="KPI",
    plural="KPIs",
    columns=("slug", "name", "category", "unit", "direction"),
    items=lambda folio, show_all: folio.kpis(include_hidden=show_all),
    is_hidden=lambda folio, slug: folio.is_hidden_kpi(slug),
    rename=lambda folio, slug, name: folio.rename_kpi(slug, name),
    hide=lambda folio, slug, hidden: folio.hide_kpi(slug, hidden),
)


def _list(kind: CatalogKind, show_all: bool, as_json: bool) -> None:
    with open_portfolio(create=False) as folio:
        items = kind.items(folio, show_all)
        hidden = {item.slug for item in items if kind.is_hidden(folio, item.slug)}
    if as_json:
        print_json([{**attrs.asdict(item), "hidden": item.slug in hidden} for item in items])
        return
    rows = []
    for item in items:
        row = [str(getattr(item, column)) for column in kind.columns]
        if item.slug in hidden:
            row[1] += " (hidden)"
        rows.append(row)
    click.echo(table([column.upper() for column in kind.columns], rows, flexible=1))


def _list_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--json", "as_json", is_flag=True, help="Output JSON.")(f)
    return click.option("--all", "show_all", is_flag=True, help="Include hidden ones.")(f)


def catalog_group(kind: CatalogKind, name: str, what: str, *examples: str) -> TpmfolioGroup:
    """The group for one kind: lists without a subcommand; list, rename, hide, unhide.

    ``what`` starts its help; each of ``examples`` is a line after ``tpmfolio NAME``.
    """
    lines = [f"tpmfolio {name} --all", *(f"tpmfolio {name} {example}" for example in examples)]
    doc = f"{what}; without a subcommand, list them.\n\n\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)

    @click.group(name=name, cls=TpmfolioGroup, invoke_without_command=True, help=doc)
    @_list_options
    @click.pass_context
    def group(ctx: click.Context, show_all: bool, as_json: bool) -> None:
        if ctx.invoked_subcommand is None:
            _list(kind, show_all, as_json)

    @group.command(name="list", help=f"List the {kind.plural} (hidden ones with --all).")
    @_list_options
    def list_(show_all: bool, as_json: bool) -> None:
        _list(kind, show_all, as_json)

    @group.command(name="rename", help=f"Change how a {kind.label} reads; entries keep pointing at it.")
    @click.argument("slug")
    @click.argument("name")
    def rename(slug: str, name: str) -> None:
        with open_portfolio() as folio:
            renamed = kind.rename(folio, slug, name)
        click.echo(f"Renamed {kind.label} {slug} to {renamed.name!r}")

    def set_hidden(slug: str, hidden: bool) -> None:
        with open_portfolio() as folio:
            kind.hide(folio, slug, hidden)

    @group.command(name="hide", help=f"Hide a {kind.label} from lists and reports; entries that use it keep it.")
    @click.argument("slug")
    def hide(slug: str) -> None:
        set_hidden(slug, True)
        click.echo(f"Hid {kind.label} {slug}; 'tpmfolio {name} unhide {slug}' brings it back")

    @group.command(name="unhide", help=f"Show a hidden {kind.label} again.")
    @click.argument("slug")
    def unhide(slug: str) -> None:
        set_hidden(slug, False)
        click.echo(f"{kind.label[0].upper()}{kind.label[1:]} {slug} is shown again")

    return group


skills = catalog_group(
    SKILLS,
    "skills",
    "The skills entries can show",
    'add pricing --name "Pricing" --category business --keyword pricing',
    'rename team-leadership "Leadership"',
    "hide time-management",
)
kpis = catalog_group(
    KPIS,
    "kpis",
    "The KPIs entries can move",
    'add nps --name "Net promoter score" --unit points --direction up',
    "hide code-quality",
)


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

"""The everyday commands on entries: add, list, show, edit, rm, measure, search."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import click

from ..errors import EntryNotFound, InvalidValue, TpmfolioError, UnknownSlug
from ..models import ENTRY_KINDS, Entry, KpiResult, SkillEvidence
from . import options
from .editing import edit_problem, edit_until_stored, from_draft_option
from .options import catalog_slugs, entry_dates, entry_ref, open_portfolio, optional_date, parse_kpi, parse_link, parse_skill, print_json
from .views import entry_table, entry_text

if TYPE_CHECKING:  # pragma: no cover
    from ..portfolio import Portfolio

T = TypeVar("T")

# ID: the short number ``list`` shows, ``#3``, or an entry's uid (see entry_ref).
entry_argument = click.argument("entry_id", metavar="ID")


@contextlib.contextmanager
def stored_entry(entry_id: str) -> Iterator[tuple[Portfolio, Entry]]:
    """The existing portfolio and the entry ID names, for commands that act on one entry."""
    with open_portfolio(create=False) as folio:
        yield folio, folio.get(entry_ref(entry_id))


@click.command()
@click.argument("title", required=False, metavar="TITLE")
@click.option("--kind", type=click.Choice(ENTRY_KINDS), default=None, help="What sort of evidence [default: project].")
@click.option("--date", "date_range", metavar="DATE[..DATE]", help="When: 2024, 2024-03, 2024-03-15, or a range 2024-03..2024-09.")
@click.option("--org", "organization", default="", help="Organization it was for.")
@click.option("--role", default="", help="Your role in it.")
@click.option("--summary", default=None, help="A sentence or two.")
@click.option("--situation", default="", help="STAR: the context.")
@click.option("--task", default="", help="STAR: what you had to achieve.")
@click.option("--action", default="", help="STAR: what you did.")
@click.option("--result", default="", help="STAR: what came of it.")
@click.option("--decisions", default="", help="The trade-offs you made, and why.")
@click.option("--lessons", default="", help="What you learnt and would do differently.")
@click.option("--skill", "skills", multiple=True, metavar="SLUG[:LEVEL]", help="A skill it shows, level 1–3 (default 2). Repeatable.")
@click.option("--kpi", "kpis", multiple=True, metavar='"SLUG=ACTUAL [baseline=X] [target=Y]"', help="A KPI it moved. Repeatable.")
@click.option("--tag", "tags", multiple=True, help="A free-form tag. Repeatable.")
@click.option("--link", "links", multiple=True, metavar="[LABEL=]URL", help="A link to an artifact. Repeatable.")
@click.option("--confidential", is_flag=True, help="Leave it out of rendered portfolios unless asked for.")
@click.option("--edit", is_flag=True, help="Open $EDITOR on the entry as YAML before saving.")
@from_draft_option(
    "Add the entry kept in a draft (text from $EDITOR that was not stored) instead of TITLE and options; "
    "with --edit, open it in the editor first."
)
def add(
    title: str | None,
    kind: str | None,
    date_range: str | None,
    skills: tuple[str, ...],
    kpis: tuple[str, ...],
    tags: tuple[str, ...],
    links: tuple[str, ...],
    edit: bool,
    from_draft: Path | None,
    summary: str | None,
    **fields: Any,
) -> None:
    """Record a piece of evidence and print its id.

    Everything can be given as options. In a terminal, when no --skill,
    --kpi or --summary is given, tpmfolio asks for what is missing (press
    Enter to skip a question). --edit opens your editor on the entry as YAML
    instead.

    \b
    Examples:
      tpmfolio add "Checkout redesign" --kind project --date 2024-03..2024-09 \\
        --org Acme --role "Engineering lead" \\
        --skill customer-focus:3 --skill communication \\
        --kpi "adoption-rate=34% baseline=10% target=30%" \\
        --tag payments --link "Launch post=https://example.com/launch"
      tpmfolio add "Product strategy course" --kind course --date 2024-01 \\
        --skill business-strategy:1
      tpmfolio add "Pricing experiment" --edit

    \b
    Skill levels: 1 touched it, 2 practised it, 3 led with it.
    KPI values: 34%, -15%, $1.4M, €200k, 2.5x, 1,200 users, 3 days.
    Run 'tpmfolio skills' and 'tpmfolio kpis' for the slugs.

    Text written in the editor is kept as a draft until it is stored (in the
    drafts folder of the app directory); 'add --from-draft FILE' takes it back.
    """
    if from_draft is not None:
        if title is not None or skills or kpis or tags or links or kind or date_range or summary is not None or any(fields.values()):
            raise click.UsageError("--from-draft takes the whole entry from the draft; give no TITLE or entry options with it")
        click.echo(_add_from_draft(from_draft, edit))
        return
    if title is None:
        ctx = click.get_current_context()
        raise click.MissingParameter(ctx=ctx, param=next(p for p in ctx.command.params if p.name == "title"))
    values: dict[str, Any] = dict(fields)
    values["title"] = title
    values["kind"] = kind or "project"
    values["summary"] = summary or ""
    if date_range is not None:
        values["started"], values["ended"] = entry_dates(date_range)
    values["skills"] = [parse_skill(s) for s in skills]
    values["kpis"] = [parse_kpi(k) for k in kpis]
    values["links"] = [parse_link(link) for link in links]
    values["tags"] = list(tags)
    entry = Entry(**values)  # every value checked before the database is opened

    with open_portfolio() as folio:
        if edit:
            from ..interchange import dump_entry_yaml

            entry_id = edit_until_stored(dump_entry_yaml(entry), _entry_adder(folio))
            if entry_id is None:
                raise click.ClickException("the editor was closed without saving; nothing was added")
        else:
            if options.stdin_is_tty() and not (skills or kpis or summary is not None):
                prompt_missing(folio, values, kind_given=kind is not None, date_given=date_range is not None)
                entry = Entry(**values)
            entry_id = folio.add(entry)
    click.echo(entry_id)


def _entry_adder(folio: Portfolio) -> Callable[[str], int]:
    """Store entry YAML as a new entry; a uid that is taken is a mistake to fix, not an overwrite."""
    from ..interchange import load_entry_yaml

    known = catalog_slugs(folio)

    def store(text: str) -> int:
        loaded = load_entry_yaml(text, known_skills=known[0], known_kpis=known[1])
        try:
            taken = folio.get(loaded.uid)
        except EntryNotFound:
            return folio.add(loaded)
        raise InvalidValue(f"uid {loaded.uid!r} belongs to entry {taken.id}; delete the uid line to get a new one")

    return store


def _add_from_draft(path: Path, edit: bool) -> int:
    """Add the entry in a draft; the draft goes once stored if it is one of tpmfolio's own."""
    import yaml

    from ..drafts import discard_if_draft, read_draft

    text = read_draft(path)
    with open_portfolio() as folio:
        store = _entry_adder(folio)
        if edit:
            entry_id = edit_until_stored(text, store)
            if entry_id is None:
                raise click.ClickException(f"the editor was closed without saving; nothing was added; the draft {path} is kept")
        else:
            try:
                entry_id = store(text)
            except (TpmfolioError, yaml.YAMLError, ValueError, TypeError) as error:
                raise click.ClickException(
                    f"{edit_problem(error)}\nThe draft is kept; fix it with: tpmfolio add --from-draft {path} --edit"
                ) from None
    discard_if_draft(path)
    return entry_id


@click.command(name="list")
@click.option("--skill", help="Only entries showing this skill.")
@click.option("--kpi", help="Only entries that moved this KPI.")
@click.option("--kind", type=click.Choice(ENTRY_KINDS), help="Only entries of this kind.")
@click.option("--tag", help="Only entries with this tag.")
@click.option("--since", metavar="DATE", help="Only entries going on at or after DATE (2023, 2023-06…).")
@click.option("--until", metavar="DATE", help="Only entries going on at or before DATE.")
@click.option("--limit", type=click.IntRange(min=1), help="At most N entries.")
@click.option("--json", "as_json", is_flag=True, help="A JSON array of entries, as 'export' writes them.")
def list_(
    skill: str | None,
    kpi: str | None,
    kind: str | None,
    tag: str | None,
    since: str | None,
    until: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """List entries, most recent first.

    \b
    Examples:
      tpmfolio list --skill customer-focus --since 2023
      tpmfolio list --kind course --json
    """
    since = optional_date(since, "--since")
    until = optional_date(until, "--until")
    with open_portfolio(create=False) as folio:
        if skill is not None:
            folio.skill(skill)  # unknown slug: say so, with a suggestion, rather than list nothing
        if kpi is not None:
            folio.kpi(kpi)
        entries = folio.entries(skill=skill, kpi=kpi, kind=kind, tag=tag, since=since, until=until, limit=limit)
        filtered = any(v is not None for v in (skill, kpi, kind, tag, since, until))
        empty = "No entries match." if filtered else 'No entries yet; add one with: tpmfolio add "What you did"'
        _echo_entries(entries, as_json, empty)


@click.command()
@entry_argument
@click.option("--json", "as_json", is_flag=True, help="The entry as 'export' writes it.")
@click.option("--lang", metavar="LANG", help="Its text in LANG where translated (see 'translate'), else as typed.")
def show(entry_id: str, as_json: bool, lang: str | None) -> None:
    """Show every field of one entry."""
    with stored_entry(entry_id) as (folio, entry):
        if lang:
            entry = entry.in_language(lang)
        if as_json:
            print_json(entries_data([entry])[0])
            return
        skills = {s.slug: s for s in folio.skills(include_hidden=True)}
        kpis = {k.slug: k for k in folio.kpis(include_hidden=True)}
        click.echo(entry_text(entry, skills, kpis))


@click.command()
@entry_argument
@from_draft_option("Start the editor from a draft kept by an earlier edit instead of the stored entry.")
def edit(entry_id: str, from_draft: Path | None) -> None:
    """Change an entry in $EDITOR, as YAML.

    If what you wrote has a mistake, it is shown and you can edit again; your
    text is never lost: until it is stored it is kept as a draft in the
    drafts folder of the app directory, and 'edit ID --from-draft FILE' takes
    it back. Closing the editor without saving changes nothing.
    """
    from ..drafts import read_draft
    from ..interchange import dump_entry_yaml, load_entry_yaml

    resumed = (from_draft, read_draft(from_draft)) if from_draft is not None else None
    with stored_entry(entry_id) as (folio, original):
        before = dump_entry_yaml(original)
        known = catalog_slugs(folio)

        def store(text: str) -> Entry | None:
            if text == before:
                return None
            loaded = load_entry_yaml(text, known_skills=known[0], known_kpis=known[1])
            # The id and uid are the entry's identity: the text edits its content.
            return folio.update(attrs.evolve(loaded, id=original.id, uid=original.uid, created=original.created))

        updated = edit_until_stored(
            before, store, draft_name=f"edit-{original.id}", take_back=f"tpmfolio edit {original.id}", resumed=resumed
        )
    if updated is None:
        click.echo(f"No changes; entry {original.id} is as it was.", err=True)
    else:
        click.echo(f"Updated entry {updated.id}: {updated.title}")


@click.command()
@entry_argument
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def rm(entry_id: str, yes: bool) -> None:
    """Remove an entry and everything attached to it."""
    with stored_entry(entry_id) as (folio, entry):
        if not yes:
            if not options.stdin_is_tty():
                raise click.ClickException(
                    f"not removing entry {entry.id} without confirmation; add --yes to remove it"
                )
            click.confirm(f"Remove entry {entry.id} “{entry.title}”?", abort=True, err=True)
        folio.remove(entry.id if entry.id is not None else entry.uid)
    click.echo(f"Removed entry {entry.id}: {entry.title}")


@click.command()
@entry_argument
@click.argument("kpi", metavar="KPI")
@click.argument("value")
@click.option("--date", required=True, metavar="DATE", help="When it was measured: 2024-05 or 2024-05-31.")
def measure(entry_id: str, kpi: str, value: str, date: str) -> None:
    """Record one point of a KPI's time series on an entry (drawn as a chart).

    \b
    Example:
      tpmfolio measure 3 adoption-rate 21% --date 2024-05
    """
    with stored_entry(entry_id) as (folio, entry):
        point = folio.measure(entry.id if entry.id is not None else entry.uid, kpi, value, date)
    click.echo(f"Recorded {point.kpi} = {point.value} on {point.date} for entry {entry.id}")


@click.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most N entries.")
@click.option("--json", "as_json", is_flag=True, help="A JSON array of entries.")
def search(query: str, limit: int, as_json: bool) -> None:
    """Full-text search over titles and STAR text, best match first.

    \b
    Example:
      tpmfolio search onboarding
    """
    if not query.strip():
        raise click.ClickException("give some words to search for")
    with open_portfolio(create=False) as folio:
        entries = folio.search(query, limit=limit)
    _echo_entries(entries, as_json, f"No entries match {query!r}.")


# --- asking in a terminal ----------------------------------------------------------------


def _prompt_value(parse: Callable[[str], T]) -> Callable[[str], T | None]:
    """Make a parser fit for click.prompt: empty skips, a mistake asks again."""

    def convert(text: str) -> T | None:
        if not text.strip():
            return None
        try:
            return parse(text)
        except TpmfolioError as error:
            raise click.BadParameter(options.error_line(error)) from None

    return convert


def _ask(question: str, parse: Callable[[str], Any]) -> Any:
    """One optional question: Enter skips it (""), a mistake asks again."""
    return click.prompt(question, default="", show_default=False, value_proc=_prompt_value(parse), err=True)


def prompt_missing(folio: Portfolio, fields: dict[str, Any], *, kind_given: bool, date_given: bool) -> None:
    """Ask in the terminal for what ``add`` was not told; Enter skips a question."""
    if not kind_given:
        fields["kind"] = click.prompt(
            "Kind", type=click.Choice(ENTRY_KINDS), default="project", show_choices=True, err=True
        )
    if not date_given:
        dates = _ask("When (2024-03, or 2024-03..2024-09)", entry_dates)
        if dates:
            fields["started"], fields["ended"] = dates
    fields["summary"] = _ask("Summary (a sentence or two)", lambda text: Entry(title="-", summary=text).summary) or ""

    known_skills, known_kpis = catalog_slugs(folio)

    def skills(text: str) -> list[SkillEvidence]:
        found = [parse_skill(piece) for piece in text.replace(",", " ").split()]
        for evidence in found:
            if evidence.skill not in known_skills:
                raise UnknownSlug("skill", evidence.skill, known_skills)
        return list(Entry(title="-", skills=tuple(found)).skills)  # catches a skill given twice

    fields["skills"] = _ask("Skills it shows (e.g. customer-focus:3 communication)", skills) or []

    def kpi(text: str) -> KpiResult:
        result = parse_kpi(text)
        if result.kpi not in known_kpis:
            raise UnknownSlug("KPI", result.kpi, known_kpis)
        return result

    result = _ask("A KPI it moved (e.g. adoption-rate=34% baseline=10%)", kpi)
    fields["kpis"] = [result] if result else []


# --- printing entries ------------------------------------------------------------------------


def entries_data(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    from ..interchange import entry_to_data

    return [entry_to_data(e) for e in entries]


def _echo_entries(entries: Sequence[Entry], as_json: bool, empty: str) -> None:
    if as_json:
        print_json(entries_data(entries))
    elif entries:
        click.echo(entry_table(entries))
    else:
        click.echo(empty, err=True)

"""The ``tpmfolio`` command line: record evidence, look at it, fix it.

The CLI is a thin shell over :class:`tpmfolio.Portfolio`: it turns options
into model values (so a typo is caught before the database is touched),
calls the library, and formats what comes back. Errors a person can cause
(:class:`tpmfolio.errors.TpmfolioError`) become one ``Error: …`` line and a
non-zero exit; anything else is a bug and keeps its traceback.

Start-up must stay fast, so nothing heavy (yaml, jinja2, weasyprint)
is imported at module level: commands that need them import them inside.

Adding a command: decorate it with ``@cli.command()`` (or a sub-group's
``.command()``) near the bottom of this module. Every command added to a
:class:`TpmfolioGroup` gets ``--db`` automatically, and the helpers
:func:`open_portfolio`, :func:`print_json` and :func:`entry_table` are meant
to be reused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import textwrap
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import click

from .dates import parse_date_range, parse_partial_date
from .errors import EntryNotFound, ImportProblems, InvalidValue, TpmfolioError, UnknownSlug
from .models import (
    DIRECTIONS,
    ENTRY_KINDS,
    KPI_CATEGORIES,
    SKILL_CATEGORIES,
    Entry,
    Kpi,
    KpiResult,
    Link,
    Profile,
    Skill,
    SkillEvidence,
)

if TYPE_CHECKING:  # pragma: no cover
    from .portfolio import Portfolio

T = TypeVar("T")

# ctx.meta is shared by every context of one invocation, so a ``--db`` given
# to the group or to the subcommand ends up in the same place (the
# subcommand's, parsed later, wins).
_DB_KEY = "tpmfolio.db"
PROFILE_FIELDS = ("name", "headline", "email", "phone", "url", "location", "summary", "target_role", "lang")


# --- terminal ---------------------------------------------------------------------


def stdin_is_tty() -> bool:
    """Whether a person can answer questions; tests monkeypatch this to test prompts."""
    return sys.stdin.isatty()


def terminal_width() -> int:
    return max(shutil.get_terminal_size((100, 24)).columns, 40)


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or ch in "\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: emoji and CJK take two."""
    return sum(_char_width(ch) for ch in text)


def fit(text: str, width: int) -> str:
    """One line of exactly ``width`` columns: squashed whitespace, cut with … if too long."""
    text = " ".join(text.split())
    if display_width(text) > width:
        out, used = [], 0
        for ch in text:
            w = _char_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (width - display_width(text))


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, flexible: int | None = None) -> str:
    """Plain aligned columns; column ``flexible`` shrinks to fit the terminal."""
    rows = [[" ".join(str(c).split()) for c in row] for row in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    if flexible is not None and (sys.stdout.isatty() or "COLUMNS" in os.environ):
        # Cut for a terminal (or an explicit COLUMNS); a pipe or file gets whole titles.
        others = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(widths) - 1)
        widths[flexible] = max(min(widths[flexible], terminal_width() - others), 12)
    lines = [[fit(c, w) for c, w in zip(r, widths)] for r in [list(headers)] + rows]
    return "\n".join("  ".join(cells).rstrip() for cells in lines)


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
    from .store import default_db_path

    return Path(default_db_path()).expanduser()


@contextlib.contextmanager
def open_portfolio(db: str | Path | None = None) -> Iterator[Portfolio]:
    """Open (creating and migrating if needed) the portfolio every command works on."""
    from .portfolio import Portfolio

    with Portfolio.open(Path(db) if db is not None else db_location()) as folio:
        yield folio


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
            return super().invoke(ctx)
        except TpmfolioError as error:
            raise click.ClickException(str(error)) from error
        except (BriefUsageError, click.exceptions.NoArgsIsHelpError):
            raise
        except click.UsageError as error:
            raise BriefUsageError(error) from error


# --- parsing options into model values --------------------------------------------------


def entry_ref(value: str) -> int | str:
    """``3``, ``#3`` or a uid: people type the short id, scripts may keep the uid."""
    text = str(value).strip().lstrip("#")
    if text.isdigit():
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
        if str(error).startswith("--kpi"):
            raise
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


def _prompt_value(parse: Callable[[str], T]) -> Callable[[str], T | None]:
    """Make a parser fit for click.prompt: empty skips, a mistake asks again."""

    def convert(text: str) -> T | None:
        if not text.strip():
            return None
        try:
            return parse(text)
        except TpmfolioError as error:
            raise click.BadParameter(str(error)) from None

    return convert


def prompt_missing(folio: Portfolio, fields: dict[str, Any], *, kind_given: bool, date_given: bool) -> None:
    """Ask in the terminal for what ``add`` was not told; Enter skips a question."""
    if not kind_given:
        fields["kind"] = click.prompt(
            "Kind", type=click.Choice(ENTRY_KINDS), default="project", show_choices=True, err=True
        )
    if not date_given:
        dates = click.prompt(
            "When (2024-03, or 2024-03..2024-09)",
            default="",
            show_default=False,
            value_proc=_prompt_value(entry_dates),
            err=True,
        )
        if dates:
            fields["started"], fields["ended"] = dates
    fields["summary"] = (
        click.prompt(
            "Summary (a sentence or two)",
            default="",
            show_default=False,
            value_proc=_prompt_value(lambda text: Entry(title="-", summary=text).summary),
            err=True,
        )
        or ""
    )

    known_skills, known_kpis = catalog_slugs(folio)

    def skills(text: str) -> list[SkillEvidence]:
        found = [parse_skill(piece) for piece in text.replace(",", " ").split()]
        for evidence in found:
            if evidence.skill not in known_skills:
                raise UnknownSlug("skill", evidence.skill, known_skills)
        return list(Entry(title="-", skills=found).skills)  # catches a skill given twice

    fields["skills"] = (
        click.prompt(
            "Skills it shows (e.g. customer-focus:3 communication)",
            default="",
            show_default=False,
            value_proc=_prompt_value(skills),
            err=True,
        )
        or []
    )

    def kpi(text: str) -> KpiResult:
        result = parse_kpi(text)
        if result.kpi not in known_kpis:
            raise UnknownSlug("KPI", result.kpi, known_kpis)
        return result

    result = click.prompt(
        "A KPI it moved (e.g. adoption-rate=34% baseline=10%)",
        default="",
        show_default=False,
        value_proc=_prompt_value(kpi),
        err=True,
    )
    fields["kpis"] = [result] if result else []


# --- the editor ----------------------------------------------------------------------------


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


# --- showing entries --------------------------------------------------------------------------


def entry_table(entries: Sequence[Entry]) -> str:
    """The ``list`` view: id, dates, kind, title (cut to the terminal), skills."""
    rows = [[str(e.id), e.date_range or "-", e.kind, e.title, _skills_brief(e)] for e in entries]
    return table(["ID", "DATES", "KIND", "TITLE", "SKILLS"], rows, flexible=3)


def _skills_brief(entry: Entry, shown: int = 2) -> str:
    """The first skills and a count of the rest: the title deserves the width."""
    slugs = entry.skill_slugs
    text = ", ".join(slugs[:shown])
    return text + (f" +{len(slugs) - shown}" if len(slugs) > shown else "")


def kpi_line(result: KpiResult, kpi: Kpi | None) -> str:
    """``Adoption rate: 10% → 34% (+24 pp, target 30%)``."""
    name = kpi.name if kpi is not None else result.kpi
    direction = kpi.direction if kpi is not None else "up"
    values = f"{result.baseline} → {result.actual}" if result.baseline is not None else str(result.actual)
    extra = []
    change = result.change(direction)
    if change is not None:
        extra.append(str(change))
    if result.target is not None:
        extra.append(f"target {result.target}")
    line = f"{name}: {values}"
    if extra:
        line += f" ({', '.join(extra)})"
    if result.as_of:
        line += f" as of {result.as_of}"
    if result.note:
        line += f" — {result.note}"
    return line


def _paragraphs(text: str, indent: str = "  ") -> str:
    width = min(terminal_width(), 100) - len(indent)
    return "\n".join(
        textwrap.fill(p, width, initial_indent=indent, subsequent_indent=indent) if p.strip() else ""
        for p in text.split("\n")
    )


def entry_text(entry: Entry, skills: dict[str, Skill], kpis: dict[str, Kpi]) -> str:
    """The ``show`` view: every field, STAR text wrapped, KPI changes spelled out."""
    lines = [f"#{entry.id}  {entry.title}"]
    facts = [entry.kind, entry.date_range, entry.organization, entry.role]
    lines.append("    " + " · ".join(f for f in facts if f))
    if entry.tags:
        lines.append("    Tags: " + ", ".join(entry.tags))
    if entry.confidential:
        lines.append("    Confidential: left out of rendered portfolios unless asked for")
    for label, text in (
        ("Summary", entry.summary),
        ("Situation", entry.situation),
        ("Task", entry.task),
        ("Action", entry.action),
        ("Result", entry.result),
        ("Decisions", entry.decisions),
        ("Lessons", entry.lessons),
    ):
        if text:
            lines += ["", label, _paragraphs(text)]
    if entry.skills:
        lines += ["", "Skills"]
        for evidence in entry.skills:
            skill = skills.get(evidence.skill)
            name = f"{skill.name} ({evidence.skill})" if skill else evidence.skill
            line = f"  {'●' * evidence.level}{'○' * (3 - evidence.level)}  {name}"
            lines.append(line + (f" — {evidence.note}" if evidence.note else ""))
    if entry.kpis:
        lines += ["", "KPIs"]
        lines += ["  " + kpi_line(result, kpis.get(result.kpi)) for result in entry.kpis]
    if entry.measurements:
        lines += ["", "Measurements"]
        for m in sorted(entry.measurements, key=lambda m: (m.kpi, m.date)):
            lines.append(f"  {m.date}  {m.kpi} = {m.value}")
    if entry.testimonials:
        lines += ["", "Testimonials"]
        for t in entry.testimonials:
            who = ", ".join(p for p in (t.author, t.author_role) if p)
            lines.append(_paragraphs(f"“{t.quote}”" + (f" — {who}" if who else "")))
    if entry.links:
        lines += ["", "Links"]
        lines += [f"  {link.label + ': ' if link.label else ''}{link.url}" for link in entry.links]
    stamps = [f"uid {entry.uid}"]
    if entry.created:
        stamps.append(f"created {entry.created}")
    if entry.updated and entry.updated != entry.created:
        stamps.append(f"updated {entry.updated}")
    lines += ["", "  ".join(stamps)]
    return "\n".join(lines)


def entries_data(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    from .interchange import entry_to_data

    return [entry_to_data(e) for e in entries]


def _echo_entries(entries: Sequence[Entry], as_json: bool, empty: str) -> None:
    if as_json:
        print_json(entries_data(entries))
    elif entries:
        click.echo(entry_table(entries))
    else:
        click.echo(empty, err=True)


# --- the group ------------------------------------------------------------------------------------


@click.group(name="tpmfolio", cls=TpmfolioGroup)
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


# --- everyday commands --------------------------------------------------------------------------


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


@cli.command()
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


@cli.command()
@click.argument("title")
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
def add(
    title: str,
    kind: str | None,
    date_range: str | None,
    skills: tuple[str, ...],
    kpis: tuple[str, ...],
    tags: tuple[str, ...],
    links: tuple[str, ...],
    edit: bool,
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
    """
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
            from .interchange import dump_entry_yaml, load_entry_yaml

            known = catalog_slugs(folio)

            def store(text: str) -> int:
                loaded = load_entry_yaml(text, known_skills=known[0], known_kpis=known[1])
                try:
                    taken = folio.get(loaded.uid)
                except EntryNotFound:
                    return folio.add(loaded)
                raise InvalidValue(
                    f"uid {loaded.uid!r} belongs to entry {taken.id}; delete the uid line to get a new one"
                )

            entry_id = edit_until_stored(dump_entry_yaml(entry), store)
            if entry_id is None:
                raise click.ClickException("the editor was closed without saving; nothing was added")
        else:
            if stdin_is_tty() and not (skills or kpis or summary is not None):
                prompt_missing(folio, values, kind_given=kind is not None, date_given=date_range is not None)
                entry = Entry(**values)
            entry_id = folio.add(entry)
    click.echo(entry_id)


@cli.command(name="list")
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
    with open_portfolio() as folio:
        if skill is not None:
            folio.skill(skill)  # unknown slug: say so, with a suggestion, rather than list nothing
        if kpi is not None:
            folio.kpi(kpi)
        entries = folio.entries(skill=skill, kpi=kpi, kind=kind, tag=tag, since=since, until=until, limit=limit)
        filtered = any(v is not None for v in (skill, kpi, kind, tag, since, until))
        empty = "No entries match." if filtered else 'No entries yet; add one with: tpmfolio add "What you did"'
        _echo_entries(entries, as_json, empty)


@cli.command()
@click.argument("entry_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="The entry as 'export' writes it.")
def show(entry_id: str, as_json: bool) -> None:
    """Show every field of one entry."""
    with open_portfolio() as folio:
        entry = folio.get(entry_ref(entry_id))
        if as_json:
            print_json(entries_data([entry])[0])
            return
        skills = {s.slug: s for s in folio.skills(include_hidden=True)}
        kpis = {k.slug: k for k in folio.kpis(include_hidden=True)}
        click.echo(entry_text(entry, skills, kpis))


@cli.command()
@click.argument("entry_id", metavar="ID")
def edit(entry_id: str) -> None:
    """Change an entry in $EDITOR, as YAML.

    If what you wrote has a mistake, it is shown and you can edit again; your
    text is never lost. Closing the editor without saving changes nothing.
    """
    from .interchange import dump_entry_yaml, load_entry_yaml

    with open_portfolio() as folio:
        original = folio.get(entry_ref(entry_id))
        before = dump_entry_yaml(original)
        known = catalog_slugs(folio)

        def store(text: str) -> Entry | None:
            if text == before:
                return None
            loaded = load_entry_yaml(text, known_skills=known[0], known_kpis=known[1])
            # The id and uid are the entry's identity: the text edits its content.
            return folio.update(attrs.evolve(loaded, id=original.id, uid=original.uid, created=original.created))

        updated = edit_until_stored(before, store)
    if updated is None:
        click.echo(f"No changes; entry {original.id} is as it was.", err=True)
    else:
        click.echo(f"Updated entry {updated.id}: {updated.title}")


@cli.command()
@click.argument("entry_id", metavar="ID")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def rm(entry_id: str, yes: bool) -> None:
    """Remove an entry and everything attached to it."""
    with open_portfolio() as folio:
        entry = folio.get(entry_ref(entry_id))
        if not yes:
            if not stdin_is_tty():
                raise click.ClickException(
                    f"not removing entry {entry.id} without confirmation; add --yes to remove it"
                )
            click.confirm(f"Remove entry {entry.id} “{entry.title}”?", abort=True, err=True)
        folio.remove(entry.id if entry.id is not None else entry.uid)
    click.echo(f"Removed entry {entry.id}: {entry.title}")


@cli.command()
@click.argument("entry_id", metavar="ID")
@click.argument("kpi", metavar="KPI")
@click.argument("value")
@click.option("--date", required=True, metavar="DATE", help="When it was measured: 2024-05 or 2024-05-31.")
def measure(entry_id: str, kpi: str, value: str, date: str) -> None:
    """Record one point of a KPI's time series on an entry (drawn as a chart).

    \b
    Example:
      tpmfolio measure 3 adoption-rate 21% --date 2024-05
    """
    with open_portfolio() as folio:
        entry = folio.get(entry_ref(entry_id))
        point = folio.measure(entry.id if entry.id is not None else entry.uid, kpi, value, date)
    click.echo(f"Recorded {point.kpi} = {point.value} on {point.date} for entry {entry.id}")


@cli.command()
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
    with open_portfolio() as folio:
        entries = folio.search(query, limit=limit)
    _echo_entries(entries, as_json, f"No entries match {query!r}.")


# --- the catalog: skills and KPIs ---------------------------------------------------------------


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


@cli.group(cls=TpmfolioGroup, invoke_without_command=True)
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


@cli.group(cls=TpmfolioGroup, invoke_without_command=True)
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


# --- the profile ------------------------------------------------------------------------------


def _show_profile(as_json: bool) -> None:
    with open_portfolio() as folio:
        profile = folio.profile()
    if as_json:
        from .interchange.document import profile_to_data

        print_json(profile_to_data(profile))
        return
    width = max(len(f) for f in PROFILE_FIELDS) + 1
    for field in PROFILE_FIELDS:
        label = {"url": "URL", "lang": "Language"}.get(field, field.replace("_", " ").capitalize()) + ":"
        click.echo(f"{label:<{width + 1}} {getattr(profile, field) or '-'}")


@cli.group(cls=TpmfolioGroup, invoke_without_command=True)
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


# --- the database file ---------------------------------------------------------------------------


@cli.group(cls=TpmfolioGroup)
def db() -> None:
    """Where your data lives."""


@db.command(name="path")
def db_path() -> None:
    """Print the database path this command would use (it need not exist yet)."""
    click.echo(str(db_location().resolve()))


# Commands that need heavier modules (render, tailor, gaps, import, export,
# demo, applications) live in modules of their own, registered below by name;
# they get ``--db`` from TpmfolioGroup when first loaded and should open the
# database with ``open_portfolio()``.


# Their modules reuse the helpers above and pull in more, so they are
# loaded on first use (see TpmfolioGroup).
cli.lazy_commands.update(
    {
        "import": ".cli_exchange:import_",
        "export": ".cli_exchange:export",
        "render": ".cli_render:render",
        "demo": ".cli_render:demo",
        "gaps": ".cli_render:gaps",
        "tailor": ".cli_render:tailor",
        "applications": ".cli_render:applications",
    }
)

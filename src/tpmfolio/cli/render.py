"""The commands that look at the portfolio as a whole: render, demo, gaps, tailor, applications.

Kept apart from the everyday commands: they reach for the analysis, tailoring
and rendering modules, which ``tpmfolio add`` must not load at start-up.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..render.paper import DEFAULT_PAPER, PAPER_SIZES  # the sizes and the default live there, once
from .options import open_portfolio, print_json, use_color
from .views import applications_table, format_gap_report, format_ranking, format_requirements, posting_checklist

THEME_HELP = "A built-in theme (classic, modern) or a folder with your own template.html.j2 and/or style.css."
VARIANT_HELP = "pdf/ua-1 (tagged, the default), pdf/a-3b, none (untagged) or another variant WeasyPrint writes; an unknown one lists them."
JOB_METAVAR = "JOB"
JOB_HELP = "A job posting: a text file of the posting, a page saved from a browser (.html), or a JSON Resume job file."


def job_source(job: str) -> str | Path:
    """``-`` reads the posting from standard input; anything else must be a file."""
    if job == "-":
        text = sys.stdin.read()
        if not text.strip():
            raise click.ClickException("the posting on standard input is empty")
        return text
    path = Path(job).expanduser()
    if not path.is_file():
        raise click.ClickException(f"{job} is not a file; save the posting as .txt, .html or .json, or pass - to read it from standard input")
    return path


class Progress:
    """Stage messages on stderr, but only for a person watching a render that takes a while.

    Short renders stay silent; after ``delay`` seconds, each stage overwrites
    the previous one on a single line, cleared when the work is done.
    """

    def __init__(self, enabled: bool, delay: float = 1.5) -> None:
        self.enabled = enabled
        self.delay = delay
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, message: str) -> None:
        if not self.enabled or time.monotonic() - self.started < self.delay:
            return
        width = max(20, min(100, os.get_terminal_size(sys.stderr.fileno()).columns if sys.stderr.isatty() else 80) - 1)
        click.echo(f"\r{message[:width]:<{width}}", nl=False, err=True)
        self.shown = True

    def done(self) -> None:
        if self.shown:
            click.echo("\r" + " " * 79 + "\r", nl=False, err=True)


PAPER_HELP = f"Paper size.  [default: letter for en-US, en-CA, fr-CA (--lang or the profile's language), else {DEFAULT_PAPER}]"
LANG_HELP = "The language of the PDF's own words, dates and figures: en, de, fr, es, with a region such as en-US or de-AT.  [default: the profile's, else en]"


def _check_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse an unsupported language before anything is read, in one line naming the supported ones."""
    if value is None:
        return None
    from ..errors import InvalidValue
    from ..render.language import language

    try:
        return language(value).tag
    except InvalidValue as error:
        raise click.BadParameter(str(error)) from None


def _check_variant(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse an unknown variant before anything is read; WeasyPrint is imported only when one is given."""
    if value is None:
        return None
    from ..errors import RenderError
    from ..render import pdf_variant

    try:
        pdf_variant(value)
    except RenderError as error:
        raise click.BadParameter(str(error)) from None
    return value


def render_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for decorator in reversed(
        [
            click.option("--theme", default="classic", show_default=True, metavar="NAME|DIR", help=THEME_HELP),
            click.option(
                "--html",
                "html_path",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Also write the exact HTML that is laid out (self-contained).",
            ),
            click.option("--lang", metavar="LANG", callback=_check_lang, help=LANG_HELP),
            click.option("--paper", type=click.Choice(list(PAPER_SIZES), case_sensitive=False), help=PAPER_HELP),
            click.option("--pdf-variant", "pdf_variant", metavar="VARIANT", callback=_check_variant, help=VARIANT_HELP),
        ]
    ):
        f = decorator(f)
    return f


def _write_outputs(folio: Any, output: Path, html_path: Path | None, **options: Any) -> None:
    progress = Progress(enabled=sys.stderr.isatty())
    try:
        # One selection and one template pass serve both files; the HTML is
        # written only after the PDF, so a PDF that fails leaves nothing behind.
        info = folio.render_pdf(output, progress=progress, html_path=html_path, **options)
    finally:
        progress.done()
    if info.missing_characters:
        from ..render import font_advice

        click.echo(f"Warning: {font_advice(info.missing_characters)}", err=True)
    if html_path is not None:
        click.echo(f"Wrote {html_path}", err=True)
    size = info.size_bytes / 1024
    size_text = f"{size:,.0f} KB" if size < 1024 else f"{size / 1024:,.1f} MB"
    click.echo(f"Wrote {info.path} ({info.pages} pages, {size_text})")


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default="portfolio.pdf", show_default=True, help="The PDF to write.")
@render_options
@click.option("--for", "job", metavar=JOB_METAVAR, help=JOB_HELP + " Tailors the portfolio to it.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    help="At most N entries. Tailored, the N best; without --limit the 10 best plus up to 3 that answer requirements the 10 leave open.",
)
@click.option("--skill", "skills", multiple=True, metavar="SLUG", help="Only entries showing this skill. Repeatable.")
@click.option("--since", metavar="DATE", help="Only entries going on at or after DATE.")
@click.option("--include-confidential", is_flag=True, help="Put confidential entries in too.")
@click.option(
    "--order", type=click.Choice(["strength", "date"]), default="strength", show_default=True,
    help="Case studies with the strongest evidence first (tailored: the best for the posting), or the most recent first.",
)
@click.option(
    "--include-kind", "include_kinds", multiple=True, metavar="KIND",
    help="Put in a kind of entry that is left out by default (conversation: your private notes on the move). Repeatable.",
)
def render(
    output: Path,
    theme: str,
    html_path: Path | None,
    lang: str | None,
    paper: str | None,
    pdf_variant: str | None,
    job: str | None,
    limit: int | None,
    skills: tuple[str, ...],
    since: str | None,
    include_confidential: bool,
    order: str,
    include_kinds: tuple[str, ...],
) -> None:
    """Render the portfolio as a PDF to send with a job application.

    With --for JOB the best entries for that posting come first, the cover
    says who it was prepared for, a page maps each requirement to your
    evidence, and the render is recorded (see 'tpmfolio applications').

    Case studies (projects, TPM tasks, cross-functional and volunteer work)
    come first; courses, certifications, mentorship, talks and writing
    follow as a short list. Conversation entries stay out unless
    --include-kind conversation.

    \b
    Examples:
      tpmfolio render -o portfolio.pdf
      tpmfolio render --theme modern --since 2022 --skill customer-focus
      tpmfolio render --for acme-tpm.txt -o acme.pdf --limit 6
      tpmfolio render --lang de -o portfolio-de.pdf
      tpmfolio render --lang en-US --pdf-variant pdf/a-3b   # Letter paper
      tpmfolio render --paper letter
    """
    from ..dates import parse_partial_date
    from ..models import ENTRY_KINDS

    if since:
        parse_partial_date(since, "--since")
    for kind in include_kinds:
        if kind not in ENTRY_KINDS:
            kinds = ", ".join(ENTRY_KINDS)
            raise click.ClickException(f"unknown kind {kind!r} for --include-kind; the kinds are: {kinds}")
    with open_portfolio(create=False) as folio:
        if folio.count() == 0:
            raise click.ClickException("the portfolio has no entries yet; add some with 'tpmfolio add' or try 'tpmfolio demo'")
        _write_outputs(
            folio,
            output,
            html_path,
            theme=_theme(theme),
            job=job_source(job) if job else None,
            limit=limit,
            skills=skills,
            since=since,
            include_confidential=include_confidential,
            paper=paper,
            pdf_variant=pdf_variant,
            order=order,
            include_kinds=include_kinds,
            lang=lang,
        )


def _theme(theme: str) -> str | Path:
    """A value with a path separator is a user theme folder; a bare name is left to resolve_theme.

    A bare name must stay a string: resolve_theme looks built-in names up
    first, so a stray folder called ``classic`` in the current directory does
    not replace the built-in theme (other bare names still find a folder).
    """
    if os.sep in theme or "/" in theme:
        return Path(theme).expanduser()
    return theme


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default="portfolio.pdf", show_default=True, help="The PDF to write.")
@render_options
@click.option("--for", "job", metavar=JOB_METAVAR, help=JOB_HELP + " Tailors the example to it.")
def demo(
    output: Path, theme: str, html_path: Path | None, lang: str | None, paper: str | None, pdf_variant: str | None, job: str | None
) -> None:
    """Render the bundled example portfolio, without touching your own.

    The example (an engineering manager moving into a TPM role) is loaded
    into a temporary database that is deleted afterwards.

    \b
    Example:
      tpmfolio demo -o example.pdf --theme modern
      tpmfolio demo -o beispiel.pdf --lang de
    """
    from importlib.resources import files

    from ..portfolio import Portfolio

    example = files("tpmfolio") / "demo" / "portfolio.yaml"
    with tempfile.TemporaryDirectory(prefix="tpmfolio-demo-") as folder:
        with Portfolio.open(Path(folder) / "demo.db") as folio:
            folio.import_text(example.read_text(encoding="utf-8"), "yaml", source="the bundled example")
            _write_outputs(
                folio, output, html_path, theme=_theme(theme), job=job_source(job) if job else None,
                paper=paper, pdf_variant=pdf_variant, lang=lang,
            )


@click.command()
@click.option("--for", "job", metavar=JOB_METAVAR, help=JOB_HELP + " Lists its requirements you have no evidence for.")
@click.option("--lang", metavar="LANG", help="Also list the entries (and the profile) with no text in LANG yet.")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
def gaps(job: str | None, lang: str | None, as_json: bool) -> None:
    """Where your case for a TPM role is thin.

    Skill coverage, skills with no or weak evidence (business skills first),
    entries without a KPI or a Result, progress on the five-step transition
    plan, the share of KPI results that are business impact, and skills with
    nothing in the last 12 months. With --for JOB: the posting's
    requirements that no entry answers yet, as a checklist before applying.
    With --lang: what is not translated into that language yet.
    """
    from ..languages import language_of
    from .translate import untranslated_text

    code = language_of(lang) if lang else None
    with open_portfolio(create=False) as folio:
        untranslated = folio.untranslated(code) if code else None
        report = folio.gaps()
        posting_part = None
        if job:
            posting_part = folio.posting_gaps(job_source(job))
    if as_json:
        data = report.to_json()
        if posting_part is not None:
            data["posting"] = posting_part
        if untranslated is not None:
            data["untranslated"] = untranslated
        print_json(data)
        return
    click.echo(format_gap_report(report, color=use_color()))
    if code and untranslated is not None:
        click.echo("")
        click.echo(untranslated_text(code, untranslated))
    if posting_part is not None:
        click.echo("")
        click.echo(posting_checklist(posting_part))


@click.command()
@click.argument("job", metavar=JOB_METAVAR)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="At most N entries.")
@click.option("--json", "as_json", is_flag=True, help='A ranked JSON array of {"id", "title", "score", "reasons"}.')
@click.option("--include-confidential", is_flag=True, help="Rank confidential entries too (render --for leaves them out unless asked).")
@click.option(
    "--requirements", "show_requirements", is_flag=True,
    help="Only print the posting as read: title, company and each requirement with the skills it names (with --json, as JSON).",
)
def tailor(job: str, limit: int, as_json: bool, include_confidential: bool, show_requirements: bool) -> None:
    """Rank your entries for one job posting, with the reasons.

    JOB is the posting: a text file pasted from a job site, a page saved
    from a browser (.html), or a JSON Resume job file (- reads it from
    standard input). Use --requirements to check what was read.

    \b
    Examples:
      tpmfolio tailor acme-tpm.txt
      tpmfolio tailor saved-job-page.html --requirements
      pbpaste | tpmfolio tailor - --limit 5 --json
    """
    from ..errors import PostingError
    from ..tailor import no_match_message, ranking_json, text_only_notice

    with open_portfolio(create=False) as folio:
        posting = folio.read_posting(job_source(job))
        if show_requirements:
            if as_json:
                print_json(posting.to_json())
            else:
                click.echo(format_requirements(posting))
            return
        # The best --limit are all that is shown: only those are loaded whole.
        ranked = folio.tailor(posting, limit=limit, include_confidential=include_confidential)
    message = no_match_message(posting, ranked)
    if message:
        raise PostingError(message)
    notice = text_only_notice(posting)
    ranked = [r for r in ranked if r.score > 0][:limit]
    if as_json:
        if notice:
            click.echo(f"Note: {notice}", err=True)
        print_json(ranking_json(ranked))
        return
    click.echo(format_ranking(posting, ranked, color=use_color()))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON array, newest first.")
def applications(as_json: bool) -> None:
    """What was sent where: every PDF rendered --for a posting.

    Each line has the date, the posting and company, the file and the first
    characters of its SHA-256, so you can tell which version went to whom
    (compare with: sha256sum FILE).
    """
    with open_portfolio(create=False) as folio:
        rows = folio.applications()
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("No tailored portfolios yet; render one with 'tpmfolio render --for JOB'.")
        return
    click.echo(applications_table(rows))

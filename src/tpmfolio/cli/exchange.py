"""``tpmfolio import`` and ``export``: moving a portfolio in and out of files.

Kept apart from the everyday commands because they pull in YAML and the
format modules, which ``tpmfolio add`` must not pay for at start-up.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..files import write_text
from .options import open_portfolio, print_json

FORMAT_CHOICE = click.Choice(["json", "yaml", "csv", "jsonresume"])


@click.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@click.option("--format", "format_", type=FORMAT_CHOICE, help="The file's format [default: from its name].")
@click.option("--dry-run", is_flag=True, help="Show what would be added and updated; change nothing.")
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse a JSON Resume with any value that would be changed or left out, instead of importing the rest.",
)
@click.option("--json", "as_json", is_flag=True, help="Report as JSON.")
def import_(file: Path, format_: str | None, dry_run: bool, strict: bool, as_json: bool) -> None:
    """Bring entries, profile and custom skills/KPIs in from FILE.

    Entries are matched by their uid: new ones are added, changed ones are
    updated, identical ones are left alone, so importing the same file twice
    changes nothing. Only what the file says changes: a field it leaves out
    keeps its stored value. A file with any problem is refused whole, with
    every problem listed, and the database is left as it was; so is a
    tpmfolio export cut short.

    A JSON Resume is read leniently: dates like "Present" or "07/2025",
    old keys (company, website), a URL without https://. Every value changed
    or left out is listed after the result line; --strict refuses the file
    instead.

    \b
    Examples:
      tpmfolio import portfolio.yaml --dry-run
      tpmfolio import resume.json --format jsonresume
      tpmfolio import evidence.csv
    """
    from ..interchange import detect_format

    text = _read_text(file)
    source = "<stdin>" if str(file) == "-" else str(file)
    if format_ is None:
        if str(file) == "-":
            raise click.UsageError("reading from standard input needs --format")
        format_ = detect_format(file, text)
    with open_portfolio(create=not dry_run) as folio:
        report = folio.import_text(text, format_, source=source, dry_run=dry_run, strict=strict)
    if as_json:
        print_json({"dry_run": dry_run, **report.to_json()})
        return
    click.echo(result_line(report, source, dry_run))
    if dry_run:
        if report.profile:
            click.echo(f"  {'profile':<7} {', '.join(report.profile_fields)}")
        for label, entries in (("add", report.added), ("update", report.updated)):
            for entry in entries:
                click.echo(f"  {label:<7} {entry.title}")
    for note in report.notes:
        click.echo(f"  note    {note}")


def result_line(report: Any, source: str, dry_run: bool) -> str:
    """One line that says everything the import changes: entries, profile, catalog, notes."""
    verb = "Would import" if dry_run else "Imported"
    parts = [f"{len(report.added)} added, {len(report.updated)} updated, {len(report.unchanged)} unchanged"]
    if report.profile:
        parts.append(f"profile {'would change' if dry_run else 'changed'} ({', '.join(report.profile_fields)})")
    catalog = [f"{n} {what}{'s' if n != 1 else ''}" for n, what in ((report.skills, "skill"), (report.kpis, "KPI")) if n]
    if catalog:
        parts.append(" and ".join(catalog) + (" to add or change" if dry_run else " added or changed"))
    if report.kept_skills:
        parts.append(f"your own definition kept for {', '.join(report.kept_skills)}")
    if report.notes:
        parts.append(f"{len(report.notes)} value{'s' if len(report.notes) != 1 else ''} changed or left out (listed below)")
    return f"{verb} from {source}: " + "; ".join(parts) + "."


def _read_text(file: Path) -> str:
    from ..safeload import MAX_BYTES, check_text_size, read_text

    if str(file) == "-":
        text = sys.stdin.read(MAX_BYTES + 1)
        check_text_size(text, "<stdin>")
        return text.removeprefix("\ufeff")
    try:
        return read_text(file)
    except FileNotFoundError:
        raise click.ClickException(f"{file} does not exist") from None
    except UnicodeDecodeError:
        raise click.ClickException(f"{file} is not UTF-8 text; save it as UTF-8 and try again") from None
    except OSError as error:
        raise click.ClickException(f"cannot read {file}: {error.strerror}") from None


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of standard output.")
@click.option("--format", "format_", type=FORMAT_CHOICE, help="[default: from the output's name, else json]")
@click.option(
    "--include-confidential",
    is_flag=True,
    help="Put confidential entries in a JSON Resume too (json, yaml and csv always keep everything).",
)
def export(output: Path | None, format_: str | None, include_confidential: bool) -> None:
    """Write the whole portfolio out, as a backup or for another tool.

    json and yaml are tpmfolio's own document (what 'import' reads back, byte
    for byte); csv is one row per entry for a spreadsheet; jsonresume is a
    resume valid against the JSON Resume schema.

    \b
    Examples:
      tpmfolio export -o portfolio.yaml
      tpmfolio export --format jsonresume -o resume.json
      tpmfolio export | jq '.entries | length'
    """
    if format_ is None:
        suffix = output.suffix.lower() if output else ""
        format_ = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}.get(suffix, "json")
    with open_portfolio(create=False) as folio:
        text = folio.export(format_, include_confidential=include_confidential or format_ != "jsonresume")
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomically(output, text)
    click.echo(f"Wrote {output} ({format_}, {len(text.encode('utf-8')):,} bytes)", err=True)


def write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file and rename, so a failed write never leaves half a file."""
    try:
        write_text(path, text)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror}") from None

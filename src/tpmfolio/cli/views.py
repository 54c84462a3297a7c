"""What the commands print: tables and texts for a terminal, made from the library's data.

The library returns values (entries, reports, rankings); turning them into
lines for a person at a shell happens here, so ``analysis`` and the models
never need to know about terminals, widths or colours.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from ..models import Entry, Kpi, KpiResult, Skill

if TYPE_CHECKING:  # pragma: no cover
    from ..analysis import GapReport

# Entries listed under "Entries without a KPI/Result" before "… and N more".
LIST_LIMIT = 10

# --- tables ------------------------------------------------------------------------------


def terminal_width() -> int:
    return max(shutil.get_terminal_size((100, 24)).columns, 40)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (emoji and CJK take two), as tabulate counts them."""
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` columns, ending in … when it had to be cut."""
    if display_width(text) <= width:
        return text
    from wcwidth import wcwidth

    out, used = [], 0
    for ch in text:
        # Char by char a joined emoji counts wider than it shows: cut early, never late.
        w = max(wcwidth(ch), 0)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, flexible: int | None = None) -> str:
    """Plain aligned columns, left-aligned as typed; column ``flexible`` shrinks to fit the terminal."""
    from tabulate import tabulate  # with wcwidth and importlib.metadata: only for commands that print tables

    lines = [list(headers)] + [[" ".join(str(c).split()) for c in row] for row in rows]
    if flexible is not None and (sys.stdout.isatty() or "COLUMNS" in os.environ):
        # Cut for a terminal (or an explicit COLUMNS); a pipe or file gets whole titles.
        widths = [max(display_width(line[i]) for line in lines) for i in range(len(headers))]
        others = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(widths) - 1)
        width = max(min(widths[flexible], terminal_width() - others), 12)
        for line in lines:
            line[flexible] = cut(line[flexible], width)
    # The headers go in as a row: tabulate would pad them by two more columns.
    text = tabulate(lines, tablefmt="plain", disable_numparse=True, stralign="left")
    return "\n".join(line.rstrip() for line in text.splitlines())


# --- entries ---------------------------------------------------------------------------------


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


# --- gaps and applications ---------------------------------------------------------------


def format_gap_report(
    report: GapReport,
    *,
    color: bool = False,
    limit: int = LIST_LIMIT,
) -> str:
    """The ``tpmfolio gaps`` screen as text; ``color`` adds ANSI styles (the CLI passes False under NO_COLOR)."""
    from ..analysis import stale_cutoff

    def style(text: str, **kw: Any) -> str:
        return click.style(text, **kw) if color else text

    lines: list[str] = []
    head = style("Skill coverage", bold=True)
    lines.append(f"{head} ({report.total_entries} entr{'y' if report.total_entries == 1 else 'ies'})")
    width = max((len(c.name) for c in report.coverage.values()), default=10)
    for category, label in (("business", "Business skills"), ("engineering", "Engineering skills"), ("other", "Your skills")):
        rows = [c for c in report.coverage.values() if c.category == category]
        if not rows:
            continue
        lines.append(f"  {label}")
        for c in rows:
            bar = "■" * c.max_level + "□" * (3 - c.max_level)
            count = f"{c.entries:>4} entr{'y ' if c.entries == 1 else 'ies'}"
            note = ""
            if c.missing:
                note = style("missing", fg="red")
            elif c.weak:
                note = style("weak", fg="yellow")
            elif c.skill in report.stale_skills:
                note = style("stale", fg="yellow")
            lines.append(f"    {c.name:<{width}}  {bar}  {count}  {note}".rstrip())

    lines.append("")
    if report.missing_skills:
        lines.append(style("No evidence yet: ", fg="red") + _skill_names(report.missing_skills, report))
    if report.weak_skills:
        lines.append(style("Weak evidence: ", fg="yellow") + _skill_names(report.weak_skills, report))
    if report.stale_skills:
        since = stale_cutoff(report.today).isoformat()
        lines.append(style(f"Nothing since {since}: ", fg="yellow") + _skill_names(report.stale_skills, report))
    if not (report.missing_skills or report.weak_skills or report.stale_skills):
        lines.append(style("Every skill has recent evidence.", fg="green"))

    lines.append("")
    lines.append(style("Transition plan", bold=True))
    for step in report.plan:
        mark = style("✓", fg="green") if step.done else style("·", fg="red")
        lines.append(f"  {mark} {step.step}. {step.name:<30} {step.entries:>4}  ({', '.join(step.kinds)})")

    lines.append("")
    total = report.business_kpi_results + report.engineering_kpi_results
    if total:
        share = f"{report.business_impact_share:.0%}"
        lines.append(
            f"{style('Business impact:', bold=True)} {share} of {total} KPI result{'s' if total != 1 else ''} "
            f"({report.business_kpi_results} business, {report.engineering_kpi_results} engineering)"
        )
    else:
        lines.append(f"{style('Business impact:', bold=True)} no KPI results yet")

    for label, refs in (
        ("Entries without a KPI", report.entries_without_kpi),
        ("Entries without a Result", report.entries_without_result),
    ):
        if refs:
            lines.append("")
            lines.append(f"{style(label, bold=True)} ({len(refs)})")
            lines.extend(f"  #{r.id if r.id is not None else '-'} {r.title}" for r in refs[:limit])
            if len(refs) > limit:
                lines.append(f"  … and {len(refs) - limit} more")

    return "\n".join(lines)


def _skill_names(slugs: Sequence[str], report: GapReport) -> str:
    return ", ".join(report.coverage[slug].name for slug in slugs)


def posting_checklist(part: Mapping[str, Any]) -> str:
    """What ``gaps --for JOB`` adds: the posting's requirements no entry answers, to tick off."""
    label = " at ".join(p for p in (part["title"], part["company"]) if p) or "the posting"
    unanswered = part["unanswered"]
    lines = [f"Before applying to {label}:"]
    if not unanswered:
        lines.append("  every requirement has evidence.")
    for requirement in unanswered:
        lines.append(f"  [ ] {requirement['text']}")
    if part["skills_without_evidence"]:
        lines.append("  Skills it asks for that no entry shows: " + ", ".join(part["skills_without_evidence"]))
    return "\n".join(lines)


def applications_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """The ``applications`` view: one line per tailored render, newest first."""
    body = [
        [r["created"][:10], r["posting_title"] or "-", r["company"] or "-", str(len(r["entry_uids"])), r["sha256"][:12], r["output"]]
        for r in rows
    ]
    return table(["DATE", "POSTING", "COMPANY", "ENTRIES", "SHA-256", "FILE"], body, flexible=5)


# --- tailoring ---------------------------------------------------------------------------


def format_ranking(posting: Any, ranked: Any, *, color: bool = False) -> str:
    """Readable ``tailor`` output: the posting, then each entry with its score and reasons."""
    from ..tailor import no_match_message, text_only_notice

    def style(text: str, **kw: Any) -> str:
        return click.style(text, **kw) if color else text

    lines = [style(f"Entries for {posting.label}", bold=True)]
    if posting.matched_skills:
        lines.append("Skills asked for: " + ", ".join(posting.matched_skills))
    message = no_match_message(posting, ranked) or text_only_notice(posting)
    if message:
        lines.append(style(message, fg="yellow"))
    if no_match_message(posting, ranked):
        return "\n".join(lines)
    lines.append("")
    for item in ranked:
        if item.score <= 0:
            continue
        ident = f"#{item.entry.id}" if item.entry.id is not None else "#-"
        lines.append(f"{style(f'{item.score:.2f}', fg='green')}  {ident} {item.entry.title}")
        lines.extend(f"      - {reason}" for reason in item.reasons)
    return "\n".join(lines)


def format_requirements(posting: Any) -> str:
    """``tailor --requirements``: the posting as read, so a person sees what the ranking works from."""
    lines = [f"Title:   {posting.title or '-'}", f"Company: {posting.company or '-'}", f"Read from: {posting.source}", ""]
    for number, requirement in enumerate(posting.requirements, 1):
        lines.append(f"{number:>3}. [{requirement.section}] {requirement.text}")
        if requirement.skills:
            lines.append(f"       skills: {', '.join(requirement.skills)}")
    if not posting.matched_skills:
        lines.append("")
        lines.append("No requirement names a known skill: entries are ranked on the posting's words only.")
    return "\n".join(lines)

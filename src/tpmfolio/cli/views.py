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
from collections.abc import Iterable, Sequence

from ..models import Entry, Kpi, KpiResult, Skill

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

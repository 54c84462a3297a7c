"""Turn the model into display data for a theme: the pure first stage of rendering.

Everything a template shows is decided here (formatted dates and numbers,
derived figures, what is left out) so that templates hold almost no logic
and a user theme cannot get a number wrong. No I/O and no template or PDF
library: this runs in tests and in the CLI without the heavy imports.

The result is a plain dict of strings, lists and dicts. Its shape is a
contract with the themes (see docs/themes.md); keys are always present, with
``None`` or empty lists where there is nothing to show, because templates
run with StrictUndefined.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..dates import first_day
from ..models import Entry, Kpi, KpiResult, Profile, Skill
from .charts import chart_geometry

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
KIND_LABELS = {
    "project": "Project",
    "tpm-task": "TPM task",
    "cross-functional": "Cross-functional project",
    "volunteer": "Volunteering",
    "course": "Course",
    "certification": "Certification",
    "mentorship": "Mentorship",
    "conversation": "Career conversation",
    "talk": "Talk",
    "writing": "Writing",
    "other": "Other",
}
POINT_IN_TIME_KINDS = frozenset({"talk", "conversation", "certification"})
LEVEL_LABELS = {1: "touched", 2: "practised", 3: "led"}
CATEGORY_LABELS = {
    "engineering": "Transferable engineering skills",
    "business": "Business skills",
    "other": "Other skills",
}
STAR_LABELS = (("situation", "Situation"), ("task", "Task"), ("action", "Action"), ("result", "Result"))
TOP_OUTCOMES = 5
_SAFE_HREF = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


def build_context(
    profile: Profile,
    entries: Sequence[Entry],
    skills: Sequence[Skill],
    kpis: Sequence[Kpi],
    *,
    include_confidential: bool = False,
    generated: dt.date | None = None,
    prepared_for: Mapping[str, str] | None = None,
    fit: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Everything a theme template needs, as display strings.

    ``entries`` keep the order given (the caller sorts or tailors them);
    confidential ones are dropped unless ``include_confidential``, and so is
    any ``fit`` evidence that points at a dropped entry, so a tailored page
    never names work the reader must not see.

    >>> ctx = build_context(Profile(name="Ada"), [], [], [], generated=dt.date(2025, 1, 15))
    >>> ctx["document"]["created"], ctx["glance"]["business_impact"]["percent"]
    ('2025-01-15', None)
    """
    generated = generated or dt.date.today()
    shown = [e for e in entries if include_confidential or not e.confidential]
    skill_by_slug = {s.slug: s for s in skills}
    kpi_by_slug = {k.slug: k for k in kpis}
    anchors = {id(e): f"entry-{n}" for n, e in enumerate(shown, start=1)}

    entry_views = [
        _entry(n, e, anchors[id(e)], skill_by_slug, kpi_by_slug) for n, e in enumerate(shown, start=1)
    ]
    evidenced = _evidenced_skill_names(shown, skills, skill_by_slug)
    target = _prepared_for(prepared_for)
    title = f"{profile.name or 'Portfolio'} — {profile.target_role or 'Technical Product Management'} portfolio"
    if target:
        title += f" for {target['company'] or target['title']}"
    fit_rows = _fit(fit, shown) if fit is not None else None
    return {
        "document": {
            "title": title,
            "author": profile.name,
            "keywords": ", ".join(evidenced),
            # The PDF's Subject: the posting it answers, else the role sought.
            "subject": " at ".join(p for p in (target["title"], target["company"]) if p) if target else (profile.target_role or profile.headline or ""),
            "created": generated.isoformat(),
            "generated": f"{generated.day} {_long_month(generated.month)} {generated.year}",
            "language": "en",
        },
        "profile": _profile(profile),
        "prepared_for": target,
        "glance": {
            "entry_count": len(shown),
            "coverage": _coverage(shown, skills),
            "covered_count": sum(1 for s in skills if any(s.slug in e.skill_slugs for e in shown)),
            "skill_count": len(skills),
            "top_outcomes": _top_outcomes(shown, anchors, kpi_by_slug),
            "business_impact": _business_impact(shown, kpi_by_slug),
        },
        "fit": fit_rows,
        "entries": entry_views,
        # One bookmark per entry plus these fixed sections, in reading order.
        "outline": ["At a glance"] + (["How my experience fits"] if fit_rows is not None else []),
    }


# --- formatting -----------------------------------------------------------------


def format_date(value: str | None, *, long: bool = False) -> str:
    """``2024`` → ``2024``, ``2024-03`` → ``Mar 2024``, ``2024-03-05`` → ``5 Mar 2024``."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _long_month(int(parts[1])) if long else MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def format_range(started: str | None, ended: str | None, kind: str = "project") -> str:
    """A reader-friendly period: ``Mar – Sep 2024``, ``Mar 2024 – present``.

    A talk, a conversation or a certification happens on a date, and so does
    anything dated to the day: without an end it is that date, not
    "– present".
    """
    if not started:
        return format_date(ended)
    if not ended:
        if kind in POINT_IN_TIME_KINDS or len(started) == 10:
            return format_date(started)
        return f"{format_date(started)} – present"
    if ended == started:
        return format_date(started)
    start, end = format_date(started), format_date(ended)
    if len(started) == len(ended) == 7 and started[:4] == ended[:4]:
        start = MONTHS[int(started[5:7]) - 1]
    return f"{start} – {end}"


def _long_month(month: int) -> str:
    return dt.date(2000, month, 1).strftime("%B")


def _blocks(text: str) -> list[dict[str, Any]]:
    """Split free text into paragraphs and bullet lists, the only structure people type."""
    blocks: list[dict[str, Any]] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(re.match(r"^[-*•]\s+", line) for line in lines):
            blocks.append({"kind": "list", "bullets": [re.sub(r"^[-*•]\s+", "", line) for line in lines]})
        else:
            blocks.append({"kind": "paragraph", "lines": lines})
    return blocks


def _href(url: str) -> str | None:
    return url if _SAFE_HREF.match(url or "") else None


def _display_url(url: str) -> str:
    return re.sub(r"^(https?://(www\.)?|mailto:)", "", url).rstrip("/")


# --- sections --------------------------------------------------------------------


def _profile(profile: Profile) -> dict[str, Any]:
    contact = []
    if profile.email:
        contact.append({"kind": "email", "text": profile.email, "href": f"mailto:{profile.email}"})
    if profile.phone:
        digits = re.sub(r"[^\d+]", "", profile.phone)
        contact.append({"kind": "phone", "text": profile.phone, "href": f"tel:{digits}" if digits else None})
    if profile.url:
        contact.append({"kind": "url", "text": _display_url(profile.url), "href": _href(profile.url)})
    if profile.location:
        contact.append({"kind": "location", "text": profile.location, "href": None})
    return {
        "name": profile.name,
        "headline": profile.headline,
        "target_role": profile.target_role,
        "summary": _blocks(profile.summary),
        "contact": contact,
    }


def _prepared_for(prepared_for: Mapping[str, str] | None) -> dict[str, str] | None:
    if not prepared_for:
        return None
    title = str(prepared_for.get("title") or "").strip()
    company = str(prepared_for.get("company") or "").strip()
    if not title and not company:
        return None
    if title and company:
        text = f"Prepared for {title} at {company}"
    else:
        text = f"Prepared for {title or company}"
    return {"title": title, "company": company, "text": text}


def _entry(
    number: int,
    entry: Entry,
    anchor: str,
    skill_by_slug: Mapping[str, Skill],
    kpi_by_slug: Mapping[str, Kpi],
) -> dict[str, Any]:
    order = {slug: i for i, slug in enumerate(skill_by_slug)}
    evidence = sorted(entry.skills, key=lambda s: (-s.level, order.get(s.skill, len(order)), s.skill))
    targets = {r.kpi: r.target for r in entry.kpis}
    return {
        "number": number,
        "anchor": anchor,
        "id": entry.id,
        "title": entry.title,
        "kind": KIND_LABELS.get(entry.kind, entry.kind),
        "dates": format_range(entry.started, entry.ended, entry.kind),
        "organization": entry.organization,
        "role": entry.role,
        "confidential": entry.confidential,
        "summary": _blocks(entry.summary),
        "star": [
            {"label": label, "blocks": _blocks(getattr(entry, field))}
            for field, label in STAR_LABELS
            if getattr(entry, field)
        ],
        "skills": [
            {
                "name": _skill_name(s.skill, skill_by_slug),
                "level": s.level,
                "level_label": LEVEL_LABELS[s.level],
                "level_class": f"level-{s.level}",
                "note": s.note,
            }
            for s in evidence
        ],
        "kpis": [_kpi_row(r, kpi_by_slug) for r in entry.kpis],
        "charts": _charts(entry, kpi_by_slug, targets),
        "testimonials": [
            {
                "quote": _blocks(t.quote),
                "author": t.author,
                "author_role": t.author_role,
                "attribution": ", ".join(p for p in (t.author, t.author_role) if p),
            }
            for t in entry.testimonials
        ],
        "links": [
            {"href": _href(link.url), "label": link.label or _display_url(link.url), "url": _display_url(link.url)}
            for link in entry.links
        ],
    }


def _skill_name(slug: str, skill_by_slug: Mapping[str, Skill]) -> str:
    skill = skill_by_slug.get(slug)
    return skill.name if skill else slug.replace("-", " ").capitalize()


def _kpi_name(slug: str, kpi_by_slug: Mapping[str, Kpi]) -> str:
    kpi = kpi_by_slug.get(slug)
    return kpi.name if kpi else slug.replace("-", " ").capitalize()


def _direction(slug: str, kpi_by_slug: Mapping[str, Kpi]) -> str:
    kpi = kpi_by_slug.get(slug)
    return kpi.direction if kpi else "up"


def _kpi_row(result: KpiResult, kpi_by_slug: Mapping[str, Kpi]) -> dict[str, Any]:
    direction = _direction(result.kpi, kpi_by_slug)
    change = result.change(direction)
    met = result.met_target(direction)
    kpi = kpi_by_slug.get(result.kpi)
    return {
        "name": _kpi_name(result.kpi, kpi_by_slug),
        "business_impact": bool(kpi and kpi.is_business_impact),
        "baseline": str(result.baseline) if result.baseline is not None else "—",
        "target": str(result.target) if result.target is not None else "—",
        "actual": str(result.actual),
        "as_of": format_date(result.as_of),
        "change": str(change) if change is not None and change.delta != 0 else ("no change" if change else "—"),
        "change_class": (
            "change-none" if change is None or change.delta == 0 else ("change-good" if change.improved else "change-bad")
        ),
        "target_status": {True: "target met", False: "target missed", None: ""}[met],
        "note": result.note,
    }


def _charts(
    entry: Entry, kpi_by_slug: Mapping[str, Kpi], targets: Mapping[str, Any]
) -> list[dict[str, Any]]:
    by_kpi: dict[str, list] = {}
    for m in entry.measurements:
        by_kpi.setdefault(m.kpi, []).append(m)
    charts = []
    for slug, points in by_kpi.items():
        ordered = sorted(points, key=lambda m: (first_day(m.date), m.date))
        kpi = kpi_by_slug.get(slug)
        name = _kpi_name(slug, kpi_by_slug)
        unit = next((m.value.unit for m in ordered if m.value.unit), "")
        unit_note = f" ({unit})" if unit and unit not in ("%", "pp", "x", "USD", "EUR", "GBP", "JPY", "INR") else ""
        charts.append(
            {
                "kpi": name,
                "title": f"{name}{unit_note} over time",
                "business_impact": bool(kpi and kpi.is_business_impact),
                "geometry": chart_geometry(ordered, target=targets.get(slug), date_label=format_date),
                "rows": [{"date": format_date(m.date), "value": str(m.value)} for m in ordered],
            }
        )
    return charts


def _coverage(entries: Sequence[Entry], skills: Sequence[Skill]) -> list[dict[str, Any]]:
    """Rows per catalog category: for each skill, how many entries show it at each level."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for skill in skills:
        levels = {1: 0, 2: 0, 3: 0}
        for entry in entries:
            for evidence in entry.skills:
                if evidence.skill == skill.slug:
                    levels[evidence.level] += 1
        total = sum(levels.values())
        strongest = max((lvl for lvl, n in levels.items() if n), default=0)
        groups.setdefault(skill.category, []).append(
            {
                "slug": skill.slug,
                "name": skill.name,
                "led": levels[3],
                "practised": levels[2],
                "touched": levels[1],
                "cells": [_count_cell(levels[3]), _count_cell(levels[2]), _count_cell(levels[1])],
                "entries": total,
                "strongest": LEVEL_LABELS.get(strongest, "no evidence yet"),
                "status_class": "covered" if total else "gap",
            }
        )
    order = list(CATEGORY_LABELS)
    return [
        {"category": cat, "label": CATEGORY_LABELS.get(cat, cat.capitalize()), "skills": rows}
        for cat, rows in sorted(groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    ]


def _count_cell(count: int) -> dict[str, str]:
    return {"text": str(count) if count else "–", "class": f"n-{min(count, 3)}"}


def _top_outcomes(
    entries: Sequence[Entry], anchors: Mapping[int, str], kpi_by_slug: Mapping[str, Kpi]
) -> list[dict[str, Any]]:
    """The KPI results a reader should see first.

    Business impact ranks above engineering (that is what a TPM is judged
    on), then results that improved on a baseline by the largest relative
    move, then targets met; results that went the wrong way are not
    "strongest" and are left to the entry's own table.
    """
    ranked = []
    for entry in entries:
        for result in entry.kpis:
            direction = _direction(result.kpi, kpi_by_slug)
            change = result.change(direction)
            if change is not None and not change.improved:
                continue
            kpi = kpi_by_slug.get(result.kpi)
            business = bool(kpi and kpi.is_business_impact)
            move = abs(change.relative) if change is not None and change.relative is not None else Decimal(0)
            attained = result.attainment(direction) or Decimal(0)
            key = (business, change is not None, move, attained)
            ranked.append((key, entry, result, change))
    ranked.sort(key=lambda item: item[0], reverse=True)
    rows = []
    for _, entry, result, change in ranked[:TOP_OUTCOMES]:
        detail = f"from {result.baseline}" if result.baseline is not None else ""
        if result.target is not None:
            detail += ("; " if detail else "") + f"target {result.target}"
        rows.append(
            {
                "kpi": _kpi_name(result.kpi, kpi_by_slug),
                "actual": str(result.actual),
                "detail": detail,
                "change": str(change) if change is not None else "",
                "entry_title": entry.title,
                "entry_anchor": anchors[id(entry)],
            }
        )
    return rows


def _business_impact(entries: Sequence[Entry], kpi_by_slug: Mapping[str, Kpi]) -> dict[str, Any]:
    """Share of KPI results that are business impact: the guide's measure of TPM evidence."""
    results = [r for e in entries for r in e.kpis]
    business = sum(1 for r in results if (k := kpi_by_slug.get(r.kpi)) is not None and k.is_business_impact)
    if not results:
        return {
            "share": None,
            "percent": None,
            "business": 0,
            "total": 0,
            "bar_class": "w-0",
            "text": "No KPI results recorded yet.",
        }
    share = business / len(results)
    return {
        "share": share,
        "percent": f"{share:.0%}",
        "business": business,
        "total": len(results),
        "bar_class": f"w-{round(share * 10)}",
        "text": f"{business} of {len(results)} KPI results are business impact.",
    }


def _evidenced_skill_names(
    entries: Sequence[Entry], skills: Sequence[Skill], skill_by_slug: Mapping[str, Skill]
) -> list[str]:
    used = {s.skill for e in entries for s in e.skills}
    names = [s.name for s in skills if s.slug in used]
    names += sorted(_skill_name(slug, skill_by_slug) for slug in used if slug not in skill_by_slug)
    return names


def _fit(fit: Sequence[Mapping[str, Any]], shown: Sequence[Entry]) -> list[dict[str, Any]]:
    """Requirements with the evidence for each, limited to entries in this document."""
    by_id = {e.id: (f"entry-{n}", e.title) for n, e in enumerate(shown, start=1) if e.id is not None}
    rows = []
    for item in fit:
        evidence = [
            {
                "id": ev.get("id"),
                "title": by_id[ev.get("id")][1],
                "reason": str(ev.get("reason") or ""),
                "anchor": by_id[ev.get("id")][0],
            }
            for ev in item.get("evidence") or ()
            if ev.get("id") in by_id
        ]
        rows.append(
            {
                "requirement": str(item.get("requirement") or ""),
                "evidence": evidence,
                "status_class": "fit-met" if evidence else "fit-gap",
            }
        )
    return rows

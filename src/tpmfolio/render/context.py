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
from typing import Any

from ..analysis import coverage, impact_balance
from ..catalog import BUILTIN_KPIS, BUILTIN_SKILLS
from ..dates import first_day
from ..models import Entry, Kpi, KpiResult, Profile, Skill
from .charts import chart_geometry
from .curation import Outcome, is_case_study, leading, outcomes
from .language import N_, Language, language
from .prose import blocks, first_sentence, smarten

# Interface words are English msgids here, translated where they are shown (see docs/languages.md).
KIND_LABELS = {
    "project": N_("Project"),
    "tpm-task": N_("TPM task"),
    "cross-functional": N_("Cross-functional project"),
    "volunteer": N_("Volunteering"),
    "course": N_("Course"),
    "certification": N_("Certification"),
    "mentorship": N_("Mentorship"),
    "conversation": N_("Career conversation"),
    "talk": N_("Talk"),
    "writing": N_("Writing"),
    "other": N_("Other"),
}
POINT_IN_TIME_KINDS = frozenset({"talk", "conversation", "certification"})
LEVEL_LABELS = {1: N_("touched"), 2: N_("practised"), 3: N_("led")}
NO_EVIDENCE = N_("no evidence yet")
CATEGORY_LABELS = {
    "engineering": N_("Transferable engineering skills"),
    "business": N_("Business skills"),
    "other": N_("Other skills"),
}
STAR_LABELS = (("situation", N_("Situation")), ("task", N_("Task")), ("action", N_("Action")), ("result", N_("Result")))
# What a TPM case study is judged on beyond STAR; shown after it.
REFLECTION_LABELS = (("decisions", N_("Decisions and trade-offs")), ("lessons", N_("Lessons")))
# Fields where each line the person wrote is one step of a list.
STEP_FIELDS = frozenset({"action", "decisions", "lessons"})
LEARNING_TITLE = N_("Learning and community")
# Built-in names are translated in the PDF only while the person has not renamed them.
_BUILTIN_NAMES = {s.slug: s.name for s in BUILTIN_SKILLS} | {k.slug: k.name for k in BUILTIN_KPIS}
TOP_OUTCOMES = 5
COVER_OUTCOMES = 3
# A KPI note this short, on one line, is the entry's own name for what it
# measured ("quote-to-label conversion") and reads better than the catalog's.
LABEL_LIMIT = 60
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
    lang: Language | None = None,
) -> dict[str, Any]:
    """Everything a theme template needs, as display strings.

    Case studies keep the order given (the caller orders or tailors them,
    see :func:`tpmfolio.render.curation.order_entries`) and become
    ``entries``; learning and community entries become the compact
    ``learning`` list, most recent first. Confidential entries are dropped
    unless ``include_confidential``, and so is any ``fit`` evidence that
    points at a dropped entry, so a tailored page never names work the
    reader must not see. ``lang`` (English by default) gives the interface
    words, month names and derived numbers; the person's text is left as is.

    >>> ctx = build_context(Profile(name="Ada"), [], [], [], generated=dt.date(2025, 1, 15))
    >>> ctx["document"]["created"], ctx["glance"]["business_impact"]["percent"]
    ('2025-01-15', None)
    """
    generated = generated or dt.date.today()
    lang = lang or language()
    _ = lang.gettext
    shown = [e for e in entries if include_confidential or not e.confidential]
    cases = [e for e in shown if is_case_study(e)]
    learning = sorted((e for e in shown if not is_case_study(e)), key=lambda e: e.sort_date, reverse=True)
    skill_by_slug = {s.slug: s for s in skills}
    kpi_by_slug = {k.slug: k for k in kpis}
    anchors = {id(e): f"entry-{n}" for n, e in enumerate(cases + learning, start=1)}
    found = outcomes(cases + learning, kpi_by_slug)
    skill_by_slug = {slug: _named(s, lang) for slug, s in skill_by_slug.items()}
    kpi_by_slug = {slug: _named(k, lang) for slug, k in kpi_by_slug.items()}
    skills = [skill_by_slug[s.slug] for s in skills]

    entry_views = [
        _entry(n, e, anchors[id(e)], skill_by_slug, kpi_by_slug, lang) for n, e in enumerate(cases, start=1)
    ]
    evidenced = _evidenced_skill_names(shown, skills, skill_by_slug)
    target = _prepared_for(prepared_for, lang)
    words = {"name": profile.name or _("Portfolio"), "role": profile.target_role or _("Technical Product Management")}
    if target:
        title = _("%(name)s — %(role)s portfolio for %(reader)s") % {**words, "reader": target["company"] or target["title"]}
    else:
        title = _("%(name)s — %(role)s portfolio") % words
    fit_rows = _fit(fit, shown, anchors, found, kpi_by_slug, lang) if fit is not None else None
    return {
        "document": {
            "title": title,
            "author": profile.name,
            "keywords": ", ".join(evidenced),
            # The PDF's Subject: the posting it answers, else the role sought.
            "subject": _subject(target, lang) if target else (profile.target_role or profile.headline or ""),
            "created": generated.isoformat(),
            "generated": lang.date(generated, "day", long=True),
            "language": lang.tag,
        },
        "profile": _profile(profile),
        "prepared_for": target,
        "highlights": [_outcome_row(o, anchors, kpi_by_slug, lang) for o in leading(found, COVER_OUTCOMES, one_per_entry=True)],
        "glance": {
            "entry_count": len(shown),
            "coverage": _shown_skills(_coverage(shown, skills, lang)),
            "covered_count": sum(1 for s in skills if any(s.slug in e.skill_slugs for e in shown)),
            "skill_count": len(skills),
            "top_outcomes": [_outcome_row(o, anchors, kpi_by_slug, lang) for o in leading(found, TOP_OUTCOMES)],
            "business_impact": _business_impact(shown, kpi_by_slug, lang),
        },
        "fit": fit_rows,
        "entries": entry_views,
        "learning": [_learning_item(e, anchors[id(e)], lang) for e in learning],
        # One bookmark per case study plus these fixed sections, in reading order.
        "outline": [_("At a glance")]
        + ([_("How my experience fits")] if fit_rows is not None else [])
        + ([_(LEARNING_TITLE)] if learning else []),
    }


def _subject(target: Mapping[str, str], lang: Language) -> str:
    """The posting a tailored PDF answers, for its Subject: "Senior TPM at Fabrikam" in the reader's words."""
    if target["title"] and target["company"]:
        return lang.gettext("%(title)s at %(company)s") % {"title": target["title"], "company": target["company"]}
    return target["title"] or target["company"]


def _named(item: Any, lang: Language) -> Any:
    """A built-in skill or KPI under its name in ``lang``, unless the person renamed it; nothing stored changes."""
    import attrs

    if _BUILTIN_NAMES.get(item.slug) != item.name:
        return item
    return attrs.evolve(item, name=lang.gettext(item.name))


# --- formatting -----------------------------------------------------------------


def format_date(value: str | None, *, long: bool = False, lang: Language | None = None) -> str:
    """``2024`` → ``2024``, ``2024-03`` → ``Mar 2024``, ``2024-03-05`` → ``5 Mar 2024`` (in German ``5. März 2024``)."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1)
    return (lang or language()).date(day, "month" if len(parts) == 2 else "day", long=long)


def format_range(started: str | None, ended: str | None, kind: str = "project", lang: Language | None = None) -> str:
    """A reader-friendly period: ``Mar – Sep 2024``, ``Mar 2024 – present``.

    A talk, a conversation or a certification happens on a date, and so does
    anything dated to the day: without an end it is that date, not
    "– present".
    """
    lang = lang or language()
    if not started:
        return format_date(ended, lang=lang)
    if not ended:
        if kind in POINT_IN_TIME_KINDS or len(started) == 10:
            return format_date(started, lang=lang)
        return lang.gettext("%(start)s – present") % {"start": format_date(started, lang=lang)}
    if ended == started:
        return format_date(started, lang=lang)
    start, end = format_date(started, lang=lang), format_date(ended, lang=lang)
    if len(started) == len(ended) == 7 and started[:4] == ended[:4]:
        start = lang.month(int(started[5:7]))
    return f"{start} – {end}"


def _href(url: str) -> str | None:
    return url if _SAFE_HREF.match(url or "") else None


def _display_url(url: str) -> str:
    return re.sub(r"^(https?://(www\.)?|mailto:)", "", url).rstrip("/")


# --- sections --------------------------------------------------------------------


def _profile(profile: Profile) -> dict[str, Any]:
    contact: list[dict[str, str | None]] = []
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
        "headline": smarten(profile.headline),
        "target_role": smarten(profile.target_role),
        "summary": blocks(profile.summary),
        "contact": contact,
    }


def _prepared_for(prepared_for: Mapping[str, str] | None, lang: Language) -> dict[str, str] | None:
    if not prepared_for:
        return None
    title = str(prepared_for.get("title") or "").strip()
    company = str(prepared_for.get("company") or "").strip()
    if not title and not company:
        return None
    if title and company:
        text = lang.gettext("Prepared for %(title)s at %(company)s") % {"title": title, "company": company}
    else:
        text = lang.gettext("Prepared for %(reader)s") % {"reader": title or company}
    return {"title": title, "company": company, "text": text}


def _entry(
    number: int,
    entry: Entry,
    anchor: str,
    skill_by_slug: Mapping[str, Skill],
    kpi_by_slug: Mapping[str, Kpi],
    lang: Language,
) -> dict[str, Any]:
    _ = lang.gettext
    order = {slug: i for i, slug in enumerate(skill_by_slug)}
    evidence = sorted(entry.skills, key=lambda s: (-s.level, order.get(s.skill, len(order)), s.skill))
    targets = {r.kpi: r.target for r in entry.kpis}
    labels = {r.kpi: kpi_label(r, kpi_by_slug) for r in entry.kpis}
    return {
        "number": number,
        "anchor": anchor,
        "id": entry.id,
        "title": smarten(entry.title),
        "kind": _(KIND_LABELS[entry.kind]) if entry.kind in KIND_LABELS else entry.kind,
        "dates": format_range(entry.started, entry.ended, entry.kind, lang),
        "organization": smarten(entry.organization),
        "role": smarten(entry.role),
        "confidential": entry.confidential,
        "summary": blocks(entry.summary),
        "star": [
            {"field": field, "label": _(label), "blocks": blocks(getattr(entry, field), steps=field in STEP_FIELDS)}
            for field, label in STAR_LABELS
            if getattr(entry, field)
        ],
        "reflections": [
            {"field": field, "label": _(label), "blocks": blocks(getattr(entry, field), steps=field in STEP_FIELDS)}
            for field, label in REFLECTION_LABELS
            if getattr(entry, field, "")
        ],
        "skills": [
            {
                "name": _skill_name(s.skill, skill_by_slug),
                "level": s.level,
                "level_label": _(LEVEL_LABELS[s.level]),
                "level_class": f"level-{s.level}",
                "note": smarten(s.note),
            }
            for s in evidence
        ],
        "kpis": [_kpi_row(r, kpi_by_slug, lang) for r in entry.kpis],
        "charts": _charts(entry, kpi_by_slug, targets, labels, lang),
        "testimonials": [
            {
                "quote": blocks(t.quote),
                "author": smarten(t.author),
                "author_role": smarten(t.author_role),
                "attribution": ", ".join(p for p in (smarten(t.author), smarten(t.author_role)) if p),
            }
            for t in entry.testimonials
        ],
        "links": [
            {
                "href": _href(link.url),
                "label": smarten(link.label) if link.label else _display_url(link.url),
                "url": _display_url(link.url),
            }
            for link in entry.links
        ],
    }


def _learning_item(entry: Entry, anchor: str, lang: Language) -> dict[str, Any]:
    """One line of the learning and community list: what, when, where, and its opening sentence."""
    link = next((link for link in entry.links if _href(link.url)), None)
    return {
        "anchor": anchor,
        "id": entry.id,
        "title": smarten(entry.title),
        "kind": lang.gettext(KIND_LABELS[entry.kind]) if entry.kind in KIND_LABELS else entry.kind,
        "dates": format_range(entry.started, entry.ended, entry.kind, lang),
        "organization": smarten(entry.organization),
        "line": first_sentence(entry.summary or entry.result or entry.action),
        "link": {"href": _href(link.url), "label": smarten(link.label) or _display_url(link.url)} if link else None,
    }


def _skill_name(slug: str, skill_by_slug: Mapping[str, Skill]) -> str:
    skill = skill_by_slug.get(slug)
    return skill.name if skill else slug.replace("-", " ").capitalize()


def _kpi_name(slug: str, kpi_by_slug: Mapping[str, Kpi]) -> str:
    kpi = kpi_by_slug.get(slug)
    return kpi.name if kpi else slug.replace("-", " ").capitalize()


def kpi_label(result: KpiResult, kpi_by_slug: Mapping[str, Kpi]) -> str:
    """The entry's own name for what it measured when its note is one (short, one line), else the catalog's.

    >>> kpi_label(KpiResult("feature-usage", "71%", note="quote-to-label conversion"), {})
    'Quote-to-label conversion'
    """
    note = " ".join(result.note.split())
    if note and len(note) <= LABEL_LIMIT and "\n" not in result.note.strip():
        note = smarten(note)
        # Past an opening quote, never past a number: "90-day retention" stays.
        first = len(note) - len(note.lstrip("\"'“‘(["))
        return note[:first] + note[first:first + 1].upper() + note[first + 1:]
    return _kpi_name(result.kpi, kpi_by_slug)


def _direction(slug: str, kpi_by_slug: Mapping[str, Kpi]) -> str:
    kpi = kpi_by_slug.get(slug)
    return kpi.direction if kpi else "up"


def _kpi_row(result: KpiResult, kpi_by_slug: Mapping[str, Kpi], lang: Language) -> dict[str, Any]:
    _ = lang.gettext
    direction = _direction(result.kpi, kpi_by_slug)
    change = result.change(direction)
    met = result.met_target(direction)
    kpi = kpi_by_slug.get(result.kpi)
    label = kpi_label(result, kpi_by_slug)
    name = _kpi_name(result.kpi, kpi_by_slug)
    return {
        "label": label,
        # The catalog's name under the entry's own label, unless they say the same.
        "name": name if name.casefold() != label.casefold() else "",
        "business_impact": bool(kpi and kpi.is_business_impact),
        "baseline": str(result.baseline) if result.baseline is not None else "—",
        "target": str(result.target) if result.target is not None else "—",
        "actual": str(result.actual),
        "as_of": format_date(result.as_of, lang=lang),
        "change": lang.change(change) if change is not None and change.delta != 0 else (_("no change") if change else "—"),
        "change_class": (
            "change-none" if change is None or change.delta == 0 else ("change-good" if change.improved else "change-bad")
        ),
        "target_status": {True: _("target met"), False: _("target missed"), None: ""}[met],
        # A note that became the label is not repeated under it.
        "note": "" if label != name else smarten(result.note),
    }


def _charts(
    entry: Entry, kpi_by_slug: Mapping[str, Kpi], targets: Mapping[str, Any], labels: Mapping[str, str], lang: Language
) -> list[dict[str, Any]]:
    def date_label(value: str | None) -> str:
        return format_date(value, lang=lang)

    by_kpi: dict[str, list] = {}
    for m in entry.measurements:
        by_kpi.setdefault(m.kpi, []).append(m)
    charts = []
    for slug, points in by_kpi.items():
        ordered = sorted(points, key=lambda m: (first_day(m.date), m.date))
        kpi = kpi_by_slug.get(slug)
        name = labels.get(slug) or _kpi_name(slug, kpi_by_slug)
        unit = next((m.value.unit for m in ordered if m.value.unit), "")
        unit_note = f" ({unit})" if unit and unit not in ("%", "pp", "x", "USD", "EUR", "GBP", "JPY", "INR") else ""
        geometry = chart_geometry(
            ordered, target=targets.get(slug), date_label=date_label, number_label=lang.derived,
            target_label=lang.gettext("Target %(value)s"),
        )
        rows = [{"date": date_label(m.date), "value": str(m.value)} for m in ordered]
        charts.append(
            {
                "kpi": name,
                "title": lang.gettext("%(measure)s over time") % {"measure": f"{name}{unit_note}"},
                "business_impact": bool(kpi and kpi.is_business_impact),
                "geometry": geometry,
                # The values as text for the chart's description; the table
                # is printed only when the drawing cannot show every value.
                "description": f"{name}: " + ", ".join(f"{r['value']} ({r['date']})" for r in rows),
                "rows": rows,
                "table": geometry is None or not geometry["all_labelled"],
            }
        )
    return charts


def _coverage(entries: Sequence[Entry], skills: Sequence[Skill], lang: Language) -> list[dict[str, Any]]:
    """Rows per catalog category: for each skill, how many entries show it at each level."""
    groups: dict[str, list[dict[str, Any]]] = {}
    covered = coverage(entries, skills)
    for skill in skills:
        cover = covered[skill.slug]
        levels = dict(enumerate(cover.levels, start=1))
        total, strongest = cover.entries, cover.max_level
        groups.setdefault(skill.category, []).append(
            {
                "slug": skill.slug,
                "name": skill.name,
                "led": levels[3],
                "practised": levels[2],
                "touched": levels[1],
                "cells": [_count_cell(levels[3], lang), _count_cell(levels[2], lang), _count_cell(levels[1], lang)],
                "entries": total,
                "strongest": lang.gettext(LEVEL_LABELS.get(strongest, NO_EVIDENCE)),
                "status_class": "covered" if total else "gap",
            }
        )
    order = list(CATEGORY_LABELS)
    return [
        {"category": cat, "label": lang.gettext(CATEGORY_LABELS[cat]) if cat in CATEGORY_LABELS else cat.capitalize(), "skills": rows}
        for cat, rows in sorted(groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    ]


def _shown_skills(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The matrix as printed: skills with evidence only. What is missing is for the person (``gaps``), not the reader."""
    out = []
    for group in groups:
        rows = [row for row in group["skills"] if row["entries"]]
        if rows:
            out.append({**group, "skills": rows})
    return out


def _count_cell(count: int, lang: Language) -> dict[str, str]:
    return {"text": lang.number(count) if count else "–", "class": f"n-{min(count, 3)}"}


def _outcome_row(outcome: Outcome, anchors: Mapping[int, str], kpi_by_slug: Mapping[str, Kpi], lang: Language) -> dict[str, Any]:
    """An outcome for the cover and the summary page, under the entry's own label for the KPI."""
    result = outcome.result
    detail = []
    if result.baseline is not None:
        detail.append(lang.gettext("from %(baseline)s") % {"baseline": result.baseline})
    if result.target is not None:
        words = N_("target %(target)s met") if outcome.met else N_("target %(target)s")
        detail.append(lang.gettext(words) % {"target": result.target})
    return {
        "label": kpi_label(result, kpi_by_slug),
        "kpi": _kpi_name(result.kpi, kpi_by_slug),
        "actual": str(result.actual),
        "detail": ", ".join(detail),
        "change": lang.change(outcome.change) if outcome.change is not None else "",
        "business_impact": outcome.business,
        "entry_title": smarten(outcome.entry.title),
        "entry_anchor": anchors[id(outcome.entry)],
    }


def _business_impact(entries: Sequence[Entry], kpi_by_slug: Mapping[str, Kpi], lang: Language) -> dict[str, Any]:
    """Share of KPI results that are business impact: the guide's measure of TPM evidence."""
    balance = impact_balance(entries, kpi_by_slug.values())
    business, share = balance.business, balance.share
    if share is None:
        return {
            "share": None,
            "percent": None,
            "business": 0,
            "total": 0,
            "bar_class": "w-0",
            "text": lang.gettext("No KPI results recorded yet."),
        }
    return {
        "share": share,
        "percent": lang.percent(share),
        "business": business,
        "total": balance.total,
        "bar_class": f"w-{round(share * 10)}",
        "text": lang.ngettext(
            "%(business)s of %(total)s KPI result is business impact.", "%(business)s of %(total)s KPI results are business impact.", balance.total
        ) % {"business": lang.number(business), "total": lang.number(balance.total)},
    }


def _evidenced_skill_names(
    entries: Sequence[Entry], skills: Sequence[Skill], skill_by_slug: Mapping[str, Skill]
) -> list[str]:
    used = {s.skill for e in entries for s in e.skills}
    names = [s.name for s in skills if s.slug in used]
    names += sorted(_skill_name(slug, skill_by_slug) for slug in used if slug not in skill_by_slug)
    return names


def _fit(
    fit: Sequence[Mapping[str, Any]],
    shown: Sequence[Entry],
    anchors: Mapping[int, str],
    found: Sequence[Outcome],
    kpi_by_slug: Mapping[str, Kpi],
    lang: Language,
) -> list[dict[str, Any]]:
    """The requirements this document answers, each with its evidence, in the portfolio's words.

    A requirement no entry here answers is left out: that list is for the
    person (``tpmfolio gaps --for``), not for the employer. Evidence reads
    as the portfolio does ("Stakeholder management, led") with the entry's
    strongest outcome, never as the ranking's internals ("level 3").
    """
    by_id = {e.id: e for e in shown if e.id is not None}
    best: dict[int, Outcome] = {}
    for outcome in found:
        best.setdefault(id(outcome.entry), outcome)
    rows = []
    for item in fit:
        evidence = []
        for ev in item.get("evidence") or ():
            entry = by_id.get(ev.get("id"))
            if entry is None:
                continue
            pieces = _fit_skill(ev, lang)
            strongest = best.get(id(entry))
            if strongest is not None:
                pieces.append(f"{strongest.result.actual} {_in_sentence(kpi_label(strongest.result, kpi_by_slug), lang)}")
            evidence.append(
                {"id": entry.id, "title": smarten(entry.title), "reason": " · ".join(pieces), "anchor": anchors[id(entry)]}
            )
        if evidence:
            rows.append({"requirement": smarten(str(item.get("requirement") or "")), "evidence": evidence, "status_class": "fit-met"})
    return rows


def _in_sentence(label: str, lang: Language) -> str:
    """A label after a number: "Revenue" → "revenue", but "SMB revenue" stays; German nouns keep their capital."""
    if lang.code == "de":
        return label
    return label[0].lower() + label[1:] if label[:2].istitle() else label


def _fit_skill(evidence: Mapping[str, Any], lang: Language) -> list[str]:
    """The skill a piece of evidence rests on, as the portfolio says it ("Team leadership, led"); none for words alone.

    A built-in skill's English name is translated like the rest of the page; a name the person gave stays.
    """
    skill, level = lang.gettext(str(evidence.get("skill") or "")) if evidence.get("skill") else "", evidence.get("level")
    if not skill or level not in LEVEL_LABELS:
        return []
    return [f"{skill[:1].upper()}{skill[1:]}, {lang.gettext(LEVEL_LABELS[level])}"]

"""JSON Resume (https://jsonresume.org, schema v1.0.0) in and out.

Out: a resume for other people, so it tells KPIs in words ("Raised customer
adoption rate from 10% to 34% (target 30%)") and leaves out confidential
entries and conversations about the move. In (:mod:`.resume_import`):
every work, project, volunteer and certificate item becomes an entry,
keeping its highlights, so an existing resume is a quick start for a
portfolio.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..catalog import BUILTIN_KPIS, BUILTIN_SKILLS
from ..models import Entry, Kpi, KpiResult, Profile, Skill

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
WORK_KINDS = ("project", "tpm-task", "cross-functional")
LEFT_OUT_KINDS = ("conversation",)
LEVEL_WORDS = {1: "Basic", 2: "Intermediate", 3: "Advanced"}
_SECTIONS = {"work": "project", "projects": "project", "volunteer": "volunteer", "certificates": "certification"}


# --- out ----------------------------------------------------------------------


def to_jsonresume(
    profile: Profile | None,
    entries: Iterable[Entry],
    skills: Iterable[Skill] = (),
    kpis: Iterable[Kpi] = (),
    *,
    include_confidential: bool = False,
) -> dict[str, Any]:
    """A JSON Resume document valid against the official v1.0.0 schema.

    Entries go to the section a resume reader expects: project, TPM task
    and cross-functional work done for an organization → ``work``; courses →
    ``education``; certifications → ``certificates``; volunteering →
    ``volunteer``; everything else → ``projects``. Empty fields are left out
    rather than written as ``""``, which themes would show as blanks.
    """
    profile = profile or Profile()
    skill_names = {s.slug: s for s in BUILTIN_SKILLS} | {s.slug: s for s in skills}
    kpi_by_slug = {k.slug: k for k in BUILTIN_KPIS} | {k.slug: k for k in kpis}
    chosen = [
        e for e in entries
        if (include_confidential or not e.confidential) and e.kind not in LEFT_OUT_KINDS
    ]
    chosen.sort(key=lambda e: (e.sort_date, e.started or "", e.title), reverse=True)

    resume: dict[str, Any] = {"$schema": SCHEMA_URL, "basics": _basics(profile)}
    sections: dict[str, list[dict[str, Any]]] = {
        "work": [], "volunteer": [], "education": [], "certificates": [], "projects": []
    }
    for entry in chosen:
        section, item = _item(entry, kpi_by_slug, skill_names)
        sections[section].append(item)
    for name, items in sections.items():
        if items:
            resume[name] = items
    resume_skills = _skills(chosen, skill_names)
    if resume_skills:
        resume["skills"] = resume_skills
    return resume


def _compact(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v not in ("", None, [], {})}


def _basics(profile: Profile) -> dict[str, Any]:
    return _compact(
        {
            "name": profile.name,
            "label": profile.headline or profile.target_role,
            "email": profile.email,
            "phone": profile.phone,
            "url": profile.url,
            "summary": profile.summary,
            # tpmfolio keeps location as one line of text; city is what themes show.
            "location": _compact({"city": profile.location}),
        }
    )


def _item(entry: Entry, kpis: Mapping[str, Kpi], skills: Mapping[str, Skill]) -> tuple[str, dict[str, Any]]:
    url = next((link.url for link in entry.links if link.url.startswith(("http://", "https://"))), "")
    highlights = _highlights(entry, kpis)
    dates = {"startDate": entry.started, "endDate": entry.ended}
    if entry.kind == "volunteer" or (entry.kind in WORK_KINDS and entry.organization):
        # The two sections differ only in what the schema calls the organisation.
        section, organization = ("volunteer", "organization") if entry.kind == "volunteer" else ("work", "name")
        return section, _compact(
            {
                organization: entry.organization or entry.title,
                "position": entry.role or entry.title,
                "url": url,
                **dates,
                "summary": _titled_summary(entry),
                "highlights": highlights,
            }
        )
    if entry.kind == "course":
        return "education", _compact(
            {
                "institution": entry.organization or entry.title,
                "url": url,
                "area": entry.title,
                "studyType": "Course",
                **dates,
                "courses": [entry.title],
            }
        )
    if entry.kind == "certification":
        return "certificates", _compact(
            {"name": entry.title, "date": entry.ended or entry.started, "url": url, "issuer": entry.organization}
        )
    return "projects", _compact(
        {
            "name": entry.title,
            "description": entry.summary or entry.situation,
            "highlights": highlights,
            "keywords": [skills[s.skill].name if s.skill in skills else s.skill for s in entry.skills],
            **dates,
            "url": url,
            "roles": [entry.role] if entry.role else [],
            "entity": entry.organization,
            "type": entry.kind,
        }
    )


def _titled_summary(entry: Entry) -> str:
    body = entry.summary or entry.situation
    return f"{entry.title}: {body}" if body else entry.title


def _highlights(entry: Entry, kpis: Mapping[str, Kpi]) -> list[str]:
    lines = [kpi_sentence(result, kpis.get(result.kpi)) for result in entry.kpis]
    return lines + _points(entry.result)


def _points(text: str) -> list[str]:
    """Split result text into highlights: one per bullet line or paragraph."""
    points: list[str] = []
    current: list[str] = []
    for line in text.splitlines() + [""]:
        stripped = line.strip()
        bullet = re.match(r"^[-*•]\s+", stripped)
        if bullet or not stripped:
            if current:
                points.append(" ".join(current))
            current = [stripped[bullet.end():]] if bullet else []
        else:
            current.append(stripped)
    return [p for p in points if p]


def kpi_sentence(result: KpiResult, kpi: Kpi | None = None) -> str:
    """A KPI result in words, with a verb that respects which way is good.

    >>> kpi_sentence(KpiResult.parse("adoption-rate=34% baseline=10% target=30%"),
    ...              Kpi("adoption-rate", "Customer adoption rate"))
    'Raised customer adoption rate from 10% to 34% (target 30%)'
    """
    name = _lower_first(kpi.name if kpi else result.kpi.replace("-", " "))
    direction = kpi.direction if kpi else "up"
    actual = result.actual
    if result.baseline is None:
        sentence = f"Reached {name} of {actual}"
    else:
        delta = actual.number - result.baseline.number
        if delta == 0:
            verb = "Held"
        elif (delta > 0) == (direction == "up"):
            verb = "Raised" if delta > 0 else "Cut"
        else:
            verb = "Moved"
        sentence = f"{verb} {name} from {result.baseline} to {actual}"
        if verb == "Held":
            sentence = f"Held {name} at {actual}"
    if result.target is not None:
        sentence += f" (target {result.target})"
    return sentence


def _lower_first(name: str) -> str:
    # "Customer adoption rate" reads as a phrase in a sentence; "ROI" must stay.
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _skills(entries: list[Entry], skills: Mapping[str, Skill]) -> list[dict[str, Any]]:
    shown: dict[str, list[tuple[int, Entry]]] = {}
    for entry in entries:
        for evidence in entry.skills:
            shown.setdefault(evidence.skill, []).append((evidence.level, entry))
    order = {s.slug: i for i, s in enumerate(BUILTIN_SKILLS)}
    ranked = sorted(shown.items(), key=lambda kv: (-len(kv[1]), order.get(kv[0], len(order)), kv[0]))
    out = []
    for slug, shown_in in ranked:
        titles = [e.title for _, e in sorted(shown_in, key=lambda le: -le[0])]
        out.append(
            {
                "name": skills[slug].name if slug in skills else slug.replace("-", " ").capitalize(),
                "level": LEVEL_WORDS[max(level for level, _ in shown_in)],
                "keywords": list(dict.fromkeys(titles)),
            }
        )
    return out


# --- in: see resume_import, kept importable from here ------------------------------

from .resume_import import from_jsonresume  # noqa: E402

__all__ = ["SCHEMA_URL", "from_jsonresume", "kpi_sentence", "to_jsonresume"]

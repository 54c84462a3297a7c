"""JSON Resume (https://jsonresume.org, schema v1.0.0) in and out.

Out: a resume for other people, so it tells KPIs in words ("Raised customer
adoption rate from 10% to 34% (target 30%)") and leaves out confidential
entries and conversations about the move. In: every work, project,
volunteer and certificate item becomes an entry, keeping its highlights, so
an existing resume is a quick start for a portfolio.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..catalog import BUILTIN_KPIS, BUILTIN_SKILLS
from ..models import Entry, Kpi, KpiResult, Profile, Skill
from .document import ImportedPortfolio
from .entries import _entry_from_data, model_field, text_value
from .problems import Problems, index, join, type_name

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
    if entry.kind in WORK_KINDS and entry.organization:
        return "work", _compact(
            {
                "name": entry.organization,
                "position": entry.role or entry.title,
                "url": url,
                **dates,
                "summary": _titled_summary(entry),
                "highlights": highlights,
            }
        )
    if entry.kind == "volunteer":
        return "volunteer", _compact(
            {
                "organization": entry.organization or entry.title,
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
    for slug, evidence in ranked:
        titles = [e.title for _, e in sorted(evidence, key=lambda le: -le[0])]
        out.append(
            {
                "name": skills[slug].name if slug in skills else slug.replace("-", " ").capitalize(),
                "level": LEVEL_WORDS[max(level for level, _ in evidence)],
                "keywords": list(dict.fromkeys(titles)),
            }
        )
    return out


# --- in -----------------------------------------------------------------------


def from_jsonresume(data: Any, *, source: str = "", known_skills: Iterable[Skill] = ()) -> ImportedPortfolio:
    """Read a JSON Resume into a profile, entries, and the skills they mention.

    Each resume ``skills`` item is matched to a catalog skill when its name
    or keywords fit one closely; otherwise it becomes a custom skill (slug
    from its name, category ``other``). An entry gets a skill at level 2
    when its text mentions the skill's name or one of the resume keywords.
    Entry uids are derived from the section, name and start date, so
    importing the same resume twice updates rather than duplicates.
    """
    problems = Problems()
    if not isinstance(data, Mapping):
        problems.add("", f"a JSON Resume is a mapping with basics, work, projects…; this holds {type_name(data)}")
        problems.raise_if_any(source)
    profile = _profile(data.get("basics"), problems)
    catalog = list(BUILTIN_SKILLS) + list(known_skills)
    matched, custom = _match_skills(data.get("skills"), catalog, problems)

    raw: list[tuple[str, dict[str, Any]]] = []
    for section, kind in _SECTIONS.items():
        items = data.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.add(section, f"expected a list, got {type_name(items)}")
            continue
        for i, item in enumerate(items):
            path = index(section, i)
            if not isinstance(item, Mapping):
                problems.add(path, f"expected a mapping, got {type_name(item)}")
                continue
            raw.append((path, _entry_data(section, kind, item, path, problems)))

    entries = []
    for path, fields in raw:
        text = " ".join(str(v) for v in fields.values() if isinstance(v, str)).lower()
        fields["skills"] = [
            {"skill": slug, "level": 2} for slug, words in matched if any(_mentions(text, w) for w in words)
        ]
        local = Problems()
        entries.append(_entry_from_data(fields, path, local, None, None))
        for at, message in local.items:
            problems.add(_resume_path(at, path), message)
    problems.raise_if_any(source)
    return ImportedPortfolio(profile=profile, skills=tuple(custom), entries=tuple(entries))


def _resume_path(at: str, item: str) -> str:
    """Name a problem by the resume's own key: ``startDate``, not ``started``."""
    section = item.split("[", 1)[0]
    names = {"started": "date" if section == "certificates" else "startDate", "ended": "endDate", "links": "url"}
    field = at[len(item) + 1:].split(".", 1)[0].split("[", 1)[0]
    return join(item, names[field]) if field in names else at


def _profile(basics: Any, problems: Problems) -> Profile | None:
    if basics is None:
        return None
    if not isinstance(basics, Mapping):
        problems.add("basics", f"expected a mapping, got {type_name(basics)}")
        return None
    location = basics.get("location")
    if isinstance(location, Mapping):
        location = ", ".join(str(location[k]) for k in ("city", "region", "countryCode") if location.get(k))
    values = {
        "name": ("name", basics.get("name")),
        "headline": ("label", basics.get("label")),
        "email": ("email", basics.get("email")),
        "phone": ("phone", basics.get("phone")),
        "url": ("url", basics.get("url")),
        "location": ("location", location),
        "summary": ("summary", basics.get("summary")),
    }
    fields = {}
    for name, (key, value) in values.items():
        path = join("basics", key)
        text = text_value(value, path, problems)
        fields[name] = "" if text is None else model_field(Profile, name, text, path, problems)
    try:
        return Profile(**fields)
    except (ValueError, TypeError):
        return None


def _entry_data(section: str, kind: str, item: Mapping[str, Any], path: str, problems: Problems) -> dict[str, Any]:
    def text(key: str) -> str:
        value = text_value(item.get(key), join(path, key), problems)
        return value or ""

    highlights = item.get("highlights") or []
    if not isinstance(highlights, list):
        problems.add(join(path, "highlights"), f"expected a list, got {type_name(highlights)}")
        highlights = []
    bullets = "\n".join(f"- {text_value(h, join(path, 'highlights'), problems) or ''}" for h in highlights)
    if section == "work":
        organization, role = text("name"), text("position")
        title = f"{role} at {organization}" if role and organization else role or organization
        summary = "\n\n".join(p for p in (text("summary"), text("description")) if p)
        started, ended = item.get("startDate"), item.get("endDate")
    elif section == "volunteer":
        organization, role = text("organization"), text("position")
        title = f"{role} at {organization}" if role and organization else role or organization
        summary = text("summary")
        started, ended = item.get("startDate"), item.get("endDate")
    elif section == "projects":
        organization = text("entity")
        roles = item.get("roles") or []
        role = ", ".join(str(r) for r in roles) if isinstance(roles, list) else str(roles)
        title = text("name")
        summary = text("description")
        started, ended = item.get("startDate"), item.get("endDate")
    else:  # certificates
        organization, role, title, summary = text("issuer"), "", text("name"), ""
        started = ended = item.get("date")
    url = item.get("url")
    key = "|".join((section, title, str(started or "")))
    return {
        "uid": "jsonresume-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        "title": title,
        "kind": kind,
        "started": started,
        "ended": ended,
        "organization": organization,
        "role": role,
        "summary": summary,
        "result": bullets,
        "links": [{"url": url, "label": ""}] if url else [],
        "tags": ["imported-from-resume"],
    }


def _match_skills(items: Any, catalog: list[Skill], problems: Problems) -> tuple[list[tuple[str, list[str]]], list[Skill]]:
    """Pair each resume skill with a catalog skill, or make it a custom one.

    Returns (slug, words that show it in an entry's text) pairs and the
    custom skills to create.
    """
    if items is None:
        return [], []
    if not isinstance(items, list):
        problems.add("skills", f"expected a list, got {type_name(items)}")
        return [], []
    matched: list[tuple[str, list[str]]] = []
    custom: dict[str, Skill] = {}
    for i, item in enumerate(items):
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str) or not item["name"].strip():
            problems.add(index("skills", i), "expected a mapping with a name")
            continue
        name = item["name"].strip()
        keywords = [str(k) for k in item.get("keywords") or [] if str(k).strip()]
        slug = _catalog_match(name, keywords, catalog)
        if slug is None:
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or f"skill-{i + 1}"
            custom.setdefault(slug, Skill(slug=slug, name=name, category="other", keywords=keywords))
        matched.append((slug, [name, *keywords]))
    return matched, list(custom.values())


def _catalog_match(name: str, keywords: list[str], catalog: list[Skill]) -> str | None:
    words = {w.lower() for w in [name, *keywords]}
    best, best_score = None, 0.0
    for skill in catalog:
        ratio = max(difflib.SequenceMatcher(None, name.lower(), n.lower()).ratio() for n in (skill.name, skill.slug.replace("-", " ")))
        overlap = len(words & {k.lower() for k in skill.keywords})
        score = ratio if ratio >= 0.8 else 0.0
        score += 0.5 * overlap
        if score > best_score:
            best, best_score = skill.slug, score
    return best if best_score >= 0.8 else None


def _mentions(text: str, word: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(word.lower()) + r"(?!\w)", text) is not None


__all__ = ["SCHEMA_URL", "from_jsonresume", "kpi_sentence", "to_jsonresume"]

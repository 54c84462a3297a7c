"""Reading a JSON Resume someone wrote by hand into a profile, entries and skills.

Real resume.json files stray from the schema in the same few ways: old keys
(``company``, ``website``), dates like ``Present`` or ``07/2025``, URLs
without ``https://``, an end date before the start, keys of their own. A
person importing their résumé wants it in, so each of those is read the one
sensible way, and every value changed or left out is reported as a note
naming the place in the file with the file's own field names
(``work[2].endDate``). With ``strict`` the notes are problems instead, and
the file is refused whole.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from ..catalog import BUILTIN_SKILLS
from ..dates import first_day, last_day
from ..errors import ImportProblems, InvalidValue
from ..models import Link, Profile, Skill
from .document import ImportedPortfolio
from .entries import _entry_from_data
from .problems import MESSAGE_LIMIT, Problems, index, join, strip_field, type_name
from .resume_dates import ONGOING, read_resume_date

# Keys the schema (v1.0.0, and the older one with ``company``/``website``)
# defines; the others are a file's own and are skipped and listed.
TOP_KEYS = frozenset({
    "$schema", "basics", "work", "volunteer", "education", "awards", "certificates", "publications",
    "skills", "languages", "interests", "references", "projects", "meta",
})
BASICS_KEYS = frozenset({
    "name", "label", "image", "picture", "email", "phone", "url", "website", "summary", "location", "profiles",
})
SECTION_KEYS = {
    "work": frozenset({
        "name", "company", "location", "description", "position", "url", "website",
        "startDate", "endDate", "summary", "highlights",
    }),
    "volunteer": frozenset({
        "organization", "position", "url", "website", "startDate", "endDate", "summary", "highlights",
    }),
    "projects": frozenset({
        "name", "description", "highlights", "keywords", "startDate", "endDate", "url", "roles", "entity", "type",
    }),
    "certificates": frozenset({"name", "date", "url", "issuer"}),
}
KINDS = {"work": "project", "projects": "project", "volunteer": "volunteer", "certificates": "certification"}
_IMPORTED = (*KINDS, "basics", "skills")
# What tpmfolio derives rather than reads (the kind from the section, skills
# from matching, the tag): set on a new entry, never over what the person chose.
_DERIVED = frozenset({"kind", "skills", "tags"})
_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?$", re.UNICODE)


def from_jsonresume(
    data: Any, *, source: str = "", known_skills: Iterable[Skill] = (), strict: bool = False
) -> ImportedPortfolio:
    """Read a JSON Resume into a profile, entries, and the skills they mention.

    Every ``work``, ``projects``, ``volunteer`` and ``certificates`` item
    becomes an entry. Each resume ``skills`` item is matched to a skill of
    the catalog or of ``known_skills`` (the person's own) when its name or
    keywords fit one closely; otherwise it becomes a new skill (slug from
    its name, category ``other``). An entry gets a skill at level 2 when its
    text mentions the skill's name or one of its keywords. Entry uids come
    from the section, title and start date, so importing the same resume
    twice updates rather than duplicates. Only the profile fields the
    resume fills in are given (``profile_keys``): an empty ``basics`` leaves
    the profile as it is.
    """
    problems = Problems()
    if not isinstance(data, Mapping):
        problems.add("", f"a JSON Resume is a mapping with basics, work, projects…; this holds {type_name(data)}")
        problems.raise_if_any(source)
    if not any(key in data for key in _IMPORTED):
        problems.add("", f"holds none of {', '.join(_IMPORTED)}; is it a JSON Resume?")
        problems.raise_if_any(source)
    reader = _Reader()
    reader.unknown(data, TOP_KEYS, "")
    profile, profile_keys = reader.profile(data.get("basics"))
    catalog = list(BUILTIN_SKILLS) + list(known_skills)
    matched, custom = reader.skills(data.get("skills"), catalog)

    entries, keys = [], []
    uids: set[str] = set()
    for section, kind in KINDS.items():
        items = data.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            reader.note(section, f"expected a list, got {type_name(items)}", "skipped")
            continue
        reader.unknown_in_items(items, SECTION_KEYS[section], section)
        for i, item in enumerate(items):
            path = index(section, i)
            if not isinstance(item, Mapping):
                reader.note(path, f"expected a mapping, got {type_name(item)}", "skipped")
                continue
            fields = reader.entry_fields(section, kind, item, path)
            if fields is None:
                continue
            fields["uid"] = _uid(section, fields, i, uids)
            text = " ".join(str(v) for v in fields.values() if isinstance(v, str)).lower()
            fields["skills"] = [
                {"skill": slug, "level": 2} for slug, words in matched if any(_mentions(text, w) for w in words)
            ]
            local = Problems()
            entry = _entry_from_data(fields, path, local, None, None)
            if local:
                for at, message in local.items:
                    reader.note(_resume_path(at, path), message, "the item is skipped")
                continue
            entries.append(entry)
            keys.append(frozenset(fields) - _DERIVED)
    if strict and reader.notes:
        raise ImportProblems(reader.messages(refusing=True), source)
    return ImportedPortfolio(
        profile=profile,
        profile_keys=profile_keys,
        skills=tuple(custom),
        entries=tuple(entries),
        entry_keys=tuple(keys),
        notes=tuple(reader.messages()),
    )


class _Reader:
    """Reads values leniently, noting each one it had to change or leave out."""

    def __init__(self) -> None:
        self.notes: list[tuple[str, str, str]] = []

    def note(self, path: str, message: str, action: str = "") -> None:
        """``action`` says what the import does about it (``left out``); not said when refusing."""
        self.notes.append((path[:MESSAGE_LIMIT], message[:MESSAGE_LIMIT] + ("…" if len(message) > MESSAGE_LIMIT else ""), action))

    def messages(self, *, refusing: bool = False) -> list[str]:
        out = []
        for path, message, action in self.notes:
            text = message if refusing or not action else f"{message}; {action}"
            out.append(f"{path}: {text}" if path else text)
        return out

    def unknown(self, data: Mapping[str, Any], known: frozenset[str], where: str) -> None:
        extra = [str(k) for k in data if k not in known]
        if extra:
            self.note(where, f"unknown field{'s' if len(extra) > 1 else ''} {', '.join(extra)}", "skipped")

    def unknown_in_items(self, items: list[Any], known: frozenset[str], section: str) -> None:
        """One note per section: ``work: skipped unknown fields pinned (2 items), technologies``."""
        counts: dict[str, int] = {}
        for item in items:
            if isinstance(item, Mapping):
                for key in item:
                    if key not in known:
                        counts[str(key)] = counts.get(str(key), 0) + 1
        if counts:
            listed = [f"{k} ({n} items)" if n > 1 else k for k, n in counts.items()]
            self.note(section, f"unknown field{'s' if len(counts) > 1 else ''} {', '.join(listed)}", "skipped")

    def text(self, value: Any, path: str) -> str:
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.note(path, f"expected text, got {type_name(value)}", "left out")
            return ""
        return str(value).strip()

    def url(self, value: Any, path: str) -> str:
        """A web address; a bare domain (``www.example.com``) gets ``https://``."""
        text = self.text(value, path)
        if not text:
            return ""
        candidate = text
        if "://" not in text and not text.startswith("mailto:") and _DOMAIN.match(text):
            candidate = "https://" + text
        try:
            Link(url=candidate)
        except InvalidValue:
            self.note(path, f"{text!r} is not a web address", "left out")
            return ""
        if candidate != text:
            self.note(path, f"{text!r} has no scheme", f"read as {candidate!r}")
        return candidate

    def date(self, value: Any, path: str, *, end: bool) -> str | None:
        if not end and isinstance(value, str) and value.strip().lower() in ONGOING:
            self.note(path, f"{value!r} is not a start date", "left out")
            return None
        try:
            return read_resume_date(value)
        except InvalidValue as error:
            self.note(path, strip_field(str(error), "date"), "left out")
            return None

    def profile(self, basics: Any) -> tuple[Profile | None, tuple[str, ...]]:
        """The profile fields ``basics`` fills in; empty values are not given."""
        if basics is None:
            return None, ()
        if not isinstance(basics, Mapping):
            self.note("basics", f"expected a mapping, got {type_name(basics)}", "skipped")
            return None, ()
        self.unknown(basics, BASICS_KEYS, "basics")
        url_key = "url" if basics.get("url") or "website" not in basics else "website"
        given = {
            "name": self.text(basics.get("name"), "basics.name"),
            "headline": self.text(basics.get("label"), "basics.label"),
            "email": self.text(basics.get("email"), "basics.email"),
            "phone": self.text(basics.get("phone"), "basics.phone"),
            "url": self.url(basics.get(url_key), join("basics", url_key)),
            "location": self._location(basics.get("location")),
            "summary": self.text(basics.get("summary"), "basics.summary"),
        }
        names = {"headline": "label", "url": url_key}
        fields = {}
        for name, value in given.items():
            if not value:
                continue
            try:
                Profile(**{name: value})
            except InvalidValue as error:
                self.note(join("basics", names.get(name, name)), f"{strip_field(str(error), name)}", "left out")
                continue
            fields[name] = value
        return Profile(**fields), tuple(fields)

    def _location(self, location: Any) -> str:
        if isinstance(location, Mapping):
            parts = [str(location[k]).strip() for k in ("city", "region", "countryCode") if location.get(k)]
            if not parts and location.get("address"):
                parts = [str(location["address"]).strip().splitlines()[-1]]
            return ", ".join(p for p in parts if p)
        return self.text(location, "basics.location")

    def entry_fields(self, section: str, kind: str, item: Mapping[str, Any], path: str) -> dict[str, Any] | None:
        def text(key: str) -> str:
            return self.text(item.get(key), join(path, key))

        highlights = item.get("highlights") or []
        if not isinstance(highlights, list):
            self.note(join(path, "highlights"), f"expected a list, got {type_name(highlights)}", "left out")
            highlights = []
        points = [self.text(h, index(join(path, "highlights"), i)) for i, h in enumerate(highlights)]
        bullets = "\n".join(f"- {p}" for p in points if p)
        if section in ("work", "volunteer"):
            org_key = "organization" if section == "volunteer" else ("name" if item.get("name") or "company" not in item else "company")
            organization, role = text(org_key), text("position")
            title = f"{role} at {organization}" if role and organization else role or organization
            summary = "\n\n".join(p for p in (text("summary"), text("description") if section == "work" else "") if p)
            start_key, end_key = "startDate", "endDate"
        elif section == "projects":
            organization = text("entity")
            roles = item.get("roles") or []
            role = ", ".join(str(r) for r in roles) if isinstance(roles, list) else self.text(roles, join(path, "roles"))
            title, summary = text("name"), text("description")
            start_key, end_key = "startDate", "endDate"
        else:  # certificates
            organization, role, title, summary = text("issuer"), "", text("name"), ""
            start_key = end_key = "date"
        if not title:
            wanted = {"work": "name or position", "volunteer": "organization or position"}.get(section, "name")
            self.note(path, f"has no {wanted}", "skipped")
            return None
        started = self.date(item.get(start_key), join(path, start_key), end=False)
        ended = started if section == "certificates" else self.date(item.get(end_key), join(path, end_key), end=True)
        if started and ended and last_day(ended) < first_day(started):
            self.note(
                path,
                f"({title}) {end_key} {ended} is before {start_key} {started}",
                "imported without the end date",
            )
            ended = None
        url_key = "url" if item.get("url") or "website" not in item else "website"
        url = self.url(item.get(url_key), join(path, url_key))
        return {
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

    def skills(self, items: Any, catalog: list[Skill]) -> tuple[list[tuple[str, list[str]]], list[Skill]]:
        """Pair each resume skill with a known skill, or make it a new one.

        Returns (slug, words that show it in an entry's text) pairs and the
        new skills to create.
        """
        if items is None:
            return [], []
        if not isinstance(items, list):
            self.note("skills", f"expected a list, got {type_name(items)}", "skipped")
            return [], []
        matched: list[tuple[str, list[str]]] = []
        custom: dict[str, Skill] = {}
        for i, item in enumerate(items):
            path = index("skills", i)
            name = item.get("name") if isinstance(item, Mapping) else None
            if not isinstance(name, str) or not name.strip():
                self.note(path, "has no name", "skipped")
                continue
            name = name.strip()
            raw = item.get("keywords") or []
            keywords = [str(k).strip() for k in raw if isinstance(k, (str, int, float)) and str(k).strip()] if isinstance(raw, list) else []
            slug = _catalog_match(name, keywords, catalog)
            if slug is None:
                slug = _slug(name) or f"skill-{i + 1}"
                try:
                    custom.setdefault(slug, Skill(slug=slug, name=name, category="other", keywords=keywords))
                except InvalidValue as error:
                    self.note(path, f"{error}", "skipped")
                    continue
            matched.append((slug, [name, *keywords]))
        return matched, list(custom.values())


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")


def _uid(section: str, fields: Mapping[str, Any], i: int, seen: set[str]) -> str:
    key = "|".join((section, fields["title"], str(fields["started"] or "")))
    uid = "jsonresume-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    if uid in seen:  # two items alike in title and start: tell them apart by place
        uid = "jsonresume-" + hashlib.sha1(f"{key}|{i}".encode()).hexdigest()[:16]
    seen.add(uid)
    return uid


def _resume_path(at: str, item: str) -> str:
    """Name a problem by the resume's own key: ``startDate``, not ``started``."""
    section = item.split("[", 1)[0]
    names = {
        "started": "date" if section == "certificates" else "startDate",
        "ended": "date" if section == "certificates" else "endDate",
        "links": "url",
        "title": "name" if section in ("projects", "certificates") else "position",
        "organization": {"work": "name", "volunteer": "organization", "projects": "entity"}.get(section, "issuer"),
        "role": "roles" if section == "projects" else "position",
        "summary": "description" if section == "projects" else "summary",
        "result": "highlights",
    }
    field = at[len(item) + 1:].split(".", 1)[0].split("[", 1)[0]
    return join(item, names[field]) if field in names else at


def _catalog_match(name: str, keywords: list[str], catalog: list[Skill]) -> str | None:
    words = {w.lower() for w in [name, *keywords]}
    best, best_score = None, 0.0
    for skill in catalog:
        ratio = max(_likeness(name.lower(), n.lower()) for n in (skill.name, skill.slug.replace("-", " ")))
        overlap = len(words & {k.lower() for k in skill.keywords})
        score = ratio if ratio >= 0.8 else 0.0
        score += 0.5 * overlap
        if score > best_score:
            best, best_score = skill.slug, score
    return best if best_score >= 0.8 else None


def _likeness(a: str, b: str) -> float:
    """difflib's ratio, or 0 when the lengths alone rule out a close match (0.8).

    The ratio costs the product of the lengths: a 1 MB skill name would take
    seconds against each catalog name, for a match its length already rules out.
    """
    matcher = difflib.SequenceMatcher(None, a, b)
    return matcher.ratio() if matcher.real_quick_ratio() >= 0.8 else 0.0


def _mentions(text: str, word: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(word.lower()) + r"(?!\w)", text) is not None


__all__ = ["from_jsonresume"]

"""Reading a job posting: its title, company and requirements, and the skills each asks for.

A posting is whatever a person has: a JSON Resume job file (or the same as a
mapping), text pasted from a job site in any shape, or a page saved from a
browser. All end up as the same :class:`Posting`, so ranking and rendering
never care where it came from. Any text with words is a posting; only an
empty or binary file, a file over :data:`MAX_FILE_BYTES` or a page with no
text is refused.

Skills are matched by their keywords, stem for stem (:mod:`.text`), so
"collaborating with cross-functional teams" meets the keyword "collaborate".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from ..catalog import BUILTIN_SKILLS
from ..errors import PostingError
from ..models import Skill
from ..plain import plain_data
from . import german
from .language import detect, reading
from .paste import layout, reads_as_requirement
from .text import contains_phrase, is_term, rarity, stems

MAX_REQUIREMENT = 500
MAX_POSTING_CHARS = 200_000
MAX_FILE_BYTES = 5_000_000
MAX_SKILL_WEIGHT = 3.0
# A keyword as rare as one in 10^(KEYWORD_COMMON + KEYWORD_SPAN) English words
# counts fully; commoner ones count less, never below KEYWORD_FLOOR.
KEYWORD_COMMON = 3.0
KEYWORD_SPAN = 2.0
KEYWORD_FLOOR = 0.25
# Requirements under "nice to have", and sentences outside any requirements
# section, ask for a skill less firmly than the responsibilities do.
SECTION_WEIGHT = {"nice-to-have": 0.5, "description": 0.5}
"""A saved job page with its scripts and styles is rarely over 2 MB; a bigger file is not a posting."""


@attrs.frozen
class Keyword:
    """One way a skill can be asked for: the words a person reads and the stems that match."""

    skill: str
    text: str
    stems: tuple[str, ...]


def skill_keywords(skills: Iterable[Skill], lang: str = "en") -> tuple[Keyword, ...]:
    """Every skill's name and keywords, normalised once so matching a posting is a lookup.

    The skill's own name counts as a keyword: a posting that says "strategic
    planning" asks for strategic planning whatever its keyword list says.
    For a German posting (``lang="de"``) the built-in skills' German keywords
    count too (:mod:`.german`), and everything is stemmed the German way:
    German postings use English words too ("Stakeholder", "Roadmap").
    """
    out: list[Keyword] = []
    extra = german.SKILL_KEYWORDS if lang == "de" else {}
    for skill in skills:
        seen: set[tuple[str, ...]] = set()
        name = re.sub(r"\(.*?\)", "", skill.name).strip()
        for text in (name, *skill.keywords, *extra.get(skill.slug, ())):
            key = tuple(stems(text))
            if key and key not in seen:
                seen.add(key)
                out.append(Keyword(skill=skill.slug, text=text.strip(), stems=key))
    return tuple(out)


# --- the posting -----------------------------------------------------------------

SECTIONS = ("responsibility", "qualification", "nice-to-have", "skill", "description")


@attrs.frozen
class Requirement:
    """One thing the posting asks for, with the catalog skills it names.

    ``section`` says where it came from (``responsibility``, ``qualification``,
    ``nice-to-have``, ``skill`` or ``description``) so reasons can quote it
    the way the posting framed it. ``weights`` runs beside ``skills``: the
    skill's keywords the requirement uses, each by how telling it is
    (:func:`keyword_weight`, at most 3 in all), because "competitive
    landscape, market sizing, go-to-market" asks for market analysis more
    plainly than a passing "platform" asks for technical acumen.
    """

    text: str
    section: str = "description"
    skills: tuple[str, ...] = ()
    weights: tuple[float, ...] = ()
    keywords: tuple[str, ...] = ()
    terms: frozenset[str] = frozenset()
    stems: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return plain_data(self, "text", "section", "skills", "keywords")


@attrs.frozen
class Posting:
    """A job posting reduced to what matching needs."""

    title: str
    company: str
    requirements: tuple[Requirement, ...]
    description: str = ""
    source: str = "text"
    lang: str = "en"
    """The language it is read in (:data:`.language.READ`): its words, stems and keywords."""

    @property
    def matched_skills(self) -> tuple[str, ...]:
        """Skills any requirement asks for, most-asked first; empty means the posting matched nothing."""
        weights = self.skill_weights()
        return tuple(sorted(weights, key=lambda slug: -weights[slug]))

    def skill_weights(self) -> dict[str, float]:
        """How strongly the posting asks for each skill, summed over requirements.

        A skill named in five requirements matters more than one named once,
        and one named with several of its keywords more than one named in passing.
        """
        weights: dict[str, float] = {}
        for requirement in self.requirements:
            for slug, weight in zip(requirement.skills, requirement.weights):
                weights[slug] = weights.get(slug, 0) + weight
        return weights

    @property
    def terms(self) -> frozenset[str]:
        found: set[str] = set()
        for requirement in self.requirements:
            found |= requirement.terms
        return frozenset(found)

    @property
    def label(self) -> str:
        """``Senior TPM at Acme`` for messages and records; falls back to what is known."""
        if self.title and self.company:
            return f"{self.title} at {self.company}"
        return self.title or self.company or "the posting"

    def to_json(self) -> dict[str, Any]:
        return plain_data(self, "title", "company", "source", "lang", "matched_skills", "requirements")


def read_posting(source: str | Path | Mapping[str, Any], skills: Iterable[Skill] | None = None) -> Posting:
    """Read a posting from a path, pasted text, an HTML page, or a JSON Resume job (a mapping or JSON text).

    ``skills`` are the skills to look for (the built-in catalog unless
    given); pass the portfolio's skills so custom ones are matched too.

    >>> read_posting({"title": "TPM", "responsibilities": ["Run customer research"]}).matched_skills
    ('customer-focus',)
    >>> read_posting("<html><body><ul><li>Run customer research</li></ul></body></html>").matched_skills
    ('customer-focus',)
    """
    catalog = tuple(BUILTIN_SKILLS if skills is None else skills)
    keywords = skill_keywords(catalog)
    if isinstance(source, Mapping):
        posting = _from_job(source, keywords, where="the job")
    elif isinstance(source, Path):
        posting = _from_file(source, keywords)
    elif not isinstance(source, str):
        raise PostingError(f"a posting is a file, text, an HTML page or a JSON Resume job, not {type(source).__name__}")
    else:
        path = _as_path(source)
        posting = _from_file(path, keywords) if path is not None else _from_string(source, keywords, where="the posting")
    return in_its_language(posting, catalog)


def in_its_language(posting: Posting, skills: Iterable[Skill]) -> Posting:
    """The posting read again in its own language, if that is not English.

    The layout (title, sections, items) does not depend on the language, so
    only the matching is redone: German stems, German function words and
    the catalog's German keywords. ``posting.lang`` holds a page's declared
    ``inLanguage`` until then.
    """
    text = "\n".join([posting.title, *(r.text for r in posting.requirements), posting.description])
    lang = detect(text, declared=posting.lang if posting.lang != "en" else None)
    if lang == "en":
        return attrs.evolve(posting, lang="en") if posting.lang != "en" else posting
    with reading(lang):
        keywords = skill_keywords(skills, lang)
        requirements = tuple(match_requirement(r.text, r.section, keywords) for r in posting.requirements)
    return attrs.evolve(posting, requirements=requirements, lang=lang)


def _from_string(text: str, keywords: tuple[Keyword, ...], where: str, suffix: str = "") -> Posting:
    from .webpage import looks_like_html

    if not text.strip():
        raise PostingError(f"{where} is empty; give the text of the posting, a saved job page or a JSON Resume job file")
    if suffix == ".json" or text.lstrip().startswith("{"):
        return _from_job(_load_json(text, where), keywords, where=where)
    if suffix in (".html", ".htm", ".xhtml") or looks_like_html(text):
        return _from_html(text, keywords, where=where)
    return _from_text(text, keywords, where=where)


def _as_path(text: str) -> Path | None:
    """Treat a short one-line string as a file name when it names a file, or looks like one."""
    candidate = text.strip()
    if not candidate or "\n" in candidate or len(candidate) > 1024:
        return None
    path = Path(candidate).expanduser()
    try:
        if path.is_file():
            return path
    except OSError:
        return None
    if path.suffix.lower() in (".json", ".txt", ".md", ".html", ".htm") and " " not in path.name:
        raise PostingError(f"{candidate}: no such file; give a posting file (text, .html or a JSON Resume job) or its text")
    return None


def _from_file(path: Path, keywords: tuple[Keyword, ...]) -> Posting:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PostingError(
                f"{path}: {size / 1_000_000:.1f} MB is too big for a job posting (the limit is {MAX_FILE_BYTES // 1_000_000} MB)"
            )
        data = path.read_bytes()
    except OSError as error:
        raise PostingError(f"{path}: cannot read the posting ({error.strerror or error})") from None
    return _from_string(_decode(data, str(path)), keywords, where=str(path), suffix=path.suffix.lower())


def _decode(data: bytes, where: str) -> str:
    """UTF-8 text (with or without a byte-order mark), else Windows-1252; NUL bytes or control codes mean binary."""
    if not data.strip():
        raise PostingError(f"{where} is empty; give the text of the posting, a saved job page or a JSON Resume job file")
    binary = PostingError(f"{where}: a binary file, not a posting (give text, a saved .html page or a JSON Resume job)")
    if b"\x00" in data[:8192]:
        raise binary
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:8192]
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v") + sample.count("\ufffd")
    if control > len(sample) // 100 + 2:
        raise binary
    return text


def _parse_json(text: str, where: str) -> Any:
    """The one place posting JSON is parsed (job files and a page's JSON-LD alike), so limits apply to both."""
    from ..safeload import load_json

    return load_json(text, where)  # size, depth: a hostile job file fails at once


def _load_json(text: str, where: str) -> dict[str, Any]:
    try:
        data = _parse_json(text, where)
    except json.JSONDecodeError as error:
        raise PostingError(
            f"{where}: not valid JSON ({error.msg} at line {error.lineno}); "
            "a posting file is a JSON Resume job or plain text"
        ) from None
    if not isinstance(data, dict):
        raise PostingError(f"{where}: a JSON Resume job is an object with title, responsibilities, qualifications")
    return data


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int, float)) and str(v).strip()]
    return []


def _from_job(job: Mapping[str, Any], keywords: tuple[Keyword, ...], where: str, source: str = "json") -> Posting:
    title = _one_line(job.get("title"))
    company = _one_line(job.get("company"))
    description = str(job.get("description") or "").strip()
    items: list[tuple[str, str]] = []
    for text in _strings(job.get("responsibilities")):
        items.append(("responsibility", text))
    for text in _strings(job.get("qualifications")):
        items.append(("qualification", text))
    raw_skills = job.get("skills")
    for skill in raw_skills if isinstance(raw_skills, list) else []:
        if isinstance(skill, Mapping):
            name = _one_line(skill.get("name"))
            words = [w.strip() for w in _strings(skill.get("keywords")) if w.strip()]
            text = f"{name} ({', '.join(words)})" if name and words else name or ", ".join(words)
        else:
            text = _one_line(skill)
        if text:
            items.append(("skill", text))
    requirements = _requirements(items, keywords)
    if description and (len(requirements) < 3 or source == "html"):
        # A job that mostly describes itself, or a page's JobPosting whose
        # description holds the posting itself: read it like a paste.
        parsed = _from_text(description, keywords, where=where)
        requirements = _requirements([(r.section, r.text) for r in (*requirements, *parsed.requirements)], keywords)
    if not requirements:
        raise PostingError(
            f"{where}: the job has no title, responsibilities, qualifications, skills or description to match against"
            if not title
            else f"{where}: the job has only a title; add its responsibilities, qualifications or description"
        )
    declared = _one_line(job.get("inLanguage") or job.get("language"))
    return Posting(
        title=title, company=company, requirements=requirements, description=description, source=source,
        lang=declared or "en",
    )


def _from_html(html: str, keywords: tuple[Keyword, ...], where: str) -> Posting:
    """The page's JSON-LD ``JobPosting`` when it has one, else its visible text."""
    from .webpage import as_job, job_postings, page_text, page_title

    for data in job_postings(html, lambda text: _parse_json(text, where)):
        job = as_job(data)
        if any(job.get(k) for k in ("responsibilities", "qualifications", "skills", "description")):
            return _from_job(job, keywords, where=where, source="html")
    text = page_text(html)
    if not any(c.isalpha() for c in text):
        raise PostingError(f"{where}: the page has no text to read; save the posting's page itself, or paste its text")
    posting = _from_text(text, keywords, where=where)
    if not posting.title or not posting.company:
        # "Senior PM - Platform - Example Co": the tab's title often names both.
        heading = layout(page_title(html))
        posting = attrs.evolve(posting, title=posting.title or heading.title, company=posting.company or heading.company)
    return attrs.evolve(posting, source="html")


def _from_text(text: str, keywords: tuple[Keyword, ...], where: str = "the posting") -> Posting:
    """Requirements from a paste: the items under requirement headings, bullets, and sentences that read as one.

    A paste with none of those (a job described in a few paragraphs of
    prose) is read sentence by sentence: any text with words is a posting.
    """
    if not text.strip():
        raise PostingError(f"{where} is empty; give the text of the posting, a saved job page or a JSON Resume job file")
    found = layout(text[:MAX_POSTING_CHARS])
    # Prose under no heading is mostly about the company; keep the sentences
    # that read like a requirement unless nothing else is left.
    kept = [
        (section, body)
        for section, body, kind in found.items
        if section != "description" or kind == "bullet" or reads_as_requirement(body)
    ]
    requirements = _requirements(kept, keywords)
    if len(requirements) < 2:
        requirements = _requirements([(section, body) for section, body, _ in found.items], keywords)
    if not requirements:
        lines = [" ".join(line.split()) for line in text[:MAX_POSTING_CHARS].splitlines()]
        requirements = _requirements([("description", line) for line in lines if any(c.isalpha() for c in line)], keywords)
    if not requirements:
        raise PostingError(f"{where} has no words to read; give the text of the posting")
    return Posting(title=found.title, company=found.company, requirements=requirements, source="text")


def _one_line(value: Any) -> str:
    return " ".join(str(value or "").split())


def _requirements(items: Iterable[tuple[str, str]], keywords: tuple[Keyword, ...]) -> tuple[Requirement, ...]:
    out: list[Requirement] = []
    seen: set[str] = set()
    for section, raw in items:
        text = _one_line(raw)
        if len(text) > MAX_REQUIREMENT:
            text = text[: MAX_REQUIREMENT - 1].rstrip() + "…"
        key = text.casefold().rstrip(".;:")
        if not text or key in seen:
            continue
        seen.add(key)
        out.append(match_requirement(text, section, keywords))
    return tuple(out)


def keyword_weight(key: Sequence[str]) -> float:
    """How plainly one keyword asks for its skill: "scrum" or "root cause" plainly, "review" or "process" barely.

    The same outside-the-portfolio rarity that weighs shared words: a
    keyword common in English turns up in postings that are not asking for
    the skill. A phrase of several words is specific by itself.
    """
    if len(key) > 1:
        return 1.0
    return min(max((rarity(key[0]) - KEYWORD_COMMON) / KEYWORD_SPAN, KEYWORD_FLOOR), 1.0)


def match_requirement(text: str, section: str, keywords: Sequence[Keyword]) -> Requirement:
    """Which skills one requirement asks for, by keyword phrases found in its normalised words."""
    words = stems(text)
    word_set = set(words)
    hits: dict[str, float] = {}
    found: list[str] = []
    for keyword in keywords:
        if keyword.stems[0] in word_set and contains_phrase(words, keyword.stems):
            hits[keyword.skill] = hits.get(keyword.skill, 0) + keyword_weight(keyword.stems)
            if keyword.text not in found:
                found.append(keyword.text)
    scale = SECTION_WEIGHT.get(section, 1.0)
    return Requirement(
        text=text,
        section=section,
        skills=tuple(hits),
        weights=tuple(round(min(weight, MAX_SKILL_WEIGHT) * scale, 4) for weight in hits.values()),
        keywords=tuple(found),
        terms=frozenset(s for s in words if is_term(s)),
        stems=tuple(words),
    )


__all__ = ["MAX_FILE_BYTES", "Keyword", "Posting", "Requirement", "match_requirement", "read_posting", "skill_keywords"]

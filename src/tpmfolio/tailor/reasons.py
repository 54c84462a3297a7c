"""Why an entry answers a posting, in words a person can check.

Every reason quotes the requirement it answers and says how the entry
answers it in the portfolio's own words: how the person used the skill the
requirement names (led, practised or touched: levels 3, 2 and 1), the
entry's words that cover the requirement's (only words that tell
something: never "week" or "building"), and a KPI with its change
("adoption rate 10% → 34%").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from ..models import SEARCHED_FIELDS, Entry, Kpi, KpiResult
from .language import reading
from .posting import Posting, Requirement
from .text import generic, is_term, rarity, stem, stems, tokens

MAX_REASONS = 3
MAX_WORDS = 3
QUOTE_CHARS = 60
# A word at least this rare in English (one in 10^3.5 words) can stand as
# a reason by itself; "week", "building" and "team" cannot.
REASON_RARITY = 3.5
LEVEL_WORDS = {3: "led", 2: "practised", 1: "touched"}


# Quoting a requirement from the responsibilities reads better than quoting
# an intro sentence that happens to name the same skill.
_SECTION_ORDER = {"responsibility": 0, "qualification": 1, "skill": 2, "nice-to-have": 3, "description": 4}
_KPI_NOISE = frozenset({"rate", "time", "custom", "on", "usag", "usage"})


@attrs.frozen
class RequirementMatch:
    """How one entry answers one requirement of the posting (``index`` into ``posting.requirements``).

    ``reason`` says how, without the requirement (``fit`` shows it above);
    ``strength`` orders the evidence for one requirement. ``skill`` (its
    name) and ``level`` are the skill the answer rests on, if any, as data
    for a renderer that words it its own way.
    """

    index: int
    strength: float
    reason: str
    skill: str = ""
    level: int = 0


@attrs.frozen
class Context:
    """What every explanation of one ranking shares: the posting, the catalog and the term weights."""

    posting: Posting
    skill_names: Mapping[str, str]
    kpi_by_slug: Mapping[str, Kpi]
    weights: Mapping[str, float]
    term_weight: Mapping[str, float]
    mentioned_kpis: frozenset[str]
    # Worked out once per ranking from the fields above.
    kpi_requirements: Mapping[str, int] = attrs.field(
        init=False,
        default=attrs.Factory(lambda ctx: _kpi_requirements(ctx.posting, ctx.kpi_by_slug, ctx.mentioned_kpis), takes_self=True),
    )
    requirement_weight: tuple[float, ...] = attrs.field(
        init=False,
        default=attrs.Factory(
            lambda ctx: tuple(sum(ctx.term_weight.get(t, 0.0) for t in r.terms) for r in ctx.posting.requirements),
            takes_self=True,
        ),
    )


@attrs.define
class Explanation:
    """Works out an entry's requirement matches and reasons on demand, once."""

    entry: Entry
    context: Context
    _matches: tuple[RequirementMatch, ...] | None = None
    _reasons: tuple[str, ...] | None = None

    def matches(self) -> tuple[RequirementMatch, ...]:
        if self._matches is None:
            # Worked out after the ranking returned: read the words the posting's way again.
            with reading(self.context.posting.lang):
                self._matches = requirement_matches(self.entry, self.context)
        return self._matches

    def reasons(self) -> tuple[str, ...]:
        if self._reasons is None:
            matches = self.matches()
            with reading(self.context.posting.lang):
                self._reasons = entry_reasons(self.entry, self.context, matches)
        return self._reasons


@attrs.frozen
class _Text:
    """An entry's words, field by field: stems to match, and the words as the person wrote them."""

    fields: tuple[tuple[str, frozenset[str]], ...]
    surface: Mapping[str, str]
    terms: frozenset[str]


def _entry_text(entry: Entry) -> _Text:
    fields = []
    surface: dict[str, str] = {}
    values = [(name, getattr(entry, name)) for name in SEARCHED_FIELDS]
    if entry.tags:
        values.append(("tags", " ".join(entry.tags)))
    for name, value in values:
        if not value:
            continue
        found = set()
        for word in tokens(value):
            key = stem(word)
            surface.setdefault(key, word)
            found.add(key)
        fields.append((name, frozenset(found)))
    everything = frozenset().union(*(f for _, f in fields)) if fields else frozenset()
    return _Text(fields=tuple(fields), surface=surface, terms=frozenset(t for t in everything if is_term(t)))


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """A requirement shortened for a one-line reason, cut at a word."""
    text = " ".join(text.split()).rstrip(".;:")
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + "…"


def display_name(name: str) -> str:
    """"Team leadership" → "team leadership", but "SQL" stays "SQL"."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def kpi_text(result: KpiResult, kpi: Kpi) -> str:
    """``adoption rate 10% → 34%``: the KPI's name and its move, as the person typed the values."""
    name = display_name(kpi.name)
    if result.baseline is not None:
        return f"{name} {result.baseline} → {result.actual}"
    if result.target is not None:
        return f"{name} {result.actual} (target {result.target})"
    return f"{name} {result.actual}"


def mentioned_kpis(posting: Posting, kpi_by_slug: Mapping[str, Kpi]) -> frozenset[str]:
    """KPIs the posting talks about ("retention", "ROI", "defect rate")."""
    return frozenset(_kpi_requirements(posting, kpi_by_slug, None))


def _kpi_requirements(posting: Posting, kpi_by_slug: Mapping[str, Kpi], only: frozenset[str] | None) -> dict[str, int]:
    """Each KPI the posting mentions, with the first requirement that mentions it."""
    found: dict[str, int] = {}
    for slug, kpi in kpi_by_slug.items():
        if only is not None and slug not in only:
            continue
        distinctive = (set(stems(slug.replace("-", " "))) | set(stems(kpi.name))) - _KPI_NOISE - generic()
        if not distinctive:
            continue
        for index, requirement in enumerate(posting.requirements):
            if distinctive.intersection(requirement.stems):
                found[slug] = index
                break
    return found


def _telling(terms: set[str] | frozenset[str], ctx: Context) -> list[str]:
    """The shared words that can stand as a reason, most telling first."""
    kept = [t for t in terms if ctx.term_weight.get(t, 0.0) > 0 and rarity(t) >= REASON_RARITY]
    return sorted(kept, key=lambda t: (-ctx.term_weight.get(t, 0.0), t))


def requirement_matches(entry: Entry, ctx: Context) -> tuple[RequirementMatch, ...]:
    """Which requirements this entry is evidence for, and how.

    A skill shown at level 2 or 3 answers a requirement that asks for it;
    so does wording that covers a good part of the requirement's own
    telling words, and a KPI the requirement names. Level 1 alone ("touched
    it") does not, or every requirement would be "answered" by a course.
    """
    text = _entry_text(entry)
    levels = {s.skill: s.level for s in entry.skills}
    kpi_results = {r.kpi: r for r in entry.kpis}
    out = []
    for index, requirement in enumerate(ctx.posting.requirements):
        skill_hits = [(levels[s], s) for s in requirement.skills if s in levels]
        common = requirement.terms & text.terms
        kpis = [slug for slug, first in ctx.kpi_requirements.items() if first == index and slug in kpi_results]
        if not skill_hits and not common and not kpis:
            continue
        telling = _telling(common, ctx)
        total = ctx.requirement_weight[index] or 1.0
        coverage = sum(ctx.term_weight.get(t, 0.0) for t in telling) / total
        wording = bool(telling) and (coverage >= 0.5 or (len(telling) >= 2 and coverage >= 0.3))
        best_level = max((level for level, _ in skill_hits), default=0)
        if best_level < 2 and not wording and not kpis and not (best_level == 1 and telling):
            continue
        pieces = []
        skill_name, level = "", 0
        if skill_hits:
            level, slug = max(skill_hits, key=lambda hit: (hit[0], -requirement.skills.index(hit[1])))
            skill_name = ctx.skill_names.get(slug, slug)
            pieces.append(f"{LEVEL_WORDS.get(level, 'touched')} {display_name(skill_name)}")
        if telling:
            pieces.append(_wording(text, telling[:MAX_WORDS]))
        for slug in kpis:
            pieces.append(kpi_text(kpi_results[slug], ctx.kpi_by_slug[slug]))
        strength = best_level / 3 + coverage + 0.5 * bool(kpis)
        out.append(
            RequirementMatch(
                index=index, strength=round(strength, 6), reason="; ".join(pieces), skill=skill_name, level=level
            )
        )
    return tuple(out)


def _wording(text: _Text, telling: Sequence[str]) -> str:
    """``Action: payments, idempotency``: the entry's own words, under the field they are in."""
    by_field: dict[str, list[str]] = {}
    for term in telling:
        field = next((name for name, found in text.fields if term in found), "text")
        by_field.setdefault(field, []).append(text.surface.get(term, term))
    return "; ".join(f"{field.capitalize()}: {', '.join(found)}" for field, found in by_field.items())


def entry_reasons(entry: Entry, ctx: Context, matches: Sequence[RequirementMatch]) -> tuple[str, ...]:
    """The entry's strongest matches as ``'requirement' — how``, then its best outcome if no reason names one."""
    requirements = ctx.posting.requirements
    ordered = sorted(
        matches, key=lambda m: (-m.strength, _SECTION_ORDER.get(requirements[m.index].section, 9), m.index)
    )
    # Three requirements answered the same way ("led customer focus") say
    # less than three answered differently: distinct answers first.
    distinct: list[RequirementMatch] = []
    for match in ordered:
        if all(match.reason != chosen.reason for chosen in distinct):
            distinct.append(match)
    chosen = (distinct + [m for m in ordered if m not in distinct])[:MAX_REASONS]
    chosen.sort(key=ordered.index)
    reasons = [f"'{quote(requirements[m.index].text)}': {m.reason}" for m in chosen]
    if not reasons:
        return ("shares only common words with the posting",)
    outcome = _best_outcome(entry, ctx)
    if outcome and not any(outcome in r for r in reasons):
        reasons[0] += f"; {outcome}"
    return tuple(reasons)


def _best_outcome(entry: Entry, ctx: Context) -> str | None:
    best = None
    for result in entry.kpis:
        kpi = ctx.kpi_by_slug.get(result.kpi)
        if kpi is None or not kpi.is_business_impact:
            continue
        key = (result.kpi in ctx.mentioned_kpis, result.baseline is not None)
        if best is None or key > best[0]:
            best = (key, kpi_text(result, kpi))
    return best[1] if best else None


__all__ = [
    "LEVEL_WORDS",
    "Context",
    "Explanation",
    "Requirement",
    "RequirementMatch",
    "display_name",
    "entry_reasons",
    "kpi_text",
    "mentioned_kpis",
    "quote",
    "requirement_matches",
]

"""What a ranking means for the application: requirements mapped to evidence, and what is missing.

:func:`fit` answers the hiring manager's second question (does every
requirement have some proof behind it?), :func:`choose` picks the entries
for a document so that evidence the person has reaches it, and
:func:`unanswered` and :func:`posting_gaps` list what to work on before
applying.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..models import Entry, Kpi
from ..plain import plain_data
from .language import in_posting_language
from .posting import Posting, Requirement
from .ranking import RankedEntry, term_weights
from .reasons import MAX_REASONS, Context, mentioned_kpis, requirement_matches

EVIDENCE_PER_REQUIREMENT = MAX_REASONS


@in_posting_language
def fit(posting: Posting, ranked: Sequence[RankedEntry], *, per_requirement: int = EVIDENCE_PER_REQUIREMENT) -> list[dict[str, Any]]:
    """Each requirement with the entries that answer it, strongest first.

    Only entries in ``ranked`` are considered, so pass the entries that go
    into the document. An empty ``evidence`` list means "no evidence yet".

    Each piece of evidence has the entry's ``id`` and ``title``, the
    ``reason`` as one line, and the ``skill`` (name, or "") and ``level``
    (0 when the answer is the entry's words or a KPI) it rests on.

    >>> fit(posting, ranked)[0]                                   # doctest: +SKIP
    {'requirement': 'Run customer research', 'evidence': [{'id': 1, 'title': '…', 'reason': 'led customer focus',
     'skill': 'Customer focus', 'level': 3}]}
    """
    by_requirement: dict[int, list[tuple[float, int, RankedEntry, Any]]] = {}
    for position, item in enumerate(ranked):
        for match in item.matches:
            by_requirement.setdefault(match.index, []).append((match.strength, position, item, match))
    out = []
    for index, requirement in enumerate(posting.requirements):
        found = sorted(by_requirement.get(index, []), key=lambda hit: (-hit[0], hit[1]))
        out.append(
            {
                "requirement": requirement.text,
                "evidence": [
                    {
                        "id": item.entry.id,
                        "title": item.entry.title,
                        "reason": match.reason,
                        "skill": match.skill,
                        "level": match.level,
                    }
                    for _, _, item, match in found[:per_requirement]
                ],
            }
        )
    return out


def choose(ranked: Sequence[RankedEntry], *, limit: int, cover_extra: int = 0) -> list[RankedEntry]:
    """The ``limit`` best entries, then up to ``cover_extra`` more for requirements still unanswered.

    Ranking alone can leave a requirement that some lower entry answers
    (a Scrum certificate for "Agile/Scrum") outside the top entries, and the
    fit page would then say "no evidence yet" about evidence the person has.

    >>> [r.entry.id for r in choose(ranked, limit=10, cover_extra=3)]   # doctest: +SKIP
    """
    positive = [r for r in ranked if r.score > 0]
    chosen = positive[:limit]
    answered = {m.index for r in chosen for m in r.matches}
    for item in positive[limit:]:
        if len(chosen) >= limit + cover_extra:
            break
        new = {m.index for m in item.matches} - answered
        if new:
            chosen.append(item)
            answered |= new
    return chosen


@in_posting_language
def unanswered(posting: Posting, ranked: Sequence[RankedEntry]) -> tuple[Requirement, ...]:
    """Requirements no entry in ``ranked`` answers: what to work on before applying."""
    answered: set[int] = set()
    wanted = len(posting.requirements)
    for item in ranked:
        if item.score <= 0:
            break  # the list is sorted: nothing below answers anything
        answered.update(match.index for match in item.matches)
        if len(answered) == wanted:
            break
    return tuple(r for i, r in enumerate(posting.requirements) if i not in answered)


@in_posting_language
def posting_gaps(posting: Posting, ranked: Sequence[RankedEntry]) -> dict[str, Any]:
    """The ``posting`` part of ``gaps --for JOB``: unanswered requirements and skills asked for but not shown."""
    shown = {s.skill for item in ranked for s in item.entry.skills}
    return _gaps_json(posting, shown, unanswered(posting, ranked))


@in_posting_language
def gaps_for_posting(
    posting: Posting,
    *,
    max_levels: Mapping[str, int],
    document_frequency: Mapping[str, int],
    total: int,
    candidates: Callable[[Requirement, Sequence[str]], Sequence[Entry]],
    skill_names: Mapping[str, str],
    kpi_by_slug: Mapping[str, Kpi],
) -> dict[str, Any]:
    """:func:`posting_gaps` without ranking every entry: what ``gaps --for`` needs over 100,000 of them.

    A requirement asking for a skill some entry shows at level 2 or 3 is
    answered, as it would be in the ranking; for the others only
    ``candidates(requirement, kpi_slugs)`` are read (the entries the
    full-text index finds for the requirement's words, and entries with a
    KPI it names). ``max_levels`` is each skill's highest level over all
    entries; ``document_frequency`` and ``total`` count entries per stem.
    """
    weights = term_weights(posting, document_frequency, total)
    context = Context(
        posting, skill_names, kpi_by_slug, posting.skill_weights(), weights, mentioned_kpis(posting, kpi_by_slug)
    )
    open_requirements = []
    for index, requirement in enumerate(posting.requirements):
        if any(max_levels.get(slug, 0) >= 2 for slug in requirement.skills):
            continue
        kpis = [slug for slug, first in context.kpi_requirements.items() if first == index]
        found = candidates(requirement, kpis)
        if not any(match.index == index for entry in found for match in requirement_matches(entry, context)):
            open_requirements.append(requirement)
    return _gaps_json(posting, set(max_levels), open_requirements)


def _gaps_json(posting: Posting, shown: set[str], open_requirements: Sequence[Requirement]) -> dict[str, Any]:
    return {
        **plain_data(posting, "title", "company", "matched_skills"),
        "skills_without_evidence": [slug for slug in posting.matched_skills if slug not in shown],
        "unanswered": [r.to_json() for r in open_requirements],
    }


@in_posting_language
def no_match_message(posting: Posting, ranked: Sequence[RankedEntry]) -> str | None:
    """A sentence for the CLI when the ranking has nothing to offer, else None."""
    if not ranked:
        return "the portfolio has no entries yet; add some with 'tpmfolio add'"
    if any(item.score > 0 for item in ranked):
        return None
    if not posting.matched_skills:
        return (
            f"nothing in {posting.label} matches a known skill or any entry's words; "
            "check the posting text, or add keywords to your skills with 'tpmfolio skills'"
        )
    return f"no entry shows the skills {posting.label} asks for ({', '.join(posting.matched_skills)}) or uses its words"


def text_only_notice(posting: Posting) -> str | None:
    """One line when the ranking rests on the posting's words alone, because no requirement names a known skill."""
    if posting.matched_skills:
        return None
    return "no requirement names a known skill: ranked on the posting's words only"


def ranking_json(ranked: Sequence[RankedEntry]) -> list[dict[str, Any]]:
    """The ``tailor --json`` array."""
    return [item.to_json() for item in ranked]


__all__ = ["choose", "fit", "gaps_for_posting", "no_match_message", "posting_gaps", "ranking_json", "text_only_notice", "unanswered"]

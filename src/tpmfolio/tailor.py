"""Ranking entries for a job posting, and mapping its requirements to evidence.

A hiring manager reading a tailored portfolio asks two questions: which of
this person's work is about *our* job, and does every requirement have some
proof behind it. :func:`rank` answers the first with a score and the reasons
for it (so the person can trust or correct the order); :func:`fit` and
:func:`unanswered` answer the second.

The score mixes four signals, each in 0–1:

- **skills**: the posting's skills the entry shows, weighted by how often the
  posting asks for them and by the entry's level (3 = led with it);
- **text**: the posting's words the entry uses, rarer words counting more
  (and SQLite's bm25 full-text score when the store supplies it);
- **KPIs**: business-impact results count more than engineering ones, and a
  KPI the posting itself mentions counts most;
- **recency**: recent work is better evidence than work from years ago.

Skills and text decide *whether* an entry is relevant; KPIs and recency
scale that relevance by 0.7–1.0, so they reorder entries of similar
relevance but cannot lift an entry about the wrong thing, and a posting that
matches nothing gives every entry a score of 0.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .dates import last_day
from .models import SEARCHED_FIELDS, Entry, Kpi, Skill
from .posting import GENERIC, NOT_TERMS, Posting, Requirement, contains_phrase, stem, stems, term_finder, words

SKILL_WEIGHT = 0.55
TEXT_WEIGHT = 0.45
KPI_BOOST = 0.15
RECENCY_BOOST = 0.15
RECENCY_HALF_LIFE_YEARS = 2.0
UNDATED_RECENCY = 0.25
EVIDENCE_PER_REQUIREMENT = 3
MAX_SKILL_REASONS = 3
MAX_PHRASE_REASONS = 2
QUOTE_CHARS = 60
SIGNALS = frozenset({"skills", "text", "kpis", "recency"})

# Quoting a requirement from the responsibilities reads better than quoting
# an intro sentence that happens to name the same skill.
_SECTION_ORDER = {"responsibility": 0, "qualification": 1, "skill": 2, "nice-to-have": 3, "description": 4}
_KPI_NOISE = frozenset({"rate", "tim", "time", "customer", "on", "usag"})


@attrs.frozen
class RequirementMatch:
    """How one entry answers one requirement of the posting (``index`` into ``posting.requirements``)."""

    index: int
    strength: float
    reason: str


@attrs.frozen
class RankedEntry:
    """An entry with its score for a posting and the reasons a person can check.

    ``reasons`` and ``matches`` are worked out the first time they are read:
    a ranking of ten thousand entries usually shows ten of them.
    """

    entry: Entry
    score: float
    explanation: _Explanation | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Human-readable grounds for the score, strongest first."""
        return self.explanation.get()[0] if self.explanation is not None else ()

    @property
    def matches(self) -> tuple[RequirementMatch, ...]:
        """The requirements this entry is evidence for (what :func:`fit` groups)."""
        return self.explanation.get()[1] if self.explanation is not None else ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.entry.id,
            "title": self.entry.title,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
        }


@attrs.define
class _Explanation:
    """Builds an entry's reasons and requirement matches on demand, once."""

    entry: Entry
    parts: Mapping[str, float]
    context: _Context
    _done: tuple[tuple[str, ...], tuple[RequirementMatch, ...]] | None = None

    def get(self) -> tuple[tuple[str, ...], tuple[RequirementMatch, ...]]:
        if self._done is None:
            text = _entry_text(self.entry)
            self._done = (
                _reasons(self.entry, text, self.parts, self.context),
                _requirement_matches(self.entry, text, self.context),
            )
        return self._done


@attrs.frozen
class _Text:
    """An entry's words, normalised once per ranking."""

    fields: tuple[tuple[str, list[str]], ...]
    all_stems: frozenset[str]
    terms: frozenset[str]


def _searchable(entry: Entry) -> str:
    text = "\n".join(getattr(entry, name) for name in SEARCHED_FIELDS)
    return f"{text}\n{' '.join(entry.tags)}" if entry.tags else text


def _entry_text(entry: Entry) -> _Text:
    fields = []
    everything: set[str] = set()
    for name in SEARCHED_FIELDS:
        value = getattr(entry, name)
        if value:
            found = stems(value)
            fields.append((name, found))
            everything.update(found)
    if entry.tags:
        found = stems(" ".join(entry.tags))
        fields.append(("tags", found))
        everything.update(found)
    return _Text(
        fields=tuple(fields),
        all_stems=frozenset(everything),
        terms=frozenset(everything.difference(GENERIC, NOT_TERMS)),
    )


def rank(
    entries: Iterable[Entry],
    posting: Posting,
    skills: Iterable[Skill],
    kpis: Iterable[Kpi],
    *,
    text_scores: Mapping[int, float] | None = None,
    today: dt.date,
    limit: int | None = None,
    signals: frozenset[str] | None = None,
) -> list[RankedEntry]:
    """Entries ordered by how well they answer ``posting``, best first, with reasons.

    ``text_scores`` are SQLite FTS5 ``bm25()`` values by entry id (negative;
    more negative is a better match); without them the ranking uses its own
    term overlap, so it works on entries that are not in a database.
    ``limit`` keeps the best ``limit`` entries. Ties go to the lower id,
    then the title, so the same input always gives the same order.
    ``signals`` keeps a subset of :data:`SIGNALS`; the others contribute 0,
    which is how the evaluation measures what each signal adds.

    >>> ranked = rank(entries, read_posting("job.txt"), BUILTIN_SKILLS, BUILTIN_KPIS,
    ...               today=date.today())                       # doctest: +SKIP
    >>> [r.to_json() for r in ranked[:3]]                          # doctest: +SKIP
    """
    on = SIGNALS if signals is None else signals
    if not on <= SIGNALS:
        raise ValueError(f"unknown signals {sorted(on - SIGNALS)}; choose from {sorted(SIGNALS)}")
    entries = list(entries)
    skill_names = {s.slug: s.name for s in skills}
    kpi_by_slug = {k.slug: k for k in kpis}
    weights = posting.skill_weights()
    total_weight = sum(weights.values())
    posting_terms = posting.terms

    # Scoring needs only the posting's words each entry shares; the full
    # per-field word lists are built later, for the entries returned.
    # Document frequency is counted over the entries, only for those words:
    # a word every entry shares ("product") tells entries apart no better
    # than a word none has.
    df: dict[str, int] = dict.fromkeys(posting_terms, 0)
    shared: list[set[str]] = []
    find_terms = term_finder(posting_terms)
    for entry in entries:
        common = find_terms(_searchable(entry))
        shared.append(common)
        for term in common:
            df[term] += 1
    n = len(entries)
    idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}

    fts = _normalised_fts(text_scores)
    mentioned_kpis = _mentioned_kpis(posting, kpi_by_slug)

    raw_skill = []
    raw_text = []
    for entry, common in zip(entries, shared):
        levels = {s.skill: s.level for s in entry.skills}
        raw_skill.append(
            sum(weights[slug] * levels[slug] / 3 for slug in weights if slug in levels) / total_weight
            if total_weight
            else 0.0
        )
        raw_text.append(sum(idf[t] for t in common))
    top_skill = max(raw_skill, default=0.0) or 1.0
    top_text = max(raw_text, default=0.0) or 1.0

    recency_cache: dict[str, float] = {}
    scored: list[tuple[float, int, Entry, dict[str, float]]] = []
    for i, entry in enumerate(entries):
        own = raw_text[i] / top_text
        text = ((own + fts.get(entry.id, 0.0)) / 2 if fts else own) if "text" in on else 0.0  # type: ignore[arg-type]
        skill = raw_skill[i] / top_skill if "skills" in on else 0.0
        relevance = SKILL_WEIGHT * skill + TEXT_WEIGHT * text
        kpi = _kpi_signal(entry, kpi_by_slug, mentioned_kpis) if "kpis" in on else 0.0
        recency = _recency(entry, today, recency_cache) if "recency" in on else 0.0
        score = relevance * (1 - KPI_BOOST - RECENCY_BOOST + KPI_BOOST * kpi + RECENCY_BOOST * recency)
        parts = {"skill": skill, "text": text, "fts": fts.get(entry.id, 0.0), "kpi": kpi, "recency": recency}  # type: ignore[arg-type]
        scored.append((score, i, entry, parts))

    scored.sort(key=lambda item: (-item[0], _id_key(item[2]), item[2].title, item[1]))
    if limit is not None:
        scored = scored[: max(limit, 0)]

    context = _Context(
        posting=posting,
        skill_names=skill_names,
        kpi_by_slug=kpi_by_slug,
        weights=weights,
        idf=idf,
        mentioned_kpis=mentioned_kpis,
        surface=_surface_words(posting),
        first_requirement=_first_requirement(posting),
        phrases=_posting_phrases(posting, idf),
        requirement_idf=tuple(sum(idf.get(t, 1.0) for t in r.terms) or 1.0 for r in posting.requirements),
    )
    return [
        RankedEntry(entry=entry, score=score, explanation=_Explanation(entry, parts, context))
        if score > 0
        else RankedEntry(entry=entry, score=0.0)
        for score, _, entry, parts in scored
    ]


def _id_key(entry: Entry) -> tuple[int, int]:
    return (0, entry.id) if entry.id is not None else (1, 0)


def _normalised_fts(text_scores: Mapping[int, float] | None) -> dict[int, float]:
    """bm25 is negative with more negative better; turn it into 0–1 with 1 the best match."""
    if not text_scores:
        return {}
    goodness = {entry_id: max(-float(value), 0.0) for entry_id, value in text_scores.items()}
    best = max(goodness.values(), default=0.0)
    if best <= 0:
        return {}
    return {entry_id: value / best for entry_id, value in goodness.items()}


def _mentioned_kpis(posting: Posting, kpi_by_slug: Mapping[str, Kpi]) -> frozenset[str]:
    """KPIs the posting talks about ("retention", "ROI", "defect rate")."""
    words: set[str] = set()
    for requirement in posting.requirements:
        words.update(requirement.stems)
    found = set()
    for slug, kpi in kpi_by_slug.items():
        distinctive = (set(stems(slug.replace("-", " "))) | set(stems(kpi.name))) - _KPI_NOISE - GENERIC
        if distinctive & words:
            found.add(slug)
    return frozenset(found)


def _kpi_signal(entry: Entry, kpi_by_slug: Mapping[str, Kpi], mentioned: frozenset[str]) -> float:
    if not entry.kpis:
        return 0.0
    known = [kpi_by_slug.get(k.kpi) for k in entry.kpis]
    signal = 0.6 if any(k is not None and k.is_business_impact for k in known) else 0.2
    if any(k.kpi in mentioned for k in entry.kpis):
        signal += 0.4
    return min(signal, 1.0)


def _recency(entry: Entry, today: dt.date, cache: dict[str, float]) -> float:
    """1 for ongoing or current work, halving every two years back; undated work gets a low fixed value."""
    if entry.started and not entry.ended:
        return 1.0
    if not entry.ended:
        return UNDATED_RECENCY
    value = cache.get(entry.ended)
    if value is None:
        years = max((today - last_day(entry.ended)).days, 0) / 365.25
        value = cache[entry.ended] = 0.5 ** (years / RECENCY_HALF_LIFE_YEARS)
    return value


@attrs.frozen
class _Context:
    posting: Posting
    skill_names: Mapping[str, str]
    kpi_by_slug: Mapping[str, Kpi]
    weights: Mapping[str, int]
    idf: Mapping[str, float]
    mentioned_kpis: frozenset[str]
    surface: Mapping[str, str]
    first_requirement: Mapping[str, int]
    phrases: tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]
    requirement_idf: tuple[float, ...]


def _surface_words(posting: Posting) -> dict[str, str]:
    """Each stem's first spelling in the posting, so reasons show words people wrote."""
    surface: dict[str, str] = {}
    for requirement in posting.requirements:
        for word in words(requirement.text):
            surface.setdefault(stem(word), word)
    return surface


def _first_requirement(posting: Posting) -> dict[str, int]:
    best: dict[str, tuple[int, int]] = {}
    for index, requirement in enumerate(posting.requirements):
        order = (_SECTION_ORDER.get(requirement.section, 9), index)
        for slug in requirement.skills:
            if slug not in best or order < best[slug]:
                best[slug] = order
    return {slug: order[1] for slug, order in best.items()}


def _display_name(name: str) -> str:
    """"Team leadership" → "team leadership", but "SQL" stays "SQL"."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """A requirement shortened for a one-line reason, cut at a word."""
    text = " ".join(text.split()).rstrip(".;:")
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + "…"


def _reasons(entry: Entry, text: _Text, parts: Mapping[str, float], ctx: _Context) -> tuple[str, ...]:
    reasons: list[str] = []
    levels = {s.skill: s.level for s in entry.skills}
    matched = [slug for slug in ctx.weights if slug in levels]
    matched.sort(key=lambda slug: (-ctx.weights[slug] * levels[slug], ctx.first_requirement.get(slug, 0), slug))
    for slug in matched[:MAX_SKILL_REASONS]:
        requirement = ctx.posting.requirements[ctx.first_requirement[slug]]
        name = _display_name(ctx.skill_names.get(slug, slug.replace("-", " ")))
        reasons.append(f"{requirement.section} '{quote(requirement.text)}' → {name}, level {levels[slug]}")

    phrases = _phrase_hits(text, ctx)
    for keyword, field in phrases:
        reasons.append(f"matches '{keyword}' in {field.capitalize()}")
    if not phrases:
        shared = sorted(text.terms & ctx.posting.terms, key=lambda t: (-ctx.idf.get(t, 0.0), t))
        words = [ctx.surface.get(t, t) for t in shared[:4] if ctx.idf.get(t, 0.0) > 0]
        if words:
            reasons.append("uses the posting's words: " + ", ".join(words))

    kpi_reason = _kpi_reason(entry, ctx)
    if kpi_reason:
        reasons.append(kpi_reason)
    if parts["fts"] >= 0.5:
        reasons.append("strong full-text match")
    if parts["recency"] >= 0.7 and entry.date_range:
        reasons.append(f"recent: {entry.date_range}")
    return tuple(reasons)


def _posting_phrases(posting: Posting, idf: Mapping[str, float]) -> tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]:
    """The posting's keywords as stems, longest and rarest first: the order reasons quote them in."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for requirement in posting.requirements:
        for keyword in requirement.keywords:
            key = tuple(stems(keyword))
            if key and key not in seen:
                seen.add(key)
                shown = keyword if keyword.isupper() else keyword.casefold()
                out.append((shown, key, frozenset(key)))
    out.sort(key=lambda item: (-len(item[1]), -sum(idf.get(s, 0.0) for s in item[1]), item[0]))
    return tuple(out)


def _phrase_hits(text: _Text, ctx: _Context) -> list[tuple[str, str]]:
    """Posting keywords found word for word in the entry, with the field they are in."""
    hits = []
    for shown, key, key_set in ctx.phrases:
        if not key_set <= text.all_stems:
            continue
        for field, field_words in text.fields:
            if contains_phrase(field_words, key):
                hits.append((shown, field))
                break
        if len(hits) >= MAX_PHRASE_REASONS:
            break
    return hits


def _kpi_reason(entry: Entry, ctx: _Context) -> str | None:
    best = None
    for result in entry.kpis:
        kpi = ctx.kpi_by_slug.get(result.kpi)
        if kpi is None:
            continue
        rank_key = (result.kpi in ctx.mentioned_kpis, kpi.is_business_impact)
        if best is None or rank_key > best[0]:
            best = (rank_key, kpi, result)
    if best is None:
        return None
    (mentioned, business), kpi, result = best
    change = result.change(kpi.direction)
    value = f"{kpi.name} {result.actual}" + (f" ({change})" if change is not None else "")
    if mentioned:
        return f"KPI the posting mentions: {value}"
    if business:
        return f"business impact: {value}"
    return f"engineering KPI: {value}"


def _requirement_matches(entry: Entry, text: _Text, ctx: _Context) -> tuple[RequirementMatch, ...]:
    """Which requirements this entry is evidence for.

    A skill shown at level 2 or 3 answers a requirement that asks for it; so
    does wording that covers a good part of the requirement's own words.
    Level 1 alone ("touched it") does not, or every requirement would be
    "answered" by a course certificate.
    """
    levels = {s.skill: s.level for s in entry.skills}
    idf = ctx.idf
    out = []
    for index, requirement in enumerate(ctx.posting.requirements):
        skill_hits = [(levels[s], s) for s in requirement.skills if s in levels]
        common = requirement.terms & text.terms
        if not skill_hits and not common:
            continue
        best_level = max((level for level, _ in skill_hits), default=0)
        coverage = sum(idf.get(t, 1.0) for t in common) / ctx.requirement_idf[index]
        wording = coverage >= 0.5 or (len(common) >= 2 and coverage >= 0.34)
        if best_level < 2 and not wording and not (best_level == 1 and common):
            continue
        pieces = []
        if skill_hits:
            level, slug = max(skill_hits, key=lambda hit: (hit[0], -requirement.skills.index(hit[1])))
            pieces.append(f"{_display_name(ctx.skill_names.get(slug, slug))}, level {level}")
        if common:
            words = sorted(common, key=lambda t: (-ctx.idf.get(t, 0.0), t))[:3]
            pieces.append("mentions " + ", ".join(ctx.surface.get(t, t) for t in words))
        out.append(RequirementMatch(index=index, strength=round(best_level / 3 + coverage, 6), reason="; ".join(pieces)))
    return tuple(out)


# --- outputs for the renderer and the CLI -------------------------------------------


def fit(posting: Posting, ranked: Sequence[RankedEntry], *, per_requirement: int = EVIDENCE_PER_REQUIREMENT) -> list[dict[str, Any]]:
    """Each requirement with the entries that answer it, strongest first.

    Only entries in ``ranked`` are considered, so pass the entries that go
    into the document. An empty ``evidence`` list means "no evidence yet".

    >>> fit(posting, ranked)[0]                                   # doctest: +SKIP
    {'requirement': 'Run customer research', 'evidence': [{'id': 1, 'title': '…', 'reason': 'customer focus, level 3'}]}
    """
    by_requirement: dict[int, list[tuple[float, int, RankedEntry, str]]] = {}
    for position, item in enumerate(ranked):
        for match in item.matches:
            by_requirement.setdefault(match.index, []).append((match.strength, position, item, match.reason))
    out = []
    for index, requirement in enumerate(posting.requirements):
        found = sorted(by_requirement.get(index, []), key=lambda hit: (-hit[0], hit[1]))
        out.append(
            {
                "requirement": requirement.text,
                "evidence": [
                    {"id": item.entry.id, "title": item.entry.title, "reason": reason}
                    for _, _, item, reason in found[:per_requirement]
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


def posting_gaps(posting: Posting, ranked: Sequence[RankedEntry]) -> dict[str, Any]:
    """The ``posting`` part of ``gaps --for JOB``: unanswered requirements and skills asked for but not shown."""
    shown = {s.skill for item in ranked for s in item.entry.skills}
    return {
        "title": posting.title,
        "company": posting.company,
        "matched_skills": list(posting.matched_skills),
        "skills_without_evidence": [slug for slug in posting.matched_skills if slug not in shown],
        "unanswered": [r.to_json() for r in unanswered(posting, ranked)],
    }


def no_match_message(posting: Posting, ranked: Sequence[RankedEntry]) -> str | None:
    """A sentence for the CLI when the ranking has nothing to offer, else None."""
    if not ranked:
        return "the portfolio has no entries yet; add some with 'tpmfolio add'"
    # A posting that asks for none of the skills is not one this portfolio
    # can answer, even if a stray word ("pull", "counter") appears in an entry.
    if posting.matched_skills and any(item.score > 0 for item in ranked):
        return None
    if not posting.matched_skills:
        return (
            f"nothing in {posting.label} matches a known skill or any entry; "
            "check the posting text, or add keywords to your skills with 'tpmfolio skills'"
        )
    return f"no entry shows the skills {posting.label} asks for ({', '.join(posting.matched_skills)})"


def ranking_json(ranked: Sequence[RankedEntry]) -> list[dict[str, Any]]:
    """The ``tailor --json`` array."""
    return [item.to_json() for item in ranked]


def format_ranking(posting: Posting, ranked: Sequence[RankedEntry], *, color: bool = False) -> str:
    """Readable ``tailor`` output: the posting, then each entry with its score and reasons."""
    import click

    def style(text: str, **kw: Any) -> str:
        return click.style(text, **kw) if color else text

    lines = [style(f"Entries for {posting.label}", bold=True)]
    if posting.matched_skills:
        lines.append("Skills asked for: " + ", ".join(posting.matched_skills))
    message = no_match_message(posting, ranked)
    if message:
        lines.append(style(message, fg="yellow"))
        return "\n".join(lines)
    lines.append("")
    for item in ranked:
        if item.score <= 0:
            continue
        ident = f"#{item.entry.id}" if item.entry.id is not None else "#-"
        lines.append(f"{style(f'{item.score:.2f}', fg='green')}  {ident} {item.entry.title}")
        lines.extend(f"      - {reason}" for reason in item.reasons)
    return "\n".join(lines)


__all__ = [
    "RankedEntry",
    "RequirementMatch",
    "fit",
    "format_ranking",
    "no_match_message",
    "posting_gaps",
    "quote",
    "rank",
    "ranking_json",
    "unanswered",
]

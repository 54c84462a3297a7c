"""Ranking entries for a job posting.

A hiring manager reading a tailored portfolio asks which of this person's
work is about *our* job. :func:`rank` answers with a score and the reasons
for it (so the person can trust or correct the order).

The score mixes four signals, each in 0–1:

- **skills**: the posting's skills the entry shows, weighted by how often the
  posting asks for them and by the entry's level (3 = led with it);
- **text**: the posting's words the entry uses, each weighted by how rare it
  is in English (:func:`.text.rarity`) and among the entries, so
  "idempotency" counts and "week" does not (and SQLite's bm25 full-text
  score when the store supplies it);
- **KPIs**: business-impact results count more than engineering ones, and a
  KPI the posting itself mentions counts most;
- **recency**: recent work is better evidence than work from years ago.

Skills and text decide *whether* an entry is relevant; KPIs and recency
scale that relevance by 0.7–1.0, so they reorder entries of similar
relevance but cannot lift an entry about the wrong thing. A posting that
names no known skill is ranked on its words alone; one that shares nothing
with any entry gives every entry a score of 0.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

import attrs

from ..dates import last_day
from ..models import Entry, Kpi, Skill
from .inputs import RankingInput, searchable
from .language import in_posting_language
from .posting import Posting
from .reasons import Context, Explanation, mentioned_kpis
from .text import rarity, term_counter, terms

if TYPE_CHECKING:  # pragma: no cover
    from typing_extensions import Required, Unpack

SIGNALS = frozenset({"skills", "text", "kpis", "recency"})
"""The signals :func:`rank` mixes; pass a subset as ``signals`` to measure what each adds."""

SKILL_WEIGHT = 0.5
TEXT_WEIGHT = 0.5
KPI_BOOST = 0.15
RECENCY_BOOST = 0.15
RECENCY_HALF_LIFE_YEARS = 2.0
UNDATED_RECENCY = 0.25
# A word more common in English than one in COMMON_RARITY words says
# little about what an entry is about; the rarer, the more it counts.
COMMON_RARITY = 2.5
LENGTH_PENALTY = 0.5
TITLE_WEIGHT = 2.0
SATURATION = 1.2


@attrs.frozen
class RankedEntry:
    """An entry with its score for a posting and the reasons a person can check.

    ``reasons`` and ``matches`` are worked out the first time they are read:
    a ranking of ten thousand entries usually shows ten of them.
    """

    entry: Entry
    score: float
    explanation: Explanation | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Human-readable grounds for the score, strongest first: the requirement quoted, then how the entry answers it."""
        return self.explanation.reasons() if self.explanation is not None else ()

    @property
    def matches(self) -> tuple[Any, ...]:
        """The requirements this entry is evidence for (:class:`.reasons.RequirementMatch`, what ``fit`` groups)."""
        return self.explanation.matches() if self.explanation is not None else ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.entry.id,
            "title": self.entry.title,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
        }


def term_weights(posting: Posting, df: Mapping[str, int], n: int) -> dict[str, float]:
    """How much sharing each of the posting's words is worth.

    BM25's inverse document frequency among the entries (a word every entry
    has tells them apart no better than one none has), scaled by how rare
    the word is in English at large (:func:`.text.rarity`): in a portfolio of
    a few entries "week" and "idempotency" may each be in one entry, and
    only the second says what the entry is about. A word the posting
    repeats across requirements, or has in its title, counts a little more.
    """
    asked: dict[str, float] = {}
    for requirement in posting.requirements:
        for term in requirement.terms:
            asked[term] = asked.get(term, 0) + 1
    # The job's title names what the job is about ("Checkout", "Payments"):
    # its words count as if several requirements asked for them.
    for term in terms(posting.title):
        asked[term] = asked.get(term, 0) + TITLE_WEIGHT
    weights = {}
    for term, count in asked.items():
        english = max(rarity(term) - COMMON_RARITY, 0.0)
        found = df.get(term, 0)
        among = math.log(1 + (n - found + 0.5) / (found + 0.5))
        weights[term] = among * (english + 1) / 2 * (1 + math.log(max(count, 1)))
    return weights


class ScoringOptions(TypedDict, total=False):
    """The options :func:`rank` and :func:`score` share (``today`` is required); :func:`rank` says what each does."""

    text_scores: Mapping[int, float] | None
    today: Required[dt.date]
    limit: int | None
    signals: Collection[str] | None


@in_posting_language
def rank(
    entries: Iterable[Entry],
    posting: Posting,
    skills: Iterable[Skill],
    kpis: Iterable[Kpi],
    **options: Unpack[ScoringOptions],
) -> list[RankedEntry]:
    """Entries ordered by how well they answer ``posting``, best first, with reasons.

    ``text_scores`` are SQLite FTS5 ``bm25()`` values by entry id (negative;
    more negative is a better match); without them the ranking uses its own
    term weights only, so it works on entries that are not in a database.
    ``limit`` keeps the best ``limit`` entries. ``signals`` keeps a subset
    of :data:`SIGNALS` (all by default); the others contribute nothing,
    which is how the evaluation measures what each signal adds. Ties go to the lower id, then the title, so the same input
    always gives the same order.

    >>> ranked = rank(entries, read_posting("job.txt"), BUILTIN_SKILLS, BUILTIN_KPIS,
    ...               today=date.today())                       # doctest: +SKIP
    >>> [r.to_json() for r in ranked[:3]]                          # doctest: +SKIP
    """
    entries = list(entries)
    # Each entry is read in the posting's language where the person translated it
    # (field by field, the rest as typed); the ranking returns the entries as stored.
    read = [entry.in_language(posting.lang) if entry.translations else entry for entry in entries]
    scores = score([RankingInput.of(entry) for entry in read], posting, skills, kpis, **options)
    return scores.ranked(entries, read)


@attrs.frozen
class Scores:
    """The best inputs, best first, as ``(score, index)``, and what explaining them shares."""

    order: list[tuple[float, int]]
    context: Context

    def ranked(
        self, entries: Sequence[Entry] | Mapping[int, Entry], read: Sequence[Entry] | Mapping[int, Entry] | None = None
    ) -> list[RankedEntry]:
        """The entries at those indexes (a list of all, or a mapping of those chosen) with their scores.

        ``read`` are the same entries in the posting's language, what the reasons quote.
        """
        read = entries if read is None else read
        return [
            RankedEntry(entry=entries[i], score=value, explanation=Explanation(read[i], self.context))
            if value > 0
            else RankedEntry(entry=entries[i], score=0.0)
            for value, i in self.order
        ]


@in_posting_language
def score(
    inputs: Sequence[RankingInput],
    posting: Posting,
    skills: Iterable[Skill],
    kpis: Iterable[Kpi],
    *,
    text_scores: Mapping[int, float] | None = None,
    today: dt.date,
    limit: int | None = None,
    signals: Collection[str] | None = None,
) -> Scores:
    """:func:`rank`'s scores, from what it reads of each entry (:class:`RankingInput`); every option as there."""
    signals = SIGNALS if signals is None else frozenset(signals)
    unknown = signals - SIGNALS
    if unknown:
        raise ValueError(f"unknown signals {sorted(unknown)}; choose from {sorted(SIGNALS)}")
    skill_names = {s.slug: s.name for s in skills}
    kpi_by_slug = {k.slug: k for k in kpis}
    weights = posting.skill_weights() if "skills" in signals else {}
    total_weight = sum(weights.values())

    # Scoring needs only the posting's words each entry shares; the full
    # per-field word lists are built later, for the entries returned.
    posting_terms = posting.terms | terms(posting.title)
    df: Counter[str] = Counter()
    shared: list[dict[str, int]] = []
    lengths: list[int] = []
    count_terms = term_counter(posting_terms)
    for item in inputs:
        common = count_terms(item.text)
        shared.append(common)
        lengths.append(item.text.count(" ") + 1)
        df.update(common.keys())
    n = len(inputs)
    term_weight = term_weights(posting, df, n)
    mean_length = (sum(lengths) / n) if n else 1.0

    use_text = "text" in signals
    fts = _normalised_fts(text_scores) if use_text else {}
    mentioned = mentioned_kpis(posting, kpi_by_slug)

    raw_skill = []
    raw_text = []
    saturated = SATURATION + 1
    for item, common, length in zip(inputs, shared, lengths):
        if total_weight and item.skills:
            raw_skill.append(sum(weights.get(skill, 0) * level for skill, level in item.skills) / (3 * total_weight))
        else:
            raw_skill.append(0.0)
        if use_text and common:
            # Long entries share more words by chance: damp them (BM25's length normalisation, softened).
            # and a word used three times says more than once, with diminishing returns: BM25's shape.
            norm = SATURATION * (1 - LENGTH_PENALTY + LENGTH_PENALTY * length / mean_length)
            raw_text.append(sum([term_weight[t] * tf * saturated / (tf + norm) for t, tf in common.items()]))
        else:
            raw_text.append(0.0)
    top_skill = max(raw_skill, default=0.0) or 1.0
    top_text = max(raw_text, default=0.0) or 1.0
    skill_share = SKILL_WEIGHT if total_weight else 0.0
    text_share = TEXT_WEIGHT if use_text else 0.0
    shares = (skill_share + text_share) or 1.0

    recency_cache: dict[str, float] = {}
    scored: list[tuple[float, int, RankingInput]] = []
    for i, item in enumerate(inputs):
        own = raw_text[i] / top_text
        text_signal = (own + fts.get(item.id, 0.0)) / 2 if fts and item.id is not None else own
        skill = raw_skill[i] / top_skill
        relevance = (skill_share * skill + text_share * text_signal) / shares
        kpi = _kpi_signal(item, kpi_by_slug, mentioned) if "kpis" in signals else 0.0
        recency = _recency(item, today, recency_cache) if "recency" in signals else 0.0
        boost = 1.0
        if "kpis" in signals:
            boost += KPI_BOOST * (kpi - 1)
        if "recency" in signals:
            boost += RECENCY_BOOST * (recency - 1)
        scored.append((relevance * boost, i, item))

    scored.sort(key=_order)
    if limit is not None:
        scored = scored[: max(limit, 0)]
    context = Context(posting, skill_names, kpi_by_slug, weights, term_weight, mentioned)
    return Scores([(value, i) for value, i, _ in scored], context)


def _order(item: tuple[float, int, RankingInput]) -> tuple[float, int, int, str, int]:
    """Best score first; ties by id, entries without one last by title; then input order."""
    value, position, entry = item
    if entry.id is not None:
        return (-value, 0, entry.id, "", position)
    return (-value, 1, 0, entry.title, position)


def _normalised_fts(text_scores: Mapping[int, float] | None) -> dict[int, float]:
    """bm25 is negative with more negative better; turn it into 0–1 with 1 the best match."""
    if not text_scores:
        return {}
    goodness = {entry_id: max(-float(value), 0.0) for entry_id, value in text_scores.items()}
    best = max(goodness.values(), default=0.0)
    if best <= 0:
        return {}
    return {entry_id: value / best for entry_id, value in goodness.items()}


def _kpi_signal(entry: RankingInput, kpi_by_slug: Mapping[str, Kpi], mentioned: frozenset[str]) -> float:
    if not entry.kpis:
        return 0.0
    known = [kpi_by_slug.get(slug) for slug in entry.kpis]
    signal = 0.6 if any(k is not None and k.is_business_impact for k in known) else 0.2
    if any(slug in mentioned for slug in entry.kpis):
        signal += 0.4
    return min(signal, 1.0)


def _recency(entry: RankingInput, today: dt.date, cache: dict[str, float]) -> float:
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


__all__ = ["SIGNALS", "RankedEntry", "Scores", "ScoringOptions", "rank", "score", "searchable", "term_weights"]

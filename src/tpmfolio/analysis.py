"""Where the evidence is thin: skill coverage, gaps, plan progress, business impact, staleness.

The career guide behind tpmfolio says an engineer moving into TPM already
has the engineering skills and must *show* the business ones, follow a
five-step plan, and prove business impact rather than delivery. This module
turns a list of entries into those answers. It is pure (no database, no
clock: ``today`` is a parameter) so the same numbers come out of the CLI,
the PDF and the tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .catalog import PLAN_STEPS, PlanStep
from .dates import last_day
from .models import Entry, Kpi, KpiResult, Skill
from .plain import plain_data

STALE_AFTER_MONTHS = 12
WEAK_MAX_LEVEL = 1
WEAK_MIN_ENTRIES = 2


@attrs.frozen
class SkillCoverage:
    """How much evidence one skill has: number of entries, strongest level, latest date.

    ``last_evidence`` is the latest day a finished entry showing the skill
    can mean; ``ongoing`` says some entry showing it has not ended yet.
    """

    skill: str
    name: str
    category: str
    entries: int = 0
    max_level: int = 0
    last_evidence: dt.date | None = None
    ongoing: bool = False
    # Entries showing the skill at level 1 (touched), 2 (practised) and 3 (led).
    levels: tuple[int, int, int] = (0, 0, 0)

    @property
    def missing(self) -> bool:
        return self.entries == 0

    @property
    def weak(self) -> bool:
        """Evidence exists but would not convince a reader: only touched, or a single entry."""
        return self.entries > 0 and (self.max_level <= WEAK_MAX_LEVEL or self.entries < WEAK_MIN_ENTRIES)

    def to_json(self) -> dict[str, Any]:
        return {
            **plain_data(self, "entries", "max_level", "name", "category"),
            "last_evidence": "present" if self.ongoing else (self.last_evidence.isoformat() if self.last_evidence else None),
        }


@attrs.frozen
class StepProgress:
    """Progress on one step of the transition plan: how many entries feed it."""

    step: int
    slug: str
    name: str
    kinds: tuple[str, ...]
    description: str
    entries: int = 0

    @property
    def done(self) -> bool:
        return self.entries > 0

    def to_json(self) -> dict[str, Any]:
        return plain_data(self, "step", "slug", "name", "entries", "kinds", "done")


@attrs.frozen
class EntryRef:
    """Enough of an entry to point at it in a list of things to fix."""

    id: int | None
    title: str

    def to_json(self) -> dict[str, Any]:
        return plain_data(self, "id", "title")


@attrs.frozen
class GapReport:
    """Everything ``tpmfolio gaps`` shows, computed once."""

    today: dt.date
    total_entries: int
    coverage: Mapping[str, SkillCoverage]
    missing_skills: tuple[str, ...]
    weak_skills: tuple[str, ...]
    stale_skills: tuple[str, ...]
    entries_without_kpi: tuple[EntryRef, ...]
    entries_without_result: tuple[EntryRef, ...]
    plan: tuple[StepProgress, ...]
    business_kpi_results: int
    engineering_kpi_results: int

    @property
    def business_impact_share(self) -> float:
        """Share of KPI results that measure business impact (0–1); 0 when there are none."""
        total = self.business_kpi_results + self.engineering_kpi_results
        return self.business_kpi_results / total if total else 0.0

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``gaps --json``; key order is stable so output diffs cleanly."""
        return {
            "today": self.today.isoformat(),
            "entries": self.total_entries,
            "coverage": {slug: c.to_json() for slug, c in self.coverage.items()},
            **plain_data(
                self, "missing_skills", "weak_skills", "stale_skills", "entries_without_kpi", "entries_without_result", "plan"
            ),
            "business_impact_share": round(self.business_impact_share, 4),
            "kpi_results": {"business_impact": self.business_kpi_results, "engineering": self.engineering_kpi_results},
        }


def _ended_on(entry: Entry, cache: dict[str, dt.date]) -> dt.date | None:
    """The latest day a finished entry can mean (``2024`` → 2024-12-31); None if undated or ongoing."""
    if not entry.ended:
        return None
    day = cache.get(entry.ended)
    if day is None:
        day = cache[entry.ended] = last_day(entry.ended)
    return day


def coverage(entries: Iterable[Entry], skills: Iterable[Skill]) -> dict[str, SkillCoverage]:
    """Per skill (catalog order): entries showing it, highest level, latest evidence date.

    Evidence for a skill not in ``skills`` (a hidden or removed one) is left
    out: pass the skills the person wants to see.
    """
    catalog = list(skills)
    counts = {s.slug: [0, 0, 0] for s in catalog}
    latest: dict[str, dt.date | None] = dict.fromkeys(counts)
    ongoing: set[str] = set()
    dates: dict[str, dt.date] = {}
    for entry in entries:
        if not entry.skills:
            continue
        # Started and not ended is how the model says "still going" (shown as "– present").
        running = bool(entry.started and not entry.ended)
        when = _ended_on(entry, dates)
        for evidence in entry.skills:
            slug = evidence.skill
            if slug not in counts:
                continue
            counts[slug][evidence.level - 1] += 1
            if running:
                ongoing.add(slug)
            elif when is not None:
                previous = latest[slug]
                if previous is None or when > previous:
                    latest[slug] = when
    return _coverage_map(catalog, counts, latest, ongoing)


def _coverage_map(
    catalog: Sequence[Skill],
    counts: Mapping[str, list[int]],
    latest: Mapping[str, dt.date | None],
    ongoing: set[str],
) -> dict[str, SkillCoverage]:
    """``counts``: per skill, the entries showing it at levels 1, 2 and 3."""
    return {
        s.slug: SkillCoverage(
            skill=s.slug,
            name=s.name,
            category=s.category,
            entries=sum(counts[s.slug]),
            max_level=max((level for level, n in enumerate(counts[s.slug], start=1) if n), default=0),
            last_evidence=latest[s.slug],
            ongoing=s.slug in ongoing,
            levels=(counts[s.slug][0], counts[s.slug][1], counts[s.slug][2]),
        )
        for s in catalog
    }


@attrs.frozen
class ImpactBalance:
    """KPI results that measure business impact against engineering ones: what a TPM is judged on."""

    business: int = 0
    engineering: int = 0

    @property
    def total(self) -> int:
        return self.business + self.engineering

    @property
    def share(self) -> float | None:
        """Business impact's share of the results (0–1), None when there are none."""
        return self.business / self.total if self.total else None


def impact_balance(entries: Iterable[Entry], kpis: Iterable[Kpi]) -> ImpactBalance:
    """How the entries' KPI results split between business impact and engineering.

    The one computation behind ``gaps``, the PDF's summary page and the
    tally that counts it in SQL.
    """
    counts: dict[str, int] = {}
    for entry in entries:
        for result in entry.kpis:
            counts[result.kpi] = counts.get(result.kpi, 0) + 1
    return _balance(counts, kpis)


def _balance(results_per_kpi: Mapping[str, int], kpis: Iterable[Kpi]) -> ImpactBalance:
    category = {k.slug: k.category for k in kpis}
    business = sum(n for slug, n in results_per_kpi.items() if category.get(slug) == "business-impact")
    engineering = sum(n for slug, n in results_per_kpi.items() if category.get(slug) == "engineering")
    return ImpactBalance(business=business, engineering=engineering)


def business_kpi_slugs(kpis: Iterable[Kpi]) -> frozenset[str]:
    return frozenset(k.slug for k in kpis if k.is_business_impact)


def plan_progress(
    entries: Iterable[Entry], kpis: Iterable[Kpi], steps: Sequence[PlanStep] = PLAN_STEPS
) -> list[StepProgress]:
    """Entries counting towards each plan step, by the step's own rule (``PlanStep.counts``)."""
    business = business_kpi_slugs(kpis)
    counts = [0] * len(steps)
    # Only the steps an entry's kind can feed are asked, so a long portfolio
    # costs one dictionary lookup per entry rather than five rule checks.
    by_kind: dict[str, list[int]] = {}
    for index, step in enumerate(steps):
        for kind in (*step.kinds, *step.needs_business_kpi):
            by_kind.setdefault(kind, []).append(index)
    for entry in entries:
        for index in by_kind.get(entry.kind, ()):
            if steps[index].counts(entry, business):
                counts[index] += 1
    return _progress(steps, counts)


def _progress(steps: Sequence[PlanStep], counts: Sequence[int]) -> list[StepProgress]:
    return [
        StepProgress(
            step=step.number,
            slug=step.slug,
            name=step.name,
            kinds=tuple(dict.fromkeys((*step.kinds, *step.needs_business_kpi))),
            description=step.description,
            entries=counts[index],
        )
        for index, step in enumerate(steps)
    ]


def business_first(slugs: Iterable[str], cover: Mapping[str, SkillCoverage]) -> tuple[str, ...]:
    """Business skills before the rest, catalog order otherwise: they are the gaps the guide says to close first."""
    order = {slug: i for i, slug in enumerate(cover)}
    return tuple(
        sorted(slugs, key=lambda slug: (cover[slug].category != "business", order.get(slug, len(order)), slug))
    )


def stale_cutoff(today: dt.date, months: int = STALE_AFTER_MONTHS) -> dt.date:
    """The same day ``months`` months earlier (clamped to the month's end)."""
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    last = last_day(f"{year:04d}-{month:02d}").day
    return dt.date(year, month, min(today.day, last))


def gap_report(
    entries: Iterable[Entry],
    skills: Iterable[Skill],
    kpis: Iterable[Kpi],
    *,
    today: dt.date,
    steps: Sequence[PlanStep] = PLAN_STEPS,
) -> GapReport:
    """Coverage, missing/weak/stale skills, entries to complete, plan progress and business-impact share.

    >>> report = gap_report(entries, BUILTIN_SKILLS, BUILTIN_KPIS, today=date(2025, 6, 1))  # doctest: +SKIP
    >>> report.to_json()["business_impact_share"]                                            # doctest: +SKIP
    0.6
    """
    entries = list(entries)
    kpis = list(kpis)
    cover = coverage(entries, skills)
    without_kpi = [EntryRef(entry.id, entry.title) for entry in entries if not entry.kpis]
    without_result = [EntryRef(entry.id, entry.title) for entry in entries if not entry.result]
    return _report(
        today, len(entries), cover, plan_progress(entries, kpis, steps), impact_balance(entries, kpis), without_kpi, without_result
    )


@attrs.frozen
class EvidenceTally:
    """What the gap analysis reads of a portfolio, counted instead of listed.

    :func:`tpmfolio.store.evidence_tally` counts it with SQL, so a portfolio
    of 100,000 entries is analysed without loading them; :func:`gap_report`
    over the same entries gives the same report (the tests hold both to it).
    """

    total_entries: int
    # (skill, ended as stored or None, still going, entries, level), one row per group.
    skills: tuple[tuple[str, str | None, bool, int, int], ...]
    # KPI slug -> number of results.
    kpi_results: Mapping[str, int]
    # (kind, moved a business KPI, entries), one row per group.
    kinds: tuple[tuple[str, bool, int], ...]
    without_kpi: tuple[tuple[int | None, str], ...]
    without_result: tuple[tuple[int | None, str], ...]


def tally_coverage(tally: EvidenceTally, skills: Iterable[Skill]) -> dict[str, SkillCoverage]:
    """:func:`coverage` from a tally."""
    catalog = list(skills)
    counts = {s.slug: [0, 0, 0] for s in catalog}
    latest: dict[str, dt.date | None] = dict.fromkeys(counts)
    ongoing: set[str] = set()
    dates: dict[str, dt.date] = {}
    for slug, ended, running, entries, level in tally.skills:
        if slug not in counts:
            continue
        counts[slug][level - 1] += entries
        if running:
            ongoing.add(slug)
        elif ended:
            when = dates.get(ended)
            if when is None:
                when = dates[ended] = last_day(ended)
            previous = latest[slug]
            if previous is None or when > previous:
                latest[slug] = when
    return _coverage_map(catalog, counts, latest, ongoing)


def tally_plan(tally: EvidenceTally, kpis: Iterable[Kpi], steps: Sequence[PlanStep] = PLAN_STEPS) -> list[StepProgress]:
    """:func:`plan_progress` from a tally.

    Each (kind, moved a business KPI) group is asked the step's own rule
    once, through a stand-in entry of that kind, so the rule lives in one
    place (:meth:`PlanStep.counts`).
    """
    business = business_kpi_slugs(kpis)
    sample_kpi = min(business) if business else None
    counts = [0] * len(steps)
    for kind, moved, entries in tally.kinds:
        moved_kpis = (KpiResult(sample_kpi, "1"),) if moved and sample_kpi else ()
        stand_in = Entry(title=kind, kind=kind, kpis=moved_kpis)
        for index, step in enumerate(steps):
            if step.counts(stand_in, business):
                counts[index] += entries
    return _progress(steps, counts)


def gap_report_from_tally(
    tally: EvidenceTally,
    skills: Iterable[Skill],
    kpis: Iterable[Kpi],
    *,
    today: dt.date,
    steps: Sequence[PlanStep] = PLAN_STEPS,
) -> GapReport:
    """:func:`gap_report` from a tally: what ``tpmfolio gaps`` uses."""
    kpis = list(kpis)
    return _report(
        today,
        tally.total_entries,
        tally_coverage(tally, skills),
        tally_plan(tally, kpis, steps),
        _balance(tally.kpi_results, kpis),
        [EntryRef(entry_id, title) for entry_id, title in tally.without_kpi],
        [EntryRef(entry_id, title) for entry_id, title in tally.without_result],
    )


def _report(
    today: dt.date,
    total: int,
    cover: dict[str, SkillCoverage],
    plan: list[StepProgress],
    impact: ImpactBalance,
    without_kpi: list[EntryRef],
    without_result: list[EntryRef],
) -> GapReport:
    cutoff = stale_cutoff(today)
    missing = [slug for slug, c in cover.items() if c.missing]
    weak = [slug for slug, c in cover.items() if c.weak]
    # Undated evidence cannot show recent practice, so it counts as stale too.
    stale = [
        slug
        for slug, c in cover.items()
        if c.entries and not c.ongoing and (c.last_evidence is None or c.last_evidence < cutoff)
    ]
    return GapReport(
        today=today,
        total_entries=total,
        coverage=cover,
        missing_skills=business_first(missing, cover),
        weak_skills=business_first(weak, cover),
        stale_skills=business_first(stale, cover),
        entries_without_kpi=_by_id(without_kpi),
        entries_without_result=_by_id(without_result),
        plan=tuple(plan),
        business_kpi_results=impact.business,
        engineering_kpi_results=impact.engineering,
    )


def _by_id(refs: list[EntryRef]) -> tuple[EntryRef, ...]:
    """Stable order whatever order the store returned: by id, entries without one last by title."""
    return tuple(sorted(refs, key=lambda r: (r.id is None, r.id or 0, r.title)))


__all__ = [
    "EntryRef",
    "EvidenceTally",
    "GapReport",
    "ImpactBalance",
    "SkillCoverage",
    "StepProgress",
    "business_first",
    "business_kpi_slugs",
    "coverage",
    "impact_balance",
    "gap_report",
    "gap_report_from_tally",
    "plan_progress",
    "stale_cutoff",
    "tally_coverage",
    "tally_plan",
]

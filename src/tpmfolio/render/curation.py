"""What a reader meets first: the strongest outcomes, case studies before learning, private notes left out.

A hiring manager gives a portfolio two minutes, so the order of what they
read is the argument. The rules are plain and written down in
docs/themes.md ("What comes first"), because a person should be able to
predict why an entry leads:

- An **outcome** is a KPI result that met its target (with or without a
  baseline), or that moved the right way from its baseline. A result that
  went the wrong way, or missed its target with nothing to compare it to,
  stays in its entry's own table and never leads.
- Outcomes rank by: business impact before engineering; target met before
  improvement alone before a figure with neither; money (revenue, savings)
  before other units; then the larger amount of money, or the larger
  relative move (a move up from zero counts as the largest).
- Case studies rank by their strongest outcome, then by how many outcomes
  they have, how many skills they led, how many testimonials back them, and
  last how recent they are (``order="strength"``); ``order="date"`` puts
  the most recent first. Tailored, the posting's ranking is the strength.
- ``conversation`` entries are the person's private notes on their move:
  left out unless named in ``include_kinds``.

Pure: entries and the KPI catalog in, ordered values out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from ..errors import InvalidValue
from ..models import ENTRY_KINDS, Change, Entry, Kpi, KpiResult
from ..quantities import CURRENCY_CODES

CASE_STUDY_KINDS = frozenset({"project", "tpm-task", "cross-functional", "volunteer", "other"})
LEARNING_KINDS = frozenset({"course", "certification", "mentorship", "talk", "writing"})
# The person's private notes on their move: never printed unless asked for.
HIDDEN_KINDS = frozenset({"conversation"})
ORDERS = ("strength", "date")
_FROM_ZERO = Decimal("Infinity")


class Outcome(NamedTuple):
    """One KPI result judged as evidence, with the key it ranks by (larger is stronger)."""

    entry: Entry
    result: KpiResult
    change: Change | None
    met: bool | None
    business: bool
    key: tuple[Any, ...]


def judge(entry: Entry, result: KpiResult, kpi: Kpi | None) -> Outcome | None:
    """The result as an outcome, or None when it is no evidence of success.

    >>> from tpmfolio.models import Entry
    >>> e = Entry(title="Checkout", kpis=["revenue=$1.2M target=$1M"])
    >>> judge(e, e.kpis[0], None).met
    True
    """
    direction = kpi.direction if kpi else "up"
    change = result.change(direction)
    met = result.met_target(direction)
    if change is not None and not change.improved:
        return None
    if met is False and change is None:
        return None
    business = bool(kpi and kpi.is_business_impact)
    tier = 2 if met else 1 if change is not None else 0
    money = result.actual.unit in CURRENCY_CODES
    if money:
        size = result.actual.number
    elif change is not None:
        size = abs(change.relative) if change.relative is not None else _FROM_ZERO
    else:
        attained = result.attainment(direction)
        size = attained - 1 if attained is not None else Decimal(0)
    return Outcome(entry, result, change, met, business, (business, tier, money, size))


def outcomes(entries: Sequence[Entry], kpi_by_slug: Mapping[str, Kpi]) -> list[Outcome]:
    """Every outcome in ``entries``, strongest first (ties keep the entries' order)."""
    found = [
        outcome
        for entry in entries
        for result in entry.kpis
        if (outcome := judge(entry, result, kpi_by_slug.get(result.kpi))) is not None
    ]
    found.sort(key=lambda o: o.key, reverse=True)
    return found


def leading(found: Sequence[Outcome], count: int, *, one_per_entry: bool = False) -> list[Outcome]:
    """The first ``count`` outcomes; with ``one_per_entry`` each from a different entry."""
    if not one_per_entry:
        return list(found[:count])
    chosen: list[Outcome] = []
    seen: set[int] = set()
    for outcome in found:
        if id(outcome.entry) not in seen:
            chosen.append(outcome)
            seen.add(id(outcome.entry))
        if len(chosen) == count:
            break
    return chosen


def is_case_study(entry: Entry) -> bool:
    """Case studies get a full section; learning and community entries a line in a list."""
    return entry.kind not in LEARNING_KINDS and entry.kind not in HIDDEN_KINDS


def order_entries(entries: Sequence[Entry], kpis: Sequence[Kpi], order: str = "strength") -> list[Entry]:
    """Case studies first (strongest first, or most recent first), then the rest, most recent first.

    >>> [e.title for e in order_entries(entries, kpis)]          # doctest: +SKIP
    ['Checkout redesign', 'Invoice reconciliation', 'Product strategy course']
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}")
    cases = [e for e in entries if is_case_study(e)]
    rest = sorted((e for e in entries if not is_case_study(e)), key=lambda e: e.sort_date, reverse=True)
    if order == "date":
        return sorted(cases, key=lambda e: e.sort_date, reverse=True) + rest
    kpi_by_slug = {k.slug: k for k in kpis}
    return sorted(cases, key=lambda e: strength(e, kpi_by_slug), reverse=True) + rest


def strength(entry: Entry, kpi_by_slug: Mapping[str, Kpi]) -> tuple[Any, ...]:
    """How strong a case study is as evidence: the key :func:`order_entries` sorts by."""
    found = outcomes([entry], kpi_by_slug)
    best = found[0].key if found else ()
    led = sum(1 for s in entry.skills if s.level == 3)
    return (bool(found), best, len(found), led, len(entry.testimonials), entry.sort_date)


def check_choices(order: str, include_kinds: Sequence[str]) -> None:
    """Refuse an unknown order or entry kind with a message naming the valid ones."""
    if order not in ORDERS:
        raise InvalidValue(f"unknown order {order!r}; use one of: {', '.join(ORDERS)}")
    for kind in include_kinds:
        if kind not in ENTRY_KINDS:
            raise InvalidValue(f"unknown entry kind {kind!r}; the kinds are: {', '.join(ENTRY_KINDS)}")


def without_hidden_kinds(entries: Sequence[Entry], include_kinds: Sequence[str] = ()) -> list[Entry]:
    """Leave out the kinds that are private by default, unless the person asked for them."""
    hidden = HIDDEN_KINDS - set(include_kinds)
    return [e for e in entries if e.kind not in hidden]

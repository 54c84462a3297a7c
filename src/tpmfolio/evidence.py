"""What an entry shows: KPI results, measurements, skill evidence, testimonials, links.

Pure values, validated on construction like every model. The short text
forms people type (``customer-focus:3``, ``adoption-rate=34% baseline=10%``,
``Label=https://…``) are read here and only here: ``add``, ``edit``, CSV and
the interchange formats all go through :func:`skill_fields`,
:func:`kpi_fields` and :meth:`Link.parse`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from . import rules
from .dates import parse_partial_date
from .errors import InvalidValue
from .quantities import Quantity, format_number

KPI_PARTS = ("baseline", "target", "as_of", "note")
_KPI_PARTS = re.compile(r"\s+(" + "|".join(KPI_PARTS) + r")=")


def kpi_fields(text: str) -> dict[str, str]:
    """The fields of ``SLUG=ACTUAL [baseline=X] [target=Y] [as_of=D] [note=N]``, as text.

    >>> kpi_fields("adoption-rate=34% target=30%")
    {'kpi': 'adoption-rate', 'actual': '34%', 'target': '30%'}
    """
    text = str(text).strip()
    slug, sep, rest = text.partition("=")
    if not sep or not slug.strip():
        raise InvalidValue("write it as SLUG=VALUE, e.g. adoption-rate=34% baseline=10%")
    pieces = _KPI_PARTS.split(" " + rest.strip())
    fields = {"kpi": slug.strip(), "actual": pieces[0].strip()}
    for name, value in zip(pieces[1::2], pieces[2::2]):
        if name in fields:
            raise InvalidValue(f"{name} is given twice")
        fields[name] = value.strip()
    return fields


def skill_fields(text: str) -> dict[str, str]:
    """The fields of ``customer-focus:3`` or ``customer-focus`` (level 2), as text."""
    slug, _, level = str(text).strip().partition(":")
    return {"skill": slug.strip(), "level": level.strip() or "2"}


@attrs.frozen
class Change:
    """How an actual value compares with its baseline, already signed by direction."""

    delta: Decimal
    unit: str
    relative: Decimal | None
    improved: bool

    def __str__(self) -> str:
        sign = "+" if self.delta > 0 else ""
        unit = "pp" if self.unit == "%" else self.unit
        text = sign + format_number(self.delta, unit)
        if self.relative is not None and self.unit not in ("%", "pp"):
            text += f" ({'+' if self.relative > 0 else ''}{self.relative * 100:.0f}%)"
        return text


@attrs.frozen
class KpiResult:
    """What an entry did to one KPI: actual value, optionally baseline and target.

    ``change()`` and ``attainment()`` need the KPI's direction, which lives in
    the catalog, so they take it as an argument rather than storing a copy.
    """

    kpi: str = attrs.field(validator=rules.slug)
    actual: Quantity = attrs.field(converter=rules.quantity)
    baseline: Quantity | None = attrs.field(default=None, converter=rules.optional_quantity)
    target: Quantity | None = attrs.field(default=None, converter=rules.optional_quantity)
    as_of: str | None = attrs.field(default=None, converter=rules.optional_date)
    note: str = attrs.field(default="", converter=rules.clean, validator=rules.text_limit(rules.MAX_NOTE))

    @baseline.validator
    def _check_baseline(self, attribute: attrs.Attribute, value: Quantity | None) -> None:
        if value is not None and not value.comparable(self.actual):
            raise InvalidValue(
                f"{self.kpi}: baseline {value} and actual {self.actual} are in different units"
            )

    @target.validator
    def _check_target(self, attribute: attrs.Attribute, value: Quantity | None) -> None:
        if value is not None and not value.comparable(self.actual):
            raise InvalidValue(f"{self.kpi}: target {value} and actual {self.actual} are in different units")

    def change(self, direction: str = "up") -> Change | None:
        """Actual minus baseline; ``improved`` is True when it moved the good way."""
        if self.baseline is None:
            return None
        delta = self.actual.number - self.baseline.number
        unit = self.actual.unit or self.baseline.unit
        relative = delta / abs(self.baseline.number) if self.baseline.number else None
        improved = delta > 0 if direction == "up" else delta < 0
        return Change(delta=delta, unit=unit, relative=relative, improved=improved)

    def attainment(self, direction: str = "up") -> Decimal | None:
        """Share of the planned move achieved (1 = target hit), or None without a target.

        With a baseline it is (actual - baseline) / (target - baseline), which
        works for both directions; without one, actual / target (up) or
        target / actual (down).
        """
        if self.target is None:
            return None
        if self.baseline is not None and self.target.number != self.baseline.number:
            return (self.actual.number - self.baseline.number) / (self.target.number - self.baseline.number)
        if direction == "up":
            return self.actual.number / self.target.number if self.target.number else None
        return self.target.number / self.actual.number if self.actual.number else None

    def met_target(self, direction: str = "up") -> bool | None:
        if self.target is None:
            return None
        if direction == "up":
            return self.actual.number >= self.target.number
        return self.actual.number <= self.target.number

    @classmethod
    def parse(cls, text: str) -> KpiResult:
        """Read the ``--kpi`` option form: ``SLUG=ACTUAL [baseline=X] [target=Y] [as_of=D]``.

        >>> KpiResult.parse("adoption-rate=34% baseline=10% target=30%").target.text
        '30%'
        """
        return cls(**kpi_fields(text))

    def to_text(self) -> str:
        """The ``--kpi`` option form: ``adoption-rate=34% baseline=10% target=30%``."""
        text = f"{self.kpi}={self.actual}"
        if self.baseline is not None:
            text += f" baseline={self.baseline}"
        if self.target is not None:
            text += f" target={self.target}"
        if self.as_of:
            text += f" as_of={self.as_of}"
        return text

    def to_row(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi,
            "actual": str(self.actual),
            "actual_number": float(self.actual.number),
            "baseline": str(self.baseline) if self.baseline is not None else None,
            "target": str(self.target) if self.target is not None else None,
            "as_of": self.as_of,
            "note": self.note,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> KpiResult:
        return cls(
            kpi=row["kpi"],
            actual=row["actual"],
            baseline=row.get("baseline"),
            target=row.get("target"),
            as_of=row.get("as_of"),
            note=row.get("note") or "",
        )


def _measurement_date(value: object) -> str:
    return parse_partial_date(value, "measurement date")  # type: ignore[arg-type]


@attrs.frozen
class Measurement:
    """One point of a KPI's time series, drawn as a chart on the entry's page."""

    kpi: str = attrs.field(validator=rules.slug)
    date: str = attrs.field(converter=_measurement_date)
    value: Quantity = attrs.field(converter=rules.quantity)

    def to_row(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi,
            "date": self.date,
            "value": str(self.value),
            "value_number": float(self.value.number),
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Measurement:
        return cls(kpi=row["kpi"], date=row["date"], value=row["value"])


@attrs.frozen
class SkillEvidence:
    """How strongly an entry shows a skill: 1 touched it, 2 practised it, 3 led with it."""

    skill: str = attrs.field(validator=rules.slug)
    level: int = attrs.field(default=2, converter=rules.level)
    note: str = attrs.field(default="", converter=rules.clean, validator=rules.text_limit(rules.MAX_NOTE))

    @classmethod
    def parse(cls, text: str) -> SkillEvidence:
        """``customer-focus:3`` or ``customer-focus`` (level 2)."""
        return cls(**skill_fields(text))

    def to_text(self) -> str:
        return f"{self.skill}:{self.level}"

    def to_row(self) -> dict[str, Any]:
        return {"skill": self.skill, "level": self.level, "note": self.note}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> SkillEvidence:
        return cls(skill=row["skill"], level=row["level"], note=row.get("note") or "")


@attrs.frozen
class Testimonial:
    """What a stakeholder or mentor said: evidence that is neither a number nor a link."""

    quote: str = attrs.field(converter=rules.clean, validator=[rules.required_text, rules.text_limit(rules.MAX_TEXT)])
    author: str = attrs.field(default="", converter=rules.clean)
    author_role: str = attrs.field(default="", converter=rules.clean)

    def to_row(self) -> dict[str, Any]:
        return {"quote": self.quote, "author": self.author, "author_role": self.author_role}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Testimonial:
        return cls(quote=row["quote"], author=row.get("author") or "", author_role=row.get("author_role") or "")


@attrs.frozen
class Link:
    """A link to an artifact (design doc, launch post, dashboard)."""

    url: str = attrs.field(converter=rules.clean)
    label: str = attrs.field(default="", converter=rules.clean)

    @url.validator
    def _check_url(self, attribute: attrs.Attribute, value: str) -> None:
        if not rules.is_web_address(value):
            raise InvalidValue(f"link {value!r} is not a web address; start it with https://")

    @classmethod
    def parse(cls, text: str) -> Link:
        """``https://…`` or ``Label=https://…``."""
        text = str(text).strip()
        label, sep, url = text.partition("=")
        if sep and not label.lower().startswith(("http://", "https://", "mailto:")):
            return cls(url=url, label=label)
        return cls(url=text)

    def to_text(self) -> str:
        return f"{self.label}={self.url}" if self.label else self.url

    def to_row(self) -> dict[str, Any]:
        return {"url": self.url, "label": self.label}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Link:
        return cls(url=row["url"], label=row.get("label") or "")

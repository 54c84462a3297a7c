"""The value objects of a portfolio: pure, frozen, validated on construction.

No I/O here. Storage goes through explicit ``to_row()`` / ``from_row()`` so
the model never depends on the table layout, and changes go through
``attrs.evolve`` so every changed value is validated again.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from .dates import first_day, last_day, parse_partial_date
from .errors import InvalidValue
from .quantities import Quantity, format_number

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SKILL_CATEGORIES = ("engineering", "business", "other")
KPI_CATEGORIES = ("business-impact", "engineering")
DIRECTIONS = ("up", "down")
ENTRY_KINDS = (
    "project",
    "tpm-task",
    "cross-functional",
    "volunteer",
    "course",
    "certification",
    "mentorship",
    "conversation",
    "talk",
    "writing",
    "other",
)
MAX_TITLE = 300
MAX_TEXT = 20_000


# --- validators and converters ---------------------------------------------


def _slug(instance: object, attribute: attrs.Attribute, value: str) -> None:
    if not isinstance(value, str) or not SLUG.match(value):
        raise InvalidValue(
            f"{attribute.name}: {value!r} is not a slug; use lowercase words joined by hyphens, like customer-focus"
        )


def _one_of(choices: tuple[str, ...]):
    def check(instance: object, attribute: attrs.Attribute, value: str) -> None:
        if value not in choices:
            raise InvalidValue(f"{attribute.name}: {value!r} is not one of: {', '.join(choices)}")

    return check


def _required_text(instance: object, attribute: attrs.Attribute, value: str) -> None:
    if not value:
        raise InvalidValue(f"{attribute.name} must not be empty")


def _text_limit(limit: int):
    def check(instance: object, attribute: attrs.Attribute, value: str) -> None:
        if len(value) > limit:
            raise InvalidValue(f"{attribute.name} is {len(value):,} characters; the limit is {limit:,}")

    return check


# C0 controls but tab and newline, and DEL; a lone CR goes too, CRLF becomes LF first.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean(value: object) -> str:
    """Strip surrounding space and drop NUL and other control characters but newlines and tabs."""
    if value is None:
        return ""
    text = str(value)
    if text.isprintable():  # no control characters at all: the common case, checked in C
        return text.strip()
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    # One C-level scan instead of a Python loop per character: every entry
    # field passes through here, and import/export handle thousands.
    return _CONTROL.sub("", text).strip()


def _optional_date(value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_partial_date(str(value))


def _optional_quantity(value: object) -> Quantity | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value if isinstance(value, Quantity) else Quantity.parse(value)


def _quantity(value: object) -> Quantity:
    return value if isinstance(value, Quantity) else Quantity.parse(value)  # type: ignore[arg-type]


def _tuple_of(cls: type):
    def convert(values: Iterable[Any] | None) -> tuple:
        if values is None:
            return ()
        if isinstance(values, (str, bytes)):
            values = [values]
        return tuple(v if isinstance(v, cls) else _coerce(cls, v) for v in values)

    return convert


def _coerce(cls: type, value: Any) -> Any:
    if cls is str:
        return _clean(value)
    if isinstance(value, Mapping):
        return cls(**value)
    if hasattr(cls, "parse"):
        return cls.parse(value)
    raise InvalidValue(f"expected a {cls.__name__}, got {value!r}")


def _keywords(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = values.split(",")
    return tuple(k for k in (_clean(v) for v in values) if k)


def _stored(cls: type, **values: Any) -> Any:
    """An instance built from values the store wrote, without converters or validators.

    Every row in the entry tables was written from a validated model object,
    so checking it again on the way out only costs time: loading a hundred
    thousand entries for analysis would spend most of it re-cleaning text.
    ``values`` must name every field, as a slotted class has no defaults to
    fall back on.
    """
    instance = object.__new__(cls)
    for name, value in values.items():
        object.__setattr__(instance, name, value)
    return instance


def stored_builder(cls: type, names: Sequence[str]) -> Callable[..., Any]:
    """A function building ``cls`` from positional values named ``names``, trusted like :func:`_stored`.

    For bulk loads: the store picks the column order, the names tie each
    value to its field, and no dictionary is built per row. ``names`` must
    cover every field.
    """
    fields = {a.name for a in attrs.fields(cls)}
    if set(names) != fields or len(names) != len(fields):
        raise ValueError(f"{cls.__name__} needs exactly the fields {sorted(fields)}, got {list(names)}")
    body = "".join(f"    _set(self, {name!r}, {name})\n" for name in names)
    source = f"def build({', '.join(names)}):\n    self = _new(cls)\n{body}    return self\n"
    namespace: dict[str, Any] = {"_new": object.__new__, "_set": object.__setattr__, "cls": cls}
    exec(source, namespace)  # one assignment per field, unrolled: the loop in _stored costs twice as much
    return namespace["build"]


def stored_quantity(text: str) -> Quantity:
    """The Quantity for a value text the store wrote (shared, since a Quantity is frozen)."""
    return _stored_quantity(text)


def stored_optional_quantity(text: str | None) -> Quantity | None:
    return None if text is None or text == "" else _stored_quantity(text)


@functools.lru_cache(maxsize=8192)
def _stored_quantity(text: str) -> Quantity:
    # KPI values repeat ("30%", "$1M"), and a Quantity is frozen, so one
    # parsed instance can serve every entry that stored the same text.
    return Quantity.parse(text)


_stored_optional_quantity = stored_optional_quantity


# --- catalog values ---------------------------------------------------------


@attrs.frozen
class Skill:
    """A skill entries can show; ``keywords`` feed matching against postings."""

    slug: str = attrs.field(validator=_slug)
    name: str = attrs.field(converter=_clean, validator=_required_text)
    category: str = attrs.field(default="other", validator=_one_of(SKILL_CATEGORIES))
    description: str = attrs.field(default="", converter=_clean)
    keywords: tuple[str, ...] = attrs.field(default=(), converter=_keywords)

    def to_row(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "category": self.category,
            "description": self.description,
            "keywords_json": list(self.keywords),
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Skill:
        return cls(
            slug=row["slug"],
            name=row["name"],
            category=row["category"],
            description=row.get("description") or "",
            keywords=_json_list(row.get("keywords_json")),
        )


@attrs.frozen
class Kpi:
    """A business or engineering measure; ``direction`` says whether up is good."""

    slug: str = attrs.field(validator=_slug)
    name: str = attrs.field(converter=_clean, validator=_required_text)
    category: str = attrs.field(default="business-impact", validator=_one_of(KPI_CATEGORIES))
    unit: str = attrs.field(default="", converter=_clean)
    direction: str = attrs.field(default="up", validator=_one_of(DIRECTIONS))

    @property
    def is_business_impact(self) -> bool:
        return self.category == "business-impact"

    def to_row(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "category": self.category,
            "unit": self.unit,
            "direction": self.direction,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Kpi:
        return cls(
            slug=row["slug"],
            name=row["name"],
            category=row["category"],
            unit=row.get("unit") or "",
            direction=row.get("direction") or "up",
        )


# --- evidence values ----------------------------------------------------------


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

    kpi: str = attrs.field(validator=_slug)
    actual: Quantity = attrs.field(converter=_quantity)
    baseline: Quantity | None = attrs.field(default=None, converter=_optional_quantity)
    target: Quantity | None = attrs.field(default=None, converter=_optional_quantity)
    as_of: str | None = attrs.field(default=None, converter=_optional_date)
    note: str = attrs.field(default="", converter=_clean, validator=_text_limit(2_000))

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
        text = str(text).strip()
        slug, sep, rest = text.partition("=")
        if not sep or not slug.strip():
            raise InvalidValue(f"--kpi {text!r}: write it as SLUG=VALUE, e.g. adoption-rate=34% baseline=10%")
        names = ("baseline", "target", "as_of", "note")
        pattern = re.compile(r"\s+(" + "|".join(names) + r")=")
        pieces = pattern.split(" " + rest.strip())
        fields: dict[str, str] = {"actual": pieces[0].strip()}
        for name, value in zip(pieces[1::2], pieces[2::2]):
            if name in fields:
                raise InvalidValue(f"--kpi {text!r}: {name} is given twice")
            fields[name] = value.strip()
        return cls(kpi=slug.strip(), **fields)

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

    @classmethod
    def from_stored_row(cls, row: Mapping[str, Any]) -> KpiResult:
        """A row the store wrote: trusted, not checked again (see :func:`_stored`)."""
        return _stored(
            cls,
            kpi=row["kpi"],
            actual=_stored_quantity(row["actual"]),
            baseline=_stored_optional_quantity(row.get("baseline")),
            target=_stored_optional_quantity(row.get("target")),
            as_of=row.get("as_of") or None,
            note=row.get("note") or "",
        )


@attrs.frozen
class Measurement:
    """One point of a KPI's time series, drawn as a chart on the entry's page."""

    kpi: str = attrs.field(validator=_slug)
    date: str = attrs.field(converter=lambda v: parse_partial_date(v, "measurement date"))
    value: Quantity = attrs.field(converter=_quantity)

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

    @classmethod
    def from_stored_row(cls, row: Mapping[str, Any]) -> Measurement:
        return _stored(cls, kpi=row["kpi"], date=row["date"], value=_stored_quantity(row["value"]))


@attrs.frozen
class SkillEvidence:
    """How strongly an entry shows a skill: 1 touched it, 2 practised it, 3 led with it."""

    skill: str = attrs.field(validator=_slug)
    level: int = attrs.field(default=2, converter=lambda v: _level(v))
    note: str = attrs.field(default="", converter=_clean, validator=_text_limit(2_000))

    @classmethod
    def parse(cls, text: str) -> SkillEvidence:
        """``customer-focus:3`` or ``customer-focus`` (level 2)."""
        slug, _, level = str(text).strip().partition(":")
        return cls(skill=slug.strip(), level=level.strip() or 2)

    def to_text(self) -> str:
        return f"{self.skill}:{self.level}"

    def to_row(self) -> dict[str, Any]:
        return {"skill": self.skill, "level": self.level, "note": self.note}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> SkillEvidence:
        return cls(skill=row["skill"], level=row["level"], note=row.get("note") or "")

    @classmethod
    def from_stored_row(cls, row: Mapping[str, Any]) -> SkillEvidence:
        return _stored(cls, skill=row["skill"], level=int(row["level"]), note=row.get("note") or "")


def _level(value: object) -> int:
    try:
        level = int(str(value).strip())
    except ValueError:
        raise InvalidValue(f"skill level {value!r} is not 1, 2 or 3") from None
    if level not in (1, 2, 3):
        raise InvalidValue(f"skill level {value!r} is not 1, 2 or 3")
    return level


@attrs.frozen
class Testimonial:
    """What a stakeholder or mentor said: evidence that is neither a number nor a link."""

    quote: str = attrs.field(converter=_clean, validator=[_required_text, _text_limit(MAX_TEXT)])
    author: str = attrs.field(default="", converter=_clean)
    author_role: str = attrs.field(default="", converter=_clean)

    def to_row(self) -> dict[str, Any]:
        return {"quote": self.quote, "author": self.author, "author_role": self.author_role}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Testimonial:
        return cls(quote=row["quote"], author=row.get("author") or "", author_role=row.get("author_role") or "")

    @classmethod
    def from_stored_row(cls, row: Mapping[str, Any]) -> Testimonial:
        return _stored(cls, quote=row["quote"], author=row.get("author") or "", author_role=row.get("author_role") or "")


_URL = re.compile(r"^(https?://|mailto:)[^\s<>\"]+$", re.IGNORECASE)


@attrs.frozen
class Link:
    """A link to an artifact (design doc, launch post, dashboard)."""

    url: str = attrs.field(converter=_clean)
    label: str = attrs.field(default="", converter=_clean)

    @url.validator
    def _check_url(self, attribute: attrs.Attribute, value: str) -> None:
        if not _URL.match(value):
            raise InvalidValue(f"link {value!r} is not a web address; start it with https://")

    @classmethod
    def parse(cls, text: str) -> Link:
        """``https://…`` or ``Label=https://…``."""
        text = str(text).strip()
        label, sep, url = text.partition("=")
        if sep and not label.lower().startswith(("http://", "https://", "mailto:")):
            return cls(url=url, label=label)
        return cls(url=text)

    def to_row(self) -> dict[str, Any]:
        return {"url": self.url, "label": self.label}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Link:
        return cls(url=row["url"], label=row.get("label") or "")

    @classmethod
    def from_stored_row(cls, row: Mapping[str, Any]) -> Link:
        return _stored(cls, url=row["url"], label=row.get("label") or "")


# --- the entry ------------------------------------------------------------------


def _new_uid() -> str:
    return uuid.uuid4().hex


def _tags(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    seen: dict[str, None] = {}
    for value in values:
        tag = _clean(value).lower()
        if not tag:
            raise InvalidValue("a tag must not be empty")
        if len(tag) > 100:
            raise InvalidValue(f"tag {tag[:20]!r}… is longer than 100 characters")
        seen.setdefault(tag, None)
    return tuple(seen)


@attrs.frozen
class Entry:
    """One piece of evidence: a project, course, mentorship, talk…

    ``uid`` survives export and re-import; ``id`` is the short number people
    type and is assigned by the store.
    """

    title: str = attrs.field(converter=_clean, validator=[_required_text, _text_limit(MAX_TITLE)])
    kind: str = attrs.field(default="project", validator=_one_of(ENTRY_KINDS))
    started: str | None = attrs.field(default=None, converter=_optional_date)
    ended: str | None = attrs.field(default=None, converter=_optional_date)
    organization: str = attrs.field(default="", converter=_clean, validator=_text_limit(MAX_TITLE))
    role: str = attrs.field(default="", converter=_clean, validator=_text_limit(MAX_TITLE))
    summary: str = attrs.field(default="", converter=_clean, validator=_text_limit(MAX_TEXT))
    situation: str = attrs.field(default="", converter=_clean, validator=_text_limit(MAX_TEXT))
    task: str = attrs.field(default="", converter=_clean, validator=_text_limit(MAX_TEXT))
    action: str = attrs.field(default="", converter=_clean, validator=_text_limit(MAX_TEXT))
    result: str = attrs.field(default="", converter=_clean, validator=_text_limit(MAX_TEXT))
    decisions: str = attrs.field(default="", converter=_clean, validator=_text_limit(MAX_TEXT))
    lessons: str = attrs.field(default="", converter=_clean, validator=_text_limit(MAX_TEXT))
    skills: tuple[SkillEvidence, ...] = attrs.field(factory=tuple, converter=_tuple_of(SkillEvidence))
    kpis: tuple[KpiResult, ...] = attrs.field(factory=tuple, converter=_tuple_of(KpiResult))
    measurements: tuple[Measurement, ...] = attrs.field(factory=tuple, converter=_tuple_of(Measurement))
    links: tuple[Link, ...] = attrs.field(factory=tuple, converter=_tuple_of(Link))
    testimonials: tuple[Testimonial, ...] = attrs.field(factory=tuple, converter=_tuple_of(Testimonial))
    tags: tuple[str, ...] = attrs.field(factory=tuple, converter=_tags)
    confidential: bool = attrs.field(default=False, converter=bool)
    id: int | None = None
    uid: str = attrs.field(factory=_new_uid, converter=lambda v: _clean(v) or _new_uid())
    created: str | None = None
    updated: str | None = None

    @ended.validator
    def _check_range(self, attribute: attrs.Attribute, value: str | None) -> None:
        if value and self.started and last_day(value) < first_day(self.started):
            raise InvalidValue(f"ended {value} is before started {self.started}")

    @skills.validator
    def _check_skills(self, attribute: attrs.Attribute, value: tuple[SkillEvidence, ...]) -> None:
        _no_duplicates("skill", [s.skill for s in value])

    @kpis.validator
    def _check_kpis(self, attribute: attrs.Attribute, value: tuple[KpiResult, ...]) -> None:
        _no_duplicates("KPI", [k.kpi for k in value])

    @property
    def skill_slugs(self) -> tuple[str, ...]:
        return tuple(s.skill for s in self.skills)

    @property
    def kpi_slugs(self) -> tuple[str, ...]:
        return tuple(k.kpi for k in self.kpis)

    @property
    def date_range(self) -> str:
        """``2024-03 – 2024-09``, ``2024-03 – present`` or ``""``."""
        if not self.started:
            return self.ended or ""
        if self.ended == self.started:
            return self.started
        return f"{self.started} – {self.ended or 'present'}"

    @property
    def sort_date(self) -> str:
        """Most recent first ordering key: the end, else the start, else ''."""
        return self.ended or self.started or ""

    def star_text(self) -> str:
        """Everything a reader could search in, for full-text matching."""
        return "\n".join(p for p in (self.title, self.summary, self.situation, self.task, self.action, self.result) if p)

    def to_row(self) -> dict[str, Any]:
        """The ``entries`` table row; child tables are written by the store."""
        row: dict[str, Any] = {
            "uid": self.uid,
            "title": self.title,
            "kind": self.kind,
            "started": self.started,
            "ended": self.ended,
            "organization": self.organization,
            "role": self.role,
            "summary": self.summary,
            "situation": self.situation,
            "task": self.task,
            "action": self.action,
            "result": self.result,
            "confidential": int(self.confidential),
            "created": self.created,
            "updated": self.updated,
        }
        if self.id is not None:
            row["id"] = self.id
        return row

    @classmethod
    def from_row(
        cls,
        row: Mapping[str, Any],
        *,
        skills: Iterable[SkillEvidence] = (),
        kpis: Iterable[KpiResult] = (),
        measurements: Iterable[Measurement] = (),
        links: Iterable[Link] = (),
        testimonials: Iterable[Testimonial] = (),
        tags: Iterable[str] = (),
    ) -> Entry:
        return cls(**_entry_fields(row, skills, kpis, measurements, links, testimonials, tags))

    @classmethod
    def from_stored_row(
        cls,
        row: Mapping[str, Any],
        *,
        skills: Iterable[SkillEvidence] = (),
        kpis: Iterable[KpiResult] = (),
        measurements: Iterable[Measurement] = (),
        links: Iterable[Link] = (),
        testimonials: Iterable[Testimonial] = (),
        tags: Iterable[str] = (),
    ) -> Entry:
        """Like :meth:`from_row`, for a row the store wrote: trusted, not checked again."""
        return _stored(cls, **_entry_fields(row, skills, kpis, measurements, links, testimonials, tags))


def _entry_fields(
    row: Mapping[str, Any],
    skills: Iterable[SkillEvidence],
    kpis: Iterable[KpiResult],
    measurements: Iterable[Measurement],
    links: Iterable[Link],
    testimonials: Iterable[Testimonial],
    tags: Iterable[str],
) -> dict[str, Any]:
    """Every field of an Entry from an ``entries`` row and its children (NULL text as "")."""
    return {
        "title": row["title"],
        "kind": row["kind"],
        "started": row.get("started") or None,
        "ended": row.get("ended") or None,
        "organization": row.get("organization") or "",
        "role": row.get("role") or "",
        "summary": row.get("summary") or "",
        "situation": row.get("situation") or "",
        "task": row.get("task") or "",
        "action": row.get("action") or "",
        "result": row.get("result") or "",
        "decisions": row.get("decisions") or "",
        "lessons": row.get("lessons") or "",
        "skills": tuple(skills),
        "kpis": tuple(kpis),
        "measurements": tuple(measurements),
        "links": tuple(links),
        "testimonials": tuple(testimonials),
        "tags": tuple(tags),
        "confidential": bool(row.get("confidential")),
        "id": row["id"],
        "uid": row["uid"],
        "created": row.get("created"),
        "updated": row.get("updated"),
    }


def _no_duplicates(kind: str, slugs: list[str]) -> None:
    seen: set[str] = set()
    for slug in slugs:
        if slug in seen:
            raise InvalidValue(f"{kind} {slug!r} is listed twice on one entry")
        seen.add(slug)


# --- the person -------------------------------------------------------------------


@attrs.frozen
class Profile:
    """Who the portfolio is about; maps onto JSON Resume ``basics``."""

    name: str = attrs.field(default="", converter=_clean, validator=_text_limit(MAX_TITLE))
    headline: str = attrs.field(default="", converter=_clean, validator=_text_limit(MAX_TITLE))
    email: str = attrs.field(default="", converter=_clean)
    phone: str = attrs.field(default="", converter=_clean)
    url: str = attrs.field(default="", converter=_clean)
    location: str = attrs.field(default="", converter=_clean)
    summary: str = attrs.field(default="", converter=_clean, validator=_text_limit(MAX_TEXT))
    target_role: str = attrs.field(default="", converter=_clean, validator=_text_limit(MAX_TITLE))

    @email.validator
    def _check_email(self, attribute: attrs.Attribute, value: str) -> None:
        if value and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value):
            raise InvalidValue(f"email {value!r} is not an email address")

    @url.validator
    def _check_url(self, attribute: attrs.Attribute, value: str) -> None:
        if value and not _URL.match(value):
            raise InvalidValue(f"url {value!r} is not a web address; start it with https://")

    def to_row(self) -> dict[str, Any]:
        return {"id": 1, **attrs.asdict(self)}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Profile:
        fields = {f.name for f in attrs.fields(cls)}
        return cls(**{k: (v or "") for k, v in row.items() if k in fields})


def _json_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        import json

        return list(json.loads(value))
    return list(value)

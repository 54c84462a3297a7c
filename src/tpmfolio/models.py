"""The value objects of a portfolio: pure, frozen, validated on construction.

No I/O here. Storage goes through explicit ``to_row()`` / ``from_row()`` so
the model never depends on the table layout, and changes go through
``attrs.evolve`` so every changed value is validated again.

An entry is described once, by its attrs fields and their metadata: the
store's columns and child tables, the export keys, the CSV columns and the
full-text search columns are all read from :data:`ENTRY_FIELDS`. Adding an
optional text field is one line in :class:`Entry`, one migration, and the
places that show it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from . import rules
from .dates import first_day, last_day
from .errors import InvalidValue
from .evidence import Change, KpiResult, Link, Measurement, SkillEvidence, Testimonial, kpi_fields, skill_fields
from .languages import optional_tag
from .rules import MAX_TEXT, MAX_TITLE, SLUG
from .translations import TRANSLATED, Translations, converter_for, in_language, translated_fields, validator_for

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


# --- catalog values ---------------------------------------------------------


def _catalog_text(limit: int, *, required: bool = False) -> Any:
    """Text of a skill or KPI, no longer than ``limit``: checked on construction, whoever builds it.

    A ``required`` text has no default and must not be empty; the others default to ``""``.
    """
    if required:
        validators = [rules.required_text, rules.text_limit(limit)]
        return attrs.field(converter=rules.clean, validator=validators)
    return attrs.field(default="", converter=rules.clean, validator=rules.text_limit(limit))


@attrs.frozen
class CatalogItem:
    """What skills and KPIs share: the ``slug`` entries name them by and the name people read.

    A name is a heading in lists and the PDF, so no longer than a title;
    every catalog text has a limit, whether it comes from ``skills add``, an
    import file or a script.
    """

    slug: str = attrs.field(validator=rules.slug)
    name: str = _catalog_text(MAX_TITLE, required=True)

    @classmethod
    def _from_columns(cls, row: Mapping[str, Any], **values: Any) -> Any:
        """An item from the row's columns named like fields (an empty one takes the field's default) and ``values``.

        Stored rows load as they are, without the validators: they were
        checked when written, and a name stored before a limit existed must
        neither lock the file nor be cut short, so it can be seen whole and
        renamed. Whatever is built anew is checked.
        """
        columns = {a.name: row[a.name] for a in attrs.fields(cls) if row.get(a.name) not in (None, "")}
        with attrs.validators.disabled():
            return cls(**{**columns, **values})


@attrs.frozen
class Skill(CatalogItem):
    """A skill entries can show; ``keywords`` feed matching against postings."""

    category: str = attrs.field(default="other", validator=rules.one_of(SKILL_CATEGORIES))
    description: str = _catalog_text(rules.MAX_NOTE)
    keywords: tuple[str, ...] = attrs.field(
        default=(), converter=rules.keywords, validator=rules.word_list("keyword", rules.MAX_KEYWORDS)
    )

    def to_row(self) -> dict[str, Any]:
        """The model's fields as columns; the keywords are a JSON list in ``keywords_json``."""
        row = attrs.asdict(self, recurse=False)
        row["keywords_json"] = list(row.pop("keywords"))
        return row

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Skill:
        """A skill from its row; an empty column takes the field's default, as for :class:`Kpi`."""
        return cls._from_columns(row, keywords=_json_list(row.get("keywords_json")))


@attrs.frozen
class Kpi(CatalogItem):
    """A business or engineering measure; ``direction`` says whether up is good."""

    category: str = attrs.field(default="business-impact", validator=rules.one_of(KPI_CATEGORIES))
    unit: str = _catalog_text(rules.MAX_WORD)
    direction: str = attrs.field(default="up", validator=rules.one_of(DIRECTIONS))

    @property
    def is_business_impact(self) -> bool:
        return self.category == "business-impact"

    def to_row(self) -> dict[str, Any]:
        return attrs.asdict(self)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Kpi:
        """A KPI from its row; an empty column takes the field's default."""
        return cls._from_columns(row)


# --- the entry ------------------------------------------------------------------

# Field metadata keys: what the rest of tpmfolio reads off an Entry's fields.
COLUMN = "tpmfolio.column"  # kind of value in the entries table: key, text, date, flag, stamp
CHILD = "tpmfolio.child"  # a :class:`Child`: the field's items live in a table of their own
SEARCHED = "tpmfolio.searched"  # full-text search and matching against postings read it
IN_CSV = "tpmfolio.csv"  # False: does not fit a spreadsheet cell (JSON and YAML carry it)


@attrs.frozen
class Child:
    """Where a list field of an entry is stored: one row per item in ``table``.

    ``model`` is the item's class, whose ``to_row()`` is the row and whose
    fields each have a column of the same name (``None``: the item is the
    text in ``column``); ``ordered`` tables keep the order typed in a
    ``position`` column, the others are read back in ``order_by`` order.
    """

    table: str
    model: Any = None
    column: str = ""
    ordered: bool = True
    order_by: str = "position"


def _text(limit: int = MAX_TEXT, *, searched: bool = False) -> Any:
    """An optional free-text field of an entry: stored, exported, in CSV, searched if asked.

    The person's prose (the searched fields) can also be translated.
    """
    return attrs.field(
        default="",
        converter=rules.clean,
        validator=rules.text_limit(limit),
        metadata={COLUMN: "text", SEARCHED: searched, TRANSLATED: searched},
    )


def _children(child: Child, convert: Any, *, in_csv: bool = True) -> Any:
    return attrs.field(factory=tuple, converter=convert, metadata={CHILD: child, IN_CSV: in_csv})


_to_entry_translations = converter_for(lambda: Entry)
_to_profile_translations = converter_for(lambda: Profile)


def _entry_translations(value: Any) -> Translations:
    # Nearly every stored entry has no translation rows: loading 10,000 of
    # them spent a sixth of its time ordering nothing.
    if value == () or value == []:
        return Translations()
    return _to_entry_translations(value)


def _profile_translations(value: Any) -> Translations:
    return _to_profile_translations(value)


def _new_uid() -> str:
    return uuid.uuid4().hex


def _uid(value: object) -> str:
    return rules.clean(value) or _new_uid()


@attrs.frozen
class Entry:
    """One piece of evidence: a project, course, mentorship, talk…

    ``uid`` survives export and re-import; ``id`` is the short number people
    type and is assigned by the store. Fields are in the order of the export
    (``id`` and ``uid`` are keyword-only, so ``Entry("Title")`` still works).
    """

    id: int | None = attrs.field(default=None, kw_only=True, metadata={COLUMN: "key"})
    uid: str = attrs.field(factory=_new_uid, converter=_uid, kw_only=True, metadata={COLUMN: "key"})
    title: str = attrs.field(
        converter=rules.clean,
        validator=[rules.required_text, rules.text_limit(MAX_TITLE)],
        metadata={COLUMN: "text", SEARCHED: True, TRANSLATED: True},
    )
    kind: str = attrs.field(default="project", validator=rules.one_of(ENTRY_KINDS), metadata={COLUMN: "text"})
    started: str | None = attrs.field(default=None, converter=rules.optional_date, metadata={COLUMN: "date"})
    ended: str | None = attrs.field(default=None, converter=rules.optional_date, metadata={COLUMN: "date"})
    organization: str = _text(MAX_TITLE)
    role: str = _text(MAX_TITLE)
    summary: str = _text(searched=True)
    situation: str = _text(searched=True)
    task: str = _text(searched=True)
    action: str = _text(searched=True)
    result: str = _text(searched=True)
    # Beyond STAR, what a TPM case study is judged on: the trade-offs made and what was learnt.
    decisions: str = _text(searched=True)
    lessons: str = _text(searched=True)
    skills: tuple[SkillEvidence, ...] = _children(Child("entry_skills", SkillEvidence), rules.tuple_of(SkillEvidence))
    kpis: tuple[KpiResult, ...] = _children(Child("kpi_results", KpiResult), rules.tuple_of(KpiResult))
    measurements: tuple[Measurement, ...] = _children(
        Child("measurements", Measurement, ordered=False, order_by="date, id"), rules.tuple_of(Measurement)
    )
    links: tuple[Link, ...] = _children(Child("links", Link), rules.tuple_of(Link))
    testimonials: tuple[Testimonial, ...] = _children(
        Child("testimonials", Testimonial), rules.tuple_of(Testimonial), in_csv=False
    )
    tags: tuple[str, ...] = _children(Child("tags", column="tag"), rules.tags)
    confidential: bool = attrs.field(default=False, converter=bool, metadata={COLUMN: "flag"})
    # language → field → text; stored in entry_translations, one row per translated field.
    translations: Translations = attrs.field(
        factory=Translations,
        converter=_entry_translations,
        validator=validator_for(lambda: Entry),
        metadata={IN_CSV: False},
    )
    created: str | None = attrs.field(default=None, metadata={COLUMN: "stamp"})
    updated: str | None = attrs.field(default=None, metadata={COLUMN: "stamp"})

    @ended.validator
    def _check_range(self, attribute: attrs.Attribute, value: str | None) -> None:
        if value and self.started and last_day(value) < first_day(self.started):
            raise InvalidValue(f"ended {value} is before started {self.started}")

    @skills.validator
    def _check_skills(self, attribute: attrs.Attribute, value: tuple[SkillEvidence, ...]) -> None:
        rules.no_duplicates("skill", [s.skill for s in value])

    @kpis.validator
    def _check_kpis(self, attribute: attrs.Attribute, value: tuple[KpiResult, ...]) -> None:
        rules.no_duplicates("KPI", [k.kpi for k in value])

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

    def in_language(self, lang: str) -> Entry:
        """This entry with its text in ``lang`` where translated, the original elsewhere."""
        return in_language(self, lang)

    def star_text(self) -> str:
        """Everything a reader could search in, for full-text matching."""
        return "\n".join(p for p in (getattr(self, name) for name in SEARCHED_FIELDS) if p)

    def to_row(self) -> dict[str, Any]:
        """The ``entries`` table row; child tables are written by the store."""
        row = {name: getattr(self, name) for name in ENTRY_COLUMNS}
        if self.id is None:
            del row["id"]
        return row

    @classmethod
    def from_row(cls, row: Mapping[str, Any], **children: Iterable[Any]) -> Entry:
        """An entry from its ``entries`` row and its items by field name (``skills=…``).

        NULL text becomes ``""`` through the fields' own converters; columns
        the row lacks (a file from before a migration) take the defaults.
        """
        fields: dict[str, Any] = {name: row[name] for name in ENTRY_COLUMNS if name in row}
        fields.update(children)
        return cls(**fields)


ENTRY_FIELDS: tuple[attrs.Attribute, ...] = tuple(attrs.fields(Entry))
# The entries table's columns, in field order.
ENTRY_COLUMNS = tuple(f.name for f in ENTRY_FIELDS if COLUMN in f.metadata)
# List fields → where their items are stored.
ENTRY_CHILDREN: dict[str, Child] = {f.name: f.metadata[CHILD] for f in ENTRY_FIELDS if CHILD in f.metadata}
# Free text the person wrote, searched by FTS5 and matched against postings.
SEARCHED_FIELDS = tuple(f.name for f in ENTRY_FIELDS if f.metadata.get(SEARCHED))
# Optional free text: "" when empty, in every format.
TEXT_FIELDS = tuple(f.name for f in ENTRY_FIELDS if f.metadata.get(COLUMN) == "text" and f.default == "")


# --- the person -------------------------------------------------------------------


@attrs.frozen
class Profile:
    """Who the portfolio is about; maps onto JSON Resume ``basics``."""

    name: str = attrs.field(default="", converter=rules.clean, validator=rules.text_limit(rules.MAX_TITLE))
    headline: str = attrs.field(
        default="", converter=rules.clean, validator=rules.text_limit(rules.MAX_TITLE), metadata={TRANSLATED: True}
    )
    email: str = attrs.field(default="", converter=rules.clean)
    phone: str = attrs.field(default="", converter=rules.clean)
    url: str = attrs.field(default="", converter=rules.clean)
    location: str = attrs.field(default="", converter=rules.clean)
    summary: str = attrs.field(
        default="", converter=rules.clean, validator=rules.text_limit(rules.MAX_TEXT), metadata={TRANSLATED: True}
    )
    target_role: str = attrs.field(
        default="", converter=rules.clean, validator=rules.text_limit(rules.MAX_TITLE), metadata={TRANSLATED: True}
    )
    # The portfolio's language (a tag such as de or en-US); "" is English.
    lang: str = attrs.field(default="", converter=optional_tag)
    translations: Translations = attrs.field(
        factory=Translations, converter=_profile_translations, validator=validator_for(lambda: Profile)
    )

    @email.validator
    def _check_email(self, attribute: attrs.Attribute, value: str) -> None:
        if value and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value):
            raise InvalidValue(f"email {value!r} is not an email address")

    @url.validator
    def _check_url(self, attribute: attrs.Attribute, value: str) -> None:
        if value and not rules.is_web_address(value):
            raise InvalidValue(f"url {value!r} is not a web address; start it with https://")

    def in_language(self, lang: str) -> Profile:
        """This profile with its text in ``lang`` where translated, the original elsewhere."""
        return in_language(self, lang)

    def to_row(self) -> dict[str, Any]:
        """The ``profile`` row; translations are stored in ``profile_translations``."""
        return {"id": 1, **{name: getattr(self, name) for name in PROFILE_COLUMNS}}

    @classmethod
    def from_row(cls, row: Mapping[str, Any], translations: Any = None) -> Profile:
        fields = {k: (v or "") for k, v in row.items() if k in PROFILE_COLUMNS}
        return cls(**fields, translations=translations)


PROFILE_COLUMNS = tuple(a.name for a in attrs.fields(Profile) if a.name != "translations")
# What a person can translate, in the model's order.
ENTRY_TRANSLATED = translated_fields(Entry)
PROFILE_TRANSLATED = translated_fields(Profile)


def _json_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        import json

        return list(json.loads(value))
    return list(value)


__all__ = [
    "CatalogItem", "Change", "Child", "DIRECTIONS", "ENTRY_CHILDREN", "ENTRY_COLUMNS", "ENTRY_FIELDS", "ENTRY_KINDS",
    "ENTRY_TRANSLATED", "Entry", "KPI_CATEGORIES", "PROFILE_TRANSLATED", "Translations", "Kpi", "KpiResult", "Link", "MAX_TEXT", "MAX_TITLE", "Measurement",
    "Profile", "SEARCHED_FIELDS", "SKILL_CATEGORIES", "SLUG", "Skill", "SkillEvidence", "TEXT_FIELDS",
    "Testimonial", "kpi_fields", "skill_fields",
]

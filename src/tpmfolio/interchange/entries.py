"""One entry as plain data: the shape of ``show --json``, ``edit`` and exports.

Every key is always present, in a fixed order, so that tools reading
``show --json`` never have to guess whether a field exists and so that a
person running ``tpmfolio edit`` sees every field they could fill in. Empty
text is ``""``, an absent date or value is ``null``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import yaml

from ..dates import first_day, last_day, parse_partial_date
from ..errors import ImportProblems, InvalidValue
from ..models import ENTRY_KINDS, SLUG, Entry, KpiResult, Link, Measurement, SkillEvidence, Testimonial
from ..quantities import Quantity
from .problems import Problems, index, join, parse_yaml, strip_field, suggest, type_name

ENTRY_KEYS = (
    "id", "uid", "title", "kind", "started", "ended", "organization", "role",
    "summary", "situation", "task", "action", "result", "skills", "kpis",
    "measurements", "links", "testimonials", "tags", "confidential", "created", "updated",
)
SKILL_KEYS = ("skill", "level", "note")
KPI_KEYS = ("kpi", "actual", "baseline", "target", "as_of", "note")
MEASUREMENT_KEYS = ("kpi", "date", "value")
LINK_KEYS = ("url", "label")
TESTIMONIAL_KEYS = ("quote", "author", "author_role")
_TEXT_FIELDS = ("title", "organization", "role", "summary", "situation", "task", "action", "result")
_UID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")
_MISSING: Any = object()


# --- out ----------------------------------------------------------------------


def entry_to_data(entry: Entry) -> dict[str, Any]:
    """The entry as JSON-able data with every key present, in a stable order.

    >>> entry_to_data(Entry(title="Checkout redesign", uid="c1"))["kpis"]
    []
    """
    return {
        "id": entry.id,
        "uid": entry.uid,
        "title": entry.title,
        "kind": entry.kind,
        "started": entry.started,
        "ended": entry.ended,
        "organization": entry.organization,
        "role": entry.role,
        "summary": entry.summary,
        "situation": entry.situation,
        "task": entry.task,
        "action": entry.action,
        "result": entry.result,
        "skills": [{"skill": s.skill, "level": s.level, "note": s.note} for s in entry.skills],
        "kpis": [
            {
                "kpi": k.kpi,
                "actual": str(k.actual),
                "baseline": _text_or_none(k.baseline),
                "target": _text_or_none(k.target),
                "as_of": k.as_of,
                "note": k.note,
            }
            for k in entry.kpis
        ],
        "measurements": [{"kpi": m.kpi, "date": m.date, "value": str(m.value)} for m in entry.measurements],
        "links": [{"url": link.url, "label": link.label} for link in entry.links],
        "testimonials": [
            {"quote": t.quote, "author": t.author, "author_role": t.author_role} for t in entry.testimonials
        ],
        "tags": list(entry.tags),
        "confidential": entry.confidential,
        "created": entry.created,
        "updated": entry.updated,
    }


def _text_or_none(value: Quantity | None) -> str | None:
    return None if value is None else str(value)


# libyaml's emitter writes the same text as the pure-Python one, ten times faster.
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _ReadableDumper(_SafeDumper):  # type: ignore[misc, valid-type]
    """Safe dumper that writes multi-line text as ``|`` blocks a person can edit."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_ReadableDumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """YAML for people: keys in the order given, unicode as is, no line folding.

    Long lines are not folded because a folded paragraph is confusing to edit
    and editors wrap on screen anyway.
    """
    return yaml.dump(
        data,
        Dumper=_ReadableDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )


def dump_entry_yaml(entry: Entry) -> str:
    """The text ``tpmfolio edit`` opens in ``$EDITOR``."""
    return dump_yaml(entry_to_data(entry))


def load_entry_yaml(
    text: str,
    *,
    known_skills: Iterable[str] | None = None,
    known_kpis: Iterable[str] | None = None,
) -> Entry:
    """Read back an edited entry; every problem is reported with its line."""
    problems = Problems()
    data = parse_yaml(text, problems)
    if not problems:
        entry = _entry_from_data(data, "", problems, known_skills, known_kpis)
        if not problems:
            return entry
    raise ImportProblems(problems.messages())


# --- in -----------------------------------------------------------------------


def entry_from_data(
    data: Mapping[str, Any],
    where: str = "entry",
    *,
    known_skills: Iterable[str] | None = None,
    known_kpis: Iterable[str] | None = None,
) -> Entry:
    """Build an entry from data shaped like :func:`entry_to_data`'s output.

    Collects every problem before raising :class:`ImportProblems`, each named
    by its path, e.g. ``entries[3].kpis[0].actual: 'abc' is not a number``.
    With ``known_skills``/``known_kpis`` slugs are checked against them too.
    Keys may be left out; list items may also be written in the short forms
    of the ``add`` options (``customer-focus:3``, ``adoption-rate=34%``, a URL).
    """
    problems = Problems()
    entry = _entry_from_data(data, where, problems, known_skills, known_kpis)
    problems.raise_if_any()
    return entry


def _entry_from_data(
    data: Any,
    where: str,
    problems: Problems,
    known_skills: Iterable[str] | None,
    known_kpis: Iterable[str] | None,
) -> Entry:
    """The collecting core of :func:`entry_from_data`; returns a placeholder if broken."""
    before = len(problems)
    if not isinstance(data, Mapping):
        problems.add(where, f"an entry must be a mapping of fields, not {type_name(data)}")
        return _placeholder()
    unknown_keys(data, ENTRY_KEYS, where, problems)
    fields: dict[str, Any] = {}

    fields["title"] = _entry_field("title", data.get("title"), join(where, "title"), problems)
    kind = data.get("kind")
    if kind is not None:
        fields["kind"] = _entry_field("kind", kind, join(where, "kind"), problems)
    for name in ("started", "ended"):
        fields[name] = optional_date(data.get(name), join(where, name), problems)
    for name in _TEXT_FIELDS[1:]:
        fields[name] = _entry_field(name, data.get(name), join(where, name), problems)

    fields["skills"] = _items(data, "skills", where, problems, _skill_evidence)
    fields["kpis"] = _items(data, "kpis", where, problems, _kpi_result)
    fields["measurements"] = _items(data, "measurements", where, problems, _measurement)
    fields["links"] = _items(data, "links", where, problems, _link)
    fields["testimonials"] = _items(data, "testimonials", where, problems, _testimonial)
    fields["tags"] = _tags(data.get("tags"), join(where, "tags"), problems)
    fields["confidential"] = _bool(data.get("confidential"), join(where, "confidential"), problems)
    fields["id"] = _id(data.get("id"), join(where, "id"), problems)
    fields["uid"] = _uid(data.get("uid"), join(where, "uid"), problems)
    fields["created"] = _timestamp(data.get("created"), join(where, "created"), problems)
    fields["updated"] = _timestamp(data.get("updated"), join(where, "updated"), problems)

    _no_duplicates([s and s.skill for s in fields["skills"]], join(where, "skills"), "skill", problems)
    _no_duplicates([k and k.kpi for k in fields["kpis"]], join(where, "kpis"), "KPI", problems)
    started, ended = fields["started"], fields["ended"]
    if started not in (None, _MISSING) and ended not in (None, _MISSING):
        if last_day(ended) < first_day(started):
            problems.add(join(where, "ended"), f"{ended} is before started {started}")
    if known_skills is not None:
        check_slugs(fields["skills"], "skill", "skill", join(where, "skills"), set(known_skills), problems)
    if known_kpis is not None:
        known = set(known_kpis)
        check_slugs(fields["kpis"], "kpi", "KPI", join(where, "kpis"), known, problems)
        check_slugs(fields["measurements"], "kpi", "KPI", join(where, "measurements"), known, problems)

    if len(problems) > before:
        return _placeholder()
    for name in ("skills", "kpis", "measurements", "links", "testimonials"):
        fields[name] = tuple(fields[name])
    try:
        return Entry(**fields)
    except InvalidValue as error:  # pragma: no cover - every rule is checked above
        problems.add(where, str(error))
        return _placeholder()


def _placeholder() -> Entry:
    return Entry(title="(not imported)")


def unknown_keys(data: Mapping[str, Any], allowed: Iterable[str], where: str, problems: Problems) -> None:
    """A key the format does not have is almost always a typo: say which one was meant."""
    allowed = tuple(allowed)
    if all(key in allowed for key in data):  # the usual case, without building messages
        return
    for key in data:
        if key not in allowed:
            problems.add(join(where, str(key)), "unknown field" + suggest(str(key), allowed))


def check_slugs(
    items: Iterable[Any], attribute: str, kind: str, where: str, known: set[str], problems: Problems
) -> None:
    for i, item in enumerate(items):
        if item is None:
            continue
        slug = getattr(item, attribute)
        if slug not in known:
            problems.add(join(index(where, i), attribute), f"unknown {kind} {slug!r}" + suggest(slug, sorted(known)))


def _no_duplicates(slugs: list[str | None], where: str, kind: str, problems: Problems) -> None:
    seen: dict[str, int] = {}
    for i, slug in enumerate(slugs):
        if slug is None:
            continue
        if slug in seen:
            problems.add(index(where, i), f"{kind} {slug!r} is already listed at {index(where, seen[slug])}")
        seen.setdefault(slug, i)


# --- field readers: each records its problem and returns a usable value -------------


@functools.cache
def _field_of(cls: type, name: str) -> attrs.Attribute:
    # attrs.fields_dict builds a new dict on every call; an import asks ~16 times per entry.
    return attrs.fields_dict(cls)[name]


def model_field(cls: type, name: str, value: Any, path: str, problems: Problems) -> Any:
    """Run the model's own converter and validators for one field, outside the object.

    Keeping the rules in the model and borrowing them here means an import
    can never accept what ``add`` would refuse.
    """
    attribute = _field_of(cls, name)
    try:
        converted = attribute.converter(value) if attribute.converter else value
        if attribute.validator is not None:
            attribute.validator(None, attribute, converted)
    except (InvalidValue, ValueError, TypeError) as error:
        problems.add(path, strip_field(str(error), name))
        return _MISSING
    return converted


def text_value(value: Any, path: str, problems: Problems) -> str | None:
    """Text, or a number written where text was expected; lists and mappings are refused."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        problems.add(path, f"expected text, got {type_name(value)}")
        return None
    return str(value)


def _entry_field(name: str, value: Any, path: str, problems: Problems) -> Any:
    if name == "kind":
        if not isinstance(value, str):
            problems.add(path, f"expected one of the entry kinds, got {type_name(value)}")
            return _MISSING
        if value not in ENTRY_KINDS:
            problems.add(path, f"{value!r} is not an entry kind" + (suggest(value, ENTRY_KINDS) or f"; use one of: {', '.join(ENTRY_KINDS)}"))
            return _MISSING
        return value
    text = text_value(value, path, problems)
    if text is None:
        return _MISSING
    return model_field(Entry, name, text, path, problems)


def optional_date(value: Any, path: str, problems: Problems) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        problems.add(path, f"expected a date like 2024-03, got {type_name(value)}")
        return _MISSING
    try:
        return parse_partial_date(str(value), "date")
    except InvalidValue as error:
        problems.add(path, strip_field(str(error), "date"))
        return _MISSING


def quantity(value: Any, path: str, problems: Problems, *, required: bool) -> Quantity | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.add(path, "a value is required (e.g. 34%, $1.4M, 1,200 users)")
            return _MISSING
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problems.add(path, f"expected a value like 34% or $1.4M, got {type_name(value)}")
        return _MISSING
    try:
        return Quantity.parse(value, "value")
    except InvalidValue as error:
        problems.add(path, strip_field(str(error), "value"))
        return _MISSING


def slug_value(value: Any, path: str, problems: Problems) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        if value is None:
            problems.add(path, "is required")
        else:
            problems.add(path, f"{value!r} is not a slug; use lowercase words joined by hyphens, like customer-focus")
        return _MISSING
    return value


def _items(
    data: Mapping[str, Any],
    key: str,
    where: str,
    problems: Problems,
    read: Callable[[Any, str, Problems], Any],
) -> list[Any]:
    value = data.get(key)
    path = join(where, key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(path, f"expected a list, got {type_name(value)}")
        return []
    return [read(item, index(path, i), problems) for i, item in enumerate(value)]


def _from_mapping(item: Any, path: str, problems: Problems, keys: tuple[str, ...]) -> Mapping[str, Any] | None:
    if not isinstance(item, Mapping):
        problems.add(path, f"expected a mapping with {', '.join(keys)}, got {type_name(item)}")
        return None
    unknown_keys(item, keys, path, problems)
    return item


def _construct(cls: type, fields: dict[str, Any], path: str, problems: Problems) -> Any:
    if any(v is _MISSING for v in fields.values()):
        return None
    try:
        return cls(**fields)
    except InvalidValue as error:
        problems.add(path, str(error))
        return None


def _skill_evidence(item: Any, path: str, problems: Problems) -> SkillEvidence | None:
    if isinstance(item, str):
        item = dict(zip(("skill", "level"), item.split(":", 1)))
    item = _from_mapping(item, path, problems, SKILL_KEYS)
    if item is None:
        return None
    level = item.get("level", 2)
    fields = {
        "skill": slug_value(item.get("skill"), join(path, "skill"), problems),
        "level": model_field(SkillEvidence, "level", 2 if level is None else level, join(path, "level"), problems),
        "note": _note(SkillEvidence, item.get("note"), join(path, "note"), problems),
    }
    return _construct(SkillEvidence, fields, path, problems)


def _note(cls: type, value: Any, path: str, problems: Problems) -> Any:
    text = text_value(value, path, problems)
    return _MISSING if text is None else model_field(cls, "note", text, path, problems)


def _kpi_result(item: Any, path: str, problems: Problems) -> KpiResult | None:
    if isinstance(item, str):
        try:
            parsed = KpiResult.parse(item)
        except InvalidValue as error:
            problems.add(path, str(error))
            return None
        return parsed
    item = _from_mapping(item, path, problems, KPI_KEYS)
    if item is None:
        return None
    fields = {
        "kpi": slug_value(item.get("kpi"), join(path, "kpi"), problems),
        "actual": quantity(item.get("actual"), join(path, "actual"), problems, required=True),
        "baseline": quantity(item.get("baseline"), join(path, "baseline"), problems, required=False),
        "target": quantity(item.get("target"), join(path, "target"), problems, required=False),
        "as_of": optional_date(item.get("as_of"), join(path, "as_of"), problems),
        "note": _note(KpiResult, item.get("note"), join(path, "note"), problems),
    }
    return _construct(KpiResult, fields, path, problems)


def _measurement(item: Any, path: str, problems: Problems) -> Measurement | None:
    item = _from_mapping(item, path, problems, MEASUREMENT_KEYS)
    if item is None:
        return None
    date = optional_date(item.get("date"), join(path, "date"), problems)
    if date is None:
        problems.add(join(path, "date"), "is required")
        date = _MISSING
    fields = {
        "kpi": slug_value(item.get("kpi"), join(path, "kpi"), problems),
        "date": date,
        "value": quantity(item.get("value"), join(path, "value"), problems, required=True),
    }
    return _construct(Measurement, fields, path, problems)


def _link(item: Any, path: str, problems: Problems) -> Link | None:
    if isinstance(item, str):
        try:
            return Link.parse(item)
        except InvalidValue as error:
            problems.add(path, str(error))
            return None
    item = _from_mapping(item, path, problems, LINK_KEYS)
    if item is None:
        return None
    url = text_value(item.get("url"), join(path, "url"), problems)
    label = text_value(item.get("label"), join(path, "label"), problems)
    if url is None or label is None:
        return None
    try:
        return Link(url=url, label=label)
    except InvalidValue as error:
        problems.add(join(path, "url"), strip_field(str(error), "link"))
        return None


def _testimonial(item: Any, path: str, problems: Problems) -> Testimonial | None:
    if isinstance(item, str):
        item = {"quote": item}
    item = _from_mapping(item, path, problems, TESTIMONIAL_KEYS)
    if item is None:
        return None
    fields = {}
    for name in TESTIMONIAL_KEYS:
        text = text_value(item.get(name), join(path, name), problems)
        fields[name] = _MISSING if text is None else model_field(Testimonial, name, text, join(path, name), problems)
    return _construct(Testimonial, fields, path, problems)


def _tags(value: Any, path: str, problems: Problems) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.add(path, f"expected a list of tags, got {type_name(value)}")
        return ()
    tags = []
    for i, tag in enumerate(value):
        text = text_value(tag, index(path, i), problems)
        if text is None:
            continue
        converted = model_field(Entry, "tags", [text], index(path, i), problems)
        if converted is not _MISSING:
            tags.extend(converted)
    return tuple(tags)


def _bool(value: Any, path: str, problems: Problems) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        problems.add(path, f"expected true or false, got {type_name(value)}")
        return False
    return value


def _id(value: Any, path: str, problems: Problems) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.add(path, f"expected a positive whole number or null, got {value!r}")
        return None
    return value


def _uid(value: Any, path: str, problems: Problems) -> str:
    if value is None or value == "":
        return ""  # the model gives a fresh uid
    if not isinstance(value, str) or not _UID.match(value):
        problems.add(
            path,
            f"{value!r} is not a uid; use up to 100 letters, digits, '.', '_', ':' or '-' (or leave it empty for a new one)",
        )
        return ""
    return value


def _timestamp(value: Any, path: str, problems: Problems) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        problems.add(path, f"expected an ISO-8601 timestamp like 2024-03-01T09:30:00Z, got {type_name(value)}")
        return None
    try:
        dt.datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    except ValueError:
        problems.add(path, f"{value!r} is not an ISO-8601 timestamp like 2024-03-01T09:30:00Z")
        return None
    return value


"""One entry as plain data: the shape of ``show --json``, ``edit`` and exports.

Every key is always present, in a fixed order, so that tools reading
``show --json`` never have to guess whether a field exists and so that a
person running ``tpmfolio edit`` sees every field they could fill in. Empty
text is ``""``, an absent date or value is ``null``.

The keys are the model's fields, in its order, and each list item's keys
are its class's fields: a field added to :class:`~tpmfolio.models.Entry`
is exported, edited and imported without a change here. Values are checked
by the model's own converters and validators, once, and every problem is
tied to the path where it is.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from ..dates import parse_partial_date
from ..errors import DuplicateItem, ImportProblems, InvalidValue
from ..evidence import skill_fields
from ..languages import language_of
from ..models import (
    CHILD,
    COLUMN,
    ENTRY_FIELDS,
    ENTRY_KINDS,
    SLUG,
    Entry,
    KpiResult,
    Link,
    Measurement,
    SkillEvidence,
    Testimonial,
)
from ..quantities import Quantity
from ..translations import TRANSLATED, Translations
from .problems import Problems, index, join, parse_yaml, strip_field, suggest, type_name
from .yamltext import dump_yaml


def _keys(cls: type) -> tuple[str, ...]:
    return tuple(a.name for a in attrs.fields(cls))


ENTRY_KEYS = _keys(Entry)
SKILL_KEYS = _keys(SkillEvidence)
KPI_KEYS = _keys(KpiResult)
MEASUREMENT_KEYS = _keys(Measurement)
LINK_KEYS = _keys(Link)
TESTIMONIAL_KEYS = _keys(Testimonial)
# (field, its child table description or None), in export order.
_SHAPE = tuple((f.name, f.metadata.get(CHILD)) for f in ENTRY_FIELDS)
_ITEM_KEYS = {cls: _keys(cls) for cls in (SkillEvidence, KpiResult, Measurement, Link, Testimonial)}
_UID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")
_MISSING: Any = object()


# --- out ----------------------------------------------------------------------


def entry_to_data(entry: Entry) -> dict[str, Any]:
    """The entry as JSON-able data with every key present, in a stable order.

    >>> entry_to_data(Entry(title="Checkout redesign", uid="c1"))["kpis"]
    []
    """
    data: dict[str, Any] = {}
    for name, child in _SHAPE:
        value = getattr(entry, name)
        if isinstance(value, Translations):
            data[name] = value.to_data()
        elif child is None:
            data[name] = value
        elif child.model is None:
            data[name] = list(value)
        else:
            data[name] = [_item_data(item) for item in value]
    return data


def _item_data(item: Any) -> dict[str, Any]:
    """A list item as data: its fields, values as the person typed them (``34%``)."""
    data = {}
    for name in _ITEM_KEYS[type(item)]:
        value = getattr(item, name)
        data[name] = str(value) if isinstance(value, Quantity) else value
    return data


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
    for name, read in _READERS.items():
        value = data.get(name)
        if name == "kind" and value is None:
            continue  # the model's default
        fields[name] = read(value, join(where, name), problems)
    if known_skills is not None:
        check_slugs(fields["skills"], "skill", "skill", join(where, "skills"), set(known_skills), problems)
    if known_kpis is not None:
        known = set(known_kpis)
        check_slugs(fields["kpis"], "kpi", "KPI", join(where, "kpis"), known, problems)
        check_slugs(fields["measurements"], "kpi", "KPI", join(where, "measurements"), known, problems)
    entry = _build(Entry, fields, where, problems)
    return _placeholder() if entry is None or len(problems) > before else entry


def _build(cls: type, fields: dict[str, Any], path: str, problems: Problems) -> Any:
    """Check ``fields`` (already converted) with ``cls``'s own validators, once; build it if they pass.

    Each validator runs on its own, so every broken rule is reported with
    the path of its field, not only the first one attrs would raise. A
    value that could not be read is left out of the rules that compare
    fields (as if absent), and nothing is built.
    """
    unreadable = False
    for value in fields.values():
        if value is _MISSING or (type(value) is list and None in value):
            unreadable = True
            break
    view = types.SimpleNamespace(**fields) if not unreadable else types.SimpleNamespace(
        **{n: None if v is _MISSING else v for n, v in fields.items()}
    )
    complete = not unreadable
    for attribute in _rules_of(cls):
        name = attribute.name
        value = fields.get(name, _MISSING)
        if value is _MISSING or (type(value) is list and None in value):
            continue  # left out (the default), or not readable
        try:
            attribute.validator(view, attribute, value)  # type: ignore[misc]
        except DuplicateItem as error:
            at = join(path, name)
            problems.add(index(at, error.again), f"{error.kind} {error.name!r} is already listed at {index(at, error.first)}")
            complete = False
        except InvalidValue as error:
            problems.add(join(path, name), _rule_message(name, value, error))
            complete = False
        except (AttributeError, TypeError):
            if not unreadable:
                raise
            # A rule comparing with a value that could not be read cannot be judged yet.
    if not complete:
        return None
    was_disabled = attrs.validators.get_disabled()
    attrs.validators.set_disabled(True)  # every rule was checked just above
    try:
        return cls(**fields)
    finally:
        attrs.validators.set_disabled(was_disabled)


@functools.cache
def _rules_of(cls: type) -> tuple[attrs.Attribute, ...]:
    """The fields of ``cls`` that have validators, in the order their problems are reported.

    A list's own rules (no skill twice) come before the rules between fields.
    """
    return tuple(sorted((a for a in attrs.fields(cls) if a.validator is not None), key=lambda a: CHILD not in a.metadata))


def _rule_message(name: str, value: Any, error: InvalidValue) -> str:
    if name == "kind":  # the model lists the kinds; a person needs the one they meant
        return f"{value!r} is not an entry kind" + (suggest(str(value), ENTRY_KINDS) or f"; use one of: {', '.join(ENTRY_KINDS)}")
    return strip_field(str(error), name)


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
        converted = attribute.converter(value) if attribute.converter else value  # type: ignore[operator]
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


def _text_field(name: str, value: Any, path: str, problems: Problems) -> Any:
    text = text_value(value, path, problems)
    return _MISSING if text is None else _converted(Entry, name, text, path, problems)


def translations_value(cls: type, value: Any, path: str, problems: Problems) -> Any:
    """``{"de": {"title": "…"}}`` read for ``cls`` (Entry, Profile), each problem at its path.

    A language with a region (``de-AT``) is kept under its language (``de``).
    """
    if value is None:
        return Translations()
    if not isinstance(value, Mapping):
        problems.add(path, f"expected a mapping of languages to fields, like {{de: {{title: …}}}}, got {type_name(value)}")
        return _MISSING
    known = tuple(a.name for a in attrs.fields(cls) if a.metadata.get(TRANSLATED))
    before = len(problems)
    data: dict[str, dict[str, str]] = {}
    for lang, fields in value.items():
        at = join(path, str(lang))
        try:
            code = language_of(lang)
        except InvalidValue as error:
            problems.add(at, str(error))
            continue
        if not isinstance(fields, Mapping):
            problems.add(at, f"expected a mapping of fields to text, got {type_name(fields)}")
            continue
        for field, text in fields.items():
            where = join(at, str(field))
            if field not in known:
                problems.add(where, f"{field!r} cannot be translated; translate one of: {', '.join(known)}")
                continue
            checked = text_value(text, where, problems)
            if checked is not None and not checked.strip():
                problems.add(where, "the translation is empty; give the text or leave the field out")
            elif checked is not None:
                data.setdefault(code, {})[str(field)] = checked
    if len(problems) > before:
        return _MISSING
    return _converted(cls, "translations", data, path, problems)


def _kind(value: Any, path: str, problems: Problems) -> Any:
    if not isinstance(value, str):
        problems.add(path, f"expected one of the entry kinds, got {type_name(value)}")
        return _MISSING
    return value


def _converted(cls: type, name: str, value: Any, path: str, problems: Problems) -> Any:
    """Run the model's converter for one field; :func:`_build` runs its validators."""
    attribute = _field_of(cls, name)
    try:
        return attribute.converter(value) if attribute.converter else value  # type: ignore[operator]
    except (InvalidValue, ValueError, TypeError) as error:
        problems.add(path, strip_field(str(error), name))
        return _MISSING


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


def _items(value: Any, path: str, problems: Problems, read: Callable[[Any, str, Problems], Any]) -> list[Any]:
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


def _given(value: Any, path: str, problems: Problems) -> Any:
    """A value the item cannot do without; what it must look like is the model's rule."""
    if value is None:
        problems.add(path, "is required")
        return _MISSING
    return value


def _skill_evidence(item: Any, path: str, problems: Problems) -> SkillEvidence | None:
    if isinstance(item, str):
        item = skill_fields(item)
    item = _from_mapping(item, path, problems, SKILL_KEYS)
    if item is None:
        return None
    level = item.get("level")
    fields = {
        "skill": _given(item.get("skill"), join(path, "skill"), problems),
        "level": _converted(SkillEvidence, "level", 2 if level is None else level, join(path, "level"), problems),
        "note": _note(SkillEvidence, item.get("note"), join(path, "note"), problems),
    }
    return _build(SkillEvidence, fields, path, problems)


def _note(cls: type, value: Any, path: str, problems: Problems) -> Any:
    text = text_value(value, path, problems)
    return _MISSING if text is None else _converted(cls, "note", text, path, problems)


def _short_form(parse: Callable[[str], Any], text: str, path: str, problems: Problems) -> Any:
    """An item typed in the short form of an ``add`` option, read by the model's own parser."""
    try:
        return parse(text)
    except InvalidValue as error:
        problems.add(path, str(error))
        return None


def _kpi_result(item: Any, path: str, problems: Problems) -> KpiResult | None:
    if isinstance(item, str):
        return _short_form(KpiResult.parse, item, path, problems)
    item = _from_mapping(item, path, problems, KPI_KEYS)
    if item is None:
        return None
    fields = {
        "kpi": _given(item.get("kpi"), join(path, "kpi"), problems),
        "actual": quantity(item.get("actual"), join(path, "actual"), problems, required=True),
        "baseline": quantity(item.get("baseline"), join(path, "baseline"), problems, required=False),
        "target": quantity(item.get("target"), join(path, "target"), problems, required=False),
        "as_of": optional_date(item.get("as_of"), join(path, "as_of"), problems),
        "note": _note(KpiResult, item.get("note"), join(path, "note"), problems),
    }
    return _build(KpiResult, fields, path, problems)


def _measurement(item: Any, path: str, problems: Problems) -> Measurement | None:
    item = _from_mapping(item, path, problems, MEASUREMENT_KEYS)
    if item is None:
        return None
    date = optional_date(item.get("date"), join(path, "date"), problems)
    fields = {
        "kpi": _given(item.get("kpi"), join(path, "kpi"), problems),
        "date": _given(date, join(path, "date"), problems),
        "value": quantity(item.get("value"), join(path, "value"), problems, required=True),
    }
    return _build(Measurement, fields, path, problems)


def _link(item: Any, path: str, problems: Problems) -> Link | None:
    if isinstance(item, str):
        return _short_form(Link.parse, item, path, problems)
    return _texts(Link, LINK_KEYS, item, path, problems)


def _testimonial(item: Any, path: str, problems: Problems) -> Testimonial | None:
    if isinstance(item, str):
        item = {"quote": item}
    return _texts(Testimonial, TESTIMONIAL_KEYS, item, path, problems)


def _texts(cls: type, keys: tuple[str, ...], item: Any, path: str, problems: Problems) -> Any:
    """An item whose fields are all text (a link, a testimonial)."""
    item = _from_mapping(item, path, problems, keys)
    if item is None:
        return None
    fields = {}
    for name in keys:
        text = text_value(item.get(name), join(path, name), problems)
        fields[name] = _MISSING if text is None else _converted(cls, name, text, join(path, name), problems)
    return _build(cls, fields, path, problems)


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
        converted = _converted(Entry, "tags", [text], index(path, i), problems)
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



_ITEM_READERS: dict[Any, Callable[[Any, str, Problems], Any]] = {
    SkillEvidence: _skill_evidence,
    KpiResult: _kpi_result,
    Measurement: _measurement,
    Link: _link,
    Testimonial: _testimonial,
}


def _reader(field: attrs.Attribute) -> Callable[[Any, str, Problems], Any]:
    """How one field of an entry is read from data, from what the model says the field is."""
    if field.name == "translations":
        return functools.partial(translations_value, Entry)
    child = field.metadata.get(CHILD)
    if child is not None:
        if child.model is None:
            return _tags
        return functools.partial(_list_reader, _ITEM_READERS[child.model])
    column = field.metadata[COLUMN]
    if field.name == "kind":
        return _kind
    if column == "text":
        return functools.partial(_text_field, field.name)
    return {"date": optional_date, "flag": _bool, "stamp": _timestamp}.get(column) or {"id": _id, "uid": _uid}[field.name]


def _list_reader(read: Callable[[Any, str, Problems], Any], value: Any, path: str, problems: Problems) -> list[Any]:
    return _items(value, path, problems, read)


_READERS = {f.name: _reader(f) for f in ENTRY_FIELDS}

"""tpmfolio's own interchange document: the whole portfolio as JSON or YAML.

``{"tpmfolio": 1, "profile": …, "skills": […], "kpis": […], "entries": […]}``.
It is what a person keeps in git and imports again, so export → import →
export must give the same bytes: every key is always written, lists are in
a stable order, and nothing (no timestamp) changes on the way through.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ..catalog import BUILTIN_KPIS, BUILTIN_SKILLS
from ..errors import LOOKS_LIKE_JSON_RESUME, LOOKS_LIKE_TPMFOLIO_FILE, FormatNotKnown, InvalidValue
from ..models import DIRECTIONS, KPI_CATEGORIES, SKILL_CATEGORIES, Entry, Kpi, Profile, Skill
from ..plain import plain_data
from ..safeload import load_json
from .entries import (
    ENTRY_KEYS,
    _entry_from_data,
    entry_to_data,
    model_field,
    slug_value,
    text_value,
    translations_value,
    unknown_keys,
)
from .problems import Problems, index, join, parse_json, parse_yaml, suggest, type_name
from .yamltext import dump_yaml

FORMAT_VERSION = 1
FORMATS = ("json", "yaml", "csv", "jsonresume")
DOCUMENT_KEYS = ("tpmfolio", "profile", "skills", "kpis", "entries", "end")
END_KEYS = ("skills", "kpis", "entries")
# The first line of every YAML export. YAML cut at a line boundary often
# still parses, so a file that starts like an export must also end like one:
# with the ``end`` key the export writes last, holding the counts.
YAML_EXPORT_HEAD = "# tpmfolio export: the last key, end, counts what the file holds; a file without it is cut short\n"
PROFILE_KEYS = tuple(a.name for a in attrs.fields(Profile))
SKILL_KEYS = ("slug", "name", "category", "description", "keywords", "hidden")
KPI_KEYS = ("slug", "name", "category", "unit", "direction", "hidden")
_BUILTIN_SKILLS = {s.slug: s for s in BUILTIN_SKILLS}
_BUILTIN_KPIS = {k.slug: k for k in BUILTIN_KPIS}


def _as_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    """Any iterable (the store's lists) as the tuple a frozen value holds; a tuple as it is."""
    return tuple(items)


@attrs.frozen
class PortfolioContents:
    """What a portfolio file is made of: the profile, the catalog, the entries.

    What an export writes and an import reads. ``profile`` is None when
    there is none (an export writes an empty one). ``hidden_skills`` and
    ``hidden_kpis`` are the slugs marked as hidden.

    >>> export_text("json", PortfolioContents(profile, skills, kpis, entries))   # doctest: +SKIP
    """

    profile: Profile | None = None
    skills: tuple[Skill, ...] = attrs.field(default=(), converter=_as_tuple)
    kpis: tuple[Kpi, ...] = attrs.field(default=(), converter=_as_tuple)
    entries: tuple[Entry, ...] = attrs.field(default=(), converter=_as_tuple)
    hidden_skills: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    hidden_kpis: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)


@attrs.frozen
class ImportedPortfolio(PortfolioContents):
    """Everything an import file holds, validated, ready for the store to upsert.

    ``profile`` is None when the file has none (CSV, or a document without a
    ``profile`` key), so that importing entries alone leaves the profile be;
    ``profile_keys`` are the profile fields the file gives, the only ones an
    import changes. ``entry_keys`` are, for each entry, the fields its item
    gives: a stored entry keeps the others. ``hidden_skills``/``hidden_kpis``
    are slugs the file marks as hidden. ``notes`` are what was adjusted on
    the way in (a JSON Resume's ``Present`` end date, a URL given a scheme),
    each naming the place in the file.
    """

    profile_keys: tuple[str, ...] = ()
    entry_keys: tuple[frozenset[str], ...] = ()
    notes: tuple[str, ...] = ()


# --- export ---------------------------------------------------------------------


def export_document(contents: PortfolioContents) -> dict[str, Any]:
    """The whole portfolio as one JSON-able document.

    ``contents.skills`` and ``contents.kpis`` may be the store's full lists:
    built-ins that are unchanged and not hidden are left out, because the
    catalog already knows them and writing them would freeze today's catalog
    text into every file. Custom ones, renamed built-ins and hidden ones are
    written, sorted by slug. Entries are ordered by id (unsaved ones last,
    in the order given).
    """
    skill_items = _catalog_to_data(contents.skills, set(contents.hidden_skills), _BUILTIN_SKILLS, _skill_to_data)
    kpi_items = _catalog_to_data(contents.kpis, set(contents.hidden_kpis), _BUILTIN_KPIS, _kpi_to_data)
    ordered = _by_id(contents.entries)
    return {
        "tpmfolio": FORMAT_VERSION,
        "profile": profile_to_data(contents.profile or Profile()),
        "skills": skill_items,
        "kpis": kpi_items,
        "entries": [entry_to_data(e) for e in ordered],
        "end": {"skills": len(skill_items), "kpis": len(kpi_items), "entries": len(ordered)},
    }


def _by_id(entries: Iterable[Entry]) -> list[Entry]:
    """Entries in the order a file lists them: by id, unsaved ones last in the order given."""
    return sorted(entries, key=lambda e: (e.id is None, e.id or 0))


def profile_to_data(profile: Profile) -> dict[str, Any]:
    """The profile as JSON-able data, every key present (``show --json``, exports)."""
    data = {name: getattr(profile, name) for name in PROFILE_KEYS}
    data["translations"] = profile.translations.to_data()
    return data


def _catalog_to_data(
    items: Iterable[Any], hidden: set[str], builtins: Mapping[str, Any], to_data: Callable[[Any, bool], dict[str, Any]]
) -> list[dict[str, Any]]:
    """The skills (or KPIs) worth writing: changed or custom ones, and hidden built-ins, sorted by slug."""
    written = [to_data(item, item.slug in hidden) for item in items if builtins.get(item.slug) != item or item.slug in hidden]
    slugs = {data["slug"] for data in written}
    written += [to_data(builtins[slug], True) for slug in hidden - slugs if slug in builtins]
    return sorted(written, key=lambda data: data["slug"])


def _skill_to_data(skill: Skill, hidden: bool) -> dict[str, Any]:
    return {**plain_data(skill, *SKILL_KEYS[:-1]), "hidden": hidden}  # the last key, hidden, is no field


def _kpi_to_data(kpi: Kpi, hidden: bool) -> dict[str, Any]:
    return {**plain_data(kpi, *KPI_KEYS[:-1]), "hidden": hidden}


def dumps(document: Mapping[str, Any], format: str = "json") -> str:
    """Serialise a document (or any JSON-able data) as ``json`` or ``yaml`` text."""
    if format == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if format == "yaml":
        return dump_yaml(document)
    raise InvalidValue(f"format {format!r} is not json or yaml")


def export_text(
    format: str, contents: PortfolioContents, *, include_confidential: bool = False, lang: str | None = None
) -> str:
    """The text ``tpmfolio export --format FORMAT`` writes, for any of :data:`FORMATS`.

    ``include_confidential`` and ``lang`` only matter for ``jsonresume``: a
    resume is for other people, in one language (each field in ``lang``
    where translated, else as typed), while json, yaml and csv are the
    person's own backup and keep every language.
    """
    if lang and format != "jsonresume":
        raise InvalidValue(f"a language applies to a JSON Resume only; {format} keeps every language")
    if format in ("json", "yaml"):
        return (YAML_EXPORT_HEAD if format == "yaml" else "") + dumps(export_document(contents), format)
    if format == "csv":
        from .csvformat import entries_to_csv

        return entries_to_csv(_by_id(contents.entries))
    if format == "jsonresume":
        from .jsonresume import to_jsonresume

        profile, entries = contents.profile, contents.entries
        if lang:
            profile = (profile or Profile()).in_language(lang)
            entries = tuple(entry.in_language(lang) for entry in entries)
        resume = to_jsonresume(profile, entries, contents.skills, contents.kpis, include_confidential=include_confidential)
        return dumps(resume, "json")
    raise InvalidValue(f"format {format!r} is not one of: {', '.join(FORMATS)}")


# --- import ---------------------------------------------------------------------


def detect_format(path: str | os.PathLike[str], text: str | None = None) -> str:
    """Guess the format from the file name; a ``.json`` with ``basics`` is a JSON Resume.

    ``text`` is the file's content if already read; otherwise a JSON file is
    read to look for the ``basics`` key.
    """
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".csv":
        return "csv"
    if suffix == ".json":
        if text is None:
            text = Path(path).read_text(encoding="utf-8-sig")
        try:
            data = load_json(text, os.fspath(path))
        except ValueError:
            return "json"  # load_document reports where it is broken
        if isinstance(data, dict) and "basics" in data and "tpmfolio" not in data:
            return "jsonresume"
        return "json"
    raise FormatNotKnown(os.fspath(path), FORMATS)


def load_document(
    text: str,
    format: str = "json",
    *,
    known_skills: Iterable[str] = (),
    known_kpis: Iterable[str] = (),
    source: str = "",
    strict: bool = False,
    catalog: Iterable[Skill] = (),
) -> ImportedPortfolio:
    """Read and validate an import file of any of :data:`FORMATS`, all or nothing.

    ``known_skills``/``known_kpis`` are the store's slugs; the catalog's and
    those the file itself defines are known too. Every problem is collected
    and raised together as :class:`ImportProblems` naming ``source``. A JSON
    Resume is read leniently (see :func:`~.jsonresume.from_jsonresume`):
    ``catalog`` are the store's skills its skills are matched to, and
    ``strict`` turns each adjustment into a problem.
    """
    text = text.removeprefix("\ufeff")
    if format == "csv":
        from .csvformat import csv_columns, entries_from_csv

        entries = entries_from_csv(text, known_skills=known_skills, known_kpis=known_kpis, source=source)
        columns = csv_columns(text)
        return ImportedPortfolio(entries=tuple(entries), entry_keys=(columns,) * len(entries))
    if format == "jsonresume":
        from .jsonresume import from_jsonresume

        problems = Problems()
        data = parse_json(text, problems, source)
        if isinstance(data, Mapping) and "tpmfolio" in data and "basics" not in data:
            problems.add("", LOOKS_LIKE_TPMFOLIO_FILE)  # read leniently, it would import nothing
        problems.raise_if_any(source)
        return from_jsonresume(data, source=source, known_skills=catalog, strict=strict)
    if format not in ("json", "yaml"):
        raise InvalidValue(f"format {format!r} is not one of: {', '.join(FORMATS)}")

    problems = Problems()
    data = parse_json(text, problems, source) if format == "json" else parse_yaml(text, problems, source)
    if problems:
        problems.raise_if_any(source)
    exported = format == "yaml" and text.startswith(YAML_EXPORT_HEAD.split(":", 1)[0] + ":")
    imported = document_from_data(
        data, problems, known_skills=known_skills, known_kpis=known_kpis, require_end=exported
    )
    problems.raise_if_any(source)
    return imported


def document_from_data(
    data: Any,
    problems: Problems,
    *,
    known_skills: Iterable[str] = (),
    known_kpis: Iterable[str] = (),
    require_end: bool = False,
) -> ImportedPortfolio:
    """Validate parsed document data, adding every problem found to ``problems``.

    ``require_end``: the text starts like an export, so it must end like
    one (see :data:`YAML_EXPORT_HEAD`); without it, ``end`` is checked
    when present.
    """
    if not isinstance(data, Mapping):
        problems.add("", f"the file must hold a mapping with {', '.join(DOCUMENT_KEYS)}; it holds {type_name(data)}")
        return ImportedPortfolio()
    if "basics" in data and "tpmfolio" not in data:
        problems.add("", LOOKS_LIKE_JSON_RESUME)
        return ImportedPortfolio()
    unknown_keys(data, DOCUMENT_KEYS, "", problems)
    version = data.get("tpmfolio", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            problems.add("tpmfolio", f"the file is format version {version}; this tpmfolio reads version {FORMAT_VERSION}, upgrade it")
        else:
            problems.add("tpmfolio", f"expected the format version {FORMAT_VERSION}, got {version!r}")

    raw_profile = data.get("profile")
    profile = _profile(raw_profile, "profile", problems) if isinstance(raw_profile, Mapping) and raw_profile else None
    if raw_profile is not None and not isinstance(raw_profile, Mapping):
        problems.add("profile", f"expected a mapping with {', '.join(PROFILE_KEYS)}, got {type_name(raw_profile)}")
    profile_keys = tuple(k for k in PROFILE_KEYS if isinstance(raw_profile, Mapping) and k in raw_profile)
    skills, hidden_skills = _catalog_items(data.get("skills"), "skills", problems, _skill)
    kpis, hidden_kpis = _catalog_items(data.get("kpis"), "kpis", problems, _kpi)

    # A definition with a problem still names its slug: entries using it
    # should not each get a second, misleading "unknown" problem.
    skill_slugs = {s.slug for s in BUILTIN_SKILLS} | set(known_skills) | _slugs(data.get("skills"))
    kpi_slugs = {k.slug for k in BUILTIN_KPIS} | set(known_kpis) | _slugs(data.get("kpis"))
    entries: list[Entry] = []
    raw_entries = data.get("entries")
    if raw_entries is None:
        raw_entries = []
    if not isinstance(raw_entries, list):
        problems.add("entries", f"expected a list of entries, got {type_name(raw_entries)}")
        raw_entries = []
    _looks_cut_short(raw_entries, problems)
    _check_end(data, problems, required=require_end)
    uids: dict[str, int] = {}
    ids: dict[int, int] = {}
    for i, item in enumerate(raw_entries):
        path = index("entries", i)
        entry = _entry_from_data(item, path, problems, skill_slugs, kpi_slugs)
        entries.append(entry)
        if not isinstance(item, Mapping):
            continue
        if item.get("uid") and entry.uid in uids:
            problems.add(join(path, "uid"), f"uid {entry.uid!r} is also used by {index('entries', uids[entry.uid])}")
        uids.setdefault(entry.uid, i)
        if entry.id is not None and entry.id in ids:
            problems.add(join(path, "id"), f"id {entry.id} is also used by {index('entries', ids[entry.id])}")
        if entry.id is not None:
            ids.setdefault(entry.id, i)
    return ImportedPortfolio(
        profile=profile,
        skills=tuple(skills),
        kpis=tuple(kpis),
        entries=tuple(entries),
        hidden_skills=tuple(hidden_skills),
        hidden_kpis=tuple(hidden_kpis),
        profile_keys=profile_keys,
        entry_keys=tuple(frozenset(item) if isinstance(item, Mapping) else frozenset() for item in raw_entries),
    )


def _check_end(data: Mapping[str, Any], problems: Problems, *, required: bool) -> None:
    """A YAML export (``required``) must end with ``end`` counting exactly what the file holds.

    Only there: JSON cut anywhere does not parse, and a file a person or a
    script wrote or filtered (``jq '.entries |= …'``) may hold any counts.
    """
    if not required:
        return
    counts = {key: len(data[key]) if isinstance(data.get(key), list) else 0 for key in END_KEYS}
    expected = "end: {" + ", ".join(f"{k}: {n}" for k, n in counts.items()) + "}"
    fix = f"if you edited it by hand, write {expected!r} or delete the first line, the export's comment"
    end = data.get("end")
    if "end" not in data:
        problems.add("", f"the file starts like a tpmfolio export but has no end key: it is cut short ({fix})")
        return
    if not isinstance(end, Mapping) or any(not isinstance(end.get(k), int) or isinstance(end.get(k), bool) for k in END_KEYS):
        problems.add("end", f"expected the counts of what the file holds; the file may be cut short ({fix})")
        return
    wrong = [f"{end[k]} {k}" for k in END_KEYS if end[k] != counts[k]]
    if wrong:
        holds = ", ".join(f"{n} {k}" for k, n in counts.items())
        problems.add("end", f"says {', '.join(wrong)} but the file holds {holds}: it is cut short or was edited ({fix})")


def _slugs(items: Any) -> set[str]:
    if not isinstance(items, list):
        return set()
    return {i["slug"] for i in items if isinstance(i, Mapping) and isinstance(i.get("slug"), str)}


def _looks_cut_short(entries: list[Any], problems: Problems) -> None:
    """A YAML file cut off mid-entry still parses; spot it by the last entry's missing keys.

    Exported files write every key of every entry, so when all entries but
    the last have them all, the missing tail is the file ending too early
    rather than a person leaving fields out.
    """
    if len(entries) < 2 or not all(isinstance(e, Mapping) for e in entries):
        return
    others = entries[:-1]
    shared = [k for k in ENTRY_KEYS if all(k in e for e in others)]
    # An export of an older release lacks the fields added since, in every entry;
    # keys left out here and there mean a file written by hand.
    if any(k in e for k in ENTRY_KEYS if k not in shared for e in others):
        return
    missing = [k for k in shared if k not in entries[-1]]
    if missing:
        problems.add(
            index("entries", len(entries) - 1),
            f"has no {', '.join(missing)} while every other entry has them; the file may be cut short, is it complete?",
        )


def _profile(data: Mapping[str, Any], where: str, problems: Problems) -> Profile | None:
    """The profile fields the file gives; the others keep their defaults and are not applied."""
    unknown_keys(data, PROFILE_KEYS, where, problems)
    fields = {}
    for name in PROFILE_KEYS:
        if name not in data:
            continue
        if name == "translations":
            fields[name] = translations_value(Profile, data[name], join(where, name), problems)
            continue
        text = text_value(data[name], join(where, name), problems)
        fields[name] = None if text is None else model_field(Profile, name, text, join(where, name), problems)
    try:
        return Profile(**fields)
    except (InvalidValue, TypeError, ValueError):
        return None  # each field's problem is already recorded


def _catalog_items(data: Any, where: str, problems: Problems, read) -> tuple[list[Any], list[str]]:
    if data is None:
        return [], []
    if not isinstance(data, list):
        problems.add(where, f"expected a list, got {type_name(data)}")
        return [], []
    items: list[Any] = []
    hidden: list[str] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(data):
        path = index(where, i)
        item = read(raw, path, problems)
        if item is None:
            continue
        value, is_hidden = item
        if value.slug in seen:
            problems.add(join(path, "slug"), f"{value.slug!r} is also defined at {index(where, seen[value.slug])}")
            continue
        seen[value.slug] = i
        items.append(value)
        if is_hidden:
            hidden.append(value.slug)
    return items, hidden


def _catalog_fields(
    cls: type, raw: Any, path: str, problems: Problems, keys: tuple[str, ...], choices: Mapping[str, tuple[str, ...]]
) -> tuple[dict[str, Any], bool] | None:
    if not isinstance(raw, Mapping):
        problems.add(path, f"expected a mapping with {', '.join(keys)}, got {type_name(raw)}")
        return None
    unknown_keys(raw, keys, path, problems)
    before = len(problems)
    fields: dict[str, Any] = {"slug": slug_value(raw.get("slug"), join(path, "slug"), problems)}
    for name in keys[1:-1]:
        value = raw.get(name)
        at = join(path, name)
        if name in choices:
            if value is None:
                continue
            if value not in choices[name]:
                problems.add(at, f"{value!r} is not one of: {', '.join(choices[name])}" + suggest(str(value), choices[name]))
            else:
                fields[name] = value
        elif name == "keywords":
            if value is not None and not (isinstance(value, list) and all(isinstance(k, str) for k in value)):
                problems.add(at, f"expected a list of words, got {type_name(value)}")
            else:
                fields[name] = model_field(cls, name, value or (), at, problems)
        else:
            text = text_value(value, at, problems)
            if text is not None:
                fields[name] = model_field(cls, name, text, at, problems)
    hidden = raw.get("hidden", False)
    if not isinstance(hidden, bool):
        problems.add(join(path, "hidden"), f"expected true or false, got {type_name(hidden)}")
    if len(problems) > before:
        return None
    return fields, bool(hidden)


def _with_builtin(raw: Any, builtins: Mapping[str, Any], to_data) -> Any:
    """A built-in may be listed by slug alone (``{slug: roi, hidden: true}``): fill in the rest."""
    if isinstance(raw, Mapping) and isinstance(raw.get("slug"), str) and raw["slug"] in builtins:
        return {**to_data(builtins[raw["slug"]], False), **raw}
    return raw


def _skill(raw: Any, path: str, problems: Problems) -> tuple[Skill, bool] | None:
    raw = _with_builtin(raw, _BUILTIN_SKILLS, _skill_to_data)
    read = _catalog_fields(Skill, raw, path, problems, SKILL_KEYS, {"category": SKILL_CATEGORIES})
    return None if read is None else (Skill(**read[0]), read[1])


def _kpi(raw: Any, path: str, problems: Problems) -> tuple[Kpi, bool] | None:
    raw = _with_builtin(raw, _BUILTIN_KPIS, _kpi_to_data)
    read = _catalog_fields(Kpi, raw, path, problems, KPI_KEYS, {"category": KPI_CATEGORIES, "direction": DIRECTIONS})
    return None if read is None else (Kpi(**read[0]), read[1])


__all__ = [
    "FORMATS",
    "FORMAT_VERSION",
    "ImportedPortfolio",
    "PortfolioContents",
    "detect_format",
    "document_from_data",
    "dumps",
    "export_document",
    "export_text",
    "load_document",
]

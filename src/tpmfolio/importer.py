"""Applying an import file to a portfolio: only what the file says changes.

The file has been read and checked by :mod:`tpmfolio.interchange`; here it
meets what is stored. A profile field or entry field the file leaves out
keeps its stored value, a JSON Resume never redefines a skill the person
has, and the whole plan (which uid is new, which entry changed) is made
inside the write transaction, so two imports of one file at the same time
queue instead of both adding the same uid.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from . import store
from .dates import utc_now
from .models import Entry, Profile
from .plain import plain_data

# Kept from the stored entry whatever the file says: identity and history.
_OWN_FIELDS = ("id", "created", "updated")


@attrs.frozen
class ImportReport:
    """What an import did (or, with ``dry_run``, would do).

    ``profile`` says whether the profile changes and ``profile_fields``
    which of its fields; ``skills``/``kpis`` count definitions added or
    changed; ``kept_skills`` are skills the person defined that a JSON Resume
    also names, left as they are; ``notes`` are values adjusted on the way in.
    """

    added: list[Entry]
    updated: list[Entry]
    unchanged: list[Entry]
    skills: int = 0
    kpis: int = 0
    profile: bool = False
    profile_fields: tuple[str, ...] = ()
    kept_skills: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        def brief(entries: list[Entry]) -> list[dict[str, Any]]:
            return [{"uid": e.uid, "title": e.title} for e in entries]

        return {
            "added": brief(self.added),
            "updated": brief(self.updated),
            "unchanged": brief(self.unchanged),
            **plain_data(self, "skills", "kpis", "profile", "profile_fields", "kept_skills", "notes"),
        }


@attrs.frozen
class _Plan:
    report: ImportReport
    entries: list[tuple[str, Entry]]
    profile: Profile | None
    skills: list[Any]
    kpis: list[Any]


def apply_import(db: Any, imported: Any, *, merge_missing: bool, keep_catalog: bool, dry_run: bool) -> ImportReport:
    """Plan and (unless ``dry_run``) write ``imported`` (an ImportedPortfolio), all or nothing.

    ``merge_missing``: the file cannot carry skill notes (CSV), keep the
    stored ones. ``keep_catalog``: the file is someone else's view of the
    skills (a JSON Resume), so it only adds skills the portfolio lacks.
    """
    if dry_run:
        return _plan(db, imported, merge_missing=merge_missing, keep_catalog=keep_catalog).report
    with store.write_transaction(db):
        plan = _plan(db, imported, merge_missing=merge_missing, keep_catalog=keep_catalog)
        _write(db, imported, plan)
    return plan.report


def _plan(db: Any, imported: Any, *, merge_missing: bool, keep_catalog: bool) -> _Plan:
    profile, changed_fields = None, ()
    if imported.profile is not None and imported.profile_keys:
        current = store.load_profile(db)
        given = {k: getattr(imported.profile, k) for k in imported.profile_keys}
        changed_fields = tuple(k for k, v in given.items() if getattr(current, k) != v)
        if changed_fields:
            profile = attrs.evolve(current, **given)

    skills, kept = _catalog_changes(db, "skills", imported.skills, imported.hidden_skills, keep=keep_catalog)
    kpis, _ = _catalog_changes(db, "kpis", imported.kpis, imported.hidden_kpis, keep=keep_catalog)
    with store.collector_paused():
        entries = _plan_entries(db, imported.entries, imported.entry_keys, merge_missing=merge_missing)
    report = ImportReport(
        added=[e for action, e in entries if action == "add"],
        updated=[e for action, e in entries if action == "update"],
        unchanged=[e for action, e in entries if action == "keep"],
        skills=len(skills),
        kpis=len(kpis),
        profile=bool(changed_fields),
        profile_fields=changed_fields,
        kept_skills=tuple(kept),
        notes=tuple(imported.notes),
    )
    return _Plan(report, entries, profile, skills, kpis)


def _catalog_changes(
    db: Any, table: str, items: Sequence[Any], hidden: Sequence[str], *, keep: bool
) -> tuple[list[tuple[Any, bool]], list[str]]:
    """(definition, hidden) pairs that add or change something, and the slugs kept as they are."""
    stored = {
        item.slug: item
        for item in (store.load_skills(db, include_hidden=True) if table == "skills" else store.load_kpis(db, include_hidden=True))
    }
    flags = store.catalog_flags(db, table)
    changes, kept = [], []
    for item in items:
        is_hidden = item.slug in hidden
        if item.slug in stored and keep:
            kept.append(item.slug)
            continue
        if stored.get(item.slug) != item or flags[item.slug][1] != is_hidden:
            changes.append((item, is_hidden))
    return changes, kept


def _plan_entries(
    db: Any, entries: Sequence[Entry], keys: Sequence[frozenset[str]], *, merge_missing: bool
) -> list[tuple[str, Entry]]:
    from .interchange import entry_to_data

    now = utc_now()
    plan: list[tuple[str, Entry]] = []
    existing = store.entry_ids_by_uid(db, [e.uid for e in entries])
    stored = {e.id: e for e in store.load_entries(db, sorted(set(existing.values())))}
    every = tuple(a.name for a in attrs.fields(Entry))
    for i, entry in enumerate(entries):
        if entry.uid not in existing:
            if not (entry.created and entry.updated):  # evolve re-validates: only when needed
                entry = attrs.evolve(entry, created=entry.created or now, updated=entry.updated or now)
            plan.append(("add", entry))
            continue
        current = stored[existing[entry.uid]]
        given = keys[i] if i < len(keys) else frozenset(every)
        unsaid = {name: getattr(current, name) for name in every if name not in given and name not in _OWN_FIELDS}
        if unsaid:
            entry = attrs.evolve(entry, **unsaid)
        if merge_missing:
            entry = _keep_skill_notes(entry, current)
        candidate = attrs.evolve(
            entry, id=current.id, created=entry.created or current.created, updated=entry.updated or current.updated
        )
        if _comparable(entry_to_data(candidate)) == _comparable(entry_to_data(current)):
            plan.append(("keep", current))
        else:
            plan.append(("update", attrs.evolve(candidate, updated=entry.updated or now)))
    return plan


def _write(db: Any, imported: Any, plan: _Plan) -> None:
    for skill, hidden in plan.skills:
        store.upsert_skill(db, skill, hidden=hidden)
    for kpi, hidden in plan.kpis:
        store.upsert_kpi(db, kpi, hidden=hidden)
    if plan.profile is not None:
        store.save_profile(db, plan.profile)
    # Entries keep the file's id when it is free; those go in first so
    # that a new id handed out to another entry cannot take it.
    used_ids = set(store.all_entry_ids(db))
    keeping, renumbered = [], []
    for action, entry in plan.entries:
        if action == "add":
            if entry.id is not None and entry.id not in used_ids:
                keeping.append(entry)
                used_ids.add(entry.id)
            else:
                renumbered.append(attrs.evolve(entry, id=None) if entry.id is not None else entry)
        elif action == "update":
            store.update_entry(db, entry)
    store.insert_entries(db, keeping)
    store.insert_entries(db, renumbered)


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in _OWN_FIELDS}


def _keep_skill_notes(entry: Entry, current: Entry) -> Entry:
    """A CSV row has no skill notes: keep the stored ones rather than erase them."""
    notes = {s.skill: s.note for s in current.skills}
    skills = tuple(attrs.evolve(s, note=s.note or notes.get(s.skill, "")) for s in entry.skills)
    return attrs.evolve(entry, skills=skills)


__all__ = ["ImportReport", "apply_import"]

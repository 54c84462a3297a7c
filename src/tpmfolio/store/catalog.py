"""The catalog of skills and KPIs, the profile, and the record of applications."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from ..models import Kpi, Profile, Skill


def load_skills(db: Database, *, include_hidden: bool = False) -> list[Skill]:
    return [Skill.from_row(row) for row in _catalog_rows(db, "skills", include_hidden)]


def load_kpis(db: Database, *, include_hidden: bool = False) -> list[Kpi]:
    return [Kpi.from_row(row) for row in _catalog_rows(db, "kpis", include_hidden)]


def _catalog_rows(db: Database, table: str, include_hidden: bool) -> Iterator[dict[str, Any]]:
    return db.query(f"SELECT * FROM {table}" + ("" if include_hidden else " WHERE hidden = 0") + " ORDER BY builtin DESC, rowid")


def catalog_flags(db: Database, table: str) -> dict[str, tuple[bool, bool]]:
    """slug → (builtin, hidden) for ``skills`` or ``kpis``."""
    return {r[0]: (bool(r[1]), bool(r[2])) for r in db.execute(f"SELECT slug, builtin, hidden FROM {table}")}


def insert_skill(db: Database, skill: Skill) -> None:
    _write(db, "skills", skill.to_row())


def upsert_skill(db: Database, skill: Skill, hidden: bool | None = None) -> None:
    _write(db, "skills", skill.to_row(), upsert=True, hidden=hidden)


def insert_kpi(db: Database, kpi: Kpi) -> None:
    _write(db, "kpis", kpi.to_row())


def upsert_kpi(db: Database, kpi: Kpi, hidden: bool | None = None) -> None:
    _write(db, "kpis", kpi.to_row(), upsert=True, hidden=hidden)


def _write(db: Database, table: str, row: dict[str, Any], *, upsert: bool = False, hidden: bool | None = None) -> None:
    """Insert a skill or KPI row; ``upsert`` redefines one that exists (its builtin flag stays)."""
    if "keywords_json" in row:
        row = {**row, "keywords_json": json.dumps(row["keywords_json"])}
    columns = list(row)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    if upsert:
        sql += " ON CONFLICT (slug) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in columns if c != "slug")
    db.execute(sql, list(row.values()))
    if hidden is not None:
        db.execute(f"UPDATE {table} SET hidden = ? WHERE slug = ?", [int(hidden), row["slug"]])


def set_catalog_field(db: Database, table: str, slug: str, column: str, value: Any) -> None:
    db.execute(f"UPDATE {table} SET {column} = ? WHERE slug = ?", [value, slug])


def load_profile(db: Database) -> Profile:
    row = next(db.query("SELECT * FROM profile WHERE id = 1"), None)
    translations = db.execute("SELECT lang, field, text FROM profile_translations ORDER BY lang").fetchall()
    return Profile.from_row(row, translations) if row else Profile(translations=translations)


def save_profile(db: Database, profile: Profile) -> None:
    """The profile row and its translations, which replace the stored ones."""
    db.execute("DELETE FROM profile_translations")
    for translation in profile.translations.rows():
        row = translation.to_row()
        db.execute("INSERT INTO profile_translations (lang, field, text) VALUES (?, ?, ?)", list(row.values()))
    row = profile.to_row()
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    updates = ", ".join(f"{c} = excluded.{c}" for c in row if c != "id")
    db.execute(
        f"INSERT INTO profile ({columns}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {updates}",
        list(row.values()),
    )


# --- applications -------------------------------------------------------------


def insert_application(db: Database, row: dict[str, Any]) -> int:
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO applications ({columns}) VALUES ({marks})", list(row.values()))
    return int(cursor.lastrowid or 0)


def load_applications(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM applications ORDER BY id DESC"))

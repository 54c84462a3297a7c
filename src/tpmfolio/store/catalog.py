"""The catalog of skills and KPIs, the profile, and the record of applications."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from ..models import Kpi, Profile, Skill


def load_skills(db: Database, *, include_hidden: bool = False) -> list[Skill]:
    sql = "SELECT * FROM skills" + ("" if include_hidden else " WHERE hidden = 0") + " ORDER BY builtin DESC, rowid"
    return [Skill.from_row(row) for row in db.query(sql)]


def load_kpis(db: Database, *, include_hidden: bool = False) -> list[Kpi]:
    sql = "SELECT * FROM kpis" + ("" if include_hidden else " WHERE hidden = 0") + " ORDER BY builtin DESC, rowid"
    return [Kpi.from_row(row) for row in db.query(sql)]


def catalog_flags(db: Database, table: str) -> dict[str, tuple[bool, bool]]:
    """slug → (builtin, hidden) for ``skills`` or ``kpis``."""
    return {r[0]: (bool(r[1]), bool(r[2])) for r in db.execute(f"SELECT slug, builtin, hidden FROM {table}")}


def insert_skill(db: Database, skill: Skill) -> None:
    row = skill.to_row()
    db.execute(
        "INSERT INTO skills (slug, name, category, description, keywords_json) VALUES (?, ?, ?, ?, ?)",
        [row["slug"], row["name"], row["category"], row["description"], json.dumps(row["keywords_json"])],
    )


def upsert_skill(db: Database, skill: Skill, hidden: bool | None = None) -> None:
    row = skill.to_row()
    db.execute(
        "INSERT INTO skills (slug, name, category, description, keywords_json) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (slug) DO UPDATE SET name = excluded.name, category = excluded.category,"
        " description = excluded.description, keywords_json = excluded.keywords_json",
        [row["slug"], row["name"], row["category"], row["description"], json.dumps(row["keywords_json"])],
    )
    if hidden is not None:
        db.execute("UPDATE skills SET hidden = ? WHERE slug = ?", [int(hidden), skill.slug])


def insert_kpi(db: Database, kpi: Kpi) -> None:
    row = kpi.to_row()
    db.execute(
        "INSERT INTO kpis (slug, name, category, unit, direction) VALUES (?, ?, ?, ?, ?)",
        [row["slug"], row["name"], row["category"], row["unit"], row["direction"]],
    )


def upsert_kpi(db: Database, kpi: Kpi, hidden: bool | None = None) -> None:
    row = kpi.to_row()
    db.execute(
        "INSERT INTO kpis (slug, name, category, unit, direction) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (slug) DO UPDATE SET name = excluded.name, category = excluded.category,"
        " unit = excluded.unit, direction = excluded.direction",
        [row["slug"], row["name"], row["category"], row["unit"], row["direction"]],
    )
    if hidden is not None:
        db.execute("UPDATE kpis SET hidden = ? WHERE slug = ?", [int(hidden), kpi.slug])


def set_catalog_field(db: Database, table: str, slug: str, column: str, value: Any) -> None:
    db.execute(f"UPDATE {table} SET {column} = ? WHERE slug = ?", [value, slug])


def load_profile(db: Database) -> Profile:
    row = next(db.query("SELECT * FROM profile WHERE id = 1"), None)
    return Profile.from_row(row) if row else Profile()


def save_profile(db: Database, profile: Profile) -> None:
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

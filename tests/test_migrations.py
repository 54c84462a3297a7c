"""The schema and the built-in catalog evolve by migrations that carry their own data.

A file made by an old release must reach today's schema and today's
built-in keywords, and a migration must write the same rows in every
release: none of them may import the live catalog.
"""

from __future__ import annotations

import ast
import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from tpmfolio import Portfolio
from tpmfolio import migrations as migrations_module
from tpmfolio.catalog import BUILTIN_KPIS, BUILTIN_SKILLS
from tpmfolio.migrations import migrations

FIRST = "m001_initial_schema"
EXPERIMENT_POSTING = "Senior TPM, Growth\n\nRequirements\n- Experience with experimentation tools\n"

# The shape of today's schema. A change to it is a new migration and a new line here.
SCHEMA = {
    "applications": {
        "id": int, "created": str, "posting_title": str, "company": str, "posting_source": str,
        "output": str, "sha256": str, "theme": str, "entry_uids_json": str,
    },
    "entries": {
        "id": int, "uid": str, "title": str, "kind": str, "started": str, "ended": str,
        "organization": str, "role": str, "summary": str, "situation": str, "task": str, "action": str,
        "result": str, "confidential": int, "sort_key": str, "start_key": str, "created": str, "updated": str,
        "decisions": str, "lessons": str,
    },
    "entries_fts": {
        "title": str, "summary": str, "situation": str, "task": str, "action": str, "result": str, "decisions": str,
        "lessons": str,
    },
    "entry_skills": {"entry_id": int, "skill": str, "level": int, "note": str, "position": int},
    "entry_translations": {"entry_id": int, "lang": str, "field": str, "text": str},
    "kpi_results": {
        "id": int, "entry_id": int, "kpi": str, "position": int, "actual": str, "actual_number": float,
        "baseline": str, "target": str, "as_of": str, "note": str,
    },
    "kpis": {"slug": str, "name": str, "category": str, "unit": str, "direction": str, "builtin": int, "hidden": int},
    "links": {"id": int, "entry_id": int, "position": int, "url": str, "label": str},
    "measurements": {"id": int, "entry_id": int, "kpi": str, "date": str, "value": str, "value_number": float},
    "profile": {
        "id": int, "name": str, "headline": str, "email": str, "phone": str, "url": str, "location": str,
        "summary": str, "target_role": str, "lang": str,
    },
    "profile_translations": {"lang": str, "field": str, "text": str},
    "skills": {
        "slug": str, "name": str, "category": str, "description": str, "keywords_json": str, "builtin": int,
        "hidden": int,
    },
    "tags": {"entry_id": int, "tag": str, "position": int},
    "testimonials": {"id": int, "entry_id": int, "position": int, "quote": str, "author": str, "author_role": str},
}  # fmt: skip


def schema(db: sqlite_utils.Database) -> dict[str, dict[str, type]]:
    """Tables a person sees, with their columns (FTS shadow tables and bookkeeping left out)."""
    hidden = ("sqlite_", "_sqlite_", "entries_fts_")
    return {t: db[t].columns_dict for t in sorted(db.table_names()) if not t.startswith(hidden)}


def first_release_file(path: Path) -> Path:
    """A portfolio as the first release wrote it: only the first migration applied."""
    db = sqlite_utils.Database(path)
    later = [m.name for m in migrations._migrations if m.name != FIRST]
    migrations.apply(db, stop_before=later[:1])
    db.conn.close()
    return path


def keywords(path: Path, slug: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        return json.loads(conn.execute("SELECT keywords_json FROM skills WHERE slug = ?", [slug]).fetchone()[0])


def test_schema_has_the_pinned_shape(tmp_path: Path):
    """A new file has exactly the tables and columns above, and the two browsing views."""
    with Portfolio.open(tmp_path / "new.db") as folio:
        assert SCHEMA == schema(folio.db)
        assert ["entry_overview", "skill_coverage"] == sorted(folio.db.view_names())


def test_a_first_release_file_upgrades_to_the_same_schema(tmp_path: Path):
    """Upgrading a file made by the first migration gives today's shape, keeps its entries and a backup."""
    path = first_release_file(tmp_path / "old.db")
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO entries (uid, title, kind) VALUES ('e-1', 'Pricing test', 'project')")
        conn.execute("INSERT INTO entry_skills (entry_id, skill, level) VALUES (1, 'business-acumen', 3)")
    with Portfolio.open(path) as folio:
        assert SCHEMA == schema(folio.db)
        assert [m.name for m in migrations._migrations] == [m.name for m in migrations.applied(folio.db)]
        assert ["Pricing test"] == [e.title for e in folio.entries(skill="business-acumen")]
    backups = list(tmp_path.glob("old.db.*.bak"))
    assert 1 == len(backups)
    assert "experiment" not in keywords(backups[0], "business-acumen")


def test_an_upgraded_file_has_the_current_builtin_keywords(tmp_path: Path):
    """The first release lacked 'experiment'; after the upgrade an experimentation posting asks for business acumen."""
    path = first_release_file(tmp_path / "old.db")
    assert "experiment" not in keywords(path, "business-acumen")
    with Portfolio.open(path) as folio:
        posting = folio.read_posting(EXPERIMENT_POSTING)
        assert "business-acumen" in posting.requirements[0].skills
        live = {s.slug: list(s.keywords) for s in BUILTIN_SKILLS}
        assert live == {s.slug: list(s.keywords) for s in folio.skills(include_hidden=True) if s.slug in live}


def test_upgrade_keeps_names_and_hidden_flags_and_keywords_the_person_chose(tmp_path: Path):
    """Renamed and hidden built-ins get the new keywords; a keyword list the person edited is left alone."""
    path = first_release_file(tmp_path / "old.db")
    mine = ["markets", "competitors"]
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE skills SET name = 'Commercial sense', hidden = 1 WHERE slug = 'business-acumen'")
        conn.execute("UPDATE skills SET keywords_json = ? WHERE slug = 'market-analysis'", [json.dumps(mine)])
    with Portfolio.open(path) as folio:
        acumen = folio.skill("business-acumen")
        assert "Commercial sense" == acumen.name
        assert folio.is_hidden_skill("business-acumen")
        assert "a/b test" in acumen.keywords
        assert tuple(mine) == folio.skill("market-analysis").keywords
        assert "solve" in folio.skill("problem-solving").keywords


def test_a_new_file_holds_exactly_the_live_catalog(tmp_path: Path):
    """catalog.py and the migrations agree: a change to the catalog needs a migration that ships it."""
    with Portfolio.open(tmp_path / "new.db") as folio:
        assert list(BUILTIN_SKILLS) == folio.skills(include_hidden=True)
        assert list(BUILTIN_KPIS) == folio.kpis(include_hidden=True)


def test_migrations_import_nothing_that_changes():
    """The migrations module imports only the standard library and sqlite-utils, never tpmfolio code."""
    tree = ast.parse(Path(migrations_module.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add("." * node.level + (node.module or ""))
    assert imported <= {"__future__", "json", "sqlite_utils"}, imported


@pytest.mark.parametrize("name", [m.name for m in migrations._migrations])
def test_each_migration_is_a_numbered_step(name: str):
    """Names sort in the order they run, so a reader of _sqlite_migrations sees the history."""
    names = [m.name for m in migrations._migrations]
    assert names == sorted(names)
    assert name[:1] == "m" and name[1:4].isdigit()

"""An entry is described once, by its model: every field reaches the store, the exports and search.

Adding an optional text field should take the model, one migration and the
places that show it. These tests walk the model's own fields, so a field
added without its column, export key, CSV column or search column fails here.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import attrs
import sqlite_utils
from conftest import ok

from tpmfolio import Entry, Portfolio
from tpmfolio.migrations import migrations
from tpmfolio.models import ENTRY_CHILDREN, ENTRY_COLUMNS, ENTRY_FIELDS, SEARCHED_FIELDS, TEXT_FIELDS

KEEP_OUT_OF_TABLE = {"sort_key", "start_key"}


def every_field_filled() -> Entry:
    """An entry with a distinct value in every field the model has."""
    text = {name: f"{name} words {name}zz" for name in TEXT_FIELDS}
    return Entry(
        title="Every field", kind="tpm-task", started="2024-03", ended="2024-09", confidential=True,
        uid="every-field", created="2024-10-01T09:00:00Z", updated="2024-10-02T09:00:00Z",
        skills=["customer-focus:3"], kpis=["adoption-rate=34% baseline=10% target=30% as_of=2024-09"],
        measurements=[{"kpi": "adoption-rate", "date": "2024-05", "value": "20%"}],
        links=["Launch=https://example.com/launch"], testimonials=[{"quote": "Calm.", "author": "A. Lead"}],
        tags=["launch"], translations={"de": {"title": "Jedes Feld", "result": "Ergebnis"}}, **text,
    )


def test_the_entries_table_has_a_column_for_every_stored_field(db_path: Path) -> None:
    """After every migration, the entries table holds exactly the model's columns (plus the date keys)."""
    Portfolio.open(db_path).close()
    columns = set(sqlite_utils.Database(db_path)["entries"].columns_dict) - KEEP_OUT_OF_TABLE
    assert set(ENTRY_COLUMNS) == columns
    tables = set(sqlite_utils.Database(db_path).table_names())
    assert {child.table for child in ENTRY_CHILDREN.values()} | {"entry_translations"} <= tables
    assert {f.name for f in ENTRY_FIELDS} == set(ENTRY_COLUMNS) | set(ENTRY_CHILDREN) | {"translations"}


def test_full_text_search_indexes_exactly_the_searched_fields(db_path: Path) -> None:
    """The FTS5 table's columns are the fields the model marks as searched, in order."""
    Portfolio.open(db_path).close()
    assert list(SEARCHED_FIELDS) == list(sqlite_utils.Database(db_path)["entries_fts"].columns_dict)
    assert {"decisions", "lessons"} <= set(SEARCHED_FIELDS)


def test_every_field_survives_the_store(db_path: Path) -> None:
    """An entry with every field filled comes back from the file equal, field for field."""
    entry = every_field_filled()
    with Portfolio.open(db_path) as folio:
        entry_id = folio.add(entry)
        stored = folio.get(entry_id)
        assert attrs.evolve(entry, id=entry_id) == stored
        for name in TEXT_FIELDS:  # and each text field is searchable when the model says so
            found = [e.id for e in folio.search(f"{name}zz")]
            assert ([entry_id] if name in SEARCHED_FIELDS else []) == found, name


def test_add_records_decisions_and_lessons_and_show_prints_them(db_path: Path) -> None:
    """``add --decisions --lessons`` stores both texts; ``show`` prints them under their own headings."""
    entry_id = ok(
        "add", "Vendor migration", "--result", "Moved 40 services.",
        "--decisions", "Bought the queue instead of building it: six weeks sooner.",
        "--lessons", "Start the security review in week one.",
    ).output.strip()
    row = sqlite_utils.Database(db_path)["entries"].get(int(entry_id))
    assert "Bought the queue instead of building it: six weeks sooner." == row["decisions"]
    assert "Start the security review in week one." == row["lessons"]
    shown = ok("show", entry_id).output
    assert shown.index("Result") < shown.index("Decisions") < shown.index("Bought the queue") < shown.index("Lessons")
    assert "Start the security review in week one." in shown
    assert "Vendor migration" in ok("search", "security review").output


def test_upgrading_a_file_from_before_decisions_keeps_entries_and_search(db_path: Path) -> None:
    """A file made by the first schema gets empty decisions and lessons, and its entries stay searchable."""
    db = sqlite_utils.Database(db_path)
    migrations.apply(db, stop_before="m002_decisions_and_lessons")
    db.execute(
        "INSERT INTO entries (uid, title, kind, result, sort_key, start_key) VALUES ('old', 'Old onboarding', 'project', 'Done.', '', '')"
    )
    db.conn.commit()
    db.close()
    with Portfolio.open(db_path) as folio:
        (old,) = folio.entries()
        assert ("Old onboarding", "", "") == (old.title, old.decisions, old.lessons)
        assert [old.id] == [e.id for e in folio.search("onboarding")]
        folio.update(attrs.evolve(old, decisions="Kept the old flow for enterprise."))
        assert [old.id] == [e.id for e in folio.search("enterprise")]
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM entries_fts").fetchone() == (1,)


def test_every_field_survives_export_and_import(db_path: Path, tmp_path: Path) -> None:
    """JSON and YAML carry every field under its own key; CSV every field that fits a cell, as a column."""
    import csv
    import io
    import json

    import yaml

    from tpmfolio.interchange import CSV_COLUMNS
    from tpmfolio.models import IN_CSV

    with Portfolio.open(db_path) as folio:
        stored = folio.get(folio.add(every_field_filled()))
        texts = {format: folio.export(format) for format in ("json", "yaml", "csv")}
    names = [f.name for f in ENTRY_FIELDS]
    assert names == list(json.loads(texts["json"])["entries"][0])
    assert names == list(yaml.safe_load(texts["yaml"])["entries"][0])
    header, row = list(csv.reader(io.StringIO(texts["csv"])))
    assert [f.name for f in ENTRY_FIELDS if f.metadata.get(IN_CSV, True)] == header == list(CSV_COLUMNS)
    for name in TEXT_FIELDS:
        assert f"{name} words {name}zz" == row[header.index(name)]
    for format, text in texts.items():
        with Portfolio.open(tmp_path / f"copy-{format}.db") as copy:
            copy.import_text(text, format)
            expected = stored if format != "csv" else attrs.evolve(stored, testimonials=(), translations={})
            assert expected == copy.get(stored.uid), format


def test_edit_form_offers_decisions_and_lessons_and_show_json_carries_them(db_path: Path, monkeypatch) -> None:
    """``edit`` shows both fields empty; what is typed there is stored and comes back in ``show --json``."""
    import json

    import click

    entry_id = ok("add", "Queue migration").output.strip()
    seen: list[str] = []

    def fake_edit(filename: str, **kwargs: object) -> None:
        """$EDITOR works on a draft file: read it, change it, save it."""
        text = Path(filename).read_text(encoding="utf-8")
        seen.append(text)
        changed = text.replace("decisions: ''", "decisions: Bought, not built").replace("lessons: ''", "lessons: Review early")
        Path(filename).write_text(changed, encoding="utf-8")

    monkeypatch.setattr(click, "edit", fake_edit)
    ok("edit", entry_id)
    assert "decisions: ''" in seen[0] and "lessons: ''" in seen[0]
    shown = json.loads(ok("show", entry_id, "--json").output)
    assert ("Bought, not built", "Review early") == (shown["decisions"], shown["lessons"])

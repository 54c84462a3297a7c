"""import and export through the CLI, on real SQLite files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from conftest import assert_one_line_error, dump, invoke, ok

EXAMPLE = Path(__file__).parents[1] / "examples" / "portfolio.yaml"
SAMPLE_RESUME = Path(__file__).parent / "data" / "jsonresume" / "sample.resume.json"


@pytest.fixture
def loaded(tmp_path):
    db = tmp_path / "loaded.db"
    ok("--db", str(db), "import", str(EXAMPLE))
    return db


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_export_import_export_gives_the_same_bytes(loaded, tmp_path, fmt):
    """A backup restores to exactly the same document."""
    first = tmp_path / f"first.{fmt}"
    second = tmp_path / f"second.{fmt}"
    ok("--db", str(loaded), "export", "-o", str(first))
    fresh = tmp_path / "fresh.db"
    ok("--db", str(fresh), "import", str(first))
    ok("--db", str(fresh), "export", "-o", str(second))
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(ok("--db", str(fresh), "export").stdout)["entries"][0]["uid"] == "dw-2023-product-strategy-course"


def test_importing_twice_changes_nothing(loaded, tmp_path):
    """Entries are matched by uid; the second import finds them all unchanged."""
    before = dump(loaded)
    result = ok("--db", str(loaded), "import", str(EXAMPLE))
    assert "0 added, 0 updated, 15 unchanged" in result.output
    assert dump(loaded) == before


def test_a_changed_entry_is_updated_not_duplicated(loaded, tmp_path):
    document = json.loads(ok("--db", str(loaded), "export").stdout)
    document["entries"][0]["title"] = "Product strategy course, renamed"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document), encoding="utf-8")
    result = ok("--db", str(loaded), "import", str(changed))
    assert "0 added, 1 updated, 14 unchanged" in result.output
    titles = [r["title"] for r in sqlite_utils.Database(loaded)["entries"].rows]
    assert len(titles) == 15
    assert "Product strategy course, renamed" in titles


def test_dry_run_changes_nothing(tmp_path):
    db = tmp_path / "dry.db"
    ok("--db", str(db), "init")
    before = dump(db)
    result = ok("--db", str(db), "import", str(EXAMPLE), "--dry-run")
    assert "Would import" in result.output and "15 added" in result.output
    assert "  add     Product strategy cohort course (8 weeks)" in result.output
    assert "profile would change (name, headline" in result.output
    assert "  profile name, headline, email" in result.output
    assert dump(db) == before


BAD_FILES = {
    "broken.json": ('{"tpmfolio": 1, "entries": [', ["ends too early"]),
    "broken.yaml": ("tpmfolio: 1\nentries:\n  - title: [unclosed\n", ["line"]),
    "wrong-type.json": ('{"tpmfolio": 1, "entries": {"title": "x"}}', ["entries"]),
    "deep.json": (
        json.dumps({"tpmfolio": 1, "entries": [
            {"title": "fine"},
            {"title": "bad date", "started": "2024-13"},
            {"title": "bad number", "kpis": [{"kpi": "roi", "actual": "abc"}]},
            {"title": "bad skill", "skills": [{"skill": "custmer-focus", "level": 2}]},
        ]}),
        ["entries[1].started", "entries[2].kpis[0].actual: 'abc' is not a number", "customer-focus", "3 problems"],
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_refused_whole_and_the_database_is_unchanged(loaded, tmp_path, name):
    """Every problem is named at once and nothing is imported."""
    text, expected = BAD_FILES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = dump(loaded)
    result = invoke("--db", str(loaded), "import", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for fragment in expected:
        assert fragment in result.output
    assert dump(loaded) == before


def test_half_written_yaml_is_refused(loaded, tmp_path):
    """A file cut off in the middle of an entry is caught, not half imported."""
    exported = tmp_path / "full.yaml"
    ok("--db", str(loaded), "export", "-o", str(exported))
    text = exported.read_text(encoding="utf-8")
    cut = tmp_path / "cut.yaml"
    cut.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    ok("--db", str(fresh), "init")
    before = dump(fresh)
    result = invoke("--db", str(fresh), "import", str(cut))
    assert result.exit_code == 1
    assert dump(fresh) == before


def test_csv_exports_and_imports(loaded, tmp_path):
    """A spreadsheet can be the input: CSV rows become entries."""
    csv_file = tmp_path / "entries.csv"
    ok("--db", str(loaded), "export", "-o", str(csv_file))
    header = csv_file.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("uid,") or "title" in header
    catalog = json.loads(ok("--db", str(loaded), "export").stdout)
    catalog["entries"] = []
    (tmp_path / "catalog.json").write_text(json.dumps(catalog), encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    ok("--db", str(fresh), "import", str(tmp_path / "catalog.json"))
    result = ok("--db", str(fresh), "import", str(csv_file))
    assert "15 added" in result.output
    assert sqlite_utils.Database(fresh)["kpi_results"].count == sqlite_utils.Database(loaded)["kpi_results"].count


def test_json_resume_import_and_export(tmp_path):
    """A real JSON Resume comes in; an export validates against the official schema."""
    jsonschema = pytest.importorskip("jsonschema")
    db = tmp_path / "resume.db"
    result = ok("--db", str(db), "import", str(SAMPLE_RESUME))
    sample = json.loads(SAMPLE_RESUME.read_text(encoding="utf-8"))
    expected = len(sample.get("work", [])) + len(sample.get("projects", [])) + len(sample.get("volunteer", []))
    assert f"{expected} added" in result.output
    assert sqlite_utils.Database(db)["profile"].get(1)["name"] == sample["basics"]["name"]
    exported = json.loads(ok("--db", str(db), "export", "--format", "jsonresume").stdout)
    schema = json.loads((SAMPLE_RESUME.parent / "schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(exported, schema)
    assert exported["basics"]["name"] == sample["basics"]["name"]


def test_json_resume_leaves_confidential_out_unless_asked(loaded):
    resume = json.loads(ok("--db", str(loaded), "export", "--format", "jsonresume").stdout)
    everything = json.loads(ok("--db", str(loaded), "export", "--format", "jsonresume", "--include-confidential").stdout)
    confidential = "Address validation vendor renegotiation"
    assert confidential not in json.dumps(resume)
    assert confidential in json.dumps(everything)


def test_export_to_a_missing_folder_is_a_clear_error(loaded, tmp_path):
    result = invoke("--db", str(loaded), "export", "-o", str(tmp_path / "nope" / "x.json"))
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert not (tmp_path / "nope").exists()


def test_import_of_a_missing_file_is_a_clear_error(tmp_path):
    assert_one_line_error(invoke("import", str(tmp_path / "missing.yaml")), "missing.yaml does not exist")


def test_a_file_whose_name_gives_no_format_is_told_to_pass_format(loaded, tmp_path):
    """The library names the formats; the CLI adds the flag that chooses one."""
    notes = tmp_path / "notes.txt"
    notes.write_text("{}", encoding="utf-8")
    before = dump(loaded)
    assert_one_line_error(invoke(loaded, "import", str(notes)), "notes.txt' from its name; pass --format json, yaml, csv or jsonresume")
    assert dump(loaded) == before


def test_a_json_resume_imported_as_json_is_told_to_pass_format(loaded):
    """The JSON Resume hint speaks of the flag at a shell."""
    before = dump(loaded)
    result = invoke(loaded, "import", str(SAMPLE_RESUME), "--format", "json")
    assert result.exit_code == 1
    assert "this looks like a JSON Resume; import it with --format jsonresume" in result.stderr
    assert dump(loaded) == before


def test_a_csv_export_cut_mid_row_is_refused_and_changes_nothing(loaded, tmp_path):
    """A CSV written half-way: one Error line with its problem, the portfolio as it was."""
    whole = tmp_path / "all.csv"
    ok(loaded, "export", "-o", str(whole))
    text = whole.read_text(encoding="utf-8")
    cut = tmp_path / "cut.csv"
    cut.write_text(text[: text.index("\n", len(text) // 2) + 40], encoding="utf-8")
    before = dump(loaded)
    result = invoke(loaded, "import", str(cut))
    assert result.exit_code == 1 and "Traceback" not in result.output
    head, *problems = result.stderr.strip().splitlines()
    assert head == "Error: " + str(cut) + ": 1 problem, nothing imported"
    assert len(problems) == 1 and ("is the file complete?" in problems[0] or "cut short" in problems[0]), problems
    assert dump(loaded) == before


def test_a_csv_export_cut_inside_its_last_cell_is_refused_and_changes_nothing(loaded, tmp_path):
    """Cut in the last row's last cell (its updated stamp): every cell is there, yet the row is refused by number."""
    whole = tmp_path / "all.csv"
    ok(loaded, "export", "-o", str(whole))
    text = whole.read_text(encoding="utf-8")
    assert text.endswith("Z\n")
    cut = tmp_path / "cut.csv"
    cut.write_text(text[: -len(":00Z\n")], encoding="utf-8")
    before = dump(loaded)
    result = invoke(loaded, "import", str(cut))
    assert result.exit_code == 1 and "Traceback" not in result.output
    head, *problems = result.stderr.strip().splitlines()
    assert head == "Error: " + str(cut) + ": 1 problem, nothing imported"
    assert len(problems) == 1 and problems[0].strip().startswith("row 16: "), problems
    assert "cut short" in problems[0] and "add a line break at the end of the file" in problems[0]
    assert dump(loaded) == before


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_and_are_refused(loaded, tmp_path, constant):
    """Python's reader takes them; JSON has no such values, and a title of 'nan' is nobody's."""
    document = tmp_path / "odd.json"
    document.write_text('{"tpmfolio": 1, "entries": [{"title": ' + constant + '}]}', encoding="utf-8")
    before = dump(loaded)
    assert_one_line_error(invoke(loaded, "import", str(document)), f"odd.json: {constant} is not a JSON value")
    assert dump(loaded) == before


def test_a_tpmfolio_export_imported_as_a_json_resume_is_told_to_pass_format(loaded, tmp_path):
    """Read leniently it would import nothing and exit 0; it is refused with the flag that reads it."""
    backup = tmp_path / "backup.json"
    ok(loaded, "export", "-o", str(backup))
    before = dump(loaded)
    result = invoke(loaded, "import", str(backup), "--format", "jsonresume")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "this looks like a tpmfolio file, not a JSON Resume; import it with --format json" in result.stderr
    assert dump(loaded) == before


def test_a_backup_with_gaps_in_its_ids_restores_with_the_same_ids(tmp_path):
    """Removing an entry leaves a gap in the ids; the restored file keeps every id and child row."""
    db = tmp_path / "gappy.db"
    for title in ("First", "Second", "Third"):
        ok("--db", str(db), "add", title, "--skill", "customer-focus")
    ok("--db", str(db), "rm", "2", "--yes")
    backup = tmp_path / "backup.yaml"
    ok("--db", str(db), "export", "-o", str(backup))
    restored = tmp_path / "restored.db"
    assert "2 added" in ok("--db", str(restored), "import", str(backup)).output
    rows = sqlite_utils.Database(restored)
    assert [(r["id"], r["title"]) for r in rows["entries"].rows] == [(1, "First"), (3, "Third")]
    assert sorted(r["entry_id"] for r in rows["entry_skills"].rows) == [1, 3]
    assert ok("--db", str(db), "export").stdout == ok("--db", str(restored), "export").stdout


def test_written_files_follow_the_umask(loaded, tmp_path):
    """An export meant for sharing is not left readable by its owner only."""
    import os

    old = os.umask(0o022)
    try:
        out = tmp_path / "shared.json"
        ok("--db", str(loaded), "export", "-o", str(out))
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def test_csv_export_defuses_formulas_and_import_restores_them(tmp_path):
    db, sheet = tmp_path / "p.db", tmp_path / "entries.csv"
    ok("--db", str(db), "add", "=cmd|' /C calc'!A0", "--kpi", "defect-rate=-15%")
    ok("--db", str(db), "export", "-o", str(sheet))
    row = sheet.read_text(encoding="utf-8").splitlines()[1]
    assert ",'=cmd|' /C calc'!A0," in row and "defect-rate=-15%" in row
    fresh = tmp_path / "fresh.db"
    ok("--db", str(fresh), "import", str(sheet))
    titles = [r["title"] for r in sqlite_utils.Database(fresh)["entries"].rows]
    assert titles == ["=cmd|' /C calc'!A0"]

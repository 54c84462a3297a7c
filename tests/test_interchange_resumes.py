"""Real resume.json files (tests/data/jsonresume-real) and the shapes people write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from conftest import invoke

from tpmfolio import ImportProblems, Portfolio
from tpmfolio.interchange import from_jsonresume
from tpmfolio.interchange.resume_dates import read_resume_date

REAL = Path(__file__).parent / "data" / "jsonresume-real"

# Decided by reading each file, before the importer ran on it (see the README there).
EXPECTED = {
    "0xadada.json": (9, 0),
    "1987cr.json": (5, 0),
    "abdelmounhim-fr.json": (3, 0),
    "7474-ja.json": (9, 3),
    "56kyle.json": (5, 2),
    "5c077m4n.json": (2, 0),
    "ayastrebov-ru.json": (3, 0),
    "4ndresdev-es.json": (5, 3),
    "6stars.json": (5, 2),
    "0bcdian-es.json": (2, 2),
    "0xa1337.json": (6, 2),
    "a-vaillant.json": (8, 0),
    "ananth-swamy.json": (5, 2),
    "09priyanshu09.json": (0, 1),
    "ajmosley345.json": (4, 0),
    "0-o0.json": (2, 2),
    "almsivi.json": (8, 4),
    "1uokun-zh.json": (0, 4),
}
REFUSED = {
    "42arch-zh.json": "holds none of",
    "4ndr3w-list.json": "a JSON Resume is a mapping",
}


def test_every_file_has_an_expected_outcome():
    assert sorted(EXPECTED) + sorted(REFUSED) and {p.name for p in REAL.glob("*.json")} == set(EXPECTED) | set(REFUSED)
    assert len(EXPECTED) + len(REFUSED) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_resume_imports_with_the_expected_entries(tmp_path, name):
    entries, notes = EXPECTED[name]
    with Portfolio.open(tmp_path / "p.db") as folio:
        report = folio.import_text((REAL / name).read_text(encoding="utf-8"), "jsonresume", source=name)
        assert len(report.added) == entries, report.notes
        assert len(report.notes) == notes, report.notes
        assert folio.count() == entries
        again = folio.import_text((REAL / name).read_text(encoding="utf-8"), "jsonresume", source=name)
    assert (len(again.added), len(again.updated), len(again.unchanged)) == (0, 0, entries)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_is_not_a_resume_is_refused_in_one_go(tmp_path, name):
    db = tmp_path / "p.db"
    result = invoke(db, "import", str(REAL / name), "--format", "jsonresume")
    assert result.exit_code == 1 and REFUSED[name] in result.output
    assert "Traceback" not in result.output
    assert sqlite_utils.Database(db)["entries"].count == 0


def test_notes_name_the_place_with_the_files_own_keys():
    """56kyle: the item whose end is before its start is named; pinned is listed as skipped."""
    notes = from_jsonresume(json.loads((REAL / "56kyle.json").read_text(encoding="utf-8"))).notes
    assert notes == (
        "work: unknown field pinned (3 items); skipped",
        "work[0]: (AI Red Team / Pentester at Joint Research for Demo) endDate 2025-01-25 is before "
        "startDate 2025-11-06; imported without the end date",
    )


def test_a_url_without_a_scheme_gets_https():
    imported = from_jsonresume(json.loads((REAL / "6stars.json").read_text(encoding="utf-8")))
    links = [link.url for e in imported.entries for link in e.links]
    assert "https://www.publishingconcepts.com" in links and "https://www.safetykleen.com" in links
    assert "work[2].website: 'www.publishingconcepts.com' has no scheme; read as 'https://www.publishingconcepts.com'" in imported.notes


def test_old_keys_and_present_and_year_only_are_read():
    imported = from_jsonresume(json.loads((REAL / "ananth-swamy.json").read_text(encoding="utf-8")))
    work = imported.entries[0]
    assert (work.organization, work.started, work.ended) == ("HackerSpace PESU", "2023", None)
    assert imported.profile.url == "https://priya.example.dev"
    assert imported.notes[0] == "unknown fields selectedTemplate, headings, sections; skipped"


def test_empty_end_date_means_ongoing_and_company_name_is_read():
    imported = from_jsonresume(json.loads((REAL / "abdelmounhim-fr.json").read_text(encoding="utf-8")))
    first = imported.entries[0]
    assert (first.organization, first.started, first.ended) == ("Le Figaro", "2001-09-30", None)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Present", None), ("present", None), ("now", None), ("current", None), ("Ongoing", None), ("", None),
        ("07/2025", "2025-07"), ("7/2025", "2025-07"), ("2023-9-28", "2023-09-28"), ("2019", "2019"),
        ("2024-03", "2024-03"), ("May 2022", "2022-05"), ("Sep 2020", "2020-09"), ("2017.9", "2017-09"),
        ("2024-07-01T10:00:00Z", "2024-07-01"), (2019, "2019"),
    ],
)
def test_resume_dates_people_write(written, read):
    assert read_resume_date(written) == read


def test_every_ongoing_word_works_as_an_end_date():
    for word in ("Present", "now", "current", "ongoing", ""):
        resume = {"work": [{"name": "Acme", "position": "EM", "startDate": "07/2021", "endDate": word}]}
        imported = from_jsonresume(resume)
        assert (imported.entries[0].started, imported.entries[0].ended, imported.notes) == ("2021-07", None, ())


def test_a_date_that_cannot_be_read_is_left_out_and_named():
    imported = from_jsonresume({"work": [{"name": "Acme", "position": "EM", "startDate": "2020-12-08 //Date"}]})
    assert imported.entries[0].started is None
    assert imported.notes == (
        "work[0].startDate: '2020-12-08 //Date' is not a date tpmfolio can read "
        "(write it like 2024-03, 03/2024 or Present); left out",
    )


def test_problems_use_the_resume_field_names():
    """An item without a position or name is named by the resume's keys, not tpmfolio's."""
    imported = from_jsonresume({"work": [{"startDate": "2020"}], "projects": [{"name": "x" * 400}]})
    assert imported.entries == ()
    assert imported.notes[0] == "work[0]: has no name or position; skipped"
    assert imported.notes[1].startswith("projects[0].name: ")
    with pytest.raises(ImportProblems) as info:
        from_jsonresume({"work": [{"startDate": "2020"}]}, strict=True)
    assert info.value.problems == ["work[0]: has no name or position"]


def test_strict_through_the_cli_refuses_and_lists_every_change(tmp_path):
    db = tmp_path / "p.db"
    result = invoke(db, "import", str(REAL / "56kyle.json"), "--strict")
    assert result.exit_code == 1, result.output
    assert "2 problems, nothing imported" in result.output and "endDate 2025-01-25 is before" in result.output
    assert sqlite_utils.Database(db)["entries"].count == 0
    result = invoke(db, "import", str(REAL / "56kyle.json"), "--json")
    report = json.loads(result.output)
    assert len(report["added"]) == 5 and len(report["notes"]) == 2
    plain = invoke(tmp_path / "q.db", "import", str(REAL / "56kyle.json"))
    assert "2 values changed or left out (listed below)" in plain.output.splitlines()[0]
    assert "  note    work[0]: (AI Red Team" in plain.output

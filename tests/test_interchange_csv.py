"""Entries as CSV for spreadsheets."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tpmfolio import Entry, ImportProblems, KpiResult
from tpmfolio.interchange import CSV_COLUMNS, entries_from_csv, entries_to_csv, load_document

EXAMPLE = Path(__file__).parent.parent / "examples" / "portfolio.yaml"
HEADER = ",".join(CSV_COLUMNS)


def example_entries() -> tuple[Entry, ...]:
    return load_document(EXAMPLE.read_text(encoding="utf-8"), "yaml").entries


def read(text: str) -> list[Entry]:
    return entries_from_csv(text, known_skills=["stakeholder-management"], known_kpis=["support-tickets"])


def problems_of(text: str) -> list[str]:
    with pytest.raises(ImportProblems) as info:
        read(text)
    return info.value.problems


def test_csv_round_trip_gives_the_same_text():
    """CSV → entries → CSV is stable, multi-line text and lists included."""
    text = entries_to_csv(example_entries())
    assert text.splitlines()[0] == HEADER
    assert entries_to_csv(read(text)) == text


def test_csv_keeps_what_a_cell_can_hold():
    """Skills, KPIs, measurements, links and tags come back; notes and testimonials do not travel."""
    entry = example_entries()[3]
    (back,) = read(entries_to_csv([entry]))
    assert back.kpis == entry.kpis and back.measurements == entry.measurements
    assert [s.to_text() for s in back.skills] == [s.to_text() for s in entry.skills]
    assert back.links == entry.links and back.tags == entry.tags and back.testimonials == ()


def test_bom_minimal_columns_and_short_forms():
    """A spreadsheet's BOM and a few columns in any order are fine."""
    text = "\ufefftitle,skills,kpis,confidential\nPricing page,customer-focus:3; communication,revenue=$1.2M target=$1M,yes\n"
    (entry,) = read(text)
    assert entry.title == "Pricing page" and entry.skills[0].level == 3 and entry.skills[1].level == 2
    assert str(entry.kpis[0].target) == "$1M" and entry.confidential


def test_unicode_and_markup_survive():
    """Text is data: markup and non-Latin scripts come back unchanged."""
    entry = Entry(title="<script>alert('x')</script> 東京, “quoted”", summary="a\nb; c")
    (back,) = read(entries_to_csv([entry]))
    assert (back.title, back.summary) == (entry.title, entry.summary)


def test_bad_rows_are_named_by_row_and_column():
    """Every problem names the spreadsheet row (header is row 1) and column."""
    text = (
        "title,started,kpis,skills,measurements,confidential\n"
        "Fine,2024-03,,,,\n"
        ",2024-13,roi=abc,custmer-focus:4,roi@2024-01,maybe\n"
    )
    problems = problems_of(text)
    assert "row 3, column started: '2024-13' is not a real calendar date" in problems
    assert "row 3, column title: must not be empty" in problems
    assert any(p.startswith("row 3, column kpis: 'roi=abc' actual: 'abc' is not a number") for p in problems)
    assert "row 3, column skills: 'custmer-focus:4' level: skill level '4' is not 1, 2 or 3" in problems
    assert any(p.startswith("row 3, column measurements: 'roi@2024-01': 'roi@2024-01' is not a measurement") for p in problems)
    assert "row 3, column confidential: 'maybe' is not true or false" in problems


def test_unknown_skill_in_csv_suggests_the_slug():
    (problem,) = problems_of("title,skills\nA,custmer-focus\n")
    assert problem == "row 2, column skills: 'custmer-focus' skill: unknown skill 'custmer-focus'; did you mean 'customer-focus'?"


def test_unknown_column_and_missing_title_are_header_problems():
    problems = problems_of("titel,kind\nA,course\n")
    assert problems == [
        "row 1, column 1: unknown column 'titel'; did you mean 'title'?",
        "row 1: there is no title column; the first row must name the columns, e.g. title,kind,started",
    ]


def test_duplicate_uids_across_rows():
    (problem,) = problems_of("uid,title\nabc,A\nabc,B\n")
    assert problem == "row 3, column uid: uid 'abc' is also used by row 2"


def test_csv_through_load_document():
    """load_document reads CSV too, without a profile."""
    imported = load_document("title\nA\n", "csv")
    assert imported.profile is None and imported.entries[0].title == "A"


FORMULAS = ["=cmd|' /C calc'!A0", "@SUM(1)", "+1+1", "-15% churn", "\tTabbed", "=HYPERLINK(\"http://x\")"]


def test_no_cell_starts_a_formula():
    """OWASP's CSV-injection advice: =, +, -, @, tab and CR lead with an apostrophe."""
    entries = [Entry(title=t, uid=f"f{i}", summary="- a bullet\n- another") for i, t in enumerate(FORMULAS)]
    rows = list(csv.reader(io.StringIO(entries_to_csv(entries))))[1:]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert [r[2] for r in rows][:3] == ["'=cmd|' /C calc'!A0", "'@SUM(1)", "'+1+1"]


def test_csv_round_trip_is_exact_with_apostrophes_and_negative_values():
    titles = [*FORMULAS[:4], "'quoted' title", "'=not a formula", "''two apostrophes", "plain"]
    entries = [
        Entry(title=t, uid=f"r{i}", kpis=[KpiResult.parse("defect-rate=-15% baseline=-3%")], tags=["-x"] if i == 0 else [])
        for i, t in enumerate(titles)
    ]
    back = entries_from_csv(entries_to_csv(entries))
    assert [e.title for e in back] == titles
    assert back == entries
    assert str(back[0].kpis[0].actual) == "-15%"


def test_an_apostrophe_a_person_typed_is_kept():
    (entry,) = entries_from_csv("title,summary\n'Tis the season,'not a formula\n")
    assert (entry.title, entry.summary) == ("'Tis the season", "'not a formula")


def test_a_row_cut_short_is_refused():
    """A file cut in the middle of a row has fewer cells than the header: refused, not imported with the rest empty."""
    text = "title,kind,summary,tags\nFull,project,Done.,a\nCut,proj"
    (problem,) = problems_of(text)
    assert problem.startswith("row 3: has 2 cells but the header names 4 columns")


def test_a_file_ending_inside_a_quoted_cell_is_refused():
    """The lenient reader would close the quote at the end of the file and keep half a summary."""
    text = 'title,summary\nFull,"A summary\nthat goes on'
    (problem,) = problems_of(text)
    assert "ends inside a quoted cell" in problem


def _export_rows(*rows: dict[str, str]) -> str:
    """Rows under the export's header, cells written as given (quotes and all), no line break after the last."""
    lines = [",".join(CSV_COLUMNS)]
    lines += [",".join(row.get(name, "") for name in CSV_COLUMNS) for row in rows]
    return "\n".join(lines)


@pytest.mark.parametrize(
    "last_cell",
    ["2024-03-01T10", ""],  # an export's last cell is the updated stamp: cut after its hour, or before it begins
    ids=["stamp cut short", "empty last cell"],
)
def test_an_export_cut_inside_its_last_cell_is_refused(last_cell):
    """Every cell is there but the last may be half of itself: an export always ends its last row with a line break."""
    last = CSV_COLUMNS[-1]
    text = _export_rows({"title": "Full", last: "2024-03-01T10:15:00Z"}, {"title": "Cut", last: last_cell})
    (problem,) = problems_of(text)
    assert problem.startswith("row 3: ") and "cut short" in problem and "line break" in problem
    assert ["Full", "Cut"] == [e.title for e in read(text + "\n")]  # the same file, whole, imports


def test_a_spreadsheet_file_without_a_final_line_break_is_complete():
    """Columns of the person's choosing: a file saved without a line break after its last row imports whole."""
    assert ["Full", "Last"] == [e.title for e in read("title,kind,summary\nFull,project,Done.\nLast,project,All of it")]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r", "\n\n", "\n,\n", "\n  "])
def test_a_last_row_followed_by_a_line_break_is_complete(ending):
    """LF, CRLF (as Excel writes it), CR and blank rows after the last row are all fine."""
    assert ["A", "B"] == [e.title for e in read("title,kind\nA,project\nB,course" + ending)]


def test_a_file_with_only_its_header_needs_no_line_break():
    """A header alone imports nothing, so there is nothing to cut short."""
    assert [] == read("title,kind")


def test_a_demo_export_cut_inside_any_row_is_refused():
    """Cut anywhere, a CSV export imports as the rows it holds whole, or not at all: never a row cut short.

    Each row is cut at every point after the header: one row at a time, so
    the file is not parsed fifteen thousand times over.
    """
    entries = read(entries_to_csv(example_entries()))
    header = HEADER + "\n"
    rows = [entries_to_csv([entry]).removeprefix(header) for entry in entries]
    assert header + "".join(rows) == entries_to_csv(entries)
    for i, row in enumerate(rows):
        assert [] == read(header + row[:0])
        for cut in range(1, len(row)):
            with pytest.raises(ImportProblems):
                read(header + row[:cut])
                pytest.fail(f"row {i + 2} cut after {row[max(0, cut - 40) : cut]!r} was imported")
        assert [entries[i]] == read(header + row)

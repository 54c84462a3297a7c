"""Entries as a spreadsheet: one row per entry, lists packed into cells.

The lists use the short forms of the ``add`` options, separated by ``;``:
skills ``customer-focus:3; communication:2``, KPIs
``adoption-rate=34% baseline=10% target=30%``, measurements
``adoption-rate@2024-03=12%``, links ``Label=https://…``. Problems are named
by spreadsheet row (the header is row 1) and column, as a person sees them.

The columns are the entry's fields that fit a cell, in the model's order
(:data:`~tpmfolio.models.ENTRY_FIELDS`); how a cell is written and read
follows from what the model says the field is.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from ..catalog import BUILTIN_KPIS, BUILTIN_SKILLS
from ..errors import InvalidValue
from ..evidence import kpi_fields, skill_fields
from ..models import CHILD, COLUMN, ENTRY_FIELDS, IN_CSV, Entry, KpiResult, Link, Measurement, SkillEvidence
from .entries import _entry_from_data
from .problems import Problems, index, suggest

CSV_COLUMNS = tuple(f.name for f in ENTRY_FIELDS if f.metadata.get(IN_CSV, True))
# Column → what the model says it holds: a list (its Child) or a kind of value.
_CHILDREN = {f.name: f.metadata[CHILD] for f in ENTRY_FIELDS if CHILD in f.metadata}
_COLUMN_KIND = {f.name: f.metadata.get(COLUMN) for f in ENTRY_FIELDS}
SEPARATOR = ";"
# A spreadsheet runs a cell that starts with one of these as a formula
# (OWASP, "CSV injection"): such cells are written with a leading apostrophe,
# which spreadsheets show as text. Cells that start with an apostrophe get
# one more, so that reading removes exactly one and the round trip is exact.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# What ends a row. The export ends its last row with one too, so an export
# that stops without one may have stopped part-way through its last cell.
LINE_ENDS = ("\n", "\r")
_TRUE = ("true", "yes", "y", "1", "x")
_FALSE = ("false", "no", "n", "0", "")
_PATH = re.compile(r"^(?P<column>[a-z_]+)(?:\[(?P<item>\d+)\])?(?:\.(?P<field>\w+))?$")


# --- out ----------------------------------------------------------------------


def entries_to_csv(entries: Iterable[Entry]) -> str:
    """CSV text with the :data:`CSV_COLUMNS` header; no BOM, ``\\n`` line ends.

    Skill and KPI notes and testimonials do not fit a cell and are left out;
    the JSON and YAML exports carry them.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow(_row(entry))
    return out.getvalue()


def _row(entry: Entry) -> list[str]:
    return [defuse(_cell(name, getattr(entry, name))) for name in CSV_COLUMNS]


def _cell(name: str, value: Any) -> str:
    if name in _CHILDREN:
        return _joined(_ITEM_TEXT.get(type(item), str)(item) for item in value)
    if value is None:
        return ""
    if _COLUMN_KIND[name] == "flag":
        return "true" if value else "false"
    return str(value)


def defuse(cell: str) -> str:
    """The cell as written: ``=1+1`` → ``'=1+1`` so that no spreadsheet runs it."""
    return QUOTE + cell if cell.startswith(FORMULA_STARTS) or cell.startswith(QUOTE) else cell


def restore(cell: str) -> str:
    """Undo :func:`defuse`: drop the apostrophe written before a formula start or an apostrophe."""
    if cell.startswith(QUOTE) and cell[1:2] and (cell[1:].startswith(FORMULA_STARTS) or cell[1] == QUOTE):
        return cell[1:]
    return cell


def _joined(items: Iterable[str]) -> str:
    return f"{SEPARATOR} ".join(items)


def _kpi_text(result: KpiResult) -> str:
    text = result.to_text()
    if result.note:
        text += f" note={result.note.replace(SEPARATOR, ',')}"
    return text


def _measurement_text(point: Measurement) -> str:
    return f"{point.kpi}@{point.date}={point.value}"


def _link_item_text(link: Link) -> str:
    return _link_text(link.url, link.label)


def _link_text(url: str, label: str) -> str:
    # A ';' inside a URL means the same percent-encoded and would split the cell.
    url = url.replace(SEPARATOR, "%3B")
    return f"{label.replace(SEPARATOR, ',').replace('=', '-')}={url}" if label else url


# --- in -----------------------------------------------------------------------


def entries_from_csv(
    text: str,
    *,
    known_skills: Iterable[str] = (),
    known_kpis: Iterable[str] = (),
    source: str = "",
) -> list[Entry]:
    """Read entries from CSV (a UTF-8 BOM from a spreadsheet is fine); all or nothing.

    Only ``title`` is a required column; columns may come in any order.
    A file cut short is refused: one that ends inside a quoted cell, a last
    row with fewer cells than the header, or, in a file with the export's
    header (:data:`CSV_COLUMNS` in order), a last row with no line break
    after it (its last cell may be half of itself).
    Raises :class:`ImportProblems` listing every problem as
    ``row 4, column started: '2024-13' is not a real calendar date``.
    """
    text = text.removeprefix("\ufeff")
    problems = Problems()
    skills = {s.slug for s in BUILTIN_SKILLS} | set(known_skills)
    kpis = {k.slug for k in BUILTIN_KPIS} | set(known_kpis)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        problems.add("", f"not valid CSV: {error}")
        problems.raise_if_any(source)
    if not rows:
        problems.add("", "the file is empty; the first row must name the columns, e.g. title,kind,started")
        problems.raise_if_any(source)
    if _ends_inside_quotes(text):
        problems.add(f"row {len(rows)}", "the file ends inside a quoted cell; it is cut short, is it complete?")
        problems.raise_if_any(source)
    header = [h.strip().lower() for h in rows[0]]
    for i, name in enumerate(header):
        if name not in CSV_COLUMNS:
            problems.add(f"row 1, column {i + 1}", f"unknown column {name!r}" + (suggest(name, CSV_COLUMNS) or f"; the columns are: {', '.join(CSV_COLUMNS)}"))
        elif header.index(name) != i:
            problems.add(f"row 1, column {i + 1}", f"column {name!r} appears twice")
    if "title" not in header:
        problems.add("row 1", "there is no title column; the first row must name the columns, e.g. title,kind,started")
    problems.raise_if_any(source)

    entries: list[Entry] = []
    uids: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            problems.add(f"row {number}", f"has {len(cells)} cells but the header names {len(header)} columns")
            continue
        if len(cells) < len(header):
            # Spreadsheets write every cell; a short row is a file cut short (or a cell lost).
            problems.add(f"row {number}", f"has {len(cells)} cells but the header names {len(header)} columns; is the file complete?")
            continue
        if number == len(rows) and not text.endswith(LINE_ENDS) and tuple(header) == CSV_COLUMNS:
            # Every cell is there, but the last one may be half of itself: a
            # copy or download of an export stopped inside it looks just like
            # this. Only the export's own header says so: the export ends its
            # last row with a line break, where a spreadsheet's file with
            # columns of its choosing may well not.
            problems.add(
                f"row {number}",
                "the file ends without a line break after this row, so its last cell may be cut short; "
                "if the row is complete, add a line break at the end of the file",
            )
            continue
        row = dict(zip(header, cells))
        entry = _entry_from_row(row, number, problems, skills, kpis)
        if entry is None:
            continue
        if row.get("uid", "").strip():
            if entry.uid in uids:
                problems.add(f"row {number}, column uid", f"uid {entry.uid!r} is also used by row {uids[entry.uid]}")
            uids.setdefault(entry.uid, number)
        entries.append(entry)
    problems.raise_if_any(source)
    return entries


def _ends_inside_quotes(text: str) -> bool:
    """Whether a quoted cell is still open at the end: the lenient reader would close it silently."""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), strict=True):
            pass
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def csv_columns(text: str) -> frozenset[str]:
    """The entry fields a CSV file gives: the columns its first row names."""
    first = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")), [])
    return frozenset(h.strip().lower() for h in first)


def _entry_from_row(
    row: dict[str, str], number: int, problems: Problems, skills: set[str], kpis: set[str]
) -> Entry | None:
    where = f"row {number}"
    local = Problems()
    data: dict[str, Any] = {}
    for column, cell in row.items():
        cell = restore(cell.strip())
        kind = _COLUMN_KIND.get(column)
        if column in _CHILDREN:
            items = [part.strip() for part in cell.split(SEPARATOR) if part.strip()]
            data[column] = [_split_item(column, item, index(column, i), local) for i, item in enumerate(items)]
        elif column == "id":
            data[column] = _whole_number(cell, column, local)
        elif kind == "flag":
            data[column] = _yes_no(cell, column, local)
        elif kind in ("date", "stamp") or column == "kind":
            data[column] = cell or None
        else:
            data[column] = cell
    unreadable = {path for path, _ in local.items}
    entry = _entry_from_data(data, "", local, skills, kpis)
    for path, message in local.items:
        if path in unreadable and message.startswith("expected a mapping"):
            continue  # already told how to write the item
        problems.add(*_cell_place(where, path, message, row))
    return None if local else entry


def _cell_place(where: str, path: str, message: str, row: dict[str, str]) -> tuple[str, str]:
    """``kpis[1].actual`` becomes ``row 4, column kpis`` and ``item 2 (actual): …``."""
    match = _PATH.match(path)
    if not match:
        return where, message
    column, item, field = match.group("column", "item", "field")
    place = f"{where}, column {column}"
    if item is None:
        return place, message
    cells = [p.strip() for p in row.get(column, "").split(SEPARATOR) if p.strip()]
    number = int(item)
    shown = f"{cells[number]!r}" if number < len(cells) else f"item {number + 1}"
    detail = f" {field}" if field else ""
    return place, f"{shown}{detail}: {message}" if detail else f"{shown}: {message}"


def _split_item(column: str, text: str, path: str, problems: Problems) -> Any:
    """Unpack one ``;``-separated item into the entry shape so problems name its field."""
    if column == "skills":
        return skill_fields(text)
    if column == "kpis":
        if "=" not in text:
            return text  # the entry reader explains the KPI form
        try:
            return kpi_fields(text)
        except InvalidValue as error:
            problems.add(path, str(error))
            return None
    if column == "measurements":
        head, sep, value = text.partition("=")
        slug, at, date = head.partition("@")
        if not sep or not at:
            problems.add(path, f"{text!r} is not a measurement; write it as KPI@DATE=VALUE, e.g. adoption-rate@2024-03=12%")
            return None
        return {"kpi": slug.strip(), "date": date.strip(), "value": value.strip()}
    return text


def _whole_number(cell: str, column: str, problems: Problems) -> int | None:
    if not cell:
        return None
    try:
        return int(cell)
    except ValueError:
        problems.add(column, f"{cell!r} is not a whole number")
        return None


def _yes_no(cell: str, column: str, problems: Problems) -> bool:
    if cell.lower() in _TRUE:
        return True
    if cell.lower() not in _FALSE:
        problems.add(column, f"{cell!r} is not true or false")
    return False


__all__ = ["CSV_COLUMNS", "FORMULA_STARTS", "csv_columns", "defuse", "restore", "entries_from_csv", "entries_to_csv"]


# How a list item is written in its cell: the short form of the ``add`` option.
_ITEM_TEXT: dict[type, Any] = {
    SkillEvidence: SkillEvidence.to_text,
    KpiResult: _kpi_text,
    Measurement: _measurement_text,
    Link: _link_item_text,
}

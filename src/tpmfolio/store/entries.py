"""Entries in and out of their tables, described by the model's fields.

The ``entries`` table has one column per field :data:`~tpmfolio.models.ENTRY_COLUMNS`
names, and each list field has a child table
(:data:`~tpmfolio.models.ENTRY_CHILDREN`) whose rows are its items'
``to_row()``: nothing here lists an entry's fields by hand. Entries are read
back through the model's own constructors, so a loaded entry is validated
like any other.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

import attrs
from sqlite_utils import Database

from ..dates import first_day, last_day
from ..errors import EntryNotFound
from ..models import ENTRY_CHILDREN, ENTRY_COLUMNS, Entry, Measurement

# Translations are kept one row per language and field (see migration m004).
TRANSLATIONS_TABLE = "entry_translations"
CHILD_TABLES = (*(child.table for child in ENTRY_CHILDREN.values()), TRANSLATIONS_TABLE)
_SELECT_ENTRIES = "SELECT " + ", ".join(ENTRY_COLUMNS) + " FROM entries"
# Fields read from tables of their own: the list fields and the translations.
_ITEM_FIELDS = (*ENTRY_CHILDREN, "translations")
_ENTRY_ID = itemgetter(0)
# Enough ids per IN (...) to keep queries few, below SQLite's variable limit.
_CHUNK = 500


def date_keys(entry: Entry) -> dict[str, str]:
    """Full ISO days that order and filter entries whatever precision was typed.

    ``sort_key`` is the last day the work can have run (ongoing work sorts as
    the far future, undated entries last); ``start_key`` the first day.
    """
    if entry.ended:
        end = last_day(entry.ended).isoformat()
    elif entry.started:
        end = "9999-12-31"
    else:
        end = ""
    start = first_day(entry.started).isoformat() if entry.started else (first_day(entry.ended).isoformat() if entry.ended else "")
    return {"sort_key": end, "start_key": start}


# --- writing --------------------------------------------------------------------


def insert_entry(db: Database, entry: Entry) -> int:
    """Insert with ``entry.id`` when it has one (imports keep their ids), else a new id."""
    return insert_entries(db, [entry])[0]


def insert_entries(db: Database, entries: Iterable[Entry]) -> list[int]:
    """Insert many entries; child rows go in with one statement per table for the whole batch."""
    children: dict[str, list[dict[str, Any]]] = {table: [] for table in CHILD_TABLES}
    ids = []
    for entry in entries:
        row = entry.to_row()
        row.update(date_keys(entry))
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = db.conn.execute(f"INSERT INTO entries ({columns}) VALUES ({marks})", list(row.values()))
        entry_id = int(cursor.lastrowid)  # type: ignore[arg-type]
        ids.append(entry_id)
        for table, rows in _child_rows(entry_id, entry).items():
            children[table].extend(rows)
    for table, rows in children.items():
        _insert_rows(db, table, rows)
    return ids


def update_entry(db: Database, entry: Entry) -> None:
    row = entry.to_row()
    entry_id = row.pop("id")
    row.update(date_keys(entry))
    assignments = ", ".join(f"{column} = ?" for column in row)
    cursor = db.execute(f"UPDATE entries SET {assignments} WHERE id = ?", [*row.values(), entry_id])
    if cursor.rowcount == 0:
        raise EntryNotFound(entry_id)
    for table in CHILD_TABLES:
        db.execute(f"DELETE FROM {table} WHERE entry_id = ?", [entry_id])
    for table, rows in _child_rows(entry_id, entry).items():
        _insert_rows(db, table, rows)


def delete_entry(db: Database, entry_id: int) -> None:
    db.execute("DELETE FROM entries WHERE id = ?", [entry_id])


def insert_measurement(db: Database, entry_id: int, measurement: Measurement) -> None:
    _insert_rows(db, ENTRY_CHILDREN["measurements"].table, [{"entry_id": entry_id, **measurement.to_row()}])


def _child_rows(entry_id: int, entry: Entry) -> dict[str, list[dict[str, Any]]]:
    """Each child table's rows for one entry: the items' own rows, keyed to the entry and ordered."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, child in ENTRY_CHILDREN.items():
        rows = tables[child.table] = []
        for position, item in enumerate(getattr(entry, name)):
            row: dict[str, Any] = {"entry_id": entry_id}
            if child.ordered:
                row["position"] = position
            row.update(item.to_row() if child.model is not None else {child.column: item})
            rows.append(row)
    tables[TRANSLATIONS_TABLE] = [{"entry_id": entry_id, **t.to_row()} for t in entry.translations.rows()]
    return tables


def _insert_rows(db: Database, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])


# --- finding --------------------------------------------------------------------


def find_entry_id(db: Database, ref: int | str) -> int:
    """Resolve an id (``12``, ``"12"``) or a uid to the entry's id."""
    text = str(ref).strip()
    if text.isascii() and text.isdigit():  # "²" is a digit to str.isdigit, not to int()
        number = int(text)
        # SQLite cannot even be asked about a number past its 64-bit integers: no entry has it.
        row = db.execute("SELECT id FROM entries WHERE id = ?", [number]).fetchone() if number < 2**63 else None
    else:
        row = db.execute("SELECT id FROM entries WHERE uid = ?", [text]).fetchone()
    if row is None:
        raise EntryNotFound(ref)
    return int(row[0])


def entry_ids_by_uid(db: Database, uids: Sequence[str]) -> dict[str, int]:
    """uid → id of the stored entries among ``uids``, in a few queries rather than one per uid."""
    found: dict[str, int] = {}
    unique = list(dict.fromkeys(uids))
    for chunk in _chunks(unique, _CHUNK):
        marks = ", ".join("?" for _ in chunk)
        found.update(db.conn.execute(f"SELECT uid, id FROM entries WHERE uid IN ({marks})", chunk).fetchall())
    return found


def count_entries(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM entries").fetchone()[0])


# --- reading --------------------------------------------------------------------


def load_entries(db: Database, ids: Sequence[int]) -> list[Entry]:
    """Entries in the order of ``ids``, each with all its child rows.

    Children are fetched with one query per table for each batch of ids, not
    one per entry, so listing many entries stays a handful of queries.
    """
    rows: dict[int, dict[str, Any]] = {}
    items: dict[str, dict[int, list[Any]]] = {name: {} for name in _ITEM_FIELDS}
    for chunk in _chunks(list(ids), _CHUNK):
        marks = ", ".join("?" for _ in chunk)
        for row in _rows(db, f"{_SELECT_ENTRIES} WHERE id IN ({marks})", chunk):
            rows[row["id"]] = row
        _read_children(db, f"WHERE entry_id IN ({marks})", chunk, items)
    return _entries([rows[i] for i in ids if i in rows], items)


def load_all_entries(db: Database, *, include_confidential: bool = True, by_id: bool = False) -> list[Entry]:
    """Every entry, most recent first (``by_id``: in id order), with all its child rows.

    One query per table instead of batches of ids, since every row is
    wanted. Built by the same constructors as :func:`load_entries`, with
    their converters; the rows were validated when written, so the
    validators are switched off for this bulk load (attrs'
    ``validators.disabled``): tailoring 10,000 entries spent a sixth of
    its load time re-checking them.
    """
    where = "" if include_confidential else " WHERE confidential = 0"
    order = " ORDER BY id" if by_id else " ORDER BY sort_key DESC, id DESC"
    items: dict[str, dict[int, list[Any]]] = {name: {} for name in _ITEM_FIELDS}
    with collector_paused(), attrs.validators.disabled():
        rows = list(_rows(db, _SELECT_ENTRIES + where + order))
        children_where = "" if include_confidential else "WHERE entry_id IN (SELECT id FROM entries WHERE confidential = 0)"
        _read_children(db, children_where, [], items)
        return _entries(rows, items)


def _read_children(db: Database, where: str, params: Sequence[Any], items: dict[str, dict[int, list[Any]]]) -> None:
    """Each list field's items, grouped by entry: a child table has a column per field of its model.

    Rows are read as tuples straight into the model's constructor: at
    10,000 entries, a dictionary per child row was a fifth of the load.
    """
    for name, child in ENTRY_CHILDREN.items():
        grouped = items[name]
        columns = [a.name for a in attrs.fields(child.model)] if child.model is not None else [child.column]
        sql = f"SELECT entry_id, {', '.join(columns)} FROM {child.table} {where} ORDER BY entry_id, {child.order_by}"
        # Ordered by entry: each entry's rows come together, one list built per entry.
        cursor = db.conn.execute(sql, params)
        if child.model is None:
            for entry_id, rows in groupby(cursor, _ENTRY_ID):
                grouped[entry_id] = [row[1] for row in rows]
            continue
        build = child.model
        for entry_id, rows in groupby(cursor, _ENTRY_ID):
            grouped[entry_id] = [build(*row[1:]) for row in rows]
    grouped = items["translations"]
    sql = f"SELECT entry_id, lang, field, text FROM {TRANSLATIONS_TABLE} {where} ORDER BY entry_id, lang"
    for entry_id, *values in db.conn.execute(sql, params):
        grouped.setdefault(entry_id, []).append(values)


def _rows(db: Database, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
    """Rows as dictionaries, zipped in C: sqlite-utils' ``query`` builds each in Python."""
    cursor = db.conn.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return (dict(zip(columns, row)) for row in cursor)


def _entries(rows: Iterable[dict[str, Any]], items: dict[str, dict[int, list[Any]]]) -> list[Entry]:
    empty: tuple[Any, ...] = ()
    groups = list(items.items())
    return [Entry.from_row(row, **{name: grouped.get(row["id"], empty) for name, grouped in groups}) for row in rows]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while bulk work builds objects that all stay alive.

    None of them form cycles, yet every few hundred allocations the collector
    would walk all of them again: loading 100,000 entries took seconds longer,
    and reading or writing a 10,000-entry YAML file (a node per scalar) took
    twice as long.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _chunks(values: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]

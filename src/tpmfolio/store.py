"""The SQLite file: opening it safely, and reading and writing rows.

This is the only module that knows the table layout. It speaks in model
objects on one side and rows on the other; rules about what a valid
portfolio is (known slugs, for instance) live in :mod:`tpmfolio.portfolio`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click
from sqlite_utils import Database

from .dates import first_day, last_day, parse_partial_date
from .errors import DatabaseError, EntryNotFound
from .migrations import migrations
from .models import (
    Entry,
    Kpi,
    KpiResult,
    Link,
    Measurement,
    Profile,
    Skill,
    SkillEvidence,
    Testimonial,
    stored_builder,
    stored_optional_quantity,
    stored_quantity,
)

APP_NAME = "tpmfolio"
BUSY_TIMEOUT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"
CHILD_TABLES = ("entry_skills", "kpi_results", "measurements", "links", "testimonials", "tags")


def default_db_path() -> Path:
    """``$TPMFOLIO_DB`` if set, else ``portfolio.db`` in the user's app directory."""
    env = os.environ.get("TPMFOLIO_DB")
    if env:
        return Path(env).expanduser()
    return Path(click.get_app_dir(APP_NAME)) / "portfolio.db"


def connect(path: str | Path) -> Database:
    """Open (creating if needed) a portfolio file and bring its schema up to date.

    Refuses files that are not SQLite, SQLite files that belong to something
    else, and files written by a newer tpmfolio, before changing a byte.
    A copy of the file is kept next to it before pending migrations run.
    """
    path = Path(path).expanduser()
    _check_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        db = Database(conn, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        _check_owner(db, path)
        if db.journal_mode != "wal":
            db.enable_wal()
        pending = migrations.pending(db)
        if pending:
            if _has_tables(db):
                backup(db, _backup_path(path))
            migrations.apply(db)
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"cannot use {path}: {error}") from None
    except OSError as error:
        raise DatabaseError(f"cannot open {path}: {error.strerror or error}") from None
    return db


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory; give the path of a .db file")
    if not path.exists():
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(f"cannot read {path}: {error.strerror or error}") from None
    if header and header != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not an SQLite database; give --db the path of a tpmfolio file")


def _has_tables(db: Database) -> bool:
    return bool(db.table_names())


def _check_owner(db: Database, path: Path) -> None:
    known = {m.name for m in migrations._migrations}
    applied = {m.name for m in migrations.applied(db)}
    unknown = applied - known
    if unknown:
        raise DatabaseError(
            f"{path} was written by a newer version of tpmfolio; upgrade with 'pip install -U tpmfolio'"
        )
    if not applied and _has_tables(db):
        raise DatabaseError(f"{path} is an SQLite database of another program, not a tpmfolio portfolio")


def _backup_path(path: Path) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.{stamp}.bak")


def backup(db: Database, target: Path) -> Path:
    """Copy the whole database, consistent even in WAL mode, to ``target``."""
    destination = sqlite3.connect(str(target))
    try:
        with destination:
            db.conn.backup(destination)
    finally:
        destination.close()
    return target


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One ``BEGIN IMMEDIATE`` transaction for a multi-table write.

    IMMEDIATE takes the write lock up front, so two processes adding at the
    same time queue on the busy timeout instead of failing with "database is
    locked" when a read lock cannot be upgraded.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        db.conn.execute("COMMIT")


# --- entries -----------------------------------------------------------------


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


def insert_entry(db: Database, entry: Entry) -> int:
    """Insert with ``entry.id`` when it has one (imports keep their ids), else a new id."""
    return insert_entries(db, [entry])[0]


def insert_entries(db: Database, entries: Iterable[Entry]) -> list[int]:
    """Insert many entries; child rows go in with one statement per table for the whole batch."""
    children: dict[str, list[tuple[Any, ...]]] = {table: [] for table in CHILD_SQL}
    ids = []
    for entry in entries:
        row = entry.to_row()
        row.update(date_keys(entry))
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = db.conn.execute(f"INSERT INTO entries ({columns}) VALUES ({marks})", list(row.values()))
        entry_id = int(cursor.lastrowid)
        ids.append(entry_id)
        for table, rows in _child_rows(entry_id, entry).items():
            children[table].extend(rows)
    for table, rows in children.items():
        if rows:
            db.conn.executemany(CHILD_SQL[table], rows)
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
    _insert_children(db, entry_id, entry)


def delete_entry(db: Database, entry_id: int) -> None:
    db.execute("DELETE FROM entries WHERE id = ?", [entry_id])


CHILD_SQL = {
    "entry_skills": "INSERT INTO entry_skills (entry_id, skill, level, note, position) VALUES (?, ?, ?, ?, ?)",
    "kpi_results": "INSERT INTO kpi_results (entry_id, kpi, position, actual, actual_number, baseline, target,"
    " as_of, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "measurements": "INSERT INTO measurements (entry_id, kpi, date, value, value_number) VALUES (?, ?, ?, ?, ?)",
    "links": "INSERT INTO links (entry_id, position, url, label) VALUES (?, ?, ?, ?)",
    "testimonials": "INSERT INTO testimonials (entry_id, position, quote, author, author_role) VALUES (?, ?, ?, ?, ?)",
    "tags": "INSERT INTO tags (entry_id, tag, position) VALUES (?, ?, ?)",
}


def _child_rows(entry_id: int, entry: Entry) -> dict[str, list[tuple[Any, ...]]]:
    kpi_rows = []
    for position, result in enumerate(entry.kpis):
        row = result.to_row()
        kpi_rows.append(
            (entry_id, row["kpi"], position, row["actual"], row["actual_number"], row["baseline"],
             row["target"], row["as_of"], row["note"])
        )
    return {
        "entry_skills": [(entry_id, s.skill, s.level, s.note, i) for i, s in enumerate(entry.skills)],
        "kpi_results": kpi_rows,
        "measurements": [(entry_id, m.kpi, m.date, str(m.value), float(m.value.number)) for m in entry.measurements],
        "links": [(entry_id, i, link.url, link.label) for i, link in enumerate(entry.links)],
        "testimonials": [(entry_id, i, t.quote, t.author, t.author_role) for i, t in enumerate(entry.testimonials)],
        "tags": [(entry_id, tag, i) for i, tag in enumerate(entry.tags)],
    }


def _insert_children(db: Database, entry_id: int, entry: Entry) -> None:
    for table, rows in _child_rows(entry_id, entry).items():
        if rows:
            db.conn.executemany(CHILD_SQL[table], rows)


def insert_measurement(db: Database, entry_id: int, measurement: Measurement) -> None:
    row = measurement.to_row()
    db.execute(
        "INSERT INTO measurements (entry_id, kpi, date, value, value_number) VALUES (?, ?, ?, ?, ?)",
        [entry_id, row["kpi"], row["date"], row["value"], row["value_number"]],
    )


def find_entry_id(db: Database, ref: int | str) -> int:
    """Resolve an id (``12``, ``"12"``) or a uid to the entry's id."""
    text = str(ref).strip()
    if text.isdigit():
        row = db.execute("SELECT id FROM entries WHERE id = ?", [int(text)]).fetchone()
    else:
        row = db.execute("SELECT id FROM entries WHERE uid = ?", [text]).fetchone()
    if row is None:
        raise EntryNotFound(ref)
    return int(row[0])


def entry_ids_by_uid(db: Database, uids: Sequence[str]) -> dict[str, int]:
    """uid → id of the stored entries among ``uids``, in a few queries rather than one per uid."""
    found: dict[str, int] = {}
    unique = list(dict.fromkeys(uids))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(db.conn.execute(f"SELECT uid, id FROM entries WHERE uid IN ({marks})", chunk).fetchall())
    return found


def load_entries(db: Database, ids: Sequence[int], *, checked: bool = True) -> list[Entry]:
    """Entries in the order of ``ids``, each with all its child rows.

    Children are fetched with one query per table for the whole batch, not
    one per entry, so listing many entries stays a handful of queries.
    ``checked=False`` trusts the rows (they were validated when written) and
    skips converting and validating them again: for analysing or exporting
    the whole portfolio, where that work would dominate.
    """
    if not ids:
        return []
    rows: dict[int, dict[str, Any]] = {}
    children: dict[str, dict[int, list[dict[str, Any]]]] = {t: {} for t in CHILD_TABLES}
    for chunk in _chunks(list(ids), 500):
        marks = ", ".join("?" for _ in chunk)
        for row in db.query(f"SELECT * FROM entries WHERE id IN ({marks})", chunk):
            del row["sort_key"], row["start_key"]
            rows[row["id"]] = row
        for table in CHILD_TABLES:
            order = "entry_id, date, id" if table == "measurements" else "entry_id, position"
            for row in db.query(f"SELECT * FROM {table} WHERE entry_id IN ({marks}) ORDER BY {order}", chunk):
                children[table].setdefault(row["entry_id"], []).append(row)
    if not checked:
        return _trusted_entries(ids, rows, children)
    entries = []
    for entry_id in ids:
        row = rows.get(entry_id)
        if row is None:
            continue
        entries.append(
            Entry.from_row(
                row,
                skills=[SkillEvidence.from_row(r) for r in children["entry_skills"].get(entry_id, [])],
                kpis=[KpiResult.from_row(r) for r in children["kpi_results"].get(entry_id, [])],
                measurements=[Measurement.from_row(r) for r in children["measurements"].get(entry_id, [])],
                links=[Link.from_row(r) for r in children["links"].get(entry_id, [])],
                testimonials=[Testimonial.from_row(r) for r in children["testimonials"].get(entry_id, [])],
                tags=[r["tag"] for r in children["tags"].get(entry_id, [])],
            )
        )
    return entries


def _trusted_entries(
    ids: Sequence[int], rows: dict[int, dict[str, Any]], children: dict[str, dict[int, list[dict[str, Any]]]]
) -> list[Entry]:
    empty: list[dict[str, Any]] = []
    skills, kpis, measurements = children["entry_skills"], children["kpi_results"], children["measurements"]
    links, testimonials, tags = children["links"], children["testimonials"], children["tags"]
    entries = []
    for entry_id in ids:
        row = rows.get(entry_id)
        if row is None:
            continue
        entries.append(
            Entry.from_stored_row(
                row,
                skills=[SkillEvidence.from_stored_row(r) for r in skills.get(entry_id, empty)],
                kpis=[KpiResult.from_stored_row(r) for r in kpis.get(entry_id, empty)],
                measurements=[Measurement.from_stored_row(r) for r in measurements.get(entry_id, empty)],
                links=[Link.from_stored_row(r) for r in links.get(entry_id, empty)],
                testimonials=[Testimonial.from_stored_row(r) for r in testimonials.get(entry_id, empty)],
                tags=[r["tag"] for r in tags.get(entry_id, empty)],
            )
        )
    return entries


ENTRY_COLUMNS = (
    "id", "uid", "title", "kind", "started", "ended", "organization", "role", "summary", "situation",
    "task", "action", "result", "confidential", "created", "updated",
)
# What outline entries read of a row; the other text columns are most of
# the file and would only be thrown away.
OUTLINE_COLUMNS = ("id", "uid", "title", "kind", "started", "ended", "result", "confidential", "created", "updated")
_OUTLINE_BLANK = ("organization", "role", "summary", "situation", "task", "action")
_CHILD_QUERIES = {
    "entry_skills": "SELECT entry_id, skill, level, note FROM entry_skills ORDER BY entry_id, position",
    "kpi_results": "SELECT entry_id, kpi, actual, baseline, target, nullif(as_of, ''), ifnull(note, '')"
    " FROM kpi_results ORDER BY entry_id, position",
    "measurements": "SELECT entry_id, kpi, date, value FROM measurements ORDER BY entry_id, date, id",
    "links": "SELECT entry_id, url, ifnull(label, '') FROM links ORDER BY entry_id, position",
    "testimonials": "SELECT entry_id, quote, ifnull(author, ''), ifnull(author_role, '')"
    " FROM testimonials ORDER BY entry_id, position",
    "tags": "SELECT entry_id, tag FROM tags ORDER BY entry_id, position",
}
_CHILD_FIELDS = {
    "entry_skills": ("skill", "level", "note"),
    "kpi_results": ("kpi", "actual", "baseline", "target", "as_of", "note"),
    "measurements": ("kpi", "date", "value"),
    "links": ("url", "label"),
    "testimonials": ("quote", "author", "author_role"),
}
_CHILD_MODELS = {
    "entry_skills": SkillEvidence, "kpi_results": KpiResult, "measurements": Measurement,
    "links": Link, "testimonials": Testimonial,
}
_ENTRY_FIELDS = (*ENTRY_COLUMNS, "skills", "kpis", "measurements", "links", "testimonials", "tags", "decisions", "lessons")


@functools.cache
def _builders() -> dict[str, Callable[..., Any]]:
    # Made on first bulk load, not at import: ``tpmfolio add`` never needs them.
    builders = {table: stored_builder(model, _CHILD_FIELDS[table]) for table, model in _CHILD_MODELS.items()}
    builders["entries"] = stored_builder(Entry, _ENTRY_FIELDS)
    return builders


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


def load_all_entries(
    db: Database, *, include_confidential: bool = True, outline: bool = False, by_id: bool = False
) -> list[Entry]:
    """Every entry, most recent first (``by_id``: in id order), trusted like ``load_entries(checked=False)``.

    One query per table instead of batches of ids, since every row is wanted,
    and rows are read as tuples straight into the model objects: at ten
    thousand entries, dictionaries per row were a third of the time.
    ``outline=True`` loads only id, uid, title, kind, dates, result,
    confidential, skills and KPI results: the other text fields come back
    empty and measurements, links, testimonials and tags are not loaded, so
    never show or save an outline entry.
    """
    columns = OUTLINE_COLUMNS if outline else ENTRY_COLUMNS
    selected = ", ".join(
        "nullif(started, '')" if c == "started" else "nullif(ended, '')" if c == "ended" else c for c in columns
    )
    sql = f"SELECT {selected} FROM entries"
    if not include_confidential:
        sql += " WHERE confidential = 0"
    sql += " ORDER BY id" if by_id else " ORDER BY sort_key DESC, id DESC"
    tables = ("entry_skills", "kpi_results") if outline else CHILD_TABLES
    conn = db.conn
    builders = _builders()
    with collector_paused():
        rows = conn.execute(sql).fetchall()
        wanted = {row[0] for row in rows} if not include_confidential else None
        children: dict[str, dict[int, list[Any]]] = {t: {} for t in CHILD_TABLES}
        for table in tables:
            grouped = children[table]
            cursor = conn.execute(_CHILD_QUERIES[table])
            if table == "tags":
                for entry_id, tag in cursor:
                    grouped.setdefault(entry_id, []).append(tag)
                continue
            build = builders[table]
            if table == "kpi_results":
                quantity, optional = stored_quantity, stored_optional_quantity
                for entry_id, kpi, actual, baseline, target, as_of, note in cursor:
                    grouped.setdefault(entry_id, []).append(
                        build(kpi, quantity(actual), optional(baseline), optional(target), as_of, note)
                    )
            elif table == "measurements":
                quantity = stored_quantity
                for entry_id, kpi, date, value in cursor:
                    grouped.setdefault(entry_id, []).append(build(kpi, date, quantity(value)))
            else:
                for entry_id, *values in cursor:
                    grouped.setdefault(entry_id, []).append(build(*values))
            if wanted is not None:
                for entry_id in [e for e in grouped if e not in wanted]:
                    del grouped[entry_id]
        return _build_entries(rows, columns, children, builders["entries"])


def _build_entries(
    rows: list[tuple[Any, ...]], columns: Sequence[str], children: dict[str, dict[int, list[Any]]], build: Callable[..., Any]
) -> list[Entry]:
    skills, kpis, measurements = children["entry_skills"], children["kpi_results"], children["measurements"]
    links, testimonials, tags = children["links"], children["testimonials"], children["tags"]
    get_skills, get_kpis, get_measurements = skills.get, kpis.get, measurements.get
    get_links, get_testimonials, get_tags = links.get, testimonials.get, tags.get
    empty = ()
    entries = []
    append = entries.append
    if columns == ENTRY_COLUMNS:
        for (entry_id, uid, title, kind, started, ended, organization, role, summary, situation, task, action,
             result, confidential, created, updated) in rows:
            append(build(
                entry_id, uid, title, kind, started, ended, organization, role, summary, situation, task, action,
                result, bool(confidential), created, updated,
                tuple(get_skills(entry_id, empty)), tuple(get_kpis(entry_id, empty)),
                tuple(get_measurements(entry_id, empty)), tuple(get_links(entry_id, empty)),
                tuple(get_testimonials(entry_id, empty)), tuple(get_tags(entry_id, empty)), "", "",
            ))
        return entries
    for entry_id, uid, title, kind, started, ended, result, confidential, created, updated in rows:
        append(build(
            entry_id, uid, title, kind, started, ended, "", "", "", "", "", "", result, bool(confidential),
            created, updated, tuple(get_skills(entry_id, empty)), tuple(get_kpis(entry_id, empty)),
            empty, empty, empty, empty, "", "",
        ))
    return entries


def evidence_tally(db: Database, business_kpis: Iterable[str]) -> dict[str, Any]:
    """What the gap analysis reads of every entry, counted by SQLite instead of loaded.

    The keys are :class:`tpmfolio.analysis.EvidenceTally`'s fields, as plain
    rows: a portfolio of 100,000 entries is analysed without building
    100,000 entries. ``business_kpis`` are the slugs whose results make a
    project count for the plan.
    """
    conn = db.conn
    business = sorted(set(business_kpis))
    marks = ", ".join("?" for _ in business)
    skill_rows = conn.execute(
        "SELECT s.skill, nullif(e.ended, ''), ifnull(e.started, '') <> '' AND ifnull(e.ended, '') = '',"
        " count(*), max(s.level)"
        " FROM entry_skills s JOIN entries e ON e.id = s.entry_id GROUP BY 1, 2, 3"
    ).fetchall()
    kpi_rows = conn.execute(
        "SELECT kpi, count(*) FROM kpi_results WHERE entry_id IN (SELECT id FROM entries) GROUP BY kpi"
    ).fetchall()
    kind_rows = conn.execute(
        "SELECT kind, EXISTS (SELECT 1 FROM kpi_results k WHERE k.entry_id = e.id"
        f" AND k.kpi IN ({marks})), count(*) FROM entries e GROUP BY 1, 2",
        business,
    ).fetchall()
    return {
        "total_entries": count_entries(db),
        "skills": tuple((skill, ended, bool(running), n, level) for skill, ended, running, n, level in skill_rows),
        "kpi_results": dict(kpi_rows),
        "kinds": tuple((kind, bool(moved), n) for kind, moved, n in kind_rows),
        "without_kpi": tuple(conn.execute(
            "SELECT id, title FROM entries WHERE id NOT IN (SELECT entry_id FROM kpi_results) ORDER BY id"
        )),
        "without_result": tuple(conn.execute(
            "SELECT id, title FROM entries WHERE ifnull(result, '') = '' ORDER BY id"
        )),
    }


def _chunks(values: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def query_entry_ids(
    db: Database,
    *,
    skill: str | None = None,
    kpi: str | None = None,
    kind: str | None = None,
    tag: str | None = None,
    since: str | None = None,
    until: str | None = None,
    text: str | None = None,
    limit: int | None = None,
    include_confidential: bool = True,
) -> list[int]:
    """Ids of the entries matching every given filter, most recent first.

    ``since``/``until`` keep entries that overlap the period: ended (or still
    going) on or after ``since``, started on or before ``until``.
    """
    where: list[str] = []
    params: list[Any] = []
    if skill:
        where.append("id IN (SELECT entry_id FROM entry_skills WHERE skill = ?)")
        params.append(skill)
    if kpi:
        where.append("id IN (SELECT entry_id FROM kpi_results WHERE kpi = ?)")
        params.append(kpi)
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if tag:
        where.append("id IN (SELECT entry_id FROM tags WHERE tag = ?)")
        params.append(tag.strip().lower())
    if since:
        where.append("sort_key >= ?")
        params.append(first_day(parse_partial_date(since, "--since")).isoformat())
    if until:
        where.append("start_key <= ?")
        params.append(last_day(parse_partial_date(until, "--until")).isoformat())
    if text:
        where.append("id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)")
        params.append(fts_query(text))
    if not include_confidential:
        where.append("confidential = 0")
    sql = "SELECT id FROM entries"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY sort_key DESC, id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return [row[0] for row in db.execute(sql, params).fetchall()]


def fts_query(text: str) -> str:
    """Turn what a person typed into a safe FTS5 query: every word, as a phrase.

    Raw FTS5 syntax (quotes, NEAR, column filters) would turn a stray
    character into a syntax error, so each word is quoted and they are ORed
    only when ``any_word`` is asked for by the caller.
    """
    words = [w for w in _words(text) if w]
    return " ".join(f'"{w}"' for w in words) or '""'


def fts_any_query(text: str) -> str:
    words = sorted({w for w in _words(text) if w})
    return " OR ".join(f'"{w}"' for w in words) or '""'


def _words(text: str) -> list[str]:
    cleaned = "".join(ch if ch.isalnum() else " " for ch in str(text))
    return cleaned.split()


def search_ids(db: Database, query: str, *, limit: int | None = None, include_confidential: bool = True) -> list[int]:
    """Ids ranked by FTS5 bm25 (best first) for entries containing every word."""
    sql = (
        "SELECT entries.id FROM entries_fts JOIN entries ON entries.id = entries_fts.rowid"
        " WHERE entries_fts MATCH ?"
    )
    if not include_confidential:
        sql += " AND entries.confidential = 0"
    sql += " ORDER BY bm25(entries_fts), entries.id"
    params: list[Any] = [fts_query(query)]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return [row[0] for row in db.execute(sql, params).fetchall()]


def bm25_scores(db: Database, text: str) -> dict[int, float]:
    """bm25 of every entry matching any word of ``text`` (negative: lower is better)."""
    sql = "SELECT rowid, bm25(entries_fts) FROM entries_fts WHERE entries_fts MATCH ?"
    return {int(r[0]): float(r[1]) for r in db.execute(sql, [fts_any_query(text)]).fetchall()}


def count_entries(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM entries").fetchone()[0])


def all_entry_ids(db: Database, *, include_confidential: bool = True) -> list[int]:
    return query_entry_ids(db, include_confidential=include_confidential)


# --- catalog and profile ---------------------------------------------------------


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
    return int(db.execute(f"INSERT INTO applications ({columns}) VALUES ({marks})", list(row.values())).lastrowid)


def load_applications(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM applications ORDER BY id DESC"))

"""Which entries: filters, full-text search and the counts the gap analysis reads.

Everything here answers with ids, scores or counts computed by SQLite, so a
portfolio of 100,000 entries is filtered, searched and analysed without
building its entries.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

import attrs
from sqlite_utils import Database

from ..dates import first_day, last_day, parse_partial_date
from .beside import read_beside
from .entries import count_entries


@attrs.frozen
class EntryFilter:
    """Which entries to list: each filter given must hold, None leaves it out.

    ``since``/``until`` keep entries that overlap the period: ended (or still
    going) on or after ``since``, started on or before ``until``. ``text``
    keeps entries containing every word of it.
    """

    skill: str | None = None
    kpi: str | None = None
    kind: str | None = None
    tag: str | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None


def query_entry_ids(
    db: Database, filters: EntryFilter = EntryFilter(), *, limit: int | None = None, include_confidential: bool = True
) -> list[int]:
    """Ids of the entries matching every filter of ``filters``, most recent first."""
    where: list[str] = []
    params: list[Any] = []
    if filters.skill:
        where.append("id IN (SELECT entry_id FROM entry_skills WHERE skill = ?)")
        params.append(filters.skill)
    if filters.kpi:
        where.append("id IN (SELECT entry_id FROM kpi_results WHERE kpi = ?)")
        params.append(filters.kpi)
    if filters.kind:
        where.append("kind = ?")
        params.append(filters.kind)
    if filters.tag:
        where.append("id IN (SELECT entry_id FROM tags WHERE tag = ?)")
        params.append(filters.tag.strip().lower())
    if filters.since:
        where.append("sort_key >= ?")
        params.append(first_day(parse_partial_date(filters.since, "since")).isoformat())
    if filters.until:
        where.append("start_key <= ?")
        params.append(last_day(parse_partial_date(filters.until, "until")).isoformat())
    if filters.text:
        where.append("id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)")
        params.append(fts_query(filters.text))
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
    return _bm25_scores(db.conn, text)


def start_bm25_scores(db: Database, text: str) -> Callable[[], dict[int, float]]:
    """Start :func:`bm25_scores` on a second connection (:func:`.beside.read_beside`); calling the result waits for the scores.

    Tailoring 10,000 entries no longer waits 0.1 s for the search: it runs
    on another core while the entries load.
    """
    return read_beside(db, lambda conn: _bm25_scores(conn, text))


# Every score in one row, as text, for :func:`.beside.read_beside`;
# ``%!.17g`` prints a double that reads back exactly.
_BM25_IN_ONE_ROW = (
    "WITH scored AS MATERIALIZED ("
    " SELECT rowid AS id, bm25(entries_fts) AS score FROM entries_fts WHERE entries_fts MATCH ?)"
    " SELECT group_concat(printf('%d %!.17g', id, score), ' ') FROM scored"
)


def _bm25_scores(conn: sqlite3.Connection, text: str) -> dict[int, float]:
    values = (conn.execute(_BM25_IN_ONE_ROW, [fts_any_query(text)]).fetchone()[0] or "").split()
    return dict(zip(map(int, values[::2]), map(float, values[1::2])))


def untranslated_entry_ids(db: Database, lang: str) -> list[int]:
    """Ids of the entries with no field translated into ``lang``, in id order."""
    sql = "SELECT id FROM entries WHERE id NOT IN (SELECT entry_id FROM entry_translations WHERE lang = ?) ORDER BY id"
    return [row[0] for row in db.execute(sql, [lang]).fetchall()]


def all_entry_ids(db: Database, *, include_confidential: bool = True) -> list[int]:
    return query_entry_ids(db, include_confidential=include_confidential)


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
        " count(*), s.level"
        " FROM entry_skills s JOIN entries e ON e.id = s.entry_id GROUP BY 1, 2, 3, 5"
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

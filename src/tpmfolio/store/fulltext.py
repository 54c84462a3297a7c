"""Questions tailoring asks the database, answered by SQL and the FTS5 index rather than by loading entries.

``gaps --for`` over 100,000 entries must not read them all: the highest
level shown per skill, how many entries use each stem (the FTS5 index's own
vocabulary, stemmed by the same Porter algorithm as the ranking) and the few
entries that best match one requirement are enough.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from .queries import fts_any_query


def max_skill_levels(db: Database) -> dict[str, int]:
    """Each skill some entry shows, with the highest level any entry gives it."""
    return dict(db.execute("SELECT skill, MAX(level) FROM entry_skills GROUP BY skill").fetchall())


def document_frequencies(db: Database, stems: Iterable[str]) -> dict[str, int]:
    """How many entries use each stem, from the index's vocabulary (a temporary ``fts5vocab`` table)."""
    wanted = sorted(set(stems))
    if not wanted:
        return {}
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.entries_vocab USING fts5vocab(main, 'entries_fts', 'row')")
    marks = ", ".join("?" * len(wanted))
    return dict(db.execute(f"SELECT term, doc FROM temp.entries_vocab WHERE term IN ({marks})", wanted).fetchall())


def best_matches(db: Database, text: str, *, limit: int) -> list[int]:
    """Ids of the ``limit`` entries with the best bm25 for any word of ``text``."""
    sql = "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? ORDER BY bm25(entries_fts), rowid LIMIT ?"
    return [row[0] for row in db.execute(sql, [fts_any_query(text), limit]).fetchall()]


def entries_with_kpi(db: Database, slug: str, *, limit: int) -> list[int]:
    """Ids of up to ``limit`` entries with a result for the KPI ``slug``."""
    sql = "SELECT DISTINCT entry_id FROM kpi_results WHERE kpi = ? ORDER BY entry_id LIMIT ?"
    return [row[0] for row in db.execute(sql, [slug, limit]).fetchall()]


__all__ = ["best_matches", "document_frequencies", "entries_with_kpi", "max_skill_levels"]

"""The columns ranking reads, without building entries.

Ranking an entry for a posting reads its searched text, dates, skills with
levels, KPI slugs, tags and translations, nothing else: quotes, links,
measurements and KPI values wait until an entry is one of those returned
(:mod:`tpmfolio.tailor.inputs` builds the records the ranking reads).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

import attrs
from sqlite_utils import Database

from ..models import SEARCHED_FIELDS
from .entries import TRANSLATIONS_TABLE

_ENTRY_ID = itemgetter(0)


@attrs.frozen
class RankingRows:
    """Rows by entry id: ``entries`` are ``(id, started, ended, *searched text)`` in id order, searched fields in model order."""

    entries: list[Sequence[Any]]
    skills: dict[int, list[Sequence[Any]]]
    kpis: dict[int, list[Any]]
    tags: dict[int, list[Any]]
    translations: dict[int, list[Sequence[Any]]]


def ranking_rows(db: Database, *, include_confidential: bool = True) -> RankingRows:
    """What :func:`tpmfolio.tailor.inputs.stored_inputs` reads: each child table's rows in the order typed."""
    where = "" if include_confidential else " WHERE confidential = 0"
    of_entries = "" if include_confidential else " WHERE entry_id IN (SELECT id FROM entries WHERE confidential = 0)"
    conn = db.conn
    entries = conn.execute(f"SELECT id, started, ended, {', '.join(SEARCHED_FIELDS)} FROM entries{where} ORDER BY id").fetchall()
    return RankingRows(
        entries=entries,
        skills=_grouped(conn.execute(f"SELECT entry_id, skill, level FROM entry_skills{of_entries} ORDER BY entry_id, position")),
        kpis=_grouped(conn.execute(f"SELECT entry_id, kpi FROM kpi_results{of_entries} ORDER BY entry_id, position"), single=True),
        tags=_grouped(conn.execute(f"SELECT entry_id, tag FROM tags{of_entries} ORDER BY entry_id, position"), single=True),
        translations=_grouped(
            conn.execute(f"SELECT entry_id, lang, field, text FROM {TRANSLATIONS_TABLE}{of_entries} ORDER BY entry_id, lang")
        ),
    )


def _grouped(rows: Any, *, single: bool = False) -> dict[int, list[Any]]:
    """Rows ordered by entry id → the rest of each row (its one value when ``single``), grouped by entry."""
    if single:
        return {entry_id: [row[1] for row in group] for entry_id, group in groupby(rows, _ENTRY_ID)}
    return {entry_id: [row[1:] for row in group] for entry_id, group in groupby(rows, _ENTRY_ID)}


__all__ = ["RankingRows", "ranking_rows"]

"""Ranking a stored portfolio on the columns it reads gives what ranking its loaded entries gives.

``Portfolio.tailor`` scores stored entries from the columns the ranking reads
and loads only those it returns; :func:`tpmfolio.tailor.rank` scores entries
in memory. On every posting of the evaluation (the one German posting read
against entries of which some are translated), the two agree on entries,
scores and reasons. This compares two computations; it reads no labels.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from tpmfolio import Portfolio, store
from tpmfolio.tailor import rank
from tpmfolio.tailor.inputs import stored_inputs
from tpmfolio.tailor.text import search_words

from .metrics import POSTINGS
from .portfolio import ENTRIES

TODAY = dt.date(2025, 6, 1)
GERMAN = {
    3: {"title": "Agile Umstellung der Plattformgruppe", "summary": "Scrum und Retrospektiven, mit Kundeninterviews vor jeder Planung."},
    7: {"action": "Plante die Meilensteine und OKRs mit dem Onboarding-Team."},
}


@pytest.fixture(scope="module")
def folio(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("stored") / "portfolio.db"
    with Portfolio.open(path) as opened:
        with store.write_transaction(opened.db):
            for entry in ENTRIES:
                translated = attrs.evolve(entry, translations={"de": GERMAN[entry.id]}) if entry.id in GERMAN else entry
                store.insert_entry(opened.db, translated)
            # One confidential entry, which include_confidential=False leaves out of both.
            store.insert_entry(opened.db, attrs.evolve(ENTRIES[0], id=99, uid="confidential-copy", confidential=True))
        yield opened


def _expected(folio: Portfolio, posting_path: Path, *, limit: int, include_confidential: bool) -> list[tuple]:
    posting = folio.read_posting(posting_path)
    query = search_words(" ".join(r.text for r in posting.requirements))
    ranked = rank(
        store.load_all_entries(folio.db, include_confidential=include_confidential),
        posting,
        folio.skills(include_hidden=True),
        folio.kpis(include_hidden=True),
        text_scores=store.bm25_scores(folio.db, query) if query and posting.lang == "en" else None,
        today=TODAY,
        limit=limit,
    )
    return [(r.entry, r.score, r.reasons) for r in ranked]


@pytest.mark.parametrize("name", sorted(p.name for p in POSTINGS.iterdir() if p.name != "sources.yaml"))
def test_stored_ranking_equals_ranking_the_loaded_entries(folio: Portfolio, name: str) -> None:
    path = POSTINGS / name
    for limit, include_confidential in ((5, True), (3, False), (None, True)):
        actual = folio.tailor(path, limit=limit, include_confidential=include_confidential, today=TODAY)
        expected = _expected(folio, path, limit=limit or len(ENTRIES) + 1, include_confidential=include_confidential)
        assert [(r.entry, r.score, r.reasons) for r in actual] == expected, (name, limit, include_confidential)
    assert any(score > 0 for _, score, _ in expected)  # the posting does match something


def test_stored_entries_are_read_in_the_postings_language(folio: Portfolio) -> None:
    """In German, an entry's translated fields replace its own, field by field, as Entry.in_language does."""
    german = {item.id: item for item in stored_inputs(folio.db, "de-AT")}
    english = {item.id: item for item in stored_inputs(folio.db, "en")}
    assert german[3].title == "Agile Umstellung der Plattformgruppe" and "Kundeninterviews" in german[3].text
    assert english[3].title == ENTRIES[2].title and "Umstellung" not in english[3].text
    assert "Meilensteine" in german[7].text and ENTRIES[6].title == german[7].title  # only the action was translated
    assert german[1] == english[1]

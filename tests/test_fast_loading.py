"""The bulk loads behind gaps, tailor and export give exactly what loading entries by id gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlite_utils import Database

from tpmfolio import Entry, KpiResult, Measurement, Portfolio, store
from tpmfolio import Testimonial as Quote
from tpmfolio.analysis import coverage, gap_report, plan_progress

TODAY = dt.date(2025, 6, 1)
POSTING = """Technical Program Manager
Acme

Responsibilities
- Lead customer research and interviews to grow adoption and retention
- Own the pricing roadmap and report revenue to executives
- Run agile delivery and incident escalation across teams
"""


def _portfolio(path: Path) -> Portfolio:
    folio = Portfolio.open(path)
    folio.add(Entry(title="Checkout redesign", kind="project", started="2024-03", ended="2024-09",
                    summary="Customer research and interviews.", result="Adoption up.",
                    skills=["customer-focus:3", "communication:2"],
                    kpis=[KpiResult("adoption-rate", "34%", baseline="10%", target="30%", as_of="2024-09")],
                    measurements=[Measurement("adoption-rate", "2024-05", "20%")],
                    links=["Launch=https://example.com/launch"], tags=["payments", "launch"]))
    folio.add(Entry(title="Pricing course", kind="course", ended="2023", skills=["business-acumen:1"]))
    folio.add(Entry(title="Incident process", kind="tpm-task", started="2025-01", action="Ran agile escalation.",
                    skills=["process-orientation:3", "team-leadership:2"],
                    kpis=[KpiResult("cycle-time", "3 days", baseline="5 days"), KpiResult("revenue", "$1.2M")],
                    testimonials=[Quote("Calm under pressure.", "A. Lead", "Director")]))
    folio.add(Entry(title="Secret roadmap", kind="project", started="2022-02", ended="2022-08",
                    summary="Pricing roadmap for executives.", confidential=True,
                    skills=["strategic-planning:2"], kpis=[KpiResult("revenue", "€200k")]))
    folio.add(Entry(title="Undated mentorship chat", kind="mentorship", skills=["communication:1"]))
    return folio


def _checked(folio: Portfolio, *, include_confidential: bool = True) -> list[Entry]:
    ids = store.all_entry_ids(folio.db, include_confidential=include_confidential)
    return store.load_entries(folio.db, ids)


def test_bulk_load_equals_load_by_id(db_path: Path) -> None:
    """Every field of every entry is the same whichever way it was loaded."""
    with _portfolio(db_path) as folio:
        assert _checked(folio) == store.load_all_entries(folio.db)
        assert _checked(folio, include_confidential=False) == store.load_all_entries(folio.db, include_confidential=False)
        assert len(_checked(folio, include_confidential=False)) == len(_checked(folio)) - 1


def test_gap_report_from_tally_equals_full_entries(db_path: Path) -> None:
    """folio.gaps() (counted in SQL) reports exactly what gap_report says of loaded entries."""
    with _portfolio(db_path) as folio:
        expected = gap_report(_checked(folio), folio.skills(), folio.kpis(include_hidden=True), today=TODAY)
        assert expected == folio.gaps(today=TODAY)
        assert expected.to_json() == folio.gaps(today=TODAY).to_json()
        assert coverage(_checked(folio), folio.skills()) == folio.coverage()
        assert plan_progress(_checked(folio), folio.kpis(include_hidden=True)) == folio.plan_progress()


def test_ranking_from_bulk_loaded_entries_equals_entries_loaded_by_id(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """folio.tailor() ranks, scores and explains exactly as it does on entries loaded by id."""
    job = tmp_path / "job.txt"
    job.write_text(POSTING, encoding="utf-8")
    with _portfolio(db_path) as folio:
        posting = folio.read_posting(job)
        actual = folio.tailor(posting, today=TODAY)
        monkeypatch.setattr(
            store, "load_all_entries", lambda db, include_confidential=True: _checked(folio)
        )
        expected = folio.tailor(posting, today=TODAY)
        assert [r.score for r in expected if r.score > 0]  # the posting does match something
        assert [(r.entry, r.score, r.reasons, r.matches) for r in expected] == [
            (r.entry, r.score, r.reasons, r.matches) for r in actual
        ]


def test_gap_report_from_sql_tally_equals_report_from_entries_with_hidden_and_empty_cases(db_path: Path) -> None:
    """Counting in SQL agrees with the entry-by-entry report with a hidden KPI and an entry without skills."""
    with _portfolio(db_path) as folio:
        folio.add(Entry(title="Bare note", kind="other"))
        folio.hide_kpi("revenue")
        expected = gap_report(_checked(folio), folio.skills(), folio.kpis(include_hidden=True), today=TODAY)
        assert expected == folio.gaps(today=TODAY)


def test_export_order_and_entries_equal_checked_load(db_path: Path) -> None:
    """The bulk load in id order that export uses gives the entries in id order."""
    with _portfolio(db_path) as folio:
        assert sorted(_checked(folio), key=lambda e: e.id) == store.load_all_entries(folio.db, by_id=True)


def test_term_finder_equals_stem_set_intersection() -> None:
    """The fast lookup behind ranking finds exactly the wanted stems stem_set finds, ASCII or not."""
    from tpmfolio.posting import stem_set, term_finder

    texts = ["Led R&D onboarding — café roll-outs", "Customer's interviews: 3x adoption!", "ＦＵＬＬ width pricing"]
    wanted = {"onboard", "customer", "interview", "adopt", "pric", "r&d", "caf"}
    find = term_finder(wanted)
    assert [stem_set(t) & wanted for t in texts] == [find(t) for t in texts]


QUERY = "customer research pricing roadmap escalation"


def test_search_beside_the_load_gives_the_scores_of_the_search_in_line(db_path: Path) -> None:
    """The full-text scores found on a second connection in a thread are those of the caller's connection."""
    with _portfolio(db_path) as folio:
        expected = store.bm25_scores(folio.db, QUERY)
        assert len(expected) >= 3  # the query matches several entries, with different scores
        assert len(set(expected.values())) > 1
        wait = store.start_bm25_scores(folio.db, QUERY)
        assert wait() == expected


def test_search_beside_the_load_sees_changes_not_yet_committed(db_path: Path) -> None:
    """Inside a write transaction a second connection would miss the new entry: the search runs in line."""
    with _portfolio(db_path) as folio:
        with store.write_transaction(folio.db):
            new_id = store.insert_entry(folio.db, Entry(title="Pricing escalation roadmap", kind="project"))
            scores = store.start_bm25_scores(folio.db, QUERY)()
            assert new_id in scores
            assert scores == store.bm25_scores(folio.db, QUERY)


def test_search_beside_the_load_falls_back_when_the_file_cannot_be_opened_again(db_path: Path) -> None:
    """A file gone from its folder (the open connection still reads it) gives the scores, not an error."""
    with _portfolio(db_path) as folio:
        expected = store.bm25_scores(folio.db, QUERY)
        db_path.rename(db_path.with_suffix(".moved"))
        assert store.start_bm25_scores(folio.db, QUERY)() == expected


def test_search_beside_the_load_on_a_database_in_memory(db_path: Path) -> None:
    """A database with no file a second connection could open is searched on its own connection."""
    with _portfolio(db_path) as folio:
        in_memory = Database(memory=True)
        folio.db.conn.backup(in_memory.conn)
        scores = store.start_bm25_scores(in_memory, QUERY)()
        assert len(scores) >= 3
        assert scores == store.bm25_scores(folio.db, QUERY)

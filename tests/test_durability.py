"""Concurrent writers and a killed writer leave a whole, consistent file."""

import signal
import subprocess
import sys
import textwrap
import time

import pytest
import sqlite_utils

from tpmfolio import Portfolio

ADDER = textwrap.dedent(
    """
    import sys
    from tpmfolio import Entry, KpiResult, Portfolio
    path, label, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Portfolio.open(path) as folio:
        for n in range(count):
            folio.add(Entry(
                title=f"{label} entry {n}",
                summary="x" * 2000,
                skills=["customer-focus:3", "communication:2"],
                kpis=[KpiResult.parse("adoption-rate=34% baseline=10%")],
                tags=[label],
                links=["https://example.com/a", "https://example.com/b"],
            ))
            print(n, flush=True)
    """
)


def run_adder(path, label, count):
    return subprocess.Popen(
        [sys.executable, "-c", ADDER, str(path), label, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def assert_only_whole_entries(path):
    db = sqlite_utils.Database(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    entries = db["entries"].count
    assert db["entry_skills"].count == 2 * entries
    assert db["kpi_results"].count == entries
    assert db["links"].count == 2 * entries
    assert db["tags"].count == entries
    assert db.execute("SELECT count(*) FROM entries_fts").fetchone()[0] == entries
    return entries


@pytest.mark.slow
def test_two_processes_adding_at_once_lose_nothing(tmp_path):
    """Two writers of 200 entries each end with 400 entries and no 'database is locked'."""
    path = tmp_path / "portfolio.db"
    Portfolio.open(path).close()
    writers = [run_adder(path, label, 200) for label in ("first", "second")]
    outputs = [w.communicate(timeout=240) for w in writers]
    for writer, (_, stderr) in zip(writers, outputs):
        assert writer.returncode == 0, stderr
        assert "locked" not in stderr
    assert assert_only_whole_entries(path) == 400


@pytest.mark.slow
def test_a_killed_writer_leaves_only_whole_entries(tmp_path):
    """SIGKILL in the middle of adding leaves a file that passes integrity_check with whole entries only."""
    path = tmp_path / "portfolio.db"
    Portfolio.open(path).close()
    writer = run_adder(path, "killed", 100_000)
    for _ in range(50):
        line = writer.stdout.readline()
        assert line, writer.stderr.read()
    time.sleep(0.05)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    entries = assert_only_whole_entries(path)
    assert 50 <= entries < 100_000
    with Portfolio.open(path) as folio:
        assert folio.count() == entries


class _DiskFailed(Exception):
    """Stands in for whatever can break a write half-way: a full disk, a killed device."""


def test_a_fault_mid_transaction_leaves_the_file_exactly_as_before(tmp_path, monkeypatch):
    """The entry row is written, the child rows fail: everything rolls back and the file's bytes are unchanged."""
    from tpmfolio import Entry
    from tpmfolio.store import entries as stored

    path = tmp_path / "portfolio.db"
    with Portfolio.open(path) as folio:
        folio.add(Entry(title="Kept", skills=["communication:2"]))
    before = path.read_bytes()

    real_insert_rows = stored._insert_rows
    calls = []

    def failing_insert_rows(db, table, rows):
        calls.append(table)
        real_insert_rows(db, table, rows)
        if rows:
            raise _DiskFailed(table)

    monkeypatch.setattr(stored, "_insert_rows", failing_insert_rows)
    with Portfolio.open(path) as folio:
        with pytest.raises(_DiskFailed):
            folio.add(Entry(title="Lost", skills=["customer-focus:3"], tags=["x"]))
        assert calls  # the fault did strike inside the transaction
        assert not folio.db.conn.in_transaction
        assert ["Kept"] == [e.title for e in folio.entries()]
        assert [("communication",)] == folio.db.execute("SELECT skill FROM entry_skills").fetchall()
    assert before == path.read_bytes()

"""Trouble with the database file is one line that says what to do, and never harms the file.

The tests run on real files through click's CliRunner. Read-only files and
folders are made with ``chattr +i`` (the immutable flag), which the kernel
enforces even for root, so the tests prove the real thing when they run as
root; as another user ``chmod`` does the same, and where neither works the
tests are skipped rather than passing without proving anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner, Result

from tpmfolio import Entry, Portfolio
from tpmfolio.cli import cli
from tpmfolio.errors import DatabaseError, PortfolioNotFound
from tpmfolio.migrations import migrations
from tpmfolio.store import database

HERE = Path(__file__).parent
SAMPLE_JOB = HERE / "data" / "sample.job.json"


def run(db: Path, *args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    return CliRunner().invoke(
        cli, ["--db", str(db), *args], env={"TPMFOLIO_DB": str(db), **(env or {})}, input=input, catch_exceptions=False
    )


def ok(db: Path, *args: str, **kwargs) -> Result:
    result = run(db, *args, **kwargs)
    assert result.exit_code == 0, result.output
    return result


def one_line_error(result: Result, *expected: str) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert 1 == len(lines), result.stderr
    assert lines[0].startswith("Error: ")
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entry_count(path: Path) -> int:
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM entries").fetchone()[0]


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture
def folio_db(tmp_path: Path) -> Path:
    """A portfolio with two entries, closed cleanly (no -wal or -shm left)."""
    path = tmp_path / "data" / "portfolio.db"
    ok(path, "init", "--name", "Alex Example")
    ok(path, "add", "Checkout redesign", "--skill", "customer-focus:3", "--summary", "Rebuilt checkout.")
    ok(path, "add", "Pricing experiment", "--skill", "business-acumen:2")
    assert not Path(f"{path}-wal").exists()
    return path


# --- read commands never create a database -------------------------------------------------


READ_COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["show", "1"],
    ["search", "checkout"],
    ["skills"],
    ["kpis"],
    ["profile"],
    ["gaps"],
    ["gaps", "--json"],
    ["tailor", str(SAMPLE_JOB)],
    ["export"],
    ["applications"],
    ["edit", "1"],
    ["rm", "1", "--yes"],
    ["measure", "1", "roi", "5%", "--date", "2024-01"],
]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=" ".join)
def test_read_commands_never_create_a_database(tmp_path: Path, args: list[str]):
    """On a new machine a reading command says how to start, and leaves no file or folder behind."""
    path = tmp_path / "nowhere" / "portfolio.db"
    one_line_error(run(path, *args), f"No portfolio at {path}", "tpmfolio init")
    assert not path.parent.exists()


def test_render_and_a_dry_run_import_never_create_a_database(tmp_path: Path):
    """render and import --dry-run read only too."""
    path = tmp_path / "portfolio.db"
    one_line_error(run(path, "render", "-o", str(tmp_path / "out.pdf")), "No portfolio at")
    document = tmp_path / "in.json"
    document.write_text(json.dumps({"tpmfolio": 1, "entries": [{"title": "X", "kind": "project"}]}))
    one_line_error(run(path, "import", str(document), "--dry-run"), "No portfolio at")
    assert not path.exists() and not (tmp_path / "out.pdf").exists()


def test_commands_that_write_still_create_the_file(tmp_path: Path):
    """init, add and import start a portfolio where none was."""
    for args in (["init"], ["add", "First"], ["skills", "add", "sql", "--name", "SQL"]):
        path = tmp_path / args[0] / "portfolio.db"
        ok(path, *args)
        assert path.is_file()


def test_library_open_can_refuse_to_create(tmp_path: Path):
    """Portfolio.open(create=False) raises PortfolioNotFound and makes nothing."""
    with pytest.raises(PortfolioNotFound, match="No portfolio at"):
        Portfolio.open(tmp_path / "missing.db", create=False)
    assert [] == list(tmp_path.iterdir())


# --- an empty file ---------------------------------------------------------------------------


@pytest.mark.parametrize("args", [*READ_COMMANDS, ["import", "IN", "--dry-run"], ["render", "-o", "OUT"]], ids=" ".join)
def test_read_commands_leave_an_empty_file_empty(tmp_path: Path, args: list[str]):
    """A 0-byte --db is not a portfolio yet: a reading command says so and how to start, and writes nothing."""
    document = tmp_path / "in.json"
    document.write_text(json.dumps({"tpmfolio": 1, "entries": [{"title": "X", "kind": "project"}]}))
    args = [{"IN": str(document), "OUT": str(tmp_path / "out.pdf")}.get(arg, arg) for arg in args]
    path = tmp_path / "data" / "empty.db"
    path.parent.mkdir()
    path.touch()
    one_line_error(run(path, *args), f"{path} is an empty file, not a portfolio yet", "tpmfolio init")
    assert 0 == path.stat().st_size
    assert ["empty.db"] == [p.name for p in path.parent.iterdir()]  # no -wal, -shm or backup beside it
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize("args", [["init"], ["add", "First"], ["skills", "add", "sql", "--name", "SQL"]], ids=" ".join)
def test_commands_that_write_start_a_portfolio_in_an_empty_file(tmp_path: Path, args: list[str]):
    """touch portfolio.db, then add: the empty file becomes the portfolio."""
    path = tmp_path / "portfolio.db"
    path.touch()
    ok(path, *args)
    assert path.stat().st_size > 0
    ok(path, "list")


def test_library_open_without_create_refuses_an_empty_file(tmp_path: Path):
    """Portfolio.open(create=False) on a 0-byte file: PortfolioNotFound saying it is empty; create=True starts one."""
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(PortfolioNotFound, match="is empty"):
        Portfolio.open(path, create=False)
    assert 0 == path.stat().st_size
    with Portfolio.open(path) as folio:
        assert 0 == folio.count()


def test_an_empty_read_only_file_says_no_portfolio_can_start_there(tmp_path: Path, read_only):
    """add on a 0-byte file nobody may write: one line about that, not about an upgrade."""
    path = tmp_path / "empty.db"
    path.touch()
    read_only(path)
    message = one_line_error(run(path, "add", "First"), f"{path} is empty and read-only")
    assert "upgrade" not in message
    assert 0 == path.stat().st_size


def test_paths_with_uri_characters_work(tmp_path: Path):
    """The file is opened through an SQLite URI: '?', '#', '%' and spaces in the name are escaped, not parsed."""
    path = tmp_path / "we?ird#name%20 x.db"
    ok(path, "add", "Hello")
    assert "Hello" in ok(path, "list").stdout
    assert [path.name] == [p.name for p in tmp_path.iterdir() if p.suffix == ".db"]


# --- special files --------------------------------------------------------------------------


def test_a_fifo_is_refused_without_hanging(tmp_path: Path):
    """--db pointing at a named pipe: one line at once (a subprocess, so a hang fails instead of blocking)."""
    fifo = tmp_path / "portfolio.db"
    os.mkfifo(fifo)
    for args in (["list"], ["add", "Title"], ["init"]):
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "tpmfolio", "--db", str(fifo), *args],
            capture_output=True, text=True, timeout=60, env={**os.environ, "TPMFOLIO_DB": str(fifo)},
        )  # fmt: skip
        assert 1 == done.returncode, done.stderr
        assert f"Error: {fifo} is a named pipe (FIFO), not a portfolio file" in done.stderr
        assert 1 == len(done.stderr.strip().splitlines()), done.stderr
        assert time.monotonic() - started < 30


@pytest.mark.parametrize("args", [["list"], ["add", "Title"], ["init"]], ids=" ".join)
def test_devices_and_folders_are_refused(tmp_path: Path, args: list[str]):
    """/dev/null (directly or through a symlink) and a folder: one line, nothing written anywhere."""
    link = tmp_path / "null.db"
    link.symlink_to(os.devnull)
    for path, says in ((Path(os.devnull), "is a device"), (link, "is a device"), (tmp_path, "is a directory")):
        one_line_error(run(path, *args), str(path), says)
    assert {"null.db"} == {p.name for p in tmp_path.iterdir()}


# --- read-only files and folders ---------------------------------------------------------------


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Make a file or folder unwritable for this process, root included; undone after the test."""
    made: list[Path] = []

    def make(path: Path) -> None:
        if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0:
            made.append(path)
            return
        if os.geteuid() != 0:
            path.chmod(0o555 if path.is_dir() else 0o444)
            return
        pytest.skip("running as root where chattr +i is not supported: cannot make anything read-only")

    yield make
    for path in reversed(made):
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_file_can_be_read_and_refuses_writes_in_one_line(folio_db: Path, tmp_path: Path, read_only):
    """Reading works; add, rm, profile and catalog changes and imports say the file is read-only and change nothing."""
    document = tmp_path / "in.json"
    document.write_text(json.dumps({"tpmfolio": 1, "entries": [{"title": "Imported", "kind": "project"}]}))
    read_only(folio_db)
    before = digest(folio_db)
    listed = ok(folio_db, "list").stdout
    assert "Checkout redesign" in listed and "Pricing experiment" in listed
    assert "Rebuilt checkout." in ok(folio_db, "show", "1").stdout
    assert "Checkout redesign" in ok(folio_db, "search", "checkout").stdout
    assert 2 == len(json.loads(ok(folio_db, "export").stdout)["entries"])
    ok(folio_db, "gaps")
    writes = (["add", "Another"], ["rm", "1", "--yes"], ["profile", "set", "--name", "B"], ["kpis", "hide", "roi"],
              ["import", str(document)])  # fmt: skip
    for args in writes:
        message = one_line_error(run(folio_db, *args), f"{folio_db} is read-only", "nothing was changed")
        assert "writable" in message
    assert before == digest(folio_db)
    assert 2 == entry_count(folio_db)


def test_a_read_only_folder_can_be_read_and_refuses_writes_in_one_line(folio_db: Path, read_only):
    """SQLite cannot make its -wal/-shm files there: reading still works (immutable), writing says why not."""
    read_only(folio_db.parent)
    before = digest(folio_db)
    assert "Checkout redesign" in ok(folio_db, "list").stdout
    assert "Alex Example" in ok(folio_db, "profile").stdout
    one_line_error(run(folio_db, "add", "Another"), "is read-only", "nothing was changed")
    assert before == digest(folio_db)
    assert ["portfolio.db"] == sorted(p.name for p in folio_db.parent.iterdir())


def test_a_new_file_in_a_read_only_folder_is_one_line(tmp_path: Path, read_only):
    """init where no file can be created: say so."""
    folder = tmp_path / "locked"
    folder.mkdir()
    read_only(folder)
    one_line_error(run(folder / "portfolio.db", "init"), "cannot open", "writable folder")


def test_an_old_read_only_file_that_needs_an_upgrade_says_so(tmp_path: Path, read_only):
    """A file made by the first release cannot be upgraded in place when read-only: one line, file untouched."""
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before=[m.name for m in migrations._migrations][1:2])
    db.enable_wal()  # as tpmfolio leaves its files, so opening gets as far as the upgrade
    db.conn.close()
    read_only(path)
    before = digest(path)
    one_line_error(run(path, "list"), "needs an upgrade, but it is read-only")
    assert before == digest(path)
    assert [] == list(tmp_path.glob("*.bak"))  # no backup made for an upgrade that could not run


def test_a_tailored_render_of_a_read_only_file_writes_the_pdf_and_warns_in_one_line(folio_db: Path, tmp_path: Path, read_only):
    """render --for: the PDF is what was asked for; not recording the application is one warning, exit 0."""
    import pypdf

    output = tmp_path / "out" / "tailored.pdf"
    output.parent.mkdir()
    read_only(folio_db)
    before = digest(folio_db)
    result = ok(folio_db, "render", "--for", str(SAMPLE_JOB), "-o", str(output))
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    assert 1 == len(warnings), result.stderr
    assert "application was not recorded" in warnings[0] and "is read-only" in warnings[0]
    assert "Traceback" not in result.output
    text = " ".join((page.extract_text() or "") for page in pypdf.PdfReader(output).pages)
    assert "Checkout redesign" in text
    assert before == digest(folio_db)
    assert [] == json.loads(ok(folio_db, "applications", "--json").stdout)


def test_library_tailored_render_of_a_read_only_file_warns_rather_than_raises(folio_db: Path, tmp_path: Path, read_only):
    """Portfolio.render_pdf(job=...) returns the PdfInfo and issues a TpmfolioWarning about the record."""
    from tpmfolio import TpmfolioWarning

    read_only(folio_db)
    with Portfolio.open(folio_db) as folio, pytest.warns(TpmfolioWarning, match="application was not recorded"):
        info = folio.render_pdf(tmp_path / "tailored.pdf", job=SAMPLE_JOB)
        assert info.pages >= 1 and (tmp_path / "tailored.pdf").stat().st_size > 0
        assert [] == folio.applications()


def test_a_tailored_render_records_the_application_when_the_file_is_writable(folio_db: Path, tmp_path: Path):
    """The same render on a writable file warns of nothing and records it."""
    result = ok(folio_db, "render", "--for", str(SAMPLE_JOB), "-o", str(tmp_path / "tailored.pdf"))
    assert "Warning" not in result.stderr
    assert 1 == len(json.loads(ok(folio_db, "applications", "--json").stdout))


def test_library_writes_to_a_read_only_file_raise_database_error(folio_db: Path, read_only):
    """Portfolio.add on a read-only file: DatabaseError with the sentence, not sqlite3.OperationalError."""
    read_only(folio_db)
    with Portfolio.open(folio_db) as folio:
        assert 2 == folio.count()
        with pytest.raises(DatabaseError, match="is read-only"):
            folio.add(Entry(title="Another"))


# --- locks ----------------------------------------------------------------------------------


@pytest.fixture
def quick_timeout(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setenv("TPMFOLIO_BUSY_TIMEOUT", "0.2")
    return 0.2


def test_a_write_lock_held_past_the_timeout_is_one_line(folio_db: Path, quick_timeout: float):
    """Another program holds the write lock: add waits, then says who to close; reading still works."""
    holder = sqlite3.connect(folio_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO tags (entry_id, tag) VALUES (1, 'held')")
    try:
        started = time.monotonic()
        message = one_line_error(run(folio_db, "add", "Blocked"), f"{folio_db} is locked by another program")
        assert time.monotonic() - started >= quick_timeout
        assert "waited 0.2 s" in message and "TPMFOLIO_BUSY_TIMEOUT" in message
        assert "Checkout redesign" in ok(folio_db, "list").stdout  # WAL: readers are not blocked by a writer
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    ok(folio_db, "add", "Unblocked")
    assert 3 == entry_count(folio_db)
    assert "ok" == integrity(folio_db)


def test_an_exclusive_lock_blocks_even_reading_with_one_line(folio_db: Path, quick_timeout: float):
    """A program that took the file in exclusive locking mode: list says the file is locked."""
    holder = sqlite3.connect(folio_db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        one_line_error(run(folio_db, "list"), "is locked by another program")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "Checkout redesign" in ok(folio_db, "list").stdout


def test_the_busy_timeout_must_be_a_number(folio_db: Path):
    one_line_error(run(folio_db, "list", env={"TPMFOLIO_BUSY_TIMEOUT": "soon"}), "TPMFOLIO_BUSY_TIMEOUT", "'soon'")


# --- a full disk ----------------------------------------------------------------------------


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every connection tpmfolio opens may not grow the file: SQLite's SQLITE_FULL, as on a full disk."""
    original = database._open

    def capped(path: Path, mode: str, timeout: float):
        db = original(path, mode, timeout)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return db

    monkeypatch.setattr(database, "_open", capped)


def test_a_full_disk_during_import_is_one_line_and_leaves_the_file_sound(folio_db: Path, tmp_path: Path, full_disk):
    """A big import on a full disk: one line, all or nothing, integrity_check ok, the old entries intact."""
    document = tmp_path / "big.json"
    entries = [{"title": f"Imported {i}", "kind": "project", "summary": "word " * 2000} for i in range(40)]
    document.write_text(json.dumps({"tpmfolio": 1, "entries": entries}), encoding="utf-8")
    one_line_error(run(folio_db, "import", str(document)), "disk holding", "is full", "nothing was changed")
    assert 2 == entry_count(folio_db)
    assert "ok" == integrity(folio_db)


def test_a_full_disk_during_add_is_one_line_and_leaves_the_file_sound(folio_db: Path, full_disk):
    """add with a long summary on a full disk: one line; the file has what it had."""
    one_line_error(run(folio_db, "add", "Too big", "--summary", "word " * 3000), "is full")
    assert "ok" == integrity(folio_db)
    assert 2 == entry_count(folio_db)
    assert "Too big" not in run(folio_db, "list").stdout


def test_after_the_disk_is_freed_writing_works_again(folio_db: Path, monkeypatch: pytest.MonkeyPatch, full_disk):
    """The failed write left no lock or half transaction behind."""
    one_line_error(run(folio_db, "add", "Too big", "--summary", "word " * 3000), "is full")
    monkeypatch.undo()
    ok(folio_db, "add", "Fits now", "--summary", "word " * 3000)
    assert 3 == entry_count(folio_db)

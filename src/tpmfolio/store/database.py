"""Opening the SQLite file safely, keeping it sound, and saying in one line what went wrong.

Everything between a path a person typed and a usable connection lives
here: refusing what is not a portfolio file (a folder, a FIFO, /dev/null,
another program's database, a newer tpmfolio's), applying migrations with a
backup first, falling back to reading only when the file or its place
cannot be written, and turning SQLite's locked / read-only / disk-full
errors into a sentence that says what to do. Row-level reads and writes
are in the rest of :mod:`tpmfolio.store`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import click
from sqlite_utils import Database

from ..errors import DatabaseError, EmptyPortfolioFile, PortfolioNotFound
from ..migrations import migrations

APP_NAME = "tpmfolio"
BUSY_TIMEOUT_MS = 30_000
BUSY_TIMEOUT_ENV = "TPMFOLIO_BUSY_TIMEOUT"
SQLITE_HEADER = b"SQLite format 3\x00"


def default_db_path() -> Path:
    """``$TPMFOLIO_DB`` if set, else ``portfolio.db`` in the user's app directory."""
    env = os.environ.get("TPMFOLIO_DB")
    if env:
        return Path(env).expanduser()
    return Path(click.get_app_dir(APP_NAME)) / "portfolio.db"


def configured_busy_timeout() -> float:
    """Seconds to wait for another program's lock: ``$TPMFOLIO_BUSY_TIMEOUT``, else 30."""
    text = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not text:
        return BUSY_TIMEOUT_MS / 1000
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 1e6:
        raise DatabaseError(f"{BUSY_TIMEOUT_ENV} must be a number of seconds such as 30, not {text!r}")
    return seconds


def connect(path: str | Path, *, create: bool = True, busy_timeout: float | None = None) -> Database:
    """Open a portfolio file and bring its schema up to date.

    Refuses what is not a regular file (a folder, a FIFO, ``/dev/null``),
    files that are not SQLite, SQLite files that belong to something else,
    and files written by a newer tpmfolio, before changing a byte. A copy of
    the file is kept next to it before pending migrations run.

    ``create=False`` is for commands that only read: a missing file is an
    error instead of a new, empty portfolio, so a typo in ``--db`` is caught,
    and so is a 0-byte file (:class:`EmptyPortfolioFile`), which stays 0
    bytes; with ``create=True`` an empty file becomes the new portfolio.
    A file that cannot be written (read-only file, folder or disk) is opened
    read-only whatever ``create`` says: reading works, and a write fails with
    a :class:`DatabaseError` saying the file is read-only.
    ``busy_timeout`` (seconds) defaults to :func:`configured_busy_timeout`.
    """
    path = Path(path).expanduser()
    timeout = configured_busy_timeout() if busy_timeout is None else busy_timeout
    exists = _check_file(path)
    if not exists and not create:
        raise PortfolioNotFound(path)
    if exists and not create and _is_empty(path):
        raise EmptyPortfolioFile(path)
    try:
        if not exists:
            path.parent.mkdir(parents=True, exist_ok=True)
        db = _open(path, "rw" if exists else "rwc", timeout)
        try:
            _prepare(db, path)
        except sqlite3.OperationalError as error:
            db.conn.close()
            if not exists or _trouble_kind(error) not in ("read-only", "cannot-open"):
                raise
            db = _open_read_only(path, timeout)
    except sqlite3.Error as error:
        trouble = database_trouble(error, path, timeout)
        raise (trouble if trouble is not error else DatabaseError(f"cannot use {path}: {error}")) from None
    except OSError as error:
        raise DatabaseError(f"cannot open {path}: {error.strerror or error}") from None
    return db


def _open(path: Path, mode: str, timeout: float) -> Database:
    # A URI so that the mode is explicit: "rw" never creates a file behind a
    # read command's back. as_uri() escapes '?', '#' and '%' in the path.
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode={mode}", uri=True, timeout=timeout)
    db = Database(conn, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    db.execute("PRAGMA foreign_keys = ON")
    return db


def _prepare(db: Database, path: Path) -> None:
    _check_owner(db, path)
    if db.journal_mode != "wal":
        db.enable_wal()
    pending = migrations.pending(db)
    if pending:
        if _has_tables(db):
            _check_writable(db)
            backup(db, _backup_path(path))
        migrations.apply(db)


def _check_writable(db: Database) -> None:
    """Raise SQLite's own read-only error now, rather than after a backup for a migration that cannot run.

    Rewriting ``user_version`` with its own value inside a transaction that
    is rolled back changes nothing, but SQLite refuses it on a file it
    cannot write, even as root.
    """
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        db.conn.execute(f"PRAGMA user_version = {version}")
    finally:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")


def _open_read_only(path: Path, timeout: float) -> Database:
    """The file for reading only, when it or its folder cannot be written.

    In a read-only folder SQLite cannot create the ``-shm`` file WAL reading
    needs, so the last resort is ``immutable=1``: read the file as it is,
    which is right for a file nobody can be writing to.
    """
    for mode in ("ro", "ro&immutable=1"):
        db = _open(path, mode, timeout)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as error:
            db.conn.close()
            if _trouble_kind(error) != "cannot-open":
                raise
            continue
        _check_owner(db, path)
        if not _has_tables(db):
            db.conn.close()
            raise DatabaseError(
                f"{path} is empty and read-only, so no portfolio can be started in it; "
                "make the file and its folder writable, or give the path of a new file"
            )
        if migrations.pending(db):
            db.conn.close()
            raise DatabaseError(
                f"{path} was made by an older tpmfolio and needs an upgrade, but it is read-only; "
                "make the file and its folder writable (or copy it somewhere writable and open the copy) and run again"
            )
        return db
    raise DatabaseError(f"cannot read {path}: its folder is read-only and SQLite cannot open it there; copy it elsewhere")


def _check_file(path: Path) -> bool:
    """Whether a regular file is there; refuses anything that is not one without opening it.

    Opening a FIFO for reading would wait forever for a writer, and a device
    such as /dev/null silently swallows every write, so both are refused by
    their type before anything reads them.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        raise DatabaseError(f"cannot use {path}: a part of the path is a file, not a folder") from None
    except OSError as error:
        raise DatabaseError(f"cannot read {path}: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseError(f"{path} is a directory; give the path of a .db file")
    if not stat.S_ISREG(info.st_mode):
        kind = _SPECIAL_FILES.get(stat.S_IFMT(info.st_mode), "special file")
        raise DatabaseError(f"{path} is a {kind}, not a portfolio file; give the path of a .db file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(f"cannot read {path}: {error.strerror or error}") from None
    if header and header != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not an SQLite database; give the path of a tpmfolio portfolio")
    return True


def _is_empty(path: Path) -> bool:
    """Whether the file has no bytes at all: made by ``touch``, or by a start that stopped before SQLite wrote."""
    try:
        return path.stat().st_size == 0
    except OSError:
        return False


_SPECIAL_FILES = {
    stat.S_IFIFO: "named pipe (FIFO)",
    stat.S_IFCHR: "device",
    stat.S_IFBLK: "block device",
    stat.S_IFSOCK: "socket",
}

# SQLite's primary result codes, for Pythons whose errors lack sqlite_errorcode.
_TROUBLE_CODES = {3: "read-only", 5: "locked", 6: "locked", 8: "read-only", 10: "io", 11: "corrupt",
                  13: "full", 14: "cannot-open", 26: "corrupt"}
_TROUBLE_WORDS = (("readonly", "read-only"), ("locked", "locked"), ("busy", "locked"), ("is full", "full"),
                  ("unable to open", "cannot-open"), ("disk i/o", "io"), ("malformed", "corrupt"),
                  ("not a database", "corrupt"))


def _trouble_kind(error: BaseException) -> str | None:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _TROUBLE_CODES.get(code & 0xFF)
    message = str(error).lower()
    return next((kind for word, kind in _TROUBLE_WORDS if word in message), None)


def database_trouble(error: BaseException, path: str | Path, busy_timeout: float | None = None) -> BaseException:
    """One line about what went wrong with the file and what to do, from an ``sqlite3`` error.

    Errors that are not about the file, its place or the disk (a constraint,
    a bad query) are bugs: they come back as they were, to keep their traceback.
    """
    kind = _trouble_kind(error)
    if kind == "locked":
        seconds = configured_busy_timeout() if busy_timeout is None else busy_timeout
        message = (
            f"{path} is locked by another program (waited {seconds:g} s); nothing was changed. "
            "Close other tpmfolio commands or programs using it (a database browser, Datasette) and try again, "
            f"or wait longer with {BUSY_TIMEOUT_ENV}=SECONDS"
        )
    elif kind == "read-only":
        message = (
            f"{path} is read-only: nothing was changed. Commands that only read still work; to make changes, "
            "make the file and its folder writable, or copy it somewhere writable and open the copy"
        )
    elif kind == "full":
        message = (
            f"the disk holding {path} is full: nothing was changed and the portfolio is as it was; "
            "free some space and try again"
        )
    elif kind == "cannot-open":
        message = (
            f"cannot open {path}: SQLite cannot create the file (or its -wal and -shm companions) there; "
            "check that the folder is writable, or choose a path in a writable folder"
        )
    elif kind == "io":
        message = (
            f"cannot read or write {path} ({error}); the disk may be full, removed or failing; nothing was changed"
        )
    elif kind == "corrupt":
        message = (
            f"{path} is damaged ({error}); restore it from one of the {Path(path).name}.*.bak copies next to it, "
            "or from an export"
        )
    else:
        return error
    return DatabaseError(message)


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
    locked" when a read lock cannot be upgraded. A locked, read-only or full
    file rolls everything back and raises a one-line :class:`DatabaseError`.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.conn.execute("COMMIT")
        except BaseException:
            db.rollback()  # also when COMMIT itself failed (disk full while writing the WAL)
            raise
    except sqlite3.Error as error:
        trouble = database_trouble(error, _file_of(db))
        if trouble is error:
            raise
        raise trouble from None


def _file_of(db: Database) -> str:
    try:
        return str(db.execute("PRAGMA database_list").fetchone()[2]) or "the database"
    except sqlite3.Error:
        return "the database"

"""The SQLite file: finding it, opening it safely, and one transaction per write.

Every command opens the file through :func:`connect`, which refuses what is
not a tpmfolio file before changing a byte and brings the schema up to date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import click
from sqlite_utils import Database

from ..errors import DatabaseError
from ..migrations import migrations

APP_NAME = "tpmfolio"
BUSY_TIMEOUT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"


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
        raise DatabaseError(f"{path} is not an SQLite database; give the path of a tpmfolio portfolio")


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

"""Reading the database on a second connection, in a thread, while the caller goes on.

SQLite lets go of Python's interpreter lock while it works, so a query run
in a thread uses the machine's other core while the caller builds objects.
For that to pay, the query must hand its answer back in one row: a thread
fetching thousands of rows would need the lock back for each and wait for
it while the caller holds it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlite_utils import Database

T = TypeVar("T")


def read_beside(
    db: Database,
    read: Callable[[sqlite3.Connection], T],
    *,
    in_line: Callable[[sqlite3.Connection], T] | None = None,
) -> Callable[[], T]:
    """Start ``read`` on a second, read-only connection to ``db``'s file; calling the result waits for its answer.

    ``in_line`` (``read`` itself by default) runs on ``db``'s own connection,
    when the result is called, instead: for a database without a file of its
    own (in memory), with changes not yet committed that a second connection
    would not see, or that the second connection could not read (the error,
    if any, is then the caller's own).
    """
    in_line = in_line or read
    path = None if db.conn.in_transaction else db.execute("PRAGMA database_list").fetchone()[2]
    if not path:
        return lambda: in_line(db.conn)
    answers: list[T] = []

    def work() -> None:
        try:
            conn = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
            try:
                answers.append(read(conn))
            finally:
                conn.close()
        except Exception:  # noqa: BLE001 - read again in line, where the error is reported
            pass

    thread = threading.Thread(target=work, name="tpmfolio-read-beside", daemon=True)
    thread.start()

    def wait() -> T:
        thread.join()
        return answers[0] if answers else in_line(db.conn)

    return wait

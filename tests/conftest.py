"""Fixtures and CLI helpers every test shares: nothing ever touches the real user's portfolio.

Test modules import the helpers with ``from conftest import ok, invoke, …``.
"""

from __future__ import annotations

import contextlib
import http.server
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from tpmfolio.cli import cli


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ``$TPMFOLIO_DB`` and click's app directory into ``tmp_path``; returns the app dir."""
    app_dir = tmp_path / "app"
    monkeypatch.setenv("TPMFOLIO_DB", str(tmp_path / "portfolio.db"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(click, "get_app_dir", lambda app_name, *args, **kwargs: str(app_dir))
    return app_dir


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The file ``$TPMFOLIO_DB`` points at (it does not exist until something opens it)."""
    return tmp_path / "portfolio.db"


# --- running the CLI -------------------------------------------------------------------


def invoke(*args: str | Path, input: str | None = None, env: dict[str, str | None] | None = None, color: bool = False) -> Result:
    """``tpmfolio ARGS`` through click, on the real SQLite file.

    A :class:`~pathlib.Path` as the first argument is the portfolio to use,
    given both as ``--db`` and as ``$TPMFOLIO_DB`` so that nothing else is
    ever opened: module-scoped fixtures run outside :func:`user_dirs`.
    Tables are laid out for a wide terminal unless ``env`` says otherwise.
    """
    words = [str(arg) for arg in args]
    environment: dict[str, str | None] = {"COLUMNS": "400"}
    if args and isinstance(args[0], Path):
        words = ["--db", *words]
        environment["TPMFOLIO_DB"] = words[1]
    environment.update(env or {})
    return CliRunner().invoke(cli, words, input=input, env=environment, color=color, catch_exceptions=False)


def ok(*args: str | Path, **kwargs: Any) -> Result:
    """:func:`invoke`, asserting that the command succeeded."""
    result = invoke(*args, **kwargs)
    assert result.exit_code == 0, result.output
    return result


def assert_one_line_error(result: Result, *expected: str) -> str:
    """A mistake is one ``Error:`` line on stderr, nothing on stdout, a non-zero exit; returns the line."""
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    assert "" == result.stdout
    return lines[0]


def dump(path: Path) -> list[str]:
    """Every row and table of the SQLite file, to prove that nothing changed."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


# --- a loopback server for the tests that prove nothing is fetched -------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red; }")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request it gets."""
    _Recorder.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    finally:
        server.shutdown()
        server.server_close()

"""Fixtures every test shares: nothing ever touches the real user's portfolio."""

from __future__ import annotations

from pathlib import Path

import click
import pytest


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

"""Drafts: what a person writes in ``$EDITOR`` is on disk before the editor starts.

``add --edit`` and ``edit ID`` open the editor on a draft file in the
``drafts`` folder of tpmfolio's app directory (on Linux
``~/.config/tpmfolio/drafts``), not on a temporary file. Whatever happens next (the
editor crashes or exits with an error, the text has a mistake the person
does not fix now, the disk is full), the text stays in the draft until it
is stored in the portfolio; then the draft is deleted. ``add --from-draft``
and ``edit ID --from-draft`` take a draft back.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import click

from .errors import InvalidValue

# A draft is one entry as YAML: a few KB. Anything far bigger is not a draft.
MAX_DRAFT_BYTES = 1_000_000


def drafts_dir() -> Path:
    """Where drafts live: ``drafts/`` in tpmfolio's app directory."""
    return Path(click.get_app_dir("tpmfolio")) / "drafts"


def new_draft(text: str, name: str = "add") -> Path:
    """Write ``text`` to a new draft only its owner can read; returns its path.

    Falls back to the system's temporary folder when the app directory
    cannot be written, so the person's text always has somewhere to go.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    problem: OSError | None = None
    for folder in (drafts_dir(), Path(tempfile.gettempdir())):
        path = folder / f"{name}-{stamp}.yaml"
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            return path
        except OSError as error:
            problem = error
    raise OSError(f"cannot write a draft anywhere: {problem}")


def read_draft(path: str | Path) -> str:
    """The text of a draft a person names, or one line saying why it cannot be read."""
    path = Path(path).expanduser()
    try:
        if not path.is_file():
            raise InvalidValue(f"no draft at {path}; drafts are kept in {drafts_dir()}")
        if path.stat().st_size > MAX_DRAFT_BYTES:
            raise InvalidValue(f"{path} is too big for a draft (over {MAX_DRAFT_BYTES:,} bytes)")
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidValue(f"{path} is not UTF-8 text, so it is not a tpmfolio draft") from None
    except OSError as error:
        raise InvalidValue(f"cannot read the draft {path}: {error.strerror or error}") from None


def discard(path: Path) -> None:
    """Delete a draft whose text is now in the portfolio (or was never changed)."""
    try:
        path.unlink()
    except OSError:
        pass  # a draft left behind is harmless; losing text is not


def discard_if_draft(path: Path) -> None:
    """Delete a file taken back with ``--from-draft`` once its text is stored, if it is one of the drafts.

    A file elsewhere is the person's own, so it stays.
    """
    if path.resolve().parent == drafts_dir().resolve():
        discard(path)

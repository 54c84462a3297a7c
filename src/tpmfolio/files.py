"""Writing output files so that a failure never leaves half a file behind.

Writes go to a temporary file in the target's folder and are renamed into
place. ``mkstemp`` creates that file readable by its owner only; the
finished file gets the permissions any new file would get under the
user's umask, so a PDF meant for sharing is not left private by accident.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def publish(temporary: str | Path, target: str | Path) -> None:
    """Give ``temporary`` ordinary permissions and move it over ``target`` in one step."""
    os.chmod(temporary, 0o666 & ~_umask())
    os.replace(temporary, target)


def write_text(path: str | Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` through a temporary file; raises OSError naming what failed."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(2, f"folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        publish(temporary, target)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise

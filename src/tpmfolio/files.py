"""Writing output files so that a failure never leaves half a file behind.

Writes go to a temporary file in the target's folder and are renamed into
place. ``mkstemp`` creates that file readable by its owner only; the
finished file gets the permissions any new file would get under the
user's umask, so a PDF meant for sharing is not left private by accident.
"""

from __future__ import annotations

import os
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def publish(temporary: str | Path, target: str | Path) -> None:
    """Give ``temporary`` ordinary permissions and move it over ``target`` in one step."""
    os.chmod(temporary, 0o666 & ~_umask())
    os.replace(temporary, target)

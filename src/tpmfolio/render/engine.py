"""WeasyPrint, imported without the library look-ups that cannot succeed.

On import WeasyPrint opens GObject, Pango, HarfBuzz and fontconfig by trying
each platform's file name in turn: the Windows name, a bare name, then the
Linux soname. cffi hands every name it cannot open to
``ctypes.util.find_library``, and on Linux that runs ``ldconfig -p``, then
``gcc`` and ``ld`` to look for it: 54 processes and about 0.7 s of wall time
before the first page is laid out, on every render.

While WeasyPrint imports here, ``find_library`` answers every name from one
``ldconfig -p`` listing, the same listing the real one reads first. A name
not in it is not found, and WeasyPrint goes on to the soname it lists last
(``libpango-1.0.so.0``), which the dynamic loader finds by its usual rules,
``LD_LIBRARY_PATH`` included. Should that still fail, WeasyPrint is imported
again the ordinary way, so nothing that worked before stops working.
Elsewhere than Linux nothing changes.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from types import ModuleType

__all__ = ["import_weasyprint"]

# ctypes.util's own pattern for a line of `ldconfig -p` (glibc), by machine.
_ABI = {"x86_64": "libc6,x86-64", "ppc64": "libc6,64bit", "sparc64": "libc6,64bit", "s390x": "libc6,64bit", "ia64": "libc6,IA-64"}


def import_weasyprint() -> ModuleType:
    """The ``weasyprint`` module, imported once per process (see the module's docstring)."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return importlib.import_module("weasyprint")
    try:
        # A failed attempt prints WeasyPrint's installation advice: not for this one.
        with _find_library_from(_ldconfig_listing()), contextlib.redirect_stdout(io.StringIO()):
            return importlib.import_module("weasyprint")
    except OSError:
        return importlib.import_module("weasyprint")


def _ldconfig_listing() -> bytes:
    try:
        done = subprocess.run(
            ["/sbin/ldconfig", "-p"],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env={"LC_ALL": "C", "LANG": "C"},
            check=False,
        )
    except OSError:
        return b""
    return done.stdout


@contextlib.contextmanager
def _find_library_from(listing: bytes) -> Iterator[None]:
    """Swap ``ctypes.util.find_library`` for a look-up in ``listing`` for the duration."""
    import ctypes.util

    abi = _ABI.get(os.uname().machine, "libc6") if sys.maxsize > 2**32 else "libc6"

    @functools.cache
    def find_library(name: str) -> str | None:
        found = re.search(rb"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(os.fsencode(name)), re.escape(abi.encode())), listing)
        return os.fsdecode(found[1]) if found else None

    original = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original

"""What rendering may read: ``data:`` URIs and files inside theme folders, nothing else.

A portfolio is built from text people typed and from theme folders people
download, so a stylesheet or a title could ask for ``file:///etc/passwd`` or
an address on the local network. WeasyPrint fetches every URL through one
fetcher; this one refuses all but embedded data and theme files, and never
follows redirects. WeasyPrint logs a refused URL and renders without it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from .engine import import_weasyprint


class ResourceRefused(ValueError):
    """A URL outside what a theme may use; WeasyPrint skips the resource."""


def inside(path: Path, roots: Sequence[Path]) -> bool:
    """Is ``path`` (after following symlinks and ``..``) a file under one of ``roots``?"""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return real.is_file() and any(real.is_relative_to(root.resolve()) for root in roots)


def file_url_path(url: str) -> Path | None:
    """The local path of a ``file:`` URL on this machine, or None for a remote host."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    return Path(url2pathname(unquote(parts.path)))


def restricted_fetcher(roots: Sequence[Path]) -> Any:
    """A WeasyPrint URL fetcher that serves only ``data:`` and files under ``roots``."""
    return _fetcher_class()(roots)


@functools.cache
def _fetcher_class() -> type:
    # WeasyPrint is imported here, not at module level, to keep CLI start-up fast.
    import_weasyprint()
    from weasyprint.urls import URLFetcher

    class ThemeOnlyFetcher(URLFetcher):
        def __init__(self, roots: Sequence[Path]) -> None:
            super().__init__(timeout=5, allowed_protocols=("data", "file"), allow_redirects=False)
            self._roots = [Path(r) for r in roots]

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = file_url_path(url.split("?", 1)[0])
                if path is not None and inside(path, self._roots):
                    return super().fetch(url, headers)
            raise ResourceRefused(f"tpmfolio renders offline from theme files only; refused {url[:200]}")

    return ThemeOnlyFetcher

"""HTML → PDF with WeasyPrint: the last stage of rendering.

The PDF is written to a temporary file next to the target and moved into
place only when complete, so an interrupted or failed render never leaves a
truncated PDF where a person expects a good one (or destroys the previous
one). Resources go through the restricted fetcher: no network, no files
outside the theme folders.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

from ..errors import RenderError
from ..files import publish
from .fetcher import restricted_fetcher
from .themes import resolve_theme, themes_root

__all__ = ["PdfInfo", "resolve_theme", "write_pdf"]


@attrs.frozen
class PdfInfo:
    """What was written: where, how many pages, how many bytes."""

    path: Path
    pages: int
    size_bytes: int


def write_pdf(
    html: str,
    output: str | Path,
    *,
    progress: Callable[[str], None] | None = None,
) -> PdfInfo:
    """Render ``html`` (from :func:`render_html`) to a PDF file at ``output``.

    ``progress`` receives short stage messages ("Laying out page 3") so a
    terminal can show that a long portfolio is still moving.

    >>> write_pdf(render_html(context), "portfolio.pdf").pages   # doctest: +SKIP
    7
    """
    import weasyprint

    report = progress or (lambda message: None)
    target = Path(output).expanduser()
    if target.is_dir():
        raise RenderError(f"cannot write the PDF to {str(target)!r}: it is a folder; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise RenderError(f"cannot write the PDF to {str(target)!r}: folder {str(folder)!r} does not exist")
    try:
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    except OSError as error:
        raise RenderError(f"cannot write the PDF to {str(target)!r}: {error.strerror or error}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream, _forward_progress(progress):
            report("Reading HTML and theme")
            document = weasyprint.HTML(
                string=html, url_fetcher=restricted_fetcher([themes_root()])
            ).render()
            pages = len(document.pages)
            report(f"Writing {pages} page{'s' if pages != 1 else ''} to {target}")
            document.write_pdf(target=stream)
        publish(temp, target)
    except OSError as error:
        raise RenderError(f"cannot write the PDF to {str(target)!r}: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return PdfInfo(path=target, pages=pages, size_bytes=target.stat().st_size)


class _ProgressHandler(logging.Handler):
    """Turns WeasyPrint's "Step 5 - Creating layout - Page 3" records into short messages."""

    def __init__(self, report: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self._report = report

    def emit(self, record: logging.LogRecord) -> None:
        message = re.sub(r"^Step \d+ - ", "", record.getMessage())
        self._report(message.replace(" - ", ": "))


@contextlib.contextmanager
def _forward_progress(report: Callable[[str], None] | None) -> Iterator[None]:
    if report is None:
        yield
        return
    logger = logging.getLogger("weasyprint.progress")
    handler = _ProgressHandler(report)
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the caller shows these; do not also print them via the root logger
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate

"""HTML → PDF with WeasyPrint: the last stage of rendering.

The PDF is written to a temporary file next to the target and moved into
place only when complete, so an interrupted or failed render never leaves a
truncated PDF where a person expects a good one (or destroys the previous
one). Resources go through the restricted fetcher: no network, no files
outside the theme folders.

The PDF is tagged (PDF/UA-1) unless another variant is asked for: a
structure tree, the document language, XMP metadata and alternative text for
charts let screen readers and applicant tracking systems read it in order.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from ..errors import RenderError
from ..files import publish
from .engine import import_weasyprint
from .fetcher import restricted_fetcher
from .glyphs import MissingGlyphs
from .themes import resolve_theme, themes_root

__all__ = ["DEFAULT_PDF_VARIANT", "PdfInfo", "pdf_variant", "pdf_variants", "resolve_theme", "write_pdf"]

DEFAULT_PDF_VARIANT = "pdf/ua-1"
NO_VARIANT = "none"


@attrs.frozen
class PdfInfo:
    """What was written: where, how many pages, how many bytes.

    ``missing_characters`` are those no installed font covers: they print as
    empty boxes (see :func:`tpmfolio.render.glyphs.font_advice`).
    """

    path: Path
    pages: int
    size_bytes: int
    variant: str = DEFAULT_PDF_VARIANT
    missing_characters: str = ""


def pdf_variants() -> list[str]:
    """The variants the installed WeasyPrint can write, plus ``none`` (a plain, untagged PDF)."""
    import_weasyprint()
    from weasyprint.pdf import VARIANTS

    return [NO_VARIANT, *(name for name in VARIANTS if name != "debug")]  # debug: WeasyPrint's own diagnostics


def pdf_variant(variant: str | None) -> str | None:
    """WeasyPrint's name for ``variant`` (None for ``none``), or an error listing the choices.

    >>> pdf_variant("PDF/A-3b")
    'pdf/a-3b'
    """
    name = (variant or DEFAULT_PDF_VARIANT).strip().lower()
    choices = pdf_variants()
    if name not in choices:
        raise RenderError(f"unknown PDF variant {variant!r}; choose one of: {', '.join(choices)}")
    return None if name == NO_VARIANT else name


def write_pdf(
    html: str,
    output: str | Path,
    *,
    variant: str | None = DEFAULT_PDF_VARIANT,
    progress: Callable[[str], None] | None = None,
) -> PdfInfo:
    """Render ``html`` (from :func:`render_html`) to a PDF file at ``output``.

    ``variant`` is one of :func:`pdf_variants` (``pdf/ua-1`` by default,
    ``none`` for an untagged PDF).

    ``progress`` receives short stage messages ("Laying out page 3") so a
    terminal can show that a long portfolio is still moving.

    >>> write_pdf(render_html(context), "portfolio.pdf").pages   # doctest: +SKIP
    7
    """
    weasyprint = import_weasyprint()
    report = progress or (lambda message: None)
    weasy_variant = pdf_variant(variant)
    # Every variant is tagged, not only those that require it: a PDF/A or
    # PDF/X file with a structure tree is still valid and reads better.
    options = {"pdf_variant": weasy_variant, "pdf_tags": weasy_variant is not None}
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
        with os.fdopen(handle, "wb") as stream, _forward_progress(progress), _watch_glyphs() as missing:
            report("Reading HTML and theme")
            document = weasyprint.HTML(
                string=html, url_fetcher=restricted_fetcher([themes_root()])
            ).render(**options)
            _drop_nested_links(document)
            pages = len(document.pages)
            report(f"Writing {pages} page{'s' if pages != 1 else ''} to {target}")
            document.write_pdf(target=stream, **options)
        publish(temp, target)
    except OSError as error:
        raise RenderError(f"cannot write the PDF to {str(target)!r}: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return PdfInfo(
        path=target,
        pages=pages,
        size_bytes=target.stat().st_size,
        variant=weasy_variant or NO_VARIANT,
        missing_characters=missing.text(),
    )


def _drop_nested_links(document: Any) -> None:
    """One link annotation per link, not one more per box inside it.

    WeasyPrint annotates every inline box within an ``<a>`` (a ``::after``
    page number, a ``<span>``), so one link became two or three stacked
    annotations: screen readers announce each, and PDF/UA checkers flag them.
    An annotation that lies inside another to the same target on the same
    page adds nothing and is dropped.
    """
    for page in document.pages:
        kept: list[Any] = []
        for link in page.links:
            kind, target, (x1, y1, x2, y2), _box = link
            inside_kept = any(
                k[0] == kind and k[1] == target and k[2][0] <= x1 + 0.01 and k[2][1] <= y1 + 0.01
                and k[2][2] >= x2 - 0.01 and k[2][3] >= y2 - 0.01
                for k in kept
            )
            if not inside_kept:
                kept.append(link)
        page.links[:] = kept


@contextlib.contextmanager
def _watch_glyphs() -> Iterator[MissingGlyphs]:
    logger = logging.getLogger("weasyprint")
    handler = MissingGlyphs()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


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

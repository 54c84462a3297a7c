"""Rendering a portfolio: context → HTML → PDF, each stage usable on its own.

- :func:`build_context` turns entries, skills and KPIs into display data
  (pure; no template or PDF library involved);
- :func:`render_html` fills a theme's Jinja template and returns
  self-contained HTML (fonts and CSS inlined);
- :func:`write_pdf` lays that HTML out with WeasyPrint and writes the PDF.

Importing this package is cheap: Jinja2 and WeasyPrint are imported only
when :func:`render_html` or :func:`write_pdf` run.

>>> from tpmfolio.render import build_context, render_html, write_pdf   # doctest: +SKIP
>>> html = render_html(build_context(profile, entries, skills, kpis), theme="modern")
>>> write_pdf(html, "portfolio.pdf").pages
7
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .context import build_context
    from .glyphs import font_advice
    from .html import render_html
    from .language import Language
    from .paper import DEFAULT_PAPER, PAPER_SIZES, default_paper, paper_size, with_paper
    from .pdf import DEFAULT_PDF_VARIANT, PdfInfo, pdf_variant, pdf_variants, write_pdf
    from .themes import builtin_themes, resolve_theme

# Each public name → the submodule that defines it. They load on first use,
# so a command that only needs the paper sizes (tailor, gaps, list's option
# parsing) does not pay for the context, HTML and PDF modules as well.
_HOME = {
    "build_context": "context",
    "font_advice": "glyphs",
    "render_html": "html",
    "Language": "language",
    "DEFAULT_PAPER": "paper",
    "PAPER_SIZES": "paper",
    "default_paper": "paper",
    "paper_size": "paper",
    "with_paper": "paper",
    "DEFAULT_PDF_VARIANT": "pdf",
    "PdfInfo": "pdf",
    "pdf_variant": "pdf",
    "pdf_variants": "pdf",
    "write_pdf": "pdf",
    "builtin_themes": "themes",
    "resolve_theme": "themes",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)


__all__ = [
    "DEFAULT_PAPER",
    "DEFAULT_PDF_VARIANT",
    "Language",
    "PAPER_SIZES",
    "PdfInfo",
    "build_context",
    "builtin_themes",
    "default_paper",
    "font_advice",
    "paper_size",
    "pdf_variant",
    "pdf_variants",
    "render_html",
    "resolve_theme",
    "with_paper",
    "write_pdf",
]

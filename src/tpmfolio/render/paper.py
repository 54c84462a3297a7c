"""Paper sizes: the one place that says which sizes exist and which is the default.

The default follows the reader's language: Letter where people print on it
(the United States and Canada, so ``en-US``, ``en-CA``, ``fr-CA``), A4
everywhere else, including a language given without a region.

The size is written into the HTML itself (a ``<style>`` after the theme's
own), so the ``--html`` file lays out on the same paper with any tool, and a
theme's margins and running heads apply unchanged to either size.
"""

from __future__ import annotations

import re

from ..errors import InvalidValue
from ..languages import region_of

# CSS page-size keywords, by the name a person types.
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
DEFAULT_PAPER = "a4"
# Regions whose paper is Letter, and the paper there.
LETTER_REGIONS = frozenset({"US", "CA"})
LETTER_PAPER = "letter"

_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?(?P<lang>[A-Za-z0-9_-]+)""", re.IGNORECASE)


def default_paper(lang: str | None = None) -> str:
    """The paper a reader of ``lang`` (a tag such as ``en-US``) prints on.

    >>> default_paper("fr-CA"), default_paper("de-AT"), default_paper("en")
    ('letter', 'a4', 'a4')
    """
    try:
        return LETTER_PAPER if lang and region_of(lang) in LETTER_REGIONS else DEFAULT_PAPER
    except InvalidValue:  # a language tpmfolio does not speak, in a hand-made HTML file
        return DEFAULT_PAPER


def paper_size(paper: str | None = None) -> str:
    """The CSS ``size`` keyword for ``paper`` (None: the default), or an error naming the choices.

    >>> paper_size("Letter")
    'letter'
    """
    name = (paper or DEFAULT_PAPER).strip().lower()
    if name not in PAPER_SIZES:
        raise InvalidValue(f"unknown paper {paper!r}; choose one of: {', '.join(PAPER_SIZES)}")
    return PAPER_SIZES[name]


def with_paper(html: str, paper: str | None = None) -> str:
    """``html`` with an ``@page`` rule for ``paper`` placed after the theme's stylesheet.

    Coming later in the document, it wins over a ``size`` the theme sets;
    everything else about the page (margins, running heads) stays the theme's.
    Without ``paper``, the paper of the document's language (``<html lang>``).
    """
    if paper is None:
        lang = _HTML_LANG.search(html)
        paper = default_paper(lang["lang"] if lang else None)
    rule = f'<style class="tpmfolio-paper">@page {{ size: {paper_size(paper)}; }}</style>\n'
    match = _HEAD_END.search(html)
    if match is None:
        return rule + html
    return html[: match.start()] + rule + html[match.start() :]

"""Paper sizes: the one place that says which sizes exist and which is the default.

The size is written into the HTML itself (a ``<style>`` after the theme's
own), so the ``--html`` file lays out on the same paper with any tool, and a
theme's margins and running heads apply unchanged to either size.
"""

from __future__ import annotations

import re

from ..errors import InvalidValue

# CSS page-size keywords, by the name a person types.
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
DEFAULT_PAPER = "a4"

_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


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
    """
    rule = f'<style class="tpmfolio-paper">@page {{ size: {paper_size(paper)}; }}</style>\n'
    match = _HEAD_END.search(html)
    if match is None:
        return rule + html
    return html[: match.start()] + rule + html[match.start() :]

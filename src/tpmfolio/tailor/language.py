"""Which language a posting is read in, and reading it in that language.

A posting is told apart by its commonest words (a German posting uses
"und", "die", "du" dozens of times; an English one "and", "the", "you"),
or taken from a page's JSON-LD ``inLanguage``: no language-detection
library, whose models would weigh more than all of tpmfolio.

While a posting is ranked, every word on both sides (the posting's and the
entries') is stemmed and filtered the posting's way: :func:`reading` sets
the language for :mod:`.text` for the length of a ``with`` block (a context
variable, so concurrent rankings in threads do not mix). English is the
default and reads exactly as before.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from . import german

READ = ("en", "de")
"""Languages a posting can be read in: stemming, function words and catalog keywords."""

_LANGUAGE: ContextVar[str] = ContextVar("tpmfolio_posting_language", default="en")
# A posting needs this many more function words of one language than of another to be read in it.
_MARGIN = 3
_MARKERS = german.MARKERS
F = TypeVar("F", bound=Callable[..., Any])


def detect(text: str, declared: str | None = None) -> str:
    """The language to read ``text`` in: ``declared`` (JSON-LD ``inLanguage``) when readable, else its words.

    >>> detect("Du erarbeitest mit den Stakeholdern die Vision und die Roadmap für das Produkt")
    'de'
    >>> detect("You will own the roadmap and work with the stakeholders")
    'en'
    """
    if declared:
        code = str(declared).strip().lower().replace("_", "-").split("-", 1)[0]
        if code in READ:
            return code
    counts = dict.fromkeys(_MARKERS, 0)
    for word in text[:20_000].lower().split():
        word = word.strip(".,;:!?()[]\"'*“”„")
        for code, markers in _MARKERS.items():
            if word in markers:
                counts[code] += 1
    best = max(counts, key=lambda code: counts[code])
    rest = max((n for code, n in counts.items() if code != best), default=0)
    return best if counts[best] >= rest + _MARGIN else "en"


def current() -> str:
    """The language words are being read in now (``en`` outside :func:`reading`)."""
    return _LANGUAGE.get()


@contextlib.contextmanager
def reading(lang: str) -> Iterator[None]:
    """Stem and filter words in ``lang`` inside the block."""
    token = _LANGUAGE.set(lang if lang in READ else "en")
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def in_posting_language(function: F) -> F:
    """Run ``function`` reading words in the language of the posting it is given (its first Posting argument)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = next((getattr(a, "lang", None) for a in (*args, *kwargs.values()) if _is_posting(a)), None)
        if lang is None or lang == current():
            return function(*args, **kwargs)
        with reading(lang):
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _is_posting(value: Any) -> bool:
    from .posting import Posting  # here: posting reads words through .text, which reads this module

    return isinstance(value, Posting)

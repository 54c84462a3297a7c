"""Dates as people write them in a résumé, read into tpmfolio's partial ISO dates.

The JSON Resume schema asks for ISO 8601, but real files say ``Present``,
``07/2025``, ``2023-9-28``, ``May 2022`` or leave the end date empty for
work that goes on. Each of those has one sensible reading; anything else is
reported and left out rather than guessed.
"""

from __future__ import annotations

import re

from ..dates import parse_partial_date
from ..errors import InvalidValue

# Words that mean "still going" as an end date.
ONGOING = frozenset({"present", "now", "current", "currently", "ongoing", "today", "to date", "till now"})
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
            ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
            ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO_LOOSE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}.*)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_NAMED_MONTH = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")


def read_resume_date(value: object) -> str | None:
    """A partial ISO date, or None for no date (empty, ``Present`` and the like).

    >>> [read_resume_date(v) for v in ("07/2025", "2023-9-28", "May 2022", "Present", "", "2019")]
    ['2025-07', '2023-09-28', '2022-05', None, None, '2019']

    Raises :class:`InvalidValue` for text that is none of those.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        shape = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else repr(value)
        raise InvalidValue(f"expected a date like 2024-03, got {shape}")
    text = str(value).strip()
    if not text or text.lower() in ONGOING:
        return None
    match = _ISO_LOOSE.match(text)
    if match:
        year, month, day = match.groups()
        parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
        return parse_partial_date("-".join(parts))
    match = _MONTH_YEAR.match(text)
    if match:
        return parse_partial_date(f"{match.group(2)}-{int(match.group(1)):02d}")
    match = _NAMED_MONTH.match(text)
    if match and match.group(1).lower() in _MONTHS:
        return parse_partial_date(f"{match.group(2)}-{_MONTHS[match.group(1).lower()]:02d}")
    raise InvalidValue(f"{text!r} is not a date tpmfolio can read (write it like 2024-03, 03/2024 or Present)")


def means_ongoing(value: object) -> bool:
    """True for an end date that says the work goes on (``Present``, ``""``, null)."""
    return value is None or (isinstance(value, str) and (not value.strip() or value.strip().lower() in ONGOING))


__all__ = ["ONGOING", "means_ongoing", "read_resume_date"]

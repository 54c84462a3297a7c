"""Partial ISO dates as JSON Resume uses them: ``2024``, ``2024-03``, ``2024-03-15``.

Kept as the text the user typed; these helpers validate it and give the
first and last calendar day it can mean, which is what ordering and
"ended is not before started" need.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .errors import InvalidValue

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(text: str, field: str = "date") -> str:
    """Return ``text`` normalised (stripped) if it is a valid partial date.

    >>> parse_partial_date(" 2024-03 ")
    '2024-03'
    """
    value = str(text).strip()
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise InvalidValue(
            f"{field}: {text!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-03)"
        )
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise InvalidValue(f"{field}: {text!r} is not a real calendar date") from None
    if int(year) < 1900:
        raise InvalidValue(f"{field}: {text!r} is before 1900; check the year")
    return value


def first_day(value: str) -> dt.date:
    """The earliest day a partial date can mean (``2024`` → 2024-01-01)."""
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def last_day(value: str) -> dt.date:
    """The latest day a partial date can mean (``2024-02`` → 2024-02-29)."""
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return dt.date(year, month, day)


def parse_date_range(text: str) -> tuple[str, str | None]:
    """Split ``2024-03..2024-09`` (or a single date) into (started, ended)."""
    value = str(text).strip()
    if ".." in value:
        start, _, end = value.partition("..")
        started = parse_partial_date(start, "start date")
        ended = parse_partial_date(end, "end date") if end.strip() else None
        if ended is not None and last_day(ended) < first_day(started):
            raise InvalidValue(f"date range {text!r} ends before it starts")
        return started, ended
    return parse_partial_date(value), None


def utc_now() -> str:
    """ISO-8601 UTC timestamp to the second, as stored in ``created``/``updated``."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")

"""KPI values as people write them: ``34%``, ``$1.4M``, ``€200k``, ``1,200 users``.

A :class:`Quantity` keeps the exact text the user typed (so it prints back
unchanged) next to the number it means, so that changes and attainment can
be computed without losing how the person chose to say it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import attrs

from .errors import InvalidValue

CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
CURRENCY_CODES = {"USD", "EUR", "GBP", "JPY", "INR", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN"}
MAGNITUDES = {
    "k": Decimal(1_000),
    "K": Decimal(1_000),
    "m": Decimal(1_000_000),
    "M": Decimal(1_000_000),
    "mm": Decimal(1_000_000),
    "MM": Decimal(1_000_000),
    "b": Decimal(1_000_000_000),
    "B": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
}

_QUANTITY = re.compile(
    r"""^
    (?P<sign>[+\-\u2212])?\s*
    (?P<currency>[$€£¥₹])?\s*
    (?P<sign2>[+\-\u2212])?
    (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    (?P<magnitude>bn|mm|MM|[kKmMbB](?![a-zA-Z]))?
    \s*
    (?P<suffix>%|pp|x\b|×)?
    (?:\s+(?P<unit>[^\W\d][\w /.\-]*))?
    $""",
    re.VERBOSE,
)

MAX_TEXT = 64


@attrs.frozen
class Quantity:
    """A parsed number with its unit and the text it came from.

    >>> q = Quantity.parse("$1.4M")
    >>> q.number, q.kind, str(q)
    (Decimal('1400000.0'), 'currency', '$1.4M')
    """

    number: Decimal
    unit: str = ""
    text: str = ""

    @classmethod
    def parse(cls, text: str | int | float | Decimal, field: str = "value") -> Quantity:
        if isinstance(text, bool):
            raise InvalidValue(f"{field}: {text!r} is not a number")
        if isinstance(text, (int, Decimal)):
            text = str(text)
        elif isinstance(text, float):
            text = repr(text)
        raw = str(text).strip()
        if not raw:
            raise InvalidValue(f"{field}: a value is required (e.g. 34%, $1.4M, 1,200 users)")
        if len(raw) > MAX_TEXT:
            raise InvalidValue(f"{field}: {raw[:20]!r}… is too long for a number")
        match = _QUANTITY.match(raw)
        if not match:
            raise InvalidValue(
                f"{field}: {raw!r} is not a number; write it like 34%, -15%, $1.4M, 2.5x or 1,200 users"
            )
        parts = match.groupdict()
        if parts["sign"] and parts["sign2"]:
            raise InvalidValue(f"{field}: {raw!r} has two signs")
        try:
            number = Decimal(parts["digits"].replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex only admits digits
            raise InvalidValue(f"{field}: {raw!r} is not a number") from None
        if parts["magnitude"]:
            number *= MAGNITUDES[parts["magnitude"]]
        if (parts["sign"] or parts["sign2"] or "+") in "-\u2212":
            number = -number
        unit = _unit_of(parts)
        return cls(number=number, unit=unit, text=raw)

    @property
    def kind(self) -> str:
        """``percent``, ``currency``, ``multiplier``, ``count`` (with a unit) or ``number``."""
        if self.unit in ("%", "pp"):
            return "percent"
        if self.unit in CURRENCY_CODES:
            return "currency"
        if self.unit == "x":
            return "multiplier"
        return "count" if self.unit else "number"

    def comparable(self, other: Quantity) -> bool:
        """Two quantities can be subtracted when they share a unit (or one has none)."""
        units = {self.unit, other.unit}
        return len(units) == 1 or "" in units or units == {"%", "pp"}

    def __str__(self) -> str:
        return self.text or format_number(self.number, self.unit)


def _unit_of(parts: dict[str, str | None]) -> str:
    if parts["currency"]:
        return CURRENCY_SYMBOLS[parts["currency"]]
    suffix = parts["suffix"]
    if suffix == "%":
        return "%"
    if suffix == "pp":
        return "pp"
    if suffix in ("x", "×"):
        return "x"
    unit = (parts["unit"] or "").strip()
    if unit.upper() in CURRENCY_CODES:
        return unit.upper()
    return unit


def format_number(number: Decimal, unit: str = "") -> str:
    """Format a derived number for display: ``+24 pp``, ``$1.2M``, ``-15%``."""
    sign = "-" if number < 0 else ""
    magnitude = abs(number)
    symbol = {code: sym for sym, code in CURRENCY_SYMBOLS.items()}.get(unit)
    if symbol or unit in CURRENCY_CODES:
        body = _compact(magnitude)
        return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {unit}"
    body = _plain(magnitude) if magnitude < 10_000 else _compact(magnitude)
    if unit in ("%", "x"):
        return f"{sign}{body}{unit}"
    return f"{sign}{body} {unit}".rstrip()


def _plain(value: Decimal) -> str:
    rounded = round(value, 1) if value < 100 else round(value)
    text = f"{rounded:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _compact(value: Decimal) -> str:
    for limit, suffix in ((Decimal(1_000_000_000), "B"), (Decimal(1_000_000), "M"), (Decimal(1_000), "k")):
        if value >= limit:
            return _plain(value / limit) + suffix
    return _plain(value)

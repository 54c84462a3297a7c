"""The rules every value obeys, as attrs validators and converters.

Converters only coerce cheaply (text is cleaned, a typed number is parsed);
validators say what is wrong in a sentence a person can act on. The model
classes in :mod:`tpmfolio.models` and :mod:`tpmfolio.evidence` are built
from these, and importers borrow them field by field, so an import can
never accept what ``add`` refuses.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from .dates import parse_partial_date
from .errors import DuplicateItem, InvalidValue
from .quantities import Quantity

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TITLE = 300
MAX_TEXT = 20_000
# A note on one item (a skill shown, a KPI result) or a skill's description: a sentence or two.
MAX_NOTE = 2_000
# One word or short phrase: a tag, a skill's keyword, a KPI's unit.
MAX_WORD = 100
MAX_KEYWORDS = 100

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def slug(instance: object, attribute: attrs.Attribute, value: str) -> None:
    if not isinstance(value, str) or not SLUG.match(value):
        raise InvalidValue(
            f"{attribute.name}: {value!r} is not a slug; use lowercase words joined by hyphens, like customer-focus"
        )


def one_of(choices: tuple[str, ...]) -> Validator:
    def check(instance: object, attribute: attrs.Attribute, value: str) -> None:
        if value not in choices:
            raise InvalidValue(f"{attribute.name}: {value!r} is not one of: {', '.join(choices)}")

    return check


def required_text(instance: object, attribute: attrs.Attribute, value: str) -> None:
    if not value:
        raise InvalidValue(f"{attribute.name} must not be empty")


def text_limit(limit: int) -> Validator:
    def check(instance: object, attribute: attrs.Attribute, value: str) -> None:
        if len(value) > limit:
            raise InvalidValue(f"{attribute.name} is {len(value):,} characters; the limit is {limit:,}")

    return check


def word_list(noun: str, count: int, length: int = MAX_WORD) -> Validator:
    """At most ``count`` words of at most ``length`` characters each; a word too long is shown by its start."""

    def check(instance: object, attribute: attrs.Attribute, value: tuple[str, ...]) -> None:
        if len(value) > count:
            raise InvalidValue(f"{len(value):,} {noun}s; the limit is {count:,}")
        for word in value:
            if len(word) > length:
                raise InvalidValue(f"{noun} {word[:20]!r}… is {len(word):,} characters; the limit is {length:,}")

    return check


# C0 controls but tab and newline, DEL, and the C1 controls U+0080-U+009F
# (text pasted from old Windows documents carries them, and U+009B is a
# terminal escape); a lone CR goes too, CRLF becomes LF first.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: Any) -> str:
    """Strip surrounding space and drop NUL and other control characters but newlines and tabs."""
    if value.__class__ is str:
        if value.isprintable():  # no control characters at all: the common case, checked in C
            return value.strip()
        text = value
    elif value is None:
        return ""
    else:
        text = str(value)
    if text.isprintable():  # no control characters at all: the common case, checked in C
        return text.strip()
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    # One C-level scan instead of a Python loop per character: every entry
    # field passes through here, and import/export handle thousands.
    return _CONTROL.sub("", text).strip()


def optional_date(value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _date(str(value))


@functools.lru_cache(maxsize=4096)
def _date(text: str) -> str:
    # Entries share months: loading 10,000 of them checks a few hundred distinct dates, not 20,000.
    return parse_partial_date(text)


def quantity(value: object) -> Quantity:
    if isinstance(value, Quantity):
        return value
    if isinstance(value, str):
        return _parsed(value)
    return Quantity.parse(value)  # type: ignore[arg-type]


def optional_quantity(value: object) -> Quantity | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return quantity(value)


@functools.lru_cache(maxsize=8192)
def _parsed(text: str) -> Quantity:
    # KPI values repeat ("30%", "$1M") across entries and loads, and a
    # Quantity is frozen, so one parsed instance serves every use of a text.
    return Quantity.parse(text)


def tuple_of(cls: type) -> Callable[[Iterable[Any] | None], tuple[Any, ...]]:
    def convert(values: Iterable[Any] | None) -> tuple[Any, ...]:
        if values is None or values == ():  # no items: the common case when many entries are loaded
            return ()
        if isinstance(values, (str, bytes)):
            values = [values]
        return tuple(v if isinstance(v, cls) else _coerce(cls, v) for v in values)

    return convert


def _coerce(cls: type, value: Any) -> Any:
    if cls is str:
        return clean(value)
    if isinstance(value, Mapping):
        return cls(**value)
    if hasattr(cls, "parse"):
        return cls.parse(value)
    raise InvalidValue(f"expected a {cls.__name__}, got {value!r}")


def keywords(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = values.split(",")
    return tuple(k for k in (clean(v) for v in values) if k)


def tags(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """Lowercase, de-duplicated tags in the order first given."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    seen: dict[str, None] = {}
    for value in values:
        tag = clean(value).lower()
        if not tag:
            raise InvalidValue("a tag must not be empty")
        if len(tag) > MAX_WORD:
            raise InvalidValue(f"tag {tag[:20]!r}… is longer than {MAX_WORD} characters")
        seen.setdefault(tag, None)
    return tuple(seen)


def level(value: object) -> int:
    if value.__class__ is int and value in (1, 2, 3):  # as stored: nothing to parse
        return value
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InvalidValue(f"skill level {value!r} is not 1, 2 or 3") from None
    if number not in (1, 2, 3):
        raise InvalidValue(f"skill level {value!r} is not 1, 2 or 3")
    return number


def no_duplicates(kind: str, slugs: Iterable[str]) -> None:
    seen: dict[str, int] = {}
    for position, name in enumerate(slugs):
        if name in seen:
            raise DuplicateItem(kind, name, seen[name], position)
        seen[name] = position


_URL = re.compile(r"^(https?://|mailto:)[^\s<>\"]+$", re.IGNORECASE)


def is_web_address(value: str) -> bool:
    return bool(_URL.match(value))

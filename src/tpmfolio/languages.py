"""The languages tpmfolio speaks, and reading a language tag a person typed.

One small module shared by the profile's ``lang``, translations, rendering
and reading postings, so every place accepts the same tags and refuses the
others with the same sentence. It does not import Babel: reading a tag is
on the path of commands that never render.

A tag is a language (``de``) optionally followed by a region (``de-AT``,
``en_US``, ``es-419``); tpmfolio writes it back as ``de-AT``. Translations
of the person's own text are kept per language, not per region: ``de-AT``
and ``de-CH`` both read the ``de`` translation.
"""

from __future__ import annotations

import re

from .errors import InvalidValue

# The languages whose interface words ship, and in which text can be translated.
SUPPORTED: tuple[str, ...] = ("en", "de", "fr", "es")
DEFAULT = "en"

_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|[0-9]{3}))?$")


class UnsupportedLanguage(InvalidValue):
    """A language tag that is malformed or names a language tpmfolio does not ship."""

    def __init__(self, tag: object) -> None:
        self.tag = tag
        super().__init__(
            f"{tag!r} is not a supported language; use one of: {', '.join(SUPPORTED)}"
            " (a region may follow, as in en-US)"
        )


def parse_tag(text: object) -> str:
    """The tag in its written form (``de``, ``en-US``), or :class:`UnsupportedLanguage`.

    >>> parse_tag("en_us")
    'en-US'
    """
    match = _TAG.match(str(text).strip()) if isinstance(text, str) else None
    if match is None:
        raise UnsupportedLanguage(text)
    language, region = match.group(1).lower(), match.group(2)
    if language not in SUPPORTED:
        raise UnsupportedLanguage(text)
    return f"{language}-{region.upper()}" if region else language


def optional_tag(text: object) -> str:
    """``""`` for no language (the profile's default: English), else :func:`parse_tag`."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return ""
    return parse_tag(text)


def language_of(tag: str) -> str:
    """The language of a tag, without its region: what translations are kept under.

    >>> language_of("de-AT")
    'de'
    """
    return parse_tag(tag).split("-", 1)[0]


def region_of(tag: str) -> str:
    """The region of a tag (``US`` for ``en-US``), or ``""``."""
    parts = parse_tag(tag).split("-", 1)
    return parts[1] if len(parts) == 2 else ""

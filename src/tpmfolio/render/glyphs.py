"""Characters no installed font can draw, and how to get a font for them.

Text the theme's fonts do not cover falls back to any installed font (Pango
and fontconfig do that). Only when no font at all covers a character does
WeasyPrint draw an empty box; it says so in a log record for each one. That
record comes from the same engine that draws the page, so it is exact, and
costs nothing: asking fontconfig (``fc-list :charset=...``) or reading every
installed font's character map would repeat, slower, what the layout has
already done.
"""

from __future__ import annotations

import logging
import re
import unicodedata

_NOTDEF = re.compile(r"^\.notdef glyph rendered .*\(U\+(?P<code>[0-9A-Fa-f]+)\)$")

# Debian/Ubuntu packages with openly licensed fonts, by script.
_CJK_PACKAGE = "fonts-noto-cjk"
_EMOJI_PACKAGE = "fonts-noto-color-emoji"
_OTHER_PACKAGE = "fonts-noto-core"


class MissingGlyphs(logging.Handler):
    """Collects the characters WeasyPrint drew as empty boxes while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.characters: dict[str, None] = {}  # ordered and without repeats

    def emit(self, record: logging.LogRecord) -> None:
        match = _NOTDEF.match(record.getMessage())
        if match:
            self.characters[chr(int(match["code"], 16))] = None

    def text(self) -> str:
        """The missing characters, in the order first met."""
        return "".join(self.characters)


def font_advice(characters: str) -> str:
    """One line: which characters print as empty boxes and which font package covers them.

    >>> font_advice("中😀").split("; ")
    ['no installed font covers "中" (U+4E2D), "😀" (U+1F600): they print as empty boxes', \
'install a font for them, e.g. apt-get install fonts-noto-cjk fonts-noto-color-emoji']
    """
    shown = ", ".join(f'"{c}" (U+{ord(c):04X})' for c in characters[:8])
    if len(characters) > 8:
        shown += f" and {len(characters) - 8} more"
    packages = sorted({_package(c) for c in characters}, key=[_CJK_PACKAGE, _EMOJI_PACKAGE, _OTHER_PACKAGE].index)
    return (
        f"no installed font covers {shown}: they print as empty boxes; "
        f"install a font for them, e.g. apt-get install {' '.join(packages)}"
    )


def _package(character: str) -> str:
    code = ord(character)
    name = unicodedata.name(character, "")
    if name.startswith(("CJK ", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC", "FULLWIDTH", "HALFWIDTH")):
        return _CJK_PACKAGE
    if code >= 0x1F000 or 0x2600 <= code <= 0x27BF or unicodedata.category(character) == "So":
        return _EMOJI_PACKAGE
    return _OTHER_PACKAGE

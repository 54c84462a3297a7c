"""Text in both themes is readable: a contrast ratio of at least 4.5:1 (WCAG 2 AA) for every text colour."""

from __future__ import annotations

import re

import pytest

from tpmfolio.render.themes import themes_root

MINIMUM = 4.5
WHITE = "#ffffff"
# Tinted panels that hold text styled by other rules (the page is white elsewhere).
PANELS = {"classic": [], "modern": ["#f2f7f7", "#f2f5f7"]}
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COLOR = re.compile(r"(?<![-\w])(?:color|fill):\s*\"?(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b")
_BACKGROUND = re.compile(r"background(?:-color)?:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b")


def luminance(colour: str) -> float:
    """Relative luminance as WCAG 2 defines it."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)

    def channel(pair: str) -> float:
        v = int(pair, 16) / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(hex_digits[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def pairs(theme: str) -> list[tuple[str, str, str]]:
    """(where, text colour, background) for every text colour the theme sets, on every background it can sit on."""
    folder = themes_root() / theme
    css = (folder / "style.css").read_text(encoding="utf-8")
    body = re.search(r"html\s*\{[^}]*?(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", css).group(1)
    backgrounds = {b for b in _BACKGROUND.findall(css)}
    dark = [b for b in backgrounds if luminance(b) < 0.2]
    out = []
    for selector, declarations in _RULE.findall(css):
        where = " ".join(selector.split())[-60:]
        fg = _COLOR.search(declarations)
        own = _BACKGROUND.search(declarations)
        if own and not fg:
            out.append((where, body, own.group(1)))
        if not fg:
            continue
        if own:
            out.append((where, fg.group(1), own.group(1)))
        elif luminance(fg.group(1)) > 0.5:  # light text only ever sits on the theme's dark fills
            out.extend((where, fg.group(1), b) for b in dark)
        else:
            out.extend((where, fg.group(1), b) for b in [WHITE, *PANELS[theme]])
    # The charts' palette: text drawn on the white page.
    template = (folder / "template.html.j2").read_text(encoding="utf-8")
    palette = re.search(r"set palette = \{(.*?)\}", template).group(1)
    for name in ("text", "muted", "target"):
        colour = re.search(rf'"{name}": "(#[0-9a-fA-F]{{6}})"', palette).group(1)
        out.append((f"chart {name}", colour, WHITE))
    return out


@pytest.mark.parametrize("theme", ["classic", "modern"])
def test_every_text_colour_reaches_4_5_to_1(theme: str):
    """No text colour in the stylesheet or the chart palette falls under 4.5:1 against its background."""
    found = pairs(theme)
    assert len(found) > 20
    weak = [(where, fg, bg, round(contrast(fg, bg), 2)) for where, fg, bg in found if contrast(fg, bg) < MINIMUM]
    assert [] == weak


def test_the_contrast_formula():
    """Black on white is 21:1, a colour on itself 1:1, and the WCAG example grey #767676 just passes."""
    assert 21.0 == round(contrast("#000000", "#ffffff"), 1)
    assert 1.0 == contrast("#1d3557", "#1d3557")
    assert 4.54 == round(contrast("#767676", "#ffffff"), 2)

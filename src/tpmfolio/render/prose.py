"""The person's prose as a typesetter would print it: curly quotes, real dashes, paragraphs and lists.

People type straight quotes, ``--`` and ``...`` on a keyboard; a printed
portfolio shows “quotes”, apostrophes (it’s), dashes and ellipses.
SmartyPants (the maintained ``smartypants`` package) does this with
decades of rules for apostrophes and nested quotes, so it is used rather
than hand-written regular expressions. It is applied only to prose:
values typed as numbers (``$1.2M``, ``640 tickets/week``), dates, URLs and
e-mail addresses are shown exactly as typed.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_BULLET = re.compile(r"^(?:[-*•‣–]|\d{1,2}[.)])\s+")


@functools.cache
def _attributes() -> int:
    import smartypants

    a = smartypants.Attr
    # quotes, "--" en dash and "---" em dash, ellipses, Unicode characters
    # (not HTML entities: the template escapes the text itself).
    return int(a.q | a.D | a.e | a.u)


def smarten(text: str) -> str:
    """``"It's done" -- ok...`` → ``“It’s done” – ok…``; empty text stays empty.

    >>> smarten('"Where is my shipment?" was 41%')
    '“Where is my shipment?” was 41%'
    """
    if not text or not ("'" in text or '"' in text or "--" in text or "..." in text):
        return text  # nothing to change: skip the parser
    import smartypants

    return str(smartypants.smartypants(text, _attributes()))


def blocks(text: str, *, steps: bool = False) -> list[dict[str, Any]]:
    """Split free text into paragraphs and lists, the only structure people type.

    Lines that all start with a bullet (``-``, ``*``, ``•``) or a number
    (``1.``, ``2)``) are a list. With ``steps`` (actions, decisions,
    lessons) every line the person wrote on its own is one item of a list,
    because that is how people write down steps; a single line stays a
    paragraph.

    >>> blocks("Interviewed six coordinators\\nCut the first release", steps=True)[0]["bullets"]
    ['Interviewed six coordinators', 'Cut the first release']
    """
    text = smarten(text.strip())
    if steps:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > 1:
            return [{"kind": "list", "bullets": [_BULLET.sub("", line) for line in lines]}]
    out: list[dict[str, Any]] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            out.append({"kind": "list", "bullets": [_BULLET.sub("", line) for line in lines]})
        else:
            out.append({"kind": "paragraph", "lines": lines})
    return out


def first_sentence(text: str, limit: int = 160) -> str:
    """The opening sentence of ``text``, cut at a word near ``limit``: one line for a compact list."""
    text = " ".join(smarten(text).split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:–—")
    return cut + "…"

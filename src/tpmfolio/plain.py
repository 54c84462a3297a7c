"""Value objects as plain data: what ``--json`` prints and exports write.

Each ``to_json`` names the attributes it shows, in the order the output
keeps (scripts and diffs rely on it), and adds what it computes; how a value
becomes JSON-able (a tuple as a list, a nested value object by its own
``to_json``) is said once, here.
"""

from __future__ import annotations

from typing import Any


def plain_data(value: object, *names: str) -> dict[str, Any]:
    """``{name: value.name}`` for each of ``names`` (fields or properties), as JSON-able data.

    >>> from tpmfolio.models import Skill
    >>> plain_data(Skill("pricing", "Pricing", keywords=["pricing"]), "slug", "keywords")
    {'slug': 'pricing', 'keywords': ['pricing']}
    """
    return {name: _plain(getattr(value, name)) for name in names}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    to_json = getattr(value, "to_json", None)
    return value if to_json is None else to_json()


__all__ = ["plain_data"]

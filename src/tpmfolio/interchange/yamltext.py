"""YAML written for people to read and edit: ``|`` blocks, keys in order, no folding.

The export, the edit form and the translation form all write with it, so a
person meets one style of YAML whichever command wrote it.
"""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's emitter writes the same text as the pure-Python one, ten times faster.
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _ReadableDumper(_SafeDumper):  # type: ignore[misc, valid-type]
    """Safe dumper that writes multi-line text as ``|`` blocks a person can edit."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_ReadableDumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """YAML for people: keys in the order given, unicode as is, no line folding.

    Long lines are not folded because a folded paragraph is confusing to edit
    and editors wrap on screen anyway.
    """
    return yaml.dump(
        data,
        Dumper=_ReadableDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )

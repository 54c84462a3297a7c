"""Collecting every problem of an import file, each with the place it is at.

A person fixing an import file wants the whole list at once, named by path
(``entries[3].kpis[0].actual``) and, for YAML and JSON, by line, so checks
here record problems and carry on rather than stopping at the first.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs
import yaml

from ..errors import ImportProblems, did_you_mean
from ..safeload import compose_yaml, load_json

MESSAGE_LIMIT = 300


def join(where: str, key: str) -> str:
    """``entries[3]`` + ``title`` → ``entries[3].title``; no leading dot at the top."""
    return f"{where}.{key}" if where else key


def index(where: str, i: int) -> str:
    return f"{where}[{i}]"


# ``; did you mean 'x'?`` or ``""``: the same nudge, and cut-off, as every other error.
suggest = did_you_mean


def type_name(value: object) -> str:
    """How a person would call what they wrote: a list, a mapping, text, a number."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return type(value).__name__


def strip_field(message: str, name: str) -> str:
    """Drop the model's own field name from a validator message; the path replaces it."""
    for prefix in (f"{name}: ", f"{name} "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


@attrs.define
class Problems:
    """Problems found so far, in the order they were found, each tied to a path.

    ``lines`` maps a path to the line it starts on (YAML and JSON sources), so
    a message can point into the file the person has open.
    """

    items: list[tuple[str, str]] = attrs.field(factory=list)
    lines: dict[str, int] = attrs.field(factory=dict)
    # The YAML node tree, kept so line numbers are worked out only when a
    # problem needs one: walking 10,000 entries' nodes costs about a second.
    yaml_root: Any = None

    def add(self, path: str, message: str) -> None:
        # A message quotes the value it is about; a hostile file's value may be megabytes.
        if len(message) > MESSAGE_LIMIT:
            message = message[:MESSAGE_LIMIT] + "…"
        self.items.append((path[:MESSAGE_LIMIT], message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def messages(self) -> list[str]:
        out = []
        for path, message in self.items:
            line = self._line_of(path)
            text = f"{path}: {message}" if path else message
            out.append(f"{text} (line {line})" if line else text)
        return out

    def _line_of(self, path: str) -> int | None:
        if self.yaml_root is not None:
            _record_lines(self.yaml_root, "", self.lines)
            self.yaml_root = None
        # A missing key has no line of its own: fall back to its parent's.
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None

    def raise_if_any(self, source: str = "") -> None:
        if self.items:
            raise ImportProblems(self.messages(), source)


# --- reading text into plain data ----------------------------------------------


def parse_json(text: str, problems: Problems, where: str = "") -> Any:
    """JSON text to data, or a problem naming line and column (and a hint when cut short).

    Goes through :mod:`tpmfolio.safeload`: a file past its limits (size,
    depth) raises :class:`~tpmfolio.safeload.UnsafeInput` at once.
    """
    try:
        return load_json(text, where)
    except json.JSONDecodeError as error:
        hint = ""
        if not text[error.pos:].strip():
            hint = "; the file ends too early, is it complete?"
        problems.add("", f"line {error.lineno}, column {error.colno}: not valid JSON: {error.msg}{hint}")
        return None


def parse_yaml(text: str, problems: Problems, where: str = "") -> Any:
    """YAML text to data via the safe loader, keeping the node tree for line numbers.

    Goes through :mod:`tpmfolio.safeload`: aliases, depth and size are limited.
    """
    try:
        data, node = compose_yaml(text, where)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        where_in = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        what = getattr(error, "problem", None) or str(error)
        context = getattr(error, "context", None)
        detail = f"{what} ({context})" if context else what
        hint = ""
        if mark is not None and not text[mark.index:].strip():
            hint = "; the file ends too early, is it complete?"
        problems.add("", f"{where_in}not valid YAML: {detail}{hint}")
        return None
    problems.yaml_root = node
    return data


def _record_lines(node: yaml.Node, path: str, lines: dict[str, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines.setdefault(join(path, key.value), key.start_mark.line + 1)
                _record_lines(value, join(path, key.value), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _record_lines(item, index(path, i), lines)
    if path == "":
        lines.pop("", None)

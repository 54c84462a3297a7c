"""Reading JSON and YAML a person hands in, with limits no file can get past.

Every JSON or YAML document tpmfolio reads from outside (``import``, a job
posting for ``tailor`` and ``gaps --for``, the text back from ``edit``)
comes through here, so a hostile or broken file fails in well under a
second, in little memory, with one line, instead of after minutes with a
traceback:

- **size**: at most :data:`MAX_BYTES` (50 MB). A 10,000-entry portfolio
  exports to about 19 MB of JSON and 15 MB of YAML, so the cap leaves room
  for more than twice that while refusing a log or a disk image handed in
  by mistake before it is read.
- **nesting**: at most :data:`MAX_DEPTH` (64) levels of lists and mappings.
  tpmfolio's own document is 5 deep and a JSON Resume 4; a 100,000-deep
  array would otherwise end in ``RecursionError``.
- **YAML aliases** (``*name``) may repeat a value, but all of them together
  may add at most :data:`MAX_ALIAS_NODES` values to the document: a
  375-byte "billion laughs" of nested aliases expands to hundreds of
  millions and is refused after reading its 375 bytes. An alias inside the
  collection it names (a cycle) is refused too.

This module imports nothing heavy at start-up; ``yaml`` only when YAML is read.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from .errors import InvalidValue

_MB = 1024 * 1024
MAX_BYTES = 50 * _MB
MAX_DEPTH = 64
MAX_ALIAS_NODES = 10_000
# A YAML alias needs an anchor (``&name``) written where a value starts; text
# without one cannot hold an alias, and skips the walk that counts them.
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\[\]{},]", re.MULTILINE)
# Text decoded from UTF-8 holds no surrogates; only an escape can make one,
# and half a character cannot be stored (SQLite wants UTF-8).
_SURROGATE_ESCAPE = re.compile(r"\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F])")


class UnsafeInput(InvalidValue):
    """A file too large, too deeply nested or expanding too far to be read safely."""


def check_size(size: int, where: str = "", *, max_bytes: int = MAX_BYTES) -> None:
    """Refuse ``size`` bytes when over the cap, naming ``where`` and the cap."""
    if size > max_bytes:
        raise UnsafeInput(
            f"{_prefix(where)}the file is {size / _MB:.1f} MB; tpmfolio reads files up to "
            f"{max_bytes / _MB:g} MB, is it the right file?"
        )


def check_text_size(text: str, where: str = "", *, max_bytes: int = MAX_BYTES) -> None:
    """:func:`check_size` for text already read (UTF-8 bytes are what counts)."""
    if len(text) > max_bytes:
        check_size(len(text), where, max_bytes=max_bytes)
    elif len(text) * 4 > max_bytes:  # only then can the encoded size be over
        check_size(len(text.encode("utf-8", "surrogatepass")), where, max_bytes=max_bytes)


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> str:
    """A UTF-8 file's text (a BOM is dropped), refused before reading when over the cap.

    Raises ``OSError`` and ``UnicodeDecodeError`` for the caller to word, and
    :class:`UnsafeInput` for a file too big.
    """
    return read_limited(path, max_bytes=max_bytes).decode("utf-8-sig")


def read_limited(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes, refused before reading when over the cap.

    Reads at most ``max_bytes + 1`` bytes, so a FIFO or a file that keeps
    growing cannot make it read without end.
    """
    with open(path, "rb") as stream:
        check_size(os.fstat(stream.fileno()).st_size, os.fspath(path), max_bytes=max_bytes)
        data = stream.read(max_bytes + 1)
    check_size(len(data), os.fspath(path), max_bytes=max_bytes)
    return data


def load_json(text: str, where: str = "", *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """JSON text to data within the limits.

    Raises ``json.JSONDecodeError`` for text that is not JSON (the caller
    knows how to point at the line) and :class:`UnsafeInput` for text past
    a limit, including numbers of more than 4,300 digits.
    """
    check_text_size(text, where, max_bytes=max_bytes)
    try:
        data = json.loads(text, parse_constant=lambda name: _not_json(name, where))
    except RecursionError:
        raise UnsafeInput(_too_deep(where, max_depth)) from None
    except json.JSONDecodeError:
        raise
    except UnsafeInput:
        raise
    except ValueError as error:  # int() refuses more than 4,300 digits
        raise UnsafeInput(f"{_prefix(where)}a number is too long to read ({_first_clause(error)})") from None
    check_depth(data, where, max_depth=max_depth)
    _check_surrogates(text, data, where)
    return data


def _check_surrogates(text: str, data: Any, where: str) -> None:
    """Refuse a ``\\ud800`` escape left unpaired: half a character that nothing can store."""
    if _SURROGATE_ESCAPE.search(text) is None:
        return
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise UnsafeInput(
            f"{_prefix(where)}a \\u escape (\\ud800–\\udfff) stands for half a character; write the character itself"
        ) from None


def check_depth(data: Any, where: str = "", *, max_depth: int = MAX_DEPTH) -> None:
    """Refuse data nested more than ``max_depth`` levels; a tree, so each level is walked once."""
    level = [data] if isinstance(data, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            raise UnsafeInput(_too_deep(where, max_depth))
        below: list[Any] = []
        for item in level:  # a comprehension per container: about 0.13 s for 10,000 entries
            below += [v for v in (item.values() if type(item) is dict else item) if type(v) is dict or type(v) is list]
        level = below


def compose_yaml(text: str, where: str = "", *, max_bytes: int = MAX_BYTES) -> tuple[Any, Any]:
    """YAML text to ``(data, node tree)`` with the safe loader, within the limits.

    Dates stay as the text written (``2024-03-15`` is a partial ISO date to
    tpmfolio, not a ``datetime.date``), and mapping keys become text
    (``2024:`` is a number key to YAML). Raises ``yaml.YAMLError`` for text
    that is not YAML and :class:`UnsafeInput` past a limit. The node tree is
    None for an empty document.
    """
    import yaml

    check_text_size(text, where, max_bytes=max_bytes)
    loader = _loader_class()(text)
    try:
        # libyaml stops past 1,000 levels with a YAMLError; the pure-Python
        # parser recurses, and RecursionError is its way of saying the same.
        node = loader.get_single_node()
        if node is None:
            return None, None
        has_anchors = _ANCHOR.search(text) is not None
        if has_anchors:
            check_aliases(node, where)
        data = loader.construct_document(node)
    except RecursionError:
        raise UnsafeInput(_too_deep(where, MAX_DEPTH)) from None
    except yaml.YAMLError as error:
        if "maximum nesting depth" in str(getattr(error, "problem", "")):
            raise UnsafeInput(_too_deep(where, MAX_DEPTH)) from None
        raise
    except UnsafeInput:
        raise
    except ValueError as error:  # int() refuses more than 4,300 digits
        raise UnsafeInput(f"{_prefix(where)}a number is too long to read ({_first_clause(error)})") from None
    finally:
        loader.dispose()
    _text_keys(data, where, shared=has_anchors)
    _check_surrogates(text, data, where)
    return data, node


def check_aliases(root: Any, where: str = "", *, max_nodes: int = MAX_ALIAS_NODES, max_depth: int = MAX_DEPTH) -> None:
    """Refuse a YAML node graph whose aliases add more than ``max_nodes`` values, loop, or nest too deep.

    Each distinct node is sized once (sizes of shared nodes are remembered),
    so a billion laughs costs as much to check as its few dozen nodes.
    """
    import yaml

    sizes: dict[int, tuple[int, int]] = {}  # id → (values once expanded, depth)
    open_nodes: set[int] = set()  # being walked: their descendants are on the stack
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node, yaml)
        if done:
            size = 1 + sum(sizes[id(c)][0] for c in children)
            depth = 1 + max((sizes[id(c)][1] for c in children), default=0)
            sizes[key] = (size, depth)
            open_nodes.discard(key)
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise UnsafeInput(f"{_prefix(where)}a YAML alias refers to the collection it is in; write the values out")
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children)
    size, depth = sizes[id(root)]
    if size - len(sizes) > max_nodes:
        raise UnsafeInput(
            f"{_prefix(where)}YAML aliases (*name) repeat {size - len(sizes):,} values; "
            f"tpmfolio allows {max_nodes:,}, write the values out"
        )
    if depth - 1 > max_depth:  # scalars count as a level here, not in check_depth
        raise UnsafeInput(_too_deep(where, max_depth))


def _children(node: Any, yaml: Any) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _text_keys(data: Any, where: str, *, shared: bool) -> None:
    """Turn mapping keys into text in place, checking the depth on the way down.

    ``shared`` is set when aliases may make one list or mapping appear in
    several places: each is then converted once (depth was checked on the
    node graph, where it is exact).
    """
    level = [data] if isinstance(data, (dict, list)) else []
    seen: set[int] = set()
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH and not shared:
            raise UnsafeInput(_too_deep(where, MAX_DEPTH))
        below: list[Any] = []
        for item in level:
            if shared:
                if id(item) in seen:
                    continue
                seen.add(id(item))
            if type(item) is dict and not all(type(k) is str for k in item):
                pairs = list(item.items())
                item.clear()
                item.update((str(k), v) for k, v in pairs)
            below += [v for v in (item.values() if type(item) is dict else item) if type(v) is dict or type(v) is list]
        level = below


_LOADER: Any = None


def _loader_class() -> Any:
    """Safe loading (with libyaml when installed) that keeps dates as the text written."""
    global _LOADER
    if _LOADER is None:
        import yaml

        class TextDatesLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
            pass

        TextDatesLoader.add_constructor(
            "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
        )
        _LOADER = TextDatesLoader
    return _LOADER


def _not_json(name: str, where: str) -> Any:
    """Python's json reads NaN and Infinity, which JSON does not have and no tpmfolio value can be."""
    raise UnsafeInput(f"{_prefix(where)}{name} is not a JSON value; write a number, or text in quotes")


def _prefix(where: str) -> str:
    return f"{where}: " if where else ""


def _too_deep(where: str, max_depth: int) -> str:
    return (
        f"{_prefix(where)}lists and mappings are nested more than {max_depth} levels deep; "
        "tpmfolio's files need 6, is it the right file?"
    )


def _first_clause(error: BaseException) -> str:
    return str(error).split(";", 1)[0]


__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "UnsafeInput",
    "check_aliases",
    "check_depth",
    "check_size",
    "check_text_size",
    "compose_yaml",
    "load_json",
    "read_limited",
    "read_text",
]

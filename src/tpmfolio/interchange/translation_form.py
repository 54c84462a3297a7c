"""The YAML form ``tpmfolio translate`` opens in ``$EDITOR``: each field beside its original.

A translator works from the original, so each field is preceded by its
original text as a comment and followed by the translation so far (or
``''``). Only fields with text to translate are offered, plus any already
translated. Reading the form back gives the whole translation into the
language: a field left empty is not translated.
"""

from __future__ import annotations

from typing import Any

from ..errors import ImportProblems
from ..languages import language_of
from ..translations import translated_fields
from .entries import text_value
from .problems import Problems, parse_yaml, suggest, type_name
from .yamltext import dump_yaml

LANGUAGE_NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish"}


def translation_form(value: Any, lang: str, heading: str) -> str:
    """The form for ``value`` (an Entry or Profile) in ``lang``; ``heading`` names it (``entry 4``).

    >>> from tpmfolio import Entry
    >>> print(translation_form(Entry(title="Checkout"), "de", "entry 1"))  # doctest: +NORMALIZE_WHITESPACE
    # entry 1 in German (de). Write each translation after its field's name; the original is above it.
    # A field left empty is not translated: the original is used in its place.
    <BLANKLINE>
    # Checkout
    title: ''
    <BLANKLINE>
    """
    code = language_of(lang)
    current = value.translations.fields(code)
    name = LANGUAGE_NAMES.get(code, code)
    lines = [
        f"# {heading} in {name} ({code}). Write each translation after its field's name; the original is above it.",
        "# A field left empty is not translated: the original is used in its place.",
        "",
    ]
    for field in translated_fields(type(value)):
        original = getattr(value, field)
        if not original and field not in current:
            continue
        lines.extend(f"# {line}".rstrip() for line in (original or "(empty)").splitlines())
        lines.append(dump_yaml({field: current.get(field, "")}).rstrip("\n"))
        lines.append("")
    return "\n".join(lines)


def read_translation_form(text: str, cls: type) -> dict[str, str]:
    """The fields of a filled-in form (``""`` for one left empty); every problem named with its line."""
    problems = Problems()
    data = parse_yaml(text, problems)
    known = translated_fields(cls)
    fields: dict[str, str] = {}
    if not problems:
        if data is None:
            data = {}
        if not isinstance(data, dict):
            problems.add("", f"the form must be field names with their text, like 'title: …', not {type_name(data)}")
        else:
            for key, value in data.items():
                if key not in known:
                    problems.add(str(key), f"{str(key)!r} cannot be translated" + (suggest(str(key), known) or f"; translate one of: {', '.join(known)}"))
                    continue
                checked = text_value(value, str(key), problems)
                if checked is not None:
                    fields[key] = checked
    if problems:
        raise ImportProblems(problems.messages())
    return fields


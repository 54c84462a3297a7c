"""The person's own text in other languages: language → field → text.

An entry or the profile keeps its text as typed (the original) and, beside
it, translations of some of its fields. Which fields can be translated is
said once, on the model's fields (``metadata[TRANSLATED]``); a translation
is checked against that list and against the field's own length rule.

:class:`Translations` is a read-only mapping (``entry.translations["de"]
["title"]``) that is hashable and always iterates in the same order
(languages alphabetically, fields in the model's order), so exports are
byte-stable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

import attrs

from . import rules
from .errors import InvalidValue
from .languages import language_of

TRANSLATED = "tpmfolio.translated"  # field metadata: this text field can be translated

T = TypeVar("T")


@attrs.frozen
class Translation:
    """One translated field: how it is stored (one row per language and field)."""

    lang: str
    field: str
    text: str

    def to_row(self) -> dict[str, Any]:
        return {"lang": self.lang, "field": self.field, "text": self.text}


class Translations(Mapping[str, Mapping[str, str]]):
    """Translations of one entry or profile; empty when there are none."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self._data: dict[str, dict[str, str]] = {}
        for lang, fields in (data or {}).items():
            if fields:
                self._data[lang] = dict(fields)

    # Mapping
    def __getitem__(self, lang: str) -> Mapping[str, str]:
        return self._data[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == {k: dict(v) for k, v in other.items() if v}
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self.rows()))

    def __repr__(self) -> str:
        return f"Translations({self._data!r})"

    def rows(self) -> Iterator[Translation]:
        for lang, fields in self._data.items():
            for field, text in fields.items():
                yield Translation(lang, field, text)

    def to_data(self) -> dict[str, dict[str, str]]:
        """Plain JSON-able data: ``{"de": {"title": "…"}}``."""
        return {lang: dict(fields) for lang, fields in self._data.items()}

    def fields(self, lang: str) -> Mapping[str, str]:
        """The translated fields in ``lang`` (a tag such as ``de-AT`` reads ``de``); empty if none."""
        return self._data.get(language_of(lang), {})

    def merged(self, lang: str, fields: Mapping[str, str]) -> dict[str, dict[str, str]]:
        """These translations with ``fields`` set in ``lang`` (data, to build the owner again)."""
        data = self.to_data()
        data.setdefault(language_of(lang), {}).update(fields)
        return data


def converter_for(owner: Callable[[], type]) -> Callable[[Any], Translations]:
    """An attrs converter: a mapping, translation rows or ``None`` → :class:`Translations`.

    ``owner`` gives the class (Entry, Profile) once it exists. Languages are
    checked here and the result is put in canonical order (languages
    alphabetically, fields in the model's order), so stored rows, exports
    and comparisons never depend on how the text was typed; the fields are
    checked by :func:`check`.
    """

    def convert(value: Any) -> Translations:
        if isinstance(value, Translations):
            return value
        if value is None:
            return Translations()
        data: dict[str, dict[str, str]] = {}
        items: Iterable[Any]
        if isinstance(value, Mapping):
            items = ((lang, field, text) for lang, fields in value.items() for field, text in _fields(lang, fields))
        else:
            items = ((t.lang, t.field, t.text) if isinstance(t, Translation) else tuple(t) for t in value)
        for lang, field, text in items:
            data.setdefault(language_of(lang), {})[str(field)] = rules.clean(text)
        order = {name: i for i, name in enumerate(translated_fields(owner()))}
        return Translations(
            {lang: dict(sorted(data[lang].items(), key=lambda kv: order.get(kv[0], len(order)))) for lang in sorted(data)}
        )

    return convert


def _fields(lang: str, fields: Any) -> Iterable[tuple[str, Any]]:
    if not isinstance(fields, Mapping):
        raise InvalidValue(f"translations.{lang} must map field names to text")
    return fields.items()


def translated_fields(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` (Entry, Profile) a person can translate, in the model's order."""
    return tuple(a.name for a in attrs.fields(cls) if a.metadata.get(TRANSLATED))


def validator_for(owner: Callable[[], type]) -> Any:
    """An attrs validator: known fields only, each with non-empty text within the field's own limits.

    ``owner`` gives the class (Entry, Profile) rather than reading it off the
    instance, as importers check fields on a stand-in before building.
    """

    def check(instance: Any, attribute: attrs.Attribute, value: Translations) -> None:
        cls = owner()
        known = translated_fields(cls)
        fields_by_name = {a.name: a for a in attrs.fields(cls)}
        for translation in value.rows():
            field, lang = translation.field, translation.lang
            if field not in known:
                raise InvalidValue(f"{field!r} cannot be translated; translate one of: {', '.join(known)}")
            if not translation.text:
                raise InvalidValue(f"the {lang} translation of {field} is empty; give the text or leave the field out")
            validator = fields_by_name[field].validator
            if validator is not None:
                validator(instance, fields_by_name[field], translation.text)

    return check


def in_language(value: T, lang: str) -> T:
    """``value`` (an Entry or Profile) with its fields in ``lang`` where translated.

    Each field falls back to the original on its own: a German title with an
    English summary when only the title was translated. The translations
    themselves are kept, so the result can be translated again.
    """
    fields = value.translations.fields(lang)  # type: ignore[attr-defined]
    if not fields:
        return value
    return attrs.evolve(value, **fields)  # type: ignore[misc]

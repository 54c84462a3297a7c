"""What the ranking reads of each entry, from entries or straight from the database.

Scoring an entry for a posting reads its words, its skills with their
levels, its KPI slugs and its dates, in the posting's language where the
person translated it: :class:`RankingInput`. Built from an :class:`Entry`
(:meth:`RankingInput.of`) for entries in memory, or from the stored rows by
:func:`stored_inputs`, which reads only those columns: ranking 10,000 stored
entries then builds 10,000 small records instead of 10,000 entries with all
their KPI results, quotes and links, and only the entries returned are
loaded whole. Both give the same values: the stored text goes through the
fields' own converters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from sqlite_utils import Database

from .. import rules, store
from ..models import SEARCHED_FIELDS, Entry
from ..translations import converter_for, language_of

_TITLE = SEARCHED_FIELDS.index("title")
# The conversion Entry's own translations field makes of stored rows.
_translations = converter_for(lambda: Entry)


@attrs.frozen
class RankingInput:
    """One entry as the ranking sees it; ``text`` is :func:`searchable`'s, ``skills`` are (slug, level) in the entry's order."""

    id: int | None
    title: str
    text: str
    skills: tuple[tuple[str, int], ...]
    kpis: tuple[str, ...]
    started: str | None
    ended: str | None

    @classmethod
    def of(cls, entry: Entry) -> RankingInput:
        """``entry`` as given (translate it first with ``entry.in_language(lang)``)."""
        return cls(
            entry.id,
            entry.title,
            searchable(entry),
            tuple((s.skill, s.level) for s in entry.skills),
            tuple(k.kpi for k in entry.kpis),
            entry.started,
            entry.ended,
        )


def searchable(entry: Entry) -> str:
    """The entry's text that ranking reads: the fields the full-text index searches (title, STAR text, …) and tags."""
    return _searchable([getattr(entry, name) for name in SEARCHED_FIELDS], entry.tags)


def _searchable(texts: Sequence[str], tags: Sequence[str]) -> str:
    text = "\n".join(texts)
    return f"{text}\n{' '.join(tags)}" if tags else text


def stored_inputs(db: Database, lang: str, *, include_confidential: bool = True) -> list[RankingInput]:
    """:meth:`RankingInput.of` every stored entry read in ``lang``, from the columns the ranking needs, in id order."""
    rows = store.ranking_rows(db, include_confidential=include_confidential)
    code = language_of(lang)
    clean, date, tags_of = rules.clean, rules.optional_date, rules.tags
    inputs = []
    for entry_id, started, ended, *stored in rows.entries:
        texts = list(map(clean, stored))
        translated = rows.translations.get(entry_id)
        if translated:
            fields = dict(zip(SEARCHED_FIELDS, texts))
            fields.update(_translated(translated, code))
            texts = list(fields.values())
        tags = rows.tags.get(entry_id)
        inputs.append(
            RankingInput(
                entry_id,
                texts[_TITLE],
                _searchable(texts, tags_of(tags) if tags else ()),
                tuple((skill, int(level)) for skill, level in rows.skills.get(entry_id, ())),
                tuple(rows.kpis.get(entry_id, ())),
                date(started),
                date(ended),
            )
        )
    return inputs


def _translated(rows: Iterable[Sequence[Any]], code: str) -> Mapping[str, str]:
    """The searched fields an entry has in ``code``, as :meth:`Entry.in_language` reads its translations."""
    fields = _translations([list(row) for row in rows]).fields(code)
    return {name: rules.clean(text) for name, text in fields.items() if name in SEARCHED_FIELDS}


__all__ = ["RankingInput", "searchable", "stored_inputs"]

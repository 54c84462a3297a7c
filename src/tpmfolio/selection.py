"""Which entries go in a document, in which order: all of them, or the best for a posting.

Untailored, the entries the filters keep, in the order asked for
(:mod:`.render.curation`); tailored, the entries that answer the posting
best, with a few more when they answer requirements the best leave open.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .errors import InvalidValue
from .models import Entry

if TYPE_CHECKING:  # pragma: no cover
    from .portfolio import Portfolio

# A tailored portfolio keeps the entries that answer the posting best; a
# hiring manager reads the first few pages, so ten is already generous.
DEFAULT_TAILORED_ENTRIES = 10
COVER_EXTRA = 3


@attrs.frozen
class Selection:
    """The entries chosen for one document and, when tailored, why."""

    entries: list[Entry]
    posting: Any = None
    ranked: list[Any] = attrs.field(factory=list)


def select(
    folio: Portfolio,
    *,
    job: Any,
    limit: int | None,
    skills: Sequence[str],
    since: str | None,
    include_confidential: bool,
    order: str = "strength", include_kinds: Sequence[str] = (),
) -> Selection:
    """Which entries of ``folio`` go in the document, in which order (see :meth:`Portfolio.render_pdf`)."""
    from .render.curation import check_choices, order_entries, without_hidden_kinds

    for slug in skills:
        folio.skill(slug)
    check_choices(order, include_kinds)
    if job is None:
        entries = without_hidden_kinds(folio.entries(since=since, include_confidential=include_confidential), include_kinds)
        if skills:
            entries = [e for e in entries if set(e.skill_slugs) & set(skills)]
        if not entries:
            raise InvalidValue(
                "no entries to render; check the skill and since filters, the confidential entries "
                "and the kinds included (conversations are left out by default)"
            )
        entries = order_entries(entries, folio.kpis(include_hidden=True), order)
        return Selection(entries=entries[:limit] if limit else entries)
    from .errors import PostingError
    from .tailor import choose, no_match_message

    posting = folio.read_posting(job)
    ranked = folio.tailor(posting, include_confidential=include_confidential)
    message = no_match_message(posting, ranked)
    if message:
        raise PostingError(message)
    wanted = set(skills)
    # since means the same as untailored: the work overlaps the period.
    in_period = {e.id for e in folio.entries(since=since, include_confidential=include_confidential)} if since else None
    shown = {id(e) for e in without_hidden_kinds([r.entry for r in ranked], include_kinds)}
    kept = [
        r for r in ranked
        if r.score > 0
        and id(r.entry) in shown
        and (not wanted or wanted & set(r.entry.skill_slugs))
        and (in_period is None or r.entry.id in in_period)
    ]
    # An explicit limit is a promise about length; the default may grow
    # a little so that evidence the person has reaches the fit page.
    kept = choose(kept, limit=limit or DEFAULT_TAILORED_ENTRIES, cover_extra=0 if limit else COVER_EXTRA)
    if not kept:
        raise PostingError(f"no entry answers {posting.label} within the skill and since filters; widen them")
    # Tailored, "strength" is strength for this posting: the ranking's order.
    entries = [r.entry for r in kept] if order != "date" else order_entries([r.entry for r in kept], folio.kpis(), "date")
    return Selection(entries=entries, posting=posting, ranked=kept)

"""The library's front door: one portfolio file and everything you can do with it.

``Portfolio`` checks what the store cannot (that every skill and KPI an entry
names exists), stamps times, and hands analysis, tailoring and rendering the
model objects they need. The CLI is a thin layer over it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypedDict

import attrs

from . import store
from .dates import utc_now
from .errors import InvalidValue, SlugTaken, TpmfolioWarning, UnknownSlug
from .importer import ImportReport
from .models import Entry, Kpi, Measurement, Profile, Skill

if TYPE_CHECKING:  # pragma: no cover - loaded only by the methods that need them
    from typing_extensions import Unpack

    from .analysis import EvidenceTally, GapReport, SkillCoverage, StepProgress
    from .posting import Posting
    from .selection import Selection
    from .tailor import RankedEntry


class RenderChoices(TypedDict, total=False):
    """What goes in a rendered portfolio: the options ``render_pdf`` and ``render_html`` share.

    ``job`` (a posting, as :meth:`Portfolio.read_posting` takes it) tailors it; ``limit``, ``skills``, ``since``,
    ``include_confidential`` (default False) pick the entries; ``generated`` is the date
    printed (default today); ``order`` (``strength``, the default, or ``date``) and
    ``include_kinds``: see :mod:`tpmfolio.render.curation`. ``lang`` (``de``, ``fr-CA``;
    default the profile's, else English): the language of the PDF's own words, dates and
    figures, and of the person's text where translated (field by field, else as typed).
    """

    job: Any
    limit: int | None
    skills: Sequence[str]
    since: str | None
    include_confidential: bool
    generated: dt.date | None
    order: str
    include_kinds: Sequence[str]
    lang: str | None


class Portfolio:
    """An open portfolio file.

    >>> with Portfolio.open("portfolio.db") as folio:           # doctest: +SKIP
    ...     entry_id = folio.add(Entry(title="Checkout redesign", skills=["customer-focus:3"]))
    ...     [e.title for e in folio.entries(skill="customer-focus")]
    ['Checkout redesign']
    """

    def __init__(self, db: Any, path: Path) -> None:
        self.db = db
        self.path = path

    # --- opening ----------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, create: bool = True) -> Portfolio:
        """Open the file at ``path`` (default: ``$TPMFOLIO_DB`` or the app directory).

        ``create=False`` raises :class:`~tpmfolio.errors.PortfolioNotFound`
        instead of making a new file. A file that cannot be written is opened
        for reading; writing to it raises a one-line ``DatabaseError``.
        """
        resolved = Path(path).expanduser() if path is not None else store.default_db_path()
        return cls(store.connect(resolved, create=create), resolved)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Portfolio:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- entries ------------------------------------------------------------------

    def add(self, entry: Entry) -> int:
        """Store a new entry with everything attached to it; returns its id."""
        self._check_slugs([entry])
        now = utc_now()
        entry = attrs.evolve(entry, id=None, created=entry.created or now, updated=entry.updated or now)
        with store.write_transaction(self.db):
            # Checked inside the write lock: two adds of one uid cannot both pass.
            if self.db.execute("SELECT 1 FROM entries WHERE uid = ?", [entry.uid]).fetchone():
                raise InvalidValue(f"an entry with uid {entry.uid!r} exists already; leave uid out to get a new one")
            return store.insert_entry(self.db, entry)

    def get(self, ref: int | str) -> Entry:
        """The entry with id ``ref`` (a number) or uid ``ref``."""
        entry_id = store.find_entry_id(self.db, ref)
        return store.load_entries(self.db, [entry_id])[0]

    def update(self, entry: Entry) -> Entry:
        """Replace the stored entry that has ``entry.id`` with ``entry``."""
        entry_id = entry.id
        if entry_id is None:
            raise InvalidValue("update needs an entry that has an id; use add for a new one")
        self._check_slugs([entry])
        current = self.get(entry_id)
        entry = attrs.evolve(entry, created=current.created, updated=utc_now())
        with store.write_transaction(self.db):
            store.update_entry(self.db, entry)
        return self.get(entry_id)

    def remove(self, ref: int | str) -> Entry:
        """Delete an entry and everything attached to it; returns what was removed."""
        entry = self.get(ref)
        with store.write_transaction(self.db):
            store.delete_entry(self.db, entry.id)  # type: ignore[arg-type]
        return entry

    def entries(
        self,
        *,
        skill: str | None = None,
        kpi: str | None = None,
        kind: str | None = None,
        tag: str | None = None,
        since: str | None = None,
        until: str | None = None,
        text: str | None = None,
        limit: int | None = None,
        include_confidential: bool = True,
    ) -> list[Entry]:
        """Entries matching every given filter, most recent first.

        >>> folio.entries(skill="customer-focus", since="2023", limit=5)   # doctest: +SKIP
        """
        if skill:
            self.skill(skill)
        if kpi:
            self.kpi(kpi)
        if limit is not None and limit < 0:
            raise InvalidValue(f"limit must be 0 or more, not {limit}")
        filters = store.EntryFilter(skill=skill, kpi=kpi, kind=kind, tag=tag, since=since, until=until, text=text)
        ids = store.query_entry_ids(self.db, filters, limit=limit, include_confidential=include_confidential)
        return store.load_entries(self.db, ids)

    def count(self) -> int:
        return store.count_entries(self.db)

    def search(self, query: str, *, limit: int | None = None, include_confidential: bool = True) -> list[Entry]:
        """Entries containing every word of ``query`` (stemmed), best match first."""
        if not query.strip():
            raise InvalidValue("search needs at least one word")
        ids = store.search_ids(self.db, query, limit=limit, include_confidential=include_confidential)
        return store.load_entries(self.db, ids)

    def measure(self, ref: int | str, kpi: str, value: str, date: str) -> Measurement:
        """Add one point to an entry's time series for ``kpi``."""
        entry_id = store.find_entry_id(self.db, ref)
        self.kpi(kpi)
        measurement = Measurement(kpi=kpi, date=date, value=value)
        with store.write_transaction(self.db):
            store.insert_measurement(self.db, entry_id, measurement)
            self.db.execute("UPDATE entries SET updated = ? WHERE id = ?", [utc_now(), entry_id])
        return measurement

    # --- catalog ---------------------------------------------------------------

    def skills(self, *, include_hidden: bool = False) -> list[Skill]:
        return store.load_skills(self.db, include_hidden=include_hidden)

    def kpis(self, *, include_hidden: bool = False) -> list[Kpi]:
        return store.load_kpis(self.db, include_hidden=include_hidden)

    def skill(self, slug: str) -> Skill:
        """The skill ``slug``, hidden or not; UnknownSlug suggests close ones."""
        for skill in self.skills(include_hidden=True):
            if skill.slug == slug:
                return skill
        raise UnknownSlug("skill", slug, [s.slug for s in self.skills(include_hidden=True)])

    def kpi(self, slug: str) -> Kpi:
        for kpi in self.kpis(include_hidden=True):
            if kpi.slug == slug:
                return kpi
        raise UnknownSlug("KPI", slug, [k.slug for k in self.kpis(include_hidden=True)])

    def add_skill(self, skill: Skill) -> None:
        if skill.slug in store.catalog_flags(self.db, "skills"):
            raise SlugTaken("skill", skill.slug)
        store.insert_skill(self.db, skill)

    def add_kpi(self, kpi: Kpi) -> None:
        if kpi.slug in store.catalog_flags(self.db, "kpis"):
            raise SlugTaken("KPI", kpi.slug)
        store.insert_kpi(self.db, kpi)

    def rename_skill(self, slug: str, name: str) -> Skill:
        skill = attrs.evolve(self.skill(slug), name=name)
        store.set_catalog_field(self.db, "skills", slug, "name", skill.name)
        return skill

    def rename_kpi(self, slug: str, name: str) -> Kpi:
        kpi = attrs.evolve(self.kpi(slug), name=name)
        store.set_catalog_field(self.db, "kpis", slug, "name", kpi.name)
        return kpi

    def hide_skill(self, slug: str, hidden: bool = True) -> None:
        """Hide a skill from lists and coverage; entries that show it keep it."""
        self.skill(slug)
        store.set_catalog_field(self.db, "skills", slug, "hidden", int(hidden))

    def hide_kpi(self, slug: str, hidden: bool = True) -> None:
        self.kpi(slug)
        store.set_catalog_field(self.db, "kpis", slug, "hidden", int(hidden))

    def is_hidden_skill(self, slug: str) -> bool:
        self.skill(slug)
        return store.catalog_flags(self.db, "skills")[slug][1]

    def is_hidden_kpi(self, slug: str) -> bool:
        self.kpi(slug)
        return store.catalog_flags(self.db, "kpis")[slug][1]

    # --- profile -------------------------------------------------------------------

    def profile(self) -> Profile:
        return store.load_profile(self.db)

    def set_profile(self, profile: Profile) -> None:
        with store.write_transaction(self.db):
            store.save_profile(self.db, profile)

    # --- translations -----------------------------------------------------------------

    def translate(self, ref: int | str, lang: str, *, replace: bool = False, **fields: str) -> Entry | Profile:
        """Keep ``fields`` of entry ``ref`` (or of ``"profile"``) in ``lang``; returns what is stored.

        >>> folio.translate(3, "de", title="Neuer Checkout")             # doctest: +SKIP
        >>> folio.translate("profile", "de", headline="Ingenieurin")     # doctest: +SKIP

        ``replace``: the fields given are the whole translation into ``lang``
        (an empty one is removed), as when a form was filled in.
        """
        from .translations import translated

        if str(ref).strip() == "profile":
            profile = translated(self.profile(), lang, fields, replace=replace)
            self.set_profile(profile)
            return profile
        return self.update(translated(self.get(ref), lang, fields, replace=replace))

    def untranslated(self, lang: str) -> list[int | str]:
        """Ids of the entries with no text in ``lang``, then ``"profile"`` if it has none either."""
        from .languages import language_of
        from .translations import untranslated_text

        code = language_of(lang)
        missing: list[int | str] = list(store.untranslated_entry_ids(self.db, code))
        return missing + (["profile"] if untranslated_text(self.profile(), code) else [])

    # --- analysis and tailoring ----------------------------------------------------

    def coverage(self) -> dict[str, SkillCoverage]:
        """Each visible skill: how many entries show it and the highest level."""
        from .analysis import tally_coverage

        return tally_coverage(self._tally(), self.skills())

    def plan_progress(self) -> list[StepProgress]:
        """Progress on each of the five transition-plan steps."""
        from .analysis import tally_plan

        kpis = self.kpis(include_hidden=True)
        return tally_plan(self._tally(kpis), kpis)

    def gaps(self, *, today: dt.date | None = None) -> GapReport:
        """The full gap report: coverage, missing and stale skills, plan, business-impact share."""
        from .analysis import gap_report_from_tally

        kpis = self.kpis(include_hidden=True)
        return gap_report_from_tally(self._tally(kpis), self.skills(), kpis, today=today or dt.date.today())

    def _tally(self, kpis: Sequence[Kpi] | None = None) -> EvidenceTally:
        """The evidence counted in SQL: gaps over 100,000 entries never loads them."""
        from .analysis import EvidenceTally, business_kpi_slugs

        business = business_kpi_slugs(kpis if kpis is not None else self.kpis(include_hidden=True))
        counted = store.evidence_tally(self.db, business)
        return EvidenceTally(
            total_entries=counted["total_entries"],
            skills=counted["skills"],
            kpi_results=counted["kpi_results"],
            kinds=counted["kinds"],
            without_kpi=counted["without_kpi"],
            without_result=counted["without_result"],
        )

    def read_posting(self, job: str | Path | Mapping[str, Any]) -> Posting:
        """A job posting (JSON Resume job file or dict, text file, or pasted text), matched to this catalog."""
        from .tailor.posting import read_posting

        return read_posting(job, self.skills(include_hidden=True))

    def tailor(
        self,
        job: Any,
        *,
        limit: int | None = None,
        include_confidential: bool = True,
        today: dt.date | None = None,
    ) -> list[RankedEntry]:
        """Entries ranked for a posting, best first, each with a score and the reasons.

        >>> [(r.entry.title, r.score) for r in folio.tailor("job.json", limit=3)]   # doctest: +SKIP
        """
        from .tailor.inputs import stored_inputs
        from .tailor.posting import Posting
        from .tailor.ranking import rank, score
        from .tailor.text import search_words

        posting = job if isinstance(job, Posting) else self.read_posting(job)
        query = search_words(" ".join(r.text for r in posting.requirements))
        # The full-text index holds the text as typed, stemmed the English way.
        # SQLite searches it on another core while the ranking reads the entries.
        text_scores = store.start_bm25_scores(self.db, query) if query and posting.lang == "en" else None
        today = today or dt.date.today()
        # Reading and ranking build thousands of objects that all stay alive
        # until the ranking is returned: the collector would only walk them.
        with store.collector_paused():
            catalog = self.skills(include_hidden=True), self.kpis(include_hidden=True)
            if limit is None:  # every entry is returned, so every entry is loaded
                entries = self._all_entries(include_confidential=include_confidential)
                return rank(entries, posting, *catalog, text_scores=text_scores() if text_scores else None, today=today)
            # Ranked on the columns it reads; only the entries returned are loaded whole.
            inputs = stored_inputs(self.db, posting.lang, include_confidential=include_confidential)
            scores = score(inputs, posting, *catalog, text_scores=text_scores() if text_scores else None, today=today, limit=limit)
            chosen = [i for _, i in scores.order]
            ids = [entry_id for i in chosen if (entry_id := inputs[i].id) is not None]  # stored: every one has an id
            by_index = dict(zip(chosen, store.load_entries(self.db, ids)))
            read = {i: e.in_language(posting.lang) if e.translations else e for i, e in by_index.items()}
            return scores.ranked(by_index, read)

    def posting_gaps(self, job: Any) -> dict[str, Any]:
        """What a posting asks for that no entry answers yet (the ``posting`` part of ``gaps --for``).

        Same answer as ``tailor.posting_gaps(posting, folio.tailor(posting))``,
        reading only the entries that can answer an open requirement.
        """
        from .store import fulltext
        from .tailor.evidence import gaps_for_posting
        from .tailor.posting import Posting
        from .tailor.text import terms

        posting = job if isinstance(job, Posting) else self.read_posting(job)
        if posting.lang != "en":  # the full-text index cannot find translated text: rank them all
            from .tailor.evidence import posting_gaps

            return posting_gaps(posting, self.tailor(posting))

        def candidates(requirement: Any, kpis: Sequence[str]) -> list[Entry]:
            ids = fulltext.best_matches(self.db, requirement.text, limit=30)
            ids += [i for slug in kpis for i in fulltext.entries_with_kpi(self.db, slug, limit=5)]
            return store.load_entries(self.db, sorted(set(ids)))

        return gaps_for_posting(
            posting,
            max_levels=fulltext.max_skill_levels(self.db),
            document_frequency=fulltext.document_frequencies(self.db, posting.terms | terms(posting.title)),
            total=self.count(),
            candidates=candidates,
            skill_names={s.slug: s.name for s in self.skills(include_hidden=True)},
            kpi_by_slug={k.slug: k for k in self.kpis(include_hidden=True)},
        )

    # --- rendering ---------------------------------------------------------------------

    def render_html(self, *, theme: str | Path = "classic", paper: str | None = None, **choices: Unpack[RenderChoices]) -> str:
        """The self-contained HTML of the portfolio (what ``render_pdf`` lays out); every option as there."""
        html, _ = self._html(theme, paper, choices)
        return html

    def render_pdf(
        self,
        path: str | Path,
        *,
        theme: str | Path = "classic",
        paper: str | None = None,
        pdf_variant: str | None = None,
        progress: Callable[[str], None] | None = None,
        html_path: str | Path | None = None,
        **choices: Unpack[RenderChoices],
    ) -> Any:
        """Write the PDF portfolio to ``path``; returns a PdfInfo (path, pages, size).

        ``choices`` (see :class:`RenderChoices`) pick what goes in. With ``job`` the portfolio is
        tailored: the best entries first, a "prepared for" line on the cover, a page mapping each
        requirement to evidence, and a record in :meth:`applications`. ``html_path`` also
        writes the exact HTML that was laid out, once the PDF is written.
        ``paper``: ``a4`` or ``letter`` (default: Letter for a US or Canadian ``lang``, else A4);
        ``pdf_variant``: see ``render.pdf_variants()``.
        """
        from .render import write_pdf

        html, selection = self._html(theme, paper, choices)
        info = write_pdf(html, path, variant=pdf_variant, progress=progress)
        if html_path is not None:
            from .errors import RenderError
            from .files import write_text

            try:
                write_text(html_path, html)
            except OSError as error:
                raise RenderError(f"cannot write the HTML to {str(html_path)!r}: {error.strerror}") from None
        if selection.posting is not None:
            self._record_application(selection, info.path, theme)
        return info

    def applications(self) -> list[dict[str, Any]]:
        """Every tailored render: posting, company, date, entries included, file and SHA-256."""
        rows = store.load_applications(self.db)
        for row in rows:
            row["entry_uids"] = json.loads(row.pop("entry_uids_json") or "[]")
        return rows

    def _html(self, theme: str | Path, paper: str | None, choices: RenderChoices) -> tuple[str, Selection]:
        """The HTML to lay out and the entries chosen for it (``render_pdf`` records them when tailored)."""
        from .render import render_html, resolve_theme, with_paper

        resolve_theme(theme)  # a wrong theme fails before any work
        context, selection = self._render_context(**choices)
        return with_paper(render_html(context, theme), paper), selection

    def _render_context(
        self,
        *,
        job: Any = None,
        limit: int | None = None,
        skills: Sequence[str] = (),
        since: str | None = None,
        include_confidential: bool = False,
        generated: dt.date | None = None,
        order: str = "strength",
        include_kinds: Sequence[str] = (),
        lang: str | None = None,
    ) -> tuple[dict[str, Any], Selection]:
        """The display context; the defaults here are those of every :class:`RenderChoices` left out."""
        from .render import build_context
        from .render.language import language
        from .selection import select
        from .translations import for_reader

        profile = self.profile()
        reader_language = language(lang or profile.lang or None)
        selection = select(
            self, job=job, limit=limit, skills=skills, since=since, include_confidential=include_confidential,
            order=order, include_kinds=include_kinds,
        )
        prepared_for = None
        fit_rows = None
        if selection.posting is not None:
            from .tailor import fit

            prepared_for = {"title": selection.posting.title, "company": selection.posting.company}
            fit_rows = fit(selection.posting, selection.ranked)
        profile, entries = for_reader(reader_language.tag, profile, selection.entries, fit_rows)
        context = build_context(
            profile,
            entries,
            self.skills(),
            self.kpis(include_hidden=True),
            include_confidential=include_confidential,
            generated=generated,
            prepared_for=prepared_for,
            fit=fit_rows,
            lang=reader_language,
        )
        return context, selection

    def _record_application(self, selection: Selection, output: Path, theme: str | Path) -> None:
        digest = hashlib.sha256(Path(output).read_bytes()).hexdigest()
        posting = selection.posting
        try:
            store.insert_application(
                self.db,
                {
                    "created": utc_now(),
                    "posting_title": posting.title,
                    "company": posting.company,
                    "posting_source": posting.source,
                    "output": str(Path(output).resolve()),
                    "sha256": digest,
                    "theme": str(theme),
                    "entry_uids_json": json.dumps([e.uid for e in selection.entries]),
                },
            )
        except sqlite3.Error as error:  # the PDF is written: a file that cannot take the record must not undo that
            if (trouble := store.database_trouble(error, self.path)) is error:
                raise
            warnings.warn(TpmfolioWarning(f"the PDF is written, but the application was not recorded: {trouble}"), stacklevel=3)

    def _all_entries(self, *, include_confidential: bool = True) -> list[Entry]:
        return store.load_all_entries(self.db, include_confidential=include_confidential)

    # --- import and export --------------------------------------------------------

    def export(self, format: str = "json", *, include_confidential: bool = True, lang: str | None = None) -> str:
        """The whole portfolio as text in ``json``, ``yaml``, ``csv`` or ``jsonresume``.

        json, yaml and csv are the person's own backup and keep everything;
        a JSON Resume is for other people: it leaves confidential entries out
        unless ``include_confidential``, and is written in ``lang`` if given.
        """
        from .interchange import PortfolioContents, export_text

        # The collector stays off while the document's many small objects are built.
        with store.collector_paused():
            contents = PortfolioContents(
                self.profile(),
                self.skills(include_hidden=True),
                self.kpis(include_hidden=True),
                store.load_all_entries(self.db, by_id=True),
                hidden_skills=self._hidden_slugs("skills"),
                hidden_kpis=self._hidden_slugs("kpis"),
            )
            return export_text(format, contents, include_confidential=include_confidential, lang=lang)

    def _hidden_slugs(self, table: str) -> list[str]:
        return [slug for slug, (_, hidden) in store.catalog_flags(self.db, table).items() if hidden]

    def import_text(
        self, text: str, format: str, *, source: str = "", dry_run: bool = False, strict: bool = False
    ) -> ImportReport:
        """Bring a file's profile, custom catalog and entries in, all or nothing.

        Entries are matched by ``uid``: a new uid is added (keeping the file's
        id when it is free), a changed entry is updated, an identical one is
        left alone, so importing the same file twice changes nothing. Only
        what the file says changes: a profile or entry field it leaves out
        keeps its stored value, and a JSON Resume adds skills but never
        redefines one the person has. A JSON Resume's values that had to be
        adjusted (``Present`` as an end date, a URL without ``https://``) are
        listed in the report's ``notes``; ``strict`` refuses the file instead.
        """
        from .importer import apply_import
        from .interchange import load_document

        skills = store.catalog_flags(self.db, "skills")
        kpis = store.catalog_flags(self.db, "kpis")
        with store.collector_paused():
            imported = load_document(
                text, format, known_skills=skills, known_kpis=kpis, source=source, strict=strict,
                catalog=self.skills(include_hidden=True) if format == "jsonresume" else (),
            )
        return apply_import(
            self.db, imported, merge_missing=format == "csv", keep_catalog=format == "jsonresume", dry_run=dry_run
        )

    # --- checks --------------------------------------------------------------------

    def _check_slugs(self, entries: Iterable[Entry]) -> None:
        """Every skill and KPI named must exist: a typo must not create a new one."""
        skills = store.catalog_flags(self.db, "skills")
        kpis = store.catalog_flags(self.db, "kpis")
        for entry in entries:
            for evidence in entry.skills:
                if evidence.skill not in skills:
                    raise UnknownSlug("skill", evidence.skill, skills)
            for slug in {*entry.kpi_slugs, *(m.kpi for m in entry.measurements)}:
                if slug not in kpis:
                    raise UnknownSlug("KPI", slug, kpis)

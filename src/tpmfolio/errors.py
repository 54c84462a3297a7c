"""Errors a person can cause, with messages that say what to do.

Everything here derives from :class:`TpmfolioError`; the CLI turns any of
them into one line on stderr and a non-zero exit. Anything else escaping is a
bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class TpmfolioError(Exception):
    """Base class: a mistake the user can fix, described in ``str(error)``."""


class InvalidValue(TpmfolioError, ValueError):
    """A value typed by the user (a date, a number, a slug) is malformed.

    Subclasses ValueError so that attrs validators and plain Python code that
    expects ValueError both work.
    """


def close_matches(word: str, known: Iterable[str]) -> list[str]:
    """Up to three known words that ``word`` is probably a typo of, closest first."""
    if len(word) > 100:  # no typo is that long; difflib would index every character
        return []
    import difflib  # only on the error path: it costs ~10 ms at start-up

    return difflib.get_close_matches(word, list(known), n=3, cutoff=0.6)


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` to end a message with, or ``""`` when nothing is close.

    >>> did_you_mean("custmer-focus", ["customer-focus", "communication"])
    "; did you mean 'customer-focus'?"
    """
    matches = close_matches(word, known)
    return "; did you mean " + " or ".join(repr(m) for m in matches) + "?" if matches else ""


class UnknownSlug(TpmfolioError, LookupError):
    """A skill or KPI slug that is not in the catalog, with close matches in ``suggestions``."""

    def __init__(self, kind: str, slug: str, known: Iterable[str]) -> None:
        self.kind = kind
        self.slug = slug
        self.suggestions = close_matches(slug, known)
        super().__init__(f"unknown {kind} {slug!r}" + did_you_mean(slug, self.suggestions))


class SlugTaken(InvalidValue):
    """A skill or KPI added under a slug the catalog already has."""

    def __init__(self, kind: str, slug: str) -> None:
        self.kind = kind
        self.slug = slug
        super().__init__(f"{kind} {slug!r} exists already; rename it to change its name")


class EntryNotFound(TpmfolioError, LookupError):
    """No entry has the id or uid the user gave."""

    def __init__(self, ref: object) -> None:
        self.ref = ref
        super().__init__(f"no entry with id {ref}")


class DatabaseError(TpmfolioError):
    """The database file cannot be used: not SQLite, unreadable, too new, locked, read-only, or the disk is full."""


class PortfolioNotFound(DatabaseError, FileNotFoundError):
    """A command that only reads was pointed at a file that does not exist; nothing was created."""

    explanation = "No portfolio at {path}; open it with create=True to start one"

    def __init__(self, path: object) -> None:
        self.path = path
        super().__init__(self.explanation.format(path=path))


class EmptyPortfolioFile(PortfolioNotFound):
    """A command that only reads was pointed at a 0-byte file: not a portfolio yet, and left as it is.

    ``touch portfolio.db`` followed by a write is a fine way to start one;
    reading is not, so the file is not turned into an empty portfolio.
    """

    explanation = "{path} is empty (0 bytes), not a portfolio yet; open it with create=True to start one in it"


class ImportProblems(TpmfolioError):
    """An import file has problems; all of them are listed at once."""

    def __init__(self, problems: Sequence[str], source: str = "") -> None:
        self.problems = list(problems)
        self.source = source
        where = f"{source}: " if source else ""
        count = len(self.problems)
        head = f"{where}{count} problem{'s' if count != 1 else ''}, nothing imported"
        super().__init__(head + "\n" + "\n".join(f"  {p}" for p in self.problems))


class PostingError(TpmfolioError):
    """A job posting that cannot be read or has nothing to match."""


class RenderError(TpmfolioError):
    """The PDF or HTML could not be written (bad path, bad theme)."""


class DuplicateItem(InvalidValue):
    """A list of an entry names the same skill or KPI twice, at positions ``first`` and ``again``.

    The positions let an importer point at the very item, as in
    ``entries[3].skills[1]``, from the model's own rule.
    """

    def __init__(self, kind: str, name: str, first: int, again: int) -> None:
        self.kind, self.name, self.first, self.again = kind, name, first, again
        super().__init__(f"{kind} {name!r} is listed twice on one entry")


class FormatNotKnown(InvalidValue):
    """A file's name does not say which of the import formats it is in; the caller must."""

    def __init__(self, path: str, formats: Sequence[str]) -> None:
        self.path = path
        self.formats = tuple(formats)
        super().__init__(f"cannot tell the format of {path!r} from its name; give it as one of: {', '.join(self.formats)}")


# The problem an import reports when a JSON Resume is read as a tpmfolio document.
LOOKS_LIKE_JSON_RESUME = "this looks like a JSON Resume; read it in the 'jsonresume' format"
# ... and when a tpmfolio file is read as a JSON Resume.
LOOKS_LIKE_TPMFOLIO_FILE = "this looks like a tpmfolio file, not a JSON Resume; read it in the 'json' format"


class TpmfolioWarning(UserWarning):
    """Something the person should know although the work was done (issued with :func:`warnings.warn`)."""

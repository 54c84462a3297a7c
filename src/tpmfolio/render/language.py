"""The reader's language: interface words from gettext catalogs, dates and derived numbers from Babel.

A portfolio sent to Berlin reads "Ergebnisse" and "März 2024"; the same
portfolio sent to Chicago reads "Outcomes", "Mar 5, 2024" and is printed on
Letter paper. Only what tpmfolio itself writes changes: the person's values
("$1.4M", "34%") and text stay exactly as typed.

Catalogs are the compiled ``locale/<lang>/LC_MESSAGES/tpmfolio.mo`` files
shipped in the package (``docs/languages.md`` says how to add one). Babel is
imported only when a language is parsed or a date or number is formatted,
which happens only on the paths that render.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ..languages import SUPPORTED, UnsupportedLanguage
from ..languages import parse_tag as read_tag


def N_(message: str) -> str:
    """Mark a word for the catalogs where it is defined; it is translated where it is shown."""
    return message


SUPPORTED_LANGUAGES = SUPPORTED
DOMAIN = "tpmfolio"
MINUS = "\u2212"
# The unit of a change between two percentages ("+24 pp"): percentage points.
PERCENTAGE_POINTS = N_("pp")



def locale_dir() -> Path:
    """The folder holding ``<lang>/LC_MESSAGES/tpmfolio.mo`` (and the ``.po`` sources)."""
    return Path(__file__).resolve().parent.parent / "locale"


@attrs.frozen
class Language:
    """One language of the PDF: its tag (``de-AT``), Babel locale and translations.

    >>> language("de-AT").gettext("Outcomes")           # doctest: +SKIP
    'Ergebnisse'
    """

    tag: str
    locale: Any = attrs.field(eq=False, repr=False)
    translations: gettext.NullTranslations = attrs.field(eq=False, repr=False)

    @property
    def code(self) -> str:
        """The bare language (``de`` for ``de-AT``)."""
        return str(self.locale.language)

    @property
    def paper(self) -> str:
        """The paper this reader prints on (:func:`tpmfolio.render.paper.default_paper`)."""
        from .paper import default_paper

        return default_paper(self.tag)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    # --- dates --------------------------------------------------------------

    def month(self, month: int, *, long: bool = False) -> str:
        """A month name as it starts a range (``Mar`` – Sep 2024, ``Sept.`` – Nov. 2023): the same form as in a date."""
        from babel.dates import get_month_names

        names = get_month_names("wide" if long else "abbreviated", context="format", locale=self.locale)
        return str(names[month])

    def date(self, value: dt.date, precision: str, *, long: bool = False) -> str:
        """``value`` to the month (``precision="month"``) or the day, as the locale writes it."""
        from babel.dates import format_date, format_skeleton

        if self._international_english:
            # English without a region: "5 Mar 2024", the order most of the English-reading world uses.
            pattern = {"month": "MMM y", "day": "d MMM y"}[precision]
            return str(format_date(value, pattern.replace("MMM", "MMMM") if long else pattern, locale=self.locale))
        skeleton = {"month": "yMMM", "day": "yMMMd"}[precision]
        return str(format_skeleton(skeleton.replace("MMM", "MMMM") if long else skeleton, value, locale=self.locale))

    @property
    def _international_english(self) -> bool:
        return self.code == "en" and not self.locale.territory

    # --- numbers tpmfolio derives -------------------------------------------

    def number(self, value: int | Decimal | float) -> str:
        """A count or plain number: ``1,200``, ``1.200``, ``1 200``."""
        from babel.numbers import format_decimal

        return _typeset_minus(str(format_decimal(value, format="#,##0.#", locale=self.locale)))

    def percent(self, share: float | Decimal) -> str:
        """A share 0–1 as a whole percentage: ``42%``, ``42 %``."""
        from babel.numbers import format_percent

        return str(format_percent(share, locale=self.locale))

    def derived(self, number: Decimal, unit: str = "") -> str:
        """A number tpmfolio computed, with its unit (``+24 pp``, ``−15 %``, ``1,2 Mio. $``), unsigned."""
        from ..quantities import CURRENCY_CODES, CURRENCY_SYMBOLS, format_number

        if self.code == "en":
            return format_number(number, unit)
        from babel.numbers import format_compact_currency, format_compact_decimal, format_decimal, format_percent

        sign = "-" if number < 0 else ""
        magnitude = abs(number)
        rounded = round(magnitude, 1) if magnitude < 100 else Decimal(round(magnitude))
        code = unit if unit in CURRENCY_CODES else CURRENCY_SYMBOLS.get(unit)
        # Millions and more are shortened as the locale does ("1,2 Mio. $"); below that,
        # grouped digits read better than the locale's thousands forms, which some lack.
        if code:
            if magnitude >= 1_000_000:
                body = format_compact_currency(magnitude, code, locale=self.locale, fraction_digits=1)
            else:
                body = _currency(rounded, code, self.locale)
        elif unit == "%":
            body = format_percent(rounded / 100, locale=self.locale, decimal_quantization=False)
        elif unit == "pp":
            body = f"{format_decimal(rounded, format='#,##0.#', locale=self.locale)}\u00a0{self.gettext(PERCENTAGE_POINTS)}"
        else:
            if magnitude >= 1_000_000:
                body = format_compact_decimal(magnitude, locale=self.locale, fraction_digits=1)
            else:
                body = format_decimal(rounded, format="#,##0.#", locale=self.locale)
            if unit:
                body = f"{body}{unit}" if unit == "x" else f"{body}\u00a0{unit}"
        return sign + str(body)

    def change(self, change: Any) -> str:
        """A change against the baseline: ``+24 pp``, ``−$40k (−12%)``; English keeps tpmfolio's own spelling."""
        if self.code == "en":
            return _typeset_minus(str(change))
        unit = "pp" if change.unit == "%" else change.unit
        text = ("+" if change.delta > 0 else "") + self.derived(change.delta, unit)
        if change.relative is not None and change.unit not in ("%", "pp"):
            relative = self.derived(round(change.relative * 100), "%")
            text += f" ({'+' if change.relative > 0 else ''}{relative})"
        return _typeset_minus(text)


def _currency(amount: Decimal, code: str, locale: Any) -> str:
    from babel.numbers import format_currency

    # The locale's pattern without forced cents: a derived "40.000 $" is not "40.000,00 $".
    pattern = locale.currency_formats["standard"].pattern.split(";")[0].replace(".00", ".#")
    return str(format_currency(amount, code, format=pattern, locale=locale, currency_digits=False))


def _typeset_minus(text: str) -> str:
    """A derived negative number with a real minus sign, as typeset figures have."""
    return re.sub(r"(^|[\s(])-(?=[\d$€£¥₹])", lambda m: m.group(1) + MINUS, text)


def parse_locale(tag: str | None) -> Any:
    """Babel's locale for a supported tag (``de-AT``), or one line naming the supported languages.

    The tag is read as everywhere else in tpmfolio (:mod:`tpmfolio.languages`);
    Babel then refuses a region it has no data for (``de-XX``).
    """
    from babel import Locale, UnknownLocaleError

    written = read_tag(tag or "en")
    try:
        return Locale.parse(written, sep="-")
    except (UnknownLocaleError, ValueError):
        raise UnsupportedLanguage(tag) from None


@functools.lru_cache(maxsize=16)
def language(tag: str | None = None) -> Language:
    """The :class:`Language` for ``tag`` (None: English), catalogs loaded once per language."""
    locale = parse_locale(tag)
    normalised = "-".join(p for p in (locale.language, locale.territory) if p)
    translations: gettext.NullTranslations
    try:
        translations = gettext.translation(DOMAIN, localedir=str(locale_dir()), languages=[str(locale), locale.language])
    except OSError:
        # English is the catalogs' source language: its words are the msgids.
        translations = gettext.NullTranslations()
    return Language(tag=normalised, locale=locale, translations=translations)


def catalog_messages() -> Iterator[tuple[int, str | None, str, list[str]]]:
    """The built-in skill, KPI and plan step names, for the catalogs (a Babel extractor).

    Their English names live in :mod:`tpmfolio.catalog` as data, not as
    marked strings; this reads them from there so the catalogs never miss one.
    """
    from ..catalog import BUILTIN_KPIS, BUILTIN_SKILLS, PLAN_STEPS

    for skill in BUILTIN_SKILLS:
        yield 0, None, skill.name, [f"built-in skill {skill.slug}"]
    for kpi in BUILTIN_KPIS:
        yield 0, None, kpi.name, [f"built-in KPI {kpi.slug}"]
    for step in PLAN_STEPS:
        yield 0, None, step.name, [f"transition plan step {step.number}"]


def extract_catalog(fileobj: Any, keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extraction method for ``catalog.py`` (see babel.cfg)."""
    return catalog_messages()

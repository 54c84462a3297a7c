"""The PDF in the reader's language: complete catalogs, dates and derived figures per locale, the demo in each language.

The catalogs are checked against their sources (the ``.pot`` must hold
every word the code and templates mark, each shipped ``.po`` must translate
all of it, each ``.mo`` must be compiled from its ``.po``), so adding a word
to a template without translating it fails here, not in front of a reader.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from click.testing import CliRunner

from tpmfolio.catalog import BUILTIN_KPIS, BUILTIN_SKILLS, PLAN_STEPS
from tpmfolio.cli import cli
from tpmfolio.errors import InvalidValue
from tpmfolio.evidence import Change
from tpmfolio.models import Entry, KpiResult, Profile, Skill
from tpmfolio.render import build_context, render_html
from tpmfolio.render.language import SUPPORTED_LANGUAGES, language, locale_dir

ROOT = Path(__file__).parent.parent
LOCALE = locale_dir()
TEMPLATE = LOCALE / "tpmfolio.pot"


def _messages(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _key(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


# --- catalogs --------------------------------------------------------------------------


def test_every_language_ships_a_catalog_and_only_those():
    assert set(SUPPORTED_LANGUAGES) == {p.name for p in LOCALE.iterdir() if p.is_dir()}


def test_template_holds_every_marked_word_of_code_and_themes():
    """Re-extracting with babel.cfg gives exactly the .pot's messages: a new word is never left out."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {
        msgid if isinstance(msgid, str) else msgid[0]
        for _filename, _lineno, msgid, _comments, _context in extract_from_dir(str(ROOT), method_map, options_map)
    }
    in_template = {_key(m) for m in _messages(TEMPLATE) if m.id}
    assert found == in_template, "re-run pybabel extract (docs/languages.md)"


def test_builtin_names_are_in_the_template():
    names = {s.name for s in BUILTIN_SKILLS} | {k.name for k in BUILTIN_KPIS} | {p.name for p in PLAN_STEPS}
    assert names <= {_key(m) for m in _messages(TEMPLATE) if m.id}


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_catalog_translates_every_message(lang: str):
    """Every msgid of the .pot has a non-empty msgstr (each plural form), none fuzzy, none left over."""
    catalog = _messages(LOCALE / lang / "LC_MESSAGES" / "tpmfolio.po")
    wanted = {_key(m) for m in _messages(TEMPLATE) if m.id}
    have = {_key(m): m for m in catalog if m.id}
    assert wanted == set(have), f"{lang}: missing {sorted(wanted - set(have))}, obsolete {sorted(set(have) - wanted)}"
    for key, message in have.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert strings and all(s.strip() for s in strings), f"{lang}: {key!r} is not translated"
        assert not message.fuzzy, f"{lang}: {key!r} is fuzzy"
        if isinstance(message.id, tuple):
            assert len(strings) == catalog.num_plurals, f"{lang}: {key!r} needs {catalog.num_plurals} plural forms"


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_compiled_catalog_matches_its_source(lang: str):
    """The shipped .mo says what the .po says (compile with pybabel after editing a .po)."""
    folder = LOCALE / lang / "LC_MESSAGES"
    compiled = gettext.GNUTranslations(io.BytesIO((folder / "tpmfolio.mo").read_bytes()))
    for message in _messages(folder / "tpmfolio.po"):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for n, text in enumerate(message.string):
                assert compiled._catalog[(message.id[0], n)] == text  # type: ignore[attr-defined]
        else:
            assert compiled.gettext(message.id) == message.string


# --- tags, paper, dates and figures ----------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "written", "paper"),
    [("en", "en", "a4"), ("en_us", "en-US", "letter"), ("en-CA", "en-CA", "letter"), ("fr-CA", "fr-CA", "letter"),
     ("de-AT", "de-AT", "a4"), ("es", "es", "a4"), ("fr", "fr", "a4"), ("en-GB", "en-GB", "a4")],
)
def test_tag_and_paper(tag: str, written: str, paper: str):
    assert (written, paper) == (language(tag).tag, language(tag).paper)


@pytest.mark.parametrize("tag", ["xx", "ja", "de-XX", "english", "de-"])
def test_unknown_language_names_the_supported_ones(tag: str):
    with pytest.raises(InvalidValue) as error:
        language(tag)
    assert "en, de, fr, es" in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("tag", "month", "day", "period", "ongoing"),
    [
        ("en", "Mar 2024", "5 Mar 2024", "Feb – Jul 2024", "Mar 2024 – present"),
        ("en-US", "Mar 2024", "Mar 5, 2024", "Feb – Jul 2024", "Mar 2024 – present"),
        ("de", "März 2024", "5. März 2024", "Feb. – Juli 2024", "März 2024 – heute"),
        ("fr", "mars 2024", "5 mars 2024", "févr. – juil. 2024", "mars 2024 – aujourd’hui"),
        ("es", "mar 2024", "5 mar 2024", "feb – jul 2024", "mar 2024 – actualidad"),
    ],
)
def test_dates_in_the_locale(tag: str, month: str, day: str, period: str, ongoing: str):
    from tpmfolio.render.context import format_date, format_range

    lang = language(tag)
    assert month == format_date("2024-03", lang=lang)
    assert day == format_date("2024-03-05", lang=lang)
    assert period == format_range("2024-02", "2024-07", lang=lang)
    assert ongoing.replace("’", "'") == format_range("2024-03", None, lang=lang)
    assert "2024" == format_date("2024", lang=lang)


@pytest.mark.parametrize(
    ("tag", "points", "money", "share"),
    [
        ("en", "+24 pp", "\u2212$40k (\u221212%)", "42%"),
        ("de", "+24\u00a0Pp.", "\u221240.000\u00a0$ (\u221212\u00a0%)", "42\u00a0%"),
        ("fr", "+24\u00a0pts", "\u221240\u00a0000\u00a0$US (\u221212\u00a0%)", "42\u00a0%"),
        ("es", "+24\u00a0p.\u00a0p.", "\u221240.000\u00a0US$ (\u221212\u00a0%)", "42\u00a0%"),
    ],
)
def test_derived_figures_in_the_locale(tag: str, points: str, money: str, share: str):
    lang = language(tag)
    assert points == lang.change(Change(Decimal(24), "%", None, True))
    assert money.replace("\u202f", "\u00a0") == lang.change(Change(Decimal(-40000), "USD", Decimal("-0.12"), False)).replace("\u202f", "\u00a0")
    assert share == lang.percent(0.42)


# --- the context: words translated, the person's values as typed ----------------------


def _context(tag: str, **kwargs):
    entry = Entry(
        title="Checkout redesign", kind="project", started="2024-03", ended="2024-09",
        skills=["customer-focus:3", "own-skill:2"], kpis=[KpiResult("revenue", "$1.2M", baseline="$1,000,000", target="$1.1M")],
    )
    skills = [Skill("customer-focus", "Customer focus", "business"), Skill("own-skill", "Customer focus", "other")]
    return build_context(Profile(name="Ada"), [entry], skills, [], generated=dt.date(2025, 1, 15), lang=language(tag), **kwargs)


def test_context_words_in_german_values_as_typed():
    ctx = _context("de")
    entry = ctx["entries"][0]
    assert ("Projekt", "März – Sept. 2024") == (entry["kind"], entry["dates"])
    assert [("Kundenorientierung", "geführt"), ("Customer focus", "angewandt")] == [(s["name"], s["level_label"]) for s in entry["skills"]]
    assert ("$1.2M", "$1,000,000", "$1.1M", "Ziel erreicht") == (
        entry["kpis"][0]["actual"], entry["kpis"][0]["baseline"], entry["kpis"][0]["target"], entry["kpis"][0]["target_status"]
    )
    assert ("de", "15. Januar 2025") == (ctx["document"]["language"], ctx["document"]["generated"])
    assert ["Auf einen Blick"] == ctx["outline"]


def test_a_renamed_builtin_keeps_the_persons_name():
    entry = Entry(title="T", kind="project", skills=["customer-focus:3"])
    renamed = [Skill("customer-focus", "Client obsession", "business")]
    ctx = build_context(Profile(name="Ada"), [entry], renamed, [], lang=language("fr"))
    assert "Client obsession" == ctx["entries"][0]["skills"][0]["name"]


@pytest.mark.parametrize("theme", ["classic", "modern"])
def test_html_lang_and_words_follow_the_language(theme: str):
    html = render_html(_context("es", prepared_for={"title": "TPM", "company": "Acme"}, fit=[]), theme)
    assert '<html lang="es">' in html
    assert "De un vistazo" in html and "Preparado para el puesto de TPM en Acme" in html
    assert 'data-page="pág."' not in html or "pág." in html
    assert "At a glance" not in html


# --- the demo in every shipped language -----------------------------------------------

# The tag each language's demo is rendered with, words a reader sees, a month name, and the paper
# (French as in Canada: Letter, like en-US; the others A4).
A4, LETTER = (595, 842), (612, 792)
EXPECTED = {
    "en": ("en", ["At a glance", "Outcomes", "Situation", "Learning and community"], "Jul 2024", A4),
    "de": ("de-AT", ["Auf einen Blick", "Ergebnisse", "Aufgabe", "Weiterbildung und Community"], "Juli 2024", A4),
    "fr": ("fr-CA", ["En un coup d’œil", "Résultats chiffrés", "Tâche", "Formation et communauté"], "juill. 2024", LETTER),
    "es": ("es", ["De un vistazo", "Resultados medidos", "Tarea", "Aprendizaje y comunidad"], "jul 2024", A4),
}


@pytest.fixture(scope="module", params=SUPPORTED_LANGUAGES)
def demo_pdf(request, tmp_path_factory) -> tuple[str, pypdf.PdfReader]:
    folder = tmp_path_factory.mktemp(f"demo-{request.param}")
    tag = EXPECTED[request.param][0]
    result = CliRunner().invoke(
        cli, ["--db", str(folder / "unused.db"), "demo", "-o", str(folder / "demo.pdf"), "--lang", tag],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return request.param, pypdf.PdfReader(folder / "demo.pdf")


def test_demo_reads_in_its_language(demo_pdf):
    lang, reader = demo_pdf
    tag, words, month, paper = EXPECTED[lang]
    # Headings are set in capitals by the themes' CSS; compare as a reader would.
    text = "\n".join(page.extract_text() for page in reader.pages).replace("'", "’").casefold()
    for word in words:
        assert word.replace("'", "’").casefold() in text, f"{lang}: {word!r} not in the PDF"
    assert month.casefold() in text
    assert tag == reader.trailer["/Root"]["/Lang"]
    assert paper == tuple(round(float(v)) for v in reader.pages[0].mediabox[2:])
    if lang != "en":
        assert "at a glance" not in text and "strongest outcomes" not in text and "learning and community" not in text


@pytest.mark.parametrize(
    ("lang", "paper", "size"),
    [("en-US", None, "letter"), ("en-CA", None, "letter"), ("fr-CA", None, "letter"), ("en", None, "A4"),
     ("de-AT", None, "A4"), ("en-US", "a4", "A4"), ("de", "letter", "letter")],
)
def test_paper_follows_the_language_unless_given(tmp_path: Path, lang: str, paper: str | None, size: str):
    from tpmfolio import Portfolio

    with Portfolio.open(tmp_path / "p.db") as folio:
        folio.add(Entry(title="Checkout", kind="project"))
        html = folio.render_html(lang=lang, paper=paper)
    assert f"@page {{ size: {size}; }}" in html


def test_profile_language_is_the_default(tmp_path: Path):
    from tpmfolio import Portfolio

    with Portfolio.open(tmp_path / "p.db") as folio:
        folio.add(Entry(title="Checkout", kind="project", started="2024-03"))
        folio.set_profile(Profile(name="Ada", lang="en-US"))
        html = folio.render_html()
        assert '<html lang="en-US">' in html and "size: letter" in html
        assert '<html lang="de">' in folio.render_html(lang="de")


def test_unsupported_language_is_one_line(tmp_path: Path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "p.db"), "demo", "-o", str(tmp_path / "x.pdf"), "--lang", "tlh"])
    assert result.exit_code != 0
    assert "en, de, fr, es" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_fit_evidence_in_german_keeps_nouns_capitalised():
    """The fit page reads "Kundenorientierung, geführt · $1.2M Umsatz": translated skill and level, German capitals."""
    entry = Entry(id=1, title="Checkout", kind="project", skills=["customer-focus:3"], kpis=[KpiResult("revenue", "$1.2M", target="$1M")])
    fit = [{"requirement": "Own revenue", "evidence": [{"id": 1, "reason": "", "skill": "Customer focus", "level": 3}]}]
    from tpmfolio.models import Kpi

    ctx = build_context(Profile(name="Ada"), [entry], [], [Kpi("revenue", "Revenue", "business-impact", "$", "up")], fit=fit, lang=language("de"))
    assert "Kundenorientierung, geführt · $1.2M Umsatz" == ctx["fit"][0]["evidence"][0]["reason"]


@pytest.mark.parametrize(("lang", "size"), [("en-US", "letter"), ("fr_CA", "letter"), ("de", "A4"), ("ja", "A4"), (None, "A4")])
def test_an_html_file_gets_the_paper_of_its_language(lang: str | None, size: str):
    """with_paper without a size reads <html lang>: the --html file and the PDF agree on paper."""
    from tpmfolio.render import with_paper

    head = f'<html lang="{lang}">' if lang else "<html>"
    assert f"size: {size};" in with_paper(f"<!DOCTYPE html>\n{head}<head><title>t</title></head><body></body></html>")

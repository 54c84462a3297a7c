"""What a hiring manager reads first: outcomes, curated order, the fit page, typography, both themes alike.

The context and HTML tests need no PDF library; the PDF tests render the
example portfolio through the CLI once per distinct command and read the
text back with pypdf, the way an applicant tracking system would.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pypdf
import pytest
from conftest import invoke

from tpmfolio.catalog import BUILTIN_KPIS, BUILTIN_SKILLS
from tpmfolio.models import Entry, Measurement, Profile
from tpmfolio.quantities import Quantity
from tpmfolio.render import build_context, render_html
from tpmfolio.render.charts import CHAR_WIDTH, FONT_SIZE, chart_geometry
from tpmfolio.render.curation import order_entries

HERE = Path(__file__).parent
EXAMPLE = HERE.parent / "examples" / "portfolio.yaml"
TPM_JOB = HERE.parent / "examples" / "tpm-posting.job.json"


def portfolio() -> tuple[Profile, list[Entry]]:
    """Three case studies of different strength and one course."""
    return Profile(name="Alex Example", summary="I've shipped \"outcomes\" -- not output."), [
        Entry(id=1, uid="a", title="Platform migration", kind="project", started="2024-09",
              kpis=["defect-rate=0.6% baseline=2.1%"], skills=["technical-acumen:3"]),
        Entry(id=2, uid="b", title="Checkout redesign", kind="project", started="2024-02", ended="2024-07",
              action="Ran an A/B test at 20% of traffic\n- Sequenced the work across two teams",
              decisions="Shipped surcharges on the quote screen, not a new pricing page",
              lessons="Agree the metric before the mock-up\nTest with real traffic early",
              kpis=["revenue=$1.2M target=$1M note=incremental annualised revenue",
                    "feature-usage=71% baseline=62% target=70% note=quote-to-label conversion"]),
        Entry(id=3, uid="c", title="Dana's \"tracking\" launch", kind="tpm-task", started="2025-01",
              kpis=["adoption-rate=34% baseline=10% target=30%"]),
        Entry(id=4, uid="d", title="Finance for managers", kind="course", started="2024-04", ended="2024-05",
              summary="Six modules on P&L. Then a capstone."),
    ]


def context(**options):
    profile, entries = portfolio()
    return build_context(profile, entries, BUILTIN_SKILLS, BUILTIN_KPIS, **options)


# --- outcomes first -------------------------------------------------------------------


def test_a_target_met_without_a_baseline_leads():
    """$1.2M against a $1M target outranks percentage moves, under the entry's own label."""
    top = context()["glance"]["top_outcomes"]
    assert ["$1.2M", "34%", "71%"] == [o["actual"] for o in top[:3]]
    assert "Incremental annualised revenue" == top[0]["label"]
    assert "Quote-to-label conversion" == top[2]["label"]


def test_the_cover_highlights_come_from_different_entries():
    """Three outcomes for the cover, one per case study."""
    titles = [o["entry_title"] for o in context()["highlights"]]
    assert len(titles) == len(set(titles)) == 3


def test_a_result_that_got_worse_is_not_an_outcome():
    """Defects that rose, or a missed target with nothing to compare, never lead."""
    entry = Entry(id=9, uid="z", title="Bad", kpis=["defect-rate=3% baseline=2%", "revenue=$10k target=$50k"])
    ctx = build_context(Profile(), [entry], BUILTIN_SKILLS, BUILTIN_KPIS)
    assert [] == ctx["glance"]["top_outcomes"]


# --- curated order --------------------------------------------------------------------


def test_strength_order_puts_the_strongest_evidence_first():
    """Case studies by their strongest outcome, then learning by date; --order date is most recent first."""
    _, entries = portfolio()
    assert ["Checkout redesign", "Dana's \"tracking\" launch", "Platform migration", "Finance for managers"] == [
        e.title for e in order_entries(entries, BUILTIN_KPIS, "strength")
    ]
    assert ["Dana's \"tracking\" launch", "Platform migration", "Checkout redesign", "Finance for managers"] == [
        e.title for e in order_entries(entries, BUILTIN_KPIS, "date")
    ]


def test_learning_line_is_the_opening_sentence():
    """A course is one line: its first sentence, with its dates."""
    [item] = context()["learning"]
    assert ("Six modules on P&L.", "Apr – May 2024") == (item["line"], item["dates"])


# --- typography -----------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["classic", "modern"])
def test_actions_are_list_items(theme: str):
    """Each line of the action the person wrote is one item of a list, bullet or not."""
    html = render_html(context(), theme)
    assert "<li>Ran an A/B test at 20% of traffic</li>" in html
    assert "<li>Sequenced the work across two teams</li>" in html


@pytest.mark.parametrize("theme", ["classic", "modern"])
def test_decisions_and_lessons_are_shown(theme: str):
    """The two things a TPM case study is judged on beyond STAR, under their own headings."""
    html = render_html(context(), theme)
    assert "<h3>Decisions and trade-offs</h3>" in html and "<h3>Lessons</h3>" in html
    assert "<li>Agree the metric before the mock-up</li>" in html


@pytest.mark.parametrize("theme", ["classic", "modern"])
def test_the_kpi_block_does_not_clash_with_the_star_result(theme: str):
    """STAR "Result" and the KPI table "Outcomes" are two different headings."""
    html = render_html(context(), theme)
    assert "<h3>Outcomes</h3>" in html and "<h3>Results</h3>" not in html


def test_prose_gets_curly_quotes_and_numbers_stay_as_typed():
    """Titles and summaries get typographic quotes, apostrophes and dashes; KPI values do not change."""
    ctx = context()
    assert "Dana\u2019s \u201ctracking\u201d launch" in [e["title"] for e in ctx["entries"]]
    assert "I\u2019ve shipped \u201coutcomes\u201d \u2013 not output." == ctx["profile"]["summary"][0]["lines"][0]
    assert "$1.2M" in [o["actual"] for o in ctx["glance"]["top_outcomes"]]


def test_a_derived_fall_uses_a_real_minus_sign():
    """The change tpmfolio computes prints \u2212, not a hyphen."""
    row = context()["entries"][0]["kpis"][0]
    assert "\u22121.5 pp" == row["change"]


# --- charts ---------------------------------------------------------------------------


def test_every_chart_axis_starts_at_zero():
    """One rule for every chart: values from 60% to 71% still get an axis from 0%."""
    points = [Measurement("feature-usage", d, v) for d, v in [("2024-03", "62%"), ("2024-09", "71%")]]
    g = chart_geometry(points, date_label=str)
    assert "0%" == g["y_ticks"][0]["label"]


def test_no_value_label_sits_on_the_target_line():
    """The dashed target line never runs through a value's label."""
    points = [Measurement("feature-usage", d, v) for d, v in
              [("2024-03", "62%"), ("2024-05", "66%"), ("2024-07", "69%"), ("2024-09", "71%")]]
    g = chart_geometry(points, target=Quantity.parse("70%"), date_label=str)
    target = g["target"]
    width = len(target["label"]) * FONT_SIZE * CHAR_WIDTH
    left = target["x"] - width if target["anchor"] == "end" else target["x"]
    for p in g["points"]:
        if p["label"]:
            assert not (p["label_y"] - FONT_SIZE - 1 <= target["y"] <= p["label_y"] + 4), p
            half = len(p["label"]) * FONT_SIZE * CHAR_WIDTH / 2
            side_by_side = p["x"] + half < left or p["x"] - half > left + width
            stacked = p["label_y"] <= target["label_y"] - FONT_SIZE or p["label_y"] - FONT_SIZE >= target["label_y"]
            assert side_by_side or stacked, (p, target)


# --- both themes alike ------------------------------------------------------------------


def _words(html: str) -> list[str]:
    body = re.sub(r"(?s)<style>.*?</style>|<head>.*?</head>|<svg.*?</svg>", " ", html)
    return sorted(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)).replace("·", " ").split())


def test_both_themes_print_the_same_words():
    """Classic and modern differ in looks only: the same information and wording."""
    ctx = context(prepared_for={"title": "TPM", "company": "Fabrikam"}, fit=[])
    assert _words(render_html(ctx, "classic")) == _words(render_html(ctx, "modern"))


# --- the PDF a reader gets ----------------------------------------------------------------


def pdf_pages(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(path).pages]


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("editorial") / "portfolio.db"
    assert invoke(db, "import", str(EXAMPLE)).exit_code == 0
    return db


@pytest.fixture(scope="module")
def plain(example_db: Path) -> list[str]:
    out = example_db.parent / "plain.pdf"
    result = invoke(example_db, "render", "-o", str(out))
    assert result.exit_code == 0, result.output
    return pdf_pages(out)


def test_summary_page_leads_with_the_largest_results(plain: list[str]):
    """$1.2M and $410k are on the summary page and the cover, under the entries' own labels."""
    summary = next(page for page in plain if "At a glance" in page and "SKILL COVERAGE" in page.upper())
    assert "$1.2M" in summary and "$410k" in summary
    assert "Incremental annualised SMB label revenue" in summary
    assert "Quote-to-label conversion" in " ".join(plain)
    assert "$1.2M" in plain[0] and "$410k" in plain[0]
    assert summary.index("$1.2M") < summary.index("entries of evidence")


def test_each_measured_value_is_printed_once(plain: list[str]):
    """A value from the middle of a series appears once: no side table repeating the chart."""
    assert 1 == " ".join(plain).count("$318k")


def test_private_conversations_are_left_out_by_default(plain: list[str]):
    """A talk with the VP about a TPM move is not for the employer."""
    assert "Career conversation with the VP" not in " ".join(plain)


def test_include_kind_conversation_puts_them_in(example_db: Path):
    """--include-kind conversation brings them back, in the learning and community list's company."""
    out = example_db.parent / "with-conversations.pdf"
    result = invoke(example_db, "render", "-o", str(out), "--include-kind", "conversation")
    assert result.exit_code == 0, result.output
    assert "Career conversation with the VP of Engineering" in " ".join(pdf_pages(out))


def test_unknown_kind_is_one_line(example_db: Path, tmp_path: Path):
    """A typo in --include-kind is one line naming the kinds, and nothing is written."""
    out = tmp_path / "x.pdf"
    result = invoke(example_db, "render", "-o", str(out), "--include-kind", "conversations")
    assert result.exit_code != 0
    assert ["Error: unknown kind 'conversations' for --include-kind; the kinds are:"] == [
        line.split(" project")[0] for line in result.output.strip().splitlines()
    ]
    assert not out.exists()


def test_the_first_case_study_is_the_strongest_and_learning_is_a_list(plain: list[str]):
    """The $1.2M checkout redesign opens the body; the mentorship received is a line in the list at the end."""
    text = " ".join(plain)
    assert text.index("Checkout-to-label flow redesign for SMB shippers Engineering manager") < text.index(
        "Self-serve shipment tracking for SMB customers Product owner"
    )
    learning = text[text.index("Learning and community Dana"):] if "Learning and community Dana" in text else text
    assert "Monthly mentorship with a Group TPM" in learning


def test_order_date_puts_the_most_recent_first(example_db: Path):
    """--order date: the tracking launch (ended Jan 2025) comes before the checkout redesign."""
    out = example_db.parent / "by-date.pdf"
    assert invoke(example_db, "render", "-o", str(out), "--order", "date").exit_code == 0
    titles = [o.title for o in pypdf.PdfReader(out).outline if not isinstance(o, list)]
    assert titles.index("Self-serve shipment tracking for SMB customers") < titles.index(
        "Checkout-to-label flow redesign for SMB shippers"
    )


def test_tailored_fit_page_prints_only_answered_requirements(example_db: Path):
    """Tailored to a TPM posting: no "No evidence yet", no "level 3", and the cover names the TPM role."""
    out = example_db.parent / "tailored.pdf"
    result = invoke(example_db, "render", "-o", str(out), "--for", str(TPM_JOB))
    assert result.exit_code == 0, result.output
    pages = pdf_pages(out)
    fit = " ".join(page for page in pages if "How my experience fits" in page or "What the role asks for" in page)
    assert "No evidence yet" not in fit and "level 3" not in fit
    assert ", led" in fit
    assert "Prepared for Technical Program Manager, Shipping Platform at Contoso Logistics".upper() in pages[0].upper()


def test_curly_quotes_reach_the_pdf(plain: list[str]):
    """The person's straight quotes print as typographic ones."""
    text = " ".join(plain)
    assert "\u201cship it on time\u201d" in text
    assert '"ship it on time"' not in text


def test_the_library_refuses_an_unknown_order_or_kind(example_db: Path, tmp_path: Path):
    """Portfolio.render_html names the valid choices, as the CLI does."""
    from tpmfolio import Portfolio
    from tpmfolio.errors import InvalidValue

    with Portfolio.open(example_db) as folio:
        with pytest.raises(InvalidValue, match="use one of: strength, date"):
            folio.render_html(order="newest")
        with pytest.raises(InvalidValue, match="unknown entry kind 'chat'"):
            folio.render_html(include_kinds=["chat"])
        assert "Checkpoint with the Chief Product Officer" in folio.render_html(include_kinds=["conversation"])


def test_both_themes_print_the_same_words_for_the_example(example_db: Path):
    """The whole example, tailored, reads the same in both themes (punctuation between fields aside)."""
    from tpmfolio import Portfolio

    def words(html: str) -> list[str]:
        return [w.strip(",") for w in _words(html) if w.strip(",")]

    with Portfolio.open(example_db) as folio:
        classic = folio.render_html(theme="classic", job=TPM_JOB)
        modern = folio.render_html(theme="modern", job=TPM_JOB)
    assert words(classic) == words(modern)


def test_no_chart_of_the_example_has_a_label_on_its_target_line(example_db: Path):
    """Every chart of the example: value labels clear of the dashed line, axis from zero."""
    from tpmfolio import Portfolio

    with Portfolio.open(example_db) as folio:
        ctx = build_context(folio.profile(), folio.entries(), folio.skills(), folio.kpis(include_hidden=True))
    charts = [c["geometry"] for e in ctx["entries"] for c in e["charts"] if c["geometry"]]
    assert len(charts) >= 4
    for g in charts:
        assert g["y_ticks"][0]["label"] in ("0", "0%", "$0")
        for p in g["points"]:
            if p["label"] and g["target"]:
                assert not (p["label_y"] - FONT_SIZE - 1 <= g["target"]["y"] <= p["label_y"] + 4), p

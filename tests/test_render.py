"""Rendering without WeasyPrint: the display context, the HTML of both themes, golden files."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tpmfolio.catalog import BUILTIN_KPIS, BUILTIN_SKILLS
from tpmfolio.errors import RenderError
from tpmfolio.models import Entry, Measurement, Profile
from tpmfolio.render import build_context, builtin_themes, render_html, resolve_theme
from tpmfolio.render.charts import chart_geometry
from tpmfolio.render.context import format_range

GOLDEN = Path(__file__).parent / "golden"
GENERATED = dt.date(2025, 1, 15)
HOSTILE_TITLE = '<img src="file:///etc/passwd"> & <script>alert(1)</script>'


def sample_portfolio() -> tuple[Profile, list[Entry]]:
    """A small fixed portfolio: three public entries, one confidential, one hostile title."""
    profile = Profile(
        name="Alex Example",
        headline="Engineering manager moving into product",
        email="alex@example.com",
        url="https://alex.example.com",
        location="London",
        summary="Ten years of payments platforms.\n\nNow after outcomes, not output.",
        target_role="Technical Product Manager",
    )
    entries = [
        Entry(
            id=1,
            uid="e1",
            title="Self-serve onboarding redesign",
            kind="cross-functional",
            started="2024-03",
            ended="2024-09",
            organization="Northwind Payments",
            role="Engineering manager",
            summary="Rebuilt merchant onboarding as an efficient self-serve workflow for the back office.",
            situation="Merchants waited 9 days for a manual review.",
            task="Cut time to first payment.",
            action="- Interviewed 14 merchants\n- Split review into risk tiers",
            result="Self-serve adoption reached 34%.",
            skills=["customer-focus:3", "team-leadership:2", "market-analysis:1"],
            kpis=[
                "adoption-rate=34% baseline=10% target=30%",
                "revenue=$1.4M baseline=$1.0M",
                "cycle-time=3 days baseline=9 days",
            ],
            measurements=[
                Measurement("adoption-rate", d, v)
                for d, v in [("2024-04", "10%"), ("2024-06", "19%"), ("2024-09", "34%")]
            ],
            links=["Launch post=https://blog.example.com/onboarding"],
            testimonials=[{"quote": "Alex made the goal concrete.", "author": "Sam Doe", "author_role": "VP Product"}],
        ),
        Entry(
            id=2,
            uid="e2",
            title="Pricing experiment for the Pro tier",
            kind="tpm-task",
            started="2024-01",
            ended="2024-02",
            skills=["business-acumen:3"],
            kpis=["retention=82% baseline=70%"],
        ),
        Entry(
            id=3,
            uid="e3",
            title="Secret acquisition due diligence",
            kind="tpm-task",
            started="2024-05",
            confidential=True,
            skills=["business-strategy:3"],
            kpis=["roi=400%"],
        ),
        Entry(id=4, uid="e4", title="Talk on customer interviews", kind="talk", started="2024-04-18",
              skills=["communication:2"], kpis=["code-quality=90% baseline=80%"]),
        Entry(id=5, uid="e5", title=HOSTILE_TITLE, kind="other", started="2020"),
    ]
    return profile, entries


FIT = [
    {"requirement": "Leads cross-functional teams", "evidence": [{"id": 1, "title": "x", "reason": "led a squad"}]},
    {"requirement": "Knows the acquisition market", "evidence": [{"id": 3, "title": "y", "reason": "secret"}]},
    {"requirement": "SQL", "evidence": []},
]


def context(**options):
    profile, entries = sample_portfolio()
    return build_context(profile, entries, BUILTIN_SKILLS, BUILTIN_KPIS, generated=GENERATED, **options)


# --- context ---------------------------------------------------------------------


def test_confidential_entries_are_left_out_by_default():
    """A confidential entry is not in the context, nor in any derived number."""
    ctx = context()
    titles = [e["title"] for e in ctx["entries"]]
    assert "Secret acquisition due diligence" not in titles
    assert 4 == ctx["glance"]["entry_count"]
    assert "Business strategy" not in ctx["document"]["keywords"]


def test_confidential_entries_are_kept_when_asked():
    """include_confidential puts the entry back."""
    titles = [e["title"] for e in context(include_confidential=True)["entries"]]
    assert "Secret acquisition due diligence" in titles


def test_case_studies_keep_the_given_order():
    """The caller orders or tailors the case studies; the context does not reorder them."""
    profile, entries = sample_portfolio()
    ctx = build_context(profile, list(reversed(entries)), BUILTIN_SKILLS, BUILTIN_KPIS, generated=GENERATED)
    assert [HOSTILE_TITLE, "Pricing experiment for the Pro tier", "Self-serve onboarding redesign"] == [
        e["title"] for e in ctx["entries"]
    ]


def test_learning_and_community_entries_are_a_compact_list():
    """A talk is one line with its date, not a case study."""
    ctx = context()
    assert "Talk on customer interviews" not in [e["title"] for e in ctx["entries"]]
    [item] = ctx["learning"]
    assert ("Talk on customer interviews", "Talk", "18 Apr 2024") == (item["title"], item["kind"], item["dates"])


def test_kpi_values_are_shown_as_typed():
    """Baseline, target and actual print back the text the user typed; the change is derived."""
    row = context()["entries"][0]["kpis"][0]
    assert ("10%", "30%", "34%", "+24 pp") == (row["baseline"], row["target"], row["actual"], row["change"])
    assert "change-good" == row["change_class"]


def test_a_lower_is_better_kpi_that_fell_is_an_improvement():
    """Cycle time going from 9 to 3 days is good news."""
    row = context()["entries"][0]["kpis"][2]
    assert "change-good" == row["change_class"]


def test_business_impact_share_counts_kpi_results():
    """Of five public KPI results, three are business impact (cycle time and code quality are not)."""
    share = context()["glance"]["business_impact"]
    assert (3, 5, "60%", "w-6") == (share["business"], share["total"], share["percent"], share["bar_class"])


def test_coverage_matrix_prints_the_skills_with_evidence():
    """Each catalog skill with evidence has a row with counts per level; skills without any are for `gaps`, not printed."""
    groups = context()["glance"]["coverage"]
    rows = {row["slug"]: row for group in groups for row in group["skills"]}
    assert (1, "led") == (rows["customer-focus"]["led"], rows["customer-focus"]["strongest"])
    assert "project-management" not in rows
    assert {"customer-focus", "team-leadership", "market-analysis", "business-acumen", "communication"} <= set(rows)


def test_strongest_outcomes_put_business_impact_first():
    """Revenue and adoption outrank an engineering KPI with a bigger move."""
    kpis = [o["kpi"] for o in context()["glance"]["top_outcomes"]]
    assert kpis.index("Code quality") > kpis.index("Revenue")


def test_fit_prints_only_the_requirements_the_portfolio_answers():
    """A requirement met only by confidential work, or by nothing, is left for `gaps --for`; the work is not named."""
    fit = context(fit=FIT)["fit"]
    assert ["Leads cross-functional teams"] == [row["requirement"] for row in fit]
    assert ["Self-serve onboarding redesign"] == [ev["title"] for ev in fit[0]["evidence"]]


def test_fit_evidence_speaks_the_portfolios_words():
    """The skill and level the evidence rests on read "Team leadership, led", with the entry's strongest outcome."""
    evidence = {"id": 1, "reason": "led team leadership; Action: squad", "skill": "Team leadership", "level": 3}
    fit = [{"requirement": "Lead teams", "evidence": [evidence]}]
    [row] = context(fit=fit)["fit"]
    reason = row["evidence"][0]["reason"]
    assert reason.startswith("Team leadership, led · ")
    assert "level" not in reason and "Action" not in reason
    assert "34% customer adoption rate" in reason.split(" · ")[1].lower()


def test_prepared_for_reads_as_a_sentence():
    """The cover line a tailored render shows."""
    ctx = context(prepared_for={"title": "Senior TPM", "company": "Fabrikam"})
    assert "Prepared for Senior TPM at Fabrikam" == ctx["prepared_for"]["text"]
    assert ctx["document"]["title"].endswith("for Fabrikam")


def test_outline_lists_the_fixed_sections():
    """At a glance always; the fit page only when tailored."""
    assert ["At a glance", "Learning and community"] == context()["outline"]
    assert ["At a glance", "How my experience fits", "Learning and community"] == context(fit=FIT)["outline"]


@pytest.mark.parametrize(
    ("started", "ended", "kind", "expected"),
    [
        ("2024-03", "2024-09", "project", "Mar – Sep 2024"),
        ("2023-11", "2024-02", "project", "Nov 2023 – Feb 2024"),
        ("2024-03", None, "project", "Mar 2024 – present"),
        ("2024-04-18", None, "project", "18 Apr 2024"),
        ("2024-02", None, "talk", "Feb 2024"),
        ("2021", "2022", "writing", "2021 – 2022"),
        (None, None, "project", ""),
    ],
)
def test_date_ranges_read_naturally(started, ended, kind, expected):
    """Partial ISO dates become the words a reader expects."""
    assert expected == format_range(started, ended, kind)


def test_context_module_does_not_import_template_or_pdf_libraries():
    """Building a context, or importing the render package, stays cheap for the CLI."""
    code = (
        "import sys, tpmfolio.render, tpmfolio.render.context;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'weasyprint', 'pygal', 'babel')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "[]" == out.strip()


# --- charts ------------------------------------------------------------------------


def test_chart_points_rise_with_the_values():
    """Higher values sit higher in the drawing (smaller y), in date order."""
    points = [Measurement("retention", "2024-03", "50%"), Measurement("retention", "2024-01", "40%")]
    g = chart_geometry(points, date_label=str)
    assert g["points"][0]["y"] > g["points"][1]["y"]
    assert ["40%", "50%"] == [p["label"] for p in g["points"]]


def test_chart_of_mixed_units_is_left_to_the_table():
    """Points that cannot share an axis give no drawing."""
    points = [Measurement("revenue", "2024-01", "$1M"), Measurement("revenue", "2024-02", "3 days")]
    assert chart_geometry(points, date_label=str) is None


def test_a_single_measurement_still_charts():
    """One point is drawn in the middle rather than dividing by zero."""
    g = chart_geometry([Measurement("retention", "2024-01", "40%")], date_label=str)
    assert 1 == len(g["points"])


# --- themes and HTML -----------------------------------------------------------------


def test_builtin_themes():
    """Two themes ship with the package."""
    assert ["classic", "modern"] == builtin_themes()


def test_unknown_theme_lists_the_builtin_ones():
    """A typo gets a message naming what exists."""
    with pytest.raises(RenderError, match="classic, modern"):
        resolve_theme("clasic")


def test_a_folder_without_theme_files_is_refused(tmp_path: Path):
    """An empty folder is almost certainly the wrong path."""
    with pytest.raises(RenderError, match="neither template.html.j2 nor style.css"):
        resolve_theme(tmp_path)


@pytest.mark.parametrize("theme", ["classic", "modern"])
def test_html_is_self_contained(theme: str):
    """Every URL in the HTML is a data: URI or a link; nothing points at a file or server."""
    html = render_html(context(fit=FIT), theme)
    urls = re.findall(r"""url\(\s*['"]?([^'")]*)""", html) + re.findall(r'\ssrc="([^"]*)"', html)
    assert urls
    assert [] == [url for url in urls if not url.startswith("data:")]
    assert "@font-face" in html and "data:font/" in html


@pytest.mark.parametrize("theme", ["classic", "modern"])
def test_html_escapes_text_from_the_database(theme: str):
    """A title with markup prints as text: no live <script> or <img> element."""
    html = render_html(context(), theme)
    assert "<script>" not in html
    assert '<img src="file:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("theme", ["classic", "modern"])
def test_no_database_text_in_style_attributes(theme: str):
    """Styling comes from classes only, so no entry text can inject CSS."""
    assert [] == re.findall(r"\sstyle=", render_html(context(), theme))


def test_html_carries_the_document_metadata():
    """Title, author, keywords and creation date for the PDF's metadata."""
    html = render_html(context(), "classic")
    assert "<title>Alex Example — Technical Product Manager portfolio</title>" in html
    assert '<meta name="author" content="Alex Example">' in html
    assert '<meta name="dcterms.created" content="2025-01-15">' in html
    assert re.search(r'<meta name="keywords" content="[^"]*Customer focus', html)


def test_user_theme_may_override_only_the_stylesheet(tmp_path: Path):
    """A folder with just style.css uses the classic template with that CSS."""
    (tmp_path / "style.css").write_text("body { color: #123456; }", encoding="utf-8")
    html = render_html(context(), tmp_path)
    assert "#123456" in html
    assert 'class="theme-classic"' in html
    assert "@font-face" not in html  # the built-in stylesheet was replaced, not added to


def test_user_theme_may_override_only_the_template(tmp_path: Path):
    """A folder with just a template gets the classic stylesheet."""
    (tmp_path / "template.html.j2").write_text("<style>{{ theme_css }}</style><h1>{{ profile.name }}</h1>", encoding="utf-8")
    html = render_html(context(), tmp_path)
    assert "<h1>Alex Example</h1>" in html and "Caladea" in html


def test_user_stylesheet_cannot_inline_files_outside_its_folder(tmp_path: Path):
    """A relative url() that climbs out of the theme folder is not read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret", encoding="utf-8")
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "style.css").write_text('body { background: url("../secret.txt"); }', encoding="utf-8")
    html = render_html(context(), theme)
    assert 'url("../secret.txt")' in html
    assert "dG9wIHNlY3JldA" not in html  # base64 of the secret


def test_user_stylesheet_may_import_the_shared_pagination_rules(tmp_path: Path):
    """@import "pagination.css" puts the built-in break rules where it stands, after the theme's own."""
    (tmp_path / "style.css").write_text('body { color: #123456; }\n@import "pagination.css";\np { color: #654321; }\n', encoding="utf-8")
    html = render_html(context(), tmp_path)
    assert "@import" not in html
    own, shared, after = html.index("#123456"), html.index("li:last-child { break-before: avoid; }"), html.index("#654321")
    assert own < shared < after


def test_user_stylesheet_cannot_import_files_outside_its_folder(tmp_path: Path):
    """An @import that climbs out of the theme folder is left as written, not read."""
    (tmp_path / "secret.css").write_text("body { color: #5ec4e7; }", encoding="utf-8")
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "style.css").write_text('@import "../secret.css";\n', encoding="utf-8")
    html = render_html(context(), theme)
    assert '@import "../secret.css";' in html
    assert "#5ec4e7" not in html


def test_template_typo_is_a_render_error(tmp_path: Path):
    """StrictUndefined: a misspelt name fails loudly with a RenderError."""
    (tmp_path / "template.html.j2").write_text("{{ profile.nmae }}", encoding="utf-8")
    with pytest.raises(RenderError, match="theme template error"):
        render_html(context(), tmp_path)


# --- golden files ---------------------------------------------------------------------


def _normalised(html: str) -> str:
    """Fonts are binary; compare the markup, not megabytes of base64."""
    return re.sub(r"data:([\w/+.-]+);base64,[A-Za-z0-9+/=]+", r"data:\1;base64,…", html)


@pytest.mark.parametrize("theme", ["classic", "modern"])
def test_html_matches_golden_file(theme: str):
    """The HTML of a fixed portfolio changes only on purpose (TPMFOLIO_REGEN_GOLDEN=1 to accept)."""
    html = _normalised(
        render_html(context(fit=FIT, prepared_for={"title": "Senior TPM", "company": "Fabrikam"}), theme)
    )
    golden = GOLDEN / f"{theme}.html"
    if os.environ.get("TPMFOLIO_REGEN_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    if not golden.exists():
        pytest.fail(f"{golden} is missing; run with TPMFOLIO_REGEN_GOLDEN=1 to create it")
    assert golden.read_text(encoding="utf-8") == html

"""The model: values validate on construction and derive what a reader needs."""

from decimal import Decimal

import attrs
import pytest

from tpmfolio.catalog import BUILTIN_KPIS, BUILTIN_SKILLS, PLAN_STEPS
from tpmfolio.dates import parse_date_range, parse_partial_date
from tpmfolio.errors import InvalidValue
from tpmfolio.models import Entry, Kpi, KpiResult, Link, Profile, Skill, SkillEvidence


@pytest.mark.parametrize("text", ["2024", "2024-03", "2024-03-15", " 2024-02-29 "])
def test_partial_dates_are_accepted(text):
    """JSON Resume's partial ISO dates are the date format everywhere."""
    assert parse_partial_date(text) == text.strip()


@pytest.mark.parametrize("text", ["2024-13", "2023-02-29", "24-03", "March 2024", "last year", "", "2024/03", "0999"])
def test_malformed_dates_are_rejected(text):
    """Anything but a real YYYY[-MM[-DD]] date is an error naming the value."""
    with pytest.raises(InvalidValue):
        parse_partial_date(text)


def test_date_range_parses_both_ends():
    """The --date option takes one date or START..END."""
    assert parse_date_range("2024-03..2024-09") == ("2024-03", "2024-09")
    assert parse_date_range("2024") == ("2024", None)
    with pytest.raises(InvalidValue, match="ends before it starts"):
        parse_date_range("2024-09..2024-03")


def test_entry_ended_must_not_be_before_started():
    """An entry cannot end before it starts; partial dates compare by what they can mean."""
    with pytest.raises(InvalidValue, match="before started"):
        Entry(title="x", started="2024-05", ended="2024-03")
    assert Entry(title="x", started="2024-05", ended="2024").ended == "2024"


@pytest.mark.parametrize("title", ["", "   ", "\n\t"])
def test_entry_needs_a_title(title):
    """An empty or blank title is refused."""
    with pytest.raises(InvalidValue, match="title must not be empty"):
        Entry(title=title)


def test_entry_title_has_a_limit():
    """A pasted essay is not a title."""
    with pytest.raises(InvalidValue, match="limit is 300"):
        Entry(title="x" * 10_000)


def test_entry_cleans_text_but_keeps_unicode_and_markup():
    """Control characters go, unicode and angle brackets stay exactly as typed."""
    entry = Entry(title="  Zürich 🚀 <script>alert(1)</script>\x00 ", summary="line one\r\nline two")
    assert entry.title == "Zürich 🚀 <script>alert(1)</script>"
    assert entry.summary == "line one\nline two"


def test_c1_controls_are_stripped_like_c0():
    """U+0080-U+009F (a CSI escape, NEL, Windows-1252 leftovers) go; the letters around them and U+00A0 stay."""
    entry = Entry(title="Launch\x9b31m plan\x85", summary="caf\u00e9\x80\x9f\u00a0ok", situation="\x1b[31mred\x7f")
    assert "Launch31m plan" == entry.title
    assert "caf\u00e9\u00a0ok" == entry.summary
    assert "[31mred" == entry.situation


def test_entry_converts_option_text_into_values():
    """Skills, KPIs, links and tags given as text become value objects."""
    entry = Entry(
        title="Checkout redesign",
        skills=["customer-focus:3", "team-leadership"],
        kpis=[KpiResult.parse("adoption-rate=34% baseline=10% target=30%")],
        links=["Launch post=https://example.com/launch"],
        tags=["Q3", "q3", "launch"],
    )
    assert entry.skills == (SkillEvidence("customer-focus", 3), SkillEvidence("team-leadership", 2))
    assert entry.links == (Link("https://example.com/launch", "Launch post"),)
    assert entry.tags == ("q3", "launch")


def test_entry_rejects_the_same_skill_twice():
    """Listing a skill twice on one entry is a mistake, not two pieces of evidence."""
    with pytest.raises(InvalidValue, match="listed twice"):
        Entry(title="x", skills=["communication:1", "communication:3"])


@pytest.mark.parametrize("text", ["customer-focus:0", "customer-focus:4", "customer-focus:high"])
def test_skill_level_is_one_to_three(text):
    """Levels are 1 (touched), 2 (practised) or 3 (led with it)."""
    with pytest.raises(InvalidValue, match="1, 2 or 3"):
        SkillEvidence.parse(text)


def test_evolve_validates_again():
    """Changing a frozen entry with evolve runs the validators again."""
    entry = Entry(title="x", started="2024-01")
    with pytest.raises(InvalidValue):
        attrs.evolve(entry, ended="2023-12")


def test_kpi_option_text_parses_and_prints_back():
    """The --kpi text form survives parse → to_text."""
    text = "adoption-rate=34% baseline=10% target=30%"
    result = KpiResult.parse(text)
    assert result.to_text() == text
    assert str(result.baseline) == "10%"


@pytest.mark.parametrize("text", ["adoption-rate", "=34%", "adoption-rate=abc", "adoption-rate=34% baseline=1 day"])
def test_bad_kpi_option_text_is_rejected(text):
    """Missing slug, missing value, a non-number or mismatched units are errors."""
    with pytest.raises(InvalidValue):
        KpiResult.parse(text)


def test_change_respects_direction():
    """A fall in defect rate is an improvement; a fall in revenue is not."""
    defects = KpiResult("defect-rate", "2%", baseline="5%")
    revenue = KpiResult("revenue", "$1M", baseline="$1.2M")
    assert defects.change("down").improved is True
    assert str(defects.change("down")) == "-3 pp"
    assert revenue.change("up").improved is False
    assert str(KpiResult("revenue", "$1.4M", baseline="$1M").change("up")) == "+$400k (+40%)"


def test_attainment_versus_target():
    """Attainment is the share of the planned move achieved, in either direction."""
    assert KpiResult("adoption-rate", "34%", "10%", "30%").attainment("up") == Decimal("1.2")
    assert KpiResult("cycle-time", "4 days", "10 days", "6 days").attainment("down") == Decimal("1.5")
    assert KpiResult("cycle-time", "4 days", target="6 days").met_target("down") is True
    assert KpiResult("adoption-rate", "34%").attainment() is None


def test_profile_validates_contact_fields():
    """A malformed email or URL on the profile is refused."""
    with pytest.raises(InvalidValue, match="email"):
        Profile(email="not-an-email")
    with pytest.raises(InvalidValue, match="url"):
        Profile(url="javascript:alert(1)")


def test_catalog_has_the_stable_slugs():
    """The built-in slugs are a contract with saved files and outside checks."""
    assert [s.slug for s in BUILTIN_SKILLS] == (
        "technical-acumen problem-solving team-leadership attention-to-detail process-orientation "
        "communication time-management business-acumen customer-focus strategic-planning "
        "market-analysis business-strategy project-management"
    ).split()
    assert [k.slug for k in BUILTIN_KPIS] == (
        "roi revenue cost-savings adoption-rate feature-usage retention customer-satisfaction "
        "code-quality on-time-delivery defect-rate cycle-time"
    ).split()
    assert [s.number for s in PLAN_STEPS] == [1, 2, 3, 4, 5]
    assert {s.slug for s in BUILTIN_SKILLS if s.category == "business"} >= {"business-acumen", "customer-focus"}


def test_plan_step_four_counts_projects_only_with_business_kpis():
    """A project is TPM portfolio evidence when it moved a business KPI."""
    step = PLAN_STEPS[3]
    business = frozenset(k.slug for k in BUILTIN_KPIS if k.is_business_impact)
    with_revenue = Entry(title="a", kind="project", kpis=[KpiResult("revenue", "$1M")])
    with_defects = Entry(title="b", kind="project", kpis=[KpiResult("defect-rate", "2%")])
    assert step.counts(with_revenue, business) is True
    assert step.counts(with_defects, business) is False
    assert step.counts(Entry(title="c", kind="tpm-task"), business) is True


def test_skill_rows_round_trip():
    """to_row/from_row are explicit and lossless."""
    skill = Skill("okr-design", "OKR design", "business", "Writing OKRs", ("okrs", "objectives"))
    assert Skill.from_row(skill.to_row()) == skill


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: Skill("pricing", "p" * 1_000_000), "name is 1,000,000 characters; the limit is 300"),
        (lambda: Kpi("nps", "n" * 301), "name is 301 characters; the limit is 300"),
        (lambda: Skill("pricing", "Pricing", description="d" * 2_001), "description is 2,001 characters; the limit is 2,000"),
        (lambda: Skill("pricing", "Pricing", keywords=["k" * 101]), "is 101 characters; the limit is 100"),
        (lambda: Skill("pricing", "Pricing", keywords=[f"word{i}" for i in range(101)]), "101 keywords; the limit is 100"),
        (lambda: Kpi("nps", "NPS", unit="u" * 101), "unit is 101 characters; the limit is 100"),
        (lambda: attrs.evolve(Skill("pricing", "Pricing"), name="p" * 301), "the limit is 300"),
    ],
    ids=["skill name", "KPI name", "description", "keyword", "keyword count", "unit", "evolve"],
)
def test_catalog_text_has_limits(make, expected):
    """A skill or KPI is a heading and a few words, whoever builds it: the CLI, an import or a script."""
    with pytest.raises(InvalidValue, match=expected):
        make()


def test_catalog_text_at_its_limits_is_fine():
    skill = Skill("pricing", "p" * 300, description="d" * 2_000, keywords=[f"{i:0>100}" for i in range(100)])
    assert (300, 100) == (len(skill.name), len(skill.keywords))
    assert 100 == len(Kpi("nps", "NPS", unit="u" * 100).unit)


def test_a_stored_name_longer_than_the_limit_loads_whole_but_is_not_built_anew():
    """A row written before the limits were checked opens as it is (nothing cut), while a new item is refused."""
    row = {**Skill("pricing", "Pricing").to_row(), "name": "p" * 5_000, "description": "d" * 9_000,
           "keywords_json": ["k" * 500, *(f"w{i}" for i in range(200))]}
    skill = Skill.from_row(row)
    assert (5_000, 9_000, 201, 500) == (len(skill.name), len(skill.description), len(skill.keywords), len(skill.keywords[0]))
    kpi = Kpi.from_row({**Kpi("nps", "NPS").to_row(), "name": "n" * 301, "unit": "u" * 101})
    assert (301, 101) == (len(kpi.name), len(kpi.unit))
    with pytest.raises(InvalidValue, match="300"):
        Skill("pricing", "p" * 5_000)
    with pytest.raises(InvalidValue):
        attrs.evolve(kpi, name="NPS")  # any change rebuilds the item, checking every field

"""Coverage, gaps, plan progress, business-impact share and stale evidence."""

from __future__ import annotations

import datetime as dt
import json

from eval.portfolio import ENTRIES

from tpmfolio.analysis import coverage, gap_report, plan_progress, stale_cutoff
from tpmfolio.catalog import BUILTIN_KPIS, BUILTIN_SKILLS, BUSINESS_SKILLS
from tpmfolio.cli.views import format_gap_report, posting_checklist
from tpmfolio.models import Entry, Skill

TODAY = dt.date(2025, 6, 1)


def report_for(entries, today=TODAY, skills=BUILTIN_SKILLS):
    return gap_report(entries, skills, BUILTIN_KPIS, today=today)


def test_coverage_counts_entries_and_max_level():
    """Coverage counts the entries showing each skill and their highest level."""
    entries = [
        Entry(title="A", skills=["customer-focus:1", "communication:2"]),
        Entry(title="B", skills=["customer-focus:3"]),
    ]
    cover = coverage(entries, BUILTIN_SKILLS)
    assert list(cover) == [s.slug for s in BUILTIN_SKILLS]
    assert (cover["customer-focus"].entries, cover["customer-focus"].max_level) == (2, 3)
    assert (cover["communication"].entries, cover["communication"].max_level) == (1, 2)
    assert (cover["market-analysis"].entries, cover["market-analysis"].max_level) == (0, 0)


def test_custom_skills_are_covered_and_unknown_ones_ignored():
    """A custom skill passed in is covered; evidence for a skill not passed in is left out."""
    custom = Skill("data-fluency", "Data fluency")
    entries = [Entry(title="A", skills=["data-fluency:2", "hidden-skill:3"])]
    cover = coverage(entries, [*BUILTIN_SKILLS, custom])
    assert cover["data-fluency"].entries == 1
    assert "hidden-skill" not in cover


def test_required_json_keys_and_shapes():
    """gaps --json has coverage, missing_skills, plan and business_impact_share in the agreed shapes."""
    data = report_for(ENTRIES).to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["coverage"]["customer-focus"]["entries"] == 4
    assert data["coverage"]["customer-focus"]["max_level"] == 3
    assert isinstance(data["missing_skills"], list)
    assert [(p["step"], p["name"]) for p in data["plan"]][0] == (1, "Acquire business skills")
    assert [p["entries"] for p in data["plan"]] == [2, 3, 1, 5, 1]
    assert 0 <= data["business_impact_share"] <= 1


def test_business_impact_share():
    """The share is business-impact KPI results over all KPI results."""
    entries = [
        Entry(title="A", kpis=["revenue=$1M", "cycle-time=3 days"]),
        Entry(title="B", kpis=["retention=90%", "adoption-rate=20%"]),
    ]
    assert report_for(entries).business_impact_share == 0.75
    assert report_for(ENTRIES).to_json()["business_impact_share"] == 0.6
    assert report_for(ENTRIES).to_json()["kpi_results"] == {"business_impact": 9, "engineering": 6}


def test_missing_and_weak_skills_list_business_skills_first():
    """Missing and weak skills are listed business skills first."""
    entries = [Entry(title="A", skills=["communication:1", "customer-focus:1"])]
    report = report_for(entries)
    assert set(report.missing_skills) == {s.slug for s in BUILTIN_SKILLS} - {"communication", "customer-focus"}
    business_count = len(BUSINESS_SKILLS) - 1
    assert all(s in BUSINESS_SKILLS for s in report.missing_skills[:business_count])
    assert report.weak_skills == ("customer-focus", "communication")


def test_weak_means_only_touched_or_a_single_entry():
    """Two entries at level 2 are not weak; one entry, or only level 1, is."""
    entries = [
        Entry(title="A", skills=["strategic-planning:2", "market-analysis:3", "communication:1"]),
        Entry(title="B", skills=["strategic-planning:2", "communication:1"]),
    ]
    report = report_for(entries)
    assert "strategic-planning" not in report.weak_skills
    assert {"market-analysis", "communication"} <= set(report.weak_skills)


def test_entries_without_kpi_or_result():
    """Entries lacking a KPI or a Result are listed by id and title."""
    entries = [
        Entry(id=1, title="Complete", result="Shipped", kpis=["revenue=$1M"]),
        Entry(id=2, title="No KPI", result="Shipped"),
        Entry(id=3, title="No result", kpis=["roi=20%"]),
    ]
    data = report_for(entries).to_json()
    assert data["entries_without_kpi"] == [{"id": 2, "title": "No KPI"}]
    assert data["entries_without_result"] == [{"id": 3, "title": "No result"}]


def test_plan_progress_counts_by_step_rule():
    """Plan steps count their kinds; a project counts for step 4 only with a business KPI."""
    entries = [
        Entry(title="Course", kind="course"),
        Entry(title="Cert", kind="certification"),
        Entry(title="Volunteer", kind="volunteer"),
        Entry(title="Eng project", kind="project", kpis=["cycle-time=2 days"]),
        Entry(title="Biz project", kind="project", kpis=["revenue=$1M"]),
        Entry(title="TPM task", kind="tpm-task"),
        Entry(title="Talk", kind="talk"),
    ]
    steps = plan_progress(entries, BUILTIN_KPIS)
    assert [(s.step, s.entries) for s in steps] == [(1, 2), (2, 1), (3, 0), (4, 2), (5, 0)]
    assert [s.done for s in steps] == [True, True, False, True, False]


def test_stale_skills():
    """A skill with nothing in the last 12 months is stale; ongoing work never is."""
    entries = [
        Entry(title="Old", started="2022-01", ended="2024-05", skills=["market-analysis:2"]),
        Entry(title="Recent", started="2024-01", ended="2024-06", skills=["customer-focus:2"]),
        Entry(title="Ongoing", started="2019", skills=["communication:2"]),
        Entry(title="Undated", skills=["problem-solving:2"]),
    ]
    report = report_for(entries)
    assert report.stale_skills == ("market-analysis", "problem-solving")
    data = report.to_json()["coverage"]
    assert data["market-analysis"]["last_evidence"] == "2024-05-31"
    assert data["communication"]["last_evidence"] == "present"
    assert data["problem-solving"]["last_evidence"] is None
    # The same portfolio a year earlier had nothing stale but the undated skill.
    assert report_for(entries, today=dt.date(2024, 6, 1)).stale_skills == ("problem-solving",)


def test_stale_cutoff_handles_month_ends():
    """Twelve months before 29 February is 28 February."""
    assert stale_cutoff(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert stale_cutoff(dt.date(2025, 6, 1)) == dt.date(2024, 6, 1)


def test_empty_portfolio():
    """No entries: everything missing, plan empty, share 0, and a readable view."""
    report = report_for([])
    data = report.to_json()
    assert data["missing_skills"][: len(BUSINESS_SKILLS)] == list(BUSINESS_SKILLS)
    assert len(data["missing_skills"]) == len(BUILTIN_SKILLS)
    assert data["business_impact_share"] == 0.0
    assert [p["entries"] for p in data["plan"]] == [0, 0, 0, 0, 0]
    text = format_gap_report(report)
    assert "no KPI results yet" in text
    assert "No evidence yet: Business acumen" in text


def test_format_gap_report():
    """The terminal view shows coverage, gaps, plan, share and entries to complete; colour only when asked."""
    report = report_for(ENTRIES)
    text = format_gap_report(report)
    assert "Business impact: 60% of 15 KPI results (9 business, 6 engineering)" in text
    assert "Weak evidence: Time management" in text
    assert "Nothing since 2024-06-01: Attention to detail" in text
    assert "#6 Mentorship with a senior TPM" in text
    assert "5. Communicate your aspirations" in text
    assert "\x1b[" not in text
    assert "\x1b[" in format_gap_report(report, color=True)


def test_posting_checklist():
    """gaps --for JOB adds the posting's unanswered requirements, as a checklist."""
    gaps = {
        "title": "TPM",
        "company": "Acme",
        "skills_without_evidence": ["market-analysis"],
        "unanswered": [{"text": "Size the market", "section": "responsibility", "skills": [], "keywords": []}],
    }
    text = posting_checklist(gaps)
    assert "Before applying to TPM at Acme:" in text
    assert "  [ ] Size the market" in text
    assert "Skills it asks for that no entry shows: market-analysis" in text
    assert "every requirement has evidence" in posting_checklist({**gaps, "unanswered": []})


def test_gap_report_is_deterministic():
    """The same entries in another order give the same report."""
    assert report_for(ENTRIES).to_json() == report_for(list(reversed(ENTRIES))).to_json()


def test_summary_page_and_gaps_report_the_same_coverage_and_business_share():
    """The PDF's summary page shows the numbers the gap analysis computes, not a recount of its own."""
    from tpmfolio.models import Profile
    from tpmfolio.render.context import build_context

    report = report_for(ENTRIES)
    glance = build_context(Profile(name="A"), ENTRIES, BUILTIN_SKILLS, BUILTIN_KPIS, include_confidential=True)["glance"]
    rows = {row["slug"]: row for group in glance["coverage"] for row in group["skills"]}
    for slug, cover in report.coverage.items():
        assert (rows[slug]["touched"], rows[slug]["practised"], rows[slug]["led"]) == cover.levels
        assert rows[slug]["entries"] == cover.entries
    assert report.business_kpi_results == glance["business_impact"]["business"]
    assert report.business_impact_share == glance["business_impact"]["share"]
    assert 0 < report.business_impact_share < 1

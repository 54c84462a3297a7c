"""JSON Resume out (valid against the official schema) and in (a real resume)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tpmfolio import ImportProblems, Kpi, KpiResult
from tpmfolio.interchange import from_jsonresume, kpi_sentence, load_document, to_jsonresume

DATA = Path(__file__).parent / "data" / "jsonresume"
EXAMPLE = Path(__file__).parent.parent / "examples" / "portfolio.yaml"


def schema_validator() -> jsonschema.protocols.Validator:
    schema = json.loads((DATA / "schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def example():
    return load_document(EXAMPLE.read_text(encoding="utf-8"), "yaml")


def test_export_of_the_example_is_a_valid_json_resume():
    """The resume validates against the official schema (draft 7, formats checked)."""
    folio = example()
    resume = to_jsonresume(folio.profile, folio.entries, folio.skills, folio.kpis)
    schema_validator().validate(resume)
    assert resume["basics"]["name"] == "Dana Whitfield"
    assert {"work", "projects", "volunteer", "education", "certificates", "skills"} <= set(resume)


def test_confidential_entries_and_conversations_stay_out():
    """A resume is for other people."""
    folio = example()
    text = json.dumps(to_jsonresume(folio.profile, folio.entries, folio.skills, folio.kpis))
    assert "Address validation" not in text and "VP of Engineering" not in text
    with_confidential = json.dumps(
        to_jsonresume(folio.profile, folio.entries, folio.skills, folio.kpis, include_confidential=True)
    )
    assert "Address validation" in with_confidential


def test_kpis_become_sentences_that_respect_direction():
    """Up-is-good KPIs are raised, down-is-good ones are cut."""
    adoption = Kpi("adoption-rate", "Customer adoption rate", "business-impact", "%", "up")
    defects = Kpi("defect-rate", "Defect rate", "engineering", "%", "down")
    assert kpi_sentence(KpiResult.parse("adoption-rate=34% baseline=10% target=30%"), adoption) == (
        "Raised customer adoption rate from 10% to 34% (target 30%)"
    )
    assert kpi_sentence(KpiResult.parse("defect-rate=0.6% baseline=2.1%"), defects) == (
        "Cut defect rate from 2.1% to 0.6%"
    )
    assert kpi_sentence(KpiResult.parse("roi=140%"), Kpi("roi", "ROI")) == "Reached ROI of 140%"


def test_sample_resume_import_counts():
    """The official sample: 1 work + 1 project + 1 volunteer item become 3 entries."""
    sample = json.loads((DATA / "sample.resume.json").read_text(encoding="utf-8"))
    imported = from_jsonresume(sample)
    assert [e.kind for e in imported.entries] == ["project", "project", "volunteer"]
    assert imported.profile.name == "Richard Hendriks"
    assert imported.profile.location == "San Francisco, California, US"
    work = imported.entries[0]
    assert (work.organization, work.role, work.started, work.ended) == ("Pied Piper", "CEO/President", "2013-12-01", "2014-12-01")
    assert "- Successfully won Techcrunch Disrupt" in work.result
    assert sorted(s.slug for s in imported.skills) == ["compression", "web-development"]
    assert imported.entries[1].skill_slugs == ("web-development",)


def test_importing_the_same_resume_twice_gives_the_same_uids():
    """Uids come from the items, so a second import updates rather than duplicates."""
    text = (DATA / "sample.resume.json").read_text(encoding="utf-8")
    first = load_document(text, "jsonresume")
    second = load_document(text, "jsonresume")
    assert [e.uid for e in first.entries] == [e.uid for e in second.entries]


def test_resume_round_trip_keeps_highlights_as_highlights():
    """Imported highlights come out again as separate highlights."""
    sample = json.loads((DATA / "sample.resume.json").read_text(encoding="utf-8"))
    imported = from_jsonresume(sample)
    resume = to_jsonresume(imported.profile, imported.entries, imported.skills)
    schema_validator().validate(resume)
    volunteer = resume["volunteer"][0]
    assert volunteer["highlights"] == ["Awarded 'Teacher of the Month'"]


def test_catalog_skills_are_matched_by_name_or_keywords():
    """A resume skill close to a catalog skill uses its slug, not a new one."""
    resume = {
        "skills": [{"name": "Project Management", "keywords": ["milestones"]}],
        "work": [{"name": "Acme", "position": "EM", "summary": "Ran project management for the launch"}],
    }
    imported = from_jsonresume(resume)
    assert imported.skills == () and imported.entries[0].skill_slugs == ("project-management",)


def test_strict_refuses_what_a_lenient_import_notes():
    """Lenient by default (each change noted by its place); --strict refuses the file whole."""
    resume = {"basics": {"email": "nope"}, "work": {"name": "x"}, "projects": [{"name": "P", "startDate": "2016-13"}]}
    imported = from_jsonresume(resume)
    assert imported.notes == (
        "basics.email: 'nope' is not an email address; left out",
        "work: expected a list, got a mapping; skipped",
        "projects[0].startDate: '2016-13' is not a real calendar date; left out",
    )
    assert [e.title for e in imported.entries] == ["P"] and imported.entries[0].started is None
    with pytest.raises(ImportProblems) as info:
        from_jsonresume(resume, strict=True)
    assert info.value.problems == [
        "basics.email: 'nope' is not an email address",
        "work: expected a list, got a mapping",
        "projects[0].startDate: '2016-13' is not a real calendar date",
    ]

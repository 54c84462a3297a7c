"""The entry shape and tpmfolio's own JSON/YAML document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tpmfolio import Entry, ImportProblems, Kpi, Profile, Skill
from tpmfolio.catalog import BUILTIN_SKILLS, PLAN_STEPS
from tpmfolio.interchange import (
    PortfolioContents,
    detect_format,
    dump_entry_yaml,
    dumps,
    entry_from_data,
    entry_to_data,
    export_document,
    load_document,
    load_entry_yaml,
)

EXAMPLE = Path(__file__).parent.parent / "examples" / "portfolio.yaml"


def sample_entry(**changes) -> Entry:
    fields = dict(
        id=3,
        uid="c0ffee",
        title="Checkout redesign <script>alert(1)</script> — Zürich",
        kind="project",
        started="2024-03",
        ended="2024-09",
        organization="Acme",
        role="EM",
        summary="Line one\nline two: with a colon",
        result="Conversion up",
        skills=["customer-focus:3", "communication"],
        kpis=["adoption-rate=34% baseline=10% target=30% as_of=2024-09"],
        measurements=[{"kpi": "adoption-rate", "date": "2024-06", "value": "20%"}],
        links=["PRD=https://example.com/prd"],
        testimonials=[{"quote": "Great “work”", "author": "Kim", "author_role": "VP"}],
        tags=["growth"],
        created="2024-09-01T10:00:00Z",
        updated="2024-09-02T10:00:00Z",
    )
    fields.update(changes)
    return Entry(**fields)


def problems_of(call, *args, **kwargs) -> list[str]:
    with pytest.raises(ImportProblems) as info:
        call(*args, **kwargs)
    return info.value.problems


def example_document(format: str) -> str:
    imported = load_document(EXAMPLE.read_text(encoding="utf-8"), "yaml")
    return dumps(export_document(imported), format)


# --- the entry shape ----------------------------------------------------------


def test_entry_data_has_every_key_in_a_stable_order():
    """show --json prints every field, even empty ones, always in the same order."""
    data = entry_to_data(Entry(title="Bare", uid="u1"))
    assert list(data) == [
        "id", "uid", "title", "kind", "started", "ended", "organization", "role", "summary",
        "situation", "task", "action", "result", "decisions", "lessons", "skills", "kpis", "measurements",
        "links", "testimonials", "tags", "confidential", "translations", "created", "updated",
    ]
    assert data["started"] is None and data["summary"] == "" and data["kpis"] == []


def test_kpi_values_are_the_text_typed():
    """Values travel as the person wrote them, not as floats."""
    data = entry_to_data(sample_entry())
    assert data["kpis"][0] == {
        "kpi": "adoption-rate", "actual": "34%", "baseline": "10%", "target": "30%",
        "as_of": "2024-09", "note": "",
    }
    json.dumps(data)


def test_entry_round_trips_through_data_and_yaml():
    """Data and the edit YAML give back the same entry, unicode and markup intact."""
    entry = sample_entry()
    assert entry == entry_from_data(entry_to_data(entry))
    text = dump_entry_yaml(entry)
    assert entry == load_entry_yaml(text)
    assert "<script>alert(1)</script>" in text and "Zürich" in text


def test_edit_yaml_uses_block_scalars_for_multi_line_text():
    """A person editing sees paragraphs, not escaped newlines."""
    assert "summary: |-\n  Line one\n  line two: with a colon\n" in dump_entry_yaml(sample_entry())


def test_entry_problems_are_all_listed_with_their_path():
    """Every problem is reported at once, each with its place."""
    data = entry_to_data(sample_entry())
    data["kpis"][0]["actual"] = "abc"
    data["started"] = "2024-13"
    data["kind"] = "projct"
    data["skills"][1]["level"] = 5
    data["titel"] = "x"
    problems = problems_of(entry_from_data, data, "entries[3]")
    assert any(p.startswith("entries[3].kpis[0].actual: 'abc' is not a number") for p in problems)
    assert "entries[3].started: '2024-13' is not a real calendar date" in problems
    assert "entries[3].kind: 'projct' is not an entry kind; did you mean 'project'?" in problems
    assert "entries[3].skills[1].level: skill level 5 is not 1, 2 or 3" in problems
    assert "entries[3].titel: unknown field; did you mean 'title'?" in problems
    assert len(problems) == 5


def test_entry_short_forms_are_accepted_by_hand():
    """Lists may use the add options' short forms when typed by hand."""
    entry = entry_from_data(
        {"title": "T", "skills": ["customer-focus:3"], "kpis": ["revenue=$1.2M"], "links": ["https://example.com"]}
    )
    assert entry.skills[0].level == 3 and str(entry.kpis[0].actual) == "$1.2M"


def test_ended_before_started_and_duplicates_are_problems():
    """Cross-field rules are checked too, each with a path."""
    problems = problems_of(
        entry_from_data,
        {"title": "T", "started": "2024-05", "ended": "2024-01", "skills": ["communication", "communication:1"]},
    )
    assert problems == [
        "entry.skills[1]: skill 'communication' is already listed at entry.skills[0]",
        "entry.ended: 2024-01 is before started 2024-05",
    ]


def test_broken_edit_yaml_names_the_line():
    """A YAML syntax error points at its line and column."""
    text = dump_entry_yaml(sample_entry()).replace("kind: project", "kind: [project")
    (problem,) = problems_of(load_entry_yaml, text)
    assert problem.startswith("line ") and "not valid YAML" in problem


def test_bad_value_in_edit_yaml_names_path_and_line():
    """A bad value is named by its path and the line it is on."""
    text = dump_entry_yaml(sample_entry()).replace("actual: 34%", "actual: abc")
    line = text.splitlines().index("  actual: abc") + 1
    (problem,) = problems_of(load_entry_yaml, text)
    assert problem.startswith("kpis[0].actual: 'abc' is not a number") and problem.endswith(f"(line {line})")


def test_unquoted_yaml_dates_are_read_as_dates():
    """started: 2024-03-15 is a YAML date; it is read back as the text written."""
    entry = load_entry_yaml("title: T\nstarted: 2024-03-15\nended: 2024\ncreated: 2024-03-15T10:00:00Z\n")
    assert (entry.started, entry.ended, entry.created) == ("2024-03-15", "2024", "2024-03-15T10:00:00Z")


def test_unknown_slug_on_edit_suggests_a_close_match():
    """Known slugs are checked when the caller passes them."""
    skills = [s.slug for s in BUILTIN_SKILLS]
    (problem,) = problems_of(load_entry_yaml, "title: T\nskills: [custmer-focus]\n", known_skills=skills)
    assert problem.startswith("skills[0].skill: unknown skill 'custmer-focus'; did you mean 'customer-focus'")


text_strategy = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40
).map(str.strip)


@settings(max_examples=60, deadline=None)
@given(
    title=text_strategy.filter(bool),
    summary=text_strategy,
    tags=st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True), max_size=3),
    actual=st.decimals(min_value=-10_000, max_value=10_000, places=2).map(lambda d: f"{d}%"),
    level=st.integers(1, 3),
    confidential=st.booleans(),
)
def test_any_entry_round_trips(title, summary, tags, actual, level, confidential):
    """Whatever a person types survives entry_to_data → YAML → entry_from_data."""
    entry = Entry(
        title=title, summary=summary, tags=tags, kpis=[f"roi={actual}"],
        skills=[f"communication:{level}"], confidential=confidential,
    )
    assert entry == entry_from_data(entry_to_data(entry))
    assert entry == load_entry_yaml(dump_entry_yaml(entry))


# --- the whole document ---------------------------------------------------------


@pytest.mark.parametrize("format", ["json", "yaml"])
def test_export_import_export_gives_the_same_bytes(format):
    """Export → import → export is byte-for-byte stable."""
    first = example_document(format)
    imported = load_document(first, format)
    again = dumps(export_document(imported), format)
    assert first == again


def test_json_export_is_indented_unicode_with_trailing_newline():
    """The JSON is made for diffs: indent 2, real unicode, one final newline."""
    text = example_document("json")
    assert text.startswith('{\n  "tpmfolio": 1,') and text.endswith("}\n") and "→" in text


def test_unchanged_builtins_are_not_exported_but_renamed_and_hidden_ones_are():
    """Only what differs from the catalog is written."""
    renamed = Skill("communication", "Storytelling", "engineering")
    document = export_document(PortfolioContents(
        Profile(name="Dana"), [*BUILTIN_SKILLS[:3], renamed], [Kpi("nps", "Net promoter score", "business-impact")],
        hidden_skills=["market-analysis"],
    ))
    assert [(s["slug"], s["name"], s["hidden"]) for s in document["skills"]] == [
        ("communication", "Storytelling", False),
        ("market-analysis", "Market analysis", True),
    ]
    assert [k["slug"] for k in document["kpis"]] == ["nps"]
    imported = load_document(dumps(document), "json")
    assert imported.hidden_skills == ("market-analysis",)


def test_example_portfolio_loads_and_covers_every_plan_step():
    """The bundled example is realistic: all five steps, series, testimonials, one confidential."""
    imported = load_document(EXAMPLE.read_text(encoding="utf-8"), "yaml")
    entries = imported.entries
    assert len(entries) >= 12
    business = frozenset({"roi", "revenue", "cost-savings", "adoption-rate", "feature-usage", "retention",
                          "customer-satisfaction"} | {k.slug for k in imported.kpis if k.is_business_impact})
    for step in PLAN_STEPS:
        assert any(step.counts(e, business) for e in entries), step.name
    assert sum(1 for e in entries if len(e.measurements) >= 4) >= 3
    assert sum(1 for e in entries if e.testimonials) >= 3
    assert [e.confidential for e in entries].count(True) == 1
    assert imported.profile.name == "Dana Whitfield"


def test_document_problems_are_all_listed(tmp_path):
    """Problems anywhere in the document come back together, with paths and lines."""
    document = json.loads(example_document("json"))
    document["entries"][3]["kpis"][0]["actual"] = "abc"
    document["entries"][2]["ended"] = "2024-02-30"
    document["entries"][1]["skills"][0]["skill"] = "stratgic-planning"
    document["entries"][4]["uid"] = document["entries"][0]["uid"]
    document["kpis"][0]["direction"] = "sideways"
    for format in ("json", "yaml"):
        problems = problems_of(load_document, dumps(document, format), format)
        messages = "\n".join(problems)
        assert "entries[3].kpis[0].actual: 'abc' is not a number" in messages
        assert "entries[2].ended: '2024-02-30' is not a real calendar date" in messages
        assert "entries[1].skills[0].skill: unknown skill 'stratgic-planning'; did you mean 'strategic-planning'?" in messages
        assert "entries[4].uid: uid 'dw-2023-product-strategy-course' is also used by entries[0]" in messages
        assert "kpis[0].direction: 'sideways' is not one of: up, down" in messages
        assert len(problems) == 5
        if format == "yaml":
            assert all("(line " in p for p in problems)


def test_broken_json_names_line_and_column():
    """A JSON syntax error says where."""
    (problem,) = problems_of(load_document, '{"tpmfolio": 1,\n "entries": [,]}', "json")
    assert problem.startswith("line 2, column 14: not valid JSON")


def test_broken_yaml_names_line_and_column():
    """A YAML syntax error says where."""
    (problem,) = problems_of(load_document, "tpmfolio: 1\nentries:\n- title: [unclosed\n  kind: project\n", "yaml")
    assert problem.startswith("line ") and "not valid YAML" in problem


@pytest.mark.parametrize("format", ["json", "yaml"])
def test_half_written_file_is_reported_not_half_imported(format):
    """A file cut off in the middle is refused as a whole."""
    text = example_document(format)
    for fraction in (0.3, 0.5, 0.9):
        cut = text[: int(len(text) * fraction)]
        problems = problems_of(load_document, cut, format)
        assert "is it complete?" in problems[-1] or "not valid" in problems[0]


def test_wrong_types_are_named():
    """entries not a list, profile not a mapping: both said in words."""
    problems = problems_of(load_document, '{"tpmfolio": 1, "profile": [], "entries": {"title": "x"}}', "json")
    assert problems == [
        "profile: expected a mapping with name, headline, email, phone, url, location, summary, target_role, lang, translations, got a list",
        "entries: expected a list of entries, got a mapping",
    ]


def test_the_document_may_define_its_own_slugs():
    """A skill defined in the file is known to its entries; the store's too."""
    text = json.dumps({
        "tpmfolio": 1,
        "skills": [{"slug": "negotiation", "name": "Negotiation"}],
        "entries": [{"title": "A", "skills": ["negotiation"], "kpis": ["nps=40"]}],
    })
    imported = load_document(text, "json", known_kpis=["nps"])
    assert imported.skills[0].slug == "negotiation" and imported.profile is None


def test_a_json_resume_given_as_json_gets_a_hint():
    """The common mix-up of formats is explained."""
    (problem,) = problems_of(load_document, '{"basics": {"name": "X"}}', "json")
    assert "'jsonresume' format" in problem
    assert "--" not in problem, "the library names formats, not CLI flags"


def test_a_newer_format_version_is_refused():
    (problem,) = problems_of(load_document, '{"tpmfolio": 2}', "json")
    assert problem.startswith("tpmfolio: the file is format version 2")


def test_detect_format_from_name_and_content(tmp_path):
    """Extensions decide; a .json with basics is a JSON Resume."""
    resume = tmp_path / "resume.json"
    resume.write_text('{"basics": {}}', encoding="utf-8")
    own = tmp_path / "folio.json"
    own.write_text('{"tpmfolio": 1}', encoding="utf-8")
    assert [detect_format(p) for p in (resume, own, "a.yml", "a.YAML", "a.csv")] == [
        "jsonresume", "json", "yaml", "yaml", "csv",
    ]
    with pytest.raises(ValueError) as caught:
        detect_format("notes.txt")
    assert "--" not in str(caught.value) and "jsonresume" in str(caught.value)

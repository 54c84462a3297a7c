"""Hostile and broken import files: limits, cut-short exports, and imports that change only what they say."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import attrs
import pytest
import sqlite_utils
from conftest import assert_one_line_error, dump, invoke

from tpmfolio import Portfolio, Skill
from tpmfolio.safeload import MAX_ALIAS_NODES, MAX_BYTES, UnsafeInput, check_size, compose_yaml, load_json

DEMO = Path(__file__).parents[1] / "src" / "tpmfolio" / "demo" / "portfolio.yaml"
SAMPLE_RESUME = Path(__file__).parent / "data" / "jsonresume" / "sample.resume.json"

# The "billion laughs": nine lines of nine aliases each, 9^9 values, 375 bytes.
LAUGHS = "# nested aliases, 9^9 values ...\n" + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{','.join(['*' + previous] * 9)}]\n" for previous, name in zip("abcdefgh", "bcdefghi")
)
DEEP_JSON = "[" * 100_000 + "]" * 100_000


def one_error_line(result) -> str:
    """The output of a refused command: exactly one line, 'Error: …', no traceback, exit status 1."""
    assert result.exit_code == 1, result.output
    return assert_one_line_error(result)


def test_the_hostile_files_are_the_ones_from_the_report():
    assert len(LAUGHS.encode()) == 375
    assert len(DEEP_JSON) == 200_000


# --- limits --------------------------------------------------------------------------


def test_billion_laughs_yaml_is_refused_in_one_line(tmp_path, db_path):
    hostile = tmp_path / "laughs.yaml"
    hostile.write_text(LAUGHS, encoding="utf-8")
    invoke("--db", str(db_path), "init")
    before = dump(db_path)
    line = one_error_line(invoke("--db", str(db_path), "import", str(hostile)))
    assert "aliases" in line and f"{MAX_ALIAS_NODES:,}" in line
    assert dump(db_path) == before


def test_a_yaml_alias_inside_itself_is_refused():
    with pytest.raises(UnsafeInput, match="refers to the collection it is in"):
        compose_yaml("a: &a [1, *a]\n")


def test_a_few_aliases_are_fine():
    data, _ = compose_yaml("org: &org Acme\nentries:\n- organization: *org\n- organization: *org\n")
    assert [e["organization"] for e in data["entries"]] == ["Acme", "Acme"]


@pytest.mark.parametrize("command", [["import"], ["tailor"], ["gaps", "--for"]])
def test_a_100000_deep_json_array_is_refused_in_one_line(tmp_path, db_path, command):
    hostile = tmp_path / "deep.json"
    hostile.write_text(DEEP_JSON, encoding="utf-8")
    invoke("--db", str(db_path), "init")  # reading commands and dry runs need a portfolio
    line = one_error_line(invoke("--db", str(db_path), *command, str(hostile)))
    assert "nested more than 64 levels" in line


def test_a_deep_job_file_is_refused_in_one_line(tmp_path, db_path):
    hostile = tmp_path / "job.json"
    hostile.write_text('{"title": "TPM", "responsibilities": ' + DEEP_JSON + "}", encoding="utf-8")
    invoke("--db", str(db_path), "init")  # reading commands and dry runs need a portfolio
    line = one_error_line(invoke("--db", str(db_path), "tailor", str(hostile)))
    assert "job.json" in line and "nested" in line


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, "- " * 100_000 + "x", "a: " + "[" * 70 + "]" * 70, "a:\n" + "".join("  " * i + "- \n" for i in range(80))],
)
def test_deep_yaml_is_refused(text):
    with pytest.raises(UnsafeInput, match="nested more than 64 levels"):
        compose_yaml(text)


def test_deep_yaml_through_import_and_edit_text(tmp_path, db_path):
    hostile = tmp_path / "deep.yaml"
    hostile.write_text("- " * 100_000 + "x\n", encoding="utf-8")
    assert "nested more than 64" in one_error_line(invoke("--db", str(db_path), "import", str(hostile)))


def test_a_number_too_long_to_read_is_one_line(tmp_path, db_path):
    hostile = tmp_path / "long.json"
    hostile.write_text('{"tpmfolio": ' + "1" * 5000 + "}", encoding="utf-8")
    assert "a number is too long" in one_error_line(invoke("--db", str(db_path), "import", str(hostile)))


def test_a_file_over_the_size_cap_is_refused_before_reading(tmp_path, db_path):
    big = tmp_path / "big.json"
    with big.open("wb") as stream:  # sparse: 60 MB on paper, nothing to read
        stream.truncate(60 * 1024 * 1024)
    line = one_error_line(invoke("--db", str(db_path), "import", str(big)))
    assert "the file is 60.0 MB; tpmfolio reads files up to 50 MB" in line
    with pytest.raises(UnsafeInput):
        check_size(MAX_BYTES + 1, "x")
    with pytest.raises(UnsafeInput):
        load_json(" " * 101, max_bytes=100)


def test_huge_catalog_text_in_an_import_is_refused_and_changes_nothing(tmp_path, db_path):
    """A 1 MB skill name (and a huge description, keyword, KPI name or unit): problems by path, nothing stored."""
    document = {
        "tpmfolio": 1,
        "skills": [
            {"slug": "big", "name": "x" * 1_000_000},
            {"slug": "wordy", "name": "Wordy", "description": "d" * 100_000, "keywords": ["k" * 1_000]},
        ],
        "kpis": [{"slug": "bigk", "name": "y" * 1_000_000}, {"slug": "units", "name": "Units", "unit": "u" * 1_000}],
        "entries": [{"title": "Fine", "kind": "project"}],
    }
    hostile = tmp_path / "big.json"
    hostile.write_text(json.dumps(document), encoding="utf-8")
    invoke("--db", str(db_path), "init")
    before = dump(db_path)
    result = invoke("--db", str(db_path), "import", str(hostile))
    assert result.exit_code == 1 and "Traceback" not in result.output
    head, *problems = result.stderr.strip().splitlines()
    assert head == f"Error: {hostile}: 5 problems, nothing imported"
    assert [p.strip() for p in problems] == [
        "skills[0].name: is 1,000,000 characters; the limit is 300",
        "skills[1].description: is 100,000 characters; the limit is 2,000",
        "skills[1].keywords: keyword 'kkkkkkkkkkkkkkkkkkkk'… is 1,000 characters; the limit is 100",
        "kpis[0].name: is 1,000,000 characters; the limit is 300",
        "kpis[1].unit: is 1,000 characters; the limit is 100",
    ]
    assert max(len(line) for line in result.stderr.splitlines()) < 200
    assert dump(db_path) == before


def test_a_resume_skill_with_a_huge_name_is_left_out_with_a_note(tmp_path):
    """A JSON Resume is read leniently: the skill is skipped and said so; --strict refuses the file."""
    resume = {"skills": [{"name": "x" * 1_000_000}, {"name": "Kubernetes"}],
              "work": [{"name": "Acme", "position": "EM", "summary": "Ran Kubernetes"}]}
    with Portfolio.open(tmp_path / "p.db") as folio:
        report = folio.import_text(json.dumps(resume), "jsonresume")
        assert [s.slug for s in folio.skills() if s.slug.startswith(("x", "kub"))] == ["kubernetes"]
    assert any(note.startswith("skills[0]") and "the limit is 300" in note for note in report.notes), report.notes
    assert max(len(note) for note in report.notes) < 200


# --- a cut-short export is refused at every line --------------------------------------


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, str]:
    """The bundled demo portfolio imported and exported again, as JSON and YAML."""
    folder = tmp_path_factory.mktemp("exports")
    with Portfolio.open(folder / "demo.db") as folio:
        folio.import_text(DEMO.read_text(encoding="utf-8"), "yaml", source="demo")
        return {fmt: folio.export(fmt) for fmt in ("json", "yaml")}


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_an_export_cut_at_any_line_is_refused_and_changes_nothing(tmp_path, exports, fmt):
    text = exports[fmt]
    db = tmp_path / "p.db"
    with Portfolio.open(db) as folio:
        folio.import_text(text, fmt)  # the person's portfolio: the full export
        lines = text.splitlines(keepends=True)
        before = dump(db)
        accepted = []
        for cut in range(len(lines)):
            try:
                folio.import_text("".join(lines[:cut]), fmt, source=f"cut at {cut}")
            except Exception as error:  # noqa: BLE001 - every refusal must be a user error
                assert type(error).__module__.startswith("tpmfolio"), (cut, error)
            else:
                accepted.append(cut)
        assert accepted == []
        assert dump(db) == before
        folio.import_text(text, fmt)  # the whole file still imports (as unchanged)
    assert len(lines) > 300


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_export_import_export_stays_byte_identical(tmp_path, exports, fmt):
    with Portfolio.open(tmp_path / "p.db") as folio:
        folio.import_text(exports[fmt], fmt)
        assert folio.export(fmt) == exports[fmt]


def test_a_yaml_export_ends_with_its_counts(exports):
    assert exports["yaml"].startswith("# tpmfolio export:")
    assert exports["yaml"].endswith("end:\n  skills: 1\n  kpis: 1\n  entries: 15\n")
    assert json.loads(exports["json"])["end"] == {"skills": 1, "kpis": 1, "entries": 15}


def test_an_edited_yaml_export_says_how_to_fix_the_counts(tmp_path, exports):
    edited = exports["yaml"].replace("  entries: 15\n", "  entries: 16\n")
    with Portfolio.open(tmp_path / "p.db") as folio, pytest.raises(Exception, match="end: {skills: 1, kpis: 1, entries: 15}"):
        folio.import_text(edited, "yaml")
    hand_written = exports["yaml"].split("\n", 1)[1].replace("  entries: 15\n", "  entries: 16\n")
    with Portfolio.open(tmp_path / "q.db") as folio:  # without the export's first line: a person's own file
        assert len(folio.import_text(hand_written, "yaml").added) == 15


# --- an import changes only what the file says -----------------------------------------


def test_a_field_the_file_leaves_out_stays_as_stored(tmp_path, exports):
    with Portfolio.open(tmp_path / "p.db") as folio:
        folio.import_text(exports["json"], "json")
        first = json.loads(exports["json"])["entries"][0]
        partial = {"tpmfolio": 1, "profile": {"headline": "Now a TPM"}, "entries": [{"uid": first["uid"], "title": "Renamed"}]}
        report = folio.import_text(json.dumps(partial), "json")
        assert report.profile_fields == ("headline",) and len(report.updated) == 1
        profile, entry = folio.profile(), folio.get(first["uid"])
    assert profile.headline == "Now a TPM" and profile.name and profile.target_role
    assert entry.title == "Renamed"
    assert [s.skill for s in entry.skills] == [s["skill"] for s in first["skills"]] and entry.tags == tuple(first["tags"])
    assert entry.summary == first["summary"]


def test_a_resume_with_empty_basics_keeps_the_profile(tmp_path, exports):
    with Portfolio.open(tmp_path / "p.db") as folio:
        folio.import_text(exports["json"], "json")
        before = folio.profile()
        report = folio.import_text(json.dumps({"basics": {}, "work": []}), "jsonresume")
        assert not report.profile and folio.profile() == before


def test_the_sample_resume_keeps_the_target_role(tmp_path, exports):
    with Portfolio.open(tmp_path / "p.db") as folio:
        folio.import_text(exports["json"], "json")
        target = folio.profile().target_role
        report = folio.import_text(SAMPLE_RESUME.read_text(encoding="utf-8"), "jsonresume")
        assert report.profile and "target_role" not in report.profile_fields
        assert folio.profile().target_role == target != ""


def test_a_resume_never_changes_a_skill_the_person_defined(tmp_path):
    mine = Skill(slug="data-analysis", name="Data analysis", category="business", keywords=("sql", "dashboards"))
    resume = {"skills": [{"name": "Data Analysis", "keywords": ["Excel"]}, {"name": "Kubernetes"}],
              "work": [{"name": "Acme", "position": "Analyst", "summary": "Data analysis on Kubernetes"}]}
    with Portfolio.open(tmp_path / "p.db") as folio:
        folio.add_skill(mine)
        folio.hide_skill("data-analysis")
        report = folio.import_text(json.dumps(resume), "jsonresume")
        assert folio.skill("data-analysis") == mine and folio.is_hidden_skill("data-analysis")
        assert folio.skill("kubernetes").category == "other"
        assert report.skills == 1 and folio.entries()[0].skill_slugs == ("data-analysis", "kubernetes")


def test_the_result_line_says_when_the_profile_changes(tmp_path, db_path):
    resume = tmp_path / "r.json"
    resume.write_text(json.dumps({"basics": {"name": "Ada", "label": "EM"}}), encoding="utf-8")
    invoke("--db", str(db_path), "init")  # reading commands and dry runs need a portfolio
    dry = invoke("--db", str(db_path), "import", str(resume), "--format", "jsonresume", "--dry-run")
    assert "profile would change (name, headline)" in dry.output
    wet = invoke("--db", str(db_path), "import", str(resume), "--format", "jsonresume")
    assert "profile changed (name, headline)" in wet.output
    again = invoke("--db", str(db_path), "import", str(resume), "--format", "jsonresume", "--json")
    assert json.loads(again.output)["profile"] is False


def _import_in_a_process(db: str, path: str, queue) -> None:
    # Exceptions are caught, not raised: the parent waits for this result on the queue.
    from click.testing import CliRunner

    from tpmfolio.cli import cli

    result = CliRunner().invoke(cli, ["--db", db, "import", path])
    queue.put((result.exit_code, result.output))


def test_two_imports_of_one_file_at_once_add_it_once(tmp_path, exports):
    """The uid check is inside the write transaction: the second import finds the entries there."""
    db, document = tmp_path / "p.db", tmp_path / "portfolio.yaml"
    document.write_text(exports["yaml"], encoding="utf-8")
    with Portfolio.open(db):
        pass
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_import_in_a_process, args=(str(db), str(document), queue)) for _ in range(2)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert [code for code, _ in results] == [0, 0], results
    outputs = sorted(output for _, output in results)
    assert "15 added" in outputs[0] + outputs[1] and "15 unchanged" in outputs[0] + outputs[1]
    assert sqlite_utils.Database(db)["entries"].count == 15


def test_importing_a_resume_again_keeps_what_the_person_changed(tmp_path):
    """Kind, skills and tags are tpmfolio's guesses: a second import leaves the person's choices."""
    text = SAMPLE_RESUME.read_text(encoding="utf-8")
    with Portfolio.open(tmp_path / "p.db") as folio:
        folio.import_text(text, "jsonresume")
        entry = folio.entries(kind="volunteer")[0]
        folio.update(attrs.evolve(entry, kind="mentorship", tags=("coaching",), skills=["communication:3"], situation="Why"))
        report = folio.import_text(text, "jsonresume")
        kept = folio.get(entry.uid)
    assert len(report.unchanged) == 3
    assert (kept.kind, kept.tags, kept.skill_slugs, kept.situation) == ("mentorship", ("coaching",), ("communication",), "Why")


@pytest.mark.parametrize("fmt", ["json", "jsonresume"])
def test_half_a_character_is_refused_in_one_line(tmp_path, db_path, fmt):
    """A lone \\ud800 escape parses as JSON but cannot be stored: one line, not a traceback."""
    hostile = tmp_path / "half.json"
    body = '{"tpmfolio": 1, "entries": [{"title": "a \\ud800 b"}]}' if fmt == "json" else '{"work": [{"name": "a \\ud800", "position": "EM"}]}'
    hostile.write_text(body, encoding="utf-8")
    assert "half a character" in one_error_line(invoke("--db", str(db_path), "import", str(hostile), "--format", fmt))
    paired = tmp_path / "emoji.json"
    paired.write_text('{"work": [{"name": "Acme \\ud83d\\ude00", "position": "EM"}]}', encoding="utf-8")
    assert invoke("--db", str(db_path), "import", str(paired), "--format", "jsonresume").exit_code == 0

"""gaps and tailor through click on real files: the numbers a person reads before applying."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import assert_one_line_error, invoke, ok
from test_cli_render import (
    BREAD_POSTING,
    SAMPLE_JOB,
    TPM_COMPANY,
    TPM_POSTING,
    TPM_TITLE,
    UNANSWERABLE,
    import_example,
)

from tpmfolio.catalog import BUILTIN_SKILLS
from tpmfolio.cli import options as cli_options

BUILTIN_SLUGS = [s.slug for s in BUILTIN_SKILLS]

# Four entries with counts worked out by hand:
#   business-acumen  2 entries, max level 3   customer-focus   1 entry, level 2
#   technical-acumen 1 entry,   level 2       market-analysis  1 entry, level 1
#   communication    1 entry,   level 2       every other built-in skill: none
#   KPI results: revenue (business), defect-rate and cycle-time (engineering) -> share 1/3
#   plan: 1 course; 2 nothing; 3 nothing; 4 the project with a business KPI
#   (the engineering-only project does not count); 5 the conversation.
SMALL = [
    ["Pricing experiment for the Pro tier", "--kind", "project", "--date", "2024-03..2024-06",
     "--skill", "business-acumen:3", "--skill", "customer-focus:2", "--kpi", "revenue=$200k target=$150k",
     "--summary", "Ran a pricing experiment on unit economics and P&L with Finance.",
     "--result", "Revenue up $200k a year."],
    ["Checkout service rewrite", "--kind", "project", "--date", "2024-01..2024-05",
     "--skill", "technical-acumen:2", "--skill", "business-acumen:1",
     "--kpi", "defect-rate=0.5% baseline=2%", "--kpi", "cycle-time=3 days baseline=9 days"],
    ["Market analysis course", "--kind", "course", "--date", "2024-09", "--skill", "market-analysis:1"],
    ["Told my VP I want a TPM role", "--kind", "conversation", "--date", "2024-10-02", "--skill", "communication:2"],
]
MISSING = {
    "problem-solving", "team-leadership", "attention-to-detail", "process-orientation", "time-management",
    "strategic-planning", "business-strategy", "project-management",
}


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("small") / "portfolio.db"
    ok(db, "init", "--name", "Ada Example")
    for args in SMALL:
        ok(db, "add", *args)
    return db


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return import_example(tmp_path_factory.mktemp("example") / "portfolio.db")


@pytest.fixture(scope="module")
def posting(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("posting") / "brightcart-tpm.txt"
    path.write_text(TPM_POSTING, encoding="utf-8", newline="")
    return path


class _Terminal:
    """``sys`` as the CLI sees it, with standard output claiming to be a terminal."""

    def __getattr__(self, name: str):
        return getattr(sys, name)

    @property
    def stdout(self):
        out = sys.stdout  # CliRunner's, at the time the command asks

        class Tty:
            def isatty(self) -> bool:
                return True

            def __getattr__(self, name: str):
                return getattr(out, name)

        return Tty()


# --- gaps --------------------------------------------------------------------------------


def test_gaps_json_has_the_documented_keys_and_counts(small_db: Path):
    """coverage (slug → entries, max_level), missing_skills, plan and business_impact_share, by hand."""
    report = json.loads(ok(small_db, "gaps", "--json").stdout)
    coverage = {slug: (c["entries"], c["max_level"]) for slug, c in report["coverage"].items()}
    assert set(BUILTIN_SLUGS) == set(coverage)
    assert {
        "business-acumen": (2, 3),
        "customer-focus": (1, 2),
        "technical-acumen": (1, 2),
        "market-analysis": (1, 1),
        "communication": (1, 2),
    } == {slug: counts for slug, counts in coverage.items() if counts != (0, 0)}
    assert MISSING == set(report["missing_skills"])
    assert len(MISSING) == len(report["missing_skills"])


def test_gaps_json_lists_business_skills_first_among_the_missing(small_db: Path):
    """The guide's point: business gaps matter most, so they come first."""
    missing = json.loads(ok(small_db, "gaps", "--json").stdout)["missing_skills"]
    categories = [s.category for slug in missing for s in BUILTIN_SKILLS if s.slug == slug]
    assert categories == sorted(categories, key=lambda c: c != "business")
    assert {"strategic-planning", "business-strategy", "project-management"} == set(missing[:3])


def test_gaps_json_plan_has_five_steps_with_entry_counts(small_db: Path):
    """One item per step; the engineering-only project does not count for step 4."""
    plan = json.loads(ok(small_db, "gaps", "--json").stdout)["plan"]
    assert [(1, 1), (2, 0), (3, 0), (4, 1), (5, 1)] == [(p["step"], p["entries"]) for p in plan]
    assert all(isinstance(p["name"], str) and p["name"] for p in plan)
    assert "Acquire business skills" == plan[0]["name"]


def test_gaps_json_business_impact_share(small_db: Path):
    """One business KPI result of three: a third, within 0–1."""
    share = json.loads(ok(small_db, "gaps", "--json").stdout)["business_impact_share"]
    assert 0 <= share <= 1
    assert share == pytest.approx(1 / 3, abs=1e-3)


def test_gaps_text_report(small_db: Path):
    """The screen names the counts, what is missing, the plan and the share."""
    out = ok(small_db, "gaps").stdout
    assert "Skill coverage (4 entries)" in out
    assert "Business impact: 33% of 3 KPI results (1 business, 2 engineering)" in out
    missing_line = next(line for line in out.splitlines() if line.startswith("No evidence yet: "))
    assert "Strategic planning" in missing_line and "Business acumen" not in missing_line
    assert any(line.split()[1:5] == ["1.", "Acquire", "business", "skills"] and " 1 " in line for line in out.splitlines())


@pytest.mark.parametrize("command", [["gaps"], ["tailor", str(SAMPLE_JOB)]], ids=["gaps", "tailor"])
def test_colour_only_on_a_terminal_and_never_with_no_color(example_db: Path, monkeypatch, command):
    """On a terminal there is colour; NO_COLOR=1 turns it off (no-color.org)."""
    monkeypatch.setattr(cli_options, "sys", _Terminal())
    coloured = ok(example_db, *command, env={"NO_COLOR": None}, color=True).stdout
    assert "\x1b[" in coloured
    plain = ok(example_db, *command, env={"NO_COLOR": "1"}, color=True).stdout
    assert "\x1b[" not in plain
    assert click.unstyle(coloured) == plain


def test_gaps_on_an_empty_portfolio(db_path: Path):
    """No entries: every skill missing, every step at 0, share 0, and a readable screen."""
    ok(db_path, "init")
    report = json.loads(ok(db_path, "gaps", "--json").stdout)
    assert set(BUILTIN_SLUGS) == set(report["missing_skills"])
    assert all((0, 0) == (c["entries"], c["max_level"]) for c in report["coverage"].values())
    assert [0] * 5 == [p["entries"] for p in report["plan"]]
    assert 0 == report["business_impact_share"]
    out = ok(db_path, "gaps").stdout
    assert "Skill coverage (0 entries)" in out
    assert "Business impact: no KPI results yet" in out


def test_gaps_for_a_posting_lists_what_is_unanswered(small_db: Path, posting: Path):
    """--for JOB: a checklist of the requirements no entry answers, and only those."""
    out = ok(small_db, "gaps", "--for", str(posting)).stdout
    checklist = out[out.index("Before applying to"):]
    assert checklist.startswith(f"Before applying to {TPM_TITLE} at {TPM_COMPANY}:")
    assert f"[ ] {UNANSWERABLE}" in checklist
    assert "[ ] Strong business acumen: unit economics, pricing, P&L" not in checklist
    assert "gym membership" not in checklist


def test_gaps_for_a_posting_json(small_db: Path, posting: Path):
    """--json adds a 'posting' part with the unanswered requirements."""
    report = json.loads(ok(small_db, "gaps", "--for", str(posting), "--json").stdout)
    assert {"coverage", "missing_skills", "plan", "business_impact_share"} <= set(report)
    part = report["posting"]
    assert (TPM_TITLE, TPM_COMPANY) == (part["title"], part["company"])
    unanswered = [r["text"] for r in part["unanswered"]]
    assert UNANSWERABLE in unanswered
    assert "Strong business acumen: unit economics, pricing, P&L" not in unanswered
    assert "strategic-planning" in part["skills_without_evidence"]
    assert "business-acumen" not in part["skills_without_evidence"]


# --- tailor -------------------------------------------------------------------------------


def tailor_json(db: Path, *args: str, **kwargs) -> list[dict]:
    return json.loads(ok(db, "tailor", *args, "--json", **kwargs).stdout)


def test_tailor_json_is_a_ranked_array(example_db: Path):
    """Objects with exactly id, title, score and reasons; best first; the best ten by default."""
    ranked = tailor_json(example_db, str(SAMPLE_JOB))
    assert tailor_json(example_db, str(SAMPLE_JOB), "--limit", "50")[:10] == ranked
    assert 0 < len(ranked) <= 10
    assert all({"id", "title", "score", "reasons"} == set(r) for r in ranked)
    scores = [r["score"] for r in ranked]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    assert all(isinstance(reason, str) and reason for r in ranked for reason in r["reasons"])
    assert len(ranked) == len({r["id"] for r in ranked})


def test_tailor_puts_the_obvious_entry_first(example_db: Path, posting: Path):
    """The TPM posting's best evidence is the tracking launch, with reasons that quote the posting."""
    best = tailor_json(example_db, str(posting))[0]
    assert "Self-serve shipment tracking for SMB customers" == best["title"]
    assert any("Run customer research and turn support tickets into a PRD" in r for r in best["reasons"])


def test_tailor_text(example_db: Path):
    """The posting, the skills it asks for, then score, id and title with reasons."""
    lines = ok(example_db, "tailor", str(SAMPLE_JOB), "--limit", "2").stdout.splitlines()
    assert "Entries for Web Developer at Microsoft" == lines[0]
    assert lines[1].startswith("Skills asked for: ")
    best = tailor_json(example_db, str(SAMPLE_JOB), "--limit", "2")
    ranked_lines = [line for line in lines if line[:1].isdigit()]
    assert [f"{r['score']:.2f}  #{r['id']} {r['title']}" for r in best] == ranked_lines
    assert f"      - {best[0]['reasons'][0]}" in lines


def test_tailor_limit_keeps_the_best(example_db: Path):
    """--limit 3 is the first three of the full ranking."""
    full = tailor_json(example_db, str(SAMPLE_JOB), "--limit", "50")
    assert full[:3] == tailor_json(example_db, str(SAMPLE_JOB), "--limit", "3")
    assert 3 < len(full) <= 15


def test_tailor_is_deterministic(example_db: Path, posting: Path):
    """Processes that hash strings differently (so sets iterate in another order) print the same bytes."""

    def tailor_in_a_process(hash_seed: str, *args: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "COLUMNS": "400", "TPMFOLIO_DB": str(example_db)}
        done = subprocess.run([sys.executable, "-m", "tpmfolio", "--db", str(example_db), "tailor", *args],
                              capture_output=True, text=True, env=env, timeout=120)
        assert 0 == done.returncode, done.stderr
        return done.stdout

    for args in ([str(posting)], [str(posting), "--json"]):
        first = tailor_in_a_process("1", *args)
        assert first.strip(), "tailor printed nothing"
        assert first == tailor_in_a_process("2", *args)


def test_tailor_reads_the_posting_from_stdin(example_db: Path, posting: Path):
    """'-' reads the posting from standard input: same ranking as from the file."""
    assert tailor_json(example_db, str(posting)) == tailor_json(example_db, "-", input=TPM_POSTING)


@pytest.mark.parametrize(
    ("args", "input", "expected"),
    [
        (["no-such-posting.txt"], None, ["no-such-posting.txt", "not a file"]),
        (["-"], " \n\t\n", ["standard input is empty"]),
    ],
    ids=["missing file", "empty stdin"],
)
def test_tailor_mistakes_are_one_line(example_db: Path, tmp_path: Path, monkeypatch, args, input, expected):
    """A posting that is not there is one Error: line and a non-zero exit."""
    monkeypatch.chdir(tmp_path)
    assert_one_line_error(invoke(example_db, "tailor", *args, input=input), *expected)


def test_tailor_on_an_empty_portfolio_is_one_line(db_path: Path):
    """Nothing to rank: say so, and how to fix it."""
    ok(db_path, "init")
    assert_one_line_error(invoke(db_path, "tailor", str(SAMPLE_JOB)), "no entries yet", "tpmfolio add")



def test_tailor_for_a_posting_that_matches_nothing_is_one_line(example_db: Path):
    """A baking job shares only "at", "in", "on", "the" with the portfolio: nothing to rank."""
    result = invoke(example_db, "tailor", "-", input=BREAD_POSTING)
    assert_one_line_error(result, "Crumb & Crust Bakery", "matches")

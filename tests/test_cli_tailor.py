"""tailor on the postings people have: saved pages, pastes with no known skill, and what was read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import assert_one_line_error, invoke, ok
from test_cli_render import TPM_POSTING, import_example

POSTINGS = Path(__file__).parent / "data" / "postings"


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return import_example(tmp_path_factory.mktemp("example") / "portfolio.db")


def test_requirements_prints_the_posting_as_read(example_db: Path):
    """--requirements shows title, company and each requirement with its section and skills, and ranks nothing."""
    out = ok(example_db, "tailor", "-", "--requirements", input=TPM_POSTING).stdout
    lines = out.splitlines()
    assert lines[0] == "Title:   Senior Technical Product Manager \u2013 Logistics Platform"
    assert lines[1] == "Company: Brightcart Log\u00edstica"
    assert "  1. [description] We\u2019re hiring a TPM to own the roadmap for our shipping platform." in lines
    assert any(line.endswith("[responsibility] Own the product roadmap and set OKRs with stakeholders") for line in lines)
    number = next(i for i, line in enumerate(lines) if line.endswith("set OKRs with stakeholders"))
    assert lines[number + 1].startswith("       skills: team-leadership, strategic-planning")
    assert "#" not in out


def test_requirements_as_json(example_db: Path):
    """--requirements --json is the posting as data: title, company, source, matched skills, requirements."""
    data = json.loads(ok(example_db, "tailor", str(POSTINGS / "jobposting-jsonld.html"), "--requirements", "--json").stdout)
    assert (data["title"], data["company"], data["source"]) == ("Technical Program Manager, Payments", "Example Corp", "html")
    first = data["requirements"][0]
    assert set(first) == {"text", "section", "skills", "keywords"}
    assert first["text"] == "Lead launch readiness reviews with engineering and support"
    assert "project-management" in data["matched_skills"]


def test_tailor_ranks_for_a_saved_page(example_db: Path):
    """A page saved from a browser ranks like any posting, with reasons quoting its requirements."""
    ranked = json.loads(ok(example_db, "tailor", str(POSTINGS / "plain-page.html"), "--json").stdout)
    assert ranked and ranked[0]["score"] > 0
    assert all(reason.startswith("'") for reason in ranked[0]["reasons"])


def test_a_posting_naming_no_known_skill_is_ranked_on_its_words(tmp_path: Path):
    """One line says the ranking rests on the posting's words; the entry sharing them ranks first."""
    db = tmp_path / "portfolio.db"
    ok(db, "add", "Sourdough bakery pop-up", "--summary", "Baked sourdough loaves and ran the till for a weekend market.")
    ok(db, "add", "Office move", "--summary", "Moved forty desks over a weekend.")
    posting = "Head baker\n\nWe bake sourdough loaves every morning.\n"
    out = ok(db, "tailor", "-", input=posting).stdout
    assert "no requirement names a known skill: ranked on the posting's words only" in out
    assert out.index("Sourdough bakery pop-up") < len(out)
    assert "Office move" not in out
    result = ok(db, "tailor", "-", "--json", input=posting)
    assert [r["title"] for r in json.loads(result.stdout)] == ["Sourdough bakery pop-up"]
    assert "ranked on the posting's words only" in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "is empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "binary file"),
        ("blank.html", b"<!doctype html><html><body><script>x()</script></body></html>", "no text"),
    ],
    ids=["empty", "binary", "html without text"],
)
def test_files_that_are_not_postings_are_one_line(example_db: Path, tmp_path: Path, name, content, expected):
    """tailor and gaps --for refuse an empty, binary or textless file in one Error: line."""
    path = tmp_path / name
    path.write_bytes(content)
    assert_one_line_error(invoke(example_db, "tailor", str(path)), name, expected)
    assert_one_line_error(invoke(example_db, "gaps", "--for", str(path)), name, expected)


def test_gaps_for_reads_few_entries_but_answers_like_the_full_ranking(example_db: Path, tmp_path: Path):
    """folio.posting_gaps (what gaps --for uses) equals posting_gaps over the full ranking, for several postings."""
    from tpmfolio import Portfolio
    from tpmfolio.tailor import posting_gaps

    texts = [
        TPM_POSTING,
        (POSTINGS / "growth-bullets.txt").read_text(encoding="utf-8"),
        (POSTINGS / "platform-tpm.job.json").read_text(encoding="utf-8"),
        "Responsibilities:\n- Reduce the defect rate of releases\n- Own idempotency of payment retries\n",
    ]
    with Portfolio.open(example_db) as folio:
        for text in texts:
            posting = folio.read_posting(text)
            assert folio.posting_gaps(posting) == posting_gaps(posting, folio.tailor(posting))


def test_folio_tailor_takes_a_path_text_a_mapping_or_html(example_db: Path):
    """folio.tailor(job) ranks the same for the posting given as a path, its text, its page, or a dict."""
    from tpmfolio import Portfolio

    page = POSTINGS / "plain-page.html"
    html = page.read_text(encoding="utf-8")
    with Portfolio.open(example_db) as folio:
        by_path = [r.entry.id for r in folio.tailor(page)]
        assert by_path == [r.entry.id for r in folio.tailor(str(page))]
        assert by_path == [r.entry.id for r in folio.tailor(html)]
        job = {"title": "TPM", "responsibilities": ["Run customer research and turn support tickets into a PRD"]}
        ranked = folio.tailor(job)
        assert ranked[0].score > 0
        assert ranked[0].reasons[0].startswith("'Run customer research and turn support tickets into a PRD': ")

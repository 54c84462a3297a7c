"""render, demo and applications through click on real files, PDFs read the way a person reads them.

A PDF is checked by its extracted text and its bookmarks (what a reader and
an applicant tracking system get), never byte by byte. Every distinct PDF is
rendered once per module and shared between the tests that look at it.
Module fixtures run outside conftest's per-test environment, so they always
pass ``--db`` (and ``$TPMFOLIO_DB``) explicitly.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import attrs
import pypdf
import pytest
import sqlite_utils
import yaml
from click.testing import Result
from conftest import assert_one_line_error, invoke, ok

HERE = Path(__file__).parent
EXAMPLE = HERE.parent / "examples" / "portfolio.yaml"
SAMPLE_JOB = HERE / "data" / "sample.job.json"
EXAMPLE_ENTRIES = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["entries"]
UID_BY_TITLE = {e["title"]: e["uid"] for e in EXAMPLE_ENTRIES}
CONFIDENTIAL = "Address validation vendor renegotiation"
# Conversations are the person's private notes: left out unless --include-kind conversation.
PUBLIC_TITLES = [
    e["title"] for e in EXAMPLE_ENTRIES if not e.get("confidential") and e.get("kind") != "conversation"
]
CASE_STUDIES = {
    e["title"] for e in EXAMPLE_ENTRIES if e.get("kind", "project") in ("project", "tpm-task", "cross-functional", "volunteer")
}
# Bookmarks that are not entries.
SECTIONS = {"How my experience fits", "At a glance", "Learning and community"}

# A posting as it arrives from a job site: a title line with the company,
# prose that is hard-wrapped, three bullet styles, tabs, CRLF, a no-break
# space, curly apostrophes, an accented company name and a benefits section
# that is not a requirement. The last requirement is nothing the example
# portfolio can answer.
UNANSWERABLE = "Hold a current Part 107 drone operator licence"
TPM_TITLE = "Senior Technical Product Manager \u2013 Logistics Platform"  # the em dash comes back as an en dash
TPM_COMPANY = "Brightcart Log\u00edstica"
TPM_POSTING = (
    "  Senior Technical Product Manager \u2014 Logistics Platform | Brightcart Log\u00edstica  \r\n"
    "\r\n\r\n"
    "   About the role  \n"
    "We\u2019re hiring a TPM to own the roadmap for our shipping platform.   You will partner with\n"
    "engineering, finance and operations.\n"
    "\n"
    "What you\u2019ll do:\n"
    "  \u2022  Own the product roadmap and set OKRs with stakeholders\n"
    "\t\u2022 Run customer research and turn support tickets into a PRD\n"
    "  - Drive adoption and revenue of self-serve features;\u00a0 report outcomes to executives\n"
    "* Collaborate with cross-functional teams across time zones\n"
    "\n"
    "Requirements\n"
    "- 5+ years of experience in software engineering or engineering management\n"
    "- Strong business acumen: unit economics, pricing, P&L\n"
    f"- {UNANSWERABLE}\n"
    "\n"
    "Benefits\n"
    "- Free lunch and a gym membership\n"
)

# Shares no word with any entry that means anything: only "at", "in", "a", "on", "the".
BREAD_POSTING = (
    "Artisan Baker \u2014 Crumb & Crust Bakery\n"
    "\n"
    "Responsibilities:\n"
    "- Knead sourdough at dawn\n"
    "- Bake rye loaves in a wood-fired oven\n"
    "- Dust flour on the bakery bench\n"
)


def import_example(db: Path) -> Path:
    ok(db, "import", str(EXAMPLE))
    return db


def add_entries(db: Path, *entries: list[str]) -> Path:
    for args in entries:
        ok(db, "add", *args)
    return db


@attrs.define
class Pdf:
    """A written PDF as a reader sees it, with the command's result."""

    path: Path
    result: Result | None = None
    reader: pypdf.PdfReader = attrs.field(init=False)
    text: str = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.reader = pypdf.PdfReader(self.path)
        self.text = "\n".join(page.extract_text() or "" for page in self.reader.pages)

    @property
    def flat(self) -> str:
        """The text with every run of whitespace (line breaks of wrapped lines too) as one space."""
        return " ".join(self.text.split())

    @property
    def outline(self) -> list[str]:
        return [item.title for item in self.reader.outline if not isinstance(item, list)]

    @property
    def entries(self) -> list[str]:
        """Entry titles in document order, from the bookmarks (learning items are nested under their section)."""
        titles = []
        for item in self.reader.outline:
            if isinstance(item, list):
                titles.extend(child.title for child in item if not isinstance(child, list))
            elif item.title not in SECTIONS:
                titles.append(item.title)
        return titles

    @property
    def fonts(self) -> set[str]:
        """Embedded font names without the subset prefix ("Caladea-Bold")."""
        names = set()
        for page in self.reader.pages:
            fonts = page["/Resources"].get_object().get("/Font")
            for font in (fonts.get_object().values() if fonts else []):
                names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
        return names


def render(db: Path, output: Path, *args: str, env: dict[str, str] | None = None) -> Pdf:
    return Pdf(output, ok(db, "render", "-o", str(output), *args, env=env))


# --- shared renders -------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example portfolio, imported with the CLI; only untailored renders read it."""
    return import_example(tmp_path_factory.mktemp("example") / "portfolio.db")


@pytest.fixture(scope="module")
def plain(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    """``render -o out.pdf --html out.html`` with every default."""
    folder = tmp_path_factory.mktemp("plain")
    return render(example_db, folder / "out.pdf", "--html", str(folder / "out.html"))


@pytest.fixture(scope="module")
def modern_with_confidential(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    return render(
        example_db, tmp_path_factory.mktemp("modern") / "out.pdf", "--theme", "modern", "--include-confidential"
    )


@pytest.fixture(scope="module")
def customer_focus(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    return render(example_db, tmp_path_factory.mktemp("skill") / "out.pdf", "--skill", "customer-focus")


@pytest.fixture(scope="module")
def since(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    return render(example_db, tmp_path_factory.mktemp("since") / "out.pdf", "--since", "2024-09")


@pytest.fixture(scope="module")
def limited(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    return render(example_db, tmp_path_factory.mktemp("limit") / "out.pdf", "--limit", "2")


@attrs.frozen
class Tailored:
    db: Path
    job: Pdf  # --for tests/data/sample.job.json (a Web Developer job at Microsoft)
    text: Pdf  # --for a pasted TPM posting at Brightcart Logística, rendered second
    posting: Path


@pytest.fixture(scope="module")
def tailored(tmp_path_factory: pytest.TempPathFactory) -> Tailored:
    """Two tailored renders of the example into their own file, so two applications are recorded."""
    folder = tmp_path_factory.mktemp("tailored")
    db = import_example(folder / "portfolio.db")
    posting = folder / "brightcart-tpm.txt"
    posting.write_text(TPM_POSTING, encoding="utf-8", newline="")
    job = render(db, folder / "microsoft.pdf", "--for", str(SAMPLE_JOB))
    text = render(db, folder / "brightcart.pdf", "--for", str(posting))
    return Tailored(db=db, job=job, text=text, posting=posting)


# --- render: the whole portfolio ---------------------------------------------------------


def test_render_reports_what_it_wrote(plain: Pdf):
    """One line on stdout: the file, its page count and its size."""
    m = re.fullmatch(r"Wrote (.+) \((\d+) pages, ([\d,]+) KB\)", plain.result.stdout.strip())
    assert m, plain.result.stdout
    assert (str(plain.path), len(plain.reader.pages)) == (m[1], int(m[2]))
    assert abs(plain.path.stat().st_size / 1024 - int(m[3].replace(",", ""))) <= 1


def test_render_has_the_name_and_every_public_entry(plain: Pdf):
    """The profile name, every non-confidential title, and one bookmark per entry."""
    assert "Dana Whitfield" in plain.text
    for title in PUBLIC_TITLES:
        assert title in plain.flat
    assert sorted(PUBLIC_TITLES) == sorted(plain.entries)


def test_render_shows_kpi_values_as_typed(plain: Pdf):
    """What the person typed ($410k, $1.2M, 640 tickets/week) is what the reader sees."""
    for value in ("$410k", "$1.2M", "74%", "640 tickets/week"):
        assert value in plain.text


def test_render_leaves_out_the_confidential_entry(plain: Pdf):
    """Neither its title nor its KPI value is in the PDF."""
    assert CONFIDENTIAL not in plain.flat
    assert "$96k" not in plain.text


def test_render_lists_the_strongest_case_study_first(plain: Pdf):
    """Untailored, the $1.2M checkout redesign comes first; learning and community entries come last."""
    assert "Checkout-to-label flow redesign for SMB shippers" == plain.entries[0]
    case_studies = [t for t in plain.entries if t in CASE_STUDIES]
    assert case_studies == plain.entries[: len(case_studies)]


def test_include_confidential_puts_it_in(modern_with_confidential: Pdf):
    """--include-confidential adds the confidential entry with its numbers."""
    assert CONFIDENTIAL in modern_with_confidential.entries
    assert "$96k" in modern_with_confidential.text
    assert len(PUBLIC_TITLES) + 1 == len(modern_with_confidential.entries)


def test_theme_modern_uses_its_own_fonts(plain: Pdf, modern_with_confidential: Pdf):
    """classic embeds Caladea, modern embeds Inter: the theme was really applied."""
    assert any(f.startswith("Caladea") for f in plain.fonts), plain.fonts
    assert any(f.startswith("Inter") for f in modern_with_confidential.fonts), modern_with_confidential.fonts
    assert not any(f.startswith("Caladea") for f in modern_with_confidential.fonts)
    assert "Dana Whitfield" in modern_with_confidential.text


def test_skill_keeps_only_entries_showing_it(customer_focus: Pdf):
    """--skill customer-focus: the four entries with that skill, nothing else."""
    expected = {
        e["title"]
        for e in EXAMPLE_ENTRIES
        if not e.get("confidential") and any(s["skill"] == "customer-focus" for s in e["skills"])
    }
    assert 4 == len(expected)
    assert expected == set(customer_focus.entries)
    assert "Monthly mentorship with a Group TPM" not in customer_focus.flat


def test_since_keeps_entries_going_on_at_or_after_the_date(since: Pdf):
    """--since 2024-09 keeps what ended then or later, and what is still going on."""
    assert {
        "Monthly mentorship with a Group TPM",  # started 2024-01, still going
        "Self-serve shipment tracking for SMB customers",
        "Quarterly roadmap and OKRs for the Payments Platform",
        "Product lead for a food bank volunteer scheduling app",  # ended 2024-10
    } == set(since.entries)
    assert "Carrier invoice reconciliation with Finance and Operations" not in since.flat  # ended 2024-08


def test_limit_keeps_the_n_most_recent(limited: Pdf, plain: Pdf):
    """--limit 2 keeps the first two entries of the full render, and the PDF is shorter."""
    assert plain.entries[:2] == limited.entries
    assert len(limited.reader.pages) < len(plain.reader.pages)


def test_html_is_written_and_self_contained(plain: Pdf):
    """--html writes the same document as one file: CSS inline, fonts as data: URIs, nothing fetched."""
    html_path = plain.path.with_name("out.html")
    html = html_path.read_text(encoding="utf-8")
    assert f"Wrote {html_path}" in plain.result.stderr
    assert "Dana Whitfield" in html
    assert CONFIDENTIAL not in html
    assert "<style" in html and "data:font/ttf;base64," in html
    assert not re.search(r"<link\b", html, re.IGNORECASE)
    assert all(src.startswith("data:") for src in re.findall(r"""\bsrc\s*=\s*["']([^"']*)""", html))
    assert not re.search(r"""url\(\s*(?!["']?(?:data:|#))""", html)


def test_user_theme_folder_with_only_a_stylesheet(example_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """--theme ./mytheme with just style.css: the classic template laid out with the user's CSS."""
    folder = tmp_path_factory.mktemp("usertheme")
    (folder / "mytheme").mkdir()
    (folder / "mytheme" / "style.css").write_text(
        'body::before { content: "Styled by mytheme"; }\n', encoding="utf-8"
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        pdf = render(example_db, folder / "out.pdf", "--theme", "./mytheme", "--limit", "1")
    assert "Styled by mytheme" in pdf.text
    assert "Dana Whitfield" in pdf.text
    assert not any(f.startswith("Caladea") for f in pdf.fonts)  # classic's stylesheet was replaced


def test_a_folder_named_like_a_builtin_theme_does_not_replace_it(example_db: Path, tmp_path: Path, monkeypatch):
    """An unrelated folder called 'classic' in the current directory is not taken for the theme."""
    (tmp_path / "classic").mkdir()
    monkeypatch.chdir(tmp_path)
    pdf = render(example_db, tmp_path / "out.pdf", "--limit", "1")
    assert any(f.startswith("Caladea") for f in pdf.fonts)


# --- render: mistakes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--theme", "glossy"], ["unknown theme 'glossy'", "classic, modern"]),
        (["--since", "2024-13"], ["--since", "2024-13"]),
        (["--since", "last year"], ["--since"]),
        (["--skill", "custmer-focus"], ["did you mean 'customer-focus'"]),
        (["--theme", "./no-such-theme"], ["does not exist"]),
        (["--paper", "b5"], ["--paper", "'a4'", "'letter'"]),
        (["--pdf-variant", "pdf/z-9"], ["--pdf-variant", "pdf/z-9", "none", "pdf/ua-1", "pdf/a-3b"]),
    ],
    ids=["unknown theme", "month 13", "words for a date", "skill typo", "missing theme folder", "unknown paper", "unknown variant"],
)
def test_render_mistakes_are_one_line_and_write_nothing(example_db: Path, tmp_path: Path, args, expected):
    """A mistake the user can fix is one Error: line, a non-zero exit and no PDF."""
    output = tmp_path / "out.pdf"
    assert_one_line_error(invoke(example_db, "render", "-o", str(output), *args), *expected)
    assert not output.exists()


def test_render_into_a_missing_folder_is_one_line_and_creates_nothing(example_db: Path, tmp_path: Path):
    """The folder is not created, and no file (or temporary file) is left anywhere."""
    result = invoke(example_db, "render", "-o", str(tmp_path / "nowhere" / "out.pdf"))
    assert_one_line_error(result, "nowhere", "does not exist")
    assert not (tmp_path / "nowhere").exists()
    assert [] == [p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")]


def test_render_an_empty_portfolio_says_what_to_do(db_path: Path, tmp_path: Path):
    """No entries: a clear message pointing at add and demo, a non-zero exit, no file."""
    ok(db_path, "init", "--name", "Ada Example")
    result = invoke(db_path, "render", "-o", str(tmp_path / "out.pdf"))
    assert_one_line_error(result, "no entries yet", "tpmfolio add", "tpmfolio demo")
    assert not (tmp_path / "out.pdf").exists()


# --- render --for JOB ---------------------------------------------------------------------


def test_tailored_cover_says_who_it_was_prepared_for(tailored: Tailored):
    """The cover names the posting and the company, from JSON and from pasted text alike."""
    assert "prepared for web developer at microsoft" in tailored.job.flat.casefold()
    assert re.search(
        r"prepared for senior technical product manager \W logistics platform at brightcart logística",
        tailored.text.flat.casefold(),
    ), tailored.text.flat[:400]


def test_tailored_pdf_has_a_fit_page_with_the_requirements(tailored: Tailored):
    """Each requirement the portfolio answers is on the fit page; one nobody can answer is left to 'gaps --for'."""
    for pdf in (tailored.job, tailored.text):
        assert "How my experience fits" == pdf.outline[0]
        assert "No evidence yet" not in pdf.flat
    flat = tailored.text.flat
    for requirement in (
        "Own the product roadmap and set OKRs with stakeholders",
        "Run customer research and turn support tickets into a PRD",
        "Strong business acumen: unit economics, pricing, P&L",
    ):
        assert requirement in flat
    assert UNANSWERABLE not in flat
    assert "Strong understanding of JavaScript, HTML, and CSS" not in tailored.job.flat


def test_tailored_pdf_leaves_out_what_is_not_a_requirement(tailored: Tailored):
    """Benefits are not requirements, and the prose was unwrapped into one sentence."""
    assert "gym membership" not in tailored.text.flat
    assert "You will partner with engineering, finance and operations." in tailored.text.flat


def test_tailored_pdf_has_fewer_entries_best_first(tailored: Tailored, plain: Pdf, example_db: Path):
    """At most ten entries (and three that cover open requirements), in the order 'tailor' ranks them."""
    for pdf in (tailored.job, tailored.text):
        assert 0 < len(pdf.entries) <= 10 + 3 and len(pdf.entries) < len(plain.entries)
        assert CONFIDENTIAL not in pdf.flat
        assert pdf.entries != [t for t in plain.entries if t in pdf.entries]
    ranked = json.loads(ok(example_db, "tailor", str(tailored.posting), "--json", "--limit", "20").stdout)
    best = [r["title"] for r in ranked if r["title"] != CONFIDENTIAL and r["title"] in CASE_STUDIES]
    assert best[:3] == tailored.text.entries[:3]
    assert "Self-serve shipment tracking for SMB customers" == tailored.text.entries[0]


def test_tailored_render_records_the_application(tailored: Tailored):
    """One row per tailored render: posting, company, the entries in order, the file and its SHA-256."""
    rows = {Path(r["output"]).name: r for r in sqlite_utils.Database(tailored.db)["applications"].rows}
    assert {"microsoft.pdf", "brightcart.pdf"} == set(rows)
    for name, pdf, title, company in (
        ("microsoft.pdf", tailored.job, "Web Developer", "Microsoft"),
        ("brightcart.pdf", tailored.text, TPM_TITLE, TPM_COMPANY),
    ):
        row = rows[name]
        assert (title, company) == (row["posting_title"], row["company"])
        assert sorted(UID_BY_TITLE[t] for t in pdf.entries) == sorted(json.loads(row["entry_uids_json"]))
        assert hashlib.sha256(pdf.path.read_bytes()).hexdigest() == row["sha256"]
        assert str(pdf.path.resolve()) == row["output"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)", row["created"]), row["created"]


def test_untailored_renders_are_not_applications(plain: Pdf, example_db: Path):
    """Only --for renders are recorded."""
    db = sqlite_utils.Database(example_db)
    assert "applications" not in db.table_names() or 0 == db["applications"].count


def test_applications_lists_them_newest_first(tailored: Tailored):
    """The text view: date, posting, company, entry count, the hash prefix, the file."""
    lines = ok(tailored.db, "applications").stdout.splitlines()
    assert ["DATE", "POSTING", "COMPANY", "ENTRIES", "SHA-256", "FILE"] == lines[0].split()
    assert 3 == len(lines)
    for line, pdf, company in ((lines[1], tailored.text, TPM_COMPANY), (lines[2], tailored.job, "Microsoft")):
        digest = hashlib.sha256(pdf.path.read_bytes()).hexdigest()
        assert company in line
        assert digest[:12] in line and digest not in line
        assert f" {len(pdf.entries)} " in line
        assert line.endswith(str(pdf.path.resolve()))


def test_applications_json(tailored: Tailored):
    """--json: an array, newest first, with the entry uids as a list and the whole hash."""
    rows = json.loads(ok(tailored.db, "applications", "--json").stdout)
    assert [TPM_TITLE, "Web Developer"] == [r["posting_title"] for r in rows]
    assert [TPM_COMPANY, "Microsoft"] == [r["company"] for r in rows]
    assert sorted(UID_BY_TITLE[t] for t in tailored.text.entries) == sorted(rows[0]["entry_uids"])
    assert hashlib.sha256(tailored.job.path.read_bytes()).hexdigest() == rows[1]["sha256"]


def test_applications_when_there_are_none(db_path: Path):
    """An empty list says how to make one; --json is an empty array."""
    ok(db_path, "init")
    assert "render --for JOB" in ok(db_path, "applications").stdout
    assert [] == json.loads(ok(db_path, "applications", "--json").stdout)


# --- render --for a posting that fits nothing --------------------------------------------------------


@pytest.fixture
def tiny_db(db_path: Path) -> Path:
    """Two plain entries whose text has everyday words ("the", "on", "a") and nothing about baking."""
    return add_entries(
        db_path,
        ["Customer interviews on the checkout", "--date", "2023-01..", "--skill", "customer-focus:3",
         "--summary", "Talked to the merchants on a weekly call."],
        ["Release train for the mobile app", "--date", "2023-02..2023-05", "--skill", "process-orientation:2",
         "--summary", "Moved the team on to a two-week release train."],
    )


def test_render_for_a_posting_that_matches_nothing_writes_nothing(tiny_db: Path, tmp_path: Path):
    """A baking job: one line saying nothing matches, a non-zero exit, no PDF, no application."""
    posting = tmp_path / "baker.txt"
    posting.write_text(BREAD_POSTING, encoding="utf-8")
    output = tmp_path / "baker.pdf"
    result = invoke(tiny_db, "render", "--for", str(posting), "-o", str(output))
    assert_one_line_error(result, "matches")
    assert not output.exists()
    assert 0 == sqlite_utils.Database(tiny_db)["applications"].count


def test_tailored_since_keeps_entries_still_going_on(tiny_db: Path, tmp_path: Path):
    """--for JOB --since D keeps an ongoing entry that started before D, as an untailored render does."""
    posting = tmp_path / "research.txt"
    posting.write_text("Product Manager at Fabrikam\n\nResponsibilities:\n- Run customer interviews\n", encoding="utf-8")
    pdf = render(tiny_db, tmp_path / "out.pdf", "--for", str(posting), "--since", "2024-06")
    assert ["Customer interviews on the checkout"] == pdf.entries


# --- demo ------------------------------------------------------------------------------------


def test_demo_renders_the_example_without_touching_the_users_portfolio(db_path: Path, user_dirs: Path, tmp_path: Path):
    """demo writes the example's PDF and creates neither $TPMFOLIO_DB nor the app directory."""
    output = tmp_path / "demo.pdf"
    result = invoke("demo", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Wrote {output} (")
    pdf = Pdf(output)
    assert "Dana Whitfield" in pdf.text
    assert CONFIDENTIAL not in pdf.flat
    assert not db_path.exists()
    assert not user_dirs.exists()
    assert not list(tmp_path.glob("*.db*"))


# --- escaping ------------------------------------------------------------------------------------


HOSTILE = ["<script>alert(1)</script>", '<img src="file:///etc/passwd">']


def test_markup_in_titles_prints_as_text(db_path: Path, tmp_path: Path):
    """Titles that look like HTML are printed, not run or fetched, in the PDF and in --html."""
    add_entries(db_path, *[[title, "--skill", "communication:2"] for title in HOSTILE])
    pdf = render(db_path, tmp_path / "out.pdf", "--html", str(tmp_path / "out.html"))
    for title in HOSTILE:
        assert title in pdf.text
    assert sorted(HOSTILE) == sorted(pdf.entries)
    assert "root:x:0:0" not in pdf.text
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html and "file:///etc/passwd\">" not in html


def test_filters_that_leave_nothing_are_an_error_not_an_empty_pdf(tmp_path):
    """--since in the future would render a portfolio with no evidence: refuse it instead."""
    db = tmp_path / "filters.db"
    ok(db, "add", "Checkout", "--date", "2024-03", "--skill", "customer-focus")
    out = tmp_path / "empty.pdf"
    result = invoke(db, "render", "-o", str(out), "--since", "2030")
    assert result.exit_code == 1
    assert "no entries to render" in result.output
    assert not out.exists()


def test_headline_figures_extract_as_separate_words(plain: Pdf):
    """Applicant tracking systems read '12 entries', not '12entries', off the at-a-glance page."""
    assert re.search(r"\b12 entries of evidence\b", plain.flat)
    assert re.search(r"\b\d+% of KPI results are business impact\b", plain.flat)


def test_html_alone_renders_to_the_same_pdf_with_the_weasyprint_command(tmp_path):
    """--html is self-contained: the weasyprint command line turns that file alone into the same document."""
    import subprocess
    import sys

    ours, html = tmp_path / "ours.pdf", tmp_path / "portfolio.html"
    result = invoke("demo", "-o", str(ours), "--html", str(html))
    assert result.exit_code == 0, result.output
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = elsewhere / "copy.html"
    moved.write_bytes(html.read_bytes())  # no theme folder beside it: everything must be inside
    theirs = tmp_path / "theirs.pdf"
    weasyprint = Path(sys.executable).with_name("weasyprint")
    subprocess.run([str(weasyprint), str(moved), str(theirs)], check=True, capture_output=True, timeout=300)
    ours_pdf, theirs_pdf = Pdf(ours), Pdf(theirs)
    assert len(ours_pdf.reader.pages) == len(theirs_pdf.reader.pages)
    assert ours_pdf.text == theirs_pdf.text
    assert "Dana Whitfield" in theirs_pdf.text


def test_progress_shows_only_when_watched_and_slow(capsys):
    """Stage messages go to stderr for a person at a terminal once a render takes a while; never otherwise."""
    from tpmfolio.cli.render import Progress

    quiet = Progress(enabled=False, delay=0)
    quiet("Creating layout: Page 3")
    quiet.done()
    assert capsys.readouterr().err == ""

    not_yet = Progress(enabled=True, delay=60)
    not_yet("Creating layout: Page 3")
    assert capsys.readouterr().err == ""

    watched = Progress(enabled=True, delay=0)
    watched("Creating layout: Page 3")
    watched.done()
    err = capsys.readouterr().err
    assert "Creating layout: Page 3" in err
    assert err.endswith("\r")


# --- paper, variants and scripts -----------------------------------------------------------------


def test_demo_on_letter_paper_writes_letter_pages_and_says_so_in_the_html(tmp_path: Path):
    """--paper letter: every page is 8.5 × 11 in, and the --html file carries the size."""
    output, html = tmp_path / "letter.pdf", tmp_path / "letter.html"
    result = invoke("demo", "-o", str(output), "--paper", "letter", "--html", str(html))
    assert result.exit_code == 0, result.output
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in Pdf(output).reader.pages}
    assert {(612, 792)} == sizes
    assert "@page { size: letter; }" in html.read_text(encoding="utf-8")


def test_pdf_variant_none_writes_an_untagged_pdf(example_db: Path, tmp_path: Path):
    """--pdf-variant none: no structure tree; the default is tagged."""
    untagged = render(example_db, tmp_path / "plain.pdf", "--pdf-variant", "none", "--limit", "1")
    tagged = render(example_db, tmp_path / "tagged.pdf", "--limit", "1")
    assert "/StructTreeRoot" not in untagged.reader.trailer["/Root"]
    assert "/StructTreeRoot" in tagged.reader.trailer["/Root"]


def _no_font_covers(character: str) -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        pytest.skip("fontconfig's fc-list is not installed")
    found = subprocess.run([fc_list, f":charset={ord(character):x}", "file"], capture_output=True, text=True, check=True)
    return not found.stdout.strip()


def test_characters_no_font_covers_are_named_in_one_warning(db_path: Path, tmp_path: Path):
    """CJK and an emoji in a title: still in the text; those no installed font has are named once, with a font to install."""
    title = "Launch in 東京 with the 🚀 team"
    add_entries(db_path, [title, "--skill", "communication:2"])
    output = tmp_path / "out.pdf"
    result = ok(db_path, "render", "-o", str(output))
    if shutil.which("pdftotext"):  # pypdf cannot decode the font encoding WeasyPrint writes around an empty box
        assert title in subprocess.run(["pdftotext", str(output), "-"], capture_output=True, text=True, check=True).stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    missing = [c for c in "東京🚀" if _no_font_covers(c)]
    if not missing:
        assert [] == warnings
        return
    assert 1 == len(warnings), result.stderr
    for character in missing:
        assert f'"{character}" (U+{ord(character):04X})' in warnings[0]
    assert "apt-get install" in warnings[0]
    if "東" in missing:
        assert "fonts-noto-cjk" in warnings[0]
    if "🚀" in missing:
        assert "fonts-noto-color-emoji" in warnings[0]

"""Rendered PDFs, checked the way a reader and an applicant tracking system see them: by their text.

PDFs are rendered once per module and shared, so the suite stays fast.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pytest
from test_render import FIT, GENERATED, HOSTILE_TITLE, sample_portfolio

from tpmfolio.catalog import BUILTIN_KPIS, BUILTIN_SKILLS
from tpmfolio.errors import RenderError
from tpmfolio.render import build_context, pdf_variants, render_html, write_pdf
from tpmfolio.render.fetcher import restricted_fetcher
from tpmfolio.render.themes import themes_root

PUBLIC_TITLES = [
    "Self-serve onboarding redesign",
    "Pricing experiment for the Pro tier",
    "Talk on customer interviews",
    HOSTILE_TITLE,
]


class Rendered:
    """A rendered PDF with what WeasyPrint logged and what the progress callback heard."""

    def __init__(self, path: Path, info, records: list[logging.LogRecord], progress: list[str]) -> None:
        self.path = path
        self.info = info
        self.records = records
        self.progress = progress
        self.reader = pypdf.PdfReader(path)
        self.pages = [page.extract_text() or "" for page in self.reader.pages]
        self.text = "\n".join(self.pages)

    def errors(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.ERROR]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def render(tmp: Path, name: str, theme, variant: str | None = None, **options) -> Rendered:
    profile, entries = sample_portfolio()
    ctx = build_context(profile, entries, BUILTIN_SKILLS, BUILTIN_KPIS, generated=GENERATED, **options)
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    progress: list[str] = []
    try:
        info = write_pdf(render_html(ctx, theme), tmp / f"{name}.pdf", variant=variant, progress=progress.append)
    finally:
        logger.removeHandler(collect)
    return Rendered(tmp / f"{name}.pdf", info, collect.records, progress)


@pytest.fixture(scope="module")
def classic(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The classic theme, tailored: prepared-for line and fit page."""
    return render(
        tmp_path_factory.mktemp("classic"),
        "classic",
        "classic",
        fit=FIT,
        prepared_for={"title": "Senior TPM", "company": "Fabrikam"},
    )


@pytest.fixture(scope="module")
def modern(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The modern theme, not tailored."""
    return render(tmp_path_factory.mktemp("modern"), "modern", "modern")


@pytest.fixture(params=["classic", "modern"])
def pdf(request: pytest.FixtureRequest) -> Rendered:
    return request.getfixturevalue(request.param)


# --- content --------------------------------------------------------------------


def test_pdf_has_pages(pdf: Rendered):
    """Something was written, and PdfInfo says what."""
    assert pdf.info.pages == len(pdf.reader.pages) > 1
    assert pdf.info.size_bytes == pdf.path.stat().st_size


def test_pdf_names_the_person_and_every_public_entry(pdf: Rendered):
    """The profile name and every non-confidential title extract as text."""
    assert "Alex Example" in pdf.text
    for title in PUBLIC_TITLES:
        assert title in pdf.text


def test_pdf_leaves_out_confidential_work(pdf: Rendered):
    """Neither the title nor the fit evidence of a confidential entry appears."""
    assert "Secret acquisition" not in pdf.text
    assert "400%" not in pdf.text


def test_kpi_values_extract_as_typed(pdf: Rendered):
    """What the person typed is what the reader sees."""
    for value in ("$1.4M", "$1.0M", "34%", "10%", "82%", "3 days", "+24 pp"):
        assert value in pdf.text


def test_measurements_are_also_text(pdf: Rendered):
    """The chart's values and dates extract as text, each value once."""
    for text in ("Apr 2024", "Sep 2024", "19%"):
        assert text in pdf.text
    assert 1 == pdf.text.count("19%")


def test_page_numbers_read_n_of_m(pdf: Rendered):
    """Every page after the cover carries "N / M"."""
    total = len(pdf.pages)
    for number, text in enumerate(pdf.pages[1:], start=2):
        assert f"{number} / {total}" in text


def test_words_with_ligature_pairs_extract_whole(pdf: Rendered):
    """ff, fi, fl stay letters: ATS parsers must find "office", "workflow", "efficient"."""
    for word in ("office", "workflow", "efficient"):
        assert word in pdf.text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdftotext_reads_the_same_words_in_order(pdf: Rendered):
    """A second extractor agrees; the STAR parts come in reading order."""
    text = subprocess.run(["pdftotext", str(pdf.path), "-"], capture_output=True, text=True, check=True).stdout
    for word in ("office", "workflow", "efficient", "Alex Example", "$1.4M", *PUBLIC_TITLES):
        assert word in text
    flat = " ".join(text.split())
    assert flat.index("Merchants waited 9 days") < flat.index("Cut time to first payment") < flat.index(
        "Self-serve adoption reached 34%"
    )
    assert flat.rindex("Pricing experiment for the Pro tier") > flat.rindex("Merchants waited 9 days")


def test_hostile_title_prints_as_text(pdf: Rendered):
    """Markup typed into a title is neither run nor fetched: it prints."""
    assert '<img src="file:///etc/passwd">' in pdf.text
    assert "<script>alert(1)</script>" in pdf.text
    assert "root:x:0:0" not in pdf.text


def test_tailored_pdf_shows_prepared_for_and_fit(classic: Rendered):
    """The cover line and the fit page; requirements without evidence are for the person, not printed."""
    flat = " ".join(classic.text.split())
    assert "PREPARED FOR SENIOR TPM AT FABRIKAM" in flat.upper()
    assert "How my experience fits" in flat
    assert "Leads cross-functional teams" in flat
    assert "Knows the acquisition market" not in flat
    assert "No evidence yet" not in flat


def test_links_are_clickable(pdf: Rendered):
    """Entry links become URI annotations."""
    uris = {
        annot.get_object()["/A"].get("/URI")
        for page in pdf.reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object()
    }
    assert "https://blog.example.com/onboarding" in uris
    assert "mailto:alex@example.com" in uris


# --- structure and metadata --------------------------------------------------------


def test_outline_has_one_item_per_entry_plus_fixed_sections(classic: Rendered, modern: Rendered):
    """Bookmarks: "How my experience fits" when tailored, "At a glance", each case study, then the learning list."""
    cases = [t for t in PUBLIC_TITLES if t != "Talk on customer interviews"]
    learning = ["Learning and community"]
    for rendered, fixed in ((classic, ["How my experience fits", "At a glance"]), (modern, ["At a glance"])):
        outline = rendered.reader.outline
        assert [*fixed, *cases, *learning] == [o.title for o in outline if not isinstance(o, list)]
        assert ["Talk on customer interviews"] == [o.title for o in outline[-1]]


def test_metadata(pdf: Rendered):
    """Title, author, keywords (the skills shown) and creation date."""
    meta = pdf.reader.metadata
    assert meta.title.startswith("Alex Example — Technical Product Manager portfolio")
    assert "Alex Example" == meta.author
    assert "Customer focus" in meta["/Keywords"] and "Business acumen" in meta["/Keywords"]
    assert "Business strategy" not in meta["/Keywords"]  # only shown by the confidential entry
    assert meta["/CreationDate"].startswith("D:20250115")


def test_pdf_is_tagged_for_screen_readers(pdf: Rendered):
    """PDF/UA-1 by default: a structure tree, marked content, the language, XMP metadata that says so."""
    with pikepdf.open(pdf.path) as document:
        root = document.Root
        assert "/StructTreeRoot" in root
        assert root.MarkInfo.Marked
        assert "en" == str(root.Lang)
        xmp = document.open_metadata()
        assert "1" == xmp.get("pdfuaid:part")
        assert pdf.reader.metadata.title == xmp.get("dc:title")
    assert "pdf/ua-1" == pdf.info.variant


def test_subject_is_the_posting_when_tailored_else_the_target_role(classic: Rendered, modern: Rendered):
    """The Subject says what the portfolio is for."""
    assert "Senior TPM at Fabrikam" == classic.reader.metadata.subject
    assert "Technical Product Manager" == modern.reader.metadata.subject


def _structure(document: pikepdf.Pdf, kind: str) -> list[pikepdf.Dictionary]:
    found = []
    stack = [document.Root.StructTreeRoot]
    while stack:
        element = stack.pop()
        if not isinstance(element, pikepdf.Dictionary):
            continue
        if element.get("/S") == kind:
            found.append(element)
        children = element.get("/K")
        stack.extend(children if isinstance(children, pikepdf.Array) else [children])
    return found


def test_every_chart_has_alternative_text(pdf: Rendered):
    """Each chart is a Figure in the structure tree whose /Alt names what it shows."""
    with pikepdf.open(pdf.path) as document:
        alts = [str(figure.get("/Alt", "")) for figure in _structure(document, "/Figure")]
    assert ["Customer adoption rate: 10% (Apr 2024), 19% (Jun 2024), 34% (Sep 2024)"] == alts


def test_each_link_has_one_annotation(pdf: Rendered):
    """No annotation sits inside another to the same target: one link, one annotation."""
    stacked = []
    for number, page in enumerate(pdf.reader.pages, start=1):
        links = []
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            target = str(annot["/A"]["/URI"]) if "/A" in annot else str(annot.get("/Dest"))
            rect = [float(v) for v in annot["/Rect"]]
            links.append((target, (*sorted(rect[::2]), *sorted(rect[1::2]))))
        for i, (target, (x1, x2, y1, y2)) in enumerate(links):
            for j, (other, (a1, a2, b1, b2)) in enumerate(links):
                if i != j and target == other and a1 <= x1 and x2 <= a2 and b1 <= y1 and y2 <= b2 and (i > j or (a1, a2, b1, b2) != (x1, x2, y1, y2)):
                    stacked.append(f"page {number}: {target}")
    assert [] == stacked


def test_printed_urls_are_clickable(pdf: Rendered):
    """A link printed with its label and its address is one annotation covering both."""
    import pdfplumber

    with pdfplumber.open(pdf.path) as document:
        for page in document.pages:
            words = [w for w in page.extract_words() if "blog.example.com/onboarding" in w["text"]]
            if not words:
                continue
            word = words[0]
            covering = [
                link for link in page.hyperlinks
                if link["uri"] == "https://blog.example.com/onboarding"
                and link["x0"] <= word["x0"] + 0.5 and word["x1"] <= link["x1"] + 0.5
                and link["top"] <= word["top"] + 0.5 and word["bottom"] <= link["bottom"] + 0.5
            ]
            assert covering, (word, page.hyperlinks)
            return
    pytest.fail("the printed URL is not in the PDF")


def test_text_of_a_tagged_pdf_extracts_the_same_as_an_untagged_one(modern: Rendered, tmp_path: Path):
    """Tagging changes what the PDF says about its structure, never the words a reader gets."""
    plain = render(tmp_path, "plain", "modern", variant="none")
    with pikepdf.open(plain.path) as document:
        assert "/StructTreeRoot" not in document.Root
    assert plain.text.split() == modern.text.split()


def test_pdf_a_3b_is_available(tmp_path: Path):
    """--pdf-variant pdf/a-3b writes a PDF/A-3B claim in the XMP metadata."""
    archived = render(tmp_path, "archive", "classic", variant="pdf/a-3b")
    with pikepdf.open(archived.path) as document:
        meta = document.open_metadata()
        assert "3" == meta.get("pdfaid:part") and "B" == meta.get("pdfaid:conformance")


def test_unknown_variant_is_a_render_error_listing_the_choices(tmp_path: Path):
    """An unknown variant names the choices and writes nothing."""
    with pytest.raises(RenderError, match=r"unknown PDF variant 'pdf/z'; choose one of: none, .*pdf/ua-1"):
        write_pdf("<p>x</p>", tmp_path / "x.pdf", variant="pdf/z")
    assert [] == list(tmp_path.iterdir())
    assert "none" in pdf_variants() and "debug" not in pdf_variants()


def test_rendering_logs_no_errors(pdf: Rendered):
    """WeasyPrint had nothing to complain about: every font and resource loaded."""
    assert [] == pdf.errors()


def test_progress_reports_stages(classic: Rendered):
    """The CLI can show where a long render is."""
    assert any("layout" in message.lower() for message in classic.progress)
    assert any(message.startswith("Writing") for message in classic.progress)


def test_themes_differ(classic: Rendered, modern: Rendered):
    """The two built-in themes embed different fonts."""

    def fonts(rendered: Rendered) -> set[str]:
        names = set()
        for page in rendered.reader.pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
        return names

    assert any("Caladea" in name for name in fonts(classic))
    assert any("Inter" in name for name in fonts(modern))


# --- safety: the fetcher -------------------------------------------------------------


def test_user_stylesheet_cannot_reach_files_or_the_network(tmp_path: Path, local_server):
    """A theme overriding only style.css asks for /etc/passwd, an outside file and a local server: all refused."""
    base, requests = local_server
    outside = tmp_path / "outside.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', encoding="utf-8")
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "style.css").write_text(
        f"""
        @import url("{base}/import.css");
        body {{ background: url("file:///etc/passwd"); }}
        h1 {{ background-image: url("{outside.as_uri()}"); }}
        p {{ background-image: url("{base}/x.png"); }}
        h2::before {{ content: url("../outside.svg"); }}
        """,
        encoding="utf-8",
    )
    rendered = render(tmp_path, "hostile", theme)
    assert [] == requests
    assert rendered.info.pages >= 1
    refused = [m for m in rendered.errors() if "ResourceRefused" in m]
    assert any("file:///etc/passwd" in m for m in refused)
    assert any(f"{base}/x.png" in m for m in refused)
    assert any(f"{base}/import.css" in m for m in refused)
    assert any(outside.as_uri() in m for m in refused)


def test_fetcher_serves_data_and_theme_files_only(tmp_path: Path):
    """The fetcher itself: data: and theme files yes; anything else raises."""
    fetcher = restricted_fetcher([themes_root()])
    assert b"hi" == fetcher.fetch("data:text/plain;base64,aGk=").read()
    font = themes_root() / "classic" / "fonts" / "OFL.txt"
    assert fetcher.fetch(font.as_uri()).read().startswith(b"Copyright")
    for url in (
        "file:///etc/passwd",
        (themes_root() / ".." / "models.py").as_uri(),
        "http://127.0.0.1:9/x.png",
        "https://example.com/x.png",
        "ftp://127.0.0.1/x",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


# --- safety: writing the file ----------------------------------------------------------


SMALL_HTML = "<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p></body></html>"


def test_missing_folder_is_a_render_error_and_leaves_nothing(tmp_path: Path):
    """A one-line error, and no file appears anywhere."""
    with pytest.raises(RenderError, match="does not exist"):
        write_pdf(SMALL_HTML, tmp_path / "nope" / "out.pdf")
    assert [] == list(tmp_path.iterdir())


def test_output_that_is_a_folder_is_a_render_error(tmp_path: Path):
    """Writing over a folder is refused before any work is done."""
    with pytest.raises(RenderError, match="is a folder"):
        write_pdf(SMALL_HTML, tmp_path)


def test_unwritable_location_is_a_render_error(tmp_path: Path):
    """A path under a regular file cannot be written."""
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(RenderError) as error:
        write_pdf(SMALL_HTML, blocker / "out.pdf")
    assert "\n" not in str(error.value)
    assert ["file.txt"] == [p.name for p in tmp_path.iterdir()]


def test_failed_write_keeps_the_previous_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A disk-full during writing leaves the old file untouched and no temporary file behind."""
    import weasyprint

    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous")

    def disk_full(self, target=None, **options):
        target.write(b"%PDF-half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(weasyprint.document.Document, "write_pdf", disk_full)
    with pytest.raises(RenderError, match="No space left on device"):
        write_pdf(SMALL_HTML, target)
    assert b"previous" == target.read_bytes()
    assert ["out.pdf"] == [p.name for p in tmp_path.iterdir()]


# --- paper ------------------------------------------------------------------------------


def test_paper_goes_after_the_theme_stylesheet_and_unknown_paper_lists_the_choices():
    """The @page size comes last in <head>, so it wins over a theme's own size."""
    from tpmfolio.errors import InvalidValue
    from tpmfolio.render import with_paper

    html = with_paper("<html><head><style>@page { size: A4 }</style></head><body></body></html>", "Letter")
    assert html.index("@page { size: letter; }") > html.index("size: A4")
    assert html.index("@page { size: letter; }") < html.index("</head>")
    assert "@page { size: A4; }" in with_paper("<p>no head</p>")
    with pytest.raises(InvalidValue, match="unknown paper 'b5'; choose one of: a4, letter"):
        with_paper("<p></p>", "b5")

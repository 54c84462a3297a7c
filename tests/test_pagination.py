"""Where pages end, measured on the rendered demo the way a reader sees the pages.

For every page, the words and the drawn lines and boxes of the body (between
the running head and the page number) are located with pdfplumber; "fill" is
how far down the body they reach, 0 at the top, 1 at the page number. The
rules the themes' break rules promise:

- no page ends above half its height, except a section of one page that the
  next section follows on a new page (the cover, the summary page);
- the last page holds more than a lone quote or line;
- a results table stays on the page of its first chart, and a testimonial on
  the page of what it comments on (read from the tagged PDF's structure
  tree, where every table, chart and quote records its page).
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pdfplumber
import pikepdf
import pypdf
import pytest
import yaml
from click.testing import CliRunner

from tpmfolio.cli import cli
from tpmfolio.render import write_pdf

HERE = Path(__file__).parent
DEMO = yaml.safe_load((HERE.parent / "src" / "tpmfolio" / "demo" / "portfolio.yaml").read_text(encoding="utf-8"))
ENTRY_TITLES = {e["title"] for e in DEMO["entries"]}
QUOTES = [t["quote"] for e in DEMO["entries"] for t in e.get("testimonials") or []]
POSTING = HERE.parent / "examples" / "tpm-posting.job.json"
PAGE_NUMBER = re.compile(r"\b\d+ / \d+$")

RENDERS = {
    "classic": ["--theme", "classic"],
    "modern": ["--theme", "modern"],
    "classic-tailored": ["--theme", "classic", "--for", str(POSTING)],
    "modern-tailored": ["--theme", "modern", "--for", str(POSTING)],
    "classic-letter": ["--theme", "classic", "--paper", "letter"],
}


@attrs.frozen
class Page:
    number: int
    fill: float
    lines: list[str]
    sections: list[str]  # bookmarks that point into this page


def measure(path: Path) -> list[Page]:
    """Each page's body lines and how far down the body they reach."""
    reader = pypdf.PdfReader(path)
    bookmarks: dict[int, list[str]] = {}
    for item in _flatten(reader.outline):
        bookmarks.setdefault(reader.get_destination_page_number(item) + 1, []).append(str(item.title))
    pages = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            rows: dict[int, list[dict]] = {}
            for word in page.extract_words(keep_blank_chars=True):
                rows.setdefault(round(word["top"]), []).append(word)
            lines = sorted(
                (top, max(w["bottom"] for w in words), " ".join(w["text"] for w in sorted(words, key=lambda w: w["x0"])))
                for top, words in rows.items()
            )
            footer = next((line for line in reversed(lines) if PAGE_NUMBER.search(line[2])), None)
            if footer is None:  # the cover has no running head or page number
                top, bottom = 0.0, float(page.height)
                body = lines
            else:
                head = lines[0]
                top, bottom = head[1], footer[0]
                body = [line for line in lines if top < line[0] and line[1] < bottom]
            drawn = [o["bottom"] for o in page.rects + page.lines + page.curves if top < o["top"] and o["bottom"] < bottom]
            reach = max([line[1] for line in body] + drawn, default=top)
            pages.append(Page(number, (reach - top) / (bottom - top), [line[2] for line in body], bookmarks.get(number, [])))
    return pages


def _flatten(outline: list) -> list:
    items = []
    for item in outline:
        items.extend(_flatten(item) if isinstance(item, list) else [item])
    return items


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pagination")
    paths = {}
    for name, options in RENDERS.items():
        path = folder / f"{name}.pdf"
        result = CliRunner().invoke(cli, ["demo", "-o", str(path), *options], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        paths[name] = path
    return paths


@pytest.fixture(params=list(RENDERS))
def pdf(request: pytest.FixtureRequest, rendered: dict[str, Path]) -> Path:
    return rendered[request.param]


def _starts_section(page: Page) -> bool:
    """The page opens with a section that is not an entry (the cover, the summary, the fit page)."""
    return page.number == 1 or any(title not in ENTRY_TITLES for title in page.sections)


def _opens_with_bookmark(page: Page) -> bool:
    return any(page.lines and page.lines[0].startswith(title[:24]) for title in page.sections)


def short_pages(pages: list[Page]) -> list[str]:
    """Pages that end above half their height, but for a one-page section the next section follows on a new page."""
    return [
        f"page {p.number} ends at {p.fill:.0%}"
        for p, following in zip(pages, pages[1:])
        if p.fill < 0.5 and not (_starts_section(p) and _opens_with_bookmark(following))
    ]


def lone_last_page(pages: list[Page], quotes: list[str]) -> list[str]:
    """The last page's lines, when fewer than three of them are not a quote."""
    words_of_quotes = {word for quote in quotes for word in quote.split()}
    last = pages[-1]
    other = [line for line in last.lines if not set(line.strip("“”\"—– ").split()) <= words_of_quotes]
    return last.lines if len(other) < 3 else []  # a quote's attribution is one line


def test_no_page_inside_the_body_ends_above_half_its_height(pdf: Path):
    """A page may end early only where a one-page section ends and the next one begins on a new page."""
    assert [] == short_pages(measure(pdf))


def test_the_last_page_holds_more_than_a_lone_quote_or_line(pdf: Path):
    """At least three lines of the last page are not a testimonial."""
    assert [] == lone_last_page(measure(pdf), QUOTES)


PAGE_CSS = """<style>
@page { size: A4; margin: 20mm; @top-left { content: "Ada Example"; } @bottom-center { content: counter(page) " / " counter(pages); } }
p { margin: 0 0 8pt; orphans: 1; widows: 1; }
</style>"""
FILLER = "<p>" + "The migration moved every carrier onto one contract test suite. " * 8 + "</p>"


def test_the_measure_sees_a_page_that_ends_early(tmp_path: Path):
    """A forced break after two paragraphs is caught: the rules above can fail."""
    html = f"<html lang='en'>{PAGE_CSS}<body>{FILLER * 2}<p style='break-before: page'></p>{FILLER * 12}</body></html>"
    path = write_pdf(html, tmp_path / "early.pdf").path
    assert ["page 1 ends at"] == [problem[:14] for problem in short_pages(measure(path))]


def test_the_measure_sees_a_lone_quote_on_the_last_page(tmp_path: Path):
    """A testimonial pushed alone onto the last page is caught."""
    quote = "She kept us from building the shiny thing."
    html = (
        f"<html lang='en'>{PAGE_CSS}<body>{FILLER * 12}"
        f"<blockquote style='break-before: page'><p>“{quote}”</p><footer>— Marcus Obi</footer></blockquote></body></html>"
    )
    path = write_pdf(html, tmp_path / "lone.pdf").path
    assert lone_last_page(measure(path), [quote])


def test_results_stay_with_their_chart_and_quotes_with_what_they_follow(pdf: Path):
    """In every entry, the first chart is on the page of the results table before it, and each quote on the page of the block before it."""
    split = []
    with pikepdf.open(pdf) as document:
        for title, blocks in _entry_blocks(document):
            kinds = [kind for kind, _ in blocks]
            if "/Figure" in kinds:
                first_figure = kinds.index("/Figure")
                tables = [page for kind, page in blocks[:first_figure] if kind == "/Table"]
                if tables and tables[0] != blocks[first_figure][1]:
                    split.append(f"{title}: results on page {tables[0]}, chart on page {blocks[first_figure][1]}")
            for (kind, page), (previous_kind, previous_page) in zip(blocks[1:], blocks):
                if kind == "/BlockQuote" and page != previous_page:
                    split.append(f"{title}: quote on page {page}, {previous_kind} on page {previous_page}")
    assert split == []


def _entry_blocks(document: pikepdf.Pdf) -> list[tuple[str, list[tuple[str, int]]]]:
    """Per entry (``Art``): its tables, charts and quotes in reading order, with their page numbers."""
    page_number = {page.objgen: number for number, page in enumerate(document.pages, start=1)}
    entries: list[tuple[str, list[tuple[str, int]]]] = []

    def walk(element: pikepdf.Object, blocks: list[tuple[str, int]] | None) -> None:
        if not isinstance(element, pikepdf.Dictionary):
            return
        kind = str(element.get("/S", ""))
        if kind == "/Art":
            blocks = []
            entries.append((f"entry {len(entries) + 1}", blocks))
        elif blocks is not None and kind in ("/Table", "/Figure", "/BlockQuote") and "/Pg" in element:
            number = page_number[element.Pg.objgen]
            if not (blocks and blocks[-1] == (kind, number)):  # a table split over pages is one element per page
                blocks.append((kind, number))
            if kind != "/Table":
                return
        children = element.get("/K")
        for child in children if isinstance(children, pikepdf.Array) else [children]:
            walk(child, blocks)

    walk(document.Root.StructTreeRoot, None)
    assert entries, "the structure tree has no entries (Art)"
    return entries

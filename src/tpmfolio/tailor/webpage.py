"""A job page saved from a browser: its visible text, and its schema.org ``JobPosting`` when it has one.

Job sites mark their postings up for search engines with a JSON-LD
``JobPosting`` (title, hiring organisation, responsibilities,
qualifications, skills, a description in HTML); when a page carries one it
is the cleanest source. Otherwise the page's visible text is laid out as a
paste would be: headings on their own lines, list items as bullets.

The HTML is parsed by selectolax (the Lexbor HTML5 parser: fast, one
wheel, no dependencies), imported here only, so reading a text posting
never loads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

_HIDDEN = "script,style,noscript,template,svg,canvas,iframe,object,nav,button,select,form,head"
_BLOCKS = (
    "p,div,section,article,main,aside,header,footer,table,tr,ul,ol,dl,dt,dd,blockquote,pre,figure,"
    "figcaption,address,fieldset,details,summary"
)
_HEADINGS = "h1,h2,h3,h4,h5,h6"
_BREAK = "\u2029"
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_LOOKS_LIKE_HTML = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_HAS_MARKUP = re.compile(r"<(?:p|div|ul|ol|li|br|h[1-6]|strong|b|em|span)\b[^>]*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """A whole page (``<!doctype html>``, ``<html>``…), not text that happens to mention a tag."""
    return bool(_LOOKS_LIKE_HTML.match(text[:4096]))


def page_text(html: str) -> str:
    """The text a person sees on the page, one block per line, list items as ``- `` bullets, headings as ``## ``."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for node in tree.css(_HIDDEN):
        node.decompose()
    for node in tree.css("[hidden],[aria-hidden=true]"):
        node.decompose()
    # Line breaks of the page's layout are marked with a character HTML
    # text never holds, so that the source's own line breaks (insignificant
    # in HTML) can be folded into spaces afterwards.
    for node in tree.css("br"):
        node.insert_before(_BREAK)
    for node in tree.css("li"):
        node.insert_before(_BREAK + "- ")
        node.insert_after(_BREAK)
    for node in tree.css(_HEADINGS):
        node.insert_before(_BREAK * 2 + "## ")
        node.insert_after(_BREAK)
    for node in tree.css(_BLOCKS):
        node.insert_before(_BREAK)
        node.insert_after(_BREAK)
    root = tree.body or tree.root
    if root is None:
        return ""
    text = _SPACE.sub(" ", str(root.text(separator="", strip=False)))
    return "\n".join(line.strip() for line in text.split(_BREAK))


def fragment_text(value: str) -> str:
    """A JSON-LD field that may hold HTML (``"<ul><li>…</li></ul>"``) as laid-out text."""
    if not _HAS_MARKUP.search(value):
        return value
    return page_text(f"<html><body>{value}</body></html>")


def page_title(html: str) -> str:
    """The page's ``<title>``, for a posting whose body names no role."""
    from selectolax.lexbor import LexborHTMLParser

    node = LexborHTMLParser(html).css_first("title")
    return " ".join(node.text().split()) if node is not None else ""


def job_postings(html: str, load_json: Any) -> list[Mapping[str, Any]]:
    """Every schema.org ``JobPosting`` in the page's JSON-LD, in page order.

    ``load_json`` parses one script's text (the posting reader's loader,
    with its limits); a script that does not parse is skipped, as a browser
    would.
    """
    from selectolax.lexbor import LexborHTMLParser

    found: list[Mapping[str, Any]] = []
    for node in LexborHTMLParser(html).css('script[type="application/ld+json"]'):
        text = node.text(deep=True) or ""
        try:
            data = load_json(text)
        except (ValueError, RecursionError):
            continue
        found.extend(_job_postings(data))
    return found


def _job_postings(data: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _job_postings(item)
    elif isinstance(data, Mapping):
        kind = data.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "JobPosting" in kinds:
            yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _job_postings(graph)


def as_job(posting: Mapping[str, Any]) -> dict[str, Any]:
    """A schema.org ``JobPosting`` in the shape of a JSON Resume job: what the posting reader already knows.

    Responsibilities, qualifications and skills may be lists or HTML; a
    description in HTML is turned into text and read like a paste.
    """
    organisation = posting.get("hiringOrganization")
    if isinstance(organisation, Mapping):
        organisation = organisation.get("name")
    job: dict[str, Any] = {"title": _text(posting.get("title")), "company": _text(organisation)}
    for field, target in (
        ("responsibilities", "responsibilities"),
        ("qualifications", "qualifications"),
        ("experienceRequirements", "qualifications"),
        ("educationRequirements", "qualifications"),
        ("skills", "skills"),
    ):
        items = _items(posting.get(field))
        if items:
            job.setdefault(target, []).extend(items)
    description = posting.get("description")
    if isinstance(description, str) and description.strip():
        job["description"] = fragment_text(description)
    return job


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def _items(value: Any) -> list[str]:
    """A field as a list of lines: a list of strings, or one string of HTML or text with one item per line."""
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("description")
    if isinstance(value, list):
        return [line for item in value for line in _items(item)]
    if not isinstance(value, str) or not value.strip():
        return []
    lines = [line.strip().lstrip("-•*· ").strip() for line in fragment_text(value).splitlines()]
    return [line for line in lines if line and not line.startswith("## ")]


__all__ = ["as_job", "fragment_text", "job_postings", "looks_like_html", "page_text", "page_title"]

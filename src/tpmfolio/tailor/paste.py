"""The layout of pasted text: title, headings, bullets and prose, and which section each line is in.

Text copied from a job site keeps whatever its markup turned into: headings
in capitals, Markdown or a trailing colon; bullets of any glyph, numbers or
letters, sometimes run together on one line; prose hard-wrapped at any
width. :func:`layout` reduces all of that to ``(section, text, kind)``
items; :mod:`tpmfolio.tailor.posting` decides which of them are
requirements.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

_BULLET = re.compile(
    r"^(?:[-*+•·●○◦▪▫■□‣⁃∙➢➤►▶→✓✔☐☑–—>]+|\(?\d{1,2}[.)]|\(?[a-hA-H][.)](?=\s))\s*(?=\S)"
)
_INLINE_HEADING = re.compile(r"^([^:：]{2,40})[:：]\s+(\S.*)$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s*(.+?)\s*#*$")
_EMPHASIS = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__):?$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(\[]?[A-Z0-9])")
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018\u02bc`")
# Bullets run together on one line ("• Own launches • Run reviews"): a glyph
# between spaces starts a new item. Hyphens and asterisks are left alone: in
# prose they are dashes and emphasis.
_RUN_ON = re.compile(r"\s+[•·●○◦▪▫■□‣⁃∙➢➤►▶✓✔]\s+")
# A join of two items that lost the break between them: "mobileDefine",
# "infrastructure.Responsibilities", "Skills5+ years".
_GLUED = re.compile(r"(?<=[a-z][a-z.)])(?=[A-Z][a-z])|(?<=[a-z]{3})(?=\d+\+? years)")
_RUN_ON_LENGTH = 300
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_HYPHENS = str.maketrans("\u2010\u2011\u2012\u2043", "----")

_NICE = re.compile(r"nice[\s-]*to[\s-]*have|preferred|bonus|\bplus\b|would be great|good to have|desirable")
_RESPONSIBILITY = re.compile(
    r"responsib|what you('|\s)?(ll|will)\s+(do|own|work on)|what you do|your (day|role|impact|mission)"
    r"|day[\s-]*to[\s-]*day|duties|in this role|the work|key tasks|your job|what the job involves|you will\b"
)
_QUALIFICATION = re.compile(
    r"requirement|qualif|what we('re|\s+are)?\s+looking for|looking for|who you are|about you|you (have|bring|are)"
    r"|what you('|\s)?(ll|will)?\s*(bring|need)|skills|experience|must[\s-]*have|ideal candidate|what it takes"
    r"|expectations|competenc|profile|background"
)
_ROLE = re.compile(
    r"about (the|this) (role|job|position|opportunity)|the role|role overview|job description|overview|summary"
    r"|the job|the position|the opportunity"
)
_BOILERPLATE = re.compile(
    r"benefit|perk|we offer|what we offer|offer\b|compensation|salary|\bpay\b|equal|eeo|divers|inclusi"
    r"|about us|about the company|who we are|our (values|culture|story|mission|team)|how to apply|\bapply"
    r"|application|hiring process|interview process|location|why (join|work)|life at|privacy|accommodat"
    r"|disclaimer|legal|visa|^about\b|working at|what's in it|whats in it"
)
_BOILERPLATE_SENTENCE = re.compile(
    r"equal opportunit|regardless of|without regard|race, colou?r|gender identity|sexual orientation|veteran"
    r"|401\s*\(?k|health (insurance|care|plan)|dental|vision insurance|paid time off|\bpto\b|parental leave"
    r"|stock options|equity|salary range|compensation|reasonable accommodation|e-verify|background check"
    r"|visa sponsorship|apply now|click apply|privacy (policy|notice)|free lunch|gym|\bwe('re| are) hiring|\bis hiring",
    re.IGNORECASE,
)
_CUES = re.compile(
    r"\byou('ll|’ll| will| would| should| must| have| bring| are| can| understand| know|r role)\b|\bwill\b"
    r"|\bexperience\b|\bability\b|\bable to\b"
    r"|responsib|looking for|proven|track record|familiar|comfortable|\bown\b|\blead\b|\bdrive\b|\bdefine\b",
    re.IGNORECASE,
)
_FIELD = re.compile(r"^(company|employer|organi[sz]ation|title|job title|role|position)\s*[:：]\s*(.+)$", re.IGNORECASE)
_HIRING = re.compile(r"^(?P<company>.+?)\s+is\s+hiring(?:\s+an?)?\s*[:\-–—]?\s*(?P<title>.+)$", re.IGNORECASE)
_SPLIT_TITLE = re.compile(r"\s+[—–|@·•]\s+|\s+-\s+|\s+at\s+|\s*\|\s*")
_ROLE_WORDS = re.compile(
    r"\b(manager|tpm|pm|engineer|lead|director|head|owner|analyst|architect|principal|senior|staff|program|product|"
    r"developer|consultant|specialist|vp|officer|intern)\b",
    re.IGNORECASE,
)


def _unglue(line: str) -> list[str]:
    """A long line whose items lost their line breaks ("…on mobileDefine, prioritize…") as the lines it was.

    Copying from some job pages drops the breaks between list items, so
    words run into each other: a lowercase letter or a full stop followed
    directly by a capital letter. Only long lines with several such joins
    are split; a product name ("JavaScript") in a normal line is left alone.
    """
    if len(line) < _RUN_ON_LENGTH:
        return [line]
    joins = [m.start() for m in _GLUED.finditer(line)]
    if len(joins) < 3:
        return [line]
    parts, start = [], 0
    for at in joins:
        parts.append(line[start:at].strip())
        start = at
    parts.append(line[start:].strip())
    return [part for part in parts if part]


def _clean_line(line: str) -> str:
    if not line.isascii():
        line = unicodedata.normalize("NFKC", line.translate(_INVISIBLE)).translate(_HYPHENS)
    return " ".join(line.split())


def _heading(line: str) -> str | None:
    """The heading text if the line is a heading, else None."""
    m = _MARKDOWN_HEADING.match(line) or _EMPHASIS.match(line)
    if m:
        return m.group(1).strip(" :")
    words = line.split()
    if not words or len(words) > 8 or _BULLET.match(line):
        return None
    if line.endswith((":", "：")):
        return line.rstrip(":： ")
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return line
    if len(words) <= 6 and not line.endswith((".", ",", ";", "!", "?")):
        lowered = line.casefold()
        if _section_of(lowered) not in (None, "description") or _BOILERPLATE.search(lowered) or _ROLE.search(lowered):
            return line
    return None


def _section_of(heading: str) -> str | None:
    """Map a heading onto a section; ``skip`` for benefits, EEO and company blurbs."""
    h = heading.casefold().translate(_APOSTROPHES)
    h = h.replace("\u2019", "'")
    if _ROLE.search(h) and not _RESPONSIBILITY.search(h) and not _QUALIFICATION.search(h):
        return "description"
    if _NICE.search(h):
        return "nice-to-have"
    if _RESPONSIBILITY.search(h):
        return "responsibility"
    if _QUALIFICATION.search(h):
        return "qualification"
    if _BOILERPLATE.search(h):
        return "skip"
    return None


@attrs.frozen
class Layout:
    """What the top of a paste says about the job, and the body as items.

    ``items`` are ``(section, text, kind)`` with ``kind`` ``bullet`` or
    ``prose`` (one sentence each); ``section`` is ``responsibility``,
    ``qualification``, ``nice-to-have`` or ``description`` (under no heading
    or an introductory one). Benefits, EEO statements and company blurbs are
    left out.
    """

    title: str
    company: str
    items: tuple[tuple[str, str, str], ...]


def layout(text: str) -> Layout:
    """Split a paste into its title, company and items.

    >>> layout("TPM at Acme\n\nResponsibilities:\n* Run launches").items
    (('responsibility', 'Run launches', 'bullet'),)
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    lines = [part for line in text.split("\n") for part in _unglue(_clean_line(line))]
    title, company, start = _guess_title(lines)
    items: list[tuple[str, str, str]] = []
    section = "description"
    for kind, body in _blocks(lines[start:]):
        if kind == "heading":
            section = _section_of(body) or "description"
            continue
        if section == "skip":
            continue
        for sentence in _sentences(body) if kind == "prose" else [body]:
            if _BOILERPLATE_SENTENCE.search(sentence) or not any(c.isalpha() for c in sentence):
                continue
            items.append((section, sentence, kind))
    return Layout(title=title, company=company, items=tuple(items))


def reads_as_requirement(text: str) -> bool:
    """Does a sentence outside any requirements section read like one ("you will…", "experience with…")?"""
    return bool(_CUES.search(text))


def _guess_title(lines: list[str]) -> tuple[str, str, int]:
    """Title and company from the top of a paste, and the line where the body starts.

    Job sites put the role and the company on the first lines in many
    shapes; a wrong guess costs little (the user sees it) while a missing
    one just leaves the field empty.
    """
    title = company = ""
    for line in lines[:15]:
        m = _FIELD.match(line)
        if m:
            if m.group(1).lower().startswith(("company", "employer", "organi")):
                company = company or m.group(2).strip()
            else:
                title = title or m.group(2).strip()
    first_index = next((i for i, line in enumerate(lines) if line), None)
    if first_index is None:
        return title, company, 0
    first = lines[first_index].strip(" *#")
    first_text = "".join(c for c in first if c.isalnum() or c.isspace() or c in "&,.'-–—|@/()").strip()
    start = first_index
    if not _FIELD.match(first) and _heading(first) is None and not _BULLET.match(first) and len(first.split()) <= 14 and not first.endswith("."):
        start = first_index + 1
        m = _HIRING.match(first_text)
        if m:
            title = title or m.group("title").strip()
            company = company or m.group("company").strip()
        elif company and not title:
            title = first_text
        else:
            parts = [p.strip(" ,") for p in _SPLIT_TITLE.split(first_text) if p.strip(" ,")]
            if len(parts) >= 2:
                head, tail = parts[0], parts[-1]
                if _ROLE_WORDS.search(tail) and not _ROLE_WORDS.search(head):
                    head, tail = tail, head
                if len(parts) >= 3 and _ROLE_WORDS.search(parts[1]) is None and tail == parts[-1]:
                    # "TPM — Growth | Brightcart": the middle part is the team, keep it in the title.
                    head = " – ".join(parts[:-1])
                title = title or head
                company = company or tail
            else:
                title = title or first_text
    # Skip "Company: X" / "Title: X" lines right after the title.
    while start < len(lines) and (not lines[start] or _FIELD.match(lines[start])):
        start += 1
    return title, company, start


def _blocks(lines: list[str]) -> list[tuple[str, str]]:
    """Group lines into headings, bullets and prose paragraphs.

    A line that does not end a sentence and is followed by one starting in
    lowercase continues it: pasted text is often hard-wrapped.
    """
    blocks: list[tuple[str, str]] = []
    for line in lines:
        if not line:
            if blocks and blocks[-1][0] != "blank":
                blocks.append(("blank", ""))
            continue
        inline = _INLINE_HEADING.match(line)
        if inline and _section_of(inline.group(1)) not in (None, "description"):
            blocks.append(("heading", inline.group(1).strip()))
            blocks.append(("bullet", inline.group(2).strip()))
            continue
        heading = _heading(line)
        if heading is not None:
            blocks.append(("heading", heading))
            continue
        bullet = _BULLET.match(line)
        if bullet:
            blocks.extend(("bullet", part) for part in _RUN_ON.split(line[bullet.end():].strip()) if part)
            continue
        parts = _RUN_ON.split(line)
        if len(parts) > 2:
            # "Requirements • Own launches • Run reviews": what comes before the first glyph is its own line.
            lead = parts[0].rstrip(":： ")
            blocks.append(("heading", lead) if _section_of(lead) not in (None, "description") else ("prose", parts[0]))
            blocks.extend(("bullet", part) for part in parts[1:] if part)
            continue
        if blocks and blocks[-1][0] in ("bullet", "prose") and _continues(blocks[-1][1], line):
            kind, body = blocks[-1]
            blocks[-1] = (kind, f"{body} {line}")
            continue
        blocks.append(("prose", line))
    return [(kind, body) for kind, body in blocks if kind != "blank"]


def _continues(previous: str, line: str) -> bool:
    return bool(line) and line[0].islower() and not previous.endswith((".", "!", "?", ";"))


def _sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]



__all__ = ["Layout", "layout", "reads_as_requirement"]

"""Reading a job posting: its title, company and requirements, and the skills each asks for.

A posting arrives either as a JSON Resume job file or as text pasted from a
job site, where headings, bullets and whitespace are whatever the site's
markup turned into. Both end up as the same :class:`Posting`, so ranking and
rendering never care where it came from.

Skills are matched by their keywords after a light normalisation (lowercase,
no punctuation, common suffixes stripped) so that "collaborating with
cross-functional teams" meets the keyword "collaborate", without pulling in
a language-processing dependency. The same normalisation is used on entries
by :mod:`tpmfolio.tailor`, which is why :func:`terms` and :func:`stems` are
public.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .catalog import BUILTIN_SKILLS
from .errors import PostingError
from .models import Skill

MAX_REQUIREMENT = 500
MAX_POSTING_CHARS = 200_000

# --- normalisation -------------------------------------------------------------

# Function words carry no meaning for matching; dropping them also lets
# "attention to detail" meet "attention-to-detail" and "detail".
STOPWORDS = frozenset(
    """a an and are as at be been being but by can could do does for from had has have he her his
    how i if in into is it its me my no not of on or our ours she so such than that the their them
    then there these they this those to too up us was we were what when where which while who whom
    why will with would you your yours youll youre youve weve well etc via per also any all each
    other own more most some very just required requires preferred""".split()
)

# Words every posting uses; they say nothing about which entry fits, so they
# are left out of the term overlap (but not out of keyword phrases such as
# "user experience").
GENERIC = frozenset(
    """experience year yr strong excellent abil able skill knowledge understand proven track record
    demonstrat includ relevant related field degree bachelor master equivalent prefer requir must
    nice bonus plus ideal look join company role candidate opportunit responsibl work help new
    across within using use great good best highly hand hands day time make sure least minimum
    senior junior level team""".split()
)

_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018\u02bc`")
_WORD = re.compile(r"[^\W_]+(?:&[^\W_]+)*")

# (suffix, replacement, shortest stem left). First match wins; a word goes
# through the list at most twice so "functional" → "function" → "funct",
# and "collaborate", "collaborating" and "collaboration" all end as "collabor".
_RULES: tuple[tuple[str, str, int], ...] = (
    ("izations", "ize", 3),
    ("ization", "ize", 3),
    ("ational", "", 3),
    ("ations", "", 3),
    ("ation", "", 3),
    ("ating", "", 4),
    ("ated", "", 4),
    ("ates", "", 4),
    ("ate", "", 4),
    ("ional", "ion", 3),
    ("ments", "", 3),
    ("ment", "", 3),
    ("ities", "", 3),
    ("ity", "", 3),
    ("ings", "", 3),
    ("ing", "", 3),
    ("ions", "ion", 3),
    ("ion", "", 4),
    ("ness", "", 3),
    ("ies", "y", 3),
    ("ied", "y", 3),
    ("ery", "er", 4),
    ("yses", "ysis", 2),
    ("sses", "ss", 2),
    ("es", "", 3),
    ("ed", "", 3),
    ("s", "", 3),
)
_BRITISH = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes"), ("ise", "ize"))
_KEEP_S = ("ss", "us", "is")
# Words whose stem would collide with a different keyword: "marketing" is
# not "market" (analysis) and "executive" is not "execution".
_UNSTEMMED = {
    "marketing": "marketing",
    "executive": "executive",
    "executives": "executive",
    "hiring": "hiring",
    "business": "business",
    "businesses": "business",
}
_STEM_CACHE: dict[str, str] = {}


def _stem(word: str) -> str:
    if len(word) <= 3 or not word.isalpha():
        return word
    if word in _UNSTEMMED:
        return _UNSTEMMED[word]
    w = word
    if len(w) >= 6:
        for british, american in _BRITISH:
            if w.endswith(british):
                w = w[: -len(british)] + american
                break
    for _ in range(2):
        for suffix, replacement, shortest in _RULES:
            if w.endswith(suffix) and len(w) - len(suffix) >= shortest:
                if suffix == "s" and w.endswith(_KEEP_S):
                    continue
                w = w[: -len(suffix)] + replacement
                break
        else:
            break
    if len(w) >= 4 and w.endswith("e"):
        w = w[:-1]
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    return w


def stem(word: str) -> str:
    """The matching form of one lowercase word: ``collaborating`` → ``collabor``.

    Cached, because ranking stems the same few thousand words over and over.
    """
    cached = _STEM_CACHE.get(word)
    if cached is None:
        if len(_STEM_CACHE) > 200_000:
            _STEM_CACHE.clear()
        cached = _STEM_CACHE[word] = _stem(word)
        if len(cached) < 2 or cached.isdigit():
            NOT_TERMS.add(cached)
    return cached


# Stems that never count as shared content (numbers, single letters); filled
# as words are first stemmed so that :func:`terms` is a set difference.
NOT_TERMS: set[str] = set()


# ASCII text without "&" (nearly every entry) splits into the same words as
# _WORD finds, in one C-level pass: lowercase letters and digits kept,
# apostrophes dropped, everything else a space. Ranking ten thousand
# entries spent most of its time in the regular expression.
_ASCII_WORDS = str.maketrans(
    {chr(i): (chr(i).lower() if chr(i).isalnum() else None if chr(i) in "'`" else " ") for i in range(128)}
)


def _tokens(text: str) -> list[str]:
    """The words of ``text``, normalised: what ``_WORD.findall(normalize_text(text))`` gives."""
    if text.isascii() and "&" not in text:
        return text.translate(_ASCII_WORDS).split()
    return _WORD.findall(normalize_text(text))


def normalize_text(text: str) -> str:
    """Lowercase, unicode-compatible form: full-width letters, ligatures and odd apostrophes unified."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.casefold().translate(_APOSTROPHES)


def stems(text: str) -> list[str]:
    """The text as a list of stems without function words, in order (phrases are runs of it).

    >>> stems("Collaborating with cross-functional teams")
    ['collabor', 'cross', 'funct', 'team']
    """
    found = _tokens(text)
    cache = _STEM_CACHE
    for word in set(found).difference(cache):
        cache[word] = "" if word in STOPWORDS else stem(word)
    return [s for s in map(cache.__getitem__, found) if s]


def stem_set(text: str) -> set[str]:
    """Distinct stems of the text without function words: cheaper than :func:`stems` when order does not matter."""
    found = set(_tokens(text))
    cache = _STEM_CACHE
    for word in found.difference(cache):
        cache[word] = "" if word in STOPWORDS else stem(word)
    out = set(map(cache.__getitem__, found))
    out.discard("")
    return out


def term_finder(wanted: Iterable[str]) -> Callable[[str], set[str]]:
    """A function giving the stems of ``wanted`` that a text contains: ``stem_set(text) & wanted``, faster.

    Only words whose stem is wanted are looked up per text, with one C-level
    set intersection, instead of mapping every word of every text to its
    stem: what ranking thousands of entries against one posting needs.
    """
    wanted = frozenset(wanted)
    cache = _STEM_CACHE
    checked: set[str] = set()
    relevant: dict[str, str] = {}

    def find(text: str) -> set[str]:
        found = set(_tokens(text))
        for word in found.difference(checked):
            value = cache.get(word)
            if value is None:
                value = cache[word] = "" if word in STOPWORDS else stem(word)
            checked.add(word)
            if value in wanted:
                relevant[word] = value
        return {relevant[word] for word in found.intersection(relevant)}

    return find


def words(text: str) -> list[str]:
    """The text's words as a person wrote them (lowercased), without function words."""
    return [w for w in _tokens(text) if w not in STOPWORDS]


def terms(text: str) -> frozenset[str]:
    """Distinct content stems: what two texts can share to count as talking about the same thing."""
    return frozenset(stem_set(text).difference(GENERIC, NOT_TERMS))


def contains_phrase(haystack: Sequence[str], phrase: Sequence[str]) -> bool:
    """Is ``phrase`` a contiguous run of ``haystack`` (both stem lists)?"""
    n = len(phrase)
    if n == 0:
        return False
    if n == 1:
        return phrase[0] in haystack
    first = phrase[0]
    for i in range(len(haystack) - n + 1):
        if haystack[i] == first and list(haystack[i : i + n]) == list(phrase):
            return True
    return False


@attrs.frozen
class Keyword:
    """One way a skill can be asked for: the words a person reads and the stems that match."""

    skill: str
    text: str
    stems: tuple[str, ...]


def skill_keywords(skills: Iterable[Skill]) -> tuple[Keyword, ...]:
    """Every skill's name and keywords, normalised once so matching a posting is a lookup.

    The skill's own name counts as a keyword: a posting that says "strategic
    planning" asks for strategic planning whatever its keyword list says.
    """
    out: list[Keyword] = []
    for skill in skills:
        seen: set[tuple[str, ...]] = set()
        name = re.sub(r"\(.*?\)", "", skill.name).strip()
        for text in (name, *skill.keywords):
            key = tuple(stems(text))
            if key and key not in seen:
                seen.add(key)
                out.append(Keyword(skill=skill.slug, text=text.strip(), stems=key))
    return tuple(out)


# --- the posting -----------------------------------------------------------------

SECTIONS = ("responsibility", "qualification", "nice-to-have", "skill", "description")


@attrs.frozen
class Requirement:
    """One thing the posting asks for, with the catalog skills it names.

    ``section`` says where it came from (``responsibility``, ``qualification``,
    ``nice-to-have``, ``skill`` or ``description``) so reasons can quote it
    the way the posting framed it. ``weights`` runs beside ``skills``: how
    many of the skill's keywords the requirement uses (at most 3), because
    "competitive landscape, market sizing, go-to-market" asks for market
    analysis more plainly than a passing "platform" asks for technical acumen.
    """

    text: str
    section: str = "description"
    skills: tuple[str, ...] = ()
    weights: tuple[int, ...] = ()
    keywords: tuple[str, ...] = ()
    terms: frozenset[str] = frozenset()
    stems: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "section": self.section,
            "skills": list(self.skills),
            "keywords": list(self.keywords),
        }


@attrs.frozen
class Posting:
    """A job posting reduced to what matching needs."""

    title: str
    company: str
    requirements: tuple[Requirement, ...]
    description: str = ""
    source: str = "text"

    @property
    def matched_skills(self) -> tuple[str, ...]:
        """Skills any requirement asks for, most-asked first; empty means the posting matched nothing."""
        weights = self.skill_weights()
        return tuple(sorted(weights, key=lambda slug: -weights[slug]))

    def skill_weights(self) -> dict[str, int]:
        """How strongly the posting asks for each skill, summed over requirements.

        A skill named in five requirements matters more than one named once,
        and one named with several of its keywords more than one named in passing.
        """
        weights: dict[str, int] = {}
        for requirement in self.requirements:
            for slug, weight in zip(requirement.skills, requirement.weights):
                weights[slug] = weights.get(slug, 0) + weight
        return weights

    @property
    def terms(self) -> frozenset[str]:
        found: set[str] = set()
        for requirement in self.requirements:
            found |= requirement.terms
        return frozenset(found)

    @property
    def label(self) -> str:
        """``Senior TPM at Acme`` for messages and records; falls back to what is known."""
        if self.title and self.company:
            return f"{self.title} at {self.company}"
        return self.title or self.company or "the posting"

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "company": self.company,
            "source": self.source,
            "matched_skills": list(self.matched_skills),
            "requirements": [r.to_json() for r in self.requirements],
        }


def read_posting(source: str | Path | Mapping[str, Any], skills: Iterable[Skill] | None = None) -> Posting:
    """Read a JSON Resume job (a dict or a ``.json`` path), a text file, or pasted text.

    ``skills`` are the skills to look for (the built-in catalog unless
    given); pass the portfolio's skills so custom ones are matched too.

    >>> read_posting({"title": "TPM", "responsibilities": ["Run customer research"]}).matched_skills
    ('customer-focus',)
    """
    keywords = skill_keywords(BUILTIN_SKILLS if skills is None else skills)
    if isinstance(source, Mapping):
        return _from_job(source, keywords, where="the job")
    if isinstance(source, Path):
        return _from_file(source, keywords)
    if not isinstance(source, str):
        raise PostingError(f"a posting is a JSON Resume job, a file or text, not {type(source).__name__}")
    path = _as_path(source)
    if path is not None:
        return _from_file(path, keywords)
    if source.lstrip().startswith("{"):
        return _from_job(_load_json(source, "the posting"), keywords, where="the posting")
    return _from_text(source, keywords)


def _as_path(text: str) -> Path | None:
    """Treat a short one-line string as a file name when it names a file, or looks like one."""
    candidate = text.strip()
    if not candidate or "\n" in candidate or len(candidate) > 1024:
        return None
    path = Path(candidate).expanduser()
    try:
        if path.is_file():
            return path
    except OSError:
        return None
    if path.suffix.lower() in (".json", ".txt", ".md") and " " not in path.name:
        raise PostingError(f"{candidate}: no such file; give a JSON Resume job file or the text of a posting")
    return None


def _from_file(path: Path, keywords: tuple[Keyword, ...]) -> Posting:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PostingError(f"{path}: cannot read the posting ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PostingError(f"{path}: not a text file (expected UTF-8 text or a JSON Resume job)") from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        return _from_job(_load_json(text, str(path)), keywords, where=str(path))
    return _from_text(text, keywords, where=str(path))


def _load_json(text: str, where: str) -> dict[str, Any]:
    from .safeload import load_json

    try:
        data = load_json(text, where)  # size, depth: a hostile job file fails at once
    except json.JSONDecodeError as error:
        raise PostingError(
            f"{where}: not valid JSON ({error.msg} at line {error.lineno}); "
            "a posting file is a JSON Resume job or plain text"
        ) from None
    if not isinstance(data, dict):
        raise PostingError(f"{where}: a JSON Resume job is an object with title, responsibilities, qualifications")
    return data


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int, float)) and str(v).strip()]
    return []


def _from_job(job: Mapping[str, Any], keywords: tuple[Keyword, ...], where: str) -> Posting:
    title = _one_line(job.get("title"))
    company = _one_line(job.get("company"))
    description = str(job.get("description") or "").strip()
    items: list[tuple[str, str]] = []
    for text in _strings(job.get("responsibilities")):
        items.append(("responsibility", text))
    for text in _strings(job.get("qualifications")):
        items.append(("qualification", text))
    raw_skills = job.get("skills")
    for skill in raw_skills if isinstance(raw_skills, list) else []:
        if isinstance(skill, Mapping):
            name = _one_line(skill.get("name"))
            words = [w.strip() for w in _strings(skill.get("keywords")) if w.strip()]
            text = f"{name} ({', '.join(words)})" if name and words else name or ", ".join(words)
        else:
            text = _one_line(skill)
        if text:
            items.append(("skill", text))
    if not items and description:
        # A job file that only describes the job: read the description like a paste.
        parsed = _from_text(description, keywords, where=where)
        return attrs.evolve(parsed, title=title, company=company, description=description, source="json")
    requirements = _requirements(items, keywords)
    if not requirements:
        raise PostingError(
            f"{where}: the job has no responsibilities, qualifications, skills or description to match against"
        )
    return Posting(title=title, company=company, requirements=requirements, description=description, source="json")


def _one_line(value: Any) -> str:
    return " ".join(str(value or "").split())


def _requirements(items: Iterable[tuple[str, str]], keywords: tuple[Keyword, ...]) -> tuple[Requirement, ...]:
    out: list[Requirement] = []
    seen: set[str] = set()
    for section, raw in items:
        text = _one_line(raw)
        if len(text) > MAX_REQUIREMENT:
            text = text[: MAX_REQUIREMENT - 1].rstrip() + "…"
        key = text.casefold().rstrip(".;:")
        if not text or key in seen:
            continue
        seen.add(key)
        out.append(match_requirement(text, section, keywords))
    return tuple(out)


def match_requirement(text: str, section: str, keywords: Sequence[Keyword]) -> Requirement:
    """Which skills one requirement asks for, by keyword phrases found in its normalised words."""
    words = stems(text)
    word_set = set(words)
    hits: dict[str, int] = {}
    found: list[str] = []
    for keyword in keywords:
        if keyword.stems[0] in word_set and contains_phrase(words, keyword.stems):
            hits[keyword.skill] = hits.get(keyword.skill, 0) + 1
            if keyword.text not in found:
                found.append(keyword.text)
    return Requirement(
        text=text,
        section=section,
        skills=tuple(hits),
        weights=tuple(min(count, 3) for count in hits.values()),
        keywords=tuple(found),
        terms=frozenset(words).difference(GENERIC, NOT_TERMS),
        stems=tuple(words),
    )


# --- pasted text -----------------------------------------------------------------

_BULLET = re.compile(
    r"^(?:[-*+•·●○◦▪▫■□‣⁃∙➢➤►▶→✓✔☐☑–—>]+|\(?\d{1,2}[.)]|\(?[a-hA-H][.)](?=\s))\s*(?=\S)"
)
_INLINE_HEADING = re.compile(r"^([^:：]{2,40})[:：]\s+(\S.*)$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s*(.+?)\s*#*$")
_EMPHASIS = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__):?$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(\[]?[A-Z0-9])")
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
_ROLE = re.compile(r"about (the|this) (role|job|position|opportunity)|the role|role overview|job description|overview|summary|the job|the position|the opportunity")
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


def _from_text(text: str, keywords: tuple[Keyword, ...], where: str = "the posting") -> Posting:
    if not text or not text.strip():
        raise PostingError(f"{where} is empty; paste the text of the posting or give a JSON Resume job file")
    text = text[:MAX_POSTING_CHARS].replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    lines = [_clean_line(line) for line in text.split("\n")]
    title, company, start = _guess_title(lines)
    blocks = _blocks(lines[start:])
    items: list[tuple[str, str]] = []
    section = "description"
    for kind, body in blocks:
        if kind == "heading":
            section = _section_of(body) or "description"
            continue
        if section == "skip":
            continue
        for sentence in _sentences(body) if kind == "prose" else [body]:
            if _BOILERPLATE_SENTENCE.search(sentence) or len(sentence.split()) < 2:
                continue
            items.append((section, sentence))
    requirements = _requirements(items, keywords)
    # Outside requirement-like sections only keep what reads like a requirement:
    # an intro paragraph about the company is not one.
    requirements = tuple(
        r
        for r in requirements
        if r.section != "description" or _CUES.search(r.text)
    )
    if not requirements:
        raise PostingError(
            f"{where}: found no requirements; paste the responsibilities and qualifications "
            "(one per line or as bullets), or give a JSON Resume job file"
        )
    return Posting(title=title, company=company, requirements=requirements, source="text")


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
            blocks.append(("bullet", line[bullet.end():].strip()))
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


__all__ = [
    "Keyword",
    "Posting",
    "Requirement",
    "contains_phrase",
    "match_requirement",
    "read_posting",
    "skill_keywords",
    "stem",
    "stem_set",
    "stems",
    "terms",
    "words",
]

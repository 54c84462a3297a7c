"""Words, stems and how much a word tells: the text side of matching a posting to entries.

One stemming everywhere: the Porter stemmer (the algorithm SQLite's FTS5
``porter`` tokenizer uses), so "collaborating", "collaboration" and
"collaborate" meet at ``collabor`` in the ranking, in skill keywords and in
the full-text index alike. It comes from PyStemmer, the C build of the
Snowball stemmers: ranking ten thousand entries stems tens of thousands of
distinct words, which the pure-Python ``snowballstemmer`` takes seconds for.

How much a shared word counts comes from outside the portfolio: a
bundled table of how common each stem is in English books (see
``scripts/build_background.py``), so "idempotency" outweighs "week" even in
a portfolio of ten entries where both are rare.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from importlib.resources import files

import Stemmer

from . import german
from .language import current

# Function words carry no meaning for matching; dropping them also lets
# "attention to detail" meet "attention-to-detail" and "detail".
STOPWORDS = frozenset(
    """a an and are as at be been being but by can could do does for from had has have he her his
    how i if in into is it its me my no not of on or our ours she so such than that the their them
    then there these they this those to too up us was we were what when where which while who whom
    why will with would you your yours youll youre youve weve well etc via per also any all each
    other own more most some very just required requires preferred every many much both either neither about
    after before over under between through during without against among upon onto toward towards whether
    should shall may might must""".split()
)

# Words every posting uses; they say nothing about which entry fits, so they
# never count as shared content (they still count inside keyword phrases
# such as "user experience").
GENERIC_WORDS = """experience experienced years year yrs strong excellent ability able skills skilled knowledge
    understanding understand proven track record demonstrated demonstrable including include relevant related field
    degree bachelor bachelors master masters equivalent prefer requirement requirements must nice bonus plus ideal
    ideally looking join company role candidate candidates opportunity opportunities responsible responsibilities
    work working help new across within using use great good best highly hand hands day days week weeks time make
    sure least minimum senior junior level team teams building build successful success ensure key various range
    wide excellent like get well able able etc""".split()

BACKGROUND_CAP = 7.0
"""Information (``log10`` of one in how many English words) given to stems missing from the table."""
FOREIGN_RARITY = 4.5
"""What a stem of a German posting that English does not have is taken to tell: the table only knows
English, so a German word is neither as rare as an unseen English one nor as common as "team"."""

_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018\u02bc`")
_WORD = re.compile(r"[^\W_]+(?:&[^\W_]+)*")

# British spellings meet American ones before stemming ("prioritise" and
# "prioritize", "organisation" and "organization"): postings use both.
_BRITISH = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes"), ("ise", "ize"),
            ("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing"))
_NOT_BRITISH = frozenset(
    """advise advised advises advising exercise exercised exercises exercising expertise enterprise enterprises
    otherwise promise promised promises premise premises franchise comprise comprised comprises comprising surprise
    surprised compromise compromised revise revised revising supervise supervised supervising devise devised raise
    raised raising praise noise wise rise arise cruise concise precise merchandise improvise disguise likewise
    clockwise paradise treatise chastise despise practise practised practising""".split()
)
# Porter folds these onto a different word's stem: "marketing" is not
# market analysis, "executive" (communication) is not "execution" (project
# management), "experience" is not "experiment", "community" is not
# "communication" and "international" is not "internal".
_KEEP_WHOLE = {
    "marketing": "marketing",
    "executive": "executive",
    "executives": "executive",
    "experience": "experience",
    "experiences": "experience",
    "experienced": "experience",
    # Porter leaves "experimentation" at "experiment" but cuts "experiment"
    # to "experi": keep the family together.
    "experiment": "experiment",
    "experiments": "experiment",
    "experimenting": "experiment",
    "experimented": "experiment",
    "experimental": "experiment",
    "community": "community",
    "communities": "community",
    "international": "international",
    "internationally": "international",
}

_PORTER = Stemmer.Stemmer("porter")
_GERMAN = Stemmer.Stemmer("german")


def stem(word: str) -> str:
    """The matching form of one lowercase word: ``collaborating`` → ``collabor``.

    A pure function of the word and the language being read (see
    :mod:`.language`; English unless a German posting is being read, when
    the German Snowball stemmer makes "Kunden" and "Kunde" meet at "kund").
    """
    return _english_stem(word) if current() == "en" else _german_stem(word)


@lru_cache(maxsize=1 << 16)
def _german_stem(word: str) -> str:
    return str(_GERMAN.stemWord(word))


@lru_cache(maxsize=1 << 17)
def _english_stem(word: str) -> str:
    whole = _KEEP_WHOLE.get(word)
    if whole is not None:
        return whole
    if len(word) >= 6 and word not in _NOT_BRITISH:
        for british, american in _BRITISH:
            if word.endswith(british):
                word = word[: -len(british)] + american
                break
    return str(_PORTER.stemWord(word))


GENERIC = frozenset(_english_stem(w) for w in GENERIC_WORDS)
_GERMAN_GENERIC = frozenset(_german_stem(w) for w in german.GENERIC_WORDS)


def _stopwords() -> frozenset[str]:
    return STOPWORDS if current() == "en" else german.STOPWORDS


def generic() -> frozenset[str]:
    """The stems of words every posting uses, in the language being read."""
    return GENERIC if current() == "en" else _GERMAN_GENERIC


def is_term(value: str) -> bool:
    """Can this stem count as shared content? Not a number, a single letter or a generic posting word."""
    return len(value) > 1 and not value.isdigit() and value not in generic()


# ASCII text without "&" (nearly every entry) splits into the same words as
# _WORD finds, in one C-level pass: lowercase letters and digits kept,
# apostrophes dropped, everything else a space.
_ASCII_WORDS = str.maketrans(
    {chr(i): (chr(i).lower() if chr(i).isalnum() else None if chr(i) in "'`" else " ") for i in range(128)}
)


def tokens(text: str) -> list[str]:
    """The words of ``text``, lowercased, apostrophes dropped, in order (function words kept)."""
    if text.isascii() and "&" not in text:
        return text.translate(_ASCII_WORDS).split()
    return _WORD.findall(normalize_text(text))


def normalize_text(text: str) -> str:
    """Lowercase, unicode-compatible form: full-width letters, ligatures and odd apostrophes unified."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.casefold().translate(_APOSTROPHES)


def _content_stem(word: str) -> str:
    if word in _stopwords():
        return ""
    # Porter leaves numbers as they are; skipping the call matters when
    # ten thousand entries each carry a number of their own.
    return word if word.isdigit() else stem(word)


def stems(text: str) -> list[str]:
    """The text as a list of stems without function words, in order (phrases are runs of it).

    >>> stems("Collaborating with cross-functional teams")
    ['collabor', 'cross', 'function', 'team']
    """
    return [s for s in map(_content_stem, tokens(text)) if s]


def stem_set(text: str) -> set[str]:
    """Distinct stems of the text without function words: cheaper than :func:`stems` when order does not matter."""
    out = set(map(_content_stem, set(tokens(text))))
    out.discard("")
    return out


def terms(text: str) -> frozenset[str]:
    """Distinct content stems: what two texts can share to count as talking about the same thing."""
    return frozenset(s for s in stem_set(text) if is_term(s))


def words(text: str) -> list[str]:
    """The text's words as a person wrote them (lowercased), without function words."""
    stopwords = _stopwords()
    return [w for w in tokens(text) if w not in stopwords]


def search_words(text: str) -> str:
    """The words of a posting worth a full-text search: no function words, no boilerplate.

    "the", "keep" or "experience" would match nearly every entry and make
    an unrelated posting look like a strong match.
    """
    common = generic()
    return " ".join(sorted({w for w in words(text) if len(w) > 2 and stem(w) not in common}))


def term_finder(wanted: Iterable[str]) -> Callable[[str], set[str]]:
    """A function giving the stems of ``wanted`` that a text contains: ``stem_set(text) & wanted``, faster.

    Each distinct word is stemmed once per finder; after that a text costs
    one split and one C-level set intersection, which is what ranking ten
    thousand entries against one posting needs.
    """
    wanted = frozenset(wanted)
    checked: set[str] = set()
    relevant: dict[str, str] = {}

    def find(text: str) -> set[str]:
        found = set(tokens(text))
        for word in found.difference(checked):
            checked.add(word)
            value = _content_stem(word)
            if value in wanted:
                relevant[word] = value
        return {relevant[word] for word in found.intersection(relevant)}

    return find


def term_counter(wanted: Iterable[str]) -> Callable[[str], dict[str, int]]:
    """Like :func:`term_finder`, with how many times the text uses each wanted stem."""
    wanted = frozenset(wanted)
    checked: set[str] = set()
    relevant: dict[str, str] = {}
    is_relevant = relevant.__contains__

    def count(text: str) -> dict[str, int]:
        words = tokens(text)
        if not checked.issuperset(words):  # most texts bring no word not met before
            for word in set(words).difference(checked):
                checked.add(word)
                value = _content_stem(word)
                if value in wanted:
                    relevant[word] = value
        # Only the wanted words, picked out and counted by stem in C; two
        # spellings of one stem ("customer", "customers") add up.
        return Counter(map(relevant.__getitem__, filter(is_relevant, words)))

    return count


def contains_phrase(haystack: Sequence[str], phrase: Sequence[str]) -> bool:
    """Is ``phrase`` a contiguous run of ``haystack`` (both stem lists)?"""
    n = len(phrase)
    if n == 0:
        return False
    if n == 1:
        return phrase[0] in haystack
    first = phrase[0]
    wanted = list(phrase)
    for i in range(len(haystack) - n + 1):
        if haystack[i] == first and list(haystack[i : i + n]) == wanted:
            return True
    return False


@lru_cache(maxsize=1)
def _background() -> dict[str, str]:
    """Stem → tenths of ``log10``, as text: converting only the few stems a ranking asks about is cheaper."""
    raw = (files("tpmfolio.tailor") / "background.tsv.gz").read_bytes()
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))


def rarity(value: str) -> float:
    """How uncommon a stem is in English: ``log10`` of one in how many words (about 1 for "the", 7 when unseen).

    >>> rarity("week") < rarity("stakehold") < rarity("idempot")
    True
    """
    tenths = _background().get(value)
    if tenths is None:
        return BACKGROUND_CAP if current() == "en" else FOREIGN_RARITY
    return int(tenths) / 10


__all__ = [
    "GENERIC",
    "STOPWORDS",
    "contains_phrase",
    "generic",
    "is_term",
    "normalize_text",
    "rarity",
    "search_words",
    "stem",
    "stem_set",
    "stems",
    "term_counter",
    "term_finder",
    "terms",
    "tokens",
    "words",
]

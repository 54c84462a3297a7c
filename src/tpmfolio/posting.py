"""Where ``read_posting`` and the posting's words were before the ``tailor`` package; kept so imports keep working."""

from __future__ import annotations

from .tailor.posting import MAX_FILE_BYTES, Keyword, Posting, Requirement, match_requirement, read_posting, skill_keywords
from .tailor.text import GENERIC, STOPWORDS, contains_phrase, stem, stem_set, stems, term_finder, terms, words

__all__ = [
    "GENERIC",
    "MAX_FILE_BYTES",
    "STOPWORDS",
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
    "term_finder",
    "terms",
    "words",
]

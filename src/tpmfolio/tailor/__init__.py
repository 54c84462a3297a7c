"""Tailoring to a job posting: read the posting, rank the entries, map requirements to evidence.

- :mod:`.posting` reads a posting (text, HTML page, JSON Resume job) into requirements;
- :mod:`.text` holds the words, stems and word weights both sides share;
- :mod:`.ranking` scores entries; :mod:`.reasons` explains the scores;
- :mod:`.evidence` maps requirements to evidence and lists what is missing.
"""

from __future__ import annotations

from .evidence import choose, fit, no_match_message, posting_gaps, ranking_json, text_only_notice, unanswered
from .posting import Posting, Requirement, read_posting
from .ranking import SIGNALS, RankedEntry, rank
from .reasons import RequirementMatch, quote

__all__ = [
    "SIGNALS",
    "Posting",
    "RankedEntry",
    "Requirement",
    "RequirementMatch",
    "choose",
    "fit",
    "no_match_message",
    "posting_gaps",
    "quote",
    "rank",
    "ranking_json",
    "read_posting",
    "text_only_notice",
    "unanswered",
]

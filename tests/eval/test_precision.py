"""Precision at 3 of the ranking on the evaluation postings (pure: no full-text scores).

Run with ``pytest -s tests/eval`` to see the figure for each posting.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from tpmfolio.catalog import BUILTIN_KPIS, BUILTIN_SKILLS
from tpmfolio.posting import read_posting
from tpmfolio.tailor import rank

from .portfolio import ENTRIES

HERE = Path(__file__).parent
EXPECTED = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
TODAY = dt.date.fromisoformat(EXPECTED["today"])
MIN_EACH = 2 / 3
MIN_MEAN = 0.8


def precision_at_3(name: str) -> float:
    posting = read_posting(HERE / name)
    top = [r.entry.id for r in rank(ENTRIES, posting, BUILTIN_SKILLS, BUILTIN_KPIS, today=TODAY)[:3]]
    relevant = set(EXPECTED["postings"][name]["relevant"])
    return len(relevant.intersection(top)) / 3


def test_eval_set_covers_four_styles():
    """The evaluation set has a JSON job and text pastes in several styles, each with an answer key."""
    names = list(EXPECTED["postings"])
    assert len(names) >= 4
    assert any(n.endswith(".json") for n in names)
    assert all((HERE / n).is_file() for n in names)
    ids = {e.id for e in ENTRIES}
    assert all(set(spec["relevant"]) <= ids for spec in EXPECTED["postings"].values())


@pytest.mark.parametrize("name", list(EXPECTED["postings"]))
def test_precision_at_3_per_posting(name):
    """At least two of the three best-ranked entries answer the posting."""
    value = precision_at_3(name)
    print(f"\nP@3 {name}: {value:.2f}")
    assert value >= MIN_EACH


def test_mean_precision_at_3():
    """Over the whole set, precision at 3 stays high."""
    values = {name: precision_at_3(name) for name in EXPECTED["postings"]}
    mean = sum(values.values()) / len(values)
    print(f"\nmean P@3 over {len(values)} postings: {mean:.2f}")
    assert mean >= MIN_MEAN

"""The evaluation on real postings: well-formed labels, postings that are read, a floor on the dev half.

The postings, their sources and their graded labels live beside this file;
``benchmarks/eval_tailor.py`` prints every figure for both halves beside the
BM25 and constant baselines. Only the dev half is asserted here: the test
half is reported, never tuned on, so nothing below looks at its rankings.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import yaml

from tpmfolio.catalog import BUILTIN_KPIS, BUILTIN_SKILLS
from tpmfolio.posting import read_posting
from tpmfolio.tailor import rank

from .metrics import HALVES, POSTINGS, load_labels, most_often_relevant, ndcg_at, precision_at, reciprocal_rank, score
from .portfolio import ENTRIES

LABELS = load_labels()
TODAY = dt.date.fromisoformat(LABELS.today)
SOURCES = yaml.safe_load((POSTINGS / "sources.yaml").read_text(encoding="utf-8"))

# Just below what the ranking scores on the dev half (P@3 0.88, nDCG@5 0.82,
# with English word rarity, Porter stems and weighted skill keywords; it was
# 0.76 and 0.73 when the real postings came in): a change that breaks
# ranking fails here.
DEV_FLOOR_P_AT_3 = 0.85
DEV_FLOOR_NDCG_AT_5 = 0.79
# Every posting is read (the German one was refused when it was added).
REFUSED_WHEN_ADDED: frozenset[str] = frozenset()


def ranking(name: str) -> list[int]:
    posting = read_posting(POSTINGS / name)
    ranked = rank(ENTRIES, posting, BUILTIN_SKILLS, BUILTIN_KPIS, today=TODAY)
    return [item.entry.id for item in ranked if item.score > 0 and item.entry.id is not None]


def test_every_posting_file_has_a_label_and_a_source():
    """The folder, the labels and sources.yaml name the same postings, each with an address."""
    files = {name for name in os.listdir(POSTINGS) if name != "sources.yaml"}
    assert files == {p.name for p in LABELS.postings}
    assert files == set(SOURCES)
    assert all(str(spec["url"]).startswith("http") for spec in SOURCES.values())


def test_labels_grade_real_entries():
    """Every label names an entry of the evaluation portfolio with grade 1 or 2, and has a reason."""
    ids = {entry.id for entry in ENTRIES}
    for label in LABELS.postings:
        assert label.grades, label.name
        assert set(label.grades) <= ids, label.name
        assert set(label.grades.values()) <= {1, 2}, label.name
        assert all(label.why[i].strip() for i in label.grades), label.name


def test_halves_are_disjoint_and_large_enough():
    """Dev and test share no posting, hold ten or more each, and only other languages sit outside them."""
    dev, test = ({p.name for p in LABELS.half(h)} for h in HALVES)
    assert not dev & test
    assert len(dev) >= 10 and len(test) >= 10
    outside = [p for p in LABELS.postings if p.half not in HALVES]
    assert all(p.half == "none" and p.language != "en" for p in outside)
    assert all(p.language == "en" for p in LABELS.postings if p.half in HALVES)


def test_both_halves_hold_a_structured_and_a_free_text_posting():
    """The split keeps shapes on both sides: Markdown and bullets in each, and the JSON and HTML files split."""
    for half in HALVES:
        names = [p.name for p in LABELS.half(half)]
        assert any(n.endswith(".md") for n in names), half
        assert any(n.endswith(".txt") for n in names), half
    halves_of = {p.name.rsplit(".", 1)[-1]: p.half for p in LABELS.postings if p.name.endswith((".json", ".html"))}
    assert set(halves_of.values()) == set(HALVES)


@pytest.mark.parametrize("name", sorted(p.name for p in LABELS.postings if p.name not in REFUSED_WHEN_ADDED))
def test_posting_is_read(name: str):
    """A posting the reader managed when it was added is still read, with requirements."""
    assert read_posting(POSTINGS / name).requirements


def test_dev_half_keeps_its_floor():
    """On the dev half, precision@3 and nDCG@5 of the ranking stay above the floor."""
    dev = LABELS.half("dev")
    scores = score({label.name: ranking(label.name) for label in dev}, dev)
    print(f"\ndev half: P@3 {scores.p_at_3:.2f}, MRR {scores.mrr:.2f}, nDCG@5 {scores.ndcg_at_5:.2f}")
    assert scores.p_at_3 >= DEV_FLOOR_P_AT_3
    assert scores.ndcg_at_5 >= DEV_FLOOR_NDCG_AT_5


def test_metrics_on_a_hand_worked_ranking():
    """precision@3, reciprocal rank and nDCG@5 give the values worked out by hand."""
    grades = {7: 2, 3: 1}
    assert precision_at([5, 7, 3], grades) == pytest.approx(2 / 3)
    assert precision_at([7], grades) == pytest.approx(1 / 3)  # empty places are misses
    assert reciprocal_rank([5, 7, 3], grades) == 0.5
    assert reciprocal_rank([5, 6], grades) == 0.0
    assert ndcg_at([7, 3], grades) == pytest.approx(1.0)
    assert ndcg_at([3, 7], grades) == pytest.approx((1 + 3 / 1.5849625) / (3 + 1 / 1.5849625))
    assert score({}, LABELS.half("dev")).p_at_3 == 0.0  # refused everywhere scores 0


def test_constant_baseline_is_counted_on_dev_only():
    """The constant order depends on the dev labels alone."""
    dev = LABELS.half("dev")
    order = most_often_relevant(dev)
    counts = {i: sum(1 for label in dev if i in label.grades) for i in order}
    assert [counts[i] for i in order] == sorted(counts.values(), reverse=True)
    assert set(order) == {i for label in dev for i in label.grades}


def test_signals_switch_off_what_they_leave_out():
    """With only the skills signal, an entry sharing the posting's words but none of its skills scores 0."""
    posting = read_posting(POSTINGS / "foundit-pm-mlops.txt")
    full = rank(ENTRIES, posting, BUILTIN_SKILLS, BUILTIN_KPIS, today=TODAY)
    skills_only = rank(ENTRIES, posting, BUILTIN_SKILLS, BUILTIN_KPIS, today=TODAY, signals=frozenset({"skills"}))
    wanted = set(posting.matched_skills)
    for item in skills_only:
        if not wanted & {s.skill for s in item.entry.skills}:
            assert item.score == 0.0, item.entry.title
    assert [r.entry.id for r in full] != [r.entry.id for r in skills_only]


def test_unknown_signal_is_refused():
    """A signal name outside skills/text/kpis/recency is an error, not silently ignored."""
    posting = read_posting(POSTINGS / "foundit-pm-mlops.txt")
    with pytest.raises(ValueError, match="unknown signals"):
        rank(ENTRIES, posting, BUILTIN_SKILLS, BUILTIN_KPIS, today=TODAY, signals=frozenset({"skill"}))

"""Ranking metrics and the label file, shared by the evaluation tests and ``benchmarks/eval_tailor.py``.

Graded relevance comes from ``labels.yaml``: 2 = an entry the hiring manager
would ask for first, 1 = supporting evidence, unlisted = 0. A ranking is the
list of entry ids a method returns, best first; an entry the method gives no
score to is not part of it, so a posting that is refused, or matches nothing,
scores 0 everywhere.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs
import yaml

HERE = Path(__file__).parent
LABELS = HERE / "labels.yaml"
POSTINGS = HERE / "postings"
HALVES = ("dev", "test")


@attrs.frozen
class Label:
    """What one posting is about and which entries answer it."""

    name: str
    half: str
    language: str
    shape: str
    domain: str
    grades: Mapping[int, int]
    why: Mapping[int, str]

    @property
    def path(self) -> Path:
        return POSTINGS / self.name


@attrs.frozen
class Labels:
    today: str
    postings: tuple[Label, ...]

    def half(self, half: str) -> tuple[Label, ...]:
        """The English postings of one half, in file order."""
        return tuple(p for p in self.postings if p.half == half)


def load_labels(path: Path = LABELS) -> Labels:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    postings = []
    for name, spec in data["postings"].items():
        relevant = spec.get("relevant") or []
        postings.append(
            Label(
                name=name,
                half=spec["half"],
                language=spec.get("language", "en"),
                shape=spec.get("shape", ""),
                domain=spec.get("domain", ""),
                grades={int(r["id"]): int(r["grade"]) for r in relevant},
                why={int(r["id"]): str(r.get("why", "")) for r in relevant},
            )
        )
    return Labels(today=str(data["today"]), postings=tuple(postings))


def precision_at(ranking: Sequence[int], grades: Mapping[int, int], k: int = 3) -> float:
    """Share of the first ``k`` places taken by a relevant entry (an empty place counts as a miss)."""
    return sum(1 for entry_id in ranking[:k] if grades.get(entry_id, 0) > 0) / k


def reciprocal_rank(ranking: Sequence[int], grades: Mapping[int, int]) -> float:
    """1 / the position of the first relevant entry; 0 when none is ranked."""
    for position, entry_id in enumerate(ranking, start=1):
        if grades.get(entry_id, 0) > 0:
            return 1 / position
    return 0.0


def ndcg_at(ranking: Sequence[int], grades: Mapping[int, int], k: int = 5) -> float:
    """Normalised discounted cumulative gain over the first ``k`` places, gain 2^grade - 1."""

    def dcg(gains: Sequence[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(entry_id, 0) for entry_id in ranking]) / ideal if ideal else 0.0


@attrs.frozen
class Scores:
    """Mean metrics of one method over a set of postings."""

    p_at_3: float
    mrr: float
    ndcg_at_5: float
    two_of_three: int  # postings with at least 2 relevant entries in the top 3
    count: int


def score(rankings: Mapping[str, Sequence[int]], labels: Sequence[Label]) -> Scores:
    """Means over ``labels``; a posting missing from ``rankings`` (refused) scores 0."""
    n = len(labels) or 1
    p3 = [precision_at(rankings.get(lab.name, ()), lab.grades) for lab in labels]
    return Scores(
        p_at_3=sum(p3) / n,
        mrr=sum(reciprocal_rank(rankings.get(lab.name, ()), lab.grades) for lab in labels) / n,
        ndcg_at_5=sum(ndcg_at(rankings.get(lab.name, ()), lab.grades) for lab in labels) / n,
        two_of_three=sum(1 for value in p3 if value >= 2 / 3 - 1e-9),
        count=len(labels),
    )


def most_often_relevant(labels: Sequence[Label]) -> list[int]:
    """Entry ids by how many postings list them (then by total grade, then id): the constant baseline."""
    times: Counter[int] = Counter()
    weight: Counter[int] = Counter()
    for label in labels:
        for entry_id, grade in label.grades.items():
            times[entry_id] += 1
            weight[entry_id] += grade
    return sorted(times, key=lambda entry_id: (-times[entry_id], -weight[entry_id], entry_id))

"""How well `tailor` ranks the evaluation portfolio for real postings, beside two baselines.

Reads the postings in ``tests/eval/postings/`` and the graded labels in
``tests/eval/labels.yaml`` (written before any ranking was run), and prints,
for the dev half (tune on it) and the test half (only report it) separately,
precision@3, MRR and nDCG@5 of:

- tpmfolio: ``tailor.rank`` on ``posting.read_posting(path)``, all signals,
  then ablations (skills only, text only, skills + text without the KPI and
  recency boosts);
- BM25: SQLite FTS5 (porter tokenizer) over each entry's text, queried with
  every word of the posting file, independent of tpmfolio's reader;
- constant: the entries most often relevant on the dev labels, same order for
  every posting.

A posting the reader refuses scores 0 for tpmfolio and is listed. Then come
the postings where tpmfolio loses to BM25, and the postings in other
languages on their own line (they are not in the means).

    python benchmarks/eval_tailor.py [--verbose] [--half dev|test]

``--half dev`` prints the dev half only (figures, refusals and losses): what
to run while tuning, so that the test half is never looked at until the
end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "eval"))
from metrics import HALVES, Label, Labels, load_labels, most_often_relevant, ndcg_at, precision_at, score  # noqa: E402
from portfolio import ENTRIES  # noqa: E402

from tpmfolio.catalog import BUILTIN_KPIS, BUILTIN_SKILLS  # noqa: E402
from tpmfolio.errors import PostingError  # noqa: E402
from tpmfolio.posting import read_posting  # noqa: E402
from tpmfolio.tailor import rank  # noqa: E402

Ranking = list[int]
ABLATIONS: dict[str, frozenset[str] | None] = {
    "tpmfolio": None,
    "  skills only": frozenset({"skills"}),
    "  text only": frozenset({"text"}),
    "  skills+text": frozenset({"skills", "text"}),
    "  no KPIs": frozenset({"skills", "text", "recency"}),
    "  no recency": frozenset({"skills", "text", "kpis"}),
}
ENTRY_FIELDS = ("title", "summary", "situation", "task", "action", "result")


# --- baseline: plain FTS5 BM25 ------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def posting_words(path: Path) -> list[str]:
    """Every word of the file as a person would read it: JSON string values, HTML text (JSON-LD included)."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        raw = " ".join(_strings(json.loads(raw)))
    elif path.suffix == ".html":
        parser = _Text()
        parser.feed(raw)
        raw = " ".join(parser.parts)
    return re.findall(r"\w+", raw.lower())


def bm25_ranking(db: sqlite3.Connection, words: Sequence[str]) -> Ranking:
    query = " OR ".join(f'"{w}"' for w in dict.fromkeys(words))
    if not query:
        return []
    rows = db.execute("SELECT rowid FROM entry WHERE entry MATCH ? ORDER BY bm25(entry), rowid", (query,))
    return [row[0] for row in rows]


def bm25_index() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE entry USING fts5({', '.join(ENTRY_FIELDS)}, tokenize='porter')")
    for e in ENTRIES:
        db.execute(
            f"INSERT INTO entry(rowid, {', '.join(ENTRY_FIELDS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (e.id, *(getattr(e, f) or "" for f in ENTRY_FIELDS)),
        )
    return db


# --- tpmfolio ---------------------------------------------------------------------------


def tpmfolio_ranking(posting: Any, today: dt.date, signals: frozenset[str] | None) -> Ranking:
    ranked = rank(ENTRIES, posting, BUILTIN_SKILLS, BUILTIN_KPIS, today=today, signals=signals)
    return [item.entry.id for item in ranked if item.score > 0 and item.entry.id is not None]


# --- report -----------------------------------------------------------------------------


def table(title: str, methods: dict[str, dict[str, Ranking]], labels: Sequence[Label]) -> list[str]:
    lines = [f"{title} ({len(labels)} postings)", f"  {'method':<16}{'P@3':>7}{'MRR':>7}{'nDCG@5':>8}{'≥2 of 3':>9}"]
    for name, rankings in methods.items():
        s = score(rankings, labels)
        lines.append(f"  {name:<16}{s.p_at_3:>7.2f}{s.mrr:>7.2f}{s.ndcg_at_5:>8.2f}{s.two_of_three:>5}/{s.count}")
    return lines


def run(labels: Labels, verbose: bool, emit: Callable[[str], None], halves: Sequence[str] = HALVES) -> None:
    today = dt.date.fromisoformat(labels.today)
    english = [p for p in labels.postings if p.half in halves]
    other = [p for p in labels.postings if p.half not in HALVES]
    db = bm25_index()
    constant = most_often_relevant(labels.half("dev"))

    methods: dict[str, dict[str, Ranking]] = {name: {} for name in ABLATIONS}
    methods["BM25 (FTS5)"] = {}
    methods["constant"] = {}
    refused: dict[str, str] = {}
    for label in english + other:
        try:
            posting = read_posting(label.path)
        except PostingError as error:
            refused[label.name] = str(error)
        else:
            for name, signals in ABLATIONS.items():
                methods[name][label.name] = tpmfolio_ranking(posting, today, signals)
        methods["BM25 (FTS5)"][label.name] = bm25_ranking(db, posting_words(label.path))
        methods["constant"][label.name] = constant

    emit(f"Evaluation portfolio: {len(ENTRIES)} entries; today = {labels.today}; constant order (dev) = {constant[:5]}")
    for half in halves:
        emit("")
        for line in table(f"{half} half", methods, labels.half(half)):
            emit(line)

    emit("")
    shown = {p.name for p in english + other}
    refused = {name: message for name, message in refused.items() if name in shown}
    emit(f"refused by the reader ({len(refused)}; scored 0): " + (", ".join(sorted(refused)) or "none"))
    for name, message in sorted(refused.items()):
        emit(f"  {name}: {message}")

    tpm, bm25 = methods["tpmfolio"], methods["BM25 (FTS5)"]
    emit("")
    emit("where tpmfolio loses to BM25 (P@3, then nDCG@5), with each method's top 3:")
    losses = 0
    for label in english:
        mine, theirs = tpm.get(label.name, []), bm25[label.name]
        key_mine = (precision_at(mine, label.grades), ndcg_at(mine, label.grades))
        key_theirs = (precision_at(theirs, label.grades), ndcg_at(theirs, label.grades))
        if key_mine < key_theirs or verbose:
            losses += key_mine < key_theirs
            mark = "LOSS" if key_mine < key_theirs else "    "
            emit(
                f"  {mark} {label.half:<4} {label.name:<42} P@3 {key_mine[0]:.2f} vs {key_theirs[0]:.2f}"
                f"  nDCG@5 {key_mine[1]:.2f} vs {key_theirs[1]:.2f}  top3 {mine[:3]} vs {theirs[:3]}"
                f"  relevant {sorted(label.grades, key=lambda i: (-label.grades[i], i))}"
            )
    emit(f"  {losses} of {len(english)} postings")

    for label in other:
        mine, theirs = tpm.get(label.name, []), bm25[label.name]
        emit("")
        emit(
            f"{label.language} (not in the means) {label.name}: tpmfolio P@3 {precision_at(mine, label.grades):.2f}"
            f" nDCG@5 {ndcg_at(mine, label.grades):.2f}; BM25 P@3 {precision_at(theirs, label.grades):.2f}"
            f" nDCG@5 {ndcg_at(theirs, label.grades):.2f}" + ("; refused" if label.name in refused else "")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every posting, not only the losses")
    parser.add_argument("--quick", action="store_true", help="accepted for symmetry with the other benchmarks")
    parser.add_argument("--half", choices=HALVES, help="only this half (tune with --half dev; report the test half once)")
    args = parser.parse_args()
    start = time.perf_counter()
    run(load_labels(), args.verbose, print, halves=(args.half,) if args.half else HALVES)
    print(f"\n(ran in {time.perf_counter() - start:.2f} s)")


if __name__ == "__main__":
    main()

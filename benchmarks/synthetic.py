"""Synthetic portfolios of any size for the benchmarks.

Deterministic (seeded) so runs compare; text varied enough that full-text
search and ranking do real work, with a known share mentioning onboarding.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tpmfolio import Entry, KpiResult, Measurement, Portfolio, Testimonial, store
from tpmfolio.catalog import BUILTIN_SKILLS

VERBS = ["Led", "Rebuilt", "Launched", "Migrated", "Scaled", "Designed", "Negotiated", "Simplified", "Automated"]
THINGS = [
    "checkout flow", "onboarding funnel", "billing platform", "search ranking", "mobile release train",
    "data pipeline", "partner API", "pricing page", "support tooling", "observability stack",
    "identity service", "analytics dashboard", "recommendation engine", "customer portal",
]
WORDS = (
    "customer research stakeholders roadmap revenue adoption retention latency reliability migration "
    "experiment hypothesis pricing churn segment interviews dashboard rollout incident escalation budget "
    "vendor contract compliance security mobile web platform partner launch metrics alignment"
).split()
KINDS = ["project", "tpm-task", "cross-functional", "volunteer", "course", "certification", "mentorship", "conversation", "talk"]
KPIS = [
    ("adoption-rate", "{}%"), ("revenue", "${}k"), ("cost-savings", "${}k"), ("retention", "{}%"),
    ("cycle-time", "{} days"), ("defect-rate", "{}%"), ("on-time-delivery", "{}%"),
]
SKILLS = [s.slug for s in BUILTIN_SKILLS]


def make_entry(rng: random.Random, n: int, *, measurements: bool = False) -> Entry:
    year = rng.randint(2015, 2026)
    month = rng.randint(1, 12)
    sentence = lambda k: " ".join(rng.choice(WORDS) for _ in range(k)).capitalize() + "."  # noqa: E731
    kpis = []
    for slug, shape in rng.sample(KPIS, rng.randint(0, 2)):
        baseline = rng.randint(5, 40)
        kpis.append(KpiResult(slug, shape.format(baseline + rng.randint(1, 30)), baseline=shape.format(baseline)))
    series = []
    if measurements and kpis:
        slug, value = kpis[0].kpi, kpis[0].baseline
        for step in range(6):
            series.append(Measurement(slug, f"{year}-{(month + step - 1) % 12 + 1:02d}", value))
    return Entry(
        title=f"{rng.choice(VERBS)} the {rng.choice(THINGS)} #{n}",
        kind=rng.choice(KINDS),
        started=f"{year}-{month:02d}",
        organization=rng.choice(["Acme", "Globex", "Initech", "Umbrella", "Hooli"]),
        summary=sentence(14),
        situation=sentence(20),
        task=sentence(12),
        action=sentence(30),
        result=sentence(15),
        skills=[f"{slug}:{rng.randint(1, 3)}" for slug in rng.sample(SKILLS, rng.randint(1, 4))],
        kpis=kpis,
        measurements=series,
        tags=rng.sample(["q1", "q2", "q3", "q4", "launch", "platform", "growth"], 2),
        testimonials=[Testimonial("Clear, calm and data-driven.", "A. Reviewer", "Director")] if n % 7 == 0 else [],
    )


def entries(count: int, seed: int = 7, *, measurements: bool = False) -> Iterator[Entry]:
    rng = random.Random(seed)
    for n in range(count):
        yield make_entry(rng, n, measurements=measurements)


def build_db(path: Path, count: int, seed: int = 7) -> Path:
    """A portfolio file with ``count`` entries, written in one transaction for speed."""
    with Portfolio.open(path) as folio:
        with store.write_transaction(folio.db):
            for entry in entries(count, seed):
                store.insert_entry(folio.db, entry)
    return path


TPMFOLIO = [sys.executable, "-m", "tpmfolio"]

# Timed processes run the way an installed tpmfolio does: with its bytecode
# cached. Under PYTHONDONTWRITEBYTECODE every run would compile the package's
# source again, which no user's start-up pays. The cache goes to a directory
# of its own so the source tree stays untouched.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "tpmfolio-bench-pycache")


def run(command: list[str], *, stdout: int | None = subprocess.DEVNULL) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout, stdin=subprocess.DEVNULL, env=CHILD_ENV)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    return elapsed, usage.ru_maxrss


def median_run(command: list[str], runs: int) -> tuple[float, int]:
    """Median wall seconds over ``runs`` runs after one warm-up, and the highest peak memory seen."""
    run(command)
    results = [run(command) for _ in range(max(runs, 1))]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)

"""How fast `tpmfolio tailor` and `tpmfolio gaps` are on large portfolios, as whole processes.

Prints the median of repeated runs made in one go, with the target next to
each figure.

    python benchmarks/bench_analysis.py [--runs 5] [--tailor-entries 10000] [--gaps-entries 100000] [--keep DIR]

``--keep DIR`` builds the databases in DIR once and reuses them on later runs.
``--baseline-src DIR`` (the ``src`` folder of another checkout, e.g. from
``git archive main src | tar -x -C /tmp/main``) times the same commands with
that code in the same run, the two turn about, and prints the ratios: on a
shared machine only ratios compare. Each line gives the median wall time and the median CPU
time (user + system) of the whole process; on a busy machine the CPU time
is what the process itself costs, the wall time adds the wait for a core.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import CHILD_ENV, TPMFOLIO, build_db  # noqa: E402

POSTING = """Senior Technical Program Manager, Growth Platform
Acme Corp

About the role
We are looking for a Technical Program Manager to lead cross-functional programs across our growth platform.

Responsibilities
- Lead customer research and turn interviews into a roadmap that moves adoption and retention
- Own the onboarding funnel experiments: hypothesis, rollout, metrics and pricing decisions
- Align stakeholders across engineering, design and sales on launch plans and budget
- Track revenue impact and report to executives

Qualifications
- 5+ years in engineering or program management on web and mobile platforms
- Experience with agile delivery, incident escalation and reliability work
- Strong communication and data-driven decision making
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tailor-entries", type=int, default=10_000)
    parser.add_argument("--gaps-entries", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the databases here once and reuse them")
    parser.add_argument("--baseline-src", type=Path, help="the src folder of a checkout to compare with, in the same run")
    parser.add_argument("--quick", action="store_true", help="200 entries and one run: a smoke test, not a measurement")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.tailor_entries, args.gaps_entries = 1, 200, 200

    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        posting = Path(tmp) / "posting.txt"
        posting.write_text(POSTING, encoding="utf-8")
        small = Path(tmp) / f"tailor-{args.tailor_entries}.db"
        big = Path(tmp) / f"gaps-{args.gaps_entries}.db"
        for path, count in ((small, args.tailor_entries), (big, args.gaps_entries)):
            if path.exists():
                continue
            start = time.perf_counter()
            build_db(path, count)
            print(f"built {count:,} entries in {time.perf_counter() - start:.1f} s")

        commands = [
            (f"tailor ({args.tailor_entries:,} entries)", ["--db", str(small), "tailor", str(posting)], 1.0),
            (f"gaps ({args.gaps_entries:,} entries)", ["--db", str(big), "gaps"], 2.0),
            (f"gaps --for ({args.gaps_entries:,} entries)", ["--db", str(big), "gaps", "--for", str(posting)], 2.0),
        ]
        for label, command, target in commands:
            versions = [[*TPMFOLIO, *command]]
            if args.baseline_src:
                versions.append([*_baseline(args.baseline_src), *command])
            (wall, cpu, rss), *baseline = _median_runs(versions, args.runs)
            line = f"{label:<30} median wall {wall:5.2f} s, cpu {cpu:5.2f} s  (target < {target:.0f} s)  peak {rss / 1024:.0f} MB"
            if baseline:
                base_wall, base_cpu, _ = baseline[0]
                line += (
                    f"  | baseline wall {base_wall:5.2f} s, cpu {base_cpu:5.2f} s"
                    f"  ratio wall {wall / base_wall:4.2f}, cpu {cpu / base_cpu:4.2f}"
                )
            print(line, flush=True)


def _run(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak memory (KiB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=CHILD_ENV)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), command)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def _median_runs(commands: list[list[str]], runs: int) -> list[tuple[float, float, int]]:
    """For each command: medians of wall and CPU seconds over ``runs`` runs, and the highest peak memory.

    The commands run turn about, after one warm-up round, so a change in the
    machine's load falls on all of them alike.
    """
    for command in commands:
        _run(command)
    results: list[list[tuple[float, float, int]]] = [[] for _ in commands]
    for _ in range(max(runs, 1)):
        for command, timings in zip(commands, results):
            timings.append(_run(command))
    return [
        (statistics.median(r[0] for r in timings), statistics.median(r[1] for r in timings), max(r[2] for r in timings))
        for timings in results
    ]


def _baseline(src: Path) -> list[str]:
    """tpmfolio from another checkout's source folder, ahead of the installed one."""
    code = f"import runpy, sys; sys.path.insert(0, {str(src.resolve())!r}); runpy.run_module('tpmfolio', run_name='__main__')"
    return [sys.executable, "-c", code]

if __name__ == "__main__":
    main()

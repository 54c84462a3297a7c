"""How fast `tpmfolio add`, `list` and `search` are, as whole processes.

Prints medians over repeated runs made in one go, and ratios against a
baseline run alternately in the same loop (Python importing click, attrs and
sqlite-utils, which every tpmfolio command must pay anyway).

    python benchmarks/bench_add.py [--runs 15] [--entries 100000]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import CHILD_ENV, TPMFOLIO, build_db  # noqa: E402

BASELINE = [sys.executable, "-c", "import click, attrs, sqlite_utils"]
ADD_ARGS = ["add", "Checkout redesign", "--skill", "customer-focus:3", "--skill", "team-leadership:2",
            "--kpi", "adoption-rate=34% baseline=10% target=30%"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=CHILD_ENV)
    return time.perf_counter() - start


def alternate(first: list[str], second: list[str], runs: int) -> tuple[float, float]:
    """Median times of two commands run turn about, so both see the same machine load."""
    a, b = [], []
    timed(first), timed(second)  # warm the page cache and .pyc files
    for _ in range(runs):
        a.append(timed(first))
        b.append(timed(second))
    return statistics.median(a), statistics.median(b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="200 entries and one run: a smoke test, not a measurement")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.entries = 1, 200

    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.db"
        big = Path(tmp) / "big.db"
        subprocess.run([*TPMFOLIO, "--db", str(empty), "init"], check=True, stdout=subprocess.DEVNULL, env=CHILD_ENV)
        start = time.perf_counter()
        build_db(big, args.entries)
        print(f"built {args.entries:,} entries in {time.perf_counter() - start:.1f} s")

        add_empty, baseline = alternate([*TPMFOLIO, "--db", str(empty), *ADD_ARGS], BASELINE, args.runs)
        print(f"add (empty file):        median {add_empty * 1000:7.1f} ms")
        print(f"baseline imports:        median {baseline * 1000:7.1f} ms")
        print(f"  ratio add/baseline:    {add_empty / baseline:.2f}   (target <= 1.25)")

        add_big, add_empty2 = alternate([*TPMFOLIO, "--db", str(big), *ADD_ARGS], [*TPMFOLIO, "--db", str(empty), *ADD_ARGS], args.runs)
        print(f"add ({args.entries:,} entries): median {add_big * 1000:7.1f} ms")
        print(f"  ratio big/empty:       {add_big / add_empty2:.2f}   (target <= 1.10)")

        list_cmd = [*TPMFOLIO, "--db", str(big), "list", "--skill", "customer-focus", "--limit", "20"]
        search_cmd = [*TPMFOLIO, "--db", str(big), "search", "onboarding"]
        list_time, search_time = alternate(list_cmd, search_cmd, args.runs)
        print(f"list --skill --limit 20: median {list_time * 1000:7.1f} ms   (target < 300 ms)")
        print(f"search onboarding:       median {search_time * 1000:7.1f} ms   (target < 300 ms)")


if __name__ == "__main__":
    main()

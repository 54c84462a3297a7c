"""How fast `tpmfolio tailor` and `tpmfolio gaps` are on large portfolios, as whole processes.

Prints the median of repeated runs made in one go, with the target next to
each figure.

    python benchmarks/bench_analysis.py [--runs 5] [--tailor-entries 10000] [--gaps-entries 100000] [--keep DIR]

``--keep DIR`` builds the databases in DIR once and reuses them on later runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import TPMFOLIO, build_db, median_run  # noqa: E402

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

        tailor, tailor_rss = median_run([*TPMFOLIO, "--db", str(small), "tailor", str(posting)], args.runs)
        print(f"tailor ({args.tailor_entries:,} entries): median {tailor:6.2f} s   (target < 1 s)"
              f"   peak memory {tailor_rss / 1024:.0f} MB")
        gaps, gaps_rss = median_run([*TPMFOLIO, "--db", str(big), "gaps"], args.runs)
        print(f"gaps ({args.gaps_entries:,} entries):   median {gaps:6.2f} s   (target < 2 s)"
              f"   peak memory {gaps_rss / 1024:.0f} MB")
        gaps_for, gaps_for_rss = median_run([*TPMFOLIO, "--db", str(big), "gaps", "--for", str(posting)], args.runs)
        print(f"gaps --for ({args.gaps_entries:,} entries): median {gaps_for:6.2f} s   (target < 2 s)"
              f"   peak memory {gaps_for_rss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

"""How fast `tpmfolio export` and `tpmfolio import` move a large portfolio, as whole processes.

Exports a synthetic portfolio to YAML and JSON, then imports each file into
an empty database; prints median times and peak memory with the targets.

    python benchmarks/bench_interchange.py [--runs 3] [--entries 10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import TPMFOLIO, build_db, run  # noqa: E402

TARGET_SECONDS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="200 entries and one run: a smoke test, not a measurement")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.entries = 1, 200

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "source.db"
        start = time.perf_counter()
        build_db(source, args.entries)
        print(f"built {args.entries:,} entries in {time.perf_counter() - start:.1f} s")

        for format in ("yaml", "json"):
            document = folder / f"portfolio.{format}"
            export = [*TPMFOLIO, "--db", str(source), "export", "-o", str(document)]
            times, peak = [], 0
            for _ in range(args.runs):
                seconds, rss = run(export)
                times.append(seconds)
                peak = max(peak, rss)
            _report(f"export {format}", times, peak, document.stat().st_size)

            times, peak = [], 0
            for attempt in range(args.runs):
                target = folder / f"import-{format}-{attempt}.db"  # empty every time
                seconds, rss = run([*TPMFOLIO, "--db", str(target), "import", str(document)])
                times.append(seconds)
                peak = max(peak, rss)
            _report(f"import {format}", times, peak)


def _report(label: str, times: list[float], peak_kib: int, size: int | None = None) -> None:
    times.sort()
    median = times[len(times) // 2]
    extra = f"   file {size / 1e6:.1f} MB" if size is not None else ""
    print(f"{label + ':':13s} median {median:6.2f} s   (target < {TARGET_SECONDS:.0f} s)"
          f"   peak memory {peak_kib / 1024:.0f} MB{extra}")


if __name__ == "__main__":
    main()

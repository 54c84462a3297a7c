"""How fast `tpmfolio render` is, and how much memory it takes, as whole processes.

Rendering is mostly WeasyPrint laying out pages, so the yardstick is the
WeasyPrint command line rendering the very HTML tpmfolio lays out (written
with `tpmfolio render --html`). The two run turn about in one loop, so both
see the same machine load, and the ratio of their medians is what tpmfolio
adds: reading the database, building the context, the template, the
restricted fetcher and its own imports. Both write the same PDF variant
(tpmfolio's default, tagged PDF/UA-1, unless --variant says otherwise), since
tagging is a good part of WeasyPrint's work.

    python benchmarks/bench_render.py [--runs 7] [--large-runs 3] [--variant pdf/ua-1] [--quick]

A full run takes about ten minutes on two cores; --quick is a smoke run on
small portfolios whose figures are not comparable with the targets.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import CHILD_ENV, entries  # noqa: E402

from tpmfolio import Portfolio, store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "portfolio.yaml"
BIN = Path(sys.executable).parent


def console_script(name: str) -> list[str]:
    """The installed command next to this interpreter, as a user would run it."""
    script = BIN / name
    return [str(script)] if script.exists() else [sys.executable, "-m", name]


TPMFOLIO = console_script("tpmfolio")
WEASYPRINT = console_script("weasyprint")
PAGES = re.compile(r"\((\d+) pages?,")
TARGET = 1.10


def build_portfolio(path: Path, count: int) -> Path:
    """A synthetic portfolio whose entries with KPIs also have measurements, so charts are drawn."""
    with Portfolio.open(path) as folio:
        with store.write_transaction(folio.db):
            for entry in entries(count, measurements=True):
                store.insert_entry(folio.db, entry)
    return path


@dataclasses.dataclass
class Timing:
    """Wall and CPU (user + system) seconds and peak resident memory (bytes) of one whole process."""

    wall: float
    cpu: float
    peak: int = 0


def run(command: list[str]) -> tuple[Timing, str]:
    """Time one child process as a user's shell would run it (bytecode cached, see ``CHILD_ENV``).

    ``os.wait4`` gives the rusage of that child alone, so its CPU time is
    what the process itself cost, whatever else the machine was doing.
    """
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, env=CHILD_ENV)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit code {child.returncode}: {output.strip()}")
    return Timing(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024), output  # ru_maxrss is in KiB


def alternate(first: list[str], second: list[str], runs: int, *, warm: bool = True) -> tuple[Timing, Timing]:
    """Median timings of two commands run turn about; a first, untimed round warms caches."""
    if warm:
        run(first), run(second)
    a, b = [], []
    for _ in range(runs):
        a.append(run(first)[0])
        b.append(run(second)[0])
    return _median(a), _median(b)


def _median(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings))


def pages_in(output: str) -> int:
    match = PAGES.search(output)
    if not match:
        raise SystemExit(f"no page count in the render's output: {output!r}")
    return int(match[1])


def compare(label: str, db: Path, tmp: Path, runs: int, *, variant: str, quick: bool) -> None:
    """Print the render time of ``db`` against WeasyPrint rendering the same HTML to the same variant."""
    html = tmp / f"{db.stem}.html"
    ours_command = [*TPMFOLIO, "--db", str(db), "render", "--pdf-variant", variant]
    _, output = run([*ours_command, "-o", str(tmp / f"{db.stem}-first.pdf"), "--html", str(html)])
    pages = pages_in(output)
    theirs_variant = [] if variant == "none" else ["--pdf-variant", variant]
    ours, theirs = alternate(
        [*ours_command, "-o", str(tmp / f"{db.stem}-ours.pdf")],
        [*WEASYPRINT, *theirs_variant, str(html), str(tmp / f"{db.stem}-weasyprint.pdf")],
        runs,
        warm=not quick,
    )
    print(f"{label} ({pages} pages, {variant}), median of {runs}:")
    note = "; quick run" if quick else ""
    print(f"  tpmfolio render:       {ours.wall:7.2f} s wall  {ours.cpu:7.2f} s CPU   {pages / ours.wall:5.1f} pages/s")
    print(f"  weasyprint same HTML:  {theirs.wall:7.2f} s wall  {theirs.cpu:7.2f} s CPU")
    print(f"  ratio render/weasyprint: {ours.wall / theirs.wall:.2f} wall, {ours.cpu / theirs.cpu:.2f} CPU   (target <= {TARGET:.2f}{note})")
    with Portfolio.open(db) as folio:
        folio.render_html()  # the first call pays for importing Jinja2, which the process time above includes
        start = time.perf_counter()
        folio.render_html()
        stage = time.perf_counter() - start
    print(f"  of which context + template (in process): {stage * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of the example (default 7)")
    parser.add_argument("--large-runs", type=int, default=3, help="runs of the 200-entry portfolio (default 3)")
    parser.add_argument("--variant", default="pdf/ua-1", help="PDF variant both write (default pdf/ua-1, as tpmfolio)")
    parser.add_argument("--no-memory", action="store_true", help="skip the 1000-entry memory run")
    parser.add_argument("--quick", action="store_true", help="one run each on small portfolios: a smoke test")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # each figure as soon as it is known: a full run is long
    runs, large_runs = (1, 1) if args.quick else (args.runs, args.large_runs)
    large, huge = (10, 20) if args.quick else (200, 1000)

    with tempfile.TemporaryDirectory(prefix="tpmfolio-bench-") as folder:
        tmp = Path(folder)
        example = tmp / "example.db"
        subprocess.run([*TPMFOLIO, "--db", str(example), "import", str(EXAMPLE)], check=True, capture_output=True)
        start = time.perf_counter()
        build_portfolio(tmp / f"synthetic-{large}.db", large)
        if not args.no_memory:
            build_portfolio(tmp / f"synthetic-{huge}.db", huge)
        print(f"built synthetic portfolios of {large}{'' if args.no_memory else f' and {huge}'} entries in {time.perf_counter() - start:.1f} s")

        compare("example", example, tmp, runs, variant=args.variant, quick=args.quick)
        compare(f"{large} entries with charts", tmp / f"synthetic-{large}.db", tmp, large_runs, variant=args.variant, quick=args.quick)
        if args.no_memory:
            return

        timing, output = run([*TPMFOLIO, "--db", str(tmp / f"synthetic-{huge}.db"), "render", "-o", str(tmp / "huge.pdf")])
        pages = pages_in(output)
        print(f"{huge} entries with charts ({pages} pages), one run:")
        print(f"  peak memory:  {timing.peak / 2**20:7.0f} MiB   (target < 1024 MiB{'; quick run' if args.quick else ''})")
        print(f"  time:         {timing.wall:7.1f} s   {pages / timing.wall:5.1f} pages/s")


if __name__ == "__main__":
    main()

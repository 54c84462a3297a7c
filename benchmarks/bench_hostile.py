"""How fast and in how little memory hostile files are refused, as whole processes.

Each file is handed to the command a person would use (`import`, `tailor`,
`gaps --for`); the process must exit 1 with one line. Prints the median wall
time and the peak memory of each, against a baseline in the same run: the
import of the bundled demo portfolio (15 entries) into an empty database.
Targets: every refusal under 1 s and 100 MB.

    python benchmarks/bench_hostile.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import CHILD_ENV, TPMFOLIO  # noqa: E402

DEMO = Path(__file__).parents[1] / "src" / "tpmfolio" / "demo" / "portfolio.yaml"
TARGET_SECONDS, TARGET_MB = 1.0, 100


def hostile_files(folder: Path) -> dict[str, tuple[list[str], Path]]:
    laughs = "# nested aliases, 9^9 values ...\n" + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    laughs += "".join(f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))
    deep = "[" * 100_000 + "]" * 100_000
    files = {
        "laughs.yaml": laughs,
        "deep.json": deep,
        "deep.yaml": "- " * 100_000 + "x\n",
        "deep-job.json": '{"title": "TPM", "responsibilities": ' + deep + "}",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    big = folder / "big.json"
    with big.open("wb") as stream:
        stream.truncate(60 * 1024 * 1024)
    return {
        "import 375-byte alias bomb": (["import"], folder / "laughs.yaml"),
        "import 100,000-deep JSON": (["import"], folder / "deep.json"),
        "import 100,000-deep YAML": (["import"], folder / "deep.yaml"),
        "import 60 MB file": (["import"], big),
        "tailor 100,000-deep job": (["tailor"], folder / "deep-job.json"),
        "gaps --for 100,000-deep job": (["gaps", "--for"], folder / "deep-job.json"),
    }


def run(command: list[str], expect: int) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one process that must exit with ``expect``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if code != expect or (expect and (len(errors.strip().splitlines()) != 1 or "Traceback" in errors)):
        raise SystemExit(f"{command}: exit {code}, expected {expect}:\n{errors}")
    return elapsed, usage.ru_maxrss


def median(command: list[str], expect: int, runs: int, fresh_db) -> tuple[float, int]:
    times, peak = [], 0
    for _ in range(runs):
        seconds, rss = run([*TPMFOLIO, "--db", str(fresh_db()), *command], expect)
        times.append(seconds)
        peak = max(peak, rss)
    times.sort()
    return times[len(times) // 2], peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one run: a smoke test, not a measurement")
    args = parser.parse_args()
    if args.quick:
        args.runs = 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        counter = iter(range(1_000_000))

        def fresh_db() -> Path:
            return folder / f"db-{next(counter)}.db"

        base_seconds, base_rss = median(["import", str(DEMO)], 0, args.runs, fresh_db)
        print(f"{'baseline: import demo (15 entries)':40s} median {base_seconds:5.2f} s   peak {base_rss / 1024:4.0f} MB")
        for label, (command, path) in hostile_files(folder).items():
            seconds, rss = median([*command, str(path)], 1, args.runs, fresh_db)
            ok = "ok" if seconds < TARGET_SECONDS and rss / 1024 < TARGET_MB else "OVER TARGET"
            print(
                f"{label:40s} median {seconds:5.2f} s   peak {rss / 1024:4.0f} MB   "
                f"ratio {seconds / base_seconds:4.2f}x baseline   (target < {TARGET_SECONDS:g} s, < {TARGET_MB} MB) {ok}"
            )


if __name__ == "__main__":
    main()

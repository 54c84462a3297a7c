"""What rendering in another language costs: the demo in each shipped language against English.

Each run is a whole `tpmfolio demo --lang L` process, the languages taking
turns in one loop so that all see the same machine load; the ratio of each
language's median to English's is what its catalog, Babel's locale data and
its longer words add. A second figure times the language alone in-process:
loading the catalog and the locale and formatting a date, a change and a
percentage, as a render does once.

    python benchmarks/bench_languages.py [--runs 5] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
TPMFOLIO = [str(BIN / "tpmfolio")] if (BIN / "tpmfolio").exists() else [sys.executable, "-m", "tpmfolio"]
LANGUAGES = ("en", "de", "fr", "es")


def demo_seconds(lang: str, folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*TPMFOLIO, "--db", str(folder / "unused.db"), "demo", "-o", str(folder / f"{lang}.pdf"), "--lang", lang],
        check=True, capture_output=True, stdin=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def language_load_ms(lang: str) -> float:
    """A fresh interpreter with tpmfolio.render imported: Babel, the catalog and locale, what a render formats."""
    code = (
        "import time, datetime as dt; from decimal import Decimal; import tpmfolio.render\n"
        "t = time.perf_counter()\n"
        "from tpmfolio.render.language import language\n"
        f"l = language({lang!r}); l.date(dt.date(2024, 3, 5), 'day'); l.percent(0.42); l.derived(Decimal(-40000), 'USD')\n"
        "l.gettext('At a glance')\n"
        "print((time.perf_counter() - t) * 1000)"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one run each: a smoke test, figures not comparable")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    times: dict[str, list[float]] = {lang: [] for lang in LANGUAGES}
    loads: dict[str, list[float]] = {lang: [] for lang in LANGUAGES}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            for lang in LANGUAGES:
                times[lang].append(demo_seconds(lang, Path(folder)))
                loads[lang].append(language_load_ms(lang))
    base = statistics.median(times["en"])
    print(f"demo render, median of {runs} (baseline: en)")
    for lang in LANGUAGES:
        median = statistics.median(times[lang])
        print(f"  demo --lang {lang}: {median:.2f} s   ratio {lang}/en {median / base:.2f}   language load {statistics.median(loads[lang]):.0f} ms")


if __name__ == "__main__":
    main()

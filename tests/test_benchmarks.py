"""The benchmark scripts still run: tiny sizes, one run, no timing asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


@pytest.mark.parametrize(
    ("script", "labels"),
    [
        ("bench_add.py", ["ratio add/baseline", "ratio big/empty", "list --skill --limit 20", "search onboarding"]),
        ("bench_analysis.py", ["tailor (200 entries)", "gaps (200 entries)", "target < 1 s", "target < 2 s"]),
        ("bench_interchange.py", ["export yaml:", "import yaml:", "export json:", "import json:", "peak memory"]),
        ("bench_hostile.py", ["baseline: import demo", "import 375-byte alias bomb", "gaps --for 100,000-deep job"]),
    ],
)
def test_benchmark_script_runs(script: str, labels: list[str]) -> None:
    """Each benchmark runs end to end on a tiny portfolio and prints every figure's label."""
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--quick"], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    for label in labels:
        assert label in result.stdout, result.stdout

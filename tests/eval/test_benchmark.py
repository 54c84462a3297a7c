"""The evaluation benchmark runs end to end and prints every figure's label."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parent.parent.parent / "benchmarks" / "eval_tailor.py"


def test_eval_benchmark_prints_both_halves_and_baselines():
    """Both halves, the ablations, both baselines, the refused list and the losses to BM25 are printed."""
    result = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for label in ("dev half", "test half", "skills only", "text only", "BM25 (FTS5)", "constant",
                  "refused by the reader", "where tpmfolio loses to BM25", "(not in the means)"):
        assert label in result.stdout, result.stdout

"""The example scripts run as a reader would run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_build_portfolio_renders_a_pdf(tmp_path: Path):
    """examples/build_portfolio.py builds a portfolio, prints its gaps and writes a readable PDF."""
    output = tmp_path / "out" / "example.pdf"
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "build_portfolio.py"), str(output)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert 0 == result.returncode, result.stderr
    assert "Business impact:" in result.stdout
    assert "Acquire business skills" in result.stdout
    assert output.exists()
    text = "\n".join(page.extract_text() or "" for page in PdfReader(output).pages)
    assert "Dana Whitfield" in text
    assert "Self-serve shipment tracking for SMB customers" in text
    assert not (tmp_path / "portfolio.db").exists()  # the default database is temporary

"""The docs tell the truth: the CLI reference is current, links resolve, the Python examples run."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import click
import pytest

from tpmfolio.cli import cli

DOCS = Path(__file__).resolve().parent.parent / "docs"
GENERATOR = DOCS / "generate_cli_reference.py"
REFERENCE = DOCS / "cli-reference.md"

FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _generator():
    spec = importlib.util.spec_from_file_location("generate_cli_reference", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _command_paths(command: click.Command, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    paths = [path]
    if isinstance(command, click.Group):
        ctx = click.Context(command, info_name=path[-1])
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                paths.extend(_command_paths(sub, (*path, name)))
    return paths


def test_cli_reference_is_current():
    """docs/cli-reference.md is exactly what the generator writes from today's --help."""
    expected = _generator().render_reference()
    assert expected == REFERENCE.read_text(encoding="utf-8"), (
        "docs/cli-reference.md is out of date; run: python docs/generate_cli_reference.py"
    )


def test_generator_check_mode_passes(monkeypatch: pytest.MonkeyPatch):
    """`generate_cli_reference.py --check` exits 0 and leaves the file alone."""
    before = REFERENCE.read_bytes()
    monkeypatch.setattr(sys, "argv", [str(GENERATOR), "--check"])
    assert 0 == _generator().main()
    assert before == REFERENCE.read_bytes()


def test_every_command_has_a_heading():
    """Every command and subcommand of the CLI is a heading in the reference."""
    text = REFERENCE.read_text(encoding="utf-8")
    headings = set(re.findall(r"^#+ `([^`]+)`\s*$", text, re.MULTILINE))
    paths = _command_paths(cli, ("tpmfolio",))
    assert len(paths) > 20
    missing = [" ".join(p) for p in paths if " ".join(p) not in headings]
    assert [] == missing


@pytest.mark.parametrize("page", [*sorted(DOCS.glob("*.md")), DOCS.parent / "README.md"], ids=lambda p: p.name)
def test_relative_links_point_at_files(page: Path):
    """Every relative link in a docs page names a file that exists (anchors are not checked)."""
    broken = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # https:, mailto:, and links within the page
        path = target.split("#", 1)[0]
        if not (page.parent / path).exists():
            broken.append(target)
    assert [] == broken


def test_index_lists_every_page():
    """docs/index.md links every other page of the docs."""
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    linked = {target.split("#", 1)[0] for target in LINK.findall(index)}
    pages = {p.name for p in DOCS.glob("*.md")} - {"index.md"}
    assert set() == pages - linked


def test_python_api_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """The ```python blocks of docs/python-api.md run, in order, in an empty folder."""
    blocks = FENCE.findall((DOCS / "python-api.md").read_text(encoding="utf-8"))
    assert len(blocks) > 10
    monkeypatch.chdir(tmp_path)  # $TPMFOLIO_DB already points into tmp_path (conftest)
    namespace: dict[str, object] = {"__name__": "python_api_md"}
    for number, block in enumerate(blocks, start=1):
        try:
            exec(compile(block, f"docs/python-api.md, python block {number}", "exec"), namespace)
        except Exception as error:  # pragma: no cover - the message is the point
            pytest.fail(f"python block {number} of docs/python-api.md failed: {error!r}\n\n{block}")
    assert (tmp_path / "portfolio.pdf").stat().st_size > 0
    assert "Dana Whitfield" in capsys.readouterr().out

"""A theme downloaded from anywhere cannot run code, read files or reach the network.

Templates run in Jinja2's immutable sandbox and rendering fetches through a
fetcher that serves only ``data:`` URIs and theme files. These tests attack
from a user theme folder, through ``tpmfolio render --theme DIR`` where it
matters, and check what reaches the HTML and the PDF.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner, Result

from tpmfolio import Entry, Portfolio, Profile
from tpmfolio.cli import cli
from tpmfolio.errors import RenderError
from tpmfolio.render import build_context, render_html

# The exact line from the report: through cycler's globals to os.popen.
POPEN_ATTACK = '{{ cycler.__init__.__globals__.os.popen("id").read() }}'
PASSWD_LINE = re.compile(r"root:[^:\n]*:0:0:")


@pytest.fixture
def folio_db(tmp_path: Path) -> Path:
    """A small portfolio on a real file."""
    path = tmp_path / "portfolio.db"
    with Portfolio.open(path) as folio:
        folio.set_profile(Profile(name="Alex Example", headline="Engineering lead"))
        folio.add(Entry(title="Checkout redesign", summary="Rebuilt checkout."))
    return path


@pytest.fixture
def popen_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """Every call of os.popen and os.system in this process, so 'no code ran' is observed, not assumed."""
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(os, "popen", lambda *args, **kwargs: calls.append(args))
    monkeypatch.setattr(os, "system", lambda *args, **kwargs: calls.append(args))
    return calls


def theme_with(folder: Path, template: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.html.j2").write_text(template, encoding="utf-8")
    return folder


def render(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "render", *args], catch_exceptions=False)


def small_context() -> dict:
    return build_context(Profile(name="Alex Example"), [Entry(title="Checkout redesign")], [], [])


def test_the_popen_template_fails_in_one_line_naming_template_and_line(
    folio_db: Path, tmp_path: Path, popen_calls: list
):
    """The reported attack through --theme DIR: one line with file and line, no code run, nothing written."""
    theme = theme_with(tmp_path / "evil", "<h1>{{ profile.name }}</h1>\n<p>" + POPEN_ATTACK + "</p>\n")
    pdf, html = tmp_path / "out.pdf", tmp_path / "out.html"
    result = render(folio_db, "--theme", str(theme), "-o", str(pdf), "--html", str(html))
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert 1 == len(lines), result.stderr
    assert lines[0].startswith("Error: theme template error in ")
    assert f"{theme / 'template.html.j2'}, line 2" in lines[0]
    assert "unsafe" in lines[0]
    assert [] == popen_calls
    assert not pdf.exists() and not html.exists()
    assert "uid=" not in result.output


@pytest.mark.parametrize(
    "attack",
    [
        POPEN_ATTACK,
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ asset.__globals__ }}",
        "{{ self._TemplateReference__context }}",
        "{{ profile.__class__ }}",
        "{% set xs = [] %}{{ xs.append(1) }}",
        "{{ document.update({'title': 'x'}) }}",
    ],
)
def test_sandbox_refuses_each_escape(tmp_path: Path, popen_calls: list, attack: str):
    """Private attributes and calls that change data are refused, whichever object they start from."""
    theme = theme_with(tmp_path / "evil", f"<p>{attack}</p>")
    with pytest.raises(RenderError, match=r"template\.html\.j2, line 1: access to attribute .* is unsafe"):
        render_html(small_context(), theme)
    assert [] == popen_calls


def test_template_symlink_out_of_the_theme_is_not_read(tmp_path: Path):
    """An include of a file that is a symlink to /etc/passwd is 'not found', not printed."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:secret", encoding="utf-8")
    theme = theme_with(tmp_path / "evil", '{% include "passwd.j2" %}')
    (theme / "passwd.j2").symlink_to(secret)
    with pytest.raises(RenderError, match="no template 'passwd.j2' inside the theme folders"):
        render_html(small_context(), theme)
    theme_with(theme, '{% include "../secret.txt" %}')
    with pytest.raises(RenderError, match="line 1"):
        render_html(small_context(), theme)


def test_a_template_that_is_a_symlink_out_of_the_theme_is_not_read(tmp_path: Path):
    """template.html.j2 itself pointing at a file outside the folder is refused."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:secret", encoding="utf-8")
    theme = tmp_path / "evil"
    theme.mkdir()
    (theme / "template.html.j2").symlink_to(secret)
    with pytest.raises(RenderError, match="no template 'template.html.j2'"):
        render_html(small_context(), theme)


def test_template_markup_cannot_fetch_files_or_the_network(folio_db: Path, tmp_path: Path, local_server):
    """Images, stylesheets, attachments and iframes pointing at /etc/passwd or 127.0.0.1 are all refused."""
    base, requests = local_server
    outside = tmp_path / "outside.txt"
    outside.write_text("outside the theme", encoding="utf-8")
    theme = theme_with(
        tmp_path / "evil",
        f"""<!DOCTYPE html><html><head>
<link rel="stylesheet" href="{base}/style.css">
<link rel="attachment" href="file:///etc/passwd">
<link rel="attachment" href="{outside.as_uri()}">
<style>{{{{ theme_css }}}} @import url("{base}/import.css");</style>
</head><body>
<h1>{{{{ profile.name }}}}</h1>
<img src="file:///etc/passwd" alt="">
<img src="{base}/pixel.png" alt="">
<object data="file:///etc/passwd"></object>
<iframe src="{base}/frame"></iframe>
<embed src="{outside.as_uri()}">
</body></html>
""",
    )
    pdf = tmp_path / "out.pdf"
    result = render(folio_db, "--theme", str(theme), "-o", str(pdf))
    assert result.exit_code == 0, result.output
    assert [] == requests
    reader = pypdf.PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Alex Example" in text
    assert not PASSWD_LINE.search(text)
    assert "outside the theme" not in text
    assert {} == reader.attachments
    raw = pdf.read_bytes()
    assert b"root:x:0:0" not in raw and b"outside the theme" not in raw

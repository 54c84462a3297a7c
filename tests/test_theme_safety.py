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


@pytest.mark.parametrize(
    ("attack", "said"),
    [
        ('{{ "x" * 3000000000 }}', "repeating text 3,000,000,000 times would make 3,000,000,000 characters; the limit is 10,000,000"),
        ("{{ [0] * 20000000 }}", "repeating a list 20,000,000 times would make 20,000,000 items"),
        ("{{ 10 ** 100000000 }}", "10 ** 100000000 would have more than 100,000 bits"),
        ("{{ 10.0 ** 400 }}", "a number grew too large"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "a macro or include calls itself without end"),
        ("{{ 1 / 0 }}", "division by zero"),
    ],
    ids=["text repeated", "list repeated", "huge power", "float overflow", "endless macro", "division by zero"],
)
def test_templates_that_ask_for_too_much_fail_in_one_line(folio_db: Path, tmp_path: Path, attack: str, said: str):
    """Memory, numbers and recursion a theme asks for: one line naming the template and line, no PDF, fast."""
    theme = theme_with(tmp_path / "greedy", f"<p>\n{attack}</p>")
    pdf = tmp_path / "out.pdf"
    result = render(folio_db, "--theme", str(theme), "-o", str(pdf))
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: theme template error in {theme / 'template.html.j2'}, line 2: "), line
    assert said in line
    assert not pdf.exists()


def test_a_template_that_loops_without_end_is_stopped(folio_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Ten billion steps of nested loops stop at the time limit, and the timer is handed back."""
    import signal
    import time

    from tpmfolio.render import sandbox

    monkeypatch.setattr(sandbox, "MAX_SECONDS", 1.0)
    theme = theme_with(tmp_path / "busy", "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}")
    start = time.monotonic()
    result = render(folio_db, "--theme", str(theme), "-o", str(tmp_path / "out.pdf"))
    assert time.monotonic() - start < 20
    assert result.exit_code == 1, result.output
    assert "the template ran for more than 1 s; it may loop without end" in result.stderr
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_time_limit_leaves_a_timer_the_program_uses_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A program embedding tpmfolio that handles SIGALRM itself keeps its handler; rendering still works."""
    import signal
    import threading

    def own_handler(signum, frame):  # pragma: no cover - never fires here
        pass

    previous = signal.signal(signal.SIGALRM, own_handler)
    try:
        assert "Checkout redesign" in render_html(small_context(), "classic")
        assert signal.getsignal(signal.SIGALRM) is own_handler
    finally:
        signal.signal(signal.SIGALRM, previous)
    # Outside the main thread there is no timer to use: the render runs without one.
    results: list[str] = []
    worker = threading.Thread(target=lambda: results.append(render_html(small_context(), "classic")))
    worker.start()
    worker.join()
    assert "Checkout redesign" in results[0]

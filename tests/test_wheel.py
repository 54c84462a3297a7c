"""The wheel carries everything a render needs: templates, stylesheets, fonts and the example.

Tests that import tpmfolio from the source tree would pass even if a theme
file were missing from the package. Here the wheel is built, installed into a
fresh virtual environment and run from a folder outside the repository with
the network cut off, so a PDF only comes out if the shipped files suffice.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow

# Imported by every Python process started with this folder on PYTHONPATH:
# any attempt to open a network connection or resolve a name fails loudly.
NO_NETWORK = textwrap.dedent(
    """
    import socket

    class NetworkBlocked(OSError):
        pass

    def _refuse(*args, **kwargs):
        raise NetworkBlocked("network access attempted during an offline test")

    socket.socket.connect = _refuse
    socket.socket.connect_ex = _refuse
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
    """
)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout, offline: the build backend must already be installed."""
    pytest.importorskip("hatchling", reason="building the wheel offline needs hatchling (pip install -e '.[test]')")
    dist = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(dist), str(ROOT)])
    (built,) = dist.glob("tpmfolio-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; its dependencies come from the environment running the tests.

    The dependencies are reached through a ``.pth`` file, which appends
    their folders after the venv's own site-packages, so ``import tpmfolio``
    finds the installed wheel and never the source tree.
    """
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)])
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    dependencies = [p for p in site.getsitepackages() if Path(p).is_dir()]
    Path(purelib, "test-dependencies.pth").write_text("\n".join(dependencies) + "\n", encoding="utf-8")
    return python


@pytest.fixture()
def offline_env(tmp_path: Path) -> dict[str, str]:
    """An environment for a child process with no network, no user data and nothing from the repository."""
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "TPMFOLIO"))}
    env.update(
        PYTHONPATH=str(guard),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        TPMFOLIO_DB=str(home / "unused.db"),
    )
    return env


def test_wheel_holds_the_themes_fonts_example_and_type_marker(wheel: Path) -> None:
    """Every file a render reads at run time is in the wheel, and nothing from outside the package is."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    expected = {
        "tpmfolio/py.typed",
        "tpmfolio/demo/portfolio.yaml",
        "tpmfolio/themes/classic/macros.html.j2",
    }
    # The compiled catalogs of every shipped language (docs/languages.md).
    expected |= {f"tpmfolio/locale/{lang}/LC_MESSAGES/tpmfolio.mo" for lang in ("en", "de", "fr", "es")}
    for theme in ("classic", "modern"):
        expected |= {f"tpmfolio/themes/{theme}/template.html.j2", f"tpmfolio/themes/{theme}/style.css", f"tpmfolio/themes/{theme}/fonts/OFL.txt"}
    assert expected <= names
    for theme in ("classic", "modern"):
        fonts = [n for n in names if n.startswith(f"tpmfolio/themes/{theme}/fonts/") and n.endswith((".ttf", ".otf"))]
        assert fonts, f"no fonts shipped for the {theme} theme"
    assert [] == sorted(n for n in names if not n.startswith(("tpmfolio/", "tpmfolio-")))
    assert any(n.endswith(".dist-info/entry_points.txt") for n in names)


def test_network_guard_refuses_connections(installed: Path, offline_env: dict[str, str], tmp_path: Path) -> None:
    """The guard the render runs under really stops a connection attempt (to this machine only)."""
    probe = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept OSError as e:\n    print(type(e).__name__)\n"
    done = run([str(installed), "-c", probe], env=offline_env, cwd=tmp_path)
    assert "NetworkBlocked" == done.stdout.strip()


def test_installed_wheel_renders_the_demo_offline(installed: Path, offline_env: dict[str, str], tmp_path: Path) -> None:
    """`python -m tpmfolio demo` from the installed wheel writes the example PDF in its own fonts and catalogs."""
    where = run([str(installed), "-c", "import tpmfolio; print(tpmfolio.__file__)"], env=offline_env, cwd=tmp_path).stdout.strip()
    assert Path(where).is_relative_to(installed.parent.parent), where
    assert not Path(where).is_relative_to(ROOT)

    # In German, so that the compiled catalogs are proven to be read from the wheel.
    run([str(installed), "-m", "tpmfolio", "demo", "-o", "out.pdf", "--lang", "de"], env=offline_env, cwd=tmp_path)

    reader = pypdf.PdfReader(tmp_path / "out.pdf")
    assert len(reader.pages) > 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Dana Whitfield" in text
    assert "Auf einen Blick".casefold() in text.casefold()
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert any("Caladea" in name for name in fonts), fonts
    assert not (Path(offline_env["HOME"]) / "unused.db").exists()


def test_installed_console_script_runs(wheel: Path, installed: Path, offline_env: dict[str, str], tmp_path: Path) -> None:
    """The `tpmfolio` command that pip makes from the wheel's entry point starts and knows its version."""
    version = wheel.name.split("-")[1]
    done = run([str(installed.parent / "tpmfolio"), "--version"], env=offline_env, cwd=tmp_path)
    assert version in done.stdout

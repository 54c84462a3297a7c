"""WeasyPrint is imported without running a process per library name it cannot find, and still imports when that fails."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the library probes are Linux's")

# Counts the processes a fresh interpreter starts while WeasyPrint imports, and
# says whether ctypes' find_library is the original again afterwards.
_COUNT_PROCESSES = """
import ctypes.util, json, subprocess, sys
original = ctypes.util.find_library
started = []
real_init = subprocess.Popen.__init__
def counting_init(self, args, *rest, **options):
    started.append(args[0] if isinstance(args, (list, tuple)) else args)
    real_init(self, args, *rest, **options)
subprocess.Popen.__init__ = counting_init
{setup}
{import_line}
{report}
print(json.dumps({{"started": started, "restored": ctypes.util.find_library is original,
                   "module": weasyprint.__name__}}))
"""


def _run(import_line: str, setup: str = "", report: str = "") -> tuple[dict, str]:
    """What the child reported, and all it printed."""
    code = _COUNT_PROCESSES.format(setup=textwrap.dedent(setup), import_line=import_line, report=report)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout


def test_import_runs_one_process_where_weasyprint_alone_runs_many() -> None:
    plain, _ = _run("import weasyprint")
    ours, _ = _run("from tpmfolio.render.engine import import_weasyprint; weasyprint = import_weasyprint()")
    assert ours["module"] == "weasyprint"
    assert ours["started"] == ["/sbin/ldconfig"]  # one listing, read for every name
    assert ours["restored"]
    # On a machine whose libraries all sit under WeasyPrint's first names there would be nothing to save.
    assert len(plain["started"]) > len(ours["started"])


def test_import_falls_back_to_the_ordinary_import_without_printing_advice() -> None:
    """If no library opens while find_library reads the listing, WeasyPrint is imported the ordinary way."""
    setup = """
    import cffi
    real_dlopen = cffi.FFI.dlopen
    refused = []
    def dlopen(self, name, *rest):
        if ctypes.util.find_library is not original:  # only during the first attempt
            refused.append(name)
            raise OSError(f"cannot load library {name!r}")
        return real_dlopen(self, name, *rest)
    cffi.FFI.dlopen = dlopen
    """
    report = "print(json.dumps({'refused': len(refused)}))"
    data, output = _run("from tpmfolio.render.engine import import_weasyprint; weasyprint = import_weasyprint()", setup, report)
    assert data["module"] == "weasyprint"
    assert data["restored"]
    assert json.loads(output.splitlines()[0])["refused"] > 0  # the first attempt ran, and failed
    assert len(output.splitlines()) == 2  # WeasyPrint's installation advice did not reach the terminal


def test_import_is_done_once() -> None:
    from tpmfolio.render.engine import import_weasyprint

    assert import_weasyprint() is import_weasyprint() is sys.modules["weasyprint"]

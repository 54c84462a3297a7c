"""The sandbox theme templates run in: Jinja2's, with limits on work and size.

Jinja2's immutable sandbox keeps a template away from Python's internals
and from changing data. It does not keep a template from working forever or
asking for all the memory there is, and a theme is code downloaded from
someone else. So, for each render:

- ``*`` may repeat text or a list to at most :data:`MAX_REPEATED` items, and
  ``**`` may not build an integer of more than :data:`MAX_POWER_BITS` bits
  (``{{ "x" * 3000000000 }}``, ``{{ 10 ** 10 ** 8 }}``);
- in the main thread of a Unix process, filling the template stops after
  :data:`MAX_SECONDS` (nested loops over ``range``, a recursive macro
  that never ends): a timer interrupts it, if nothing else in the process
  uses that timer.

Either stops the render with one line naming the template and its line.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any

MAX_REPEATED = 10_000_000
MAX_POWER_BITS = 100_000
MAX_SECONDS = 60.0


class TemplateTimeout(Exception):
    """Filling a theme's template took longer than :data:`MAX_SECONDS`."""


def sandboxed_environment(**options: Any) -> Any:
    """An ``ImmutableSandboxedEnvironment`` whose ``*`` and ``**`` check the size of what they make."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

    class LimitedSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                _check_repeat(left, right, SecurityError)
                _check_repeat(right, left, SecurityError)
            elif _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
                if right * abs(left).bit_length() > MAX_POWER_BITS:
                    raise SecurityError(f"{left} ** {right} would have more than {MAX_POWER_BITS:,} bits")
            return super().call_binop(context, operator, left, right)

    return LimitedSandbox(**options)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_repeat(items: Any, times: Any, error: type[Exception]) -> None:
    if isinstance(items, (str, list, tuple)) and _is_int(times) and len(items) * times > MAX_REPEATED:
        what, unit = ("text", "characters") if isinstance(items, str) else ("a list", "items")
        raise error(f"repeating {what} {times:,} times would make {len(items) * times:,} {unit}; the limit is {MAX_REPEATED:,}")


@contextlib.contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Raise :class:`TemplateTimeout` in the block after ``seconds`` (:data:`MAX_SECONDS`).

    Only where a timer signal can do it without disturbing anyone: the main
    thread, on a system with ``setitimer``, with no handler of the process's
    own on ``SIGALRM``. Elsewhere the block runs without a limit.
    """
    seconds = MAX_SECONDS if seconds is None else seconds
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise TemplateTimeout(f"the template ran for more than {seconds:g} s; it may loop without end")

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


__all__ = ["MAX_POWER_BITS", "MAX_REPEATED", "MAX_SECONDS", "TemplateTimeout", "sandboxed_environment", "time_limit"]

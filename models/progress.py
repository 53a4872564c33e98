"""How long work says how far it is, and hears 取消: two plain arguments, no Qt.

As calibre's conversion passes a reporter down its pipeline, a library function that runs
long takes::

    def backup_to(..., progress: Progress = NO_PROGRESS, abort: AbortFlag = NEVER_ABORT)

- ``progress(fraction, message)``: ``fraction`` 0–1, or None while how far is not known;
  ``message`` in the user's words (it is shown under the work's title).
- ``abort.is_set()``: the user asked the work to stop (a ``threading.Event`` will do). The
  work looks at it where stopping leaves nothing half-done and raises ``Cancelled`` there.

The defaults report nothing and never stop, so the command line and tests call the same
functions without either; the window passes what ``ui/ops.py`` hands its work.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from models.errors import LedgerError

Progress = Callable[[float | None, str], None]


class AbortFlag(Protocol):
    def is_set(self) -> bool: ...


class Cancelled(LedgerError):
    """The work stopped at the user's 取消; what it had begun is undone (its text says so)."""


def _no_progress(fraction: float | None, message: str) -> None:
    """Reports go nowhere."""


class _NeverAbort:
    def is_set(self) -> bool:
        return False


NO_PROGRESS: Progress = _no_progress
NEVER_ABORT: AbortFlag = _NeverAbort()


def stop_if_asked(abort: AbortFlag, message: str) -> None:
    """Raise ``Cancelled(message)`` when 取消 was pressed; call it where stopping is safe."""
    if abort.is_set():
        raise Cancelled(message)

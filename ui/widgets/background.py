"""Work off the window's thread: a plain Python thread, its result picked up by a timer.

No Qt object is touched from the worker (a QThread emitting Python objects corrupted
reference counts at exit in PySide 6 here); the database gives each thread its own
connection, which the work closes when it is done.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

POLL_MS = 100


class BackgroundJob(QObject):
    """One piece of work at a time; ``done`` fires on the window's thread with ``result``
    (or ``error``, the exception the work raised) set."""

    done = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.result: Any = None
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check_done)

    def start(self, work: Callable[[], Any]) -> None:
        if self.is_running():
            return
        self.result, self.error = None, None

        def run() -> None:
            try:
                self.result = work()
            except BaseException as exc:  # handed to the window's thread, shown there
                self.error = exc

        self._thread = threading.Thread(target=run, name="background-job", daemon=True)
        self._thread.start()
        self._poll.start()

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self) -> None:
        """Block until the work is finished (closing the window: a backup is never cut off)."""
        if self._thread is not None:
            self._thread.join()
        self._check_done()

    def _check_done(self) -> None:
        if self._thread is None or self._thread.is_alive():
            return
        self._thread = None
        self._poll.stop()
        self.done.emit()

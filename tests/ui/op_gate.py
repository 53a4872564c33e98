"""Holding work on the ops' worker thread until a test lets it go (tests only)."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

RELEASE_S = 20  # how long held work waits for the test before it gives up (a failing test)


class Gate:
    """Holds the work on the worker until the test opens it; says when the work got there."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.opened = threading.Event()

    def __call__(self) -> None:
        self.reached.set()
        assert self.opened.wait(RELEASE_S), "the test never opened the gate"

    def open(self) -> None:
        self.opened.set()

    def close(self) -> None:
        """Hold the next work again (after the work let through has finished)."""
        self.opened.clear()
        self.reached.clear()

    def holding(self, read: Callable[..., Any]) -> Callable[..., Any]:
        """``read`` that first waits at this gate (to stand in for a screen's read)."""

        def held(*args: Any, **kwargs: Any) -> Any:
            self()
            return read(*args, **kwargs)

        return held

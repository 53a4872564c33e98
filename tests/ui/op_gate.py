"""Holding work on the ops' worker thread until a test lets it go (tests only)."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, QTimer
from pytestqt.qtbot import QtBot

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


def hold_read(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> Iterator[Gate]:
    """For a fixture: ``owner.name`` (a screen's read) waits at a gate; opened at the end, so a
    failing test still lets the worker go."""
    gate = Gate()
    monkeypatch.setattr(owner, name, gate.holding(getattr(owner, name)))
    yield gate
    gate.open()


def assert_the_loop_runs(qtbot: QtBot, parent: QObject) -> None:
    """The window's event loop is not stuck: a timer started now fires."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    with qtbot.waitSignal(timer.timeout, timeout=5000):
        timer.start(50)

"""BackgroundJob: the work runs off the window's thread; its result or error comes back on it."""
from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from ui.widgets.background import BackgroundJob


def test_the_result_arrives_on_the_windows_thread(qtbot: QtBot) -> None:
    job = BackgroundJob()
    release = threading.Event()
    seen = []
    job.done.connect(lambda: seen.append((threading.current_thread() is threading.main_thread(), job.result)))
    job.start(lambda: release.wait(10) and threading.current_thread().name)
    assert job.is_running() and seen == []  # the caller went on while the work waits
    release.set()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [(True, "background-job")]
    assert not job.is_running() and job.error is None


def test_an_error_is_handed_back_not_lost(qtbot: QtBot) -> None:
    job = BackgroundJob()

    def fail() -> None:
        raise ValueError("壞了")

    with qtbot.waitSignal(job.done, timeout=5000):
        job.start(fail)
    assert isinstance(job.error, ValueError) and job.result is None


def test_wait_finishes_the_work_before_returning(qtbot: QtBot) -> None:
    job = BackgroundJob()
    done = []
    job.done.connect(lambda: done.append(job.result))
    job.start(lambda: sum(range(100_000)))
    job.wait()
    assert done == [sum(range(100_000))]


@pytest.mark.parametrize("starts", [2, 3])
def test_a_second_start_while_running_is_ignored(qtbot: QtBot, starts: int) -> None:
    job = BackgroundJob()
    release = threading.Event()
    calls = []
    for _ in range(starts):
        job.start(lambda: calls.append(1) or release.wait(10))
    release.set()
    job.wait()
    assert calls == [1]

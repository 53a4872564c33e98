"""BackgroundOp: work runs on the one worker thread; its outcome comes back on the window's.

Every test that blocks the worker releases it before it ends (the worker is shared by the
whole run), and waits with generous timeouts, never on how long something took.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import peewee
import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from models.db import db
from models.errors import DatabaseLocked, ValidationError
from tests.ui.op_gate import RELEASE_S, Gate, assert_the_loop_runs
import ui.ops
from ui.ops import BackgroundOp, op_runner
from ui.widgets.progress import CANCEL_TEXT, STOPPING_TEXT, ProgressPanel

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 20_000


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[QWidget]:
    """A window with a line edit, as big as the desk's screen."""
    widget = QWidget()
    widget.edit = QLineEdit(widget)  # type: ignore[attr-defined]
    QVBoxLayout(widget).addWidget(widget.edit)  # type: ignore[attr-defined]
    widget.resize(1366, 768)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    assert op_runner().wait_idle(RELEASE_S), "a test left the worker busy"


def panels(window: QWidget) -> list[ProgressPanel]:
    return window.findChildren(ProgressPanel)


# --- the outcome ------------------------------------------------------------------------


def test_the_value_reaches_success_on_the_windows_thread(qtbot: QtBot, window: QWidget) -> None:
    seen: list[tuple[bool, Any]] = []
    op = BackgroundOp(window, lambda: ("月報", threading.get_ident()))
    op.success(lambda value: seen.append((threading.current_thread() is threading.main_thread(), value))).run()
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT_MS)
    on_main, (value, worker) = seen[0]
    assert on_main and value == "月報"
    assert worker != threading.get_ident() and worker == op_runner().worker.ident
    assert op.is_done()


def test_a_problem_reaches_failure_and_not_success(qtbot: QtBot, window: QWidget) -> None:
    failures: list[Exception] = []

    def work() -> None:
        raise ValidationError("期間的格式不對")

    op = BackgroundOp(window, work).success(lambda value: pytest.fail("success after a failure"))
    op.failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert isinstance(failures[0], ValidationError) and str(failures[0]) == "期間的格式不對"


@pytest.mark.parametrize(
    ("raised", "kind", "message"),
    [
        (ValidationError("期間的格式不對"), ValidationError, "期間的格式不對"),
        (DatabaseLocked("資料庫正由另一台電腦寫入中"), DatabaseLocked, "資料庫正由另一台電腦寫入中"),
        # A driver error that escaped a read: the user reads what it means, not the driver.
        (peewee.InterfaceError("connection already closed"), Exception, "與資料庫的連線中斷了，請稍後再試。"),
    ],
)
def test_without_failure_a_problem_is_shown_beside_the_parent(
    qtbot: QtBot, window: QWidget, monkeypatch: pytest.MonkeyPatch, raised: Exception, kind: type, message: str
) -> None:
    shown: list[tuple[QWidget | None, BaseException]] = []
    monkeypatch.setattr(ui.ops, "show_problem", lambda parent, exc: shown.append((parent, exc)))
    monkeypatch.setattr(sys, "excepthook", lambda *args: pytest.fail("a problem for the user reached the crash hook"))

    def work() -> None:
        raise raised

    BackgroundOp(window, work).success(lambda value: pytest.fail("success after a failure")).run()
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT_MS)
    parent, problem = shown[0]
    assert parent is window and isinstance(problem, kind) and str(problem) == message


@pytest.mark.parametrize("with_failure", [False, True])
def test_a_bug_reaches_the_crash_hook_whatever_handlers_are_set(
    qtbot: QtBot, window: QWidget, monkeypatch: pytest.MonkeyPatch, with_failure: bool
) -> None:
    crashes: list[tuple[type, BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: crashes.append((kind, exc)))
    monkeypatch.setattr(ui.ops, "show_problem", lambda parent, exc: pytest.fail("a bug shown as a plain message"))

    def work() -> None:
        raise ZeroDivisionError("a bug")

    op = BackgroundOp(window, work)
    if with_failure:
        op.failure(lambda exc: pytest.fail("a bug handed to failure"))
    op.run()
    qtbot.waitUntil(lambda: bool(crashes), timeout=WAIT_MS)
    assert crashes[0][0] is ZeroDivisionError and crashes[0][1].__traceback__ is not None


def test_a_handler_that_fails_reaches_the_crash_hook(
    qtbot: QtBot, window: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashes: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: crashes.append(exc))
    later: list[int] = []

    def broken(value: int) -> None:
        raise KeyError(value)

    BackgroundOp(window, lambda: 7).success(broken).run()
    BackgroundOp(window, lambda: 8).success(later.append).run()
    qtbot.waitUntil(lambda: bool(later), timeout=WAIT_MS)
    assert [type(c) for c in crashes] == [KeyError] and later == [8]  # the next op is still handed over


# --- progress and 取消 ------------------------------------------------------------------


def test_progress_arrives_in_order_and_the_panel_shows_it(qtbot: QtBot, window: QWidget) -> None:
    steps = [(0.25, "正在複製資料庫檔案…"), (0.5, "正在檢查備份檔…"), (None, "正在寫入隨身碟…")]
    gates = [Gate() for _ in steps]
    done: list[str] = []

    def work(progress: Any, abort: threading.Event) -> str:
        progress(0.1, "先報一次")  # overtaken at once: only the later report may stay on screen
        for (fraction, message), gate in zip(steps, gates):
            progress(fraction, message)
            gate()
        return "完成"

    op = BackgroundOp(window, work).with_progress("正在備份到隨身碟…").success(done.append).run()
    qtbot.waitUntil(lambda: op.panel is not None and op.panel.isVisible(), timeout=WAIT_MS)
    panel = op.panel
    assert panel.parentWidget() is window and panel.title.text() == "正在備份到隨身碟…"
    assert panel.cancel_button is not None and panel.cancel_button.text() == CANCEL_TEXT
    assert window.rect().contains(panel.geometry())  # inside the window, nothing cut off
    for (fraction, message), gate in zip(steps, gates):
        assert gate.reached.wait(RELEASE_S)
        qtbot.waitUntil(lambda: panel.message.text() == message, timeout=WAIT_MS)
        if fraction is None:
            assert panel.bar.maximum() == 0  # moving to and fro: how far is not known
        else:
            assert panel.bar.maximum() > 0 and panel.bar.value() / panel.bar.maximum() == fraction
        gate.open()
    qtbot.waitUntil(lambda: done == ["完成"], timeout=WAIT_MS)
    assert op.panel is None
    qtbot.waitUntil(lambda: panels(window) == [], timeout=WAIT_MS)


def test_quick_work_never_shows_the_panel(qtbot: QtBot, window: QWidget, monkeypatch: pytest.MonkeyPatch) -> None:
    # Long enough that the work is surely done before it; then the panel must not come later.
    monkeypatch.setattr(ui.ops, "SHOW_AFTER_MS", 2000)
    done: list[int] = []
    # Kept, as a screen keeps the op it ran: nothing of it may still be counting down.
    op = BackgroundOp(window, lambda progress, abort: 1).with_progress("正在計算…").success(done.append).run()
    qtbot.waitUntil(lambda: done == [1], timeout=WAIT_MS)
    qtbot.wait(2500)
    assert panels(window) == [] and op.panel is None


def test_cancel_sets_the_abort_flag_and_the_work_stops(qtbot: QtBot, window: QWidget) -> None:
    done: list[tuple[str, int]] = []

    def work(progress: Any, abort: threading.Event) -> tuple[str, int]:
        rounds = 0
        while not abort.wait(0.01):
            rounds += 1
            progress(None, f"已處理 {rounds} 筆")
        return "已停止", rounds

    op = BackgroundOp(window, work).with_progress("正在匯入…").success(done.append).run()
    qtbot.waitUntil(lambda: op.panel is not None and op.panel.isVisible(), timeout=WAIT_MS)
    button = op.panel.cancel_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert op.abort.is_set()
    assert not button.isEnabled() and button.text() == STOPPING_TEXT
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
    assert done[0][0] == "已停止" and done[0][1] >= 1


def test_a_restore_panel_has_no_cancel(qtbot: QtBot, window: QWidget) -> None:
    gate = Gate()
    op = BackgroundOp(window, lambda progress, abort: gate()).with_progress("正在還原…", cancellable=False).run()
    qtbot.waitUntil(lambda: op.panel is not None and op.panel.isVisible(), timeout=WAIT_MS)
    assert op.panel.cancel_button is None
    gate.open()
    assert op.wait(RELEASE_S)


# --- one worker, serial ----------------------------------------------------------------


def test_two_ops_run_one_after_the_other_on_one_thread(qtbot: QtBot, window: QWidget) -> None:
    log: list[tuple[str, int]] = []
    gate = Gate()

    def first() -> None:
        log.append(("first begins", threading.get_ident()))
        gate()
        log.append(("first ends", threading.get_ident()))

    def second() -> None:
        log.append(("second begins", threading.get_ident()))
        log.append(("second ends", threading.get_ident()))

    one, two = BackgroundOp(window, first).run(), BackgroundOp(window, second).run()
    assert gate.reached.wait(RELEASE_S)
    qtbot.wait(200)  # the window's loop runs meanwhile; the second op must still wait its turn
    assert [step for step, _ in log] == ["first begins"] and not two.is_done()
    gate.open()
    qtbot.waitUntil(lambda: one.is_done() and two.is_done(), timeout=WAIT_MS)
    assert [step for step, _ in log] == ["first begins", "first ends", "second begins", "second ends"]
    assert len({ident for _, ident in log}) == 1 and log[0][1] != threading.get_ident()


def test_a_newer_op_replaces_a_waiting_one_with_the_same_key(qtbot: QtBot, window: QWidget) -> None:
    ran: list[str] = []
    handed: list[str] = []
    gate = Gate()

    def refresh(name: str) -> Any:
        return lambda: ran.append(name) or name

    running = BackgroundOp(window, lambda: gate() or ran.append("running") or "running").replaces("counts")
    running.success(handed.append).run()
    assert gate.reached.wait(RELEASE_S)
    stale = BackgroundOp(window, refresh("stale")).replaces("counts").success(handed.append).run()
    other = BackgroundOp(window, refresh("other")).replaces("grid").success(handed.append).run()
    fresh = BackgroundOp(window, refresh("fresh")).replaces("counts").success(handed.append).run()
    assert stale.is_done() and not fresh.is_done()  # dropped at once; the running one is never cut off
    gate.open()
    qtbot.waitUntil(lambda: fresh.is_done(), timeout=WAIT_MS)
    assert ran == ["running", "other", "fresh"] and handed == ["running", "other", "fresh"]
    assert running.is_done() and other.is_done()


# --- the database ----------------------------------------------------------------------


def test_the_worker_closes_its_own_connection_after_each_op(
    qtbot: QtBot, window: QWidget, database: peewee.Database
) -> None:
    seen: dict[str, Any] = {}

    def reads() -> None:
        db.execute_sql("SELECT 1")
        seen["open while working"] = not db.is_closed()
        seen["worker's connection"] = id(db.connection())

    def fails_after_reading() -> None:
        seen["closed after reading"] = db.is_closed()
        db.execute_sql("SELECT 1")
        raise ValidationError("讀到一半有問題")

    def looks() -> None:
        seen["closed after failing"] = db.is_closed()

    window_connection = id(db.connection())
    BackgroundOp(window, reads).run()
    BackgroundOp(window, fails_after_reading).failure(lambda exc: seen.setdefault("failed", str(exc))).run()
    BackgroundOp(window, looks).run()
    assert op_runner().wait_idle(RELEASE_S)
    worker_connection = seen.pop("worker's connection")
    assert seen == {
        "open while working": True,
        "closed after reading": True,
        "failed": "讀到一半有問題",
        "closed after failing": True,
    }
    assert worker_connection != window_connection  # each thread has its own
    assert not db.is_closed() and id(db.connection()) == window_connection  # the window's stays open


# --- the window stays responsive -------------------------------------------------------


def test_the_window_answers_while_the_worker_is_blocked(qtbot: QtBot, window: QWidget) -> None:
    gate = Gate()
    done: list[str] = []
    op = BackgroundOp(window, lambda progress, abort: gate() or "統計完成").with_progress("正在計算統計…")
    op.success(done.append).run()
    assert gate.reached.wait(RELEASE_S)
    assert_the_loop_runs(qtbot, window)  # the event loop runs: timers fire
    window.edit.setFocus()
    qtbot.keyClicks(window.edit, "106H1")  # typing still reaches the form
    assert window.edit.text() == "106H1"
    qtbot.waitUntil(lambda: op.panel is not None and op.panel.isVisible(), timeout=WAIT_MS)
    assert gate.reached.is_set() and not op.is_done() and done == []
    gate.open()
    qtbot.waitUntil(lambda: done == ["統計完成"], timeout=WAIT_MS)


# --- a parent that is gone -------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["value", "problem"])
def test_a_parent_deleted_before_the_outcome_gets_no_call(
    qtbot: QtBot, window: QWidget, monkeypatch: pytest.MonkeyPatch, outcome: str
) -> None:
    monkeypatch.setattr(ui.ops, "show_problem", lambda parent, exc: pytest.fail("shown for a screen that is gone"))
    screen = QWidget()
    screen.resize(800, 600)
    screen.show()
    gate = Gate()

    def work(progress: Any, abort: threading.Event) -> str:
        gate()
        if outcome == "problem":
            raise ValidationError("這個畫面已經不在了")
        return "結果"

    op = BackgroundOp(screen, work).with_progress("正在讀取…")
    op.success(lambda value: pytest.fail("success for a screen that is gone"))
    op.failure(lambda exc: pytest.fail("failure for a screen that is gone")).run()
    qtbot.waitUntil(lambda: op.panel is not None and op.panel.isVisible(), timeout=WAIT_MS)
    screen.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(screen)
    gate.open()
    assert op.wait(RELEASE_S) and op.is_done()


def test_a_parent_that_is_no_widget_gets_its_outcome_while_it_lives(qtbot: QtBot) -> None:
    """The counter's state (a QObject) refreshes through an op too."""
    state, gone = QObject(), QObject()
    seen: list[str] = []
    gate = Gate()
    BackgroundOp(state, lambda: "今日人次").success(seen.append).run()
    BackgroundOp(gone, lambda: gate() or "太晚了").success(seen.append).run()
    assert gate.reached.wait(RELEASE_S)
    gone.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gate.open()
    assert op_runner().wait_idle(RELEASE_S)
    assert seen == ["今日人次"]


# --- waiting ---------------------------------------------------------------------------


def test_wait_returns_after_the_handler_ran(qtbot: QtBot, window: QWidget) -> None:
    done: list[int] = []
    op = BackgroundOp(window, lambda: sum(range(100_000))).success(done.append).run()
    assert op.wait(RELEASE_S)
    assert done == [sum(range(100_000))]  # without the test handing the window's loop a turn


def test_wait_idle_also_waits_for_an_op_a_handler_ran(qtbot: QtBot, window: QWidget) -> None:
    done: list[str] = []

    def then_the_next(value: str) -> None:
        done.append(value)
        BackgroundOp(window, lambda: "下一步").success(done.append).run()

    BackgroundOp(window, lambda: "第一步").success(then_the_next).run()
    assert op_runner().wait_idle(RELEASE_S)
    assert done == ["第一步", "下一步"] and op_runner().is_idle()


def test_wait_idle_gives_up_after_its_timeout(qtbot: QtBot, window: QWidget) -> None:
    gate = Gate()
    op = BackgroundOp(window, gate).run()
    assert gate.reached.wait(RELEASE_S)
    assert op_runner().wait_idle(0.05) is False and not op.is_done()
    gate.open()
    assert op_runner().wait_idle(RELEASE_S) and op.is_done()


def test_an_op_runs_once(qtbot: QtBot, window: QWidget) -> None:
    op = BackgroundOp(window, lambda: 1).run()
    with pytest.raises(RuntimeError):
        op.run()
    assert op.wait(RELEASE_S)


# --- exec: the window takes no input until the work is done ----------------------------


def test_exec_returns_the_value_and_the_window_takes_no_input_meanwhile(qtbot: QtBot, window: QWidget) -> None:
    gate = Gate()
    seen: dict[str, Any] = {}

    def meanwhile() -> None:  # runs inside exec's loop, while the worker is held
        assert gate.reached.wait(RELEASE_S)
        window.edit.setFocus()
        qtbot.keyClicks(window.edit, "x")
        qtbot.mouseClick(window.edit, Qt.MouseButton.LeftButton)
        seen["typed"] = window.edit.text()
        qtbot.waitUntil(lambda: op.panel is not None and op.panel.isVisible(), timeout=WAIT_MS)
        seen["panel"] = (op.panel.title.text(), op.panel.cancel_button)
        gate.open()

    window.edit.setText("115H1")
    QTimer.singleShot(0, meanwhile)
    op = BackgroundOp(window, lambda: gate() or "還原完成")
    assert op.exec() == "還原完成"
    assert seen == {"typed": "115H1", "panel": ("處理中，請稍候…", None)}
    qtbot.keyClicks(window.edit, "x")
    assert window.edit.text() == "115H1x"  # input reaches the window again


def test_during_exec_a_message_opened_meanwhile_still_takes_input(qtbot: QtBot, window: QWidget) -> None:
    """E.g. the crash dialog of a bug elsewhere: it must not wait, unanswerable, for the work."""
    gate = Gate()
    typed: list[str] = []

    def meanwhile() -> None:
        box = QDialog(window)
        box.setModal(True)
        edit = QLineEdit(box)
        box.show()
        qtbot.keyClicks(edit, "OK")
        window.edit.setFocus()
        typed.append(edit.text())
        box.close()
        box.deleteLater()
        gate.open()

    QTimer.singleShot(0, meanwhile)
    BackgroundOp(window, gate).exec()
    assert typed == ["OK"] and window.edit.text() == ""


def test_exec_raises_what_the_work_raised(qtbot: QtBot, window: QWidget) -> None:
    def work(progress: Any, abort: threading.Event) -> None:
        raise ValidationError("備份檔已損壞")

    with pytest.raises(ValidationError, match="備份檔已損壞"):
        BackgroundOp(window, work).with_progress("正在讀取備份檔…", cancellable=False).exec()
    qtbot.keyClicks(window.edit, "x")
    assert window.edit.text() == "x"


def test_exec_before_any_window_exists(qtbot: QtBot) -> None:
    gate = Gate()
    seen: list[tuple[bool, str]] = []

    def meanwhile() -> None:
        qtbot.waitUntil(lambda: op.panel is not None and op.panel.isVisible(), timeout=WAIT_MS)
        seen.append((op.panel.isWindow(), op.panel.windowTitle()))
        gate.open()

    QTimer.singleShot(0, meanwhile)
    op = BackgroundOp(None, lambda progress, abort: gate() or 3).with_progress("正在還原…", cancellable=False)
    assert op.exec() == 3
    assert seen == [(True, "請稍候")]


# --- at interpreter exit -----------------------------------------------------------------

EXIT_SCRIPT = textwrap.dedent(
    """
    import os, sys, threading
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication, QWidget
    app = QApplication([])
    from ui.ops import BackgroundOp, op_runner

    window = QWidget()
    window.show()
    done = []

    def work(progress, abort, n):
        for step in range(5):
            progress(step / 5, f"第 {n} 項，第 {step} 步")
        return {"n": n, "rows": [object() for _ in range(10)]}

    for n in range(300):
        BackgroundOp(window, lambda p, a, n=n: work(p, a, n)).with_progress("正在處理…").success(done.append).run()
    assert op_runner().wait_idle(60)
    assert len(done) == 300
    # Leave with outcomes not yet handed over, ops still waiting, and one the worker is inside.
    held = threading.Event()
    BackgroundOp(window, lambda: held.wait()).run()
    for n in range(50):
        BackgroundOp(window, lambda n=n: {"n": n}).success(done.append).run()
    BackgroundOp(window, lambda: 1 / 0).run()
    app.processEvents()
    print("leaving", flush=True)
    """
)


def test_the_program_ends_cleanly_with_ops_in_flight() -> None:
    for _ in range(3):
        result = subprocess.run(
            [sys.executable, "-c", EXIT_SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=180
        )
        assert (result.returncode, result.stdout, result.stderr) == (0, "leaving\n", "")

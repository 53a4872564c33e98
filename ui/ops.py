"""Background work: slow reads and long writes run off the window's thread, one at a time.

In the shape of Anki's ``aqt/operations``: a screen builds an op, says what becomes of the
result, and runs it; the window goes on painting and answering meanwhile::

    BackgroundOp(self, lambda: day_totals(start, end)).success(self.show_cells).run()

    BackgroundOp(self, lambda progress, abort: backup_to(database, folder, progress=progress, abort=abort))
        .with_progress(tr("正在備份到隨身碟…")).success(self.copied).failure(self.refused).run()

How it runs, and why:

- One worker thread runs every op in the order the ops were run (a single-thread executor),
  so database access from ops is serial: a refresh run during the backup runs after it.
  ``replaces(key)`` lets a newer op take the place of an older one with the same key that
  has not started yet, so a refresh asked for every minute never piles up behind a long op
  (the one already running is never cut off).
- The worker never calls Qt, not even Signal.emit: PySide6 6.12.0 on Python 3.11 drops a
  reference to True on every emit (from any thread) and to None on many calls returning
  it, until the interpreter aborts; invokeMethod from a plain thread crashed at exit. The
  worker puts its outcome in a locked queue and wakes the window's thread by writing one
  byte to a socket pair (the self-pipe of Python's own event loops); a QSocketNotifier on
  the window's thread reads it and hands the outcome over there. tests/ui/test_ops.py ends
  a program with ops in flight to check the exit.
- The worker never holds the last reference to what the work captured: the op, on the
  window's thread, keeps it and lets go of it there after the outcome has arrived.
- The database proxy gives each thread its own peewee connection; the worker closes its own
  after every op, so none is left open on a thread and the next op sees the database
  that is open then (a restore may have replaced it).
- ``work`` stays Qt-free: with ``with_progress`` it is called as ``work(progress, abort)``
  with ``progress(fraction, message)`` (fraction 0–1, or None while unknown) and ``abort``,
  a ``threading.Event`` the 取消 button sets. Library functions take these plain arguments
  (``models/progress.py``: the shape, and defaults that report nothing).
- The progress panel (``ui/widgets/progress.py``) appears only when the op has not finished
  after ``SHOW_AFTER_MS``, so quick work never flashes one; it counts from ``run()``, so an
  op waiting behind another shows its panel too.
- A problem the user should read (a LedgerError, or a driver error about the environment)
  goes to ``failure``, or by default to a message box beside the parent; anything else is a
  bug and reaches the crash hook (``sys.excepthook``) whatever handlers are set.
- When the parent widget is gone by the time the outcome arrives, no handler is called.
"""
from __future__ import annotations

import itertools
import socket
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QSocketNotifier, QTimer, Slot
from PySide6.QtWidgets import QApplication, QWidget

from models.db import db, environment_problem
from models.progress import Progress
from ui.errors import EXPECTED, show_problem
from ui.i18n import tr
from ui.widgets.progress import ProgressPanel

T = TypeVar("T")

SHOW_AFTER_MS = 300
WAIT_TEXT = "處理中，請稍候…"

_PROGRESS, _DONE = "progress", "done"


class _Job:
    """What the worker sees of an op: plain Python, no Qt object."""

    __slots__ = ("number", "key", "work", "args", "value", "error", "finished")

    def __init__(self, number: int, key: str | None, work: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.number = number
        self.key = key
        self.work: Callable[..., Any] | None = work
        self.args: tuple[Any, ...] = args
        self.value: Any = None
        self.error: BaseException | None = None
        self.finished = threading.Event()


def _call(work: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Any, BaseException | None]:
    # A function of its own: a traceback then holds this frame, never the job (no cycle).
    try:
        return work(*args), None
    except BaseException as exc:  # handed to the window's thread and reported there
        return None, exc


def _close_this_threads_connection() -> None:
    database = db.obj
    if database is not None and not database.is_closed():
        database.close()


class _Mailbox:
    """What the window's thread and the worker share: plain Python under one lock, so the
    worker never touches a Qt object (not even a Python attribute of one)."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.waiting: deque[_Job] = deque()
        self.running: _Job | None = None
        self.outbox: deque[tuple[str, int, float | None, str]] = deque()
        self.woken = False  # a byte is on its way: no need to send another
        self.reader, self.writer = socket.socketpair()
        self.reader.setblocking(False)
        self.writer.setblocking(False)
        self.thread: threading.Thread | None = None

    def busy(self) -> bool:  # (lock held)
        return bool(self.waiting) or self.running is not None

    def post(self, item: tuple[str, int, float | None, str]) -> None:
        with self.lock:
            self.outbox.append(item)
            self._wake_locked()

    def _wake_locked(self) -> None:
        if not self.woken:
            self.woken = True
            try:
                self.writer.send(b"\0")
            except OSError:  # full (the window drains it anyway) or closed at exit
                pass

    def progress_for(self, number: int) -> Progress:
        def progress(fraction: float | None, message: str = "") -> None:
            self.post((_PROGRESS, number, fraction, message))

        return progress

    def work_loop(self) -> None:
        """The worker thread: one job after another, for as long as the program runs."""
        while True:
            with self.lock:
                while not self.waiting:
                    self.lock.wait()
                job = self.waiting.popleft()
                self.running = job
            assert job.work is not None
            job.value, job.error = _call(job.work, job.args)
            try:
                _close_this_threads_connection()
            except Exception as exc:  # e.g. a transaction the work left open: a bug
                if job.error is None:
                    job.error = exc
            with self.lock:
                self.running = None
                self.outbox.append((_DONE, job.number, None, ""))
                job.finished.set()
                del job  # let go before the window's thread can take the outcome
                self._wake_locked()
                self.lock.notify_all()


class OpRunner(QObject):
    """The one worker thread, and the hand-over of outcomes to the window's thread."""

    def __init__(self) -> None:
        super().__init__()
        self._mail = _Mailbox()
        self._ops: dict[int, BackgroundOp[Any]] = {}  # the window's thread only
        self._numbers = itertools.count(1)
        self._notifier = QSocketNotifier(self._mail.reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wake)

    def submit(self, op: BackgroundOp[Any], work: Callable[..., Any], *, with_progress: bool) -> _Job:
        """Queue ``work`` (BackgroundOp.run calls this); waiting ops with the op's key are dropped."""
        mail = self._mail
        number = next(self._numbers)
        args = (mail.progress_for(number), op.abort) if with_progress else ()
        job = _Job(number, op.key, work, args)
        with mail.lock:
            dropped = [waiting for waiting in mail.waiting if job.key is not None and waiting.key == job.key]
            for stale in dropped:
                mail.waiting.remove(stale)
            mail.waiting.append(job)
            self._ops[number] = op
            if mail.thread is None:
                mail.thread = threading.Thread(target=mail.work_loop, name="ledger-ops", daemon=True)
                mail.thread.start()
            mail.lock.notify_all()
        for stale in dropped:
            self._ops.pop(stale.number)._drop()
        return job

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every op run so far has finished and its handlers have been called
        (closing the window while a backup runs; tests). False if ``timeout`` s passed first."""
        mail = self._mail
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with mail.lock:
                while mail.busy():
                    left = None if deadline is None else deadline - time.monotonic()
                    if left is not None and left <= 0:
                        return False
                    mail.lock.wait(left)
            self.deliver()
            with mail.lock:  # a handler may have run another op
                if not mail.busy() and not mail.outbox:
                    return True

    def is_idle(self) -> bool:
        with self._mail.lock:
            return not self._mail.busy() and not self._mail.outbox

    @property
    def worker(self) -> threading.Thread | None:
        """The worker thread, once the first op has started it."""
        return self._mail.thread

    @Slot()
    def _on_wake(self) -> None:
        self.deliver()

    def deliver(self) -> None:
        """Hand every outcome that has arrived to its op, in the order the worker sent them.
        Safe to re-enter (a handler that opens a message box runs the event loop)."""
        mail = self._mail
        with mail.lock:
            try:
                while mail.reader.recv(4096):
                    pass
            except (BlockingIOError, InterruptedError):
                pass
            mail.woken = False
        while True:
            with mail.lock:
                if not mail.outbox:
                    return
                kind, number, fraction, message = mail.outbox.popleft()
            if kind == _PROGRESS:
                op = self._ops.get(number)
                if op is not None:
                    op._progressed(fraction, message)
            else:
                self._ops.pop(number)._finished()


_runner: OpRunner | None = None


def op_runner() -> OpRunner:
    """The application's one runner (created on first use, on the window's thread)."""
    global _runner
    if _runner is None:
        if QCoreApplication.instance() is None or threading.current_thread() is not threading.main_thread():
            raise RuntimeError("ops are run from the window's thread of a running QApplication")
        _runner = OpRunner()
    return _runner


class BackgroundOp(Generic[T]):
    """One piece of work for the worker thread and what becomes of its outcome.

    ``parent``: the widget (or other QObject, e.g. the counter's state) the outcome is for;
    None for work before any window exists. Its window holds the progress panel.
    ``work``: called on the worker as ``work()``, or ``work(progress, abort)`` after
    ``with_progress``; it must not touch Qt or widgets (capture plain values: the period,
    the path).
    """

    def __init__(self, parent: QObject | None, work: Callable[..., T]) -> None:
        self._parent = weakref.ref(parent) if parent is not None else None
        self._work: Callable[..., T] | None = work
        self._label: str | None = None
        self._cancellable = True
        self._passes_progress = False
        self._on_success: Callable[[T], object] | None = None
        self._on_failure: Callable[[Exception], object] | None = None
        self._on_outcome: Callable[[Any, BaseException | None], None] | None = None  # exec()
        self.key: str | None = None
        self.abort = threading.Event()
        self._job: _Job | None = None
        self._done = False
        self._last_progress: tuple[float | None, str] = (None, "")
        self._show_timer: QTimer | None = None
        self._panel: ProgressPanel | None = None
        self._blocker: _InputBlocker | None = None

    # --- building ----------------------------------------------------------------------

    def with_progress(self, label: str, *, cancellable: bool = True) -> BackgroundOp[T]:
        """Show ``label`` (in the user's words) with how far the work is, after a moment;
        ``work`` is then called with ``progress`` and ``abort``. ``cancellable=False``: no
        取消 (a restore cannot stop half-way)."""
        self._label = label
        self._cancellable = cancellable
        self._passes_progress = True
        return self

    def success(self, fn: Callable[[T], object]) -> BackgroundOp[T]:
        """``fn(value)`` on the window's thread with what ``work`` returned."""
        self._on_success = fn
        return self

    def failure(self, fn: Callable[[Exception], object]) -> BackgroundOp[T]:
        """``fn(problem)`` instead of the message box, for problems the user should read.
        Bugs never come here: they reach the crash hook."""
        self._on_failure = fn
        return self

    def replaces(self, key: str) -> BackgroundOp[T]:
        """A waiting op run earlier with the same ``key`` is dropped (its handlers are never
        called) and this one takes its turn: the newest request is the one that counts."""
        self.key = key
        return self

    # --- running -----------------------------------------------------------------------

    def run(self) -> BackgroundOp[T]:
        """Queue the work for the worker thread and return at once."""
        if self._job is not None or self._work is None:
            raise RuntimeError("an op runs once")
        self._job = op_runner().submit(self, self._work, with_progress=self._passes_progress)
        if self._label is not None:
            self._show_timer = QTimer()
            self._show_timer.setSingleShot(True)
            self._show_timer.setInterval(SHOW_AFTER_MS)
            self._show_timer.timeout.connect(self._show_panel)
            self._show_timer.start()
        return self

    def exec(self) -> T:
        """Run and return the work's value (or raise what it raised) once it is done.

        Meanwhile the window paints and its timers run, but it takes no input (as a modal
        dialog would): for a restore, which replaces the database, or work before the window
        exists. The progress panel appears after a moment as with ``run``. ``success`` and
        ``failure`` are not used. If the application quits meanwhile, the work is still
        finished, not cut off.
        """
        if self._label is None:
            self._label, self._cancellable = tr(WAIT_TEXT), False
        outcome: list[tuple[Any, BaseException | None]] = []
        loop = QEventLoop()

        def arrived(value: Any, error: BaseException | None) -> None:
            outcome.append((value, error))
            loop.quit()

        self._on_outcome = arrived
        self._blocker = _InputBlocker(self)
        app = QCoreApplication.instance()
        assert app is not None
        app.installEventFilter(self._blocker)
        self.run()
        if not outcome:
            loop.exec()
        if not outcome:  # the event loops were told to end (the program is closing)
            self.wait()
        value, error = outcome[0]
        if error is not None:
            raise error
        return value

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work is finished and its handlers have been called (closing a
        window: a backup is never cut off). False if ``timeout`` seconds passed first."""
        if self._job is None:
            raise RuntimeError("an op waits only after run()")
        if not self._done and not self._job.finished.wait(timeout):
            return False
        op_runner().deliver()
        return self._done

    def is_done(self) -> bool:
        """Finished and handed over (or dropped for a newer one): nothing more will happen."""
        return self._done

    def cancel(self) -> None:
        """What 取消 does: ask the work to stop (it looks at ``abort`` when it can)."""
        self.abort.set()
        if self._panel is not None and shiboken6.isValid(self._panel):
            self._panel.stopping()

    # --- the outcome, on the window's thread -------------------------------------------

    def _parent_alive(self) -> bool:
        if self._parent is None:
            return True
        parent = self._parent()
        return parent is not None and shiboken6.isValid(parent)

    def _parent_widget(self) -> QWidget | None:
        parent = self._parent() if self._parent is not None else None
        return parent if isinstance(parent, QWidget) else None

    def _progressed(self, fraction: float | None, message: str) -> None:
        self._last_progress = (fraction, message)
        if self._panel is not None and shiboken6.isValid(self._panel):
            self._panel.show_progress(fraction, message)

    def _drop(self) -> None:
        if self._job is not None:
            self._job.work, self._job.args = None, ()
        self._end()

    def _finished(self) -> None:
        job = self._job
        assert job is not None
        value, error = job.value, job.error
        job.work, job.args, job.value, job.error = None, (), None, None
        on_outcome = self._on_outcome
        self._end()
        if on_outcome is not None:
            on_outcome(value, error)
            return
        try:
            if error is not None:
                self._report(error)
            elif self._on_success is not None and self._parent_alive():
                self._on_success(value)
        except BaseException as exc:  # a handler failed: the same way as the work's own problems
            self._report(exc, use_handler=False)
        finally:
            self._on_success = self._on_failure = None

    def _report(self, error: BaseException, *, use_handler: bool = True) -> None:
        problem = error if isinstance(error, EXPECTED) else None
        if problem is None and isinstance(error, Exception):
            problem = environment_problem(error)
        if problem is None:
            sys.excepthook(type(error), error, error.__traceback__)  # a bug: the crash dialog
            return
        if not self._parent_alive():
            return
        if use_handler and self._on_failure is not None:
            self._on_failure(problem)
        else:
            show_problem(self._parent_widget(), problem)

    def _end(self) -> None:
        self._done = True
        self._work = None
        if self._show_timer is not None:
            self._show_timer.stop()
            self._show_timer = None
        if self._panel is not None:
            if shiboken6.isValid(self._panel):
                self._panel.finish()
            self._panel = None
        if self._blocker is not None:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self._blocker)
            self._blocker = None

    def _show_panel(self) -> None:
        self._show_timer = None
        if self._done or not self._parent_alive():
            return
        parent = self._parent_widget()
        host = parent.window() if parent is not None else None
        cancel = self.cancel if self._cancellable else None
        self._panel = ProgressPanel(host, self._label or tr(WAIT_TEXT), cancel)
        self._panel.show_progress(*self._last_progress)
        if self.abort.is_set():
            self._panel.stopping()
        self._panel.appear()

    @property
    def panel(self) -> ProgressPanel | None:
        """The progress panel while it is on the screen (for tests and screenshots)."""
        return self._panel


class _InputBlocker(QObject):
    """While ``exec()`` runs: no key, click or close reaches any window, except the panel."""

    BLOCKED = frozenset({
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.ContextMenu,
        QEvent.Type.Close,
    })

    def __init__(self, op: BackgroundOp[Any]) -> None:
        super().__init__()
        self.op = op

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() not in self.BLOCKED or not isinstance(watched, QWidget):
            return False
        if event.type() == QEvent.Type.Close and not event.spontaneous():
            return False  # the program closing a window itself
        panel = self.op.panel
        if panel is not None and shiboken6.isValid(panel) and (watched is panel or panel.isAncestorOf(watched)):
            return False
        modal = QApplication.activeModalWidget()  # a message box opened meanwhile stays answerable
        if modal is not None and (watched is modal or modal.isAncestorOf(watched)):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # taken here, so no shortcut fires either
        return True

"""The program survives the Qt binding's stolen references to None and True."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from ui.qt_binding import HEADROOM, keep_singletons_alive

ROOT = Path(__file__).resolve().parents[2]

# Many more calls than None and True have references at the start, each of the kinds that
# steal one on PySide6 6.12.0 with Python 3.11 (without the fix this aborts in the first loop).
BUSY_PROGRAM = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QLabel
    from ui.app import create_application

    # More calls than None and True have references before the program gives them headroom.
    calls = 3 * (sys.getrefcount(None) + sys.getrefcount(True)) + 50_000
    app = create_application()

    class Sender(QObject):
        changed = Signal(bool)

    sender = Sender()
    sender.changed.connect(lambda value: None)
    label = QLabel()
    for _ in range(calls):
        label.setText("x")
        sender.changed.emit(True)
        app.processEvents()
    print("survived", calls, flush=True)
    """
)


def test_a_busy_program_is_not_aborted_by_stolen_references() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BUSY_PROGRAM], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("survived"), result.stdout


def test_none_true_and_false_have_room_to_lose_references() -> None:
    # conftest.py made the same call create_application() makes; a second call adds nothing.
    before = [sys.getrefcount(obj) for obj in (None, True, False)]
    keep_singletons_alive()
    after = [sys.getrefcount(obj) for obj in (None, True, False)]
    if sys.version_info < (3, 12):
        assert min(before) > HEADROOM // 2
    assert after == before

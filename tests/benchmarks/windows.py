"""The program's start screen as the benchmarks open it: one script, run in a fresh interpreter.

``python -c OPEN_LEDGER_WINDOW <ledger>`` leaves ``app``, ``database`` and ``window`` (shown
at 1366×740, the start screen) for what a benchmark appends: bench_desk quits at once to time
start-up, bench_login goes on to log in.
"""
from __future__ import annotations

OPEN_LEDGER_WINDOW = """
import sys
from ui.app import create_application
from models.storage import open_ledger
app = create_application()
database = open_ledger(sys.argv[1])
from ui.main_window import MainWindow
window = MainWindow()
window.resize(1366, 740)
window.show()
"""

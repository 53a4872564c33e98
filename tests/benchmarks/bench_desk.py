"""Benchmark: start-up to the first shown window, and the latency of saving one form.

    python tests/benchmarks/bench_desk.py [--runs 7] [--saves 1000] [--saves-only]

Prints figures only; nothing here asserts a time. Start-up is measured from outside, as the
wall time from launching a fresh interpreter until its first window has been shown, for a
bare PySide6 window and for service-ledger's start screen in the same run (the ratio is what
compares across machines). Save latency is one complete save_response (validation, the
response, 11 answers and the audit row in one transaction) with synchronous=FULL, as wall
time per save and as the process's CPU time over all saves (what the program itself costs,
without the wait for the disk).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from windows import OPEN_LEDGER_WINDOW  # beside this script

ROOT = Path(__file__).resolve().parents[2]

BARE_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.resize(1366, 740)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
print("shown", flush=True)
"""

LEDGER_WINDOW = OPEN_LEDGER_WINDOW + """
from PySide6.QtCore import QTimer
QTimer.singleShot(0, app.quit)
app.exec()
print("shown", flush=True)
"""


def time_to_window(code: str, *args: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    elapsed = time.perf_counter() - started
    assert "shown" in result.stdout, result.stderr
    return elapsed


def bench_startup(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db_path = os.path.join(folder, "bench.db")
        subprocess.run([sys.executable, "main.py", "demo", "--db", db_path], cwd=ROOT, check=True, capture_output=True)
        bare, ledger = [], []
        for _ in range(runs):  # interleaved, so both see the same machine load
            bare.append(time_to_window(BARE_WINDOW))
            ledger.append(time_to_window(LEDGER_WINDOW, db_path))
    bare_ms, ledger_ms = statistics.median(bare) * 1000, statistics.median(ledger) * 1000
    print(f"start-up to first window (median of {runs}, QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'default')})")
    print(f"  bare PySide6 window      {bare_ms:8.1f} ms")
    print(f"  service-ledger start     {ledger_ms:8.1f} ms")
    print(f"  ratio                    {ledger_ms / bare_ms:8.2f}")


def bench_saves(saves: int) -> None:
    sys.path.insert(0, str(ROOT))
    from models.accounts import Role
    from models.storage import open_ledger
    from models.survey.forms import ResponseInput, save_response, start_batch
    from models.users import create_first_secretary, create_user

    with tempfile.TemporaryDirectory() as folder:
        database = open_ledger(Path(folder) / "bench.db")
        synchronous = database.execute_sql("PRAGMA synchronous").fetchone()[0]
        secretary = create_first_secretary("研考", "246813", "246813")
        volunteer = create_user(secretary, "志工", Role.VOLUNTEER)
        batch = start_batch(volunteer, dt.date.today(), None)
        entry = ResponseInput({code: 1 + n % 5 for n, code in enumerate("ABCDEFGHIJK")})
        timings = []
        cpu_started = time.process_time()
        for _ in range(saves):
            started = time.perf_counter_ns()
            save_response(volunteer, batch, entry)
            timings.append((time.perf_counter_ns() - started) / 1e6)
        cpu_ms = (time.process_time() - cpu_started) * 1000 / saves
        database.close()
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(f"save one form ({saves} saves, PRAGMA synchronous={synchronous} (2 = FULL))")
    print(f"  CPU {cpu_ms:.2f} ms per save (process time: Python and SQLite, not the wait for the disk)")
    print(f"  wall median {statistics.median(timings):.2f} ms   p99 {p99:.2f} ms   max {timings[-1]:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--saves-only", action="store_true", help="skip the start-up measurement")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not args.saves_only:
        bench_startup(args.runs)
    bench_saves(args.saves)


if __name__ == "__main__":
    main()

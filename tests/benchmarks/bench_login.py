"""Benchmark: from choosing a name to the first screen, and the first showing of every other.

    python tests/benchmarks/bench_login.py [--runs 9]

Prints figures only; nothing here asserts a time. Each run is a fresh interpreter on the
demo ledger, as after a start: the window's start screen is shown, then the clock runs for
one login (each role's start screen on the screen, events processed) and, for the
secretary, for the first press of each other F-key. Start-up to the start screen itself is
bench_desk's; this is what comes after it.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from windows import OPEN_LEDGER_WINDOW  # beside this script

ROOT = Path(__file__).resolve().parents[2]

LOGIN = OPEN_LEDGER_WINDOW + """
import json, time
from models.accounts import User
app.processEvents()
user = User.get(User.role == sys.argv[2])
started = time.perf_counter()
window.log_in(user)
app.processEvents()
figures = {"login": time.perf_counter() - started}
workspace = window.workspace
for index, screen in enumerate(workspace.screens):
    if index == workspace.home:
        continue
    started = time.perf_counter()
    workspace.show_screen(index)
    app.processEvents()
    figures[screen.key] = time.perf_counter() - started
print(json.dumps(figures), flush=True)
"""


def one_run(db_path: str, role: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", LOGIN, db_path, role], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        db_path = os.path.join(folder, "bench.db")
        subprocess.run([sys.executable, "main.py", "demo", "--db", db_path], cwd=ROOT, check=True, capture_output=True)
        roles = ("volunteer", "secretary")
        runs: dict[str, list[dict[str, float]]] = {role: [] for role in roles}
        for _ in range(args.runs):  # interleaved, so every role sees the same machine load
            for role in roles:
                runs[role].append(one_run(db_path, role))
    print(f"log in to the first screen, then each other screen's first showing (median of {args.runs}, ms)")
    for role in roles:
        keys = list(runs[role][0])
        medians = {key: statistics.median(run[key] for run in runs[role]) * 1000 for key in keys}
        others = "  ".join(f"{key} {value:.0f}" for key, value in medians.items() if key != "login")
        print(f"  {role:<10} login {medians['login']:7.1f}   {others}")


if __name__ == "__main__":
    main()

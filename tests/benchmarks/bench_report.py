"""Benchmark: building the half-year report (PDF and Excel) beside the bare statistics.

    python tests/benchmarks/bench_report.py [--events 500000] [--runs 5]

Prints figures only; nothing here asserts a time. Three SQLite databases, each opened with
open_ledger as the program opens them:

- demo: ``create_demo`` (the reference half-year 106H1 and nothing else);
- 1 year: the demo, its half-year copied into 106H2, and ``--events`` ÷ 10 press-level
  service events over 2017;
- 10 years: the demo's half-year copied into each half-year of 2008–2017, and ``--events``
  press-level service events over those ten years (as bench_service.py loads them).

A copy moves every dated row of the half-year (forms and their answers, service counts,
petitions, courtesy tests, training, events, monthly figures, payment channels) by whole
half-years, in SQL, without audit rows (no figure reads them). Each database therefore has
the same 106H1, and its report prints the same figures; only the size around it differs.

For 106H1 it times (median of ``--runs``, after one warm-up): ``period_statistics`` (what
``stats`` computes), the whole PDF (texts, seal, figures, layout, ``write_pdf``) and the whole
workbook, with the peak of Python's allocations (tracemalloc) for each; then the ratios PDF ÷
statistics and 10 years ÷ 1 year.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import logging
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.accounts import Role, User  # noqa: E402
from models.db import db  # noqa: E402
from models.demo import create_demo  # noqa: E402
from models.rocdate import parse_period  # noqa: E402
from models.storage import open_ledger  # noqa: E402
from reports.excel import workbook_bytes  # noqa: E402
from reports.fonts import report_font  # noqa: E402
from reports.halfyear import half_year_report  # noqa: E402
from reports.pdf import write_pdf  # noqa: E402
from reports.statistics import period_statistics  # noqa: E402
from tests.benchmarks.bench_service import load_events  # noqa: E402

PERIOD = parse_period("106H1")
DEMO_HALF = (2017, 1)  # the half-year create_demo fills
# Each table copied with the half-year: its dated columns, and the ids it takes from another copied table.
DATED = {
    "survey_batch": ("survey_date",),
    "survey_response": ("survey_date",),
    "survey_answer": (),
    "service_event": ("day",),
    "petition": ("received_on", "due_on", "closed_on"),
    "courtesy_test": ("day",),
    "training_session": ("day",),
    "event": ("day",),
    "monthly_figure_value": ("month",),
    "payment_channel_value": ("month",),
}
REFERENCES = {"survey_response": {"batch_id": "survey_batch"}, "survey_answer": {"response_id": "survey_response"}}
ID_STEP = 1_000_000  # the n-th copy's ids start at n × this (the demo's are far below)


def copy_half_year(path: Path, halves: list[int]) -> None:
    """Copy the demo's half-year ``halves`` half-years away (−1: the half-year before)."""
    connection = sqlite3.connect(path)
    with connection:
        for n, half in enumerate(halves, start=1):
            shift, offset = f"{6 * half:+d} months", n * ID_STEP
            for table, dated in DATED.items():
                columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
                picked = []
                for column in columns:
                    if column == "id" or column in REFERENCES.get(table, {}):
                        picked.append(f'"{column}" + {offset}')
                    elif column in dated:
                        picked.append(f"date(\"{column}\", '{shift}')")
                    else:
                        picked.append(f'"{column}"')
                names = ", ".join(f'"{column}"' for column in columns)
                connection.execute(
                    f'INSERT INTO "{table}" ({names}) SELECT {", ".join(picked)} FROM "{table}" WHERE id < {ID_STEP}'
                )
    connection.close()


def make_demo(path: Path) -> None:
    open_ledger(path)
    create_demo()
    db.close()


def make_years(path: Path, halves: list[int], events: int, first: dt.date, last: dt.date) -> None:
    make_demo(path)
    copy_half_year(path, halves)
    open_ledger(path)
    people = [user.id for user in User.select().where(User.role != Role.SECRETARY.value)]
    load_events(events, first, last, people, seed=2017)
    db.close()


def median_ms(work: Callable[[], object], runs: int) -> float:
    work()  # warm-up: the first read fills SQLite's cache and imports reportlab's parts
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def peak_mb(work: Callable[[], object]) -> float:
    tracemalloc.start()
    work()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def measure(path: Path, runs: int) -> dict[str, float]:
    open_ledger(path, read_only=True)
    font = report_font()

    def pdf() -> int:
        return write_pdf(half_year_report(PERIOD), io.BytesIO(), font)

    def workbook() -> bytes:
        return workbook_bytes(half_year_report(PERIOD))

    def bare() -> object:
        return period_statistics(PERIOD)

    figures = {
        "stats_ms": median_ms(bare, runs),
        "pdf_ms": median_ms(pdf, runs),
        "xlsx_ms": median_ms(workbook, runs),
        "stats_mb": peak_mb(bare),
        "pdf_mb": peak_mb(pdf),
        "xlsx_mb": peak_mb(workbook),
        "size_mb": path.stat().st_size / 1e6,
    }
    db.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500_000, help="press-level service events over ten years")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("peewee").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        paths = {name: Path(folder) / f"{name}.db" for name in ("demo", "1 year", "10 years")}
        started = time.perf_counter()
        make_demo(paths["demo"])
        make_years(paths["1 year"], [1], args.events // 10, dt.date(2017, 1, 1), dt.date(2017, 12, 31))
        ten = [half for half in range(-18, 2) if half != 0]  # 2008H1 … 2017H2 around the demo's
        make_years(paths["10 years"], ten, args.events, dt.date(2008, 1, 1), dt.date(2017, 12, 31))
        print(f"built the databases in {time.perf_counter() - started:.1f} s")
        results = {name: measure(path, args.runs) for name, path in paths.items()}
    print(f"\nreport of {PERIOD.label}, median of {args.runs} runs (ms); peak Python allocations (MB)")
    print(f"{'database':<10}{'file MB':>9}{'stats':>9}{'PDF':>9}{'Excel':>9}{'PDF÷stats':>11}"
          f"{'stats MB':>10}{'PDF MB':>9}{'Excel MB':>10}")
    for name, r in results.items():
        print(f"{name:<10}{r['size_mb']:>9.1f}{r['stats_ms']:>9.1f}{r['pdf_ms']:>9.1f}{r['xlsx_ms']:>9.1f}"
              f"{r['pdf_ms'] / r['stats_ms']:>11.1f}{r['stats_mb']:>10.1f}{r['pdf_mb']:>9.1f}{r['xlsx_mb']:>10.1f}")
    one, ten_years = results["1 year"], results["10 years"]
    print("\n10 years ÷ 1 year: " + ", ".join(
        f"{label} {ten_years[key] / one[key]:.2f}×" for label, key in
        (("stats", "stats_ms"), ("PDF", "pdf_ms"), ("Excel", "xlsx_ms"), ("file", "size_mb"))
    ))


if __name__ == "__main__":
    main()

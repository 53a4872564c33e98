"""Benchmark: a period's service-centre figures over a large SQLite table.

    python tests/benchmarks/bench_service.py [--rows 1000000] [--runs 7]

Prints figures only; nothing here asserts a time. Builds two SQLite databases with
open_ledger (schema, seed, pragmas as the program uses them): one holding one year of
counts (2017, rows ÷ 10 events) and one holding ten years (2013–2022, ``--rows`` events),
at the same density per day and spread over the 9 categories in the reference's
proportions, about 1% of them voided. The events are bulk-loaded with insert_many in
chunks inside transactions and without audit rows (the program writes one audit row per
event; the statistics never read the audit table, so leaving them out changes nothing
measured here and keeps the build short).

For the half year 2017-01-01..2017-06-30 it then times (median of ``--runs``, after one
warm-up) reports.statistics.service_figures(period), the whole path the report takes, and
the bare SQL aggregate through sqlite3, and prints both, their ratio and how each grows
from the 1-year to the 10-year table. EXPLAIN QUERY PLAN shows which index each query reads:
``service_event_period`` (day, category, count, amount; voided rows left out) covers the
query, so its cost should follow the period's length, not the size of the table.
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import peewee  # noqa: E402

from models.accounts import Role
from models.db import db  # noqa: E402
from models.rocdate import Period  # noqa: E402
from models.service.categories import categories
from models.service.counts import ServiceEvent  # noqa: E402
from models.storage import open_ledger  # noqa: E402
from models.users import create_first_secretary, create_user  # noqa: E402
from reports.statistics import service_figures  # noqa: E402

PERIOD = Period(dt.date(2017, 1, 1), dt.date(2017, 6, 30))
AGGREGATE = (
    "SELECT category_id, SUM(count), SUM(amount) FROM service_event "
    "WHERE day BETWEEN ? AND ? AND voided_at IS NULL GROUP BY category_id"
)
# the reference half year's 人次 per category, A–I: the mix of a real counter
MIX = {"A": 7458, "B": 7841, "C": 1875, "D": 722, "E": 45, "F": 14, "G": 315, "H": 846, "I": 6497}
CHUNK = 1000  # rows per INSERT (11 columns: 11,000 variables, under SQLite's 32,766)
ROWS_PER_TRANSACTION = 50_000
FIELDS = [
    ServiceEvent.category, ServiceEvent.day, ServiceEvent.count, ServiceEvent.amount, ServiceEvent.receipt_no,
    ServiceEvent.source, ServiceEvent.created_by, ServiceEvent.created_at, ServiceEvent.voided_at,
    ServiceEvent.voided_by, ServiceEvent.void_reason,
]


def fake_events(rows: int, first: dt.date, last: dt.date, people: list[int], rng: random.Random):
    """``rows`` events in day order, evenly over [first, last], as tuples in FIELDS order."""
    ids = {c.code: c.id for c in categories()}
    codes = list(MIX)
    weights = [MIX[code] for code in codes]
    days = (last - first).days + 1
    for n in range(rows):
        day = first + dt.timedelta(days=n * days // rows)
        code = rng.choices(codes, weights)[0]
        created_at = dt.datetime.combine(day, dt.time(8 + n % 9, n % 60))
        who = people[n % len(people)]
        if code == "G":
            count, amount, receipt, source = 1, rng.randint(100, 20_000), f"R{n:08d}", "payment"
        elif n % 10 == 0:
            count, amount, receipt, source = rng.randint(2, 12), None, None, "group"
        else:
            count, amount, receipt, source = 1, None, None, "press"
        voided = n % 97 == 0
        yield (
            ids[code], day, count, amount, receipt, source, who, created_at,
            created_at + dt.timedelta(minutes=1) if voided else None,
            who if voided else None,
            "按 Ctrl+Z 取消誤按" if voided else None,
        )


def start_ledger(path: Path) -> tuple[peewee.Database, list[int]]:
    """A new database with a secretary and one person at each desk (their ids)."""
    database = open_ledger(path)
    secretary = create_first_secretary("研考", "246813", "246813")
    people = [create_user(secretary, name, role).id for name, role in (
        ("總機", Role.OPERATOR), ("志工", Role.VOLUNTEER), ("輪值", Role.DUTY))]
    return database, people


def load_events(
    rows: int, first: dt.date, last: dt.date, people: list[int], seed: int,
    also: Callable[[int, list[tuple]], None] = lambda first_id, chunk: None,
) -> None:
    """Insert ``rows`` fake events in large transactions; ``also`` sees each chunk (and the id
    of its first row) inside the same transaction."""
    events = fake_events(rows, first, last, people, random.Random(seed))
    loaded = 0
    while loaded < rows:
        with db.atomic():
            for _ in range(0, min(ROWS_PER_TRANSACTION, rows - loaded), CHUNK):
                chunk = [event for _, event in zip(range(CHUNK), events)]
                if not chunk:
                    break
                ServiceEvent.insert_many(chunk, fields=FIELDS).execute()
                also(loaded + 1, chunk)
                loaded += len(chunk)


def build(path: Path, rows: int, first: dt.date, last: dt.date) -> float:
    started = time.perf_counter()
    database, people = start_ledger(path)
    load_events(rows, first, last, people, seed=2017)
    database.close()
    return time.perf_counter() - started


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up: the page cache, prepared statements
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


class CapturedSql(logging.Handler):
    """Catch the SQL peewee sends, to show the plan of the query the program really runs."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.queries: list[tuple[str, tuple]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, tuple) and len(record.msg) == 2:
            self.queries.append((record.msg[0], tuple(record.msg[1])))


def plan(connection: sqlite3.Connection, sql: str, params: tuple) -> list[str]:
    return [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, params)]


# VDBE opcodes whose P1 is a cursor they read a row (or its position) through
TABLE_READS = {"Column", "Rowid", "RowData", "SeekRowid", "NotExists", "Rewind", "Last", "Next", "Prev",
               "SeekGE", "SeekGT", "SeekLE", "SeekLT"}


def reads_the_table(connection: sqlite3.Connection, sql: str, params: tuple) -> bool:
    """Whether the compiled query reads a column of service_event itself, not only the index.

    SQLite 3.40 labels the plan "USING INDEX" rather than "USING COVERING INDEX" because
    voided_at is not an index column (the partial index's WHERE implies it), and opens the
    table with a DeferredSeek; the bytecode shows whether that seek is ever used.
    """
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'service_event'").fetchone()[0]
    program = connection.execute("EXPLAIN " + sql, params).fetchall()
    cursors = {p1 for _, opcode, p1, p2, *_ in program if opcode == "OpenRead" and p2 == root}
    return any(p1 in cursors and opcode in TABLE_READS for _, opcode, p1, *_ in program)


def program_query() -> tuple[str, tuple]:
    """The service_event query that service_figures sends (found by its GROUP BY)."""
    logger = logging.getLogger("peewee")
    handler, level = CapturedSql(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        service_figures(PERIOD)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return next((sql, params) for sql, params in handler.queries if "service_event" in sql and "GROUP BY" in sql)


def measure(path: Path, runs: int, show_plan: bool) -> dict[str, float]:
    params = (PERIOD.start.isoformat(), PERIOD.end.isoformat())
    bare = sqlite3.connect(path)
    try:
        table_rows = bare.execute("SELECT COUNT(*) FROM service_event").fetchone()[0]
        period_rows = bare.execute(
            "SELECT COUNT(*) FROM service_event WHERE day BETWEEN ? AND ? AND voided_at IS NULL", params
        ).fetchone()[0]
        bare_rows = bare.execute(AGGREGATE, params).fetchall()
        bare_ms = median_ms(lambda: bare.execute(AGGREGATE, params).fetchall(), runs)
        database = open_ledger(path)
        try:
            figures = service_figures(PERIOD)
            figures_ms = median_ms(lambda: service_figures(PERIOD), runs)
            sql, program_params = program_query()
        finally:
            database.close()
        # the two must agree, or the comparison means nothing
        assert figures.total == sum(row[1] for row in bare_rows)
        if show_plan:
            print("  EXPLAIN QUERY PLAN, bare aggregate:")
            for line in plan(bare, AGGREGATE, params):
                print(f"    {line}")
            print("  EXPLAIN QUERY PLAN, the query service_figures sends:")
            print(f"    ({sql})")
            for line in plan(bare, sql, program_params):
                print(f"    {line}")
            for label, query, values in (("bare aggregate", AGGREGATE, params), ("service_figures", sql, program_params)):
                verdict = "yes" if reads_the_table(bare, query, values) else "no: the index covers it"
                print(f"  reads service_event rows, {label}: {verdict}")
    finally:
        bare.close()
    return {"table": table_rows, "period": period_rows, "figures": figures_ms, "bare": bare_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="events in the 10-year table")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"SQLite {sqlite3.sqlite_version}; period {PERIOD.start}..{PERIOD.end}; median of {args.runs} runs")
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for label, rows, first, last in (
            ("1 year", args.rows // 10, dt.date(2017, 1, 1), dt.date(2017, 12, 31)),
            ("10 years", args.rows, dt.date(2013, 1, 1), dt.date(2022, 12, 31)),
        ):
            path = Path(folder) / f"{label.replace(' ', '-')}.db"
            seconds = build(path, rows, first, last)
            size = path.stat().st_size / 2**20
            print(f"\n{label}: {rows:,} events {first}..{last} loaded in {seconds:.1f} s ({size:.0f} MiB)")
            results[label] = measure(path, args.runs, show_plan=label == "10 years")
    print()
    print(f"{'table':<10}{'events':>12}{'in period':>12}{'service_figures':>18}{'bare SQL':>12}{'ratio':>8}")
    for label, r in results.items():
        print(
            f"{label:<10}{r['table']:>12,}{r['period']:>12,}{r['figures']:>15.2f} ms"
            f"{r['bare']:>9.2f} ms{r['figures'] / r['bare']:>8.2f}"
        )
    one, ten = results["1 year"], results["10 years"]
    print(
        f"{'growth':<10}{ten['table'] / one['table']:>11.1f}×{ten['period'] / one['period']:>11.2f}×"
        f"{ten['figures'] / one['figures']:>17.2f}×{ten['bare'] / one['bare']:>11.2f}×"
    )


if __name__ == "__main__":
    main()

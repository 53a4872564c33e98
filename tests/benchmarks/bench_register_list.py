"""Benchmark: a register's long list (the petitions' tab of 登記簿) with thousands of rows.

    python tests/benchmarks/bench_register_list.py [--rows 5000] [--runs 5]

Prints figures only; nothing here asserts a time. Builds an SQLite ledger with open_ledger and
bulk-loads ``--rows`` petitions (insert_many, without audit rows: the list never reads them),
then times (median of ``--runs``, after one warm-up):

- the read on the ops' worker: ``listed_petitions`` (the query, the users' names joined);
- what the window's thread does with the rows: the model's reset and the table laid out and
  painted at 1366×700, the long-list table (one line per row, columns fitted to a sample);
- the same with ``readable_table`` (rows wrapped and each sized to its text), for comparison:
  what the window would spend if the long list had kept the set-up lists' table.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from models.base import now  # noqa: E402
from models.registers.petitions import Petition, listed_petitions  # noqa: E402
from models.storage import open_ledger  # noqa: E402
from models.users import create_first_secretary  # noqa: E402
from ui.app import create_application  # noqa: E402
from ui.registers.petitions import SUMMARY_COLUMN, PetitionsModel  # noqa: E402
from ui.widgets.tables import long_list_table, readable_table  # noqa: E402

CHUNK = 500


def median_ms(work: Callable[[], object], runs: int) -> float:
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def load(rows: int, secretary_id: int) -> None:
    start = dt.date(2010, 1, 1)
    values = [
        {
            "received_on": start + dt.timedelta(days=n % 3000), "channel": "phone", "category": "rights",
            "summary": f"第 {n} 件：查封動產拍賣期日及程序之詢問，民眾希望以書面答復", "handling_unit": "執行科",
            "due_on": start + dt.timedelta(days=n % 3000 + 30), "closed_on": None if n % 3 else start + dt.timedelta(days=n % 3000 + 2),
            "confidential": n % 50 == 0, "created_by": secretary_id, "created_at": now(),
        }
        for n in range(rows)
    ]
    with Petition._meta.database.atomic():
        for first in range(0, rows, CHUNK):
            Petition.insert_many(values[first:first + CHUNK]).execute()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = create_application()
    with tempfile.TemporaryDirectory() as folder:
        database = open_ledger(Path(folder) / "ledger.db")
        secretary = create_first_secretary("林秘書", "246813", "246813")
        load(args.rows, secretary.id)
        records = listed_petitions(secretary)
        print(f"{len(records):,} petitions")
        print(f"read on the worker (listed_petitions):       {median_ms(lambda: listed_petitions(secretary), args.runs):8.1f} ms")
        for name, make in (("long-list table", long_list_table), ("readable_table (wrapped rows)", readable_table)):
            model = PetitionsModel()
            table = make(model, SUMMARY_COLUMN)
            table.resize(1366, 700)
            table.show()

            def show() -> None:
                model.set_records(records)
                table.viewport().repaint()
                app.processEvents()

            print(f"window's thread, {name + ':':31} {median_ms(show, args.runs):8.1f} ms")
            table.close()
        database.close()


if __name__ == "__main__":
    main()

"""Benchmark: what SQLite's own file check costs on ten years of data.

    python tests/benchmarks/bench_integrity.py [--rows 1000000] [--forms 3400] [--runs 3]

Prints figures only; nothing here asserts a time. Builds one SQLite database with
open_ledger (schema, seed, pragmas as the program uses them) holding ten years
(2013–2022) of a branch office: ``--rows`` service events spread as bench_service.py
spreads them, ``--forms`` survey forms with their 11 answers each, and one audit row per
event and per form (the program writes one for each). Then, with the file in the page cache
(a second run of the program, the usual case at the start of a day), it times, median of
``--runs``:

- reading the file once from start to end (the floor: every page read, no checking);
- ``SELECT COUNT(*)`` over service_event and over audit_entry (what a plain query costs);
- ``PRAGMA quick_check`` (every page and b-tree, no index-to-table comparison);
- ``PRAGMA integrity_check`` (also every index against its table);
- models.db.file_integrity_problems(path, full=True), as open_ledger runs it;

and prints each beside the file read as a ratio.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from bench_service import FIELDS, load_events, start_ledger  # noqa: E402

from models.audit import AuditEntry  # noqa: E402
from models.db import db, file_integrity_problems  # noqa: E402
from models.survey.forms import SurveyAnswer, SurveyResponse  # noqa: E402
from models.survey.questionnaire import QuestionItem, active_questionnaire  # noqa: E402

FIRST, LAST = dt.date(2013, 1, 1), dt.date(2022, 12, 31)
AUDIT_FIELDS = [AuditEntry.at, AuditEntry.user, AuditEntry.table_name, AuditEntry.record_id,
                AuditEntry.action, AuditEntry.before, AuditEntry.after]


def event_snapshot(event_id: int, event: tuple) -> str:
    """The audit row's ``after`` as the program writes it (model_to_dict of the event)."""
    names = [field.name for field in FIELDS]
    values = {name: (value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value)
              for name, value in zip(names, event)}
    return json.dumps({"id": event_id, **values}, ensure_ascii=False)


def build(path: Path, rows: int, forms: int) -> float:
    started = time.perf_counter()
    database, people = start_ledger(path)
    rng = random.Random(2013)

    def audit(first_id: int, chunk: list[tuple]) -> None:
        AuditEntry.insert_many(
            [(event[7], event[6], "service_event", first_id + n, "insert", None,
              event_snapshot(first_id + n, event)) for n, event in enumerate(chunk)],
            fields=AUDIT_FIELDS,
        ).execute()

    load_events(rows, FIRST, LAST, people, seed=2013, also=audit)
    questionnaire = active_questionnaire()
    items = list(QuestionItem.select().where(QuestionItem.questionnaire == questionnaire)
                 .order_by(QuestionItem.position))
    days = (LAST - FIRST).days + 1
    with db.atomic():
        for n in range(forms):
            day = FIRST + dt.timedelta(days=n * days // forms)
            at = dt.datetime.combine(day, dt.time(10, n % 60))
            response = SurveyResponse.create(questionnaire=questionnaire, survey_date=day, comment="",
                                             created_by=people[1], created_at=at)
            choices = [rng.randint(1, 5) for _ in items]
            SurveyAnswer.insert_many(
                [(response.id, item.id, choice) for item, choice in zip(items, choices)],
                fields=[SurveyAnswer.response, SurveyAnswer.item, SurveyAnswer.choice],
            ).execute()
            after = {**response.snapshot(), "answers": {item.code: c for item, c in zip(items, choices)}}
            AuditEntry.insert_many([(at, people[1], "survey_response", response.id, "insert", None,
                                     json.dumps(after, ensure_ascii=False))], fields=AUDIT_FIELDS).execute()
    database.close()
    return time.perf_counter() - started


def median_s(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up: the page cache
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def read_file(path: Path) -> None:
    with path.open("rb", buffering=0) as handle:
        while handle.read(1 << 20):
            pass


def pragma(path: Path, name: str) -> None:
    connection = sqlite3.connect(path)
    try:
        result = connection.execute(f"PRAGMA {name}").fetchall()
        assert result == [("ok",)], result  # the bench file is intact, or the figures mean nothing
    finally:
        connection.close()


def count(path: Path, table: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="service events over ten years")
    parser.add_argument("--forms", type=int, default=3_400, help="survey forms over ten years")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ten-years.db"
        seconds = build(path, args.rows, args.forms)
        connection = sqlite3.connect(path)
        pages, page_size = (connection.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size"))
        audit_rows = connection.execute("SELECT COUNT(*) FROM audit_entry").fetchone()[0]
        answers = connection.execute("SELECT COUNT(*) FROM survey_answer").fetchone()[0]
        connection.close()
        size = path.stat().st_size
        print(f"SQLite {sqlite3.sqlite_version}; ten years {FIRST}..{LAST}, built in {seconds:.0f} s")
        print(f"{args.rows:,} service events, {args.forms:,} forms ({answers:,} answers), {audit_rows:,} audit rows")
        print(f"file {size / 2**20:.0f} MiB, {pages:,} pages of {page_size} bytes; "
              f"median of {args.runs} runs, warm cache\n")
        measured = [
            ("read the file once", lambda: read_file(path)),
            ("COUNT(*) service_event", lambda: count(path, "service_event")),
            ("COUNT(*) audit_entry", lambda: count(path, "audit_entry")),
            ("PRAGMA quick_check", lambda: pragma(path, "quick_check")),
            ("PRAGMA integrity_check", lambda: pragma(path, "integrity_check")),
            ("file_integrity_problems(full)", lambda: file_integrity_problems(path, full=True)),
        ]
        results = [(label, median_s(action, args.runs)) for label, action in measured]
        floor = results[0][1]
        print(f"{'':<32}{'seconds':>10}{'× file read':>14}")
        for label, took in results:
            print(f"{label:<32}{took:>10.3f}{took / floor:>14.1f}")


if __name__ == "__main__":
    main()

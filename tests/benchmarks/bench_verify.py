"""Benchmark: what the daily audit check and backup cost on the demo and on a large database.

    python tests/benchmarks/bench_verify.py [--events 200000] [--forms 3300]

Prints figures only; nothing here asserts a time. Builds the demo database (166 forms,
1,154 events of 民國106年1–6月) and a large one: ``--events`` counter presses with their audit
rows (about ten years of a busy desk) and ``--forms`` survey forms, each written as the
program writes it (the record, then its chained audit row holding the record's snapshot),
in one transaction so the build is short. Then, on each, times verify() as a whole and its
parts — the chain, the records against their trail, integrity_check — plus quick_check and
the daily backup copy (online backup API + integrity_check of the copy), and prints the
file size. verify() runs on a worker thread in the program, so these are the seconds until
the secretary's line changes from 「進行中」 to the result, not a frozen window.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models import backup  # noqa: E402
from models.audit import AuditEntry  # noqa: E402
from models.db import db, file_integrity_problems  # noqa: E402
from models.demo import create_demo  # noqa: E402
from models.service.categories import categories
from models.service.counts import ServiceEvent  # noqa: E402
from models.storage import open_ledger  # noqa: E402
from models.survey.forms import SurveyAnswer, SurveyResponse  # noqa: E402
from models.survey.questionnaire import active_questionnaire, item_specs  # noqa: E402
from models.users import create_first_secretary  # noqa: E402
from models.verify import AUDITED, _chain_problems, _state_problems, verify  # noqa: E402


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def build_large(path: Path, events: int, forms: int) -> None:
    open_ledger(path)
    secretary = create_first_secretary("林秘書", "246813", "246813")
    counted = [c for c in categories() if not c.has_amount]
    specs = item_specs(active_questionnaire())
    questionnaire = active_questionnaire()
    rng = random.Random(6)
    start = dt.date(2016, 1, 1)
    with db.atomic():
        for n in range(events):
            event = ServiceEvent.create(
                category=rng.choice(counted), day=start + dt.timedelta(days=n * 3650 // events),
                count=1, source="press", created_by=secretary,
            )
            AuditEntry.create(user=secretary, table_name="service_event", record_id=event.id, action="insert",
                              after=ServiceEvent.get_by_id(event.id).snapshot())
        for n in range(forms):
            form = SurveyResponse.create(questionnaire=questionnaire, survey_date=start + dt.timedelta(days=n * 3650 // forms),
                                         created_by=secretary)
            SurveyAnswer.insert_many([{"response": form, "item": s.id, "choice": rng.randint(0, 5)} for s in specs]).execute()
            AuditEntry.create(user=secretary, table_name="survey_response", record_id=form.id, action="insert",
                              after=SurveyResponse.get_by_id(form.id).snapshot())
    db.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def measure(label: str, path: Path) -> None:
    database = open_ledger(path)
    rows = AuditEntry.select().count()
    size = path.stat().st_size / 1024 / 1024
    print(f"\n{label}: {path.name}, {size:,.1f} MB, {rows:,} audit rows")
    seconds, result = timed(verify)
    print(f"  verify() whole                 {seconds:8.2f} s  ok={result.ok} records={result.records:,}")
    seconds, _ = timed(_chain_problems)
    print(f"  - chain (hash every row)       {seconds:8.2f} s")
    for model, name in AUDITED:
        seconds, (_, count) = timed(lambda: _state_problems(model, name))
        if count > 100:
            print(f"  - records vs trail: {model._meta.table_name:<16}{seconds:6.2f} s  ({count:,} records)")
    seconds, _ = timed(lambda: file_integrity_problems(database, full=True))
    print(f"  - integrity_check              {seconds:8.2f} s")
    seconds, _ = timed(lambda: file_integrity_problems(database, full=False))
    print(f"  quick_check                    {seconds:8.2f} s")
    seconds, made = timed(lambda: backup.daily_backup(database, keep=30, today=dt.date(2030, 1, 1)))
    print(f"  daily backup (copy + check)    {seconds:8.2f} s  -> {made.made.name if made.made else made.message}")
    database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--forms", type=int, default=3_300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-verify-"))
    open_ledger(folder / "demo.db")
    create_demo()
    db.obj.close()
    measure("demo", folder / "demo.db")
    seconds, _ = timed(lambda: build_large(folder / "large.db", args.events, args.forms))
    print(f"\n(built the large database in {seconds:.0f} s)")
    db.obj.close()
    measure("large", folder / "large.db")


if __name__ == "__main__":
    main()

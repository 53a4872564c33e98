"""Two desks, two programs, one database: presses logged at the same moment all arrive.

Each process opens the database itself and records its presses as fast as it can, both
released together. On SQLite every write begins IMMEDIATE and waits on the busy timeout; on
PostgreSQL (SERIALIZABLE) each write queues for the audit chain (LOCK TABLE before its first
read). Either way neither desk may fail, nothing may be lost or counted twice, and the audit
rows form one unbroken chain.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import peewee
import pytest

from models.accounts import Role
from models.audit import AuditEntry
from models.service.categories import categories
from models.service.counts import ServiceEvent
from models.storage import open_ledger
from models.users import create_first_secretary, create_user
from models.verify import verify

ROOT = Path(__file__).resolve().parent.parent
PRESSES = 300

DESK_SCRIPT = textwrap.dedent(
    f"""
    import sys
    import time

    from models.storage import open_ledger
    from models.service.categories import categories
    from models.service.counts import record_press
    from models.users import User

    open_ledger(sys.argv[1])
    user = User.get_by_id(int(sys.argv[2]))
    category = {{c.code: c for c in categories()}}[sys.argv[3]]
    print("ready", flush=True)
    assert sys.stdin.readline() == "go\\n"
    started = time.time()
    for _ in range({PRESSES}):
        record_press(user, category)
    print("done", started, time.time(), flush=True)
    """
)


@pytest.fixture(params=["sqlite"] + (["postgresql"] if os.environ.get("SERVICE_LEDGER_TEST_PG") else []))
def shared_database(request: pytest.FixtureRequest, db_path: Path) -> str:
    return request.getfixturevalue("postgres_url") if request.param == "postgresql" else str(db_path)


def test_two_processes_log_presses_into_one_database_at_once(shared_database: str) -> None:
    db_path = shared_database
    database = open_ledger(db_path)
    try:
        secretary = create_first_secretary("林秘書", "246813", "246813")
        operator = create_user(secretary, "張總機", Role.OPERATOR)
        volunteer = create_user(secretary, "陳志工", Role.VOLUNTEER)
        category_ids = {c.code: c.id for c in categories()}
        audit_before = AuditEntry.select().count()
    finally:
        database.close()

    desks = [
        subprocess.Popen(
            [sys.executable, "-c", DESK_SCRIPT, str(db_path), str(user.id), code],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for user, code in ((operator, "A"), (volunteer, "C"))
    ]
    try:
        for desk in desks:  # both have opened the database and wait for the signal
            assert desk.stdout.readline() == "ready\n", desk.stderr.read()
        for desk in desks:
            desk.stdin.write("go\n")
            desk.stdin.flush()
        outcomes = [desk.communicate(timeout=180) for desk in desks]
    finally:
        for desk in desks:
            if desk.poll() is None:
                desk.kill()
                desk.communicate(timeout=30)
    spans = []
    for desk, (stdout, stderr) in zip(desks, outcomes):
        assert desk.returncode == 0, stderr
        assert stderr == ""
        word, started, finished = stdout.split()
        assert word == "done"
        spans.append((float(started), float(finished)))
    # they really wrote at the same time: each started before the other had finished
    assert max(start for start, _ in spans) < min(end for _, end in spans)

    database = open_ledger(db_path)
    try:
        live = ServiceEvent.select().where(ServiceEvent.voided_at.is_null())
        assert live.count() == ServiceEvent.select().count() == 2 * PRESSES
        per_user = dict(
            live.select(ServiceEvent.created_by, peewee.fn.COUNT(ServiceEvent.id))
            .group_by(ServiceEvent.created_by)
            .tuples()
        )
        assert per_user == {operator.id: PRESSES, volunteer.id: PRESSES}
        per_category = dict(
            live.select(ServiceEvent.category, peewee.fn.SUM(ServiceEvent.count))
            .group_by(ServiceEvent.category)
            .tuples()
        )
        assert per_category == {category_ids["A"]: PRESSES, category_ids["C"]: PRESSES}
        inserts = AuditEntry.select().where(AuditEntry.table_name == "service_event", AuditEntry.action == "insert")
        assert inserts.count() == 2 * PRESSES
        assert AuditEntry.select().count() == audit_before + 2 * PRESSES
        assert sorted(e.record_id for e in inserts) == sorted(e.id for e in ServiceEvent.select())
        assert {(e.user_id, e.record_id) for e in inserts} == {
            (e.created_by_id, e.id) for e in ServiceEvent.select()
        }
        if isinstance(database, peewee.SqliteDatabase):
            assert database.execute_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
        # One chain, not two forks: every row has its own place, each linked to the one before.
        assert [seq for (seq,) in AuditEntry.select(AuditEntry.seq).order_by(AuditEntry.seq).tuples()] == list(
            range(1, audit_before + 2 * PRESSES + 1)
        )
        result = verify()
        assert result.ok, result.lines()
    finally:
        database.close()

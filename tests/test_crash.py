"""A desk PC loses power while a volunteer keys forms: every saved form survives, whole."""
from __future__ import annotations

import queue
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import peewee

from models.audit import AuditEntry
from models.storage import open_ledger
from models.survey.forms import SurveyAnswer, SurveyResponse, answers_for

ROOT = Path(__file__).resolve().parent.parent
CODES = "ABCDEFGHIJK"
LINES_BEFORE_KILL = 25


def pattern(n: int) -> dict[str, int]:
    """The answers of the n-th form the keying process saves (0–5, every one a legal key)."""
    return {code: (n + i) % 6 for i, code in enumerate(CODES)}


KEYING_SCRIPT = textwrap.dedent(
    f"""
    import datetime as dt
    import sys

    from models.storage import open_ledger
    from models.survey.forms import ResponseInput, save_response, start_batch
    from models.users import Role, create_first_secretary, create_user

    open_ledger(sys.argv[1])
    secretary = create_first_secretary("林秘書", "246813", "246813")
    volunteer = create_user(secretary, "陳志工", Role.VOLUNTEER)
    batch = start_batch(volunteer, dt.date(2024, 3, 5), None)
    for n in range(1, 1_000_000):
        answers = {{code: (n + i) % 6 for i, code in enumerate({CODES!r})}}
        save_response(volunteer, batch, ResponseInput(answers, f"第{{n}}張"))
        print(n, flush=True)
    """
)


def test_killed_mid_batch_loses_no_saved_form(db_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", KEYING_SCRIPT, str(db_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in process.stdout:
            lines.put(line)
        lines.put("")  # end of output

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    last = 0
    deadline = time.monotonic() + 120
    try:
        while last < LINES_BEFORE_KILL:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.1))
            assert line, f"the keying process stopped on its own: {process.stderr.read()}"
            count = int(line)
            assert count == last + 1
            last = count
        assert process.poll() is None  # still keying: the kill lands mid-batch
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        reader.join(timeout=30)
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert not reader.is_alive()
    while line := lines.get_nowait():  # ends at the end-of-output marker
        last = int(line)  # forms reported saved just before the kill count too

    database = open_ledger(db_path)
    try:
        responses = list(SurveyResponse.select().where(SurveyResponse.voided_at.is_null()).order_by(SurveyResponse.id))
        assert len(responses) >= last
        assert SurveyResponse.select().count() == len(responses)
        per_form = dict(
            SurveyAnswer.select(SurveyAnswer.response, peewee.fn.COUNT(SurveyAnswer.id))
            .group_by(SurveyAnswer.response)
            .tuples()
        )
        assert all(per_form.get(r.id) == 11 for r in responses)
        assert sum(per_form.values()) == 11 * len(responses)  # no answers without their form
        answers = answers_for(responses)
        for n, response in enumerate(responses, start=1):
            assert response.comment == f"第{n}張"
            assert answers[response.id] == pattern(n)
        inserts = AuditEntry.select().where(
            AuditEntry.table_name == "survey_response", AuditEntry.action == "insert"
        )
        assert sorted(e.record_id for e in inserts) == [r.id for r in responses]
        assert database.execute_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        database.close()

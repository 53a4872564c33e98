"""verify: every kind of tampering with the sqlite3 tool (or psql) is found and named.

Each test changes the database behind the program's back with raw SQL, as someone with the
file (or the server's password) could, and checks that verify names the table, the record
and the audit row concerned.
"""
from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import peewee
import pytest

from models.accounts import Role, User
from models.audit import AuditEntry
from models.progress import Cancelled
from models.registers.events import EventKind
from models.service.categories import ServiceCategory, categories
from models.service.counts import ServiceEvent, correct_payment, record_payment, record_press
from models.survey.forms import ResponseInput, new_batch, save_response
from models.users import create_first_secretary, create_user
from models.verify import FILE_DAMAGED, OK_TEXT, verify
from tests.conftest import SECRETARY_PIN

ANSWERS = {code: 1 for code in "ABCDEFGHIJK"}


@pytest.fixture
def ledger(any_database: peewee.Database) -> dict[str, object]:
    """A little of everything the trail covers: users, a payment (corrected), presses, a form."""
    secretary = create_first_secretary("林秘書", SECRETARY_PIN, SECRETARY_PIN)
    duty = create_user(secretary, "王輪值", Role.DUTY)
    operator = create_user(secretary, "張總機", Role.OPERATOR)
    payment = record_payment(duty, 1500, "R001")
    correct_payment(duty, payment, 2000, "R001")
    presses = [record_press(operator, categories()[0]) for _ in range(3)]
    form = save_response(secretary, new_batch(secretary, dt.date.today(), None), ResponseInput(ANSWERS, "很好"))
    return {"db": any_database, "secretary": secretary, "payment": payment, "presses": presses, "form": form}


def sql(database: peewee.Database, statement: str, *params: object) -> None:
    """A change made behind the program's back (its own transaction, committed)."""
    with database.atomic():
        database.execute_sql(statement.replace("?", database.param), params)


def last_audit_id(table: str, record_id: int) -> int:
    return (
        AuditEntry.select(AuditEntry.id)
        .where(AuditEntry.table_name == table, AuditEntry.record_id == record_id)
        .order_by(AuditEntry.id.desc())
        .scalar()
    )


def test_untouched_database_is_whole(ledger: dict) -> None:
    result = verify()
    assert result.ok, result.lines()
    assert result.lines()[0] == OK_TEXT
    assert result.audit_rows == AuditEntry.select().count()
    # every audited record was compared: 3 users, 9 categories, 4 events, 1 batch, 1 form, 5 event kinds
    assert result.records == 3 + 9 + 4 + 1 + 1 + 5


def test_raised_payment_is_found(ledger: dict) -> None:
    payment = ledger["payment"]
    sql(ledger["db"], "UPDATE service_event SET amount = amount + 100000 WHERE id = ?", payment.id)
    result = verify()
    assert not result.ok
    audit_id = last_audit_id("service_event", payment.id)
    assert [p.text for p in result.problems] == [
        f"服務紀錄編號 {payment.id} 與最後一筆稽核紀錄（編號 {audit_id}）不符：amount：稽核紀錄為 2000，資料庫中為 102000。"
    ]
    assert (result.problems[0].table, result.problems[0].record_id) == ("service_event", payment.id)


def test_changed_answer_is_found_on_its_form(ledger: dict) -> None:
    form = ledger["form"]
    sql(ledger["db"], "UPDATE survey_answer SET choice = 5 WHERE response_id = ? AND id = (SELECT MIN(id) FROM survey_answer WHERE response_id = ?)", form.id, form.id)
    (problem,) = verify().problems
    assert problem.text.startswith(f"問卷編號 {form.id} 與最後一筆稽核紀錄")
    assert 'answers：稽核紀錄為 {"A": 1' in problem.text and '資料庫中為 {"A": 5' in problem.text


def test_changed_audit_row_is_found(ledger: dict) -> None:
    payment = ledger["payment"]
    first = AuditEntry.get((AuditEntry.table_name == "service_event") & (AuditEntry.record_id == payment.id))
    # history rewritten: the payment "was always" 2,000 (the record itself still agrees)
    sql(ledger["db"], "UPDATE audit_entry SET after = ? WHERE id = ?", json.dumps(first.after | {"amount": 2000}), first.id)
    (problem,) = verify().problems
    assert problem.text == f"稽核紀錄第 {first.seq} 筆（編號 {first.id}：服務紀錄編號 {payment.id} 的「新增」）被修改過：內容與鏈結不符。"
    assert problem.audit_id == first.id


def test_changed_hash_is_found_too(ledger: dict) -> None:
    entry = AuditEntry.select().order_by(AuditEntry.seq).offset(2).get()
    sql(ledger["db"], "UPDATE audit_entry SET row_hash = ? WHERE id = ?", "f" * 64, entry.id)
    problems = verify().problems
    assert [p.audit_id for p in problems] == [entry.id, entry.id + 1]  # it, and the row chained to it


def test_deleted_audit_row_is_found(ledger: dict) -> None:
    press = ledger["presses"][1]
    entry = AuditEntry.get((AuditEntry.table_name == "service_event") & (AuditEntry.record_id == press.id))
    sql(ledger["db"], "DELETE FROM audit_entry WHERE id = ?", entry.id)
    texts = [p.text for p in verify().problems]
    assert texts[0].startswith(f"稽核紀錄少了 1 筆（第 {entry.seq} 筆，被刪除）：在稽核紀錄第 {entry.seq + 1} 筆")
    assert f"服務紀錄編號 {press.id} 沒有稽核紀錄：是在程式以外直接寫入資料庫的。" in texts
    assert len(texts) == 2


def test_inserted_audit_row_is_found(ledger: dict) -> None:
    payment = ledger["payment"]
    sql(
        ledger["db"],
        "INSERT INTO audit_entry (at, user_id, table_name, record_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
        dt.datetime(2024, 1, 1), ledger["secretary"].id, "service_event", payment.id, "update", None,
        json.dumps(ServiceEvent.get_by_id(payment.id).snapshot() | {"amount": 9}),
    )
    inserted = AuditEntry.select(peewee.fn.MAX(AuditEntry.id)).scalar()
    texts = [p.text for p in verify().problems]
    assert texts == [
        f"稽核紀錄一筆（編號 {inserted}：服務紀錄編號 {payment.id} 的「修改」）不在鏈結中：是在程式以外直接寫入資料庫的。",
        f"服務紀錄編號 {payment.id} 與最後一筆稽核紀錄（編號 {inserted}）不符：amount：稽核紀錄為 9，資料庫中為 2000。",
    ]


def test_inserted_audit_row_with_a_made_up_place_in_the_chain_is_found(ledger: dict) -> None:
    head = AuditEntry.select().order_by(AuditEntry.seq.desc()).get()
    sql(
        ledger["db"],
        "INSERT INTO audit_entry (at, user_id, table_name, record_id, action, before, after, seq, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        head.at, None, "app_user", 999, "insert", None, "{}", head.seq + 1, "0" * 64,
    )
    texts = [p.text for p in verify().problems]
    assert texts[0].startswith(f"稽核紀錄第 {head.seq + 1} 筆（編號 ") and texts[0].endswith("被修改過：內容與鏈結不符。")
    assert texts[1] == "使用者編號 999 不見了：被刪除，但稽核紀錄（編號 %d）沒有刪除的紀錄。" % (head.id + 1)


def test_inserted_record_is_found(ledger: dict) -> None:
    payment = ServiceEvent.get_by_id(ledger["payment"].id)
    sql(
        ledger["db"],
        "INSERT INTO service_event (created_by_id, created_at, category_id, day, count, amount, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
        payment.created_by_id, payment.created_at, payment.category_id, payment.day, 1, 100000, "payment",
    )
    new_id = ServiceEvent.select(peewee.fn.MAX(ServiceEvent.id)).scalar()
    assert [p.text for p in verify().problems] == [f"服務紀錄編號 {new_id} 沒有稽核紀錄：是在程式以外直接寫入資料庫的。"]


def test_deleted_record_is_found(ledger: dict) -> None:
    press = ledger["presses"][0]
    sql(ledger["db"], "DELETE FROM service_event WHERE id = ?", press.id)
    audit_id = last_audit_id("service_event", press.id)
    assert [p.text for p in verify().problems] == [
        f"服務紀錄編號 {press.id} 不見了：被刪除，但稽核紀錄（編號 {audit_id}）沒有刪除的紀錄。"
    ]


@pytest.mark.parametrize(
    "column, value, found",
    [
        ("figures", json.dumps([{"name": "cc", "type": "money"}]),
         'figures：稽核紀錄為 [{"name": "人次", "type": "count"}, {"name": "cc", "type": "count"}]，資料庫中為 [{"name": "cc", "type": "money"}]'),
        ("position", 9, "position：稽核紀錄為 5，資料庫中為 9"),
    ],
)
def test_seeded_event_kind_changed_behind_the_programs_back_is_found(ledger: dict, column: str, value: object, found: str) -> None:
    blood = EventKind.get(EventKind.name == "捐血")
    sql(ledger["db"], f"UPDATE event_kind SET {column} = ? WHERE id = ?", value, blood.id)
    (problem,) = verify().problems
    assert problem.text == f"活動類別編號 {blood.id} 沒有修改的稽核紀錄，卻與程式建立時不同：{found}。"


def test_an_event_kind_slipped_in_is_found(ledger: dict) -> None:
    sql(ledger["db"], "INSERT INTO event_kind (created_at, name, position, figures) VALUES (?, ?, ?, ?)",
        dt.datetime(2024, 1, 1), "偷加的", 6, json.dumps([]))
    (problem,) = verify().problems
    added = EventKind.get(EventKind.name == "偷加的")
    assert problem.text == f"活動類別編號 {added.id} 沒有稽核紀錄：是在程式以外直接寫入資料庫的。"


def test_seeded_category_changed_behind_the_programs_back_is_found(ledger: dict) -> None:
    category = ServiceCategory.get(ServiceCategory.code == "A")
    sql(ledger["db"], "UPDATE service_category SET name = ? WHERE id = ?", "改過的名稱", category.id)
    (problem,) = verify().problems
    assert problem.text == f"服務類別編號 {category.id} 沒有修改的稽核紀錄，卻與程式建立時不同：name：稽核紀錄為 \"總機電話服務\"，資料庫中為 \"改過的名稱\"。"


def test_pin_hash_replaced_behind_the_programs_back_is_found(ledger: dict) -> None:
    secretary = ledger["secretary"]
    sql(ledger["db"], "UPDATE app_user SET pin_hash = ? WHERE id = ?", "scrypt$1$1$1$00$00", secretary.id)
    (problem,) = verify().problems
    assert problem.text.startswith(f"使用者編號 {secretary.id} 與最後一筆稽核紀錄") and "pin_hash" in problem.text


def test_other_chained_actions_are_not_taken_for_a_records_state(ledger: dict) -> None:
    """A row that records an event (a wrong PIN), not a state, is chained and checked, but the
    record is still compared with its last real change."""
    secretary = ledger["secretary"]
    AuditEntry.create(user=secretary, table_name="app_user", record_id=secretary.id, action="pin_fail", after={"failures": 1})
    assert verify().ok


def test_damaged_file_is_reported(tmp_path: Path) -> None:
    """A page of an index zeroed on disk: the records still read, integrity_check does not."""
    from models.db import db
    from models.storage import open_ledger

    path = tmp_path / "ledger.db"
    database = open_ledger(path)
    secretary = create_first_secretary("林秘書", SECRETARY_PIN, SECRETARY_PIN)
    for _ in range(300):
        record_press(secretary, categories()[0])
    (page,) = database.execute_sql("SELECT rootpage FROM sqlite_master WHERE name = 'service_event_by_user'").fetchone()
    page_size = database.execute_sql("PRAGMA page_size").fetchone()[0]
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    with path.open("r+b") as handle:
        handle.seek((page - 1) * page_size + 100)
        handle.write(b"\xff" * 200)
    raw = peewee.SqliteDatabase(str(path))
    db.initialize(raw)
    try:
        result = verify()
    finally:
        raw.close()
    assert not result.problems  # the records and the trail still agree
    assert result.file_problems  # SQLite's findings, kept for the log
    assert not result.ok and result.lines()[-1] == FILE_DAMAGED
    assert not any("page" in line or "database" in line for line in result.lines())  # no English reaches the user


# ---------------------------------------------------------------- the kept backups as anchors


def delete_newest_press(database: peewee.Database) -> None:
    """The newest audit row and the press it records, gone: the chain itself has no gap."""
    (seq, record_id) = database.execute_sql(
        "SELECT seq, record_id FROM audit_entry ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    sql(database, "DELETE FROM audit_entry WHERE seq = ?", seq)
    sql(database, "DELETE FROM service_event WHERE id = ?", record_id)


def test_the_newest_rows_deleted_with_their_records_are_found_by_a_kept_backup(
    database: peewee.Database, secretary: User
) -> None:
    from models.backup import daily_backup

    operator = create_user(secretary, "張總機", Role.OPERATOR)
    record_press(operator, categories()[0])
    made = daily_backup(database, keep=30, today=dt.date.today() - dt.timedelta(days=1)).made
    head = AuditEntry.select(peewee.fn.MAX(AuditEntry.seq)).scalar()
    delete_newest_press(database)
    result = verify()
    assert not result.ok
    assert result.lines()[1] == (
        f"備份「{made.name}」的稽核紀錄到第 {head} 筆為止，目前的資料庫中沒有這一筆（最後的稽核紀錄連同資料被刪除了）。"
    )


def test_without_a_backup_the_newest_rows_cannot_be_missed(database: peewee.Database, secretary: User) -> None:
    """What the README says the check cannot see: nothing kept elsewhere, nothing to compare."""
    operator = create_user(secretary, "張總機", Role.OPERATOR)
    record_press(operator, categories()[0])
    delete_newest_press(database)
    assert verify().ok


def test_a_rewritten_and_rehashed_tail_differs_from_the_backup(database: peewee.Database, secretary: User) -> None:
    from models.audit import canonical_content, chain_hash
    from models.backup import daily_backup

    operator = create_user(secretary, "張總機", Role.OPERATOR)
    record_press(operator, categories()[0])
    daily_backup(database, keep=30, today=dt.date.today() - dt.timedelta(days=1))
    newest = AuditEntry.select().order_by(AuditEntry.seq.desc()).get()
    previous = AuditEntry.get(AuditEntry.seq == newest.seq - 1)
    newest.at = newest.at - dt.timedelta(hours=3)  # when it was written, moved, and the hash made again
    rehashed = chain_hash(previous.row_hash, canonical_content(newest))
    sql(database, "UPDATE audit_entry SET at = ?, row_hash = ? WHERE id = ?", newest.at, rehashed, newest.id)
    lines = verify().lines()
    assert len(lines) == 2 and lines[1].endswith("目前的資料庫中這一筆不同（被改寫了）。"), lines  # the chain itself holds


def test_after_a_restore_the_older_history_is_not_an_alarm(db_path: Path, secretary: User) -> None:
    from models.backup import daily_backup
    from models.db import db
    from models.restore import restore
    from models.storage import open_ledger

    operator = create_user(secretary, "張總機", Role.OPERATOR)
    today = dt.date.today()
    older = daily_backup(db.obj, keep=30, today=today - dt.timedelta(days=2)).made
    record_press(operator, categories()[0])
    daily_backup(db.obj, keep=30, today=today - dt.timedelta(days=1))  # holds a longer chain
    db.obj.close()
    restore(older, db_path)
    database = open_ledger(db_path)
    try:
        assert verify().ok, verify().lines()
    finally:
        database.close()


# --- how far the check is, and 取消 ------------------------------------------------------


def test_verify_says_each_step_as_it_begins(ledger: dict) -> None:
    reports: list[tuple[float | None, str]] = []
    assert verify(progress=lambda fraction, message: reports.append((fraction, message))).ok
    assert [message for _fraction, message in reports] == [
        "正在檢查稽核紀錄的鏈結…",
        *(f"正在核對{label}…" for label in ("使用者", "設定", "問卷批次", "問卷", "服務類別", "服務紀錄", "陳情案件", "每月數據", "代收案款")),
        *(f"正在核對{label}…" for label in ("電話禮貌測試", "訓練", "活動類別", "活動", "問卷追蹤", "報表文字")),
        "正在與保留的備份核對…",
        "正在檢查資料庫檔案…",
    ]
    assert [fraction for fraction, _message in reports] == [step / 18 for step in range(18)]


@pytest.mark.parametrize("after", [0, 4, 8])  # the first step, a table, the kept backups (before the file check)
def test_cancel_stops_verify_between_steps(ledger: dict, after: int) -> None:
    abort = threading.Event()
    reports: list[str] = []

    def progress(fraction: float | None, message: str) -> None:
        reports.append(message)
        if len(reports) > after:
            abort.set()

    with pytest.raises(Cancelled) as stopped:
        verify(progress=progress, abort=abort)
    assert str(stopped.value) == "已取消稽核檢查；沒有完成的檢查不算數。"
    assert len(reports) == after + 1  # no step begun after 取消
    record_press(ledger["secretary"], categories()[0])  # the read transaction was let go
    assert verify().ok

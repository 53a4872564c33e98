"""Backups: the daily copy beside the file, copies anywhere, and restoring one."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import peewee
import pytest

import models.backup
from models.backup import (
    SERVER_MESSAGE,
    BackupError,
    backup_to,
    backups_folder,
    daily_backup,
    daily_backups,
    describe_backup,
    restore,
)
from models.db import open_database
from models.service import categories, record_payment, record_press
from models.users import Role, User, create_user

DAY = dt.date(2026, 12, 1)


def integrity(path: Path) -> list[tuple[str]]:
    with sqlite3.connect(path) as check:
        return check.execute("PRAGMA integrity_check").fetchall()


def test_first_start_of_a_day_copies_the_file_into_backups(database: peewee.Database, secretary: User, db_path: Path) -> None:
    outcome = daily_backup(database, keep=30, today=DAY)
    copy = db_path.parent / "backups" / "ledger-2026-12-01.db"
    assert outcome.made == copy and outcome.failed is None
    assert integrity(copy) == [("ok",)]
    with sqlite3.connect(copy) as check:
        assert check.execute("SELECT name FROM app_user").fetchall() == [("林秘書",)]
    assert "今天的自動備份已完成" in outcome.message
    # later starts that day copy nothing
    assert daily_backup(database, keep=30, today=DAY).made is None
    assert sorted(p.name for p in backups_folder(db_path).iterdir()) == ["ledger-2026-12-01.db"]


def test_only_the_newest_are_kept(database: peewee.Database, secretary: User, db_path: Path) -> None:
    for days_ago in range(1, 6):
        daily_backup(database, keep=30, today=DAY - dt.timedelta(days=days_ago))
    (backups_folder(db_path) / "notes.txt").write_text("not a backup")
    outcome = daily_backup(database, keep=3, today=DAY)
    assert [p.name for p in daily_backups(db_path)] == ["ledger-2026-12-01.db", "ledger-2026-11-30.db", "ledger-2026-11-29.db"]
    assert sorted(p.name for p in outcome.removed) == ["ledger-2026-11-26.db", "ledger-2026-11-27.db", "ledger-2026-11-28.db"]
    assert (backups_folder(db_path) / "notes.txt").exists()  # only our own copies are ever removed


def test_a_copy_that_fails_its_check_is_removed_and_not_counted(
    database: peewee.Database, secretary: User, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for days_ago in range(1, 4):
        daily_backup(database, keep=3, today=DAY - dt.timedelta(days=days_ago))
    monkeypatch.setattr(models.backup, "file_problems", lambda path: ["*** in database main ***\nPage 3: btreeInitPage() returns error code 11"])
    outcome = daily_backup(database, keep=3, today=DAY)
    assert outcome.made is None
    assert outcome.message == "今天的自動備份失敗：備份檔複製後檢查不通過（檔案已損壞），已刪除這份不完整的備份。"
    # nothing half-written is left, and the three good ones stay
    assert sorted(p.name for p in backups_folder(db_path).iterdir()) == [
        "ledger-2026-11-28.db", "ledger-2026-11-29.db", "ledger-2026-11-30.db"
    ]


def test_a_backups_folder_that_cannot_be_made_is_reported(database: peewee.Database, db_path: Path) -> None:
    (db_path.parent / "backups").write_text("a file where the folder should be")
    outcome = daily_backup(database, keep=30, today=DAY)
    assert outcome.made is None
    assert outcome.message.startswith("今天的自動備份失敗：無法建立備份資料夾")


def test_a_server_database_is_not_copied_here() -> None:
    server = peewee.PostgresqlDatabase("nowhere")
    assert daily_backup(server, keep=30) is None
    with pytest.raises(BackupError, match="pg_dump") as caught:
        backup_to(server, Path("/tmp"))
    assert str(caught.value) == SERVER_MESSAGE


def test_backup_to_a_folder_or_a_file(database: peewee.Database, secretary: User, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    made = backup_to(database, stick, now=dt.datetime(2026, 12, 1, 9, 5, 0))
    assert made == stick / "ledger-20261201-090500.db" and integrity(made) == [("ok",)]
    named = backup_to(database, stick / "office.db")
    assert named == stick / "office.db" and integrity(named) == [("ok",)]
    assert sorted(p.name for p in stick.iterdir()) == ["ledger-20261201-090500.db", "office.db"]  # one file each


@pytest.mark.parametrize(
    "where, message",
    [
        (lambda tmp, db: tmp / "missing" / "x.db", "找不到資料夾"),
        (lambda tmp, db: tmp / "taken.db", "已經有檔案了，不會覆蓋它"),
        (lambda tmp, db: db, "備份不能寫在資料庫檔案本身上"),
    ],
    ids=["no-such-folder", "existing-file", "the-database-itself"],
)
def test_bad_backup_destination_is_refused(database: peewee.Database, db_path: Path, tmp_path: Path, where, message: str) -> None:
    (tmp_path / "taken.db").write_bytes(b"keep me")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(BackupError, match=message):
        backup_to(database, where(tmp_path, db_path))
    assert (tmp_path / "taken.db").read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


# --- restoring --------------------------------------------------------------------------


@pytest.fixture
def a_backup(database: peewee.Database, secretary: User, tmp_path: Path) -> Path:
    duty = create_user(secretary, "王輪值", Role.DUTY)
    record_payment(duty, 1500)
    record_press(secretary, categories()[0])
    return backup_to(database, tmp_path / "backup.db")


def test_a_backup_says_what_it_holds(a_backup: Path) -> None:
    summary = describe_backup(a_backup)
    assert summary.counts == {"使用者": 2, "設定": 0, "問卷批次": 0, "問卷": 0, "服務類別": 9, "服務紀錄": 2}
    assert summary.check_ok and summary.check_lines[0] == "稽核紀錄完整"
    assert summary.last_change is not None and summary.last_change.date() == dt.date.today()
    lines = summary.lines()
    assert lines[2] == "內容：使用者 2 筆、設定 0 筆、問卷批次 0 筆、問卷 0 筆、服務類別 9 筆、服務紀錄 2 筆"
    assert lines[3] == "稽核檢查：稽核紀錄完整"


def test_a_tampered_backup_says_so(a_backup: Path) -> None:
    with sqlite3.connect(a_backup) as raw:
        raw.execute("UPDATE service_event SET amount = amount + 100000")
    summary = describe_backup(a_backup)
    assert not summary.check_ok
    assert any("amount：稽核紀錄為 1500，資料庫中為 101500" in line for line in summary.lines())


def test_restore_keeps_a_safety_copy_and_replaces_the_file(a_backup: Path, database: peewee.Database, db_path: Path, secretary: User) -> None:
    record_press(secretary, categories()[0])  # written after the backup: gone after restoring
    database.close()
    restored = restore(a_backup, db_path)
    assert restored.safety_copy is not None and restored.safety_copy.parent == db_path.parent / "backups"
    assert restored.safety_copy.name.startswith("ledger.before-restore.")
    with sqlite3.connect(restored.safety_copy) as safety:
        assert safety.execute("SELECT COUNT(*) FROM service_event").fetchone() == (3,)
    reopened = open_database(db_path)
    try:
        from models.service import ServiceEvent
        from models.verify import verify

        assert ServiceEvent.select().count() == 2
        assert verify().ok
    finally:
        reopened.close()


def damaged(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE recipes (name TEXT)")


def newer(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO schema_migration (name, applied) VALUES ('0999_future', '2030-01-01')")


def not_sqlite(path: Path) -> None:
    path.write_text("hello")


@pytest.mark.parametrize(
    "spoil, message",
    [
        (damaged, "這個備份檔已損壞，不能用來還原"),
        (foreign, "「backup.db」不是本程式的備份檔，不能用來還原。"),
        (newer, "這個備份檔由較新版本的程式建立，不能用來還原"),
        (not_sqlite, "「backup.db」不是本程式的資料庫或備份檔，不能使用。"),
        (lambda path: path.unlink(), "找不到備份檔"),
    ],
    ids=["damaged", "foreign", "newer", "not-sqlite", "missing"],
)
def test_a_bad_backup_is_refused_and_nothing_is_replaced(a_backup: Path, database: peewee.Database, db_path: Path, spoil, message: str) -> None:
    spoil(a_backup)
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    before = db_path.read_bytes()
    with pytest.raises(BackupError) as caught:
        restore(a_backup, db_path)
    assert str(caught.value).startswith(message)
    assert db_path.read_bytes() == before
    assert not backups_folder(db_path).exists()  # not even a safety copy was needed


def test_a_server_database_is_restored_by_its_server(a_backup: Path) -> None:
    with pytest.raises(BackupError) as caught:
        restore(a_backup, "postgresql://postgres@127.0.0.1/ledger")
    assert str(caught.value) == SERVER_MESSAGE

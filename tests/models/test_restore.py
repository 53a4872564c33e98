"""Restoring a backup: what it holds, read first, and putting it back after a safety copy."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import peewee
import pytest

from models.accounts import Role, User
from models.backup import SERVER_MESSAGE, BackupError, backup_to, backups_folder
from models.errors import StorageError
import models.restore
from models.restore import describe_backup, restore
from models.service.categories import categories
from models.service.counts import record_payment, record_press
from models.storage import open_ledger
from models.users import create_user
from tests.storage_faults import DAMAGE_KINDS, damage, folder_state, grow, make_foreign


@pytest.fixture
def a_backup(database: peewee.Database, secretary: User, tmp_path: Path) -> Path:
    duty = create_user(secretary, "王輪值", Role.DUTY)
    record_payment(duty, 1500)
    record_press(secretary, categories()[0])
    return backup_to(database, tmp_path / "backup.db")


def test_a_backup_says_what_it_holds(a_backup: Path) -> None:
    summary = describe_backup(a_backup)
    assert summary.counts == {
        "使用者": 2, "設定": 0, "問卷批次": 0, "問卷": 0, "服務類別": 9, "服務紀錄": 2, "陳情案件": 0, "每月數據": 0,
        "代收案款": 0, "電話禮貌測試": 0, "訓練": 0, "活動類別": 5, "活動": 0, "問卷追蹤": 0,
        "報表文字": 0,
    }
    assert summary.check_ok and summary.check_lines[0] == "稽核紀錄完整"
    assert summary.last_change is not None and summary.last_change.date() == dt.date.today()
    lines = summary.lines()
    assert lines[2] == (
        "內容：使用者 2 筆、設定 0 筆、問卷批次 0 筆、問卷 0 筆、服務類別 9 筆、服務紀錄 2 筆、陳情案件 0 筆、每月數據 0 筆、"
        "代收案款 0 筆、電話禮貌測試 0 筆、訓練 0 筆、活動類別 5 筆、活動 0 筆、問卷追蹤 0 筆、"
        "報表文字 0 筆"
    )
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
    reopened = open_ledger(db_path)
    try:
        from models.service.counts import ServiceEvent
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
        (not_sqlite, "backup.db」不是本程式的資料庫檔案。"),  # models.db's one header check
        (lambda path: path.unlink(), "找不到備份檔"),
    ],
    ids=["damaged", "foreign", "newer", "not-sqlite", "missing"],
)
def test_a_bad_backup_is_refused_and_nothing_is_replaced(a_backup: Path, database: peewee.Database, db_path: Path, spoil, message: str) -> None:
    spoil(a_backup)
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError) as caught:
        restore(a_backup, db_path)
    assert message in str(caught.value)
    assert db_path.read_bytes() == before
    assert not backups_folder(db_path).exists()  # not even a safety copy was needed


def test_a_server_database_is_restored_by_its_server(a_backup: Path) -> None:
    with pytest.raises(BackupError) as caught:
        restore(a_backup, "postgresql://postgres@127.0.0.1/ledger")
    assert str(caught.value) == SERVER_MESSAGE


@pytest.mark.parametrize("kind", DAMAGE_KINDS)
def test_a_damaged_database_is_restored_and_kept_byte_for_byte(
    a_backup: Path, database: peewee.Database, db_path: Path, secretary: User, kind: str
) -> None:
    grow(secretary)
    database.close()
    damage(db_path, kind)
    damaged_bytes = db_path.read_bytes()
    restored = restore(a_backup, db_path)
    assert restored.safety_copy is not None and restored.safety_copy.name.startswith("ledger.before-restore.")
    assert restored.safety_copy.read_bytes() == damaged_bytes  # never checked, never refused
    assert [p.name for p in backups_folder(db_path).iterdir()] == [restored.safety_copy.name]
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["backup.db", "backups", "ledger.db"]
    reopened = open_ledger(db_path)
    try:
        from models.service.counts import ServiceEvent

        assert ServiceEvent.select().count() == 2
    finally:
        reopened.close()


def test_the_current_files_wal_goes_into_the_safety_copy_and_not_into_the_restored_file(
    a_backup: Path, database: peewee.Database, db_path: Path, secretary: User
) -> None:
    """Left after a crash: the -wal holds the last writes of the old file."""
    database.execute_sql("PRAGMA wal_autocheckpoint = 0")
    record_press(secretary, categories()[0])
    wal = db_path.with_name("ledger.db-wal")
    file_bytes, wal_bytes = db_path.read_bytes(), wal.read_bytes()
    crashed = sqlite3.connect(db_path)  # copy as a crash leaves them: file and -wal, no one open
    database.close()
    crashed.close()
    db_path.write_bytes(file_bytes)
    wal.write_bytes(wal_bytes)
    restored = restore(a_backup, db_path)
    assert restored.safety_copy.read_bytes() == file_bytes
    assert restored.safety_copy.with_name(restored.safety_copy.name + "-wal").read_bytes() == wal_bytes
    assert not wal.exists()
    with sqlite3.connect(restored.safety_copy) as old:
        assert old.execute("SELECT COUNT(*) FROM service_event").fetchone() == (3,)
    with sqlite3.connect(db_path) as new:
        assert new.execute("SELECT COUNT(*) FROM service_event").fetchone() == (2,)


def test_another_programs_database_is_not_replaced_by_a_restore(a_backup: Path, tmp_path: Path) -> None:
    other = tmp_path / "contacts.db"
    make_foreign(other)
    before = folder_state(tmp_path)
    with pytest.raises(StorageError, match="是另一個程式的資料庫"):
        restore(a_backup, other)
    assert folder_state(tmp_path) == before


def test_looking_at_a_backup_on_another_thread_leaves_this_threads_database_alone(
    a_backup: Path, database: peewee.Database, secretary: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window reads (and writes) its own database while a worker looks at a backup."""
    import threading

    from models.service.counts import ServiceEvent

    for _ in range(5):
        record_press(secretary, categories()[0])
    inside, go_on = threading.Event(), threading.Event()
    real_verify = models.restore.verify

    def slow_verify(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        inside.set()
        assert go_on.wait(30)
        return real_verify(*args, **kwargs)

    monkeypatch.setattr(models.restore, "verify", slow_verify)
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(describe_backup(a_backup)))
    worker.start()
    try:
        assert inside.wait(30)  # the worker has the models bound to its copy of the backup now
        assert ServiceEvent.select().count() == 7
        record_press(secretary, categories()[0])
        assert ServiceEvent.select().count() == 8
    finally:
        go_on.set()
        worker.join()
    assert found[0].counts["服務紀錄"] == 2  # the worker saw the backup throughout
    database.close()
    with sqlite3.connect(a_backup) as check:
        assert check.execute("SELECT COUNT(*) FROM service_event").fetchone() == (2,)

"""Backups: the daily copy beside the file, and copies anywhere (restoring: test_restore.py)."""
from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

import peewee
import pytest

from models.accounts import User
import models.backup
from models.backup import (
    CANCELLED,
    CHECKING,
    COPYING,
    SERVER_MESSAGE,
    BackupError,
    backup_to,
    backups_folder,
    daily_backup,
    daily_backups,
)
from models.errors import LedgerError, StorageError
from models.progress import Cancelled
from models.restore import describe_backup, restore
from models.service.categories import categories
from models.service.counts import record_press
from models.storage import open_ledger
from tests.storage_faults import DAMAGE_KINDS, damage, folder_state, grow, make_foreign

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
    finding = ["*** in database main ***\nPage 3: btreeInitPage() returns error code 11"]
    # the copy went bad on its way (a failing stick); the database itself is whole
    monkeypatch.setattr(models.backup, "file_problems", lambda path: finding if path.name.endswith(".partial") else [])
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


# --- a damaged database, awkward folder names, what may be copied -----------------------


AWKWARD = ["usb#2", "what?", "100%41", "my stick", "a#b?c%20d e"]


@pytest.mark.parametrize("name", AWKWARD)
def test_folders_with_url_characters_are_read_and_written_where_they_are(tmp_path: Path, name: str) -> None:
    """SQLite reads ``file:`` URIs: an unquoted # or ? ends the path, %41 means A."""
    from models.users import create_first_secretary

    office, stick = tmp_path / name / "office", tmp_path / name / "stick"
    office.mkdir(parents=True)
    stick.mkdir()
    live = office / "ledger.db"
    database = open_ledger(live)
    boss = create_first_secretary("林秘書", "24681357", "24681357")
    record_press(boss, categories()[0])
    assert daily_backup(database, keep=3, today=DAY).made == office / "backups" / "ledger-2026-12-01.db"
    copy = backup_to(database, stick)
    record_press(boss, categories()[0])
    database.close()
    assert describe_backup(copy).counts["服務紀錄"] == 1
    restored = restore(copy, live)
    assert restored.safety_copy.parent == office / "backups"
    with sqlite3.connect(live) as check:
        assert check.execute("SELECT COUNT(*) FROM service_event").fetchone() == (1,)
    # nothing appeared anywhere but in these folders (a cut-off path would make a new file)
    made = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")}
    assert made == {
        name, f"{name}/office", f"{name}/stick", f"{name}/office/ledger.db", f"{name}/office/backups",
        f"{name}/office/backups/ledger-2026-12-01.db", f"{name}/office/backups/{restored.safety_copy.name}",
        f"{name}/stick/{copy.name}",
    }


def test_the_source_of_a_copy_is_only_read(database: peewee.Database, secretary: User, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[tuple[str, bool]] = []
    real = sqlite3.connect

    def connect(target, *args, **kwargs):  # noqa: ANN001, ANN202 (sqlite3's own signature)
        opened.append((str(target), bool(kwargs.get("uri"))))
        return real(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    backup_to(database, tmp_path / "copy.db")
    of_source = [(target, uri) for target, uri in opened if str(db_path) in target and "copy.db" not in target]
    assert of_source and all(uri and "mode=ro" in target for target, uri in of_source)


@pytest.mark.parametrize("kind", DAMAGE_KINDS)
def test_a_damaged_database_is_not_copied_and_the_message_blames_the_database(
    database: peewee.Database, secretary: User, db_path: Path, tmp_path: Path, kind: str
) -> None:
    grow(secretary)
    database.close()
    damage(db_path, kind)
    stick = tmp_path / "usb"
    stick.mkdir()
    with pytest.raises(StorageError) as caught:
        backup_to(db_path, stick)
    assert f"資料庫檔案「{db_path}」已經損壞" in str(caught.value)
    assert "複製後檢查不通過" not in str(caught.value)  # the copy is not what is wrong
    assert list(stick.iterdir()) == []


def test_a_damaged_database_fails_its_daily_backup_in_the_same_words(
    database: peewee.Database, secretary: User, db_path: Path
) -> None:
    """Damage only the full check sees (an index that disagrees with its table)."""
    record_press(secretary, categories()[0])
    database.close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("PRAGMA writable_schema = ON")
        raw.execute("UPDATE sqlite_master SET sql = replace(sql, 'ON \"app_user\" (\"name\")', 'ON \"app_user\" (\"role\")') WHERE type = 'index' AND tbl_name = 'app_user' AND sql LIKE '%(\"name\")%'")
    reopened = open_ledger(db_path)
    try:
        outcome = daily_backup(reopened, keep=3, today=DAY)
    finally:
        reopened.close()
    assert outcome.made is None and f"資料庫檔案「{db_path}」已經損壞" in outcome.message
    assert list(backups_folder(db_path).iterdir()) == []


@pytest.mark.parametrize(
    "spoil, message",
    [
        (make_foreign, "是另一個程式的資料庫，不是本程式的資料庫"),
        (lambda path: path.write_bytes(b""), "是空的，沒有資料可以備份"),
        (lambda path: sqlite3.connect(path).execute("VACUUM").connection.close(), "是空的，沒有資料可以備份"),
        (lambda path: path.write_text("hello"), "不是本程式的資料庫檔案"),
    ],
    ids=["foreign", "empty-file", "empty-database", "not-sqlite"],
)
def test_only_this_programs_database_is_copied(tmp_path: Path, spoil, message: str) -> None:
    source = tmp_path / "office" / "other.db"
    source.parent.mkdir()
    spoil(source)
    stick = tmp_path / "usb"
    stick.mkdir()
    before = folder_state(tmp_path)
    with pytest.raises(StorageError) as caught:
        backup_to(source, stick)
    assert message in str(caught.value)
    assert folder_state(tmp_path) == before


# --- how far a copy is, and 取消 ----------------------------------------------------------


class Reports(list):
    """A progress recorder: every (fraction, message) the work said, in order."""

    def __call__(self, fraction: float | None, message: str) -> None:
        self.append((fraction, message))

    def copied(self) -> list[float]:
        return [fraction for fraction, message in self if message == COPYING]


@pytest.fixture
def many_steps(database: peewee.Database, secretary: User, monkeypatch: pytest.MonkeyPatch) -> peewee.Database:
    """A database copied in many small steps (a big file on a slow stick, in miniature)."""
    grow(secretary)
    monkeypatch.setattr(models.backup, "COPY_STEP_PAGES", 4)
    return database


def test_a_copy_says_how_far_it_is_and_then_that_it_is_checked(many_steps: peewee.Database, tmp_path: Path) -> None:
    reports = Reports()
    made = backup_to(many_steps, tmp_path, progress=reports)
    copied = reports.copied()
    assert len(copied) > 10 and copied[0] == 0.0 and copied[-1] == 1.0
    assert copied == sorted(copied)  # never back to the start
    assert reports[-1] == (None, CHECKING)  # then the check, whose length is not known
    assert integrity(made) == [("ok",)]


@pytest.mark.parametrize("during", ["copying", "checking"])
def test_cancel_stops_the_copy_and_leaves_nothing_behind(many_steps: peewee.Database, tmp_path: Path, during: str) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    abort = threading.Event()
    reports = Reports()

    def progress(fraction: float | None, message: str) -> None:
        reports(fraction, message)
        halfway = message == COPYING and fraction is not None and fraction >= 0.5
        if (during == "copying" and halfway) or (during == "checking" and message == CHECKING):
            abort.set()

    with pytest.raises(Cancelled) as stopped:
        backup_to(many_steps, stick, progress=progress, abort=abort)
    assert str(stopped.value) == CANCELLED
    assert isinstance(stopped.value, LedgerError)  # a message for the user, not a crash
    assert list(stick.iterdir()) == []  # no copy, no .partial
    if during == "copying":
        assert reports.copied()[-1] < 1.0 and (None, CHECKING) not in reports  # stopped half-way


def test_writes_meanwhile_neither_start_the_copy_over_nor_reach_it(
    many_steps: peewee.Database, secretary: User, tmp_path: Path
) -> None:
    """A desk presses between every two steps: the copy is the database as it was when it began."""
    from models.service.counts import ServiceEvent

    before = ServiceEvent.select().count()
    reports = Reports()

    def progress(fraction: float | None, message: str) -> None:
        reports(fraction, message)
        if message == COPYING:
            record_press(secretary, categories()[0])

    made = backup_to(many_steps, tmp_path, progress=progress)
    copied = reports.copied()
    assert copied == sorted(copied) and copied[-1] == 1.0  # one pass, never started over
    assert ServiceEvent.select().count() == before + len(copied)
    with sqlite3.connect(made) as copy:
        assert copy.execute("SELECT COUNT(*) FROM service_event").fetchone() == (before,)
    assert integrity(made) == [("ok",)]

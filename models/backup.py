"""Backups of the SQLite file: every day by themselves and anywhere on request
(``models.restore`` reads one and puts it back).

Every copy is made with SQLite's online backup API (consistent while another program writes,
WAL included), written under a temporary name, checked with ``integrity_check`` and only then
given its real name: a file called a backup is always a good one. A copy that fails the check
is removed and reported, never counted.

The daily copies live in ``backups`` beside the database file, one per day
(``service-ledger-2026-12-01.db``); the newest N are kept (setting ``backup.kept``). An erased
value therefore survives in the kept copies for N days.

Only this program's database is copied, and only a whole one: a damaged database is refused
with a message that says the *database* is damaged (a copy made of it would be a "backup"
that cannot be restored). Files are always opened through models.db's read-only URI, which
quotes a path holding ``#``, ``?`` or ``%``.

A copy to a USB stick says how far it is and stops at 取消 (``models/progress.py``): the
pages are copied a step at a time inside one read transaction, so the copy is the database
as it was when it began (other PCs go on writing meanwhile, and the copy does not start
over because of them); a copy stopped half-way is removed like a failed one.

A PostgreSQL database is backed up by its server (``pg_dump``/``pg_restore``), not here.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from models.db import (
    BACKUPS_FOLDER,
    MIGRATION_TABLE,
    _check_is_database_file,
    _connect_read_only,
    _foreign_message,
    _remove_with_companions,
    damaged_message,
    file_integrity_problems,
    meaning,
    reason,
)
from models.errors import DatabaseDamaged, NotOurDatabase, StorageError
from models.progress import NEVER_ABORT, NO_PROGRESS, AbortFlag, Progress, stop_if_asked

log = logging.getLogger(__name__)

SERVER_MESSAGE = (
    "這個資料庫在 PostgreSQL 伺服器上，請用伺服器本身的 pg_dump 備份、pg_restore 還原"
    "（例如 pg_dump -Fc -f 備份.dump 資料庫名稱），本程式只備份 SQLite 檔案。"
)
COPYING = "正在複製資料庫檔案…"
CHECKING = "正在檢查備份檔…"
CANCELLED = "已取消備份，沒有留下不完整的備份檔。"
COPY_STEP_PAGES = 256  # pages per step (1 MiB at 4 KiB): how often progress is said and 取消 is heard


class BackupError(StorageError):
    """A copy could not be made, or a file offered for restoring is not a usable backup."""


def backups_folder(database_path: Path) -> Path:
    return database_path.parent / BACKUPS_FOLDER


def daily_name(database_path: Path, day: dt.date) -> str:
    return f"{database_path.stem}-{day.isoformat()}{database_path.suffix}"


def _daily_pattern(database_path: Path) -> re.Pattern[str]:
    return re.compile(re.escape(database_path.stem) + r"-\d{4}-\d{2}-\d{2}" + re.escape(database_path.suffix))


def daily_backups(database_path: Path) -> list[Path]:
    """The kept daily copies, newest first."""
    folder = backups_folder(database_path)
    if not folder.is_dir():
        return []
    pattern = _daily_pattern(database_path)
    return sorted((p for p in folder.iterdir() if pattern.fullmatch(p.name)), key=lambda p: p.name, reverse=True)


def sqlite_path(database: peewee.Database) -> Path | None:
    return Path(database.database) if isinstance(database, peewee.SqliteDatabase) else None


# --- making copies ---------------------------------------------------------------------


def copy_database(
    source: Path, target: Path, *, progress: Progress = NO_PROGRESS, abort: AbortFlag = NEVER_ABORT
) -> Path:
    """Copy the SQLite file ``source`` to ``target`` (which must not exist) and check the copy.

    The source is only read (never opened for writing). A copy that fails its check is
    removed; when the source itself fails the same check the message says the *database*
    is damaged, not the copy. ``abort`` set before the copy has its name: ``Cancelled``,
    and nothing is left at ``target``."""
    require_database_file(source, "資料庫檔案")
    if target.exists():
        raise BackupError(f"「{target}」已經有檔案了，不會覆蓋它；請換一個檔名或資料夾。")
    partial = target.with_name(target.name + ".partial")
    try:
        try:
            copy_pages(source, partial, progress=progress, abort=abort)
        except sqlite3.DatabaseError as exc:
            found = meaning(exc)
            if found is not None and found.kind is DatabaseDamaged:
                raise _source_damaged(source) from exc  # reading the source is what failed
            raise
        stop_if_asked(abort, CANCELLED)
        progress(None, CHECKING)
        if file_problems(partial):
            if file_problems(source):
                raise _source_damaged(source)
            raise BackupError("備份檔複製後檢查不通過（檔案已損壞），已刪除這份不完整的備份。")
        stop_if_asked(abort, CANCELLED)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"無法寫入備份「{target}」：{reason(exc)}。這份備份沒有完成，已刪除。") from exc
    finally:
        _remove_with_companions(partial)
    return target


def copy_pages(
    source: Path, target: Path, *, progress: Progress = NO_PROGRESS, abort: AbortFlag = NEVER_ABORT
) -> None:
    """SQLite's online backup of ``source`` (opened read-only) into the new file ``target``,
    ``COPY_STEP_PAGES`` at a time.

    Between steps SQLite would start a copy over whenever another connection wrote to the
    source (a desk's press every few seconds could keep it from ever ending); a read
    transaction held from the first step to the last keeps the copy on one snapshot."""

    def step(_status: int, remaining: int, total: int) -> None:
        stop_if_asked(abort, CANCELLED)  # raised here, SQLite's backup stops at once
        progress((total - remaining) / total if total else 1.0, COPYING)

    with contextlib.closing(_connect_read_only(source)) as reader:
        reader.execute("BEGIN")  # (autocommit connection: this is the one transaction)
        reader.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # the snapshot is taken here
        with contextlib.closing(sqlite3.connect(target)) as writer:
            progress(0.0, COPYING)
            reader.backup(writer, pages=COPY_STEP_PAGES, progress=step)
            # One self-contained file (no -wal beside it), whatever the source's mode.
            writer.execute("PRAGMA journal_mode=DELETE")


def _source_damaged(source: Path) -> BackupError:
    return BackupError(
        f"{damaged_message(source)}損壞的檔案不會被當作備份複製（備份一定是完好的檔案）；"
        "若要把它交給技術人員檢查，請直接複製這個檔案。"
    )


def backup_to(
    database: peewee.Database | Path,
    destination: Path,
    now: dt.datetime | None = None,
    *,
    progress: Progress = NO_PROGRESS,
    abort: AbortFlag = NEVER_ABORT,
) -> Path:
    """Copy the database (open, or a file) anywhere (a USB stick): into a folder, or to a
    new file path. Reads only: a database file that does not exist is refused, not created.
    ``progress`` hears how far the copy is, then that it is checked; ``abort`` stops it
    (``Cancelled``, nothing left behind)."""
    source = database if isinstance(database, Path) else sqlite_path(database)
    if source is None:
        raise BackupError(SERVER_MESSAGE)
    require_database_file(source, "資料庫檔案")
    _require_ours(source)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = destination / f"{source.stem}-{stamp}{source.suffix}" if destination.is_dir() else destination
    if not target.parent.is_dir():
        raise BackupError(f"找不到資料夾「{target.parent}」；請先插好隨身碟或選一個存在的資料夾。")
    if target.resolve() == source.resolve():
        raise BackupError("備份不能寫在資料庫檔案本身上；請選另一個位置。")
    return copy_database(source, target, progress=progress, abort=abort)


@dataclass(frozen=True)
class DailyBackup:
    """What the day's automatic backup did, in words for the secretary."""

    made: Path | None = None
    failed: str | None = None
    removed: list[Path] = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.failed:
            return f"今天的自動備份失敗：{self.failed}"
        if self.made is None:
            return "今天已經備份過了。"
        return f"今天的自動備份已完成：{self.made.name}"


def daily_backup(database: peewee.Database, keep: int, today: dt.date | None = None) -> DailyBackup | None:
    """On the first start of a day, copy the file into ``backups`` and keep the newest ``keep``."""
    source = sqlite_path(database)
    if source is None:
        return None
    today = today or dt.date.today()
    folder = backups_folder(source)
    target = folder / daily_name(source, today)
    if target.exists():
        return DailyBackup()
    try:
        folder.mkdir(exist_ok=True)
        copy_database(source, target)
    except OSError as exc:
        return DailyBackup(failed=f"無法建立備份資料夾「{folder}」：{reason(exc)}")
    except BackupError as exc:
        return DailyBackup(failed=str(exc))
    return DailyBackup(made=target, removed=prune(source, keep))


def prune(database_path: Path, keep: int) -> list[Path]:
    """Remove daily copies beyond the newest ``keep`` (never the newest one)."""
    removed = []
    for old in daily_backups(database_path)[max(keep, 1):]:
        with contextlib.suppress(OSError):
            old.unlink()
            removed.append(old)
    return removed


# --- checking and restoring -------------------------------------------------------------


def file_problems(path: Path) -> list[str]:
    """integrity_check of a file that is not the open database (empty: intact). The findings
    are SQLite's own words, for the log only."""
    problems = file_integrity_problems(path, full=True)
    if problems:
        log.info("integrity_check of %s: %s", path, "; ".join(problems)[:2000])
    return problems


def require_database_file(path: Path, what: str) -> None:
    """The file exists and is SQLite's (or empty), by models.db's one header check. An empty
    file passes here as it does there and is refused after, as holding nothing of ours."""
    if not path.is_file():
        raise BackupError(f"找不到{what}「{path}」。")
    _check_is_database_file(path)


def table_names(path: Path) -> set[str]:
    with contextlib.closing(_connect_read_only(path)) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _require_ours(path: Path) -> None:
    """A file to be copied as a backup holds this program's tables: another program's
    database is refused (as opening it is), and so is an empty one."""
    try:
        tables = table_names(path)
    except sqlite3.DatabaseError as exc:
        raise _source_damaged(path) from exc
    if not tables:
        raise BackupError(f"資料庫檔案「{path}」是空的，沒有資料可以備份。")
    if MIGRATION_TABLE not in tables:
        raise NotOurDatabase(_foreign_message(path))

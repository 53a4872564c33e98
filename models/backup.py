"""Backups of the SQLite file: every day by themselves, anywhere on request, and restoring one.

Every copy is made with SQLite's online backup API (consistent while another program writes,
WAL included), written under a temporary name, checked with ``integrity_check`` and only then
given its real name: a file called a backup is always a good one. A copy that fails the check
is removed and reported, never counted.

The daily copies live in ``backups`` beside the database file, one per day
(``service-ledger-2026-12-01.db``); the newest N are kept (setting ``backup.kept``). An erased
value therefore survives in the kept copies for N days.

Only this program's database is copied, and only a whole one: a damaged database is refused
with a message that says the *database* is damaged (a copy made of it would be a "backup"
that cannot be restored). Restoring keeps the current file first as it is, byte for byte,
damaged or not (``backups/<name>.before-restore.<time>.db``): a damaged file never blocks its
own replacement. Files are always opened through models.db's read-only URI, which quotes a
path holding ``#``, ``?`` or ``%``.

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
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from models.db import (
    MIGRATION_TABLE,
    _check_is_database_file,
    _companions,
    _connect_read_only,
    _foreign_message,
    _remove_with_companions,
    damaged_message,
    db,
    default_database_path,
    file_integrity_problems,
    is_url,
    migrate,
    migrations_directory,
)
from models.errors import DatabaseNewer, NotOurDatabase, StorageError
from models.progress import NEVER_ABORT, NO_PROGRESS, AbortFlag, Progress, stop_if_asked

log = logging.getLogger(__name__)

BACKUP_FOLDER = "backups"
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
    return database_path.parent / BACKUP_FOLDER


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
    _require_database_file(source, "資料庫檔案")
    if target.exists():
        raise BackupError(f"「{target}」已經有檔案了，不會覆蓋它；請換一個檔名或資料夾。")
    partial = target.with_name(target.name + ".partial")
    try:
        try:
            _copy_pages(source, partial, progress=progress, abort=abort)
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorname", "").split("_")[:2] in (["SQLITE", "CORRUPT"], ["SQLITE", "NOTADB"]):
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
        raise BackupError(f"無法寫入備份「{target}」：{_reason(exc)}。這份備份沒有完成，已刪除。") from exc
    finally:
        _remove_with_companions(partial)
    return target


def _copy_pages(
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
    _require_database_file(source, "資料庫檔案")
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
        return DailyBackup(failed=f"無法建立備份資料夾「{folder}」：{_reason(exc)}")
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


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, shown before it replaces anything."""

    path: Path
    copied_at: dt.datetime
    last_change: dt.datetime | None
    counts: dict[str, int]
    check_lines: list[str]
    check_ok: bool

    def lines(self) -> list[str]:
        last = self.last_change.strftime("%Y-%m-%d %H:%M") if self.last_change else "（沒有任何紀錄）"
        counts = "、".join(f"{label} {count:,} 筆" for label, count in self.counts.items())
        return [
            f"備份檔：{self.path}",
            f"檔案時間：{self.copied_at:%Y-%m-%d %H:%M}；最後一筆資料：{last}",
            f"內容：{counts}",
            "稽核檢查：" + self.check_lines[0],
            *self.check_lines[1:],
        ]


def describe_backup(path: Path) -> BackupSummary:
    """Open a copy of the backup (brought up to this version) and say what it holds.

    A damaged file, another program's file or one from a newer version is refused here."""
    from models.schema import ALL_MODELS
    from models.verify import AUDITED, verify

    _require_database_file(path, "備份檔")
    problems = file_problems(path)
    if problems:
        raise BackupError("這個備份檔已損壞，不能用來還原；請改用另一份備份。")
    with _scratch_copy(path) as scratch:
        tables = set(scratch.get_tables())
        if not {"schema_migration", "audit_entry", "app_user"} <= tables:
            raise BackupError(f"「{path.name}」不是本程式的備份檔，不能用來還原。")
        try:
            migrate(scratch, migrations_directory())
        except DatabaseNewer as exc:
            raise BackupError(f"這個備份檔由較新版本的程式建立，不能用來還原：{exc}") from exc
        with _DESCRIBING, _OnThisThread(scratch).bound(ALL_MODELS):
            counts = {}
            for model, label in AUDITED:
                query = model.select()
                if "voided_at" in model._meta.fields:
                    query = query.where(model.voided_at.is_null())
                counts[label] = query.count()
            from models.audit import AuditEntry

            last_change = AuditEntry.select(peewee.fn.MAX(AuditEntry.at)).scalar()
            result = verify(scratch)
    if isinstance(last_change, str):
        last_change = dt.datetime.fromisoformat(last_change)
    return BackupSummary(
        path, dt.datetime.fromtimestamp(path.stat().st_mtime), last_change, counts, result.lines(), result.ok
    )


class _OnThisThread(peewee.DatabaseProxy):
    """Models bound to this reach ``here`` from the thread that bound them and the program's
    own database from every other thread. Binding models is global; looking at a backup on
    a worker thread must not send the window's queries (or writes) into the backup."""

    __slots__ = ("_here", "_thread")

    def __init__(self, here: peewee.Database) -> None:
        object.__setattr__(self, "_callbacks", [])
        object.__setattr__(self, "_here", here)
        object.__setattr__(self, "_thread", threading.get_ident())

    @property
    def obj(self) -> peewee.Database | None:  # type: ignore[override]
        return self._here if threading.get_ident() == self._thread else db.obj

    def bound(self, models: list[type[peewee.Model]]) -> contextlib.AbstractContextManager[object]:
        # A proxy has no bind_ctx of its own (it would reach the database's): peewee's, with this as the database.
        return peewee.Database.bind_ctx(self, models)  # type: ignore[arg-type]


# One backup looked at at a time: the models' binding is put back as it was found.
_DESCRIBING = threading.Lock()


@contextlib.contextmanager
def _scratch_copy(path: Path) -> Iterator[peewee.SqliteDatabase]:
    folder = Path(tempfile.mkdtemp(prefix="service-ledger-restore-"))
    try:
        copy = folder / "check.db"
        with contextlib.closing(_connect_read_only(path)) as reader:
            with contextlib.closing(sqlite3.connect(copy)) as writer:
                reader.backup(writer)
        scratch = peewee.SqliteDatabase(str(copy), pragmas={"foreign_keys": 1})
        try:
            yield scratch
        finally:
            scratch.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"這個備份檔無法讀取，不能用來還原（{_reason(exc)}）。") from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Restored:
    summary: BackupSummary
    safety_copy: Path | None


def restore(source: Path, target: str | os.PathLike[str] | None) -> Restored:
    """Replace the database file ``target`` by the backup ``source``, after a safety copy.

    The database must not be open in this program meanwhile (the caller closes it and opens
    it again afterwards, which also brings an older backup up to this version). The current
    file may be damaged (that is when a restore is needed most): it is kept byte for byte,
    never checked, and replaced as a whole rather than written into."""

    if target is not None and is_url(str(target)):
        raise BackupError(SERVER_MESSAGE)
    target_path = Path(target) if target is not None else default_database_path()
    summary = describe_backup(source)
    if target_path.exists() and target_path.resolve() == source.resolve():
        raise BackupError("這個備份檔就是目前的資料庫檔案本身。")
    safety = None
    if target_path.exists():
        _require_database_file(target_path, "目前的資料庫檔案")
        _refuse_foreign_target(target_path)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = backups_folder(target_path)
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise BackupError(f"無法建立備份資料夾「{folder}」，沒有還原：{_reason(exc)}") from exc
        safety = _keep_as_it_is(target_path, folder / f"{target_path.stem}.before-restore.{stamp}{target_path.suffix}")
    else:
        try:
            target_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BackupError(f"無法建立資料夾「{target_path.parent}」：{_reason(exc)}") from exc
    staged = target_path.with_name(f".{target_path.name}.restoring")
    kept = f"原本的資料在「{safety}」。" if safety else ""
    try:
        _remove_with_companions(staged)
        _copy_pages(source, staged)
        # The old file's -wal and -shm belong to it: left beside the new file, SQLite would
        # replay the old pages into it. They are in the safety copy.
        for companion in _companions(target_path):
            with contextlib.suppress(FileNotFoundError):
                companion.unlink()
        os.replace(staged, target_path)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"還原沒有完成（{_reason(exc)}）。{kept}") from exc
    finally:
        _remove_with_companions(staged)
    return Restored(summary, safety)


def _keep_as_it_is(path: Path, target: Path) -> Path:
    """A byte copy of the current file and its -wal, damaged or not (nothing is checked:
    a damaged file must never block its own replacement)."""
    if target.exists():
        raise BackupError(f"「{target}」已經有檔案了，不會覆蓋它；請稍候一秒再還原。")
    pairs = [(path, target)]
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        pairs.append((wal, target.with_name(target.name + "-wal")))
    try:
        for original, copy in reversed(pairs):  # the file itself last: its name means "complete"
            partial = copy.with_name(copy.name + ".partial")
            shutil.copyfile(original, partial)
            with partial.open("rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, copy)
    except OSError as exc:
        for _original, copy in pairs:
            for leftover in (copy, copy.with_name(copy.name + ".partial")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
        raise BackupError(f"無法另存目前的資料庫檔案到「{target.parent}」，沒有還原：{_reason(exc)}") from exc
    return target


def _require_database_file(path: Path, what: str) -> None:
    """The file exists and is SQLite's (or empty), by models.db's one header check. An empty
    file passes here as it does there and is refused after, as holding nothing of ours."""
    if not path.is_file():
        raise BackupError(f"找不到{what}「{path}」。")
    _check_is_database_file(path)


def _refuse_foreign_target(path: Path) -> None:
    """Another program's readable database is never replaced; a file too damaged to list its
    tables is what a restore is for."""
    try:
        tables = _tables(path)
    except sqlite3.DatabaseError:
        return
    if tables and MIGRATION_TABLE not in tables:
        raise NotOurDatabase(_foreign_message(path))


def _tables(path: Path) -> set[str]:
    with contextlib.closing(_connect_read_only(path)) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _require_ours(path: Path) -> None:
    """A file to be copied as a backup holds this program's tables: another program's
    database is refused (as opening it is), and so is an empty one."""
    try:
        tables = _tables(path)
    except sqlite3.DatabaseError as exc:
        raise _source_damaged(path) from exc
    if not tables:
        raise BackupError(f"資料庫檔案「{path}」是空的，沒有資料可以備份。")
    if MIGRATION_TABLE not in tables:
        raise NotOurDatabase(_foreign_message(path))


def _reason(exc: BaseException) -> str:
    """The OS's or SQLite's reason in words a clerk can act on (never the English text)."""
    if isinstance(exc, OSError):
        import errno

        reasons = {
            errno.ENOSPC: "磁碟空間已滿",
            errno.EACCES: "沒有寫入權限",
            errno.EPERM: "沒有寫入權限",
            errno.EROFS: "磁碟是唯讀的",
            errno.ENOENT: "找不到檔案或資料夾",
        }
        return reasons.get(exc.errno, "檔案無法存取")
    name = getattr(exc, "sqlite_errorname", "")
    return {
        "SQLITE_FULL": "磁碟空間已滿",
        "SQLITE_CORRUPT": "檔案已損壞",
        "SQLITE_NOTADB": "不是資料庫檔案",
        "SQLITE_READONLY": "檔案是唯讀的",
        "SQLITE_CANTOPEN": "無法開啟檔案",
        "SQLITE_BUSY": "資料庫正忙",
        "SQLITE_IOERR": "磁碟讀寫錯誤",
    }.get("_".join(name.split("_")[:2]), "資料庫錯誤")  # SQLITE_IOERR_WRITE → SQLITE_IOERR

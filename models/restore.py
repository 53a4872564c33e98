"""Restoring a backup: what it holds, read before anything is replaced, and putting it back.

A backup is looked at in a scratch copy brought up to this version (its numbered migrations
run there, never in the file itself): its records are counted and its audit trail is
checked (``models.verify``), so the secretary sees what the restore would bring back.
Restoring keeps the current file first as it is, byte for byte, damaged or not
(``backups/<name>.before-restore.<time>.db``): a damaged file never blocks its own
replacement. The copies themselves are made by ``models.backup``.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import peewee

from models.audit import AuditEntry
from models.backup import (
    SERVER_MESSAGE,
    BackupError,
    backups_folder,
    copy_pages,
    file_problems,
    require_database_file,
    table_names,
)
from models.db import (
    MIGRATION_TABLE,
    _companions,
    _connect_read_only,
    _foreign_message,
    _remove_with_companions,
    db,
    default_database_path,
    is_url,
    reason,
)
from models.errors import DatabaseNewer, NotOurDatabase
from models.schema import ALL_MODELS
from models.storage import migrate, migrations_directory
from models.verify import AUDITED, verify


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
    require_database_file(path, "備份檔")
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
        raise BackupError(f"這個備份檔無法讀取，不能用來還原（{reason(exc)}）。") from exc
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
        require_database_file(target_path, "目前的資料庫檔案")
        _refuse_foreign_target(target_path)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = backups_folder(target_path)
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise BackupError(f"無法建立備份資料夾「{folder}」，沒有還原：{reason(exc)}") from exc
        safety = _keep_as_it_is(target_path, folder / f"{target_path.stem}.before-restore.{stamp}{target_path.suffix}")
    else:
        try:
            target_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BackupError(f"無法建立資料夾「{target_path.parent}」：{reason(exc)}") from exc
    staged = target_path.with_name(f".{target_path.name}.restoring")
    kept = f"原本的資料在「{safety}」。" if safety else ""
    try:
        _remove_with_companions(staged)
        copy_pages(source, staged)
        # The old file's -wal and -shm belong to it: left beside the new file, SQLite would
        # replay the old pages into it. They are in the safety copy.
        for companion in _companions(target_path):
            with contextlib.suppress(FileNotFoundError):
                companion.unlink()
        os.replace(staged, target_path)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"還原沒有完成（{reason(exc)}）。{kept}") from exc
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
        raise BackupError(f"無法另存目前的資料庫檔案到「{target.parent}」，沒有還原：{reason(exc)}") from exc
    return target


def _refuse_foreign_target(path: Path) -> None:
    """Another program's readable database is never replaced; a file too damaged to list its
    tables is what a restore is for."""
    try:
        tables = table_names(path)
    except sqlite3.DatabaseError:
        return
    if tables and MIGRATION_TABLE not in tables:
        raise NotOurDatabase(_foreign_message(path))

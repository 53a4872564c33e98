"""Opening the ledger: connect (``models.db``), bring the schema up to date, seed a new one,
and erase the contact phones whose keeping is over (at every open that may write).

``models.db`` is the leaf that knows files, connections and drivers; this module drives it,
as qutebrowser's ``history.init()`` drives its ``misc/sql.py``, which never imports it.

Schema changes are the numbered scripts in ``models/migrations`` (``0001_initial.py`` …),
run in order by playhouse's migration runner, which records each in ``MIGRATION_TABLE``.
Before a script runs on an SQLite file that holds data, a safety copy is made beside it. A
ledger whose recorded names are exactly the scripts' names is current: one query says so,
and the runner (which also imports the PostgreSQL driver) is then not even loaded.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import peewee

from models.db import (
    DEFAULT_BUSY_TIMEOUT_MS,
    MIGRATION_TABLE,
    ServerDatabase,
    _remove_with_companions,
    meaning,
    open_connection,
    storage_errors,
)
from models.errors import COMMAND, DatabaseNewer, DiskFull, NeedsMigration, SafetyCopyFailed
from models.registers.followups import erase_due_phones
from models.seed import ensure_seed_data

if TYPE_CHECKING:
    from playhouse.migrations import Runner

log = logging.getLogger(__name__)


def open_ledger(
    target: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    create: bool = True,
    migrations_dir: Path | None = None,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> peewee.Database:
    """Open the ledger, bring its schema up to date, seed it, and bind ``models.db.db``.

    ``read_only``: for commands that only read. Nothing is created, migrated, seeded or
    changed; a missing file or one that needs a migration is refused.
    ``create``: whether a missing SQLite file (or an empty one) may be created; when False
    it raises DatabaseMissing, so the window can ask first. A new file is built complete
    (schema and seed) beside its place before it gets its name.
    """
    migrations = migrations_dir or migrations_directory()

    def build(database: peewee.Database) -> None:
        migrate(database, migrations)
        ensure_seed_data()

    database = open_connection(
        target, read_only=read_only, create=create, build=build, busy_timeout_ms=busy_timeout_ms
    )
    try:
        with storage_errors():
            if read_only:
                refuse_pending(database, migrations)
            else:
                migrate(database, migrations)
                if isinstance(database, ServerDatabase):
                    database.queue_writers = True  # the audit table exists now
                ensure_seed_data()
                erase_due_phones()  # contact phones past their keeping, at every start that may write
    except BaseException:
        database.close()
        raise
    return database


# ---------------------------------------------------------------------------------------
# Migrations


def migrations_directory() -> Path:
    return Path(str(resources.files("models.migrations")))


def migration_names(directory: Path) -> list[str]:
    """The scripts in ``directory`` by name, as the runner finds them (``[0-9]*.py``)."""
    return sorted(path.stem for path in directory.glob("[0-9]*.py"))


def schema_is_current(database: peewee.Database, directory: Path) -> bool:
    """Whether every script has run and nothing else has: the applied names, read in one
    query, are exactly the scripts' names. Anything else (pending, unknown, no history yet)
    is for the runner to tell apart."""
    if not database.table_exists(MIGRATION_TABLE):
        return False
    applied = [row[0] for row in database.execute_sql(f'SELECT "name" FROM "{MIGRATION_TABLE}"')]
    return sorted(applied) == migration_names(directory)


def migrate(database: peewee.Database, directory: Path) -> list[str]:
    """Run pending numbered migrations, after a safety copy of an SQLite file that holds data."""
    if schema_is_current(database, directory):
        return []
    runner = _runner(database, directory)
    pending = [m for m in _checked_status(runner) if not m.applied]
    if not pending:
        return []
    if isinstance(database, peewee.SqliteDatabase) and runner.History.table_exists():
        backup_sqlite(database, label=f"before-{pending[0].name}")
    return runner.up()


def refuse_pending(database: peewee.Database, directory: Path) -> None:
    """For a command that only reads: a schema it cannot read as it is is refused, unchanged."""
    if schema_is_current(database, directory):
        return
    status = _checked_status(_runner(database, directory))
    if any(not m.applied for m in status):
        raise NeedsMigration(
            "這個資料庫是較舊版本的程式建立的，需要先更新結構才能讀取。"
            f"請先用本程式開啟它一次（{COMMAND} --db 同一個檔案），再執行這個指令。"
        )


def _runner(database: peewee.Database, directory: Path) -> Runner:
    # Imported only when the schema is not current: playhouse.migrations loads psycopg too.
    from playhouse.migrations import Runner

    return Runner(database, directory=str(directory), table_name=MIGRATION_TABLE)


def _checked_status(runner: Runner) -> list[Any]:
    status = runner.status()
    unknown = [m.name for m in status if m.path is None]
    if unknown:
        raise DatabaseNewer(
            "這個資料庫是由較新版本的程式建立的（結構版本："
            + "、".join(unknown)
            + "），本程式無法安全地使用它。請安裝最新版本後再開啟。"
        )
    return status


# ---------------------------------------------------------------------------------------
# The safety copy before a migration


def _open_copy(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path)


def backup_sqlite(database: peewee.SqliteDatabase, label: str) -> Path:
    """Copy a live SQLite database with SQLite's online backup (consistent even in WAL mode).

    The copy is written under a temporary name, checked, and renamed only when complete: a
    full disk or an unwritable folder leaves no empty or partial copy, and raises
    SafetyCopyFailed so that the migration it guards does not run.
    """
    source = Path(database.database)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.stem}.{label}.{stamp}.bak{source.suffix}")
    partial = target.with_name(target.name + ".partial")
    why = "無法寫入更新資料庫結構前的安全備份"
    try:
        destination = _open_copy(partial)
        try:
            database.connection().backup(destination)
            problems = [row[0] for row in destination.execute("PRAGMA quick_check").fetchall()]
        finally:
            destination.close()
        if problems != ["ok"]:
            raise SafetyCopyFailed(f"{why}（複製出來的檔案檢查不通過），所以沒有更新。資料沒有任何變動。")
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        _remove_with_companions(partial)
        log.info("safety copy %s failed: %r", target, exc)
        found = meaning(exc)
        reason = found.words if found is not None and found.kind is DiskFull else f"資料夾「{source.parent}」無法寫入"
        raise SafetyCopyFailed(
            f"{why}（{reason}），所以沒有更新資料庫結構，資料沒有任何變動。"
            "請清出磁碟空間或確認資料夾可以寫入後，再開啟程式。"
        ) from exc
    except BaseException:
        _remove_with_companions(partial)
        raise
    return target

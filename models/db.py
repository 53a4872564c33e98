"""Opening the database: the one DatabaseProxy, SQLite pragmas, PostgreSQL by URL, migrations.

SQLite (one file in the user's data folder) is the default for a single PC; a branch with
several PCs points every copy at one PostgreSQL server with a ``postgresql://`` URL.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import peewee
import platformdirs
from playhouse.db_url import parse as parse_url
from playhouse.migrations import Runner
from playhouse.shortcuts import ReconnectMixin

from models.errors import (
    DatabaseLocked,
    DatabaseNewer,
    DatabaseReadOnly,
    DatabaseUnavailable,
    StorageError,
    ValidationError,
)

db = peewee.DatabaseProxy()

APP_NAME = "service-ledger"
MIGRATION_TABLE = "schema_migration"
DEFAULT_BUSY_TIMEOUT_MS = 5000


def sqlite_pragmas(busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> dict[str, object]:
    # WAL lets the report read while a desk writes; FULL survives a power cut.
    return {
        "journal_mode": "wal",
        "synchronous": "full",
        "foreign_keys": 1,
        "busy_timeout": busy_timeout_ms,
    }


def default_database_path() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / f"{APP_NAME}.db"


def migrations_directory() -> Path:
    return Path(str(resources.files("models.migrations")))


def is_url(target: str) -> bool:
    return "://" in target


@contextlib.contextmanager
def storage_errors() -> Iterator[None]:
    """Turn the database driver's errors about the environment into messages a clerk can act on."""
    try:
        yield
    except peewee.OperationalError as exc:
        raise translate_operational_error(exc) from exc
    except peewee.IntegrityError as exc:
        # A rule checked a moment ago no longer holds: another PC changed the same data.
        raise StorageError("資料剛剛被另一台電腦改過，這次的變更沒有存入。請重新整理畫面後再試。") from exc
    except peewee.InterfaceError as exc:
        raise DatabaseUnavailable(f"與資料庫的連線中斷了，請稍後再試。（{exc}）") from exc
    except peewee.DoesNotExist as exc:
        raise ValidationError("這筆資料已經被刪除了（可能是在另一台電腦上），請重新整理畫面。") from exc


def environment_problem(exc: BaseException) -> StorageError | None:
    """The message for a database driver error that escaped a read, or None for a real bug.

    Writes translate their errors where they happen; this catches the rest (a server that
    went away while a list was being read) so the user gets words, not a crash dialog.
    """
    if isinstance(exc, peewee.OperationalError):
        return translate_operational_error(exc)
    if isinstance(exc, peewee.InterfaceError):
        return DatabaseUnavailable(f"與資料庫的連線中斷了，請稍後再試。（{exc}）")
    return None


def translate_operational_error(exc: Exception) -> StorageError:
    text = str(exc).lower()
    if "serialize" in text or "deadlock" in text:
        return StorageError("資料剛剛被另一台電腦改過，這次的變更沒有存入。請重新整理畫面後再試。")
    if "locked" in text or "busy" in text:
        return DatabaseLocked("資料庫正由另一台電腦或程式寫入中，請稍候幾秒再試一次。這次的資料沒有存入。")
    if "readonly" in text or "read-only" in text:
        return DatabaseReadOnly("資料庫檔案是唯讀的，無法存入資料。請確認檔案沒有設成「唯讀」，且資料夾可以寫入。")
    if "disk" in text and "full" in text:
        return StorageError("磁碟空間已滿，資料沒有存入。請清出空間後再試。")
    if "connection" in text or "connect" in text or "server" in text:
        return DatabaseUnavailable(f"無法連線到資料庫伺服器，請確認網路與伺服器。（{exc}）")
    return StorageError(f"資料庫發生錯誤，資料沒有存入：{exc}")


def open_database(
    target: str | os.PathLike[str] | None = None,
    *,
    migrations_dir: Path | None = None,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> peewee.Database:
    """Open (creating if needed) the database, bring its schema up to date and bind ``db``."""
    if target is not None and is_url(str(target)):
        database = _open_url(str(target))
    else:
        path = Path(target) if target is not None else default_database_path()
        database = _open_sqlite(path, busy_timeout_ms)
    db.initialize(database)
    try:
        with storage_errors():
            migrate(database, migrations_dir or migrations_directory())
            if isinstance(database, ServerDatabase):
                database.queue_writers = True  # the audit table exists now
            from models.seed import (
                ensure_seed_data,  # the seed needs the current models
            )

            ensure_seed_data()
    except BaseException:
        database.close()
        raise
    return database


def _open_sqlite(path: Path, busy_timeout_ms: int) -> peewee.SqliteDatabase:
    if path.exists():
        if not path.is_file():
            raise DatabaseUnavailable(f"「{path}」不是資料庫檔案。")
        # The write bits, not os.access: an administrator can write anything, yet a file the
        # user marked read-only must still be refused rather than quietly changed.
        if not path.stat().st_mode & stat.S_IWUSR:
            raise DatabaseReadOnly(
                f"資料庫檔案「{path}」是唯讀的，無法存入資料。請取消檔案的「唯讀」屬性後再開啟。"
            )
        _check_sqlite_header(path)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(f"無法建立資料夾「{path.parent}」：{exc.strerror}") from exc
    # IMMEDIATE: a write transaction takes the lock when it begins, so two programs writing
    # at once queue on the busy timeout instead of one failing when it upgrades a read lock.
    database = peewee.SqliteDatabase(
        str(path),
        pragmas=sqlite_pragmas(busy_timeout_ms),
        timeout=busy_timeout_ms / 1000,
        lock_type="IMMEDIATE",
    )
    try:
        with storage_errors():
            database.connect()
    except StorageError:
        database.close()
        raise
    return database


def _check_sqlite_header(path: Path) -> None:
    with path.open("rb") as handle:
        header = handle.read(16)
    if header and header != b"SQLite format 3\x00":
        raise DatabaseUnavailable(f"「{path}」不是本程式的資料庫檔案。")


# Taken first in every PostgreSQL write transaction (see ServerDatabase). It blocks nobody's
# plain reads (they take ACCESS SHARE), only the next writer.
WRITERS_QUEUE = 'LOCK TABLE "audit_entry" IN SHARE ROW EXCLUSIVE MODE'


class ServerDatabase(ReconnectMixin, peewee.PostgresqlDatabase):
    """PostgreSQL for a branch with several PCs.

    SERIALIZABLE makes the read-then-write rules (a day total, the last secretary) hold when
    two PCs write at once; the loser gets "changed by another PC" instead of a wrong figure.
    The reconnect mixin survives a server restart during the day.

    Once the schema is in place, every write transaction first queues on the audit chain
    (``WRITERS_QUEUE``), as SQLite's BEGIN IMMEDIATE queues writers on the file: the chain
    head each one reads is then never stale, and SERIALIZABLE has no conflicts left to fail
    between writers. LOCK TABLE is used because it takes no snapshot: an advisory lock taken
    by a SELECT would fix the snapshot before waiting. A reader that asks for its own
    isolation level (``atomic(isolation_level="REPEATABLE READ")``) does not queue.
    """

    queue_writers = False

    def begin(self, isolation_level: str | None = None) -> None:
        super().begin(isolation_level)
        if self.queue_writers and isolation_level is None:
            self.execute_sql(WRITERS_QUEUE)


def _open_url(url: str) -> peewee.Database:
    scheme = url.split("://", 1)[0].lower()
    if scheme not in ("postgresql", "postgres"):
        raise DatabaseUnavailable(f"不支援的資料庫網址「{scheme}://」；請用 postgresql://使用者@主機/資料庫。")
    try:
        database = ServerDatabase(isolation_level="SERIALIZABLE", connect_timeout=5, **parse_url(url))
    except (ValueError, RuntimeError, ImportError) as exc:
        raise DatabaseUnavailable(f"資料庫網址無法使用：{exc}") from exc
    try:
        with storage_errors():
            database.connect()
    except StorageError:
        database.close()
        raise
    except Exception as exc:  # the driver's own connection errors
        database.close()
        raise DatabaseUnavailable(f"無法連線到資料庫伺服器，請確認網路與伺服器。（{exc}）") from exc
    return database


def migrate(database: peewee.Database, directory: Path) -> list[str]:
    """Run pending numbered migrations, after a safety copy of an SQLite file that holds data."""
    runner = Runner(database, directory=str(directory), table_name=MIGRATION_TABLE)
    status = runner.status()
    unknown = [m.name for m in status if m.path is None]
    if unknown:
        raise DatabaseNewer(
            "這個資料庫是由較新版本的程式建立的（結構版本："
            + "、".join(unknown)
            + "），本程式無法安全地使用它。請安裝最新版本後再開啟。"
        )
    pending = [m for m in status if not m.applied]
    if not pending:
        return []
    if isinstance(database, peewee.SqliteDatabase) and runner.History.table_exists():
        backup_sqlite(database, label=f"before-{pending[0].name}")
    return runner.up()


def backup_sqlite(database: peewee.SqliteDatabase, label: str) -> Path:
    """Copy a live SQLite database with SQLite's online backup (consistent even in WAL mode)."""
    source = Path(database.database)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.stem}.{label}.{stamp}.bak{source.suffix}")
    destination = sqlite3.connect(target)
    try:
        database.connection().backup(destination)
    finally:
        destination.close()
    return target


def file_integrity_problems(database: peewee.Database, *, full: bool = False) -> list[str]:
    """What SQLite's own check finds wrong with the file (empty: intact); ``full`` runs
    integrity_check, otherwise the faster quick_check. A server database checks itself."""
    if not isinstance(database, peewee.SqliteDatabase):
        return []
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = [row[0] for row in database.execute_sql(f"PRAGMA {pragma}").fetchall()]
    except peewee.DatabaseError as exc:
        return [f"資料庫檔案已損壞，無法檢查：{exc}"]
    return [] if rows == ["ok"] else [f"資料庫檔案已損壞：{row}" for row in rows]

"""Connecting to the database: the one DatabaseProxy, SQLite pragmas, PostgreSQL by URL.

SQLite (one file in the user's data folder) is the default for a single PC; a branch with
several PCs points every copy at one PostgreSQL server with a ``postgresql://`` URL.

This is the storage leaf: it knows files, connections and drivers, and nothing of the
domain. ``models.storage.open_ledger`` drives it (connect, then migrate and seed), as
qutebrowser's ``history.init()`` drives its ``misc/sql.py``; a new SQLite file is filled by
the ``build`` step it hands to ``open_connection``.

What can go wrong with the storage is told apart by the driver's error code (SQLite's
``sqlite_errorname``, PostgreSQL's SQLSTATE) or the OS's errno, never by the words of its
message, and the user reads a sentence in Chinese; the driver's own text goes to the log only.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import sqlite3
import stat
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import peewee
import platformdirs

from models.errors import (
    COMMAND,
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseMissing,
    DatabaseReadOnly,
    DatabaseUnavailable,
    DiskFull,
    NotOurDatabase,
    StorageError,
    ValidationError,
    WriteConflict,
)

db = peewee.DatabaseProxy()
SqliteDatabaseT = TypeVar("SqliteDatabaseT", bound=peewee.SqliteDatabase)
log = logging.getLogger(__name__)

APP_NAME = "service-ledger"
MIGRATION_TABLE = "schema_migration"
DEFAULT_BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"
BACKUPS_FOLDER = "backups"  # beside the database file (models.backup keeps them there)

CHANGED_ELSEWHERE = "資料剛剛被另一台電腦改過，這次的變更沒有存入。請重新整理畫面後再試。"
CONNECTION_CUT = "與資料庫伺服器的連線中斷了，這筆資料沒有存入。程式會自動重新連線，請再做一次。"
SERVER_UNREACHABLE = "無法連線到資料庫伺服器，請確認網路與伺服器是否正常。"
DISK_FULL = "磁碟空間已滿，資料沒有存入。請清出磁碟空間後再試。"


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


def is_url(target: str) -> bool:
    return "://" in target


def damaged_message(path: object) -> str:
    return (
        f"資料庫檔案「{path}」已經損壞，為了不讓損壞擴大，程式不會再寫入這個檔案。"
        f"請研考從備份還原（每天的備份在它旁邊的「{BACKUPS_FOLDER}」資料夾）：按「從備份還原…」或到「備份」畫面，"
        f"或在命令列執行 {COMMAND} restore 備份檔 --db \"{path}\"。"
    )


# ---------------------------------------------------------------------------------------
# Driver errors → what the user reads


def _driver_errors(exc: BaseException) -> list[BaseException]:
    """The exceptions behind ``exc``, the earliest first.

    peewee 4.5 keeps the driver's exception in ``orig`` (and ``__context__``; older ones in
    ``args[0]``);
    a failed ROLLBACK after a full disk raises its own error whose context is the real one,
    so the earliest error that carries a code is what happened.
    """
    seen: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if any(current is known for known in seen):
            continue
        seen.append(current)
        for linked in (current.__cause__, current.__context__, getattr(current, "orig", None), *current.args[:1]):
            if isinstance(linked, BaseException):
                todo.append(linked)
    return [e for e in reversed(seen) if hasattr(e, "sqlite_errorname") or hasattr(e, "sqlstate")]


def _from_psycopg(module: str) -> bool:
    return module.split(".", 1)[0] == "psycopg"


def connection_lost(exc: BaseException) -> bool:
    """The PostgreSQL server went away (restart, crash, network): by SQLSTATE, or no state at all
    from psycopg's OperationalError, which is how a dropped socket shows."""
    for error in _driver_errors(exc):
        state = getattr(error, "sqlstate", None)
        if not _from_psycopg(type(error).__module__):
            continue
        if state is None:
            return type(error).__name__ in ("OperationalError", "InterfaceError")
        return state.startswith("08") or state in ("57P01", "57P02", "57P03")
    return False


def classify_error(exc: BaseException) -> StorageError | None:
    """The message for an environment problem behind ``exc``, or None when it is a bug."""
    for error in _driver_errors(exc):
        name = getattr(error, "sqlite_errorname", None)
        if name is not None:
            problem = _sqlite_problem(name)
        else:
            problem = _postgresql_problem(getattr(error, "sqlstate", None))
        if problem is not None:
            if isinstance(problem, DatabaseDamaged):
                _note_damage(["SQLite: " + str(error)])
            return problem
    if connection_lost(exc):
        return DatabaseUnavailable(CONNECTION_CUT)
    return None


class Meaning(NamedTuple):
    """What an error code of SQLite or of the OS means, in the user's words."""

    kind: type[StorageError]
    words: str  # inside a sentence about a file: 無法寫入備份「…」：磁碟空間已滿。
    message: str = ""  # the whole sentence when it happened to the open database


LOCKED_NOW = "資料庫正由另一台電腦或程式寫入中，請稍候幾秒再試一次。這次的資料沒有存入。"
CANNOT_OPEN = "無法開啟資料庫檔案。請確認檔案與所在的資料夾存在，且有權限讀寫。"

# The one table of SQLite's primary result codes (SQLITE_IOERR_WRITE is IOERR): the open
# database's messages (classify_error) and every sentence about a file (a backup, the safety
# copy before a migration, a new file) are made from it and from OS_CODES below.
SQLITE_CODES: dict[str, Meaning] = {
    "BUSY": Meaning(DatabaseLocked, "資料庫正忙", LOCKED_NOW),
    "LOCKED": Meaning(DatabaseLocked, "資料庫正忙", LOCKED_NOW),
    "READONLY": Meaning(
        DatabaseReadOnly, "檔案是唯讀的", "資料庫檔案是唯讀的，無法存入資料。請確認檔案沒有設成「唯讀」，且資料夾可以寫入。"
    ),
    "FULL": Meaning(DiskFull, "磁碟空間已滿", DISK_FULL),
    "CORRUPT": Meaning(DatabaseDamaged, "檔案已損壞"),  # the message names the file: damaged_message
    "NOTADB": Meaning(DatabaseDamaged, "不是資料庫檔案"),
    "IOERR": Meaning(
        DatabaseUnavailable,
        "磁碟讀寫錯誤",
        "讀寫資料庫檔案時發生磁碟錯誤，這次的資料可能沒有存入。請確認磁碟（或隨身碟、網路磁碟機）仍然連接，再試一次。",
    ),
    "CANTOPEN": Meaning(DatabaseUnavailable, "無法開啟檔案", CANNOT_OPEN),
    "PERM": Meaning(DatabaseUnavailable, "沒有存取權限", CANNOT_OPEN),
    "AUTH": Meaning(DatabaseUnavailable, "沒有存取權限", CANNOT_OPEN),
}
OS_CODES: dict[int, Meaning] = {
    errno.ENOSPC: Meaning(DiskFull, "磁碟空間已滿"),
    errno.EACCES: Meaning(DatabaseReadOnly, "沒有寫入權限"),
    errno.EPERM: Meaning(DatabaseReadOnly, "沒有寫入權限"),
    errno.EROFS: Meaning(DatabaseReadOnly, "磁碟是唯讀的"),
    errno.ENOENT: Meaning(DatabaseUnavailable, "找不到檔案或資料夾"),
}
if hasattr(errno, "EDQUOT"):  # a disk quota: full, for this user (not on Windows)
    OS_CODES[errno.EDQUOT] = OS_CODES[errno.ENOSPC]


def _primary(name: str) -> str:
    return name.split("_")[1] if name.count("_") else name  # SQLITE_IOERR_WRITE → IOERR


def meaning(exc: BaseException) -> Meaning | None:
    """What the OS's errno or SQLite's result code of ``exc`` means; None for any other error."""
    if isinstance(exc, OSError):
        return OS_CODES.get(exc.errno) if exc.errno is not None else None
    name = getattr(exc, "sqlite_errorname", None)
    return SQLITE_CODES.get(_primary(name)) if name else None


def reason(exc: BaseException) -> str:
    """Why a file could not be read or written, in words a clerk can act on (never the English text)."""
    found = meaning(exc)
    if found is not None:
        return found.words
    return "檔案無法存取" if isinstance(exc, OSError) else "資料庫錯誤"


def _sqlite_problem(name: str) -> StorageError | None:
    found = SQLITE_CODES.get(_primary(name))
    if found is None:
        return None
    if found.kind is DatabaseDamaged:
        return DatabaseDamaged(damaged_message(_current_file()))
    return found.kind(found.message)


def _postgresql_problem(state: str | None) -> StorageError | None:
    if state is None:
        return None
    if state in ("40001", "40P01"):  # serialization failure, deadlock
        return WriteConflict(CHANGED_ELSEWHERE)
    if state == "55P03":  # lock not available
        return DatabaseLocked("資料庫正由另一台電腦寫入中，請稍候幾秒再試一次。這次的資料沒有存入。")
    if state in ("53100",):  # disk full
        return DiskFull("資料庫伺服器的磁碟空間已滿，資料沒有存入。請通知系統管理人員。")
    if state == "25006":  # read-only transaction
        return DatabaseReadOnly("資料庫伺服器目前只能讀取，無法存入資料。請通知系統管理人員。")
    if state.startswith("53"):  # out of memory, too many connections …
        return DatabaseUnavailable("資料庫伺服器暫時無法處理，資料沒有存入。請稍後再試。")
    if state.startswith("28"):  # authentication
        return DatabaseUnavailable("資料庫伺服器拒絕了這個帳號或密碼，請確認資料庫網址。")
    if state == "3D000":
        return DatabaseUnavailable("資料庫伺服器上沒有這個資料庫，請確認資料庫網址。")
    if state.startswith("08") or state in ("57P01", "57P02", "57P03"):
        return DatabaseUnavailable(CONNECTION_CUT)
    return None


def database_file(database: peewee.Database) -> Path | None:
    """The SQLite file behind ``database`` (a read-only one is opened by URI), None for a server."""
    if not isinstance(database, peewee.SqliteDatabase):
        return None
    return getattr(database, "path", None) or Path(str(database.database))


def _current_file() -> str:
    return str(database_file(db.obj) or "資料庫")


def _note_damage(problems: list[str]) -> None:
    obj = db.obj
    if isinstance(obj, LedgerSqlite):
        obj.mark_damaged(problems)


@contextlib.contextmanager
def storage_errors() -> Iterator[None]:
    """Turn the database driver's errors about the environment into messages a clerk can act on."""
    try:
        yield
    except peewee.IntegrityError as exc:
        # A rule checked a moment ago no longer holds: another PC changed the same data.
        raise WriteConflict(CHANGED_ELSEWHERE) from exc
    except peewee.DoesNotExist as exc:
        raise ValidationError("這筆資料已經被刪除了（可能是在另一台電腦上），請重新整理畫面。") from exc
    except (peewee.DatabaseError, peewee.InterfaceError) as exc:
        problem = environment_problem(exc)
        if problem is None:
            raise  # a bug: the crash dialog shows the details
        raise problem from exc


def environment_problem(exc: BaseException) -> StorageError | None:
    """The message for a database driver error that escaped a read, or None for a real bug.

    Writes translate their errors where they happen; this catches the rest (a server that
    went away while a list was being read) so the user gets words, not a crash dialog.
    """
    if not isinstance(exc, (peewee.DatabaseError, peewee.InterfaceError, sqlite3.Error)) and not _from_psycopg(
        type(exc).__module__
    ):
        return None
    problem = classify_error(exc)
    if problem is not None:
        log.info("storage problem: %r", exc)
        return problem
    if isinstance(exc, peewee.InterfaceError):  # peewee's "connection not open", psycopg's closed one
        return DatabaseUnavailable("與資料庫的連線中斷了，請稍後再試。")
    return None


# ---------------------------------------------------------------------------------------
# The file's own check


def file_integrity_problems(database: peewee.Database | str | os.PathLike[str], *, full: bool = False) -> list[str]:
    """What SQLite's own check finds wrong in a database file; an empty list when intact.

    ``full`` runs ``integrity_check`` (also compares every index with its table) instead of
    ``quick_check``. A file too damaged to be read at all gives its error as the one problem,
    never an exception. The entries are SQLite's findings, for the log and the details; the
    sentence for the user is ``damaged_message``. A server database has no file: [].
    """
    pragma = "integrity_check" if full else "quick_check"
    if isinstance(database, peewee.Database):
        file = database_file(database)
        if file is None:
            return []
        if file.is_file():
            # A connection of its own: an open one's page cache may still hold pages read
            # before the disk damaged them, and the check must see the file as it is now.
            return file_integrity_problems(file, full=full)
        try:
            rows = database.connection().execute(f"PRAGMA {pragma}").fetchall()
        except sqlite3.DatabaseError as exc:
            return [f"{exc.sqlite_errorname}: {exc}"]
    else:
        path = Path(database)
        if not path.is_file():
            return [f"找不到檔案「{path}」"]
        try:
            connection = _connect_read_only(path)
        except sqlite3.DatabaseError as exc:
            return [f"{exc.sqlite_errorname}: {exc}"]
        try:
            rows = connection.execute(f"PRAGMA {pragma}").fetchall()
        except sqlite3.DatabaseError as exc:
            return [f"{exc.sqlite_errorname}: {exc}"]
        finally:
            connection.close()
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection that leaves the folder as it found it (see ReadOnlySqlite)."""
    uri = _read_only_uri(path)
    return sqlite3.connect(uri, uri=True, isolation_level=None)


def _read_only_uri(path: Path) -> str:
    # With a -wal beside it another program has the file open (or crashed with it open):
    # reading needs its -wal and -shm, which exist, so mode=ro creates nothing. Without one
    # nobody has it open and everything is in the file itself; mode=ro would then create a
    # -wal and -shm and leave them behind, so the file is read as immutable (no lock files).
    quoted = urllib.parse.quote(str(path.resolve()))
    if _wal_of(path).exists():
        return f"file:{quoted}?mode=ro"
    return f"file:{quoted}?mode=ro&immutable=1"


def _wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


# ---------------------------------------------------------------------------------------
# SQLite


class LedgerSqlite(peewee.SqliteDatabase):
    """The program's SQLite file, checked before the first write of each day.

    ``PRAGMA quick_check`` runs when the program opens the file and again before the first
    write of each later day (a desk left running over night); a file that fails it, or that
    a query finds malformed, is never written again in this program: every later write is refused with the damaged-file
    message. Between the check and a later write SQLite itself still reports damage it
    meets (SQLITE_CORRUPT), which marks the file too.
    """

    WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "VACUUM")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.damage: list[str] = []
        self.checked_on: dt.date | None = None

    def check_before_write(self, *, full: bool = False) -> None:
        if self.damage:
            raise DatabaseDamaged(damaged_message(self.database))
        today = dt.date.today()
        if self.checked_on == today and not full:
            return
        problems = file_integrity_problems(self, full=full)
        if problems:
            self.mark_damaged(problems)
            raise DatabaseDamaged(damaged_message(self.database))
        self.checked_on = today

    def mark_damaged(self, problems: list[str]) -> None:
        if not self.damage:
            log.info("database file %s failed its check: %s", self.database, "; ".join(problems[:5]))
        self.damage = problems or ["damaged"]

    def begin(self, lock_type: str | None = None) -> None:
        self.check_before_write()
        super().begin(lock_type)

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        # A write outside a transaction (autocommit) is checked too; inside one, begin() did.
        if not self.in_transaction() and sql.lstrip()[:7].upper().startswith(self.WRITES):
            self.check_before_write()
        return super().execute_sql(sql, params)

    def rollback(self) -> None:
        # After SQLITE_FULL (and some I/O errors) SQLite has already rolled the transaction
        # back itself; a second ROLLBACK would only replace the real error with "no transaction".
        connection = None if self.is_closed() else self._state.conn
        if connection is not None and not connection.in_transaction:
            return
        super().rollback()


class ReadOnlySqlite(peewee.SqliteDatabase):
    """A read-only view of the file for commands that only read: no byte of the file and no
    file beside it is created or changed.

    Opened as ``immutable`` (no -wal/-shm exists, so nobody has it open) the file could still
    be checkpointed by a program that opens it meanwhile; every query therefore checks that
    the file is still the one that was opened, and refuses the answer otherwise.
    """

    def __init__(self, path: Path, **kwargs: Any) -> None:
        self.path = path
        uri = _read_only_uri(path)
        self.immutable = uri.endswith("immutable=1")
        super().__init__(uri, uri=True, **kwargs)
        self._opened = self._identity()

    def _identity(self) -> tuple[int, int, int]:
        info = self.path.stat()
        return (info.st_ino, info.st_size, info.st_mtime_ns)

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        cursor = super().execute_sql(sql, params)
        if self.immutable and self._identity() != self._opened:
            raise DatabaseLocked("資料庫在讀取時被另一個程式改動了，請再執行一次這個指令。")
        return cursor


def _open_sqlite(path: Path, busy_timeout_ms: int) -> LedgerSqlite:
    if path.exists():
        # The write bits, not os.access: an administrator can write anything, yet a file the
        # user marked read-only must still be refused rather than quietly changed.
        if not path.stat().st_mode & stat.S_IWUSR:
            raise DatabaseReadOnly(
                f"資料庫檔案「{path}」是唯讀的，無法存入資料。請取消檔案的「唯讀」屬性後再開啟。"
            )
    return _connected(_sqlite(path, busy_timeout_ms))


def _sqlite(path: Path, busy_timeout_ms: int) -> LedgerSqlite:
    # IMMEDIATE: a write transaction takes the lock when it begins, so two programs writing
    # at once queue on the busy timeout instead of one failing when it upgrades a read lock.
    return LedgerSqlite(
        str(path),
        pragmas=sqlite_pragmas(busy_timeout_ms),
        timeout=busy_timeout_ms / 1000,
        lock_type="IMMEDIATE",
    )


def _check_is_database_file(path: Path) -> None:
    if not path.is_file():
        raise DatabaseUnavailable(f"「{path}」不是資料庫檔案。")
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise DatabaseUnavailable(f"無法讀取「{path}」，請確認有權限讀取這個檔案。") from exc
    if header and header != SQLITE_HEADER:
        raise NotOurDatabase(f"「{path}」不是本程式的資料庫檔案。")


def _is_empty_file(path: Path) -> bool:
    return path.is_file() and path.stat().st_size == 0


def _create_sqlite(path: Path, busy_timeout_ms: int, build: Build) -> None:
    """Build a new database beside ``path`` (``build`` fills it) and move it into place only
    when it is complete, so a full disk or a crash never leaves a half-built file where the
    program looks."""
    made: list[Path] = []
    for folder in reversed([path.parent, *path.parent.parents]):
        if not folder.exists():
            made.append(folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_problem(exc, f"無法建立資料夾「{path.parent}」。") from exc
    building = path.with_name(f".{path.name}.new-{os.getpid()}")
    _remove_with_companions(building)
    database = _sqlite(building, busy_timeout_ms)
    try:
        db.initialize(database)
        with storage_errors():
            database.connect()
            build(database)
        database.close()  # the last connection checkpoints the -wal into the file
        try:
            _publish(building, path)
        except OSError as exc:
            raise _os_problem(exc, f"無法建立資料庫檔案「{path}」。") from exc
    except BaseException:
        if not database.is_closed():
            database.close()
        _remove_with_companions(building)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _publish(building: Path, path: Path) -> None:
    if _is_empty_file(path):
        os.replace(building, path)  # an empty file the user chose for it: nothing to lose
    else:
        try:
            os.link(building, path)  # never replaces a file another program just created
        except FileExistsError:
            pass  # another PC created it a moment ago: use theirs
        except OSError:
            if path.exists():
                raise
            os.replace(building, path)  # no hard links on this disk (FAT on a USB stick)
        _remove_with_companions(building)
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_with_companions(path: Path) -> None:
    for leftover in (path, *_companions(path)):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def _os_problem(exc: OSError, what: str) -> StorageError:
    found = meaning(exc)
    kind = found.kind if found is not None else DatabaseUnavailable
    if kind is DiskFull:
        return DiskFull(f"磁碟空間已滿。{what}請清出磁碟空間後再試。")
    if kind is DatabaseReadOnly:
        return DatabaseReadOnly(f"{what}這個位置無法寫入，請確認有權限，且不是唯讀的磁碟。")
    return DatabaseUnavailable(f"{what}請確認磁碟與資料夾正常。")


def _open_sqlite_read_only(path: Path) -> ReadOnlySqlite:
    if not path.exists():
        raise DatabaseMissing(
            f"找不到資料庫檔案「{path}」。只讀取資料的指令不會建立檔案；請確認路徑是否正確。", path
        )
    _check_is_database_file(path)
    if _is_empty_file(path):
        raise NotOurDatabase(f"「{path}」是空的檔案，不是本程式的資料庫。")
    # A report's queries read indexes more than tables: damage elsewhere would go unseen
    # and the figures could be wrong without a word, so the file is checked first here too.
    problems = file_integrity_problems(path)
    if problems:
        log.info("database file %s failed its check: %s", path, "; ".join(problems[:5]))
        raise DatabaseDamaged(damaged_message(path))
    return _connected(ReadOnlySqlite(path))


def _connected(database: SqliteDatabaseT) -> SqliteDatabaseT:
    db.initialize(database)  # so that a problem met while connecting names this file
    try:
        with storage_errors():
            database.connect()
    except StorageError:
        database.close()
        raise
    return database


# ---------------------------------------------------------------------------------------
# PostgreSQL


# Taken first in every PostgreSQL write transaction (see ServerDatabase). It blocks nobody's
# plain reads (they take ACCESS SHARE), only the next writer.
WRITERS_QUEUE = 'LOCK TABLE "audit_entry" IN SHARE ROW EXCLUSIVE MODE'


class ServerDatabase(peewee.PostgresqlDatabase):
    """PostgreSQL for a branch with several PCs.

    SERIALIZABLE makes the read-then-write rules (a day total, the last secretary) hold when
    two PCs write at once; the loser gets "changed by another PC" instead of a wrong figure.

    A server restart breaks the connection; the next action reconnects by itself: a new
    transaction (nothing sent yet) and a read outside one are simply retried on a new
    connection. A transaction cut off is never retried: before COMMIT it is gone (the server
    aborts it); at COMMIT its id, taken with ``txid_current()`` when it began, is looked up
    with ``txid_status()`` on the new connection to tell a stored write from a lost one.

    Once the schema is in place, every write transaction first queues on the audit chain
    (``WRITERS_QUEUE``), as SQLite's BEGIN IMMEDIATE queues writers on the file: the chain
    head each one reads is then never stale, and SERIALIZABLE has no conflicts left to fail
    between writers. LOCK TABLE is used because it takes no snapshot: an advisory lock taken
    by a SELECT would fix the snapshot before waiting. A reader that asks for its own
    isolation level (``atomic(isolation_level="REPEATABLE READ")``) does not queue.
    """

    queue_writers = False

    @property
    def current_xid(self) -> int | None:
        """The id of this thread's open transaction (each thread has its own connection and
        transaction: the window's save and a check running on a worker)."""
        return getattr(self._state, "xid", None)

    def _reconnect(self) -> None:
        with contextlib.suppress(Exception):
            self.close()
        try:
            self.connect()
        except peewee.DatabaseError as exc:
            raise DatabaseUnavailable(SERVER_UNREACHABLE) from exc

    def _broken(self) -> bool:
        connection = None if self.is_closed() else self._state.conn
        return connection is not None and bool(getattr(connection, "broken", False) or connection.closed)

    def begin(self, isolation_level: Any = None) -> None:
        if self._broken():
            self._reconnect()
        try:
            super().begin(isolation_level)
        except peewee.DatabaseError as exc:
            if not connection_lost(exc):
                raise
            self._reconnect()
            super().begin(isolation_level)
        try:
            with peewee.__exception_wrapper__:
                cursor = self.cursor()
                if self.queue_writers and isolation_level is None:
                    cursor.execute(WRITERS_QUEUE)  # before txid_current(): a SELECT fixes the snapshot
                self._state.xid = cursor.execute("SELECT txid_current()").fetchone()[0]
        except BaseException:
            self.rollback()  # begun but unusable: never leave the next action in an aborted transaction
            raise

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        if self.in_transaction():
            return super().execute_sql(sql, params)
        try:
            return super().execute_sql(sql, params)
        except peewee.DatabaseError as exc:
            # Only a read is repeated: a write outside a transaction may have been applied.
            if not connection_lost(exc) or not sql.lstrip()[:6].upper() == "SELECT":
                raise
            self._reconnect()
            return super().execute_sql(sql, params)

    def rollback(self) -> None:
        if self._broken():
            return  # the server aborted the transaction when the connection ended
        try:
            super().rollback()
        except peewee.DatabaseError as exc:
            if not connection_lost(exc):
                raise

    def commit(self) -> None:
        xid, self._state.xid = self.current_xid, None
        try:
            super().commit()
        except peewee.DatabaseError as exc:
            if not connection_lost(exc) or xid is None:
                raise
            outcome = self.transaction_outcome(xid)
            if outcome == "committed":
                log.info("connection lost after COMMIT of %s; the server has it", xid)
                return
            if outcome is None or outcome == "in progress":  # a cut-off backend may still commit it
                raise DatabaseUnavailable(
                    "與資料庫伺服器的連線中斷了，無法確認這筆資料是否已經存入。請等伺服器恢復後重新整理畫面查看。"
                ) from exc
            raise DatabaseUnavailable(CONNECTION_CUT) from exc

    def transaction_outcome(self, xid: int) -> str | None:
        """'committed', 'aborted' or 'in progress' for a transaction id, on a new connection;
        None when the server cannot be reached to ask."""
        try:
            self._reconnect()
            with peewee.__exception_wrapper__:
                row = self.cursor().execute("SELECT txid_status(%s)", (xid,)).fetchone()
        except peewee.DataError as exc:
            # "transaction ID … is in the future": the server crashed before anything of that
            # transaction reached its log, so its commit cannot have happened either.
            if any(getattr(e, "sqlstate", None) == "22023" for e in _driver_errors(exc)):
                return "aborted"
            return None
        except (StorageError, peewee.DatabaseError):
            return None
        return row[0] if row else None


def _open_url(url: str, read_only: bool) -> ServerDatabase:
    parameters = _server_parameters(url, read_only)
    _hand_psycopg_to_peewee()
    database = ServerDatabase(isolation_level="SERIALIZABLE", connect_timeout=5, **parameters)
    try:
        try:
            database.connect()
        except Exception as exc:  # the driver's own connection errors, a bad option in the URL
            log.info("cannot connect to %s: %r", _shown(url), exc)
            problem = None if connection_lost(exc) else classify_error(exc)
            if problem is None:
                problem = DatabaseUnavailable(f"無法連線到資料庫伺服器「{_shown(url)}」，請確認網路、伺服器與資料庫網址。")
            raise problem from exc
    except StorageError:
        database.close()
        raise
    return database


def _hand_psycopg_to_peewee() -> None:
    """Give peewee the PostgreSQL driver, which ``models/__init__.py`` kept from it when it
    was imported (psycopg costs ~115 ms at every start, and only a server needs it).

    peewee looks the driver up in its module's names when a PostgresqlDatabase is made and
    used, so setting them here is all it takes. Without psycopg installed nothing is set, and
    connecting fails as it always did (peewee finds no driver: the server cannot be reached).
    """
    if peewee.psycopg is not None:
        return
    try:  # imported here, not at the top: an SQLite start never loads it
        import psycopg
        from psycopg.pq import TransactionStatus
        from psycopg.types.json import Json, Jsonb
    except ImportError:
        log.info("psycopg is not installed: no PostgreSQL")
        return
    adapter = peewee.Psycopg3Adapter  # its class body reads these only when peewee had the driver
    adapter.txn_idle, adapter.txn_inerror, adapter.txn_unknown = (
        TransactionStatus.IDLE,
        TransactionStatus.INERROR,
        TransactionStatus.UNKNOWN,
    )
    peewee.TransactionStatus, peewee.Json_pg3, peewee.Jsonb_pg3 = TransactionStatus, Json, Jsonb
    peewee.psycopg = psycopg  # last: what the check above and peewee itself look at


def _shown(url: str) -> str:
    """A URL as the user may read it back: never its password."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    user = f"{parts.username}@" if parts.username else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"


def _server_parameters(url: str, read_only: bool) -> dict[str, Any]:
    usage = "請寫成 postgresql://使用者@主機/資料庫名稱（例如 postgresql://ledger@192.168.1.10/ledger）。"
    parts = urllib.parse.urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("postgresql", "postgres"):
        shown = (scheme or url.split("://", 1)[0])[:20]
        raise DatabaseUnavailable(f"不支援「{shown}://」這種資料庫網址；{usage}")
    name = urllib.parse.unquote(parts.path.lstrip("/"))
    try:
        port = parts.port
    except ValueError:
        raise DatabaseUnavailable(f"資料庫網址的連接埠不是 1 到 65535 的數字；{usage}") from None
    if not parts.hostname:
        raise DatabaseUnavailable(f"資料庫網址「{_shown(url)}」少了伺服器的位址；{usage}")
    if not name or "/" in name:
        raise DatabaseUnavailable(f"資料庫網址「{_shown(url)}」少了資料庫名稱；{usage}")
    parameters: dict[str, Any] = {"database": name, "host": parts.hostname}
    if port:
        parameters["port"] = port
    if parts.username:
        parameters["user"] = urllib.parse.unquote(parts.username)
    if parts.password:
        parameters["password"] = urllib.parse.unquote(parts.password)
    for key, value in urllib.parse.parse_qsl(parts.query):
        parameters[key] = value
    if read_only:
        # The server itself refuses any write of a command that only reads.
        parameters["options"] = (parameters.get("options", "") + " -c default_transaction_read_only=on").strip()
    return parameters


# ---------------------------------------------------------------------------------------
# Opening


# What a new SQLite file is filled with before it is given its name (models.storage's schema and seed).
Build = Callable[[peewee.Database], None]


def open_connection(
    target: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    create: bool = True,
    build: Build | None = None,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> peewee.Database:
    """Connect to the database, refuse one that is not ours, and bind ``db``: nothing more
    (``models.storage.open_ledger`` brings the schema up to date and seeds it).

    ``read_only``: for commands that only read; nothing is created or changed.
    ``create``: whether a missing SQLite file (or an empty one) may be created, filled by
    ``build`` beside its place first; when False it raises DatabaseMissing, so the window can
    ask first. Another program's database (tables, but no migration history of ours) is
    always refused, unchanged.
    """
    if target is not None and is_url(str(target)):
        database: peewee.Database = _open_url(str(target), read_only)
    else:
        path = Path(target) if target is not None else default_database_path()
        if read_only:
            database = _open_sqlite_read_only(path)
        else:
            if not path.exists() or _is_empty_file(path):
                if not create:
                    found = f"資料庫檔案「{path}」是空的。" if path.exists() else f"找不到資料庫檔案「{path}」。"
                    raise DatabaseMissing(found, path)
                _create_sqlite(path, busy_timeout_ms, build or (lambda database: None))
            else:
                _inspect_existing(path)
            database = _open_sqlite(path, busy_timeout_ms)
            database.checked_on = dt.date.today()
    db.initialize(database)
    try:
        with storage_errors():
            _refuse_foreign(database, target)
    except BaseException:
        database.close()
        raise
    return database


def _inspect_existing(path: Path) -> None:
    """Before the program opens a file for writing (its pragmas alone would change the
    header of another program's file): read-only, is it intact, and is it ours?

    ``quick_check`` reads every page and b-tree: on ten years of data (523 MiB) it took
    1.0–1.7 s here (a warm read of the whole file: 0.09 s); ``integrity_check`` also compares
    each index with its table and took 4.5–10 s, too long for every start of a desk, so it is
    left to the daily backup's check of its copy and to ``verify``
    (tests/benchmarks/bench_integrity.py).
    """
    _check_is_database_file(path)
    problems = file_integrity_problems(path)
    if problems:
        log.info("database file %s failed its check: %s", path, "; ".join(problems[:5]))
        raise DatabaseDamaged(damaged_message(path))
    connection = _connect_read_only(path)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(damaged_message(path)) from exc
    finally:
        connection.close()
    if tables and MIGRATION_TABLE not in tables:
        raise NotOurDatabase(_foreign_message(path))


def _foreign_message(where: object) -> str:
    return f"「{where}」是另一個程式的資料庫，不是本程式的資料庫。為了不改動它，程式沒有使用它；請確認選的是正確的檔案。"


def _refuse_foreign(database: peewee.Database, target: object) -> None:
    tables = database.get_tables()
    if tables and MIGRATION_TABLE not in tables:
        where = target if target is not None and not is_url(str(target)) else (
            _shown(str(target)) if target is not None else default_database_path()
        )
        raise NotOurDatabase(_foreign_message(where))
    if not tables and isinstance(database, (ReadOnlySqlite, ServerDatabase)) and _read_only(database):
        raise DatabaseMissing("這個資料庫是空的，還沒有本程式的資料。請先用本程式開啟它一次。")


def _read_only(database: peewee.Database) -> bool:
    if isinstance(database, ReadOnlySqlite):
        return True
    return "default_transaction_read_only" in str(database.connect_params.get("options", ""))


# ---------------------------------------------------------------------------------------
# Erasing for good


SCRUB_LOCK_TIMEOUT = "2s"  # how long PostgreSQL's VACUUM FULL may wait for a table (desks queue behind it)
# Is any transaction still running that began before the erasing one committed (its xid, the
# parameter), or any reader of this database holding a snapshot from before it? Then the old
# row version must be kept for it, and VACUUM FULL would copy it into the new table.
_OLDER_TRANSACTIONS = """
    SELECT pg_snapshot_xmin(pg_current_snapshot()) <= %s::text::xid8
        OR EXISTS (SELECT 1 FROM pg_stat_activity
                   WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                     AND backend_xmin IS NOT NULL AND age(backend_xmin) >= age(mod(%s, 4294967296)::text::xid))
"""


def scrub_freed_space(database: peewee.Database, tables: list[str], written_in: int | None = None) -> bool:
    """After values were overwritten (erased personal data): make the old bytes leave the
    storage itself, not only the rows. Run outside any transaction; ``written_in`` is the
    PostgreSQL transaction that overwrote them. True when done; False when it cannot be done
    now (said in the log; the values are gone from the rows anyway).

    SQLite: ``secure_delete`` zeroes a freed cell but not the copies page rebuilds leave in a
    page's unused middle (without it, most stay), so the file is rebuilt (VACUUM); then the
    -wal, which still holds the old pages, is copied in and emptied (``wal_checkpoint(TRUNCATE)``).
    A connection still reading an older snapshot keeps the -wal from being emptied until it is
    done (SQLite empties it again when the last connection closes, and at the next scrub).
    PostgreSQL: an UPDATE leaves the old row version in the table's pages, and plain VACUUM
    only marks its space free (its bytes stay); VACUUM FULL writes ``tables`` anew, but must
    keep the old version while a transaction older than ``written_in`` runs anywhere on the
    server: then nothing is done now, and the next scrub takes it away. The server's WAL
    segments and backups keep what they held.
    """
    try:
        if isinstance(database, peewee.SqliteDatabase):
            database.execute_sql("VACUUM")
            busy, frames, copied = database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy or frames != copied:
                log.info("wal_checkpoint(TRUNCATE) of %s left the -wal: busy=%s frames=%s copied=%s",
                         database.database, busy, frames, copied)
                return False
            return True
        if written_in is not None and database.execute_sql(_OLDER_TRANSACTIONS, (written_in, written_in)).fetchone()[0]:
            log.info("an older transaction still sees the rows %s overwrote: not scrubbed now", written_in)
            return False
        database.execute_sql(f"SET lock_timeout = '{SCRUB_LOCK_TIMEOUT}'")
        try:
            for table in tables:
                database.execute_sql(f'VACUUM FULL "{table}"')
        finally:
            database.execute_sql("RESET lock_timeout")
        return True
    except (peewee.DatabaseError, StorageError) as exc:  # busy, a full disk, no right to VACUUM …
        log.info("could not scrub %s after erasing: %r", tables, exc)
        return False

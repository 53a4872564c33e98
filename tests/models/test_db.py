"""Connecting to the database: pragmas, refusals with clear messages, damage, driver error codes."""
from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import sqlite3

import peewee
import pytest
from tests.storage_faults import (
    DAMAGE_KINDS,
    cap_file_size,
    damage,
    fill,
    folder_state,
    ROOT,
    holder_of,
    make_foreign,
)

from models.accounts import Role, User
from models.audit import AuditEntry
import models.db
from models.db import BACKUPS_FOLDER, db, file_integrity_problems, meaning, reason, storage_errors
from models.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseMissing,
    DatabaseReadOnly,
    DatabaseUnavailable,
    DiskFull,
    NotOurDatabase,
    WriteConflict,
)
from models.service.categories import categories
from models.service.counts import ServiceEvent, record_press
from models.storage import open_ledger
from models.survey.forms import ResponseInput, SurveyResponse, save_response, start_batch
from models.users import create_first_secretary, create_user


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sqlite_pragmas(database: peewee.Database) -> None:
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_read_only_file_is_refused_and_untouched(db_path: Path) -> None:
    open_ledger(db_path).close()
    db_path.chmod(0o444)
    before = file_digest(db_path)
    try:
        with pytest.raises(DatabaseReadOnly, match="唯讀"):
            open_ledger(db_path)
    finally:
        db_path.chmod(0o644)
    assert file_digest(db_path) == before


@pytest.mark.parametrize(
    "content, message",
    [(b"this is a spreadsheet, not a database" * 10, "不是本程式的資料庫"), (None, "不是資料庫檔案")],
)
def test_not_a_database_is_refused(tmp_path: Path, content: bytes | None, message: str) -> None:
    target = tmp_path / "wrong.db"
    if content is None:
        target.mkdir()
    else:
        target.write_bytes(content)
    with pytest.raises(DatabaseUnavailable, match=message):
        open_ledger(target)


def test_unreachable_server_gets_a_clear_message() -> None:
    with pytest.raises(DatabaseUnavailable, match="無法連線"):
        open_ledger("postgresql://nobody@127.0.0.1:9/nothing")


def test_database_locked_by_another_process(db_path: Path) -> None:
    """Another program holds the write lock: the save fails with a message and writes nothing."""
    open_ledger(db_path, busy_timeout_ms=200)
    secretary = create_first_secretary("林秘書", "246813", "246813")
    batch = start_batch(secretary, dt.date.today(), None)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(
            f"""
            import sqlite3, sys
            con = sqlite3.connect({str(db_path)!r}, isolation_level=None)
            con.execute('BEGIN IMMEDIATE')
            print('holding', flush=True)
            sys.stdin.readline()
            con.execute('ROLLBACK')
            """
        )],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        answers = {code: 1 for code in "ABCDEFGHIJK"}
        with pytest.raises(DatabaseLocked, match="另一台電腦或程式"):
            save_response(secretary, batch, ResponseInput(answers))
    finally:
        holder.communicate("done\n", timeout=10)
    assert SurveyResponse.select().count() == 0
    save_response(secretary, batch, ResponseInput(answers))  # works again once the lock is gone
    assert SurveyResponse.select().count() == 1
    db.obj.close()


# --- damaged files --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", DAMAGE_KINDS)
def test_a_damaged_file_is_refused_with_what_to_do_and_left_as_it_is(tmp_path: Path, db_path: Path, kind: str) -> None:
    fill(db_path)
    damage(db_path, kind)
    before = folder_state(tmp_path)
    with pytest.raises(DatabaseDamaged) as refused:
        open_ledger(db_path)
    assert "已經損壞" in refused.value.message
    assert "備份" in refused.value.message and "python3 run.py restore" in refused.value.message
    assert f'--db "{db_path}"' in refused.value.message  # restores this file, not the default one
    words = refused.value.message
    for named in ("python3 run.py restore", f'--db "{db_path}"', str(db_path), f"「{BACKUPS_FOLDER}」"):
        words = words.replace(named, "")
    assert not any(ch.isascii() and ch.isalpha() for ch in words)  # no English driver text
    assert folder_state(tmp_path) == before  # not a byte written, no -wal or -shm left


@pytest.mark.parametrize("kind", DAMAGE_KINDS)
def test_file_integrity_problems_names_the_damage_and_never_raises(db_path: Path, kind: str) -> None:
    fill(db_path)
    assert file_integrity_problems(db_path) == []
    assert file_integrity_problems(db_path, full=True) == []
    damage(db_path, kind)
    assert file_integrity_problems(db_path, full=True) != []
    assert file_integrity_problems(db_path) != []


def test_file_integrity_problems_of_an_open_database(database: peewee.Database) -> None:
    assert file_integrity_problems(database) == []
    assert file_integrity_problems(database, full=True) == []


def test_damage_found_on_a_new_day_stops_every_write(db_path: Path) -> None:
    """The program ran over night; on the next morning's first write the check finds pages
    of the audit trail damaged, which nothing at start-up or at the desk reads."""
    fill(db_path)
    database = open_ledger(db_path)
    secretary = User.get()
    category = categories()[0]
    record_press(secretary, category)
    list(AuditEntry.select())  # the audit pages sit in this connection's cache now
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the day's saves are in the file
    damage(db_path, "audit_entry page")
    database.checked_on = dt.date.today() - dt.timedelta(days=1)  # the check ran yesterday
    before = file_digest(db_path)
    for attempt in range(2):
        with pytest.raises(DatabaseDamaged, match="已經損壞"):
            record_press(secretary, category)
    with pytest.raises(DatabaseDamaged):
        create_user(secretary, "陳志工", Role.VOLUNTEER)
    database.close()
    assert file_digest(db_path) == before


def test_damage_a_read_meets_stops_every_later_write(db_path: Path) -> None:
    fill(db_path)
    database = open_ledger(db_path)
    secretary = User.get()
    database.close()
    damage(db_path, "service_event page")
    database.connect()
    before = file_digest(db_path)
    with pytest.raises(DatabaseDamaged, match="已經損壞"):
        with storage_errors():
            [event.count for event in ServiceEvent.select()]  # every row of the table
    with pytest.raises(DatabaseDamaged):
        create_user(secretary, "陳志工", Role.VOLUNTEER)  # touches no damaged page: refused all the same
    database.close()
    assert file_digest(db_path) == before


# --- another program's file, and files that do not exist -----------------------------------


def test_another_programs_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    foreign = tmp_path / "contacts.db"
    make_foreign(foreign)
    before = folder_state(tmp_path)
    for read_only in (False, True):
        with pytest.raises(NotOurDatabase, match="另一個程式的資料庫"):
            open_ledger(foreign, read_only=read_only)
    assert folder_state(tmp_path) == before
    assert sqlite3.connect(foreign).execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == [
        ("contact",), ("note",)
    ]


def test_a_missing_file_is_created_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "ledger.db"
    with pytest.raises(DatabaseMissing) as missing:
        open_ledger(target, create=False)
    assert missing.value.path == target
    with pytest.raises(DatabaseMissing, match="不會建立檔案"):
        open_ledger(target, read_only=True)
    assert list(tmp_path.iterdir()) == []
    open_ledger(target, create=True).close()
    assert sorted(p.name for p in target.parent.iterdir()) == ["ledger.db"]  # no building copy left


# --- read-only opens ------------------------------------------------------------------------


@pytest.mark.parametrize("other_program", [False, True], ids=["closed file", "open in another program"])
def test_a_read_only_open_changes_nothing(tmp_path: Path, db_path: Path, other_program: bool) -> None:
    fill(db_path)
    holder = holder_of(db_path) if other_program else None
    try:
        before = folder_state(tmp_path)
        database = open_ledger(db_path, read_only=True)
        assert ServiceEvent.select().count() == 300
        if other_program:  # what the other program committed is seen, though still in its -wal
            assert database.execute_sql("SELECT value FROM app_setting WHERE key = 'probe'").fetchone() == ('"x"',)
        with pytest.raises(DatabaseReadOnly):
            create_user(User.get(), "陳志工", Role.VOLUNTEER)
        database.close()
        after = folder_state(tmp_path)
        if other_program:
            # Readers and writers of a WAL file share its -shm (the wal-index, memory mapped): a
            # reader marks there which snapshot it reads. It holds no data and is rebuilt from
            # the -wal whenever needed, so only its presence is compared.
            assert before.pop("ledger.db-shm") and after.pop("ledger.db-shm")
        assert after == before
    finally:
        if holder is not None:
            holder.communicate("done\n", timeout=10)


# --- a full disk ------------------------------------------------------------------------------


def test_a_full_disk_is_named_and_nothing_is_half_stored(database: peewee.Database, secretary: User) -> None:
    """SQLite rolls the transaction back itself on SQLITE_FULL; the ROLLBACK after it must
    not hide the real reason behind "cannot rollback - no transaction is active"."""
    category = categories()[0]
    cap_file_size(database)
    stored = ServiceEvent.select().count(), AuditEntry.select().count()
    with pytest.raises(DiskFull, match="磁碟空間已滿"):
        for _ in range(5000):
            record_press(secretary, category)
            stored = ServiceEvent.select().count(), AuditEntry.select().count()
    assert (ServiceEvent.select().count(), AuditEntry.select().count()) == stored
    assert stored[1] == stored[0] + 1  # each stored press with its audit row, the secretary's too
    with pytest.raises(DiskFull, match="磁碟空間已滿"):
        survey_batch = start_batch(secretary, dt.date.today(), None)
        save_response(secretary, survey_batch, ResponseInput({code: 1 for code in "ABCDEFGHIJK"}, "長" * 2000))


def test_a_new_database_that_does_not_fit_leaves_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pragmas = models.db.sqlite_pragmas
    monkeypatch.setattr(models.db, "sqlite_pragmas", lambda timeout: {**pragmas(timeout), "max_page_count": 12})
    target = tmp_path / "office" / "ledger.db"
    with pytest.raises(DiskFull, match="磁碟空間已滿"):
        open_ledger(target)
    assert list(tmp_path.iterdir()) == []  # neither a half-built file nor its folder


# --- error codes, not words -----------------------------------------------------------------


def coded(name: str, text: str = "anything at all") -> peewee.OperationalError:
    driver = sqlite3.OperationalError(text)
    driver.sqlite_errorname = name
    return peewee.OperationalError(driver)


@pytest.mark.parametrize(
    "name, kind, text",
    [
        ("SQLITE_BUSY", DatabaseLocked, "另一台電腦或程式"),
        ("SQLITE_LOCKED", DatabaseLocked, "另一台電腦或程式"),
        ("SQLITE_READONLY", DatabaseReadOnly, "唯讀"),
        ("SQLITE_READONLY_DBMOVED", DatabaseReadOnly, "唯讀"),
        ("SQLITE_FULL", DiskFull, "磁碟空間已滿"),
        ("SQLITE_CORRUPT", DatabaseDamaged, "已經損壞"),
        ("SQLITE_NOTADB", DatabaseDamaged, "已經損壞"),
        ("SQLITE_IOERR_WRITE", DatabaseUnavailable, "磁碟錯誤"),
        ("SQLITE_CANTOPEN", DatabaseUnavailable, "無法開啟資料庫檔案"),
        ("SQLITE_PERM", DatabaseUnavailable, "無法開啟資料庫檔案"),
    ],
)
def test_the_driver_code_decides_the_message_not_its_words(name: str, kind: type, text: str) -> None:
    # The words say "disk full" whatever the code: only the code may decide.
    with pytest.raises(kind, match=text) as caught:
        with storage_errors():
            raise coded(name, "database or disk is full; database is locked; readonly")
    assert "disk" not in caught.value.message


@pytest.mark.parametrize("state, kind, text", [
    ("40001", WriteConflict, "另一台電腦改過"),
    ("40P01", WriteConflict, "另一台電腦改過"),
    ("57P01", DatabaseUnavailable, "連線中斷"),
    ("08006", DatabaseUnavailable, "連線中斷"),
    ("53100", DiskFull, "磁碟空間已滿"),
    ("25006", DatabaseReadOnly, "只能讀取"),
])
def test_postgresql_sqlstate_decides_the_message(state: str, kind: type, text: str) -> None:
    import psycopg

    driver = psycopg.errors.lookup(state)("the server's own English words")
    with pytest.raises(kind, match=text) as caught:
        with storage_errors():
            raise peewee.OperationalError(driver)
    assert "English" not in caught.value.message


def sqlite_error(name: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("the driver's own English words")
    error.sqlite_errorname = name
    return error


def os_error(code: int) -> OSError:
    return OSError(code, "the system's own English words")


@pytest.mark.parametrize(
    "error, kind, words",
    [
        (os_error(errno.ENOSPC), DiskFull, "磁碟空間已滿"),
        (sqlite_error("SQLITE_FULL"), DiskFull, "磁碟空間已滿"),
        (os_error(errno.EACCES), DatabaseReadOnly, "沒有寫入權限"),
        (os_error(errno.EROFS), DatabaseReadOnly, "磁碟是唯讀的"),
        (sqlite_error("SQLITE_READONLY_DBMOVED"), DatabaseReadOnly, "檔案是唯讀的"),
        (sqlite_error("SQLITE_CORRUPT"), DatabaseDamaged, "檔案已損壞"),
        (sqlite_error("SQLITE_NOTADB"), DatabaseDamaged, "不是資料庫檔案"),
        (sqlite_error("SQLITE_IOERR_WRITE"), DatabaseUnavailable, "磁碟讀寫錯誤"),
        (sqlite_error("SQLITE_BUSY"), DatabaseLocked, "資料庫正忙"),
        (sqlite_error("SQLITE_CANTOPEN"), DatabaseUnavailable, "無法開啟檔案"),
        (os_error(errno.ENOENT), DatabaseUnavailable, "找不到檔案或資料夾"),
    ],
    ids=lambda value: getattr(value, "sqlite_errorname", None) or (errno.errorcode.get(value.errno) if isinstance(value, OSError) else None),
)
def test_one_table_says_what_a_code_means_to_the_open_database_and_to_a_file(
    error: BaseException, kind: type, words: str
) -> None:
    """A code means one thing whether the open database meets it (the message of its kind)
    or a copy of a file does (these words inside the sentence about that file)."""
    assert reason(error) == words
    assert meaning(error) is not None and meaning(error).kind is kind
    if isinstance(error, sqlite3.Error):
        with pytest.raises(kind):
            with storage_errors():
                raise peewee.OperationalError(error)


def test_a_code_the_table_does_not_know_gets_general_words() -> None:
    assert meaning(sqlite_error("SQLITE_ERROR")) is None and reason(sqlite_error("SQLITE_ERROR")) == "資料庫錯誤"
    assert meaning(os_error(errno.EIO)) is None and reason(os_error(errno.EIO)) == "檔案無法存取"
    assert reason(ValueError("no code at all")) == "資料庫錯誤"


def test_an_error_without_an_environment_code_is_a_bug() -> None:
    """A mistake in a query is the program's fault: it reaches the crash dialog with details."""
    with pytest.raises(peewee.OperationalError):
        with storage_errors():
            raise coded("SQLITE_ERROR", "no such table: disk_full_locked")


# --- database URLs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, text",
    [
        ("postgresql://", "少了伺服器的位址"),
        ("postgresql:///ledger", "少了伺服器的位址"),
        ("postgresql://127.0.0.1", "少了資料庫名稱"),
        ("postgresql://u@127.0.0.1/", "少了資料庫名稱"),
        ("postgresql://u@127.0.0.1:99999/ledger", "連接埠"),
        ("postgresql://u@127.0.0.1:abc/ledger", "連接埠"),
        ("mysql://u@127.0.0.1/ledger", "不支援「mysql://」"),
        ("sqlite:///tmp/x.db", "不支援「sqlite://」"),
        ("postgresql://u@127.0.0.1:9/ledger?nonsense_option=1", "無法連線"),
    ],
)
@pytest.mark.parametrize("read_only", [False, True])
def test_a_malformed_or_unknown_url_gets_a_chinese_message(url: str, text: str, read_only: bool) -> None:
    with pytest.raises(DatabaseUnavailable, match=text) as refused:
        open_ledger(url, read_only=read_only)
    assert "postgresql://使用者@主機/資料庫名稱" in refused.value.message or "無法連線" in refused.value.message


def test_a_password_in_the_url_is_never_shown() -> None:
    with pytest.raises(DatabaseUnavailable) as refused:
        open_ledger("postgresql://clerk:s3cret@127.0.0.1:9/ledger")
    assert "s3cret" not in refused.value.message and "127.0.0.1" in refused.value.message


def test_a_read_only_open_refuses_every_write(any_database: peewee.Database, tmp_path: Path) -> None:
    secretary = create_first_secretary("林秘書", "24681357", "24681357")
    target = any_database.database if isinstance(any_database, peewee.PostgresqlDatabase) else tmp_path / "ledger.db"
    url = target if isinstance(target, Path) else _url_of(any_database)
    any_database.close()
    reader = open_ledger(url, read_only=True)
    with pytest.raises(DatabaseReadOnly):
        create_user(secretary, "陳志工", Role.VOLUNTEER)
    assert [u.name for u in User.select()] == ["林秘書"]
    reader.close()


def _url_of(database: peewee.PostgresqlDatabase) -> str:
    params = database.connect_params
    return f"postgresql://{params['user']}@{params['host']}:{params.get('port', 5432)}/{database.database}"


def test_another_programs_database_is_refused_unchanged_on_both_backends(any_database: peewee.Database, tmp_path: Path) -> None:
    """The same refusal on both backends: tables present, no migration history of ours."""
    if isinstance(any_database, peewee.PostgresqlDatabase):
        target: object = _url_of(any_database)
    else:
        target = tmp_path / "ledger.db"
    server = isinstance(any_database, peewee.PostgresqlDatabase)
    if not server:
        any_database.execute_sql("PRAGMA foreign_keys = OFF")
    for table in any_database.get_tables():
        any_database.execute_sql(f'DROP TABLE "{table}"' + (" CASCADE" if server else ""))
    any_database.execute_sql("CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT)")
    any_database.close()
    with pytest.raises(NotOurDatabase, match="另一個程式的資料庫"):
        open_ledger(target)
    any_database.connect()
    assert any_database.get_tables() == ["contact"]


def test_a_read_only_open_notices_a_file_changed_under_it(db_path: Path) -> None:
    """Read without lock files (nobody had it open), then a program opens the file, writes
    and checkpoints into it while the report reads: the report says so instead of mixing."""
    fill(db_path)
    reader = open_ledger(db_path, read_only=True)
    assert ServiceEvent.select().count() == 300
    writer = sqlite3.connect(db_path)
    writer.execute("INSERT INTO app_setting (key, value) VALUES ('probe', '1')")
    writer.commit()
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    writer.close()
    with pytest.raises(DatabaseLocked, match="請再執行一次"):
        with storage_errors():
            ServiceEvent.select().count()
    reader.close()



# --- the leaf alone ---------------------------------------------------------------------------

CONNECT_ONLY = textwrap.dedent(
    """
    import json, sys
    from models.db import open_connection
    database = open_connection(sys.argv[1], create=True)
    tables = database.get_tables()
    print(json.dumps({"tables": tables, "domain": sorted(
        name for name in sys.modules
        if name.startswith("models.") and name not in ("models.db", "models.errors")
    ) + sorted(name for name in sys.modules if name == "playhouse.migrations")}))
    """
)


def connect_only(target: Path, probe: str = CONNECT_ONLY) -> dict[str, list[str]]:
    result = subprocess.run([sys.executable, "-c", probe, str(target)], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_leaf_connects_without_loading_the_domain(db_path: Path, tmp_path: Path) -> None:
    """models.db on its own: connects to a ledger and makes a new file, and neither migrates,
    seeds nor loads a module of the domain (models.storage does that)."""
    fill(db_path)
    opened = connect_only(db_path)
    assert "schema_migration" in opened["tables"] and opened["domain"] == []
    fresh = connect_only(tmp_path / "new.db")
    assert fresh == {"tables": [], "domain": []}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.db", "new.db"]  # no building copy left
    # The probe sees the domain when something loads it: the same lines through open_ledger.
    whole = CONNECT_ONLY.replace("from models.db import open_connection", "from models.storage import open_ledger as open_connection")
    assert "models.seed" in connect_only(db_path, whole)["domain"]

"""Opening the database: pragmas, migrations, safety copy, refusals with clear messages."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import peewee
import pytest
from playhouse.schema_diff import diff_models

from models.db import db, migrations_directory, open_database
from models.errors import DatabaseLocked, DatabaseNewer, DatabaseReadOnly, DatabaseUnavailable
from models.questionnaire import QuestionItem
from models.schema import ALL_MODELS
from models.surveys import ResponseInput, SurveyResponse, save_response, start_batch
from models.users import create_first_secretary

def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sqlite_pragmas(database: peewee.Database) -> None:
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_migrations_build_exactly_the_models_schema(any_database: peewee.Database) -> None:
    assert not diff_models(any_database, ALL_MODELS)


def test_new_database_is_seeded_with_the_questionnaire(any_database: peewee.Database) -> None:
    codes = [item.code for item in QuestionItem.select().order_by(QuestionItem.position)]
    assert codes == list("ABCDEFGHIJK")


def test_reopening_runs_nothing_and_copies_nothing(db_path: Path) -> None:
    open_database(db_path).close()
    open_database(db_path).close()
    assert [p.name for p in db_path.parent.iterdir() if ".bak" in p.name] == []


def test_pending_migration_takes_a_copy_first(tmp_path: Path, db_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(migrations_directory(), migrations)
    open_database(db_path, migrations_dir=migrations)
    create_first_secretary("林秘書", "246813", "246813")
    db.obj.close()
    (migrations / "0002_probe.py").write_text(
        textwrap.dedent(
            """
            def up(migrator, db):
                db.execute_sql('CREATE TABLE probe (id INTEGER PRIMARY KEY)')
            """
        )
    )
    open_database(db_path, migrations_dir=migrations).close()
    copies = [p for p in tmp_path.iterdir() if ".before-0002_probe." in p.name]
    assert len(copies) == 1
    copy = peewee.SqliteDatabase(str(copies[0]))
    assert copy.execute_sql("SELECT name FROM app_user").fetchall() == [("林秘書",)]
    assert "probe" not in copy.get_tables()
    copy.close()


def test_database_from_a_newer_program_is_refused(db_path: Path) -> None:
    database = open_database(db_path)
    database.execute_sql("INSERT INTO schema_migration (name, applied) VALUES ('0999_future', '2030-01-01')")
    database.close()
    before = file_digest(db_path)
    with pytest.raises(DatabaseNewer, match="較新版本"):
        open_database(db_path)
    assert file_digest(db_path) == before


def test_read_only_file_is_refused_and_untouched(db_path: Path) -> None:
    open_database(db_path).close()
    db_path.chmod(0o444)
    before = file_digest(db_path)
    try:
        with pytest.raises(DatabaseReadOnly, match="唯讀"):
            open_database(db_path)
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
        open_database(target)


def test_unreachable_server_gets_a_clear_message() -> None:
    with pytest.raises(DatabaseUnavailable, match="無法連線"):
        open_database("postgresql://nobody@127.0.0.1:9/nothing")


def test_database_locked_by_another_process(db_path: Path) -> None:
    """Another program holds the write lock: the save fails with a message and writes nothing."""
    open_database(db_path, busy_timeout_ms=200)
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


"""The base model's helpers: a read prepared once per database still reads what is there now."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee

from models.accounts import Role, User
from models.audit import AuditEntry
from models.base import PreparedQuery, bound_database
from models.users import create_first_secretary, create_user


def test_a_prepared_query_reads_the_rows_of_the_moment(any_database: peewee.Database) -> None:
    newest = PreparedQuery(lambda: AuditEntry.select().order_by(AuditEntry.seq.desc()).limit(1))
    assert newest.first() is None
    boss = create_first_secretary("林秘書", "246813", "246813")
    first = newest.first()
    assert (first.seq, first.table_name, first.record_id) == (1, "app_user", boss.id)
    assert isinstance(first.at, dt.datetime) and first.after["name"] == "林秘書"  # columns converted
    create_user(boss, "陳志工", Role.VOLUNTEER)
    assert newest.first().seq == 2  # the SQL is kept, not the rows


def test_a_prepared_query_takes_the_caller_s_values(any_database: peewee.Database) -> None:
    boss = create_first_secretary("林秘書", "246813", "246813")
    volunteer = create_user(boss, "陳志工", Role.VOLUNTEER)
    by_role_and_id = PreparedQuery(lambda role, user_id: User.select().where(User.role == role, User.id >= user_id).limit(1))
    assert by_role_and_id.first("volunteer", 1).name == "陳志工"
    assert by_role_and_id.first("secretary", 1).id == boss.id
    assert by_role_and_id.first("secretary", volunteer.id) is None
    assert isinstance(by_role_and_id.first("volunteer", 0).created_at, dt.datetime)


def test_a_prepared_query_keeps_its_sql_for_the_database_its_model_is_bound_to(
    any_database: peewee.Database, tmp_path: Path
) -> None:
    """A model bound to another database (a backup looked at on a worker thread) gets SQL
    built for that database, not the one the program has open."""
    boss = create_first_secretary("林秘書", "246813", "246813")
    newest = PreparedQuery(lambda: AuditEntry.select().order_by(AuditEntry.seq.desc()).limit(1))
    assert newest.first().record_id == boss.id
    other = peewee.SqliteDatabase(str(tmp_path / "other.db"))
    with other.bind_ctx([User, AuditEntry]):
        other.create_tables([User, AuditEntry])
        assert newest.first() is None  # the other database's rows, through its own SQL
        assert bound_database(AuditEntry) is other
    assert newest.first().record_id == boss.id
    assert set(newest._sql) == {any_database, other}  # one entry each
    other.close()


def test_the_bound_database_is_what_a_proxy_stands_for(any_database: peewee.Database) -> None:
    assert AuditEntry._meta.database is not any_database  # the program's proxy
    assert bound_database(AuditEntry) is any_database

"""The base model's helpers: a read prepared once per database still reads what is there now."""
from __future__ import annotations

import datetime as dt

import peewee

from models.accounts import Role, User
from models.audit import AuditEntry
from models.base import PreparedQuery
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

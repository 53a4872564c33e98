"""The base model's helpers: a read prepared once per database still reads what is there now."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee
import pytest

from models.accounts import Role, User
from models.audit import AuditEntry
from models.base import PeriodDate, PreparedQuery, bound_database
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


H1_106 = (dt.date(2017, 1, 1), dt.date(2017, 6, 30))


@pytest.mark.parametrize(
    "declared, snapshot, belongs",
    [
        (PeriodDate("day"), {"day": "2017-01-01"}, True),  # the first day
        (PeriodDate("day"), {"day": "2017-06-30"}, True),  # the last day
        (PeriodDate("day"), {"day": "2016-12-31"}, False),
        (PeriodDate("day"), {"day": "2017-07-01"}, False),
        (PeriodDate("day"), {"day": None}, False),
        (PeriodDate("day"), None, False),  # no before: an insert
        # a case counts from its receipt to its close, open ones on
        (PeriodDate("received_on", until="closed_on"), {"received_on": "2016-11-30", "closed_on": None}, True),
        (PeriodDate("received_on", until="closed_on"), {"received_on": "2016-11-30", "closed_on": "2017-01-03"}, True),
        (PeriodDate("received_on", until="closed_on"), {"received_on": "2016-11-30", "closed_on": "2016-12-30"}, False),
        (PeriodDate("received_on", until="closed_on"), {"received_on": "2017-07-01", "closed_on": None}, False),
        # a report's text belongs to its own period alone
        (PeriodDate("start", until="end", whole=True), {"start": "2017-01-01", "end": "2017-06-30"}, True),
        (PeriodDate("start", until="end", whole=True), {"start": "2017-01-01", "end": "2017-12-31"}, False),
        (PeriodDate("start", until="end", whole=True), {"start": "2017-03-01", "end": "2017-03-31"}, False),
    ],
)
def test_a_record_belongs_to_the_periods_its_model_declares(
    declared: PeriodDate, snapshot: dict | None, belongs: bool
) -> None:
    assert declared.touches(snapshot, *H1_106) is belongs

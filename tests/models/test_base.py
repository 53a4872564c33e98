"""The base model's helpers: a fixed read built once per database still reads what is there now."""
from __future__ import annotations

import datetime as dt

import peewee

from models.audit import AuditEntry
from models.base import FixedQuery
from models.users import create_first_secretary, create_user
from models.accounts import Role


def test_a_fixed_query_reads_the_rows_of_the_moment(any_database: peewee.Database) -> None:
    newest = FixedQuery(lambda: AuditEntry.select().order_by(AuditEntry.seq.desc()).limit(1))
    assert newest.first() is None
    boss = create_first_secretary("林秘書", "246813", "246813")
    first = newest.first()
    assert (first.seq, first.table_name, first.record_id) == (1, "app_user", boss.id)
    assert isinstance(first.at, dt.datetime) and first.after["name"] == "林秘書"  # columns converted
    create_user(boss, "陳志工", Role.VOLUNTEER)
    assert newest.first().seq == 2  # the SQL is kept, not the rows

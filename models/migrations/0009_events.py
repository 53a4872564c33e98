"""Version 9: events and activities (法拍會, 法治教育宣導, 愛心社捐款 …), with their kinds as
data: each kind lists the figures its events carry, each event holds a value per figure.

A frozen copy of the tables as they were, independent of the application models. The
standard kinds are written by the program's seeding when the ledger is next opened.
"""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'app_user'

    class EventKind(Model):
        created_by = ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')
        created_at = DateTimeField()
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')
        void_reason = CharField(null=True, max_length=200)
        name = CharField(max_length=20)
        position = IntegerField()
        figures = JSONField()
        class Meta:
            database = db
            table_name = 'event_kind'

    class Event(Model):
        created_by = ForeignKeyField(User, field=User.id, on_delete='RESTRICT')
        created_at = DateTimeField()
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')
        void_reason = CharField(null=True, max_length=200)
        kind = ForeignKeyField(EventKind, on_delete='RESTRICT')
        day = DateField(index=True)
        month_only = BooleanField(default=False)
        title = CharField(max_length=100)
        values = JSONField()
        class Meta:
            database = db
            table_name = 'event'
    db.create_tables([EventKind, Event])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('event'))
    migrator.migrate(migrator.drop_table('event_kind'))

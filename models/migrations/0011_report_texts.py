"""Version 11: the compiled report's editable texts, one per report period and text block.

A frozen copy of the table as it was, independent of the application models.
"""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'app_user'

    class ReportText(Model):
        created_by = ForeignKeyField(User, field=User.id, on_delete='RESTRICT')
        created_at = DateTimeField()
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')
        void_reason = CharField(null=True, max_length=200)
        period_key = CharField(max_length=24)
        period_start = DateField()
        period_end = DateField()
        key = CharField(max_length=80)
        text = TextField()
        class Meta:
            database = db
            table_name = 'report_text'
            indexes = ((('period_key', 'key'), True),)
    db.create_tables([ReportText])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('report_text'))

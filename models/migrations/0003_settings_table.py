"""Version 3: settings get a numeric id so their changes can be audited like any record.

The first table (keyed by name) was never written by any released version; it is replaced.
"""
from peewee import *


def up(migrator, db):
    class Setting(Model):
        key = CharField(unique=True, max_length=64)
        value = JSONField()
        class Meta:
            database = db
            table_name = 'app_setting'
    db.create_tables([Setting])
    db.execute_sql('DROP TABLE IF EXISTS "setting"')


def down(migrator, db):
    migrator.migrate(migrator.drop_table('app_setting'))

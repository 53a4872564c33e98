"""Version 6: the secretary's register of petitions and complaints (民眾陳情案件).

A frozen copy of the table as it was, independent of the application models.
"""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'app_user'

    class Petition(Model):
        created_by = ForeignKeyField(User, field=User.id, on_delete='RESTRICT')
        created_at = DateTimeField()
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')
        void_reason = CharField(null=True, max_length=200)
        received_on = DateField(index=True)
        channel = CharField(max_length=12)
        category = CharField(max_length=12)
        mailbox = CharField(null=True, max_length=12)
        summary = TextField()
        handling_unit = CharField(max_length=40, default='')
        due_on = DateField()
        closed_on = DateField(null=True, index=True)
        reply_method = CharField(null=True, max_length=12)
        reply_satisfaction = CharField(null=True, max_length=12)
        confidential = BooleanField(default=False)
        class Meta:
            database = db
            table_name = 'petition'
    db.create_tables([Petition])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('petition'))

"""Version 8: the secretary's phone-courtesy tests (電話禮貌測試) and training sessions
(在職訓練 / 數位學習).

A frozen copy of the tables as they were, independent of the application models.
"""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'app_user'

    class CourtesyTest(Model):
        created_by = ForeignKeyField(User, field=User.id, on_delete='RESTRICT')
        created_at = DateTimeField()
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')
        void_reason = CharField(null=True, max_length=200)
        day = DateField(index=True)
        tested = CharField(max_length=40)
        score = SmallIntegerField()
        class Meta:
            database = db
            table_name = 'courtesy_test'

    class TrainingSession(Model):
        created_by = ForeignKeyField(User, field=User.id, on_delete='RESTRICT')
        created_at = DateTimeField()
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')
        void_reason = CharField(null=True, max_length=200)
        day = DateField(index=True)
        kind = CharField(max_length=16)
        title = CharField(max_length=100)
        hours = DecimalField(max_digits=4, decimal_places=1)
        lecturer = CharField(max_length=100, default='')
        class Meta:
            database = db
            table_name = 'training_session'
    db.create_tables([CourtesyTest, TrainingSession])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('training_session'))
    migrator.migrate(migrator.drop_table('courtesy_test'))

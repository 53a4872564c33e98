"""Version 1: users, audit trail, settings, the questionnaire and survey responses.

A frozen copy of the tables as they were, independent of the application models.
"""
from peewee import *


def up(migrator, db):
    class User(Model):
        name = CharField(unique=True, max_length=20)
        role = CharField(max_length=16)
        pin_hash = CharField(null=True, max_length=200)
        active = BooleanField(default=True)
        created_at = DateTimeField()
        created_by = ForeignKeyField('self', null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'app_user'
    db.create_tables([User])

    class AuditEntry(Model):
        at = DateTimeField(index=True)
        user = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        table_name = CharField(max_length=64)
        record_id = IntegerField()
        action = CharField(max_length=8)
        before = JSONField(null=True)
        after = JSONField(null=True)
        class Meta:
            database = db
            table_name = 'audit_entry'
            indexes = ((('table_name', 'record_id'), False),)
    db.create_tables([AuditEntry])

    class Questionnaire(Model):
        title = CharField(max_length=100)
        edition = CharField(max_length=40)
        active = BooleanField(default=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'questionnaire'
    db.create_tables([Questionnaire])

    class QuestionItem(Model):
        questionnaire = ForeignKeyField(Questionnaire, on_delete='RESTRICT')
        code = CharField(max_length=8)
        position = IntegerField()
        text = CharField(max_length=200)
        kind = CharField(max_length=16)
        class Meta:
            database = db
            table_name = 'question_item'
            indexes = ((('questionnaire', 'code'), True),)
    db.create_tables([QuestionItem])

    class QuestionOption(Model):
        item = ForeignKeyField(QuestionItem, on_delete='RESTRICT')
        position = IntegerField()
        label = CharField(max_length=40)
        class Meta:
            database = db
            table_name = 'question_option'
            indexes = ((('item', 'position'), True),)
    db.create_tables([QuestionOption])

    class Setting(Model):
        key = CharField(primary_key=True, max_length=64)
        value = JSONField()
        class Meta:
            database = db
            table_name = 'setting'
    db.create_tables([Setting])

    class SurveyBatch(Model):
        created_by = ForeignKeyField(User, field=User.id, on_delete='RESTRICT')
        created_at = DateTimeField()
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')
        void_reason = CharField(null=True, max_length=200)
        survey_date = DateField(index=True)
        expected_sheets = IntegerField(null=True)
        class Meta:
            database = db
            table_name = 'survey_batch'
    db.create_tables([SurveyBatch])

    class SurveyResponse(Model):
        created_by = ForeignKeyField(User, field=User.id, on_delete='RESTRICT')
        created_at = DateTimeField()
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')
        void_reason = CharField(null=True, max_length=200)
        batch = ForeignKeyField(SurveyBatch, null=True, on_delete='RESTRICT')
        questionnaire = ForeignKeyField(Questionnaire, on_delete='RESTRICT')
        survey_date = DateField(index=True)
        comment = TextField(default='')
        contact_phone = CharField(null=True, max_length=40)
        phone_consent = BooleanField(default=False)
        class Meta:
            database = db
            table_name = 'survey_response'
    db.create_tables([SurveyResponse])

    class SurveyAnswer(Model):
        response = ForeignKeyField(SurveyResponse, on_delete='CASCADE')
        item = ForeignKeyField(QuestionItem, on_delete='RESTRICT')
        choice = SmallIntegerField()
        class Meta:
            database = db
            table_name = 'survey_answer'
            indexes = ((('response', 'item'), True),)
    db.create_tables([SurveyAnswer])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('survey_answer'))
    migrator.migrate(migrator.drop_table('survey_response'))
    migrator.migrate(migrator.drop_table('survey_batch'))
    migrator.migrate(migrator.drop_table('setting'))
    migrator.migrate(migrator.drop_table('question_option'))
    migrator.migrate(migrator.drop_table('question_item'))
    migrator.migrate(migrator.drop_table('questionnaire'))
    migrator.migrate(migrator.drop_table('audit_entry'))
    migrator.migrate(migrator.drop_table('app_user'))

"""Version 7: survey follow-ups (問卷追蹤) and the erasure of contact phones.

- ``question_option.follow_up``: an answer with this option puts its form on the follow-up
  list; set here on 不滿意 and 非常不滿意 of the satisfaction items already stored.
- ``survey_response.phone_erased_at``: when the form's contact phone was erased.
- ``follow_up``: the secretary's call about one form.

A frozen copy of the tables as they were, independent of the application models.
"""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('question_option', 'follow_up', BooleanField(default=False)),
        migrator.add_column('survey_response', 'phone_erased_at', DateTimeField(null=True)),
    )

    class QuestionItem(Model):
        kind = CharField(max_length=16)
        class Meta:
            database = db
            table_name = 'question_item'

    class QuestionOption(Model):
        item = ForeignKeyField(QuestionItem, on_delete='RESTRICT')
        label = CharField(max_length=40)
        follow_up = BooleanField(default=False)
        class Meta:
            database = db
            table_name = 'question_option'

    satisfaction = QuestionItem.select(QuestionItem.id).where(QuestionItem.kind == 'satisfaction')
    (QuestionOption.update(follow_up=True)
     .where(QuestionOption.label.in_(['不滿意', '非常不滿意']), QuestionOption.item.in_(satisfaction))
     .execute())

    class User(Model):
        class Meta:
            database = db
            table_name = 'app_user'

    class SurveyResponse(Model):
        class Meta:
            database = db
            table_name = 'survey_response'

    class FollowUp(Model):
        created_by = ForeignKeyField(User, field=User.id, on_delete='RESTRICT')
        created_at = DateTimeField()
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')
        void_reason = CharField(null=True, max_length=200)
        response = ForeignKeyField(SurveyResponse, field=SurveyResponse.id, on_delete='RESTRICT')
        call_date = DateField()
        reason = TextField(default='')
        improvement = TextField(default='')
        closed_at = DateTimeField(null=True)
        closed_by = ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'follow_up'
    db.create_tables([FollowUp])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('follow_up'))
    migrator.migrate(
        migrator.drop_column('survey_response', 'phone_erased_at'),
        migrator.drop_column('question_option', 'follow_up'),
    )

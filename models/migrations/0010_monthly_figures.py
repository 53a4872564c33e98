"""Version 10: monthly figures (每月數據) and the payment-channel table (代收案款).

The figures and the channel × case-type pairs are set-up tables (seeded when empty); the
values are kept per month, one live row per (month, figure) and per (month, pair).
A frozen copy of the tables as they were, independent of the application models.
"""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'app_user'

    class MonthlyFigure(Model):
        code = CharField(unique=True, max_length=32)
        name = CharField(unique=True, max_length=40)
        kind = CharField(max_length=8)
        position = IntegerField()
        active = BooleanField(default=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'monthly_figure'

    class PaymentChannelPair(Model):
        code = CharField(unique=True, max_length=32)
        channel = CharField(max_length=40)
        case_type = CharField(max_length=40)
        position = IntegerField()
        active = BooleanField(default=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'payment_channel_pair'
            indexes = ((('channel', 'case_type'), True),)

    class MonthlyFigureValue(Model):
        created_by = ForeignKeyField(User, field=User.id, on_delete='RESTRICT')
        created_at = DateTimeField()
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')
        void_reason = CharField(null=True, max_length=200)
        month = DateField()
        figure = ForeignKeyField(MonthlyFigure, on_delete='RESTRICT')
        value = BigIntegerField(null=True)
        class Meta:
            database = db
            table_name = 'monthly_figure_value'

    class PaymentChannelValue(Model):
        created_by = ForeignKeyField(User, field=User.id, on_delete='RESTRICT')
        created_at = DateTimeField()
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')
        void_reason = CharField(null=True, max_length=200)
        month = DateField()
        pair = ForeignKeyField(PaymentChannelPair, on_delete='RESTRICT')
        count = BigIntegerField(null=True)
        amount = BigIntegerField(null=True)
        class Meta:
            database = db
            table_name = 'payment_channel_value'

    MonthlyFigureValue.add_index(
        MonthlyFigureValue.index(
            MonthlyFigureValue.month, MonthlyFigureValue.figure, unique=True, name='monthly_figure_value_month',
        ).where(MonthlyFigureValue.voided_at.is_null())
    )
    PaymentChannelValue.add_index(
        PaymentChannelValue.index(
            PaymentChannelValue.month, PaymentChannelValue.pair, unique=True, name='payment_channel_value_month',
        ).where(PaymentChannelValue.voided_at.is_null())
    )
    db.create_tables([MonthlyFigure, PaymentChannelPair, MonthlyFigureValue, PaymentChannelValue])


def down(migrator, db):
    for table in ('payment_channel_value', 'monthly_figure_value', 'payment_channel_pair', 'monthly_figure'):
        migrator.migrate(migrator.drop_table(table))

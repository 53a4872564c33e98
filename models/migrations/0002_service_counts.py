"""Version 2: service-centre categories and counted events (為民服務中心服務人數).

A frozen copy of the tables as they were, independent of the application models.
"""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'app_user'

    class ServiceCategory(Model):
        code = CharField(unique=True, max_length=8)
        name = CharField(unique=True, max_length=40)
        position = IntegerField()
        has_amount = BooleanField(default=False)
        roles = CharField(max_length=80, default='')
        shortcut = CharField(null=True, max_length=1)
        active = BooleanField(default=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'service_category'
    db.create_tables([ServiceCategory])

    class ServiceEvent(Model):
        created_by = ForeignKeyField(User, field=User.id, on_delete='RESTRICT')
        created_at = DateTimeField()
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(User, field=User.id, null=True, on_delete='RESTRICT')
        void_reason = CharField(null=True, max_length=200)
        category = ForeignKeyField(ServiceCategory, on_delete='RESTRICT')
        day = DateField()
        count = IntegerField()
        amount = BigIntegerField(null=True)
        receipt_no = CharField(null=True, max_length=30)
        source = CharField(max_length=8)
        class Meta:
            database = db
            table_name = 'service_event'
    ServiceEvent.add_index(
        ServiceEvent.index(
            ServiceEvent.day, ServiceEvent.category, ServiceEvent.count, ServiceEvent.amount,
            name='service_event_period',
        ).where(ServiceEvent.voided_at.is_null())
    )
    ServiceEvent.add_index(
        ServiceEvent.index(ServiceEvent.created_by, ServiceEvent.id, name='service_event_by_user')
    )
    db.create_tables([ServiceEvent])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('service_event'))
    migrator.migrate(migrator.drop_table('service_category'))

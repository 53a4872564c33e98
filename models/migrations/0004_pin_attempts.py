"""Version 4: wrong PINs are counted in the user's row, so a restart does not forget them.

``pin_failures`` counts the wrong PINs since the last right one (it sets the wait and the
lock), ``pin_failed_at`` is when the last one was typed, and ``pin_failures_since_login``
is what the secretary is told at the next login.
"""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('app_user', 'pin_failures', IntegerField(default=0)),
        migrator.add_column('app_user', 'pin_failed_at', DateTimeField(null=True)),
        migrator.add_column('app_user', 'pin_failures_since_login', IntegerField(default=0)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('app_user', 'pin_failures_since_login'),
        migrator.drop_column('app_user', 'pin_failed_at'),
        migrator.drop_column('app_user', 'pin_failures'),
    )

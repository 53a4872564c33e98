"""Version 5: every audit row is chained to the one before it (``seq`` and ``row_hash``).

Rows already present are chained in the order they were written (by id). The hash is
computed by ``models.audit`` (a pure function of plain values; its format is part of the
file, like a column).
"""
from peewee import *


def up(migrator, db):
    from models.audit import GENESIS_HASH, canonical_content, chain_hash

    migrator.migrate(
        migrator.add_column('audit_entry', 'seq', IntegerField(null=True, unique=True)),
        migrator.add_column('audit_entry', 'row_hash', CharField(max_length=64, null=True)),
    )

    class AuditEntry(Model):
        at = DateTimeField()
        user_id = IntegerField(null=True, column_name='user_id')
        table_name = CharField(max_length=64)
        record_id = IntegerField()
        action = CharField(max_length=8)
        before = JSONField(null=True)
        after = JSONField(null=True)
        seq = IntegerField(null=True)
        row_hash = CharField(max_length=64, null=True)
        class Meta:
            database = db
            table_name = 'audit_entry'

    previous = GENESIS_HASH
    for seq, entry in enumerate(AuditEntry.select().order_by(AuditEntry.id), start=1):
        entry.seq = seq
        entry.at = entry.at.replace(microsecond=0)
        entry.row_hash = previous = chain_hash(previous, canonical_content(entry))
        entry.save(only=[AuditEntry.seq, AuditEntry.at, AuditEntry.row_hash])


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index('audit_entry', 'audit_entry_seq'),
        migrator.drop_column('audit_entry', 'row_hash'),
        migrator.drop_column('audit_entry', 'seq'),
    )

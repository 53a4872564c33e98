"""The audit trail, and the rules for correcting and voiding what someone typed.

Every insert, update and void writes an AuditEntry in the same transaction as the change,
so the trail can never disagree with the data. Nothing is deleted: a record is voided with a
reason and drops out of every statistic.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Literal

import peewee

from models.base import BaseModel, now
from models.db import db, storage_errors
from models.errors import PermissionDenied, ValidationError
from models.users import User, current_user

Action = Literal["insert", "update", "void", "delete"]
# "delete" only for set-up rows nobody has used yet (an unused category); records are voided.
ACTION_LABELS = {"insert": "新增", "update": "修改", "void": "作廢", "delete": "刪除"}
VOID_REASON_MAX_LENGTH = 200


class AuditEntry(BaseModel):
    at = peewee.DateTimeField(default=now, index=True)
    user = peewee.ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    table_name = peewee.CharField(max_length=64)
    record_id = peewee.IntegerField()
    action = peewee.CharField(max_length=8)
    before = peewee.JSONField(null=True)
    after = peewee.JSONField(null=True)

    class Meta:
        indexes = ((("table_name", "record_id"), False),)


class AccountableModel(BaseModel):
    """A record that remembers who typed it, when, and whether it was voided."""

    created_by = peewee.ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    created_at = peewee.DateTimeField(default=now)
    voided_at = peewee.DateTimeField(null=True)
    voided_by = peewee.ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    void_reason = peewee.CharField(max_length=VOID_REASON_MAX_LENGTH, null=True)

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


@contextlib.contextmanager
def audited(actor: User | None, record: BaseModel, action: Action) -> Iterator[None]:
    """Wrap a change to ``record``: the change and its audit row commit together or not at all."""
    with storage_errors(), db.atomic():
        if actor is not None:
            current_user(actor)  # retired on another PC since logging in here: no more writes
        before = None
        if action != "insert":
            # Read inside the transaction: another PC may have voided it since it was shown.
            current = type(record).get_by_id(record.get_id())
            if getattr(current, "voided_at", None) is not None:
                raise ValidationError("這筆資料已經作廢了（可能是在另一台電腦上），不能再修改或作廢。")
            before = current.snapshot()
        yield
        # What is stored now, not the caller's copy (which may hold columns read long ago).
        after = record.snapshot() if action == "delete" else type(record).get_by_id(record.get_id()).snapshot()
        AuditEntry.create(
            user=actor,
            table_name=record._meta.table_name,
            record_id=record.get_id(),
            action=action,
            before=before,
            after=after,
        )


def require_may_modify(actor: User, record: AccountableModel, today: dt.date | None = None) -> None:
    """A volunteer may fix their own records of the same day; anything else needs the secretary."""
    from models.users import require_role

    actor = require_role(actor)  # the stored user and role, not the caller's copy
    if actor.is_secretary:
        return
    today = today or dt.date.today()
    if record.created_by_id == actor.id and record.created_at.date() == today:
        return
    raise PermissionDenied("只能修改或作廢自己今天輸入的資料；其他資料請洽研考。")


def void_record(actor: User, record: AccountableModel, reason: str, today: dt.date | None = None) -> None:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("作廢必須寫明原因。", field="reason")
    if len(reason) > VOID_REASON_MAX_LENGTH:
        raise ValidationError(f"作廢原因最多 {VOID_REASON_MAX_LENGTH} 個字。", field="reason")
    if record.is_voided:
        raise ValidationError("這筆資料已經作廢了。")
    require_may_modify(actor, record, today)
    with audited(actor, record, "void"):
        record.voided_at, record.voided_by, record.void_reason = now(), actor, reason
        record.save()


def history(actor: User, table_name: str, record_id: int) -> list[AuditEntry]:
    from models.users import Role, require_role

    require_role(actor, Role.SECRETARY, message="只有研考可以查看資料的修改歷程。")
    return list(
        AuditEntry.select(AuditEntry, User)
        .join(User, peewee.JOIN.LEFT_OUTER, on=(AuditEntry.user == User.id))
        .where(AuditEntry.table_name == table_name, AuditEntry.record_id == record_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    )

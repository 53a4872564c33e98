"""The audit trail, and the rules for correcting and voiding what someone typed.

Every insert, update and void writes an AuditEntry in the same transaction as the change,
so the trail can never disagree with the data. Nothing is deleted: a record is voided with a
reason and drops out of every statistic.

Each row is chained to the one before it: ``row_hash`` is a SHA-256 over the row's canonical
content and the previous row's hash, so a row changed, removed or slipped in with the sqlite3
tool breaks the chain at that place (``models.verify`` finds it).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal

import peewee

from models.accounts import Role, User, current_user, require_role
from models.base import BaseModel, PreparedQuery, models_for_table, now
from models.db import WRITERS_QUEUE, db, storage_errors
from models.errors import PermissionDenied, ValidationError

Action = Literal["insert", "update", "void", "delete", "erase"]
# "delete" only for set-up rows nobody has used yet (an unused category); records are voided.
# "erase": personal data removed by rule (a contact phone), from voided records too; its
# snapshots are the record's own, which never hold such data readable (the phone as a mask).
ACTION_LABELS = {"insert": "新增", "update": "修改", "void": "作廢", "delete": "刪除", "erase": "清除個資"}
VOID_REASON_MAX_LENGTH = 200
# Rows that say what a record holds afterwards; other actions (a wrong PIN) are chained only.
STATE_ACTIONS = frozenset({"insert", "update", "void", "delete", "erase"})
GENESIS_HASH = "0" * 64  # what the first row is chained to


class AuditEntry(BaseModel):
    at = peewee.DateTimeField(default=now, index=True)
    user = peewee.ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    table_name = peewee.CharField(max_length=64)
    record_id = peewee.IntegerField()
    action = peewee.CharField(max_length=8)
    before = peewee.JSONField(null=True)
    after = peewee.JSONField(null=True)

    seq = peewee.IntegerField(null=True, unique=True)  # place in the chain, 1, 2, 3 …
    row_hash = peewee.CharField(max_length=64, null=True)

    class Meta:
        indexes = ((("table_name", "record_id"), False),)

    def save(self, force_insert: bool = False, only: Any = None) -> int:
        # Model.create() comes here too, so every new row anywhere is chained without the
        # caller knowing. A stored row is never rewritten.
        if not force_insert and self.get_id() is not None:
            raise PermissionDenied("稽核紀錄寫入後不能再修改。")
        with chain_transaction():
            self.seq, previous = _head()
            self.seq += 1
            self.at = (self.at or now()).replace(microsecond=0)
            # Hashed as it will read back from either backend (JSON round trip: tuples → lists).
            self.before, self.after = json_round_trip(self.before), json_round_trip(self.after)
            self.row_hash = chain_hash(previous, canonical_content(self))
            return super().save(force_insert=True, only=only)


def canonical_content(entry: Any) -> bytes:
    """The bytes a row's hash covers: the same on SQLite and PostgreSQL (sorted keys, no
    spaces, times to the second, the user by id)."""
    at = entry.at
    picture = {
        "seq": entry.seq,
        "at": at.isoformat(sep=" ", timespec="seconds") if isinstance(at, dt.datetime) else str(at),
        "user": entry.user_id,
        "table": entry.table_name,
        "record_id": entry.record_id,
        "action": entry.action,
        "before": entry.before,
        "after": entry.after,
    }
    return json.dumps(picture, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(previous_hash: str, content: bytes) -> str:
    return hashlib.sha256(previous_hash.encode("ascii") + b"\n" + content).hexdigest()


def chain_breaks(entries: Iterable[Any]) -> tuple[list[tuple[Any, int]], int]:
    """Walk chained rows in ``seq`` order from the first: each row where the chain breaks,
    with how many rows are missing before it (0: the row itself was changed), and the number
    of rows walked. ``models.verify`` walks the whole chain, a report's seal the part before it."""
    breaks: list[tuple[Any, int]] = []
    expected, previous, rows = 1, GENESIS_HASH, 0
    for entry in entries:
        rows += 1
        if entry.seq != expected:
            breaks.append((entry, entry.seq - expected))
        elif chain_hash(previous, canonical_content(entry)) != entry.row_hash:
            breaks.append((entry, 0))
        expected, previous = entry.seq + 1, entry.row_hash or ""
    return breaks, rows


def plain_rows(where: peewee.Expression) -> peewee.ModelSelect:
    """Audit rows as plain named tuples, each with what its hash covers (a model instance per
    row costs twice the time)."""
    fields = [f if f is not AuditEntry.user else f.alias("user_id") for f in AuditEntry._meta.sorted_fields]
    return AuditEntry.select(*fields).where(where).namedtuples()


def json_round_trip(value: Any) -> Any:
    """A value as it reads back from a JSON column (tuples become lists, keys strings)."""
    return None if value is None else json.loads(json.dumps(value, ensure_ascii=False))


def lock_chain() -> None:
    """Make other writers of audit rows wait until this transaction ends.

    SQLite: every write transaction begins IMMEDIATE and already holds the file's write lock.
    PostgreSQL: ``models.db.ServerDatabase`` takes this lock first in every write transaction
    (before any read fixes the SERIALIZABLE snapshot); taking it again here is free, and
    covers a transaction begun before the schema was in place.
    """
    database = db.obj
    if isinstance(database, peewee.PostgresqlDatabase):
        database.execute_sql(WRITERS_QUEUE)


@contextlib.contextmanager
def chain_transaction() -> Iterator[None]:
    """A transaction that will add audit rows, queued for the chain."""
    with db.atomic():
        lock_chain()
        yield


def chain_head() -> tuple[int, str]:
    """The last row's place and hash (0 and the genesis hash for an empty trail)."""
    with storage_errors():
        return _head()


# Read in every transaction that adds a row: another PC may have added rows since ours.
_HEAD = PreparedQuery(
    lambda: AuditEntry.select(AuditEntry.seq, AuditEntry.row_hash)
    .where(AuditEntry.seq.is_null(False))
    .order_by(AuditEntry.seq.desc())
    .limit(1)
)


def _head() -> tuple[int, str]:
    head = _HEAD.first()
    return (head.seq, head.row_hash or "") if head is not None else (0, GENESIS_HASH)


class AccountableModel(BaseModel):
    """A record that remembers who typed it, when, and whether it was voided."""

    created_by = peewee.ForeignKeyField(User, backref="+", on_delete="RESTRICT", verbose_name="建立者")
    created_at = peewee.DateTimeField(default=now, verbose_name="建立時間")
    voided_at = peewee.DateTimeField(null=True, verbose_name="作廢時間")
    voided_by = peewee.ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT", verbose_name="作廢者")
    void_reason = peewee.CharField(max_length=VOID_REASON_MAX_LENGTH, null=True, verbose_name="作廢原因")

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def check_void(self) -> None:
        """A model's own rule against voiding this record: raise ValidationError to refuse.
        Called inside the void's transaction, so what it reads cannot change under it."""


@contextlib.contextmanager
def audited(actor: User | None, record: BaseModel, action: Action) -> Iterator[None]:
    """Wrap a change to ``record``: the change and its audit row commit together or not at all.

    An insert writes the row with ``record.save(force_insert=True)``; its audit row is then
    made from the copy, not read back (unless the copy holds a column it did not save, or a
    value a read would give otherwise)."""
    with storage_errors(), chain_transaction():
        if actor is not None:
            current_user(actor)  # retired on another PC since logging in here: no more writes
        before = None
        if action != "insert":
            # Read inside the transaction: another PC may have voided it since it was shown.
            current = type(record).get_by_id(record.get_id())
            if getattr(current, "voided_at", None) is not None and action != "erase":
                raise ValidationError("這筆資料已經作廢了（可能是在另一台電腦上），不能再修改或作廢。")
            before = current.snapshot()
        yield
        if action == "insert" and not record.is_dirty() and reads_back_as_is(record):
            # save(force_insert=True) has just written every column from this copy (and left it
            # clean), each as a read would give it: no need to read it back.
            after = record.snapshot()
        elif action == "delete":
            after = record.snapshot()
        else:
            # What is stored now, not the caller's copy: save() writes only the columns it
            # changed, and the others may have been read long ago (another PC may have changed them).
            after = type(record).get_by_id(record.get_id()).snapshot()
        AuditEntry.create(
            user=actor,
            table_name=record._meta.table_name,
            record_id=record.get_id(),
            action=action,
            before=before,
            after=after,
        )


# What a read gives for each kind of column this program uses. A value of another type may
# read back as something else (1 as True, a date in a timestamp column as a datetime, "5" in
# an integer column as 5); other kinds of column (decimals, floats, fixed-width text …) are
# always read back.
def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _json_without_floats(value: Any) -> bool:
    """Text, whole numbers, true/false, null, lists and objects keyed by text: what a JSON round
    trip gives back unchanged on both backends. A float may not (PostgreSQL's JSONB reads 1e16
    back as 10000000000000000 and -0.0 as 0.0), so its row is read back."""
    if value is None or isinstance(value, (str, int)):  # bool is an int
        return True
    if isinstance(value, (list, tuple)):
        return all(_json_without_floats(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _json_without_floats(item) for key, item in value.items())
    return False


_READ_TYPES: dict[type[peewee.Field], Callable[[Any], bool]] = {
    peewee.AutoField: _whole,
    peewee.IntegerField: _whole,
    peewee.BigIntegerField: _whole,
    peewee.SmallIntegerField: _whole,
    peewee.BooleanField: lambda value: type(value) is bool,
    peewee.DateTimeField: lambda value: isinstance(value, dt.datetime) and value.tzinfo is None,
    peewee.DateField: lambda value: isinstance(value, dt.date) and not isinstance(value, dt.datetime),
    peewee.CharField: _text,
    peewee.TextField: _text,
    peewee.JSONField: _json_without_floats,
}


def reads_back_as_is(record: BaseModel) -> bool:
    """Does every column of the copy hold what reading the row back would give?"""
    for field in record._meta.sorted_fields:
        value = record.__data__.get(field.name)
        if value is None:  # NULL (no column has a default of the database's own)
            continue
        kind = field.rel_field if isinstance(field, peewee.ForeignKeyField) else field
        if isinstance(kind, peewee.DecimalField):
            if not _decimal_fits(kind, value):
                return False
            continue
        fits = _READ_TYPES.get(type(kind))
        if fits is None or not fits(value):
            return False
    return True


def _decimal_fits(column: peewee.DecimalField, value: Any) -> bool:
    """A finite Decimal the column holds without rounding: both backends give the same number
    back (PostgreSQL as 3.0, SQLite as 3), which a snapshot writes alike (models.base)."""
    if not isinstance(value, decimal.Decimal) or not value.is_finite():
        return False
    places = max(-value.as_tuple().exponent, 0)
    whole_digits = max(value.adjusted() + 1, 0)
    return places <= column.decimal_places and whole_digits <= column.max_digits - column.decimal_places


def require_may_modify(actor: User, record: AccountableModel, today: dt.date | None = None) -> None:
    """A volunteer may fix their own records of the same day; anything else needs the secretary."""
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
        record.check_void()
        record.voided_at, record.voided_by, record.void_reason = now(), actor, reason
        record.save()


def history(actor: User, table_name: str, record_id: int) -> list[AuditEntry]:
    """Every audit row of one record, oldest first: for 研考, and only where the record's model
    lets this reader see it (``require_history_reader``: a confidential petition)."""
    reader = require_role(actor, Role.SECRETARY, message="只有研考可以查看資料的修改歷程。")
    for model in models_for_table(table_name):
        model.require_history_reader(reader, record_id)
    return list(
        AuditEntry.select(AuditEntry, User)
        .join(User, peewee.JOIN.LEFT_OUTER, on=(AuditEntry.user == User.id))
        .where(AuditEntry.table_name == table_name, AuditEntry.record_id == record_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    )

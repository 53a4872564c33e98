"""Petitions and complaints (民眾陳情案件, SPEC §2.3): the secretary's register of cases.

A case is registered when it arrives (received date, channel, category, summary …), gets a
due date (received + the ``petition.due_days`` setting, shown and stored, and the secretary
may move it), and is closed with the reply given and, once known, how the petitioner took it.
Corrections are audited updates; a case typed by mistake is voided with a reason. Only 研考
reads or writes the register. A confidential case (密件) is shown to 研考 alone: the one rule
is ``may_read_confidential``, asked by the list and by the history (``require_history_reader``).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import peewee

from models.accounts import Role, User, require_role
from models.audit import AccountableModel, AuditEntry, audited, void_record
from models.base import PeriodDate, validate_entry_date
from models.db import storage_errors
from models.errors import PermissionDenied, ValidationError
from models.labels import HistoryText
from models.registers.petition_kinds import CATEGORIES, CHANNELS, MAILBOXES, REPLY_METHODS, SATISFACTIONS, PetitionFact
from models.rocdate import Period
from models.settings import PETITION_DUE_DAYS, get_setting
from models.text import clean_name, clean_text

SUMMARY_MAX_LENGTH = 500
UNIT_MAX_LENGTH = 40
ONLY_SECRETARY = "陳情案件只有研考可以查看與登記。"
CONFIDENTIAL_HISTORY = "這件陳情案件是密件，只有研考可以查看它的修改歷程。"

# What the list's 狀態 filter offers; "all" shows voided cases too (grey, struck through).
STATUS_ALL, STATUS_OPEN, STATUS_OVERDUE, STATUS_CLOSED, STATUS_VOIDED = "all", "open", "overdue", "closed", "voided"
STATUSES = (
    (STATUS_ALL, "全部"),
    (STATUS_OPEN, "未結案"),
    (STATUS_OVERDUE, "逾期未結"),
    (STATUS_CLOSED, "已結案"),
    (STATUS_VOIDED, "已作廢"),
)


class Petition(AccountableModel):
    received_on = peewee.DateField(index=True, verbose_name="收件日期")
    channel = peewee.CharField(max_length=12, choices=CHANNELS, verbose_name="陳情方式")
    category = peewee.CharField(max_length=12, choices=CATEGORIES, verbose_name="類別")
    mailbox = peewee.CharField(max_length=12, null=True, choices=MAILBOXES, verbose_name="信箱")
    summary = peewee.TextField(verbose_name="摘要")
    handling_unit = peewee.CharField(max_length=UNIT_MAX_LENGTH, default="", verbose_name="承辦單位")
    due_on = peewee.DateField(verbose_name="辦理期限")
    closed_on = peewee.DateField(null=True, index=True, verbose_name="結案日期")
    reply_method = peewee.CharField(max_length=12, null=True, choices=REPLY_METHODS, verbose_name="答復方式")
    reply_satisfaction = peewee.CharField(max_length=12, null=True, choices=SATISFACTIONS, verbose_name="答復滿意度")
    confidential = peewee.BooleanField(default=False, verbose_name="密件")

    history_text = HistoryText(
        "陳情案件",
        summary=(
            "received_on", "channel", "category", "mailbox", "summary", "handling_unit", "due_on",
            "closed_on", "reply_method", "reply_satisfaction", "confidential",
        ),
    )
    # A period's figures count a case from its receipt until it is closed (petition_facts).
    period_date = PeriodDate("received_on", until="closed_on")

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    def days_overdue(self, today: dt.date | None = None) -> int:
        """Days past the due date of a case still open (0: not overdue, closed or voided)."""
        if self.is_voided or self.is_closed:
            return 0
        return max(((today or dt.date.today()) - self.due_on).days, 0)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.days_overdue(today) > 0

    @classmethod
    def require_history_reader(cls, reader: User, record_id: int) -> None:
        """A case that is (or ever was) confidential: its history is 研考's alone."""
        if may_read_confidential(reader):
            return
        with storage_errors():
            stored = cls.get_or_none(cls.id == record_id)
            pictures = (
                AuditEntry.select(AuditEntry.before, AuditEntry.after)
                .where(AuditEntry.table_name == cls._meta.table_name, AuditEntry.record_id == record_id)
                .tuples()
            )
            ever = (stored is not None and stored.confidential) or any(
                bool((picture or {}).get("confidential")) for row in pictures for picture in row
            )
        if ever:
            raise PermissionDenied(CONFIDENTIAL_HISTORY)


def may_read_confidential(reader: User) -> bool:
    """Confidential cases are for 研考 only: the one rule the list and the history follow."""
    return reader.is_secretary


def _require_secretary(actor: User | None) -> User:
    return require_role(actor, Role.SECRETARY, message=ONLY_SECRETARY)


def due_days() -> int:
    return int(get_setting(PETITION_DUE_DAYS))


def default_due_date(received_on: dt.date) -> dt.date:
    """Received + the limit in settings (the form shows it; the secretary may move it)."""
    return received_on + dt.timedelta(days=due_days())


# --- checking what was typed -----------------------------------------------------------


@dataclass(frozen=True)
class PetitionInput:
    """A case as typed on the form, before it is checked. Choices are stored codes
    (``CHANNELS`` …); None or "" is no choice. ``due_on`` None: received + the setting."""

    received_on: dt.date | None
    channel: str | None
    category: str | None
    summary: str
    mailbox: str | None = None
    handling_unit: str = ""
    due_on: dt.date | None = None
    closed_on: dt.date | None = None
    reply_method: str | None = None
    reply_satisfaction: str | None = None
    confidential: bool = False


def _choice(value: str | None, choices: Sequence[tuple[str, str]], label: str, field: str, *, required: bool) -> str | None:
    if value is None or value == "":
        if required:
            raise ValidationError(f"請選擇{label}。", field=field)
        return None
    if value not in dict(choices):
        raise ValidationError(f"{label}「{value}」不是可選的項目，請從清單中選擇。", field=field)
    return value


def _summary(text: str | None) -> str:
    text = clean_text(text, label="陳情摘要", max_length=SUMMARY_MAX_LENGTH, field="summary")
    if not text:
        raise ValidationError("請輸入陳情摘要。", field="summary")
    return text


def _closed_on(closed_on: dt.date | None, received_on: dt.date, today: dt.date | None) -> dt.date | None:
    if closed_on is None:
        return None
    validate_entry_date(closed_on, "結案日期", today, field="closed_on")
    if closed_on < received_on:
        raise ValidationError("結案日期不能早於收件日期。", field="closed_on")
    return closed_on


def _closing(closed_on: dt.date | None, reply_method: str | None, reply_satisfaction: str | None) -> tuple[str | None, str | None]:
    method = _choice(reply_method, REPLY_METHODS, "答復方式", "reply_method", required=False)
    satisfaction = _choice(reply_satisfaction, SATISFACTIONS, "答復滿意度", "reply_satisfaction", required=False)
    if satisfaction is not None and closed_on is None:
        raise ValidationError("還沒有結案，不能填答復滿意度；請先填結案日期。", field="reply_satisfaction")
    return method, satisfaction


def checked_fields(entry: PetitionInput, today: dt.date | None = None) -> dict[str, object]:
    """The columns of a case as they will be stored, checked in the form's order; the first
    problem is raised with the field it belongs beside."""
    received_on = validate_entry_date(entry.received_on, "收件日期", today, field="received_on")
    channel = _choice(entry.channel, CHANNELS, "陳情方式", "channel", required=True)
    category = _choice(entry.category, CATEGORIES, "類別", "category", required=True)
    mailbox = _choice(entry.mailbox, MAILBOXES, "信箱", "mailbox", required=False)
    summary = _summary(entry.summary)
    unit = (entry.handling_unit or "").strip()
    if unit:
        unit = clean_name(unit, label="承辦單位", max_length=UNIT_MAX_LENGTH, field="handling_unit")
    due_on = entry.due_on if entry.due_on is not None else default_due_date(received_on)
    if due_on < received_on:
        raise ValidationError("辦理期限不能早於收件日期。", field="due_on")
    closed_on = _closed_on(entry.closed_on, received_on, today)
    reply_method, reply_satisfaction = _closing(closed_on, entry.reply_method, entry.reply_satisfaction)
    return {
        "received_on": received_on,
        "channel": channel,
        "category": category,
        "mailbox": mailbox,
        "summary": summary,
        "handling_unit": unit,
        "due_on": due_on,
        "closed_on": closed_on,
        "reply_method": reply_method,
        "reply_satisfaction": reply_satisfaction,
        "confidential": bool(entry.confidential),
    }


# --- writing ---------------------------------------------------------------------------


def register_petition(actor: User, entry: PetitionInput, today: dt.date | None = None) -> Petition:
    """A new case (an old one typed in later may come already closed)."""
    secretary = _require_secretary(actor)
    petition = Petition(**checked_fields(entry, today), created_by=secretary)
    with audited(secretary, petition, "insert"):
        petition.save(force_insert=True)
    return petition


def _require_live(petition: Petition) -> None:
    if petition.is_voided:
        raise ValidationError("已作廢的陳情案件不能修改。")


def update_petition(actor: User, petition: Petition, entry: PetitionInput, today: dt.date | None = None) -> Petition:
    """A correction of any field (clearing the closed date reopens the case); audited."""
    secretary = _require_secretary(actor)
    _require_live(petition)
    fields = checked_fields(entry, today)
    with audited(secretary, petition, "update"):
        for name, value in fields.items():
            setattr(petition, name, value)
        petition.save()
    return petition


def close_petition(
    actor: User,
    petition: Petition,
    closed_on: dt.date | None,
    *,
    reply_method: str | None = None,
    reply_satisfaction: str | None = None,
    today: dt.date | None = None,
) -> Petition:
    """結案: the day the reply went out, how it was given and, if known, how it was taken."""
    secretary = _require_secretary(actor)
    _require_live(petition)
    if petition.is_closed:
        raise ValidationError("這件陳情已經結案了；要更正結案日期請按「修改」。", field="closed_on")
    if closed_on is None:
        raise ValidationError("請輸入結案日期。", field="closed_on")
    closed_on = _closed_on(closed_on, petition.received_on, today)
    method, satisfaction = _closing(closed_on, reply_method, reply_satisfaction)
    with audited(secretary, petition, "update"):
        petition.closed_on, petition.reply_method, petition.reply_satisfaction = closed_on, method, satisfaction
        petition.save()
    return petition


def void_petition(actor: User, petition: Petition, reason: str) -> None:
    """A case typed by mistake (or twice): kept, voided with the reason, out of every figure."""
    void_record(_require_secretary(actor), petition, reason)


# --- reading ---------------------------------------------------------------------------


def _readable(query: peewee.ModelSelect, reader: User) -> peewee.ModelSelect:
    return query if may_read_confidential(reader) else query.where(~Petition.confidential)


def _open() -> peewee.Expression:
    return Petition.voided_at.is_null() & Petition.closed_on.is_null()


def listed_petitions(
    actor: User,
    *,
    period: Period | None = None,
    status: str = STATUS_ALL,
    category: str | None = None,
    channel: str | None = None,
    today: dt.date | None = None,
) -> list[Petition]:
    """The register's list, newest first: cases received in ``period`` (None: every period),
    of one status, category and channel (None: any). Who registered each is read in the same
    query (``petition.created_by.name`` asks nothing more)."""
    reader = _require_secretary(actor)
    today = today or dt.date.today()
    status = _choice(status, STATUSES, "狀態", "status", required=True) or STATUS_ALL
    category = _choice(category, CATEGORIES, "類別", "category", required=False)
    channel = _choice(channel, CHANNELS, "陳情方式", "channel", required=False)
    query = Petition.select(Petition, User.id, User.name).join(User, on=Petition.created_by)
    query = _readable(query, reader)
    if period is not None:
        query = query.where(Petition.received_on.between(period.start, period.end))
    if status == STATUS_OPEN:
        query = query.where(_open())
    elif status == STATUS_OVERDUE:
        query = query.where(_open() & (Petition.due_on < today))
    elif status == STATUS_CLOSED:
        query = query.where(Petition.voided_at.is_null() & Petition.closed_on.is_null(False))
    elif status == STATUS_VOIDED:
        query = query.where(Petition.voided_at.is_null(False))
    if category is not None:
        query = query.where(Petition.category == category)
    if channel is not None:
        query = query.where(Petition.channel == channel)
    with storage_errors():
        return list(query.order_by(Petition.received_on.desc(), Petition.id.desc()))


def overdue_count(actor: User, today: dt.date | None = None) -> int:
    """Open cases past their due date: what the secretary's first screen says."""
    reader = _require_secretary(actor)
    query = _readable(Petition.select(), reader).where(_open() & (Petition.due_on < (today or dt.date.today())))
    with storage_errors():
        return query.count()


def petition_facts(start: dt.date, end: dt.date) -> list[PetitionFact]:
    """Every live case a period's figures may count: received by ``end`` and not closed
    before ``start`` (received in it, closed in it, or still open in it)."""
    query = (
        Petition.select(
            Petition.received_on, Petition.channel, Petition.category, Petition.due_on,
            Petition.closed_on, Petition.reply_satisfaction,
        )
        .where(
            Petition.voided_at.is_null(),
            Petition.received_on <= end,
            Petition.closed_on.is_null() | (Petition.closed_on >= start),
        )
        .order_by(Petition.received_on, Petition.id)
    )
    with storage_errors():
        return [
            PetitionFact(p.received_on, p.channel, p.category, p.due_on, p.closed_on, p.reply_satisfaction)
            for p in query
        ]

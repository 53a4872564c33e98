"""Service-centre counts (為民服務中心服務人數): every counted event.

Counts arrive three ways and end in one table: a key press at a desk (one event), a typed
group (+N), and the month grid, whose typed day totals become adjustments so the day adds
up while the events already recorded are kept. Noon-hour payments (G) carry an amount.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from models.accounts import Role, User, require_role, require_secretary
from models.audit import AccountableModel, audited, require_may_modify, void_record
from models.base import PeriodDate, now, validate_entry_date
from models.db import db, storage_errors
from models.errors import PermissionDenied, ValidationError
from models.labels import HistoryText
from models.numbers import AMOUNT, COUNT, parse_amount, parse_group_size, parse_whole_number
from models.service.categories import ServiceCategory, category_names, payment_category
from models.settings import get_setting
from models.text import invisible_character, plain_input

RECEIPT_MAX_LENGTH = 30

SOURCE_PRESS, SOURCE_GROUP, SOURCE_PAYMENT, SOURCE_GRID = "press", "group", "payment", "grid"
SOURCE_LABELS = {SOURCE_PRESS: "按鍵", SOURCE_GROUP: "一批人", SOURCE_PAYMENT: "收款", SOURCE_GRID: "日誌補登"}
# Who logs noon payments: the duty clerks at the counter and the secretary (the 中午收款 screen).
PAYMENT_ROLES = (Role.DUTY, Role.SECRETARY)


class ServiceEvent(AccountableModel):
    category = peewee.ForeignKeyField(ServiceCategory, backref="+", on_delete="RESTRICT", verbose_name="類別")
    day = peewee.DateField(verbose_name="日期")
    count = peewee.IntegerField(verbose_name="人次")  # 1 per press, N for a group; grid adjustments may be negative
    amount = peewee.BigIntegerField(null=True, verbose_name="金額")  # whole NT$, payments only
    receipt_no = peewee.CharField(max_length=RECEIPT_MAX_LENGTH, null=True, verbose_name="收據號碼")
    source = peewee.CharField(max_length=8, verbose_name="來源", choices=tuple(SOURCE_LABELS.items()))

    def check_void(self) -> None:
        """A desk's event on a day the secretary set stays (that total is hers); no void may
        take a day's 人次 or 金額 below zero (voiding one of her raising adjustments could)."""
        if self.source != SOURCE_GRID:
            _require_day_open(self.category, self.day)
        count, amount = _day_sums(self.day, self.category)
        for label, left in (("人次", count - self.count), ("金額", amount - (self.amount or 0))):
            if left < 0:
                raise ValidationError(
                    f"作廢後這一天「{self.category.name}」的{label}會變成負數（{left:,}），不能作廢；"
                    "請在「日誌補登」修改這一天的合計。"
                )

    history_text = HistoryText(
        "服務紀錄",
        summary=("day", "category", "source", "count", "amount", "receipt_no"),
        numbers=frozenset({"count", "amount"}),
        names={"category": category_names},
    )
    period_date = PeriodDate("day")


# A period's figures read only this index (day first, then category, with the summed columns):
# the cost follows the period's length, not the size of the table. Voided rows are left out
# of it, so the statistics query never touches the table itself.
ServiceEvent.add_index(
    ServiceEvent.index(
        ServiceEvent.day, ServiceEvent.category, ServiceEvent.count, ServiceEvent.amount,
        name="service_event_period",
    ).where(ServiceEvent.voided_at.is_null())
)
# Ctrl+Z finds "my last event" without scanning the day.
ServiceEvent.add_index(
    ServiceEvent.index(ServiceEvent.created_by, ServiceEvent.id, name="service_event_by_user")
)


def category_in_use(category: ServiceCategory) -> bool:
    """Has anything been counted under it? Then it can only be retired, never deleted."""
    with storage_errors():
        return ServiceEvent.select().where(ServiceEvent.category == category).exists()


# Here, not in categories.py: "used" means ServiceEvents exist, and counts.py imports categories.py.
def delete_category(actor: User, category: ServiceCategory) -> None:
    """Only a category nobody has used yet can go; a used one is retired instead."""
    require_secretary(actor)
    with storage_errors(), db.atomic():  # the check and the delete see the same table
        if category_in_use(category):
            raise ValidationError(f"「{category.name}」已經有紀錄，不能刪除；不再使用請改為「停用」。")
        with audited(actor, category, "delete"):
            category.delete_instance()


# --- recording -------------------------------------------------------------------------


def payment_needs_confirmation(amount: int) -> bool:
    return amount > int(get_setting("service.payment_confirm_above"))


def _require_active(category: ServiceCategory) -> ServiceCategory:
    # Read again: the secretary may have retired it since this screen was drawn.
    stored = ServiceCategory.get_by_id(category.id)
    if not stored.active:
        raise ValidationError(f"「{category.name}」已停用，不能再記錄；要補登請先在「類別」中恢復使用。")
    return stored


def _require_may_record(actor: User, category: ServiceCategory, day: dt.date, source: str) -> None:
    """Counts as the stored role and category allow: a desk records its own categories (the
    payment category is the 中午收款 screen's), and only for today. The secretary, who may
    correct anything, may record any category on any day."""
    if source == SOURCE_PAYMENT:
        stored = require_role(actor, *PAYMENT_ROLES, message="中午收款只有輪值與研考可以記錄。")
    else:
        stored = require_role(actor)
        if not stored.is_secretary and stored.role_enum not in category.role_set:
            raise PermissionDenied(f"「{category.name}」不是{stored.role_enum.label}計數的項目，不能記錄。")
    if not stored.is_secretary and day != dt.date.today():
        raise PermissionDenied("只能記錄今天的人次或收款；以前的日子請由研考在「日誌補登」補登。")


def _require_day_open(category: ServiceCategory, day: dt.date) -> None:
    """Once the secretary has typed a day's total of a category in 日誌補登 (a live grid
    adjustment exists), the desks add, undo and void nothing more on it: her total is never
    silently broken, and an undo after her lower total cannot take the day below zero."""
    set_by_secretary = (
        ServiceEvent.select()
        .where(
            ServiceEvent.category == category,
            ServiceEvent.day == day,
            ServiceEvent.source == SOURCE_GRID,
            ServiceEvent.voided_at.is_null(),
        )
        .exists()
    )
    if set_by_secretary:
        raise ValidationError(
            f"研考已在「日誌補登」填好這一天「{category.name}」的合計，櫃台不能再增減；"
            "要更正請研考在「日誌補登」修改這一格。"
        )


def _record(actor: User, category: ServiceCategory, day: dt.date, count: int, source: str, amount: int | None = None, receipt_no: str | None = None) -> ServiceEvent:
    validate_entry_date(day, "日期")
    event = ServiceEvent(
        category=category, day=day, count=count, amount=amount, receipt_no=receipt_no, source=source, created_by=actor
    )
    with storage_errors(), db.atomic():
        _require_may_record(actor, _require_active(category), day, source)
        _require_day_open(category, day)
        with audited(actor, event, "insert"):
            event.save(force_insert=True)
    return event


def record_press(actor: User, category: ServiceCategory, when: dt.datetime | None = None) -> ServiceEvent:
    """One key press at a desk: one person served, now."""
    return _record(actor, category, (when or now()).date(), 1, SOURCE_PRESS)


def record_group(actor: User, category: ServiceCategory, size: int | str, day: dt.date | None = None) -> ServiceEvent:
    return _record(actor, category, day or dt.date.today(), parse_group_size(size), SOURCE_GROUP)


def _checked_receipt(receipt_no: str) -> str:
    """A number copied from the paper receipt: digits 0–9 only, nothing invisible."""
    receipt_no = plain_input(receipt_no, label="收據號碼", max_length=RECEIPT_MAX_LENGTH, field="receipt_no")
    if (ch := invisible_character(receipt_no)) is not None:
        raise ValidationError(f"收據號碼裡有看不見的字元（U+{ord(ch):04X}），請刪除後重新輸入。", field="receipt_no")
    return receipt_no


def record_payment(actor: User, amount: int | str, receipt_no: str = "", day: dt.date | None = None) -> ServiceEvent:
    """A noon-hour payment: one person (人次) and its amount (金額)."""
    amount = parse_amount(amount)
    receipt_no = _checked_receipt(receipt_no)
    return _record(actor, payment_category(), day or dt.date.today(), 1, SOURCE_PAYMENT, amount, receipt_no or None)


def correct_payment(actor: User, event: ServiceEvent, amount: int | str, receipt_no: str = "", today: dt.date | None = None) -> ServiceEvent:
    if event.source != SOURCE_PAYMENT:
        raise ValidationError("只有收款紀錄可以修改金額與收據號碼。")
    require_role(actor, *PAYMENT_ROLES, message="中午收款只有輪值與研考可以修改。")
    require_may_modify(actor, event, today)
    if event.is_voided:
        raise ValidationError("已作廢的收款不能修改。")
    amount = parse_amount(amount)
    receipt_no = _checked_receipt(receipt_no)
    with audited(actor, event, "update"):
        _require_day_open(event.category, event.day)
        event.amount, event.receipt_no = amount, receipt_no or None
        event.save()
    return event


def undo_last(actor: User, day: dt.date | None = None) -> ServiceEvent | None:
    """Ctrl+Z at a counter: void this user's latest live press or group of the day."""
    require_role(actor)
    day = day or dt.date.today()
    with storage_errors():
        event = (
            ServiceEvent.select()
            .where(
                ServiceEvent.created_by == actor,
                ServiceEvent.day == day,
                ServiceEvent.voided_at.is_null(),
                ServiceEvent.source.in_([SOURCE_PRESS, SOURCE_GROUP]),
            )
            .order_by(ServiceEvent.id.desc())
            .first()
        )
    if event is not None:
        # The same-day rule is about when it was keyed in (today), not the day it counts for.
        void_record(actor, event, "按 Ctrl+Z 取消誤按")
    return event


def _day_sums(day: dt.date, category: ServiceCategory) -> tuple[int, int]:
    count, amount = (
        ServiceEvent.select(peewee.fn.COALESCE(peewee.fn.SUM(ServiceEvent.count), 0), peewee.fn.COALESCE(peewee.fn.SUM(ServiceEvent.amount), 0))
        .where(ServiceEvent.day == day, ServiceEvent.category == category, ServiceEvent.voided_at.is_null())
        .tuples()
        .get()
    )
    return int(count), int(amount)


def set_day_total(actor: User, category: ServiceCategory, day: dt.date, total: int | str, today: dt.date | None = None) -> ServiceEvent | None:
    """The month grid: make the day's 人次 add up to what was typed, keeping the recorded events."""
    return _adjust_day(actor, category, day, parse_whole_number(total, COUNT, allow_zero=True), "count", today)


def set_day_amount(actor: User, category: ServiceCategory, day: dt.date, total: int | str, today: dt.date | None = None) -> ServiceEvent | None:
    """The month grid's 金額 column: an amount adjustment (0 人次) so the day's money adds up."""
    if not category.has_amount:
        raise ValidationError(f"「{category.name}」沒有金額。")
    return _adjust_day(actor, category, day, parse_whole_number(total, AMOUNT, allow_zero=True), "amount", today)


def _adjust_day(actor: User, category: ServiceCategory, day: dt.date, total: int, column: str, today: dt.date | None) -> ServiceEvent | None:
    """Record the difference between the typed day total and what is stored; None if none."""
    require_secretary(actor)
    validate_entry_date(day, "日期", today)
    with storage_errors(), db.atomic():
        _require_active(category)
        count, amount = _day_sums(day, category)
        stored = count if column == "count" else amount
        if total == stored:
            return None
        difference = total - stored
        event = ServiceEvent(
            category=category, day=day, source=SOURCE_GRID, created_by=actor,
            count=difference if column == "count" else 0,
            amount=difference if column == "amount" else None,
        )
        with audited(actor, event, "insert"):
            event.save(force_insert=True)
    return event


# --- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryTotal:
    count: int
    amount: int


def period_totals(start: dt.date, end: dt.date) -> dict[int, CategoryTotal]:
    """人次 and 金額 per category id for [start, end], voided events left out (one indexed scan)."""
    with storage_errors():
        rows = (
            ServiceEvent.select(
                ServiceEvent.category,
                peewee.fn.SUM(ServiceEvent.count),
                peewee.fn.COALESCE(peewee.fn.SUM(ServiceEvent.amount), 0),
            )
            .where(ServiceEvent.day.between(start, end), ServiceEvent.voided_at.is_null())
            .group_by(ServiceEvent.category)
            .tuples()
        )
        return {category_id: CategoryTotal(int(count), int(amount)) for category_id, count, amount in rows}


def day_totals(start: dt.date, end: dt.date) -> dict[tuple[dt.date, int], CategoryTotal]:
    """人次 and 金額 per (day, category id): the month grid's cells."""
    with storage_errors():
        rows = (
            ServiceEvent.select(
                ServiceEvent.day,
                ServiceEvent.category,
                peewee.fn.SUM(ServiceEvent.count),
                peewee.fn.COALESCE(peewee.fn.SUM(ServiceEvent.amount), 0),
            )
            .where(ServiceEvent.day.between(start, end), ServiceEvent.voided_at.is_null())
            .group_by(ServiceEvent.day, ServiceEvent.category)
            .tuples()
        )
        return {
            (_as_date(day), category_id): CategoryTotal(int(count), int(amount))
            for day, category_id, count, amount in rows
        }


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def today_events(actor: User | None, category: ServiceCategory, day: dt.date | None = None) -> list[ServiceEvent]:
    """A day's events of one category (the payment list); everyone's when actor is None. Who
    typed each is read in the same query (``event.created_by.name`` asks nothing more)."""
    query = (
        ServiceEvent.select(ServiceEvent, User.id, User.name)
        .join(User, on=ServiceEvent.created_by)
        .where(ServiceEvent.category == category, ServiceEvent.day == (day or dt.date.today()))
    )
    if actor is not None:
        query = query.where(ServiceEvent.created_by == actor)
    with storage_errors():
        return list(query.order_by(ServiceEvent.id))

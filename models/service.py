"""Service-centre counts (為民服務中心服務人數): categories as data, and every counted event.

Counts arrive three ways and end in one table: a key press at a desk (one event), a typed
group (+N), and the month grid, whose typed day totals become adjustments so the day adds
up while the events already recorded are kept. Noon-hour payments (G) carry an amount.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import peewee

from models.audit import AccountableModel, audited, require_may_modify, void_record
from models.base import BaseModel, now, unique_name, validate_entry_date
from models.db import db, storage_errors
from models.errors import PermissionDenied, ValidationError
from models.settings import get_setting
from models.text import invisible_character, is_ascii_number, plain_input
from models.users import Role, User, require_role, require_secretary

MAX_GROUP = 500  # a +N larger than this is a typing slip, not a group of visitors
MAX_DAY_TOTAL = 100_000
MAX_AMOUNT = 100_000_000  # NT$ for one payment or one day's typed amount
NAME_MAX_LENGTH = 40
RECEIPT_MAX_LENGTH = 30

SOURCE_PRESS, SOURCE_GROUP, SOURCE_PAYMENT, SOURCE_GRID = "press", "group", "payment", "grid"

# SPEC §2.2, in the reference's order: (code, name, has_amount, roles that see it on a counter).
STANDARD_CATEGORIES = (
    ("A", "總機電話服務", False, (Role.OPERATOR,)),
    ("B", "受理現場查詢案件", False, (Role.OPERATOR, Role.DUTY)),
    ("C", "服務中心導引民眾", False, (Role.OPERATOR, Role.VOLUNTEER)),
    ("D", "停車導引及管制服務", False, (Role.OPERATOR,)),
    ("E", "查封車看車服務", False, (Role.OPERATOR,)),
    ("F", "其他服務(殘障人士服務)", False, (Role.OPERATOR, Role.VOLUNTEER)),
    ("G", "中午輪值不打烊收款", True, (Role.DUTY,)),
    ("H", "現場受理收文", False, (Role.DUTY,)),
    ("I", "志工導引", False, (Role.VOLUNTEER,)),
)
TOTAL_CODE, TOTAL_NAME = "J", "總計服務人數"
# Who logs noon payments: the duty clerks at the counter and the secretary (the 中午收款 screen).
PAYMENT_ROLES = (Role.DUTY, Role.SECRETARY)


class ServiceCategory(BaseModel):
    code = peewee.CharField(max_length=8, unique=True)
    name = peewee.CharField(max_length=NAME_MAX_LENGTH, unique=True)
    position = peewee.IntegerField()
    has_amount = peewee.BooleanField(default=False)
    roles = peewee.CharField(max_length=80, default="")  # comma-separated Role values
    shortcut = peewee.CharField(max_length=1, null=True)  # the counter key shown on the button
    active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=now)

    @property
    def role_set(self) -> set[Role]:
        return {Role(r) for r in self.roles.split(",") if r}


class ServiceEvent(AccountableModel):
    category = peewee.ForeignKeyField(ServiceCategory, backref="+", on_delete="RESTRICT")
    day = peewee.DateField()
    count = peewee.IntegerField()  # 1 per press, N for a group; grid adjustments may be negative
    amount = peewee.BigIntegerField(null=True)  # whole NT$, payments only
    receipt_no = peewee.CharField(max_length=RECEIPT_MAX_LENGTH, null=True)
    source = peewee.CharField(max_length=8)


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


# --- categories ------------------------------------------------------------------------


def seed_standard_categories() -> None:
    for position, (code, name, has_amount, roles) in enumerate(STANDARD_CATEGORIES, start=1):
        ServiceCategory.create(
            code=code, name=name, position=position, has_amount=has_amount,
            roles=",".join(roles),
            shortcut=None if has_amount else code,  # payments have their own screen, not a key
        )


def categories(include_retired: bool = False) -> list[ServiceCategory]:
    query = ServiceCategory.select().order_by(ServiceCategory.position, ServiceCategory.id)
    with storage_errors():
        return list(query if include_retired else query.where(ServiceCategory.active))


def counter_categories(role: Role) -> list[ServiceCategory]:
    """What a role taps on its counter (payments have their own screen)."""
    return [c for c in categories() if role in c.role_set and not c.has_amount]


def payment_category() -> ServiceCategory:
    found = [c for c in categories() if c.has_amount]
    if not found:
        raise ValidationError("沒有設定收款類別（中午輪值不打烊收款）；請研考在「類別」中設定。")
    return found[0]


def _validate_category_fields(name: str, shortcut: str, roles: Iterable[Role | str], exclude_id: int | None) -> tuple[str, str | None, str]:
    name = unique_name(
        ServiceCategory.name, name, label="類別名稱", max_length=NAME_MAX_LENGTH, exclude_id=exclude_id,
        clash="已經有「{name}」這個類別了。",
    )
    shortcut = (shortcut or "").strip().upper()
    # Letters only: at a counter, digits are how a group (+N) is typed.
    if shortcut and (len(shortcut) != 1 or not (shortcut.isascii() and shortcut.isalpha())):
        raise ValidationError("按鍵請用一個英文字母（數字留給「一批人」用）。", field="shortcut")
    if shortcut:
        taken = ServiceCategory.select().where(ServiceCategory.shortcut == shortcut, ServiceCategory.active)
        if exclude_id is not None:
            taken = taken.where(ServiceCategory.id != exclude_id)
        owner = taken.first()
        if owner is not None:
            raise ValidationError(f"按鍵「{shortcut}」已經給「{owner.name}」用了，請換一個。", field="shortcut")
    try:
        role_values = sorted({Role(r).value for r in roles}, key=[r.value for r in Role].index)
    except ValueError:
        raise ValidationError("角色不正確。", field="roles") from None
    return name, shortcut or None, ",".join(role_values)


def _next_code() -> str:
    used = {c.code for c in ServiceCategory.select(ServiceCategory.code)}
    # J is the computed total; new categories continue after it.
    for code in "KLMNOPQRSTUVWXYZ":
        if code not in used:
            return code
    return f"X{ServiceCategory.select().count() + 1}"


def add_category(actor: User, name: str, *, roles: Iterable[Role | str] = (), shortcut: str = "", has_amount: bool = False) -> ServiceCategory:
    require_secretary(actor)
    with storage_errors(), db.atomic():
        name, key, role_text = _validate_category_fields(name, shortcut, roles, None)
        position = (ServiceCategory.select(peewee.fn.MAX(ServiceCategory.position)).scalar() or 0) + 1
        category = ServiceCategory(
            code=_next_code(), name=name, position=position, has_amount=has_amount, roles=role_text, shortcut=key
        )
        with audited(actor, category, "insert"):
            category.save(force_insert=True)
    return category


def update_category(actor: User, category: ServiceCategory, *, name: str, roles: Iterable[Role | str], shortcut: str, active: bool) -> ServiceCategory:
    """Rename, change who sees it and its key, retire or bring back. Never deleted."""
    require_secretary(actor)
    with storage_errors(), db.atomic():
        name, key, role_text = _validate_category_fields(name, shortcut, roles, category.id)
        with audited(actor, category, "update"):
            category.name, category.shortcut, category.roles, category.active = name, key, role_text, active
            category.save()
    return category


def move_category(actor: User, category: ServiceCategory, step: int) -> None:
    """Swap with the neighbour above (step -1) or below (+1) in the printed order."""
    require_secretary(actor)
    with storage_errors(), db.atomic():
        ordered = categories(include_retired=True)
        index = [c.id for c in ordered].index(category.id)
        other_index = index + step
        if not 0 <= other_index < len(ordered):
            return
        # The stored rows, not the caller's copy: another PC may have reordered meanwhile.
        this, other = ordered[index], ordered[other_index]
        mine, theirs = this.position, other.position
        if mine == theirs:  # repair ties so the swap means something
            mine, theirs = index + 1, other_index + 1
        for record, position in ((this, theirs), (other, mine)):
            with audited(actor, record, "update"):
                record.position = position
                record.save()


def category_in_use(category: ServiceCategory) -> bool:
    """Has anything been counted under it? Then it can only be retired, never deleted."""
    with storage_errors():
        return ServiceEvent.select().where(ServiceEvent.category == category).exists()


def delete_category(actor: User, category: ServiceCategory) -> None:
    """Only a category nobody has used yet can go; a used one is retired instead."""
    require_secretary(actor)
    with storage_errors(), db.atomic():  # the check and the delete see the same table
        if category_in_use(category):
            raise ValidationError(f"「{category.name}」已經有紀錄，不能刪除；不再使用請改為「停用」。")
        with audited(actor, category, "delete"):
            category.delete_instance()


# --- recording -------------------------------------------------------------------------


# "1,500" and "1,234,567": commas only as thousands separators. "1,2,3" is a slip, not 123.
_GROUPED_DIGITS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
NUMBER_MAX_LENGTH = 30  # "NT$ 100,000,000 元" with room to spare; longer is a paste, not a number


def _without_separators(text: str) -> str | None:
    """The text without thousands separators; None when they are digits with a comma out of place."""
    bare = text.replace(",", "")
    if bare != text and is_ascii_number(bare) and not _GROUPED_DIGITS.fullmatch(text):
        return None
    return bare


@dataclass(frozen=True)
class NumberKind:
    """How one kind of typed whole number is named and bounded in messages."""

    label: str  # 人次, 金額
    unit: str  # shown after the number: "" or " 元"
    maximum: int
    field: str
    not_whole: str  # the message for decimals, signs and letters


COUNT = NumberKind("人次", "", MAX_DAY_TOTAL, "count", "人次請輸入整數，不要有小數點或正負號。")
GROUP = NumberKind("人次", "", MAX_GROUP, "count", COUNT.not_whole)
AMOUNT = NumberKind("金額", " 元", MAX_AMOUNT, "amount", "金額請輸入整數元，不要有小數點或其他符號。")


def parse_whole_number(value: int | str, kind: NumberKind, *, allow_zero: bool = False) -> int:
    """A count or an amount as typed: "1,500" and "1500" are the same; decimals, signs and
    misplaced commas are refused with a message that names what was expected."""
    if isinstance(value, str):
        text = plain_input(value, label=kind.label, max_length=NUMBER_MAX_LENGTH, field=kind.field)
        text = text.removeprefix("NT$").removesuffix("元").strip()
        if not text:
            raise ValidationError(f"請輸入{kind.label}。", field=kind.field)
        text = _without_separators(text)
        if text is None:
            raise ValidationError(
                f"{kind.label}的逗號位置不對（千分位是每三位一個，例如 1,500），請確認是否打錯。", field=kind.field
            )
        if not is_ascii_number(text):
            raise ValidationError(kind.not_whole, field=kind.field)
        value = int(text)
    if value < 0 or (value == 0 and not allow_zero):
        message = f"{kind.label}不能是負數。" if allow_zero else f"{kind.label}必須大於 0{kind.unit}。"
        raise ValidationError(message, field=kind.field)
    if value > kind.maximum:
        raise ValidationError(f"{kind.label}最多 {kind.maximum:,}{kind.unit}，請確認是否打錯。", field=kind.field)
    return value


def parse_amount(value: int | str, *, allow_zero: bool = False) -> int:
    return parse_whole_number(value, AMOUNT, allow_zero=allow_zero)


def parse_group_size(value: int | str) -> int:
    return parse_whole_number(value, GROUP)


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


def _record(actor: User, category: ServiceCategory, day: dt.date, count: int, source: str, amount: int | None = None, receipt_no: str | None = None) -> ServiceEvent:
    validate_entry_date(day, "日期")
    event = ServiceEvent(
        category=category, day=day, count=count, amount=amount, receipt_no=receipt_no, source=source, created_by=actor
    )
    with storage_errors(), db.atomic():
        _require_may_record(actor, _require_active(category), day, source)
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
    """A day's events of one category (the payment list); everyone's when actor is None."""
    query = ServiceEvent.select().where(ServiceEvent.category == category, ServiceEvent.day == (day or dt.date.today()))
    if actor is not None:
        query = query.where(ServiceEvent.created_by == actor)
    with storage_errors():
        return list(query.order_by(ServiceEvent.id))

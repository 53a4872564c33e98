"""Service-centre categories (服務項目) as data: the standard nine of SPEC §2.2, and the
secretary's own, each with its counter key and the roles whose counter shows it."""
from __future__ import annotations

from collections.abc import Iterable

import peewee

from models.accounts import ROLE_CHOICES, Role, User, require_secretary
from models.audit import audited
from models.base import BaseModel, now, unique_name
from models.db import db, storage_errors
from models.errors import ValidationError
from models.labels import HistoryText

NAME_MAX_LENGTH = 40

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


class ServiceCategory(BaseModel):
    code = peewee.CharField(max_length=8, unique=True, verbose_name="代碼")
    name = peewee.CharField(max_length=NAME_MAX_LENGTH, unique=True, verbose_name="名稱")
    position = peewee.IntegerField(verbose_name="順序")
    has_amount = peewee.BooleanField(default=False, verbose_name="有金額")
    roles = peewee.CharField(max_length=80, default="", verbose_name="角色", choices=ROLE_CHOICES)  # comma-separated roles
    shortcut = peewee.CharField(max_length=1, null=True, verbose_name="按鍵")  # the counter key shown on the button
    active = peewee.BooleanField(default=True, verbose_name="使用中")
    created_at = peewee.DateTimeField(default=now, verbose_name="建立時間")

    history_text = HistoryText(
        "服務類別",
        summary=("code", "name", "shortcut", "roles", "has_amount", "active"),
        word_lists=frozenset({"roles"}),
    )

    @property
    def role_set(self) -> set[Role]:
        return {Role(r) for r in self.roles.split(",") if r}


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


def category_names() -> dict[int, str]:
    """Every category, retired ones too, as 「G 中午輪值不打烊收款」 by id (what a history shows)."""
    return {category.id: f"{category.code} {category.name}" for category in categories(include_retired=True)}


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

"""People at the desks, their roles and the PIN that guards the secretary's work."""
from __future__ import annotations

import enum
import hashlib
import hmac
import os
import re
import unicodedata

import peewee

from models.base import BaseModel, now, unique_name
from models.db import db, storage_errors
from models.errors import PermissionDenied, ValidationError


class Role(enum.StrEnum):
    VOLUNTEER = "volunteer"
    OPERATOR = "operator"
    DUTY = "duty"
    SECRETARY = "secretary"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.VOLUNTEER: "志工",
    Role.OPERATOR: "總機",
    Role.DUTY: "輪值",
    Role.SECRETARY: "研考",
}

NAME_MAX_LENGTH = 20
PIN_PATTERN = re.compile(r"[0-9]{4,8}")
# scrypt from the standard library: slow on purpose, so a copied database file does not
# give away short numeric PINs in seconds.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class User(BaseModel):
    name = peewee.CharField(max_length=NAME_MAX_LENGTH, unique=True)
    role = peewee.CharField(max_length=16)
    pin_hash = peewee.CharField(max_length=200, null=True)
    active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=now)
    created_by = peewee.ForeignKeyField("self", null=True, backref="+", on_delete="RESTRICT")

    class Meta:
        table_name = "app_user"  # "user" is a reserved word in PostgreSQL

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_secretary(self) -> bool:
        return self.role == Role.SECRETARY

    @property
    def display_name(self) -> str:
        return f"{self.name}（{self.role_enum.label}）"

    def snapshot(self) -> dict[str, object]:
        picture = super().snapshot()
        # Never copy the hash around; a short fingerprint of it still shows when a PIN changed.
        fingerprint = hashlib.sha256(self.pin_hash.encode()).hexdigest()[:6] if self.pin_hash else ""
        picture["pin_hash"] = f"（已設定 #{fingerprint}）" if self.pin_hash else None
        return picture


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(
        pin.encode(), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(digest.hex(), digest_hex)


def validate_name(name: str, *, exclude_id: int | None = None) -> str:
    return unique_name(
        User.name, name, label="姓名", max_length=NAME_MAX_LENGTH, exclude_id=exclude_id,
        clash="已經有名為「{name}」的使用者，請加上區別（例如姓氏或編號）。",
    )


def normalise_pin(pin: str) -> str:
    """Full-width digits from a Chinese input method are the same PIN as ASCII ones."""
    return unicodedata.normalize("NFKC", pin or "").strip()


def validate_pin(pin: str, confirm: str | None = None) -> str:
    pin = normalise_pin(pin)
    confirm = normalise_pin(confirm) if confirm is not None else None
    if not PIN_PATTERN.fullmatch(pin or ""):
        raise ValidationError("PIN 必須是 4 到 8 位數字。", field="pin")
    if confirm is not None and pin != confirm:
        raise ValidationError("兩次輸入的 PIN 不一樣，請重新輸入。", field="pin_confirm")
    return pin


def has_users() -> bool:
    return User.select().exists()


def users(include_retired: bool = False) -> list[User]:
    """Active first, then by role in the order the desk knows them, then by name."""
    order = peewee.Case(User.role, [(role.value, i) for i, role in enumerate(Role)], len(Role))
    query = User.select().order_by(User.active.desc(), order, User.name)
    with storage_errors():
        return list(query if include_retired else query.where(User.active))


def active_users() -> list[User]:
    return users()


def create_first_secretary(name: str, pin: str, confirm: str) -> User:
    """The very first user: a secretary (研考), who then adds everyone else."""
    from models.audit import audited

    with storage_errors(), db.atomic():
        if has_users():
            raise PermissionDenied("已經有使用者了；新增使用者請由研考登入後辦理。")
        name = validate_name(name)
        user = User(name=name, role=Role.SECRETARY, pin_hash=hash_pin(validate_pin(pin, confirm)))
        with audited(None, user, "insert"):
            user.save(force_insert=True)
    return user


def create_user(actor: User, name: str, role: Role | str, pin: str = "", confirm: str = "") -> User:
    from models.audit import audited

    require_secretary(actor)
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError("請選擇角色。", field="role") from None
    with storage_errors(), db.atomic():
        name = validate_name(name)
        pin_hash = None
        if role == Role.SECRETARY:
            pin_hash = hash_pin(validate_pin(pin, confirm))
        user = User(name=name, role=role, pin_hash=pin_hash, created_by=actor)
        with audited(actor, user, "insert"):
            user.save(force_insert=True)
    return user


def update_user(
    actor: User, user: User, *, name: str, role: Role | str, active: bool, pin: str = "", confirm: str = ""
) -> User:
    """Rename, change role, retire or reactivate; a new PIN only when one is typed."""
    from models.audit import audited

    require_secretary(actor)
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError("請選擇角色。", field="role") from None
    with storage_errors(), db.atomic():
        name = validate_name(name, exclude_id=user.id)
        if user.id == actor.id and (not active or role != Role.SECRETARY):
            raise ValidationError("不能停用自己或取消自己的研考身分，請由另一位研考辦理。", field="role")
        if user.is_secretary and (not active or role != Role.SECRETARY) and _other_secretaries(user) == 0:
            raise ValidationError("至少要保留一位可以使用的研考。", field="role")
        # Check a new PIN before touching ``user``, so a refusal leaves the caller's object as stored.
        pin_hash = user.pin_hash if role == Role.SECRETARY else None
        if role == Role.SECRETARY and (pin or not user.pin_hash):
            pin_hash = hash_pin(validate_pin(pin, confirm))
        with audited(actor, user, "update"):
            user.name, user.role, user.active, user.pin_hash = name, role, active, pin_hash
            user.save()
    return user


def _other_secretaries(user: User) -> int:
    return (
        User.select()
        .where(User.role == Role.SECRETARY, User.active, User.id != user.id)
        .count()
    )


def check_pin(user: User, pin: str) -> None:
    stored = User.get_or_none(User.id == user.id)  # the PIN may have changed on another PC
    if stored is None or not stored.active or not pin_matches(normalise_pin(pin), stored.pin_hash):
        raise PermissionDenied("PIN 不正確，請再試一次。", field="pin")


def current_user(actor: User) -> User:
    """The user as stored now: a secretary may have retired them or changed their role on
    another PC since they logged in here, and what they may do follows the stored record."""
    with storage_errors():
        stored = User.get_or_none(User.id == actor.id)
    if stored is None or not stored.active:
        raise PermissionDenied(f"「{actor.name}」已停用，不能再輸入或修改資料；請按「換人」。")
    return stored


def require_secretary(actor: User | None) -> None:
    if actor is None or not current_user(actor).is_secretary:
        raise PermissionDenied("這項工作需要研考登入。")

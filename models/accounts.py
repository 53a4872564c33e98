"""Who is at the desk: users, their roles, the PIN that guards the secretary's work, and
the one permission check every domain function makes. Nothing here writes the audit trail,
so the audit trail can name its users (``models.users`` does the administration)."""
from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import math
import os

import peewee

from models.base import BaseModel, PreparedQuery, now
from models.db import storage_errors
from models.errors import PermissionDenied, ValidationError
from models.labels import HistoryText
from models.text import fold_width, is_ascii_number


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
ROLE_CHOICES = tuple((role.value, label) for role, label in ROLE_LABELS.items())  # a role column's words

NAME_MAX_LENGTH = 20
# New PINs: 6 to 12 digits. PINs set before version 4 may have 4 or 5; they still open, and
# the secretary is asked on every login to choose a longer one (Login.notices).
PIN_MIN_LENGTH, PIN_MAX_LENGTH = 6, 12
PIN_RULE = f"PIN 必須是 {PIN_MIN_LENGTH} 到 {PIN_MAX_LENGTH} 位數字。"
# Wrong PINs (counted in the user's row, so a restart or another PC does not forget them):
# the first FREE_PIN_ATTEMPTS cost nothing; then each wrong PIN doubles the wait before the
# next try (15 s, 30 s, 1 min … 16 min); from LOCK_AFTER on, the account is locked for
# LOCK_MINUTES after every wrong PIN, or until another 研考 unlocks it. The lock is always
# timed, so the last secretary is never shut out for good.
FREE_PIN_ATTEMPTS = 3
FIRST_WAIT_SECONDS = 15
LOCK_AFTER = 10
LOCK_MINUTES = 30
# scrypt from the standard library: slow on purpose, so a copied database file does not
# give away short numeric PINs in seconds.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class User(BaseModel):
    name = peewee.CharField(max_length=NAME_MAX_LENGTH, unique=True, verbose_name="姓名")
    role = peewee.CharField(max_length=16, verbose_name="角色", choices=ROLE_CHOICES)
    pin_hash = peewee.CharField(max_length=200, null=True, verbose_name="PIN")
    active = peewee.BooleanField(default=True, verbose_name="使用中")
    created_at = peewee.DateTimeField(default=now, verbose_name="建立時間")
    created_by = peewee.ForeignKeyField("self", null=True, backref="+", on_delete="RESTRICT", verbose_name="建立者")
    pin_failures = peewee.IntegerField(default=0, verbose_name="PIN 連續錯誤次數")  # since the last right PIN
    pin_failed_at = peewee.DateTimeField(null=True, verbose_name="最近一次 PIN 錯誤")
    # told at the next login
    pin_failures_since_login = peewee.IntegerField(default=0, verbose_name="上次登入後 PIN 錯誤次數")

    history_text = HistoryText("使用者", summary=("name", "role", "active"))

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


def normalise_pin(pin: str | None) -> str:
    """Full-width digits from a Chinese input method are the same PIN as ASCII ones."""
    return fold_width(pin or "").strip()


def validate_pin(pin: str, confirm: str | None = None) -> str:
    """A new PIN: 6 to 12 digits 0–9 (full-width ones count), typed the same twice."""
    pin = normalise_pin(pin)
    confirm = normalise_pin(confirm) if confirm is not None else None
    if not (is_ascii_number(pin) and PIN_MIN_LENGTH <= len(pin) <= PIN_MAX_LENGTH):
        raise ValidationError(PIN_RULE, field="pin")
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


class PinRequired(PermissionDenied):
    """This user is a 研考 (as stored now, in ``user``): the PIN must be typed."""

    user: User


class PinWait(PermissionDenied):
    """Too many wrong PINs: no PIN is checked until ``seconds`` have passed."""

    def __init__(self, message: str, seconds: int, locked: bool) -> None:
        super().__init__(message, field="pin")
        self.seconds, self.locked = seconds, locked


def pin_wait_seconds(failures: int) -> int:
    """How long after the last of ``failures`` wrong PINs the next try is refused."""
    if failures < FREE_PIN_ATTEMPTS:
        return 0
    if failures >= LOCK_AFTER:
        return LOCK_MINUTES * 60
    return FIRST_WAIT_SECONDS * 2 ** (failures - FREE_PIN_ATTEMPTS)


def pin_wait_remaining(user: User, at: dt.datetime | None = None) -> int:
    """Whole seconds until ``user`` may try a PIN again (0: now). A clock set back never makes
    the wait longer than the policy's."""
    wait = pin_wait_seconds(user.pin_failures or 0)
    if not wait or user.pin_failed_at is None:
        return 0
    elapsed = max(((at or now()) - user.pin_failed_at).total_seconds(), 0)
    return max(math.ceil(wait - elapsed), 0)


def pin_is_locked(user: User, at: dt.datetime | None = None) -> bool:
    return (user.pin_failures or 0) >= LOCK_AFTER and pin_wait_remaining(user, at) > 0


# --- who may do what -------------------------------------------------------------------


# Read for every change anyone makes (twice for a saved form: before and inside its transaction).
_STORED = PreparedQuery(lambda user_id: User.select().where(User.id == user_id).limit(1))


def current_user(actor: User) -> User:
    """The user as stored now: a secretary may have retired them or changed their role on
    another PC since they logged in here, and what they may do follows the stored record."""
    with storage_errors():
        stored = _STORED.first(actor.id)
    if stored is None or not stored.active:
        raise PermissionDenied(f"「{actor.name}」已停用，不能再輸入或修改資料；請按「換人」。")
    return stored


def require_role(actor: User | None, *roles: Role, message: str = "") -> User:
    """The one permission check of every domain function: ``actor`` as stored now, active
    and (when ``roles`` are given) holding one of them. Returns the stored user."""
    if actor is None:
        raise PermissionDenied("請先在開始畫面選擇使用者。")
    stored = current_user(actor)
    if roles and stored.role not in {role.value for role in roles}:
        raise PermissionDenied(message or f"這項工作只有{'、'.join(role.label for role in roles)}可以做。")
    return stored


def require_secretary(actor: User | None) -> User:
    return require_role(actor, Role.SECRETARY, message="這項工作需要研考登入。")

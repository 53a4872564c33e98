"""People at the desks, their roles and the PIN that guards the secretary's work."""
from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import math
import os
from dataclasses import dataclass

import peewee

from models.base import BaseModel, now, unique_name
from models.db import db, storage_errors
from models.errors import PermissionDenied, ValidationError
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
    name = peewee.CharField(max_length=NAME_MAX_LENGTH, unique=True)
    role = peewee.CharField(max_length=16)
    pin_hash = peewee.CharField(max_length=200, null=True)
    active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=now)
    created_by = peewee.ForeignKeyField("self", null=True, backref="+", on_delete="RESTRICT")
    pin_failures = peewee.IntegerField(default=0)  # wrong PINs since the last right one
    pin_failed_at = peewee.DateTimeField(null=True)
    pin_failures_since_login = peewee.IntegerField(default=0)  # told at the next login

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
        stored = User.stored(user.id)  # the rules follow what is stored, not the caller's copy
        if stored.is_secretary and (not active or role != Role.SECRETARY) and _other_secretaries(user) == 0:
            raise ValidationError("至少要保留一位可以使用的研考。", field="role")
        # Check a new PIN before touching ``user``, so a refusal leaves the caller's object as stored.
        pin_hash = stored.pin_hash if role == Role.SECRETARY else None
        if role == Role.SECRETARY and (pin or not stored.pin_hash):
            pin_hash = hash_pin(validate_pin(pin, confirm))
        with audited(actor, user, "update"):
            if pin_hash != stored.pin_hash:  # a new PIN (or none): the old one's wrong guesses are moot
                user.pin_failures, user.pin_failed_at = 0, None
            user.name, user.role, user.active, user.pin_hash = name, role, active, pin_hash
            user.save()
    return user


def _other_secretaries(user: User) -> int:
    return (
        User.select()
        .where(User.role == Role.SECRETARY, User.active, User.id != user.id)
        .count()
    )


# --- logging in ------------------------------------------------------------------------


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


def _wait_message(user: User, at: dt.datetime | None) -> PinWait | None:
    seconds = pin_wait_remaining(user, at)
    if not seconds:
        return None
    if user.pin_failures >= LOCK_AFTER:
        until = (at or now()) + dt.timedelta(seconds=seconds)
        return PinWait(
            f"「{user.name}」的 PIN 已經連續錯誤 {user.pin_failures} 次，暫時鎖定到 {until:%H:%M}"
            f"（還有 {math.ceil(seconds / 60)} 分鐘）；也可以請另一位研考在「使用者」解除鎖定。",
            seconds,
            locked=True,
        )
    return PinWait(f"PIN 已經連續錯誤 {user.pin_failures} 次，請等 {seconds} 秒後再試。", seconds, locked=False)


@dataclass(frozen=True)
class Login:
    """Who came in (as stored at that moment) and what they should be told first."""

    user: User
    failures_since_last_login: int = 0
    old_short_pin: bool = False

    @property
    def notices(self) -> list[str]:
        lines = []
        if self.failures_since_last_login:
            lines.append(f"自上次登入以來 PIN 錯誤 {self.failures_since_last_login} 次；若不是您打錯，請留意有人試猜 PIN。")
        if self.old_short_pin:
            lines.append(f"您的 PIN 少於 {PIN_MIN_LENGTH} 位數，請到「使用者」改成 {PIN_MIN_LENGTH} 到 {PIN_MAX_LENGTH} 位數字的新 PIN。")
        return lines


def log_in(user: User, pin: str | None = None, *, at: dt.datetime | None = None) -> Login:
    """Let ``user`` in with the role and PIN stored now, not those of the button pressed.

    A 研考 without ``pin`` raises PinRequired; while wrong PINs make them wait, no PIN is
    looked at (PinWait says for how long); each wrong PIN is counted in the user's row and
    audited (who was tried and when; never what was typed).
    """
    with storage_errors():
        stored = User.get_or_none(User.id == user.id)
    if stored is None or not stored.active:
        raise PermissionDenied(f"「{user.name}」已停用，不能再登入；畫面已重新整理。")
    if not stored.is_secretary:
        return Login(stored)
    if (waiting := _wait_message(stored, at)) is not None:
        raise waiting
    if pin is None:
        required = PinRequired(f"{stored.name}是研考，請輸入 PIN。", field="pin")
        required.user = stored
        raise required
    pin = normalise_pin(pin)
    if not pin:
        raise PermissionDenied("請輸入 PIN。", field="pin")
    if not is_ascii_number(pin) or len(pin) > PIN_MAX_LENGTH:
        # Cannot be anyone's PIN: a slip of the keyboard, not a guess, so it is not counted.
        raise PermissionDenied(f"PIN 只有數字 0 到 9（最多 {PIN_MAX_LENGTH} 位），請重新輸入。", field="pin")
    if not pin_matches(pin, stored.pin_hash):
        stored = _count_wrong_pin(stored, at or now())
        waiting = _wait_message(stored, at)
        then = f"\n{waiting.message}" if waiting is not None else ""
        raise PermissionDenied(f"PIN 不正確，請再試一次。{then}", field="pin")
    seen = stored.pin_failures_since_login
    if stored.pin_failures or seen:
        stored = _reset_pin_failures(stored, stored, since_login=True)
    return Login(stored, seen, old_short_pin=len(pin) < PIN_MIN_LENGTH)


def _count_wrong_pin(user: User, at: dt.datetime) -> User:
    from models.audit import audited

    with storage_errors(), db.atomic():
        # Counted in SQL: two PCs guessing at once both add theirs. Nobody is logged in yet,
        # so the audit row has no user; its record is the user whose PIN was tried.
        with audited(None, user, "update"):
            User.update(
                pin_failures=User.pin_failures + 1,
                pin_failures_since_login=User.pin_failures_since_login + 1,
                pin_failed_at=at,
            ).where(User.id == user.id).execute()
        return User.get_by_id(user.id)


def _reset_pin_failures(actor: User, user: User, *, since_login: bool) -> User:
    from models.audit import audited

    with storage_errors(), db.atomic():
        stored = User.get_by_id(user.id)
        with audited(actor, stored, "update"):
            stored.pin_failures, stored.pin_failed_at = 0, None
            if since_login:
                stored.pin_failures_since_login = 0
            stored.save()
    return stored


def unlock_pin(actor: User, user: User) -> User:
    """Another 研考 lets a locked (or waiting) secretary try again at once; the count of wrong
    PINs stays until that secretary logs in and is told."""
    require_secretary(actor)
    stored = User.stored(user.id)
    if not stored.pin_failures:
        raise ValidationError(f"「{stored.name}」沒有被鎖定。")
    return _reset_pin_failures(actor, stored, since_login=False)


def check_pin(user: User, pin: str, *, at: dt.datetime | None = None) -> Login:
    """Log in someone who must be a 研考 with this PIN; nobody else has a PIN to pass."""
    login = log_in(user, pin, at=at)
    if not login.user.is_secretary:
        raise PermissionDenied("PIN 不正確，請再試一次。", field="pin")
    return login


# --- who may do what -------------------------------------------------------------------


def current_user(actor: User) -> User:
    """The user as stored now: a secretary may have retired them or changed their role on
    another PC since they logged in here, and what they may do follows the stored record."""
    with storage_errors():
        stored = User.get_or_none(User.id == actor.id)
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

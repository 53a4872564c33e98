"""User administration and logging in: adding and changing users, and the login that
counts wrong PINs. Both write the audit trail, which is why they are not in ``models.accounts``."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from models.accounts import (
    PIN_MAX_LENGTH,
    PIN_MIN_LENGTH,
    LOCK_AFTER,
    NAME_MAX_LENGTH,
    PinRequired,
    PinWait,
    Role,
    User,
    has_users,
    hash_pin,
    normalise_pin,
    pin_matches,
    pin_wait_remaining,
    require_secretary,
    validate_pin,
)
from models.audit import audited
from models.base import now, unique_name
from models.db import db, storage_errors
from models.errors import PermissionDenied, ValidationError
from models.text import is_ascii_number


def validate_name(name: str, *, exclude_id: int | None = None) -> str:
    return unique_name(
        User.name, name, label="姓名", max_length=NAME_MAX_LENGTH, exclude_id=exclude_id,
        clash="已經有名為「{name}」的使用者，請加上區別（例如姓氏或編號）。",
    )


def create_first_secretary(name: str, pin: str, confirm: str) -> User:
    """The very first user: a secretary (研考), who then adds everyone else."""
    with storage_errors(), db.atomic():
        if has_users():
            raise PermissionDenied("已經有使用者了；新增使用者請由研考登入後辦理。")
        name = validate_name(name)
        user = User(name=name, role=Role.SECRETARY, pin_hash=hash_pin(validate_pin(pin, confirm)))
        with audited(None, user, "insert"):
            user.save(force_insert=True)
    return user


def create_user(actor: User, name: str, role: Role | str, pin: str = "", confirm: str = "") -> User:
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


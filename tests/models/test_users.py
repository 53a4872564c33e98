"""User administration and logging in: the first secretary, adding and changing users, names,
bad input refused with nothing written, wrong PINs counted and waited out."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee
import pytest

from models.accounts import (
    PinRequired,
    PinWait,
    Role,
    User,
    active_users,
    has_users,
    pin_is_locked,
    pin_wait_remaining,
)
from models.audit import AuditEntry
from models.base import now
from models.errors import PermissionDenied, ValidationError
from models.storage import open_ledger
from models.users import check_pin, create_first_secretary, create_user, log_in, unlock_pin, update_user
from tests.models.conftest import PIN, counts, reload


# ---------------------------------------------------------------- first secretary


def test_first_secretary_only_when_nobody_exists(database: peewee.Database) -> None:
    assert not has_users()
    first = create_first_secretary("林秘書", PIN, PIN)
    assert has_users()
    stored = reload(first)
    assert stored.name == "林秘書"
    assert stored.role == "secretary"
    assert stored.active is True
    assert stored.created_by_id is None
    before = counts()
    with pytest.raises(PermissionDenied, match="已經有使用者"):
        create_first_secretary("王秘書", "135724", "135724")
    assert counts() == before
    assert [u.name for u in User.select()] == ["林秘書"]


def test_first_secretary_name_is_tidied(database: peewee.Database) -> None:
    user = create_first_secretary("  林   秘書 ", PIN, PIN)
    assert reload(user).name == "林 秘書"


def test_check_pin_right_and_wrong(secretary: User) -> None:
    check_pin(reload(secretary), PIN)  # no exception
    with pytest.raises(PermissionDenied, match="請輸入 PIN"):
        check_pin(reload(secretary), "")
    for wrong in ("135724", "24680", "2469"):
        with pytest.raises(PermissionDenied, match="PIN 不正確"):
            check_pin(reload(secretary), wrong)


def test_volunteer_has_no_pin_and_cannot_pass_a_pin_check(secretary: User) -> None:
    volunteer = create_user(secretary, "陳志工", Role.VOLUNTEER, "135724", "135724")
    assert reload(volunteer).pin_hash is None
    with pytest.raises(PermissionDenied, match="PIN 不正確"):
        check_pin(reload(volunteer), "135724")


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.OPERATOR, Role.DUTY])
def test_only_secretaries_get_a_pin(secretary: User, role: Role) -> None:
    user = create_user(secretary, "某人", role)
    stored = reload(user)
    assert stored.role == role.value
    assert stored.pin_hash is None
    assert stored.created_by_id == secretary.id


# ---------------------------------------------------------------- bad input writes nothing

BAD_INPUT = [
    pytest.param("", PIN, PIN, "請輸入姓名", id="empty-name"),
    pytest.param("   \t ", PIN, PIN, "請輸入姓名", id="blank-name"),
    pytest.param("王" * 21, PIN, PIN, "姓名最多 20 個字", id="21-char-name"),
    pytest.param("王秘書", "12", "12", "PIN 必須是 6 到 12 位數字", id="pin-too-short"),
    pytest.param("王秘書", "abcd", "abcd", "PIN 必須是 6 到 12 位數字", id="pin-letters"),
    pytest.param("王秘書", "1234567890123", "1234567890123", "PIN 必須是 6 到 12 位數字", id="pin-too-long"),
    pytest.param("王秘書", "135724", "1375", "兩次輸入的 PIN 不一樣", id="pin-mismatch"),
]


@pytest.mark.parametrize("name, pin, confirm, message", BAD_INPUT)
def test_bad_first_secretary_is_refused(
    database: peewee.Database, name: str, pin: str, confirm: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        create_first_secretary(name, pin, confirm)
    assert counts() == (0, 0)
    assert not has_users()


@pytest.mark.parametrize(
    "name, pin, confirm, message",
    BAD_INPUT
    + [
        pytest.param("林秘書", "135724", "135724", "已經有名為「林秘書」的使用者", id="duplicate"),
        pytest.param(" 林秘書  ", "135724", "135724", "已經有名為「林秘書」的使用者", id="duplicate-spaced"),
    ],
)
def test_bad_new_secretary_is_refused(
    secretary: User, name: str, pin: str, confirm: str, message: str
) -> None:
    before = counts()
    with pytest.raises(ValidationError, match=message):
        create_user(secretary, name, Role.SECRETARY, pin, confirm)
    assert counts() == before


@pytest.mark.parametrize(
    "name, message",
    [("", "請輸入姓名"), ("  ", "請輸入姓名"), ("志" * 21, "姓名最多 20 個字"), ("林秘書", "已經有名為")],
)
def test_bad_new_volunteer_is_refused(secretary: User, name: str, message: str) -> None:
    before = counts()
    with pytest.raises(ValidationError, match=message):
        create_user(secretary, name, Role.VOLUNTEER)
    assert counts() == before


def test_twenty_characters_is_allowed(secretary: User) -> None:
    user = create_user(secretary, "志" * 20, Role.VOLUNTEER)
    assert reload(user).name == "志" * 20


def test_unknown_role_is_refused(secretary: User) -> None:
    before = counts()
    with pytest.raises(ValidationError, match="請選擇角色"):
        create_user(secretary, "某人", "boss")
    assert counts() == before


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.OPERATOR, Role.DUTY])
def test_non_secretary_cannot_create_users(secretary: User, role: Role) -> None:
    clerk = create_user(secretary, "某人", role)
    before = counts()
    with pytest.raises(PermissionDenied, match="需要研考登入"):
        create_user(clerk, "新志工", Role.VOLUNTEER)
    with pytest.raises(PermissionDenied, match="需要研考登入"):
        create_user(clerk, "新研考", Role.SECRETARY, "135724", "135724")
    assert counts() == before


def test_retired_secretary_cannot_create_users(secretary: User) -> None:
    other = create_user(secretary, "王秘書", Role.SECRETARY, "135724", "135724")
    retired = update_user(secretary, other, name="王秘書", role=Role.SECRETARY, active=False)
    before = counts()
    with pytest.raises(PermissionDenied):
        create_user(retired, "新志工", Role.VOLUNTEER)
    assert counts() == before


def test_creating_a_user_is_audited(secretary: User) -> None:
    before = AuditEntry.select().count()
    user = create_user(secretary, "陳志工", Role.VOLUNTEER)
    assert AuditEntry.select().count() == before + 1
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (entry.user_id, entry.table_name, entry.record_id, entry.action) == (
        secretary.id, "app_user", user.id, "insert"
    )
    assert entry.before is None
    assert entry.after["name"] == "陳志工"
    assert entry.after["role"] == "volunteer"


# ---------------------------------------------------------------- update_user


def test_rename_and_change_role(secretary: User, volunteer: User) -> None:
    update_user(secretary, volunteer, name="陳大明", role=Role.OPERATOR, active=True)
    stored = reload(volunteer)
    assert (stored.name, stored.role, stored.active, stored.pin_hash) == ("陳大明", "operator", True, None)


def test_keeping_the_same_name_is_not_a_clash(secretary: User, volunteer: User) -> None:
    update_user(secretary, volunteer, name="陳志工", role=Role.DUTY, active=True)
    assert reload(volunteer).role == "duty"


def test_renaming_to_a_clash_is_refused(secretary: User, volunteer: User) -> None:
    before = counts()
    with pytest.raises(ValidationError, match="已經有名為「林秘書」的使用者"):
        update_user(secretary, volunteer, name="林秘書", role=Role.VOLUNTEER, active=True)
    assert counts() == before
    assert reload(volunteer).name == "陳志工"


@pytest.mark.parametrize(
    "role, active", [(Role.SECRETARY, False), (Role.VOLUNTEER, True), (Role.DUTY, False)]
)
def test_cannot_retire_or_demote_yourself(secretary: User, role: Role, active: bool) -> None:
    create_user(secretary, "王秘書", Role.SECRETARY, "135724", "135724")  # not the last one
    before = counts()
    with pytest.raises(ValidationError, match="不能停用自己或取消自己的研考身分"):
        update_user(secretary, secretary, name="林秘書", role=role, active=active)
    assert counts() == before
    stored = reload(secretary)
    assert (stored.role, stored.active) == ("secretary", True)


@pytest.mark.parametrize("role, active", [(Role.VOLUNTEER, True), (Role.SECRETARY, False)])
def test_a_secretary_retired_elsewhere_can_change_nothing(secretary: User, role: Role, active: bool) -> None:
    """林秘書 was retired by 王秘書 at another PC but is still signed in here (a stale
    object): her powers follow the stored record, so she cannot even touch the last
    working secretary."""
    wang = create_user(secretary, "王秘書", Role.SECRETARY, "135724", "135724")
    update_user(reload(wang), reload(secretary), name="林秘書", role=Role.SECRETARY, active=False)
    assert secretary.active  # the object at the other desk has not noticed
    before = counts()
    with pytest.raises(PermissionDenied, match="已停用"):
        update_user(secretary, reload(wang), name="王秘書", role=role, active=active)
    assert counts() == before
    stored = reload(wang)
    assert (stored.role, stored.active) == ("secretary", True)


def test_another_secretary_may_be_retired_while_one_remains(secretary: User) -> None:
    wang = create_user(secretary, "王秘書", Role.SECRETARY, "135724", "135724")
    update_user(secretary, wang, name="王秘書", role=Role.SECRETARY, active=False)
    assert reload(wang).active is False


def test_demoting_a_secretary_drops_the_pin(secretary: User) -> None:
    wang = create_user(secretary, "王秘書", Role.SECRETARY, "135724", "135724")
    update_user(secretary, wang, name="王秘書", role=Role.VOLUNTEER, active=True)
    assert reload(wang).pin_hash is None


def test_promoting_needs_a_pin_and_writes_nothing_without_one(secretary: User, volunteer: User) -> None:
    before = counts()
    with pytest.raises(ValidationError, match="PIN 必須是 6 到 12 位數字"):
        update_user(secretary, volunteer, name="陳志工", role=Role.SECRETARY, active=True)
    assert counts() == before
    stored = reload(volunteer)
    assert (stored.role, stored.pin_hash) == ("volunteer", None)
    # the caller's object still describes what is stored
    assert (volunteer.role, volunteer.pin_hash) == ("volunteer", None)
    update_user(secretary, volunteer, name="陳志工", role=Role.SECRETARY, active=True, pin="975310", confirm="975310")
    check_pin(reload(volunteer), "975310")


def test_typing_a_new_pin_replaces_it(secretary: User) -> None:
    wang = create_user(secretary, "王秘書", Role.SECRETARY, "135724", "135724")
    update_user(secretary, wang, name="王秘書", role=Role.SECRETARY, active=True, pin="864200", confirm="864200")
    check_pin(reload(wang), "864200")
    with pytest.raises(PermissionDenied, match="PIN 不正確"):
        check_pin(reload(wang), "135724")


def test_no_pin_typed_keeps_the_old_one(secretary: User) -> None:
    wang = create_user(secretary, "王秘書", Role.SECRETARY, "135724", "135724")
    update_user(secretary, wang, name="王大明", role=Role.SECRETARY, active=True)
    check_pin(reload(wang), "135724")


def test_non_secretary_cannot_update_users(secretary: User, volunteer: User) -> None:
    other = create_user(secretary, "李志工", Role.VOLUNTEER)
    before = counts()
    with pytest.raises(PermissionDenied, match="需要研考登入"):
        update_user(volunteer, other, name="李大華", role=Role.VOLUNTEER, active=True)
    assert counts() == before
    assert reload(other).name == "李志工"


def test_update_is_audited_with_before_and_after(secretary: User, volunteer: User) -> None:
    before = AuditEntry.select().count()
    update_user(secretary, volunteer, name="陳大明", role=Role.VOLUNTEER, active=False)
    assert AuditEntry.select().count() == before + 1
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (entry.user_id, entry.record_id, entry.action) == (secretary.id, volunteer.id, "update")
    assert (entry.before["name"], entry.before["active"]) == ("陳志工", True)
    assert (entry.after["name"], entry.after["active"]) == ("陳大明", False)


# ---------------------------------------------------------------- names: NFKC, nothing invisible


@pytest.mark.parametrize(
    "look_alike",
    [
        pytest.param("示範志工\u200b", id="zero-width-space"),
        pytest.param("示範\u200d志工", id="zero-width-joiner"),
        pytest.param("\ufeff示範志工", id="bom"),
        pytest.param("示範\u00ad志工", id="soft-hyphen"),
        pytest.param("示範志工\u202c", id="bidi-pop"),
        pytest.param("示範志工\ufe0f", id="variation-selector"),
    ],
)
def test_an_invisible_character_cannot_make_a_second_identical_button(secretary: User, look_alike: str) -> None:
    create_user(secretary, "示範志工", Role.VOLUNTEER)
    before = counts()
    with pytest.raises(ValidationError, match="姓名裡有看不見的字元") as refused:
        create_user(secretary, look_alike, Role.VOLUNTEER)
    assert refused.value.field == "name"
    assert counts() == before
    assert [u.name for u in active_users()].count("示範志工") == 1


@pytest.mark.parametrize(
    "look_alike",
    [
        pytest.param("示範志工\u3000", id="ideographic-space-after"),
        pytest.param("示範\u00a0志工", id="no-break-space"),  # normalised, then the same as "示範 志工"
        pytest.param("示範 志工", id="plain-space"),
    ],
)
def test_spaces_of_every_kind_are_one_plain_space(secretary: User, look_alike: str) -> None:
    create_user(secretary, "示範 志工", Role.VOLUNTEER)
    create_user(secretary, "示範志工", Role.VOLUNTEER)
    before = counts()
    with pytest.raises(ValidationError, match="已經有名為"):
        create_user(secretary, look_alike, Role.VOLUNTEER)
    assert counts() == before


def test_full_width_letters_are_the_same_name(secretary: User) -> None:
    create_user(secretary, "Amy志工", Role.VOLUNTEER)
    before = counts()
    with pytest.raises(ValidationError, match="已經有名為「Amy志工」的使用者"):
        create_user(secretary, "Ａｍｙ志工", Role.VOLUNTEER)
    assert counts() == before


@pytest.mark.parametrize("digit", ["٣", "๓", "③", "𝟑", "³"])
def test_a_name_with_other_scripts_digits_is_refused(secretary: User, digit: str) -> None:
    before = counts()
    with pytest.raises(ValidationError, match=f"姓名裡的「{digit}」不是 0–9 的數字"):
        create_user(secretary, f"志工{digit}號", Role.VOLUNTEER)
    assert counts() == before


def test_renaming_into_a_look_alike_is_refused(secretary: User, volunteer: User) -> None:
    create_user(secretary, "示範志工", Role.VOLUNTEER)
    before = counts()
    with pytest.raises(ValidationError, match="看不見的字元"):
        update_user(secretary, volunteer, name="示範志工\u200b", role=Role.VOLUNTEER, active=True)
    assert counts() == before
    assert reload(volunteer).name == "陳志工"


# ---------------------------------------------------------------- login reads the stored role and PIN


def test_a_volunteer_made_secretary_elsewhere_needs_the_pin(secretary: User, volunteer: User) -> None:
    on_the_button = reload(volunteer)
    update_user(secretary, reload(volunteer), name="陳志工", role=Role.SECRETARY, active=True, pin="975310", confirm="975310")
    assert on_the_button.role == Role.VOLUNTEER and not on_the_button.is_secretary
    with pytest.raises(PinRequired) as asked:
        log_in(on_the_button)
    assert asked.value.user.is_secretary
    with pytest.raises(PermissionDenied, match="PIN 不正確"):
        log_in(on_the_button, "000000")
    assert log_in(on_the_button, "975310").user.is_secretary


def test_a_secretary_demoted_elsewhere_comes_in_as_what_they_are_now(secretary: User) -> None:
    wang = create_user(secretary, "王秘書", Role.SECRETARY, "135724", "135724")
    on_the_button = reload(wang)
    update_user(secretary, reload(wang), name="王秘書", role=Role.VOLUNTEER, active=True)
    login = log_in(on_the_button, "135724")
    assert login.user.role == Role.VOLUNTEER and not login.user.is_secretary


def test_a_user_retired_elsewhere_cannot_log_in(secretary: User, volunteer: User) -> None:
    on_the_button = reload(volunteer)
    update_user(secretary, reload(volunteer), name="陳志工", role=Role.VOLUNTEER, active=False)
    with pytest.raises(PermissionDenied, match="「陳志工」已停用，不能再登入"):
        log_in(on_the_button)


# ---------------------------------------------------------------- wrong PINs: wait, lock, audit, across restarts

T0 = dt.datetime(2026, 3, 2, 9, 0, 0)


def failures(user: User) -> tuple[int, int]:
    stored = reload(user)
    return stored.pin_failures, stored.pin_failures_since_login


def test_each_wrong_pin_is_counted_and_audited_without_the_pin(secretary: User) -> None:
    before = AuditEntry.select().count()
    for n in range(1, 4):
        with pytest.raises(PermissionDenied, match="PIN 不正確"):
            log_in(reload(secretary), "999999", at=T0 + dt.timedelta(seconds=n))
    assert failures(secretary) == (3, 3)
    rows = list(AuditEntry.select().where(AuditEntry.id > before).order_by(AuditEntry.id))
    assert [(r.user_id, r.table_name, r.record_id, r.action) for r in rows] == [(None, "app_user", secretary.id, "update")] * 3
    assert [(r.before["pin_failures"], r.after["pin_failures"]) for r in rows] == [(0, 1), (1, 2), (2, 3)]
    assert rows[-1].after["pin_failed_at"] == "2026-03-02T09:00:03"
    assert all("999999" not in str(r.before) + str(r.after) for r in rows)


def test_while_waiting_no_pin_is_checked_not_even_the_right_one(secretary: User) -> None:
    for n in range(3):
        with pytest.raises(PermissionDenied):
            log_in(reload(secretary), "999999", at=T0)
    audit_rows = AuditEntry.select().count()
    with pytest.raises(PinWait) as waiting:
        log_in(reload(secretary), PIN, at=T0 + dt.timedelta(seconds=5))
    assert waiting.value.message == "PIN 已經連續錯誤 3 次，請等 10 秒後再試。"
    assert (waiting.value.seconds, waiting.value.locked) == (10, False)
    assert failures(secretary) == (3, 3)  # a refused try is not a guess: not counted
    assert AuditEntry.select().count() == audit_rows
    login = log_in(reload(secretary), PIN, at=T0 + dt.timedelta(seconds=15))
    assert login.failures_since_last_login == 3
    assert login.notices[0].startswith("自上次登入以來 PIN 錯誤 3 次")
    assert failures(secretary) == (0, 0)


def guess(user: User, times: int, start: dt.datetime) -> dt.datetime:
    """``times`` wrong PINs, each as soon as the policy allows; returns when the last was typed."""
    at = start
    for _ in range(times):
        at += dt.timedelta(seconds=pin_wait_remaining(reload(user), at))
        with pytest.raises(PermissionDenied, match="PIN 不正確"):
            log_in(reload(user), "000000", at=at)
    return at


def test_forty_wrong_pins_then_the_right_one_across_a_restart(db_path: Path) -> None:
    database = open_ledger(db_path)
    boss = create_first_secretary("林秘書", PIN, PIN)
    last = guess(boss, 40, T0)
    database.close()

    database = open_ledger(db_path)  # the program was restarted: the count is in the file
    stored = User.get(User.name == "林秘書")
    assert (stored.pin_failures, stored.pin_failures_since_login) == (40, 40)
    assert AuditEntry.select().where(AuditEntry.table_name == "app_user", AuditEntry.user.is_null(), AuditEntry.action == "update").count() == 40
    for later in (dt.timedelta(seconds=1), dt.timedelta(minutes=29)):
        with pytest.raises(PinWait) as locked:
            log_in(stored, PIN, at=last + later)
        assert locked.value.locked
        assert "已經連續錯誤 40 次，暫時鎖定到" in locked.value.message
        assert "也可以請另一位研考在「使用者」解除鎖定" in locked.value.message
    assert pin_is_locked(reload(stored), last + dt.timedelta(minutes=29))
    login = log_in(stored, PIN, at=last + dt.timedelta(minutes=30))  # never locked out for good
    assert login.notices[0].startswith("自上次登入以來 PIN 錯誤 40 次")
    database.close()


def test_a_clock_set_back_never_makes_the_lock_longer(secretary: User) -> None:
    last = guess(secretary, 10, T0)
    assert pin_wait_remaining(reload(secretary), last - dt.timedelta(days=365)) == 1800


def test_another_secretary_unlocks(secretary: User) -> None:
    wang = create_user(secretary, "王秘書", Role.SECRETARY, "135724", "135724")
    guess(wang, 10, now())
    assert pin_is_locked(reload(wang))
    unlock_pin(secretary, reload(wang))
    assert not pin_is_locked(reload(wang))
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (entry.user_id, entry.record_id, entry.before["pin_failures"], entry.after["pin_failures"]) == (
        secretary.id, wang.id, 10, 0
    )
    # told at the next login all the same
    assert log_in(reload(wang), "135724").failures_since_last_login == 10


def test_a_new_pin_set_by_another_secretary_unlocks(secretary: User) -> None:
    wang = create_user(secretary, "王秘書", Role.SECRETARY, "135724", "135724")
    guess(wang, 10, now())
    update_user(secretary, reload(wang), name="王秘書", role=Role.SECRETARY, active=True, pin="864213", confirm="864213")
    assert log_in(reload(wang), "864213").user.id == wang.id


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.OPERATOR, Role.DUTY])
def test_only_a_secretary_unlocks(secretary: User, role: Role) -> None:
    wang = create_user(secretary, "王秘書", Role.SECRETARY, "135724", "135724")
    guess(wang, 10, now())
    clerk = create_user(secretary, "某人", role)
    before = counts()
    with pytest.raises(PermissionDenied, match="需要研考登入"):
        unlock_pin(clerk, reload(wang))
    assert counts() == before and pin_is_locked(reload(wang))


@pytest.mark.parametrize("typed", ["", "abcdef", "١٢٣٤٥٦", "1" * 13])
def test_what_cannot_be_a_pin_is_not_counted(secretary: User, typed: str) -> None:
    before = counts()
    with pytest.raises(PermissionDenied):
        log_in(reload(secretary), typed)
    assert failures(secretary) == (0, 0)
    assert counts() == before


GUESSER = """
import sys

from models.storage import open_ledger
from models.errors import PermissionDenied
from models.users import User, log_in

open_ledger(sys.argv[1])
refused = {"wrong": 0, "waiting": 0}
for _ in range(40):
    try:
        log_in(User.get(User.name == "林秘書"), "000000")
    except PermissionDenied as exc:
        refused["waiting" if "請等" in exc.message and "不正確" not in exc.message else "wrong"] += 1
print(refused["wrong"], refused["waiting"], flush=True)
"""


def test_wrong_pins_in_another_program_make_this_one_wait(db_path: Path) -> None:
    """Program A tries 40 PINs as fast as it can and stops; program B, started afresh on the
    same file, is refused the right PIN: the wait is in the database, not in A's memory."""
    import subprocess
    import sys

    database = open_ledger(db_path)
    create_first_secretary("林秘書", PIN, PIN)
    database.close()
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", GUESSER, str(db_path)], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "37"]  # three guesses checked, the rest refused unchecked

    database = open_ledger(db_path)
    with pytest.raises(PinWait) as waiting:
        log_in(User.get(User.name == "林秘書"), PIN)
    assert waiting.value.message.startswith("PIN 已經連續錯誤 3 次，請等 ")
    assert User.get(User.name == "林秘書").pin_failures == 3
    database.close()

"""Users: the first secretary, PINs, bad input refused with nothing written, role rules."""
from __future__ import annotations

import peewee
import pytest

from models.audit import AuditEntry
from models.errors import PermissionDenied, ValidationError
from models.users import (
    Role,
    User,
    active_users,
    check_pin,
    create_first_secretary,
    create_user,
    has_users,
    update_user,
)

PIN = "246813"  # the conftest secretary's PIN


def counts() -> tuple[int, int]:
    return User.select().count(), AuditEntry.select().count()


def reload(user: User) -> User:
    return User.get_by_id(user.id)


# ---------------------------------------------------------------- roles


def test_role_labels() -> None:
    assert [role.label for role in Role] == ["志工", "總機", "輪值", "研考"]
    assert Role.VOLUNTEER.label == "志工"
    assert Role.OPERATOR.label == "總機"
    assert Role.DUTY.label == "輪值"
    assert Role.SECRETARY.label == "研考"


def test_display_name_shows_the_role(volunteer: User) -> None:
    assert volunteer.display_name == "陳志工（志工）"


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


def test_pin_is_stored_hashed(database: peewee.Database) -> None:
    pin = "13572468"  # long enough not to turn up in a hex digest by chance
    first = create_first_secretary("林秘書", pin, pin)
    second = create_user(first, "王秘書", Role.SECRETARY, pin, pin)
    first_hash, second_hash = reload(first).pin_hash, reload(second).pin_hash
    for stored in (first_hash, second_hash):
        assert stored.startswith("scrypt$")
        assert pin not in stored
    assert first_hash != second_hash  # each PIN gets its own salt
    check_pin(reload(first), pin)
    check_pin(reload(second), pin)


def test_audit_snapshot_never_holds_the_pin_hash(database: peewee.Database) -> None:
    first = create_first_secretary("林秘書", PIN, PIN)
    (entry,) = AuditEntry.select()
    assert entry.after["pin_hash"].startswith("（已設定 #")
    assert reload(first).pin_hash not in str(entry.after)


def test_a_new_pin_shows_in_the_audit_trail(secretary: User) -> None:
    update_user(secretary, reload(secretary), name=secretary.name, role=Role.SECRETARY, active=True, pin="135724", confirm="135724")
    update = AuditEntry.get(AuditEntry.action == "update")
    assert update.before["pin_hash"] != update.after["pin_hash"]
    assert "135724" not in str(update.after)


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


# ---------------------------------------------------------------- active_users


def test_active_users_order_and_retired_left_out(secretary: User) -> None:
    # Names chosen so code-point order is plain: 丁 (U+4E01) < 王 (U+738B) < 陳 (U+9673).
    create_user(secretary, "陳志工", Role.VOLUNTEER)
    create_user(secretary, "丁志工", Role.VOLUNTEER)
    create_user(secretary, "王輪值", Role.DUTY)
    create_user(secretary, "王總機", Role.OPERATOR)
    create_user(secretary, "丁秘書", Role.SECRETARY, "135724", "135724")
    retired = create_user(secretary, "王志工", Role.VOLUNTEER)
    update_user(secretary, retired, name="王志工", role=Role.VOLUNTEER, active=False)
    assert [u.name for u in active_users()] == [
        "丁志工",
        "陳志工",
        "王總機",
        "王輪值",
        "丁秘書",
        "林秘書",
    ]

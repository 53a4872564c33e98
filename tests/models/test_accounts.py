"""Accounts: roles, the PIN rules, and the one permission check (the user as stored now)."""
from __future__ import annotations

import datetime as dt

import peewee
import pytest

from models.accounts import Role, User, active_users, hash_pin, pin_wait_seconds
from models.audit import AuditEntry
from models.errors import PermissionDenied, ValidationError
from models.users import check_pin, create_first_secretary, create_user, log_in, unlock_pin, update_user
from tests.models.conftest import PIN, counts, reload


# ---------------------------------------------------------------- roles


def test_role_labels() -> None:
    assert [role.label for role in Role] == ["志工", "總機", "輪值", "研考"]
    assert Role.VOLUNTEER.label == "志工"
    assert Role.OPERATOR.label == "總機"
    assert Role.DUTY.label == "輪值"
    assert Role.SECRETARY.label == "研考"


def test_display_name_shows_the_role(volunteer: User) -> None:
    assert volunteer.display_name == "陳志工（志工）"


# ---------------------------------------------------------------- PINs are stored hashed


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


# ---------------------------------------------------------------- PINs: at least 6 digits, 4-digit ones still open


@pytest.mark.parametrize(
    "pin, message",
    [
        ("1234", "PIN 必須是 6 到 12 位數字。"),
        ("12345", "PIN 必須是 6 到 12 位數字。"),
        ("١٢٣٤٥٦", "PIN 必須是 6 到 12 位數字。"),  # Arabic-Indic digits
        ("①②③④⑤⑥", "PIN 必須是 6 到 12 位數字。"),  # NFKC would have made them 123456
        ("1234567890123", "PIN 必須是 6 到 12 位數字。"),
    ],
)
def test_new_pins_have_six_to_twelve_ascii_digits(secretary: User, pin: str, message: str) -> None:
    before = counts()
    with pytest.raises(ValidationError) as refused:
        create_user(secretary, "王秘書", Role.SECRETARY, pin, pin)
    assert refused.value.message == message
    assert counts() == before


def test_full_width_digits_are_the_same_pin(secretary: User) -> None:
    wang = create_user(secretary, "王秘書", Role.SECRETARY, "１３５７２４", "135724")
    check_pin(reload(wang), "135724")


def old_four_digit_pin(user: User, pin: str = "2468") -> User:
    """A PIN set by an earlier version, which allowed 4 digits."""
    User.update(pin_hash=hash_pin(pin)).where(User.id == user.id).execute()
    return reload(user)


def test_an_old_four_digit_pin_still_opens_and_asks_for_a_new_one(secretary: User) -> None:
    old_four_digit_pin(secretary)
    login = log_in(reload(secretary), "2468")
    assert login.user.id == secretary.id and login.old_short_pin
    assert login.notices == ["您的 PIN 少於 6 位數，請到「使用者」改成 6 到 12 位數字的新 PIN。"]
    update_user(secretary, reload(secretary), name="林秘書", role=Role.SECRETARY, active=True, pin="864213", confirm="864213")
    assert log_in(reload(secretary), "864213").notices == []


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


# ---------------------------------------------------------------- wrong PINs: the wait


def test_the_wait_grows_and_then_locks() -> None:
    assert [pin_wait_seconds(n) for n in range(13)] == [
        0, 0, 0, 15, 30, 60, 120, 240, 480, 960, 1800, 1800, 1800
    ]


# ---------------------------------------------------------------- who may do what: every domain function asks the database


def _secretary_only() -> dict[str, object]:
    from models.audit import history
    from models.service.categories import add_category, categories, move_category, update_category
    from models.service.counts import delete_category, set_day_amount, set_day_total
    from models.settings import PAYMENT_CONFIRM_ABOVE, set_settings

    def category(code: str):
        return next(c for c in categories() if c.code == code)

    day = dt.date.today() - dt.timedelta(days=3)
    return {
        "create_user": lambda actor, boss: create_user(actor, "新志工", Role.VOLUNTEER),
        "update_user": lambda actor, boss: update_user(actor, reload(boss), name="林大秘書", role=Role.SECRETARY, active=True),
        "unlock_pin": lambda actor, boss: unlock_pin(actor, reload(boss)),
        "set_settings": lambda actor, boss: set_settings(actor, {PAYMENT_CONFIRM_ABOVE: "1000"}),
        "add_category": lambda actor, boss: add_category(actor, "替代役協助"),
        "update_category": lambda actor, boss: update_category(actor, category("C"), name="導引", roles=[], shortcut="C", active=True),
        "move_category": lambda actor, boss: move_category(actor, category("C"), 1),
        "delete_category": lambda actor, boss: delete_category(actor, category("C")),
        "set_day_total": lambda actor, boss: set_day_total(actor, category("C"), day, "5"),
        "set_day_amount": lambda actor, boss: set_day_amount(actor, category("G"), day, "500"),
        "history": lambda actor, boss: history(actor, "app_user", boss.id),
    }


SECRETARY_ONLY = [
    "create_user", "update_user", "unlock_pin", "set_settings", "add_category", "update_category",
    "move_category", "delete_category", "set_day_total", "set_day_amount", "history",
]


def everything() -> tuple[int, ...]:
    from models.schema import ALL_MODELS

    return tuple(model.select().count() for model in ALL_MODELS)


@pytest.fixture
def locked_boss(secretary: User) -> User:
    """The secretary with a wrong PIN on record, so unlock_pin has something to do."""
    with pytest.raises(PermissionDenied):
        log_in(reload(secretary), "000000")
    return reload(secretary)


@pytest.mark.parametrize("function", SECRETARY_ONLY)
@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.OPERATOR, Role.DUTY])
def test_other_roles_calling_secretary_functions_are_refused(locked_boss: User, role: Role, function: str) -> None:
    clerk = create_user(locked_boss, "某人", role)
    before = everything()
    with pytest.raises(PermissionDenied):
        _secretary_only()[function](clerk, locked_boss)
    assert everything() == before


@pytest.mark.parametrize("function", SECRETARY_ONLY)
def test_a_secretary_demoted_elsewhere_is_refused_with_the_old_object(locked_boss: User, function: str) -> None:
    """The object at this desk still says 研考; the database says 志工 since another
    secretary changed it. The database wins, in every secretary function."""
    wang = create_user(locked_boss, "王秘書", Role.SECRETARY, "135724", "135724")
    still_logged_in = reload(wang)
    update_user(locked_boss, reload(wang), name="王秘書", role=Role.VOLUNTEER, active=True)
    assert still_logged_in.is_secretary
    before = everything()
    with pytest.raises(PermissionDenied):
        _secretary_only()[function](still_logged_in, locked_boss)
    assert everything() == before


@pytest.mark.parametrize("function", SECRETARY_ONLY)
def test_the_secretary_may(locked_boss: User, function: str) -> None:
    _secretary_only()[function](locked_boss, locked_boss)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_keys_in_surveys(secretary: User, role: Role) -> None:
    from models.survey.forms import ResponseInput, SurveyResponse, save_response, start_batch

    actor = secretary if role == Role.SECRETARY else create_user(secretary, "某人", role)
    batch = start_batch(actor, dt.date.today(), None)
    save_response(actor, batch, ResponseInput({code: 1 for code in "ABCDEFGHIJK"}))
    assert SurveyResponse.select().where(SurveyResponse.created_by == actor.id).count() == 1


def test_a_retired_user_keys_in_nothing(secretary: User, volunteer: User) -> None:
    from models.survey.forms import start_batch

    at_the_desk = reload(volunteer)
    update_user(secretary, reload(volunteer), name="陳志工", role=Role.VOLUNTEER, active=False)
    before = everything()
    with pytest.raises(PermissionDenied, match="已停用"):
        start_batch(at_the_desk, dt.date.today(), None)
    assert everything() == before

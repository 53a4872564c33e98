"""Settings that change figures: checked, stored all or nothing, audited, secretary only."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import peewee
import pytest

from models.accounts import Role, User
from models.audit import AuditEntry
from models.errors import PermissionDenied, ValidationError
from models.rocdate import parse_period
from models.service.counts import payment_needs_confirmation
from models.settings import (
    AGENCY_NAME,
    BACKUPS_KEPT,
    COURTESY_GRADE_BANDS,
    DURATION_WEIGHTS,
    PAYMENT_CONFIRM_ABOVE,
    PETITION_DUE_DAYS,
    Setting,
    courtesy_grade_bands,
    duration_weights,
    get_setting,
    set_settings,
)
from models.survey.forms import ResponseInput, save_response, start_batch
from models.users import create_first_secretary, create_user
from reports.statistics import survey_statistics


@pytest.fixture
def boss(any_database: peewee.Database) -> User:
    return create_first_secretary("林秘書", "246813", "246813")


def stored() -> tuple[int, int]:
    return Setting.select().count(), AuditEntry.select().count()


def test_defaults_are_the_reference_report_s(boss: User) -> None:
    assert duration_weights() == (Decimal("2.5"), Decimal("10"), Decimal("22.5"), Decimal("45"), Decimal("30"))
    assert get_setting(PAYMENT_CONFIRM_ABOVE) == 200000
    assert not payment_needs_confirmation(200000) and payment_needs_confirmation(200001)


def test_a_change_is_stored_audited_and_used(boss: User) -> None:
    set_settings(boss, {PAYMENT_CONFIRM_ABOVE: "50,000", DURATION_WEIGHTS: ["2.5", "10", "22.5", "45", "60"]})
    assert get_setting(PAYMENT_CONFIRM_ABOVE) == 50000
    assert payment_needs_confirmation(50001)
    assert [e.action for e in AuditEntry.select().where(AuditEntry.table_name == "app_setting")] == ["insert", "insert"]
    set_settings(boss, {PAYMENT_CONFIRM_ABOVE: "60000"})
    update = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (update.action, update.before["value"], update.after["value"]) == ("update", 50000, 60000)


def test_the_weights_change_the_average_minutes(boss: User) -> None:
    batch = start_batch(boss, dt.date(2017, 3, 1), None)
    answers = {code: 1 for code in "ABCDEFGHIJ"}
    save_response(boss, batch, ResponseInput({**answers, "K": 5}))  # one visitor waited 60分鐘以上
    period = parse_period("106/03")
    assert survey_statistics(period).item("K").average_minutes == "30.00"  # the reference's 60÷2
    set_settings(boss, {DURATION_WEIGHTS: ["2.5", "10", "22.5", "45", "75"]})
    assert survey_statistics(period).item("K").average_minutes == "75.00"


@pytest.mark.parametrize(
    "values, message",
    [
        ({AGENCY_NAME: "   "}, "請輸入機關名稱"),
        ({AGENCY_NAME: "署" * 61}, "最多 60 個字"),
        ({PAYMENT_CONFIRM_ABOVE: "0"}, "確認門檻必須大於 0 元"),
        ({PAYMENT_CONFIRM_ABOVE: "1,2,3"}, "確認門檻的逗號位置不對"),
        ({PAYMENT_CONFIRM_ABOVE: "50,00"}, "確認門檻的逗號位置不對"),
        ({PAYMENT_CONFIRM_ABOVE: "5000.5"}, "大於 0 的整數元"),
        ({PAYMENT_CONFIRM_ABOVE: ""}, "請輸入確認門檻"),
        ({PAYMENT_CONFIRM_ABOVE: "-5"}, "大於 0 的整數元"),
        ({PAYMENT_CONFIRM_ABOVE: "abc"}, "大於 0 的整數元"),
        ({PAYMENT_CONFIRM_ABOVE: "100000001"}, "最多 100,000,000 元"),
        ({DURATION_WEIGHTS: ["2.5", "10", "22.5", "45"]}, "要有 5 個"),
        ({DURATION_WEIGHTS: ["2.5", "10", "x", "45", "30"]}, "第 3 個權數"),
        ({DURATION_WEIGHTS: ["2.5", "10", "22.5", "-45", "30"]}, "第 4 個權數"),
        # a good field beside a bad one: nothing at all is stored
        ({AGENCY_NAME: "新名稱", PAYMENT_CONFIRM_ABOVE: "abc"}, "大於 0 的整數元"),
        # digits of other scripts: int() and Decimal() read them, the desk never types them
        ({PAYMENT_CONFIRM_ABOVE: "٥٠٠٠٠"}, "確認門檻裡的「٥」不是 0–9 的數字"),
        ({PAYMENT_CONFIRM_ABOVE: "๕๐๐๐๐"}, "確認門檻裡的「๕」不是 0–9 的數字"),
        ({PAYMENT_CONFIRM_ABOVE: "1" * 5000}, "確認門檻太長了"),
        ({DURATION_WEIGHTS: ["2.5", "10", "٢٢.٥", "45", "30"]}, "第 3 個權數裡的「٢」不是 0–9 的數字"),
        ({DURATION_WEIGHTS: ["2.5", "10", "22.5", "𝟒𝟓", "30"]}, "第 4 個權數裡的「𝟒」不是 0–9 的數字"),
        ({DURATION_WEIGHTS: ["2.5", "10", "22.5", "45", "1e2"]}, "第 5 個權數"),
        ({AGENCY_NAME: "法務部\u200b行政執行署"}, "機關名稱裡有看不見的字元"),
    ],
)
def test_bad_values_change_nothing(boss: User, values: dict, message: str) -> None:
    before = stored()
    with pytest.raises(ValidationError, match=message):
        set_settings(boss, values)
    assert stored() == before
    assert get_setting(AGENCY_NAME) == "法務部行政執行署臺南分署"


def test_only_the_secretary_changes_settings(boss: User) -> None:
    volunteer = create_user(boss, "陳志工", Role.VOLUNTEER)
    before = stored()
    with pytest.raises(PermissionDenied):
        set_settings(volunteer, {PAYMENT_CONFIRM_ABOVE: "1000"})
    assert stored() == before == (0, before[1])  # no setting stored, no audit row added


def test_full_width_numbers_are_read(boss: User) -> None:
    set_settings(boss, {PAYMENT_CONFIRM_ABOVE: "５０，０００", DURATION_WEIGHTS: ["２.５", "10", "22.5", "45", "30"]})
    assert get_setting(PAYMENT_CONFIRM_ABOVE) == 50000
    assert duration_weights()[0] == Decimal("2.5")
    set_settings(boss, {PAYMENT_CONFIRM_ABOVE: "NT$ 80,000 元"})  # as written on a memo: the same rule as amounts
    assert get_setting(PAYMENT_CONFIRM_ABOVE) == 80000


def test_backups_kept_defaults_to_thirty_and_can_be_changed(secretary: User) -> None:
    assert get_setting(BACKUPS_KEPT) == 30
    assert set_settings(secretary, {BACKUPS_KEPT: "７"}) == {BACKUPS_KEPT: 7}
    assert get_setting(BACKUPS_KEPT) == 7


@pytest.mark.parametrize(
    "value, message",
    [
        *[(value, "保留的備份份數請輸入 1 到 365 的整數。") for value in ["0", "366", "-1", "3.5", "三十", "30 天", "30元"]],
        ("", "請輸入保留的備份份數。"),
        ("1,0", "保留的備份份數的逗號位置不對（千分位是每三位一個，例如 1,500），請確認是否打錯。"),
        ("٣٠", "保留的備份份數裡的「٣」不是 0–9 的數字"),
    ],
)
def test_bad_backups_kept_is_refused(secretary: User, value: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        set_settings(secretary, {BACKUPS_KEPT: value})
    assert str(caught.value).startswith(message)
    assert caught.value.field == BACKUPS_KEPT
    assert get_setting(BACKUPS_KEPT) == 30


def test_petition_due_days_default_to_thirty_and_can_be_changed(secretary: User) -> None:
    assert get_setting(PETITION_DUE_DAYS) == 30
    assert set_settings(secretary, {PETITION_DUE_DAYS: "６"}) == {PETITION_DUE_DAYS: 6}
    assert get_setting(PETITION_DUE_DAYS) == 6


@pytest.mark.parametrize(
    "value, message",
    [
        *[(value, "陳情辦理期限請輸入 1 到 365 的整數天數。") for value in ["0", "366", "-1", "2.5", "三十", "30 天"]],
        ("", "請輸入陳情辦理期限天數。"),
        ("٣٠", "陳情辦理期限天數裡的「٣」不是 0–9 的數字"),
    ],
)
def test_bad_petition_due_days_are_refused(secretary: User, value: str, message: str) -> None:
    before = stored()
    with pytest.raises(ValidationError) as caught:
        set_settings(secretary, {PETITION_DUE_DAYS: value})
    assert str(caught.value).startswith(message)
    assert caught.value.field == PETITION_DUE_DAYS
    assert get_setting(PETITION_DUE_DAYS) == 30 and stored() == before
# --- phone-courtesy grade bands ------------------------------------------------------------


def test_grade_bands_default_to_the_spec_s(secretary: User) -> None:
    assert courtesy_grade_bands() == (("優", 90), ("良", 80), ("可", 70), ("差", 0))


def test_grade_bands_can_be_changed(secretary: User) -> None:
    stored_bands = set_settings(secretary, {COURTESY_GRADE_BANDS: [[" 特優 ", "９５"], ["優", 85], ["普通", "0"]]})
    assert stored_bands == {COURTESY_GRADE_BANDS: [["特優", 95], ["優", 85], ["普通", 0]]}
    assert courtesy_grade_bands() == (("特優", 95), ("優", 85), ("普通", 0))
    set_settings(secretary, {COURTESY_GRADE_BANDS: [["非常非常優秀", 60], ["及格", "0"]]})  # names of up to 6
    assert courtesy_grade_bands() == (("非常非常優秀", 60), ("及格", 0))
    set_settings(secretary, {COURTESY_GRADE_BANDS: [["及格", "0"]]})  # one band: every score has it
    assert courtesy_grade_bands() == (("及格", 0),)


@pytest.mark.parametrize(
    "bands, message",
    [
        ([], "電話禮貌測試的等級要有名稱與最低分，至少一級。"),
        ("優 90", "電話禮貌測試的等級要有名稱與最低分，至少一級。"),
        ([["優", 90, 1], ["差", 0]], "電話禮貌測試的等級要有名稱與最低分，至少一級。"),
        ([["優", 90], ["  ", 0]], "請輸入第 2 級的名稱。"),
        ([["非常非常優秀喔", 90], ["差", 0]], "第 1 級的名稱最多 6 個字。"),
        ([["優", 90], ["優", 0]], "等級名稱「優」重複了。"),
        ([["優", 90], ["良", 90], ["差", 0]], "等級要由高到低排列：「良」的最低分（90）要低於「優」的（90）。"),
        ([["良", 80], ["優", 90], ["差", 0]], "等級要由高到低排列：「優」的最低分（90）要低於「良」的（80）。"),
        ([["優", 101], ["差", 0]], "「優」的最低分請輸入 0 到 100 的整數。"),
        ([["優", "-1"], ["差", 0]], "「優」的最低分請輸入 0 到 100 的整數。"),
        ([["優", "89.5"], ["差", 0]], "「優」的最低分請輸入 0 到 100 的整數。"),
        ([["優", ""], ["差", 0]], "請輸入「優」的最低分。"),
        ([["優", "٩٠"], ["差", 0]], "「優」的最低分裡的「٩」不是 0–9 的數字"),
        ([["優", 90], ["良", 80]], "最後一級「良」要從 0 分起，每個成績才都有等級。"),
        ([["優\u200b", 90], ["差", 0]], "第 1 級的名稱裡有看不見的字元"),
    ],
)
def test_bad_grade_bands_are_refused(secretary: User, bands: object, message: str) -> None:
    before = stored()
    with pytest.raises(ValidationError) as caught:
        set_settings(secretary, {COURTESY_GRADE_BANDS: bands})
    assert str(caught.value).startswith(message)
    assert caught.value.field == COURTESY_GRADE_BANDS
    assert stored() == before
    assert courtesy_grade_bands() == (("優", 90), ("良", 80), ("可", 70), ("差", 0))


# --- each user's own large print --------------------------------------------------------


def test_large_print_is_each_users_own_and_audited(boss: User) -> None:
    from models.settings import large_print, set_large_print

    volunteer = create_user(boss, "陳志工", Role.VOLUNTEER)
    operator = create_user(boss, "王總機", Role.OPERATOR)
    assert not large_print(volunteer) and not large_print(operator)  # nobody chose yet: normal print
    set_large_print(volunteer, True)  # the volunteer, without the secretary
    assert large_print(volunteer) and not large_print(operator) and not large_print(boss)
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (entry.table_name, entry.action, entry.user_id, entry.after["value"]) == (
        "app_setting", "insert", volunteer.id, True
    )
    before = stored()
    set_large_print(volunteer, True)  # the same choice again writes nothing
    assert stored() == before
    set_large_print(volunteer, False)
    assert not large_print(volunteer)
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).get().action == "update"
    from models.verify import verify

    assert verify().problems == []  # each row matches its trail


def test_large_print_is_refused_to_nobody_and_to_a_retired_user(boss: User) -> None:
    from models.settings import set_large_print
    from models.users import update_user

    gone = create_user(boss, "離職志工", Role.VOLUNTEER)
    update_user(boss, gone, name=gone.name, role=gone.role, active=False)
    before = stored()
    with pytest.raises(PermissionDenied, match="已停用"):
        set_large_print(gone, True)
    with pytest.raises(PermissionDenied, match="請先在開始畫面選擇使用者"):
        set_large_print(None, True)
    assert stored() == before

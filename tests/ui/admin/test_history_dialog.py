"""HistoryDialog and describe_change: the audit trail of one record, in words a secretary reads."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from models.accounts import Role, User
from models.audit import history, void_record
from models.errors import PermissionDenied
from models.rocdate import format_roc
from models.service.categories import ServiceCategory, add_category, move_category, update_category
from models.service.counts import (
    correct_payment,
    delete_category,
    record_payment,
    record_press,
    set_day_total,
)
from models.survey.forms import ResponseInput, SurveyResponse, correct_response, save_response, start_batch
from models.survey.questionnaire import STANDARD_ITEMS
from models.users import create_user, update_user
from models.labels import EntryWords
from tests.ui.fit_checks import cut_cells
from ui.style import set_large_print
from ui.admin.history_dialog import HistoryDialog, HistoryModel, Lookups, describe_change

CODES = [code for code, _text, _kind in STANDARD_ITEMS]
# A picture is read by what its table's model declares (models.labels).
FORM, USER = SurveyResponse._meta.table_name, User._meta.table_name
ROC_MOMENT = re.compile(r"\d{3}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}")


def answers(**changes: int) -> dict[str, int]:
    picture = {code: 1 for code in CODES}
    picture.update(changes)
    return picture


def response_picture(**overrides: object) -> dict[str, object]:
    """A snapshot shaped like SurveyResponse.snapshot()."""
    picture: dict[str, object] = {
        "id": 7,
        "created_by": 2,
        "created_at": "2017-03-01T10:15:00",
        "voided_at": None,
        "voided_by": None,
        "void_reason": None,
        "batch": 3,
        "questionnaire": 1,
        "survey_date": "2017-03-01",
        "comment": "",
        "contact_phone": None,
        "phone_consent": False,
        "answers": answers(),
    }
    picture.update(overrides)
    return picture


# ---------------------------------------------------------------- describe_change


def test_insert_is_a_short_summary() -> None:
    text = describe_change("insert", None, response_picture(answers={"A": 1, "B": 2, "K": 9}), table=FORM)
    assert text == "問卷日期：106/03/01\n答案：A：1、B：2、K：9"


def test_insert_summary_shows_filled_in_fields() -> None:
    after = response_picture(comment="很親切", contact_phone="09*****678", phone_consent=True, answers={})
    lines = describe_change("insert", None, after, table=FORM).splitlines()
    assert lines == ["問卷日期：106/03/01", "意見：很親切", "聯絡電話：09*****678", "同意留電話：是"]


# What the dialog reads once for a form's entries: each questionnaire's items and their options.
STANDARD_WORDS = Lookups(entries={"answers": {1: {
    "A": EntryWords("A 洽公環境滿意度及環境…", {1: "非常滿意", 2: "滿意", 3: "無意見", 4: "不滿意", 5: "非常不滿意", 0: "未作答", 9: "勾選二個以上"}),
    "K": EntryWords("K 申辦案件所花費的時間", {1: "5分鐘以內", 0: "未作答", 9: "勾選二個以上"}),
}}})


def test_a_form_s_answers_read_as_words() -> None:
    before = response_picture(answers=answers(A=3, K=1))
    after = response_picture(answers=answers(A=1, K=9))
    assert describe_change("update", before, after, table=FORM, lookups=STANDARD_WORDS).splitlines() == [
        "A 洽公環境滿意度及環境…：無意見 → 非常滿意",
        "K 申辦案件所花費的時間：5分鐘以內 → 勾選二個以上",
    ]
    inserted = describe_change("insert", None, response_picture(answers={"A": 2, "K": 0}), table=FORM, lookups=STANDARD_WORDS)
    assert inserted == "問卷日期：106/03/01\n答案：A 滿意、K 未作答"


def test_answers_of_an_edition_the_dialog_did_not_read_stay_as_stored() -> None:
    other = response_picture(questionnaire=2, answers=answers(A=3))
    assert describe_change("update", other, response_picture(questionnaire=2), table=FORM, lookups=STANDARD_WORDS) == "A：3 → 1"


def test_insert_of_a_user() -> None:
    after = {"id": 2, "name": "陳志工", "role": "volunteer", "pin_hash": None, "active": True}
    assert describe_change("insert", None, after, table=USER) == "姓名：陳志工\n角色：志工\n使用中：是"


def test_update_lists_changed_fields_and_answer_codes() -> None:
    before = response_picture(answers=answers(C=2))
    after = response_picture(answers=answers(C=1, F=3), comment="說明清楚")
    lines = describe_change("update", before, after, table=FORM).splitlines()
    assert lines == ["意見：（空白） → 說明清楚", "C：2 → 1", "F：1 → 3"]


def test_update_skips_unchanged_keys() -> None:
    before = response_picture()
    after = response_picture(survey_date="2017-03-02")
    assert describe_change("update", before, after, table=FORM) == "問卷日期：106/03/01 → 106/03/02"


def test_update_of_a_user_uses_labels() -> None:
    before = {"id": 2, "name": "陳志工", "role": "volunteer", "active": True, "pin_hash": None}
    after = {"id": 2, "name": "陳大工", "role": "secretary", "active": False, "pin_hash": "（已設定）"}
    assert describe_change("update", before, after, table=USER).splitlines() == [
        "姓名：陳志工 → 陳大工",
        "角色：志工 → 研考",
        "使用中：是 → 否",
        "PIN：（空白） → （已設定）",
    ]


def test_update_with_unknown_key_shows_it_as_is() -> None:
    assert describe_change("update", {"mystery": 1}, {"mystery": 2}) == "mystery：1 → 2"


def test_update_without_changes() -> None:
    assert describe_change("update", response_picture(), response_picture(), table=FORM) == "（沒有變更）"


def test_void_shows_the_reason() -> None:
    after = response_picture(voided_at="2017-03-02T09:00:00", voided_by=1, void_reason="重複輸入")
    assert describe_change("void", response_picture(), after, table=FORM) == "原因：重複輸入"


def test_unknown_action_is_empty() -> None:
    assert describe_change("merge", {}, {}) == ""


# ---------------------------------------------------------------- the dialog


@pytest.fixture
def corrected_and_voided(secretary: User, volunteer: User) -> SurveyResponse:
    """A form keyed by a volunteer, corrected and then voided by the secretary."""
    batch = start_batch(volunteer, dt.date(2017, 3, 1), 5)
    response = save_response(volunteer, batch, ResponseInput(answers(C=2)))
    correct_response(secretary, response, ResponseInput(answers(C=1), comment="承辦人很親切"))
    void_record(secretary, SurveyResponse.get_by_id(response.id), "重複輸入同一張問卷")
    return response


def rows(model: HistoryModel) -> list[list[str]]:
    return [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_dialog_lists_insert_update_void(qtbot, secretary: User, corrected_and_voided: SurveyResponse) -> None:
    dialog = HistoryDialog(secretary, "survey_response", corrected_and_voided.id)
    qtbot.addWidget(dialog)
    model = dialog.table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["時間", "使用者", "動作", "內容"]
    table = rows(model)
    assert [row[2] for row in table] == ["新增", "修改", "作廢"]
    assert [row[1] for row in table] == ["陳志工", "林秘書", "林秘書"]
    assert all(ROC_MOMENT.fullmatch(row[0]) for row in table)
    assert table[0][3].startswith("問卷日期：106/03/01\n答案：A 非常滿意、B 非常滿意、C 滿意")
    assert table[1][3].splitlines() == ["意見：（空白） → 承辦人很親切", "C 電話禮貌：滿意 → 非常滿意"]
    assert table[2][3] == "原因：重複輸入同一張問卷"
    assert dialog.table.wordWrap()


def test_dialog_title_names_the_record(qtbot, secretary: User, corrected_and_voided: SurveyResponse) -> None:
    dialog = HistoryDialog(secretary, "survey_response", corrected_and_voided.id)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "修改歷程"
    assert f"問卷 第 {corrected_and_voided.id} 筆的修改歷程" in dialog.title.text()


def test_first_secretary_was_added_by_the_system(qtbot, secretary: User, volunteer: User) -> None:
    update_user(secretary, volunteer, name="陳志工", role=Role.VOLUNTEER, active=False)
    first = HistoryDialog(secretary, "app_user", secretary.id)
    qtbot.addWidget(first)
    assert rows(first.model)[0][1:3] == ["系統", "新增"]
    retired = HistoryDialog(secretary, "app_user", volunteer.id)
    qtbot.addWidget(retired)
    assert [row[2] for row in rows(retired.model)] == ["新增", "修改"]
    assert rows(retired.model)[1][3] == "使用中：是 → 否"


def test_close_button_closes(qtbot, secretary: User, corrected_and_voided: SurveyResponse) -> None:
    dialog = HistoryDialog(secretary, "survey_response", corrected_and_voided.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.close_button.text() == "關閉"
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_record_without_history(qtbot, secretary: User) -> None:
    dialog = HistoryDialog(secretary, "survey_response", 999)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    assert not dialog.empty_label.isHidden()


def test_volunteer_may_not_open_history(qtbot, volunteer: User, corrected_and_voided: SurveyResponse) -> None:
    with pytest.raises(PermissionDenied, match="只有研考"):
        HistoryDialog(volunteer, "survey_response", corrected_and_voided.id)


def test_history_model_passes_modeltester(
    qtmodeltester, secretary: User, corrected_and_voided: SurveyResponse
) -> None:
    model = HistoryModel(history(secretary, "survey_response", corrected_and_voided.id))
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def test_empty_history_model_passes_modeltester(qtmodeltester) -> None:
    qtmodeltester.check(HistoryModel([]))


# ---------------------------------------------------------------- one dialog per audited table


def opened(qtbot, secretary: User, table: str, record_id: int) -> tuple[HistoryDialog, list[list[str]]]:
    dialog = HistoryDialog(secretary, table, record_id)
    qtbot.addWidget(dialog)
    return dialog, rows(dialog.model)


def test_a_survey_batch(qtbot, secretary: User, volunteer: User) -> None:
    batch = start_batch(volunteer, dt.date(2017, 3, 1), 25)
    void_record(secretary, batch, "整疊重複登記")
    dialog, table = opened(qtbot, secretary, "survey_batch", batch.id)
    assert f"問卷批次 第 {batch.id} 筆的修改歷程" in dialog.title.text()
    assert [row[2] for row in table] == ["新增", "作廢"]
    assert table[0][3] == "問卷日期：106/03/01\n本疊張數：25"
    assert table[1][3] == "原因：整疊重複登記"


def test_a_user(qtbot, secretary: User) -> None:
    user = create_user(secretary, "陳志工", Role.VOLUNTEER)
    update_user(secretary, user, name="陳大志", role=Role.OPERATOR, active=True)
    update_user(secretary, user, name="陳大志", role=Role.OPERATOR, active=False)
    dialog, table = opened(qtbot, secretary, "app_user", user.id)
    assert f"使用者 第 {user.id} 筆的修改歷程" in dialog.title.text()
    assert [row[2] for row in table] == ["新增", "修改", "修改"]
    assert table[0][3] == "姓名：陳志工\n角色：志工\n使用中：是"
    assert table[1][3] == "姓名：陳志工 → 陳大志\n角色：志工 → 總機"
    assert table[2][3] == "使用中：是 → 否"


def test_a_payment(qtbot, secretary: User) -> None:
    duty = create_user(secretary, "王輪值", Role.DUTY)
    payment = record_payment(duty, "1500", "R1")  # a desk records only its own day
    correct_payment(secretary, payment, "12,000", "R2")
    void_record(secretary, payment, "收據作廢重開")
    dialog, table = opened(qtbot, secretary, "service_event", payment.id)
    assert f"服務紀錄 第 {payment.id} 筆的修改歷程" in dialog.title.text()
    assert [row[1:3] for row in table] == [["王輪值", "新增"], ["林秘書", "修改"], ["林秘書", "作廢"]]
    assert table[0][3].splitlines() == [
        f"日期：{format_roc(dt.date.today())}",
        "類別：G 中午輪值不打烊收款",
        "來源：收款",
        "人次：1",
        "金額：1,500",
        "收據號碼：R1",
    ]
    assert table[1][3].splitlines() == ["金額：1,500 → 12,000", "收據號碼：R1 → R2"]
    assert table[2][3] == "原因：收據作廢重開"


def test_presses_and_grid_adjustments(qtbot, secretary: User, volunteer: User) -> None:
    a = ServiceCategory.get(ServiceCategory.code == "A")
    press = record_press(secretary, ServiceCategory.get(ServiceCategory.code == "C"), when=dt.datetime(2017, 3, 2, 9))
    adjustment = set_day_total(secretary, a, dt.date(2017, 3, 2), "1234")
    assert adjustment is not None
    _dialog, table = opened(qtbot, secretary, "service_event", press.id)
    assert table[0][3] == "日期：106/03/02\n類別：C 服務中心導引民眾\n來源：按鍵\n人次：1"
    _dialog, table = opened(qtbot, secretary, "service_event", adjustment.id)
    assert table[0][3] == "日期：106/03/02\n類別：A 總機電話服務\n來源：日誌補登\n人次：1,234"


def test_a_service_category(qtbot, secretary: User) -> None:
    added = add_category(secretary, "臨時類別", roles=[Role.OPERATOR, Role.DUTY], shortcut="k")
    update_category(secretary, added, name="臨時服務", roles=[Role.DUTY], shortcut="", active=True)
    move_category(secretary, added, -1)
    delete_category(secretary, ServiceCategory.get_by_id(added.id))
    dialog, table = opened(qtbot, secretary, "service_category", added.id)
    assert f"服務類別 第 {added.id} 筆的修改歷程" in dialog.title.text()
    assert [row[2] for row in table] == ["新增", "修改", "修改", "刪除"]
    assert table[0][3] == "代碼：K\n名稱：臨時類別\n按鍵：K\n角色：總機、輪值\n使用中：是"
    assert table[1][3].splitlines() == ["名稱：臨時類別 → 臨時服務", "角色：總機、輪值 → 輪值", "按鍵：K → （空白）"]
    assert table[2][3] == "順序：10 → 9"
    assert table[3][3] == "代碼：K\n名稱：臨時服務\n角色：輪值\n使用中：是"


def test_a_table_no_model_declares_is_shown_as_stored() -> None:
    picture = {"id": 4, "colour": "blue", "size": 1500}
    assert describe_change("insert", None, picture, table="no_such_table") == "colour：blue\nsize：1500"
    assert describe_change("update", picture, {**picture, "size": 2}, table="no_such_table") == "size：1500 → 2"


def test_a_setting_reads_by_its_models_labels(qtbot, secretary: User) -> None:
    from models.settings import BACKUPS_KEPT, Setting, set_settings

    set_settings(secretary, {BACKUPS_KEPT: "20"})
    set_settings(secretary, {BACKUPS_KEPT: "25"})
    row = Setting.get(Setting.key == BACKUPS_KEPT)
    dialog, table = opened(qtbot, secretary, "app_setting", row.id)
    assert f"設定 第 {row.id} 筆的修改歷程" in dialog.title.text()
    assert table[0][3] == f"設定項目：{BACKUPS_KEPT}\n設定值：20"
    assert table[1][3] == "設定值：20 → 25"


def test_an_erased_phone_says_which_field_never_what_it_held() -> None:
    before = response_picture(contact_phone="*******678", phone_consent=True)
    after = response_picture(contact_phone=None, phone_consent=True, phone_erased_at="2017-06-01T08:00:00")
    assert describe_change("erase", before, after, table=FORM) == "已清除：聯絡電話"


def test_a_follow_up_and_its_form_s_erased_phone(qtbot, secretary: User, volunteer: User) -> None:
    from models.registers.followups import CallInput, close_follow_up, record_call

    batch = start_batch(volunteer, dt.date(2017, 3, 1), None)
    form = save_response(volunteer, batch, ResponseInput({**answers(), "C": 4}, "", "0912-345-678", True))
    call = record_call(secretary, form, CallInput(dt.date(2017, 3, 2), "轉接太久"))
    close_follow_up(secretary, form, CallInput(dt.date(2017, 3, 3), "轉接太久", "已請總機先報分機"))
    dialog, table = opened(qtbot, secretary, "follow_up", call.id)
    assert f"問卷追蹤 第 {call.id} 筆的修改歷程" in dialog.title.text()
    assert [row[2] for row in table] == ["新增", "修改"]
    assert table[0][3] == f"問卷：{form.id}\n聯絡日期：106/03/02\n民眾反映原因：轉接太久"
    assert table[1][3].splitlines()[:2] == ["聯絡日期：106/03/02 → 106/03/03", "告知改善情形：（空白） → 已請總機先報分機"]
    _dialog, table = opened(qtbot, secretary, "survey_response", form.id)
    assert [row[1:] for row in table[-1:]] == [["林秘書", "清除個資", "已清除：聯絡電話"]]
    assert not any("345" in cell for row in table for cell in row)


LONG_COMMENT = "承辦人很親切，說明清楚，但是等候的時間太長了，希望可以多開一個櫃台，也希望停車位可以再多一些，謝謝。"


@pytest.mark.parametrize("large", [False, True], ids=["normal print", "large print"])
def test_every_line_of_a_long_change_shows_whole(
    qtbot, app_font: QApplication, secretary: User, volunteer: User, large: bool
) -> None:
    """The change itself (「洽公環境…：非常滿意 → 無意見」, a long comment) is never cut at its last line."""
    set_large_print(app_font, large)
    batch = start_batch(volunteer, dt.date(2017, 3, 1), 5)
    response = save_response(volunteer, batch, ResponseInput(answers()))
    changed = ResponseInput(answers(A=3, B=2, C=3, D=2, E=3, F=2, G=3, H=2, I=3, J=2, K=3), comment=LONG_COMMENT)
    correct_response(secretary, response, changed)
    dialog = HistoryDialog(secretary, "survey_response", response.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(20)
    assert len(rows(dialog.model)[1][3].splitlines()) == 12  # the comment and the eleven answers
    assert cut_cells(dialog.table) == []
    assert not dialog.table.horizontalScrollBar().isVisible()

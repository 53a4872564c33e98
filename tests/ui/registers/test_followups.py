"""問卷追蹤 (登記簿's second tab) through the real widgets: the forms that ask for a call,
read as an op; the call recorded with each message beside its field; 結案 run as an op with
progress, the window answering, the number gone from the ledger file and its -wal; a call
voided; the phone shown whole in the dialog alone; and the line that says how many forms wait."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox

import models.registers.followups
import ui.registers.followups
from models.accounts import Role, User
from models.audit import AuditEntry
from models.registers.followups import (
    ALREADY_CLOSED,
    CLOSED,
    OPEN,
    CallInput,
    FollowUp,
    FollowUpRow,
    close_follow_up,
    record_call,
)
from models.rocdate import format_roc
from models.survey.forms import ResponseInput, SurveyResponse, save_response, start_batch
from models.users import create_user
from tests.models.registers.test_followups import found_in, sqlite_bytes
from tests.ui.message_boxes import AnsweredBoxes
from tests.ui.op_gate import RELEASE_S, Gate, assert_the_loop_runs, hold_read
from tests.ui.registers.register_checks import (
    answer_void,
    assert_models_pass_modeltester,
    assert_one_dialog_per_activation,
    assert_read_on_the_worker,
    assert_refused_beside,
    assert_refused_to_all_but_the_secretary,
    cells,
    choose_period,
    listed,
    open_dialogs,
    shown,
    type_date,
)
from ui.ops import op_runner
from ui.registers.followups import FollowUpDialog, FollowUpsPage, asked_items
from ui.widgets.progress import ProgressPanel

TODAY = dt.date.today()
SURVEY_DAY = dt.date(2017, 3, 14)
CALL_DAY = dt.date(2017, 3, 16)
PHONE = "0912-345-678"
ALL_ONES = {code: 1 for code in "ABCDEFGHIJK"}
COLUMNS = ["問卷", "不滿意項目", "意見", "電話", "狀態", "聯絡日期", "民眾反映原因", "告知改善情形"]
STATUS = COLUMNS.index("狀態")


def written() -> tuple[int, int, list[str | None]]:
    """What a refused input must leave as it was: calls, audit rows, the forms' phones."""
    phones = [r.contact_phone for r in SurveyResponse.select().order_by(SurveyResponse.id)]
    return FollowUp.select().count(), AuditEntry.select().count(), phones


@pytest.fixture
def forms(secretary: User, volunteer: User) -> dict[str, SurveyResponse]:
    march = start_batch(volunteer, SURVEY_DAY, None)
    made = {
        "content": save_response(volunteer, march, ResponseInput(ALL_ONES)),  # not on the list
        "unhappy": save_response(volunteer, march, ResponseInput({**ALL_ONES, "C": 4, "G": 5}, "", PHONE, True)),
        "commented": save_response(
            volunteer, march, ResponseInput(ALL_ONES, "櫃台可以再多一張椅子，\n等候時站著很累", "06-2981234", True)
        ),
    }
    june = start_batch(volunteer, dt.date(2017, 6, 8), None)
    made["called"] = save_response(volunteer, june, ResponseInput({**ALL_ONES, "J": 4}))
    record_call(secretary, made["called"], CallInput(dt.date(2017, 6, 9), "等太久", "已增設叫號機"))
    made["closed"] = save_response(volunteer, june, ResponseInput(ALL_ONES, "很好", "0922-111-222", True))
    close_follow_up(secretary, made["closed"], CallInput(dt.date(2017, 6, 9), "稱讚志工"))
    return made


@pytest.fixture
def page(qtbot, secretary: User) -> FollowUpsPage:
    return shown(qtbot, FollowUpsPage(secretary))


@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> AnsweredBoxes:
    """結案 asks first (it cannot be undone): answered 結案 unless a test says otherwise."""
    return AnsweredBoxes(QMessageBox.StandardButton.Yes).install(monkeypatch)


def row_of(page: FollowUpsPage, form: SurveyResponse) -> int:
    return page.model.row_of(form.id)


def ids(page: FollowUpsPage) -> list[int]:
    return [page.model.record_at(r).response_id for r in range(page.model.rowCount())]


def open_call(qtbot, page: FollowUpsPage, form: SurveyResponse) -> FollowUpDialog:
    page.refresh()
    listed()
    page.table.selectRow(row_of(page, form))
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    [dialog] = open_dialogs(page, FollowUpDialog)
    return dialog


def fill(qtbot, dialog: FollowUpDialog, *, day: str = "1060316", reason: str = "電話轉接太久", improvement: str = "") -> None:
    type_date(qtbot, dialog.date_edit, day)
    dialog.reason_edit.setPlainText(reason)  # Chinese arrives whole from the input method
    dialog.improvement_edit.setPlainText(improvement)


# ---------------------------------------------------------------- the list


def test_the_list_shows_each_form_that_asks_for_a_call(page: FollowUpsPage, forms: dict[str, SurveyResponse]) -> None:
    page.refresh()
    listed()
    assert [column.header for column in page.model.columns] == COLUMNS
    assert ids(page) == [forms[k].id for k in ("unhappy", "commented", "called", "closed")]  # oldest first
    assert cells(page) == [
        ["106/03/14 第 2 張", "不滿意 C、非常不滿意 G", "", "*******678", "待聯絡", "", "", ""],
        ["106/03/14 第 3 張", "", "櫃台可以再多一張椅子，…", "******234", "待聯絡", "", "", ""],
        ["106/06/08 第 1 張", "不滿意 J", "", "", "已聯絡", "106/06/09", "等太久", "已增設叫號機"],
        ["106/06/08 第 2 張", "", "很好", "已刪除", "已結案", "106/06/09", "稱讚志工", ""],
    ]
    model = page.model
    tip = model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert tip == "C 電話禮貌：不滿意\nG 承辦人的服務態度：非常不滿意"  # the items in the questionnaire's words
    assert model.data(model.index(1, 2), Qt.ItemDataRole.ToolTipRole) == "櫃台可以再多一張椅子，\n等候時站著很累"
    assert model.data(model.index(0, STATUS), Qt.ItemDataRole.FontRole).bold()  # what waits stands out
    assert model.data(model.index(2, STATUS), Qt.ItemDataRole.FontRole) is None
    assert page.count_label.text() == "共 4 筆" and page.add_button.isHidden()


@pytest.mark.parametrize(
    "answers, shown",
    [
        ((("C", "不滿意"), ("E", "非常不滿意"), ("G", "不滿意")), "不滿意 CG、非常不滿意 E"),
        (tuple((code, "非常不滿意") for code in "ABCDEFGHIJ"), "非常不滿意 ABCDEFGHIJ"),  # short with every item ticked
        ((), ""),
    ],
)
def test_the_items_column_stays_short(answers: tuple[tuple[str, str], ...], shown: str) -> None:
    row = FollowUpRow(1, SURVEY_DAY, 1, answers, "", None, False, None, "", "")
    assert asked_items(row) == shown


def test_no_cell_of_the_list_carries_a_whole_phone(page: FollowUpsPage, forms: dict[str, SurveyResponse]) -> None:
    """Whatever is copied, exported or printed from the list has the mask alone."""
    page.refresh()
    listed()
    model = page.model
    said = [
        str(model.data(model.index(r, c), role))
        for r in range(model.rowCount()) for c in range(model.columnCount())
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    ]
    for digits in ("0912345678", "0912-345-678", "2981234", "06-2981234", "912345", "29812"):
        assert not [text for text in said if digits in text]


def test_the_filters_choose_what_is_listed(qtbot, page: FollowUpsPage, forms: dict[str, SurveyResponse]) -> None:
    bar = page.filter_bar
    bar.set_choice("status", OPEN)
    listed()
    assert ids(page) == [forms["unhappy"].id, forms["commented"].id]
    bar.set_choice("status", CLOSED)
    listed()
    assert ids(page) == [forms["closed"].id]
    bar.set_choice("status", None)
    choose_period(qtbot, page, "106/06")
    assert ids(page) == [forms["called"].id, forms["closed"].id]
    assert bar.period_bar.period_label.text() == "106年6月"
    choose_period(qtbot, page, "105")
    assert ids(page) == [] and page.count_label.text() == "共 0 筆"


def test_a_bad_period_is_said_under_its_box_and_the_list_stays(
    qtbot, page: FollowUpsPage, forms: dict[str, SurveyResponse]
) -> None:
    page.refresh()
    listed()
    before = cells(page)
    edit = page.filter_bar.period_bar.period_edit
    edit.setText("106H3")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "106H3" in page.filter_bar.period_bar.message.text()
    assert op_runner().is_idle() and cells(page) == before


# ---------------------------------------------------------------- the call


def test_the_dialog_shows_the_form_and_its_whole_phone(
    qtbot, page: FollowUpsPage, forms: dict[str, SurveyResponse]
) -> None:
    dialog = open_call(qtbot, page, forms["unhappy"])
    assert dialog.windowTitle() == "記錄聯絡"
    assert dialog.form_label.text() == "106/03/14 第 2 張問卷"
    assert dialog.items_label.text() == "C 電話禮貌：不滿意\nG 承辦人的服務態度：非常不滿意"
    assert dialog.phone_label.text() == PHONE  # whole, for the call: only here
    assert dialog.date_edit.date() == TODAY and dialog.focusWidget() is dialog.date_edit.lineEdit()
    dialog.reject()
    dialog = open_call(qtbot, page, forms["called"])
    assert dialog.windowTitle() == "修改聯絡紀錄" and dialog.phone_label.text() == "（沒有留電話）"
    assert (dialog.date_edit.date(), dialog.reason_edit.toPlainText()) == (dt.date(2017, 6, 9), "等太久")
    assert dialog.improvement_edit.toPlainText() == "已增設叫號機"
    dialog.reject()


def test_recording_a_call_through_the_dialog(qtbot, page: FollowUpsPage, forms: dict[str, SurveyResponse]) -> None:
    changes: list[None] = []
    page.records_changed.connect(lambda: changes.append(None))
    dialog = open_call(qtbot, page, forms["unhappy"])
    fill(qtbot, dialog, reason=" 電話轉接太久 ", improvement="已請總機先報分機")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    call = FollowUp.get(FollowUp.response == forms["unhappy"].id)
    assert (call.call_date, call.reason, call.improvement, call.closed_at) == (CALL_DAY, "電話轉接太久", "已請總機先報分機", None)
    assert SurveyResponse.get_by_id(forms["unhappy"].id).contact_phone == PHONE  # kept until the closing
    listed()
    assert page.selected().response_id == forms["unhappy"].id and changes == [None]
    assert cells(page)[row_of(page, forms["unhappy"])][STATUS:] == ["已聯絡", "106/03/16", "電話轉接太久", "已請總機先報分機"]


BAD_CALLS = [
    pytest.param({"day": ""}, False, "date", "請輸入聯絡日期。", id="no-date"),
    pytest.param({"day": "abc"}, False, "date", None, id="unreadable-date"),
    pytest.param({"day": "1060230"}, False, "date", None, id="no-such-day"),
    pytest.param({"day": format_roc(TODAY + dt.timedelta(days=1))}, False, "date", "聯絡日期不能晚於今天。", id="tomorrow"),
    pytest.param({"day": "1060313"}, False, "date", "聯絡日期不能早於問卷日期（106/03/14）。", id="before-the-survey"),
    pytest.param({"reason": "長" * 501}, False, "reason", "民眾反映原因最多 500 個字。", id="long-reason"),
    pytest.param({"improvement": "長" * 501}, False, "improvement", "告知改善情形最多 500 個字。", id="long-improvement"),
    pytest.param({"day": ""}, True, "date", "請輸入聯絡日期。", id="close-no-date"),
    pytest.param({"day": "1060399"}, True, "date", None, id="close-unreadable-date"),
    pytest.param({"day": "1060313"}, True, "date", "聯絡日期不能早於問卷日期（106/03/14）。", id="close-before-the-survey"),
    pytest.param({"reason": ""}, True, "reason", "結案前請寫下民眾反映的原因。", id="close-without-reason"),
    pytest.param({"reason": " \n　"}, True, "reason", "結案前請寫下民眾反映的原因。", id="close-blank-reason"),
    pytest.param({"improvement": "長" * 501}, True, "improvement", "告知改善情形最多 500 個字。", id="close-long-improvement"),
]


@pytest.mark.parametrize("typed, closing, field, message", BAD_CALLS)
def test_bad_input_is_said_beside_its_field_and_nothing_is_written(
    qtbot, page: FollowUpsPage, forms: dict[str, SurveyResponse], boxes: AnsweredBoxes, typed: dict[str, str],
    closing: bool, field: str, message: str | None,
) -> None:
    dialog = open_call(qtbot, page, forms["unhappy"])
    fill(qtbot, dialog, **typed)
    assert_refused_beside(qtbot, dialog, field, message, written, dialog.close_button if closing else None)
    assert all(button.isEnabled() for button in dialog.buttons.buttons())  # ready to be tried again
    assert boxes.questions == []  # 結案's question is asked only of a call that can be saved


# ---------------------------------------------------------------- 結案, as an op


@pytest.fixture
def closing_gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """The closing held on the worker until the test opens the gate."""
    yield from hold_read(monkeypatch, ui.registers.followups, "close_follow_up")


def test_closing_runs_as_an_op_and_the_number_leaves_the_file(
    qtbot, page: FollowUpsPage, forms: dict[str, SurveyResponse], closing_gate: Gate, db_path: Path
) -> None:
    dialog = open_call(qtbot, page, forms["unhappy"])
    fill(qtbot, dialog, improvement="已請總機先報分機")
    changes: list[None] = []
    page.records_changed.connect(lambda: changes.append(None))
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert closing_gate.reached.wait(RELEASE_S)  # on the worker, held there
    assert_the_loop_runs(qtbot, page)  # the window answers while the file is cleared
    assert dialog.isVisible() and not dialog.close_button.isEnabled() and not dialog.ok_button.isEnabled()
    assert dialog.closing_label.text() == "正在結案：刪除聯絡電話並清除資料檔…"
    qtbot.waitUntil(lambda: any(panel.isVisible() for panel in dialog.findChildren(ProgressPanel)))  # after a moment
    [panel] = dialog.findChildren(ProgressPanel)
    assert panel.title.text() == "正在結案：刪除聯絡電話並清除資料檔…" and panel.cancel_button is None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # not left half-way
    assert dialog.isVisible()
    closing_gate.open()
    listed()
    assert not dialog.isVisible()
    call = FollowUp.get(FollowUp.response == forms["unhappy"].id)
    assert call.is_closed and (call.reason, call.improvement) == ("電話轉接太久", "已請總機先報分機")
    assert SurveyResponse.get_by_id(forms["unhappy"].id).contact_phone is None
    assert page.outcome.isVisible() and page.message.text() == ""
    assert page.outcome.text() == "已結案：106/03/14 第 2 張問卷。聯絡電話已刪除，資料檔裡也已清除。"
    listed()
    assert cells(page)[row_of(page, forms["unhappy"])][3:6] == ["已刪除", "已結案", "106/03/16"]
    assert changes == [None]
    assert found_in(sqlite_bytes(db_path), PHONE) == []  # neither in the file nor in its -wal
    assert found_in(sqlite_bytes(db_path), "06-2981234") != []  # (the search finds a number still kept)


def test_a_file_not_yet_cleared_is_said(
    qtbot, page: FollowUpsPage, forms: dict[str, SurveyResponse], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models.registers.followups, "scrub_freed_space", lambda *args: False)  # another PC reading
    dialog = open_call(qtbot, page, forms["commented"])
    fill(qtbot, dialog, reason="希望多放椅子")
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    listed()
    assert not dialog.isVisible() and SurveyResponse.get_by_id(forms["commented"].id).contact_phone is None
    assert page.message.text() == (
        "已結案：106/03/14 第 3 張問卷。聯絡電話已從資料中刪除，但資料檔裡殘留的舊資料這次沒能清除"
        "（資料庫正被其他連線使用）；之後再刪除電話時會一併清除。"
    )
    assert not page.outcome.isVisible()


@pytest.mark.parametrize(
    "form, question",
    [
        ("unhappy", "結案後這筆追蹤不能再修改，問卷上的聯絡電話也會刪除，不能復原。確定結案？"),
        ("called", "結案後這筆追蹤不能再修改。確定結案？"),
    ],
)
def test_closing_asks_first_and_going_back_changes_nothing(
    qtbot, page: FollowUpsPage, forms: dict[str, SurveyResponse], boxes: AnsweredBoxes, form: str, question: str
) -> None:
    dialog = open_call(qtbot, page, forms[form])
    fill(qtbot, dialog, day=format_roc(forms[form].survey_date + dt.timedelta(days=2)))  # a call that can be saved
    boxes.reply = QMessageBox.StandardButton.No  # 返回
    before = written()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    listed()
    assert boxes.questions == [question]
    assert written() == before and dialog.isVisible() and dialog.close_button.isEnabled()


def test_closing_a_form_without_a_phone_says_so(qtbot, page: FollowUpsPage, forms: dict[str, SurveyResponse]) -> None:
    dialog = open_call(qtbot, page, forms["called"])
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    listed()
    assert FollowUp.get(FollowUp.response == forms["called"].id).is_closed
    assert page.outcome.text() == "已結案：106/06/08 第 1 張問卷（沒有留電話）。"


def test_a_closing_refused_on_the_worker_is_said_in_the_dialog(
    qtbot, page: FollowUpsPage, forms: dict[str, SurveyResponse], secretary: User
) -> None:
    dialog = open_call(qtbot, page, forms["unhappy"])
    fill(qtbot, dialog)
    close_follow_up(secretary, forms["unhappy"], CallInput(CALL_DAY, "在另一台電腦上結案"))  # meanwhile
    before = written()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    listed()
    assert dialog.isVisible() and dialog.message.text() == ALREADY_CLOSED and written() == before
    assert dialog.close_button.isEnabled()


def test_a_closed_follow_up_is_not_opened_again(qtbot, page: FollowUpsPage, forms: dict[str, SurveyResponse]) -> None:
    page.refresh()
    listed()
    row = row_of(page, forms["closed"])
    page.table.selectRow(row)
    assert not page.edit_button.isEnabled() and page.void_button.isEnabled() and page.history_button.isEnabled()
    page.table.activated.emit(page.model.index(row, 0))  # Enter on it
    assert open_dialogs(page, FollowUpDialog) == [] and page.message.text() == ALREADY_CLOSED


def test_a_form_not_yet_called_has_no_call_to_void_or_trace(
    page: FollowUpsPage, forms: dict[str, SurveyResponse]
) -> None:
    page.refresh()
    listed()
    page.table.selectRow(row_of(page, forms["unhappy"]))
    assert page.edit_button.isEnabled() and not page.void_button.isEnabled() and not page.history_button.isEnabled()


def test_voiding_a_call_recorded_on_the_wrong_form(
    qtbot, page: FollowUpsPage, forms: dict[str, SurveyResponse], monkeypatch: pytest.MonkeyPatch
) -> None:
    page.refresh()
    listed()
    page.table.selectRow(row_of(page, forms["closed"]))
    asked = answer_void(monkeypatch, "記在別張問卷上")
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    assert "106/06/08 第 2 張問卷的聯絡紀錄（106/06/09）" in asked[0] and "不能空白" in asked[1]
    call = FollowUp.get(FollowUp.response == forms["closed"].id)
    assert call.is_voided and call.void_reason == "記在別張問卷上"
    listed()
    assert page.selected().response_id == forms["closed"].id  # the form stays chosen
    assert cells(page)[row_of(page, forms["closed"])][3:] == ["已刪除", "待聯絡", "", "", ""]  # waits again


def test_the_history_reads_the_call_in_its_own_words(
    qtbot, page: FollowUpsPage, forms: dict[str, SurveyResponse]
) -> None:
    from ui.admin.history_dialog import HistoryDialog

    page.refresh()
    listed()
    page.table.selectRow(row_of(page, forms["called"]))
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    [dialog] = page.findChildren(HistoryDialog)
    call = FollowUp.get(FollowUp.response == forms["called"].id)
    assert dialog.title.text() == f"問卷追蹤 第 {call.id} 筆的修改歷程"
    inserted = dialog.model.data(dialog.model.index(0, 3)).split("\n")
    assert {"聯絡日期：106/06/09", "民眾反映原因：等太久", "告知改善情形：已增設叫號機"} <= set(inserted)
    dialog.reject()


def test_a_double_click_or_enter_on_a_row_opens_exactly_one_dialog(
    qtbot, page: FollowUpsPage, forms: dict[str, SurveyResponse]
) -> None:
    page.refresh()
    listed()
    assert_one_dialog_per_activation(qtbot, page, row_of(page, forms["unhappy"]), FollowUpDialog)


# ---------------------------------------------------------------- the model, the op layer, who may


def test_the_model_passes_modeltester(qtmodeltester, page: FollowUpsPage, forms: dict[str, SurveyResponse]) -> None:
    assert_models_pass_modeltester(qtmodeltester, page, rows=4)


@pytest.fixture
def list_gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    yield from hold_read(monkeypatch, ui.registers.followups, "follow_up_list")


def test_the_list_loads_while_the_window_answers(
    qtbot, secretary: User, forms: dict[str, SurveyResponse], list_gate: Gate
) -> None:
    assert_read_on_the_worker(qtbot, lambda: FollowUpsPage(secretary), list_gate, rows=4)


def test_the_secretary_s_first_screen_says_how_many_forms_wait_for_a_call(
    qtbot, secretary: User, forms: dict[str, SurveyResponse]
) -> None:
    from ui.main_window import Workspace
    from ui.registers.book import NoticeLine, RegisterNotices

    owner = QObject()
    notices = RegisterNotices(owner)
    notices.logged_in(secretary)
    workspace = Workspace(secretary, parts=[notices])
    qtbot.addWidget(workspace)
    workspace.show()
    listed()
    [line] = workspace.findChildren(NoticeLine)
    assert "⚠ 有 2 張問卷等待電話追蹤：按 F11 登記簿的「問卷追蹤」，狀態選「待聯絡」" in line.text().split("\n")
    page = workspace.screen_widget("registers").page_for("followups")
    listed()
    page.table.selectRow(row_of(page, forms["unhappy"]))
    page.edit_selected()
    [dialog] = open_dialogs(page, FollowUpDialog)
    fill(qtbot, dialog)
    dialog.try_accept()  # a call recorded: the count is read again
    listed()
    assert "⚠ 有 1 張問卷等待電話追蹤：按 F11 登記簿的「問卷追蹤」，狀態選「待聯絡」" in line.text().split("\n")


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.OPERATOR, Role.DUTY])
def test_no_one_else_reads_the_list_even_on_a_screen_built_for_them(
    qtbot, secretary: User, forms: dict[str, SurveyResponse], monkeypatch: pytest.MonkeyPatch, role: Role
) -> None:
    clerk = create_user(secretary, "王輪值", role)
    assert_refused_to_all_but_the_secretary(
        qtbot, monkeypatch, lambda: FollowUpsPage(clerk), "問卷追蹤只有研考可以查看或記錄。"
    )

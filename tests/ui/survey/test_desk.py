"""The survey entry desk driven with the keyboard, as a volunteer keys a stack of paper."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from models.accounts import Role, User
from models.audit import AuditEntry
from models.survey.forms import BLANK, MULTIPLE, SurveyAnswer, SurveyBatch, SurveyResponse, answers_of
from models.users import create_user
from tests.ui.fit_checks import at_screen_size, open_logged_in
from ui.admin.history_dialog import HistoryDialog
from ui.survey.desk import SurveyDesk

ALL_ONES = "11111111111"


def make_desk(qtbot: QtBot, user: User) -> SurveyDesk:
    desk = SurveyDesk(user)
    qtbot.addWidget(desk)
    desk.show()
    desk.form.setFocus()
    return desk


def key_form(qtbot: QtBot, desk: SurveyDesk, keys: str, save: bool = True) -> None:
    """Type one paper form: one key per answer, then Enter."""
    for key in keys:
        qtbot.keyClicks(desk.form, key)
    if save:
        qtbot.keyClick(desk.form, Qt.Key.Key_Return)


def counts() -> tuple[int, int, int, int]:
    return (
        SurveyBatch.select().count(),
        SurveyResponse.select().count(),
        SurveyAnswer.select().count(),
        AuditEntry.select().count(),
    )


def test_ten_forms_by_keyboard_alone(qtbot: QtBot, volunteer: User) -> None:
    desk = make_desk(qtbot, volunteer)
    desk.sheets_edit.setText("10")
    forms = ["12345123451", "21212121212", "33333333333", "0*111111119", "11111111111"] * 2
    for keys in forms:
        key_form(qtbot, desk, keys)
    stored = [answers_of(r) for r in SurveyResponse.select().order_by(SurveyResponse.id)]
    assert len(stored) == 10
    assert stored[0] == dict(zip("ABCDEFGHIJK", [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1]))
    assert stored[3]["A"] == BLANK and stored[3]["B"] == MULTIPLE and stored[3]["K"] == MULTIPLE
    assert all(r.created_by_id == volunteer.id for r in SurveyResponse.select())
    assert SurveyBatch.select().count() == 1
    assert desk.list_model.rowCount() == 10
    assert desk.progress.text() == "本疊進度 10 / 10"
    assert "已儲存第 10 張" in desk.banner.text() and "張數相符" in desk.banner.text()
    assert desk.form.answers() == {}  # ready for the next sheet


def test_space_is_blank_and_backspace_goes_back_a_row(qtbot: QtBot, volunteer: User) -> None:
    desk = make_desk(qtbot, volunteer)
    key_form(qtbot, desk, "12", save=False)
    qtbot.keyClick(desk.form, Qt.Key.Key_Backspace)
    key_form(qtbot, desk, "5", save=False)  # overwrites B
    qtbot.keyClick(desk.form, Qt.Key.Key_Space)  # C blank
    key_form(qtbot, desk, "11111111")
    assert answers_of(SurveyResponse.get())["B"] == 5
    assert answers_of(SurveyResponse.get())["C"] == BLANK


def test_keys_beyond_the_options_are_ignored(qtbot: QtBot, volunteer: User) -> None:
    desk = make_desk(qtbot, volunteer)
    key_form(qtbot, desk, "7a", save=False)
    assert desk.form.answers() == {} and desk.form.current == 0


def test_escape_clears_the_form(qtbot: QtBot, volunteer: User) -> None:
    desk = make_desk(qtbot, volunteer)
    key_form(qtbot, desk, "12345", save=False)
    qtbot.keyClick(desk.form, Qt.Key.Key_Escape)
    assert desk.form.answers() == {} and desk.form.current == 0


def test_unfinished_form_is_not_saved(qtbot: QtBot, volunteer: User) -> None:
    desk = make_desk(qtbot, volunteer)
    before = counts()
    key_form(qtbot, desk, "1234")
    assert "還有 7 題沒有填：E、F、G、H、I、J、K" in desk.message.text()
    assert desk.form.current == 4  # back at the first missing row
    assert counts() == before


def test_mouse_works_too(qtbot: QtBot, volunteer: User) -> None:
    desk = make_desk(qtbot, volunteer)
    for row in range(11):
        qtbot.mouseClick(desk.form.buttons[row][2], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(desk.save_button, Qt.MouseButton.LeftButton)
    assert set(answers_of(SurveyResponse.get()).values()) == {2}


@pytest.mark.parametrize(
    "date_text, sheets, message",
    [
        ("106/02/30", "", "2月只有28天"),
        ("abc", "", "無法辨識為日期"),
        ("", "", "請輸入日期"),
        (None, "abc", "本疊張數請輸入數字"),
        (None, "0", "必須在 1 到 1000 之間"),
        (None, "-3", "本疊張數請輸入數字"),
        (None, "1001", "必須在 1 到 1000 之間"),
        ("999/01/01", "", "不能晚於今天"),
    ],
)
def test_bad_batch_header_saves_nothing(
    qtbot: QtBot, volunteer: User, date_text: str | None, sheets: str, message: str
) -> None:
    desk = make_desk(qtbot, volunteer)
    if date_text is not None:
        desk.date_edit.lineEdit().setText(date_text)
    desk.sheets_edit.setText(sheets)
    before = counts()
    desk.form.setFocus()
    key_form(qtbot, desk, ALL_ONES)
    assert message in desk.field_message.text()
    assert counts() == before
    assert desk.batch is None
    assert desk.form.answers() != {}  # the typed sheet is kept for a retry


def test_bad_phone_is_refused_and_the_sheet_kept(qtbot: QtBot, volunteer: User) -> None:
    desk = make_desk(qtbot, volunteer)
    key_form(qtbot, desk, ALL_ONES, save=False)
    desk.extras.consent_box.setChecked(True)
    desk.extras.phone_edit.setText("abc")
    before = counts()
    desk.save()
    assert "聯絡電話格式不正確" in desk.message.text()
    assert counts() == before


def test_stack_that_does_not_match_says_so(qtbot: QtBot, volunteer: User) -> None:
    desk = make_desk(qtbot, volunteer)
    desk.sheets_edit.setText("3")
    key_form(qtbot, desk, ALL_ONES)
    key_form(qtbot, desk, ALL_ONES)
    assert desk.progress.text() == "本疊進度 2 / 3"
    qtbot.mouseClick(desk.end_batch_button, Qt.MouseButton.LeftButton)
    assert "輸入 2 張，登記 3 張，少 1 張" in desk.banner.text()
    assert desk.batch is None and desk.date_edit.isEnabled()


def select_row(desk: SurveyDesk, row: int) -> None:
    desk.table.selectRow(row)


def test_correct_a_form_from_the_list(qtbot: QtBot, volunteer: User) -> None:
    desk = make_desk(qtbot, volunteer)
    key_form(qtbot, desk, ALL_ONES)
    key_form(qtbot, desk, "22222222222")
    select_row(desk, 0)
    dialog = desk.open_edit_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.form.setFocus()
    qtbot.keyClicks(dialog.form, "5")  # A becomes 非常不滿意
    dialog.extras.comment_edit.setText("等候太久")
    dialog.try_accept()
    first = SurveyResponse.select().order_by(SurveyResponse.id).first()
    assert answers_of(first)["A"] == 5 and first.comment == "等候太久"
    update = AuditEntry.get(AuditEntry.action == "update")
    assert update.before["answers"]["A"] == 1 and update.after["answers"]["A"] == 5


def test_void_needs_a_reason_then_drops_the_form(qtbot: QtBot, volunteer: User) -> None:
    desk = make_desk(qtbot, volunteer)
    key_form(qtbot, desk, ALL_ONES)
    select_row(desk, 0)
    before = counts()
    desk.void_selected(reason="  ")
    assert "作廢必須寫明原因" in desk.message.text()
    assert counts() == before and not SurveyResponse.get().is_voided
    desk.void_selected(reason="重複輸入")
    assert SurveyResponse.get().void_reason == "重複輸入"
    model = desk.list_model
    status_column = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())].index("狀態")
    assert desk.list_model.data(desk.list_model.index(0, status_column)) == "作廢"


def test_volunteer_cannot_touch_another_volunteers_form(qtbot: QtBot, secretary: User, volunteer: User) -> None:
    other = create_user(secretary, "王志工", Role.VOLUNTEER)
    key_form(qtbot, make_desk(qtbot, other), ALL_ONES)
    desk = make_desk(qtbot, volunteer)
    select_row(desk, 0)
    assert desk.open_edit_dialog() is None
    assert "只能修改或作廢自己今天輸入的資料" in desk.message.text()
    desk.void_selected(reason="x")
    assert not SurveyResponse.get().is_voided


def test_secretary_corrects_an_old_form(qtbot: QtBot, secretary: User, volunteer: User) -> None:
    desk = make_desk(qtbot, volunteer)
    key_form(qtbot, desk, ALL_ONES)
    response = SurveyResponse.get()
    SurveyResponse.update(created_at=dt.datetime(2020, 1, 1)).execute()  # typed long ago
    boss = make_desk(qtbot, secretary)
    select_row(boss, 0)
    dialog = boss.open_edit_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(dt.date.today() - dt.timedelta(days=1))
    dialog.try_accept()
    assert SurveyResponse.get_by_id(response.id).survey_date == dt.date.today() - dt.timedelta(days=1)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("106/02/30", "「106/02/30」不是有效日期：民國106年2月只有28天。"),
        ("abc", "「abc」無法辨識為日期，請用 106/01/25、1060125、106年1月25日 或 2017-01-25。"),
        ("١٠٦/٠١/٢٥", "日期裡的「١」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
    ],
)
def test_a_bad_date_in_a_correction_is_told_under_the_date(
    qtbot: QtBot, volunteer: User, typed: str, message: str
) -> None:
    """A bad date is a ValidationError like any bad input: the dialog stays open, the reason
    in Chinese right under the date field, and nothing is changed."""
    desk = make_desk(qtbot, volunteer)
    key_form(qtbot, desk, ALL_ONES)
    select_row(desk, 0)
    dialog = desk.open_edit_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.date_edit.lineEdit().setText(typed)
    qtbot.keyClicks(dialog.form, "5")
    before = (counts(), SurveyResponse.get().snapshot())
    dialog.try_accept()
    assert dialog.isVisible()
    assert dialog.date_edit.error() == message
    assert dialog.date_edit.errorLabel().isVisible() and dialog.date_edit.errorLabel().text() == message
    assert dialog.message.text() == message
    assert (counts(), SurveyResponse.get().snapshot()) == before


def test_list_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester, volunteer: User) -> None:
    desk = make_desk(qtbot, volunteer)
    key_form(qtbot, desk, ALL_ONES)
    key_form(qtbot, desk, "0*111111111")
    qtmodeltester.check(desk.list_model)


def test_a_volunteer_sees_the_contact_phone_masked_and_it_is_kept(qtbot: QtBot, volunteer: User) -> None:
    desk = make_desk(qtbot, volunteer)
    key_form(qtbot, desk, ALL_ONES, save=False)
    desk.extras.consent_box.setChecked(True)
    desk.extras.phone_edit.setText("0912345678")
    desk.save()
    select_row(desk, 0)
    dialog = desk.open_edit_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.extras.phone_edit.text() == "*******678"
    dialog.extras.comment_edit.setText("補上意見")
    dialog.try_accept()
    stored = SurveyResponse.get()
    assert stored.contact_phone == "0912345678" and stored.comment == "補上意見"


def test_the_secretary_sees_the_whole_phone(qtbot: QtBot, secretary: User, volunteer: User) -> None:
    desk = make_desk(qtbot, volunteer)
    key_form(qtbot, desk, ALL_ONES, save=False)
    desk.extras.consent_box.setChecked(True)
    desk.extras.phone_edit.setText("06-2981234")
    desk.save()
    boss = make_desk(qtbot, secretary)
    select_row(boss, 0)
    dialog = boss.open_edit_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.extras.phone_edit.text() == "06-2981234"


def test_the_secretary_traces_a_form_from_the_list(qtbot: QtBot, secretary: User, volunteer: User) -> None:
    key_form(qtbot, make_desk(qtbot, volunteer), ALL_ONES)
    desk = make_desk(qtbot, secretary)
    assert desk.history_button.isVisible()
    select_row(desk, 0)
    qtbot.mouseClick(desk.history_button, Qt.MouseButton.LeftButton)
    dialogs = desk.findChildren(HistoryDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    assert dialogs[0].model.data(dialogs[0].model.index(0, 1)) == "陳志工"
    assert dialogs[0].model.data(dialogs[0].model.index(0, 2)) == "新增"
    dialogs[0].close()


def test_history_without_a_chosen_form_says_to_choose_one(qtbot: QtBot, secretary: User) -> None:
    desk = make_desk(qtbot, secretary)
    qtbot.mouseClick(desk.history_button, Qt.MouseButton.LeftButton)
    assert desk.message.text() == "請先在右邊的清單選一張問卷。"
    assert desk.findChildren(HistoryDialog) == []


def test_the_list_model_runs_no_query(qtbot: QtBot, volunteer: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """Names and answers come with the day's list; the Qt model only shows them."""
    from models.db import db

    desk = make_desk(qtbot, volunteer)
    key_form(qtbot, desk, "0*111111111")
    key_form(qtbot, desk, ALL_ONES)
    select_row(desk, 1)
    desk.void_selected(reason="重複輸入")
    model = desk.list_model
    rows = model.records()  # what the screen read through the domain
    monkeypatch.setattr(db.obj, "execute_sql", lambda *args, **kwargs: pytest.fail("the Qt model ran a query"))
    model.set_records(rows)
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole,
             Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole)
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in roles:
                model.data(model.index(row, column), role)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["序號", *"ABCDEFGHIJK", "狀態", "輸入者", "意見"]
    text = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(2)]
    assert text[0][:4] == ["1", "0", "9", "1"] and text[0][-2] == "陳志工"
    assert text[1][0] == "2" and text[1][-3] == "作廢"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == "未作答"
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole) == "勾選二個以上"
    assert model.data(model.index(1, 12), Qt.ItemDataRole.ToolTipRole) == "作廢原因：重複輸入"
    assert model.data(model.index(1, 5), Qt.ItemDataRole.FontRole).strikeOut()


@pytest.fixture
def desk_at_full_size(qtbot: QtBot, secretary: User) -> SurveyDesk:
    """The desk in the program's window at 1366×768, in the font the program starts with."""
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow
    from ui.settings import DEFAULT_FONT_POINT_SIZE
    from ui.style import apply_app_font

    app = QApplication.instance()
    saved = app.font()
    apply_app_font(app, DEFAULT_FONT_POINT_SIZE)
    window = MainWindow()
    qtbot.addWidget(window)
    at_screen_size(window)
    window.show()
    typist = create_user(secretary, "歐陽志工(週三上午班)", Role.VOLUNTEER)
    window.log_in(User.get_by_id(typist.id))
    desk = window.workspace.stack.currentWidget()
    assert isinstance(desk, SurveyDesk)
    yield desk
    app.setFont(saved)


def test_the_batch_list_shows_every_column_without_a_scroll_bar_at_1366(qtbot: QtBot, desk_at_full_size) -> None:
    desk = desk_at_full_size
    desk.form.setFocus()
    key_form(qtbot, desk, ALL_ONES)
    desk.extras.comment_edit.setText("櫃台人員很親切，說明清楚，但等候的時間有點久")
    key_form(qtbot, desk, "0*111111111")
    select_row(desk, 1)
    desk.void_selected(reason="重複輸入")
    qtbot.wait(50)  # the layout settles
    table, header = desk.table, desk.table.horizontalHeader()
    assert desk.window().width() == 1366  # nothing made the window wider than the screen
    assert not table.horizontalScrollBar().isVisible()
    shown = table.viewport().width()
    metrics = header.fontMetrics()
    for column in range(desk.list_model.columnCount()):
        title = desk.list_model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= shown, title
        assert header.sectionSize(column) >= metrics.horizontalAdvance(title), title  # its header is not cut
    model, comment = desk.list_model, desk.list_model.columnCount() - 1
    typist = comment - 1
    assert header.sectionSize(typist) >= metrics.horizontalAdvance("歐陽志工") + 8  # a four-character name shows whole
    assert model.data(model.index(0, typist), Qt.ItemDataRole.ToolTipRole) == "歐陽志工(週三上午班)"  # a longer one on hover
    assert [model.data(model.index(row, comment)) for row in range(2)] == ["", "有"]
    assert model.data(model.index(1, comment), Qt.ItemDataRole.ToolTipRole) == "櫃台人員很親切，說明清楚，但等候的時間有點久"


@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier])
def test_a_key_with_alt_or_ctrl_is_no_answer(qtbot: QtBot, secretary: User, modifier: Qt.KeyboardModifier) -> None:
    """Alt+3 is the third tab of 登記簿 to the secretary: on the form it must not mark 無意見."""
    desk = make_desk(qtbot, secretary)
    qtbot.keyClick(desk.form, Qt.Key.Key_3, modifier)
    assert desk.form.current == 0 and "A" not in desk.form.answers()
    qtbot.keyClick(desk.form, Qt.Key.Key_3, Qt.KeyboardModifier.KeypadModifier)  # the keypad's 3 is an answer
    assert desk.form.current == 1 and desk.form.answers()["A"] == 3


def test_the_stack_is_ended_by_its_key_shown_on_its_button(qtbot: QtBot, volunteer: User) -> None:
    """結束本疊 needs no mouse: its key is on the button and in the last sheet's banner."""
    desk = make_desk(qtbot, volunteer)
    with qtbot.waitActive(desk):  # a shortcut works in the window that has the keyboard
        desk.activateWindow()
    desk.sheets_edit.setText("2")
    key_form(qtbot, desk, ALL_ONES)
    key_form(qtbot, desk, ALL_ONES)
    assert desk.end_batch_button.text() == "結束本疊 Ctrl+E"
    assert "按 Ctrl+E 結束" in desk.banner.text()
    qtbot.keyClick(desk.form, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "與登記的 2 張相符 ✔" in desk.banner.text() and desk.batch is None
    qtbot.keyClick(desk.form, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # no stack: nothing happens
    assert desk.batch is None and "相符 ✔" in desk.banner.text()


def test_a_sheet_beyond_the_stack_s_count_is_a_warning_not_a_success(qtbot: QtBot, volunteer: User) -> None:
    """「注意：已超過」 is saved but wrong: it never wears the green of a clean save, nor fades to it."""
    from ui.style import OK_BACKGROUND, OK_FADED

    desk = make_desk(qtbot, volunteer)
    desk.sheets_edit.setText("2")
    key_form(qtbot, desk, ALL_ONES)
    assert OK_BACKGROUND in desk.banner.styleSheet()  # a clean save is green
    key_form(qtbot, desk, ALL_ONES)
    key_form(qtbot, desk, ALL_ONES)
    assert "注意：已超過本疊登記的 2 張" in desk.banner.text()
    assert OK_BACKGROUND not in desk.banner.styleSheet()
    desk.banner.fade()
    assert OK_FADED not in desk.banner.styleSheet() and "注意" in desk.banner.text()


@pytest.fixture
def desk_in_window(qtbot: QtBot, app_font, volunteer: User):
    """The desk in the program's window at 1366×768, in the print asked for, with the keys."""
    windows = []  # held here: pytest-qt keeps only a weak reference

    def open_desk(large: bool) -> SurveyDesk:
        window = open_logged_in(qtbot, volunteer, large=large)
        windows.append(window)
        desk = window.workspace.stack.currentWidget()
        assert isinstance(desk, SurveyDesk) and desk.large is large
        qtbot.waitUntil(desk.form.hasFocus)
        return desk

    return open_desk


def places(desk: SurveyDesk) -> list[tuple[int, int, int, int]]:
    """Where everything a hand or an eye aims at lies in the window."""
    from PySide6.QtCore import QPoint

    # (in large print the banner gives its line to a refusal: the last said shows)
    banner = [] if desk.large else [desk.banner]
    widgets = [desk.date_edit, desk.sheets_edit, desk.progress, *banner, desk.end_batch_button, desk.form,
               *desk.form.buttons[0].values(), *desk.form.buttons[-1].values(), desk.extras, desk.save_button]
    return [(*w.mapTo(desk.window(), QPoint(0, 0)).toTuple(), w.width(), w.height()) if w.isVisible() else None
            for w in widgets]


def header_field(desk: SurveyDesk, field: str):
    return desk.date_edit.lineEdit() if field == "date" else desk.sheets_edit


def assert_told_under(desk: SurveyDesk, edit, said: str) -> None:
    """The refusal is on screen right under the box it is about: it begins under the box's name
    and reaches under the box."""
    from PySide6.QtCore import QPoint

    label = desk.field_message
    assert said in label.text() and label.isVisible()
    box_left, box_top = edit.mapTo(desk.window(), QPoint(0, 0)).toTuple()
    box_bottom = box_top + edit.height()
    left, top = label.mapTo(desk.window(), QPoint(0, 0)).toTuple()
    text_right = left + label.contentsMargins().left() + min(label.fontMetrics().horizontalAdvance(label.text()),
                                                             label.contentsRect().width())
    assert box_bottom - 2 <= top <= box_bottom + label.fontMetrics().lineSpacing(), (top, box_bottom)
    text_left = left + label.contentsMargins().left()
    assert text_left <= box_left < text_right, (text_left, text_right, box_left)  # from under its name, under it


@pytest.mark.parametrize("large", [False, True], ids=["normal print", "large print"])
@pytest.mark.parametrize(
    "field, typed, said",
    [
        ("date", "115/13/40", "月份必須是1到12"),
        ("date", "abc", "無法辨識為日期"),
        ("date", "999/01/01", "問卷日期不能晚於今天"),
        ("date", "", "請輸入日期"),
        ("sheets", "abc", "本疊張數請輸入數字"),
        ("sheets", "0", "本疊張數必須在 1 到 1000 之間"),
        ("sheets", "1001", "本疊張數必須在 1 到 1000 之間"),
    ],
)
def test_a_bad_header_field_is_told_under_its_box_which_keeps_the_keys(
    qtbot: QtBot, desk_in_window, large: bool, field: str, typed: str, said: str
) -> None:
    """Enter or Tab on a bad 問卷日期 or 本疊張數: the reason right under the box, the keys stay
    in it, and nothing else on the screen moves as the reason comes and goes."""
    desk = desk_in_window(large)
    edit = header_field(desk, field)
    before, stored = places(desk), counts()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, typed)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Tab, Qt.Key.Key_Enter):
        qtbot.keyClick(edit, key)
        assert edit.hasFocus(), key
        assert_told_under(desk, edit, said)
        assert places(desk) == before
    assert desk.batch is None and counts() == stored
    edit.selectAll()
    qtbot.keyClicks(edit, "3" if field == "sheets" else "106/01/25")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert desk.field_message.text() == "" and places(desk) == before


@pytest.mark.parametrize("large", [False, True], ids=["normal print", "large print"])
def test_a_sheet_saved_with_a_bad_header_sends_the_keys_to_the_box_at_fault(
    qtbot: QtBot, desk_in_window, large: bool
) -> None:
    desk = desk_in_window(large)
    desk.sheets_edit.setText("abc")
    before = places(desk)
    key_form(qtbot, desk, ALL_ONES)
    assert_told_under(desk, desk.sheets_edit, "本疊張數請輸入數字")
    assert desk.sheets_edit.hasFocus() and desk.form.answers() != {} and places(desk) == before


def test_enter_goes_on_from_the_date_to_the_count_to_the_form_and_begins_the_stack(
    qtbot: QtBot, desk_in_window
) -> None:
    desk = desk_in_window(False)
    date = desk.date_edit.lineEdit()
    date.setFocus()
    qtbot.waitUntil(date.hasFocus)
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert desk.sheets_edit.hasFocus() and desk.batch is None
    qtbot.keyClicks(desk.sheets_edit, "2")
    qtbot.keyClick(desk.sheets_edit, Qt.Key.Key_Return)
    assert desk.form.hasFocus()
    assert desk.batch is not None and desk.progress.text() == "本疊進度 0 / 2" and not desk.date_edit.isEnabled()
    assert counts()[0] == 0  # no empty stack on file: it is saved with its first sheet
    key_form(qtbot, desk, ALL_ONES)
    assert desk.progress.text() == "本疊進度 1 / 2" and SurveyBatch.get().expected_sheets == 2


@pytest.mark.parametrize("field", ["date", "sheets"])
def test_escape_in_the_header_goes_back_to_the_form_as_its_line_says(qtbot: QtBot, desk_in_window, field: str) -> None:
    desk = desk_in_window(False)
    key_form(qtbot, desk, "12", save=False)
    edit = header_field(desk, field)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    assert "按 Esc" in desk.form.hint.text()
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert desk.form.hasFocus() and desk.form.answers() == {"A": 1, "B": 2}


def test_after_ending_a_stack_the_keys_are_where_the_next_one_begins(qtbot: QtBot, desk_in_window) -> None:
    desk = desk_in_window(False)
    desk.sheets_edit.setText("1")
    key_form(qtbot, desk, ALL_ONES)
    qtbot.keyClick(desk.form, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "與登記的 1 張相符" in desk.banner.text()
    date = desk.date_edit.lineEdit()
    assert date.hasFocus() and date.selectedText() == date.text()  # typing replaces the date
    assert "Enter" in desk.progress.text() and "新的一疊" in desk.progress.text()  # said on the screen
    qtbot.keyClick(date, Qt.Key.Key_Return)
    qtbot.keyClick(desk.sheets_edit, Qt.Key.Key_Return)  # no count this time
    assert desk.form.hasFocus() and desk.batch is not None
    key_form(qtbot, desk, ALL_ONES)
    assert SurveyBatch.select().count() == 2


def test_the_list_shows_where_its_keys_are(qtbot: QtBot, desk_in_window) -> None:
    """Tabbed into, the list has a current row, selected, and wears the ring the fields wear."""
    from ui.style import FOCUS_RING

    desk = desk_in_window(False)
    key_form(qtbot, desk, ALL_ONES)
    key_form(qtbot, desk, ALL_ONES)
    desk.table.clearSelection()
    desk.table.setCurrentIndex(desk.list_model.index(-1, -1))
    desk.table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(desk.table.hasFocus)
    current = desk.table.currentIndex()
    assert current.isValid() and desk.table.selectionModel().isRowSelected(current.row())
    assert f"QTableView:focus {{ border: 3px solid {FOCUS_RING}" in desk.styleSheet()


def test_a_question_s_lines_are_even_and_part_where_a_reader_pauses(qtbot: QtBot) -> None:
    """At the width where 「F　行政執行事件有關規定獲知管道」 left 「道」 alone on a line."""
    from PySide6.QtWidgets import QLabel

    from ui.survey.form import balanced_lines

    metrics = QLabel().fontMetrics()
    text = "F　行政執行事件有關規定獲知管道"
    width = metrics.horizontalAdvance(text) - 2  # one character too narrow
    assert balanced_lines(text, metrics, width) == "F　行政執行事件\n有關規定獲知管道"
    assert balanced_lines("H　申請案件時，承辦人員對規定解說是否詳細", metrics, width) == "H　申請案件時，\n承辦人員對規定解說是否詳細"
    assert balanced_lines("C　電話禮貌", metrics, width) == "C　電話禮貌"
    narrow = balanced_lines(text, metrics, metrics.horizontalAdvance(text) // 3).split("\n")
    assert len(narrow) > 2 and min(len(line) for line in narrow) >= 3


@pytest.mark.parametrize("large", [False, True], ids=["normal print", "large print"])
def test_no_question_leaves_a_character_alone_on_a_line(qtbot: QtBot, desk_in_window, large: bool) -> None:
    from ui.survey.form import QuestionLabel

    desk = desk_in_window(large)
    labels = desk.form.findChildren(QuestionLabel)
    assert len(labels) == 11
    for label in labels:
        lines = label.text().split("\n")
        assert all(len(line) > 1 for line in lines), label.text()
        assert all(label.fontMetrics().horizontalAdvance(line) <= label.contentsRect().width() for line in lines), label.text()
        assert label.height() >= len(lines) * label.fontMetrics().lineSpacing(), label.text()


@pytest.mark.parametrize("large", [False, True], ids=["normal print", "large print"])
def test_the_answers_take_all_the_height_the_form_has(qtbot: QtBot, desk_in_window, large: bool) -> None:
    """An answer is as tall as its row and the rows share the form's height: in large print a
    one-line caption no longer makes its row the shortest on the screen (30 px against 44).
    Eleven rows of 1.35 × 44 px do not fit 768 pixels under the desk's lines, so the rule is
    "as tall as the room allows", never shorter than the answer's own two lines of print would be
    in normal print's rows less the room the large print's longer questions take."""
    desk = desk_in_window(large)
    form = desk.form
    for row, buttons in enumerate(form.buttons):
        frame = form.row_frames[row]
        for button in buttons.values():
            assert button.height() >= frame.height() - 8, (row, button.text())  # it fills its row
    rows = sum(frame.height() for frame in form.row_frames)
    slack = form.contentsRect().height() - rows - form.hint.height()
    assert slack <= 11 * 2 + 12  # only the spacing between rows is left over
    one_line = max(button.sizeHint().height() for button in form.buttons[2].values())
    tallest_words = [form.buttons[row][1].height() for row in range(10)]
    assert min(tallest_words) > one_line  # more than a one-line button's own height
    if not large:
        assert min(tallest_words) >= 44


def test_the_secretary_s_desk_fits_in_either_print_under_her_notice_lines(
    qtbot: QtBot, app_font, secretary: User
) -> None:
    """Her daily check (two lines in large print) and a register's notice above every screen:
    the form's questions are never cut; where the rows need more height than is left, the form
    scrolls and the row being answered is always whole in sight."""
    from PySide6.QtCore import QObject, QPoint

    from models.settings import set_large_print
    from models.users import Login
    from tests.ui.fit_checks import fit_problems, text_problems
    from ui.features import WindowPart
    from ui.main_window import MainWindow
    from ui.registers.book import NoticeLine, RegisterNotices

    check_text = ("今日稽核檢查：稽核紀錄完整（1,610 筆稽核紀錄、1,606 筆資料相符，資料庫檔案完好）"
                  "　今天的自動備份已完成：demo-2026-12-01.db")

    class CheckSaid(WindowPart):
        def banner(self, user: User) -> QWidget:
            from ui.admin.backup_view import CheckLine

            line = CheckLine()
            line.setText(check_text)
            return line

    owner = QObject()
    notices = RegisterNotices(owner)
    notices.lines = ["有 7 張問卷等待電話追蹤：按 F11 登記簿的「問卷追蹤」，狀態選「待聯絡」"]

    class Notices(WindowPart):
        def banner(self, user: User) -> QWidget:
            line = NoticeLine()
            line.follow(notices)
            return line

    set_large_print(secretary, True)
    window = MainWindow()
    qtbot.addWidget(window)
    window.parts = [CheckSaid(window), Notices(window)]
    at_screen_size(window)
    window.show()
    qtbot.waitExposed(window)
    window.log_in(Login(User.get_by_id(secretary.id), failures_since_last_login=2))
    desk = window.workspace.stack.currentWidget()
    assert isinstance(desk, SurveyDesk) and desk.large
    assert window.workspace.notice.isVisible()
    assert fit_problems(window) == []
    area = desk.form_area.viewport()
    qtbot.waitUntil(desk.form.hasFocus)
    for row in range(11):
        frame = desk.form.row_frames[row]
        top = frame.mapTo(area, QPoint(0, 0)).y()
        assert 0 <= top and top + frame.height() <= area.height(), row  # the current row whole
        qtbot.keyClick(desk.form, "1")
    hint = desk.form.hint
    assert hint.mapTo(area, QPoint(0, 0)).y() + hint.height() <= area.height()  # 「全部填好了，按 Enter 儲存」
    qtbot.keyClick(desk.form, Qt.Key.Key_Return)
    assert SurveyResponse.select().count() == 1 and fit_problems(window) == []
    window.workspace.choose_print(False)  # and in normal print, maximised under a title bar: 1366×740
    window.resize(1366, 740)
    qtbot.wait(20)
    assert window.height() == 740 and text_problems(window) == []


def test_corrections_then_other_screens_raise_nothing(qtbot: QtBot, app_font, secretary: User) -> None:
    """After a 修改問卷 saved, F2 or F6 brought 「程式發生未預期的錯誤」 again and again, then
    the program crashed: the dialog's watcher had lost its Python side (ui/widgets/dialog_room.py)."""
    import gc

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    window = open_logged_in(qtbot, secretary, large=False)
    desk = window.workspace.stack.currentWidget()
    qtbot.waitUntil(desk.form.hasFocus)
    key_form(qtbot, desk, "11111111111")
    workspace = window.workspace

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        qtbot.keyClick(dialog.form, "2")
        qtbot.keyClick(dialog.form, Qt.Key.Key_Return)

    for _ in range(2):
        desk.table.selectRow(0)
        QTimer.singleShot(100, answer)
        desk.edit_selected()
        gc.collect()  # what Python let go of goes now, not at some later turn
        for key in ("report", "month_grid", "survey"):
            workspace.buttons.button([screen.key for screen in workspace.screens].index(key)).click()
            qtbot.wait(20)
    assert SurveyResponse.select().count() == 1 and answers_of(SurveyResponse.get())["A"] == 2

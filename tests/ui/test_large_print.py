"""Large print (大字): each user's own, remembered, at least 1.35× on every desk screen, and
still 1366×768 with nothing cut; the survey form says plainly whether it has the keys."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from models.accounts import Role, User
from models.settings import large_print, set_large_print
from models.users import create_user
from tests.ui.fit_checks import at_screen_size, fit_problems, print_problems, settle, text_problems
from ui.main_window import MainWindow
from ui.settings import DEFAULT_FONT_POINT_SIZE
from ui.style import FOCUS_RING, LARGE_PRINT_SCALE, NO_FOCUS_RING, is_large_print
from ui.survey.desk import SurveyDesk
from ui.survey.form import wrap_label

LARGE_AT_LEAST = DEFAULT_FONT_POINT_SIZE * LARGE_PRINT_SCALE


def open_window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    at_screen_size(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


def user_of(secretary: User, role: Role) -> User:
    if role == Role.SECRETARY:
        return secretary
    return create_user(secretary, {Role.VOLUNTEER: "陳志工", Role.OPERATOR: "王總機", Role.DUTY: "李輪值"}[role], role)


def problems_of_every_screen(qtbot: QtBot, window: MainWindow, large: bool) -> dict[str, list[str]]:
    """What each screen of the logged-in user shows wrong (empty lists when all is well)."""
    found: dict[str, list[str]] = {}
    workspace = window.workspace
    for index, screen in enumerate(workspace.screens):
        workspace.buttons.button(index).click()
        page = workspace.stack.currentWidget()
        qtbot.wait(20)  # reads finish, the layout settles
        found[screen.key] = fit_problems(window) + (print_problems(window, LARGE_AT_LEAST) if large else [])
        if isinstance(page, SurveyDesk) and page.large:
            page.show_list(True)
            found["survey list"] = fit_problems(window) + print_problems(window, LARGE_AT_LEAST)
            page.show_list(False)
        if screen.key == "counter":
            compact = page.enter_compact_mode()
            qtbot.wait(20)
            found["counter compact"] = text_problems(compact) + (print_problems(compact, LARGE_AT_LEAST) if large else [])
            page.leave_compact_mode()
    return found


@pytest.mark.parametrize("large", [True, False], ids=["large print", "normal print"])
@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.OPERATOR, Role.DUTY, Role.SECRETARY])
def test_every_desk_screen_fits_1366_by_768_with_nothing_cut(
    qtbot: QtBot, app_font: QApplication, secretary: User, role: Role, large: bool
) -> None:
    user = user_of(secretary, role)
    set_large_print(user, large)
    window = open_window(qtbot)
    window.log_in(User.get_by_id(user.id))
    assert is_large_print() is large
    assert app_font.font().pointSizeF() >= (LARGE_AT_LEAST if large else DEFAULT_FONT_POINT_SIZE)
    found = problems_of_every_screen(qtbot, window, large)
    assert window.width() == 1366 and window.height() == 768
    assert {screen: problems for screen, problems in found.items() if problems} == {}
    assert "counter compact" in found or role == Role.SECRETARY  # the strip was looked at too


def test_the_choice_is_each_users_own_and_remembered(qtbot: QtBot, app_font: QApplication, secretary: User) -> None:
    volunteer, operator = user_of(secretary, Role.VOLUNTEER), user_of(secretary, Role.OPERATOR)
    window = open_window(qtbot)
    window.log_in(volunteer)
    assert window.workspace.print_button.text().startswith("大字") and "Ctrl++" in window.workspace.print_button.text()
    qtbot.mouseClick(window.workspace.print_button, Qt.MouseButton.LeftButton)  # no secretary needed
    assert is_large_print() and app_font.font().pointSizeF() >= LARGE_AT_LEAST
    assert window.workspace.print_button.text().startswith("一般字") and "Ctrl+-" in window.workspace.print_button.text()
    desk = window.workspace.stack.currentWidget()
    assert isinstance(desk, SurveyDesk) and desk.form.buttons[0][1].font().pointSizeF() >= LARGE_AT_LEAST
    window.show_start()
    assert not is_large_print()  # the start screen is everyone's
    window.log_in(User.get_by_id(operator.id))
    assert not is_large_print() and app_font.font().pointSize() == DEFAULT_FONT_POINT_SIZE
    window.show_start()
    window.log_in(User.get_by_id(volunteer.id))  # the next login, on this PC or any other: it is stored
    assert is_large_print() and large_print(volunteer) and not large_print(operator)
    assert window.workspace.print_button.text().startswith("一般字")


@pytest.mark.parametrize("key, modifiers", [
    (Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier),  # the main keyboard's + without Shift
])
def test_ctrl_plus_from_the_form_keeps_the_work_in_hand(
    qtbot: QtBot, app_font: QApplication, secretary: User, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> None:
    volunteer = user_of(secretary, Role.VOLUNTEER)
    window = open_window(qtbot)
    window.log_in(volunteer)
    desk = window.workspace.stack.currentWidget()
    desk.sheets_edit.setText("10")
    qtbot.waitUntil(desk.form.hasFocus)
    for answer in "11111111111":
        qtbot.keyClick(desk.form, answer)
    qtbot.keyClick(desk.form, Qt.Key.Key_Return)  # the stack begins: one form saved
    for answer in "2345":
        qtbot.keyClick(desk.form, answer)
    desk.extras.comment_edit.setText("等候有點久")
    qtbot.keyClick(desk.form, key, modifiers)
    large_desk = window.workspace.stack.currentWidget()
    assert is_large_print() and isinstance(large_desk, SurveyDesk) and large_desk is not desk
    assert large_desk.large and large_desk.form.buttons[0][1].text() == "1 非常滿意"
    assert list(large_desk.form.answers().values()) == [2, 3, 4, 5]
    assert large_desk.form.current == 4 and large_desk.extras.values() == ("等候有點久", "", False)
    assert large_desk.batch is not None and large_desk.progress.text() == "本疊進度 1 / 10"
    assert not large_desk.date_edit.isEnabled()  # the stack's date still holds
    qtbot.waitUntil(large_desk.form.hasFocus)
    qtbot.keyClick(large_desk.form, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert not is_large_print() and list(window.workspace.stack.currentWidget().form.answers().values()) == [2, 3, 4, 5]


def test_in_large_print_the_list_waits_behind_ctrl_l(qtbot: QtBot, app_font: QApplication, secretary: User) -> None:
    volunteer = user_of(secretary, Role.VOLUNTEER)
    set_large_print(volunteer, True)
    window = open_window(qtbot)
    window.log_in(User.get_by_id(volunteer.id))
    desk = window.workspace.stack.currentWidget()
    assert desk.list_button.isVisible() and desk.list_button.text() == "本疊清單 Ctrl+L"
    assert desk.form.isVisible() and not desk.table.isVisible()
    qtbot.waitUntil(desk.form.hasFocus)
    qtbot.keyClick(desk.form, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert desk.table.isVisible() and not desk.form.isVisible() and desk.list_button.text() == "回到問卷 Ctrl+L"
    qtbot.keyClick(desk.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert desk.form.isVisible() and desk.form.hasFocus()


def test_in_normal_print_the_list_stays_beside_the_form(qtbot: QtBot, app_font: QApplication, volunteer: User) -> None:
    window = open_window(qtbot)
    window.log_in(volunteer)
    desk = window.workspace.stack.currentWidget()
    assert desk.form.isVisible() and desk.table.isVisible() and not desk.list_button.isVisible()


@pytest.mark.parametrize("large", [False, True], ids=["normal print", "large print"])
def test_the_form_says_whether_it_has_the_keys(qtbot: QtBot, app_font: QApplication, volunteer: User, large: bool) -> None:
    set_large_print(volunteer, large)
    window = open_window(qtbot)
    window.log_in(User.get_by_id(volunteer.id))
    desk = window.workspace.stack.currentWidget()
    form, comment = desk.form, desk.extras.comment_edit
    qtbot.waitUntil(form.hasFocus)
    qtbot.keyClicks(form, "12")
    assert f"border: 3px solid {FOCUS_RING}" in form.styleSheet()  # the thick dark ring
    assert form.hint.text().startswith("鍵盤輸入中：第 C 題按 1–5 作答")
    # the current row is marked by more than a faint line
    assert "border: 3px solid" in form.row_frames[2].styleSheet() and "transparent" not in form.row_frames[2].styleSheet()
    comment.setFocus()
    qtbot.waitUntil(comment.hasFocus)
    qtbot.keyClicks(comment, "abc")
    assert f"border: 3px solid {FOCUS_RING}" not in form.styleSheet()
    assert f"QFrame#surveyForm {{ border: 3px solid {NO_FOCUS_RING}" in form.styleSheet()
    assert form.hint.text() == "鍵盤沒有在問卷上：按 Esc 或點題目回到作答"
    assert f"QLineEdit:focus {{ border: 3px solid {FOCUS_RING}" in desk.styleSheet()  # the field has the ring now
    qtbot.keyClick(comment, Qt.Key.Key_Escape)
    assert form.hasFocus() and comment.text() == "abc" and list(form.answers().values()) == [1, 2]
    assert form.hint.text().startswith("鍵盤輸入中")


def test_a_click_on_a_question_gives_the_form_the_keys_at_that_row(qtbot: QtBot, app_font: QApplication, volunteer: User) -> None:
    window = open_window(qtbot)
    window.log_in(volunteer)
    desk = window.workspace.stack.currentWidget()
    desk.extras.comment_edit.setFocus()
    qtbot.waitUntil(desk.extras.comment_edit.hasFocus)
    row = desk.form.row_frames[4]
    qtbot.mouseClick(desk.form, Qt.MouseButton.LeftButton, pos=row.geometry().topLeft() + row.rect().center() / 4)
    assert desk.form.hasFocus() and desk.form.current == 4
    qtbot.keyClick(desk.form, "3")
    assert desk.form.answers() == {"E": 3}


def test_a_click_on_an_answer_gives_the_form_the_keys(qtbot: QtBot, app_font: QApplication, volunteer: User) -> None:
    window = open_window(qtbot)
    window.log_in(volunteer)
    desk = window.workspace.stack.currentWidget()
    desk.extras.comment_edit.setFocus()
    qtbot.waitUntil(desk.extras.comment_edit.hasFocus)
    qtbot.mouseClick(desk.form.buttons[0][2], Qt.MouseButton.LeftButton)
    assert desk.form.hasFocus() and desk.form.answers() == {"A": 2}


def test_the_secretarys_bar_with_eleven_screens_fits_in_large_print(
    qtbot: QtBot, app_font: QApplication, secretary: User
) -> None:
    """Her eleven screens, 成果報告 among them; the longest name goes on 換人, cut in the middle."""
    from models.accounts import NAME_MAX_LENGTH
    from models.users import update_user

    longest = "歐陽" * (NAME_MAX_LENGTH // 2)
    update_user(secretary, secretary, name=longest, role=Role.SECRETARY, active=True)
    set_large_print(secretary, True)
    window = open_window(qtbot)
    window.log_in(User.get_by_id(secretary.id))
    settle(window)
    assert len(window.workspace.screens) == 11 and window.width() == 1366
    switch = window.workspace.switch_button
    assert switch.text().endswith("換人 F12") and "…" in switch.text() and longest in switch.toolTip()
    assert text_problems(window.workspace) == []


@pytest.mark.parametrize("option, shown", [
    ("非常不滿意", "非常不滿意"),
    ("5分鐘以內", "5分鐘以內"),
    ("5至15分鐘以內", "5至15\n分鐘以內"),
    ("30至60分鐘以內", "30至60\n分鐘以內"),
    ("60分鐘以上", "60分鐘以上"),
    ("勾選二個以上的答案", "勾選二個以\n上的答案"),  # no figures: lines of five characters
])
def test_option_labels_break_after_their_figures(option: str, shown: str) -> None:
    assert wrap_label(option) == shown


@pytest.mark.parametrize("large", [True, False], ids=["large print", "normal print"])
def test_the_survey_desk_s_longest_messages_are_never_cut(
    qtbot: QtBot, app_font: QApplication, volunteer: User, large: bool
) -> None:
    """The last sheet's banner and the end of a short stack, said in full at 1366 pixels."""
    from tests.ui.survey.test_desk import ALL_ONES, key_form

    set_large_print(volunteer, large)
    window = open_window(qtbot)
    window.log_in(User.get_by_id(volunteer.id))
    desk = window.workspace.stack.currentWidget()
    assert isinstance(desk, SurveyDesk)
    desk.sheets_edit.setText("3")
    for _ in range(3):
        key_form(qtbot, desk, ALL_ONES)
    assert desk.banner.text() == "✔ 已儲存第 3 張　本疊 3 張已全部輸入，張數相符，按 Ctrl+E 結束"
    assert fit_problems(window) == []
    desk.batch.expected_sheets = 1000  # as if the stack had been counted 1,000: the longest shortfall
    desk.end_batch()
    assert desk.banner.text() == "本疊結束：輸入 3 張，登記 1000 張，少 997 張，請清點紙本"
    assert fit_problems(window) == []


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.SECRETARY])
def test_changing_print_back_and_forth_keeps_the_window_on_the_screen(
    qtbot: QtBot, app_font: QApplication, secretary: User, role: Role
) -> None:
    """The window grew to 1484 px after 大字 then 一般字, taking 換人 and the grid's last
    column off a 1366-pixel screen: the new screens met the old print for a moment."""
    window = open_window(qtbot)
    window.resize(1366, 740)  # not maximised: the size it takes when a user un-maximises it
    window.log_in(User.get_by_id(user_of(secretary, role).id))
    for large in (True, False, True, False):
        window.workspace.choose_print(large)
        qtbot.wait(20)
        assert (window.width(), window.height()) == (1366, 740), f"after {'大字' if large else '一般字'}"

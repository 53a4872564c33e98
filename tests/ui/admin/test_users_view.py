"""UsersView and UserDialog: the secretary adds, changes and retires users through the real widgets."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from models.accounts import LOCK_AFTER, Role, User, pin_matches
from models.audit import AuditEntry
from models.base import now
from models.users import create_user, log_in, update_user
from ui.admin.history_dialog import HistoryDialog
from ui.admin.users_view import UserDialog, UsersModel, UsersView

SECRETARY_PIN = "246813"  # the conftest secretary's PIN

@pytest.fixture
def view(qtbot, secretary: User) -> UsersView:
    widget = UsersView(secretary)
    qtbot.addWidget(widget)
    return widget


def table_rows(view: UsersView) -> list[list[str]]:
    model = view.model
    return [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def row_named(view: UsersView, name: str) -> list[str]:
    return next(row for row in table_rows(view) if row[0] == name)


def type_name(dialog: UserDialog, name: str) -> None:
    """An IME commits Chinese text in one go; QTest can only synthesise Latin-1 key clicks."""
    dialog.name_edit.selectAll()
    dialog.name_edit.insert(name)


def choose_role(qtbot, dialog: UserDialog, label: str) -> None:
    combo = dialog.role_combo
    combo.setFocus()
    while combo.currentText() != label:
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def click_ok(qtbot, dialog: UserDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def select_user(qtbot, view: UsersView, name: str) -> None:
    row = [r[0] for r in table_rows(view)].index(name)
    view.table.setFocus()
    view.table.selectRow(row)


def test_model_passes_modeltester(qtmodeltester, secretary: User, volunteer: User) -> None:
    model = UsersModel()
    model.refresh()
    qtmodeltester.check(model)


def test_empty_model_passes_modeltester(qtmodeltester, database) -> None:
    model = UsersModel()
    model.refresh()
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_lists_every_user_with_chinese_labels(view: UsersView, secretary: User, volunteer: User) -> None:
    create_user(secretary, "張總機", Role.OPERATOR)
    view.activate()
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["姓名", "角色", "狀態", "建立時間", "PIN 錯誤（上次登入後）"]
    rows = {row[0]: row for row in table_rows(view)}
    assert rows["林秘書"][1:3] == ["研考", "使用中"]
    assert rows["陳志工"][1:3] == ["志工", "使用中"]
    assert rows["張總機"][1] == "總機"
    created = volunteer.created_at.date()
    assert rows["陳志工"][3] == f"{created.year - 1911}/{created.month:02d}/{created.day:02d}"


def test_edit_button_needs_a_selected_row(qtbot, view: UsersView, volunteer: User) -> None:
    view.activate()
    assert not view.edit_button.isEnabled()
    select_user(qtbot, view, "陳志工")
    assert view.edit_button.isEnabled()
    assert view.selected_user().name == "陳志工"


def test_pin_fields_only_for_secretary(qtbot, view: UsersView) -> None:
    dialog = view.open_user_dialog()
    qtbot.addWidget(dialog)
    assert dialog.role_combo.currentText() == "志工"
    assert [dialog.role_combo.itemText(i) for i in range(4)] == ["志工", "總機", "輪值", "研考"]
    assert not dialog.pin_edit.isVisibleTo(dialog)
    assert not dialog.confirm_edit.isVisibleTo(dialog)
    assert not dialog.active_check.isVisibleTo(dialog)  # a new user is always active
    choose_role(qtbot, dialog, "研考")
    assert dialog.pin_edit.isVisibleTo(dialog)
    assert dialog.confirm_edit.isVisibleTo(dialog)


def test_add_volunteer_through_dialog(qtbot, view: UsersView, secretary: User) -> None:
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    type_name(dialog, "王小明")
    click_ok(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    user = User.get(User.name == "王小明")
    assert user.role == Role.VOLUNTEER and user.active and user.pin_hash is None
    assert user.created_by_id == secretary.id
    assert row_named(view, "王小明")[1:3] == ["志工", "使用中"]
    assert view.selected_user().id == user.id  # the new row is selected
    assert AuditEntry.select().where(AuditEntry.table_name == "app_user", AuditEntry.record_id == user.id).count() == 1


def test_add_secretary_with_pin(qtbot, view: UsersView) -> None:
    dialog = view.open_user_dialog()
    qtbot.addWidget(dialog)
    type_name(dialog, "吳研考")
    choose_role(qtbot, dialog, "研考")
    qtbot.keyClicks(dialog.pin_edit, "135790")
    qtbot.keyClicks(dialog.confirm_edit, "135790")
    click_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    user = User.get(User.name == "吳研考")
    assert user.role == Role.SECRETARY
    assert pin_matches("135790", user.pin_hash)
    assert row_named(view, "吳研考")[1] == "研考"


@pytest.mark.parametrize(
    ("name", "role", "pin", "confirm", "message"),
    [
        ("", "志工", "", "", "請輸入姓名。"),
        ("   ", "總機", "", "", "請輸入姓名。"),
        ("陳志工", "志工", "", "", "已經有名為「陳志工」的使用者，請加上區別（例如姓氏或編號）。"),
        ("吳研考", "研考", "12", "12", "PIN 必須是 6 到 12 位數字。"),
        ("吳研考", "研考", "123456", "123465", "兩次輸入的 PIN 不一樣，請重新輸入。"),
    ],
    ids=["empty-name", "blank-name", "duplicate-name", "short-pin", "mismatched-pins"],
)
def test_bad_input_keeps_dialog_open_with_message(
    qtbot, view: UsersView, volunteer: User, name: str, role: str, pin: str, confirm: str, message: str
) -> None:
    view.activate()
    users_before = User.select().count()
    audit_before = AuditEntry.select().count()
    dialog = view.open_user_dialog()
    qtbot.addWidget(dialog)
    type_name(dialog, name)
    choose_role(qtbot, dialog, role)
    if pin:
        qtbot.keyClicks(dialog.pin_edit, pin)
        qtbot.keyClicks(dialog.confirm_edit, confirm)
    click_ok(qtbot, dialog)

    assert dialog.message.text() == message
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert User.select().count() == users_before
    assert AuditEntry.select().count() == audit_before
    assert len(table_rows(view)) == users_before


def test_fixing_the_input_then_saves(qtbot, view: UsersView, volunteer: User) -> None:
    dialog = view.open_user_dialog()
    qtbot.addWidget(dialog)
    type_name(dialog, "陳志工")
    click_ok(qtbot, dialog)
    assert "已經有名為" in dialog.message.text()
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Backspace)  # putting the name right
    assert dialog.message.text() == ""  # the refusal goes (it stayed, about a name no longer there)
    type_name(dialog, "陳志工二號")
    click_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.message.text() == ""
    assert User.select().where(User.name == "陳志工二號").exists()


def test_retiring_a_volunteer_shows_retired(qtbot, view: UsersView, volunteer: User) -> None:
    view.activate()
    select_user(qtbot, view, "陳志工")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter on a row = 修改
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "修改使用者"
    assert dialog.name_edit.text() == "陳志工"
    assert dialog.active_check.isVisibleTo(dialog) and dialog.active_check.isChecked()
    dialog.active_check.click()
    click_ok(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert row_named(view, "陳志工")[2] == "已停用"
    assert not User.get_by_id(volunteer.id).active
    entry = AuditEntry.select().where(AuditEntry.record_id == volunteer.id, AuditEntry.action == "update").get()
    assert entry.before["active"] is True and entry.after["active"] is False


def test_double_click_on_a_row_opens_it(qtbot, view: UsersView, volunteer: User) -> None:
    view.resize(1000, 600)
    view.show()
    view.activate()
    row = [r[0] for r in table_rows(view)].index("陳志工")
    rect = view.table.visualRect(view.model.index(row, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.dialog is not None and view.dialog.isVisible()
    assert view.dialog.name_edit.text() == "陳志工"
    view.dialog.reject()


def test_history_button_shows_the_users_changes(qtbot, view: UsersView, secretary: User, volunteer: User) -> None:
    update_user(secretary, volunteer, name="陳大志", role=Role.VOLUNTEER, active=True)
    view.activate()
    assert not view.history_button.isEnabled()
    select_user(qtbot, view, "陳大志")
    qtbot.mouseClick(view.history_button, Qt.MouseButton.LeftButton)
    dialogs = view.findChildren(HistoryDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    model = dialogs[0].model
    assert model.data(model.index(1, 2)) == "修改"
    assert model.data(model.index(1, 3)) == "姓名：陳志工 → 陳大志"
    dialogs[0].close()


def test_editing_secretary_with_empty_pin_keeps_old_pin(qtbot, view: UsersView, secretary: User) -> None:
    dialog = view.open_user_dialog(secretary)
    qtbot.addWidget(dialog)
    assert dialog.pin_edit.isVisibleTo(dialog)
    assert "留空" in dialog.pin_hint.text()
    type_name(dialog, "林研考")
    click_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = User.get_by_id(secretary.id)
    assert stored.name == "林研考"
    assert pin_matches(SECRETARY_PIN, stored.pin_hash)
    assert row_named(view, "林研考")[1] == "研考"


def test_refused_change_leaves_table_and_database_alone(qtbot, view: UsersView, secretary: User, volunteer: User) -> None:
    view.activate()
    audit_before = AuditEntry.select().count()
    dialog = view.open_user_dialog(volunteer)
    qtbot.addWidget(dialog)
    type_name(dialog, "王小明")
    choose_role(qtbot, dialog, "研考")
    qtbot.keyClicks(dialog.pin_edit, "12")  # too short: refused after the fields were set
    qtbot.keyClicks(dialog.confirm_edit, "12")
    click_ok(qtbot, dialog)
    assert dialog.message.text() == "PIN 必須是 6 到 12 位數字。"
    assert dialog.pin_edit.text() == ""  # cleared for a fresh try
    stored = User.get_by_id(volunteer.id)
    assert (stored.name, stored.role) == ("陳志工", Role.VOLUNTEER)
    assert dialog.user.name == "陳志工"  # the dialog forgot the refused values
    assert AuditEntry.select().count() == audit_before
    assert row_named(view, "陳志工")[1] == "志工"


def test_secretary_cannot_retire_themself(qtbot, view: UsersView, secretary: User) -> None:
    dialog = view.open_user_dialog(secretary)
    qtbot.addWidget(dialog)
    dialog.active_check.click()
    click_ok(qtbot, dialog)
    assert dialog.message.text() == "不能停用自己或取消自己的研考身分，請由另一位研考辦理。"
    assert User.get_by_id(secretary.id).active


def test_cancel_changes_nothing(qtbot, view: UsersView, volunteer: User) -> None:
    dialog = view.open_user_dialog(volunteer)
    qtbot.addWidget(dialog)
    type_name(dialog, "改名")
    dialog.buttons.rejected.emit()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert User.get_by_id(volunteer.id).name == "陳志工"


def test_the_list_shows_active_users_first_then_by_role_and_name(view: UsersView, secretary: User) -> None:
    create_user(secretary, "乙志工", Role.VOLUNTEER)
    create_user(secretary, "甲志工", Role.VOLUNTEER)
    gone = create_user(secretary, "丙總機", Role.OPERATOR)
    update_user(secretary, gone, name=gone.name, role=Role.OPERATOR, active=False)
    create_user(secretary, "丁輪值", Role.DUTY)
    view.activate()
    assert [row[0] for row in table_rows(view)] == ["乙志工", "甲志工", "丁輪值", "林秘書", "丙總機"]
    assert table_rows(view)[-1][2] == "已停用"


def test_the_selection_stays_on_the_same_user_after_a_refresh(qtbot, view: UsersView, volunteer: User) -> None:
    view.activate()
    select_user(qtbot, view, "陳志工")
    create_user(view.actor, "王志工", Role.VOLUNTEER)  # sorts before 陳志工
    view.activate()
    assert view.selected_user().id == volunteer.id
    assert view.edit_button.isEnabled() and view.history_button.isEnabled()


# ---------------------------------------------------------------- wrong PINs: shown, and another secretary unlocks


def test_wrong_pins_are_shown_and_another_secretary_unlocks(qtbot, view: UsersView, secretary: User) -> None:
    wang = create_user(secretary, "王秘書", Role.SECRETARY, "135724", "135724")
    for _ in range(2):
        with pytest.raises(Exception, match="PIN 不正確"):
            log_in(User.get_by_id(wang.id), "000000")
    view.activate()
    assert row_named(view, "王秘書")[4] == "2 次"
    assert row_named(view, "林秘書")[4] == ""
    User.update(pin_failures=LOCK_AFTER, pin_failures_since_login=12, pin_failed_at=now()).where(User.id == wang.id).execute()
    view.activate()
    until = (User.get_by_id(wang.id).pin_failed_at + dt.timedelta(minutes=30)).strftime("%H:%M")
    assert row_named(view, "王秘書")[4] == f"12 次，鎖定到 {until}"
    select_user(qtbot, view, "林秘書")
    assert not view.unlock_button.isEnabled()  # nothing to unlock
    select_user(qtbot, view, "王秘書")
    assert view.unlock_button.isEnabled()
    qtbot.mouseClick(view.unlock_button, Qt.MouseButton.LeftButton)
    stored = User.get_by_id(wang.id)
    assert (stored.pin_failures, stored.pin_failed_at, stored.pin_failures_since_login) == (0, None, 12)
    assert row_named(view, "王秘書")[4] == "12 次"  # still told at the next login
    assert not view.unlock_button.isEnabled()
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (entry.user_id, entry.record_id, entry.action) == (secretary.id, wang.id, "update")


def test_a_waiting_secretary_shows_the_seconds_left(view: UsersView, secretary: User) -> None:
    wang = create_user(secretary, "王秘書", Role.SECRETARY, "135724", "135724")
    User.update(pin_failures=3, pin_failures_since_login=3, pin_failed_at=now()).where(User.id == wang.id).execute()
    view.activate()
    shown = row_named(view, "王秘書")[4]
    assert shown.startswith("3 次，等待 ") and shown.endswith(" 秒")

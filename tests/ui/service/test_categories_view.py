"""CategoriesView and CategoryDialog: the secretary adds, changes, retires, orders and deletes categories."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from models.accounts import Role, User
from models.audit import AuditEntry
from models.service.categories import ServiceCategory, categories
from models.service.counts import delete_category, record_press
from tests.ui.message_boxes import AnsweredBoxes
from ui.admin.history_dialog import HistoryDialog
from ui.service.categories_view import CategoriesModel, CategoriesView, CategoryDialog

HEADERS = ["代碼", "名稱", "按鍵", "使用的角色", "金額", "狀態"]


@pytest.fixture
def view(qtbot, secretary: User) -> CategoriesView:
    widget = CategoriesView(secretary)
    qtbot.addWidget(widget)
    widget.resize(1350, 630)
    widget.show()
    return widget


def table_rows(view: CategoriesView) -> list[list[str]]:
    model = view.model
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def row_of(view: CategoriesView, code: str) -> list[str]:
    return next(row for row in table_rows(view) if row[0] == code)


def codes(view: CategoriesView) -> list[str]:
    return [row[0] for row in table_rows(view)]


def written() -> tuple[int, int]:
    return ServiceCategory.select().count(), AuditEntry.select().count()


def category(code: str) -> ServiceCategory:
    return ServiceCategory.get(ServiceCategory.code == code)


def fill(dialog: CategoryDialog, name: str, key: str = "", roles: tuple[Role, ...] = ()) -> None:
    """An IME commits Chinese in one go: set the text rather than synthesising key clicks."""
    dialog.name_edit.setText(name)
    dialog.key_edit.setText(key)
    for role, check in dialog.role_checks.items():
        check.setChecked(role in roles)


def test_lists_every_category_with_chinese_labels(view: CategoriesView) -> None:
    assert [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == HEADERS
    assert codes(view) == list("ABCDEFGHI")
    assert row_of(view, "B") == ["B", "受理現場查詢案件", "B", "總機、輪值", "—", "使用中"]
    assert row_of(view, "C")[3] == "志工、總機"
    assert row_of(view, "G")[4] == "有"


def test_add_a_category_through_the_dialog(qtbot, view: CategoriesView) -> None:
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.active_check.isVisibleTo(dialog)  # a new category is always 使用中
    fill(dialog, "  電話 諮詢 ", "k", (Role.VOLUNTEER, Role.DUTY))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert row_of(view, "K") == ["K", "電話 諮詢", "K", "志工、輪值", "—", "使用中"]
    assert view.selected_category() is not None and view.selected_category().code == "K"
    stored = category("K")
    assert stored.role_set == {Role.VOLUNTEER, Role.DUTY} and stored.active and not stored.has_amount
    assert AuditEntry.get(AuditEntry.table_name == "service_category", AuditEntry.record_id == stored.id).action == "insert"


@pytest.mark.parametrize(
    "name, key, message",
    [
        ("", "", "請輸入類別名稱"),
        ("   ", "", "請輸入類別名稱"),
        ("總機電話服務", "", "已經有「總機電話服務」這個類別了"),
        ("新類別", "AB", "按鍵請用一個英文字母"),
        ("新類別", "中", "按鍵請用一個英文字母"),
    ],
)
def test_bad_input_keeps_the_dialog_open_and_writes_nothing(
    qtbot, view: CategoriesView, name: str, key: str, message: str
) -> None:
    before = written()
    dialog = view.open_category_dialog()
    qtbot.addWidget(dialog)
    dialog.open()
    fill(dialog, name, key, (Role.VOLUNTEER,))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert message in dialog.message.text() and dialog.message.isVisible()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.name_edit.text() == name  # what was typed stays for the correction
    assert written() == before
    assert codes(view) == list("ABCDEFGHI")


def test_bad_change_is_refused_and_the_stored_category_kept(qtbot, view: CategoriesView) -> None:
    view.select_code("B")
    before = written()
    dialog = view.open_category_dialog(view.selected_category())
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("總機電話服務")
    dialog.try_accept()
    assert "已經有「總機電話服務」" in dialog.message.text()
    assert written() == before and category("B").name == "受理現場查詢案件"
    dialog.name_edit.setText("現場查詢")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert row_of(view, "B")[1] == "現場查詢"


def test_retire_a_category(qtbot, view: CategoriesView) -> None:
    view.select_code("C")
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.name_edit.text() == "服務中心導引民眾"
    assert dialog.code_label.text() == "C" and dialog.key_edit.text() == "C"
    assert dialog.role_checks[Role.VOLUNTEER].isChecked() and not dialog.role_checks[Role.DUTY].isChecked()
    dialog.active_check.setChecked(False)
    dialog.try_accept()
    assert row_of(view, "C")[5] == "已停用"
    assert view.model.data(view.model.index(2, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert "C" not in [c.code for c in categories()]
    assert "C" in [c.code for c in categories(include_retired=True)]
    # and back again
    view.select_code("C")
    dialog = view.open_category_dialog(view.selected_category())
    qtbot.addWidget(dialog)
    dialog.active_check.setChecked(True)
    dialog.try_accept()
    assert row_of(view, "C")[5] == "使用中"


def test_reorder(qtbot, view: CategoriesView) -> None:
    view.select_code("B")
    qtbot.mouseClick(view.up_button, Qt.MouseButton.LeftButton)
    assert codes(view)[:3] == ["B", "A", "C"]
    assert view.selected_category().code == "B"  # the moved row stays selected
    assert not view.up_button.isEnabled()  # already at the top
    view.select_code("H")
    qtbot.mouseClick(view.down_button, Qt.MouseButton.LeftButton)
    assert codes(view) == ["B", "A", "C", "D", "E", "F", "G", "I", "H"]
    assert not view.down_button.isEnabled()
    assert [c.code for c in categories()] == codes(view)  # the stored order, used by the report


def test_delete_an_unused_category(qtbot, view: CategoriesView) -> None:
    dialog = view.open_category_dialog()
    qtbot.addWidget(dialog)
    fill(dialog, "臨時類別")
    dialog.try_accept()
    added = category("K")
    view.select_code("K")
    view.delete_selected(confirmed=True)
    assert "K" not in codes(view)
    assert not ServiceCategory.select().where(ServiceCategory.id == added.id).exists()
    assert AuditEntry.get(AuditEntry.record_id == added.id, AuditEntry.action == "delete").table_name == "service_category"
    assert view.message.text() == ""


def test_a_used_category_cannot_be_deleted(qtbot, view: CategoriesView, volunteer: User, secretary: User) -> None:
    record_press(secretary, category("A"), when=dt.datetime(2017, 3, 1, 9))
    before = written()
    view.select_code("A")
    view.delete_selected(confirmed=True)
    assert "「總機電話服務」已經有紀錄，不能刪除；不再使用請改為「停用」" in view.message.text()
    assert view.message.isVisible()
    assert written() == before and "A" in codes(view)


def test_declining_the_question_deletes_nothing(view: CategoriesView) -> None:
    before = written()
    view.select_code("E")
    view.delete_selected(confirmed=False)
    assert written() == before and "E" in codes(view)


def test_buttons_need_a_selection(view: CategoriesView) -> None:
    view.table.clearSelection()
    assert not view.edit_button.isEnabled() and not view.delete_button.isEnabled()
    view.select_code("D")
    assert view.edit_button.isEnabled() and view.up_button.isEnabled() and view.down_button.isEnabled()


def test_model_passes_modeltester(qtmodeltester, secretary: User) -> None:
    model = CategoriesModel()
    model.refresh()
    qtmodeltester.check(model)


def test_empty_model_passes_modeltester(qtmodeltester, database) -> None:
    model = CategoriesModel()
    qtmodeltester.check(model)


def test_a_payment_category_is_offered_only_when_there_is_none(qtbot, view: CategoriesView) -> None:
    dialog = view.open_category_dialog()
    qtbot.addWidget(dialog)
    assert not dialog.amount_check.isVisibleTo(dialog)  # G already carries the money
    view.select_code("G")
    view.delete_selected(confirmed=True)  # unused, so it may go
    assert "G" not in codes(view)
    dialog = view.open_category_dialog()
    qtbot.addWidget(dialog)
    assert dialog.amount_check.isVisibleTo(dialog)
    fill(dialog, "中午收款", "G", (Role.DUTY,))
    dialog.amount_check.setChecked(True)
    dialog.try_accept()
    assert row_of(view, "K")[1:5] == ["中午收款", "G", "輪值", "有"]


def test_a_used_category_is_refused_without_a_question(
    qtbot, view: CategoriesView, volunteer: User, monkeypatch: pytest.MonkeyPatch
, secretary: User) -> None:
    boxes = AnsweredBoxes(QMessageBox.StandardButton.Yes).install(monkeypatch)
    record_press(secretary, category("A"), when=dt.datetime(2017, 3, 1, 9))
    before = written()
    view.select_code("A")
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert boxes.questions == []  # nothing to confirm: it cannot be deleted anyway
    assert view.message.text() == "「總機電話服務」已經有紀錄，不能刪除；不再使用請改為「停用」。"
    assert written() == before and "A" in codes(view)


def test_an_unused_category_is_asked_about_then_deleted(
    qtbot, view: CategoriesView, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = AnsweredBoxes(QMessageBox.StandardButton.No).install(monkeypatch)
    view.select_code("E")
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert boxes.questions == ["確定要刪除「查封車看車服務」嗎？"]
    assert "E" in codes(view)
    boxes.reply = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert len(boxes.questions) == 2
    assert "E" not in codes(view) and view.message.text() == ""


def test_a_category_deleted_on_another_pc(
    qtbot, view: CategoriesView, secretary: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = AnsweredBoxes(QMessageBox.StandardButton.Yes).install(monkeypatch)
    view.select_code("E")
    delete_category(secretary, category("E"))  # the other PC; this list still shows it
    assert "E" in codes(view)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    assert boxes.warnings == ["找不到這筆資料，可能已經在另一台電腦上刪除；清單已重新整理。"]
    assert view.dialog is None  # no form for a category that is gone
    assert "E" not in codes(view)


def test_history_button_shows_a_categorys_changes(qtbot, view: CategoriesView) -> None:
    dialog = view.open_category_dialog()
    qtbot.addWidget(dialog)
    fill(dialog, "臨時類別", "k", (Role.VOLUNTEER,))
    dialog.try_accept()
    assert view.selected_category().code == "K"
    dialog = view.open_category_dialog(view.selected_category())
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("臨時服務")
    dialog.try_accept()
    assert view.history_button.isEnabled()
    qtbot.mouseClick(view.history_button, Qt.MouseButton.LeftButton)
    shown = view.findChildren(HistoryDialog)
    assert len(shown) == 1 and shown[0].isVisible()
    model = shown[0].model
    cells = [[model.data(model.index(r, c)) for c in range(4)] for r in range(model.rowCount())]
    assert [row[2] for row in cells] == ["新增", "修改"]
    assert cells[0][3] == "代碼：K\n名稱：臨時類別\n按鍵：K\n角色：志工\n使用中：是"
    assert cells[1][3] == "名稱：臨時類別 → 臨時服務"
    assert "服務類別 第" in shown[0].title.text()
    shown[0].close()

"""What every record list and form shares (ui/widgets/record_list.py), seen on a planted screen:
messages beside their fields, ROC dates read for the domain, voided rows, and a list read as
an op. The registers' and 使用者/類別's own tests drive it through their real screens."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from models.accounts import User, users
from models.errors import ValidationError
from tests.ui.op_gate import RELEASE_S
from ui.ops import op_runner
from ui.widgets.roc_date_edit import RocDateEdit
from ui.widgets.record_list import (
    Column,
    ListQuery,
    RecordDialog,
    RecordListPage,
    RecordTableModel,
    with_void_reason,
)


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    is_voided: bool = False

    def get_id(self) -> int:
        return self.id


class RowsModel(RecordTableModel[Row]):
    columns = (Column("名稱", lambda row: row.name),)


class Form(RecordDialog[Any]):
    """A planted form: a name and a date, refused as the domain would refuse them."""

    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(actor, None, ("新增", "修改"), parent)
        self.name_edit = QLineEdit()
        self.add_field("名稱", self.name_edit, "name", note="最多 5 個字")
        self.day_edit = self.add_date_field("日期", "day")
        self.refusal: ValidationError | None = None

    def save(self) -> Any:
        day = self.date_of(self.day_edit, "day")
        if self.refusal is not None:
            raise self.refusal
        return Row(1, f"{self.name_edit.text()} {day}")


def test_a_refusal_is_said_beside_the_field_it_names(qtbot: QtBot, secretary: User) -> None:
    form = Form(secretary)
    qtbot.addWidget(form)
    form.show()
    form.refusal = ValidationError("名稱最多 5 個字。", field="name")
    form.try_accept()
    assert form.field_messages["name"].text() == "名稱最多 5 個字。" and form.field_messages["name"].isVisible()
    assert form.message.text() == "" and form.field_messages["day"].text() == ""
    assert form.focusWidget() is form.name_edit
    form.refusal = ValidationError("資料已被另一台電腦修改。")  # about no field: above the buttons
    form.try_accept()
    assert form.message.text() == "資料已被另一台電腦修改。" and form.field_messages["name"].text() == ""


def test_a_date_is_read_in_roc_form_and_a_bad_one_is_said_on_its_line(qtbot: QtBot, secretary: User) -> None:
    form = Form(secretary)
    qtbot.addWidget(form)
    form.show()
    saved: list[Row] = []
    form.saved.connect(saved.append)
    edit = form.day_edit.lineEdit()
    qtbot.keyClicks(edit, "1060230")
    edit.editingFinished.emit()
    said = "「1060230」不是有效日期：民國106年2月只有28天。"
    assert form.field_messages["day"].text() == said  # said on leaving the field
    form.try_accept()  # and again when saving, beside the same field
    assert form.field_messages["day"].text() == said and saved == [] and form.message.text() == ""
    edit.setText("106年3月14日")
    form.name_edit.setText("甲")
    form.try_accept()
    assert saved == [Row(1, f"甲 {dt.date(2017, 3, 14)}")] and not form.isVisible()


def test_an_empty_date_is_none_for_the_domain_to_judge(qtbot: QtBot, secretary: User) -> None:
    form = Form(secretary)
    qtbot.addWidget(form)
    assert form.date_of(form.day_edit, "day") is None


def test_a_field_added_to_a_form_on_the_screen_is_shown_at_once_and_can_be_taken_off(
    qtbot: QtBot, secretary: User
) -> None:
    """Fields that follow a choice (an event's figures follow its kind): added and removed while
    the form is shown, each with its own message line."""
    form = Form(secretary)
    qtbot.addWidget(form)
    form.show()
    rows = form.form.rowCount()
    extra = QLineEdit()
    form.add_field("人次", extra, "values.人次", note="整數")
    assert extra.isVisible() and form.form.labelForField(extra.parentWidget()).isVisible()  # not at the loop's next turn
    form.refusal = ValidationError("請輸入人次。", field="values.人次")
    form.try_accept()
    assert form.field_messages["values.人次"].isVisible() and form.focusWidget() is extra
    form.remove_field("values.人次")
    assert form.form.rowCount() == rows and "values.人次" not in form.field_messages
    assert "values.人次" not in form.field_widgets()
    form.try_accept()  # the refusal naming it now has no line of its own: above the buttons
    assert form.message.text() == "請輸入人次。"


def test_the_hover_text_of_a_voided_record_says_why() -> None:
    @dataclass(frozen=True)
    class Voided:
        is_voided: bool
        void_reason: str = "重複輸入"

    assert with_void_reason("捐血活動", Voided(True)) == "捐血活動\n作廢原因：重複輸入"
    assert with_void_reason("捐血活動", Voided(False)) == "捐血活動"


def test_voided_rows_are_grey_and_struck_through_by_default(qtmodeltester) -> None:
    model = RowsModel()
    model.set_records([Row(1, "留著"), Row(2, "作廢了", is_voided=True)])
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole).color().name() == "#888888"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.FontRole).strikeOut()
    qtmodeltester.check(model)


class UsersList(RecordListPage[User, Any]):
    """A list whose read runs as an op, as a register's does."""

    reads: list[Mapping[str, Any]]

    def create_model(self) -> RecordTableModel[User]:
        model: RecordTableModel[User] = RecordTableModel()
        model.columns = (Column("姓名", lambda user: user.name),)
        return model

    def list_query(self, values: Mapping[str, Any]) -> ListQuery:
        type(self).reads.append(dict(values))
        return lambda: users(include_retired=True)


def test_a_list_with_a_query_is_read_as_an_op_and_keeps_the_selection(qtbot: QtBot, secretary: User, volunteer: User) -> None:
    UsersList.reads = []
    page = UsersList(secretary, title="使用者", hint="", add_text="新增", history=lambda *args: None)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0 and page.count_label.text() == "讀取中…"  # not read on the window's thread
    assert op_runner().wait_idle(RELEASE_S)
    assert [user.name for user in page.model.records()] == ["陳志工", "林秘書"]
    page.table.selectRow(page.model.row_of(volunteer.id))
    page.refresh()
    assert op_runner().wait_idle(RELEASE_S)
    assert page.selected().id == volunteer.id and page.count_label.text() == "共 2 筆"
    assert UsersList.reads == [{}, {}]  # no filter row: nothing to filter by
    assert page.void_button is None  # no void function given: no 作廢


class EveryInput(RecordDialog[Any]):
    """One field of each kind a register's form has, each refused in turn."""

    def __init__(self, actor: User) -> None:
        super().__init__(actor, None, ("新增", "修改"))
        self.inputs: dict[str, QWidget] = {
            "line": QLineEdit(), "choice": QComboBox(), "text": QPlainTextEdit(), "box": QCheckBox("密件"),
        }
        self.inputs["choice"].addItems(["（請選擇）", "口頭", "書面"])
        for field, widget in self.inputs.items():
            self.add_field(field, widget, field)
        self.inputs["date"] = self.add_date_field("日期", "date")
        self.refusal: ValidationError | None = None

    def save(self) -> Any:
        assert self.refusal is not None
        raise self.refusal


def change(qtbot: QtBot, widget: QWidget) -> None:
    """What the secretary does to put a refused field right: types in it, or chooses."""
    if isinstance(widget, QComboBox):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Down)
    elif isinstance(widget, QCheckBox):
        qtbot.keyClick(widget, Qt.Key.Key_Space)
    elif isinstance(widget, RocDateEdit):
        qtbot.keyClicks(widget.lineEdit(), "1")
    else:
        qtbot.keyClicks(widget, "a")


@pytest.mark.parametrize("field", ["line", "choice", "text", "box", "date"])
def test_a_refusal_goes_once_its_field_is_changed_and_the_others_stay(qtbot: QtBot, secretary: User, field: str) -> None:
    """「請選擇陳情方式。」 stayed under the box after 口頭 was chosen."""
    form = EveryInput(secretary)
    qtbot.addWidget(form)
    form.show()
    other = "line" if field != "line" else "text"
    form.refusal = ValidationError("另一欄的說明。", field=other)
    form.try_accept()
    form.refusal = ValidationError("這一欄的說明。", field=field)
    form.show_refusal(form.refusal)
    change(qtbot, form.inputs[field])
    assert form.field_messages[field].text() == ""
    assert form.field_messages[other].text() == "另一欄的說明。"

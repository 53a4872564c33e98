"""MonthGrid: the secretary keys a paper month of the 工作日誌 into the grid, top to bottom.

The month is read as an op: a test that reads what the grid shows after a load (a month
chosen, the screen shown again, the readback after a write) waits for it first (``loaded``)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMessageBox

import ui.service.month_grid

from models.accounts import Role, User
from models.audit import AuditEntry
from models.errors import DatabaseLocked
from models.service.categories import ServiceCategory, update_category
from models.service.counts import (
    SOURCE_GRID,
    SOURCE_PRESS,
    ServiceEvent,
    day_totals,
    record_group,
    record_payment,
    record_press,
)
from models.users import create_user
from tests.ui.grid_typing import type_into
from tests.ui.op_gate import RELEASE_S, Gate, assert_the_loop_runs, hold_read
from ui.ops import op_runner
from ui.service.common import month_period, month_text
from ui.service.month_grid import AMOUNT, COUNT, MonthGrid, MonthGridModel, read_month
from ui.widgets.progress import ProgressPanel

MARCH = dt.date(2017, 3, 1)  # 民國106年3月: 3/1 is a Wednesday, 3/4–3/5 a weekend
MARCH_END = dt.date(2017, 3, 31)


def day(n: int) -> dt.date:
    return MARCH.replace(day=n)


def category(code: str) -> ServiceCategory:
    return ServiceCategory.get(ServiceCategory.code == code)


@dataclass
class Answers:
    """Stands in for the 確定改成…？ question: records what was asked, answers ``reply``."""

    reply: bool = False  # No, the message box's default
    asked: list[tuple[str, int, int]] = field(default_factory=list)

    def __call__(self, question: str, recorded: int, total: int) -> bool:
        self.asked.append((question, recorded, total))
        return self.reply


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def grid(qtbot, secretary: User, answers: Answers) -> MonthGrid:
    widget = MonthGrid(secretary)
    widget.model.confirm_lower = answers
    qtbot.addWidget(widget)
    widget.resize(1350, 630)
    widget.show()
    qtbot.waitExposed(widget)
    show_month(qtbot, widget, "106/03")
    return widget


def loaded() -> None:
    """Until every read of the month asked for has arrived and is shown."""
    assert op_runner().wait_idle(RELEASE_S)


def show_month(qtbot, grid: MonthGrid, text: str) -> None:
    grid.picker.edit.setText(text)
    qtbot.keyClick(grid.picker.edit, Qt.Key.Key_Return)
    loaded()


def activate(grid: MonthGrid) -> None:
    grid.activate()
    loaded()


def cell(grid: MonthGrid, code: str, day_number: int, kind: str = COUNT) -> QModelIndex:
    column = grid.model.column_of(code, kind)
    assert column >= 0, code
    return grid.model.index(day_number - 1, column)


def shown(grid: MonthGrid, row: int, column: int) -> str:
    return grid.model.data(grid.model.index(row, column))


def key_cell(qtbot, grid: MonthGrid, index: QModelIndex, text: str) -> None:
    """Go to the cell, open its editor, type, press Enter — as the secretary does."""
    type_into(qtbot, grid.table, index, text)
    loaded()


def written() -> tuple[int, int]:
    return ServiceEvent.select().count(), AuditEntry.select().count()


def march_totals() -> dict[tuple[dt.date, str], tuple[int, int]]:
    codes = {c.id: c.code for c in ServiceCategory.select()}
    return {
        (d, codes[cid]): (total.count, total.amount)
        for (d, cid), total in day_totals(MARCH, MARCH_END).items()
    }


def test_the_month_is_laid_out_like_the_paper_log(grid: MonthGrid) -> None:
    model = grid.model
    assert grid.month_label.text() == "106年3月"
    assert model.rowCount() == 32  # 31 days and 合計
    assert model.headerData(0, Qt.Orientation.Vertical) == "3/1 (三)"
    assert model.headerData(3, Qt.Orientation.Vertical) == "3/4 (六)"
    assert model.headerData(31, Qt.Orientation.Vertical) == "合計"
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert [h.split("\n")[0] for h in headers] == ["A", "B", "C", "D", "E", "F", "G", "G", "H", "I", "日合計"]
    assert headers[0].replace("\n", "") == "A總機電話服務"
    assert "金額" in headers[7]
    # Weekends are shaded, working days are not.
    assert model.data(cell(grid, "A", 4), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(cell(grid, "A", 6), Qt.ItemDataRole.BackgroundRole) is None
    assert "調整" in grid.note.text() and "保留" in grid.note.text()


def test_typed_totals_are_adjustments_and_presses_are_kept(qtbot, grid: MonthGrid, volunteer: User, secretary: User) -> None:
    press = record_press(secretary, category("C"), when=dt.datetime(2017, 3, 2, 10, 15))
    activate(grid)
    assert shown(grid, 1, grid.model.column_of("C")) == "1"

    key_cell(qtbot, grid, cell(grid, "A", 1), "37")
    assert grid.table.currentIndex() == cell(grid, "A", 2)  # Enter went to the next day
    key_cell(qtbot, grid, grid.table.currentIndex(), "74")
    assert grid.table.currentIndex() == cell(grid, "A", 3)
    key_cell(qtbot, grid, cell(grid, "C", 2), "12")
    key_cell(qtbot, grid, cell(grid, "I", 3), "1200")

    assert march_totals() == {
        (day(1), "A"): (37, 0),
        (day(2), "A"): (74, 0),
        (day(2), "C"): (12, 0),
        (day(3), "I"): (1200, 0),
    }
    kept = ServiceEvent.get_by_id(press.id)
    assert not kept.is_voided and kept.count == 1 and kept.source == SOURCE_PRESS
    adjustment = ServiceEvent.get((ServiceEvent.category == category("C")) & (ServiceEvent.source == SOURCE_GRID))
    assert adjustment.count == 11 and adjustment.day == day(2)
    assert AuditEntry.select().where(AuditEntry.table_name == "service_event").count() == 5
    assert grid.message.text() == ""

    # What the grid shows: the cells, each day's total, each column's total, the grand total.
    model = grid.model
    last = model.day_total_column
    assert shown(grid, 0, model.column_of("A")) == "37"
    assert shown(grid, 2, model.column_of("I")) == "1,200"
    assert [shown(grid, row, last) for row in range(4)] == ["37", "86", "1,200", "0"]
    assert shown(grid, model.total_row, model.column_of("A")) == "111"
    assert shown(grid, model.total_row, model.column_of("C")) == "12"
    assert shown(grid, model.total_row, model.column_of("B")) == "0"
    assert shown(grid, model.total_row, last) == "1,323"
    assert shown(grid, 4, model.column_of("A")) == ""  # nothing that day: an empty cell


def test_typing_a_digit_on_a_cell_replaces_it(qtbot, grid: MonthGrid, answers: Answers) -> None:
    key_cell(qtbot, grid, cell(grid, "B", 6), "40")
    answers.reply = True  # 9 is fewer than the 40 there: yes, that is meant
    table = grid.table
    table.setFocus()
    table.setCurrentIndex(cell(grid, "B", 6))
    qtbot.keyClick(table, Qt.Key.Key_9)  # typing opens the editor with what was typed
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "9"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert march_totals() == {(day(6), "B"): (9, 0)}
    assert [a[1:] for a in answers.asked] == [(40, 9)]
    assert table.currentIndex() == cell(grid, "B", 7)


def test_enter_without_typing_moves_down(qtbot, grid: MonthGrid) -> None:
    before = written()
    table = grid.table
    table.setFocus()
    table.setCurrentIndex(cell(grid, "D", 30))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert table.currentIndex() == cell(grid, "D", 31)
    qtbot.keyClick(table, Qt.Key.Key_Return)  # the 合計 row is not a place to type
    assert table.currentIndex() == cell(grid, "D", 31)
    assert written() == before


def test_retyping_the_same_total_writes_nothing(qtbot, grid: MonthGrid) -> None:
    key_cell(qtbot, grid, cell(grid, "A", 1), "5")
    before = written()
    key_cell(qtbot, grid, cell(grid, "A", 1), "5")
    assert written() == before


def test_clearing_a_cell_means_zero_and_still_keeps_the_press(
    qtbot, grid: MonthGrid, volunteer: User, answers: Answers
, secretary: User) -> None:
    press = record_press(secretary, category("C"), when=dt.datetime(2017, 3, 1, 9, 0))
    activate(grid)
    answers.reply = True
    key_cell(qtbot, grid, cell(grid, "C", 1), "")
    assert [a[1:] for a in answers.asked] == [(1, 0)]  # fewer than recorded: asked first
    assert march_totals() == {(day(1), "C"): (0, 0)}
    assert not ServiceEvent.get_by_id(press.id).is_voided
    assert shown(grid, 0, grid.model.column_of("C")) == ""


@pytest.mark.parametrize(
    "text, message",
    [
        ("-1", "人次請輸入整數，不要有小數點或正負號"),
        ("abc", "人次請輸入整數，不要有小數點或正負號"),
        ("1.5", "人次請輸入整數，不要有小數點或正負號"),
        ("100001", "人次最多 100,000"),
    ],
)
def test_bad_counts_are_refused_and_change_nothing(qtbot, grid: MonthGrid, text: str, message: str) -> None:
    key_cell(qtbot, grid, cell(grid, "A", 2), "8")
    before, grid_top = written(), grid.table.y()
    key_cell(qtbot, grid, cell(grid, "A", 2), text)
    assert message in grid.message.text() and grid.message.isVisible()
    assert written() == before
    assert march_totals() == {(day(2), "A"): (8, 0)}
    assert shown(grid, 1, grid.model.column_of("A")) == "8"
    assert grid.table.currentIndex() == cell(grid, "A", 2)  # stays for a retry
    assert grid.table.y() == grid_top  # its line was kept: the grid did not move under the typing
    key_cell(qtbot, grid, cell(grid, "A", 2), "9")  # the retry clears the message
    assert grid.message.text() == "" and grid.table.y() == grid_top


@pytest.mark.parametrize("text", ["٣", "๓", "１２"])
def test_digits_of_other_scripts_are_refused_and_full_width_ones_read(qtbot, grid: MonthGrid, text: str) -> None:
    """Stored as 3 before: \\d and int() read every script's digits. (An input method commits
    such text whole; QTest can only type Latin-1, so it is inserted into the editor.)"""
    key_cell(qtbot, grid, cell(grid, "A", 2), "8")
    before = written()
    table = grid.table
    table.setCurrentIndex(cell(grid, "A", 2))
    table.edit(cell(grid, "A", 2))
    editor = table.indexWidget(cell(grid, "A", 2))
    editor.selectAll()
    editor.insert(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    if text == "１２":
        assert march_totals() == {(day(2), "A"): (12, 0)}
        return
    assert f"人次裡的「{text}」不是 0–9 的數字" in grid.message.text()
    assert written() == before
    assert march_totals() == {(day(2), "A"): (8, 0)}


def test_future_days_cannot_be_typed(qtbot, grid: MonthGrid) -> None:
    before = written()
    later = dt.date.today().replace(day=1) + dt.timedelta(days=40)
    show_month(qtbot, grid, month_text(later))
    index = grid.model.index(0, grid.model.column_of("A"))
    assert not grid.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert grid.model.data(index, Qt.ItemDataRole.ToolTipRole) == "還沒到的日期不能輸入。"
    assert grid.model.setData(index, "5", Qt.ItemDataRole.EditRole) is False
    assert "日期不能晚於今天" in grid.message.text()
    assert written() == before


def test_totals_are_not_editable(grid: MonthGrid) -> None:
    before = written()
    model = grid.model
    for index in (
        model.index(model.total_row, model.column_of("A")),
        model.index(0, model.day_total_column),
        model.index(model.total_row, model.day_total_column),
    ):
        assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
        assert model.setData(index, "5", Qt.ItemDataRole.EditRole) is False
    assert model.flags(cell(grid, "A", 1)) & Qt.ItemFlag.ItemIsEditable
    assert written() == before


def test_amount_column_of_the_payment_category(qtbot, grid: MonthGrid, secretary: User) -> None:
    duty = create_user(secretary, "王輪值", Role.DUTY)
    payment = record_payment(secretary, 300, day=day(1))
    activate(grid)
    assert shown(grid, 0, grid.model.column_of("G", AMOUNT)) == "300"
    key_cell(qtbot, grid, cell(grid, "G", 1, AMOUNT), "1,500")
    assert grid.table.currentIndex() == cell(grid, "G", 2, AMOUNT)
    key_cell(qtbot, grid, cell(grid, "G", 2, AMOUNT), "2000")
    key_cell(qtbot, grid, cell(grid, "G", 2), "3")
    assert march_totals() == {(day(1), "G"): (1, 1500), (day(2), "G"): (3, 2000)}
    assert ServiceEvent.get_by_id(payment.id).amount == 300  # the payment itself is untouched
    model = grid.model
    assert shown(grid, 0, model.column_of("G", AMOUNT)) == "1,500"
    assert shown(grid, model.total_row, model.column_of("G", AMOUNT)) == "3,500"
    assert shown(grid, 1, model.day_total_column) == "3"  # 日合計 counts 人次, not money


@pytest.mark.parametrize(
    "text, message",
    [
        ("-5", "金額請輸入整數元"),
        ("1.5", "金額請輸入整數元"),
        ("abc", "金額請輸入整數元"),
        ("100000001", "金額最多 100,000,000 元"),
    ],
)
def test_bad_amounts_are_refused(qtbot, grid: MonthGrid, text: str, message: str) -> None:
    before = written()
    key_cell(qtbot, grid, cell(grid, "G", 3, AMOUNT), text)
    assert message in grid.message.text()
    assert written() == before
    assert shown(grid, 2, grid.model.column_of("G", AMOUNT)) == ""


def test_only_the_secretary_may_backfill(qtbot, volunteer: User) -> None:
    grid = MonthGrid(volunteer)
    qtbot.addWidget(grid)
    grid.show()
    show_month(qtbot, grid, "106/03")
    before = written()
    assert grid.model.setData(cell(grid, "A", 1), "5", Qt.ItemDataRole.EditRole) is False
    assert "研考" in grid.message.text()
    assert written() == before


def test_month_navigation(qtbot, grid: MonthGrid) -> None:
    qtbot.mouseClick(grid.picker.previous_button, Qt.MouseButton.LeftButton)
    loaded()
    assert grid.picker.edit.text() == "106/02" and grid.month_label.text() == "106年2月"
    assert grid.model.rowCount() == 29  # 28 days in February 2017, and 合計
    qtbot.mouseClick(grid.picker.next_button, Qt.MouseButton.LeftButton)
    loaded()
    qtbot.mouseClick(grid.picker.next_button, Qt.MouseButton.LeftButton)
    loaded()
    assert grid.picker.edit.text() == "106/04" and grid.model.rowCount() == 31
    assert grid.model.headerData(0, Qt.Orientation.Vertical) == "4/1 (六)"
    show_month(qtbot, grid, "105年12月")
    assert grid.picker.edit.text() == "105/12" and grid.month_label.text() == "105年12月"
    qtbot.mouseClick(grid.picker.next_button, Qt.MouseButton.LeftButton)
    loaded()
    assert grid.picker.edit.text() == "106/01"


@pytest.mark.parametrize(
    "text, message", [("106", "不是單一月份"), ("106H1", "不是單一月份"), ("abc", "無法辨識為期間"), ("106/13", "月份必須是1到12")]
)
def test_a_bad_month_changes_nothing(qtbot, grid: MonthGrid, text: str, message: str) -> None:
    show_month(qtbot, grid, text)
    assert message in grid.message.text()
    assert grid.model.period.start == MARCH and grid.month_label.text() == "106年3月"
    assert grid.model.rowCount() == 32


def test_the_current_month_is_the_default_and_next_stops_there(qtbot, secretary: User) -> None:
    grid = MonthGrid(secretary)
    qtbot.addWidget(grid)
    loaded()
    today = dt.date.today()
    assert grid.picker.edit.text() == month_text(today)
    assert not grid.picker.next_button.isEnabled()
    assert grid.table.currentIndex().row() == today.day - 1  # ready at today's row
    qtbot.mouseClick(grid.picker.previous_button, Qt.MouseButton.LeftButton)
    assert grid.picker.next_button.isEnabled()


def test_retired_category_with_counts_is_shown_read_only(qtbot, grid: MonthGrid, secretary: User) -> None:
    key_cell(qtbot, grid, cell(grid, "E", 1), "4")
    e = category("E")
    update_category(secretary, e, name=e.name, roles=e.role_set, shortcut="E", active=False)
    d = category("D")
    update_category(secretary, d, name=d.name, roles=d.role_set, shortcut="D", active=False)
    activate(grid)
    model = grid.model
    assert model.column_of("D") == -1  # retired and unused this month: not shown
    column = model.column_of("E")
    assert "已停用" in model.headerData(column, Qt.Orientation.Horizontal)
    assert not model.flags(cell(grid, "E", 2)) & Qt.ItemFlag.ItemIsEditable
    assert shown(grid, model.total_row, model.day_total_column) == "4"
    show_month(qtbot, grid, "106/04")
    assert grid.model.column_of("E") == -1


def test_activate_reads_what_counters_recorded_meanwhile(grid: MonthGrid, volunteer: User, secretary: User) -> None:
    record_press(secretary, category("I"), when=dt.datetime(2017, 3, 9, 14, 0))
    assert shown(grid, 8, grid.model.column_of("I")) == ""
    activate(grid)
    assert shown(grid, 8, grid.model.column_of("I")) == "1"


def test_model_passes_modeltester(qtmodeltester, secretary: User, volunteer: User) -> None:
    record_press(secretary, ServiceCategory.get(ServiceCategory.code == "A"), when=dt.datetime(2017, 3, 1, 9))
    duty = create_user(secretary, "王輪值", Role.DUTY)
    record_payment(secretary, 500, day=day(4))
    model = MonthGridModel(secretary)
    model.show_cells(read_month(month_period(MARCH)))
    assert model.setData(model.index(1, 0), "3", Qt.ItemDataRole.EditRole)
    qtmodeltester.check(model)


# --- a total below what the desks recorded -------------------------------------------


def answer_message_box(qtbot, key: Qt.Key | str) -> list[str]:
    """Press ``key`` (or click the button of that text) on the next message box that opens;
    the texts it showed are collected."""
    seen: list[str] = []
    tries = [0]

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            if isinstance(key, str):
                button = next(b for b in box.buttons() if b.text() == key)
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            else:
                qtbot.keyClick(box, key)
        elif tries[0] < 200:  # without a box there is nothing to answer: stop in the end
            tries[0] += 1
            QTimer.singleShot(10, answer)

    QTimer.singleShot(0, answer)
    return seen


def test_a_total_below_the_recorded_asks_first_and_no_keeps_it(
    qtbot, grid: MonthGrid, volunteer: User, answers: Answers
, secretary: User) -> None:
    group = record_group(secretary, category("C"), 7, day=day(2))
    activate(grid)
    before = written()
    key_cell(qtbot, grid, cell(grid, "C", 2), "6")
    assert answers.asked == [("這一天櫃台已記錄 7 人次，確定改成 6？（會記一筆 −1 的調整，原來的紀錄都保留）", 7, 6)]
    assert written() == before  # No: nothing written
    assert shown(grid, 1, grid.model.column_of("C")) == "7"
    assert grid.table.currentIndex() == cell(grid, "C", 2)  # stays, as after a refusal
    assert grid.message.text() == ""

    answers.reply = True
    key_cell(qtbot, grid, cell(grid, "C", 2), "6")
    assert len(answers.asked) == 2
    assert march_totals() == {(day(2), "C"): (6, 0)}
    adjustment = ServiceEvent.get(ServiceEvent.source == SOURCE_GRID)
    assert adjustment.count == -1
    kept = ServiceEvent.get_by_id(group.id)
    assert kept.count == 7 and not kept.is_voided
    assert grid.table.currentIndex() == cell(grid, "C", 3)  # accepted: on to the next day


def test_raising_or_retyping_a_total_asks_nothing(qtbot, grid: MonthGrid, volunteer: User, answers: Answers, secretary: User) -> None:
    record_group(secretary, category("C"), 7, day=day(2))
    activate(grid)
    before = written()
    key_cell(qtbot, grid, cell(grid, "C", 2), "7")
    assert written() == before
    key_cell(qtbot, grid, cell(grid, "C", 2), "1,200")
    assert march_totals() == {(day(2), "C"): (1200, 0)}
    key_cell(qtbot, grid, cell(grid, "C", 2), "7.5")  # not a number: the domain's message, no question
    assert "人次請輸入整數" in grid.message.text()
    assert answers.asked == []


def test_the_real_question_defaults_to_no(qtbot, secretary: User, volunteer: User) -> None:
    record_group(secretary, category("A"), 7, day=day(2))
    grid = MonthGrid(secretary)  # the screen's own question, a real message box
    qtbot.addWidget(grid)
    grid.resize(1350, 630)
    grid.show()
    with qtbot.waitActive(grid):  # the keyboard is the window's, as on the secretary's screen
        grid.activateWindow()
    show_month(qtbot, grid, "106/03")
    before = written()
    seen = answer_message_box(qtbot, Qt.Key.Key_Return)  # Enter takes the default button
    key_cell(qtbot, grid, cell(grid, "A", 2), "6")
    assert seen == ["這一天櫃台已記錄 7 人次，確定改成 6？（會記一筆 −1 的調整，原來的紀錄都保留）"]
    assert written() == before
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid.table)  # typing goes on in the grid, on that day
    assert grid.table.currentIndex() == cell(grid, "A", 2)
    seen = answer_message_box(qtbot, "是")  # the button reads 是, without Qt's (Y)
    key_cell(qtbot, grid, cell(grid, "A", 2), "6")
    assert len(seen) == 1
    assert march_totals() == {(day(2), "A"): (6, 0)}
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid.table)
    assert grid.table.currentIndex() == cell(grid, "A", 3)


# --- Enter stops at the last day that can be typed -----------------------------------


def test_enter_stops_at_today_in_the_current_month(qtbot, secretary: User) -> None:
    grid = MonthGrid(secretary)  # opens on the current month, at today's row
    qtbot.addWidget(grid)
    grid.resize(1350, 630)
    grid.show()
    loaded()
    today = dt.date.today()
    table, model = grid.table, grid.model
    column = model.column_of("A")
    assert table.currentIndex().row() == today.day - 1
    if today.day > 1:
        table.setCurrentIndex(model.index(today.day - 2, column))
        qtbot.keyClick(table, Qt.Key.Key_Return)
        assert table.currentIndex().row() == today.day - 1  # yesterday → today
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert table.currentIndex() == model.index(today.day - 1, column)  # not into tomorrow
    key_cell(qtbot, grid, model.index(today.day - 1, column), "3")
    assert table.currentIndex() == model.index(today.day - 1, column)  # stored, and still here
    assert model.value(today.day - 1, column) == 3


def test_enter_does_not_move_through_a_future_month(qtbot, grid: MonthGrid) -> None:
    later = dt.date.today().replace(day=1) + dt.timedelta(days=40)
    show_month(qtbot, grid, month_text(later))
    table = grid.table
    start = table.currentIndex()
    assert start.row() == 0
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert table.currentIndex() == start
    assert grid.model.last_editable_row == -1


def test_enter_reaches_the_last_day_of_a_past_month(qtbot, grid: MonthGrid) -> None:
    table = grid.table
    table.setFocus()
    table.setCurrentIndex(cell(grid, "B", 30))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert table.currentIndex() == cell(grid, "B", 31)
    assert grid.model.last_editable_row == 30


def test_activate_clears_a_stale_message(qtbot, grid: MonthGrid) -> None:
    key_cell(qtbot, grid, cell(grid, "A", 2), "abc")
    assert grid.message.text() != ""
    activate(grid)
    assert grid.message.text() == ""


# --- column headers --------------------------------------------------------------------


def test_headers_break_names_between_words(grid: MonthGrid) -> None:
    model = grid.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "A\n總機電話\n服務",
        "B\n受理現場\n查詢案件",
        "C\n服務中心\n導引民眾",
        "D\n停車導引\n及管制服務",
        "E\n查封車\n看車服務",
        "F\n其他服務\n(殘障人士\n服務)",
        "G\n中午輪值\n不打烊收款",
        "G\n金額\n（元）",
        "H\n現場受理\n收文",
        "I\n志工導引",
        "日合計\n（人次）",
    ]


# --- the month is read off the window's thread -----------------------------------------


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """The grid's read held on the worker until the test opens the gate."""
    yield from hold_read(monkeypatch, ui.service.month_grid, "day_totals")


def visible_panels(grid: MonthGrid) -> list[ProgressPanel]:
    return [panel for panel in grid.findChildren(ProgressPanel) if panel.isVisible()]


def test_the_window_answers_while_a_month_is_read(qtbot, grid: MonthGrid, gate: Gate, secretary: User) -> None:
    gate.open()
    key_cell(qtbot, grid, cell(grid, "A", 1), "37")
    gate.close()
    record_press(secretary, category("I"), when=dt.datetime(2017, 4, 3, 9, 0))

    qtbot.mouseClick(grid.picker.next_button, Qt.MouseButton.LeftButton)
    assert gate.reached.wait(RELEASE_S)  # the worker is inside the read, held there
    assert_the_loop_runs(qtbot, grid)
    qtbot.waitUntil(lambda: len(visible_panels(grid)) == 1, timeout=5000)
    assert visible_panels(grid)[0].title.text() == "正在讀取這個月的資料…"
    # Until April arrives, March stays whole: nothing half-drawn.
    assert grid.month_label.text() == "106年3月" and grid.model.rowCount() == 32
    assert shown(grid, 0, grid.model.column_of("A")) == "37"

    gate.open()
    qtbot.waitUntil(lambda: grid.month_label.text() == "106年4月", timeout=5000)
    assert grid.model.rowCount() == 31 and grid.model.period.start == dt.date(2017, 4, 1)
    assert shown(grid, 2, grid.model.column_of("I")) == "1"
    assert grid.table.currentIndex() == grid.model.index(0, 0)  # a new month starts at its first day
    qtbot.waitUntil(lambda: visible_panels(grid) == [], timeout=5000)


def test_typing_goes_on_while_the_month_is_read_again(qtbot, grid: MonthGrid, gate: Gate, secretary: User) -> None:
    """A desk records meanwhile; the reading arrives while a cell is being typed: the typing stays."""
    record_press(secretary, category("C"), when=dt.datetime(2017, 3, 9, 11, 0))
    grid.activate()
    assert gate.reached.wait(RELEASE_S)
    table = grid.table
    index = cell(grid, "A", 2)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.indexWidget(index)
    qtbot.keyClicks(editor, "12")  # typing reaches the grid while the worker is held
    assert editor.text() == "12"
    gate.open()
    qtbot.waitUntil(lambda: shown(grid, 8, grid.model.column_of("C")) == "1", timeout=5000)
    assert table.state() == QAbstractItemView.State.EditingState and editor.text() == "12"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    loaded()
    assert march_totals() == {(day(2), "A"): (12, 0), (day(9), "C"): (1, 0)}
    assert table.currentIndex() == cell(grid, "A", 3)


def test_a_typed_cell_shows_at_once_and_the_readback_adds_what_desks_recorded(
    qtbot, grid: MonthGrid, gate: Gate, secretary: User
) -> None:
    record_press(secretary, category("C"), when=dt.datetime(2017, 3, 2, 10, 0))  # not shown yet
    table = grid.table
    index = cell(grid, "A", 2)
    table.setCurrentIndex(index)
    table.edit(index)
    qtbot.keyClicks(table.indexWidget(index), "1,500")
    qtbot.keyClick(table.indexWidget(index), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert gate.reached.wait(RELEASE_S)  # the readback is held; the write is done
    model = grid.model
    assert march_totals()[(day(2), "A")] == (1500, 0)
    assert shown(grid, 1, model.column_of("A")) == "1,500"
    assert shown(grid, 1, model.day_total_column) == "1,500"
    assert shown(grid, model.total_row, model.column_of("A")) == "1,500"
    assert shown(grid, 1, model.column_of("C")) == ""
    gate.open()
    loaded()
    assert shown(grid, 1, model.column_of("C")) == "1"
    assert shown(grid, 1, model.day_total_column) == "1,501"


def test_a_storage_problem_while_reading_is_said_and_the_grid_stays(
    qtbot, grid: MonthGrid, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_cell(qtbot, grid, cell(grid, "A", 2), "8")
    problem = DatabaseLocked("資料庫正由另一台電腦寫入中，請稍後再試。")

    def locked(start: dt.date, end: dt.date) -> dict:
        raise problem

    monkeypatch.setattr(ui.service.month_grid, "day_totals", locked)
    qtbot.mouseClick(grid.picker.next_button, Qt.MouseButton.LeftButton)
    loaded()
    assert grid.message.text() == str(problem) and grid.message.isVisible()
    assert grid.month_label.text() == "106年3月" and grid.model.rowCount() == 32
    assert shown(grid, 1, grid.model.column_of("A")) == "8"

    # A write is still made and shown at once; only the readback after it fails, and says so.
    key_cell(qtbot, grid, cell(grid, "A", 3), "9")
    assert march_totals() == {(day(2), "A"): (8, 0), (day(3), "A"): (9, 0)}
    assert shown(grid, 2, grid.model.column_of("A")) == "9"
    assert grid.message.text() == str(problem)


# --- typing ahead ----------------------------------------------------------------------


class _TypedAhead(QObject):
    """Keys already waiting when the grid handles the first, as the window system hands over
    a burst of fast typing: each goes to whatever widget has the focus when it is delivered."""

    def __init__(self, keys: list[Qt.Key]) -> None:
        super().__init__()
        self.left = len(keys)
        for key in keys:
            QApplication.postEvent(self, _KeyAhead(key))

    def event(self, event: QEvent) -> bool:
        if not isinstance(event, _KeyAhead):
            return super().event(event)
        target = QApplication.focusWidget()
        assert target is not None
        text = chr(event.key) if Qt.Key.Key_0 <= event.key <= Qt.Key.Key_9 else "\r"
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, event.key, Qt.KeyboardModifier.NoModifier, text))
        self.left -= 1
        return True


class _KeyAhead(QEvent):
    TYPE = QEvent.Type(QEvent.registerEventType())

    def __init__(self, key: Qt.Key) -> None:
        super().__init__(self.TYPE)
        self.key = key


def test_keys_typed_ahead_of_the_grid_go_to_the_next_day(qtbot, grid: MonthGrid) -> None:
    table = grid.table
    table.setFocus()
    table.setCurrentIndex(cell(grid, "A", 6))
    digits = [Qt.Key.Key_7, Qt.Key.Key_8, Qt.Key.Key_9, Qt.Key.Key_1]
    typed = _TypedAhead([key for digit in digits for key in (digit, Qt.Key.Key_Return)])
    qtbot.waitUntil(lambda: typed.left == 0)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    loaded()
    assert march_totals() == {(day(6), "A"): (7, 0), (day(7), "A"): (8, 0), (day(8), "A"): (9, 0), (day(9), "A"): (1, 0)}
    assert table.currentIndex() == cell(grid, "A", 10)



def read_only_cell(qtbot, grid: MonthGrid, which: str) -> QModelIndex:
    model = grid.model
    if which == "a day still to come":
        show_month(qtbot, grid, month_text(dt.date.today().replace(day=1) + dt.timedelta(days=40)))
        return model.index(0, model.column_of("A"))
    if which == "合計 row":
        return model.index(model.total_row, model.column_of("A"))
    return model.index(0, model.day_total_column)


@pytest.mark.parametrize("which, why", [
    ("a day still to come", "還沒到的日期不能輸入。"),
    ("合計 row", "合計由各格自動加總，不能輸入。"),
    ("日合計 column", "合計由各格自動加總，不能輸入。"),
])
def test_typing_on_a_cell_that_takes_no_number_says_why(qtbot, grid: MonthGrid, which: str, why: str) -> None:
    """A digit typed where no number goes (F6 on a day still to come) used to vanish without a word."""
    before = written()
    grid.table.setCurrentIndex(read_only_cell(qtbot, grid, which))
    qtbot.keyClicks(grid.table, "5")
    assert grid.message.text() == why and grid.message.isVisible()
    assert grid.table.state() != QAbstractItemView.State.EditingState and written() == before

"""每月數據: the secretary types a month of figures into the grid, top to bottom, saved in one go.

The half-year is read as an op: a test that reads what the grid shows after a load waits for
it first (``loaded``). The screen is built as if today were 106/06/20, so 106年1–6月 is shown
and every month of it can be typed.
"""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox

from models.accounts import Role, User
from models.audit import AuditEntry
from models.registers.monthly import (
    MonthEntry,
    MonthlyFigure,
    MonthlyFigureValue,
    PaymentChannelValue,
    period_table,
    save_month,
)
from models.users import create_user
from tests.ui.grid_typing import type_into
from tests.ui.op_gate import RELEASE_S
from tests.ui.message_boxes import AnsweredBoxes
from ui.admin.history_dialog import HistoryDialog
from ui.ops import op_runner
from ui.registers.monthly import MonthlyFiguresView
from ui.registers.monthly_model import PAIR, SUBTOTAL, TOTAL, MonthlyGridModel

TODAY = dt.date(2017, 6, 20)
JANUARY, MARCH, JUNE = dt.date(2017, 1, 1), dt.date(2017, 3, 1), dt.date(2017, 6, 1)


def loaded() -> None:
    assert op_runner().wait_idle(RELEASE_S)


@pytest.fixture
def view(qtbot, secretary: User) -> MonthlyFiguresView:
    widget = MonthlyFiguresView(secretary, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1350, 630)
    widget.show()
    qtbot.waitExposed(widget)
    loaded()
    return widget


def row(view: MonthlyFiguresView, label: str) -> int:
    labels = [view.model.headerData(n, Qt.Orientation.Vertical) for n in range(view.model.rowCount())]
    return labels.index(label)


def cell(view: MonthlyFiguresView, label: str, month: int) -> QModelIndex:
    return view.model.index(row(view, label), month - 1)


def shown(view: MonthlyFiguresView, label: str, column: int) -> str:
    """What a cell shows; ``column`` is the month (1–6), or 7 for 合計."""
    return view.model.data(view.model.index(row(view, label), column - 1))


def key_cell(qtbot, view: MonthlyFiguresView, index: QModelIndex, text: str) -> None:
    """Go to the cell, open its editor, type, press Enter — as the secretary does."""
    type_into(qtbot, view.table, index, text)
    loaded()


def written() -> tuple[int, int, int]:
    return MonthlyFigureValue.select().count(), PaymentChannelValue.select().count(), AuditEntry.select().count()


def stored(month: dt.date) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    table = period_table(month, month)
    return (
        {code: value for (_m, code), value in table.figure_values.items()},
        {code: value for (_m, code), value in table.pair_values.items()},
    )


VISITORS, COLLECTED = "機關網站到訪人數", "行政執行事件徵起金額（元）"
TAX_COUNT, TAX_AMOUNT = "便利商店　稅款　筆數", "便利商店　稅款　金額（元）"
STORE_COUNT, STORE_AMOUNT = "便利商店　小計　筆數", "便利商店　小計　金額（元）"
TOTAL_COUNT, TOTAL_AMOUNT = "總計　筆數", "總計　金額（元）"
LAST = "郵局・金融機構　勞保　金額（元）"


# --- what the grid shows -------------------------------------------------------------------


def test_the_half_year_is_laid_out_months_across_figures_down(view: MonthlyFiguresView) -> None:
    model = view.model
    assert view.picker.label.text() == "106年1月至6月"
    assert [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())] == [
        "1月", "2月", "3月", "4月", "5月", "6月", "合計"
    ]
    labels = [model.headerData(n, Qt.Orientation.Vertical) for n in range(model.rowCount())]
    assert labels[:6] == ["機關網站到訪人數", "Line@回傳收據次數", COLLECTED, "閱覽卷宗申請件數", "轉介社福件數",
                          "民意信箱及廉政信箱件數"]
    assert labels[6:8] == [TAX_COUNT, TAX_AMOUNT]
    assert labels[14:16] == [STORE_COUNT, STORE_AMOUNT]
    assert labels[16] == "郵局・金融機構　健保　筆數"
    assert labels[22:] == ["郵局・金融機構　小計　筆數", "郵局・金融機構　小計　金額（元）", TOTAL_COUNT, TOTAL_AMOUNT]
    assert len(labels) == 26  # 6 figures, 7 pairs × 2, 2 subtotals × 2, the total × 2


def test_stored_months_show_with_subtotals_and_totals_summed(qtbot, view: MonthlyFiguresView, secretary: User) -> None:
    january = MonthEntry(
        {"website_visitors": "15,934", "collected_amount": "0"},
        {"store_tax": ("696", "3,065,242"), "bank_health": ("1,048", "9,349,877")},
    )
    save_month(secretary, JANUARY, january)
    save_month(secretary, MARCH, MonthEntry({"website_visitors": "17,925"}, {"store_tax": ("783", "3,448,398")}))
    view.activate()
    loaded()
    assert shown(view, VISITORS, 1) == "15,934" and shown(view, VISITORS, 3) == "17,925"
    assert shown(view, VISITORS, 2) == ""  # not entered: blank, not 0
    assert shown(view, COLLECTED, 1) == "0"  # entered as 0
    assert shown(view, VISITORS, 7) == "33,859"  # 合計 of the months entered
    assert shown(view, STORE_COUNT, 1) == "696" and shown(view, STORE_AMOUNT, 3) == "3,448,398"
    assert shown(view, TOTAL_COUNT, 1) == "1,744"  # 696 + 1,048
    assert shown(view, TOTAL_AMOUNT, 7) == "15,863,517"  # 3,065,242 + 9,349,877 + 3,448,398
    assert shown(view, TOTAL_AMOUNT, 2) == ""  # nothing entered in February


def test_sums_and_the_months_to_come_take_no_number(qtbot, secretary: User) -> None:
    widget = MonthlyFiguresView(secretary, today=dt.date(2017, 3, 10))  # April to June still to come
    qtbot.addWidget(widget)
    loaded()
    model = widget.model
    editable = Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(0, 2)) & editable  # March, this month
    assert not model.flags(model.index(0, 3)) & editable  # April
    assert not model.flags(model.index(0, 6)) & editable  # 合計
    for n, grid_row in enumerate(model.rows):
        if grid_row.kind in (SUBTOTAL, TOTAL):
            assert not model.flags(model.index(n, 0)) & editable
    assert model.data(model.index(0, 6), Qt.ItemDataRole.ToolTipRole) == "由各項自動加總，不能輸入。"
    assert model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole) == "還沒到的月份不能輸入。"
    assert not widget.picker.next_button.isEnabled()


def test_the_model_passes_qtmodeltester(qtmodeltester, view: MonthlyFiguresView, secretary: User) -> None:
    save_month(secretary, MARCH, MonthEntry({"website_visitors": "1"}, {"store_tax": ("1", "100")}))
    view.activate()
    loaded()
    qtmodeltester.check(view.model)
    qtmodeltester.check(MonthlyGridModel(secretary, TODAY))  # nothing read yet


def test_nothing_is_clipped_at_1366(view: MonthlyFiguresView) -> None:
    """Every column as wide as its header and numbers need, and no sideways scrolling."""
    table = view.table
    header = table.horizontalHeader()
    widest = MonthEntry({"collected_amount": "9,999,999,999"}, {"store_tax": ("999,999", "9,999,999,999")})
    save_month(view.user, JUNE, widest)
    view.activate()
    loaded()
    for column in range(view.model.columnCount()):
        assert header.sectionSize(column) >= max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
    assert not table.horizontalScrollBar().isVisible()
    rows = table.verticalHeader()
    assert rows.width() >= max(rows.sectionSizeHint(n) for n in range(view.model.rowCount()))


# --- typing a month ---------------------------------------------------------------------


def test_a_month_is_typed_top_to_bottom_and_saved_in_one_go(qtbot, view: MonthlyFiguresView) -> None:
    before = written()
    key_cell(qtbot, view, cell(view, VISITORS, 3), "17925")
    assert view.table.currentIndex() == cell(view, "Line@回傳收據次數", 3)  # Enter went down
    key_cell(qtbot, view, cell(view, TAX_COUNT, 3), "783")
    key_cell(qtbot, view, cell(view, TAX_AMOUNT, 3), "3,448,398")
    assert written() == before  # waiting, not saved
    assert view.model.pending_month == MARCH
    assert shown(view, VISITORS, 3) == "17925"  # as typed
    assert shown(view, STORE_AMOUNT, 3) == "3,448,398"  # the sums follow what waits
    assert view.model.data(cell(view, VISITORS, 3), Qt.ItemDataRole.ToolTipRole).startswith("尚未儲存")
    key_cell(qtbot, view, cell(view, LAST, 3), "")  # Enter on the month's last cell: saved
    assert stored(MARCH) == ({"website_visitors": 17925}, {"store_tax": (783, 3448398)})
    assert written() == (before[0] + 1, before[1] + 1, before[2] + 2)
    assert view.info.text() == "已儲存106年3月（2 項有變更）。"
    assert view.model.pending_month is None
    assert shown(view, VISITORS, 3) == "17,925" and shown(view, VISITORS, 7) == "17,925"


def test_the_save_button_and_ctrl_s_save_the_month_waiting(qtbot, view: MonthlyFiguresView) -> None:
    key_cell(qtbot, view, cell(view, VISITORS, 3), "100")
    view.save_button.click()
    loaded()
    assert stored(MARCH)[0] == {"website_visitors": 100}
    key_cell(qtbot, view, cell(view, VISITORS, 3), "200")
    qtbot.keyClick(view.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    loaded()
    assert stored(MARCH)[0] == {"website_visitors": 200}
    view.save_button.click()
    assert view.info.text() == "沒有尚未儲存的修改。"


def test_starting_on_another_month_saves_the_one_typed(qtbot, view: MonthlyFiguresView) -> None:
    key_cell(qtbot, view, cell(view, VISITORS, 1), "15934")
    key_cell(qtbot, view, cell(view, VISITORS, 2), "14938")
    assert stored(JANUARY)[0] == {"website_visitors": 15934}
    assert stored(dt.date(2017, 2, 1))[0] == {}  # February waits
    assert view.model.pending_month == dt.date(2017, 2, 1)


def test_discarding_forgets_what_waits(qtbot, view: MonthlyFiguresView) -> None:
    before = written()
    key_cell(qtbot, view, cell(view, VISITORS, 3), "100")
    view.discard_button.click()
    assert view.info.text() == "已放棄106年3月尚未儲存的修改。"
    assert shown(view, VISITORS, 3) == "" and view.model.pending_month is None
    assert written() == before


def test_a_cleared_value_is_not_entered_again(qtbot, view: MonthlyFiguresView, secretary: User) -> None:
    save_month(secretary, MARCH, MonthEntry({"website_visitors": "100", "line_receipts": "5"}))
    view.activate()
    loaded()
    key_cell(qtbot, view, cell(view, VISITORS, 3), "")
    view.save_button.click()
    loaded()
    assert stored(MARCH)[0] == {"line_receipts": 5}
    assert shown(view, VISITORS, 3) == "" and shown(view, VISITORS, 7) == ""


def test_a_retyped_pair_part_keeps_the_other_part(qtbot, view: MonthlyFiguresView, secretary: User) -> None:
    save_month(secretary, MARCH, MonthEntry({}, {"store_tax": ("783", "3,448,398")}))
    view.activate()
    loaded()
    key_cell(qtbot, view, cell(view, TAX_AMOUNT, 3), "3448400")
    view.save_button.click()
    loaded()
    assert stored(MARCH)[1] == {"store_tax": (783, 3448400)}


def test_the_history_of_a_cell_shows_each_value_it_had(qtbot, view: MonthlyFiguresView, secretary: User) -> None:
    save_month(secretary, MARCH, MonthEntry({"website_visitors": "1,500"}))
    save_month(secretary, MARCH, MonthEntry({"website_visitors": ""}))  # cleared: not entered
    view.activate()
    loaded()
    view.table.setCurrentIndex(cell(view, VISITORS, 3))
    view.history_button.click()
    dialogs = view.findChildren(HistoryDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    changes = [dialogs[0].model.data(dialogs[0].model.index(n, 3)) for n in range(dialogs[0].model.rowCount())]
    assert "數值：1,500" in changes[0] and "數值：1,500 → （空白）" in changes[1]
    dialogs[0].close()
    view.table.setCurrentIndex(cell(view, VISITORS, 4))  # never entered
    view.history_button.click()
    assert view.info.text() == "請先選一格輸入過的數據，再按「歷程」。"


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label, typed, message",
    [
        pytest.param(VISITORS, "-5", "機關網站到訪人數請輸入整數，不要有小數點或正負號。", id="negative"),
        pytest.param(VISITORS, "12.5", "機關網站到訪人數請輸入整數，不要有小數點或正負號。", id="fraction"),
        pytest.param(
            COLLECTED, "1,2345", "行政執行事件徵起金額的逗號位置不對（千分位是每三位一個，例如 1,500），請確認是否打錯。",
            id="comma",
        ),
        pytest.param(VISITORS, "1000001", "機關網站到訪人數最多 1,000,000，請確認是否打錯。", id="too-big"),
        pytest.param(TAX_COUNT, "5", "請輸入便利商店「稅款」的金額（筆數與金額要一起輸入）。", id="count-alone"),
    ],
)
def test_a_bad_value_saves_nothing_and_says_so_at_its_cell(
    qtbot, view: MonthlyFiguresView, label: str, typed: str, message: str
) -> None:
    before = written()
    key_cell(qtbot, view, cell(view, "Line@回傳收據次數", 3), "400")  # a good value of the same month
    key_cell(qtbot, view, cell(view, label, 3), typed)
    view.save_button.click()
    loaded()
    assert view.message.text() == message
    assert written() == before  # the good value is not saved either
    bad = view.table.currentIndex()
    assert view.model.refused_cell == (bad.row(), bad.column())
    assert view.model.headerData(bad.row(), Qt.Orientation.Vertical) in (label, TAX_AMOUNT)
    assert view.model.data(bad, Qt.ItemDataRole.ToolTipRole) == message
    assert view.model.pending_month == MARCH  # kept, to be corrected
    assert shown(view, "Line@回傳收據次數", 3) == "400"


def test_a_bad_month_cannot_be_left_for_another(qtbot, view: MonthlyFiguresView) -> None:
    """Going to another month saves the one typed at once; when it cannot be, the cursor stays
    at the bad value and says why — before anything is typed where it would be lost."""
    before = written()
    key_cell(qtbot, view, cell(view, VISITORS, 3), "12.5")
    view.table.setCurrentIndex(cell(view, VISITORS, 4))
    assert view.message.text() == "機關網站到訪人數請輸入整數，不要有小數點或正負號。"
    assert view.table.currentIndex() == cell(view, VISITORS, 3)
    assert view.model.pending_month == MARCH and written() == before
    view.table.setCurrentIndex(cell(view, VISITORS, 7))  # 合計 is no month: looking there saves nothing
    assert view.model.pending_month == MARCH and view.table.currentIndex() == cell(view, VISITORS, 7)
    # the half-year does not change either while March cannot be saved
    view.picker.previous_button.setEnabled(True)
    view.picker.step(-1)
    loaded()
    assert view.picker.label.text() == "106年1月至6月" and view.model.pending_month == MARCH


def test_going_to_another_month_saves_the_one_typed_before_typing_there(qtbot, view: MonthlyFiguresView) -> None:
    key_cell(qtbot, view, cell(view, VISITORS, 3), "100")
    view.table.setCurrentIndex(cell(view, VISITORS, 4))
    loaded()
    assert stored(MARCH)[0] == {"website_visitors": 100} and view.model.pending_month is None
    assert view.info.text() == "已儲存106年3月（1 項有變更）。"


def test_enter_on_a_month_s_last_cell_goes_on_to_the_next_month(qtbot, view: MonthlyFiguresView) -> None:
    key_cell(qtbot, view, cell(view, VISITORS, 3), "100")
    key_cell(qtbot, view, cell(view, LAST, 3), "")  # Enter on the month's last cell
    assert stored(MARCH)[0] == {"website_visitors": 100}
    assert view.table.currentIndex() == cell(view, VISITORS, 4)  # April's first figure
    key_cell(qtbot, view, cell(view, LAST, 6), "")  # June is the last month that can be typed
    assert view.table.currentIndex() == cell(view, LAST, 6)
    assert view.info.text() == "沒有尚未儲存的修改。這是目前可輸入的最後一個月。"


def test_leaving_the_screen_saves_what_waits(qtbot, view: MonthlyFiguresView) -> None:
    key_cell(qtbot, view, cell(view, VISITORS, 3), "100")
    assert view.leave()
    loaded()
    assert stored(MARCH)[0] == {"website_visitors": 100}


@pytest.mark.parametrize("discard", [False, True])
def test_leaving_with_a_value_that_cannot_be_saved_asks_first(
    qtbot, view: MonthlyFiguresView, monkeypatch: pytest.MonkeyPatch, discard: bool
) -> None:
    boxes = AnsweredBoxes(QMessageBox.StandardButton.Yes if discard else QMessageBox.StandardButton.No)
    boxes.install(monkeypatch)
    before = written()
    key_cell(qtbot, view, cell(view, VISITORS, 3), "400")
    key_cell(qtbot, view, cell(view, "Line@回傳收據次數", 3), "-3")
    assert view.leave() is discard
    assert boxes.questions == [
        "106年3月有數據還不能存入：Line@回傳收據次數請輸入整數，不要有小數點或正負號。\n"
        "要放棄這個月尚未存入的修改，還是回去修改？"
    ]
    assert written() == before
    assert view.model.pending_month == (None if discard else MARCH)
    if not discard:
        assert view.table.currentIndex() == cell(view, "Line@回傳收據次數", 3)  # at the value to correct


def test_another_half_year_is_read_after_the_month_typed_is_saved(qtbot, view: MonthlyFiguresView) -> None:
    key_cell(qtbot, view, cell(view, VISITORS, 3), "100")
    view.picker.previous_button.click()
    loaded()
    assert stored(MARCH)[0] == {"website_visitors": 100}
    assert view.picker.label.text() == "105年7月至12月"
    assert view.model.headerData(0, Qt.Orientation.Horizontal) == "7月"
    assert view.model.months[0] == dt.date(2016, 7, 1)


# --- who may -------------------------------------------------------------------------------


def test_a_volunteer_is_told_the_figures_are_the_secretarys(qtbot, secretary: User) -> None:
    volunteer = create_user(secretary, "陳志工", Role.VOLUNTEER)
    widget = MonthlyFiguresView(volunteer, today=TODAY)
    qtbot.addWidget(widget)
    loaded()
    assert widget.message.text() == "每月數據只有研考可以輸入與查看。"
    assert widget.model.rowCount() == 0


def test_a_new_figure_row_is_a_new_grid_row(qtbot, secretary: User) -> None:
    MonthlyFigure.create(code="volunteer_hours", name="志工服務時數", kind="count", position=7)
    widget = MonthlyFiguresView(secretary, today=TODAY)
    qtbot.addWidget(widget)
    loaded()
    assert row(widget, "志工服務時數") == 6  # after the six of the reference, before the channels
    assert widget.model.rows[7].kind == PAIR
    assert widget.model.flags(widget.model.index(6, 2)) & Qt.ItemFlag.ItemIsEditable


def test_the_monthly_figures_are_the_sixth_tab_of_the_book() -> None:
    from ui.registers.book import load_registers

    tab = next(tab for tab in load_registers().tabs() if tab.key == "monthly")
    assert (tab.title, tab.position) == ("每月數據", 6)


@pytest.mark.parametrize("column, why", [(3, "還沒到的月份不能輸入。"), (6, "由各項自動加總，不能輸入。")])
def test_typing_on_a_cell_that_takes_no_number_says_why(qtbot, secretary: User, column: int, why: str) -> None:
    widget = MonthlyFiguresView(secretary, today=dt.date(2017, 3, 10))  # April to June still to come
    qtbot.addWidget(widget)
    widget.show()
    loaded()
    before = written()
    widget.table.setCurrentIndex(widget.model.index(0, column))
    qtbot.keyClicks(widget.table, "7")
    assert widget.message.text() == why and written() == before

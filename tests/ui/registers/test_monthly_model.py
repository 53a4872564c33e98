"""The 每月數據 grid's rows and model, without the screen: rows as data, sums, typed text."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from models.accounts import User
from models.registers.monthly import FigureSpec, MonthsTable, PairSpec
from models.rocdate import parse_period
from ui.registers.monthly_model import (
    FIGURE,
    PAIR,
    SUBTOTAL,
    TOTAL,
    MonthlyGridModel,
    grid_rows,
    half_year,
    typed_value,
)

MONTHS = tuple(dt.date(2017, m, 1) for m in range(1, 7))
FIGURES = (FigureSpec(1, "line_receipts", "Line@回傳收據次數", "count", True),
           FigureSpec(2, "collected_amount", "行政執行事件徵起金額", "amount", True))
PAIRS = (PairSpec(1, "store_tax", "便利商店", "稅款", True), PairSpec(2, "bank_health", "郵局・金融機構", "健保", True),
         PairSpec(3, "store_health", "便利商店", "健保", True))


def test_rows_follow_the_data_each_channel_with_its_case_types_and_subtotal() -> None:
    rows = grid_rows(FIGURES, PAIRS)
    assert [(r.kind, r.label) for r in rows] == [
        (FIGURE, "Line@回傳收據次數"),
        (FIGURE, "行政執行事件徵起金額（元）"),
        (PAIR, "便利商店　稅款　筆數"), (PAIR, "便利商店　稅款　金額（元）"),
        (PAIR, "便利商店　健保　筆數"), (PAIR, "便利商店　健保　金額（元）"),  # with its channel, though added later
        (SUBTOTAL, "便利商店　小計　筆數"), (SUBTOTAL, "便利商店　小計　金額（元）"),
        (PAIR, "郵局・金融機構　健保　筆數"), (PAIR, "郵局・金融機構　健保　金額（元）"),
        (SUBTOTAL, "郵局・金融機構　小計　筆數"), (SUBTOTAL, "郵局・金融機構　小計　金額（元）"),
        (TOTAL, "總計　筆數"), (TOTAL, "總計　金額（元）"),
    ]
    assert rows[0].field == "figure:line_receipts" and rows[3].field == "pair:store_tax:amount"
    assert [r.kind for r in grid_rows(FIGURES, ())] == [FIGURE, FIGURE]  # no pairs: no total either


def table(figures: dict, pairs: dict) -> MonthsTable:
    return MonthsTable(MONTHS, FIGURES, PAIRS, figures, pairs)


def test_the_model_sums_what_was_entered_and_leaves_the_rest_blank(secretary: User) -> None:
    model = MonthlyGridModel(secretary, dt.date(2017, 6, 20))
    model.show_table(parse_period("106H1"), table(
        {(MONTHS[0], "line_receipts"): 400, (MONTHS[2], "line_receipts"): 0},
        {(MONTHS[0], "store_tax"): (696, 3065242), (MONTHS[0], "bank_health"): (1048, 9349877)},
    ))

    def shown(row: int, column: int) -> str:
        return model.data(model.index(row, column))
    assert model.columnCount() == 7 and model.rowCount() == 14
    assert (shown(0, 0), shown(0, 1), shown(0, 2), shown(0, 6)) == ("400", "", "0", "400")
    assert shown(7, 0) == "3,065,242"  # 便利商店 小計 金額: 稅款 alone was entered
    assert shown(12, 0) == "1,744" and shown(13, 6) == "12,415,119"
    assert shown(12, 1) == ""  # nothing entered in February: no total, not 0
    assert model.data(model.index(12, 0), Qt.ItemDataRole.EditRole) is None  # a sum has nothing to edit


def test_the_model_passes_qtmodeltester(qtmodeltester, secretary: User) -> None:
    model = MonthlyGridModel(secretary, dt.date(2017, 6, 20))
    qtmodeltester.check(model)  # nothing read yet
    model.show_table(parse_period("106H1"), table({(MONTHS[0], "line_receipts"): 400}, {}))
    qtmodeltester.check(model)
    assert model.setData(model.index(0, 1), "12")
    qtmodeltester.check(model)


@pytest.mark.parametrize(
    "text, part, value",
    [("1,500", "count", 1500), ("NT$ 1,500 元", "amount", 1500), ("", "count", None), ("1.5", "count", None),
     ("-3", "amount", None), ("0", "count", 0)],
)
def test_what_a_typed_cell_counts_as_in_the_sums_meanwhile(text: str, part: str, value: int | None) -> None:
    assert typed_value(text, part) == value


@pytest.mark.parametrize(
    "day, label",
    [(dt.date(2017, 6, 30), "106年1月至6月"), (dt.date(2017, 7, 1), "106年7月至12月"), (dt.date(2026, 12, 1), "115年7月至12月")],
)
def test_the_half_year_of_a_day(day: dt.date, label: str) -> None:
    assert half_year(day).label == label

"""FilterBar: the filter row of a register's list, its values keyed as the list query's arguments."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.rocdate import parse_period
from ui.widgets.record_filters import ChoiceFilter, FilterBar, PeriodFilter


@pytest.fixture
def bar(qtbot: QtBot) -> FilterBar:
    widget = FilterBar([
        PeriodFilter(),
        ChoiceFilter("status", "狀態", (("all", "全部"), ("open", "未結案"))),
        ChoiceFilter("kind", "類別", ((None, "全部類別"), ("a", "甲"), ("b", "乙"))),
    ])
    qtbot.addWidget(widget)
    widget.resize(1366, 120)
    widget.show()
    return widget


def test_the_values_are_what_the_row_shows(qtbot: QtBot, bar: FilterBar) -> None:
    assert bar.values() == {"status": "all", "kind": None, "period": None}  # the first choices; every period
    assert bar.period_bar.period_label.text() == "全部期間"
    assert [bar.combos["kind"].itemText(i) for i in range(3)] == ["全部類別", "甲", "乙"]
    bar.set_choice("kind", "b")
    bar.period_bar.period_edit.setText("106/03")
    assert bar.values() == {"status": "all", "kind": "b", "period": parse_period("106/03")}
    assert bar.period_bar.period_label.text() == "106年3月"


def test_a_choice_or_a_confirmed_period_says_the_values_changed(qtbot: QtBot, bar: FilterBar) -> None:
    with qtbot.waitSignal(bar.changed, timeout=1000):
        bar.set_choice("status", "open")
    with qtbot.waitSignal(bar.changed, timeout=1000):
        qtbot.keyClicks(bar.period_bar.period_edit, "106H1")
        qtbot.keyClick(bar.period_bar.period_edit, Qt.Key.Key_Return)
    with qtbot.waitSignal(bar.changed, timeout=1000):  # emptied again: every period
        bar.period_bar.period_edit.clear()
        qtbot.mouseClick(bar.period_bar.compute_button, Qt.MouseButton.LeftButton)
    assert bar.period_bar.compute_button.text() == "查詢"


@pytest.mark.parametrize("text", ["106H3", "abc", "2017"])
def test_a_bad_period_gives_no_values_and_is_said_under_its_box(qtbot: QtBot, bar: FilterBar, text: str) -> None:
    changed: list[None] = []
    bar.changed.connect(lambda: changed.append(None))
    bar.period_bar.period_edit.setText(text)
    qtbot.keyClick(bar.period_bar.period_edit, Qt.Key.Key_Return)
    assert changed == [] and bar.period_bar.message.text() != ""
    said = bar.period_bar.message.text()
    assert bar.values() is None and bar.period_bar.message.text() == said  # asked again: the same reason
    bar.period_bar.period_edit.setText("106")
    assert bar.values()["period"] == parse_period("106") and bar.period_bar.message.text() == ""


def test_a_list_s_choices_may_change_and_keep_what_was_chosen(qtbot: QtBot, bar: FilterBar) -> None:
    """A register's kinds are data: added, renamed or gone since the row was built."""
    changed: list[None] = []
    bar.changed.connect(lambda: changed.append(None))
    bar.set_choice("kind", "b")
    changed.clear()
    combo = bar.combos["kind"]
    metrics, before = combo.fontMetrics(), combo.width()
    bar.set_choices("kind", ((None, "全部類別"), ("a", "甲"), ("b", "乙（改名）"), ("c", "社區關懷服務")))
    qtbot.waitUntil(lambda: combo.width() > before, timeout=5000)  # laid out again
    assert [combo.itemText(i) for i in range(combo.count())] == ["全部類別", "甲", "乙（改名）", "社區關懷服務"]
    assert combo.currentText() == "乙（改名）" and changed == []  # still chosen: nothing to read again
    grown = metrics.horizontalAdvance("社區關懷服務") - metrics.horizontalAdvance("全部類別")
    assert combo.width() - before >= grown  # wide enough for the longest, not cut
    bar.set_choices("kind", ((None, "全部類別"), ("a", "甲")))
    assert bar.values()["kind"] is None and changed == [None]  # gone: every kind, read again

"""PeriodBar: the period row 統計 and 服務人數 share."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from models.rocdate import Period
from ui.widgets.period_bar import PeriodBar


@pytest.fixture
def screen(qtbot) -> tuple[QWidget, PeriodBar, QLabel, list[Period]]:
    """A bar above a line of figures, at the width of the window, recording what it sends on."""
    widget = QWidget()
    bar = PeriodBar("106H1", "例：106H1", box_width=320, label_scale=1.2)
    figures = QLabel("figures")
    layout = QVBoxLayout(widget)
    layout.addWidget(bar)
    layout.addWidget(figures)
    layout.addStretch(1)
    chosen: list[Period] = []
    bar.period_chosen.connect(chosen.append)
    qtbot.addWidget(widget)
    widget.resize(1366, 400)
    widget.show()
    return widget, bar, figures, chosen


def confirm(qtbot, bar: PeriodBar, text: str) -> None:
    bar.period_edit.clear()
    qtbot.keyClicks(bar.period_edit, text)
    qtbot.keyClick(bar.period_edit, Qt.Key.Key_Return)


def test_a_good_period_is_sent_on_by_enter_and_by_the_button(qtbot, screen) -> None:
    _widget, bar, _figures, chosen = screen
    confirm(qtbot, bar, "106/01-106/03")
    bar.period_edit.setText("106")
    qtbot.mouseClick(bar.compute_button, Qt.MouseButton.LeftButton)
    assert [period.label for period in chosen] == ["106年1月至3月", "106年1月至12月"]
    assert bar.message.text() == ""
    assert bar.period_label.text() == ""  # the screen shows the period once its figures are in
    bar.show_period(chosen[-1])
    assert bar.period_label.text() == "106年1月至12月"


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "請輸入期間。"),
        ("abc", "「abc」無法辨識為期間"),
        ("106H3", "「106H3」不是有效期間"),
        ("2017", "請用民國年"),
        ("106/05-106/02", "結束月份早於開始月份"),
    ],
)
def test_a_bad_period_is_said_under_the_box_and_sends_nothing(qtbot, screen, text: str, message: str) -> None:
    _widget, bar, figures, chosen = screen
    confirm(qtbot, bar, "106H1")
    figures_top = figures.geometry().top()
    confirm(qtbot, bar, text)
    assert chosen[1:] == []
    assert message in bar.message.text() and bar.message.isVisible()
    assert bar.message.geometry().left() == bar.period_edit.geometry().left()
    assert bar.message.geometry().top() >= bar.period_edit.geometry().bottom()
    assert figures.geometry().top() == figures_top  # its line was kept: nothing below jumps
    assert bar.period_edit.text() == text  # kept, to be corrected
    confirm(qtbot, bar, "106H1")
    assert bar.message.text() == "" and len(chosen) == 2


def test_a_figure_beside_the_period_stays_on_its_line(qtbot, screen) -> None:
    _widget, bar, _figures, _chosen = screen
    forms = QLabel("問卷回收 3 份")
    bar.add_beside(forms)
    qtbot.waitUntil(lambda: forms.isVisible())
    assert forms.geometry().left() > bar.period_label.geometry().right()
    assert forms.geometry().top() < bar.message.geometry().top()

"""PeriodBar: the period row 統計 and 服務人數 share."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from models.rocdate import Period
from ui.widgets.period_bar import PeriodBar


def beside_the_box(bar: PeriodBar) -> bool:
    """The message on the box's own line, after its button (``message_beside``)."""
    box, message = bar.period_edit.geometry(), bar.message.geometry()
    return message.left() > bar.compute_button.geometry().right() and message.top() <= box.center().y() <= message.bottom()


@pytest.fixture(params=[False, True], ids=["message under the box", "message beside"])
def screen(qtbot, request: pytest.FixtureRequest) -> tuple[QWidget, PeriodBar, QLabel, list[Period]]:
    """A bar above a line of figures, at the width of the window, recording what it sends on."""
    widget = QWidget()
    bar = PeriodBar("106H1", "例：106H1", box_width=320, label_scale=1.2, message_beside=request.param)
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
def test_a_bad_period_is_said_by_the_box_and_sends_nothing(qtbot, screen, text: str, message: str) -> None:
    _widget, bar, figures, chosen = screen
    confirm(qtbot, bar, "106H1")
    figures_top = figures.geometry().top()
    confirm(qtbot, bar, text)
    assert chosen[1:] == []
    assert message in bar.message.text() and bar.message.isVisible()
    if bar.message.geometry().top() >= bar.period_edit.geometry().bottom():  # under the box
        assert bar.message.geometry().left() == bar.period_edit.geometry().left()
    else:
        assert beside_the_box(bar)
    assert bar.message.heightForWidth(bar.message.width()) <= bar.message.height()  # whole
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
    box = bar.period_edit.geometry()
    assert forms.geometry().top() <= box.center().y() <= forms.geometry().bottom()  # on the box's line


def test_the_text_is_selected_when_the_keys_come_to_the_box(qtbot, screen) -> None:
    """Typing replaces the period the box holds (「115」 then 「106H1」 is not 「115106H1」)."""
    widget, bar, _figures, chosen = screen
    widget.activateWindow()
    bar.focus_box()
    assert bar.period_edit.hasFocus() and bar.period_edit.selectedText() == "106H1"
    qtbot.keyClicks(bar.period_edit, "106")
    qtbot.keyClick(bar.period_edit, Qt.Key.Key_Return)
    assert bar.period_edit.text() == "106" and [period.label for period in chosen] == ["106年1月至12月"]
    bar.compute_button.setFocus()
    qtbot.keyClick(bar.compute_button, Qt.Key.Key_Backtab)
    qtbot.waitUntil(lambda: bar.period_edit.selectedText() == "106")
    bar.compute_button.setFocus()
    qtbot.mouseClick(bar.period_edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bar.period_edit.selectedText() == "106")


def test_the_cursor_stays_where_it_was_when_a_dialog_gives_the_keys_back(qtbot, screen) -> None:
    widget, bar, _figures, _chosen = screen
    bar.period_edit.setFocus()
    bar.period_edit.setCursorPosition(3)
    event = QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.ActiveWindowFocusReason)
    QApplication.sendEvent(bar.period_edit, event)
    qtbot.wait(10)
    assert bar.period_edit.selectedText() == "" and bar.period_edit.cursorPosition() == 3

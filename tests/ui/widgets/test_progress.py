"""ProgressPanel (ui/widgets/progress.py): what long work is doing, in the window's lower
right corner, with 取消. (Named for the panel: test basenames are unique, and
tests/models/test_progress.py is models/progress.py's.)"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.widgets.progress import BAR_STEPS, CANCEL_TEXT, PANEL_MARGIN, STOPPING_TEXT, ProgressPanel


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[QWidget]:
    widget = QWidget()
    widget.resize(1366, 768)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def test_it_sits_in_the_lower_right_corner_and_follows_the_window(qtbot: QtBot, window: QWidget) -> None:
    panel = ProgressPanel(window, "正在備份到隨身碟…", lambda: None)
    panel.appear()
    geometry = panel.geometry()
    assert window.rect().contains(geometry)
    assert (geometry.right() + 1, geometry.bottom() + 1) == (1366 - PANEL_MARGIN, 768 - PANEL_MARGIN)
    window.resize(1000, 600)
    qtbot.waitUntil(lambda: panel.geometry().right() + 1 == 1000 - PANEL_MARGIN)
    assert panel.geometry().bottom() + 1 == 600 - PANEL_MARGIN


def test_a_second_panel_stands_above_the_first_and_drops_when_it_goes(qtbot: QtBot, window: QWidget) -> None:
    first = ProgressPanel(window, "正在檢查稽核紀錄…", lambda: None)
    first.appear()
    second = ProgressPanel(window, "正在計算問卷統計…", None)
    second.appear()
    assert second.geometry().bottom() < first.geometry().top()  # stacked, not overlapping
    first.finish()
    assert second.geometry().bottom() + 1 == 768 - PANEL_MARGIN
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(ProgressPanel) == [second]


@pytest.mark.parametrize(
    ("fraction", "value"), [(0.0, 0), (0.25, BAR_STEPS // 4), (1.0, BAR_STEPS), (1.7, BAR_STEPS), (-1, 0)]
)
def test_how_far_is_shown_on_the_bar(window: QWidget, fraction: float, value: int) -> None:
    panel = ProgressPanel(window, "正在複製…", None)
    panel.appear()
    panel.show_progress(fraction, "正在複製資料庫檔案…")
    assert (panel.bar.minimum(), panel.bar.maximum(), panel.bar.value()) == (0, BAR_STEPS, value)
    assert panel.message.text() == "正在複製資料庫檔案…" and panel.message.isVisible()


def test_unknown_progress_moves_to_and_fro_and_an_empty_message_takes_no_room(window: QWidget) -> None:
    panel = ProgressPanel(window, "正在檢查備份檔…", None)
    panel.appear()
    panel.show_progress(0.5, "一半")
    panel.show_progress(None, "")
    assert panel.bar.maximum() == 0 and panel.message.isHidden()


def test_cancel_calls_back_once_and_then_says_it_is_stopping(qtbot: QtBot, window: QWidget) -> None:
    pressed: list[bool] = []
    panel = ProgressPanel(window, "正在備份到隨身碟…", lambda: pressed.append(True))
    panel.appear()
    assert panel.cancel_button is not None and panel.cancel_button.text() == CANCEL_TEXT
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    panel.stopping()
    assert pressed == [True]
    assert not panel.cancel_button.isEnabled() and panel.cancel_button.text() == STOPPING_TEXT
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert pressed == [True]


def test_without_a_window_it_is_a_small_window_that_cannot_be_closed_while_running(qtbot: QtBot) -> None:
    panel = ProgressPanel(None, "正在還原…", None)
    qtbot.addWidget(panel)
    panel.appear()
    assert panel.isWindow() and panel.windowTitle() == "請稍候" and panel.cancel_button is None
    refused = QCloseEvent()
    panel.closeEvent(refused)
    assert not refused.isAccepted()
    panel.finish()
    assert panel.isHidden()
    accepted = QCloseEvent()
    panel.closeEvent(accepted)
    assert accepted.isAccepted()

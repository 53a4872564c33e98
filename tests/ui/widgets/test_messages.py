"""The red message label: room taken only while there is something to say, unless kept."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.style import ERROR_TEXT
from ui.widgets.messages import MessageLabel, error_label


def shown_in_a_form(qtbot: QtBot, label: MessageLabel) -> QWidget:
    form = QWidget()
    QVBoxLayout(form).addWidget(label)
    qtbot.addWidget(form)
    form.show()
    return form


def test_a_message_shows_while_it_has_text_and_goes_when_cleared(qtbot: QtBot) -> None:
    label = error_label()
    form = shown_in_a_form(qtbot, label)  # noqa: F841 (the form owns the label: keep it)
    assert not label.isVisible()
    label.setText("請輸入 PIN。")
    assert label.isVisible() and label.text() == "請輸入 PIN。"
    assert label.wordWrap()
    assert ERROR_TEXT in label.styleSheet()
    label.clear()
    assert not label.isVisible()


def test_a_kept_room_stays_one_line_high_with_nothing_to_say(qtbot: QtBot) -> None:
    label = error_label(keep_room=True)
    form = shown_in_a_form(qtbot, label)  # noqa: F841 (the form owns the label: keep it)
    assert label.isVisible()
    height = label.height()
    assert label.minimumHeight() >= label.fontMetrics().lineSpacing()
    label.setText("日期不對。")
    label.clear()
    assert label.isVisible() and label.height() == height


def test_a_label_without_a_parent_never_opens_as_a_window(qtbot: QtBot) -> None:
    label = error_label()
    qtbot.addWidget(label)
    label.setText("一個訊息")
    assert not label.isVisible()

"""Questions and notices read the program's own words and answer 否 unless told."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.widgets.questions import ask, notice_box, question_box

UI = Path(__file__).resolve().parents[3] / "ui"


def buttons(box: QMessageBox) -> list[str]:
    return sorted(button.text() for button in box.buttons())


def test_the_buttons_read_shi_and_fou_without_accelerators(qapp) -> None:
    box = question_box(None, "從備份還原", "要還原嗎？")
    assert buttons(box) == sorted(["是", "否"])
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    assert box.escapeButton() is box.button(QMessageBox.StandardButton.No)
    assert buttons(notice_box(None, "從備份還原", "已還原。")) == ["確定"]


def test_the_buttons_can_say_what_they_do(qapp) -> None:
    box = question_box(None, "請確認金額", "要記錄嗎？", yes="確定記錄", no="重新輸入", default_yes=True)
    assert buttons(box) == sorted(["確定記錄", "重新輸入"])
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Yes)


@pytest.mark.parametrize("key, answer", [(Qt.Key.Key_Return, False), (Qt.Key.Key_Escape, False)])
def test_enter_and_esc_answer_no(qtbot, key: Qt.Key, answer: bool) -> None:
    def press() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, press)
    assert ask(None, "刪除類別", "確定要刪除嗎？") is answer


def test_no_screen_asks_through_qt_s_own_question_boxes() -> None:
    """The class of the fault: Qt's static boxes read 是(&Y) and may default to 是."""
    statics = {"question", "information", "warning", "critical", "about"}
    found = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in statics
                and isinstance(node.value, ast.Name)
                and node.value.id == "QMessageBox"
            ):
                found.append(f"{path.relative_to(UI.parent)}:{node.lineno}")
    assert found == []

"""The PIN field hides what is typed and takes no more than a PIN can be."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from models.accounts import PIN_MAX_LENGTH
from ui.widgets.pin_edit import pin_edit


def test_a_pin_is_hidden_digits_of_at_most_the_longest_pin(qtbot: QtBot) -> None:
    edit = pin_edit()
    qtbot.addWidget(edit)
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    assert edit.inputMethodHints() & Qt.InputMethodHint.ImhDigitsOnly
    qtbot.keyClicks(edit, "1" * (PIN_MAX_LENGTH + 3))
    assert edit.text() == "1" * PIN_MAX_LENGTH

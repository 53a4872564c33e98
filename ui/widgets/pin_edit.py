"""The PIN field: digits, hidden as typed, no longer than a PIN can be."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from models.accounts import PIN_MAX_LENGTH


def pin_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(PIN_MAX_LENGTH)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    return edit

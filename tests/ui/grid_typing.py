"""Typing into a grid cell as the secretary does (tests only): go to it, type, press Enter."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableView
from pytestqt.qtbot import QtBot


def type_into(qtbot: QtBot, table: QTableView, index: QModelIndex, text: str) -> None:
    """Go to the cell, open its editor, replace its text (blank clears it), press Enter."""
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    if text:
        qtbot.keyClicks(editor, text)
    else:
        editor.del_()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)

"""The red message under a field or a form, in one style everywhere."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from ui.style import ERROR_TEXT


class MessageLabel(QLabel):
    """A red message. By default it takes no room while there is nothing to say; with
    ``keep_room`` it always keeps one line, so nothing below it jumps when a message comes
    and goes (a click aimed at a button must land on that button)."""

    textChanged = Signal(str)  # a line sharing its place with another (the desk's banner) gives way

    def __init__(self, parent: QWidget | None = None, *, keep_room: bool = False) -> None:
        super().__init__(parent)
        self.keep_room = keep_room
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_TEXT};")
        if keep_room:
            self.setMinimumHeight(self.fontMetrics().lineSpacing() + 4)
        else:
            self.hide()  # (never show() here: without a parent yet, it would open as a window)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        super().setText(text)
        if self.parent() is not None:
            self.setVisible(self.keep_room or bool(text))
        self.textChanged.emit(text)

    def clear(self) -> None:
        self.setText("")


def error_label(*, keep_room: bool = False) -> MessageLabel:
    return MessageLabel(keep_room=keep_room)

"""What a key press is to a desk that answers single keys (the survey form, the counter),
and Enter on a button."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton

# Shift types * and the keypad its digits; Ctrl, Alt or Meta make a key a command for the
# window (Alt+1 a tab of 登記簿, Ctrl+Z undo), never an answer or a person counted.
PLAIN = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def is_command(event: QKeyEvent) -> bool:
    return bool(event.modifiers() & ~PLAIN)


class EnterPressesButtons(QObject):
    """Enter on a push button that has the keys presses it, as Space does. Qt does this only
    for a dialog's buttons (autoDefault); on a screen, Tab to 儲存設定 and Enter did nothing."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QPushButton)
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not is_command(event)
            and watched.isEnabled()
            and not watched.autoDefault()
        ):
            watched.click()
            return True
        return False


def install_enter_for_buttons(app: QApplication) -> EnterPressesButtons:
    listener = EnterPressesButtons(app)
    app.installEventFilter(listener)
    return listener

"""What a key press is to a desk that answers single keys (the survey form, the counter)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

# Shift types * and the keypad its digits; Ctrl, Alt or Meta make a key a command for the
# window (Alt+1 a tab of 登記簿, Ctrl+Z undo), never an answer or a person counted.
PLAIN = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def is_command(event: QKeyEvent) -> bool:
    return bool(event.modifiers() & ~PLAIN)

"""The unmistakable confirmation every desk shows after a save, calming down after a moment."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from ui.style import (
    ERROR_BACKGROUND,
    INFO_BACKGROUND,
    OK_BACKGROUND,
    OK_FADED,
    heading_font,
    scaled,
)

CONFIRMATION_MS = 2500
BACKGROUNDS = {"ok": OK_BACKGROUND, "info": INFO_BACKGROUND, "error": ERROR_BACKGROUND}
SHAPE = "border-radius: 6px; padding: 4px;"


class ConfirmationBanner(QLabel):
    """Bright for a moment (green saved, blue for information, red refused), then faded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFont(heading_font(self.font(), 1.3))
        self.setMinimumHeight(scaled(40))
        # The banner takes the room that is left; it never squeezes the inputs beside it.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.fade_timer = QTimer(self)
        self.fade_timer.setSingleShot(True)
        self.fade_timer.setInterval(CONFIRMATION_MS)
        self.fade_timer.timeout.connect(self.fade)

    def announce(self, text: str, kind: str = "ok") -> None:
        self.setText(text)
        self.setStyleSheet(f"background: {BACKGROUNDS[kind]}; color: white; {SHAPE}")
        self.fade_timer.start()

    def fade(self) -> None:
        self.setStyleSheet(f"background: {OK_FADED}; color: #1b4d2a; {SHAPE}")

    def withdraw(self) -> None:
        """A refusal takes the last confirmation away, so 'saved' never stands beside 'not saved'."""
        self.fade_timer.stop()
        self.clear()
        self.setStyleSheet("")

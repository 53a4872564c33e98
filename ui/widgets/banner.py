"""The unmistakable confirmation every desk shows after a save, calming down after a moment."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
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
# Calmed down, each keeps its own hue: a warning faded to green would read as a clean save.
FADED = {"ok": (OK_FADED, "#1b4d2a"), "info": ("#e3e7ec", "#2f3a47"), "error": ("#f6d5da", "#7a0015")}
PADDING = 4
SHAPE = f"border-radius: 6px; padding: {PADDING}px;"
BANNER_SCALE = 1.3  # the print of a short message


class ConfirmationBanner(QLabel):
    """Bright for a moment (green saved, blue for information, red refused), then faded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plain_size = self.font().pointSizeF()  # the smallest it goes when a text is long
        self.setFont(heading_font(self.font(), BANNER_SCALE))
        self.setMinimumHeight(scaled(40))
        # The banner takes the room that is left; it never squeezes the inputs beside it.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.kind = "ok"
        self.fade_timer = QTimer(self)
        self.fade_timer.setSingleShot(True)
        self.fade_timer.setInterval(CONFIRMATION_MS)
        self.fade_timer.timeout.connect(self.fade)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit()

    def _sized(self, points: float) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(points)
        return font

    def _fit(self) -> None:
        """The text at the banner's size if it fits the room it has; else smaller, down to the
        plain size (the desks' messages fit so at 1366 pixels); else, as a last resort, in
        lines of the plain size, the banner growing. Never cut."""
        room = self.contentsRect().width() - 2 * PADDING
        if room <= 0:
            return
        size = self.plain_size * BANNER_SCALE
        while size > self.plain_size and QFontMetrics(self._sized(size)).horizontalAdvance(self.text()) > room:
            size = max(self.plain_size, size - 0.5)
        if abs(self.font().pointSizeF() - size) > 0.01:
            self.setFont(self._sized(size))
        wrap = QFontMetrics(self.font()).horizontalAdvance(self.text()) > room
        self.setWordWrap(wrap)
        # as high as its lines need (the banner's layout does not ask a label of this policy)
        needed = self.heightForWidth(self.width()) if wrap else 0
        self.setMinimumHeight(max(scaled(40), needed))

    def announce(self, text: str, kind: str = "ok") -> None:
        self.kind = kind
        self.setText(text)
        self.setStyleSheet(f"background: {BACKGROUNDS[kind]}; color: white; {SHAPE}")
        self.fade_timer.start()

    def fade(self) -> None:
        background, colour = FADED[self.kind]
        self.setStyleSheet(f"background: {background}; color: {colour}; {SHAPE}")

    def withdraw(self) -> None:
        """A refusal takes the last confirmation away, so 'saved' never stands beside 'not saved'."""
        self.fade_timer.stop()
        self.clear()
        self.setStyleSheet("")

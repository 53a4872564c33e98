"""The progress panel: what long work is doing, how far it is, and 取消.

Generic: it knows nothing of ops or screens. ``ui/ops.py`` shows one for an op that has
not finished after a moment; anything else that runs long may use it the same way.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr
from ui.style import scaled

CANCEL_TEXT = "取消"
STOPPING_TEXT = "正在停止…"
OWN_WINDOW_TITLE = "請稍候"
PANEL_WIDTH = 380
PANEL_MARGIN = 12
BAR_STEPS = 1000


class ProgressPanel(QFrame):
    """A small panel in the window's lower right corner: what runs, how far, 取消.

    It takes no input from the window around it (the window stays usable); with no window
    (work before the main window exists) it is a small window of its own.
    """

    def __init__(self, host: QWidget | None, label: str, on_cancel: Callable[[], None] | None) -> None:
        super().__init__(host)
        if host is None:
            # A title, no close button: it goes by itself when the work is done.
            flags = Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint | Qt.WindowType.WindowTitleHint
            self.setWindowFlags(flags)
            self.setWindowTitle(tr(OWN_WINDOW_TITLE))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFixedWidth(scaled(PANEL_WIDTH))
        self.title = QLabel(label)
        self.title.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #5f6b7a;")
        self.message.hide()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # moving to and fro until the work says how far it is
        self.cancel_button: QPushButton | None = None
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        if on_cancel is not None:
            self.cancel_button = QPushButton(tr(CANCEL_TEXT))
            self.cancel_button.setMinimumHeight(scaled(36))
            self.cancel_button.clicked.connect(on_cancel)
            row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.running = True
        if host is not None:
            host.installEventFilter(self)

    def show_progress(self, fraction: float | None, message: str) -> None:
        if fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, BAR_STEPS)
            self.bar.setValue(round(min(max(fraction, 0.0), 1.0) * BAR_STEPS))
        self.message.setText(message)
        self.message.setVisible(bool(message))
        if self.isVisible():
            self.place()

    def stopping(self) -> None:
        if self.cancel_button is not None:
            self.cancel_button.setEnabled(False)
            self.cancel_button.setText(tr(STOPPING_TEXT))

    def appear(self) -> None:
        self.show()
        self.place()
        self.raise_()

    def place(self) -> None:
        """Lower right inside the window, above any earlier panel still showing there."""
        self.resize(scaled(PANEL_WIDTH), self.heightForWidth(scaled(PANEL_WIDTH)))  # wrapped lines at this width
        host = self.parentWidget()
        if host is None:
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                self.move(screen.availableGeometry().center() - self.rect().center())
            return
        bottom = host.height() - PANEL_MARGIN
        for other in host.findChildren(ProgressPanel, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if other is self:
                break
            if other.isVisible():
                bottom -= other.height() + PANEL_MARGIN
        self.move(host.width() - self.width() - PANEL_MARGIN, bottom - self.height())

    def finish(self) -> None:
        self.running = False
        host = self.parentWidget()
        self.hide()
        self.deleteLater()
        if host is not None:
            for other in host.findChildren(ProgressPanel, options=Qt.FindChildOption.FindDirectChildrenOnly):
                if other is not self and other.isVisible():
                    other.place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.place()
        return False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.running:  # its own window (no main window yet): it goes when the work is done
            event.ignore()

"""The compact counter: a small always-on-top strip, so the operator counts while using other programs."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeyEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget
from shiboken6 import isValid

from ui.i18n import tr
from ui.service.counter.pad import CategoryPad
from ui.service.counter.state import CounterState, Outcome, key_press
from ui.style import ERROR_TEXT, INFO_BACKGROUND, OK_BACKGROUND

COMPACT_WINDOW_FLAGS = (
    Qt.WindowType.Tool
    | Qt.WindowType.WindowStaysOnTopHint
    # Only a title and a close button: a minimised strip would be lost behind the main window.
    | Qt.WindowType.CustomizeWindowHint
    | Qt.WindowType.WindowTitleHint
    | Qt.WindowType.WindowCloseButtonHint
)


COMPACT_KEY = "Ctrl+M"  # 精簡模式 and back: no letter, digit, F-key, Ctrl+Z or Ctrl++/- of the desks
SWITCH_USER_KEY = "F12"  # 換人, as on the program's window
STATUS_LINES = 2  # kept free under the strip's buttons


def group_prompt(pending: str) -> str:
    return tr("一批 +{n} 人：按類別鍵，Esc 清除").format(n=pending or "…")


class StatusLine(QLabel):
    """What the strip says, whole: in as many lines as its width needs, under the buttons.

    Two lines are kept free, so the strip keeps its size for most messages; a longer one makes
    it grow downwards (the buttons above stay where the hand is).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # Ignored: a long message wraps in the strip's width instead of widening the strip.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.fit(0)

    def fit(self, width: int) -> None:
        """As high as the text needs at ``width`` pixels, never less than the lines kept free."""
        kept = STATUS_LINES * self.fontMetrics().lineSpacing() + 4
        self.setFixedHeight(max(kept, self.heightForWidth(width) if self.text() and width > 0 else 0))


class CompactCounter(QWidget):
    """A small always-on-top strip: key, short name and today's count per category.

    Keys mean what they mean on the full desk (the same CounterState reads them): a letter
    counts one person, digits typed first make a group (shown on the status line), Esc drops
    it, Ctrl+Z takes back; Ctrl+M goes back to the full desk and F12 switches user there.
    """

    backRequested = Signal()
    switchUserRequested = Signal()  # F12 here: back to the full window, and 換人 there

    def __init__(self, state: CounterState, parent: QWidget | None = None) -> None:
        super().__init__(parent, COMPACT_WINDOW_FLAGS)
        self.state = state
        self.placed = False
        self.refresh_note = ""
        self.setWindowTitle(tr("服務計數"))
        # Closing the main window quits the program even while this strip is still open.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.pad = CategoryPad(state, compact=True)
        self.status = StatusLine()
        self.undo_button = QPushButton(tr("取消上一筆"))
        self.undo_button.setToolTip(tr("Ctrl+Z"))
        self.back_button = QPushButton(tr("回到完整畫面"))
        self.back_button.setToolTip(COMPACT_KEY)
        # Its own window: the keys of the program's window do not reach it.
        self.back_shortcut = QShortcut(QKeySequence(COMPACT_KEY), self)
        self.switch_shortcut = QShortcut(QKeySequence(SWITCH_USER_KEY), self)
        for button in (self.undo_button, self.back_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        actions = QHBoxLayout()
        actions.addWidget(self.undo_button)
        actions.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.pad)
        layout.addLayout(actions)
        layout.addWidget(self.status)  # last: when it grows, nothing under the hand moves
        self._connect_signals()
        self.adjustSize()

    def _connect_signals(self) -> None:
        self.pad.rebuilt.connect(self.adjustSize)
        self.state.pendingChanged.connect(self._show_pending)
        self.state.performed.connect(self._show_outcome)
        self.state.refreshProblem.connect(self._show_refresh_problem)
        self.undo_button.clicked.connect(self.state.undo)
        self.back_button.clicked.connect(self.backRequested)
        self.back_shortcut.activated.connect(self.backRequested)
        self.switch_shortcut.activated.connect(self.switchUserRequested)

    def place_near_corner(self) -> None:
        """First time only: top-right of the screen, clear of the title bars of other programs."""
        if self.placed:
            return
        self.placed = True
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        self.adjustSize()
        self.move(area.right() - self.width() - 24, area.top() + 80)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        """Back on the screen: a group begun on the full desk goes on here, else what still holds."""
        super().showEvent(event)
        if self.state.pending is not None:
            self._show_pending()
        else:
            self._say("", "info")  # what was said before it went away is old news by now
            self._show_refresh_problem(self.state.problem)
        self.state.watch(self, True)  # on the screen while the full one is minimised: keep reading

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        super().hideEvent(event)
        self.status.setText("")
        self.refresh_note = ""
        if isValid(self.state):  # the desk (and its state) may be gone already
            self.state.cancel()  # a group half typed when the strip went away is not waiting later
            self.state.watch(self, False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if not self.state.handle_key(key_press(event)):
            super().keyPressEvent(event)

    def _show_pending(self) -> None:
        pending = self.state.pending
        self._say(group_prompt(pending) if pending is not None else "", "info")

    def _show_outcome(self, outcome: Outcome) -> None:
        self._say(outcome.text, outcome.kind)

    def _say(self, text: str, kind: str) -> None:
        colour = {"ok": OK_BACKGROUND, "info": INFO_BACKGROUND}.get(kind, ERROR_TEXT)
        self.status.setStyleSheet(f"color: {colour};")
        self.status.setText(text)
        self.refresh_note = ""
        self._fit_status()
        self.layout().activate()  # the strip's least height follows the message now, not later
        self.resize(self.width(), self.sizeHint().height())  # grown for a long message, back for a short one

    def _fit_status(self) -> None:
        margins = self.layout().contentsMargins()
        self.status.fit(self.width() - margins.left() - margins.right())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        """Made wider or narrower by hand: the message takes the lines it needs at the new width."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_status()

    def _show_refresh_problem(self, text: str) -> None:
        if text:
            self._say(text, "error")
        elif self.status.text() == self.refresh_note:
            self._say("", "info")
        self.refresh_note = text

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        """The title-bar × means "back to the full screen"; a close by the program does not."""
        super().closeEvent(event)
        if event.isAccepted() and event.spontaneous():
            self.backRequested.emit()

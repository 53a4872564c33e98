"""The period row of a figures screen: 期間 [box] 計算, the period shown, its message below.

統計 and 服務人數 read a report period the same way: Enter or 計算 parses the box with
``parse_period``; a bad period is said under the box at once and nothing is computed; a good
one is sent on as a ``Period``. The message keeps its line while empty, so the figures
below do not jump when it comes and goes; a figures screen that needs every line of its height
for its tables has it beside the box instead (``message_beside``), on the period's own line.
A list's filter row uses it too: there the box may be left empty (``optional``) for every
period, sent on as None. The box's text is selected when the keys come to it, so a period
typed replaces the one it holds (「115」 and 「106H1」 do not make 「115106H1」).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from models.rocdate import DateInputError, Period, parse_period
from ui.i18n import tr
from ui.style import heading_font, scaled
from ui.widgets.messages import error_label


ALL_PERIODS = "全部期間"  # what an optional bar says it shows while its box is empty
# How the keys come to the box when its text is selected: not back from a dialog or a menu
# (ActiveWindow, Popup), where the cursor stays where the typing was.
SELECTING = (
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.MouseFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
    Qt.FocusReason.OtherFocusReason,
)


class PeriodBar(QWidget):
    """Emits ``period_chosen(Period)`` for a good period typed and confirmed (None: the box of
    an ``optional`` bar left empty, every period)."""

    period_chosen = Signal(object)  # a Period or None; emitted on the window's thread only
    # A period typed that is no period (the reason is under the box): what was shown for the
    # period before is no longer what the box says, so screens clear it.
    refused = Signal(str)

    def __init__(
        self,
        text: str,
        placeholder: str,
        *,
        box_width: int,
        label_scale: float,
        button_text: str = "計算",
        optional: bool = False,
        message_beside: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.optional = optional
        self.period_edit = QLineEdit(text)
        self.period_edit.setPlaceholderText(tr(placeholder))
        self.period_edit.setMinimumWidth(scaled(box_width))
        self.compute_button = QPushButton(tr(button_text))
        self.compute_button.setMinimumHeight(scaled(40))
        self.period_label = QLabel()
        self.period_label.setFont(heading_font(self.font(), label_scale))
        self.message = error_label(keep_room=True)
        self.message_beside = message_beside
        self._row = QHBoxLayout()
        self._row.addWidget(self.period_edit)
        self._row.addWidget(self.compute_button)
        self._row.addSpacing(scaled(24))
        if message_beside:  # in the period's place (a refused box shows none), two lines' room
            self.message.setMinimumHeight(2 * self.message.fontMetrics().lineSpacing() + 4)
            self._row.addWidget(self.message)
        self._row.addWidget(self.period_label)
        self._row.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(tr("期間")), 0, 0)
        grid.addLayout(self._row, 0, 1)
        if not message_beside:
            grid.addWidget(self.message, 1, 1)  # under the box, to the screen's right edge
        self.period_edit.installEventFilter(self)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.compute_button.clicked.connect(self._confirmed)
        self.period_edit.returnPressed.connect(self._confirmed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.period_edit and event.type() == QEvent.Type.FocusIn:
            if isinstance(event, QFocusEvent) and event.reason() in SELECTING:
                # After the click that gave the focus has placed the cursor.
                QTimer.singleShot(0, self.period_edit, self.period_edit.selectAll)
        return super().eventFilter(watched, event)

    def focus_box(self) -> None:
        """The keys to the box, its text selected: the screen came to the front."""
        self.period_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.period_edit.selectAll()

    def add_beside(self, widget: QWidget) -> None:
        """A figure that belongs on the period's line (統計's 問卷回收 N 份), after the period."""
        self._row.insertSpacing(self._row.count() - 1, scaled(24))
        self._row.insertWidget(self._row.count() - 1, widget)

    def parsed(self) -> Period | None:
        """The period typed (None: an optional box left empty); DateInputError says why not."""
        if self.optional and not self.period_edit.text().strip():
            return None
        return parse_period(self.period_edit.text())

    def read(self) -> Period | None:
        """The period typed, the message cleared; or None, with the reason under the box."""
        try:
            period = parse_period(self.period_edit.text())
        except DateInputError as exc:
            self._refuse(str(exc))
            return None
        self.show_message("")
        return period

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        if self.message_beside:  # a message takes the line's width; none, and the period follows the button
            self._row.setStretchFactor(self.message, 1 if text else 0)
            self._row.setStretch(self._row.count() - 1, 0 if text else 1)
            self.layout().activate()  # the message has its width now, not after the next turn

    def show_period(self, period: Period | None) -> None:
        self.period_label.setText(period.label if period is not None else tr(ALL_PERIODS))

    def _confirmed(self) -> None:
        try:
            period = self.parsed()
        except DateInputError as exc:
            self._refuse(str(exc))
            return
        self.show_message("")
        self.period_chosen.emit(period)

    def _refuse(self, reason: str) -> None:
        self.show_message(reason)
        self.period_label.clear()
        self.refused.emit(reason)

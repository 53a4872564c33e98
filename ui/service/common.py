"""What the service-count screens share: numbers as a clerk reads them, month texts, the month picker.

Kept in one place so the month grid, the summary and the counters format a figure, name a
weekday and step through months the same way.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from models.rocdate import (
    WEEKDAY_NAMES,
    DateInputError,
    Period,
    add_months,
    days_in_month,
    parse_period,
    roc_year,
)
from ui.i18n import tr
from ui.style import scaled

TEXT_ALIGNMENT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
NOT_A_MONTH = "「{text}」不是單一月份：這裡一次顯示一個月，請輸入例如 {example}。"
MONTH_PLACEHOLDER = "例：106/03"


def month_text(day: dt.date) -> str:
    """The ROC month a date falls in, as typed in the month field: ``106/03``."""
    return f"{roc_year(day)}/{day.month:02d}"


def month_period(day: dt.date) -> Period:
    """The whole month ``day`` falls in."""
    return Period(day.replace(day=1), day.replace(day=days_in_month(day.year, day.month)))


def day_label(day: dt.date) -> str:
    """A grid row's name as on the paper log: ``3/1 (三)``."""
    return f"{day.month}/{day.day} ({tr(WEEKDAY_NAMES[day.weekday()])})"


def is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


def parse_month(text: str) -> Period:
    """A period that must be exactly one whole month (``106/03``, ``106年3月``)."""
    period = parse_period(text)
    if len(period.months()) != 1:
        raise DateInputError(tr(NOT_A_MONTH).format(text=(text or "").strip(), example="106/03"))
    return period


def fit_table_width(table: QTableView) -> None:
    """A short list as wide as its columns, no wider: the figures stay next to their names."""
    model = table.model()
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    width = sum(
        max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
        for column in range(model.columnCount() if model is not None else 0)
    )
    table.setFixedWidth(width + 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width())


class MonthPicker(QWidget):
    """A month field (``106/03``) with ◀ ▶ for the month before and after.

    Stepping past the current month is not offered: those days cannot be filled in yet.
    A month that cannot be read is reported through ``refused`` and changes nothing.
    """

    monthChanged = Signal(object)  # the new month, a Period
    refused = Signal(str)  # why the typed text is not a month (Chinese, for the message label)

    def __init__(self, today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today or dt.date.today()
        self.period = month_period(self.today)
        self.edit = QLineEdit(month_text(self.today))
        self.edit.setPlaceholderText(tr(MONTH_PLACEHOLDER))
        self.edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("0000/00") + 40)
        self.edit.setToolTip(tr("輸入民國年/月後按 Enter，例如 106/03"))
        self.previous_button = QPushButton(tr("◀ 上個月"))
        self.next_button = QPushButton(tr("下個月 ▶"))
        for button in (self.previous_button, self.next_button):
            button.setMinimumHeight(scaled(40))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the grid
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(tr("月份")))
        layout.addWidget(self.previous_button)
        layout.addWidget(self.edit)
        layout.addWidget(self.next_button)
        self._connect_signals()
        self._update_buttons()

    def _connect_signals(self) -> None:
        self.edit.returnPressed.connect(self.apply_text)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))

    def apply_text(self) -> bool:
        """Show the typed month; a bad one only produces the message."""
        try:
            period = parse_month(self.edit.text())
        except DateInputError as exc:
            self.refused.emit(str(exc))
            return False
        self.set_period(period)
        return True

    def step(self, months: int) -> None:
        try:
            start = add_months(self.period.start, months)
        except DateInputError as exc:  # beyond the calendar
            self.refused.emit(str(exc))
            return
        if roc_year(start) < 1:
            self.refused.emit(tr("民國元年以前的月份無法顯示。"))
            return
        self.set_period(month_period(start))

    def set_period(self, period: Period) -> None:
        self.period = period
        self.edit.setText(month_text(period.start))
        self._update_buttons()
        self.monthChanged.emit(period)

    def _update_buttons(self) -> None:
        self.next_button.setEnabled(self.period.start < self.today.replace(day=1))
        self.previous_button.setEnabled(roc_year(self.period.start) > 1 or self.period.start.month > 1)

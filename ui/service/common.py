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
    DateInputError,
    Period,
    add_months,
    days_in_month,
    parse_period,
    roc_year,
)
from ui.i18n import tr
from ui.style import is_large_print, scaled

TEXT_ALIGNMENT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
WEEKDAY_NAMES = "一二三四五六日"
# A category name in a column header is broken into lines of about this many characters,
# so nine categories, their totals and the day labels fit across a 1366-pixel screen.
HEADER_LINE_CHARS = 4
LARGE_HEADER_LINE_CHARS = 2
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


def wrap_name(name: str, width: int = HEADER_LINE_CHARS) -> str:
    """Break a name into short lines for a narrow column header, at places a reader expects.

    Chinese has no spaces to break at, so the breaks follow the shape of the usual names:

    * a parenthesised part starts a line of its own and is wrapped inside its brackets:
      其他服務／(殘障人士／服務);
    * a space, when the name has one (a Latin word is never cut), and a joining word,
      which starts a line: 停車導引／及管制服務;
    * otherwise lines of ``width`` characters. Two-character words are the rule, so a run
      of even length is cut at even places (總機電話／服務, 受理現場／查詢案件) and an odd one
      is balanced with its shorter line first (查封車／看車服務, 中午輪值／不打烊收款); a line
      may be one character longer than ``width`` rather than leave a character on its own.
    """
    name = name.strip()
    width = max(width, 2)
    if len(name) <= width + 1:
        return name
    opening = next((n for n, char in enumerate(name) if char in "(（"), -1)
    if opening > 0:
        return f"{wrap_name(name[:opening], width)}\n{wrap_name(name[opening:], width)}"
    if opening == 0 and name[-1] in ")）":
        return f"{name[0]}{wrap_name(name[1:-1], width)}{name[-1]}"
    if " " in name:  # a name typed with spaces (or in Latin letters) breaks at the middle one
        spaces = [n for n, char in enumerate(name) if char == " "]
        middle = min(spaces, key=lambda n: abs(2 * n - len(name)))
        return f"{wrap_name(name[:middle], width)}\n{wrap_name(name[middle + 1 :], width)}"
    if name.isascii():
        return name  # one Latin word is not cut; its column is a little wider instead
    joint = next((n for n, char in enumerate(name) if char in "及與、" and 2 <= n <= len(name) - 2), -1)
    if joint > 0:
        return f"{wrap_name(name[:joint], width)}\n{wrap_name(name[joint:], width)}"
    if len(name) % 2 == 0:
        size = width - width % 2
        return "\n".join(name[start : start + size] for start in range(0, len(name), size))
    lines = -(-len(name) // (width + 1))
    short, longer = divmod(len(name), lines)  # ``longer`` lines get one character more, at the end
    sizes = [short] * (lines - longer) + [short + 1] * longer
    starts = [sum(sizes[:n]) for n in range(lines)]
    return "\n".join(name[start : start + size] for start, size in zip(starts, sizes, strict=True))


def category_header(code: str, name: str) -> str:
    """Code on the first line, the (wrapped) name below: a grid or table column header. In
    large print the lines are shorter, so a month's columns still fit 1366 pixels."""
    return f"{code}\n{wrap_name(name, LARGE_HEADER_LINE_CHARS if is_large_print() else HEADER_LINE_CHARS)}"


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

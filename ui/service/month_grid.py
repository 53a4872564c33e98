"""工作日誌補登: a month of the paper work log keyed into a grid, one day per row.

A typed day total overwrites nothing: ``set_day_total`` records the difference as an
adjustment, so the presses and payments already counted that day are kept (and stay
traceable) while the day adds up to the paper. A total lower than what is already recorded
is asked about first: the adjustment is then negative and the desk's count would shrink.
Totals are never typed; they are summed from the cells every time they are shown.

The month is read as an op (``ui/ops.py``), so the window answers while it loads; a typed
cell is written at once (it must confirm at once) and shows what was typed, and the month
is then read again in the background for what the desks recorded meanwhile.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from models import numbers
from models.accounts import User
from models.errors import ValidationError
from models.rocdate import Period
from models.service.categories import ServiceCategory, categories
from models.service.counts import CategoryTotal, day_totals, set_day_amount, set_day_total
from reports.formats import HEADER_LINE_CHARS, category_header
from ui.errors import EXPECTED
from ui.i18n import tr
from ui.ops import BackgroundOp
from ui.service.common import (
    MonthPicker,
    day_label,
    is_weekend,
    month_period,
)
from ui.style import heading_font, is_large_print
from ui.widgets.messages import error_label
from ui.widgets.number_grid import NUMBER_ALIGNMENT, NumberGridModel, NumberGridView, format_number
from ui.widgets.questions import ask

AnyIndex = QModelIndex | QPersistentModelIndex

COUNT, AMOUNT, DAY_TOTAL = "count", "amount", "day_total"
LARGE_HEADER_LINE_CHARS = 2  # a category name in large print: lines of two characters
WEEKEND_BACKGROUND = QColor("#e6e9ee")
TOTAL_BACKGROUND = QColor("#dbe7f5")
DAY_TOTAL_BACKGROUND = QColor("#f1f5fa")
FUTURE_TEXT = QColor("#9a9a9a")
FUTURE_BACKGROUND = QColor("#f4f4f4")
TOTAL_ROW_LABEL = "合計"
DAY_TOTAL_HEADER = "日合計\n（人次）"
AMOUNT_HEADER = "{code}\n金額\n（元）"
RETIRED_HEADER = "{header}\n（已停用）"
FUTURE_TIP = "還沒到的日期不能輸入。"
RETIRED_TIP = "「{name}」已停用，不能再補登；這裡只顯示已記錄的人次。"
RETIRED_REFUSAL = "「{name}」已停用，不能再補登。"
TOTAL_TIP = "合計由各格自動加總，不能輸入。"
LOWER_TITLE = "減少人次"
LOWER_QUESTION = "這一天櫃台已記錄 {recorded} 人次，確定改成 {total}？（會記一筆 −{less} 的調整，原來的紀錄都保留）"
LOADING = "正在讀取這個月的資料…"
OP_KEY = "month-grid"  # the newest request for the month is the one read
GRID_NOTE = (
    "照紙本工作日誌輸入每天的人次（收款另有金額欄），按 Enter 會跳到下一天、Tab 到右邊一格"
    "（最後一格再按 Tab 離開表格）；留空等於 0。"
    "輸入的是當天的總數：程式記一筆「調整」補足差額，櫃台已經按鍵記錄的人次都保留、不會被刪除。"
    "合計與日合計自動計算。"
)

ConfirmLower = Callable[[str, int, int], bool]


def typed_count(text: str) -> int | None:
    """The count a cell's text means, or None when the domain will refuse it (and say why)."""
    try:
        return numbers.parse_whole_number(text, numbers.COUNT, allow_zero=True)
    except ValidationError:
        return None


def ask_to_lower(question: str, _recorded: int, _total: int, parent: QWidget | None = None) -> bool:
    """Yes/No about lowering a day total below what is recorded; No is the default.

    The numbers are in the question already; they are passed for a test's stand-in.
    """
    return ask(parent, tr(LOWER_TITLE), question)


@dataclass(frozen=True)
class GridColumn:
    """One grid column: a category's 人次, its 金額, or the day's total of 人次."""

    kind: str
    category: ServiceCategory | None = None
    editable: bool = False


def grid_columns(shown: list[ServiceCategory], used_ids: set[int]) -> list[GridColumn]:
    """Active categories in order, each amount category followed by its 金額, then 日合計.

    A retired category still appears (read-only) in a month where it has counts, so the
    grid's totals agree with the summary report, which counts it too.
    """
    columns: list[GridColumn] = []
    for category in shown:
        if not category.active and category.id not in used_ids:
            continue
        columns.append(GridColumn(COUNT, category, bool(category.active)))
        if category.has_amount:
            columns.append(GridColumn(AMOUNT, category, bool(category.active)))
    columns.append(GridColumn(DAY_TOTAL))
    return columns


@dataclass(frozen=True)
class MonthCells:
    """One reading of a month (on the worker thread): its days, columns and cells."""

    period: Period
    today: dt.date
    days: tuple[dt.date, ...]
    columns: tuple[GridColumn, ...]
    cells: dict[tuple[dt.date, int], CategoryTotal]


def read_month(period: Period) -> MonthCells:
    """Categories and cells of ``period`` (one month), read in one go."""
    cells = day_totals(period.start, period.end)
    columns = grid_columns(categories(include_retired=True), {cid for _day, cid in cells})
    days = tuple(period.start + dt.timedelta(days=n) for n in range((period.end - period.start).days + 1))
    return MonthCells(period, dt.date.today(), days, tuple(columns), cells)


def _column_key(column: GridColumn) -> tuple[object, ...]:
    """What a column's place, header and editability depend on (a category equals another
    by its id alone, so a renamed one must be told apart by its fields)."""
    category = column.category
    if category is None:
        return column.kind, column.editable, None
    return column.kind, column.editable, category.id, category.code, category.name, category.active, category.has_amount


class MonthGridModel(NumberGridModel):
    """Days of one month × categories; a typed cell goes through set_day_total / set_day_amount.

    ``refused`` carries the Chinese reason when a typed value is not accepted (nothing is
    written then); ``saved`` follows every accepted cell. A 人次 typed lower than the cell
    holds is written only when ``confirm_lower(question, recorded, total)`` says yes; the
    screen sets it (tests answer it themselves), and ``declined`` tells that it said no.
    """

    refused = Signal(str)
    saved = Signal()

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.today = dt.date.today()
        self.period = month_period(self.today)
        self.days: list[dt.date] = []
        self.columns: list[GridColumn] = [GridColumn(DAY_TOTAL)]
        self._cells: dict[tuple[dt.date, int], CategoryTotal] = {}
        self.last_error = ""
        self.declined = False
        self.confirm_lower: ConfirmLower = ask_to_lower

    # --- loading -----------------------------------------------------------------------

    def show_cells(self, month: MonthCells) -> bool:
        """Show what ``read_month`` read; True when the grid was laid out anew.

        The same month with the same columns changes only the cells that differ, so an
        editor open meanwhile keeps what is being typed in it; anything else resets the grid.
        """
        same = (
            month.period == self.period
            and month.today == self.today
            and month.days == tuple(self.days)
            and [_column_key(c) for c in month.columns] == [_column_key(c) for c in self.columns]
        )
        if not same:
            self.beginResetModel()
            self.period, self.today = month.period, month.today
            self.days, self.columns, self._cells = list(month.days), list(month.columns), dict(month.cells)
            self.endResetModel()
            return True
        old, self._cells = self._cells, dict(month.cells)
        changed = [key for key in old.keys() | self._cells.keys() if old.get(key) != self._cells.get(key)]
        rows = {day: row for row, day in enumerate(self.days)}
        for day, category_id in changed:
            before, after = old.get((day, category_id)), self._cells.get((day, category_id))
            for column, grid_column in enumerate(self.columns):
                if grid_column.category is None or grid_column.category.id != category_id:
                    continue
                if self._figure(before, grid_column.kind) != self._figure(after, grid_column.kind):
                    index = self.index(rows[day], column)
                    self.dataChanged.emit(index, index)
        if changed:
            self._totals_changed()
        return False

    @staticmethod
    def _figure(cell: CategoryTotal | None, kind: str) -> int:
        if cell is None:
            return 0
        return cell.count if kind == COUNT else cell.amount

    def _totals_changed(self) -> None:
        last = len(self.columns) - 1
        self.dataChanged.emit(self.index(self.total_row, 0), self.index(self.total_row, last))
        self.dataChanged.emit(self.index(0, last), self.index(self.total_row, last))

    # --- what the cells hold -----------------------------------------------------------

    @property
    def total_row(self) -> int:
        return len(self.days)

    @property
    def day_total_column(self) -> int:
        return len(self.columns) - 1

    def day_at(self, row: int) -> dt.date | None:
        return self.days[row] if 0 <= row < len(self.days) else None

    def column_of(self, code: str, kind: str = COUNT) -> int:
        """The column of category ``code`` (its 人次, or its 金額 with kind=AMOUNT), or -1."""
        return next(
            (n for n, c in enumerate(self.columns) if c.kind == kind and c.category is not None and c.category.code == code),
            -1,
        )

    def value(self, row: int, column: int) -> int:
        """A cell's number; totals are summed from the day cells, never stored."""
        kind = self.columns[column].kind
        if kind == DAY_TOTAL:
            return sum(self.value(row, n) for n, c in enumerate(self.columns) if c.kind == COUNT)
        if row == self.total_row:
            return sum(self.value(r, column) for r in range(len(self.days)))
        category = self.columns[column].category
        assert category is not None
        return self._figure(self._cells.get((self.days[row], category.id)), kind)

    def is_total(self, row: int, column: int) -> bool:
        return row == self.total_row or self.columns[column].kind == DAY_TOTAL

    def is_editable(self, row: int, column: int) -> bool:
        day = self.day_at(row)
        return day is not None and self.columns[column].editable and day <= self.today

    @property
    def last_editable_row(self) -> int:
        """Today's row in the current month, the last day's in a past one; -1 in a future month."""
        return sum(1 for day in self.days if day <= self.today) - 1

    def stays_after_edit(self) -> bool:
        """A refused or declined value keeps the cursor where it is, for another try."""
        return bool(self.last_error) or self.declined

    def index_below(self, index: QModelIndex) -> QModelIndex:
        """The next day, same column, up to the last day that can be typed: neither a day still
        to come nor the 合計 row takes a number, so Enter stops before them."""
        if index.row() + 1 > self.last_editable_row:
            return QModelIndex()
        return self.index(index.row() + 1, index.column())

    # --- Qt model ----------------------------------------------------------------------

    def grid_size(self) -> tuple[int, int]:
        return len(self.days) + 1, len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.is_valid(index):
            return None
        row, column = index.row(), index.column()
        total = self.is_total(row, column)
        day = self.day_at(row)
        if role == Qt.ItemDataRole.DisplayRole:
            future = day is not None and day > self.today
            return format_number(self.value(row, column), blank_zero=future or not total)
        if role == Qt.ItemDataRole.EditRole:
            if total:
                return None
            value = self.value(row, column)
            return str(value) if value else ""  # text, so the editor is a line edit that takes anything
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return NUMBER_ALIGNMENT
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if row == self.total_row:
                return QBrush(TOTAL_BACKGROUND)
            if day is not None and is_weekend(day):
                return QBrush(WEEKEND_BACKGROUND)
            if day is not None and day > self.today:
                return QBrush(FUTURE_BACKGROUND)
            if total:
                return QBrush(DAY_TOTAL_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and day is not None and day > self.today:
            return QBrush(FUTURE_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _tooltip(self, row: int, column: int) -> str | None:
        if self.is_total(row, column):
            return tr(TOTAL_TIP)
        category = self.columns[column].category
        if category is not None and not category.active:
            return tr(RETIRED_TIP).format(name=category.name)
        day = self.day_at(row)
        if day is not None and day > self.today:
            return tr(FUTURE_TIP)
        return None

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.columns):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self._column_header(self.columns[section])
            if role == Qt.ItemDataRole.ToolTipRole:
                category = self.columns[section].category
                return f"{category.code} {category.name}" if category is not None else None
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            return None
        if not 0 <= section <= self.total_row:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            day = self.day_at(section)
            return day_label(day) if day is not None else tr(TOTAL_ROW_LABEL)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return NUMBER_ALIGNMENT
        return None

    def _column_header(self, column: GridColumn) -> str:
        if column.category is None:
            return tr(DAY_TOTAL_HEADER)
        if column.kind == AMOUNT:
            header = tr(AMOUNT_HEADER).format(code=column.category.code)
        else:
            # in large print shorter lines, so a month's columns still fit 1366 pixels
            line_chars = LARGE_HEADER_LINE_CHARS if is_large_print() else HEADER_LINE_CHARS
            header = category_header(column.category.code, column.category.name, line_chars)
        return header if column.category.active else tr(RETIRED_HEADER).format(header=header)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Record the typed day total; a refused value only emits ``refused``."""
        self.last_error = ""
        self.declined = False
        if role != Qt.ItemDataRole.EditRole or not self.is_valid(index) or self.is_total(index.row(), index.column()):
            return False
        row, column = index.row(), self.columns[index.column()]
        category, day = column.category, self.days[row]
        assert category is not None
        text = "" if value is None else str(value).strip()
        try:
            if not category.active:
                raise ValidationError(tr(RETIRED_REFUSAL).format(name=category.name))
            if column.kind == COUNT:
                if not self._lowering_agreed(row, index.column(), text or "0"):
                    self.declined = True
                    return False
                set_day_total(self.user, category, day, text or "0")
            else:
                set_day_amount(self.user, category, day, text or "0")
        except EXPECTED as exc:
            self.last_error = str(exc)
            self.refused.emit(self.last_error)
            return False
        # The day now adds up to what was typed (the domain accepted this very text).
        kind = numbers.COUNT if column.kind == COUNT else numbers.AMOUNT
        typed = numbers.parse_whole_number(text or "0", kind, allow_zero=True)
        cell = self._cells.get((day, category.id), CategoryTotal(0, 0))
        self._cells[(day, category.id)] = (
            CategoryTotal(typed, cell.amount) if column.kind == COUNT else CategoryTotal(cell.count, typed)
        )
        self.dataChanged.emit(index, index)
        self._totals_changed()
        self.saved.emit()
        return True

    def _lowering_agreed(self, row: int, column: int, text: str) -> bool:
        """A total below the cell's would void nothing but shrink the day: ask before writing."""
        total, recorded = typed_count(text), self.value(row, column)
        if total is None or total >= recorded:
            return True
        question = tr(LOWER_QUESTION).format(
            recorded=format_number(recorded), total=format_number(total), less=format_number(recorded - total)
        )
        return self.confirm_lower(question, recorded, total)


class MonthGrid(QWidget):
    """The secretary's month grid: pick a month, key the paper log's day totals."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.title = QLabel(tr("工作日誌補登"))
        self.title.setFont(heading_font(self.font(), 1.3))
        self.picker = MonthPicker()
        self.month_label = QLabel()
        self.month_label.setFont(heading_font(self.font(), 1.15))
        self.note = QLabel(tr(GRID_NOTE))
        self.note.setWordWrap(True)
        self.message = error_label(keep_room=True)  # its line kept: the grid never moves under the typing
        self.model = MonthGridModel(user, self)
        self.model.confirm_lower = self._confirm_lower
        self.table = NumberGridView()
        self.table.setModel(self.model)
        self._build_layout()
        self._connect_signals()
        self.show_month(self.picker.period)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(24)
        top.addWidget(self.picker)
        top.addSpacing(24)
        top.addWidget(self.month_label)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        self.picker.monthChanged.connect(self.show_month)
        self.picker.refused.connect(self.message.setText)
        self.model.refused.connect(self.message.setText)
        self.table.read_only_typed.connect(self.message.setText)
        self.model.saved.connect(self.message.clear)
        self.model.saved.connect(self._load)
        # Numbers grow (1,000 → 10,000) and categories change: keep every figure readable.
        self.model.modelReset.connect(self.table.fit_columns)
        self.model.dataChanged.connect(lambda *_args: self.table.fit_columns())

    def activate(self) -> None:
        """Shown again: counters may have recorded since, so read the month afresh."""
        self.message.clear()  # whatever it said was about the grid as it was
        self._load()
        self.table.setFocus()

    def show_month(self, period: Period) -> None:
        """The picker chose ``period``: read it; the grid shows the month before until it arrives."""
        self.message.clear()
        self._load()

    def _load(self) -> None:
        """Read the picker's month in the background (a write's readback too: what the desks
        recorded meanwhile); a read still waiting for the worker gives way to this one."""
        period = self.picker.period
        op = BackgroundOp(self, lambda progress, abort: read_month(period))
        op.with_progress(tr(LOADING), cancellable=False).replaces(OP_KEY)
        op.success(self._loaded).failure(lambda problem: self.message.setText(str(problem))).run()

    def _loaded(self, month: MonthCells) -> None:
        """A new month starts at today's row (or its first day); the same month keeps the cursor."""
        new_month = month.period != self.model.period or not self.model.days
        current = self.table.currentIndex()
        laid_out = self.model.show_cells(month)
        if new_month or not current.isValid():
            self.month_label.setText(month.period.label)
            self._go_to_start()
        elif laid_out:  # the same month, laid out anew (a category changed): the same place
            column = min(current.column(), self.model.day_total_column)
            self.table.setCurrentIndex(self.model.index(current.row(), column))

    def _go_to_start(self) -> None:
        """Today's row in the current month, else the month's first day; first category."""
        today = self.model.today
        row = self.model.days.index(today) if today in self.model.days else 0
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.table.setFocus()

    def _confirm_lower(self, question: str, recorded: int, total: int) -> bool:
        return ask_to_lower(question, recorded, total, self)

    def previous_month(self) -> None:
        self.picker.step(-1)

    def next_month(self) -> None:
        self.picker.step(1)

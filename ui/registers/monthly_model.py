"""The 每月數據 grid's rows and Qt model: figures down, the months of a half-year across.

The rows are the figures in order, then each channel's case types (筆數 and 金額), the
channel's 小計 and the 總計; the columns the months, then 合計. Typed cells wait for their
month to be saved in one go (``save_month``); 小計, 總計 and 合計 are summed from the cells
each time they are shown (``reports.figures.monthly.sum_entered``, the rule of ``stats``),
never typed. The model runs no query: ``months_table`` read on the worker hands it the rows.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QWidget

from models.accounts import User
from models.errors import ValidationError
from models.numbers import parse_whole_number
from models.registers.monthly import (
    KIND_AMOUNT,
    KIND_COUNT,
    MONTH_AMOUNT,
    MONTH_COUNT,
    FigureSpec,
    MonthEntry,
    MonthlyFigureValue,
    MonthsTable,
    PairSpec,
    PaymentChannelValue,
    figure_field,
    month_name,
    pair_field,
    save_month,
)
from models.rocdate import Period, month_range, roc_year
from reports.figures.monthly import sum_entered
from ui.errors import EXPECTED
from ui.i18n import tr
from ui.style import CURRENT_ROW
from ui.widgets.number_grid import NUMBER_ALIGNMENT, NumberGridModel, format_number

AnyIndex = QModelIndex | QPersistentModelIndex

FIGURE, PAIR, SUBTOTAL, TOTAL = "figure", "pair", "subtotal", "total"
TOTAL_COLUMN_HEADER = "合計"
COMPUTED_BACKGROUND = QColor("#dbe7f5")
PENDING_BACKGROUND = QColor(CURRENT_ROW)
REFUSED_BACKGROUND = QColor("#f8d7da")
FUTURE_BACKGROUND = QColor("#f4f4f4")
RETIRED_TEXT = QColor("#6b6b6b")
COMPUTED_TIP = "由各項自動加總，不能輸入。"
FUTURE_TIP = "還沒到的月份不能輸入。"
RETIRED_TIP = "「{name}」已停用，這裡只顯示已輸入的數據。"
PENDING_TIP = "尚未儲存：按 Enter 到最後一項、按「儲存這個月」或 Ctrl+S 存入。"
FIRST_HALF, HALF_MONTHS = 1, 6


@dataclass(frozen=True)
class GridRow:
    """One row of the grid: a figure, a pair's 筆數 or 金額, a channel's 小計, or the 總計."""

    kind: str  # FIGURE, PAIR, SUBTOTAL, TOTAL
    part: str  # KIND_COUNT or KIND_AMOUNT: what the row's numbers are
    label: str
    code: str = ""  # the figure's or the pair's
    channel: str = ""  # a pair's or a subtotal's
    active: bool = True

    @property
    def typed(self) -> bool:
        return self.kind in (FIGURE, PAIR)

    @property
    def field(self) -> str:
        """The domain's name for this row's cell (a message about it names it so)."""
        return figure_field(self.code) if self.kind == FIGURE else pair_field(self.code, self.part)


def _part_label(part: str) -> str:
    return tr("金額（元）") if part == KIND_AMOUNT else tr("筆數")


def grid_rows(figures: tuple[FigureSpec, ...], pairs: tuple[PairSpec, ...]) -> list[GridRow]:
    """The figures in order, then each channel (in the order its first pair comes) with its case
    types' 筆數 and 金額 and its 小計, then the 總計."""
    rows = [
        GridRow(FIGURE, f.kind, f"{f.name}（元）" if f.kind == KIND_AMOUNT else f.name, f.code, active=f.active)
        for f in figures
    ]
    channels: dict[str, list[PairSpec]] = {}
    for pair in pairs:
        channels.setdefault(pair.channel, []).append(pair)
    for channel, members in channels.items():
        for pair in members:
            for part in (KIND_COUNT, KIND_AMOUNT):
                label = f"{channel}　{pair.case_type}　{_part_label(part)}"
                rows.append(GridRow(PAIR, part, label, pair.code, channel, pair.active))
        for part in (KIND_COUNT, KIND_AMOUNT):
            rows.append(GridRow(SUBTOTAL, part, f"{channel}　{tr('小計')}　{_part_label(part)}", channel=channel))
    if channels:
        for part in (KIND_COUNT, KIND_AMOUNT):
            rows.append(GridRow(TOTAL, part, f"{tr('總計')}　{_part_label(part)}"))
    return rows


def shown_table(table: MonthsTable) -> tuple[tuple[FigureSpec, ...], tuple[PairSpec, ...]]:
    """What the grid shows: the figures and pairs in use, and a retired one with values here."""
    figures = tuple(f for f in table.figures if f.active or any(code == f.code for _m, code in table.figure_values))
    pairs = tuple(p for p in table.pairs if p.active or any(code == p.code for _m, code in table.pair_values))
    return figures, pairs


def typed_value(text: str, part: str) -> int | None:
    """What a pending cell's text stands for in the sums shown meanwhile; None when it is blank
    or not a number (the domain says why when the month is saved)."""
    if not text.strip():
        return None
    try:
        return parse_whole_number(text, MONTH_AMOUNT if part == KIND_AMOUNT else MONTH_COUNT, allow_zero=True)
    except ValidationError:
        return None


def half_year(day: dt.date) -> Period:
    """The half-year ``day`` falls in: 1–6月 or 7–12月."""
    first = FIRST_HALF if day.month <= HALF_MONTHS else HALF_MONTHS + 1
    return month_range(roc_year(day), first, first + HALF_MONTHS - 1)


class MonthlyGridModel(NumberGridModel):
    """Figures × months of a half-year, and 合計. Typed cells wait for ``save_pending``.

    ``refused(message, index)`` says why a month was not saved, and which cell it was about
    (invalid when the message is about no cell); ``saved(month, changed)`` follows a saved one.
    """

    refused = Signal(str, QModelIndex)
    saved = Signal(object, int)

    def __init__(self, user: User, today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.today = today or dt.date.today()
        self.period = half_year(self.today)
        self.months: list[dt.date] = []
        self.rows: list[GridRow] = []
        self._figures: dict[tuple[dt.date, str], int] = {}
        self._pairs: dict[tuple[dt.date, str], tuple[int, int]] = {}
        self._records: dict[tuple[str, dt.date, str], int] = {}  # (FIGURE or PAIR, month, code) → id
        self.pending_month: dt.date | None = None
        self.pending: dict[int, str] = {}  # row → the text typed in pending_month's column
        self.refused_cell: tuple[int, int] | None = None
        self.last_error = ""

    # --- loading -----------------------------------------------------------------------

    def show_table(self, period: Period, table: MonthsTable) -> None:
        """Show what ``months_table`` read; the month being typed keeps what was typed."""
        figures, pairs = shown_table(table)
        rows = grid_rows(figures, pairs)
        self._records = {(FIGURE, month, code): n for (month, code), n in table.figure_records.items()}
        self._records.update({(PAIR, month, code): n for (month, code), n in table.pair_records.items()})
        if period != self.period or rows != self.rows or list(table.months) != self.months:
            self.beginResetModel()
            self.period, self.months, self.rows = period, list(table.months), rows
            self._figures, self._pairs = dict(table.figure_values), dict(table.pair_values)
            if self.pending_month not in self.months:
                self._drop_pending()
            self.endResetModel()
            return
        self._figures, self._pairs = dict(table.figure_values), dict(table.pair_values)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.total_column))

    # --- what the cells hold -----------------------------------------------------------

    @property
    def total_column(self) -> int:
        return len(self.months)

    def month_at(self, column: int) -> dt.date | None:
        return self.months[column] if 0 <= column < len(self.months) else None

    def row_of(self, field: str) -> int:
        """The row of the domain's field name (figure:…, pair:…:count), or -1."""
        return next((n for n, row in enumerate(self.rows) if row.typed and row.field == field), -1)

    def _stored(self, row: GridRow, month: dt.date) -> int | None:
        if row.kind == FIGURE:
            return self._figures.get((month, row.code))
        pair = self._pairs.get((month, row.code))
        return None if pair is None else pair[0 if row.part == KIND_COUNT else 1]

    def record_of(self, index: AnyIndex) -> tuple[type[MonthlyFigureValue | PaymentChannelValue], int] | None:
        """The stored record behind a typed cell (its kind and id), for its history; None when
        the cell was never entered (or is a sum)."""
        if not self.is_valid(index) or self.is_computed(index.row(), index.column()):
            return None
        grid_row = self.rows[index.row()]
        record_id = self._records.get((grid_row.kind, self.months[index.column()], grid_row.code))
        if record_id is None:
            return None
        return (MonthlyFigureValue if grid_row.kind == FIGURE else PaymentChannelValue), record_id

    def is_pending(self, row: int, column: int) -> bool:
        return self.month_at(column) == self.pending_month and row in self.pending

    def value(self, row: int, column: int) -> int | None:
        """A cell's number; None when nothing is entered. Sums are summed, never stored."""
        grid_row = self.rows[row]
        if column == self.total_column:
            return sum_entered(self.value(row, n) for n in range(len(self.months)))
        if grid_row.kind == SUBTOTAL:
            return sum_entered(self._members(grid_row, column))
        if grid_row.kind == TOTAL:
            subtotals = [n for n, r in enumerate(self.rows) if r.kind == SUBTOTAL and r.part == grid_row.part]
            return sum_entered(self.value(n, column) for n in subtotals)
        if self.is_pending(row, column):
            return typed_value(self.pending[row], grid_row.part)
        return self._stored(grid_row, self.months[column])

    def _members(self, subtotal: GridRow, column: int) -> list[int | None]:
        return [
            self.value(n, column)
            for n, r in enumerate(self.rows)
            if r.kind == PAIR and r.channel == subtotal.channel and r.part == subtotal.part
        ]

    def text(self, row: int, column: int) -> str:
        """What the cell's editor starts from: what was typed, else the stored number."""
        if self.is_pending(row, column):
            return self.pending[row]
        value = self.value(row, column)
        return "" if value is None else str(value)

    def is_computed(self, row: int, column: int) -> bool:
        return column == self.total_column or not self.rows[row].typed

    def is_editable(self, row: int, column: int) -> bool:
        month = self.month_at(column)
        return (
            month is not None and month <= self.today.replace(day=1)
            and self.rows[row].typed and self.rows[row].active
        )

    # --- the view's questions (ui.widgets.number_grid) ---------------------------------

    def stays_after_edit(self) -> bool:
        return bool(self.last_error)

    def index_below(self, index: QModelIndex) -> QModelIndex:
        """The next cell of the month that takes a number; none after the last one."""
        below = next((n for n in range(index.row() + 1, len(self.rows)) if self.is_editable(n, index.column())), -1)
        return self.index(below, index.column()) if below >= 0 else QModelIndex()

    # --- Qt model ----------------------------------------------------------------------

    def grid_size(self) -> tuple[int, int]:
        return len(self.rows), (len(self.months) + 1 if self.months else 0)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.is_valid(index):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if self.is_pending(row, column):
                return self.pending[row]
            return format_number(self.value(row, column))
        if role == Qt.ItemDataRole.EditRole:
            return None if self.is_computed(row, column) else self.text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return NUMBER_ALIGNMENT
        if role == Qt.ItemDataRole.FontRole and self.is_computed(row, column):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and not self.rows[row].active:
            return QBrush(RETIRED_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _background(self, row: int, column: int) -> QBrush | None:
        if self.refused_cell == (row, column):
            return QBrush(REFUSED_BACKGROUND)
        if self.is_pending(row, column):
            return QBrush(PENDING_BACKGROUND)
        if self.is_computed(row, column):
            return QBrush(COMPUTED_BACKGROUND)
        month = self.month_at(column)
        if month is not None and month > self.today:
            return QBrush(FUTURE_BACKGROUND)
        return None

    def _tooltip(self, row: int, column: int) -> str | None:
        if self.refused_cell == (row, column):
            return self.last_error
        if self.is_computed(row, column):
            return tr(COMPUTED_TIP)
        if not self.rows[row].active:
            return tr(RETIRED_TIP).format(name=self.rows[row].label)
        if not self.is_editable(row, column):
            return tr(FUTURE_TIP)
        if self.is_pending(row, column):
            return tr(PENDING_TIP)
        return None

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section <= self.total_column or not self.months:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                month = self.month_at(section)
                return tr(TOTAL_COLUMN_HEADER) if month is None else tr("{month}月").format(month=month.month)
            if role == Qt.ItemDataRole.ToolTipRole:
                month = self.month_at(section)
                return month_name(month) if month is not None else self.period.label
            return None
        if not 0 <= section < len(self.rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[section].label
        if role == Qt.ItemDataRole.FontRole and not self.rows[section].typed:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Keep the typed text for its month; a month left with values waiting is saved first."""
        self.last_error = ""
        if role != Qt.ItemDataRole.EditRole or not self.is_valid(index):
            return False
        if not self.is_editable(index.row(), index.column()):
            return False
        month = self.months[index.column()]
        if self.pending_month is not None and self.pending_month != month and not self.save_pending():
            return False
        text = "" if value is None else str(value).strip()
        row = index.row()
        if self.text(row, index.column()) == text and row not in self.pending:
            return True  # nothing changed: nothing waits
        self.pending_month = month
        self.pending[row] = text
        self._clear_refusal()
        self._column_changed(index.column())
        return True

    def _column_changed(self, column: int) -> None:
        last_row = len(self.rows) - 1
        self.dataChanged.emit(self.index(0, column), self.index(last_row, column))
        self.dataChanged.emit(self.index(0, self.total_column), self.index(last_row, self.total_column))

    # --- saving ------------------------------------------------------------------------

    def entry(self) -> MonthEntry:
        """The waiting month as the domain takes it: each typed figure, and each pair typed
        in with both its parts (the one not retyped as it is stored)."""
        assert self.pending_month is not None
        column = self.months.index(self.pending_month)
        figures: dict[str, str] = {}
        pairs: dict[str, dict[str, str]] = {}
        for row in self.pending:
            grid_row = self.rows[row]
            if grid_row.kind == FIGURE:
                figures[grid_row.code] = self.pending[row]
            else:
                pairs[grid_row.code] = {}
        for n, grid_row in enumerate(self.rows):
            if grid_row.kind == PAIR and grid_row.code in pairs:
                pairs[grid_row.code][grid_row.part] = self.text(n, column)
        return MonthEntry(figures, {code: (parts[KIND_COUNT], parts[KIND_AMOUNT]) for code, parts in pairs.items()})

    def save_pending(self) -> bool:
        """Store the waiting month in one go; True when nothing waits any more. A refusal is
        said through ``refused`` and keeps everything typed."""
        if self.pending_month is None:
            return True
        month, entry = self.pending_month, self.entry()
        try:
            changed = save_month(self.user, month, entry)
        except EXPECTED as exc:
            row = self.row_of(exc.field or "")
            column = self.months.index(month)
            self.last_error = str(exc)
            self.refused_cell = (row, column) if row >= 0 else None
            self._column_changed(column)
            self.refused.emit(self.last_error, self.index(row, column) if row >= 0 else QModelIndex())
            return False
        self._store_locally(month)
        self.saved.emit(month, changed)
        return True

    def _store_locally(self, month: dt.date) -> None:
        """What was saved is what the cells now hold, until the month is read back."""
        column = self.months.index(month)
        for row in list(self.pending):
            grid_row = self.rows[row]
            value = typed_value(self.pending[row], grid_row.part)
            if grid_row.kind == FIGURE:
                if value is None:
                    self._figures.pop((month, grid_row.code), None)
                else:
                    self._figures[(month, grid_row.code)] = value
        for code in {self.rows[row].code for row in self.pending if self.rows[row].kind == PAIR}:
            rows = [(n, r) for n, r in enumerate(self.rows) if r.kind == PAIR and r.code == code]
            parts = [typed_value(self.text(n, column), r.part) for n, r in rows]
            if None in parts:
                self._pairs.pop((month, code), None)
            else:
                self._pairs[(month, code)] = (parts[0], parts[1])
        self._drop_pending()
        self._column_changed(column)

    def discard_pending(self) -> dt.date | None:
        """Forget what waits; the month it was for, or None."""
        month = self.pending_month
        if month is None:
            return None
        self._drop_pending()
        self._column_changed(self.months.index(month))
        return month

    def _drop_pending(self) -> None:
        self.pending_month, self.pending = None, {}
        self._clear_refusal()

    def _clear_refusal(self) -> None:
        self.refused_cell = None
        self.last_error = ""

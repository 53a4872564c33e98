"""為民服務中心服務人數月報表 on screen: each category's 人次 (and G's 金額) for a period, and J.

The figures, J included, come from ``reports.statistics.service_figures`` — the function the
printed report uses — so what the secretary checks here is what will be printed. A–J show
whole at 1366×768 in either print: the note stands beside the table, the period's message
beside its box, and the height is the table's.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from models.accounts import User
from models.rocdate import Period
from models.service.categories import TOTAL_CODE, TOTAL_NAME
from reports.figures.service import CategoryFigure, ServiceCentreFigures, service_centre_summary
from reports.statistics import service_figures
from ui.errors import EXPECTED
from ui.i18n import tr
from ui.service.common import (
    TEXT_ALIGNMENT,
    fit_table_width,
    month_text,
)
from ui.style import heading_font, scaled
from ui.widgets.number_grid import NUMBER_ALIGNMENT, format_number
from ui.widgets.period_bar import PeriodBar
from ui.widgets.tables import content_height, header_data, readable_table

AnyIndex = QModelIndex | QPersistentModelIndex

SUMMARY_COLUMNS = ("服務項目", "人次", "金額（元）")
PERIOD_PLACEHOLDER = "例：115/11、106H1、106、106/01-106/03"
SUMMARY_NOTE = "J 總計服務人數是上面各項人次的合計，自動計算；金額只有收款項目才有。"


class ServiceSummaryModel(QAbstractTableModel):
    """One row per category (code and name, 人次, 金額 for the amount category), then J."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._figures: ServiceCentreFigures = service_centre_summary([])
        self._shown = True  # False: no period to show (a bad one was typed), not even J

    def set_figures(self, figures: ServiceCentreFigures) -> None:
        self.beginResetModel()
        self._figures, self._shown = figures, True
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._figures, self._shown = service_centre_summary([]), False
        self.endResetModel()

    @property
    def figures(self) -> list[CategoryFigure]:
        return list(self._figures.categories)

    @property
    def total_row(self) -> int:
        return len(self._figures.categories)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() or not self._shown else len(self._figures.categories) + 1

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(SUMMARY_COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row, column = index.row(), index.column()
        if not 0 <= column < len(SUMMARY_COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return TEXT_ALIGNMENT if column == 0 else NUMBER_ALIGNMENT
        if role == Qt.ItemDataRole.FontRole and row == self.total_row:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _cell(self, row: int, column: int) -> str:
        if row == self.total_row:
            return (f"{TOTAL_CODE}　{tr(TOTAL_NAME)}", format_number(self._figures.total), "")[column]
        figure = self._figures.categories[row]
        return (f"{figure.code}　{figure.name}", format_number(figure.count), format_number(figure.amount))[column]

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return header_data(SUMMARY_COLUMNS, self.total_row + 1, section, orientation, role, centred=True)


class ServiceSummary(QWidget):
    """Type a period (a month by default), press Enter or 計算: the month's report figures."""

    def __init__(self, user: User, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.period: Period | None = None
        self.title = QLabel(tr("為民服務中心服務人數月報表"))
        self.title.setFont(heading_font(self.font(), 1.3))
        self.period_bar = PeriodBar(
            month_text(today or dt.date.today()), PERIOD_PLACEHOLDER, box_width=360, label_scale=1.15,
            message_beside=True,
        )
        bar = self.period_bar  # its parts, as the screen's tests and its own code reach them
        self.period_edit, self.compute_button, self.message = bar.period_edit, bar.compute_button, bar.message
        self.period_label = bar.period_label
        self.model = ServiceSummaryModel(self)
        self.table = readable_table(self.model)
        self.note = QLabel(tr(SUMMARY_NOTE))
        self.note.setWordWrap(True)
        self._build_layout()
        self._connect_signals()
        self.compute()

    def _build_layout(self) -> None:
        table_row = QHBoxLayout()
        table_row.addWidget(self.table)
        table_row.addSpacing(scaled(24))
        table_row.addWidget(self.note, 1, Qt.AlignmentFlag.AlignTop)  # the width the table leaves
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.period_bar)
        layout.addLayout(table_row, 100)  # up to its rows; the stretch below takes the rest
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.period_bar.period_chosen.connect(self.compute_period)
        self.period_bar.refused.connect(lambda _reason: self._clear())
        self.model.modelReset.connect(self._fit_table)

    def activate(self) -> None:
        self.compute()
        self.period_bar.focus_box()

    def hand_over(self) -> str:
        """The period as typed: the copy built for the other print shows it again."""
        return self.period_edit.text()

    def take_over(self, work: str) -> None:
        self.period_edit.setText(work)
        self.compute()

    def compute(self) -> None:
        """Read the period and its figures; on a bad period only the message changes."""
        period = self.period_bar.read()
        if period is not None:
            self.compute_period(period)

    def compute_period(self, period: Period) -> None:
        """The figures of ``period``; a storage problem is said under the box, the table kept."""
        try:
            figures = service_figures(period)
        except EXPECTED as exc:
            self.period_bar.show_message(str(exc))
            return
        self.period = period
        self.period_bar.show_period(period)
        self.model.set_figures(figures)

    def _clear(self) -> None:
        """A bad period typed: the period before's figures do not stay under its message."""
        self.period = None
        self.model.clear()

    def _fit_table(self) -> None:
        """The table just holds its rows (J without scrolling); the note beside takes the rest."""
        fit_table_width(self.table)
        self.table.setMaximumHeight(content_height(self.table))

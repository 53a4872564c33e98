"""代號: the figures a text may name, with their values now, inserted into the text at the cursor.

The names and values are the report's own (``reports.halfyear.text_values`` of the period),
and each value is shown as the placeholder would print it (``reports.placeholders.fill``),
in the format chosen above the list (億萬: 172萬9,838元, 元: 1,729,838元) for a whole
number; the filter finds a name or a value (「中午」 finds 中午輪值不打烊收款 and its 代號).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal,
)
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from reports.placeholders import FORMATS, fill
from ui.i18n import tr
from ui.widgets.tables import header_data, long_list_table

AnyIndex = QModelIndex | QPersistentModelIndex

HEADERS = ("代號", "目前的值")
PLAIN = ""  # the format choice that inserts a bare {name}
PLAIN_TEXT = "數字（例如 25,613）"
FILTER_HINT = "搜尋，例如 中午"
INSERT_HINT = "按兩下或 Enter 把代號插入文字的游標處。"


class PlaceholderModel(QAbstractTableModel):
    """One row per placeholder name: the name and its value as printed in the chosen format."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values: dict[str, Any] = {}
        self._names: list[str] = []
        self._printed: list[str] = []
        self.style = PLAIN

    def set_values(self, values: Mapping[str, Any]) -> None:
        self.beginResetModel()
        self._values = dict(values)
        self._names = list(self._values)
        self._printed = [self._print(name) for name in self._names]
        self.endResetModel()

    def set_style(self, style: str) -> None:
        """Show (and insert) whole numbers in ``style`` (a key of FORMATS, or PLAIN)."""
        self.style = style
        self._printed = [self._print(name) for name in self._names]
        if self._names:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._names) - 1, 1))

    def token(self, row: int) -> str:
        """What inserting row ``row`` types: ``{name}``, or ``{name:億萬}`` for a whole number."""
        return self._token(self._names[row])

    def _token(self, name: str) -> str:
        value = self._values[name]
        styled = self.style and isinstance(value, int) and not isinstance(value, bool)
        return f"{{{name}:{self.style}}}" if styled else f"{{{name}}}"

    def _print(self, name: str) -> str:
        return fill(self._token(name), self._values)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._names)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._names) or not 0 <= index.column() < len(HEADERS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._names[index.row()] if index.column() == 0 else self._printed[index.row()]
        return None

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return header_data(HEADERS, len(self._names), section, orientation, role)


class PlaceholderPanel(QWidget):
    """The filter, the format and the list; ``chosen(token)`` when a row is activated."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PlaceholderModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)  # the name or the value
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(tr(FILTER_HINT))
        self.filter_edit.setClearButtonEnabled(True)
        self.format_box = QComboBox()
        self.format_box.addItem(tr(PLAIN_TEXT), PLAIN)
        for style, meaning in FORMATS.items():
            self.format_box.addItem(tr(meaning), style)
        self.table: QTableView = long_list_table(self.proxy, stretch_column=1)
        self.table.horizontalHeader().setSectionResizeMode(0, self.table.horizontalHeader().ResizeMode.Interactive)
        self.table.setColumnWidth(0, 230)
        self.hint = QLabel(tr(INSERT_HINT))
        self.hint.setWordWrap(True)
        title = QLabel(tr("可用的代號"))
        title.setToolTip(tr("數字由資料計算，不必打"))
        # The hint is read whole in either print; the format goes on the title's line.
        self.filter_edit.setMinimumWidth(self.filter_edit.fontMetrics().horizontalAdvance(self.filter_edit.placeholderText()) + 48)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(QLabel(tr("格式")))
        top.addWidget(self.format_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.format_box.currentIndexChanged.connect(lambda _n: self.model.set_style(self.format_box.currentData()))
        self.table.activated.connect(self._activated)

    def set_values(self, values: Mapping[str, Any]) -> None:
        self.model.set_values(values)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.chosen.emit(self.model.token(self.proxy.mapToSource(index).row()))

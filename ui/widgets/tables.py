"""The one look every read-only table of the desk shares."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from ui.i18n import tr
from ui.style import scaled


SIDE_PADDING = 10  # pixels beside a cell's text, in either print


def table_style() -> str:
    """The cells' padding: above and below it follows the print; beside the text it stays,
    the width being what 1366 pixels lack in large print (a register's dozen columns)."""
    padding = f"{scaled(4)}px {SIDE_PADDING}px"
    return (
        "QTableView { alternate-background-color: #f1f4f8; gridline-color: #c8c8c8; }"
        f"QTableView::item {{ padding: {padding}; }}"
        f"QHeaderView::section {{ padding: {padding}; background: #e8e8e8; border: 0;"
        " border-right: 1px solid #c0c0c0; border-bottom: 1px solid #c0c0c0; }"
    )


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text is where it is painted: Qt measures a cell's lines at
    its whole width, while the text is drawn inside the style sheet's padding, so a long
    history change lost its last line (the row one line short)."""

    def sizeHint(  # noqa: N802 (Qt override)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        if option.rect.width() > 2 * SIDE_PADDING:  # measuring a row at its column's width
            option = QStyleOptionViewItem(option)
            option.rect.setWidth(option.rect.width() - 2 * SIDE_PADDING)
        return super().sizeHint(option, index)


def readable_table(model: QAbstractTableModel, stretch_column: int | None = None) -> QTableView:
    """A read-only, row-selecting table with padded cells that wraps long text onto more lines.

    Columns fit their contents; ``stretch_column`` (if any) takes the spare width instead.
    Shared by the users, history and statistics screens so they look alike.
    """
    table = QTableView()
    table.setModel(model)
    table.setStyleSheet(table_style())
    table.setItemDelegate(WrappingDelegate(table))
    table.setWordWrap(True)
    table.setTabKeyNavigation(False)  # Tab moves on to the screen's buttons
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    # Rows follow their wrapped text whenever a column width changes.
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setHighlightSections(False)
    if stretch_column is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return table


def header_data(
    headers: Sequence[str], rows: int, section: int, orientation: Qt.Orientation, role: int, *, centred: bool = False
) -> Any:
    """``headerData`` of a read-only table: the column's header (translated, centred if asked)
    across, the row's number down; nothing for any other role or section."""
    if orientation == Qt.Orientation.Horizontal and 0 <= section < len(headers):
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(headers[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and centred:
            return Qt.AlignmentFlag.AlignCenter
        return None
    if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole and 0 <= section < rows:
        return str(section + 1)
    return None


def content_height(table: QTableView) -> int:
    """Height that shows the header and every row without an inner scroll bar."""
    header = table.horizontalHeader().sizeHint().height()
    height = header + 2 * table.frameWidth()
    height += sum(table.rowHeight(row) for row in range(table.model().rowCount()))
    if table.horizontalScrollBar().isVisible():
        height += table.horizontalScrollBar().sizeHint().height()
    return max(height, 2 * header)


# A long list sizes its columns from this many rows (the first ones, and those in view), not
# from every row: 5,000 rows would otherwise be measured cell by cell on the window's thread.
LONG_LIST_SAMPLE_ROWS = 60


def long_list_table(model: QAbstractTableModel, stretch_column: int | None = None) -> QTableView:
    """``readable_table`` for a list that may hold thousands of rows: one line per row (long
    text is cut, the whole of it on hover) at a fixed height, columns fitted to a sample."""
    table = readable_table(model, stretch_column)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + scaled(16))  # the cells' padding, as readable_table's
    table.horizontalHeader().setResizeContentsPrecision(LONG_LIST_SAMPLE_ROWS)
    return table

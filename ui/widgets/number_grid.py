"""A grid of typed numbers, read like a paper form from top to bottom (日誌補登, 每月數據).

Each cell is a plain line edit (the model, not the editor, judges what was typed); Enter
stores the cell at once and moves down the same column to the cell the model names; a value
the model refused keeps the cursor where it is, for another try. Tab moves one cell across,
and from the last cell on to the screen's next control (Shift+Tab from the first, back), never
round the grid again. Columns are as wide as their
headers and numbers need, and the spare width is shared out, so the grid reads across the
screen and a narrow window scrolls instead of clipping a header.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ui.i18n import tr
from ui.widgets.keys import is_command

AnyIndex = QModelIndex | QPersistentModelIndex

NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
READ_ONLY = "這一格不能輸入。"  # said for a cell that takes no number and has no hover text of its own
EDITOR_MAX_LENGTH = 15  # room for "100,000,000" and a typing slip that deserves a message
# Row padding is small on purpose: a 31-day month should need as little scrolling as possible.
GRID_STYLE = (
    "QTableView { gridline-color: #c8c8c8; }"
    "QTableView::item { padding: 1px 6px; }"
    "QHeaderView::section { padding: 2px 6px; background: #e8e8e8; border: 0;"
    " border-right: 1px solid #c0c0c0; border-bottom: 1px solid #c0c0c0; }"
)


def format_number(value: int | None, *, blank_zero: bool = False) -> str:
    """``1729838`` → ``1,729,838``; None (no such figure) is empty, and so is 0 when asked."""
    if value is None or (blank_zero and value == 0):
        return ""
    return f"{value:,}"


class NumberGridModel(QAbstractTableModel):
    """What a grid's model shares: its size, flags from ``is_editable``, and what the view
    asks (``stays_after_edit``, ``index_below``). A model says its size in ``grid_size``."""

    def grid_size(self) -> tuple[int, int]:
        """(rows, columns)."""
        raise NotImplementedError

    def is_editable(self, row: int, column: int) -> bool:
        raise NotImplementedError

    def stays_after_edit(self) -> bool:
        """The value just typed was refused (or declined): the cursor stays on its cell."""
        raise NotImplementedError

    def index_below(self, index: QModelIndex) -> QModelIndex:
        """Where Enter goes from ``index``; an invalid index when it goes nowhere."""
        raise NotImplementedError

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else self.grid_size()[0]

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else self.grid_size()[1]

    def is_valid(self, index: AnyIndex) -> bool:
        rows, columns = self.grid_size()
        return index.isValid() and 0 <= index.row() < rows and 0 <= index.column() < columns

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not self.is_valid(index):
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_editable(index.row(), index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags


class NumberDelegate(QStyledItemDelegate):
    """A plain right-aligned line edit: the model, not the editor, judges what was typed."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Enter stores the cell at once. Qt queues that store behind keys already typed, so a
        fast ``7⏎8⏎`` put the 8 into the editor still open and stored 78 on one day."""
        if (
            isinstance(watched, QLineEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.SubmitModelCache)
            return True
        return super().eventFilter(watched, event)

    def createEditor(  # noqa: N802 (Qt override)
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(NUMBER_ALIGNMENT)
        editor.setMaxLength(EDITOR_MAX_LENGTH)
        editor.setFrame(False)
        return editor


class NumberGridView(QTableView):
    """Enter stores the cell and moves to the cell below that the model names.

    ``bottom_reached`` says Enter was pressed where the model names no cell below (after a
    value was stored there, or on a cell not being edited). ``read_only_typed`` says why a cell
    takes no number (its hover text) when one is typed there: a day still to come, a sum.
    """

    bottom_reached = Signal(QModelIndex)
    read_only_typed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(NumberDelegate(self))
        self.setStyleSheet(GRID_STYLE)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setTabKeyNavigation(True)
        self.setCornerButtonEnabled(False)
        columns = self.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # fit_columns sets the widths
        columns.setHighlightSections(True)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        rows.setHighlightSections(True)

    def grid_model(self) -> NumberGridModel | None:
        model = self.model()
        return model if isinstance(model, NumberGridModel) else None

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        current = self.currentIndex()
        super().closeEditor(editor, hint)
        model = self.grid_model()
        submitted = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        if submitted and model is not None and not model.stays_after_edit():
            self.move_down(current)

    def moveCursor(  # noqa: N802 (Qt override)
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Tab past the last cell (Shift+Tab before the first) leaves the grid: Qt's table
        would wrap round to the other end and keep Tab in the grid for ever."""
        moved = super().moveCursor(action, modifiers)
        current = self.currentIndex()
        if not current.isValid() or not moved.isValid():
            return moved
        step = (moved.row(), moved.column()), (current.row(), current.column())
        if action == QAbstractItemView.CursorAction.MoveNext and step[0] <= step[1]:
            return QModelIndex()
        if action == QAbstractItemView.CursorAction.MovePrevious and step[0] >= step[1]:
            return QModelIndex()
        return moved

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        editing = self.state() == QAbstractItemView.State.EditingState
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not editing:
            self.move_down(self.currentIndex())
            event.accept()
            return
        current = self.currentIndex()
        typed = event.text().strip() and not is_command(event)
        if typed and not editing and current.isValid() and not current.flags() & Qt.ItemFlag.ItemIsEditable:
            self.read_only_typed.emit(current.data(Qt.ItemDataRole.ToolTipRole) or tr(READ_ONLY))
            event.accept()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Every column as wide as its header and numbers need; spare width shared out evenly."""
        model = self.model()
        count = model.columnCount() if model is not None else 0
        if count == 0:
            return
        header = self.horizontalHeader()
        needed = [max(header.sectionSizeHint(n), self.sizeHintForColumn(n)) for n in range(count)]
        available = (
            self.width()
            - 2 * self.frameWidth()
            - self.verticalHeader().width()
            - self.verticalScrollBar().sizeHint().width()
        )
        extra = max(0, available - sum(needed)) // count
        for column, width in enumerate(needed):
            header.resizeSection(column, width + extra)

    def move_down(self, index: QModelIndex) -> None:
        """To the cell below that the model names; ``bottom_reached`` when it names none."""
        model = self.grid_model()
        if not index.isValid() or model is None:
            return
        below = model.index_below(index)
        if not below.isValid():
            self.bottom_reached.emit(index)
            return
        self.setCurrentIndex(below)
        self.scrollTo(below)

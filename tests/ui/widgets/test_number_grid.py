"""NumberGridView: Enter stores a cell and goes where the model says, or says it reached the bottom."""
from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from ui.widgets.number_grid import NumberGridView, format_number


class Column(QAbstractTableModel):
    """Three cells in a column; the second takes no number, so Enter skips it."""

    def __init__(self) -> None:
        super().__init__()
        self.cells = ["", "合計", ""]
        self.refuse = False

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 3

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 1

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self.cells[index.row()] if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole) else None

    def flags(self, index: Any) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.row() != 1 else flags

    def setData(self, index: Any, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if self.refuse:
            return False
        self.cells[index.row()] = value
        return True

    def stays_after_edit(self) -> bool:
        return self.refuse

    def index_below(self, index: QModelIndex) -> QModelIndex:
        return self.index(2, 0) if index.row() == 0 else QModelIndex()


@pytest.fixture
def grid(qtbot) -> NumberGridView:
    view = NumberGridView()
    view.setModel(Column())
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def type_into(qtbot, view: NumberGridView, row: int, text: str) -> None:
    index = view.model().index(row, 0)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def test_enter_stores_and_goes_to_the_cell_the_model_names(qtbot, grid: NumberGridView) -> None:
    type_into(qtbot, grid, 0, "12")
    assert grid.model().cells[0] == "12"
    assert grid.currentIndex().row() == 2  # the sum between was skipped


def test_enter_at_the_bottom_says_so(qtbot, grid: NumberGridView) -> None:
    with qtbot.waitSignal(grid.bottom_reached) as reached:
        type_into(qtbot, grid, 2, "5")
    assert reached.args[0].row() == 2 and grid.currentIndex().row() == 2


def test_a_refused_value_keeps_the_cursor(qtbot, grid: NumberGridView) -> None:
    grid.model().refuse = True
    with qtbot.assertNotEmitted(grid.bottom_reached):
        type_into(qtbot, grid, 0, "x")
    assert grid.currentIndex().row() == 0


@pytest.mark.parametrize(
    "value, blank_zero, text", [(1729838, False, "1,729,838"), (0, False, "0"), (0, True, ""), (None, False, "")]
)
def test_format_number(value: int | None, blank_zero: bool, text: str) -> None:
    assert format_number(value, blank_zero=blank_zero) == text

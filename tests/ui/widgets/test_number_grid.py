"""NumberGridView: Enter stores a cell and goes where the model says, or says it reached the bottom."""
from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from tests.ui.grid_typing import type_into
from ui.widgets.number_grid import NumberGridModel, NumberGridView, format_number


class Column(NumberGridModel):
    """Three cells in a column; the second takes no number, so Enter skips it."""

    def __init__(self) -> None:
        super().__init__()
        self.cells = ["", "合計", ""]
        self.refuse = False

    def grid_size(self) -> tuple[int, int]:
        return 3, 1

    def is_editable(self, row: int, column: int) -> bool:
        return row != 1

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self.cells[index.row()] if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole) else None

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


def test_enter_stores_and_goes_to_the_cell_the_model_names(qtbot, grid: NumberGridView) -> None:
    type_into(qtbot, grid, grid.model().index(0, 0), "12")
    assert grid.model().cells[0] == "12"
    assert grid.currentIndex().row() == 2  # the sum between was skipped


def test_enter_at_the_bottom_says_so(qtbot, grid: NumberGridView) -> None:
    with qtbot.waitSignal(grid.bottom_reached) as reached:
        type_into(qtbot, grid, grid.model().index(2, 0), "5")
    assert reached.args[0].row() == 2 and grid.currentIndex().row() == 2


def test_a_refused_value_keeps_the_cursor(qtbot, grid: NumberGridView) -> None:
    grid.model().refuse = True
    with qtbot.assertNotEmitted(grid.bottom_reached):
        type_into(qtbot, grid, grid.model().index(0, 0), "x")
    assert grid.currentIndex().row() == 0


@pytest.mark.parametrize(
    "value, blank_zero, text", [(1729838, False, "1,729,838"), (0, False, "0"), (0, True, ""), (None, False, "")]
)
def test_format_number(value: int | None, blank_zero: bool, text: str) -> None:
    assert format_number(value, blank_zero=blank_zero) == text

"""What the registers' screen tests share: waiting for a list's read, reading its cells, typing
a date, and the checks every register's list and form must pass (tests only)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from tests.ui.op_gate import RELEASE_S, Gate, assert_the_loop_runs
from ui.ops import op_runner
from ui.widgets.record_list import RecordDialog, RecordListPage
from ui.widgets.roc_date_edit import RocDateEdit

D = TypeVar("D", bound=QDialog)
P = TypeVar("P", bound=RecordListPage[Any, Any])


def listed() -> None:
    """Until the list asked for has been read and is shown (the read runs on the ops' worker)."""
    assert op_runner().wait_idle(RELEASE_S)


def cells(page: RecordListPage[Any, Any]) -> list[list[str]]:
    model = page.model
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def open_dialogs(page: RecordListPage[Any, Any], kind: type[D]) -> list[D]:
    return [dialog for dialog in page.findChildren(kind) if dialog.isVisible()]


def choose_period(qtbot: QtBot, page: RecordListPage[Any, Any], text: str) -> None:
    """Type a period in the filter row and press Enter; until the list is read."""
    edit = page.filter_bar.period_bar.period_edit
    edit.setText(text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    listed()


def type_date(qtbot: QtBot, edit: RocDateEdit, text: str) -> None:
    edit.lineEdit().clear()
    qtbot.keyClicks(edit.lineEdit(), text)
    edit.lineEdit().editingFinished.emit()  # as leaving the field does


def assert_said_beside(dialog: RecordDialog[Any], field: str, message: str | None) -> None:
    """The refusal is under ``field`` alone (``message``, or any text when None), none at the
    bottom, the dialog open with the focus in that field."""
    shown = dialog.field_messages[field]
    assert shown.isVisible() and shown.text()
    if message is not None:
        assert shown.text() == message
    assert [f for f, label in dialog.field_messages.items() if label.text()] == [field]  # beside that field alone
    assert dialog.message.text() == ""  # not on one line at the bottom
    assert dialog.isVisible()
    widget, focus = dialog.field_widgets()[field], dialog.focusWidget()  # the dialog's own focus
    assert focus is widget or widget.isAncestorOf(focus)


def assert_one_dialog_per_activation(qtbot: QtBot, page: RecordListPage[Any, Any], row: int, kind: type[D]) -> None:
    """A double click (after its first press), Enter while it is open, and 修改 again open one
    dialog; after it is closed, the next activation opens the next."""
    built: list[QDialog] = []
    real = page.create_dialog
    page.create_dialog = lambda record: built.append(real(record)) or built[-1]  # type: ignore[method-assign]
    centre = page.table.visualRect(page.model.index(row, 0)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # a double click's first press
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert len(built) == 1 and len(open_dialogs(page, kind)) == 1
    page.table.activated.emit(page.model.index(row, 0))  # Enter on the row while it is open
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert len(built) == 1 and len(open_dialogs(page, kind)) == 1
    built[0].reject()
    page.table.activated.emit(page.model.index(row, 0))
    assert len(built) == 2 and len(open_dialogs(page, kind)) == 1


def answer_void_reasons(monkeypatch: pytest.MonkeyPatch, *reasons: str) -> list[str]:
    """作廢's question answered with ``reasons`` in turn; the prompts asked, to look at."""
    asked: list[str] = []

    def answer(parent: object, title: str, prompt: str, *rest: object) -> tuple[str, bool]:
        asked.append(prompt)
        return reasons[min(len(asked), len(reasons)) - 1], True

    monkeypatch.setattr("ui.widgets.record_actions.QInputDialog.getText", answer)
    return asked


def assert_read_on_the_worker(qtbot: QtBot, make_page: Callable[[], P], gate: Gate) -> P:
    """The page's list is read on the ops' worker (held at ``gate``) while the window answers,
    then shown; the page, its list read."""
    page = make_page()
    qtbot.addWidget(page)
    page.show()
    assert gate.reached.wait(RELEASE_S)  # the read is on the worker, held there
    assert_the_loop_runs(qtbot, page)
    assert page.count_label.text() == "讀取中…" and page.model.rowCount() == 0
    gate.open()
    listed()
    return page


def assert_refused_to(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, make_page: Callable[[], P], message: str
) -> P:
    """A page built for someone else (the screen is the secretary's alone): the domain refuses
    the read, the refusal is said, and nothing is listed."""
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.widgets.record_list.show_problem", lambda parent, exc: shown.append(exc))
    page = make_page()
    qtbot.addWidget(page)
    listed()
    assert [str(exc) for exc in shown] == [message] and page.model.rowCount() == 0
    return page

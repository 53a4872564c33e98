"""What every register tab's tests check the same way (tests only): the list read on the
ops' worker, a refusal said beside its field with nothing written, 作廢 asking for a reason,
and one dialog per activation."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from tests.ui.op_gate import RELEASE_S, Gate, assert_the_loop_runs
from ui.ops import op_runner
from ui.widgets.record_list import RecordDialog, RecordListPage
from ui.widgets.roc_date_edit import RocDateEdit

D = TypeVar("D", bound=RecordDialog[Any])
P = TypeVar("P", bound=RecordListPage[Any, Any])
SECRETARY_ONLY = "這項工作需要研考登入。"


def shown(qtbot: QtBot, page: P) -> P:
    """``page`` on the screen at the desk's width, its first list read."""
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    listed()
    return page


def assert_models_pass_modeltester(qtmodeltester: Any, page: RecordListPage[Any, Any], rows: int) -> None:
    """The page's model read again holding ``rows``, and an empty model of its kind, both pass
    Qt's model tester."""
    page.refresh()
    listed()
    assert page.model.rowCount() == rows
    qtmodeltester.check(page.model)
    qtmodeltester.check(type(page.model)())


def listed() -> None:
    """Until the list asked for has been read and is shown."""
    assert op_runner().wait_idle(RELEASE_S)


def cells(page: RecordListPage[Any, Any]) -> list[list[str]]:
    model = page.model
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def listed_ids(page: RecordListPage[Any, Any]) -> list[int]:
    return [page.model.record_at(r).id for r in range(page.model.rowCount())]


def open_dialogs(page: RecordListPage[Any, Any], kind: type[D]) -> list[D]:
    return [dialog for dialog in page.findChildren(kind) if dialog.isVisible()]


def choose_period(qtbot: QtBot, page: RecordListPage[Any, Any], text: str) -> None:
    """The period typed in the filter row and confirmed with Enter; until it is listed."""
    edit = page.filter_bar.period_bar.period_edit
    edit.setText(text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    listed()


def type_date(qtbot: QtBot, edit: RocDateEdit, text: str) -> None:
    edit.lineEdit().clear()
    qtbot.keyClicks(edit.lineEdit(), text)
    edit.lineEdit().editingFinished.emit()  # as leaving the field does


def assert_refused_beside(
    qtbot: QtBot, dialog: RecordDialog[Any], field: str, message: str | None, written: Callable[[], object],
    button: QAbstractButton | None = None,
) -> None:
    """儲存 (or ``button``) is refused: the message (``None``: any) under ``field`` alone, none
    at the bottom, the dialog open with the focus in that field, and ``written()`` as it was."""
    before = written()
    qtbot.mouseClick(button or dialog.ok_button, Qt.MouseButton.LeftButton)
    listed()  # a refusal that comes from the worker has come back
    shown = dialog.field_messages[field]
    assert shown.isVisible() and shown.text()
    if message is not None:
        assert shown.text() == message
    assert [f for f, label in dialog.field_messages.items() if label.text()] == [field]  # beside that field alone
    assert dialog.message.text() == ""  # not on one line at the bottom
    assert dialog.isVisible() and written() == before
    widget, focus = dialog.field_widgets()[field], dialog.focusWidget()  # the dialog's own focus
    assert focus is widget or widget.isAncestorOf(focus)


def answer_void(monkeypatch: pytest.MonkeyPatch, reason: str) -> list[str]:
    """作廢's question answered blank first, then ``reason``; the prompts asked, in order."""
    asked: list[str] = []

    def answer(parent, title, prompt, *rest):  # noqa: ANN001, ANN202
        asked.append(prompt)
        return ("" if len(asked) == 1 else reason, True)

    monkeypatch.setattr("ui.widgets.record_actions.QInputDialog.getText", answer)
    return asked


def assert_one_dialog_per_activation(
    qtbot: QtBot, page: RecordListPage[Any, Any], row: int, kind: type[RecordDialog[Any]]
) -> None:
    """A double click, Enter and 修改/新增 while a dialog is open build no second one; once it
    is closed, the next activation builds the next."""
    built: list[RecordDialog[Any]] = []
    real = page.create_dialog
    page.create_dialog = lambda record: built.append(real(record)) or built[-1]  # type: ignore[method-assign]
    centre = page.table.visualRect(page.model.index(row, 0)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # a double click's first press
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert len(built) == 1 and len(open_dialogs(page, kind)) == 1
    page.table.activated.emit(page.model.index(row, 0))  # Enter on the row while it is open
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert len(built) == 1 and len(open_dialogs(page, kind)) == 1
    built[0].reject()
    page.table.activated.emit(page.model.index(row, 0))
    assert len(built) == 2 and len(open_dialogs(page, kind)) == 1
    built[1].reject()


def assert_read_on_the_worker(qtbot: QtBot, make_page: Callable[[], P], gate: Gate, rows: int) -> P:
    """The page's list is read on the ops' worker (held at ``gate``) while the window answers;
    then its ``rows`` are shown and counted."""
    page = make_page()
    qtbot.addWidget(page)
    page.show()
    assert gate.reached.wait(RELEASE_S)  # the read is on the worker, held there
    assert_the_loop_runs(qtbot, page)
    assert page.count_label.text() == "讀取中…" and page.model.rowCount() == 0
    gate.open()
    listed()
    assert page.model.rowCount() == rows and page.count_label.text() == f"共 {rows:,} 筆"
    return page


def assert_refused_to_all_but_the_secretary(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, make_page: Callable[[], P], message: str = SECRETARY_ONLY
) -> P:
    """The screen is the secretary's alone (F11); were it built for anyone else, the domain
    still refuses the read, the refusal (``message``) is said once, and nothing is listed."""
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.widgets.record_list.show_problem", lambda parent, exc: shown.append(exc))
    page = make_page()
    qtbot.addWidget(page)
    listed()
    assert [str(exc) for exc in shown] == [message] and page.model.rowCount() == 0
    return page

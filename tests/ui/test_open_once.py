"""A double click (or Enter) on a list's row opens that record once, on every list.

Qt emits ``activated`` for a double click as well as for Enter; a screen that also listened
to ``doubleClicked`` opened the edit window twice: after saving, the same window came back
with the new value, and Esc showed a second copy."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTableView
from pytestqt.qtbot import QtBot

from models.accounts import Role, User
from models.users import create_user
from tests.ui.service.test_payments import make_page, take
from tests.ui.survey.test_desk import key_form, make_desk

UI = Path(__file__).resolve().parents[2] / "ui"


def double_click_first_row(qtbot: QtBot, table: QTableView) -> None:
    table.setFocus()
    centre = table.visualRect(table.model().index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every edit window shown modally, by its title; each is closed at once (Esc)."""
    shown: list[str] = []

    def exec_(dialog: QDialog) -> int:
        shown.append(dialog.windowTitle())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QDialog, "exec", exec_)
    return shown


def test_the_survey_batch_list_opens_a_form_once(qtbot: QtBot, volunteer: User, opened: list[str]) -> None:
    desk = make_desk(qtbot, volunteer)
    key_form(qtbot, desk, "1111111111" + "1")
    double_click_first_row(qtbot, desk.table)
    assert len(opened) == 1
    qtbot.keyClick(desk.table, Qt.Key.Key_Return)  # Enter on the row opens it too — once
    assert len(opened) == 2


def test_the_payment_list_opens_a_payment_once(qtbot: QtBot, secretary: User, opened: list[str]) -> None:
    duty = create_user(secretary, "李輪值", Role.DUTY)
    page = make_page(qtbot, duty)
    take(qtbot, page, "1500")
    double_click_first_row(qtbot, page.table)
    assert len(opened) == 1


def test_no_screen_listens_to_double_clicks_as_well() -> None:
    """The class of the fault: a list opens its rows on ``activated`` alone."""
    listening = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "doubleClicked":
                listening.append(f"{path.relative_to(UI.parent)}:{node.lineno}")
    assert listening == []

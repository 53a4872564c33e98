"""The program's window on a copy of the demo ledger (the reference's 106H1), as the secretary
meets it at 1366×768: the day's check line and the registers' notice above her screens.

The figure screens are checked here for what the secretary sees of them: every row of a table
inside the part of the screen that shows it (``hidden_rows``), in either print.
"""
from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QApplication, QTableView, QWidget
from pytestqt.qtbot import QtBot

from models.accounts import User
from models.db import db
from models.demo import DEMO_SECRETARY, create_demo
from models.storage import open_ledger
from tests.ui.fit_checks import open_logged_in, settle
from ui import settings
from ui.admin.backup_view import DailyOutcome, database_key
from ui.main_window import MainWindow
from ui.ops import op_runner

RELEASE_S = 30
# The daily check's line as the demo's morning wrote it: two lines in large print.
CHECK_TEXT = "稽核紀錄完整（1,556 筆稽核紀錄、1,570 筆資料相符，資料庫檔案完好）"
BACKUP_TEXT = "今天的自動備份已完成：demo-2026-12-01.db"


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-window") / "demo.db"
    database = open_ledger(path, create=True)
    create_demo()
    database.close()
    return path


@pytest.fixture
def demo_secretary(demo_file: Path, tmp_path: Path) -> Iterator[User]:
    """The demo's 研考 on a copy of the demo ledger, its day's check already done."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_file, copy)
    database = open_ledger(copy)
    outcome = DailyOutcome(dt.date.today().isoformat(), True, CHECK_TEXT, (), BACKUP_TEXT)
    settings.set_daily_check(database_key(db.obj), outcome.as_stored())
    yield User.get(User.name == DEMO_SECRETARY)
    database.close()


def open_demo_window(qtbot: QtBot, secretary: User, *, large: bool) -> MainWindow:
    """The window with the day's parts, the secretary logged in, in the print asked for."""
    window = open_logged_in(qtbot, secretary, large=large, daily_work=True)
    settled(window)
    return window


def settled(window: QWidget) -> None:
    """The reads done (the registers' notices, a screen's figures) and the layout settled."""
    assert op_runner().wait_idle(RELEASE_S)
    settle(window)
    QApplication.processEvents()


def open_screen(window: MainWindow, key: str) -> QWidget:
    """Press the screen's button on the bar, as the secretary does."""
    workspace = window.workspace
    workspace.buttons.button([screen.key for screen in workspace.screens].index(key)).click()
    settled(window)
    return workspace.stack.currentWidget()


def show_period(qtbot: QtBot, secretary: User, key: str, *, large: bool) -> tuple[MainWindow, QWidget]:
    """The window with the figures screen ``key`` showing 106H1, typed and confirmed with Enter."""
    window = open_demo_window(qtbot, secretary, large=large)
    page = open_screen(window, key)
    page.period_edit.setText("106H1")
    qtbot.keyClick(page.period_edit, Qt.Key.Key_Return)
    settled(window)
    return window, page


def hidden_rows(table: QTableView) -> list[int]:
    """The rows not wholly in sight: outside the table's viewport (behind its scroll bar) or
    outside the part of the window that shows the table (a page scrolled away, the screen's edge)."""
    viewport = table.viewport()
    shown = viewport.visibleRegion()
    model = table.model()
    hidden = []
    for row in range(model.rowCount()):
        first = table.visualRect(model.index(row, 0))
        last = table.visualRect(model.index(row, model.columnCount() - 1))
        whole = first.united(last)
        if whole.isEmpty() or not viewport.rect().contains(whole) or not QRegion(whole).subtracted(shown).isEmpty():
            hidden.append(row)
    return hidden

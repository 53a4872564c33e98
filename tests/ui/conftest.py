"""Screens run their reads as ops on the one worker thread, shared by the whole run, and
speak through the translator the program installs.

After each test, before its fixtures close the database and the widgets, every op the test
started is finished and handed over: none may reach the next test's database, or a screen
that pytest-qt already closed. A test that leaves the worker busy fails here.
"""
from __future__ import annotations

from collections.abc import Generator, Iterator

import pytest
from PySide6.QtWidgets import QApplication

from ui.app import install_qt_translation
from ui.ops import op_runner
from ui.widgets.keys import install_enter_for_buttons
from ui.settings import DEFAULT_FONT_POINT_SIZE
from ui.style import apply_app_font

SETTLE_S = 30


@pytest.fixture(scope="session", autouse=True)
def qt_words(qapp: QApplication) -> None:
    """Qt's own words through the program's translator, as the program has them: a translator
    that swallowed the program's words (every label blank) fails every screen's test."""
    install_qt_translation(qapp)
    install_enter_for_buttons(qapp)  # Enter presses a button that has the keys, as in the program


@pytest.fixture
def app_font() -> Iterator[QApplication]:
    """The font the program starts with; afterwards the test run's own, in normal print."""
    app = QApplication.instance()
    saved = app.font()
    apply_app_font(app, DEFAULT_FONT_POINT_SIZE)
    yield app
    apply_app_font(app, DEFAULT_FONT_POINT_SIZE)  # normal print again
    app.setFont(saved)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    idle = QApplication.instance() is None or op_runner().wait_idle(SETTLE_S)
    result = yield
    if not idle:
        raise AssertionError(f"{item.nodeid} left the worker busy for more than {SETTLE_S} s")
    return result

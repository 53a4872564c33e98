"""The compact window (精簡模式) inside the program's window at 1366×768: every message said
whole with the longest category name in both prints, and the desk's keys (F12 換人, Ctrl+M)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from models.accounts import Role, User
from models.users import create_user
from tests.ui.fit_checks import text_problems
from tests.ui.service.counter.test_desk import counter_window, elided, every_kind_of_message, live_events
from ui.service.counter.compact import COMPACT_KEY, CompactCounter


@pytest.fixture
def operator(secretary: User) -> User:
    return create_user(secretary, "張總機", Role.OPERATOR)


def settled(compact: CompactCounter) -> None:
    for _ in range(3):
        QApplication.processEvents()


def strip_places(compact: CompactCounter) -> dict[str, QRect]:
    """Where the strip's buttons are on the screen: what a hand aims at."""
    widgets: dict[str, QWidget] = {"取消上一筆": compact.undo_button, "回到完整畫面": compact.back_button}
    widgets.update({button.category.shortcut: button for button in compact.pad.buttons})
    return {name: QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size()) for name, widget in widgets.items()}


@pytest.mark.parametrize("large", [True, False], ids=["large print", "normal print"])
def test_every_message_of_the_compact_window_shows_whole(
    qtbot: QtBot, app_font: QApplication, secretary: User, operator: User, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    """Said in full, in lines under the buttons: the strip grows downwards, its buttons stay put."""
    _window, desk = counter_window(qtbot, secretary, operator, large)
    compact = desk.enter_compact_mode()
    settled(compact)
    width, before = compact.width(), strip_places(compact)
    keys = len(compact.pad.buttons)

    def press(key: object, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(compact, key, modifier)

    said = []
    for text in every_kind_of_message(press, desk, secretary, monkeypatch):
        settled(compact)
        said.append(text)
        assert compact.status.text() == text
        assert text_problems(compact) == [], text
        assert elided(compact, text) == [], text
        assert compact.status.geometry().bottom() < compact.height(), text  # inside the strip
        assert compact.width() == width, text
        if len(compact.pad.buttons) == keys:  # (the last one retires F: a button fewer)
            assert strip_places(compact) == before, text
    assert len(said) == 14  # every kind was said
    press(Qt.Key.Key_Escape)
    desk.leave_compact_mode()
    desk.enter_compact_mode()
    settled(compact)
    assert compact.status.text() == "" and compact.width() == width


@pytest.mark.parametrize("large", [True, False], ids=["large print", "normal print"])
def test_f12_in_the_compact_window_switches_user_as_on_the_desk(
    qtbot: QtBot, app_font: QApplication, secretary: User, operator: User, large: bool
) -> None:
    window, desk = counter_window(qtbot, secretary, operator, large)
    compact = desk.enter_compact_mode()
    compact.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is compact)
    qtbot.keyClick(compact, Qt.Key.Key_F12)
    assert not compact.isVisible()
    assert window.isVisible() and not window.isMinimized()
    assert window.workspace is None and window.pages.currentWidget() is window.choose_user


def test_the_compact_key_goes_back_to_the_full_desk(qtbot: QtBot, app_font: QApplication, secretary: User, operator: User) -> None:
    window, desk = counter_window(qtbot, secretary, operator, False)
    compact = desk.enter_compact_mode()
    compact.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is compact)
    assert COMPACT_KEY in compact.back_button.toolTip()
    qtbot.keyClick(compact, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert not compact.isVisible()
    assert window.isVisible() and not window.isMinimized() and window.workspace is not None
    assert live_events() == []  # a command, never a person counted

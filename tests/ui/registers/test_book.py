"""登記簿 (F11): a tab per register, declared by the register's own module, built when first
shown, reached by keys; and the line above the secretary's screens where registers say what is
waiting (the overdue petitions)."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from models.accounts import Role, User
from models.registers.petitions import Petition, PetitionInput, close_petition, register_petition
from models.users import create_user
from tests.ui.op_gate import RELEASE_S
from ui.features import ScreenContext, WindowPart, load_features
from ui.main_window import Workspace
from ui.ops import op_runner
from ui.registers.book import (
    NoticeLine,
    RegisterBook,
    RegisterNotice,
    RegisterNotices,
    RegisterShelf,
    RegisterTab,
    load_registers,
)
from ui.registers.petitions import PetitionsPage

LONG_AGO = dt.date.today() - dt.timedelta(days=45)


class Page(QLabel):
    """A register's page as the book sees it: a widget that reads again when shown, and that
    lets the book go unless it holds what it cannot keep (``stays``)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.activations = 0
        self.stays = False
        self.asked_to_leave = 0

    def activate(self) -> None:
        self.activations += 1

    def leave(self) -> bool:
        self.asked_to_leave += 1
        return not self.stays


def shelf_of(*names: str) -> tuple[RegisterShelf, dict[str, Page]]:
    shelf, built = RegisterShelf(), {}

    def factory(name: str):  # noqa: ANN202
        def make(context: ScreenContext) -> Page:
            built[name] = Page(name)
            return built[name]

        return make

    for position, name in enumerate(names, start=1):
        shelf.add(RegisterTab(name, name, position * 10, factory(name)))  # places need not follow on
    return shelf, built


@pytest.fixture
def book(qtbot: QtBot, secretary: User) -> tuple[RegisterBook, dict[str, Page]]:
    shelf, built = shelf_of("甲", "乙", "丙")
    widget = RegisterBook(ScreenContext(secretary, lambda: None), shelf)
    qtbot.addWidget(widget)
    widget.show()
    return widget, built


def test_each_tab_is_built_the_first_time_it_is_shown(book: tuple[RegisterBook, dict[str, Page]]) -> None:
    widget, built = book
    assert [widget.tabs.tabText(i) for i in range(widget.tabs.count())] == ["甲  Alt+1", "乙  Alt+2", "丙  Alt+3"]
    assert list(built) == ["甲"]
    widget.tabs.setCurrentIndex(2)
    assert list(built) == ["甲", "丙"] and built["丙"].activations == 1
    widget.tabs.setCurrentIndex(0)
    widget.tabs.setCurrentIndex(2)
    assert list(built) == ["甲", "丙"] and built["丙"].activations == 2  # built once, read again when shown
    widget.activate()  # F11 pressed again: the tab shown reads again
    assert built["丙"].activations == 3


def test_a_tab_holding_what_it_cannot_keep_is_not_left(qtbot: QtBot, secretary: User) -> None:
    """每月數據 with a value it cannot save: neither another tab, nor another screen, nor 換人
    takes the secretary away from it until she corrects or discards it."""
    shelf, built = shelf_of("甲", "乙")
    book = RegisterBook(ScreenContext(secretary, lambda: None), shelf)
    qtbot.addWidget(book)
    book.show()
    built["甲"].stays = True
    book.tabs.setCurrentIndex(1)
    assert book.tabs.currentIndex() == 0 and "乙" not in built and not book.leave()
    built["甲"].stays = False
    book.tabs.setCurrentIndex(1)
    assert book.tabs.currentIndex() == 1 and built["乙"].activations == 1 and book.leave()


def test_the_workspace_asks_the_screen_in_front_before_it_goes(qtbot: QtBot, secretary: User) -> None:
    workspace = Workspace(secretary)
    qtbot.addWidget(workspace)
    workspace.show()
    front = Page("每月數據")
    front.stays = True
    home = workspace.stack.currentWidget()
    workspace.stack.addWidget(front)
    workspace.stack.setCurrentWidget(front)
    workspace.pages[workspace.home] = front  # as if the book were the screen shown
    switched: list[None] = []
    workspace.switch_user.connect(lambda: switched.append(None))
    workspace.switch_shortcut.activated.emit()  # F12
    workspace.switch_button.click()
    other = next(index for index in range(len(workspace.screens)) if index != workspace.home)
    workspace.buttons.button(other).click()
    assert switched == [] and workspace.stack.currentWidget() is front and front.asked_to_leave == 3
    assert workspace.buttons.checkedId() == workspace.home
    front.stays = False
    workspace.switch_button.click()
    assert switched == [None]
    del home


def test_the_keys_reach_every_tab(qtbot: QtBot, book: tuple[RegisterBook, dict[str, Page]]) -> None:
    widget, built = book
    widget.activateWindow()
    built["甲"].setFocus()
    qtbot.keyClick(built["甲"], Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert widget.tabs.currentIndex() == 1
    qtbot.keyClick(widget.tabs.currentWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert widget.tabs.currentIndex() == 2
    qtbot.keyClick(widget.tabs.currentWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert widget.tabs.currentIndex() == 0  # round again
    qtbot.keyClick(widget.tabs.currentWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert widget.tabs.currentIndex() == 2 and sorted(built) == ["丙", "乙", "甲"]


def test_the_shelf_refuses_a_clash() -> None:
    shelf, _ = shelf_of("甲")
    with pytest.raises(ValueError, match="declared twice"):
        shelf.add(RegisterTab("甲", "別的", 99, lambda context: QWidget()))
    with pytest.raises(ValueError, match="place 10 is '甲'"):
        shelf.add(RegisterTab("乙", "乙", 10, lambda context: QWidget()))
    assert [tab.key for tab in shelf.tabs()] == ["甲"]


def test_a_register_declares_its_own_tab_and_the_secretary_alone_has_the_book() -> None:
    tabs = load_registers().tabs()
    assert [(tab.key, tab.title, tab.position) for tab in tabs][:1] == [("petitions", "陳情案件", 1)]
    assert tabs[0].notice is not None
    registry = load_features()
    assert [s.key for s in registry.screens_for(Role.SECRETARY)][-1] == "registers"
    assert registry.screens_for(Role.SECRETARY)[-1].key_name == "F11"
    for role in (Role.VOLUNTEER, Role.OPERATOR, Role.DUTY):
        assert "registers" not in [s.key for s in registry.screens_for(role)]


def test_the_real_book_opens_on_the_petitions_with_the_focus_in_its_list(qtbot: QtBot, secretary: User) -> None:
    widget = RegisterBook(ScreenContext(secretary, lambda: None))
    qtbot.addWidget(widget)
    widget.show()
    widget.activate()  # as F11 does
    page = widget.page_for("petitions")
    assert isinstance(page, PetitionsPage)
    assert widget.focusWidget() is page.table  # arrows move in the list, Enter opens a case
    assert op_runner().wait_idle(RELEASE_S)


# ---------------------------------------------------------------- the line of notices


def notices_for(qtbot: QtBot, user: User) -> tuple[RegisterNotices, Workspace]:
    owner = QObject()
    notices = RegisterNotices(owner)
    notices.logged_in(user)  # as the window does before it builds the user's screens
    workspace = Workspace(user, parts=[notices])
    qtbot.addWidget(workspace)
    workspace._owner = owner  # type: ignore[attr-defined]  # kept alive with the workspace
    workspace.resize(1366, 740)
    workspace.show()
    assert op_runner().wait_idle(RELEASE_S)
    return notices, workspace


def notice_line(workspace: Workspace) -> QLabel:
    [line] = workspace.findChildren(NoticeLine)
    return line


def test_the_secretary_s_first_screen_says_how_many_cases_are_overdue(qtbot: QtBot, secretary: User) -> None:
    overdue = register_petition(secretary, PetitionInput(LONG_AGO, "phone", "rights", "逾期的案件"))
    register_petition(secretary, PetitionInput(LONG_AGO, "oral", "inquiry", "另一件逾期"))
    register_petition(secretary, PetitionInput(dt.date.today(), "oral", "inquiry", "今天收的"))
    notices, workspace = notices_for(qtbot, secretary)
    line = notice_line(workspace)
    assert workspace.stack.currentWidget() is workspace.screen_widget("survey")  # her first screen
    assert line.isVisible()
    assert line.text() == "⚠ 有 2 件陳情案件已過辦理期限還沒結案：按 F11 登記簿，狀態選「逾期未結」"
    close_petition(secretary, overdue, dt.date.today())
    book = workspace.screen_widget("registers")
    page = book.page_for("petitions")
    page.records_changed.emit()  # what the page says after a save or a void
    assert op_runner().wait_idle(RELEASE_S)
    assert line.text().startswith("⚠ 有 1 件")
    close_petition(secretary, Petition.get(Petition.summary == "另一件逾期"), dt.date.today())
    notices.refresh()
    assert op_runner().wait_idle(RELEASE_S)
    assert not line.isVisible() and line.text() == ""  # nothing waiting: nothing said


def test_nothing_overdue_says_nothing_and_a_clerk_has_no_line(qtbot: QtBot, secretary: User) -> None:
    _, workspace = notices_for(qtbot, secretary)
    assert not notice_line(workspace).isVisible()
    clerk = create_user(secretary, "陳志工", Role.VOLUNTEER)
    register_petition(secretary, PetitionInput(LONG_AGO, "phone", "rights", "逾期的案件"))
    notices, clerk_space = notices_for(qtbot, clerk)
    assert notices.lines == [] and clerk_space.findChildren(NoticeLine) == []
    assert notices.refresh() is None  # nothing is counted for a clerk: the count is the secretary's


def test_a_notice_read_that_fails_is_said_on_the_line(qtbot: QtBot, secretary: User) -> None:
    from models.errors import DatabaseLocked

    def locked(user: User) -> int:
        raise DatabaseLocked("資料庫正由另一台電腦寫入中，請稍後再試。")

    shelf = RegisterShelf()
    shelf.add(RegisterTab("x", "x", 1, lambda context: QWidget(), notice=RegisterNotice(locked, "{n} 件")))
    owner = QObject()
    notices = RegisterNotices(owner, shelf)
    notices.logged_in(secretary)
    assert op_runner().wait_idle(RELEASE_S)
    assert notices.problem == "登記簿的待辦事項讀不到：資料庫正由另一台電腦寫入中，請稍後再試。"


def test_the_first_screen_with_its_notice_still_fits_the_window(qtbot: QtBot, secretary: User) -> None:
    """The survey desk, the daily check's line and the notice line, at the size the program starts with."""
    from PySide6.QtWidgets import QApplication

    from ui.main_window import DEFAULT_SIZE
    from ui.settings import DEFAULT_FONT_POINT_SIZE
    from ui.style import apply_app_font

    register_petition(secretary, PetitionInput(LONG_AGO, "phone", "rights", "逾期的案件"))
    app = QApplication.instance()
    saved = app.font()
    apply_app_font(app, DEFAULT_FONT_POINT_SIZE)
    class CheckLine(WindowPart):  # the daily check's line, as long as it is on a good day
        def banner(self, user: User) -> QWidget:
            return QLabel("今日稽核檢查：稽核紀錄完整（1,423 筆稽核紀錄、1,432 筆資料相符，資料庫檔案完好）")

    try:
        owner = QObject()
        notices = RegisterNotices(owner)
        notices.logged_in(secretary)
        workspace = Workspace(secretary, parts=[CheckLine(owner), notices])
        qtbot.addWidget(workspace)
        workspace.show()
        assert op_runner().wait_idle(RELEASE_S)
        assert notice_line(workspace).isVisible()
        hint = workspace.minimumSizeHint()
        assert hint.width() <= 1366 - 16 and hint.height() <= DEFAULT_SIZE.height()
    finally:
        app.setFont(saved)

"""登記簿 (F11): the secretary's registers in one screen, a tab each, and their notices.

Each register declares its own tab in its own module (``ui/registers/<name>.py``)::

    register_tab(RegisterTab("petitions", "陳情案件", 1, petitions_page,
                             notice=RegisterNotice(overdue_count, "有 {n} 件陳情案件已過辦理期限還沒結案")))

and nothing else changes: ``load_registers()`` imports every module of this package once, so
the book, and the line its notices keep above the secretary's screens, find the new tab.
``position`` orders the tabs (a clash is refused, as two screens on one F-key are); Alt+1 …
open the tabs in that order and Ctrl+PgDn / Ctrl+PgUp step through them. A tab's page is built
the first time it is shown. A page that emits ``records_changed`` (every ``RecordListPage``
does) has the notices read again.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from models.accounts import User
from ui.features import ScreenContext, ScreenPage, WindowPart, may_leave
from ui.i18n import tr
from ui.ops import BackgroundOp
from ui.style import ERROR_TEXT, heading_font

PACKAGE = "ui.registers"
NOTICES_KEY = "register-notices"
NEXT_TAB, PREVIOUS_TAB = "Ctrl+PgDown", "Ctrl+PgUp"


@dataclass(frozen=True)
class RegisterNotice:
    """A line a register keeps above the secretary's screens while something needs doing."""

    count: Callable[[User], int]  # Qt-free (run on the ops' worker): how many things are waiting
    text: str  # with {n}; translated when shown; nothing is said while the count is 0


@dataclass(frozen=True)
class RegisterTab:
    key: str
    title: str  # as written here; translated when the tab is made
    position: int  # the tab's place in the book (1, 2 …)
    factory: Callable[[ScreenContext], ScreenPage]  # the tab's page (a QWidget), built on first show
    notice: RegisterNotice | None = None


class RegisterShelf:
    """Every declared register tab; refuses a second tab with a key or a place already taken."""

    def __init__(self) -> None:
        self._tabs: dict[str, RegisterTab] = {}

    def add(self, tab: RegisterTab) -> RegisterTab:
        if tab.key in self._tabs:
            raise ValueError(f"register tab {tab.key!r} is declared twice")
        taken = next((t for t in self._tabs.values() if t.position == tab.position), None)
        if taken is not None:
            raise ValueError(f"register tab {tab.key!r}: place {tab.position} is {taken.key!r}'s")
        self._tabs[tab.key] = tab
        return tab

    def tabs(self) -> list[RegisterTab]:
        return sorted(self._tabs.values(), key=lambda tab: tab.position)


SHELF = RegisterShelf()


def register_tab(tab: RegisterTab) -> RegisterTab:
    return SHELF.add(tab)


def load_registers(package: str = PACKAGE) -> RegisterShelf:
    """Import every module of the registers' package (a no-op after the first time)."""
    root = importlib.import_module(package)
    for info in pkgutil.iter_modules(root.__path__):
        importlib.import_module(f"{package}.{info.name}")
    return SHELF


class RegisterBook(QWidget):
    """The F11 screen: a tab per register, each built the first time it is shown."""

    def __init__(self, context: ScreenContext, shelf: RegisterShelf | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.declared = (shelf or load_registers()).tabs()
        self.pages: dict[int, QWidget] = {}  # the pages built so far, by tab index
        self.shown_tab = 0
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setFont(heading_font(self.font(), 1.05))
        for index, tab in enumerate(self.declared):
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 8, 0, 0)
            self.tabs.addTab(holder, f"{tr(tab.title)}  Alt+{index + 1}")
            self.tabs.setTabToolTip(index, tr("Alt+{n} 或 Ctrl+PgUp／Ctrl+PgDn 切換").format(n=index + 1))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.shortcuts = [self._shortcut(f"Alt+{index + 1}") for index in range(min(len(self.declared), 9))]
        self.next_shortcut, self.previous_shortcut = self._shortcut(NEXT_TAB), self._shortcut(PREVIOUS_TAB)
        self._connect_signals()
        if self.declared:
            self.page(0)

    def _shortcut(self, keys: str) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # this screen's keys only
        return shortcut

    def _connect_signals(self) -> None:
        self.tabs.currentChanged.connect(self._changed)
        for index, shortcut in enumerate(self.shortcuts):
            shortcut.activated.connect(lambda index=index: self.tabs.setCurrentIndex(index))
        self.next_shortcut.activated.connect(lambda: self.step(1))
        self.previous_shortcut.activated.connect(lambda: self.step(-1))

    def page(self, index: int) -> QWidget:
        """The page of tab ``index``, built now if this is the first time."""
        if index not in self.pages:
            page = self.declared[index].factory(self.context)
            if not isinstance(page, QWidget):
                raise TypeError(f"register tab {self.declared[index].key!r}: its factory gave no QWidget")
            self.tabs.widget(index).layout().addWidget(page)
            self.pages[index] = page
            changed = getattr(page, "records_changed", None)
            notices = self.context.part(RegisterNotices)
            if changed is not None and notices is not None:
                changed.connect(notices.refresh)
        return self.pages[index]

    def page_for(self, key: str) -> QWidget:
        return self.page([tab.key for tab in self.declared].index(key))

    def step(self, by: int) -> None:
        if self.declared:
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + by) % len(self.declared))

    def leave(self) -> bool:
        """Whether the tab in front lets the book go (ui.features.may_leave)."""
        page = self.pages.get(self.shown_tab)
        return page is None or may_leave(page)

    def _changed(self, index: int) -> None:
        """Another tab: only once the tab left lets it go, else back to that tab."""
        if index == self.shown_tab:
            return
        if not self.leave():
            with QSignalBlocker(self.tabs):
                self.tabs.setCurrentIndex(self.shown_tab)
            return
        self.shown_tab = index
        self._shown(index)

    def _shown(self, index: int) -> None:
        if index >= 0:
            self.page(index).activate()  # type: ignore[attr-defined]  # it reads again and takes the focus

    def activate(self) -> None:
        """The screen came to the front: the tab shown reads its list again."""
        if self.declared:
            self._shown(self.tabs.currentIndex())


class RegisterNotices(WindowPart):
    """What the registers say needs doing (overdue petitions …), on a line above the
    secretary's screens, the first one included: read at login and after a register's change."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None, shelf: RegisterShelf | None = None) -> None:
        super().__init__(parent)
        self.shelf = shelf
        self.user: User | None = None
        self.lines: list[str] = []
        self.problem = ""

    def logged_in(self, user: User) -> None:
        self.user, self.lines, self.problem = (user, [], "") if user.is_secretary else (None, [], "")
        self.changed.emit()
        self.refresh()

    def banner(self, user: User) -> QWidget | None:
        if not user.is_secretary:
            return None
        line = NoticeLine()
        line.follow(self)
        return line

    def refresh(self) -> BackgroundOp[list[tuple[str, int]]] | None:
        """Count again, off the window's thread (a newer count replaces one still waiting)."""
        if self.user is None:
            return None
        user = self.user
        notices = [tab.notice for tab in (self.shelf or load_registers()).tabs() if tab.notice is not None]

        def count() -> list[tuple[str, int]]:
            return [(notice.text, notice.count(user)) for notice in notices]

        return (
            BackgroundOp(self, count).replaces(NOTICES_KEY).success(self._counted).failure(self._not_counted).run()
        )

    def _counted(self, counts: list[tuple[str, int]]) -> None:
        self.lines = [tr(text).format(n=n) for text, n in counts if n]
        self.problem = ""
        self.changed.emit()

    def _not_counted(self, problem: Exception) -> None:
        self.problem = tr("登記簿的待辦事項讀不到：{reason}").format(reason=problem)
        self.changed.emit()


class NoticeLine(QLabel):
    """The line above the secretary's screens that says what the registers' notices say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_TEXT}; font-weight: bold;")  # as the daily check's line says a problem
        self.hide()

    def follow(self, notices: RegisterNotices) -> None:
        """Say what ``notices`` say now and whenever they change (until this line is deleted)."""
        self._notices = notices
        notices.changed.connect(self._show_notices)
        self._show_notices()

    def _show_notices(self) -> None:
        lines = [*self._notices.lines, *([self._notices.problem] if self._notices.problem else [])]
        self.setText("\n".join(f"⚠ {line}" for line in lines))
        self._show_if_said()

    def _show_if_said(self) -> None:
        # Never shown before it is placed in the window: without a parent it would open as one.
        if self.parent() is not None:
            self.setVisible(bool(self.text()))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange:
            self._show_if_said()
        return super().event(event)

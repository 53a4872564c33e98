"""The window: the start screen, then the screens the chosen user's role may use."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models.accounts import Role, User, has_users
from models.users import Login
from ui import settings
from ui.i18n import tr
from ui.login.start_screen import ChooseUserPage, FirstRunPage
from ui.style import ERROR_TEXT, heading_font

ALL_ROLES = frozenset(Role)
DEFAULT_SIZE = QSize(1366, 740)
MIN_WIDTH, MIN_HEIGHT = 1000, 600
SECRETARY = frozenset({Role.SECRETARY})
# The screen each role starts on: the job they sit down to do most.
HOME_SCREEN = {Role.VOLUNTEER: "survey", Role.OPERATOR: "counter", Role.DUTY: "payments", Role.SECRETARY: "survey"}


@dataclass(frozen=True)
class Screen:
    key: str
    title: str
    roles: frozenset[Role]
    build: Callable[[User], QWidget]
    function_key: int  # the same F-key for everyone who has the screen

    @property
    def key_name(self) -> str:
        return f"F{self.function_key}"


def available_screens() -> list[Screen]:
    # Imported here so the start screen appears without loading every screen's code.
    from ui.admin.backup_view import BackupView
    from ui.service.categories_view import CategoriesView
    from ui.service.counter.desk import CounterDesk
    from ui.service.month_grid import MonthGrid
    from ui.service.payments import NoonPayments
    from ui.service.summary import ServiceSummary
    from ui.admin.settings_view import SettingsView
    from ui.survey.statistics_view import StatisticsView
    from ui.survey.desk import SurveyDesk
    from ui.admin.users_view import UsersView

    return [
        Screen("survey", tr("問卷輸入"), ALL_ROLES, SurveyDesk, 1),
        Screen("counter", tr("計數"), frozenset({Role.OPERATOR, Role.VOLUNTEER, Role.DUTY}), CounterDesk, 2),
        Screen("payments", tr("中午收款"), frozenset({Role.DUTY, Role.SECRETARY}), NoonPayments, 3),
        Screen("statistics", tr("問卷統計"), SECRETARY, StatisticsView, 4),
        Screen("summary", tr("服務人數"), SECRETARY, ServiceSummary, 5),
        Screen("month_grid", tr("日誌補登"), SECRETARY, MonthGrid, 6),
        Screen("categories", tr("類別"), SECRETARY, CategoriesView, 7),
        Screen("users", tr("使用者"), SECRETARY, UsersView, 8),
        Screen("settings", tr("設定"), SECRETARY, SettingsView, 9),
        Screen("backup", tr("備份"), SECRETARY, BackupView, 10),
    ]


class Workspace(QWidget):
    """Screen buttons across the top (F1, F2, … switch), the screen below."""

    def __init__(
        self, user: User, on_switch_user: Callable[[], None], parent: QWidget | None = None, *, notices: list[str] = ()
    ) -> None:
        super().__init__(parent)
        self.user = user
        self.screens = [s for s in available_screens() if user.role_enum in s.roles]
        self.stack = QStackedWidget()
        self.buttons = QButtonGroup(self)
        self.shortcuts: list[QShortcut] = []
        bar = QHBoxLayout()
        for index, screen in enumerate(self.screens):
            button = QPushButton(f"{screen.title}  {screen.key_name}")
            button.setCheckable(True)
            button.setMinimumHeight(44)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.buttons.addButton(button, index)
            bar.addWidget(button)
            self.stack.addWidget(screen.build(user))
            self.shortcuts.append(QShortcut(QKeySequence(screen.key_name), self))
        bar.addStretch(1)
        self.who = QLabel()
        self.who.setFont(heading_font(self.font(), 1.1))
        # A name may have 20 characters; the bar must still fit 1366 pixels with every button,
        # so a long one gives up its middle (the role at the end stays) and hovering shows it all.
        room = self.who.fontMetrics().horizontalAdvance("林" * 8 + "（研考）")
        self.who.setText(self.who.fontMetrics().elidedText(user.display_name, Qt.TextElideMode.ElideMiddle, room))
        self.who.setToolTip(tr("目前使用者：{name}").format(name=user.display_name))
        self.switch_button = QPushButton(tr("換人  F12"))
        self.switch_shortcut = QShortcut(QKeySequence("F12"), self)
        self.switch_button.setMinimumHeight(44)
        self.switch_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bar.addWidget(self.who)
        bar.addWidget(self.switch_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        # What the person must hear first (wrong PINs since the last login, a PIN to renew).
        self.notice = QLabel("\n".join(notices))
        self.notice.setWordWrap(True)
        self.notice.setFont(heading_font(self.font(), 1.1))
        self.notice.setStyleSheet(f"color: {ERROR_TEXT};")
        self.notice.setVisible(bool(notices))
        layout.addWidget(self.notice)
        self.check_line = None  # the daily audit check's result, for the secretary
        if user.is_secretary:
            from ui.admin.backup_view import CheckLine

            self.check_line = CheckLine()
            self.check_line.hide()
            layout.addWidget(self.check_line)
        layout.addWidget(self.stack, 1)
        layout.setContentsMargins(8, 8, 8, 8)
        self._connect_signals(on_switch_user)
        self.home = [s.key for s in self.screens].index(HOME_SCREEN[user.role_enum])
        self.buttons.button(self.home).setChecked(True)
        self.stack.setCurrentIndex(self.home)

    def _connect_signals(self, on_switch_user: Callable[[], None]) -> None:
        self.buttons.idClicked.connect(self.show_screen)
        for index, shortcut in enumerate(self.shortcuts):
            shortcut.activated.connect(lambda i=index: self.show_screen(i))
        self.switch_button.clicked.connect(on_switch_user)
        self.switch_shortcut.activated.connect(on_switch_user)

    def show_screen(self, index: int) -> None:
        self.buttons.button(index).setChecked(True)
        self.stack.setCurrentIndex(index)
        page = self.stack.currentWidget()
        if hasattr(page, "activate"):
            page.activate()

    def screen_widget(self, key: str) -> QWidget:
        return self.stack.widget([s.key for s in self.screens].index(key))


class MainWindow(QMainWindow):
    def __init__(self, daily_work: bool = False) -> None:
        """``daily_work``: run the day's backup and audit check (the real program does)."""
        super().__init__()
        self.setWindowTitle(tr("為民服務紀錄簿"))
        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)
        self.first_run = FirstRunPage()
        self.choose_user = ChooseUserPage()
        self.workspace: Workspace | None = None
        self.pages.addWidget(self.first_run)
        self.pages.addWidget(self.choose_user)
        self._connect_signals()
        self._place()
        self.show_start()
        self.daily = None
        self.daily_outcome = None
        if daily_work:
            self._start_daily_work()

    def _start_daily_work(self) -> None:
        from models.db import db
        from ui.admin.backup_view import DailyWork

        self.daily = DailyWork(db.obj, self)
        self.daily_outcome = DailyWork.stored(db.obj)
        self.daily.finished_outcome.connect(self._daily_done)
        if self.daily.due():
            self.daily_outcome = None
            self.daily.start()

    def _daily_done(self) -> None:
        self.daily_outcome = self.daily.outcome
        self._show_daily()

    def _show_daily(self) -> None:
        line = self.workspace.check_line if self.workspace is not None else None
        if line is None or self.daily is None:
            return
        line.show_outcome(self.daily_outcome)
        line.show()

    def _place(self) -> None:
        """Where it was last time; otherwise, or if that was too small to work in (another
        screen, a half-closed window), as large as the screen allows."""
        geometry = settings.window_geometry()
        restored = geometry is not None and self.restoreGeometry(geometry)
        if not restored or self.width() < MIN_WIDTH or self.height() < MIN_HEIGHT:
            self.resize(self.screen().availableGeometry().size().boundedTo(DEFAULT_SIZE))

    def _connect_signals(self) -> None:
        self.first_run.created.connect(self.log_in)
        self.choose_user.chosen.connect(self.log_in)

    def show_start(self) -> None:
        if self.workspace is not None:
            self.pages.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        if has_users():
            self.choose_user.refresh()
            self.pages.setCurrentWidget(self.choose_user)
            # After the workspace is gone (F12), focus must wait for the page to be shown.
            QTimer.singleShot(0, self.choose_user, self.choose_user.focus_first)
        else:
            self.pages.setCurrentWidget(self.first_run)
            self.first_run.name_edit.setFocus()

    def log_in(self, who: User | Login) -> None:
        login = who if isinstance(who, Login) else Login(who)
        self.workspace = Workspace(login.user, self.show_start, notices=login.notices)
        self.pages.addWidget(self.workspace)
        self.pages.setCurrentWidget(self.workspace)
        self.workspace.show_screen(self.workspace.home)  # now visible, so keys reach it
        if self.daily is not None and login.user.is_secretary and not self.daily.isRunning() and self.daily.due():
            self.daily_outcome = None  # left open overnight: the secretary's first login checks
            self.daily.start()
        self._show_daily()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        settings.set_window_geometry(self.saveGeometry())
        if self.daily is not None:
            self.daily.wait()  # a backup being written is finished, not cut off
        super().closeEvent(event)

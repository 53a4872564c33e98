"""The window: the start screen, then the screens the chosen user's role may use."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models.accounts import User, has_users
from models.users import Login
from ui import settings
from ui.i18n import tr
from ui.login.start_screen import ChooseUserPage, FirstRunPage
from ui.style import ERROR_TEXT, heading_font, is_large_print, scaled, set_large_print
from ui.widgets.dialog_room import screen_room

if TYPE_CHECKING:
    from ui.features import ScreenPage, WindowPart

# The registry (ui.features, and through it every feature package's declarations) is loaded
# with the first login or the window's parts, not before the start screen: it has no part in it.
Part = TypeVar("Part", bound="WindowPart")

DEFAULT_SIZE = QSize(1366, 740)
MIN_WIDTH, MIN_HEIGHT = 1000, 600
BAR_MARGIN = 8  # around the workspace


class Workspace(QWidget):
    """Screen buttons across the top (F1, F2, … switch), the screen below.

    The registry says which screens the user's role has, in which order and on which key;
    each is built the first time it is shown (or asked for), the start screen at once.
    """

    # F12, 換人, or a screen that needs a new login (after a restore). A signal, so that the
    # workspace holds no reference to the window (see MainWindow.show_start).
    switch_user = Signal()
    # 大字 (Ctrl++) or 一般字 (Ctrl+-): the window stores the choice and rebuilds the workspace.
    print_chosen = Signal(bool)

    def __init__(
        self,
        user: User,
        parent: QWidget | None = None,
        *,
        notices: list[str] = (),
        parts: Sequence[WindowPart] = (),
    ) -> None:
        super().__init__(parent)
        self.user = user
        from ui.features import ScreenContext, load_features

        registry = load_features()
        self.screens = registry.screens_for(user.role_enum)
        self.context = ScreenContext(user, self.switch_user.emit, tuple(parts))
        self.pages: dict[int, QWidget] = {}  # the screens built so far, by place on the bar
        self.stack = QStackedWidget()
        self.buttons = QButtonGroup(self)
        self.shortcuts: list[QShortcut] = []
        bar = QHBoxLayout()
        for index, screen in enumerate(self.screens):
            # The key under the title: eleven screens, the name and 換人 fit 1366 pixels.
            button = QPushButton(f"{tr(screen.title)}\n{screen.key_name}")
            button.setCheckable(True)
            button.setMinimumHeight(scaled(44))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.buttons.addButton(button, index)
            bar.addWidget(button)
            self.shortcuts.append(QShortcut(QKeySequence(screen.key_name), self))
        bar.addStretch(1)
        self.who = QLabel()
        self.who.setFont(heading_font(self.font(), 1.1))
        # A name may have 20 characters; the bar must still fit 1366 pixels with every button,
        # so a long one gives up its middle (the role at the end stays) and hovering shows it all.
        room = self.who.fontMetrics().horizontalAdvance("林" * 7 + "（研考）")
        self.who.setText(self.who.fontMetrics().elidedText(user.display_name, Qt.TextElideMode.ElideMiddle, room))
        self.who.setToolTip(tr("目前使用者：{name}").format(name=user.display_name))
        self.switch_button = QPushButton(tr("換人") + "\nF12")
        self.switch_shortcut = QShortcut(QKeySequence("F12"), self)  # ui.features keeps F12 free
        self.switch_button.setMinimumHeight(scaled(44))
        self.switch_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # On every desk, so a volunteer switches it alone; the key is said on the button.
        large = is_large_print()
        self.print_button = QPushButton(tr("一般字\nCtrl+-") if large else tr("大字\nCtrl++"))
        self.print_button.setToolTip(tr("回到一般大小的字") if large else tr("字和按鈕放大（只對您自己，下次登入也記得）"))
        self.print_button.setMinimumHeight(scaled(44))
        self.print_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Ctrl+= as well: the + of the main keyboard is Shift+=, the keypad's is Ctrl++ itself.
        self.large_shortcuts = [QShortcut(QKeySequence(key), self) for key in ("Ctrl++", "Ctrl+=")]
        self.normal_shortcut = QShortcut(QKeySequence("Ctrl+-"), self)
        bar.addWidget(self.who)
        bar.addWidget(self.print_button)
        bar.addWidget(self.switch_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        if large:
            self._fit_large_bar(bar)
        # What the person must hear first (wrong PINs since the last login, a PIN to renew).
        self.notices = list(notices)
        self.notice = QLabel("\n".join(notices))
        self.notice.setWordWrap(True)
        self.notice.setFont(heading_font(self.font(), 1.1))
        self.notice.setStyleSheet(f"color: {ERROR_TEXT};")
        layout.addWidget(self.notice)
        self.notice.setVisible(bool(notices))  # in its layout first: shown alone, it would be a window
        banners = QVBoxLayout()  # lines the window's parts keep above every screen (the daily check)
        banners.setSpacing(0)  # close together: the secretary's first screen must still fit 768 pixels
        for part in parts:
            banner = part.banner(user)
            if banner is not None:
                banners.addWidget(banner)
        layout.addLayout(banners)
        layout.addWidget(self.stack, 1)
        layout.setContentsMargins(BAR_MARGIN, BAR_MARGIN, BAR_MARGIN, BAR_MARGIN)
        self._connect_signals()
        self.home = self.screens.index(registry.home_for(user.role_enum))
        self.buttons.button(self.home).setChecked(True)
        self.stack.setCurrentWidget(self.page(self.home))

    def _fit_large_bar(self, bar: QHBoxLayout) -> None:
        """Large print: every button on one line when the bar still fits the screen's width (a
        volunteer's few screens), so the desk below keeps a line's height; otherwise the keys
        stay under the titles and the name moves onto 換人, the room beside being gone."""
        captions = [(button, button.text()) for button in [*self.buttons.buttons(), self.print_button, self.switch_button]]
        for button, caption in captions:
            button.setText(caption.replace("\n", " "))
        bar.invalidate()
        margins = 2 * BAR_MARGIN
        if bar.sizeHint().width() + margins <= DEFAULT_SIZE.width():
            return
        for button, caption in captions:
            button.setText(caption)
        metrics = self.fontMetrics()
        name = metrics.elidedText(self.user.name, Qt.TextElideMode.ElideMiddle, metrics.horizontalAdvance("林" * 5))
        self.switch_button.setText(f"{name}\n{tr('換人')} F12")
        self.switch_button.setToolTip(self.who.toolTip())
        self.who.hide()

    def _connect_signals(self) -> None:
        self.buttons.idClicked.connect(self.show_screen)
        for index, shortcut in enumerate(self.shortcuts):
            shortcut.activated.connect(self.buttons.button(index).click)  # as if its button were pressed
        self.switch_button.clicked.connect(self.leave_for_start)
        self.switch_shortcut.activated.connect(self.leave_for_start)
        self.print_button.clicked.connect(lambda: self.choose_print(not is_large_print()))
        for shortcut in self.large_shortcuts:
            shortcut.activated.connect(lambda: self.choose_print(True))
        self.normal_shortcut.activated.connect(lambda: self.choose_print(False))

    def choose_print(self, large: bool) -> None:
        if large != is_large_print():
            self.print_chosen.emit(large)

    def page(self, index: int) -> QWidget:
        """The screen at ``index`` on the bar, built now if this is the first time."""
        if index not in self.pages:
            page = self.screens[index].factory(self.context)
            if not isinstance(page, QWidget):
                raise TypeError(f"screen {self.screens[index].key!r}: its factory gave no QWidget")
            self.pages[index] = page
            self.stack.addWidget(page)
        return self.pages[index]

    def may_leave(self) -> bool:
        """Whether the screen in front lets the workspace go (nothing typed is lost)."""
        from ui.features import may_leave

        return may_leave(self.stack.currentWidget())

    def leave_for_start(self) -> None:
        """F12, 換人: back to the start screen, once the screen in front lets it go."""
        if self.may_leave():
            self.switch_user.emit()

    def _light_shown(self) -> None:
        """Light again the button of the screen still shown (a click has lit another)."""
        self.buttons.button(self.current_index()).setChecked(True)

    def show_screen(self, index: int) -> None:
        if self.pages.get(index) is not self.stack.currentWidget() and not self.may_leave():
            self._light_shown()
            return
        try:
            page = self.page(index)  # may meet the server gone; the problem goes on to the user
        except BaseException:
            self._light_shown()
            raise
        self.buttons.button(index).setChecked(True)
        self.stack.setCurrentWidget(page)
        cast("ScreenPage", page).activate()

    def current_index(self) -> int:
        return next(i for i, built in self.pages.items() if built is self.stack.currentWidget())

    def screen_widget(self, key: str) -> QWidget:
        return self.page([s.key for s in self.screens].index(key))


class MainWindow(QMainWindow):
    def __init__(self, daily_work: bool = False) -> None:
        """``daily_work``: start the parts features keep for the whole window (the day's backup
        and audit check) at once, as tests of them do; most tests go without."""
        super().__init__()
        self.setWindowTitle(tr("為民服務紀錄簿"))
        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)
        self.first_run = FirstRunPage()
        self.choose_user = ChooseUserPage()
        self.workspace: Workspace | None = None
        self._leaving: Workspace | None = None
        self.pages.addWidget(self.first_run)
        self.pages.addWidget(self.choose_user)
        self._connect_signals()
        self._place()
        self.show_start()
        self.parts: list[WindowPart] = []
        if daily_work:
            self.start_parts()

    def start_parts(self) -> None:
        """Build the parts features keep for the whole window (the daily backup and check
        begins); once. The program calls it after the start screen is on the screen."""
        from ui.features import load_features

        if not self.parts:
            self.parts = [declared.factory(self) for declared in load_features().parts()]

    def part(self, kind: type[Part]) -> Part | None:
        return next((part for part in self.parts if isinstance(part, kind)), None)

    def _place(self) -> None:
        """Where it was last time; otherwise, or if that was too small to work in or will not
        lie on this screen (another screen, a half-closed window), maximised: at 1366×768 the
        window with its title bar is taller than the room above the task bar."""
        geometry = settings.window_geometry()
        restored = geometry is not None and self.restoreGeometry(geometry)
        if self.isMaximized():
            return
        room = screen_room(self)
        too_small = self.width() < MIN_WIDTH or self.height() < MIN_HEIGHT
        if not restored or too_small or not room.contains(self.geometry()):
            self.resize(room.size().boundedTo(DEFAULT_SIZE))  # the size it takes when un-maximised
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _connect_signals(self) -> None:
        self.first_run.created.connect(self.log_in)
        self.choose_user.chosen.connect(self.log_in)

    def _drop_workspace(self) -> None:
        if self.workspace is not None:
            self.pages.removeWidget(self.workspace)
            self.workspace.deleteLater()
            # Qt deletes it at the next turn of the event loop. Its Python side is kept until
            # the next switch, so it is never freed half-way through Qt's deletion of its
            # children (which crashed PySide 6 here when a screen held a reference outward).
            self._leaving = self.workspace
            self.workspace = None

    def show_start(self) -> None:
        self._drop_workspace()
        set_large_print(QApplication.instance(), False)  # the start screen is everyone's
        if has_users():
            self.choose_user.refresh()
            self.pages.setCurrentWidget(self.choose_user)
            # After the workspace is gone (F12), focus must wait for the page to be shown.
            QTimer.singleShot(0, self.choose_user, self.choose_user.focus_first)
        else:
            self.pages.setCurrentWidget(self.first_run)
            self.first_run.name_edit.setFocus()

    def log_in(self, who: User | Login) -> None:
        from models.settings import large_print

        login = who if isinstance(who, Login) else Login(who)
        for part in self.parts:
            part.logged_in(login.user)
        set_large_print(QApplication.instance(), large_print(login.user))  # the print they chose, on any PC
        workspace = self._open_workspace(login.user, login.notices)
        workspace.show_screen(workspace.home)

    def _open_workspace(self, user: User, notices: list[str]) -> Workspace:
        self.workspace = Workspace(user, notices=notices, parts=self.parts)
        self.workspace.switch_user.connect(self.show_start)
        self.workspace.print_chosen.connect(self.change_print)
        self.pages.addWidget(self.workspace)
        self.pages.setCurrentWidget(self.workspace)  # now visible, so keys reach it
        return self.workspace

    def change_print(self, large: bool) -> None:
        """Large print on or off for the user at the desk: stored as theirs, then the screens
        built again at that size, each with the work it held (a form half keyed, a stack)."""
        from models.errors import LedgerError
        from models.settings import set_large_print as store_large_print
        from ui.errors import show_problem
        from ui.features import hand_over, may_leave, take_over

        old = self.workspace
        shown = old.stack.currentWidget()
        if not hasattr(shown, "hand_over") and not may_leave(shown):
            return  # back to what was typed
        try:
            store_large_print(old.user, large)
        except LedgerError as exc:
            show_problem(self, exc)
            return
        work = {index: hand_over(page) for index, page in old.pages.items()}
        index, notices = old.current_index(), old.notices
        self._drop_workspace()
        set_large_print(QApplication.instance(), large)
        workspace = self._open_workspace(old.user, notices)
        for built, held in work.items():
            if held is not None:
                take_over(workspace.page(built), held)
        workspace.show_screen(index)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.workspace is not None and not self.workspace.may_leave():
            event.ignore()  # back to what was typed, to correct it
            return
        settings.set_window_geometry(self.saveGeometry())
        for part in self.parts:
            part.closing()
        super().closeEvent(event)

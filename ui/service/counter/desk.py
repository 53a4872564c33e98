"""The service counter (服務台計數): one key press per person served, counted all day.

The switchboard operator, the volunteers and the duty clerk each see the categories of their
role as large buttons with a letter key. A letter records one person; a number typed first
(the +N field) records a group; Ctrl+Z takes back the last one. The compact window carries
the same buttons in a small always-on-top strip, so the operator can keep counting while
working in other programs. Both windows read keys through one CounterState (state.py) and
show its buttons with one CategoryPad (pad.py): they cannot disagree about what a key does,
which group is waiting or what today's counts are.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QHideEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from models.accounts import User
from models.numbers import MAX_GROUP
from ui.i18n import tr
from ui.service.counter.compact import COMPACT_KEY, CompactCounter
from ui.service.counter.pad import CategoryPad
from ui.service.counter.state import GROUP_MAX_CHARS, Action, CounterState, Outcome, key_press
from ui.style import heading_font, scaled
from ui.widgets.banner import PADDING, ConfirmationBanner
from ui.widgets.messages import error_label
from ui.widgets.number_grid import format_number


# The room kept for what the desk says, in lines: the longest message (a refused group of the
# longest category name) takes two at 1366 pixels in either print; nothing moves when it comes.
MESSAGE_LINES = 2
BANNER_LINES = 2  # "F <a 40-character name> +500" in large print


def key_hint() -> str:
    return tr("按按鍵記 1 人次　一批人：先打人數（或按 +）再按按鍵　Ctrl+Z 取消上一筆")


class GroupEdit(QLineEdit):
    """The +N field: it shows the group the state holds; a letter sends it to that category.

    Keys go to the state first, as on the desk; what the state leaves alone (a minus sign,
    arrows, a paste) edits the text as in any field, and the state takes the text from there.
    """

    def __init__(self, state: CounterState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setMaxLength(GROUP_MAX_CHARS)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        # A Bopomofo input method would turn digit keys into ㄅㄉˇ…; numbers are typed raw here.
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        self.state.begin_group()  # typing here is typing a group, even before its first digit
        if not self.state.handle_key(key_press(event)):
            super().keyPressEvent(event)


class CounterDesk(QWidget):
    """The counter as a whole screen: large buttons, the +N field, undo, the compact switch.

    ``switch_user``: 換人, asked for by F12 in the compact window (whose keys the program's
    window never hears).
    """

    def __init__(self, user: User, parent: QWidget | None = None, *, switch_user: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.switch_user = switch_user
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # letter keys arrive here
        self.state = CounterState(user, self)
        # No Qt parent (an owned window would vanish with a minimised main window): it is
        # deleted when this desk is (see _connect_signals).
        self.compact = CompactCounter(self.state)
        self.refresh_note = ""

        self.title = QLabel(tr("服務台計數"))
        self.title.setFont(heading_font(self.font(), 1.5))
        self.total_label = QLabel()
        self.total_label.setFont(heading_font(self.font(), 1.2))
        self.total_label.setToolTip(tr("今天全中心所有項目、所有人的服務人次合計（總計服務人數）"))
        self.banner = ConfirmationBanner()

        self.pad = CategoryPad(self.state)
        self.empty_label = QLabel(tr(
            "「{role}」沒有要在服務台計數的項目。\n需要計數時，請洽研考在「類別」中為這個角色設定項目。"
        ).format(role=tr(user.role_enum.label)))
        self.empty_label.setFont(heading_font(self.font(), 1.2))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        self.group_edit = GroupEdit(self.state)
        self.group_edit.setPlaceholderText(tr("人數"))
        self.group_edit.setFixedWidth(self.group_edit.fontMetrics().horizontalAdvance("人數人數") + 30)
        self.group_edit.setToolTip(tr("一批人數（最多 {n}）：打人數後按類別的按鍵（或點類別按鈕）；Esc 清除").format(n=MAX_GROUP))
        self.group_label = QLabel(tr("一批人 +N"))
        self.group_help = QLabel(tr("Esc 清除"))
        self.group_help.setStyleSheet("color: #555555;")
        self.message = error_label(keep_room=True)
        self.message.setMinimumHeight(MESSAGE_LINES * self.message.fontMetrics().lineSpacing() + 4)
        self.undo_button = QPushButton(tr("取消上一筆 (Ctrl+Z)"))
        self.compact_button = QPushButton(tr("精簡模式 ({key})").format(key=COMPACT_KEY))
        self.compact_shortcut = QShortcut(QKeySequence(COMPACT_KEY), self)
        self.compact_button.setToolTip(tr("縮成一個永遠在最上層的小視窗，可以一邊用其他程式一邊計數"))
        for button in (self.undo_button, self.compact_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(scaled(44))
        self.hint = QLabel(key_hint())
        self.hint.setStyleSheet("color: #555555;")
        self.hint.setWordWrap(True)

        self._build_layout()
        self._connect_signals()
        self._show_categories()
        self._show_total()

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addSpacing(24)
        header.addWidget(self.total_label)
        header.addSpacing(24)
        header.addWidget(self.banner, 1)
        header.addStrut(self._banner_room())  # a message in two lines does not push the buttons down

        controls = QHBoxLayout()
        controls.addWidget(self.group_label)
        controls.addWidget(self.group_edit)
        controls.addWidget(self.group_help)
        controls.addStretch(1)
        controls.addWidget(self.undo_button)
        controls.addWidget(self.compact_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.pad, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(controls)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)

    def _banner_room(self) -> int:
        """The height of BANNER_LINES lines in the banner's smallest print (where a long one wraps)."""
        font = QFont(self.banner.font())
        font.setPointSizeF(self.banner.plain_size)
        return max(self.banner.minimumHeight(), BANNER_LINES * QFontMetrics(font).lineSpacing() + 2 * PADDING + 4)

    def _connect_signals(self) -> None:
        self.state.countsChanged.connect(self._show_total)
        self.state.pendingChanged.connect(self._show_pending)
        self.state.performed.connect(self._show_outcome)
        self.state.refreshProblem.connect(self._show_refresh_problem)
        self.pad.rebuilt.connect(self._show_categories)
        self.group_edit.textChanged.connect(self.state.set_pending)
        self.undo_button.clicked.connect(self.state.undo)
        self.compact_button.clicked.connect(self.enter_compact_mode)
        self.compact_shortcut.activated.connect(self.compact_button.click)  # as if it were pressed
        self.compact.backRequested.connect(self.leave_compact_mode)
        self.compact.switchUserRequested.connect(self._switch_user_from_compact)
        self.destroyed.connect(self.compact.deleteLater)

    def activate(self) -> None:
        self.state.refresh()
        self.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.state.watch(self, True)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        """Another screen, or the window minimised: no reading in the background for nobody."""
        super().hideEvent(event)
        self.state.watch(self, False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        self.state.end_empty_group()  # the keyboard is back with the desk: a letter is one person
        if not self.state.handle_key(key_press(event)):
            super().keyPressEvent(event)

    # --- what the state says ---------------------------------------------------------------

    def _show_categories(self) -> None:
        has_any = bool(self.state.categories)
        self.pad.setVisible(has_any)
        self.empty_label.setVisible(not has_any)
        for widget in (self.group_label, self.group_edit, self.group_help, self.undo_button, self.compact_button, self.hint):
            widget.setVisible(has_any)
        self.compact_shortcut.setEnabled(has_any)  # no strip without a button to press in it

    def _show_total(self) -> None:
        total = self.state.centre_total
        self.total_label.setText(tr("全中心今日合計 {n} 人次").format(n=format_number(total)) if self.state.categories else "")

    def _show_pending(self) -> None:
        """The group being typed sits in the +N field, with the keyboard; none: the desk has it."""
        pending = self.state.pending
        if self.group_edit.text() != (pending or ""):
            self.group_edit.setText(pending or "")
        if pending is not None:
            self.group_edit.setFocus()
        elif self.focusWidget() is self.group_edit:
            self.setFocus()
        self.message.clear()

    def _show_outcome(self, outcome: Outcome) -> None:
        if outcome.action is Action.NO_SUCH_KEY or (outcome.action is Action.UNDO and outcome.kind == "error"):
            self.message.setText(outcome.text)
        elif outcome.ok or outcome.action is Action.UNDO:
            self.message.clear()
            self.banner.announce(outcome.text, outcome.kind)
        else:
            self.banner.withdraw()  # "saved" never stands beside "not saved"
            self.message.setText(outcome.text)

    def _show_refresh_problem(self, text: str) -> None:
        if text:
            self.message.setText(text)
        elif self.message.text() == self.refresh_note:
            self.message.clear()  # the database is back
        self.refresh_note = text

    # --- compact mode ------------------------------------------------------------------

    def enter_compact_mode(self) -> CompactCounter:
        """Show the small always-on-top window, whatever state it was left in, and get the big one out of the way."""
        self.compact.place_near_corner()
        self.compact.showNormal()  # also when the window manager minimised it meanwhile
        self.compact.raise_()
        self.compact.activateWindow()
        self.window().showMinimized()
        return self.compact

    def leave_compact_mode(self) -> None:
        if self.compact.isVisible():
            self.compact.hide()
        window = self.window()
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.activateWindow()
        # What the banner and the message said before compact mode is old news by now.
        self.banner.withdraw()
        self.message.clear()
        self.refresh_note = ""
        self.setFocus()

    def _switch_user_from_compact(self) -> None:
        """F12 in the compact window: what it does on the desk, in the full window again."""
        self.leave_compact_mode()
        if self.switch_user is not None:
            self.switch_user()

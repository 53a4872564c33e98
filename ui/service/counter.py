"""The service counter (服務台計數): one key press per person served, counted all day.

The switchboard operator, the volunteers and the duty clerk each see the categories of their
role as large buttons with a letter key. A letter records one person; a number typed first
(the +N field) records a group; Ctrl+Z takes back the last one. The compact window carries
the same buttons in a small always-on-top strip, so the operator can keep counting while
working in other programs. Both windows press through one CounterState, so they can never
disagree about what a key does or what today's counts are.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from models.service import (
    MAX_GROUP,
    ServiceCategory,
    counter_categories,
    day_totals,
    record_group,
    record_press,
    undo_last,
)
from models.users import User
from ui.errors import EXPECTED
from ui.i18n import tr
from ui.widgets.banner import ConfirmationBanner
from ui.service.common import format_number
from ui.start_screen import error_label
from ui.style import ERROR_TEXT, INFO_BACKGROUND, OK_BACKGROUND, heading_font

FLASH_MS = 150  # how long a button looks pressed after its key
REFRESH_MS = 60_000  # other desks count too: re-read today's figures now and then
COMPACT_NAME_CHARS = 9
GRID_COLUMNS = 3
TYPING_MODIFIERS = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.KeypadModifier)


# --- the shared state --------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What one action did, in the words the desk shows ("ok", "info" or "error")."""

    text: str
    kind: str = "ok"

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


def category_label(category: ServiceCategory) -> str:
    """``A 總機電話服務``: the key first, as printed on the button."""
    return f"{category.shortcut} {category.name}" if category.shortcut else category.name


def short_name(name: str, limit: int = COMPACT_NAME_CHARS) -> str:
    """A name for the compact strip: without its bracketed note, cut at ``limit`` characters."""
    base = re.split(r"[（(]", name, maxsplit=1)[0].strip() or name
    return base if len(base) <= limit else base[: limit - 1] + "…"


def typed_key(event: QKeyEvent) -> str | None:
    """The single character a plain (or shifted) key press types, upper-cased; else None."""
    if event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier):
        return None
    text = event.text()
    if len(text) != 1 or not text.isprintable() or text.isspace():
        return None
    return text.upper()


class CounterState(QObject):
    """One user's categories, today's counts (everyone's) and the press / group / undo actions.

    Owned by the full desk and handed to the compact window: whichever window a key is pressed
    in, the same code records it and both windows hear ``countsChanged``.
    """

    countsChanged = Signal()
    categoriesChanged = Signal()

    def __init__(self, user: User, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.categories: list[ServiceCategory] = []
        self.counts: dict[int, int] = {}
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self._background_refresh)
        self.reload()
        self.refresh_timer.start()

    def reload(self) -> None:
        """Read the role's categories again (the secretary may have changed them) and the counts."""
        fresh = counter_categories(self.user.role_enum)
        if [_signature(c) for c in fresh] != [_signature(c) for c in self.categories]:
            self.categories = fresh
            self.categoriesChanged.emit()
        self.refresh_counts()

    def refresh_counts(self) -> None:
        today = dt.date.today()
        totals = day_totals(today, today)
        self.counts = {c.id: totals[(today, c.id)].count if (today, c.id) in totals else 0 for c in self.categories}
        self.countsChanged.emit()

    def _background_refresh(self) -> None:
        try:
            self.reload()
        except EXPECTED:
            pass  # the next key press reports the problem where the user is looking

    def count_of(self, category: ServiceCategory) -> int:
        return self.counts.get(category.id, 0)

    def category_for_key(self, key: str | None) -> ServiceCategory | None:
        if not key:
            return None
        return next((c for c in self.categories if c.shortcut and c.shortcut.upper() == key), None)

    def record(self, category: ServiceCategory, group: str | None = None) -> Outcome:
        """One person (``group`` None) or a typed group of people for ``category``, now."""
        try:
            if group is None:
                event = record_press(self.user, category)
            else:
                event = record_group(self.user, category, group)
            self.refresh_counts()
        except EXPECTED as exc:
            self._reload_quietly()  # e.g. the category was retired at another desk meanwhile
            return Outcome(str(exc), "error")
        return Outcome(tr("{label} +{count}").format(label=category_label(category), count=event.count))

    def undo(self) -> Outcome:
        """Ctrl+Z: void this user's latest press or group of today, and say which one."""
        try:
            event = undo_last(self.user)
            self.refresh_counts()
        except EXPECTED as exc:
            return Outcome(str(exc), "error")
        if event is None:
            return Outcome(tr("今天沒有可以取消的紀錄"), "info")
        return Outcome(
            tr("已取消：{label} {count} 人次").format(label=category_label(event.category), count=event.count)
        )

    def _reload_quietly(self) -> None:
        try:
            self.reload()
        except EXPECTED:
            pass


def _signature(category: ServiceCategory) -> tuple[int, str, str | None]:
    return category.id, category.name, category.shortcut


# --- the buttons both windows use --------------------------------------------------------


class CategoryButton(QPushButton):
    """A category's key, name and today's count on one button, large or compact."""

    def __init__(self, category: ServiceCategory, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = category
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays with the desk
        self.setToolTip(category_label(category))
        self.setAccessibleName(category_label(category))
        self.key_label = QLabel(category.shortcut or "")
        self.name_label = QLabel(short_name(category.name) if compact else category.name)
        self.count_label = QLabel("0")
        for label in (self.key_label, self.name_label, self.count_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.flash_timer = QTimer(self)
        self.flash_timer.setSingleShot(True)
        self.flash_timer.setInterval(FLASH_MS)
        self.flash_timer.timeout.connect(lambda: self.setDown(False))
        if compact:
            self._lay_out_compact()
        else:
            self._lay_out_large()

    def _lay_out_large(self) -> None:
        base = self.font()
        self.key_label.setFont(heading_font(base, 2.6))
        self.name_label.setFont(heading_font(base, 1.3))
        self.count_label.setFont(heading_font(base, 2.2))
        self.name_label.setWordWrap(True)
        self.key_label.setStyleSheet("color: #1f4e8c;")
        self.count_label.setStyleSheet(f"color: {OK_BACKGROUND};")
        today = QLabel(tr("今日人次"))
        today.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        count_row = QHBoxLayout()
        count_row.addStretch(1)
        count_row.addWidget(today, 0, Qt.AlignmentFlag.AlignBaseline)
        count_row.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBaseline)
        count_row.addStretch(1)
        for label in (self.key_label, self.name_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addStretch(1)  # a tall button keeps key, name and count together in its middle
        layout.addWidget(self.key_label)
        layout.addWidget(self.name_label)
        layout.addLayout(count_row)
        layout.addStretch(1)
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def _lay_out_compact(self) -> None:
        self.key_label.setFont(heading_font(self.font(), 1.1))
        self.key_label.setStyleSheet("color: #1f4e8c;")
        self.key_label.setMinimumWidth(self.key_label.fontMetrics().horizontalAdvance("W") + 4)
        self.count_label.setFont(heading_font(self.font(), 1.1))
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance("0,000") + 4)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(self.key_label)
        layout.addWidget(self.name_label, 1)
        layout.addWidget(self.count_label)
        self.setMinimumHeight(36)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override): the labels decide, not the empty text
        return self.layout().sizeHint().expandedTo(self.minimumSize())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.layout().minimumSize().expandedTo(self.minimumSize())

    def set_count(self, count: int) -> None:
        self.count_label.setText(format_number(count))

    def count_text(self) -> str:
        return self.count_label.text()

    def flash(self) -> None:
        """Look pressed for a moment, so a key press is seen on the button it counted."""
        self.setDown(True)
        self.flash_timer.start()


def key_hint() -> str:
    return tr("按按鍵記 1 人次　一批人：先打人數（或按 +）再按按鍵　Ctrl+Z 取消上一筆")


# --- the full screen ---------------------------------------------------------------------


class GroupEdit(QLineEdit):
    """The +N field: digits are the group size, a letter sends the group to that category."""

    categoryKeyPressed = Signal(str)
    undoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(6)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        # A Bopomofo input method would turn digit keys into ㄅㄉˇ…; numbers are typed raw here.
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undoRequested.emit()  # Ctrl+Z means the same everywhere on the counter
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            return
        key = typed_key(event)
        if key is not None and key.isascii() and key.isalpha():
            if not event.isAutoRepeat():
                self.categoryKeyPressed.emit(key)
            return
        super().keyPressEvent(event)


class CounterDesk(QWidget):
    """The counter as a whole screen: large buttons, the +N field, undo, the compact switch."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # letter keys arrive here
        self.state = CounterState(user, self)
        self.compact: CompactCounter | None = None
        self.buttons: list[CategoryButton] = []

        self.title = QLabel(tr("服務台計數"))
        self.title.setFont(heading_font(self.font(), 1.5))
        self.total_label = QLabel()
        self.total_label.setFont(heading_font(self.font(), 1.2))
        self.banner = ConfirmationBanner()

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(12)
        self.empty_label = QLabel(tr(
            "「{role}」沒有要在服務台計數的項目。\n需要計數時，請洽研考在「類別」中為這個角色設定項目。"
        ).format(role=tr(user.role_enum.label)))
        self.empty_label.setFont(heading_font(self.font(), 1.2))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        self.group_edit = GroupEdit()
        self.group_edit.setPlaceholderText(tr("人數"))
        self.group_edit.setFixedWidth(self.group_edit.fontMetrics().horizontalAdvance("人數人數") + 30)
        self.group_edit.setToolTip(tr("一批人數（最多 {n}）：打人數後按類別的按鍵（或點類別按鈕）；Esc 清除").format(n=MAX_GROUP))
        self.group_label = QLabel(tr("一批人 +N"))
        self.group_help = QLabel(tr("Esc 清除"))
        self.group_help.setStyleSheet("color: #555555;")
        self.message = error_label()
        self.undo_button = QPushButton(tr("取消上一筆 (Ctrl+Z)"))
        self.compact_button = QPushButton(tr("精簡模式"))
        self.compact_button.setToolTip(tr("縮成一個永遠在最上層的小視窗，可以一邊用其他程式一邊計數"))
        for button in (self.undo_button, self.compact_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(44)
        self.hint = QLabel(key_hint())
        self.hint.setStyleSheet("color: #555555;")
        self.hint.setWordWrap(True)

        self._build_layout()
        self._connect_signals()
        self._rebuild_buttons()
        self._show_counts()

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addSpacing(24)
        header.addWidget(self.total_label)
        header.addSpacing(24)
        header.addWidget(self.banner, 1)

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
        layout.addWidget(self.grid_host, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(controls)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)

    def _connect_signals(self) -> None:
        self.state.countsChanged.connect(self._show_counts)
        self.state.categoriesChanged.connect(self._rebuild_buttons)
        self.group_edit.categoryKeyPressed.connect(lambda key: self.press_key(key, from_group_field=True))
        self.group_edit.undoRequested.connect(self.undo)
        self.group_edit.textEdited.connect(lambda _text: self.message.clear())
        self.undo_button.clicked.connect(self.undo)
        self.compact_button.clicked.connect(self.enter_compact_mode)

    def activate(self) -> None:
        self.refresh()
        self.setFocus()

    def refresh(self) -> None:
        try:
            self.state.reload()
        except EXPECTED as exc:
            self.message.setText(str(exc))

    # --- buttons and counts ------------------------------------------------------------

    def _rebuild_buttons(self) -> None:
        for button in self.buttons:
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        categories = self.state.categories
        columns = min(GRID_COLUMNS, max(len(categories), 1))
        for index, category in enumerate(categories):
            button = CategoryButton(category)
            button.clicked.connect(lambda _checked=False, c=category: self.choose(c))
            self.grid.addWidget(button, index // columns, index % columns)
            self.buttons.append(button)
        has_any = bool(categories)
        self.grid_host.setVisible(has_any)
        self.empty_label.setVisible(not has_any)
        for widget in (self.group_label, self.group_edit, self.group_help, self.undo_button, self.compact_button, self.hint):
            widget.setVisible(has_any)
        self._show_counts()

    def _show_counts(self) -> None:
        for button in self.buttons:
            button.set_count(self.state.count_of(button.category))
        total = sum(self.state.count_of(c) for c in self.state.categories)
        self.total_label.setText(tr("今日合計 {n} 人次").format(n=format_number(total)) if self.state.categories else "")

    def button_for(self, key: str) -> CategoryButton:
        return next(b for b in self.buttons if b.category.shortcut == key.upper())

    # --- keys and actions --------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.isAutoRepeat():
            return  # a key held down is one person, not a stream of them
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
            return
        key = typed_key(event)
        if key is None or not self.state.categories:
            super().keyPressEvent(event)
            return
        if self.state.category_for_key(key) is not None:
            self.press_key(key)
        elif key.isdecimal() or key == "+":
            # A number starts a group: it goes into the +N field, never to a category.
            self.group_edit.setFocus()
            if key.isdecimal():
                self.group_edit.insert(key)
            else:
                self.group_edit.selectAll()
        elif key.isalpha():
            self.message.setText(tr("「{key}」鍵沒有對應的服務項目。").format(key=key))
        else:
            super().keyPressEvent(event)

    def press_key(self, key: str, from_group_field: bool = False) -> None:
        category = self.state.category_for_key(key)
        if category is None:
            self.message.setText(tr("「{key}」鍵沒有對應的服務項目。").format(key=key))
            return
        self.choose(category, from_group_field)

    def choose(self, category: ServiceCategory, from_group_field: bool = False) -> None:
        """A category was picked: a group if a number waits in the +N field, else one person."""
        group = self.group_edit.text().strip()
        if group or from_group_field:
            outcome = self.state.record(category, group)
        else:
            outcome = self.state.record(category)
        if not outcome.ok:
            self.message.setText(outcome.text)
            if from_group_field or group:
                self.group_edit.setFocus()
                self.group_edit.selectAll()
            return
        self.message.clear()
        self.group_edit.clear()
        self._flash(category)
        self._confirm(outcome)
        self.setFocus()  # the next letter is one person again

    def undo(self) -> None:
        outcome = self.state.undo()
        if outcome.kind == "error":
            self.message.setText(outcome.text)
            return
        self.message.clear()
        self._confirm(outcome)

    def _flash(self, category: ServiceCategory) -> None:
        for button in self.buttons:
            if button.category.id == category.id:
                button.flash()

    def _confirm(self, outcome: Outcome) -> None:
        self.banner.announce(outcome.text, "ok" if outcome.ok else "info")

    # --- compact mode ------------------------------------------------------------------

    def enter_compact_mode(self) -> CompactCounter:
        """Show the small always-on-top window and get the big one out of the way."""
        if self.compact is None:
            self.compact = CompactCounter(self.state)
            self.compact.backRequested.connect(self.leave_compact_mode)
            # The compact window has no Qt parent (an owned window would vanish with a
            # minimised main window), so it goes when this desk goes.
            self.destroyed.connect(self.compact.deleteLater)
        self.compact.place_near_corner()
        self.compact.show()
        self.compact.activateWindow()
        self.window().showMinimized()
        return self.compact

    def leave_compact_mode(self) -> None:
        if self.compact is not None and self.compact.isVisible():
            self.compact.hide()
        window = self.window()
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.activateWindow()
        self.setFocus()


# --- the compact window ------------------------------------------------------------------


class CompactCounter(QWidget):
    """A small always-on-top strip: key, short name and today's count per category."""

    backRequested = Signal()

    def __init__(self, state: CounterState, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.state = state
        self.placed = False
        self.setWindowTitle(tr("服務計數"))
        # Closing the main window quits the program even while this strip is still open.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.buttons: list[CategoryButton] = []
        self.button_box = QVBoxLayout()
        self.button_box.setSpacing(4)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.undo_button = QPushButton(tr("取消上一筆"))
        self.undo_button.setToolTip(tr("Ctrl+Z"))
        self.back_button = QPushButton(tr("回到完整畫面"))
        for button in (self.undo_button, self.back_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        actions = QHBoxLayout()
        actions.addWidget(self.undo_button)
        actions.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(self.button_box)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        self._connect_signals()
        self._rebuild_buttons()

    def _connect_signals(self) -> None:
        self.state.countsChanged.connect(self._show_counts)
        self.state.categoriesChanged.connect(self._rebuild_buttons)
        self.undo_button.clicked.connect(self.undo)
        self.back_button.clicked.connect(self.backRequested)

    def _rebuild_buttons(self) -> None:
        for button in self.buttons:
            self.button_box.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for category in self.state.categories:
            button = CategoryButton(category, compact=True)
            button.clicked.connect(lambda _checked=False, c=category: self.choose(c))
            self.button_box.addWidget(button)
            self.buttons.append(button)
        self._show_counts()
        self.adjustSize()

    def _show_counts(self) -> None:
        for button in self.buttons:
            button.set_count(self.state.count_of(button.category))

    def button_for(self, key: str) -> CategoryButton:
        return next(b for b in self.buttons if b.category.shortcut == key.upper())

    def place_near_corner(self) -> None:
        """First time only: top-right of the screen, clear of the title bars of other programs."""
        if self.placed:
            return
        self.placed = True
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        self.adjustSize()
        self.move(area.right() - self.width() - 24, area.top() + 80)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.isAutoRepeat():
            return  # a key held down is one person, not a stream of them
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
            return
        category = self.state.category_for_key(typed_key(event))
        if category is None:
            super().keyPressEvent(event)
            return
        self.choose(category)

    def choose(self, category: ServiceCategory) -> None:
        outcome = self.state.record(category)
        if outcome.ok:
            for button in self.buttons:
                if button.category.id == category.id:
                    button.flash()
        self._say(outcome)

    def undo(self) -> None:
        self._say(self.state.undo())

    def _say(self, outcome: Outcome) -> None:
        colour = {"ok": OK_BACKGROUND, "info": INFO_BACKGROUND}.get(outcome.kind, ERROR_TEXT)
        self.status.setStyleSheet(f"color: {colour};")
        self.status.setText(outcome.text)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        """The title-bar × means "back to the full screen"; a close by the program does not."""
        super().closeEvent(event)
        if event.isAccepted() and event.spontaneous():
            self.backRequested.emit()

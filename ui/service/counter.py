"""The service counter (服務台計數): one key press per person served, counted all day.

The switchboard operator, the volunteers and the duty clerk each see the categories of their
role as large buttons with a letter key. A letter records one person; a number typed first
(the +N field) records a group; Ctrl+Z takes back the last one. The compact window carries
the same buttons in a small always-on-top strip, so the operator can keep counting while
working in other programs. Both windows press through one CounterState, so they can never
disagree about what a key does (``read_key``), how a group is recorded or refused (``choose``)
or what today's counts are.
"""
from __future__ import annotations

import datetime as dt
import enum
import re
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models.numbers import MAX_GROUP
from models.service.categories import ServiceCategory, counter_categories
from models.service.counts import day_totals, record_group, record_press, undo_last
from models.accounts import User
from ui.errors import EXPECTED
from ui.i18n import tr
from ui.service.common import format_number
from ui.widgets.messages import error_label
from ui.style import ERROR_TEXT, INFO_BACKGROUND, OK_BACKGROUND, heading_font
from ui.widgets.banner import ConfirmationBanner

FLASH_MS = 150  # how long a button looks pressed after its key
REFRESH_MS = 60_000  # other desks count too: re-read today's figures now and then
COMPACT_NAME_CHARS = 9
GRID_COLUMNS = 3
GROUP_MAX_CHARS = 6  # the +N typed so far, in the field or the compact window
# What the database driver raises when the file or server is briefly out of reach. Most model
# functions turn these into StorageError already; the background refresh must never let one
# through to the crash dialog, whichever read it comes from.
COMPACT_WINDOW_FLAGS = (
    Qt.WindowType.Tool
    | Qt.WindowType.WindowStaysOnTopHint
    # Only a title and a close button: a minimised strip would be lost behind the main window.
    | Qt.WindowType.CustomizeWindowHint
    | Qt.WindowType.WindowTitleHint
    | Qt.WindowType.WindowCloseButtonHint
)


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


class KeyKind(enum.Enum):
    REPEAT = enum.auto()  # a key held down: one person, not a stream of them
    UNDO = enum.auto()  # Ctrl+Z
    CATEGORY = enum.auto()  # a category's letter
    DIGIT = enum.auto()  # part of a group's size
    PLUS = enum.auto()  # "a group follows"
    CANCEL = enum.auto()  # Esc: drop the group typed so far
    UNKNOWN = enum.auto()  # a letter no category of this role has
    OTHER = enum.auto()  # not the counter's business


@dataclass(frozen=True)
class CounterKey:
    kind: KeyKind
    key: str = ""
    category: ServiceCategory | None = None


def no_such_key(key: str) -> str:
    return tr("「{key}」鍵沒有對應的服務項目。").format(key=key)


def grow_group(pending: str | None, key: str) -> str:
    """The +N typed so far after one more key: ``+`` starts it afresh, a digit is added."""
    if key == "+":
        return ""
    return ((pending or "") + key)[:GROUP_MAX_CHARS]


def group_prompt(pending: str) -> str:
    return tr("一批 +{n} 人：按類別鍵，Esc 清除").format(n=pending or "…")


class CounterState(QObject):
    """One user's categories, today's counts (everyone's) and the press / group / undo actions.

    Owned by the full desk and handed to the compact window: whichever window a key is pressed
    in, the same code records it and both windows hear ``countsChanged``. Today's figures are
    read again every minute, but only while one of the windows is on the screen (``watch``).
    """

    countsChanged = Signal()
    categoriesChanged = Signal()
    # Why the figures could not be read again (in the clerk's words), or "" once they could.
    refreshProblem = Signal(str)

    def __init__(self, user: User, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.categories: list[ServiceCategory] = []
        self.counts: dict[int, int] = {}
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.watchers: set[int] = set()
        self.read_at = 0.0
        self.problem = ""
        self._connect_signals()
        self.reload()

    def _connect_signals(self) -> None:
        self.refresh_timer.timeout.connect(self.refresh_quietly)

    def watch(self, window: QWidget, seen: bool) -> None:
        """A counter window appeared on the screen or left it: re-read only while one is seen."""
        if seen:
            self.watchers.add(id(window))
        else:
            self.watchers.discard(id(window))
        if not self.watchers:
            self.refresh_timer.stop()
        elif not self.refresh_timer.isActive():
            self.refresh_timer.start()
            if time.monotonic() - self.read_at > REFRESH_MS / 1000:
                self.refresh_quietly()  # back after a while (e.g. restored): catch up at once

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
        self.read_at = time.monotonic()
        self.countsChanged.emit()

    def refresh_quietly(self) -> None:
        """Read again; a problem is announced (``refreshProblem``) for the windows to show, never raised."""
        problem = self._try_reload()
        if problem:
            self.problem = tr("今日人次暫時無法更新：{problem}").format(problem=problem)
            self.refreshProblem.emit(self.problem)
        elif self.problem:
            self.problem = ""
            self.refreshProblem.emit("")

    def _try_reload(self) -> str:
        try:
            self.reload()
        except EXPECTED as exc:  # e.g. the server restarting, the file share reconnecting
            return str(exc)
        return ""

    def read_key(self, event: QKeyEvent) -> CounterKey:
        """What a key press means at a counter, the same in the full screen and the compact window."""
        if event.isAutoRepeat():
            return CounterKey(KeyKind.REPEAT)
        if event.matches(QKeySequence.StandardKey.Undo):
            return CounterKey(KeyKind.UNDO)
        if not self.categories:
            return CounterKey(KeyKind.OTHER)
        if event.key() == Qt.Key.Key_Escape and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return CounterKey(KeyKind.CANCEL)
        key = typed_key(event)
        if key is None:
            return CounterKey(KeyKind.OTHER)
        category = self.category_for_key(key)
        if category is not None:
            return CounterKey(KeyKind.CATEGORY, key, category)
        if key.isdecimal():
            return CounterKey(KeyKind.DIGIT, key)
        if key == "+":
            return CounterKey(KeyKind.PLUS, key)
        if key.isalpha():
            return CounterKey(KeyKind.UNKNOWN, key)
        return CounterKey(KeyKind.OTHER, key)

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
            self._try_reload()  # e.g. the category was retired at another desk meanwhile
            return Outcome(str(exc), "error")
        return Outcome(tr("{label} +{count}").format(label=category_label(category), count=event.count))

    def choose(self, category: ServiceCategory, group: str | None) -> Outcome:
        """A category picked in either window, with the +N typed before it (None: one person).

        A refused group names what was typed: the windows drop it, so that the next key counts
        one visitor instead of being refused again.
        """
        outcome = self.record(category, group)
        if outcome.ok or not group:
            return outcome
        return Outcome(tr("一批人「{typed}」沒有記錄：{reason}").format(typed=group, reason=outcome.text), "error")

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


def _signature(category: ServiceCategory) -> tuple[int, str, str | None]:
    return category.id, category.name, category.shortcut


# --- the buttons both windows use --------------------------------------------------------


class CategoryButton(QPushButton):
    """A category's key, name and today's count on one button, large or compact."""

    def __init__(self, category: ServiceCategory, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = category
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays with the desk
        self.setToolTip(category_label(category) + "\n" + tr("數字是全中心今日的人次（所有人合計）"))
        self.setAccessibleName(category_label(category))
        self.key_label = QLabel(category.shortcut or "")
        self.name_label = QLabel(short_name(category.name) if compact else category.name)
        self.count_label = QLabel("0")
        for label in (self.key_label, self.name_label, self.count_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.flash_timer = QTimer(self)
        self.flash_timer.setSingleShot(True)
        self.flash_timer.setInterval(FLASH_MS)
        self.scope_label: QLabel | None = None
        if compact:
            self._lay_out_compact()
        else:
            self._lay_out_large()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.flash_timer.timeout.connect(self._release)

    def _lay_out_large(self) -> None:
        base = self.font()
        self.key_label.setFont(heading_font(base, 2.6))
        self.name_label.setFont(heading_font(base, 1.3))
        self.count_label.setFont(heading_font(base, 2.2))
        self.name_label.setWordWrap(True)
        self.key_label.setStyleSheet("color: #1f4e8c;")
        self.count_label.setStyleSheet(f"color: {OK_BACKGROUND};")
        # Everyone's presses, not this user's: the number other desks see too.
        self.scope_label = QLabel(tr("全中心今日"))
        self.scope_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        count_row = QHBoxLayout()
        count_row.addStretch(1)
        count_row.addWidget(self.scope_label, 0, Qt.AlignmentFlag.AlignBaseline)
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

    def _release(self) -> None:
        self.setDown(False)


def key_hint() -> str:
    return tr("按按鍵記 1 人次　一批人：先打人數（或按 +）再按按鍵　Ctrl+Z 取消上一筆")


class OneLineLabel(QLabel):
    """A status line that never wraps or grows: cut with … when narrow, the whole text as tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(False)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # Ignored: a long message takes the width there is instead of widening the window.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().height() + 4)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        area = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, area.width())
        self.style().drawItemText(
            painter, area, int(self.alignment().value), self.palette(), self.isEnabled(), shown, self.foregroundRole()
        )


# --- the full screen ---------------------------------------------------------------------


class GroupEdit(QLineEdit):
    """The +N field: digits are the group size, a letter sends the group to that category."""

    categoryKeyPressed = Signal(str)
    undoRequested = Signal()
    cancelled = Signal()  # Esc: the group is dropped and the keyboard goes back to the desk

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(GROUP_MAX_CHARS)
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
            self.cancelled.emit()
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
        # No Qt parent (an owned window would vanish with a minimised main window): it is
        # deleted when this desk is (see _connect_signals).
        self.compact = CompactCounter(self.state)
        self.buttons: list[CategoryButton] = []
        self.button_group = QButtonGroup(self)
        self.button_group.setExclusive(False)
        self.refresh_note = ""

        self.title = QLabel(tr("服務台計數"))
        self.title.setFont(heading_font(self.font(), 1.5))
        self.total_label = QLabel()
        self.total_label.setFont(heading_font(self.font(), 1.2))
        self.total_label.setToolTip(tr("畫面上這些項目今天全中心（所有人）的人次合計"))
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
        self.state.refreshProblem.connect(self._show_refresh_problem)
        self.button_group.buttonClicked.connect(self._button_clicked)
        self.group_edit.categoryKeyPressed.connect(lambda key: self.press_key(key, from_group_field=True))
        self.group_edit.undoRequested.connect(self.undo)
        self.group_edit.cancelled.connect(self.cancel_group)
        self.group_edit.textEdited.connect(lambda _text: self.message.clear())
        self.undo_button.clicked.connect(self.undo)
        self.compact_button.clicked.connect(self.enter_compact_mode)
        self.compact.backRequested.connect(self.leave_compact_mode)
        self.destroyed.connect(self.compact.deleteLater)

    def activate(self) -> None:
        self.refresh()
        self.setFocus()

    def refresh(self) -> None:
        self.state.refresh_quietly()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.state.watch(self, True)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        """Another screen, or the window minimised: no reading in the background for nobody."""
        super().hideEvent(event)
        self.state.watch(self, False)

    def _show_refresh_problem(self, text: str) -> None:
        if text:
            self.message.setText(text)
        elif self.message.text() == self.refresh_note:
            self.message.clear()  # the database is back
        self.refresh_note = text

    # --- buttons and counts ------------------------------------------------------------

    def _rebuild_buttons(self) -> None:
        for button in self.buttons:
            self.button_group.removeButton(button)
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        categories = self.state.categories
        columns = min(GRID_COLUMNS, max(len(categories), 1))
        for index, category in enumerate(categories):
            button = CategoryButton(category)
            self.button_group.addButton(button)
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
        self.total_label.setText(tr("全中心今日合計 {n} 人次").format(n=format_number(total)) if self.state.categories else "")

    def button_for(self, key: str) -> CategoryButton:
        return next(b for b in self.buttons if b.category.shortcut == key.upper())

    def _button_clicked(self, button: QAbstractButton) -> None:
        self.choose(button.category)

    # --- keys and actions --------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = self.state.read_key(event)
        if key.kind is KeyKind.REPEAT:
            return
        if key.kind is KeyKind.UNDO:
            self.undo()
        elif key.kind is KeyKind.CATEGORY:
            self.choose(key.category)
        elif key.kind in (KeyKind.DIGIT, KeyKind.PLUS):
            # A number starts a group: it goes into the +N field, never to a category.
            self.group_edit.setFocus()
            if key.kind is KeyKind.DIGIT:
                self.group_edit.insert(key.key)
            else:
                self.group_edit.selectAll()
        elif key.kind is KeyKind.CANCEL and self.group_edit.text():
            self.cancel_group()
        elif key.kind is KeyKind.UNKNOWN:
            self.message.setText(no_such_key(key.key))
        else:
            super().keyPressEvent(event)

    def press_key(self, key: str, from_group_field: bool = False) -> None:
        category = self.state.category_for_key(key)
        if category is None:
            self.message.setText(no_such_key(key))
            return
        self.choose(category, from_group_field)

    def choose(self, category: ServiceCategory, from_group_field: bool = False) -> None:
        """A category was picked: a group if a number waits in the +N field, else one person.

        Either way the +N field is emptied and the keyboard goes back to the desk, so the next
        letter is one person again, even after a refused group.
        """
        group = self.group_edit.text().strip()
        outcome = self.state.choose(category, group if group or from_group_field else None)
        self.group_edit.clear()
        self.setFocus()
        if not outcome.ok:
            self.banner.withdraw()  # "saved" never stands beside "not saved"
            self.message.setText(outcome.text)
            return
        self.message.clear()
        self._flash(category)
        self._confirm(outcome)

    def cancel_group(self) -> None:
        """Esc: the typed group is dropped and the letters count one person each again."""
        self.group_edit.clear()
        self.message.clear()
        self.setFocus()

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


# --- the compact window ------------------------------------------------------------------


class CompactCounter(QWidget):
    """A small always-on-top strip: key, short name and today's count per category.

    Keys mean what they mean on the full screen: a letter counts one person, digits typed
    first make a group (shown on the status line), Esc drops it, Ctrl+Z takes back.
    """

    backRequested = Signal()

    def __init__(self, state: CounterState, parent: QWidget | None = None) -> None:
        super().__init__(parent, COMPACT_WINDOW_FLAGS)
        self.state = state
        self.placed = False
        self.pending: str | None = None  # the +N typed so far; None: the next key is one person
        self.refresh_note = ""
        self.setWindowTitle(tr("服務計數"))
        # Closing the main window quits the program even while this strip is still open.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.buttons: list[CategoryButton] = []
        self.button_group = QButtonGroup(self)
        self.button_group.setExclusive(False)
        self.button_box = QVBoxLayout()
        self.button_box.setSpacing(4)
        self.status = OneLineLabel()
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
        self.state.refreshProblem.connect(self._show_refresh_problem)
        self.button_group.buttonClicked.connect(self._button_clicked)
        self.undo_button.clicked.connect(self.undo)
        self.back_button.clicked.connect(self.backRequested)

    def _rebuild_buttons(self) -> None:
        for button in self.buttons:
            self.button_group.removeButton(button)
            self.button_box.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for category in self.state.categories:
            button = CategoryButton(category, compact=True)
            self.button_group.addButton(button)
            self.button_box.addWidget(button)
            self.buttons.append(button)
        self._show_counts()
        self.adjustSize()

    def _show_counts(self) -> None:
        for button in self.buttons:
            button.set_count(self.state.count_of(button.category))

    def button_for(self, key: str) -> CategoryButton:
        return next(b for b in self.buttons if b.category.shortcut == key.upper())

    def _button_clicked(self, button: QAbstractButton) -> None:
        self.choose(button.category)

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

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.state.watch(self, True)  # on the screen while the full one is minimised: keep reading

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        super().hideEvent(event)
        self.pending = None  # a group half typed when the strip went away is not waiting later
        self.status.setText("")
        self.refresh_note = ""
        if isValid(self.state):  # the desk (and its state) may be gone already
            self.state.watch(self, False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = self.state.read_key(event)
        if key.kind is KeyKind.REPEAT:
            return
        if key.kind is KeyKind.UNDO:
            self.undo()
        elif key.kind is KeyKind.CATEGORY:
            self.choose(key.category)
        elif key.kind in (KeyKind.DIGIT, KeyKind.PLUS):
            self.pending = grow_group(self.pending, key.key)
            self._say(Outcome(group_prompt(self.pending), "info"))
        elif key.kind is KeyKind.CANCEL and self.pending is not None:
            self.pending = None
            self._say(Outcome("", "info"))
        elif key.kind is KeyKind.UNKNOWN:
            self._say(Outcome(no_such_key(key.key), "error"))
        else:
            super().keyPressEvent(event)

    def choose(self, category: ServiceCategory) -> None:
        """One person, or the group typed just before: used up (or dropped if refused) either way."""
        group, self.pending = self.pending, None
        outcome = self.state.choose(category, group)
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
        self.refresh_note = ""

    def _show_refresh_problem(self, text: str) -> None:
        if text:
            self._say(Outcome(text, "error"))
        elif self.status.text() == self.refresh_note:
            self._say(Outcome("", "info"))
        self.refresh_note = text

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        """The title-bar × means "back to the full screen"; a close by the program does not."""
        super().closeEvent(event)
        if event.isAccepted() and event.spontaneous():
            self.backRequested.emit()

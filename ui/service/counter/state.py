"""What the service counter knows and what its keys mean, with no widget in sight.

One CounterState serves the full desk and the compact window alike. It owns the pending
input (the +N of a group being typed) and turns key presses into actions: a letter records
one person, or the group typed before it; digits (and ``+``) build the group; Backspace takes
back a digit, Esc drops the group, Ctrl+Z takes back the last record. The windows only show
what it announces: ``pendingChanged`` for the group being typed, ``performed`` for what an
action did, ``countsChanged``/``categoriesChanged`` for the figures, ``refreshProblem`` when
they could not be read again. Keys arrive as plain ``KeyPress`` values, so the rules are
tested without a window (qutebrowser's ``BaseKeyParser`` owns its count the same way).

The minute's re-reading runs as an op (``ui/ops.py``): the keys go on being counted while
the figures are read, and a reading asked for while an older one still waits for the
worker (behind the morning's backup, say) takes its place instead of piling up.
"""
from __future__ import annotations

import datetime as dt
import enum
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence

from models.accounts import Role, User
from models.service.categories import ServiceCategory, counter_categories
from models.service.counts import day_totals, record_group, record_press, undo_last
from ui.errors import EXPECTED
from ui.i18n import tr
from ui.ops import BackgroundOp
from ui.widgets.keys import is_command

REFRESH_MS = 60_000  # other desks count too: re-read today's figures now and then
GROUP_MAX_CHARS = 6  # the +N typed so far, in the field or the compact window
REFRESH_KEY = "counter-refresh"  # one waiting re-reading at a time


class Key(enum.Enum):
    """The keys the counter reads besides the character a key types."""

    UNDO = enum.auto()  # Ctrl+Z: take back the last record
    ESCAPE = enum.auto()  # drop the group typed so far
    BACKSPACE = enum.auto()  # take back the group's last digit
    ENTER = enum.auto()  # nothing: a group waits for its category's key


@dataclass(frozen=True)
class KeyPress:
    """One key press as the counter reads it: the character it types (upper-cased), a named key."""

    text: str = ""
    key: Key | None = None
    repeat: bool = False  # held down: Qt's auto-repeat


NAMED_KEYS = {
    Qt.Key.Key_Escape: Key.ESCAPE,
    Qt.Key.Key_Backspace: Key.BACKSPACE,
    Qt.Key.Key_Return: Key.ENTER,
    Qt.Key.Key_Enter: Key.ENTER,
}


def key_press(event: QKeyEvent) -> KeyPress:
    """A Qt key event in the counter's terms; a key with Ctrl or Alt types nothing here."""
    if event.matches(QKeySequence.StandardKey.Undo):
        return KeyPress(key=Key.UNDO, repeat=event.isAutoRepeat())
    if is_command(event):
        return KeyPress(repeat=event.isAutoRepeat())
    named = None if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else NAMED_KEYS.get(event.key())
    text = event.text()
    typed = text.upper() if len(text) == 1 and text.isprintable() and not text.isspace() else ""
    return KeyPress(typed, named, event.isAutoRepeat())


class Action(enum.Enum):
    PRESS = enum.auto()  # one person
    GROUP = enum.auto()  # a group of people, typed first
    UNDO = enum.auto()
    NO_SUCH_KEY = enum.auto()  # a letter no category of this role has


@dataclass(frozen=True)
class Outcome:
    """What one action did, in the words the windows show; ``kind`` is "ok", "info" or "error"."""

    action: Action
    text: str
    kind: str = "ok"
    category: ServiceCategory | None = None  # the one pressed or grouped: its button lights up

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


def category_label(category: ServiceCategory) -> str:
    """``A 總機電話服務``: the key first, as printed on the button."""
    return f"{category.shortcut} {category.name}" if category.shortcut else category.name


def no_such_key(key: str) -> str:
    return tr("「{key}」鍵沒有對應的服務項目。").format(key=key)


@dataclass(frozen=True)
class DayCounts:
    """Today's 人次 (everyone's): of each of the role's categories, and of the whole centre —
    J, every category, whoever counts it — which the desk shows as 全中心今日合計."""

    by_category: dict[int, int]
    centre_total: int


@dataclass(frozen=True)
class CounterFigures:
    """One reading of the database: the role's categories and today's counts."""

    categories: list[ServiceCategory]
    counts: DayCounts


def read_counts(categories: list[ServiceCategory], day: dt.date) -> DayCounts:
    totals = day_totals(day, day)
    shown = {c.id: totals[(day, c.id)].count if (day, c.id) in totals else 0 for c in categories}
    return DayCounts(shown, sum(total.count for total in totals.values()))  # J: every category's 人次


def read_figures(role: Role, day: dt.date) -> CounterFigures:
    """The counter's whole reading: models only, so it may run away from the window's thread."""
    categories = counter_categories(role)
    return CounterFigures(categories, read_counts(categories, day))


def _signature(category: ServiceCategory) -> tuple[int, str, str | None]:
    return category.id, category.name, category.shortcut


class CounterState(QObject):
    """One user's categories, today's counts (everyone's), the group being typed, and the actions.

    Owned by the full desk and handed to the compact window: whichever window a key is pressed
    in, the same code reads it, the same pending group grows, and both windows hear what
    happened. Today's figures are read again every minute, but only while one of the windows
    is on the screen (``watch``).
    """

    countsChanged = Signal()
    categoriesChanged = Signal()
    # The group being typed changed (``pending``): started, grown, shortened, used up or dropped.
    pendingChanged = Signal()
    # An Outcome: what a press, a group or an undo did, or why a key did nothing.
    performed = Signal(object)
    # Why the figures could not be read again (in the clerk's words), or "" once they could.
    refreshProblem = Signal(str)

    def __init__(self, user: User, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.categories: list[ServiceCategory] = []
        self.counts = DayCounts({}, 0)
        # The +N typed so far; None: no group, the next category key is one person. "" is a
        # group begun (``+``, the +N field entered) whose size is still to come.
        self.pending: str | None = None
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.watchers: set[int] = set()
        self.read_at = 0.0
        self.problem = ""
        self._connect_signals()
        self.show_figures(read_figures(user.role_enum, dt.date.today()))

    def _connect_signals(self) -> None:
        self.refresh_timer.timeout.connect(self.refresh)

    # --- today's figures -----------------------------------------------------------------

    def watch(self, window: QObject, seen: bool) -> None:
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
                self.refresh()  # back after a while (e.g. restored): catch up at once

    def refresh(self) -> BackgroundOp[CounterFigures]:
        """Read the figures again (the secretary may have changed the categories) and show them.

        The one place the counter re-reads: the read (``read_figures``) runs on the ops'
        worker, the showing (``show_figures``) here when it arrives. A problem (the server
        restarting, the file share reconnecting) is announced (``refreshProblem``) for the
        windows to show, never raised and never a dialog.
        """
        role, day = self.user.role_enum, dt.date.today()
        op = BackgroundOp(self, lambda: read_figures(role, day)).replaces(REFRESH_KEY)
        return op.success(self.show_figures).failure(lambda problem: self.show_problem(str(problem))).run()

    def show_figures(self, figures: CounterFigures) -> None:
        """Take in one reading: the buttons are made again only when the categories changed."""
        if [_signature(c) for c in figures.categories] != [_signature(c) for c in self.categories]:
            self.categories = figures.categories
            self.counts = figures.counts
            self.categoriesChanged.emit()
        self._show_counts(figures.counts)
        self.show_problem("")

    def show_problem(self, problem: str) -> None:
        """The figures could not be read (``problem``: said at every failed reading), or could again (``""``)."""
        if problem:
            self.problem = tr("今日人次暫時無法更新：{problem}").format(problem=problem)
            self.refreshProblem.emit(self.problem)
        elif self.problem:
            self.problem = ""
            self.refreshProblem.emit("")

    def _show_counts(self, counts: DayCounts) -> None:
        self.counts = counts
        self.read_at = time.monotonic()
        self.countsChanged.emit()

    def count_of(self, category: ServiceCategory) -> int:
        return self.counts.by_category.get(category.id, 0)

    @property
    def centre_total(self) -> int:
        return self.counts.centre_total

    def category_for_key(self, key: str | None) -> ServiceCategory | None:
        if not key:
            return None
        return next((c for c in self.categories if c.shortcut and c.shortcut.upper() == key), None)

    # --- keys ----------------------------------------------------------------------------

    def handle_key(self, press: KeyPress) -> bool:
        """What a key press means at a counter, the same in the full desk and the compact window.

        True when the counter used the key; False leaves it to the widget it was pressed in
        (the +N field then edits its text as any field does).
        """
        if press.repeat:
            return True  # a key held down: one person, not a stream of them
        if press.key is Key.UNDO:
            self.undo()
            return True
        if not self.categories:
            return False
        if press.key is Key.ESCAPE:
            if self.pending is None:
                return False
            self.cancel()
            return True
        if press.key is Key.BACKSPACE:
            if not self.pending:
                return False
            self._set_pending(self.pending[:-1])
            return True
        if press.key is Key.ENTER:
            return False  # a group is sent by its category's key; Enter leaves it waiting
        return self._handle_text(press.text)

    def _handle_text(self, text: str) -> bool:
        if not text:
            return False  # arrows, function keys…: not the counter's business
        category = self.category_for_key(text)
        if category is not None:
            # In a group begun, the letter sends it, even with no size typed ("請輸入人次").
            self._record(category, None if self.pending is None else self.pending.strip())
        elif text.isdecimal():
            # A number starts a group, never a category.
            self._set_pending(((self.pending or "") + text)[:GROUP_MAX_CHARS])
        elif text == "+":
            self._set_pending("")  # "a group follows": afresh, whatever was typed before
        elif text.isalpha():
            self.performed.emit(Outcome(Action.NO_SUCH_KEY, no_such_key(text), "error"))
        else:
            return False
        return True

    def begin_group(self) -> None:
        """A key in the +N field: a group is being typed, so a letter sends it even while empty."""
        if self.pending is None:
            self._set_pending("")

    def end_empty_group(self) -> None:
        """A key at the desk itself, the +N field empty: no group waits, a letter is one person."""
        if self.pending == "":
            self._set_pending(None)

    def set_pending(self, text: str) -> None:
        """The +N field's text as edited there (a paste, Delete, a minus sign…)."""
        if text != (self.pending or ""):
            self._set_pending(text[:GROUP_MAX_CHARS])

    def _set_pending(self, pending: str | None) -> None:
        if pending != self.pending:
            self.pending = pending
            self.pendingChanged.emit()

    # --- actions -------------------------------------------------------------------------

    def choose(self, category: ServiceCategory) -> None:
        """A category's button clicked: the group typed before it, else one person."""
        self._record(category, (self.pending or "").strip() or None)

    def cancel(self) -> None:
        """Esc: the typed group is dropped and the letters count one person each again."""
        self._set_pending(None)

    def _record(self, category: ServiceCategory, group: str | None) -> None:
        """One person (``group`` None) or a typed group for ``category``, now.

        The group is used up either way: a refused one is named in the message and dropped,
        so that the next key counts one visitor instead of being refused again.
        """
        self._set_pending(None)
        action = Action.PRESS if group is None else Action.GROUP
        try:
            if group is None:
                event = record_press(self.user, category)
            else:
                event = record_group(self.user, category, group)
            self._show_counts(read_counts(self.categories, dt.date.today()))
        except EXPECTED as exc:
            self.refresh()  # e.g. the category was retired at another desk meanwhile
            reason = str(exc)
            if group:
                reason = tr("一批人「{typed}」沒有記錄：{reason}").format(typed=group, reason=reason)
            self.performed.emit(Outcome(action, reason, "error", category))
            return
        text = tr("{label} +{count}").format(label=category_label(category), count=event.count)
        self.performed.emit(Outcome(action, text, "ok", category))

    def undo(self) -> None:
        """Ctrl+Z: void this user's latest press or group of today, and say which one."""
        try:
            event = undo_last(self.user)
            self._show_counts(read_counts(self.categories, dt.date.today()))
        except EXPECTED as exc:
            self.performed.emit(Outcome(Action.UNDO, str(exc), "error"))
            return
        if event is None:
            self.performed.emit(Outcome(Action.UNDO, tr("今天沒有可以取消的紀錄"), "info"))
            return
        text = tr("已取消：{label} {count} 人次").format(label=category_label(event.category), count=event.count)
        self.performed.emit(Outcome(Action.UNDO, text))

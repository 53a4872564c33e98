"""Tab alone goes everywhere: on every desk screen of every role and in every window a screen
opens, pressing Tab from where the focus is when it opens reaches every control that takes the
keyboard before it comes back there, no control keeps Tab for itself, a form's fields come in
reading order with its 儲存 next after the last of them, and what a screen says of its keys holds.

Nothing may need an undocumented Shift+Tab. Each check gives its findings as sentences naming
the control, so a failure says what to look at; the tests are parametrised by screen and window.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLayout,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)
from pytestqt.exceptions import TimeoutError as WaitedInVain
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from models.accounts import Role, User
from models.registers.courtesy import record_courtesy_test
from models.registers.events import EventKind, record_event
from models.registers.petitions import PetitionInput, register_petition
from models.registers.training import IN_SERVICE, record_training
from models.settings import set_large_print
from models.survey.forms import ResponseInput, save_response, start_batch
from tests.ui.op_gate import RELEASE_S
from tests.ui.service.test_payments import take
from tests.ui.survey.test_desk import ALL_ONES as ALL_ONES_KEYS
from tests.ui.survey.test_desk import key_form
from tests.ui.test_large_print import open_window, user_of
from ui.features import load_features
from ui.main_window import MainWindow
from ui.ops import op_runner
from ui.registers.book import load_registers
from ui.style import is_large_print
from ui.widgets.record_list import RecordListPage

MAX_PRESSES = 2000  # more Tab presses than any screen has stops, and a grid cells
TODAY = dt.date.today()
ROW_TOLERANCE = 4  # pixels: controls outside a layout whose tops differ by less are on one row


# ---------------------------------------------------------------- walking with Tab


def name_of(widget: QWidget | None) -> str:
    """A control as its user knows it: its text, placeholder, form label or window title."""
    if widget is None:
        return "nothing"
    words = ""
    for reader in ("text", "placeholderText", "accessibleName", "windowTitle"):
        read = getattr(widget, reader, None)
        if callable(read) and (said := read()):
            words = said.replace("\n", " ")
            break
    if not words and (label := form_label(widget)):
        words = label
    return f"{type(widget).__name__} 「{words[:24]}」" if words else type(widget).__name__


def form_label(widget: QWidget) -> str:
    """The label of the form row ``widget`` is in (the field itself or its cell), or ''."""
    holder = widget
    while holder is not None and not holder.isWindow():
        parent = holder.parentWidget()
        layout = parent.layout() if parent is not None else None
        forms = [layout] if isinstance(layout, QFormLayout) else []
        forms += parent.findChildren(QFormLayout) if parent is not None else []
        for form in forms:
            label = form.labelForField(holder)
            if label is not None and hasattr(label, "text"):
                return label.text()
        holder = parent
    return ""


def tab_stops(root: QWidget) -> list[QWidget]:
    """Every control of ``root``'s window on the screen now that Tab may give the focus to."""
    return [
        widget for widget in root.findChildren(QWidget)
        if widget.window() is root and widget.isVisible() and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
    ]


def cells_of(widget: QWidget) -> int:
    """How many Tab presses a table that moves from cell to cell by Tab may keep."""
    if isinstance(widget, QAbstractItemView) and widget.tabKeyNavigation() and widget.model() is not None:
        return widget.model().rowCount() * max(1, widget.model().columnCount())
    return 0


@dataclass
class TabWalk:
    """Where Tab took the focus: ``stops`` in order, the first the one that had it at the start."""

    stops: list[QWidget]
    problems: list[str]


def walk_with_tab(qtbot: QtBot, root: QWidget) -> TabWalk:
    """Press Tab on whatever has the focus until the focus is back where it started."""
    # With nothing focused, an active window takes the keys itself (a window of one control).
    start = QApplication.focusWidget() or (root if root.isActiveWindow() else None)
    if start is None or start.window() is not root:
        return TabWalk([], [f"when it opens, {name_of(start)} has the focus, not a control of this window"])
    stops, problems, kept = [start], [], 0
    for _ in range(MAX_PRESSES):
        here = QApplication.focusWidget() or root
        text_before = here.toPlainText() if isinstance(here, (QPlainTextEdit, QTextEdit)) else None
        qtbot.keyClick(here, Qt.Key.Key_Tab)
        there = QApplication.focusWidget()
        if there is None and here is root is start:
            break  # a window of one control, which has the keys without being focused
        if there is None or there.window() is not root:
            problems.append(f"Tab from {name_of(here)} sends the focus out of the window ({name_of(there)})")
            break
        if there is here:
            kept += 1
            typed = text_before is not None and here.toPlainText() != text_before
            if typed or kept > cells_of(here):
                problems.append(f"Tab stays in {name_of(here)}" + (" (it types a tab)" if typed else " (it traps Tab)"))
                break
            continue
        kept = 0
        if there is start:
            break
        if there in stops:
            problems.append(
                f"Tab goes round from {name_of(there)} without coming back to {name_of(start)}, where the focus began"
            )
            break
        stops.append(there)
    else:
        problems.append(f"Tab never comes back to {name_of(start)} in {MAX_PRESSES} presses")
    return TabWalk(stops, problems)


# ---------------------------------------------------------------- the checks


def unreached_problems(root: QWidget, walk: TabWalk) -> list[str]:
    """Controls that take Tab focus but Tab never reached: reachable only backwards, or not at all."""
    return [f"Tab never reaches {name_of(w)}" for w in tab_stops(root) if w not in walk.stops]


Place = tuple[int, ...]


def reading_place(widget: QWidget, root: QWidget) -> Place:
    """Where ``widget`` comes when ``root`` is read: its place in each layout on the way down —
    a row above first, then left to right along a row, a column beside another read whole (the
    survey form before the list beside it); a control outside any layout by where it is."""
    place: list[int] = []
    child = widget
    while child is not root and (parent := child.parentWidget()) is not None:
        place[:0] = place_in(parent, child)
        child = parent
    return tuple(place)


def place_in(parent: QWidget, child: QWidget) -> list[int]:
    if isinstance(parent, QSplitter):
        return [parent.indexOf(child)]
    layout = parent.layout()
    found = layout_place(layout, child) if layout is not None else None
    if found is not None:
        return found
    return [child.y() // ROW_TOLERANCE, child.x()]  # a tab bar above its pages, a list's viewport


def layout_place(layout: QLayout, child: QWidget) -> list[int] | None:
    """``child``'s place in ``layout`` or a layout inside it (row and column in a grid or form,
    the index along a box), None when it is not there."""
    backwards = isinstance(layout, QBoxLayout) and layout.direction() in (
        QBoxLayout.Direction.RightToLeft, QBoxLayout.Direction.BottomToTop
    )
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if isinstance(layout, QGridLayout):
            key = list(layout.getItemPosition(index)[:2])
        elif isinstance(layout, QFormLayout):
            row, role = layout.getItemPosition(index)
            key = [row, role.value]
        else:
            key = [layout.count() - index if backwards else index]
        if item.widget() is child:
            return key
        if item.layout() is not None and (inner := layout_place(item.layout(), child)) is not None:
            return key + inner
    return None


def reading_order_problems(root: QWidget, walk: TabWalk) -> list[str]:
    """The stops are visited in reading order, counted from the first of them on the screen."""
    if len(walk.stops) < 2:
        return []
    places = [reading_place(w, root) for w in walk.stops]
    first = places.index(min(places))
    order = list(zip(walk.stops, places))
    order = order[first:] + order[:first]
    return [
        f"Tab goes from {name_of(before)} back to {name_of(after)}, which comes before it"
        for (before, at), (after, next_at) in zip(order, order[1:])
        if next_at < at
    ]


def after_last_problems(root: QWidget, walk: TabWalk, fields: list[QWidget], save: QWidget) -> list[str]:
    """From the last of a form's ``fields`` the next Tab stop is its ``save`` button."""
    if save not in walk.stops:
        return [f"Tab never reaches {name_of(save)}"]
    visited = [w for w in walk.stops if w in fields]
    if not visited:
        return []
    last = max(visited, key=lambda w: reading_place(w, root))
    following = walk.stops[(walk.stops.index(last) + 1) % len(walk.stops)]
    if following is save:
        return []
    return [f"from the form's last field {name_of(last)}, Tab goes to {name_of(following)}, not to {name_of(save)}"]


def dialog_fields(dialog: QDialog) -> list[QWidget]:
    """A dialog's Tab stops other than its row of buttons."""
    boxes = dialog.findChildren(QDialogButtonBox)
    return [w for w in tab_stops(dialog) if not any(box.isAncestorOf(w) for box in boxes)]


def default_button(dialog: QDialog) -> QPushButton:
    """The button Enter presses: the default one, else the box's accepting button."""
    buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
    chosen = [b for b in buttons if b.isDefault()]
    if chosen:
        return chosen[0]
    for box in dialog.findChildren(QDialogButtonBox):
        accepting = [b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole]
        if accepting:
            return accepting[0]
    raise AssertionError(f"{dialog.windowTitle()} has no button that saves")


def assert_none(problems: list[str]) -> None:
    assert not problems, "\n".join(["", *problems])


def screen_problems(qtbot: QtBot, window: QWidget) -> list[str]:
    """Every check for a screen: Tab reaches all, lets go everywhere, and a form's rows in order."""
    walk = walk_with_tab(qtbot, window)
    return walk.problems + unreached_problems(window, walk) + reading_order_problems(window, walk)


def dialog_problems(qtbot: QtBot, dialog: QDialog) -> list[str]:
    """Every check for a dialog: those of a screen, and its fields in reading order with its
    儲存 (the default button) next after the last."""
    walk = walk_with_tab(qtbot, dialog)
    fields = dialog_fields(dialog)
    problems = walk.problems + unreached_problems(dialog, walk) + reading_order_problems(dialog, walk)
    if not walk.problems:
        problems += after_last_problems(dialog, walk, fields, default_button(dialog))
    return problems


# ---------------------------------------------------------------- every desk screen

ROLES = (Role.VOLUNTEER, Role.OPERATOR, Role.DUTY, Role.SECRETARY)


def role_screens() -> list[tuple[Role, str]]:
    return [(role, screen.key) for role in ROLES for screen in load_features().screens_for(role)]


def role_screen_params() -> list[object]:
    return [pytest.param(role, key, id=f"{role.value}-{key}") for role, key in role_screens()]


def settled(qtbot: QtBot, window: QWidget) -> None:
    """The screen's reads done and shown, its window the one with the keys (if it gets them:
    the walk says so when it has not)."""
    assert op_runner().wait_idle(RELEASE_S)
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # as the program's loop does at once
    try:
        qtbot.waitUntil(window.isActiveWindow, timeout=1000)
    except WaitedInVain:
        pass


class StrayWindows(QObject):
    """Controls shown as windows of their own while a screen is built: a widget made visible
    before it is in its layout opens as a window for a moment, and takes the keys from the
    program's window with it."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            if not isinstance(watched, (QMainWindow, QDialog)) and watched.windowType() not in LITTLE_WINDOWS:
                self.shown.append(f"{name_of(watched)} opened as a window of its own")
        return False


LITTLE_WINDOWS = (Qt.WindowType.ToolTip, Qt.WindowType.Popup, Qt.WindowType.Tool)  # hints, lists, the compact counter


@contextmanager
def no_stray_windows() -> Iterator[None]:
    """What runs inside shows no control as a window of its own."""
    stray = StrayWindows()
    QApplication.instance().installEventFilter(stray)
    try:
        yield
    finally:
        QApplication.instance().removeEventFilter(stray)
    assert_none(stray.shown)


def show_screen(qtbot: QtBot, window: MainWindow, key: str) -> QWidget:
    workspace = window.workspace
    index = [screen.key for screen in workspace.screens].index(key)
    with no_stray_windows():
        workspace.buttons.button(index).click()
        settled(qtbot, window)
    return workspace.stack.currentWidget()


def logged_in(qtbot: QtBot, user: User) -> MainWindow:
    window = open_window(qtbot)
    with no_stray_windows():
        window.log_in(User.get_by_id(user.id))  # read again: the print chosen
        settled(qtbot, window)
    return window


@pytest.mark.parametrize("large", [False, True], ids=["normal print", "large print"])
@pytest.mark.parametrize("role, key", role_screen_params())
def test_tab_alone_goes_round_every_desk_screen(
    qtbot: QtBot, app_font: QApplication, secretary: User, role: Role, key: str, large: bool
) -> None:
    user = user_of(secretary, role)
    set_large_print(user, large)
    window = logged_in(qtbot, user)
    assert is_large_print() is large
    show_screen(qtbot, window, key)
    assert_none(screen_problems(qtbot, window))


REGISTER_TABS = [tab.key for tab in load_registers().tabs()]


@pytest.mark.parametrize("tab", REGISTER_TABS)
def test_tab_alone_goes_round_every_register_tab(qtbot: QtBot, secretary: User, tab: str) -> None:
    window = logged_in(qtbot, secretary)
    show_register(qtbot, window, tab)
    assert_none(screen_problems(qtbot, window))


def show_register(qtbot: QtBot, window: MainWindow, tab: str) -> QWidget:
    book = show_screen(qtbot, window, "registers")
    book.tabs.setCurrentIndex(REGISTER_TABS.index(tab))
    settled(qtbot, window)
    return book.page_for(tab)


# ---------------------------------------------------------------- the screens' other states


def survey_stack_begun(qtbot: QtBot, secretary: User) -> QWidget:
    """A stack begun (結束本疊 takes the keys too) and a phone consented to (its field shown)."""
    window = logged_in(qtbot, user_of(secretary, Role.VOLUNTEER))
    desk = window.workspace.stack.currentWidget()
    key_form(qtbot, desk, ALL_ONES_KEYS)
    desk.extras.consent_box.setChecked(True)
    desk.form.setFocus()
    settled(qtbot, window)
    return window


def survey_list_in_large_print(qtbot: QtBot, secretary: User) -> QWidget:
    """In large print the stack's list takes the form's place (Ctrl+L)."""
    volunteer = user_of(secretary, Role.VOLUNTEER)
    set_large_print(volunteer, True)
    window = logged_in(qtbot, volunteer)
    desk = window.workspace.stack.currentWidget()
    key_form(qtbot, desk, ALL_ONES_KEYS)
    desk.show_list(True)
    settled(qtbot, window)
    return window


def counter_compact(qtbot: QtBot, secretary: User) -> QWidget:
    window = logged_in(qtbot, user_of(secretary, Role.OPERATOR))
    compact = show_screen(qtbot, window, "counter").enter_compact_mode()
    qtbot.waitUntil(compact.isActiveWindow)
    return compact


def report_text_open(qtbot: QtBot, secretary: User) -> QWidget:
    """成果報告 with a text block chosen: its text and the 代號 list beside it."""
    window = logged_in(qtbot, secretary)
    report = show_screen(qtbot, window, "report")
    tree = report.tree
    block = next(item for item in iter_tree(tree) if item.childCount() == 0)
    tree.setCurrentItem(block)
    settled(qtbot, window)
    return window


def iter_tree(tree: QTreeWidget) -> Iterator[QTreeWidgetItem]:
    """The tree's items, each before its children."""
    stack = [tree.topLevelItem(n) for n in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop(0)
        yield item
        stack[:0] = [item.child(n) for n in range(item.childCount())]


def choose_user(qtbot: QtBot, secretary: User) -> QWidget:
    user_of(secretary, Role.VOLUNTEER)
    window = open_window(qtbot)
    settled(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return window


STATES: dict[str, Callable[[QtBot, User], QWidget]] = {
    "survey-stack-begun": survey_stack_begun,
    "survey-list-large-print": survey_list_in_large_print,
    "counter-compact": counter_compact,
    "report-text-open": report_text_open,
    "start-choose-user": choose_user,
}


@pytest.mark.parametrize("state", STATES)
def test_tab_alone_goes_round_every_state_of_a_screen(qtbot: QtBot, secretary: User, state: str) -> None:
    window = STATES[state](qtbot, secretary)
    assert_none(screen_problems(qtbot, window))


def test_tab_alone_goes_round_the_first_start(qtbot: QtBot, database: object) -> None:
    window = open_window(qtbot)
    settled(qtbot, window)
    assert_none(screen_problems(qtbot, window))


# ---------------------------------------------------------------- every window a screen opens


CHECKED = "tabOrderChecked"


class Dialogs:
    """The dialogs a screen opens, checked as they open: one shown with ``exec()`` is checked
    inside it (then closed, as Esc would), one shown with ``open()`` once the action returns."""

    def __init__(self, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
        self.qtbot = qtbot
        self.found: dict[str, list[str]] = {}
        monkeypatch.setattr(QDialog, "exec", lambda dialog: self._exec(dialog))

    def _exec(self, dialog: QDialog) -> int:
        dialog.show()
        self.check(dialog)
        dialog.hide()
        return QDialog.DialogCode.Rejected

    def check(self, dialog: QDialog) -> None:
        self.qtbot.waitUntil(dialog.isActiveWindow)
        assert op_runner().wait_idle(RELEASE_S)
        dialog.setProperty(CHECKED, True)
        checks = dialog_problems if dialog_saves(dialog) else screen_problems
        self.found[dialog.windowTitle()] = checks(self.qtbot, dialog)

    def check_opened(self) -> None:
        """The dialogs shown since (with ``open()``), each once."""
        for widget in QApplication.topLevelWidgets():
            if isValid(widget) and isinstance(widget, QDialog) and widget.isVisible() and not widget.property(CHECKED):
                self.check(widget)


def dialog_saves(dialog: QDialog) -> bool:
    """Whether the dialog is a form that saves (OK/儲存), not a window of lists with 關閉."""
    return any(
        box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole
        for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()
    )


@pytest.fixture
def dialogs(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    return Dialogs(qtbot, monkeypatch)


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def list_page_dialogs(qtbot: QtBot, page: RecordListPage, dialogs: Dialogs, *, add: bool = True) -> None:
    """A list's 新增 and 修改 (its first row) dialogs."""
    if add:
        click(qtbot, page.add_button)
        dialogs.check_opened()
        page.dialog.reject()
    page.table.selectRow(0)
    click(qtbot, page.edit_button)
    dialogs.check_opened()
    page.dialog.reject()


def survey_edit(qtbot: QtBot, secretary: User, dialogs: Dialogs) -> None:
    window = logged_in(qtbot, user_of(secretary, Role.VOLUNTEER))
    desk = window.workspace.stack.currentWidget()
    key_form(qtbot, desk, ALL_ONES_KEYS)
    desk.table.selectRow(0)
    click(qtbot, desk.edit_button)


def payment_edit(qtbot: QtBot, secretary: User, dialogs: Dialogs) -> None:
    window = logged_in(qtbot, user_of(secretary, Role.DUTY))
    page = show_screen(qtbot, window, "payments")
    take(qtbot, page, "1500")
    page.table.selectRow(0)
    click(qtbot, page.edit_button)


def users_dialogs(qtbot: QtBot, secretary: User, dialogs: Dialogs) -> None:
    window = logged_in(qtbot, secretary)
    list_page_dialogs(qtbot, show_screen(qtbot, window, "users"), dialogs)


def categories_dialogs(qtbot: QtBot, secretary: User, dialogs: Dialogs) -> None:
    window = logged_in(qtbot, secretary)
    list_page_dialogs(qtbot, show_screen(qtbot, window, "categories"), dialogs)


def history(qtbot: QtBot, secretary: User, dialogs: Dialogs) -> None:
    window = logged_in(qtbot, secretary)
    page = show_screen(qtbot, window, "users")
    page.table.selectRow(0)
    click(qtbot, page.history_button)
    dialogs.check_opened()


def pin(qtbot: QtBot, secretary: User, dialogs: Dialogs) -> None:
    window = open_window(qtbot)
    settled(qtbot, window)
    click(qtbot, window.choose_user.buttons[0])


def register_dialogs(tab: str, make: Callable[[User], object], *, add: bool = True) -> Callable[[QtBot, User, Dialogs], None]:
    def opened(qtbot: QtBot, secretary: User, dialogs: Dialogs) -> None:
        make(secretary)
        window = logged_in(qtbot, secretary)
        list_page_dialogs(qtbot, show_register(qtbot, window, tab), dialogs, add=add)
    return opened


def a_petition(secretary: User) -> object:
    return register_petition(secretary, PetitionInput(TODAY, "phone", "rights", "查封車輛何時發還"))


def a_follow_up(secretary: User) -> object:
    volunteer = user_of(secretary, Role.VOLUNTEER)
    batch = start_batch(volunteer, TODAY, None)
    return save_response(volunteer, batch, ResponseInput({**{c: 1 for c in "ABCDEFGHIJK"}, "C": 4}, "等太久", "0912-345-678", True))


def a_courtesy_test(secretary: User) -> object:
    return record_courtesy_test(secretary, TODAY, "總機", "92")


def a_training(secretary: User) -> object:
    return record_training(secretary, TODAY, IN_SERVICE, "強制執行實務", "2", "王講師")


def an_event(secretary: User) -> object:
    kind = EventKind.get((EventKind.name == "捐血") & EventKind.voided_at.is_null())
    return record_event(secretary, kind, TODAY, "捐血活動", {"人次": "35", "cc": "9000"})


def event_kinds(qtbot: QtBot, secretary: User, dialogs: Dialogs) -> None:
    window = logged_in(qtbot, secretary)
    page = show_register(qtbot, window, "events")
    click(qtbot, page.kinds_button)
    dialogs.check_opened()
    list_page_dialogs(qtbot, page.kinds_dialog.page, dialogs)


# Each screen's windows: how they are opened, and the titles of those it opens.
DIALOG_OPENERS: dict[str, tuple[Callable[[QtBot, User, Dialogs], None], set[str]]] = {
    "survey-edit": (survey_edit, {"修改問卷"}),
    "payment-edit": (payment_edit, {"修改收款"}),
    "users": (users_dialogs, {"新增使用者", "修改使用者"}),
    "categories": (categories_dialogs, {"新增類別", "修改類別"}),
    "history": (history, {"修改歷程"}),
    "pin": (pin, {"研考登入"}),
    "petitions": (register_dialogs("petitions", a_petition), {"登記陳情案件", "修改陳情案件"}),
    "followups": (register_dialogs("followups", a_follow_up, add=False), {"記錄聯絡"}),
    "courtesy": (register_dialogs("courtesy", a_courtesy_test), {"新增電話禮貌測試", "修改電話禮貌測試"}),
    "training": (register_dialogs("training", a_training), {"記錄訓練", "修改訓練"}),
    "events": (register_dialogs("events", an_event), {"記錄活動", "修改活動"}),
    "event-kinds": (event_kinds, {"活動類別", "新增活動類別", "修改活動類別"}),
}


@pytest.mark.parametrize("screen", DIALOG_OPENERS)
def test_tab_alone_goes_round_every_dialog(qtbot: QtBot, secretary: User, dialogs: Dialogs, screen: str) -> None:
    open_them, titles = DIALOG_OPENERS[screen]
    open_them(qtbot, secretary, dialogs)
    assert set(dialogs.found) == titles
    assert_none([f"{title}: {problem}" for title, found in dialogs.found.items() for problem in found])


# ---------------------------------------------------------------- what the screens say of Tab


def grid_screen(qtbot: QtBot, secretary: User, screen: str) -> tuple[MainWindow, QWidget]:
    """The window (kept, or the screen goes with it) and the grid screen ``screen`` in it."""
    window = logged_in(qtbot, secretary)
    page = show_register(qtbot, window, "monthly") if screen == "monthly" else show_screen(qtbot, window, screen)
    return window, page


@pytest.mark.parametrize("screen", ["month_grid", "monthly"])
def test_in_a_grid_tab_goes_to_the_next_cell_and_leaves_after_the_last(qtbot: QtBot, secretary: User, screen: str) -> None:
    """日誌補登 and 每月數據: Tab moves one cell across (as the README says), and from the last
    cell on to the screen's next control instead of round to the first cell again."""
    window, page = grid_screen(qtbot, secretary, screen)
    table = page.table
    model = table.model()
    first = model.index(0, 0)
    table.setCurrentIndex(first)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert table.hasFocus() and (table.currentIndex().row(), table.currentIndex().column()) == (0, 1)
    last = model.index(model.rowCount() - 1, model.columnCount() - 1)
    table.setCurrentIndex(last)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus() and table.currentIndex() == last
    table.setFocus()
    table.setCurrentIndex(first)
    qtbot.keyClick(table, Qt.Key.Key_Backtab)
    assert not table.hasFocus() and table.currentIndex() == first


def test_the_monthly_figures_say_what_tab_does(qtbot: QtBot, secretary: User) -> None:
    window, page = grid_screen(qtbot, secretary, "monthly")
    assert "Tab 到右邊一格" in page.note.text()

"""The service counter driven with keys and clicks, as the switchboard operator counts a day.

The figures are read again as an op: a test that reads them after ``activate`` waits for
it first (``refreshed``)."""
from __future__ import annotations

import ast
import datetime as dt
import inspect
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import peewee
import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from models.accounts import Role, User
from models.audit import AuditEntry
from models.db import CONNECTION_CUT, storage_errors
from models.errors import StorageError
from models.service.categories import ServiceCategory, update_category
from models.service.counts import SOURCE_GROUP, SOURCE_PRESS, ServiceEvent, record_payment, record_press, set_day_total
from models.settings import set_large_print
from models.users import create_user
from tests.ui.fit_checks import fit_problems, settle, text_problems
from tests.ui.op_gate import RELEASE_S, Gate, assert_the_loop_runs
from tests.ui.test_large_print import open_window
from ui.main_window import MainWindow
from ui.ops import op_runner
import ui.service.counter.compact as counter_compact
from ui.service.counter.compact import CompactCounter
import ui.service.counter.desk as counter_desk
from ui.service.counter.desk import CounterDesk
import ui.service.counter.pad as counter_pad
from ui.service.counter.pad import short_name
import ui.service.counter.state as counter_state


@pytest.fixture
def operator(secretary: User) -> User:
    return create_user(secretary, "張總機", Role.OPERATOR)


@pytest.fixture
def duty(secretary: User) -> User:
    return create_user(secretary, "李輪值", Role.DUTY)


def category(code: str) -> ServiceCategory:
    return ServiceCategory.get(ServiceCategory.code == code)


def refreshed() -> None:
    """Until the figures asked for have been read again and are shown."""
    assert op_runner().wait_idle(RELEASE_S)


def make_desk(qtbot: QtBot, user: User) -> CounterDesk:
    desk = CounterDesk(user)
    qtbot.addWidget(desk)
    desk.show()
    desk.activate()
    refreshed()
    return desk


def ctrl_z(qtbot: QtBot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def type_key(qtbot: QtBot, desk: CounterDesk, key) -> None:
    """A key as the real keyboard delivers it: to whichever widget of the desk has the focus."""
    qtbot.keyClick(desk.focusWidget() or desk, key)


def live_events() -> list[ServiceEvent]:
    return list(ServiceEvent.select().where(ServiceEvent.voided_at.is_null()).order_by(ServiceEvent.id))


def written() -> tuple[int, int]:
    return ServiceEvent.select().count(), AuditEntry.select().count()


def test_three_key_presses_count_three(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    for key in ("a", "A", "a"):
        qtbot.keyClick(desk, key)
    events = live_events()
    assert len(events) == 3
    assert {(e.category.code, e.count, e.source, e.created_by_id) for e in events} == {("A", 1, SOURCE_PRESS, operator.id)}
    assert desk.pad.button_for("A").count_text() == "3"
    assert desk.pad.button_for("B").count_text() == "0"
    assert desk.banner.text() == "A 總機電話服務 +1"
    assert desk.total_label.text() == "全中心今日合計 3 人次"
    assert desk.message.text() == ""


def test_the_centre_total_counts_every_desk_not_only_this_roles(
    qtbot: QtBot, operator: User, duty: User, volunteer: User
) -> None:
    for _ in range(9):
        record_press(operator, category("A"))
    for _ in range(3):
        record_press(duty, category("H"))
    record_payment(duty, "500")  # a noon-hour payment is one person served too (G)
    for user in (operator, duty, volunteer):
        desk = make_desk(qtbot, user)
        assert desk.total_label.text() == "全中心今日合計 13 人次", user.name
    qtbot.keyClick(desk, "i")  # the volunteer guides one more visitor
    assert desk.total_label.text() == "全中心今日合計 14 人次"


def test_after_the_secretary_set_the_day_the_desk_says_why_it_cannot_change_it(
    qtbot: QtBot, operator: User, secretary: User
) -> None:
    desk = make_desk(qtbot, operator)
    for _ in range(3):
        qtbot.keyClick(desk, "a")
    set_day_total(secretary, category("A"), dt.date.today(), "1")
    before = written()
    ctrl_z(qtbot, desk)
    refused = "研考已在「日誌補登」填好這一天「總機電話服務」的合計，櫃台不能再增減；要更正請研考在「日誌補登」修改這一格。"
    assert desk.message.text() == refused
    qtbot.keyClick(desk, "a")
    assert desk.message.text() == refused
    refreshed()
    assert written() == before
    assert desk.pad.button_for("A").count_text() == "1"  # her total, not the presses


def test_ctrl_z_takes_back_presses_one_at_a_time(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    for _ in range(3):
        qtbot.keyClick(desk, "a")
    ctrl_z(qtbot, desk)
    assert desk.banner.text() == "已取消：A 總機電話服務 1 人次"
    ctrl_z(qtbot, desk)
    assert ServiceEvent.select().where(ServiceEvent.voided_at.is_null(False)).count() == 2
    assert len(live_events()) == 1
    assert desk.pad.button_for("A").count_text() == "1"
    voids = list(AuditEntry.select().where(AuditEntry.action == "void"))
    assert len(voids) == 2 and all(v.user_id == operator.id for v in voids)


def test_ctrl_z_with_nothing_left_says_so(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    qtbot.keyClick(desk, "d")
    ctrl_z(qtbot, desk)
    ctrl_z(qtbot, desk)
    assert desk.banner.text() == "今天沒有可以取消的紀錄"
    assert desk.pad.button_for("D").count_text() == "0"
    assert AuditEntry.select().where(AuditEntry.action == "void").count() == 1


def test_ctrl_z_only_takes_back_ones_own_presses(qtbot: QtBot, secretary: User, operator: User) -> None:
    other = create_user(secretary, "王總機", Role.OPERATOR)
    make_desk(qtbot, other)
    qtbot.keyClick(make_desk(qtbot, other), "a")
    desk = make_desk(qtbot, operator)
    ctrl_z(qtbot, desk)
    assert desk.banner.text() == "今天沒有可以取消的紀錄"
    assert len(live_events()) == 1


def test_group_typed_then_key_records_one_event_of_n(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    desk.group_edit.setFocus()
    qtbot.keyClicks(desk.group_edit, "5")
    qtbot.keyClick(desk.group_edit, "a")
    [event] = live_events()
    assert (event.category.code, event.count, event.source) == ("A", 5, SOURCE_GROUP)
    assert desk.pad.button_for("A").count_text() == "5"
    assert desk.banner.text() == "A 總機電話服務 +5"
    assert desk.group_edit.text() == ""
    # the next letter is one person again
    assert desk.focusWidget() is desk
    type_key(qtbot, desk, "a")
    assert desk.pad.button_for("A").count_text() == "6"
    ctrl_z(qtbot, desk)
    ctrl_z(qtbot, desk.group_edit)  # Ctrl+Z means the same in the +N field
    assert desk.banner.text() == "已取消：A 總機電話服務 5 人次"
    assert desk.pad.button_for("A").count_text() == "0"


def test_digits_at_the_desk_start_a_group_instead_of_a_category(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    qtbot.keyClicks(desk, "12")
    assert desk.group_edit.text() == "12" and desk.focusWidget() is desk.group_edit
    assert written()[0] == 0
    qtbot.keyClick(desk.group_edit, "b")
    [event] = live_events()
    assert (event.category.code, event.count) == ("B", 12)


def test_plus_key_opens_the_group_field_and_a_click_takes_the_group(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    qtbot.keyClick(desk, "+")
    assert desk.focusWidget() is desk.group_edit
    qtbot.keyClicks(desk.group_edit, "3")
    qtbot.mouseClick(desk.pad.button_for("C"), Qt.MouseButton.LeftButton)
    [event] = live_events()
    assert (event.category.code, event.count) == ("C", 3)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("0", "人次必須大於 0"),
        ("-2", "人次請輸入整數，不要有小數點或正負號"),
        ("abc", "人次請輸入整數，不要有小數點或正負號"),
        ("9999", "人次最多 500"),
        ("", "請輸入人次"),
    ],
)
def test_bad_group_size_writes_nothing(qtbot: QtBot, operator: User, typed: str, message: str) -> None:
    desk = make_desk(qtbot, operator)
    desk.group_edit.setText(typed)
    desk.group_edit.setFocus()
    before = written()
    qtbot.keyClick(desk.group_edit, "a")
    assert message in desk.message.text()
    if typed:
        assert f"「{typed}」" in desk.message.text()  # what was refused is named, as the field is cleared
    assert written() == before
    assert desk.pad.button_for("A").count_text() == "0"
    # the keyboard is back with the desk: the next letter is one visitor, not the same refusal again
    assert desk.group_edit.text() == ""
    assert desk.focusWidget() is desk
    type_key(qtbot, desk, "a")
    [event] = live_events()
    assert (event.category.code, event.count, event.source) == ("A", 1, SOURCE_PRESS)


def test_escape_clears_the_group_field_and_a_click_is_one_person(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    desk.group_edit.setFocus()
    qtbot.keyClicks(desk.group_edit, "40")
    qtbot.keyClick(desk.group_edit, Qt.Key.Key_Escape)
    assert desk.group_edit.text() == ""
    qtbot.mouseClick(desk.pad.button_for("E"), Qt.MouseButton.LeftButton)
    [event] = live_events()
    assert (event.category.code, event.count, event.source) == ("E", 1, SOURCE_PRESS)


def test_escape_in_the_group_field_gives_the_keyboard_back_to_the_desk(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    type_key(qtbot, desk, "4")
    type_key(qtbot, desk, "0")
    assert desk.focusWidget() is desk.group_edit
    type_key(qtbot, desk, Qt.Key.Key_Escape)
    assert desk.group_edit.text() == ""
    assert desk.focusWidget() is desk
    for key in ("e", "e"):
        type_key(qtbot, desk, key)
    assert desk.message.text() == ""
    assert [(e.category.code, e.count, e.source) for e in live_events()] == [("E", 1, SOURCE_PRESS)] * 2
    assert desk.pad.button_for("E").count_text() == "2"


def test_plus_then_escape_leaves_the_keyboard_with_the_desk(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    type_key(qtbot, desk, "+")
    type_key(qtbot, desk, Qt.Key.Key_Escape)
    type_key(qtbot, desk, "b")
    [event] = live_events()
    assert (event.category.code, event.count) == ("B", 1)


def test_a_key_without_a_category_says_so(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    before = written()
    qtbot.keyClick(desk, "h")  # H belongs to the duty clerk
    assert "「H」鍵沒有對應的服務項目" in desk.message.text()
    assert written() == before


def test_a_key_held_down_counts_once(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    for repeat in (False, True, True, True):
        QApplication.sendEvent(desk, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a", repeat))
    assert desk.pad.button_for("A").count_text() == "1"
    assert len(live_events()) == 1


def test_activate_shows_categories_changed_by_the_secretary(qtbot: QtBot, secretary: User, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    compact = desk.enter_compact_mode()
    retired = ServiceCategory.get(ServiceCategory.code == "E")
    update_category(secretary, retired, name=retired.name, roles=[Role.OPERATOR], shortcut="E", active=False)
    renamed = ServiceCategory.get(ServiceCategory.code == "D")
    update_category(secretary, renamed, name="停車服務", roles=[Role.OPERATOR], shortcut="P", active=True)
    desk.activate()
    refreshed()
    assert shown_keys(desk) == ["A", "B", "C", "P", "F"]
    assert [b.category.shortcut for b in compact.pad.buttons] == ["A", "B", "C", "P", "F"]
    assert desk.pad.button_for("P").name_label.text() == "停車服務"
    qtbot.keyClick(desk, "p")
    assert live_events()[0].category.code == "D"


def shown_keys(desk: CounterDesk) -> list[str]:
    return [button.category.shortcut for button in desk.pad.buttons]


def test_each_role_sees_its_own_categories(qtbot: QtBot, secretary: User, operator: User, volunteer: User, duty: User) -> None:
    assert shown_keys(make_desk(qtbot, operator)) == ["A", "B", "C", "D", "E", "F"]
    volunteer_desk = make_desk(qtbot, volunteer)
    assert shown_keys(volunteer_desk) == ["C", "F", "I"]
    assert shown_keys(make_desk(qtbot, duty)) == ["B", "H"]
    qtbot.keyClick(volunteer_desk, "a")  # the operator's key does nothing here
    assert written()[0] == 0
    qtbot.keyClick(volunteer_desk, "i")
    assert live_events()[0].category.code == "I"


def test_a_role_without_categories_gets_a_friendly_message(qtbot: QtBot, secretary: User) -> None:
    desk = make_desk(qtbot, secretary)
    assert desk.pad.buttons == []
    assert desk.empty_label.isVisible() and "沒有要在服務台計數的項目" in desk.empty_label.text()
    assert not desk.compact_button.isVisible()
    before = written()
    qtbot.keyClick(desk, "a")
    assert written() == before
    desk.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is desk)
    qtbot.keyClick(desk, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert not desk.compact.isVisible()  # an empty strip is no use either


def test_counts_are_everyones_and_activate_refreshes_them(qtbot: QtBot, secretary: User, operator: User, volunteer: User) -> None:
    mine = make_desk(qtbot, operator)
    theirs = make_desk(qtbot, volunteer)
    qtbot.keyClick(theirs, "c")
    qtbot.keyClick(theirs, "c")
    assert mine.pad.button_for("C").count_text() == "0"  # not yet re-read
    mine.activate()
    refreshed()
    assert mine.pad.button_for("C").count_text() == "2"
    qtbot.keyClick(mine, "c")
    assert mine.pad.button_for("C").count_text() == "3"  # a press re-reads everyone's count


def test_compact_window_stays_on_top_and_counts_for_the_full_screen(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    qtbot.keyClick(desk, "a")
    qtbot.mouseClick(desk.compact_button, Qt.MouseButton.LeftButton)
    compact = desk.compact
    assert isinstance(compact, CompactCounter)
    assert compact.isVisible() and compact.isWindow()
    assert compact.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert [b.category.shortcut for b in compact.pad.buttons] == shown_keys(desk)
    assert compact.pad.button_for("A").count_text() == "1"
    qtbot.keyClick(compact, "c")
    qtbot.mouseClick(compact.pad.button_for("C"), Qt.MouseButton.LeftButton)
    assert [e.category.code for e in live_events()] == ["A", "C", "C"]
    assert compact.pad.button_for("C").count_text() == "2"
    assert desk.pad.button_for("C").count_text() == "2"  # the full screen follows at once
    assert compact.status.text() == "C 服務中心導引民眾 +1"
    ctrl_z(qtbot, compact)
    assert compact.status.text() == "已取消：C 服務中心導引民眾 1 人次"
    assert desk.pad.button_for("C").count_text() == "1"
    qtbot.mouseClick(compact.back_button, Qt.MouseButton.LeftButton)
    assert not compact.isVisible()
    assert desk.isVisible() and not desk.isMinimized()
    qtbot.keyClick(desk, "c")
    assert compact.pad.button_for("C").count_text() == "2"


def test_compact_mode_can_be_opened_again(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    first = desk.enter_compact_mode()
    desk.leave_compact_mode()
    assert desk.enter_compact_mode() is first and first.isVisible()


def test_compact_window_has_no_minimise_button_and_always_comes_back(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    qtbot.mouseClick(desk.compact_button, Qt.MouseButton.LeftButton)
    compact = desk.compact
    flags = compact.windowFlags()
    assert flags & Qt.WindowType.Tool == Qt.WindowType.Tool
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert flags & Qt.WindowType.CustomizeWindowHint  # only the hints below, no window-manager defaults
    assert flags & Qt.WindowType.WindowTitleHint and flags & Qt.WindowType.WindowCloseButtonHint
    assert not flags & Qt.WindowType.WindowMinimizeButtonHint
    compact.showMinimized()  # e.g. by the window manager's own menu
    desk.window().showNormal()
    qtbot.mouseClick(desk.compact_button, Qt.MouseButton.LeftButton)
    assert compact.isVisible() and not compact.isMinimized()
    compact.hide()
    qtbot.mouseClick(desk.compact_button, Qt.MouseButton.LeftButton)
    assert compact.isVisible() and not compact.isMinimized()


def test_compact_window_counts_groups_like_the_full_screen(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    compact = desk.enter_compact_mode()
    qtbot.keyClicks(compact, "12")
    assert "+12" in compact.status.text()
    assert written()[0] == 0  # a digit alone records nothing
    qtbot.keyClick(compact, "c")
    [event] = live_events()
    assert (event.category.code, event.count, event.source) == ("C", 12, SOURCE_GROUP)
    assert compact.status.text() == "C 服務中心導引民眾 +12"
    assert compact.pad.button_for("C").count_text() == "12" and desk.pad.button_for("C").count_text() == "12"
    qtbot.keyClick(compact, "c")  # the group is used up: one person again
    assert [e.count for e in live_events()] == [12, 1]
    # Esc drops a typed group
    qtbot.keyClick(compact, "3")
    qtbot.keyClick(compact, Qt.Key.Key_Escape)
    assert "+3" not in compact.status.text()
    qtbot.keyClick(compact, "a")
    assert live_events()[-1].count == 1
    # a click takes a waiting group too
    qtbot.keyClick(compact, "+")
    qtbot.keyClick(compact, "4")
    qtbot.mouseClick(compact.pad.button_for("F"), Qt.MouseButton.LeftButton)
    assert (live_events()[-1].category.code, live_events()[-1].count) == ("F", 4)
    ctrl_z(qtbot, compact)
    assert compact.status.text() == "已取消：F 其他服務(殘障人士服務) 4 人次"


def test_compact_window_refuses_a_bad_group_and_counts_the_next_key(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    compact = desk.enter_compact_mode()
    qtbot.keyClicks(compact, "9999")
    before = written()
    qtbot.keyClick(compact, "a")
    assert "人次最多 500" in compact.status.text() and "「9999」" in compact.status.text()
    assert written() == before
    qtbot.keyClick(compact, "a")
    [event] = live_events()
    assert (event.category.code, event.count, event.source) == ("A", 1, SOURCE_PRESS)
    qtbot.keyClick(compact, "h")  # the duty clerk's key
    assert "「H」鍵沒有對應的服務項目" in compact.status.text()
    assert len(live_events()) == 1


def test_big_buttons_say_the_count_is_the_whole_centres(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    texts = [label.text() for label in desk.pad.button_for("A").findChildren(QLabel)]
    assert "全中心今日" in texts
    assert "今日人次" not in texts


def test_leaving_compact_mode_clears_stale_messages(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    qtbot.keyClick(desk, "a")
    qtbot.keyClick(desk, "h")
    assert desk.banner.text() and desk.message.text()
    compact = desk.enter_compact_mode()
    qtbot.keyClick(compact, "b")
    qtbot.mouseClick(compact.back_button, Qt.MouseButton.LeftButton)
    assert desk.banner.text() == ""
    assert desk.message.text() == ""
    assert desk.pad.button_for("B").count_text() == "1"


def test_background_refresh_runs_only_while_a_counter_window_is_seen(qtbot: QtBot, operator: User) -> None:
    desk = CounterDesk(operator)
    qtbot.addWidget(desk)
    timer = desk.state.refresh_timer
    assert not timer.isActive()  # built, not yet shown
    desk.show()
    desk.activate()
    assert timer.isActive()
    desk.hide()  # another screen of the workspace is shown
    assert not timer.isActive()
    desk.show()
    assert timer.isActive()
    compact = desk.enter_compact_mode()
    desk.hide()
    assert timer.isActive()  # the compact window is on the screen and shows the counts
    compact.hide()
    assert not timer.isActive()
    desk.leave_compact_mode()
    assert timer.isActive()


def sqlite_error(text: str, name: str) -> peewee.OperationalError:
    """An error as peewee raises it from the driver: the driver's, with its code, inside."""
    driver = sqlite3.OperationalError(text)
    driver.sqlite_errorname = name
    return peewee.OperationalError(driver)


@pytest.mark.parametrize(
    "error, text",
    [
        (sqlite_error("database is locked", "SQLITE_BUSY"), "資料庫正由另一台電腦或程式寫入中"),
        (peewee.InterfaceError("connection already closed"), "與資料庫的連線中斷了"),
    ],
)
def test_background_refresh_reports_a_lost_database_quietly(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, operator: User, error: Exception, text: str
) -> None:
    desk = make_desk(qtbot, operator)
    compact = desk.enter_compact_mode()

    def unavailable(role):
        with storage_errors():  # what the model's read does when the driver fails
            raise error

    monkeypatch.setattr(counter_state, "counter_categories", unavailable)
    desk.state.refresh_timer.setInterval(5)
    qtbot.waitUntil(lambda: text in desk.message.text())
    assert text in compact.status.text()
    assert QApplication.activeModalWidget() is None  # no dialog
    monkeypatch.undo()  # the database is back: the note goes away by itself
    qtbot.waitUntil(lambda: desk.message.text() == "")
    assert compact.status.text() == ""
    qtbot.keyClick(desk, "a")
    assert desk.pad.button_for("A").count_text() == "1"


COUNTER_MODULES = [counter_state, counter_pad, counter_desk, counter_compact]


def test_the_counter_modules_are_all_checked() -> None:
    package = Path(counter_state.__file__).parent
    assert {Path(m.__file__).name for m in COUNTER_MODULES} == {p.name for p in package.glob("*.py")} - {"__init__.py"}


@pytest.mark.parametrize("module", COUNTER_MODULES, ids=lambda m: m.__name__)
def test_signal_connections_are_made_in_connect_signals(module: ModuleType) -> None:
    tree = ast.parse(inspect.getsource(module))
    misplaced = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inside = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            is_connect = isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) and child.func.attr == "connect"
            if is_connect and function != "_connect_signals":
                misplaced.append((function, child.lineno))
            visit(child, inside)

    visit(tree, "<module>")
    assert misplaced == []


def test_short_names_for_the_compact_window() -> None:
    assert short_name("總機電話服務") == "總機電話服務"
    assert short_name("其他服務(殘障人士服務)") == "其他服務"
    assert short_name("一二三四五六七八九十") == "一二三四五六七八…"


# --- the figures are read again off the window's thread ----------------------------------


def test_keys_are_counted_while_the_figures_are_read(
    qtbot: QtBot, operator: User, secretary: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_desk(qtbot, operator)
    reads: list[int] = []
    gate = Gate()
    held = gate.holding(counter_state.read_figures)
    monkeypatch.setattr(counter_state, "read_figures", lambda role, day: reads.append(1) or held(role, day))
    elsewhere = ServiceCategory.get(ServiceCategory.code == "C")
    record_press(secretary, elsewhere)  # another desk
    try:
        desk.state.refresh_timer.setInterval(5)  # asked for again and again while the first is held
        qtbot.waitUntil(gate.reached.is_set, timeout=RELEASE_S * 1000)
        assert_the_loop_runs(qtbot, desk)
        assert desk.pad.button_for("C").count_text() == "0"  # not yet read again
        qtbot.keyClick(desk, "a")  # the key is read and the press written and shown at once
        assert desk.pad.button_for("A").count_text() == "1" and desk.banner.text() == "A 總機電話服務 +1"
        assert [e.category.code for e in live_events()] == ["C", "A"]
        record_press(secretary, elsewhere)  # and the other desk again, after the press re-read the counts
        qtbot.wait(100)
        desk.state.refresh_timer.stop()
    finally:
        gate.open()
    refreshed()
    assert desk.pad.button_for("C").count_text() == "2"
    assert reads == [1, 1]  # the held one, and one in the place of all asked for meanwhile


def test_a_refresh_that_fails_says_so_and_keeps_the_figures_shown(
    qtbot: QtBot, operator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_desk(qtbot, operator)
    qtbot.keyClick(desk, "b")
    compact = desk.enter_compact_mode()
    before = [(b.category.shortcut, b.count_text()) for b in desk.pad.buttons]

    def unavailable(role: Role, day: object) -> object:
        raise StorageError("與資料庫的連線中斷了，請稍後再試。")

    monkeypatch.setattr(counter_state, "read_figures", unavailable)
    desk.activate()
    refreshed()
    assert desk.message.text() == "今日人次暫時無法更新：與資料庫的連線中斷了，請稍後再試。"
    assert compact.status.text() == desk.message.text()
    assert [(b.category.shortcut, b.count_text()) for b in desk.pad.buttons] == before  # nothing half-drawn
    assert [(b.category.shortcut, b.count_text()) for b in compact.pad.buttons] == before
    assert QApplication.activeModalWidget() is None  # quietly: no dialog at the counter


def test_the_compact_counter_shows_the_digits_of_a_group_being_typed(qtbot: QtBot, operator: User) -> None:
    """As the full desk does: 1, 2 → 「一批 +12 人」, then the category's key counts 12."""
    desk = make_desk(qtbot, operator)
    compact = desk.enter_compact_mode()
    qtbot.keyClick(compact, "1")
    assert compact.status.text().startswith("一批 +1 人")
    qtbot.keyClick(compact, "2")
    assert compact.status.text() == "一批 +12 人：按類別鍵，Esc 清除"
    qtbot.keyClick(compact, "c")
    refreshed()
    assert compact.pad.button_for("C").count_text() == "12"
    assert "12" in compact.status.text() and "一批" not in compact.status.text()


# --- every message, the longest category name, at 1366×768 in both prints --------------

# A name as long as a category's may be (40 characters), with the note in brackets that the
# compact window's buttons leave out; the messages name it in full.
LONGEST_NAME = "其他服務(殘障人士服務、高齡長者陪同洽公、輪椅與老花眼鏡借用及代填各類申請表單)"
SET_BY_SECRETARY = (
    f"研考已在「日誌補登」填好這一天「{LONGEST_NAME}」的合計，櫃台不能再增減；要更正請研考在「日誌補登」修改這一格。"
)
GROUP_PROMPT = "一批 +999999 人：按類別鍵，Esc 清除"
Press = Callable[..., None]


def counter_window(qtbot: QtBot, secretary: User, user: User, large: bool) -> tuple[MainWindow, CounterDesk]:
    """The program's window at 1366×768 with ``user`` at the counter, F named as long as a name may be."""
    update_category(secretary, category("F"), name=LONGEST_NAME, roles=[Role.OPERATOR], shortcut="F", active=True)
    set_large_print(user, large)
    window = open_window(qtbot)
    window.log_in(User.get_by_id(user.id))
    desk = window.workspace.screen_widget("counter")
    window.workspace.show_screen(window.workspace.screens.index(next(s for s in window.workspace.screens if s.key == "counter")))
    assert isinstance(desk, CounterDesk) and desk.isVisible()
    refreshed()
    settle(window)
    return window, desk


def every_kind_of_message(
    press: Press, desk: CounterDesk, secretary: User, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Each kind of thing a counter says, the longest of its kind, made by the keys ``press``
    sends: yields the words then on show (the group being typed as the compact window says it)."""
    press("f")
    yield f"F {LONGEST_NAME} +1"
    for key in "500":
        press(key)
    yield "一批 +500 人：按類別鍵，Esc 清除"
    press("f")
    yield f"F {LONGEST_NAME} +500"
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    yield f"已取消：F {LONGEST_NAME} 500 人次"
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    yield f"已取消：F {LONGEST_NAME} 1 人次"
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    yield "今天沒有可以取消的紀錄"
    press("h")  # the duty clerk's key
    yield "「H」鍵沒有對應的服務項目。"
    for key in "999999":
        press(key)
    yield GROUP_PROMPT
    press("f")
    yield "一批人「999999」沒有記錄：人次最多 500，請確認是否打錯。"
    with monkeypatch.context() as patch:
        patch.setattr(counter_state, "read_figures", lambda role, day: (_ for _ in ()).throw(StorageError(CONNECTION_CUT)))
        desk.state.refresh()
        refreshed()
        yield f"今日人次暫時無法更新：{CONNECTION_CUT}"
    desk.state.refresh()
    refreshed()
    press("f")
    set_day_total(secretary, category("F"), dt.date.today(), "2")  # she counted one more than was pressed
    press("f")
    yield SET_BY_SECRETARY
    for key in "123f":
        press(key)
    yield f"一批人「123」沒有記錄：{SET_BY_SECRETARY}"
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    yield SET_BY_SECRETARY
    retired = category("F")
    update_category(secretary, retired, name=retired.name, roles=[Role.OPERATOR], shortcut="F", active=False)
    press("f")
    refreshed()
    yield f"「{LONGEST_NAME}」已停用，不能再記錄；要補登請先在「類別」中恢復使用。"


def elided(root: QWidget, said: str) -> list[str]:
    """Labels that end in … where what was said does not: cut short by hand or by Qt."""
    return [
        label.text() for label in root.findChildren(QLabel)
        if label.isVisible() and label.text().endswith("…") and not said.endswith("…")
    ]


def desk_places(window: MainWindow, desk: CounterDesk) -> dict[str, QRect]:
    """Where the desk's buttons are in the window: what a hand aims at."""
    widgets = {"精簡模式": desk.compact_button, "取消上一筆": desk.undo_button, "+N": desk.group_edit}
    widgets.update({button.category.shortcut: button for button in desk.pad.buttons})
    return {name: QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()) for name, widget in widgets.items()}


@pytest.mark.parametrize("large", [True, False], ids=["large print", "normal print"])
def test_every_message_of_the_desk_shows_whole_and_moves_nothing(
    qtbot: QtBot, app_font: QApplication, secretary: User, operator: User, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    window, desk = counter_window(qtbot, secretary, operator, large)
    before = desk_places(window, desk)
    keys = len(desk.pad.buttons)

    def press(key: object, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(desk.focusWidget() or desk, key, modifier)

    said = []
    for text in every_kind_of_message(press, desk, secretary, monkeypatch):
        settle(window)
        said.append(text)
        if text.startswith("一批 +"):  # the desk shows the digits in the +N field
            assert desk.group_edit.text() == text.split("+")[1].split(" ")[0]
        else:
            assert text in (desk.message.text(), desk.banner.text())
        assert fit_problems(window) == [], text
        assert elided(window, text) == [], text
        if len(desk.pad.buttons) == keys:  # (the last one retires F: a button fewer)
            assert desk_places(window, desk) == before, text
    assert len(said) == 14  # every kind was said
    press(Qt.Key.Key_Escape)
    desk.state.refresh()  # said and gone: F comes back with its button
    retired = category("F")
    update_category(secretary, retired, name=retired.name, roles=[Role.OPERATOR], shortcut="F", active=True)
    desk.activate()
    refreshed()
    press("1")  # a group begun takes the message away
    press(Qt.Key.Key_Escape)
    settle(window)
    assert desk.message.text() == ""
    assert desk_places(window, desk) == before


@pytest.mark.parametrize("large", [True, False], ids=["large print", "normal print"])
def test_the_compact_mode_button_says_its_key_and_the_key_opens_it(
    qtbot: QtBot, app_font: QApplication, secretary: User, operator: User, large: bool
) -> None:
    window, desk = counter_window(qtbot, secretary, operator, large)
    assert desk.compact_button.text() == "精簡模式 (Ctrl+M)"
    assert text_problems(window) == []
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(desk.focusWidget() or desk, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert desk.compact.isVisible()
    assert live_events() == []  # a command, never a person counted
    desk.leave_compact_mode()
    window.workspace.show_screen(0)  # 問卷輸入: the key is the counter's alone
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert not desk.compact.isVisible()

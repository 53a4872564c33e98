"""The counter's one key parser, driven with plain key presses: no window, only the database."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from pytestqt.qtbot import QtBot

from models.accounts import Role, User
from models.errors import StorageError
from models.service.categories import ServiceCategory
from models.service.counts import SOURCE_GROUP, SOURCE_PRESS, ServiceEvent
from models.users import create_user
from tests.ui.op_gate import RELEASE_S
from ui.ops import op_runner
from ui.service.counter.desk import CounterDesk
import ui.service.counter.state as counter_state
from ui.service.counter.state import Action, CounterFigures, CounterState, DayCounts, Key, KeyPress, Outcome, key_press

ESCAPE = KeyPress(key=Key.ESCAPE)
BACKSPACE = KeyPress(key=Key.BACKSPACE)
ENTER = KeyPress(key=Key.ENTER)
UNDO = KeyPress(key=Key.UNDO)


@pytest.fixture
def operator(secretary: User) -> User:
    return create_user(secretary, "張總機", Role.OPERATOR)


class Heard:
    """Everything a state announced, in order."""

    def __init__(self, state: CounterState) -> None:
        self.outcomes: list[Outcome] = []
        self.pending: list[str | None] = []
        self.problems: list[str] = []
        self.categories_changed = 0
        state.performed.connect(lambda outcome: self.outcomes.append(outcome))
        state.pendingChanged.connect(lambda: self.pending.append(state.pending))
        state.refreshProblem.connect(lambda text: self.problems.append(text))
        state.categoriesChanged.connect(self._categories_changed)

    def _categories_changed(self) -> None:
        self.categories_changed += 1

    @property
    def said(self) -> list[tuple[Action | None, str, str]]:
        return [(o.action, o.text, o.kind) for o in self.outcomes]


@pytest.fixture
def state(qapp, operator: User) -> Iterator[CounterState]:  # noqa: ANN001 (pytest-qt's QApplication)
    state = CounterState(operator)
    yield state
    shiboken6.delete(state)


@pytest.fixture
def heard(state: CounterState) -> Heard:
    return Heard(state)


def refreshed(state: CounterState) -> None:
    """One re-reading, read on the worker and shown here."""
    state.refresh()
    assert op_runner().wait_idle(RELEASE_S)


def press(state: CounterState, *keys: str | KeyPress) -> list[bool]:
    """Keys as the windows hand them over: a character as typed (upper-cased), or a named key."""
    return [state.handle_key(key if isinstance(key, KeyPress) else KeyPress(key)) for key in keys]


def events() -> list[tuple[str, int, str]]:
    rows = ServiceEvent.select().where(ServiceEvent.voided_at.is_null()).order_by(ServiceEvent.id)
    return [(e.category.code, e.count, e.source) for e in rows]


def category(code: str) -> ServiceCategory:
    return ServiceCategory.get(ServiceCategory.code == code)


def test_digits_build_the_group_and_write_nothing(state: CounterState, heard: Heard) -> None:
    assert press(state, "1", "2") == [True, True]
    assert state.pending == "12"
    assert heard.pending == ["1", "12"]
    assert heard.outcomes == [] and events() == []


def test_the_group_stops_at_six_characters(state: CounterState) -> None:
    press(state, *"1234567")
    assert state.pending == "123456"


def test_plus_starts_a_group_afresh(state: CounterState, heard: Heard) -> None:
    press(state, "+")
    assert state.pending == ""
    press(state, "5", "+", "3")
    assert heard.pending == ["", "5", "", "3"]


def test_a_category_key_records_one_person(state: CounterState, heard: Heard) -> None:
    assert press(state, "A") == [True]
    assert events() == [("A", 1, SOURCE_PRESS)]
    assert heard.said == [(Action.PRESS, "A 總機電話服務 +1", "ok")]
    assert heard.outcomes[0].category.code == "A"
    assert state.count_of(category("A")) == 1
    assert state.pending is None and heard.pending == []


def test_a_category_key_after_digits_records_the_group(state: CounterState, heard: Heard) -> None:
    press(state, "1", "2", "A")
    assert events() == [("A", 12, SOURCE_GROUP)]
    assert heard.said == [(Action.GROUP, "A 總機電話服務 +12", "ok")]
    assert heard.pending == ["1", "12", None]  # used up: the next letter is one person
    press(state, "A")
    assert events()[-1] == ("A", 1, SOURCE_PRESS)
    assert state.count_of(category("A")) == 13


def test_the_largest_group_is_recorded(state: CounterState) -> None:
    press(state, "5", "0", "0", "B")
    assert events() == [("B", 500, SOURCE_GROUP)]


def test_a_full_width_digit_is_a_digit(state: CounterState) -> None:
    press(state, "１", "５", "B")
    assert events() == [("B", 15, SOURCE_GROUP)]


@pytest.mark.parametrize(
    "typed, reason",
    [
        ("0", "人次必須大於 0。"),
        ("00", "人次必須大於 0。"),
        ("501", "人次最多 500，請確認是否打錯。"),
        ("999999", "人次最多 500，請確認是否打錯。"),
    ],
)
def test_a_bad_group_typed_with_keys_is_refused_and_dropped(
    state: CounterState, heard: Heard, typed: str, reason: str
) -> None:
    press(state, *typed, "A")
    assert heard.said == [(Action.GROUP, f"一批人「{typed}」沒有記錄：{reason}", "error")]
    assert events() == []
    assert state.count_of(category("A")) == 0
    assert state.pending is None
    press(state, "A")  # the next key is one visitor, not the same refusal again
    assert events() == [("A", 1, SOURCE_PRESS)]


@pytest.mark.parametrize(
    "text, said",
    [
        ("-2", "一批人「-2」沒有記錄：人次請輸入整數，不要有小數點或正負號。"),
        ("1.5", "一批人「1.5」沒有記錄：人次請輸入整數，不要有小數點或正負號。"),
        ("abc", "一批人「abc」沒有記錄：人次請輸入整數，不要有小數點或正負號。"),
        (" ", "請輸入人次。"),
        ("", "請輸入人次。"),
    ],
)
def test_a_bad_group_edited_in_the_field_is_refused(state: CounterState, heard: Heard, text: str, said: str) -> None:
    state.begin_group()  # a key in the +N field
    state.set_pending(text)
    press(state, "C")
    assert heard.said == [(Action.GROUP, said, "error")]
    assert events() == [] and state.pending is None


def test_backspace_takes_back_the_last_digit(state: CounterState, heard: Heard) -> None:
    assert press(state, BACKSPACE) == [False]  # nothing typed: the window's own business
    assert heard.pending == []
    assert press(state, "1", "2", BACKSPACE) == [True, True, True]
    assert state.pending == "1"
    press(state, BACKSPACE)
    assert state.pending == ""  # the group is still begun, its size gone
    assert press(state, BACKSPACE) == [False]
    press(state, "A")
    assert heard.said == [(Action.GROUP, "請輸入人次。", "error")]
    assert events() == []


def test_escape_drops_the_group(state: CounterState, heard: Heard) -> None:
    assert press(state, ESCAPE) == [False]  # nothing to drop
    assert heard.pending == []
    assert press(state, "4", "0", ESCAPE) == [True, True, True]
    assert state.pending is None and heard.pending[-1] is None
    press(state, "E")
    assert events() == [("E", 1, SOURCE_PRESS)]
    assert heard.said == [(Action.PRESS, "E 查封車看車服務 +1", "ok")]


def test_enter_with_nothing_pending_does_nothing(state: CounterState, heard: Heard) -> None:
    assert press(state, ENTER) == [False]
    assert heard.outcomes == [] and heard.pending == [] and events() == []


def test_enter_leaves_a_group_waiting_for_its_key(state: CounterState, heard: Heard) -> None:
    press(state, "3")
    assert press(state, ENTER) == [False]
    assert state.pending == "3" and events() == []
    press(state, "C")
    assert events() == [("C", 3, SOURCE_GROUP)]


def test_ctrl_z_takes_back_the_last_record_and_keeps_a_typed_group(state: CounterState, heard: Heard) -> None:
    press(state, "A", "5", "B", "7")
    assert press(state, UNDO) == [True]
    assert state.pending == "7"  # the group being typed waits on
    press(state, UNDO, UNDO)
    assert heard.said[2:] == [
        (Action.UNDO, "已取消：B 受理現場查詢案件 5 人次", "ok"),
        (Action.UNDO, "已取消：A 總機電話服務 1 人次", "ok"),
        (Action.UNDO, "今天沒有可以取消的紀錄", "info"),
    ]
    assert events() == [] and state.count_of(category("B")) == 0


def test_a_key_held_down_counts_once(state: CounterState, heard: Heard) -> None:
    held = [KeyPress("A", repeat=True)] * 3
    assert press(state, "A", *held) == [True] * 4
    press(state, "1", KeyPress("1", repeat=True), KeyPress(key=Key.UNDO, repeat=True))
    assert events() == [("A", 1, SOURCE_PRESS)]
    assert state.pending == "1"


def test_a_letter_without_a_category_says_so_and_keeps_the_group(state: CounterState, heard: Heard) -> None:
    press(state, "1", "2", "H")  # H is the duty clerk's
    assert heard.said == [(Action.NO_SUCH_KEY, "「H」鍵沒有對應的服務項目。", "error")]
    assert state.pending == "12" and events() == []


@pytest.mark.parametrize("key", [KeyPress("-"), KeyPress("."), KeyPress("*"), KeyPress()])
def test_other_keys_are_left_to_the_window(state: CounterState, heard: Heard, key: KeyPress) -> None:
    press(state, "5")
    assert press(state, key) == [False]
    assert state.pending == "5" and heard.outcomes == []


def test_a_role_without_categories_reads_only_ctrl_z(qapp, secretary: User) -> None:  # noqa: ANN001
    state = CounterState(secretary)
    heard = Heard(state)
    assert press(state, "A", "1", "+", ESCAPE, BACKSPACE) == [False] * 5
    assert state.pending is None
    assert press(state, UNDO) == [True]
    assert heard.said == [(Action.UNDO, "今天沒有可以取消的紀錄", "info")]


def test_a_click_takes_a_waiting_group_and_is_one_person_otherwise(state: CounterState, heard: Heard) -> None:
    press(state, "3")
    state.choose(category("C"))
    state.choose(category("C"))
    press(state, "+")
    state.choose(category("F"))  # a group begun without a size: one person
    assert events() == [("C", 3, SOURCE_GROUP), ("C", 1, SOURCE_PRESS), ("F", 1, SOURCE_PRESS)]
    assert [o.action for o in heard.outcomes] == [Action.GROUP, Action.PRESS, Action.PRESS]
    assert state.pending is None


def test_the_group_field_begins_a_group_and_the_desk_ends_an_empty_one(state: CounterState, heard: Heard) -> None:
    state.begin_group()
    assert state.pending == ""
    state.end_empty_group()
    assert state.pending is None
    press(state, "A")
    assert events() == [("A", 1, SOURCE_PRESS)]
    press(state, "5")
    state.begin_group()
    state.end_empty_group()  # a size typed stays, wherever the keyboard is
    assert state.pending == "5"
    assert heard.pending == ["", None, "5"]


def test_the_fields_text_is_the_group(state: CounterState, heard: Heard) -> None:
    state.set_pending("")  # an empty field is no group
    assert state.pending is None and heard.pending == []
    state.set_pending("8")
    state.set_pending("8")
    assert heard.pending == ["8"]
    press(state, "D")
    assert events() == [("D", 8, SOURCE_GROUP)]


CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier
NONE = Qt.KeyboardModifier.NoModifier


@pytest.mark.parametrize(
    "key, text, modifiers, repeat, read",
    [
        (Qt.Key.Key_A, "a", NONE, False, KeyPress("A")),
        (Qt.Key.Key_A, "A", SHIFT, False, KeyPress("A")),
        (Qt.Key.Key_A, "a", NONE, True, KeyPress("A", repeat=True)),
        (Qt.Key.Key_5, "5", KEYPAD, False, KeyPress("5")),
        (Qt.Key.Key_Plus, "+", KEYPAD, False, KeyPress("+")),
        (Qt.Key.Key_Z, "\x1a", CTRL, False, KeyPress(key=Key.UNDO)),
        (Qt.Key.Key_Z, "\x1a", CTRL, True, KeyPress(key=Key.UNDO, repeat=True)),
        (Qt.Key.Key_A, "\x01", CTRL, False, KeyPress()),
        (Qt.Key.Key_A, "a", Qt.KeyboardModifier.AltModifier, False, KeyPress()),
        (Qt.Key.Key_Escape, "\x1b", NONE, False, KeyPress(key=Key.ESCAPE)),
        (Qt.Key.Key_Escape, "\x1b", SHIFT, False, KeyPress()),
        (Qt.Key.Key_Backspace, "\b", NONE, False, KeyPress(key=Key.BACKSPACE)),
        (Qt.Key.Key_Return, "\r", NONE, False, KeyPress(key=Key.ENTER)),
        (Qt.Key.Key_Enter, "\r", KEYPAD, False, KeyPress(key=Key.ENTER)),
        (Qt.Key.Key_Space, " ", NONE, False, KeyPress()),
        (Qt.Key.Key_F2, "", NONE, False, KeyPress()),
    ],
)
def test_qt_key_events_in_the_counters_terms(
    qapp, key: Qt.Key, text: str, modifiers: Qt.KeyboardModifier, repeat: bool, read: KeyPress  # noqa: ANN001
) -> None:
    # Made here, not at collection: a Qt event must not outlive the QApplication.
    assert key_press(QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text, repeat)) == read


def test_refresh_reads_then_shows(state: CounterState, heard: Heard, monkeypatch: pytest.MonkeyPatch) -> None:
    only_b = category("B")
    monkeypatch.setattr(counter_state, "read_figures", lambda role, day: CounterFigures([only_b], DayCounts({only_b.id: 7}, 12)))
    refreshed(state)
    assert [c.code for c in state.categories] == ["B"]
    assert state.count_of(only_b) == 7
    assert state.centre_total == 12
    assert heard.categories_changed == 1
    refreshed(state)  # the same categories: the buttons stay as they are
    assert heard.categories_changed == 1


def test_refresh_announces_a_problem_at_every_failed_read(
    state: CounterState, heard: Heard, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(role: Role, day: object) -> CounterFigures:
        raise StorageError("與資料庫的連線中斷了")

    before = [c.code for c in state.categories]
    monkeypatch.setattr(counter_state, "read_figures", unavailable)
    refreshed(state)
    refreshed(state)
    assert heard.problems == ["今日人次暫時無法更新：與資料庫的連線中斷了"] * 2
    assert [c.code for c in state.categories] == before
    monkeypatch.undo()
    refreshed(state)
    refreshed(state)
    assert heard.problems[2:] == [""]  # once the figures are back, said once


# --- the two windows on one state ------------------------------------------------------------


def test_keys_from_both_windows_build_one_group(qtbot: QtBot, operator: User) -> None:
    desk = CounterDesk(operator)
    qtbot.addWidget(desk)
    desk.show()
    desk.activate()
    qtbot.keyClick(desk, "1")
    compact = desk.enter_compact_mode()
    assert compact.status.text() == "一批 +1 人：按類別鍵，Esc 清除"  # the desk's digits, waiting here
    qtbot.keyClick(compact, "2")
    assert compact.status.text() == "一批 +12 人：按類別鍵，Esc 清除"
    assert desk.group_edit.text() == "12"  # one group, shown in both windows
    qtbot.keyClick(compact, "c")
    assert events() == [("C", 12, SOURCE_GROUP)]
    assert desk.group_edit.text() == "" and desk.state.pending is None
    assert compact.status.text() == "C 服務中心導引民眾 +12"
    assert desk.pad.button_for("C").count_text() == compact.pad.button_for("C").count_text() == "12"
    qtbot.keyClick(compact, "3")
    qtbot.mouseClick(compact.back_button, Qt.MouseButton.LeftButton)
    assert desk.group_edit.text() == "" and desk.state.pending is None  # left behind with the strip
    qtbot.keyClick(desk, "c")
    assert events()[-1] == ("C", 1, SOURCE_PRESS)
    ctrl_z = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Z, CTRL, "\x1a")
    qtbot.keyClick(desk, "4")
    assert desk.focusWidget() is desk.group_edit
    desk.group_edit.keyPressEvent(ctrl_z)  # Ctrl+Z in the +N field takes back, the group waits on
    assert events() == [("C", 12, SOURCE_GROUP)] and desk.group_edit.text() == "4"
    assert desk.banner.text() == "已取消：C 服務中心導引民眾 1 人次"

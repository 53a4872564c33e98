"""The service counter driven with keys and clicks, as the switchboard operator counts a day."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from models.audit import AuditEntry
from models.service import SOURCE_GROUP, SOURCE_PRESS, ServiceCategory, ServiceEvent, update_category
from models.users import Role, User, create_user
from ui.service.counter import CompactCounter, CounterDesk, short_name


@pytest.fixture
def operator(secretary: User) -> User:
    return create_user(secretary, "張總機", Role.OPERATOR)


@pytest.fixture
def duty(secretary: User) -> User:
    return create_user(secretary, "李輪值", Role.DUTY)


def make_desk(qtbot: QtBot, user: User) -> CounterDesk:
    desk = CounterDesk(user)
    qtbot.addWidget(desk)
    desk.show()
    desk.activate()
    return desk


def ctrl_z(qtbot: QtBot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)




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
    assert desk.button_for("A").count_text() == "3"
    assert desk.button_for("B").count_text() == "0"
    assert desk.banner.text() == "A 總機電話服務 +1"
    assert desk.total_label.text() == "今日合計 3 人次"
    assert desk.message.text() == ""


def test_ctrl_z_takes_back_presses_one_at_a_time(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    for _ in range(3):
        qtbot.keyClick(desk, "a")
    ctrl_z(qtbot, desk)
    assert desk.banner.text() == "已取消：A 總機電話服務 1 人次"
    ctrl_z(qtbot, desk)
    assert ServiceEvent.select().where(ServiceEvent.voided_at.is_null(False)).count() == 2
    assert len(live_events()) == 1
    assert desk.button_for("A").count_text() == "1"
    voids = list(AuditEntry.select().where(AuditEntry.action == "void"))
    assert len(voids) == 2 and all(v.user_id == operator.id for v in voids)


def test_ctrl_z_with_nothing_left_says_so(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    qtbot.keyClick(desk, "d")
    ctrl_z(qtbot, desk)
    ctrl_z(qtbot, desk)
    assert desk.banner.text() == "今天沒有可以取消的紀錄"
    assert desk.button_for("D").count_text() == "0"
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
    assert desk.button_for("A").count_text() == "5"
    assert desk.banner.text() == "A 總機電話服務 +5"
    assert desk.group_edit.text() == ""
    # the next letter is one person again
    qtbot.keyClick(desk, "a")
    assert desk.button_for("A").count_text() == "6"
    ctrl_z(qtbot, desk)
    ctrl_z(qtbot, desk.group_edit)  # Ctrl+Z means the same in the +N field
    assert desk.banner.text() == "已取消：A 總機電話服務 5 人次"
    assert desk.button_for("A").count_text() == "0"


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
    qtbot.mouseClick(desk.button_for("C"), Qt.MouseButton.LeftButton)
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
    assert written() == before
    assert desk.button_for("A").count_text() == "0"
    assert desk.group_edit.text() == typed  # kept, to be corrected


def test_escape_clears_the_group_field_and_a_click_is_one_person(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    desk.group_edit.setFocus()
    qtbot.keyClicks(desk.group_edit, "40")
    qtbot.keyClick(desk.group_edit, Qt.Key.Key_Escape)
    assert desk.group_edit.text() == ""
    qtbot.mouseClick(desk.button_for("E"), Qt.MouseButton.LeftButton)
    [event] = live_events()
    assert (event.category.code, event.count, event.source) == ("E", 1, SOURCE_PRESS)


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
    assert desk.button_for("A").count_text() == "1"
    assert len(live_events()) == 1


def test_activate_shows_categories_changed_by_the_secretary(qtbot: QtBot, secretary: User, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    compact = desk.enter_compact_mode()
    retired = ServiceCategory.get(ServiceCategory.code == "E")
    update_category(secretary, retired, name=retired.name, roles=[Role.OPERATOR], shortcut="E", active=False)
    renamed = ServiceCategory.get(ServiceCategory.code == "D")
    update_category(secretary, renamed, name="停車服務", roles=[Role.OPERATOR], shortcut="P", active=True)
    desk.activate()
    assert shown_keys(desk) == ["A", "B", "C", "P", "F"]
    assert [b.category.shortcut for b in compact.buttons] == ["A", "B", "C", "P", "F"]
    assert desk.button_for("P").name_label.text() == "停車服務"
    qtbot.keyClick(desk, "p")
    assert live_events()[0].category.code == "D"


def shown_keys(desk: CounterDesk) -> list[str]:
    return [button.category.shortcut for button in desk.buttons]


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
    assert desk.buttons == []
    assert desk.empty_label.isVisible() and "沒有要在服務台計數的項目" in desk.empty_label.text()
    assert not desk.compact_button.isVisible()
    before = written()
    qtbot.keyClick(desk, "a")
    assert written() == before


def test_counts_are_everyones_and_activate_refreshes_them(qtbot: QtBot, secretary: User, operator: User, volunteer: User) -> None:
    mine = make_desk(qtbot, operator)
    theirs = make_desk(qtbot, volunteer)
    qtbot.keyClick(theirs, "c")
    qtbot.keyClick(theirs, "c")
    assert mine.button_for("C").count_text() == "0"  # not yet re-read
    mine.activate()
    assert mine.button_for("C").count_text() == "2"
    qtbot.keyClick(mine, "c")
    assert mine.button_for("C").count_text() == "3"  # a press re-reads everyone's count


def test_compact_window_stays_on_top_and_counts_for_the_full_screen(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    qtbot.keyClick(desk, "a")
    qtbot.mouseClick(desk.compact_button, Qt.MouseButton.LeftButton)
    compact = desk.compact
    assert isinstance(compact, CompactCounter)
    assert compact.isVisible() and compact.isWindow()
    assert compact.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert [b.category.shortcut for b in compact.buttons] == shown_keys(desk)
    assert compact.button_for("A").count_text() == "1"
    qtbot.keyClick(compact, "c")
    qtbot.mouseClick(compact.button_for("C"), Qt.MouseButton.LeftButton)
    assert [e.category.code for e in live_events()] == ["A", "C", "C"]
    assert compact.button_for("C").count_text() == "2"
    assert desk.button_for("C").count_text() == "2"  # the full screen follows at once
    assert compact.status.text() == "C 服務中心導引民眾 +1"
    ctrl_z(qtbot, compact)
    assert compact.status.text() == "已取消：C 服務中心導引民眾 1 人次"
    assert desk.button_for("C").count_text() == "1"
    qtbot.mouseClick(compact.back_button, Qt.MouseButton.LeftButton)
    assert not compact.isVisible()
    assert desk.isVisible() and not desk.isMinimized()
    qtbot.keyClick(desk, "c")
    assert compact.button_for("C").count_text() == "2"


def test_compact_mode_can_be_opened_again(qtbot: QtBot, operator: User) -> None:
    desk = make_desk(qtbot, operator)
    first = desk.enter_compact_mode()
    desk.leave_compact_mode()
    assert desk.enter_compact_mode() is first and first.isVisible()


def test_short_names_for_the_compact_window() -> None:
    assert short_name("總機電話服務") == "總機電話服務"
    assert short_name("其他服務(殘障人士服務)") == "其他服務"
    assert short_name("一二三四五六七八九十") == "一二三四五六七八…"

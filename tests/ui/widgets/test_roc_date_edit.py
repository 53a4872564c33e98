"""RocDateEdit: typing, inline errors and keyboard stepping."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from ui.widgets.roc_date_edit import RocDateEdit


@pytest.fixture
def edit(qtbot) -> RocDateEdit:
    widget = RocDateEdit(label="服務日期")
    qtbot.addWidget(widget)
    return widget


def type_and_enter(qtbot, widget: RocDateEdit, text: str) -> None:
    line = widget.lineEdit()
    line.clear()
    if text.isascii():
        qtbot.keyClicks(line, text)
    else:
        # QTest can only synthesise Latin-1 key clicks; an IME commits CJK text in one go.
        line.insert(text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_initial_state(edit: RocDateEdit) -> None:
    assert edit.date() is None
    assert edit.error() == ""
    assert edit.lineEdit().placeholderText() == "例：106/01/25"
    assert edit.lineEdit().accessibleName() == "服務日期"
    assert edit.errorLabel().isHidden()
    assert edit.errorLabel().wordWrap()


def test_compact_input_is_normalised(qtbot, edit: RocDateEdit) -> None:
    with qtbot.waitSignal(edit.dateChanged, timeout=1000) as blocker:
        type_and_enter(qtbot, edit, "1060125")
    assert blocker.args == [date(2017, 1, 25)]
    assert edit.lineEdit().text() == "106/01/25"
    assert edit.date() == date(2017, 1, 25)
    assert edit.error() == ""
    assert edit.errorLabel().isHidden()


def test_impossible_date_shows_reason(qtbot, edit: RocDateEdit) -> None:
    with qtbot.assertNotEmitted(edit.dateChanged):
        type_and_enter(qtbot, edit, "106/02/30")
    assert "28天" in edit.error()
    assert edit.errorLabel().text() == edit.error()
    assert not edit.errorLabel().isHidden()
    assert edit.date() is None
    assert edit.lineEdit().text() == "106/02/30"  # the user's typing is kept


def test_fixing_the_input_clears_the_error(qtbot, edit: RocDateEdit) -> None:
    type_and_enter(qtbot, edit, "106/02/30")
    assert edit.error()
    type_and_enter(qtbot, edit, "106/02/28")
    assert edit.error() == ""
    assert edit.errorLabel().isHidden()
    assert edit.date() == date(2017, 2, 28)


@pytest.mark.parametrize("text", ["abc", "106/13/01", "0/01/01", "10601", "105/02/30"])
def test_bad_inputs_show_chinese_message(qtbot, edit: RocDateEdit, text: str) -> None:
    type_and_enter(qtbot, edit, text)
    message = edit.error()
    assert message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert edit.errorLabel().text() == message
    assert edit.date() is None


def test_empty_is_not_an_error(qtbot, edit: RocDateEdit) -> None:
    edit.setDate(date(2017, 1, 25))
    type_and_enter(qtbot, edit, "")
    assert edit.date() is None
    assert edit.error() == ""


def test_set_date_displays_roc(edit: RocDateEdit) -> None:
    edit.setDate(date(2017, 1, 25))
    assert edit.lineEdit().text() == "106/01/25"
    assert edit.date() == date(2017, 1, 25)
    edit.setDate(None)
    assert edit.lineEdit().text() == ""
    assert edit.date() is None


def test_up_moves_one_day_and_emits(qtbot, edit: RocDateEdit) -> None:
    edit.setDate(date(2017, 1, 25))
    with qtbot.waitSignal(edit.dateChanged, timeout=1000) as blocker:
        qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_Up)
    assert blocker.args == [date(2017, 1, 24)]
    assert edit.date() == date(2017, 1, 24)
    assert edit.lineEdit().text() == "106/01/24"


def test_down_moves_one_day_and_emits(qtbot, edit: RocDateEdit) -> None:
    edit.setDate(date(2017, 12, 31))
    with qtbot.waitSignal(edit.dateChanged, timeout=1000) as blocker:
        qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_Down)
    assert blocker.args == [date(2018, 1, 1)]
    assert edit.lineEdit().text() == "107/01/01"


def test_page_down_clamps_to_month_end(qtbot, edit: RocDateEdit) -> None:
    edit.setDate(date(2017, 1, 31))
    with qtbot.waitSignal(edit.dateChanged, timeout=1000):
        qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_PageDown)
    assert edit.lineEdit().text() == "106/02/28"
    assert edit.date() == date(2017, 2, 28)


def test_page_up_moves_back_one_month(qtbot, edit: RocDateEdit) -> None:
    edit.setDate(date(2017, 3, 31))
    qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_PageUp)
    assert edit.date() == date(2017, 2, 28)


def test_arrow_on_typed_text_uses_it(qtbot, edit: RocDateEdit) -> None:
    qtbot.keyClicks(edit.lineEdit(), "1060125")
    qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_Down)
    assert edit.lineEdit().text() == "106/01/26"


def test_arrow_on_invalid_text_keeps_it_and_explains(qtbot, edit: RocDateEdit) -> None:
    qtbot.keyClicks(edit.lineEdit(), "106/02/30")
    with qtbot.assertNotEmitted(edit.dateChanged):
        qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_Up)
    assert edit.lineEdit().text() == "106/02/30"
    assert "28天" in edit.error()


def test_arrow_on_empty_starts_today(qtbot, edit: RocDateEdit) -> None:
    with qtbot.waitSignal(edit.dateChanged, timeout=1000) as blocker:
        qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_Down)
    assert blocker.args == [date.today()]


def test_set_date_does_not_emit(qtbot, edit: RocDateEdit) -> None:
    with qtbot.assertNotEmitted(edit.dateChanged):
        edit.setDate(date(2017, 1, 25))


def test_unchanged_commit_does_not_emit_again(qtbot, edit: RocDateEdit) -> None:
    edit.setDate(date(2017, 1, 25))
    with qtbot.assertNotEmitted(edit.dateChanged):
        type_and_enter(qtbot, edit, "106年1月25日")
    assert edit.lineEdit().text() == "106/01/25"


def test_full_width_input_is_accepted(qtbot, edit: RocDateEdit) -> None:
    type_and_enter(qtbot, edit, "１０６／０１／２５")
    assert edit.date() == date(2017, 1, 25)
    assert edit.lineEdit().text() == "106/01/25"


def test_error_is_exposed_to_screen_readers(qtbot, edit: RocDateEdit) -> None:
    type_and_enter(qtbot, edit, "106/02/30")
    assert edit.lineEdit().accessibleDescription() == edit.error()

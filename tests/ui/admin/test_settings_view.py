"""The 設定 screen: shows what is stored, saves all or nothing, says why not."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.accounts import User
from models.settings import (
    AGENCY_NAME,
    COURTESY_GRADE_BANDS,
    DURATION_WEIGHTS,
    PAYMENT_CONFIRM_ABOVE,
    PETITION_DUE_DAYS,
    Setting,
    get_setting,
)
from ui.admin.settings_view import SettingsView


def make_view(qtbot: QtBot, user: User) -> SettingsView:
    view = SettingsView(user)
    qtbot.addWidget(view)
    view.show()
    return view


def test_shows_the_defaults_with_the_k_options(qtbot: QtBot, secretary: User) -> None:
    view = make_view(qtbot, secretary)
    assert view.confirm_edit.text() == "200,000"
    assert [e.text() for e in view.weight_edits] == ["2.5", "10", "22.5", "45", "30"]
    assert view.weight_labels[0] == "5分鐘以內"


def test_saving_stores_and_confirms(qtbot: QtBot, secretary: User) -> None:
    view = make_view(qtbot, secretary)
    view.confirm_edit.setText("80000")
    view.weight_edits[4].setText("60")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert get_setting(PAYMENT_CONFIRM_ABOVE) == 80000
    assert get_setting(DURATION_WEIGHTS)[4] == "60"
    assert "設定已儲存" in view.banner.text()
    assert view.confirm_edit.text() == "80,000"


@pytest.mark.parametrize(
    "field, text, message",
    [
        ("agency", "", "請輸入機關名稱"),
        ("confirm", "abc", "大於 0 的整數元"),
        ("confirm", "0", "確認門檻必須大於 0 元"),
        ("confirm", "1,2,3", "逗號位置不對"),
        ("weight", "x", "第 3 個權數"),
        ("weight", "-1", "第 3 個權數"),
    ],
)
def test_bad_input_shows_why_beside_its_field_and_stores_nothing(
    qtbot: QtBot, secretary: User, field: str, text: str, message: str
) -> None:
    view = make_view(qtbot, secretary)
    view.resize(1366, 700)
    qtbot.wait(10)
    where = [widget.mapTo(view, widget.rect().topLeft()) for widget in (view.save_button, view.retention_edit)]
    view.agency_edit.setText("新的機關名稱")  # a good change beside the bad one is not stored either
    {"agency": view.agency_edit, "confirm": view.confirm_edit, "weight": view.weight_edits[2]}[field].setText(text)
    view.save()
    qtbot.wait(10)
    # nothing below moved: a click aimed at 儲存設定 still lands on it
    assert [widget.mapTo(view, widget.rect().topLeft()) for widget in (view.save_button, view.retention_edit)] == where
    beside = {"agency": view.agency_message, "confirm": view.confirm_message, "weight": view.weights_message}[field]
    assert message in beside.text() and beside.isVisible()
    assert view.message.text() == ""  # not on the screen's line, far from the field
    assert [label for label in view.field_messages.values() if label.text()] == [beside]
    assert Setting.select().count() == 0
    assert get_setting(AGENCY_NAME) == "法務部行政執行署臺南分署"


def test_the_petitions_due_days_are_shown_and_saved(qtbot: QtBot, secretary: User) -> None:
    view = make_view(qtbot, secretary)
    assert view.due_days_edit.text() == "30"
    view.due_days_edit.setText("６")
    qtbot.keyClick(view.due_days_edit, Qt.Key.Key_Return)
    assert get_setting(PETITION_DUE_DAYS) == 6 and view.due_days_edit.text() == "6"


@pytest.mark.parametrize(
    "text, message",
    [("0", "陳情辦理期限請輸入 1 到 365 的整數天數。"), ("1.5", "陳情辦理期限請輸入 1 到 365 的整數天數。"), ("", "請輸入陳情辦理期限天數。")],
)
def test_bad_due_days_are_said_beside_their_field_and_nothing_is_stored(
    qtbot: QtBot, secretary: User, text: str, message: str
) -> None:
    view = make_view(qtbot, secretary)
    view.agency_edit.setText("新的機關名稱")
    view.due_days_edit.setText(text)
    view.save()
    assert view.due_days_message.text() == message and view.due_days_message.isVisible()
    assert view.message.text() == ""  # not on the screen's line: beside the field
    assert Setting.select().count() == 0 and get_setting(PETITION_DUE_DAYS) == 30


def test_grade_bands_show_with_a_spare_column_and_save(qtbot: QtBot, secretary: User) -> None:
    view = make_view(qtbot, secretary)
    assert [(n.text(), m.text()) for n, m in view.band_edits] == [("優", "90"), ("良", "80"), ("可", "70"), ("差", "0"), ("", "")]
    view.band_edits[2][0].setText("")  # 可 dropped: its column emptied
    view.band_edits[2][1].setText("")
    view.band_edits[1][1].setText("７５")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert get_setting(COURTESY_GRADE_BANDS) == [["優", 90], ["良", 75], ["差", 0]]
    assert [(n.text(), m.text()) for n, m in view.band_edits] == [("優", "90"), ("良", "75"), ("差", "0"), ("", "")]
    view.band_edits[3][0].setText("劣")  # the spare column adds a grade
    view.band_edits[3][1].setText("0")
    view.band_edits[2][1].setText("60")
    view.save()
    assert get_setting(COURTESY_GRADE_BANDS) == [["優", 90], ["良", 75], ["差", 60], ["劣", 0]]


@pytest.mark.parametrize(
    "column, name, lowest, message",
    [
        (1, "良", "95", "等級要由高到低排列：「良」的最低分（95）要低於「優」的（90）。"),
        (3, "差", "10", "最後一級「差」要從 0 分起，每個成績才都有等級。"),
        (1, "", "80", "請輸入第 2 級的名稱。"),
        (0, "優", "九十", "「優」的最低分請輸入 0 到 100 的整數。"),
    ],
)
def test_bad_grade_bands_are_said_beside_them_and_nothing_is_stored(
    qtbot: QtBot, secretary: User, column: int, name: str, lowest: str, message: str
) -> None:
    view = make_view(qtbot, secretary)
    view.confirm_edit.setText("80000")  # a good change beside the bad one is not stored either
    view.band_edits[column][0].setText(name)
    view.band_edits[column][1].setText(lowest)
    view.save()
    assert view.bands_message.text() == message and view.bands_message.isVisible()
    assert view.message.text() == ""
    assert Setting.select().count() == 0
    view.band_edits[column][0].setText(["優", "良", "可", "差"][column])  # put right: the message goes
    view.band_edits[column][1].setText(["90", "80", "70", "0"][column])
    view.save()
    assert view.bands_message.text() == "" and get_setting(PAYMENT_CONFIRM_ABOVE) == 80000


def test_the_phone_retention_is_shown_saved_and_refused_beside_its_field(qtbot: QtBot, secretary: User) -> None:
    from models.settings import PHONE_RETENTION_DAYS

    view = make_view(qtbot, secretary)
    assert view.retention_edit.text() == "90"
    view.retention_edit.setText("０")
    view.agency_edit.setText("新的機關名稱")
    qtbot.keyClick(view.retention_edit, Qt.Key.Key_Return)
    assert view.retention_message.text() == "電話保留天數請輸入 1 到 3650 的整數。"
    assert view.retention_message.isVisible() and view.message.text() == ""
    assert Setting.select().count() == 0
    view.retention_edit.setText("30")
    view.confirm_edit.setText("abc")  # another field's message goes beside that field, and clears this one
    view.save()
    assert view.retention_message.text() == "" and "大於 0 的整數元" in view.confirm_message.text()
    view.confirm_edit.setText("200,000")
    view.save()
    assert get_setting(PHONE_RETENTION_DAYS) == 30 and view.retention_edit.text() == "30"
    assert view.retention_message.text() == view.message.text() == ""


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space])
def test_a_button_that_has_the_keys_is_pressed_by_enter_as_by_space(qtbot: QtBot, secretary: User, key: Qt.Key) -> None:
    """Tab to 儲存設定 and Enter did nothing (only Space pressed it), on every screen's buttons."""
    view = make_view(qtbot, secretary)
    view.confirm_edit.setText("80000")
    view.save_button.setFocus()
    qtbot.keyClick(view.save_button, key)
    qtbot.waitUntil(lambda: get_setting(PAYMENT_CONFIRM_ABOVE) == 80000, timeout=1000)

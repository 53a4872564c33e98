"""The 設定 screen: shows what is stored, saves all or nothing, says why not."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.accounts import User
from models.settings import AGENCY_NAME, DURATION_WEIGHTS, PAYMENT_CONFIRM_ABOVE, Setting, get_setting
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
def test_bad_input_shows_why_and_stores_nothing(qtbot: QtBot, secretary: User, field: str, text: str, message: str) -> None:
    view = make_view(qtbot, secretary)
    view.agency_edit.setText("新的機關名稱")  # a good change beside the bad one is not stored either
    {"agency": view.agency_edit, "confirm": view.confirm_edit, "weight": view.weight_edits[2]}[field].setText(text)
    view.save()
    assert message in view.message.text()
    assert Setting.select().count() == 0
    assert get_setting(AGENCY_NAME) == "法務部行政執行署臺南分署"


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
    view.confirm_edit.setText("abc")  # another field's message goes under the form, and clears this one
    view.save()
    assert view.retention_message.text() == "" and "大於 0 的整數元" in view.message.text()
    view.confirm_edit.setText("200,000")
    view.save()
    assert get_setting(PHONE_RETENTION_DAYS) == 30 and view.retention_edit.text() == "30"
    assert view.retention_message.text() == view.message.text() == ""

"""活動類別 (opened from the 活動 tab) through the real widgets: the kinds with their figures,
a kind added with its figures and used at once without a change of the program, a kind
renamed, a figure added to a kind in use, and the refusals beside the figure they are about
when a kind in use would lose or retype one."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models.accounts import User
from models.audit import AuditEntry
from models.registers.events import Event, EventKind, Figure, record_event
from tests.ui.registers.register_checks import (
    answer_void,
    assert_one_dialog_per_activation,
    assert_refused_beside,
    cells,
    listed,
    open_dialogs,
)
from ui.registers.event_kinds import EventKindDialog, EventKindsDialog, KindsModel, KindsPage
from ui.registers.events import EventDialog, EventsPage
from ui.settings import DEFAULT_FONT_POINT_SIZE
from ui.style import apply_app_font

JAN_25 = dt.date(2017, 1, 25)
KEPT_CC = "「捐血」已有活動紀錄，不能拿掉或改名「cc」這一項（可以新增項目）。"


def kind(name: str) -> EventKind:
    return EventKind.get((EventKind.name == name) & EventKind.voided_at.is_null())


@pytest.fixture
def page(qtbot, secretary: User) -> KindsPage:
    widget = KindsPage(secretary)
    qtbot.addWidget(widget)
    widget.resize(1000, 560)
    widget.show()
    return widget


@pytest.fixture
def blood_drive(secretary: User) -> Event:
    """捐血 in use: one live event."""
    return record_event(secretary, kind("捐血"), JAN_25, "捐血活動", {"人次": "35", "cc": "9000"})


def written() -> tuple[int, int, int]:
    return EventKind.select().count(), Event.select().count(), AuditEntry.select().count()


def dialogs(page: KindsPage) -> list[EventKindDialog]:
    return open_dialogs(page, EventKindDialog)


def edit_kind(page: KindsPage, name: str) -> EventKindDialog:
    page.refresh()
    page.table.selectRow(page.model.row_where(lambda k: k.name == name))
    page.edit_selected()
    [dialog] = dialogs(page)
    return dialog


def set_figures(dialog: EventKindDialog, figures: list[tuple[str, str]]) -> None:
    """The rows as typed: as many as ``figures``, each name typed and type chosen by its words."""
    while len(dialog.figures.rows) < len(figures):
        dialog.figures.add_row()
    while len(dialog.figures.rows) > len(figures):
        dialog.figures.remove_row(dialog.figures.rows[-1])
    for row, (name, words) in zip(dialog.figures.rows, figures):
        row.name_edit.setText(name)
        row.type_combo.setCurrentIndex(row.type_combo.findText(words))


def assert_rows_have_room(dialog: EventKindDialog) -> None:
    """The window grew with what it says: no row is squeezed below its own height."""
    for row in dialog.figures.rows:
        assert row.height() >= row.minimumSizeHint().height()


def rows_shown(dialog: EventKindDialog) -> list[tuple[str, str, str]]:
    return [(row.number.text(), row.name_edit.text(), row.type_combo.currentText()) for row in dialog.figures.rows]


# ---------------------------------------------------------------- the list


def test_the_list_shows_each_kind_with_its_figures_and_events(
    page: KindsPage, blood_drive: Event, secretary: User
) -> None:
    from models.registers.events import void_event_kind

    void_event_kind(secretary, kind("替代役公益"), "不再辦理")
    page.refresh()
    assert [column.header for column in page.model.columns] == ["活動類別", "項目", "活動筆數", "狀態"]
    assert cells(page) == [
        ["法拍會", "場次：整數；人次：整數；拍變賣價金：金額（元）", "0", "使用中"],
        ["法治教育宣導", "場次：整數", "0", "使用中"],
        ["愛心社捐款", "受贈單位：文字；金額：金額（元）", "0", "使用中"],
        ["替代役公益", "次數：整數；人次：整數；受服務人次：整數", "0", "已作廢"],
        ["捐血", "人次：整數；cc：整數", "1", "使用中"],
    ]
    voided = page.model.row_where(lambda k: k.name == "替代役公益")
    assert page.model.data(page.model.index(voided, 0), Qt.ItemDataRole.FontRole).strikeOut()


# ---------------------------------------------------------------- a new kind, without a change of the program


def test_a_new_kind_with_its_figures_is_recorded_and_used_at_once(qtbot, page: KindsPage, secretary: User) -> None:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    [dialog] = dialogs(page)
    assert dialog.windowTitle() == "新增活動類別" and rows_shown(dialog) == [("1.", "", "（請選擇類型）")]
    dialog.name_edit.setText("社區關懷")
    qtbot.mouseClick(dialog.figures.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.figures.add_button, Qt.MouseButton.LeftButton)
    set_figures(dialog, [("參加人次", "整數"), ("打錯的", "文字"), ("捐贈金額", "金額（元）")])
    qtbot.mouseClick(dialog.figures.rows[1].remove_button, Qt.MouseButton.LeftButton)  # a new kind: gone at once
    qtbot.mouseClick(dialog.figures.add_button, Qt.MouseButton.LeftButton)
    dialog.figures.rows[-1].name_edit.setText("地點")
    dialog.figures.rows[-1].type_combo.setCurrentIndex(dialog.figures.rows[-1].type_combo.findText("文字"))
    assert rows_shown(dialog) == [("1.", "參加人次", "整數"), ("2.", "捐贈金額", "金額（元）"), ("3.", "地點", "文字")]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    added = kind("社區關懷")
    assert added.figure_list == (Figure("參加人次", "count"), Figure("捐贈金額", "money"), Figure("地點", "text"))
    assert cells(page)[-1] == ["社區關懷", "參加人次：整數；捐贈金額：金額（元）；地點：文字", "0", "使用中"]
    # The 活動 tab offers it at once, with a field per figure.
    events = EventsPage(secretary)
    qtbot.addWidget(events)
    events.show()
    listed()
    assert events.filter_bar.combos["kind"].findData(added.id) >= 0
    events.add_new()
    [form] = open_dialogs(events, EventDialog)
    form.kind_combo.setCurrentIndex(form.kind_combo.findText("社區關懷"))
    assert list(form.value_edits) == ["參加人次", "捐贈金額", "地點"]
    form.date_edit.setText("106/05/10")
    form.title_edit.setText("社區關懷活動")
    for name, value in {"參加人次": "25", "捐贈金額": "12,000", "地點": "安平區"}.items():
        form.value_edits[name].setText(value)
    form.try_accept()
    assert Event.get().values == {"參加人次": 25, "捐贈金額": 12000, "地點": "安平區"}


BAD_KINDS = [
    pytest.param("", [("人次", "整數")], "name", "請輸入活動類別名稱。", id="no-name"),
    pytest.param("類" * 21, [("人次", "整數")], "name", "活動類別名稱最多 20 個字。", id="name-too-long"),
    pytest.param(" 法拍會 ", [("人次", "整數")], "name", "已經有「法拍會」這個活動類別了。", id="name-taken"),
    pytest.param("社區關懷", [("人次", "整數"), ("", "整數")], "figures.2", "請輸入第 2 個項目的名稱。", id="figure-unnamed"),
    pytest.param("社區關懷", [("項" * 11, "整數")], "figures.1", "第 1 個項目的名稱最多 10 個字。", id="figure-too-long"),
    pytest.param("社區關懷", [("人次", "整數"), ("人次", "文字")], "figures.2", "項目「人次」重複了。", id="figure-twice"),
    pytest.param(
        "社區關懷", [("人次", "整數"), ("地點", "（請選擇類型）")], "figures.2",
        "請選擇「地點」的類型（整數、金額（元）、文字）。", id="figure-untyped",
    ),
    pytest.param(
        "社區關懷", [(f"項目{n}", "整數") for n in range(11)], "figures", "一個類別最多 10 個項目。", id="too-many-figures",
    ),
]


@pytest.mark.parametrize("name, figures, field, message", BAD_KINDS)
def test_a_bad_kind_is_said_beside_what_it_is_about_and_nothing_is_written(
    qtbot, page: KindsPage, name: str, figures: list[tuple[str, str]], field: str, message: str
) -> None:
    page.add_new()
    [dialog] = dialogs(page)
    dialog.name_edit.setText(name)
    set_figures(dialog, figures)
    assert_refused_beside(qtbot, dialog, field, message, written)


# ---------------------------------------------------------------- a kind in use


def test_a_kind_in_use_is_renamed_and_gains_a_figure(qtbot, page: KindsPage, blood_drive: Event) -> None:
    dialog = edit_kind(page, "捐血")
    assert dialog.windowTitle() == "修改活動類別"
    assert rows_shown(dialog) == [("1.", "人次", "整數"), ("2.", "cc", "整數")]
    dialog.name_edit.setText("捐血活動")
    qtbot.mouseClick(dialog.figures.add_button, Qt.MouseButton.LeftButton)
    set_figures(dialog, [("人次", "整數"), ("cc", "整數"), ("袋數", "整數")])
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    stored = EventKind.get_by_id(blood_drive.kind_id)
    assert (stored.name, [f.name for f in stored.figure_list]) == ("捐血活動", ["人次", "cc", "袋數"])
    assert cells(page)[-1] == ["捐血活動", "人次：整數；cc：整數；袋數：整數", "1", "使用中"]


def test_taking_a_figure_off_a_kind_in_use_is_refused_beside_it_at_once(
    qtbot, page: KindsPage, blood_drive: Event
) -> None:
    dialog = edit_kind(page, "捐血")
    before = written()
    qtbot.mouseClick(dialog.figures.rows[1].remove_button, Qt.MouseButton.LeftButton)
    assert rows_shown(dialog) == [("1.", "人次", "整數"), ("2.", "cc", "整數")]  # kept on the form
    assert dialog.figures.rows[1].message.isVisible() and dialog.figures.rows[1].message.text() == KEPT_CC
    assert dialog.field_messages["figures.2"].text() == KEPT_CC
    assert [f for f, label in dialog.field_messages.items() if label.text()] == ["figures.2"]
    assert written() == before
    assert_rows_have_room(dialog)
    qtbot.mouseClick(dialog.figures.add_button, Qt.MouseButton.LeftButton)  # one added on the form may go
    qtbot.mouseClick(dialog.figures.rows[2].remove_button, Qt.MouseButton.LeftButton)
    assert len(dialog.figures.rows) == 2


@pytest.fixture
def program_font() -> Iterator[None]:
    """The font the program starts with (the tests' own is smaller): what the window must fit."""
    app = QApplication.instance()
    saved = app.font()
    apply_app_font(app, DEFAULT_FONT_POINT_SIZE)
    yield
    app.setFont(saved)


def test_retyping_a_figure_of_a_kind_in_use_is_refused_beside_it(
    qtbot, program_font: None, blood_drive: Event, secretary: User
) -> None:
    page = KindsPage(secretary)
    qtbot.addWidget(page)
    page.show()
    dialog = edit_kind(page, "捐血")
    dialog.resize(dialog.width(), dialog.minimumHeight())  # as small as it lets itself be
    set_figures(dialog, [("人次", "整數"), ("cc", "文字")])
    assert_refused_beside(qtbot, dialog, "figures.2", "「捐血」已有活動紀錄，「cc」的類型不能改（現在是整數）。", written)
    assert EventKind.get_by_id(blood_drive.kind_id).figure_list == (Figure("人次", "count"), Figure("cc", "count"))
    assert_rows_have_room(dialog)


def test_renaming_a_figure_of_a_kind_in_use_is_refused_under_the_figures(
    qtbot, page: KindsPage, blood_drive: Event
) -> None:
    dialog = edit_kind(page, "捐血")
    set_figures(dialog, [("人數", "整數"), ("cc", "整數")])
    assert_refused_beside(qtbot, dialog, "figures", "「捐血」已有活動紀錄，不能拿掉或改名「人次」這一項（可以新增項目）。", written)


def test_a_kind_not_in_use_loses_a_figure(qtbot, page: KindsPage) -> None:
    dialog = edit_kind(page, "法拍會")
    qtbot.mouseClick(dialog.figures.rows[1].remove_button, Qt.MouseButton.LeftButton)
    assert rows_shown(dialog) == [("1.", "場次", "整數"), ("2.", "拍變賣價金", "金額（元）")]
    dialog.try_accept()
    assert [f.name for f in kind("法拍會").figure_list] == ["場次", "拍變賣價金"]


def test_a_kind_in_use_is_not_voided_and_one_without_events_is(
    qtbot, page: KindsPage, blood_drive: Event, monkeypatch
) -> None:
    page.refresh()
    page.table.selectRow(page.model.row_where(lambda k: k.name == "捐血"))
    answer_void(monkeypatch, "不再辦理")
    before = written()
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "「捐血」還有 1 筆活動紀錄；請先作廢這些活動，再作廢類別。" and written() == before
    page.table.selectRow(page.model.row_where(lambda k: k.name == "替代役公益"))
    asked = answer_void(monkeypatch, "不再辦理")
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    assert "替代役公益" in asked[0]
    assert EventKind.get(EventKind.name == "替代役公益").is_voided


# ---------------------------------------------------------------- the window, one dialog, the model


def test_the_window_tells_the_tab_what_changed(qtbot, secretary: User) -> None:
    events = EventsPage(secretary)
    qtbot.addWidget(events)
    events.show()
    listed()
    window = events.show_kinds()
    assert isinstance(window, EventKindsDialog) and window.isVisible()
    window.page.add_new()
    [dialog] = open_dialogs(window.page, EventKindDialog)
    dialog.name_edit.setText("社區關懷")
    set_figures(dialog, [("人次", "整數")])
    dialog.try_accept()
    listed()
    combo = events.filter_bar.combos["kind"]
    assert combo.itemText(combo.count() - 1) == "社區關懷"
    window.reject()


def test_a_double_click_or_enter_on_a_kind_opens_exactly_one_dialog(qtbot, page: KindsPage) -> None:
    assert_one_dialog_per_activation(qtbot, page, 0, EventKindDialog)


def test_the_model_passes_modeltester(qtmodeltester, page: KindsPage, secretary: User, blood_drive: Event) -> None:
    page.refresh()
    assert page.model.rowCount() == 5
    qtmodeltester.check(page.model)
    qtmodeltester.check(KindsModel(secretary))

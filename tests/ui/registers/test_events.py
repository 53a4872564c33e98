"""活動 (登記簿's fifth tab) through the real widgets: the list read as an op and filtered by
period and kind, each event with every figure its kind declares, the form whose fields follow
the kind chosen, each refusal under its own field, a date that may be a month alone,
corrections and 作廢.

The list is read on the ops' worker: a test that looks at the rows waits for the read first
(``listed``), as the secretary waits for the list to appear."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

import ui.registers.events
from models.accounts import Role, User
from models.audit import AuditEntry
from models.registers.events import (
    Event,
    EventKind,
    add_event_kind,
    record_event,
    update_event_kind,
    void_event,
    void_event_kind,
)
from models.rocdate import format_roc
from models.users import create_user
from tests.ui.op_gate import Gate, hold_read
from tests.ui.registers.register_checks import (
    answer_void,
    assert_models_pass_modeltester,
    assert_one_dialog_per_activation,
    assert_read_on_the_worker,
    assert_refused_beside,
    assert_refused_to_all_but_the_secretary,
    cells,
    choose_period,
    listed,
    listed_ids,
    open_dialogs,
    shown,
)
from ui.registers.book import load_registers
from ui.registers.event_kinds import EventKindsDialog
from ui.registers.events import EventDialog, EventsPage
from ui.widgets.messages import MessageLabel

TODAY = dt.date.today()
DONEE = "財團法人華山社會福利慈善基金會"
AUCTION = {"場次": "1", "人次": "612", "拍變賣價金": "1,310,040"}


def kind(name: str) -> EventKind:
    return EventKind.get((EventKind.name == name) & EventKind.voided_at.is_null())


@pytest.fixture
def page(qtbot, secretary: User) -> EventsPage:
    return shown(qtbot, EventsPage(secretary))


@pytest.fixture
def made(secretary: User) -> dict[str, Event]:
    made = {
        "donation": record_event(
            secretary, kind("愛心社捐款"), dt.date(2017, 1, 19), "愛心社捐款", {"受贈單位": DONEE, "金額": "6600"}, month_only=True
        ),
        "blood": record_event(secretary, kind("捐血"), dt.date(2017, 1, 25), "捐血活動", {"人次": "35", "cc": "9000"}),
        "auction": record_event(secretary, kind("法拍會"), dt.date(2017, 2, 23), "鳳凰城法拍會黃昏市集", AUCTION),
        "twice": record_event(secretary, kind("法治教育宣導"), dt.date(2017, 3, 8), "校園法治教育宣導", {"場次": "1"}),
        "later": record_event(secretary, kind("捐血"), dt.date(2017, 7, 4), "下半年捐血", {"人次": "41", "cc": "10,250"}),
    }
    void_event(secretary, made["twice"], "重複輸入")
    return made


def written() -> tuple[int, int, int]:
    return EventKind.select().count(), Event.select().count(), AuditEntry.select().count()


def dialogs(page: EventsPage) -> list[EventDialog]:
    return open_dialogs(page, EventDialog)


def kind_choices(page: EventsPage) -> list[str]:
    combo = page.filter_bar.combos["kind"]
    return [combo.itemText(i) for i in range(combo.count())]


def pick_kind(dialog: EventDialog, name: str) -> None:
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findText(name))


def figure_labels(dialog: EventDialog) -> list[str]:
    return [dialog.form.labelForField(edit.parentWidget()).text() for edit in dialog.value_edits.values()]


def note_of(edit: QLineEdit) -> str:
    """The grey note under a field (what may be typed)."""
    [note] = [label.text() for label in edit.parentWidget().findChildren(QLabel) if not isinstance(label, MessageLabel)]
    return note


def fill(qtbot, dialog: EventDialog, *, day: str = "106/04/20", kind_name: str = "法拍會",
         title: str = "鳳凰城法拍會黃昏市集", values: dict[str, str] | None = None) -> None:
    dialog.date_edit.clear()
    qtbot.keyClicks(dialog.date_edit, day)
    pick_kind(dialog, kind_name)
    dialog.title_edit.setText(title)  # Chinese arrives whole from the input method
    for name, value in (AUCTION if values is None else values).items():
        dialog.value_edits[name].setText(value)


# ---------------------------------------------------------------- the list


def test_the_tab_is_the_fifth_of_the_book() -> None:
    tab = next(tab for tab in load_registers().tabs() if tab.key == "events")
    assert (tab.title, tab.position, tab.notice) == ("活動", 5, None)


def test_the_list_shows_each_event_with_the_figures_of_its_kind(page: EventsPage, made: dict[str, Event]) -> None:
    page.refresh()
    listed()
    assert [column.header for column in page.model.columns] == ["日期", "類別", "活動名稱", "項目與數字", "登記者"]
    assert cells(page) == [
        ["106/01", "愛心社捐款", "愛心社捐款", f"受贈單位 {DONEE}、金額 6,600 元", "林秘書"],
        ["106/01/25", "捐血", "捐血活動", "人次 35、cc 9,000", "林秘書"],
        ["106/02/23", "法拍會", "鳳凰城法拍會黃昏市集", "場次 1、人次 612、拍變賣價金 1,310,040 元", "林秘書"],
        ["106/03/08", "法治教育宣導", "校園法治教育宣導", "場次 1", "林秘書"],
        ["106/07/04", "捐血", "下半年捐血", "人次 41、cc 10,250", "林秘書"],
    ]
    assert page.count_label.text() == "共 5 筆"


def test_a_figure_added_later_reads_blank_in_the_list(
    page: EventsPage, made: dict[str, Event], secretary: User
) -> None:
    update_event_kind(secretary, kind("捐血"), "捐血", [("人次", "count"), ("cc", "count"), ("地點", "text")])
    page.refresh()
    listed()
    assert cells(page)[page.model.row_of(made["blood"].id)][3] == "人次 35、cc 9,000、地點 —"


def test_a_voided_event_stays_listed_grey_and_struck_through(page: EventsPage, made: dict[str, Event]) -> None:
    page.refresh()
    listed()
    model, row = page.model, page.model.row_of(made["twice"].id)
    assert model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole).color().name() == "#888888"
    assert model.data(model.index(row, 3), Qt.ItemDataRole.FontRole).strikeOut()
    assert model.data(model.index(row, 2), Qt.ItemDataRole.ToolTipRole) == "校園法治教育宣導\n作廢原因：重複輸入"
    page.table.selectRow(row)
    assert not page.edit_button.isEnabled() and not page.void_button.isEnabled() and page.history_button.isEnabled()


def test_the_filters_choose_by_period_and_by_the_kinds_kept(qtbot, page: EventsPage, made: dict[str, Event]) -> None:
    assert kind_choices(page) == ["全部類別", "法拍會", "法治教育宣導", "愛心社捐款", "替代役公益", "捐血"]
    page.filter_bar.set_choice("kind", kind("捐血").id)
    listed()
    assert listed_ids(page) == [made["blood"].id, made["later"].id]
    choose_period(qtbot, page, "106H1")
    assert listed_ids(page) == [made["blood"].id]
    page.filter_bar.set_choice("kind", None)
    listed()
    assert listed_ids(page) == [made[k].id for k in ("donation", "blood", "auction", "twice")]
    choose_period(qtbot, page, "106/01")
    assert listed_ids(page) == [made["donation"].id, made["blood"].id]  # the month's donation is in its month


def test_a_kind_added_renamed_or_voided_elsewhere_is_offered_as_kept_when_shown_again(
    page: EventsPage, made: dict[str, Event], secretary: User
) -> None:
    page.filter_bar.set_choice("kind", kind("替代役公益").id)
    listed()
    added = add_event_kind(secretary, "社區關懷", [("參加人次", "count")])
    update_event_kind(secretary, kind("捐血"), "捐血活動", [("人次", "count"), ("cc", "count")])
    page.activate()  # the tab shown again
    listed()
    assert kind_choices(page)[-2:] == ["捐血活動", "社區關懷"]
    assert page.filter_bar.combos["kind"].currentText() == "替代役公益"  # the choice stays while it is offered
    void_event_kind(secretary, kind("替代役公益"), "不再辦理")
    page.activate()
    listed()
    assert "替代役公益" not in kind_choices(page) and page.filter_bar.combos["kind"].currentData() is None
    assert page.model.rowCount() == 5  # read again for every kind
    assert page.filter_bar.combos["kind"].findData(added.id) >= 0


# ---------------------------------------------------------------- the form


def test_the_form_shows_a_field_per_figure_of_the_kind_chosen(qtbot, page: EventsPage) -> None:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    [dialog] = dialogs(page)
    assert dialog.windowTitle() == "記錄活動" and dialog.value_edits == {}  # no kind yet, no figure
    assert dialog.focusWidget() is dialog.date_edit
    pick_kind(dialog, "法拍會")
    assert figure_labels(dialog) == ["場次", "人次", "拍變賣價金"]
    dialog.value_edits["人次"].setText("612")
    pick_kind(dialog, "捐血")
    assert figure_labels(dialog) == ["人次", "cc"]
    assert dialog.value_edits["人次"].text() == "612"  # typed under a name the new kind has too: kept
    pick_kind(dialog, "愛心社捐款")
    assert figure_labels(dialog) == ["受贈單位", "金額"]
    assert sorted(f for f in dialog.field_messages if f.startswith("values.")) == ["values.受贈單位", "values.金額"]
    pick_kind(dialog, "法拍會")
    assert dialog.value_edits["人次"].text() == "612"


def test_recording_an_event_through_the_form(qtbot, page: EventsPage) -> None:
    changes: list[None] = []
    page.records_changed.connect(lambda: changes.append(None))
    page.add_new()
    [dialog] = dialogs(page)
    fill(qtbot, dialog, values={"場次": "1", "人次": "598", "拍變賣價金": ""})
    qtbot.keyClicks(dialog.value_edits["拍變賣價金"], "1342908")
    dialog.value_edits["拍變賣價金"].editingFinished.emit()  # as leaving the field does
    assert dialog.value_edits["拍變賣價金"].text() == "1,342,908"  # shown with its separators at once
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    stored = Event.get()
    assert (stored.day, stored.month_only, stored.kind_id, stored.title) == (
        dt.date(2017, 4, 20), False, kind("法拍會").id, "鳳凰城法拍會黃昏市集"
    )
    assert stored.values == {"場次": 1, "人次": 598, "拍變賣價金": 1342908}
    listed()
    assert page.selected().id == stored.id and changes == [None]


def test_money_may_be_typed_as_written_on_paper(qtbot, page: EventsPage) -> None:
    page.add_new()
    [dialog] = dialogs(page)
    fill(qtbot, dialog, values={**AUCTION, "拍變賣價金": "NT$ 1,310,040 元"})
    dialog.value_edits["拍變賣價金"].editingFinished.emit()
    assert dialog.value_edits["拍變賣價金"].text() == "1,310,040"
    dialog.try_accept()
    assert Event.get().values["拍變賣價金"] == 1310040


def test_an_event_may_be_dated_by_its_month_alone(qtbot, page: EventsPage) -> None:
    page.add_new()
    [dialog] = dialogs(page)
    fill(qtbot, dialog, day="106/03", kind_name="愛心社捐款", title="愛心社捐款",
         values={"受贈單位": "社團法人台南市脊髓損傷者協會", "金額": "6,000"})
    dialog.try_accept()
    stored = Event.get()
    assert (stored.day, stored.month_only, stored.values["金額"]) == (dt.date(2017, 3, 1), True, 6000)
    listed()
    assert cells(page)[0][0] == "106/03"


NEXT_MONTH = (TODAY.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
COUNT_RULE = "「人次」請輸入整數，不要有小數點或正負號。"
MONEY_RULE = "「拍變賣價金」請輸入整數元，不要有小數點或其他符號。"
A_DAY_OR_A_MONTH = "請輸入日期（例如 106/01/25）或一個月份（例如 106/01）。"

BAD_FORMS = [
    pytest.param({"day": ""}, "date", "請輸入日期。", id="no-date"),
    pytest.param({"day": "106"}, "date", A_DAY_OR_A_MONTH, id="a-year"),
    pytest.param({"day": "106H1"}, "date", A_DAY_OR_A_MONTH, id="a-half-year"),
    pytest.param({"day": "106/01-106/03"}, "date", A_DAY_OR_A_MONTH, id="months"),
    pytest.param({"day": "106/02/30"}, "date", "「106/02/30」不是有效日期：民國106年2月只有28天。", id="no-such-day"),
    pytest.param({"day": format_roc(TODAY + dt.timedelta(days=1))}, "date", "日期不能晚於今天。", id="tomorrow"),
    pytest.param({"day": format_roc(NEXT_MONTH)[:-3]}, "date", "日期不能晚於今天。", id="next-month"),
    pytest.param({"kind_name": "（請選擇）", "values": {}}, "kind", "請選擇活動類別。", id="no-kind"),
    pytest.param({"title": " "}, "title", "請輸入活動名稱。", id="no-title"),
    pytest.param({"title": "名" * 101}, "title", "活動名稱最多 100 個字。", id="title-too-long"),
    pytest.param({"values": {**AUCTION, "人次": ""}}, "values.人次", "請輸入人次（「法拍會」的每一項都要填）。", id="count-missing"),
    pytest.param({"values": {**AUCTION, "人次": "-3"}}, "values.人次", COUNT_RULE, id="count-negative"),
    pytest.param({"values": {**AUCTION, "人次": "2.5"}}, "values.人次", COUNT_RULE, id="count-fraction"),
    pytest.param({"values": {**AUCTION, "人次": "六百"}}, "values.人次", COUNT_RULE, id="count-in-words"),
    pytest.param({"values": {**AUCTION, "人次": "1000001"}}, "values.人次", "「人次」最多 1,000,000，請確認是否打錯。", id="count-absurd"),
    pytest.param({"values": {**AUCTION, "拍變賣價金": "-100"}}, "values.拍變賣價金", MONEY_RULE, id="money-negative"),
    pytest.param({"values": {**AUCTION, "拍變賣價金": "1310040.5"}}, "values.拍變賣價金", MONEY_RULE, id="money-fraction"),
    pytest.param({"values": {**AUCTION, "拍變賣價金": "一百三十萬"}}, "values.拍變賣價金", MONEY_RULE, id="money-in-words"),
    pytest.param(
        {"values": {**AUCTION, "拍變賣價金": "13,10,040"}}, "values.拍變賣價金",
        "「拍變賣價金」的逗號位置不對（千分位是每三位一個，例如 1,500），請確認是否打錯。", id="money-commas",
    ),
    pytest.param(
        {"values": {**AUCTION, "拍變賣價金": "100000001"}}, "values.拍變賣價金",
        "「拍變賣價金」最多 100,000,000 元，請確認是否打錯。", id="money-absurd",
    ),
    pytest.param(
        {"kind_name": "愛心社捐款", "values": {"受贈單位": " ", "金額": "100"}}, "values.受贈單位",
        "請輸入受贈單位（「愛心社捐款」的每一項都要填）。", id="text-missing",
    ),
    pytest.param(
        {"kind_name": "愛心社捐款", "values": {"受贈單位": "基" * 61, "金額": "100"}}, "values.受贈單位",
        "「受贈單位」最多 60 個字。", id="text-too-long",
    ),
    pytest.param(
        {"kind_name": "捐血", "values": {"人次": "35", "cc": "9000.5"}}, "values.cc",
        "「cc」請輸入整數，不要有小數點或正負號。", id="blood-fraction",
    ),
]


@pytest.mark.parametrize("typed, field, message", BAD_FORMS)
def test_bad_input_is_said_beside_its_field_and_nothing_is_written(
    qtbot, page: EventsPage, typed: dict, field: str, message: str
) -> None:
    page.add_new()
    [dialog] = dialogs(page)
    fill(qtbot, dialog, **typed)
    assert_refused_beside(qtbot, dialog, field, message, written)


def test_a_number_that_cannot_be_read_is_said_when_its_field_is_left(qtbot, page: EventsPage) -> None:
    page.add_new()
    [dialog] = dialogs(page)
    fill(qtbot, dialog, values={**AUCTION, "人次": "2.5"})
    dialog.value_edits["人次"].editingFinished.emit()
    assert dialog.field_messages["values.人次"].text() == COUNT_RULE
    assert dialog.value_edits["人次"].text() == "2.5"  # kept as typed, to be put right
    dialog.value_edits["人次"].setText("612")
    dialog.value_edits["人次"].editingFinished.emit()
    assert dialog.field_messages["values.人次"].text() == ""


def test_correcting_an_event_shows_it_as_kept(qtbot, page: EventsPage, made: dict[str, Event]) -> None:
    page.refresh()
    listed()
    page.table.selectRow(page.model.row_of(made["donation"].id))
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    [dialog] = dialogs(page)
    assert dialog.windowTitle() == "修改活動"
    shown = (dialog.date_edit.text(), dialog.kind_combo.currentText(), dialog.title_edit.text())
    assert shown == ("106/01", "愛心社捐款", "愛心社捐款")
    assert {name: edit.text() for name, edit in dialog.value_edits.items()} == {"受贈單位": DONEE, "金額": "6,600"}
    dialog.value_edits["金額"].setText("6,600.5")
    dialog.try_accept()
    assert dialog.field_messages["values.金額"].text() == "「金額」請輸入整數元，不要有小數點或其他符號。"
    assert Event.get_by_id(made["donation"].id).values["金額"] == 6600
    dialog.value_edits["金額"].setText("6,800")
    dialog.try_accept()
    assert not dialog.isVisible()
    stored = Event.get_by_id(made["donation"].id)
    assert (stored.day, stored.month_only, stored.values["金額"]) == (dt.date(2017, 1, 1), True, 6800)


def test_a_figure_added_after_the_event_may_stay_blank_when_corrected(
    qtbot, page: EventsPage, made: dict[str, Event], secretary: User
) -> None:
    update_event_kind(secretary, kind("捐血"), "捐血", [("人次", "count"), ("cc", "count"), ("地點", "text")])
    page.refresh()
    listed()
    page.table.selectRow(page.model.row_of(made["blood"].id))
    page.edit_selected()
    [dialog] = dialogs(page)
    assert figure_labels(dialog) == ["人次", "cc", "地點"] and dialog.value_edits["地點"].text() == ""
    assert note_of(dialog.value_edits["地點"]) == "文字，最多 60 個字；這一項是這筆活動記錄後才加的，可以留空"
    assert note_of(dialog.value_edits["cc"]) == "整數，例如 612"
    dialog.value_edits["人次"].setText("36")
    dialog.try_accept()
    assert not dialog.isVisible()
    assert Event.get_by_id(made["blood"].id).values == {"人次": 36, "cc": 9000}


def test_voiding_asks_for_the_reason(qtbot, page: EventsPage, made: dict[str, Event], monkeypatch) -> None:
    page.refresh()
    listed()
    page.table.selectRow(page.model.row_of(made["auction"].id))
    asked = answer_void(monkeypatch, "登記錯誤")
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    assert "106/02/23 法拍會：鳳凰城法拍會黃昏市集" in asked[0] and "不能空白" in asked[1]
    stored = Event.get_by_id(made["auction"].id)
    assert stored.is_voided and stored.void_reason == "登記錯誤"


# ---------------------------------------------------------------- one dialog per activation


def test_a_double_click_or_enter_on_a_row_opens_exactly_one_dialog(
    qtbot, page: EventsPage, made: dict[str, Event]
) -> None:
    page.refresh()
    listed()
    assert_one_dialog_per_activation(qtbot, page, page.model.row_of(made["auction"].id), EventDialog)


def test_the_kinds_window_opens_once_however_often_asked(qtbot, page: EventsPage) -> None:
    qtbot.mouseClick(page.kinds_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.kinds_button, Qt.MouseButton.LeftButton)
    shown = [d for d in page.findChildren(EventKindsDialog) if d.isVisible()]
    assert len(shown) == 1 and shown[0].windowTitle() == "活動類別"
    shown[0].reject()
    qtbot.mouseClick(page.kinds_button, Qt.MouseButton.LeftButton)
    again = [d for d in page.findChildren(EventKindsDialog) if d.isVisible()]
    assert len(again) == 1 and again[0] is not shown[0]
    again[0].reject()


# ---------------------------------------------------------------- the model, the op layer, the role


def test_the_model_passes_modeltester(qtmodeltester, page: EventsPage, made: dict[str, Event]) -> None:
    assert_models_pass_modeltester(qtmodeltester, page, rows=5)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """The list's read held on the worker until the test opens the gate."""
    yield from hold_read(monkeypatch, ui.registers.events, "events")


def test_the_list_is_read_on_the_worker_while_the_window_answers(
    qtbot, secretary: User, made: dict[str, Event], gate: Gate
) -> None:
    assert_read_on_the_worker(qtbot, lambda: EventsPage(secretary), gate, rows=5)


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.OPERATOR, Role.DUTY])
def test_no_one_but_the_secretary_reads_the_list(qtbot, secretary: User, role: Role, monkeypatch) -> None:
    """The kinds' read is refused too, and left for the list's to say."""
    record_event(secretary, kind("捐血"), dt.date(2017, 1, 25), "捐血活動", {"人次": "35", "cc": "9000"})
    other = create_user(secretary, "陳同仁", role)
    pages: list[EventsPage] = []
    assert_refused_to_all_but_the_secretary(qtbot, monkeypatch, lambda: pages.append(EventsPage(other)) or pages[-1])
    assert kind_choices(pages[0]) == ["全部類別"]

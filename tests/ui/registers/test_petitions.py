"""陳情案件 (登記簿's first tab) through the real widgets: the list read as an op, the form
with each message beside its field, 結案, 作廢, overdue rows, and a long list that loads while
the window goes on answering.

The list is read on the ops' worker: a test that looks at the rows waits for the read first
(``listed``), as the secretary waits for the list to appear."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from PySide6.QtGui import QFont

import ui.registers.petitions
from models.accounts import Role, User
from models.audit import AuditEntry
from models.base import now
from models.registers.petitions import Petition, PetitionInput, register_petition, void_petition
from models.rocdate import format_roc
from models.users import create_user
from tests.ui.op_gate import RELEASE_S, Gate, assert_the_loop_runs, hold_read
from tests.ui.registers.register_checks import (
    answer_void,
    assert_models_pass_modeltester,
    assert_one_dialog_per_activation,
    assert_refused_beside,
    cells,
    listed,
    open_dialogs,
    shown,
    type_date,
)
from ui.ops import op_runner
from ui.registers.petitions import SUMMARY_COLUMN, PetitionDialog, PetitionsModel, PetitionsPage
from ui.style import ERROR_TEXT, set_large_print

TODAY = dt.date.today()
LONG_AGO = TODAY - dt.timedelta(days=45)  # received then, due 15 days ago
STATUS = [column.header for column in PetitionsModel.columns].index("狀態")


@pytest.fixture
def page(qtbot, secretary: User) -> PetitionsPage:
    return shown(qtbot, PetitionsPage(secretary))


@pytest.fixture
def cases(secretary: User) -> dict[str, Petition]:
    made = {
        "overdue": register_petition(secretary, PetitionInput(LONG_AGO, "phone", "rights", "查封車輛何時發還")),
        "closed": register_petition(
            secretary, PetitionInput(dt.date(2017, 3, 14), "oral", "inquiry", "分期繳納\n應備文件", closed_on=dt.date(2017, 3, 16))
        ),
        "voided": register_petition(secretary, PetitionInput(dt.date(2017, 6, 8), "written", "other", "重複登記的案件")),
    }
    void_petition(secretary, made["voided"], "重複登記")
    return made


def row_of(page: PetitionsPage, petition: Petition) -> int:
    return page.model.row_of(petition.id)


def written() -> tuple[int, int]:
    return Petition.select().count(), AuditEntry.select().count()


def pick(combo, words: str) -> None:
    combo.setCurrentIndex(combo.findText(words))


def fill(qtbot, dialog: PetitionDialog, *, received: str = "1060314", channel: str = "電話", category: str = "行政權益維護",
         summary: str = "查封動產拍賣期日之詢問", due: str | None = None, closed: str = "", satisfaction: str = "（還不知道）") -> None:
    type_date(qtbot, dialog.received_edit, received)
    pick(dialog.channel_combo, channel)
    pick(dialog.category_combo, category)
    dialog.summary_edit.setPlainText(summary)  # Chinese arrives whole from the input method
    if due is not None:
        type_date(qtbot, dialog.due_edit, due)
    type_date(qtbot, dialog.closed_edit, closed)
    pick(dialog.satisfaction_combo, satisfaction)


# ---------------------------------------------------------------- the list


def test_the_list_shows_each_case_in_words_newest_first(page: PetitionsPage, cases: dict[str, Petition]) -> None:
    page.refresh()
    listed()
    assert [column.header for column in page.model.columns] == [
        "收件日期", "方式", "類別", "信箱", "摘要", "承辦單位", "辦理期限", "結案日期", "答復滿意度", "狀態", "密件", "登記者",
    ]
    rows = cells(page)
    assert [row[0] for row in rows][1:] == ["106/06/08", "106/03/14"]
    closed = rows[row_of(page, cases["closed"])]
    assert closed[1:5] == ["口頭", "行政法令查詢", "", "分期繳納…"]  # the first line, more on hover
    assert closed[6:10] == ["106/04/13", "106/03/16", "", "已結案"]
    assert page.model.data(page.model.index(row_of(page, cases["closed"]), 4), Qt.ItemDataRole.ToolTipRole) == "分期繳納\n應備文件"
    assert page.count_label.text() == "共 3 筆"


def test_an_overdue_case_stands_out_in_words_colour_and_weight(page: PetitionsPage, cases: dict[str, Petition]) -> None:
    page.refresh()
    listed()
    model, row = page.model, row_of(page, cases["overdue"])
    assert model.data(model.index(row, STATUS)) == "⚠ 逾期 15 天"  # not only a colour: the word and a mark
    assert model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    font: QFont = model.data(model.index(row, 0), Qt.ItemDataRole.FontRole)
    assert font.bold()
    closed = row_of(page, cases["closed"])
    assert model.data(model.index(closed, 0), Qt.ItemDataRole.ForegroundRole) is None


def test_a_voided_case_stays_listed_grey_and_struck_through(page: PetitionsPage, cases: dict[str, Petition]) -> None:
    page.refresh()
    listed()
    model, row = page.model, row_of(page, cases["voided"])
    assert model.data(model.index(row, STATUS)) == "已作廢"
    assert model.data(model.index(row, STATUS), Qt.ItemDataRole.ToolTipRole) == "作廢原因：重複登記"
    assert model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole).color().name() == "#888888"
    assert model.data(model.index(row, 0), Qt.ItemDataRole.FontRole).strikeOut()
    assert model.data(model.index(row, STATUS), Qt.ItemDataRole.FontRole) is None  # 已作廢 stays legible
    page.table.selectRow(row)
    assert not page.edit_button.isEnabled() and not page.void_button.isEnabled() and not page.close_button.isEnabled()
    assert page.history_button.isEnabled()


def test_the_filters_choose_what_is_listed(qtbot, page: PetitionsPage, cases: dict[str, Petition]) -> None:
    bar = page.filter_bar
    bar.set_choice("status", "overdue")
    listed()
    assert [page.model.record_at(r).id for r in range(page.model.rowCount())] == [cases["overdue"].id]
    bar.set_choice("status", "all")
    bar.set_choice("channel", "oral")
    listed()
    assert [page.model.record_at(r).id for r in range(page.model.rowCount())] == [cases["closed"].id]
    bar.set_choice("channel", None)
    bar.period_bar.period_edit.setText("106H1")
    qtbot.keyClick(bar.period_bar.period_edit, Qt.Key.Key_Return)
    listed()
    assert page.model.rowCount() == 2 and bar.period_bar.period_label.text() == "106年1月至6月"
    bar.set_choice("category", "other")
    listed()
    assert [page.model.record_at(r).id for r in range(page.model.rowCount())] == [cases["voided"].id]


def test_a_bad_period_is_said_under_its_box_and_the_list_stays(qtbot, page: PetitionsPage, cases: dict[str, Petition]) -> None:
    page.refresh()
    listed()
    before = cells(page)
    edit = page.filter_bar.period_bar.period_edit
    edit.setText("106H3")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "106H3" in page.filter_bar.period_bar.message.text()
    assert op_runner().is_idle()  # nothing was read
    page.filter_bar.set_choice("status", "open")  # a list chosen meanwhile reads nothing either
    assert op_runner().is_idle() and cells(page) == before


# ---------------------------------------------------------------- the form


def test_registering_a_case_through_the_form(qtbot, page: PetitionsPage) -> None:
    changes: list[None] = []
    page.records_changed.connect(lambda: changes.append(None))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    [dialog] = open_dialogs(page, PetitionDialog)
    fill(qtbot, dialog)
    assert dialog.due_edit.lineEdit().text() == "106/04/13"  # received + 30 days, proposed and shown
    pick(dialog.mailbox_combo, "民意信箱")
    dialog.unit_edit.setText("執行科")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    stored = Petition.get()
    assert (stored.received_on, stored.channel, stored.category, stored.mailbox) == (dt.date(2017, 3, 14), "phone", "rights", "public")
    assert (stored.due_on, stored.summary, stored.handling_unit) == (dt.date(2017, 4, 13), "查封動產拍賣期日之詢問", "執行科")
    listed()
    assert page.selected().id == stored.id and changes == [None]


def test_a_due_date_typed_by_hand_is_kept_when_the_received_date_changes(qtbot, page: PetitionsPage) -> None:
    page.add_new()
    [dialog] = open_dialogs(page, PetitionDialog)
    fill(qtbot, dialog, due="1060320")
    type_date(qtbot, dialog.received_edit, "1060315")
    assert dialog.due_edit.lineEdit().text() == "106/03/20"
    dialog.try_accept()
    assert Petition.get().due_on == dt.date(2017, 3, 20)


BAD_FORMS = [
    pytest.param({"received": ""}, "received_on", "請輸入收件日期。", id="no-received"),
    pytest.param({"received": "abc"}, "received_on", None, id="unreadable-received"),
    pytest.param({"received": format_roc(TODAY + dt.timedelta(days=1))}, "received_on", "收件日期不能晚於今天。", id="received-tomorrow"),
    pytest.param({"received": "2999/01/01"}, "received_on", "「2999/01/01」不是有效日期：年份超出可處理的範圍（最晚到西元2910年）。", id="received-far"),
    pytest.param({"channel": "（請選擇）"}, "channel", "請選擇陳情方式。", id="no-channel"),
    pytest.param({"category": "（請選擇）"}, "category", "請選擇類別。", id="no-category"),
    pytest.param({"summary": "  "}, "summary", "請輸入陳情摘要。", id="no-summary"),
    pytest.param({"due": "1060301"}, "due_on", "辦理期限不能早於收件日期。", id="due-before-received"),
    pytest.param({"closed": "1060310"}, "closed_on", "結案日期不能早於收件日期。", id="closed-before-received"),
    pytest.param({"closed": "1060399"}, "closed_on", None, id="unreadable-closed"),
    pytest.param({"satisfaction": "滿意"}, "reply_satisfaction", "還沒有結案，不能填答復滿意度；請先填結案日期。", id="satisfaction-open"),
]


@pytest.mark.parametrize("typed, field, message", BAD_FORMS)
def test_bad_input_is_said_beside_its_field_and_nothing_is_written(
    qtbot, page: PetitionsPage, typed: dict[str, str], field: str, message: str | None
) -> None:
    page.add_new()
    [dialog] = open_dialogs(page, PetitionDialog)
    fill(qtbot, dialog, **typed)
    assert_refused_beside(qtbot, dialog, field, message, written)


def test_correcting_a_case_and_its_refusal_keep_the_list_as_stored(qtbot, page: PetitionsPage, cases: dict[str, Petition]) -> None:
    page.refresh()
    listed()
    page.table.selectRow(row_of(page, cases["overdue"]))
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    [dialog] = open_dialogs(page, PetitionDialog)
    assert dialog.windowTitle() == "修改陳情案件" and dialog.summary_edit.toPlainText() == "查封車輛何時發還"
    type_date(qtbot, dialog.closed_edit, "1000101")
    dialog.try_accept()
    assert dialog.field_messages["closed_on"].text() == "結案日期不能早於收件日期。"
    type_date(qtbot, dialog.closed_edit, "")
    dialog.confidential_check.setChecked(True)
    dialog.try_accept()
    assert not dialog.isVisible()
    assert Petition.get_by_id(cases["overdue"].id).confidential
    listed()
    assert cells(page)[row_of(page, cases["overdue"])][10] == "密"


def test_closing_a_case_records_the_reply(qtbot, page: PetitionsPage, cases: dict[str, Petition]) -> None:
    page.refresh()
    listed()
    page.table.selectRow(row_of(page, cases["overdue"]))
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    [dialog] = open_dialogs(page, PetitionDialog)
    assert dialog.windowTitle() == "結案" and dialog.focusWidget() is dialog.closed_edit.lineEdit()
    assert dialog.closed_edit.date() == TODAY
    assert not dialog.summary_edit.isEnabled() and not dialog.received_edit.isEnabled()
    notes = [label.text() for label in dialog.findChildren(QLabel)]
    assert "結案後才能填" not in notes and "民眾對答復的感受；還不知道可留空" in notes  # this is the closing
    pick(dialog.reply_combo, "電話")
    pick(dialog.satisfaction_combo, "尚可")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    stored = Petition.get_by_id(cases["overdue"].id)
    assert (stored.closed_on, stored.reply_method, stored.reply_satisfaction) == (TODAY, "phone", "fair")
    listed()
    assert cells(page)[row_of(page, cases["overdue"])][STATUS] == "已結案"


def test_voiding_asks_for_the_reason(qtbot, page: PetitionsPage, cases: dict[str, Petition], monkeypatch) -> None:
    page.refresh()
    listed()
    page.table.selectRow(row_of(page, cases["overdue"]))
    asked = answer_void(monkeypatch, "登記錯誤")
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    assert "查封車輛何時發還" in asked[0] and "不能空白" in asked[1]  # asked again until a reason is given
    assert f"color: {ERROR_TEXT}" in asked[1] and "color" not in asked[0]  # the second time in red
    stored = Petition.get_by_id(cases["overdue"].id)
    assert stored.is_voided and stored.void_reason == "登記錯誤"
    listed()
    assert cells(page)[row_of(page, cases["overdue"])][STATUS] == "已作廢"


# ---------------------------------------------------------------- one dialog per activation


def test_a_double_click_or_enter_on_a_row_opens_exactly_one_dialog(qtbot, page: PetitionsPage, cases: dict[str, Petition]) -> None:
    page.refresh()
    listed()
    assert_one_dialog_per_activation(qtbot, page, row_of(page, cases["overdue"]), PetitionDialog)


# ---------------------------------------------------------------- the model and a long list


def test_the_model_passes_modeltester(qtmodeltester, page: PetitionsPage, cases: dict[str, Petition]) -> None:
    assert_models_pass_modeltester(qtmodeltester, page, rows=3)


@pytest.fixture
def many(secretary: User) -> int:
    """5,000 cases, written in bulk: this is about reading a long list, not about writing."""
    rows = [
        {
            "received_on": dt.date(2016, 1, 1) + dt.timedelta(days=n % 300), "channel": "phone", "category": "rights",
            "summary": f"第 {n} 件", "handling_unit": "", "due_on": dt.date(2016, 2, 1) + dt.timedelta(days=n % 300),
            "closed_on": None if n % 3 else dt.date(2016, 12, 1), "confidential": False, "created_by": secretary.id,
            "created_at": now(),
        }
        for n in range(5000)
    ]
    with Petition._meta.database.atomic():
        for start in range(0, len(rows), 500):
            Petition.insert_many(rows[start:start + 500]).execute()
    return len(rows)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """The list's read held on the worker until the test opens the gate."""
    yield from hold_read(monkeypatch, ui.registers.petitions, "listed_petitions")


def test_a_long_list_loads_while_the_window_answers(qtbot, secretary: User, many: int, gate: Gate) -> None:
    page = PetitionsPage(secretary)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    assert gate.reached.wait(RELEASE_S)  # the first read is on the worker, held there
    assert_the_loop_runs(qtbot, page)
    qtbot.keyClicks(page.filter_bar.period_bar.period_edit, "105")  # and typing reaches the filter row
    assert page.filter_bar.period_bar.period_edit.text() == "105"
    assert page.count_label.text() == "讀取中…" and page.model.rowCount() == 0
    gate.open()
    listed()
    assert page.model.rowCount() == many and page.count_label.text() == "共 5,000 筆"
    assert cells_of_first_row(page)[STATUS].startswith("⚠ 逾期")


def cells_of_first_row(page: PetitionsPage) -> list[str]:
    return [page.model.data(page.model.index(0, c)) for c in range(page.model.columnCount())]


def test_a_newer_read_takes_the_place_of_one_still_waiting(
    qtbot, secretary: User, cases: dict[str, Petition], gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    held = ui.registers.petitions.listed_petitions

    def counted(actor, **filters):  # noqa: ANN001, ANN202
        asked.append(filters["status"])
        return held(actor, **filters)

    monkeypatch.setattr(ui.registers.petitions, "listed_petitions", counted)
    page = PetitionsPage(secretary)  # its first read ("all") is held at the gate
    qtbot.addWidget(page)
    assert gate.reached.wait(RELEASE_S)
    for status in ("open", "closed", "overdue"):  # chosen one after another while it waits
        page.filter_bar.set_choice("status", status)
    gate.open()
    listed()
    assert asked == ["all", "overdue"]  # the two between never ran
    assert [page.model.record_at(r).id for r in range(page.model.rowCount())] == [cases["overdue"].id]


def test_a_storage_problem_is_said_and_the_list_is_kept(
    qtbot, page: PetitionsPage, cases: dict[str, Petition], monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.errors import DatabaseLocked

    page.refresh()
    listed()
    before = cells(page)
    problem = DatabaseLocked("資料庫正由另一台電腦寫入中，請稍後再試。")

    def locked(actor, **filters):  # noqa: ANN001, ANN202
        raise problem

    shown: list[BaseException] = []
    monkeypatch.setattr(ui.registers.petitions, "listed_petitions", locked)
    monkeypatch.setattr("ui.widgets.record_list.show_problem", lambda parent, exc: shown.append(exc))
    page.refresh()
    listed()
    assert shown == [problem] and cells(page) == before and page.count_label.text() == "共 3 筆"


def test_a_clerk_cannot_read_the_list_even_on_a_screen_built_for_them(qtbot, secretary: User, monkeypatch) -> None:
    """The screen is the secretary's alone (F11); were it built for a volunteer, the domain
    still refuses the read, and the refusal is said."""
    clerk = create_user(secretary, "陳志工", Role.VOLUNTEER)
    register_petition(secretary, dataclasses.replace(PetitionInput(LONG_AGO, "phone", "rights", "密件"), confidential=True))
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.widgets.record_list.show_problem", lambda parent, exc: shown.append(exc))
    page = PetitionsPage(clerk)
    qtbot.addWidget(page)
    listed()
    assert [str(exc) for exc in shown] == ["陳情案件只有研考可以查看與登記。"] and page.model.rowCount() == 0


# ---------------------------------------------------------------- 修改歷程


def test_the_history_reads_a_case_in_its_own_words(qtbot, page: PetitionsPage, cases: dict[str, Petition]) -> None:
    from ui.admin.history_dialog import HistoryDialog

    page.refresh()
    listed()
    page.table.selectRow(row_of(page, cases["closed"]))
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    [dialog] = page.findChildren(HistoryDialog)
    assert dialog.title.text() == f"陳情案件 第 {cases['closed'].id} 筆的修改歷程"
    inserted = dialog.model.data(dialog.model.index(0, 3))
    for line in ("收件日期：106/03/14", "陳情方式：口頭", "類別：行政法令查詢", "結案日期：106/03/16", "辦理期限：106/04/13"):
        assert line in inserted.split("\n")
    dialog.reject()


def test_a_confidential_case_s_history_refused_by_its_model_is_said_not_shown(
    qtbot, page: PetitionsPage, secretary: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dialog keeps no list of tables: the model's own rule refuses, and the refusal is said."""
    import models.registers.petitions
    from ui.admin.history_dialog import HistoryDialog

    secret = register_petition(secretary, PetitionInput(LONG_AGO, "phone", "misconduct", "檢舉", confidential=True))
    page.refresh()
    listed()
    page.table.selectRow(row_of(page, secret))
    said: list[str] = []
    monkeypatch.setattr("ui.admin.history_dialog.show_problem", lambda parent, exc: said.append(str(exc)))
    monkeypatch.setattr(models.registers.petitions, "may_read_confidential", lambda reader: False)
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    assert said == ["這件陳情案件是密件，只有研考可以查看它的修改歷程。"]
    assert [d for d in page.findChildren(HistoryDialog) if d.isVisible()] == []


@pytest.mark.parametrize("large", [False, True], ids=["normal print", "large print"])
def test_the_summary_column_keeps_room_to_be_read_at_1366(
    qtbot, app_font, secretary: User, cases: dict[str, Petition], large: bool
) -> None:
    """In large print 摘要 was left a sliver showing 「…」 on every row."""
    set_large_print(app_font, large)
    try:
        page = shown(qtbot, PetitionsPage(secretary))
        table = page.table
        room = table.columnWidth(SUMMARY_COLUMN)
        assert room >= 8 * table.fontMetrics().horizontalAdvance("摘"), f"摘要 has {room} px"
        assert not table.horizontalScrollBar().isVisible()
    finally:
        set_large_print(app_font, False)

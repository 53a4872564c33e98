"""The noon-hour payment desk, as the duty clerk takes money over lunch."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.accounts import Role, User
from models.audit import AuditEntry
from models.service.categories import payment_category
from models.service.counts import RECEIPT_MAX_LENGTH, SOURCE_PAYMENT, ServiceEvent, set_day_amount
from models.users import create_user
from ui.admin.history_dialog import HistoryDialog
from ui.service.payments import NoonPayments, PaymentEditDialog, PaymentListModel
from ui.widgets.number_grid import NUMBER_ALIGNMENT


@pytest.fixture
def duty(secretary: User) -> User:
    return create_user(secretary, "李輪值", Role.DUTY)


def make_page(qtbot: QtBot, user: User) -> NoonPayments:
    page = NoonPayments(user)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    return page


def take(qtbot: QtBot, page: NoonPayments, amount: str, receipt: str = "", enter_in_receipt: bool = False) -> None:
    """Type one payment and press Enter, as the clerk does."""
    qtbot.keyClicks(page.amount_edit, amount)
    if receipt:
        qtbot.keyClicks(page.receipt_edit, receipt)
    qtbot.keyClick(page.receipt_edit if enter_in_receipt else page.amount_edit, Qt.Key.Key_Return)


def correct_first(qtbot: QtBot, page: NoonPayments) -> PaymentEditDialog:
    """修改 on the list's first payment, as a double click opens it."""
    page.table.selectRow(0)
    dialog = page.open_edit_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    return dialog


def written() -> tuple[int, int]:
    return ServiceEvent.select().count(), AuditEntry.select().count()


def cell(page: NoonPayments, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole):
    return page.list_model.data(page.list_model.index(row, column), role)


def test_three_payments_are_listed_and_totalled(qtbot: QtBot, duty: User) -> None:
    page = make_page(qtbot, duty)
    take(qtbot, page, "1500", "A001")
    take(qtbot, page, "2,300", "A002", enter_in_receipt=True)
    take(qtbot, page, "800")
    events = list(ServiceEvent.select().order_by(ServiceEvent.id))
    assert [(e.amount, e.receipt_no, e.count, e.source) for e in events] == [
        (1500, "A001", 1, SOURCE_PAYMENT), (2300, "A002", 1, SOURCE_PAYMENT), (800, None, 1, SOURCE_PAYMENT)
    ]
    assert {e.category.code for e in events} == {"G"} and {e.created_by_id for e in events} == {duty.id}
    assert page.list_model.rowCount() == 3
    assert "人次 3　金額 4,600 元" in page.totals_label.text()
    assert [cell(page, row, 1) for row in range(3)] == ["1,500", "2,300", "800"]
    assert cell(page, 0, 1, Qt.ItemDataRole.TextAlignmentRole) == int(NUMBER_ALIGNMENT)
    assert cell(page, 1, 2) == "A002" and cell(page, 0, 3) == "李輪值" and cell(page, 0, 4) == ""
    assert cell(page, 0, 0) == events[0].created_at.strftime("%H:%M")
    assert page.amount_edit.text() == "" and page.receipt_edit.text() == ""
    assert page.banner.text() == "✔ 已記錄收款 800 元"
    assert page.selected_event().id == events[2].id  # the newest is shown selected


def test_record_button_records_too(qtbot: QtBot, duty: User) -> None:
    page = make_page(qtbot, duty)
    page.amount_edit.setText("NT$1,200")
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert ServiceEvent.get().amount == 1200


@pytest.mark.parametrize(
    "typed, message",
    [
        ("0", "金額必須大於 0 元"),
        ("-5", "金額請輸入整數元"),
        ("abc", "金額請輸入整數元"),
        ("12.5", "金額請輸入整數元"),
        ("", "請輸入金額"),
        ("999999999999", "金額最多 100,000,000 元"),
    ],
)
def test_bad_amount_writes_nothing(qtbot: QtBot, duty: User, typed: str, message: str) -> None:
    page = make_page(qtbot, duty)
    before = written()
    take(qtbot, page, typed, "A001")
    assert message in page.message.text()
    assert written() == before
    assert page.list_model.rowCount() == 0
    assert page.amount_edit.text() == typed and page.receipt_edit.text() == "A001"  # kept to be corrected


def test_large_amount_asks_first(qtbot: QtBot, duty: User, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    answer = {"yes": False}

    def confirm(_self: NoonPayments, amount: int) -> bool:
        asked.append(amount)
        return answer["yes"]

    monkeypatch.setattr(NoonPayments, "confirm_large_amount", confirm)
    page = make_page(qtbot, duty)
    before = written()
    take(qtbot, page, "250,000")
    assert asked == [250000]
    assert written() == before and "沒有記錄" in page.message.text()
    assert page.amount_edit.text() == "250,000"
    answer["yes"] = True
    qtbot.keyClick(page.amount_edit, Qt.Key.Key_Return)
    assert asked == [250000, 250000]
    assert ServiceEvent.get().amount == 250000
    assert "250,000" in page.totals_label.text()


def test_usual_amount_does_not_ask(qtbot: QtBot, duty: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(NoonPayments, "confirm_large_amount", lambda _self, _amount: pytest.fail("asked"))
    page = make_page(qtbot, duty)
    take(qtbot, page, "200000")  # the limit itself is usual
    assert ServiceEvent.get().amount == 200000


def test_correct_a_payment_through_the_dialog(qtbot: QtBot, duty: User) -> None:
    page = make_page(qtbot, duty)
    take(qtbot, page, "1500", "A001")
    take(qtbot, page, "800")
    dialog = correct_first(qtbot, page)
    assert dialog.amount_edit.text() == "1,500" and dialog.receipt_edit.text() == "A001"
    dialog.amount_edit.setText("abc")
    dialog.try_accept()
    assert "金額請輸入整數元" in dialog.message.text()
    assert ServiceEvent.get_by_id(page.list_model.record_at(0).id).amount == 1500
    dialog.amount_edit.setText("1,600")
    dialog.receipt_edit.setText("A009")
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    first = ServiceEvent.select().order_by(ServiceEvent.id).first()
    assert (first.amount, first.receipt_no) == (1600, "A009")
    update = AuditEntry.get(AuditEntry.action == "update")
    assert update.before["amount"] == 1500 and update.after["amount"] == 1600
    assert "金額 2,400 元" in page.totals_label.text()
    assert cell(page, 0, 1) == "1,600"


def test_correcting_to_a_large_amount_asks_too(qtbot: QtBot, duty: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(NoonPayments, "confirm_large_amount", lambda _self, _amount: False)
    page = make_page(qtbot, duty)
    take(qtbot, page, "1500")
    dialog = correct_first(qtbot, page)
    dialog.amount_edit.setText("300000")
    dialog.try_accept()
    assert ServiceEvent.get().amount == 1500 and dialog.result() != dialog.DialogCode.Accepted


def test_a_payment_voided_at_another_desk_is_not_brought_back(qtbot: QtBot, secretary: User, duty: User) -> None:
    page = make_page(qtbot, duty)
    take(qtbot, page, "1500")
    dialog = correct_first(qtbot, page)
    boss = make_page(qtbot, secretary)
    boss.table.selectRow(0)
    boss.void_selected(reason="重複收款")
    dialog.amount_edit.setText("1600")
    dialog.try_accept()
    assert "已作廢的收款不能修改" in dialog.message.text()
    stored = ServiceEvent.get()
    assert stored.is_voided and stored.amount == 1500


def test_void_needs_a_reason_then_drops_from_the_totals(qtbot: QtBot, duty: User) -> None:
    page = make_page(qtbot, duty)
    take(qtbot, page, "1500")
    take(qtbot, page, "800")
    page.table.selectRow(1)
    before = written()
    page.void_selected(reason="  ")
    assert "作廢必須寫明原因" in page.list_message.text()
    assert written() == before
    page.void_selected(reason="打錯")
    voided = ServiceEvent.select().order_by(ServiceEvent.id.desc()).first()
    assert voided.is_voided and voided.void_reason == "打錯"
    assert AuditEntry.select().where(AuditEntry.action == "void").count() == 1
    assert "人次 1　金額 1,500 元" in page.totals_label.text()
    assert page.list_model.rowCount() == 2 and cell(page, 1, 4) == "已作廢"
    page.table.selectRow(1)
    assert page.open_edit_dialog() is None
    assert "已作廢的收款不能修改" in page.list_message.text()


def test_nothing_selected_says_so(qtbot: QtBot, duty: User) -> None:
    page = make_page(qtbot, duty)
    take(qtbot, page, "1500")
    page.table.clearSelection()
    assert page.open_edit_dialog() is None
    assert "請先在清單中選一筆收款" in page.list_message.text()


def test_another_clerk_cannot_modify_it(qtbot: QtBot, secretary: User, duty: User) -> None:
    take(qtbot, make_page(qtbot, duty), "1500")
    other = create_user(secretary, "周輪值", Role.DUTY)
    page = make_page(qtbot, other)
    assert page.list_model.rowCount() == 1  # everyone's payments are listed
    page.table.selectRow(0)
    before = written()
    assert page.open_edit_dialog() is None
    assert "只能修改或作廢自己今天輸入的資料" in page.list_message.text()
    page.void_selected(reason="打錯")
    assert written() == before and not ServiceEvent.get().is_voided


def test_secretary_may_correct_anyones(qtbot: QtBot, secretary: User, duty: User) -> None:
    take(qtbot, make_page(qtbot, duty), "1500")
    page = make_page(qtbot, secretary)
    assert page.history_button.isVisible()
    dialog = correct_first(qtbot, page)
    dialog.amount_edit.setText("1000")
    dialog.try_accept()
    assert ServiceEvent.get().amount == 1000


def test_payment_list_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester, duty: User) -> None:
    page = make_page(qtbot, duty)
    take(qtbot, page, "1500", "A001")
    take(qtbot, page, "800")
    page.table.selectRow(0)
    page.void_selected(reason="重複")
    assert isinstance(page.list_model, PaymentListModel)
    qtmodeltester.check(page.list_model)


def test_the_secretary_traces_a_payment_from_the_list(qtbot: QtBot, secretary: User, duty: User) -> None:
    take(qtbot, make_page(qtbot, duty), "1500", "R1")
    page = make_page(qtbot, secretary)
    page.table.selectRow(0)
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    dialogs = page.findChildren(HistoryDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    assert "金額：1,500" in dialogs[0].model.data(dialogs[0].model.index(0, 3))
    dialogs[0].close()


def test_the_list_model_runs_no_query(qtbot: QtBot, duty: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """The names of who typed come with the day's events; the Qt model only shows them."""
    from models.db import db

    page = make_page(qtbot, duty)
    take(qtbot, page, "1500", "R1")
    take(qtbot, page, "800")
    page.void_selected(reason="打錯")
    model = page.list_model
    rows = model.records()  # what the screen read through the domain
    monkeypatch.setattr(db.obj, "execute_sql", lambda *args, **kwargs: pytest.fail("the Qt model ran a query"))
    model.set_records(rows)
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole,
             Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole)
    cells = [[model.data(model.index(r, c), role) for c in range(model.columnCount()) for role in roles]
             for r in range(model.rowCount())]
    assert [cell(page, r, 3) for r in range(2)] == ["李輪值", "李輪值"] and len(cells) == 2
    assert cell(page, 1, 0, Qt.ItemDataRole.ToolTipRole) == "作廢原因：打錯"
    assert cell(page, 1, 1, Qt.ItemDataRole.FontRole).strikeOut()
    assert cell(page, 1, 4, Qt.ItemDataRole.FontRole) is None  # 已作廢 itself is not struck through
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole) == int(NUMBER_ALIGNMENT)


def test_a_day_the_secretary_set_says_why_the_clerk_cannot_change_it(qtbot: QtBot, secretary: User, duty: User) -> None:
    page = make_page(qtbot, duty)
    take(qtbot, page, "3000")
    set_day_amount(secretary, payment_category(), dt.date.today(), "1000")
    refused = "研考已在「日誌補登」填好這一天「中午輪值不打烊收款」的合計，櫃台不能再增減；要更正請研考在「日誌補登」修改這一格。"
    before = written()
    take(qtbot, page, "800")
    assert page.message.text() == refused  # beside the amount
    page.activate()
    page.table.selectRow(0)
    page.void_selected(reason="打錯")
    assert page.list_message.text() == refused  # beside the list
    assert written() == before


@pytest.mark.parametrize("amount, receipt, field", [
    ("abc", "", "amount"),  # the amount is corrected
    ("1500", "A001\u200b", "receipt"),  # the receipt number is corrected (an invisible character)
])
def test_a_refusal_goes_once_the_field_it_is_about_is_typed_in(
    qtbot: QtBot, duty: User, amount: str, receipt: str, field: str
) -> None:
    page = make_page(qtbot, duty)
    qtbot.keyClicks(page.amount_edit, amount)
    page.receipt_edit.setText(receipt)  # (QTest cannot type an invisible character)
    qtbot.keyClick(page.amount_edit, Qt.Key.Key_Return)
    assert page.message.text() and ServiceEvent.select().count() == 0
    edit = page.amount_edit if field == "amount" else page.receipt_edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert page.message.text() == ""


def test_the_list_message_goes_when_a_row_is_chosen_or_a_payment_taken(qtbot: QtBot, duty: User) -> None:
    page = make_page(qtbot, duty)
    take(qtbot, page, "1500")
    page.table.clearSelection()
    page.edit_selected()
    assert page.list_message.text() == "請先在清單中選一筆收款。"
    page.table.selectRow(0)  # what it asked for is done
    assert page.list_message.text() == ""
    page.table.clearSelection()
    page.void_selected(reason="打錯")
    assert page.list_message.text() == "請先在清單中選一筆收款。"
    take(qtbot, page, "800")  # the next payment: the old words are about nothing on the screen
    assert page.list_message.text() == ""


@pytest.mark.parametrize("field", ["amount", "receipt"])
def test_the_correction_dialogs_refusal_goes_once_a_field_is_typed_in(qtbot: QtBot, duty: User, field: str) -> None:
    page = make_page(qtbot, duty)
    take(qtbot, page, "1500")
    dialog = correct_first(qtbot, page)
    dialog.receipt_edit.setText("A001\u200b")  # (QTest cannot type an invisible character)
    dialog.try_accept()
    assert dialog.message.text().startswith("收據號碼裡有看不見的字元")
    edit = dialog.amount_edit if field == "amount" else dialog.receipt_edit
    qtbot.keyClick(edit, Qt.Key.Key_End)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert dialog.message.text() == ""


def test_a_refusal_does_not_stay_beside_the_next_success(qtbot: QtBot, duty: User) -> None:
    """A refused amount left in the field, then a payment corrected: 「已修改並儲存」 in green
    beside the red refusal."""
    page = make_page(qtbot, duty)
    take(qtbot, page, "1500")
    qtbot.keyClicks(page.amount_edit, "99999999999")
    qtbot.keyClick(page.amount_edit, Qt.Key.Key_Return)
    assert page.message.text().startswith("金額最多")
    dialog = correct_first(qtbot, page)
    dialog.amount_edit.setText("1,600")
    dialog.try_accept()
    assert page.banner.text() == "✔ 已修改並儲存" and page.message.text() == ""


def test_a_receipt_number_too_long_is_said_not_cut(qtbot: QtBot, duty: User) -> None:
    """It was cut at 30 characters without a word, and saved so."""
    page = make_page(qtbot, duty)
    take(qtbot, page, "1500", "1" * (RECEIPT_MAX_LENGTH + 1))
    assert str(RECEIPT_MAX_LENGTH) in page.message.text() and ServiceEvent.select().count() == 0
    # the keys go to what the message is about, its text selected for retyping (they went to 金額)
    assert page.focusWidget() is page.receipt_edit and page.receipt_edit.selectedText() == page.receipt_edit.text()

"""中午輪值不打烊收款: the duty clerk records each noon-hour payment as it is taken.

One line per payment (amount, optional receipt number), Enter records it, and today's list
with its totals stays in view so the cash box can be checked against the screen. A payment
far above the usual size asks first; corrections and voids follow the same rule as every
other record (one's own of today, or the secretary) and are audited.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.accounts import User
from models.db import storage_errors
from models.numbers import parse_amount
from models.service.categories import payment_category
from models.service.counts import (
    RECEIPT_MAX_LENGTH,
    SOURCE_GRID,
    ServiceEvent,
    correct_payment,
    payment_needs_confirmation,
    record_payment,
    today_events,
)
from models.settings import get_setting
from ui.admin.history_dialog import show_history
from ui.errors import EXPECTED
from ui.i18n import tr
from ui.style import heading_font, scaled
from ui.widgets.banner import ConfirmationBanner
from ui.widgets.dialog_room import make_room
from ui.widgets.messages import error_label
from ui.widgets.number_grid import NUMBER_ALIGNMENT, format_number
from ui.widgets.questions import ask
from ui.widgets.record_actions import RecordActions
from ui.widgets.record_list import VOIDED_COLOUR, Column, RecordTableModel, struck_through
from ui.widgets.tables import readable_table


def amount_edit() -> QLineEdit:
    """A field for whole NT$, typed raw: a Bopomofo input method would turn digits into ㄅㄉˇ…"""
    edit = QLineEdit()
    edit.setMaxLength(20)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    edit.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    edit.setPlaceholderText(tr("例：1,500"))
    return edit


def receipt_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(RECEIPT_MAX_LENGTH * 2)  # a little room, so too long is said, not cut
    edit.setPlaceholderText(tr("可留空"))
    return edit


def ask_large_amount(parent: QWidget, amount: int) -> bool:
    """Are you sure? for an amount above the configured size; No is the default answer."""
    limit = format_number(int(get_setting("service.payment_confirm_above")))
    question = tr("金額 {amount} 元，超過 {limit} 元。\n確定金額沒有打錯，要記錄嗎？").format(amount=format_number(amount), limit=limit)
    return ask(parent, tr("請確認金額"), question, yes="確定記錄", no="重新輸入")


def _status(event: ServiceEvent) -> str:
    if event.is_voided:
        return tr("已作廢")
    return tr("統計表調整") if event.source == SOURCE_GRID else ""


STATUS = Column("狀態", _status)


class PaymentListModel(RecordTableModel[ServiceEvent]):
    """Today's payments, everyone's: time, amount, receipt, who typed it, state. The events
    come from ``today_events``, with the typist's name already read."""

    columns = (
        Column("時間", lambda event: event.created_at.strftime("%H:%M") if event.created_at else ""),
        Column("金額", lambda event: format_number(event.amount), NUMBER_ALIGNMENT, align_header=True),
        Column("收據號碼", lambda event: event.receipt_no or ""),
        Column("輸入者", lambda event: event.created_by.name),
        STATUS,
    )

    def totals(self) -> tuple[int, int]:
        """人次 and 金額 of the day; voided payments are not counted."""
        live = [e for e in self.records() if not e.is_voided]
        return sum(e.count for e in live), sum(e.amount or 0 for e in live)

    def foreground(self, record: ServiceEvent) -> QBrush | None:
        return QBrush(VOIDED_COLOUR) if record.is_voided else None

    def font(self, record: ServiceEvent, column: Column[Any]) -> QFont | None:
        return struck_through() if record.is_voided and column is not STATUS else None  # 已作廢 stays legible

    def tooltip(self, record: ServiceEvent, column: Column[Any]) -> str | None:
        return tr("作廢原因：{reason}").format(reason=record.void_reason or "") if record.is_voided else None


class PaymentEditDialog(QDialog):
    """Correct one payment's amount or receipt number (audited)."""

    def __init__(self, actor: User, event: ServiceEvent, confirm: Callable[[int], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.payment = event  # not "self.event": that would hide QObject.event()
        self.confirm = confirm
        self.setWindowTitle(tr("修改收款"))
        self.setMinimumWidth(scaled(460))
        self.amount_edit = amount_edit()
        self.amount_edit.setText(format_number(event.amount))
        self.receipt_edit = receipt_edit()
        self.receipt_edit.setText(event.receipt_no or "")
        self.message = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("儲存修改"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        form = QFormLayout()
        form.addRow(tr("金額（元）"), self.amount_edit)
        form.addRow(tr("收據號碼"), self.receipt_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("修改後按 Enter 儲存；修改紀錄會保留。")))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        make_room(self)
        self._connect_signals()
        self.amount_edit.setFocus()
        self.amount_edit.selectAll()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        self.amount_edit.returnPressed.connect(self.try_accept)
        self.receipt_edit.returnPressed.connect(self.try_accept)
        for edit in (self.amount_edit, self.receipt_edit):  # a refusal goes once a field is typed again
            edit.textEdited.connect(lambda _text: self.message.clear())

    def try_accept(self) -> None:
        try:
            amount = parse_amount(self.amount_edit.text())
            if amount != self.payment.amount and payment_needs_confirmation(amount) and not self.confirm(amount):
                self.amount_edit.setFocus()
                self.amount_edit.selectAll()
                return
            # Read it again: it may have been voided at another desk since the list was shown,
            # and saving the old copy would quietly bring it back.
            with storage_errors():
                self.payment = ServiceEvent.get_by_id(self.payment.id)
            correct_payment(self.actor, self.payment, amount, self.receipt_edit.text())
        except EXPECTED as exc:
            self.message.setText(str(exc))
            return
        self.accept()


class NoonPayments(QWidget):
    """The noon-hour payment desk: one line per payment, today's list and totals below."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.title = QLabel(tr("中午輪值不打烊收款"))
        self.title.setFont(heading_font(self.font(), 1.5))
        self.amount_edit = amount_edit()
        self.amount_edit.setFixedWidth(self.amount_edit.fontMetrics().horizontalAdvance("000,000,000,000") + 30)
        self.receipt_edit = receipt_edit()
        self.receipt_edit.setFixedWidth(self.receipt_edit.fontMetrics().horizontalAdvance("M" * 14) + 20)
        self.record_button = QPushButton(tr("記錄收款 (Enter)"))
        self.record_button.setMinimumHeight(scaled(44))
        self.record_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the fields
        self.message = error_label(keep_room=True)
        self.banner = ConfirmationBanner()

        self.list_title = QLabel(tr("今天的收款（所有輪值人員）"))
        self.list_title.setFont(heading_font(self.font(), 1.1))
        self.totals_label = QLabel()
        self.totals_label.setFont(heading_font(self.font(), 1.4))
        self.totals_label.setStyleSheet("color: #1f4e8c;")
        self.list_model = PaymentListModel(self)
        self.table = readable_table(self.list_model, stretch_column=len(PaymentListModel.columns) - 1)
        self.edit_button = QPushButton(tr("修改"))
        self.void_button = QPushButton(tr("作廢"))
        self.history_button = QPushButton(tr("修改歷程"))
        if not user.is_secretary:  # (setVisible(True) before its layout would open it as a window)
            self.history_button.hide()
        for button in (self.edit_button, self.void_button, self.history_button):
            button.setMinimumSize(scaled(120), scaled(40))
        self.list_message = error_label(keep_room=True)
        self.actions = RecordActions(
            self, user, self.selected_event, self.list_message.setText,
            noun=tr("收款"), choose_hint=tr("請先在清單中選一筆收款。"),
            describe=lambda e: tr("{time} 收款 {amount} 元").format(
                time=e.created_at.strftime("%H:%M"), amount=format_number(e.amount or 0)
            ),
            history=show_history,
        )

        self._build_layout()
        self._connect_signals()
        self.refresh()

    def _build_layout(self) -> None:
        entry = QHBoxLayout()
        entry.addWidget(QLabel(tr("金額（元）")))
        entry.addWidget(self.amount_edit)
        entry.addSpacing(16)
        entry.addWidget(QLabel(tr("收據號碼")))
        entry.addWidget(self.receipt_edit)
        entry.addSpacing(16)
        entry.addWidget(self.record_button)
        entry.addSpacing(16)
        entry.addWidget(self.banner, 1)

        list_header = QHBoxLayout()
        list_header.addWidget(self.list_title)
        list_header.addStretch(1)
        list_header.addWidget(self.totals_label)

        actions = QHBoxLayout()
        for button in (self.edit_button, self.void_button, self.history_button):
            actions.addWidget(button)
        actions.addSpacing(12)
        actions.addWidget(self.list_message, 10)
        actions.addStretch(1)  # keeps the buttons their size while there is no message

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(entry)
        layout.addWidget(self.message)
        layout.addSpacing(8)
        layout.addLayout(list_header)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

    def _connect_signals(self) -> None:
        self.record_button.clicked.connect(self.record)
        self.amount_edit.returnPressed.connect(self.record)
        self.receipt_edit.returnPressed.connect(self.record)
        # A refusal goes once what it was about is typed again, or a row is chosen.
        self.amount_edit.textEdited.connect(lambda _text: self.message.clear())
        self.receipt_edit.textEdited.connect(lambda _text: self.message.clear())
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self.list_message.clear())
        self.table.activated.connect(lambda _index: self.edit_selected())  # a double click, or Enter on a row
        self.edit_button.clicked.connect(self.edit_selected)
        self.void_button.clicked.connect(lambda: self.void_selected())
        self.history_button.clicked.connect(self.actions.show_history)

    def activate(self) -> None:
        self.refresh()
        self.amount_edit.setFocus()

    # --- the list ----------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        try:
            category = payment_category()
            events = today_events(None, category)
        except EXPECTED as exc:
            self.message.setText(str(exc))
            events = []
        else:
            self.title.setText(category.name)
        self.list_model.set_records(events)
        count, amount = self.list_model.totals()
        self.totals_label.setText(
            tr("今日 人次 {count}　金額 {amount} 元").format(count=format_number(count), amount=format_number(amount))
        )
        if select_id is not None:
            row = self.list_model.row_of(select_id)
            if row >= 0:
                self.table.selectRow(row)
                self.table.scrollTo(self.list_model.index(row, 0))

    def selected_event(self) -> ServiceEvent | None:
        rows = self.table.selectionModel().selectedRows()
        return self.list_model.record_at(rows[0].row()) if rows else None

    # --- recording ---------------------------------------------------------------------

    def confirm_large_amount(self, amount: int) -> bool:
        return ask_large_amount(self, amount)

    def record(self) -> None:
        try:
            amount = parse_amount(self.amount_edit.text())
            if payment_needs_confirmation(amount) and not self.confirm_large_amount(amount):
                self.message.setText(tr("沒有記錄。請核對金額後再按 Enter。"))
                self.banner.withdraw()
                self._retype(self.amount_edit)
                return
            event = record_payment(self.user, amount, self.receipt_edit.text())
        except EXPECTED as exc:
            self.message.setText(str(exc))
            self.banner.withdraw()  # no "saved" beside "not saved"
            self._retype(self.receipt_edit if getattr(exc, "field", None) == "receipt_no" else self.amount_edit)
            return
        self.amount_edit.clear()
        self.receipt_edit.clear()
        self.message.clear()
        self.refresh(select_id=event.id)
        receipt = tr("（收據 {no}）").format(no=event.receipt_no) if event.receipt_no else ""
        self._confirm(tr("✔ 已記錄收款 {amount} 元{receipt}").format(amount=format_number(event.amount), receipt=receipt))
        self.amount_edit.setFocus()

    def _retype(self, edit: QLineEdit) -> None:
        """The keys to the field a refusal is about, its text selected to be typed again."""
        edit.setFocus()
        edit.selectAll()

    def _confirm(self, text: str) -> None:
        self.message.clear()  # no "not saved" beside "saved": the banner says what was done last
        self.banner.announce(text)

    # --- corrections -------------------------------------------------------------------

    def open_edit_dialog(self) -> PaymentEditDialog | None:
        event = self.actions.editable_selection()
        if event is None:
            return None
        if event.source == SOURCE_GRID:
            self.list_message.setText(tr("這一筆是統計表的調整，請到統計表修改。"))
            return None
        dialog = PaymentEditDialog(self.user, event, self.confirm_large_amount, self)
        dialog.accepted.connect(lambda: self._edited(event.id))
        return dialog

    def _edited(self, event_id: int) -> None:
        self.refresh(select_id=event_id)
        self._confirm(tr("✔ 已修改並儲存"))

    def edit_selected(self) -> None:
        dialog = self.open_edit_dialog()
        if dialog is not None:
            dialog.exec()
            dialog.deleteLater()  # one per correction: none left behind, hidden, to the desk's end
        self.amount_edit.setFocus()

    def void_selected(self, reason: str | None = None) -> None:
        event = self.actions.void_selected(reason)
        if event is not None:
            self.refresh(select_id=event.id)
            self._confirm(tr("已作廢這筆收款，它不再計入今日合計"))

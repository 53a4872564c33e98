"""陳情案件: the petitions register's tab of 登記簿 (F11).

The list (newest first, filtered by period, status, category and channel) is read through the
op layer; an open case past its due date is red, bold and says 「⚠ 逾期 N 天」; a voided one is
grey and struck through. 新增 registers a case, 修改 corrects one, 結案 records the reply, 作廢
asks for the reason, 修改歷程 shows every change. The tab's notice keeps the number of overdue
cases on the line above the secretary's screens.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from models.accounts import User
from models.registers.petition_kinds import CATEGORIES, CHANNELS, MAILBOXES, REPLY_METHODS, SATISFACTIONS
from models.registers.petitions import (
    STATUSES,
    SUMMARY_MAX_LENGTH,
    UNIT_MAX_LENGTH,
    Petition,
    PetitionInput,
    close_petition,
    default_due_date,
    due_days,
    listed_petitions,
    overdue_count,
    register_petition,
    update_petition,
    void_petition,
)
from models.rocdate import format_roc
from ui.admin.history_dialog import show_history
from ui.features import ScreenContext
from ui.i18n import tr
from ui.registers.book import RegisterNotice, RegisterTab, register_tab
from ui.style import ERROR_TEXT, scaled
from ui.widgets.record_filters import ChoiceFilter, PeriodFilter
from ui.widgets.record_list import (
    Column,
    ListQuery,
    RecordDialog,
    RecordListPage,
    RecordTableModel,
    first_line,
    struck_through,
)

OVERDUE_COLOUR = QColor(ERROR_TEXT)
CENTRED = Qt.AlignmentFlag.AlignCenter
SUMMARY_SHOWN = 40  # characters of the summary's first line in the list; all of it on hover
OVERDUE_NOTICE = "有 {n} 件陳情案件已過辦理期限還沒結案：按 F11 登記簿，狀態選「逾期未結」"


def words(choices: Sequence[tuple[str, str]], code: str | None) -> str:
    """A stored code in words (a code this version does not know: as stored)."""
    return tr(dict(choices).get(code, code)) if code else ""


def status_text(petition: Petition, today: dt.date | None = None) -> str:
    """The 狀態 column: in words, so an overdue case stands out without its colour too."""
    if petition.is_voided:
        return tr("已作廢")
    if petition.is_closed:
        return tr("已結案")
    late = petition.days_overdue(today)
    return tr("⚠ 逾期 {n} 天").format(n=late) if late else tr("處理中")


def _first_line(petition: Petition) -> str:
    return first_line(petition.summary, SUMMARY_SHOWN)


def _void_tip(petition: Petition) -> str | None:
    return tr("作廢原因：{reason}").format(reason=petition.void_reason) if petition.is_voided else None


PETITION_COLUMNS: tuple[Column[Petition], ...] = (
    Column("收件日期", lambda p: format_roc(p.received_on)),
    Column("方式", lambda p: words(CHANNELS, p.channel)),
    Column("類別", lambda p: words(CATEGORIES, p.category)),
    Column("信箱", lambda p: words(MAILBOXES, p.mailbox), in_large_print=False),
    Column("摘要", _first_line, tooltip=lambda p: p.summary),
    Column("承辦單位", lambda p: p.handling_unit),
    Column("辦理期限", lambda p: format_roc(p.due_on)),
    Column("結案日期", lambda p: format_roc(p.closed_on) if p.closed_on else ""),
    Column("答復滿意度", lambda p: words(SATISFACTIONS, p.reply_satisfaction)),
    Column("狀態", status_text, tooltip=_void_tip),
    Column("密件", lambda p: tr("密") if p.confidential else "", CENTRED, in_large_print=False),
    Column("登記者", lambda p: p.created_by.name, in_large_print=False),
)
SUMMARY_COLUMN = 4


class PetitionsModel(RecordTableModel[Petition]):
    columns = PETITION_COLUMNS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()

    def set_records(self, records: list[Petition]) -> None:
        self.today = dt.date.today()  # the day "overdue" is counted on, as the list was read
        super().set_records(records)

    def overdue(self, record: Petition) -> bool:
        return record.is_overdue(self.today)

    def foreground(self, record: Petition) -> QBrush | None:
        return QBrush(OVERDUE_COLOUR) if self.overdue(record) else super().foreground(record)

    def font(self, record: Petition, column: Column[Any]) -> QFont | None:
        if self.overdue(record):
            bold = QFont()
            bold.setBold(True)
            return bold
        return struck_through() if record.is_voided and column.header != "狀態" else None  # 已作廢 stays legible


def choice_combo(choices: Sequence[tuple[str, str]], blank: str) -> QComboBox:
    """A fixed list in words, storing the code; ``blank`` (no choice yet) first."""
    combo = QComboBox()
    combo.addItem(tr(blank), None)
    for code, text in choices:
        combo.addItem(tr(text), code)
    return combo


def choose(combo: QComboBox, code: str | None) -> None:
    combo.setCurrentIndex(next((i for i in range(combo.count()) if combo.itemData(i) == code), 0))


class PetitionDialog(RecordDialog[Petition]):
    """登記 (``petition`` None), 修改, or 結案 (``closing``: the reply's fields only) one case.
    Each refusal is said under the field it is about."""

    def __init__(
        self, actor: User, petition: Petition | None = None, parent: QWidget | None = None, *, closing: bool = False
    ) -> None:
        titles = ("結案", "結案") if closing else ("登記陳情案件", "修改陳情案件")
        super().__init__(actor, petition, titles, parent)
        self.closing = closing
        self.limit = due_days()  # the due date the form proposes: received + these days
        self.due_by_hand = petition is not None and petition.due_on != petition.received_on + dt.timedelta(days=self.limit)
        self.received_edit = self.add_date_field("收件日期", "received_on")
        self.channel_combo = choice_combo(CHANNELS, "（請選擇）")
        self.add_field("陳情方式", self.channel_combo, "channel")
        self.category_combo = choice_combo(CATEGORIES, "（請選擇）")
        self.add_field("類別", self.category_combo, "category")
        self.mailbox_combo = choice_combo(MAILBOXES, "無")
        self.add_field("信箱", self.mailbox_combo, "mailbox")
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setTabChangesFocus(True)  # Tab goes on to the next field, as everywhere
        self.summary_edit.setFixedHeight(self.summary_edit.fontMetrics().lineSpacing() * 3 + 14)
        self.add_field("摘要", self.summary_edit, "summary", note=f"最多 {SUMMARY_MAX_LENGTH} 個字")
        self.unit_edit = QLineEdit()
        self.unit_edit.setMaxLength(UNIT_MAX_LENGTH * 2)  # a little room, so too long is said, not cut
        self.add_field("承辦單位", self.unit_edit, "handling_unit")
        self.due_edit = self.add_date_field(
            "辦理期限", "due_on", note=tr("收件日期加 {days} 天（設定可改）；本案可另訂，但不能早於收件日期").format(days=self.limit)
        )
        self.confidential_check = QCheckBox(tr("密件（只有研考看得到，修改歷程也是）"))
        self.add_field("", self.confidential_check, "confidential")
        closed_note = "答復發出的日期，不能晚於今天" if closing else "還沒結案請留空"
        self.closed_edit = self.add_date_field("結案日期", "closed_on", note=closed_note)
        self.reply_combo = choice_combo(REPLY_METHODS, "（未填）")
        self.add_field("答復方式", self.reply_combo, "reply_method")
        self.satisfaction_combo = choice_combo(SATISFACTIONS, "（還不知道）")
        satisfaction_note = "民眾對答復的感受；還不知道可留空" if closing else "結案後才能填"
        self.add_field("答復滿意度", self.satisfaction_combo, "reply_satisfaction", note=satisfaction_note)
        self.setMinimumWidth(scaled(680))
        self._load()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.received_edit.dateChanged.connect(self._propose_due)
        self.due_edit.lineEdit().textEdited.connect(self._due_typed)

    def case_fields(self) -> list[QWidget]:
        return [
            self.received_edit, self.channel_combo, self.category_combo, self.mailbox_combo, self.summary_edit,
            self.unit_edit, self.due_edit, self.confidential_check,
        ]

    def _load(self) -> None:
        petition = self.record
        if petition is None:
            self.received_edit.setFocus()
            return
        self.received_edit.setDate(petition.received_on)
        choose(self.channel_combo, petition.channel)
        choose(self.category_combo, petition.category)
        choose(self.mailbox_combo, petition.mailbox)
        self.summary_edit.setPlainText(petition.summary)
        self.unit_edit.setText(petition.handling_unit)
        self.due_edit.setDate(petition.due_on)
        self.confidential_check.setChecked(bool(petition.confidential))
        self.closed_edit.setDate(petition.closed_on)
        choose(self.reply_combo, petition.reply_method)
        choose(self.satisfaction_combo, petition.reply_satisfaction)
        if self.closing:
            for widget in self.case_fields():
                widget.setEnabled(False)  # shown for reference; 修改 corrects them
            self.closed_edit.setDate(dt.date.today())
            self.closed_edit.setFocus()
        else:
            self.received_edit.setFocus()

    def _due_typed(self, _text: str) -> None:
        self.due_by_hand = True

    def _propose_due(self, received_on: dt.date) -> None:
        if not self.due_by_hand:
            self.due_edit.setDate(default_due_date(received_on))

    def entry(self) -> PetitionInput:
        """What the form holds, for the domain to check (a date that cannot be read is refused here)."""
        return PetitionInput(
            received_on=self.date_of(self.received_edit, "received_on"),
            channel=self.channel_combo.currentData(),
            category=self.category_combo.currentData(),
            summary=self.summary_edit.toPlainText(),
            mailbox=self.mailbox_combo.currentData(),
            handling_unit=self.unit_edit.text(),
            due_on=self.date_of(self.due_edit, "due_on"),
            closed_on=self.date_of(self.closed_edit, "closed_on"),
            reply_method=self.reply_combo.currentData(),
            reply_satisfaction=self.satisfaction_combo.currentData(),
            confidential=self.confidential_check.isChecked(),
        )

    def save(self) -> Petition:
        entry = self.entry()
        if self.record is None:
            return register_petition(self.actor, entry)
        if self.closing:
            return close_petition(
                self.actor, self.record, entry.closed_on,
                reply_method=entry.reply_method, reply_satisfaction=entry.reply_satisfaction,
            )
        return update_petition(self.actor, self.record, entry)


PETITION_FILTERS = (
    PeriodFilter(),
    ChoiceFilter("status", "狀態", STATUSES),
    ChoiceFilter("category", "類別", ((None, "全部類別"), *CATEGORIES)),
    ChoiceFilter("channel", "方式", ((None, "全部方式"), *CHANNELS)),
)


class PetitionsPage(RecordListPage[Petition, PetitionDialog]):
    """The register's list and what can be done to a case: 新增, 修改, 結案, 作廢, 修改歷程."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(
            user,
            title="民眾陳情案件",
            hint=(
                "辦理期限是收件日期加上「設定」中的天數，每件可以另訂。過了期限還沒結案的以紅字和「⚠ 逾期」標出。"
                "登記錯的案件請「作廢」並寫明原因（仍會列出，灰色刪除線）；密件只有研考看得到。"
            ),
            add_text="新增",
            history=show_history,
            filters=PETITION_FILTERS,
            noun="陳情案件",
            void=void_petition,
            long_list=True,
            stretch_column=SUMMARY_COLUMN,
            parent=parent,
        )
        self._closing = False  # the next dialog is 結案's

    def create_model(self) -> PetitionsModel:
        return PetitionsModel()

    def create_dialog(self, record: Petition | None) -> PetitionDialog:
        return PetitionDialog(self.actor, record, self, closing=self._closing and record is not None)

    def extra_buttons(self) -> list[QPushButton]:
        self.close_button = QPushButton(tr("結案"))
        return [self.close_button]

    def _connect_signals(self) -> None:
        super()._connect_signals()
        self.close_button.clicked.connect(self.close_selected)

    def list_query(self, values: Mapping[str, Any]) -> ListQuery:
        actor, filters = self.actor, dict(values)  # plain values: the read runs on the worker
        return lambda: listed_petitions(actor, **filters)

    def describe(self, record: Petition) -> str:
        return f"{format_roc(record.received_on)} {words(CATEGORIES, record.category)}：{_first_line(record)}"

    def _update_buttons(self) -> None:
        super()._update_buttons()
        record = self.selected()
        self.close_button.setEnabled(record is not None and not record.is_voided and not record.is_closed)

    def close_selected(self) -> None:
        """結案: the dialog with the reply's fields, the closed date today."""
        record = self.selected()
        if record is None or record.is_voided or record.is_closed:
            return
        self._closing = True
        try:
            self._show_dialog(record)
        finally:
            self._closing = False


def petitions_page(context: ScreenContext) -> PetitionsPage:
    return PetitionsPage(context.user)


register_tab(RegisterTab(
    "petitions", "陳情案件", 1, petitions_page, notice=RegisterNotice(overdue_count, OVERDUE_NOTICE),
))

"""問卷追蹤: the survey follow-ups' tab of 登記簿 (F11).

The list is the forms that ask for a call back (an answer of 不滿意/非常不滿意, or a comment),
read through the op layer by survey date and status (待聯絡, 已聯絡, 已結案). Nothing is added
here: a form is on the list because of what it says. 記錄聯絡 opens the form's call: the date,
the reason the visitor gave and the improvement told; 儲存 keeps it open, 結案 closes it.

A contact phone is personal data: the dialog shows it whole to 研考 (``contact_phone_for``),
for the call; the list, and so anything copied, exported or printed from it, carries only its
mask. Closing erases the number and then clears it out of the storage itself (VACUUM), which
takes a while on a large file: it runs as an op with progress, the window answering meanwhile,
and the list says afterwards whether the file could be cleared at once. A call recorded on the
wrong form is voided with a reason (``void_follow_up``); the form waits for a call again.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit, QWidget

from models.accounts import User
from models.registers.followups import (
    ALREADY_CLOSED,
    CALLED,
    CLOSED,
    NOTE_MAX_LENGTH,
    OPEN,
    STATUS_LABELS,
    CallInput,
    Closed,
    FollowUp,
    FollowUpRow,
    check_call,
    close_follow_up,
    follow_up_list,
    record_call,
    void_follow_up,
    waiting_count,
)
from models.rocdate import format_roc
from models.survey.forms import SurveyResponse, contact_phone_for
from ui.admin.history_dialog import show_history
from ui.errors import EXPECTED
from ui.features import ScreenContext
from ui.i18n import tr
from ui.ops import BackgroundOp
from ui.registers.book import RegisterNotice, RegisterTab, register_tab
from ui.style import OK_BACKGROUND, heading_font, scaled
from ui.widgets.messages import MessageLabel
from ui.widgets.questions import ask
from ui.widgets.record_filters import ChoiceFilter, PeriodFilter
from ui.widgets.record_list import Column, ListQuery, RecordDialog, RecordListPage, RecordTableModel, first_line

COMMENT_SHOWN = 40  # characters of a comment in the list (its column takes the spare width); all on hover
NOTE_SHOWN = 10  # characters of a reason or an improvement in the list; all of it on hover
COMMENT_COLUMN = 2
WAITING_NOTICE = "有 {n} 張問卷等待電話追蹤：按 F11 登記簿的「問卷追蹤」，狀態選「待聯絡」"
CLOSING = "正在結案：刪除聯絡電話並清除資料檔…"
CLOSE_TITLE = "結案"
CLOSE_QUESTION = "結案後這筆追蹤不能再修改。確定結案？"
CLOSE_QUESTION_PHONE = "結案後這筆追蹤不能再修改，問卷上的聯絡電話也會刪除，不能復原。確定結案？"
NO_PHONE, PHONE_ERASED = "（沒有留電話）", "（已刪除）"
CLOSED_CLEARED = "已結案：{form}。聯絡電話已刪除，資料檔裡也已清除。"
CLOSED_NO_PHONE = "已結案：{form}（沒有留電話）。"
CLOSED_NOT_CLEARED = (
    "已結案：{form}。聯絡電話已從資料中刪除，但資料檔裡殘留的舊資料這次沒能清除（資料庫正被其他連線使用）；"
    "之後再刪除電話時會一併清除。"
)
STATUSES = ((None, "全部狀態"), *((code, STATUS_LABELS[code]) for code in (OPEN, CALLED, CLOSED)))


def form_name(row: FollowUpRow) -> str:
    """How the desk names a form: its survey date and its place in the day."""
    return tr("{day} 第 {n} 張問卷").format(day=format_roc(row.survey_date), n=row.number)


def asked_items(row: FollowUpRow) -> str:
    """The answers that ask for a call, the item codes under each option (不滿意 C、非常不滿意 GJ):
    short even when every item is ticked, so the list's other columns keep their room."""
    codes: dict[str, str] = {}
    for code, option in row.answers:
        codes[option] = codes.get(option, "") + code
    return "、".join(f"{tr(option)} {letters}" for option, letters in codes.items())


def asked_items_in_words(row: FollowUpRow) -> str:
    """The same answers with their items in the questionnaire's words, a line each."""
    return "\n".join(f"{code} {item}：{tr(option)}" for (code, option), item in zip(row.answers, row.items))


def phone_in_list(row: FollowUpRow) -> str:
    """The list's phone column: the mask only (personal data never leaves the dialog)."""
    if row.phone_erased:
        return tr("已刪除")
    return row.masked_phone or ""


def _call(row: FollowUpRow, text: Any) -> str:
    return text(row.follow_up) if row.follow_up is not None else ""


def _note(text: str, shown: int = NOTE_SHOWN) -> str:
    return first_line(text, shown) if text else ""


FOLLOW_UP_COLUMNS: tuple[Column[FollowUpRow], ...] = (
    Column("問卷", lambda row: tr("{day} 第 {n} 張").format(day=format_roc(row.survey_date), n=row.number)),
    Column("不滿意項目", asked_items, tooltip=lambda row: asked_items_in_words(row) or None),
    Column("意見", lambda row: _note(row.comment, COMMENT_SHOWN), tooltip=lambda row: row.comment or None),
    Column("電話", phone_in_list),
    Column("狀態", lambda row: tr(STATUS_LABELS[row.status])),
    Column("聯絡日期", lambda row: _call(row, lambda call: format_roc(call.call_date))),
    Column("民眾反映原因", lambda row: _call(row, lambda call: _note(call.reason)),
           tooltip=lambda row: _call(row, lambda call: call.reason) or None),
    Column("告知改善情形", lambda row: _call(row, lambda call: _note(call.improvement)),
           tooltip=lambda row: _call(row, lambda call: call.improvement) or None),
)


class FollowUpsModel(RecordTableModel[FollowUpRow]):
    columns = FOLLOW_UP_COLUMNS

    def stored_record(self, row: FollowUpRow) -> FollowUp | None:
        return row.follow_up  # 作廢 and 修改歷程 are the call's; a form not yet called has none

    def font(self, record: FollowUpRow, column: Column[Any]) -> QFont | None:
        if record.status == OPEN and column.header == "狀態":  # what is waiting stands out
            bold = QFont()
            bold.setBold(True)
            return bold
        return super().font(record, column)


def _note_edit() -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)  # Tab goes on to the next field, as everywhere
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
    return edit


class FollowUpDialog(RecordDialog[FollowUp]):
    """The call about one form: 儲存 records it (the follow-up stays open), 結案 closes it,
    erasing the form's phone; each refusal is said under its field."""

    closed = Signal(object)  # a Closed: the list says what became of the number

    def __init__(self, actor: User, row: FollowUpRow, parent: QWidget | None = None) -> None:
        super().__init__(actor, row.follow_up, ("記錄聯絡", "修改聯絡紀錄"), parent)
        self.row = row
        self.response = SurveyResponse.stored(row.response_id)
        self.closing: BackgroundOp[Closed] | None = None
        self.form_label = QLabel(form_name(row))
        self.form_label.setFont(heading_font(self.font(), 1.1))
        self.form.addRow(tr("問卷"), self.form_label)
        self.items_label = QLabel(asked_items_in_words(row) or tr("（沒有不滿意的項目）"))
        self.items_label.setWordWrap(True)
        self.form.addRow(tr("不滿意項目"), self.items_label)
        self.comment_view = QPlainTextEdit(row.comment or tr("（沒有寫意見）"))
        self.comment_view.setReadOnly(True)
        self.comment_view.setTabChangesFocus(True)
        self.comment_view.setFixedHeight(self.comment_view.fontMetrics().lineSpacing() * 3 + 14)
        self.form.addRow(tr("意見"), self.comment_view)
        # The whole number, for the call: the secretary's alone (contact_phone_for asks the role).
        phone = contact_phone_for(actor, self.response)
        self.phone_label = QLabel(phone or tr(PHONE_ERASED if row.phone_erased else NO_PHONE))
        self.phone_label.setFont(heading_font(self.font(), 1.2))
        self.phone_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow(tr("聯絡電話"), self.phone_label)
        self.date_edit = self.add_date_field("聯絡日期", "date", note="例：106/03/08 或 1060308；不能早於問卷日期")
        self.reason_edit = _note_edit()
        self.add_field("民眾反映原因", self.reason_edit, "reason", note=f"最多 {NOTE_MAX_LENGTH} 個字；結案前必填")
        self.improvement_edit = _note_edit()
        self.add_field("告知改善情形", self.improvement_edit, "improvement", note=f"最多 {NOTE_MAX_LENGTH} 個字")
        self.close_button = self.buttons.addButton(tr("結案"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button.setToolTip(tr("記下這次聯絡並結案；問卷上的聯絡電話隨即刪除"))
        self.closing_label = MessageLabel(self)
        self.closing_label.setStyleSheet("color: #5f6b7a;")
        self.layout().insertWidget(self.layout().indexOf(self.buttons), self.closing_label)
        self.setMinimumWidth(scaled(760))
        self._load()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.close_button.clicked.connect(self.close_case)

    def _load(self) -> None:
        call = self.record
        self.date_edit.setDate(call.call_date if call is not None else dt.date.today())
        if call is not None:
            self.reason_edit.setPlainText(call.reason)
            self.improvement_edit.setPlainText(call.improvement)
        self.date_edit.setFocus()

    def entry(self) -> CallInput:
        """What the form holds, for the domain to check (a date that cannot be read is refused here)."""
        return CallInput(
            self.date_of(self.date_edit, "date"), self.reason_edit.toPlainText(), self.improvement_edit.toPlainText()
        )

    def save(self) -> FollowUpRow:  # type: ignore[override]  # the row: the list selects it by its form
        return dataclasses.replace(self.row, follow_up=record_call(self.actor, self.response, self.entry()))

    # --- 結案, off the window's thread ---------------------------------------------------

    def close_case(self) -> None:
        """Record the call and close: the erasure and the clearing of the file run as an op."""
        if self.closing is not None:
            return
        self.clear_messages()
        try:
            entry = self.entry()
            check_call(entry, closing=True, survey_date=self.response.survey_date)  # refused before it is asked
        except EXPECTED as exc:
            self.show_refusal(exc)
            return
        question = CLOSE_QUESTION_PHONE if self.row.masked_phone is not None else CLOSE_QUESTION
        if not ask(self, tr(CLOSE_TITLE), tr(question), yes="結案", no="返回"):
            return  # nothing undone: the dialog waits as it was
        actor, response = self.actor, self.response  # plain values: the work runs on the worker
        self._set_busy(True)
        self.closing = (
            BackgroundOp(self, lambda progress, abort: close_follow_up(actor, response, entry))
            .with_progress(tr(CLOSING), cancellable=False)
            .success(self._closed)
            .failure(self._not_closed)
            .run()
        )

    def _set_busy(self, busy: bool) -> None:
        for button in self.buttons.buttons():
            button.setEnabled(not busy)
        self.closing_label.setText(tr(CLOSING) if busy else "")

    def _closed(self, outcome: Closed) -> None:
        self.closing = None
        self._set_busy(False)
        self.saved.emit(dataclasses.replace(self.row, follow_up=outcome.follow_up))
        self.closed.emit(outcome)
        self.accept()

    def _not_closed(self, problem: Exception) -> None:
        self.closing = None
        self._set_busy(False)
        self._reload_record()
        self.show_refusal(problem)

    def reject(self) -> None:
        if self.closing is None:  # never left half-way: the closing says how it went
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.closing is not None:
            event.ignore()
            return
        super().closeEvent(event)


class FollowUpsPage(RecordListPage[FollowUpRow, FollowUpDialog]):
    """The follow-up list and what can be done about a form: 記錄聯絡 (and 結案 in its dialog),
    作廢 of a call recorded on the wrong form, 修改歷程 of the call."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(
            user,
            title="問卷追蹤",
            hint=(
                "勾選「不滿意」或「非常不滿意」、或寫了意見的問卷都會列在這裡（問卷作廢或改掉後自動移出）。"
                "選一張按「記錄聯絡」：聯絡電話只在那裡顯示；結案後電話隨即刪除。記錯問卷的聯絡紀錄請「作廢」並寫明原因。"
            ),
            add_text="新增",
            history=show_history,
            filters=(PeriodFilter(), ChoiceFilter("status", "狀態", STATUSES)),
            noun="聯絡紀錄",
            void=void_follow_up,
            long_list=True,
            stretch_column=COMMENT_COLUMN,
            parent=parent,
        )
        self.add_button.hide()  # a form is on the list because of what it says: nothing to add
        self.edit_button.setText(tr("記錄聯絡"))
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setStyleSheet(f"color: {OK_BACKGROUND};")
        self.outcome.hide()
        self.layout().insertWidget(self.layout().indexOf(self.message) + 1, self.outcome)

    def create_model(self) -> FollowUpsModel:
        return FollowUpsModel()

    def fresh_copy(self, row: FollowUpRow) -> FollowUpRow:
        if row.follow_up is None:
            return row
        return dataclasses.replace(row, follow_up=FollowUp.stored(row.follow_up.id))

    def create_dialog(self, record: FollowUpRow | None) -> FollowUpDialog:  # type: ignore[override]
        assert record is not None  # (no 新增: every call is about a form on the list)
        dialog = FollowUpDialog(self.actor, record, self)
        dialog.closed.connect(lambda outcome, row=record: self._say_closed(row, outcome))
        return dialog

    def list_query(self, values: Mapping[str, Any]) -> ListQuery:
        actor, period, status = self.actor, values["period"], values["status"]  # plain values: run on the worker
        start, end = (period.start, period.end) if period is not None else (None, None)
        return lambda: follow_up_list(actor, start=start, end=end, status=status)

    def describe(self, record: FollowUp) -> str:
        row = self.selected()
        form = form_name(row) if row is not None else ""
        return tr("{form}的聯絡紀錄（{day}）").format(form=form, day=format_roc(record.call_date))

    def _update_buttons(self) -> None:
        super()._update_buttons()
        row = self.selected()
        called = row is not None and row.follow_up is not None
        self.edit_button.setEnabled(row is not None and row.status != CLOSED)
        self.history_button.setEnabled(called)
        if self.void_button is not None:
            self.void_button.setEnabled(called)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None and row.status == CLOSED:
            self.message.setText(tr(ALREADY_CLOSED))
            return
        self.outcome.hide()
        super().edit_selected()

    def _say_closed(self, row: FollowUpRow, outcome: Closed) -> None:
        form = form_name(row)
        if outcome.phone_erased and not outcome.file_cleared:
            self.message.setText(tr(CLOSED_NOT_CLEARED).format(form=form))
            return
        text = CLOSED_CLEARED if outcome.phone_erased else CLOSED_NO_PHONE
        self.outcome.setText(tr(text).format(form=form))
        self.outcome.show()


def follow_ups_page(context: ScreenContext) -> FollowUpsPage:
    return FollowUpsPage(context.user)


register_tab(RegisterTab(
    "followups", "問卷追蹤", 2, follow_ups_page, notice=RegisterNotice(waiting_count, WAITING_NOTICE),
))

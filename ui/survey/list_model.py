"""The list of keyed forms beside the entry form, from where a form is reopened."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont

from models.survey.forms import NOT_ONE_OPTION, ListedResponse
from ui.i18n import tr
from ui.widgets.record_list import VOIDED_COLOUR, Column, RecordTableModel, struck_through

# The list shows the very keys the volunteer typed (0 未作答, 9 勾選二個以上), explained on hover.


def _answer(code: str) -> Callable[[ListedResponse], str]:
    return lambda row: "" if row.answers.get(code) is None else str(row.answers[code])


def _answer_tip(code: str) -> Callable[[ListedResponse], str | None]:
    return lambda row: tr(NOT_ONE_OPTION[row.answers[code]]) if row.answers.get(code) in NOT_ONE_OPTION else None


def _void_tip(row: ListedResponse) -> str | None:
    return tr("作廢原因：{reason}").format(reason=row.response.void_reason) if row.response.is_voided else None


class ResponseListModel(RecordTableModel[ListedResponse]):
    """One row per paper form: number, answers as digits, state, who typed it, comment."""

    # What each column must show whole, to size it; 輸入者 takes what is left. A comment is
    # marked 「有」 and read on hover: the list beside the form has no room for its text.
    WIDEST = {"序號": "9999", "狀態": "作廢", "輸入者": "陳大志工", "意見": "有"}
    STRETCH = "輸入者"

    def __init__(self, codes: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = (
            Column("序號", lambda row: str(row.number)),
            *(Column(code, _answer(code), Qt.AlignmentFlag.AlignCenter, _answer_tip(code)) for code in codes),
            Column("狀態", lambda row: tr("作廢") if row.response.is_voided else "", tooltip=_void_tip),
            Column("輸入者", lambda row: row.typist, tooltip=lambda row: row.typist),  # a long name is cut
            Column("意見", lambda row: tr("有") if row.response.comment else "", Qt.AlignmentFlag.AlignCenter,
                   tooltip=lambda row: row.response.comment or None),
        )

    def foreground(self, record: ListedResponse) -> QBrush | None:
        return QBrush(VOIDED_COLOUR) if record.response.is_voided else None

    def font(self, record: ListedResponse, column: Column[Any]) -> QFont | None:
        return struck_through() if record.response.is_voided else None

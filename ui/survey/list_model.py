"""The list of keyed forms beside the entry form, from where a form is reopened."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from models.survey.forms import BLANK, MULTIPLE, SurveyResponse, answers_for
from models.accounts import User
from ui.i18n import tr

Index = QModelIndex | QPersistentModelIndex
# The list shows the very keys the volunteer typed (0 未作答, 9 勾選二個以上), explained on hover.
CHOICE_TIPS = {BLANK: "未作答", MULTIPLE: "勾選二個以上"}
VOIDED_COLOUR = QColor("#888888")


class ResponseListModel(QAbstractTableModel):
    """One row per paper form: number, answers as digits, comment, who typed it, state."""

    def __init__(self, codes: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.codes = codes
        self.headers = [tr("序號"), *codes, tr("狀態"), tr("輸入者"), tr("意見")]
        self.comment_column = len(self.headers) - 1
        self.responses: list[SurveyResponse] = []
        self.answers: dict[int, dict[str, int]] = {}
        self.names: dict[int, str] = {}

    def set_responses(self, responses: list[SurveyResponse]) -> None:
        self.beginResetModel()
        self.responses = responses
        self.answers = answers_for(responses)
        ids = {r.created_by_id for r in responses}
        self.names = {u.id: u.name for u in User.select().where(User.id.in_(list(ids)))} if ids else {}
        self.endResetModel()

    def response_at(self, row: int) -> SurveyResponse:
        return self.responses[row]

    def row_of(self, response_id: int) -> int:
        return next((row for row, r in enumerate(self.responses) if r.id == response_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.responses)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        response = self.responses[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), response, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(response, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and 0 < column <= len(self.codes):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and response.is_voided:
            return QBrush(VOIDED_COLOUR)
        if role == Qt.ItemDataRole.FontRole and response.is_voided:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def _text(self, row: int, response: SurveyResponse, column: int) -> str:
        if column == 0:
            return str(row + 1)
        if column <= len(self.codes):
            choice = self.answers[response.id].get(self.codes[column - 1])
            return "" if choice is None else str(choice)
        extra = column - len(self.codes)
        if extra == 1:
            return tr("已作廢") if response.is_voided else ""
        if extra == 2:
            return self.names.get(response.created_by_id, "")
        return response.comment.splitlines()[0][:20] if response.comment else ""

    def _tooltip(self, response: SurveyResponse, column: int) -> str | None:
        if 0 < column <= len(self.codes):
            choice = self.answers[response.id].get(self.codes[column - 1])
            return tr(CHOICE_TIPS[choice]) if choice in CHOICE_TIPS else None
        if column == self.comment_column:
            return response.comment or None
        if column == len(self.codes) + 1 and response.is_voided:
            return tr("作廢原因：{reason}").format(reason=response.void_reason)
        return None

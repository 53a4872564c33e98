"""修改歷程: who added, changed, voided or deleted one record, and what exactly changed.

The audit trail stores whole before/after pictures (JSON); this dialog turns them into the
few lines a secretary needs, e.g. ``意見：（空白） → 很親切``, ``C：2 → 1`` or
``金額：1,500 → 2,000``. Each audited table says what its keys are called and which of them
sum up a new (or deleted) record.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from models.audit import ACTION_LABELS, AuditEntry, history
from models.base import BaseModel
from models.db import storage_errors
from models.rocdate import DateInputError, format_roc
from models.service.categories import ServiceCategory, categories
from models.service.counts import SOURCE_GRID, SOURCE_GROUP, SOURCE_PAYMENT, SOURCE_PRESS, ServiceEvent
from models.accounts import ROLE_LABELS, Role, User
from ui.errors import EXPECTED, show_problem
from ui.i18n import tr
from ui.style import heading_font
from ui.widgets.tables import readable_table

AnyIndex = QModelIndex | QPersistentModelIndex

# Friendly names for the keys of a snapshot; a table may call a key otherwise (TABLES).
FIELD_LABELS: dict[str, str] = {
    "survey_date": "問卷日期",
    "expected_sheets": "本疊張數",
    "name": "姓名",
    "role": "角色",
    "active": "使用中",
    "answers": "答案",
    "comment": "意見",
    "contact_phone": "聯絡電話",
    "phone_consent": "同意留電話",
    "void_reason": "作廢原因",
    "pin_hash": "PIN",
    "pin_failures": "PIN 連續錯誤次數",
    "pin_failed_at": "最近一次 PIN 錯誤",
    "pin_failures_since_login": "上次登入後 PIN 錯誤次數",
    "voided_at": "作廢時間",
    "voided_by": "作廢者",
    "created_at": "建立時間",
    "created_by": "建立者",
    "batch": "問卷疊",
    "questionnaire": "問卷版本",
    "day": "日期",
    "category": "類別",
    "source": "來源",
    "count": "人次",
    "amount": "金額",
    "receipt_no": "收據號碼",
    "code": "代碼",
    "position": "順序",
    "shortcut": "按鍵",
    "roles": "角色",
    "has_amount": "有金額",
}
SOURCE_LABELS = {
    SOURCE_PRESS: "按鍵",
    SOURCE_GROUP: "一批人",
    SOURCE_PAYMENT: "收款",
    SOURCE_GRID: "日誌補登",
}
NUMBER_KEYS = frozenset({"amount", "count"})  # shown with thousands separators: 1,500
# What an insert summary shows when the table is not known: what was typed, not bookkeeping.
SUMMARY_KEYS = (
    "survey_date",
    "expected_sheets",
    "name",
    "role",
    "active",
    "answers",
    "comment",
    "contact_phone",
    "phone_consent",
)


@dataclass(frozen=True)
class TableText:
    """How one audited table reads: its name, what sums up a record, its own key names."""

    title: str
    summary: tuple[str, ...]  # the keys an insert (or a delete) lists, in this order
    labels: Mapping[str, str] = field(default_factory=dict)  # where a key means something else here


TABLES: dict[str, TableText] = {
    "survey_response": TableText(
        "問卷", ("survey_date", "answers", "comment", "contact_phone", "phone_consent")
    ),
    "survey_batch": TableText("問卷批次", ("survey_date", "expected_sheets")),
    "app_user": TableText("使用者", ("name", "role", "active")),
    ServiceEvent._meta.table_name: TableText(
        "服務紀錄", ("day", "category", "source", "count", "amount", "receipt_no")
    ),
    ServiceCategory._meta.table_name: TableText(
        "服務類別", ("code", "name", "shortcut", "roles", "has_amount", "active"), {"name": "名稱"}
    ),
}
HISTORY_COLUMNS = ("時間", "使用者", "動作", "內容")
# Room around every cell and header: the default item view packs 13pt text edge to edge.
SYSTEM_USER = "系統"
EMPTY = "（空白）"
ARROW = " → "

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}")


References = Mapping[str, Mapping[Any, str]]  # key → stored id → what to show instead


def field_label(key: str, table: str = "") -> str:
    labels = TABLES[table].labels if table in TABLES else {}
    label = labels.get(key) or FIELD_LABELS.get(key)
    return tr(label) if label else key


def _role_name(value: str) -> str:
    try:
        return tr(ROLE_LABELS[Role(value)])
    except ValueError:
        return value  # a role this version does not know: shown as stored


def format_value(key: str, value: Any, references: References | None = None) -> str:
    """One stored value as a person reads it: ROC dates, 是/否, role names, 1,500, （空白）.

    ``references`` turns a stored id into a name (the category of a service record).
    """
    if value is None or value == "":
        return tr(EMPTY)
    if isinstance(value, bool):
        return tr("是") if value else tr("否")
    if references and key in references and value in references[key]:
        return references[key][value]
    if key == "role" and isinstance(value, str):
        return _role_name(value)
    if key == "roles" and isinstance(value, str):
        return "、".join(_role_name(role) for role in value.split(",") if role)
    if key == "source" and isinstance(value, str):
        return tr(SOURCE_LABELS[value]) if value in SOURCE_LABELS else value
    if key in NUMBER_KEYS and isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, str):
        try:
            if _ISO_DATETIME.fullmatch(value):
                moment = dt.datetime.fromisoformat(value)
                return f"{format_roc(moment.date())} {moment:%H:%M:%S}"
            if _ISO_DATE.fullmatch(value):
                return format_roc(dt.date.fromisoformat(value))
        except (ValueError, DateInputError):
            return value
        return value
    if isinstance(value, Mapping):
        return "、".join(f"{k}：{format_value('', v)}" for k, v in value.items())
    return str(value)


def _answer_changes(before: Any, after: Any) -> list[str]:
    """``C：2 → 1`` for every item whose answer changed, in questionnaire order."""
    old = before if isinstance(before, Mapping) else {}
    new = after if isinstance(after, Mapping) else {}
    codes = list(new) + [code for code in old if code not in new]
    return [
        f"{code}：{format_value(code, old.get(code))}{ARROW}{format_value(code, new.get(code))}"
        for code in codes
        if old.get(code) != new.get(code)
    ]


def _worth_showing(value: Any) -> bool:
    """An insert summary leaves out what was not filled in (empty, unticked)."""
    return value is not None and value is not False and value != "" and value != {}


def _summary(picture: Mapping[str, Any], table: str, references: References | None) -> str:
    """What was typed into a record, one line per filled-in field."""
    keys = TABLES[table].summary if table in TABLES else SUMMARY_KEYS
    return "\n".join(
        f"{field_label(key, table)}：{format_value(key, picture[key], references)}"
        for key in keys
        if key in picture and _worth_showing(picture[key])
    )


def describe_change(
    entry_action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    *,
    table: str = "",
    references: References | None = None,
) -> str:
    """The 內容 cell of one audit entry of ``table``, as plain text lines (no Qt involved)."""
    before = before or {}
    after = after or {}
    if entry_action == "insert":
        return _summary(after, table, references)
    if entry_action == "delete":  # what was deleted, as it was
        return _summary(before or after, table, references)
    if entry_action == "void":
        return tr("原因：") + format_value("void_reason", after.get("void_reason"))
    if entry_action == "update":
        keys = list(after) + [key for key in before if key not in after]
        lines: list[str] = []
        for key in keys:
            old, new = before.get(key), after.get(key)
            if old == new:
                continue
            if key == "answers":
                lines.extend(_answer_changes(old, new))
            else:
                lines.append(
                    f"{field_label(key, table)}："
                    f"{format_value(key, old, references)}{ARROW}{format_value(key, new, references)}"
                )
        return "\n".join(lines) if lines else tr("（沒有變更）")
    return ""


def format_moment(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    try:
        return f"{format_roc(moment.date())} {moment:%H:%M:%S}"
    except DateInputError:
        return moment.isoformat(sep=" ")


def references_for(entries: list[AuditEntry]) -> dict[str, dict[Any, str]]:
    """Names for the ids the entries' pictures hold: a service record's category."""
    if not any(entry.table_name == ServiceEvent._meta.table_name for entry in entries):
        return {}
    with storage_errors():
        found = categories(include_retired=True)
    return {"category": {category.id: f"{category.code} {category.name}" for category in found}}


class HistoryModel(QAbstractTableModel):
    """Audit entries of one record, oldest first, as read-only text cells."""

    def __init__(self, entries: list[AuditEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        references = references_for(entries)
        self._rows = [self._row(entry, references) for entry in entries]

    @staticmethod
    def _row(entry: AuditEntry, references: References) -> tuple[str, str, str, str]:
        user: User | None = entry.user if entry.user_id is not None else None
        return (
            format_moment(entry.at),
            user.name if user is not None else tr(SYSTEM_USER),
            tr(ACTION_LABELS.get(entry.action, entry.action)),
            describe_change(entry.action, entry.before, entry.after, table=entry.table_name, references=references),
        )

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(HISTORY_COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= index.column() < len(HISTORY_COLUMNS):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        return None

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HISTORY_COLUMNS):
            return tr(HISTORY_COLUMNS[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None


class HistoryDialog(QDialog):
    """Read-only list of one record's audit entries; PermissionDenied is left to the caller."""

    def __init__(self, actor: User, table_name: str, record_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        entries = history(actor, table_name, record_id)
        what = tr(TABLES[table_name].title) if table_name in TABLES else table_name
        self.setWindowTitle(tr("修改歷程"))
        self.title = QLabel(tr("{what} 第 {id} 筆的修改歷程").format(what=what, id=record_id))
        self.title.setFont(heading_font(self.font(), 1.3))
        self.model = HistoryModel(entries, self)
        self.table = readable_table(self.model, stretch_column=len(HISTORY_COLUMNS) - 1)
        self.empty_label = QLabel(tr("這筆資料沒有修改紀錄。"))
        self.empty_label.setVisible(not entries)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(tr("關閉"))
        self.close_button.setMinimumHeight(40)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(1000, 560)
        self.close_button.setFocus()  # Enter or Esc closes; no stray focus box in the table
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)


def show_history(parent: QWidget, actor: User, record: BaseModel) -> None:
    """Open the history of ``record`` over ``parent`` (window-modal, deleted when closed); a
    refusal (not the secretary) or a storage problem is said in a message instead."""
    try:
        dialog = HistoryDialog(actor, record._meta.table_name, record.get_id(), parent)
    except EXPECTED as exc:
        show_problem(parent, exc)
        return
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()

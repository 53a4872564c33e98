"""修改歷程: who added, changed, voided or deleted one record, and what exactly changed.

The audit trail stores whole before/after pictures (JSON); this dialog turns them into the
few lines a secretary needs, e.g. ``意見：（空白） → 很親切``, ``C：2 → 1`` or
``金額：1,500 → 2,000``. It knows no table: the model stored in the entry's table declares
what its keys are called, how its values read and which keys sum up a new record
(``models.labels``); a table no model declares is shown with its keys as stored.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import peewee
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from models.accounts import User
from models.audit import ACTION_LABELS, AuditEntry, history
from models.base import BaseModel
from models.db import storage_errors
from models.labels import (
    EntryWords,
    HistoryText,
    entry_vocabularies,
    field_label,
    history_text,
    reference_names,
    value_words,
)
from models.rocdate import DateInputError, format_roc
from models.schema import model_for_table
from ui.errors import EXPECTED, show_problem
from ui.i18n import tr
from ui.style import heading_font, scaled
from ui.widgets.dialog_room import TITLE_BAR, screen_room
from ui.widgets.tables import header_data, readable_table

AnyIndex = QModelIndex | QPersistentModelIndex

HISTORY_COLUMNS = ("時間", "使用者", "動作", "內容")
SYSTEM_USER = "系統"
EMPTY = "（空白）"
ARROW = " → "

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}")


@dataclass(frozen=True)
class Lookups:
    """What is read once for the entries shown together: names for stored ids (key → id →
    name: a service record's category) and the words of itemised entries (key → edition →
    code → words: a form's answers)."""

    names: Mapping[str, Mapping[Any, str]] = field(default_factory=dict)
    entries: Mapping[str, Mapping[Any, Mapping[str, EntryWords]]] = field(default_factory=dict)

    def entry_words(self, reading: TableReading, key: str, picture: Mapping[str, Any]) -> Mapping[str, EntryWords]:
        """The words for ``picture``'s entries under ``key``; empty when nothing declares them."""
        vocabulary = reading.text.vocabularies.get(key) if reading.text is not None else None
        if vocabulary is None:
            return {}
        return self.entries.get(key, {}).get(picture.get(vocabulary.selector), {})


NO_LOOKUPS = Lookups()


@dataclass(frozen=True)
class TableReading:
    """How the entries of one table read: its model's declarations, or none at all."""

    model: type[peewee.Model] | None
    text: HistoryText | None

    @classmethod
    def of(cls, table: str) -> TableReading:
        model = model_for_table(table) if table else None
        return cls(model, history_text(model))

    def label(self, key: str) -> str:
        label = field_label(self.model, key) if self.model is not None else None
        return tr(label) if label else key

    def words(self, key: str) -> Mapping[Any, str]:
        return value_words(self.model, key) if self.model is not None else {}

    def summary_keys(self, picture: Mapping[str, Any]) -> tuple[str, ...]:
        """What sums a record up; for a table nobody declared, every key but its id."""
        return self.text.summary if self.text is not None else tuple(key for key in picture if key != "id")

    def is_number(self, key: str) -> bool:
        return self.text is not None and key in self.text.numbers

    def is_word_list(self, key: str) -> bool:
        return self.text is not None and key in self.text.word_lists

    def is_itemised(self, key: str) -> bool:
        return self.text is not None and key in self.text.itemised


NO_TABLE = TableReading(None, None)  # a table no model declares (or the entries of a mapping)


def format_value(
    reading: TableReading, key: str, value: Any, names: Mapping[str, Mapping[Any, str]] | None = None,
    entry_words: Mapping[str, EntryWords] | None = None,
) -> str:
    """One stored value as a person reads it: ROC dates, 是/否, the words of a field's
    choices (role names, a record's source), 1,500, （空白）.

    ``names`` turns a stored id into a name (the category of a service record); a mapping's
    entries read through ``entry_words`` (「A 滿意」) where it has them.
    """
    if value is None or value == "":
        return tr(EMPTY)
    if isinstance(value, bool):
        return tr("是") if value else tr("否")
    if names and key in names and value in names[key]:
        return names[key][value]
    words = reading.words(key)
    if words and isinstance(value, str):
        if reading.is_word_list(key):
            return "、".join(tr(words.get(item, item)) for item in value.split(",") if item)
        return tr(words[value]) if value in words else value  # a word this version does not know: as stored
    if reading.is_number(key) and isinstance(value, int):
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
        return "、".join(_entry(code, v, entry_words or {}) for code, v in value.items())
    return str(value)


def _entry(code: str, value: Any, words: Mapping[str, EntryWords]) -> str:
    """One entry of a mapping in a summary: 「A 滿意」 in words, else 「A：1」 as stored."""
    said = words[code].values if code in words else {}
    return f"{code} {said[value]}" if value in said else f"{code}：{format_value(NO_TABLE, code, value)}"


def _item_changes(before: Any, after: Any, words: Mapping[str, EntryWords]) -> list[str]:
    """A line for every entry whose value changed, in questionnaire order: in words where the
    entries have them (「C 電話禮貌：滿意 → 非常滿意」), else as stored (「C：2 → 1」)."""
    old = before if isinstance(before, Mapping) else {}
    new = after if isinstance(after, Mapping) else {}
    codes = list(new) + [code for code in old if code not in new]
    return [
        _item_change(code, old.get(code), new.get(code), words.get(code))
        for code in codes
        if old.get(code) != new.get(code)
    ]


def _item_change(code: str, old: Any, new: Any, words: EntryWords | None) -> str:
    if words is None:
        return f"{code}：{format_value(NO_TABLE, code, old)}{ARROW}{format_value(NO_TABLE, code, new)}"
    said = [words.values.get(value, format_value(NO_TABLE, code, value)) for value in (old, new)]
    return f"{words.label}：{said[0]}{ARROW}{said[1]}"


def _worth_showing(value: Any) -> bool:
    """An insert summary leaves out what was not filled in (empty, unticked)."""
    return value is not None and value is not False and value != "" and value != {}


def _summary(picture: Mapping[str, Any], reading: TableReading, lookups: Lookups) -> str:
    """What was typed into a record, one line per filled-in field."""
    def shown(key: str) -> str:
        return format_value(reading, key, picture[key], lookups.names, lookups.entry_words(reading, key, picture))

    return "\n".join(
        f"{reading.label(key)}：{shown(key)}"
        for key in reading.summary_keys(picture)
        if key in picture and _worth_showing(picture[key])
    )


def describe_change(
    entry_action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    *,
    table: str = "",
    lookups: Lookups = NO_LOOKUPS,
) -> str:
    """The 內容 cell of one audit entry of ``table``, as plain text lines (no Qt involved)."""
    reading = TableReading.of(table)
    before = before or {}
    after = after or {}
    if entry_action == "insert":
        return _summary(after, reading, lookups)
    if entry_action == "delete":  # what was deleted, as it was
        return _summary(before or after, reading, lookups)
    if entry_action == "void":
        return tr("原因：") + format_value(reading, "void_reason", after.get("void_reason"))
    if entry_action == "erase":  # which fields were emptied, not what they held
        erased = [
            reading.label(key) for key in after if after[key] != before.get(key) and not _worth_showing(after[key])
        ]
        return tr("已清除：") + "、".join(erased)
    if entry_action == "update":
        keys = list(after) + [key for key in before if key not in after]
        lines: list[str] = []
        for key in keys:
            old, new = before.get(key), after.get(key)
            if old == new:
                continue
            if reading.is_itemised(key):
                lines.extend(_item_changes(old, new, lookups.entry_words(reading, key, after or before)))
            else:
                old_words, new_words = (format_value(reading, key, value, lookups.names) for value in (old, new))
                lines.append(f"{reading.label(key)}：{old_words}{ARROW}{new_words}")
        return "\n".join(lines) if lines else tr("（沒有變更）")
    return ""


def format_moment(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    try:
        return f"{format_roc(moment.date())} {moment:%H:%M:%S}"
    except DateInputError:
        return moment.isoformat(sep=" ")


def lookups_for(entries: list[AuditEntry]) -> Lookups:
    """What the entries' models declare to read their pictures by (the names of a service
    record's category, the words of a form's answers), read once for the dialog."""
    names: dict[str, Mapping[Any, str]] = {}
    words: dict[str, Mapping[Any, Mapping[str, EntryWords]]] = {}
    with storage_errors():
        for table in sorted({entry.table_name for entry in entries}):
            model = model_for_table(table)
            if model is not None:
                names.update(reference_names(model))
                words.update(entry_vocabularies(model))
    return Lookups(names, words)


class HistoryModel(QAbstractTableModel):
    """Audit entries of one record, oldest first, as read-only text cells."""

    def __init__(self, entries: list[AuditEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lookups = lookups_for(entries)
        self._rows = [self._row(entry, lookups) for entry in entries]

    @staticmethod
    def _row(entry: AuditEntry, lookups: Lookups) -> tuple[str, str, str, str]:
        user: User | None = entry.user if entry.user_id is not None else None
        return (
            format_moment(entry.at),
            user.name if user is not None else tr(SYSTEM_USER),
            tr(ACTION_LABELS.get(entry.action, entry.action)),
            describe_change(entry.action, entry.before, entry.after, table=entry.table_name, lookups=lookups),
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
        return header_data(HISTORY_COLUMNS, len(self._rows), section, orientation, role)


class HistoryDialog(QDialog):
    """Read-only list of one record's audit entries; PermissionDenied is left to the caller."""

    def __init__(self, actor: User, table_name: str, record_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        entries = history(actor, table_name, record_id)
        text = history_text(model_for_table(table_name))
        what = tr(text.title) if text is not None else table_name
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
        self.close_button.setMinimumHeight(scaled(40))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        room = screen_room(self)  # in large print as much larger as the screen allows
        self.resize(min(scaled(1000), room.width()), min(scaled(560), room.height() - TITLE_BAR))
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

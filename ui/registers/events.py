"""活動: the events register's tab of 登記簿 (F11).

The list (by date, filtered by period and kind) is read through the op layer; each event shows
every figure its kind declares with its value (場次 1、人次 512、拍變賣價金 1,208,560 元). The
form has one field per figure of the kind chosen, rebuilt when the kind changes (what was typed
under a name the new kind also has is kept), and a date that may be a month alone (106/03: the
donations are kept by month). The kinds and their figures are data, kept in 活動類別….
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget

from models.accounts import User
from models.errors import ValidationError
from models.registers.events import (
    FIGURE_MONEY,
    FIGURE_TEXT,
    TEXT_VALUE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Event,
    EventKind,
    Figure,
    correct_event,
    event_kinds,
    events,
    parse_event_day,
    parse_figure_value,
    record_event,
    void_event,
)
from models.rocdate import format_roc
from ui.admin.history_dialog import show_history
from ui.errors import EXPECTED
from ui.features import ScreenContext
from ui.i18n import tr
from ui.registers.book import RegisterTab, register_tab
from ui.registers.event_kinds import EventKindsDialog
from ui.style import scaled
from ui.widgets.record_filters import ChoiceFilter, PeriodFilter
from ui.widgets.record_list import (
    Column,
    ListQuery,
    RecordDialog,
    RecordListPage,
    RecordTableModel,
    with_void_reason,
)

ALL_KINDS = (None, "全部類別")
DATE_NOTE = "按月記的活動（例如愛心社捐款）可以只填月份，例如 106/03"
NOTES = {
    FIGURE_MONEY: "新臺幣，整數元，可加千分位逗號，例如 1,310,040",
    FIGURE_TEXT: f"文字，最多 {TEXT_VALUE_MAX_LENGTH} 個字",
}
COUNT_NOTE = "整數，例如 612"
ADDED_LATER = "；這一項是這筆活動記錄後才加的，可以留空"
VALUE_FIELD = "values.{name}"


def day_text(day: dt.date, month_only: bool) -> str:
    """106/01/25, or 106/03 for an event kept by its month."""
    return format_roc(day)[:-3] if month_only else format_roc(day)


def value_text(figure: Figure | None, value: Any) -> str:
    """A value as the list shows it: 1,310,040 元, 612, a text; — when it was never given."""
    if value is None:
        return "—"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,} 元" if figure is not None and figure.type == FIGURE_MONEY else f"{value:,}"
    return str(value)


def values_text(event: Event) -> str:
    """Each figure its kind declares, with its value, in the kind's order (then any value kept
    under a figure the kind no longer has)."""
    figures = event.kind.figure_list
    declared = {figure.name for figure in figures}
    shown = [f"{figure.name} {value_text(figure, event.values.get(figure.name))}" for figure in figures]
    shown += [f"{name} {value_text(None, value)}" for name, value in event.values.items() if name not in declared]
    return "、".join(shown)


EVENT_COLUMNS: tuple[Column[Event], ...] = (
    Column("日期", lambda e: day_text(e.day, e.month_only)),
    Column("類別", lambda e: e.kind.name),
    Column("活動名稱", lambda e: e.title, tooltip=lambda e: with_void_reason(e.title, e)),
    Column("項目與數字", values_text, tooltip=values_text),
    Column("登記者", lambda e: e.created_by.name),
)
VALUES_COLUMN = 3


class EventsModel(RecordTableModel[Event]):
    columns = EVENT_COLUMNS


def value_field(figure: Figure) -> str:
    return VALUE_FIELD.format(name=figure.name)  # the field the domain's refusal names


class EventDialog(RecordDialog[Event]):
    """記錄 (``event`` None) or 修改 one event. Its kind's figures are a field each, under the
    title; each refusal is said under the field it is about."""

    def __init__(self, actor: User, event: Event | None = None, parent: QWidget | None = None) -> None:
        super().__init__(actor, event, ("記錄活動", "修改活動"), parent)
        self.kinds = {row.kind.id: row.kind for row in event_kinds(actor)}
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText(tr("例：106/01/25，或只填月份 106/03"))
        self.date_edit.setMaximumWidth(scaled(300))
        self.add_field("日期", self.date_edit, "date", note=DATE_NOTE)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(tr("（請選擇）"), None)
        for kind in self.kinds.values():
            self.kind_combo.addItem(kind.name, kind.id)
        self.add_field("類別", self.kind_combo, "kind")
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(TITLE_MAX_LENGTH * 2)  # a little room, so too long is said, not cut
        self.add_field("活動名稱", self.title_edit, "title")
        self.value_edits: dict[str, QLineEdit] = {}  # figure name → its field, as the kind declares them
        self.typed: dict[str, str] = {}  # what was typed under each figure name, kept across kinds
        self.setMinimumWidth(scaled(720))
        self._load()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.kind_combo.currentIndexChanged.connect(lambda _index: self.show_figures())

    def _load(self) -> None:
        event = self.record
        if event is not None:
            self.date_edit.setText(day_text(event.day, event.month_only))
            index = self.kind_combo.findData(event.kind_id)
            self.kind_combo.setCurrentIndex(max(index, 0))
            self.title_edit.setText(event.title)
            self.typed = {name: self._shown(name, value) for name, value in event.values.items()}
        self.show_figures()
        self.date_edit.setFocus()

    def _shown(self, name: str, value: int | str) -> str:
        return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)

    def chosen_kind(self) -> EventKind | None:
        return self.kinds.get(self.kind_combo.currentData())

    def show_figures(self) -> None:
        """One field per figure of the kind chosen (none before a kind is chosen)."""
        for name, edit in self.value_edits.items():
            self.typed[name] = edit.text()
        for figure_name in list(self.value_edits):
            self.remove_field(VALUE_FIELD.format(name=figure_name))
        self.value_edits = {}
        kind = self.chosen_kind()
        if kind is None:
            return
        added_later = self._added_later(kind)
        for figure in kind.figure_list:
            edit = QLineEdit(self.typed.get(figure.name, ""))
            if figure.type == FIGURE_TEXT:
                edit.setMaxLength(TEXT_VALUE_MAX_LENGTH * 2)
            else:
                edit.setMaximumWidth(scaled(260))
                edit.setAlignment(Qt.AlignmentFlag.AlignRight)
                edit.editingFinished.connect(lambda figure=figure, edit=edit: self._tidy(figure, edit))
            note = NOTES.get(figure.type, COUNT_NOTE) + (ADDED_LATER if figure.name in added_later else "")
            self.add_field(figure.name, edit, value_field(figure), note=note)
            self.value_edits[figure.name] = edit

    def _added_later(self, kind: EventKind) -> frozenset[str]:
        """The figures the event's own kind gained after it was recorded (they may stay blank)."""
        event = self.record
        if event is None or event.kind_id != kind.id:
            return frozenset()
        return frozenset(figure.name for figure in kind.figure_list if figure.name not in event.values)

    def _tidy(self, figure: Figure, edit: QLineEdit) -> None:
        """A number typed is shown with its thousands separators as soon as the field is left;
        one that cannot be read is said under it at once (saving says it again)."""
        message = self.field_messages.get(value_field(figure))
        if not edit.text().strip() or message is None:
            return
        try:
            value = parse_figure_value(figure, edit.text())
        except ValidationError as exc:
            message.setText(str(exc))
            return
        message.clear()
        edit.setText(self._shown(figure.name, value))

    def save(self) -> Event:
        day, month_only = parse_event_day(self.date_edit.text())
        kind: Any = self.chosen_kind()  # None (none chosen) is the domain's to refuse, beside 類別
        values = {name: edit.text() for name, edit in self.value_edits.items()}
        title = self.title_edit.text()
        if self.record is None:
            return record_event(self.actor, kind, day, title, values, month_only=month_only)
        return correct_event(self.actor, self.record, kind, day, title, values, month_only=month_only)


class EventsPage(RecordListPage[Event, EventDialog]):
    """The register's list and what can be done to an event: 新增, 修改, 作廢, 修改歷程, and
    活動類別… for the kinds and their figures."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(
            user,
            title="活動",
            hint=(
                "法拍會、法治教育宣導、愛心社捐款、捐血……每一場記一筆，填上它的類別要記的每一項。"
                "類別和項目可在「活動類別…」新增或修改。記錯的請「作廢」並寫明原因（仍會列出，灰色刪除線）。"
            ),
            add_text="新增",
            history=show_history,
            filters=(PeriodFilter(), ChoiceFilter("kind", "類別", (ALL_KINDS,))),
            noun="活動",
            void=void_event,
            long_list=True,
            stretch_column=VALUES_COLUMN,
            parent=parent,
        )
        self.kinds_dialog: EventKindsDialog | None = None
        self.read_kinds()

    def create_model(self) -> EventsModel:
        return EventsModel()

    def create_dialog(self, record: Event | None) -> EventDialog:
        return EventDialog(self.actor, record, self)

    def extra_buttons(self) -> list[QPushButton]:
        self.kinds_button = QPushButton(tr("活動類別…"))
        return [self.kinds_button]

    def _connect_signals(self) -> None:
        super()._connect_signals()
        self.kinds_button.clicked.connect(self.show_kinds)

    def list_query(self, values: Mapping[str, Any]) -> ListQuery:
        actor, filters = self.actor, dict(values)  # plain values (a kind's id): the read runs on the worker
        return lambda: events(actor, **filters)

    def describe(self, record: Event) -> str:
        return f"{day_text(record.day, record.month_only)} {record.kind.name}：{record.title}"

    def activate(self) -> None:
        self.read_kinds()
        super().activate()

    def read_kinds(self) -> None:
        """The kinds the filter offers, as kept now (a short set-up list, read at once). A
        refusal or storage problem is left to the list's read, which says it."""
        try:
            kinds = event_kinds(self.actor)
        except EXPECTED:
            return
        self.filter_bar.set_choices("kind", (ALL_KINDS, *((row.kind.id, row.kind.name) for row in kinds)))

    def show_kinds(self) -> EventKindsDialog:
        """活動類別…: one window, however often asked; the list follows what changed in it."""
        if self.kinds_dialog is not None and self.kinds_dialog.isVisible():
            self.kinds_dialog.raise_()
            self.kinds_dialog.activateWindow()
            return self.kinds_dialog
        if self.kinds_dialog is not None:
            self.kinds_dialog.deleteLater()
        self.kinds_dialog = EventKindsDialog(self.actor, self)
        self.kinds_dialog.changed.connect(self._kinds_changed)
        self.kinds_dialog.open()
        return self.kinds_dialog

    def _kinds_changed(self) -> None:
        self.read_kinds()
        self.refresh()  # a kind renamed, or a figure added, reads so in the list


def events_page(context: ScreenContext) -> EventsPage:
    return EventsPage(context.user)


register_tab(RegisterTab("events", "活動", 5, events_page))

"""在職訓練: the training register's tab of 登記簿 (F11).

The list (by date, filtered by period and kind) is read through the op layer; a voided session
is grey and struck through. 新增 records a session, 修改 corrects one, 作廢 asks for the reason,
修改歷程 shows every change. Under the list, the sessions and hours per kind of what is listed
(voided ones left out), summed by the figure function ``stats`` uses, so the two always agree.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QWidget

from models.accounts import User
from models.registers.training import (
    KIND_LABELS,
    LECTURER_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    TrainingSession,
    correct_training,
    record_training,
    training_sessions,
    void_training,
)
from models.rocdate import Period, format_roc
from reports.figures.training import TrainingFigures, TrainingSessionFigure, hours_text, training_summary
from ui.admin.history_dialog import show_history
from ui.features import ScreenContext
from ui.i18n import tr
from ui.registers.book import RegisterTab, register_tab
from ui.registers.petitions import choice_combo, choose
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

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
HOURS_NOTE = "以半小時為單位，例如 2 或 2.5（不能是 2.25）；最多 24 小時"
LECTURER_NOTE = "數位學習可留空；幾位講座請用頓號隔開"


TRAINING_COLUMNS: tuple[Column[TrainingSession], ...] = (
    Column("日期", lambda s: format_roc(s.day)),
    Column("類別", lambda s: tr(s.kind_label)),
    Column("課程名稱", lambda s: s.title, tooltip=lambda s: with_void_reason(s.title, s)),
    Column("時數", lambda s: hours_text(s.hours), RIGHT, align_header=True),
    Column("講座", lambda s: s.lecturer, tooltip=lambda s: s.lecturer or None),
    Column("登記者", lambda s: s.created_by.name),
)
TITLE_COLUMN, LECTURER_COLUMN = 2, 4


class TrainingModel(RecordTableModel[TrainingSession]):
    columns = TRAINING_COLUMNS


class TrainingDialog(RecordDialog[TrainingSession]):
    """記錄 (``session`` None) or 修改 one session; each refusal under the field it is about."""

    def __init__(self, actor: User, session: TrainingSession | None = None, parent: QWidget | None = None) -> None:
        super().__init__(actor, session, ("記錄訓練", "修改訓練"), parent)
        self.day_edit = self.add_date_field("日期", "date")
        self.kind_combo = choice_combo(tuple(KIND_LABELS.items()), "（請選擇）")
        self.add_field("類別", self.kind_combo, "kind")
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(TITLE_MAX_LENGTH * 2)  # a little room, so too long is said, not cut
        self.add_field("課程名稱", self.title_edit, "title")
        self.hours_edit = QLineEdit()
        self.hours_edit.setMaximumWidth(scaled(160))
        self.add_field("時數", self.hours_edit, "hours", note=HOURS_NOTE)
        self.lecturer_edit = QLineEdit()
        self.lecturer_edit.setMaxLength(LECTURER_MAX_LENGTH * 2)
        self.add_field("講座", self.lecturer_edit, "lecturer", note=LECTURER_NOTE)
        self.setMinimumWidth(scaled(860))
        self._load()

    def _load(self) -> None:
        session = self.record
        if session is not None:
            self.day_edit.setDate(session.day)
            choose(self.kind_combo, session.kind)
            self.title_edit.setText(session.title)
            self.hours_edit.setText(hours_text(session.hours))
            self.lecturer_edit.setText(session.lecturer)
            for edit in (self.title_edit, self.lecturer_edit):
                edit.setCursorPosition(0)  # a long text reads from its start
        self.day_edit.setFocus()

    def save(self) -> TrainingSession:
        entry = (
            self.date_of(self.day_edit, "date"),
            self.kind_combo.currentData() or "",
            self.title_edit.text(),
            self.hours_edit.text(),
            self.lecturer_edit.text(),
        )
        if self.record is None:
            return record_training(self.actor, *entry)
        return correct_training(self.actor, self.record, *entry)


def listed_figures(records: Sequence[TrainingSession], kind: str | None) -> TrainingFigures:
    """The live sessions listed, summed as ``stats`` sums a period (one kind's, when the list
    shows one kind)."""
    kinds = KIND_LABELS if kind is None else {kind: KIND_LABELS[kind]}
    sessions = [
        TrainingSessionFigure(s.day, s.kind, s.title, s.hours, s.lecturer) for s in records if not s.is_voided
    ]
    return training_summary(sessions, kinds)


def summary_text(figures: TrainingFigures, period: Period | None) -> str:
    """「106年1月至6月：在職訓練 10 次、25 小時；數位學習 8 次、18.5 小時；合計 18 次、43.5 小時」."""
    parts = [
        tr("{kind} {n} 次、{hours} 小時").format(kind=tr(k.name), n=k.sessions, hours=hours_text(k.hours))
        for k in figures.kinds
    ]
    if len(figures.kinds) > 1:
        parts.append(
            tr("合計 {n} 次、{hours} 小時").format(n=figures.total_sessions, hours=hours_text(figures.total_hours))
        )
    when = period.label if period is not None else tr("全部期間")
    return tr("{when}（不含作廢）：{parts}").format(when=when, parts="；".join(parts))


TRAINING_FILTERS = (
    PeriodFilter(),
    ChoiceFilter("kind", "類別", ((None, "全部類別"), *KIND_LABELS.items())),
)


class TrainingPage(RecordListPage[TrainingSession, TrainingDialog]):
    """The register's list and what can be done to a session: 新增, 修改, 作廢, 修改歷程."""

    summed: Mapping[str, Any] = {}  # the filters of the list asked for last: what the line sums

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(
            user,
            title="在職訓練及數位學習",
            hint=(
                "每一堂課記一筆：日期、類別、課程名稱、時數（以半小時為單位）和講座。清單下方是清單中各類別的"
                "場次與時數，和統計報表算法相同。記錯的請「作廢」並寫明原因（仍會列出，灰色刪除線）。"
            ),
            add_text="新增",
            history=show_history,
            filters=TRAINING_FILTERS,
            noun="訓練紀錄",
            void=void_training,
            long_list=True,
            stretch_column=TITLE_COLUMN,
            parent=parent,
        )
        self.summary = QLabel()  # filled when the rows arrive (from the ops' worker, later)
        self.summary.setWordWrap(True)
        self.layout().addWidget(self.summary)
        # Titles and lecturers share the spare width (a lecturer line may name three people).
        self.table.horizontalHeader().setSectionResizeMode(LECTURER_COLUMN, QHeaderView.ResizeMode.Stretch)

    def create_model(self) -> TrainingModel:
        return TrainingModel()

    def create_dialog(self, record: TrainingSession | None) -> TrainingDialog:
        return TrainingDialog(self.actor, record, self)

    def _connect_signals(self) -> None:
        super()._connect_signals()
        self.model.modelReset.connect(self._show_summary)

    def list_query(self, values: Mapping[str, Any]) -> ListQuery:
        actor, filters = self.actor, dict(values)  # plain values: the read runs on the worker
        self.summed = filters  # a newer read replaces this one before its rows arrive, never after
        return lambda: training_sessions(actor, **filters)

    def _show_summary(self) -> None:
        figures = listed_figures(self.model.records(), self.summed.get("kind"))
        self.summary.setText(summary_text(figures, self.summed.get("period")))

    def describe(self, record: TrainingSession) -> str:
        return f"{format_roc(record.day)} {tr(record.kind_label)}：{record.title}"


def training_page(context: ScreenContext) -> TrainingPage:
    return TrainingPage(context.user)


register_tab(RegisterTab("training", "在職訓練", 4, training_page))

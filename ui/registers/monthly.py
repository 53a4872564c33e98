"""每月數據: the secretary types each month's figures and payment channels into one grid.

The grid (``ui/registers/monthly_model.py``) is the months of a half-year across and the
figures down. A month is a column, typed from top to bottom as the other offices' monthly
reports read; its values wait in the grid (shown as not yet saved) and are stored in one go:
Enter on the month's last cell, 儲存這個月 (Ctrl+S), or starting on another month or
half-year. A bad value saves nothing of the month; the message says why and the cursor goes
to it. Blank is "not entered", which is not 0. The half-year is read as an op (``ui/ops.py``).
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models.accounts import User
from models.registers.monthly import MonthsTable, month_name, months_table
from models.rocdate import DateInputError, Period, add_months, roc_year
from ui.admin.history_dialog import show_history
from ui.errors import EXPECTED
from ui.features import ScreenContext
from ui.i18n import tr
from ui.ops import BackgroundOp
from ui.registers.book import RegisterTab, register_tab
from ui.registers.monthly_model import HALF_MONTHS, MonthlyGridModel, half_year
from ui.style import heading_font, scaled
from ui.widgets.messages import error_label
from ui.widgets.number_grid import NumberGridView
from ui.widgets.questions import ask

OP_KEY = "monthly-figures"
LOADING = "正在讀取每月數據…"
NOTE = (
    "每個月一欄：照各單位的月報由上往下輸入，按 Enter 到下一項、Tab 到右邊一格（最後一格再按 Tab 離開表格）；"
    "最後一項按 Enter、按「儲存這個月」"
    "（Ctrl+S）或改到別的月份時，整個月一次存入。留空是「未輸入」，和 0 不同。小計、總計與合計自動計算。"
)
SAVED = "已儲存{month}（{changed} 項有變更）。"
SAVED_UNCHANGED = "{month}沒有變更。"
DISCARDED = "已放棄{month}尚未儲存的修改。"
NOTHING_PENDING = "沒有尚未儲存的修改。"
NO_HISTORY = "請先選一格輸入過的數據，再按「歷程」。"
LAST_MONTH = "這是目前可輸入的最後一個月。"
LEAVE_TITLE = "每月數據尚未存入"
LEAVE_QUESTION = "{month}有數據還不能存入：{reason}\n要放棄這個月尚未存入的修改，還是回去修改？"


class HalfYearPicker(QWidget):
    """◀ 上半年 [115年7月至12月] 下半年 ▶: half-years up to the current one (nothing later can
    be typed yet)."""

    changed = Signal(object)  # the new half-year, a Period

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.period = half_year(today)
        self.previous_button = QPushButton(tr("◀ 前半年"))
        self.next_button = QPushButton(tr("後半年 ▶"))
        self.label = QLabel()
        self.label.setFont(heading_font(self.font(), 1.15))
        for button in (self.previous_button, self.next_button):
            button.setMinimumHeight(scaled(40))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the grid
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.label)
        layout.addWidget(self.next_button)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.show_period(self.period)

    def step(self, halves: int) -> None:
        try:
            start = add_months(self.period.start, halves * HALF_MONTHS)
        except DateInputError:
            return
        if roc_year(start) < 1 or start > self.today:
            return
        self.show_period(half_year(start))
        self.changed.emit(self.period)

    def show_period(self, period: Period) -> None:
        self.period = period
        self.label.setText(period.label)
        self.next_button.setEnabled(add_months(self.period.start, HALF_MONTHS) <= self.today)
        self.previous_button.setEnabled(roc_year(self.period.start) > 1 or self.period.start.month > HALF_MONTHS)


class MonthlyFiguresView(QWidget):
    """The secretary's 每月數據 screen: ``MonthlyFiguresView(user, parent=None)``."""

    def __init__(self, user: User, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.user = user
        today = today or dt.date.today()
        self.title = QLabel(tr("每月數據"))
        self.title.setFont(heading_font(self.font(), 1.3))
        self.picker = HalfYearPicker(today)
        self.save_button = QPushButton(tr("儲存這個月"))
        self.discard_button = QPushButton(tr("放棄修改"))
        self.history_button = QPushButton(tr("歷程"))
        for button in (self.save_button, self.discard_button, self.history_button):
            button.setMinimumHeight(scaled(40))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.note = QLabel(tr(NOTE))
        self.note.setWordWrap(True)
        self.message = error_label(keep_room=True)
        self.info = QLabel()
        self.model = MonthlyGridModel(user, today, self)
        self.table = NumberGridView()
        self.table.setModel(self.model)
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self._build_layout()
        self._connect_signals()
        self._load()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(24)
        top.addWidget(self.picker)
        top.addStretch(1)
        top.addWidget(self.save_button)
        top.addWidget(self.discard_button)
        top.addWidget(self.history_button)
        said = QHBoxLayout()
        said.addWidget(self.message, 1)
        said.addWidget(self.info)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addLayout(said)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        self.picker.changed.connect(self._half_year_chosen)
        self.save_button.clicked.connect(self.save)
        self.save_shortcut.activated.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        self.history_button.clicked.connect(self.show_history)
        self.table.bottom_reached.connect(self._month_done)
        self.table.selectionModel().currentChanged.connect(self._moved)
        self.model.refused.connect(self._refused)
        self.table.read_only_typed.connect(self.message.setText)
        self.model.saved.connect(self._saved)
        self.model.modelReset.connect(self.table.fit_columns)
        self.model.dataChanged.connect(lambda *_args: self.table.fit_columns())

    def activate(self) -> None:
        """Shown again: read the half-year afresh (what was typed and not saved stays)."""
        self._load()
        self.table.setFocus()

    def leave(self) -> bool:
        """Whether the screen may go from the front (another tab or screen, 換人, closing): the
        month typed is saved first; when it cannot be, the secretary chooses between going
        back to correct it (the cursor is at the bad value) and discarding it."""
        if self.save():
            return True
        month = self.model.pending_month
        question = tr(LEAVE_QUESTION).format(month=month_name(month), reason=self.model.last_error)
        if not ask(self, tr(LEAVE_TITLE), question, yes="放棄修改", no="回去修改"):
            return False
        self.discard()
        return True

    def _moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The cursor went to another month: the month typed is saved before anything is typed
        there (a refusal brings the cursor back to the bad value)."""
        month = self.model.month_at(current.column())
        if month is not None and self.model.pending_month not in (None, month):
            self.model.save_pending()

    def _month_done(self, last: QModelIndex) -> None:
        """Enter on a month's last cell: the month is saved and typing goes on at the top of
        the next month that takes numbers."""
        if not self.save():
            return
        model = self.model
        following = next(
            (
                model.index(row, column)
                for column in range(last.column() + 1, len(model.months))
                for row in range(model.rowCount())
                if model.is_editable(row, column)
            ),
            None,
        )
        if following is None:
            self.info.setText(self.info.text() + tr(LAST_MONTH))
            return
        self.table.setCurrentIndex(following)
        self.table.scrollTo(following)

    def save(self) -> bool:
        if self.model.pending_month is None:
            self.info.setText(tr(NOTHING_PENDING))
            return True
        return self.model.save_pending()

    def discard(self) -> None:
        month = self.model.discard_pending()
        self.message.clear()
        self.info.setText(tr(DISCARDED).format(month=month_name(month)) if month else tr(NOTHING_PENDING))

    def show_history(self) -> None:
        """The history of the value in the current cell: typed, retyped, cleared."""
        found = self.model.record_of(self.table.currentIndex())
        if found is None:
            self.info.setText(tr(NO_HISTORY))
            return
        model, record_id = found
        try:
            record = model.stored(record_id)
        except EXPECTED as exc:
            self.message.setText(str(exc))
            return
        show_history(self, self.user, record)

    def _half_year_chosen(self, period: Period) -> None:
        """Another half-year: the month being typed is saved first; if it cannot be, stay."""
        if not self.model.save_pending():
            self.picker.show_period(self.model.period)
            return
        self._load()

    def _load(self) -> None:
        period = self.picker.period
        op = BackgroundOp(self, lambda progress, abort: months_table(self.user, period.start, period.end))
        op.with_progress(tr(LOADING), cancellable=False).replaces(OP_KEY)
        op.success(lambda table: self._loaded(period, table))
        op.failure(lambda problem: self.message.setText(str(problem)))
        op.run()

    def _loaded(self, period: Period, table: MonthsTable) -> None:
        new = period != self.model.period or not self.model.months
        self.model.show_table(period, table)
        if new or not self.table.currentIndex().isValid():
            self._go_to_start()

    def _go_to_start(self) -> None:
        """The current month's column in the current half-year, else its first month."""
        this_month = self.model.today.replace(day=1)
        column = self.model.months.index(this_month) if this_month in self.model.months else 0
        index = self.model.index(0, column)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.table.setFocus()

    def _refused(self, message: str, index: QModelIndex) -> None:
        self.info.clear()
        self.message.setText(message)
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _saved(self, month: dt.date, changed: int) -> None:
        self.message.clear()
        text = SAVED if changed else SAVED_UNCHANGED
        self.info.setText(tr(text).format(month=month_name(month), changed=changed))
        self._load()


def monthly_page(context: ScreenContext) -> MonthlyFiguresView:
    return MonthlyFiguresView(context.user)


register_tab(RegisterTab("monthly", "每月數據", 6, monthly_page))

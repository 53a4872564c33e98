"""電話禮貌測試: the phone-courtesy register's tab of 登記簿 (F11).

The list (by date, filtered by period) is read through the op layer together with the
period's figures, which the line under the list says as ``stats`` does: the same figure
function (``reports.figures.courtesy.courtesy_summary``) over the same live scores, graded by
the bands in settings. 新增 records a test, 修改 corrects one, 作廢 asks for the reason (a
voided test stays listed, grey and struck through, and leaves the figures), 修改歷程 shows
every change.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from models.accounts import User
from models.numbers import BARE_NUMBER_MAX_LENGTH
from models.registers.courtesy import (
    TESTED_MAX_LENGTH,
    CourtesyTest,
    ListedCourtesyTest,
    correct_courtesy_test,
    courtesy_tests,
    record_courtesy_test,
    void_courtesy_test,
)
from models.registers.courtesy_grades import MAX_SCORE
from models.rocdate import Period, format_roc
from models.settings import courtesy_grade_bands
from reports.figures.courtesy import CourtesyFigures, courtesy_summary
from ui.admin.history_dialog import show_history
from ui.features import ScreenContext
from ui.i18n import tr
from ui.registers.book import RegisterTab, register_tab
from ui.style import scaled
from ui.widgets.record_filters import PeriodFilter
from ui.widgets.record_list import Column, ListQuery, RecordDialog, RecordListPage, RecordTableModel

CENTRED = Qt.AlignmentFlag.AlignCenter
TESTED_COLUMN = 1
FIGURES = "電話禮貌測試 {tests} 人次，平均成績 {mean} 分，「{grade}」等級（作廢的不計）"
NO_FIGURES = "電話禮貌測試 0 人次，沒有平均成績（作廢的不計）"


class CourtesyListing(list[ListedCourtesyTest]):
    """The tests listed and the figures of the live ones, read together on the worker."""

    def __init__(self, rows: Sequence[ListedCourtesyTest], figures: CourtesyFigures) -> None:
        super().__init__(rows)
        self.figures = figures


def courtesy_listing(actor: User, period: Period | None) -> CourtesyListing:
    """The register's list and, from the same rows, what ``stats`` says of them."""
    rows = courtesy_tests(actor, period)
    live = [row.test.score for row in rows if not row.test.is_voided]
    return CourtesyListing(rows, courtesy_summary(live, courtesy_grade_bands()))


def figures_text(figures: CourtesyFigures) -> str:
    if figures.mean_score is None:
        return tr(NO_FIGURES)
    return tr(FIGURES).format(tests=figures.tests, mean=figures.mean_score, grade=figures.grade)


def _void_tip(row: ListedCourtesyTest) -> str | None:
    test = row.test
    return tr("作廢原因：{reason}").format(reason=test.void_reason) if test.is_voided else None


COURTESY_COLUMNS: tuple[Column[ListedCourtesyTest], ...] = (
    Column("測試日期", lambda row: format_roc(row.test.day), tooltip=_void_tip),
    Column("受測單位或人員", lambda row: row.test.tested, tooltip=lambda row: row.test.tested),
    Column("成績", lambda row: str(row.test.score), CENTRED),
    Column("等級", lambda row: tr(row.grade), CENTRED),
    Column("登記者", lambda row: row.typist),
)


class CourtesyModel(RecordTableModel[ListedCourtesyTest]):
    columns = COURTESY_COLUMNS

    def stored_record(self, row: ListedCourtesyTest) -> CourtesyTest:
        return row.test


class CourtesyDialog(RecordDialog[CourtesyTest]):
    """新增 (``test`` None) or 修改 one test; each refusal is said under its field."""

    def __init__(self, actor: User, test: CourtesyTest | None = None, parent: QWidget | None = None) -> None:
        super().__init__(actor, test, ("新增電話禮貌測試", "修改電話禮貌測試"), parent)
        self.day_edit = self.add_date_field("測試日期", "date", note="例：106/03/08 或 1060308")
        self.tested_edit = QLineEdit()
        self.tested_edit.setMaxLength(TESTED_MAX_LENGTH * 2)  # a little room, so too long is said, not cut
        # As wide as the longest name allowed, so all of it is seen while it is checked.
        self.tested_edit.setMinimumWidth(self.tested_edit.fontMetrics().horizontalAdvance("機" * TESTED_MAX_LENGTH) + 16)
        self.add_field("受測單位或人員", self.tested_edit, "tested", note=f"最多 {TESTED_MAX_LENGTH} 個字")
        self.score_edit = QLineEdit()
        self.score_edit.setMaxLength(BARE_NUMBER_MAX_LENGTH * 2)
        self.score_edit.setMaximumWidth(scaled(160))
        self.add_field("成績", self.score_edit, "score", note=f"0 到 {MAX_SCORE} 的整數；等級依「設定」的級距自動算出")
        if test is not None:
            self.day_edit.setDate(test.day)
            self.tested_edit.setText(test.tested)
            self.score_edit.setText(str(test.score))
        self.day_edit.setFocus()
        self._connect_signals()

    def _connect_signals(self) -> None:
        for edit in (self.tested_edit, self.score_edit):
            edit.returnPressed.connect(self.try_accept)

    def save(self) -> CourtesyTest:
        day = self.date_of(self.day_edit, "date")
        tested, score = self.tested_edit.text(), self.score_edit.text()
        if self.record is None:
            return record_courtesy_test(self.actor, day, tested, score)
        return correct_courtesy_test(self.actor, self.record, day, tested, score)


class CourtesyPage(RecordListPage[ListedCourtesyTest, CourtesyDialog]):
    """The register's list, its period's figures, and 新增, 修改, 作廢, 修改歷程."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(
            user,
            title="電話禮貌測試",
            hint=(
                "每次測試一筆：日期、受測的單位或人員、成績（0 到 100）。等級依「設定」中的級距計算，"
                "級距改了，清單與統計都照新的級距。記錯的請「作廢」並寫明原因（仍會列出，灰色刪除線，不列入統計）。"
            ),
            add_text="新增",
            history=show_history,
            filters=(PeriodFilter(),),
            noun="電話禮貌測試",
            void=void_courtesy_test,
            long_list=True,
            stretch_column=TESTED_COLUMN,
            parent=parent,
        )
        self.figures_line = QLabel()
        self.figures_line.setWordWrap(True)
        self.layout().addWidget(self.figures_line)

    def create_model(self) -> CourtesyModel:
        return CourtesyModel()

    def create_dialog(self, record: CourtesyTest | None) -> CourtesyDialog:
        return CourtesyDialog(self.actor, record, self)

    def list_query(self, values: Mapping[str, Any]) -> ListQuery:
        actor, period = self.actor, values["period"]  # plain values: the read runs on the worker
        return lambda: courtesy_listing(actor, period)

    def list_loaded(self, records: Sequence[ListedCourtesyTest]) -> None:
        if isinstance(records, CourtesyListing):
            self.figures_line.setText(figures_text(records.figures))

    def describe(self, record: CourtesyTest) -> str:
        return f"{format_roc(record.day)} {record.tested}（{record.score} 分）"


def courtesy_page(context: ScreenContext) -> CourtesyPage:
    return CourtesyPage(context.user)


register_tab(RegisterTab("courtesy", "電話禮貌測試", 3, courtesy_page))

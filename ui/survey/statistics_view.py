"""統計: the survey figures of a period, exactly as the report will print them.

Every number comes from ``reports.statistics.survey_statistics`` — the same function the
report and ``main.py stats`` use — so what the secretary checks here is what gets printed.
The reading runs as an op (``ui/ops.py``): the window answers meanwhile, and the figures
already shown stay until the new ones arrive.

At 1366×768 the tables show every row whole: in normal print the whole screen fits at once; in
large print A–J does, and the page below the period scrolls to K and the sentences (the screen
cannot hold both tables and the sentences at 1.35×); a table itself never scrolls.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from models.accounts import User
from models.rocdate import ROC_OFFSET, Period
from models.survey.kinds import DURATION, SATISFACTION
from models.survey.questionnaire import (
    DURATION_OPTIONS,
    SATISFACTION_OPTIONS,
    ItemSpec,
    active_questionnaire,
    item_specs,
)
from reports.figures.survey import DurationFigures, ItemFigures, SurveyFigures
from reports.statistics import survey_statistics
from ui.errors import show_problem
from ui.i18n import tr
from ui.ops import BackgroundOp
from ui.style import heading_font, is_large_print
from ui.survey.form import display_width, wrap_label
from ui.widgets.period_bar import PeriodBar
from ui.widgets.tables import content_height, header_data, readable_table

AnyIndex = QModelIndex | QPersistentModelIndex

NO_FIGURE = "—"
PERIOD_PLACEHOLDER = "例：106H1、106、106/01-106/03"
AVERAGE_LINE = "平均申辦案件所花費時間：{minutes} 分鐘"
AVERAGE_NONE = "平均申辦案件所花費時間：—（沒有有效答案）"
NO_EXTREMES = "這段期間沒有有效的滿意度答案，無法比較最高與最低。"
COMPUTING = "正在計算問卷統計…"
OP_KEY = "survey-statistics"  # a newer 計算 takes the place of one still waiting


def default_period_text(today: dt.date | None = None) -> str:
    """The report due next: 1–6月 (``115H1``) in the first half, the whole year after June."""
    today = today or dt.date.today()
    roc = today.year - ROC_OFFSET
    return f"{roc}" if today.month > 6 else f"{roc}H1"


@dataclass(frozen=True)
class PeriodSurvey:
    """What one 計算 reads (on the worker thread): the figures and the items they are about."""

    period: Period
    specs: list[ItemSpec]
    figures: SurveyFigures


def read_period_survey(period: Period) -> PeriodSurvey:
    return PeriodSurvey(period, item_specs(active_questionnaire()), survey_statistics(period))


@dataclass(frozen=True)
class FiguresLayout:
    """What differs between the satisfaction table and the duration table: data, not code."""

    kind: str
    option_headers: tuple[str, ...]
    pct_header: str  # the header over each item's headline_pct


SATISFACTION_LAYOUT = FiguresLayout(SATISFACTION, SATISFACTION_OPTIONS, "滿意度%")
DURATION_LAYOUT = FiguresLayout(DURATION, DURATION_OPTIONS, "15分以內所占%")
# As the report prints its tables: the invalid answers in one column, and each item's total.
TAIL_HEADERS = ("未作答或\n勾選二個", "合計", "有效樣本")
INVALID_COLUMN = 1 + 5  # after 題目 and the five options
SHARE_ROW = "　各時段所占%"  # under K: each bucket's share of the valid answers


def narrow_header(text: str) -> str:
    """Large print: a header on two short lines (「非常\n不滿意」「有效\n樣本」「15分以內\n所占%」),
    so that at 1366 pixels each item's text keeps one line and A–J fits the screen's height."""
    if "\n" in text or display_width(text) <= 6:
        return text
    if any(ch.isdigit() for ch in text):  # never inside a number; 「5分鐘以內」 stays whole
        return wrap_label(text, 8) if display_width(text) > 10 else text
    half = len(text) // 2
    return f"{text[:half]}\n{text[half:]}"


def _pct(figure: str | None) -> str:
    return figure if figure is not None else NO_FIGURE


class SurveyFiguresModel(QAbstractTableModel):
    """One row per item of ``layout.kind``: option counts, the invalid answers, the total, the
    valid ones and the percentage; under the duration item, each bucket's share."""

    def __init__(self, layout: FiguresLayout, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout = layout
        self._headers = self._make_headers(layout.option_headers)
        self._rows: list[tuple[str, ...]] = []
        self._tooltips: dict[tuple[int, int], str] = {}

    def _make_headers(self, options: Sequence[str]) -> tuple[str, ...]:
        headers = (*options, *TAIL_HEADERS, self.layout.pct_header)
        if is_large_print():  # 「5至15」「分鐘以內」: the columns narrow enough for 1366 pixels
            headers = tuple(narrow_header(header) for header in headers)
        return ("題目", *headers)

    def clear(self) -> None:
        self.beginResetModel()
        self._headers = self._make_headers(self.layout.option_headers)
        self._rows, self._tooltips = [], {}
        self.endResetModel()

    def set_figures(self, specs: Sequence[ItemSpec], survey: SurveyFigures) -> None:
        """Show the items of our kind, in questionnaire order, from survey_statistics' items."""
        items = {item.code: item for item in survey.items}
        mine = [spec for spec in specs if spec.kind == self.layout.kind and spec.code in items]
        options = mine[0].options if mine else self.layout.option_headers
        self.beginResetModel()
        self._headers = self._make_headers(options)
        self._rows, self._tooltips = [], {}
        for spec in mine:
            figures = items[spec.code]
            row = len(self._rows)
            self._rows.append(self._row(spec, figures))
            self._tooltips[row, 0] = f"{spec.code} {spec.text}"
            self._tooltips[row, INVALID_COLUMN] = tr("未作答 {blank}、勾選二個以上 {multiple}").format(
                blank=figures.blank, multiple=figures.multiple
            )
            if isinstance(figures, DurationFigures):
                self._rows.append((tr(SHARE_ROW), *(_pct(share) for share in figures.share_pct), "", "", "", ""))
        self.endResetModel()

    def _row(self, spec: ItemSpec, figures: ItemFigures) -> tuple[str, ...]:
        return (
            f"{spec.code}　{spec.text}",
            *(str(count) for count in figures.counts),
            str(figures.invalid),
            str(figures.total),
            str(figures.valid),
            _pct(figures.headline_pct),
        )

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        if not 0 <= column < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            cells = self._rows[row]
            return cells[column] if column < len(cells) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == 0:
                return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltips.get((row, column))
        return None

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return header_data(self._headers, len(self._rows), section, orientation, role, centred=True)


class StatisticsView(QWidget):
    """Type a period, press Enter (or 計算): the period's survey figures."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.period: Period | None = None
        self.asked: Period | None = None  # the period last sent to be computed
        self.period_bar = PeriodBar(
            default_period_text(), PERIOD_PLACEHOLDER, box_width=320, label_scale=1.3, message_beside=True
        )
        bar = self.period_bar  # its parts, as the screen's tests and its own code reach them
        self.period_edit, self.compute_button, self.message = bar.period_edit, bar.compute_button, bar.message
        self.period_label = bar.period_label
        self.forms_label = QLabel()
        self.forms_label.setFont(heading_font(self.font(), 1.1))
        bar.add_beside(self.forms_label)
        self.satisfaction_model = SurveyFiguresModel(SATISFACTION_LAYOUT, self)
        self.duration_model = SurveyFiguresModel(DURATION_LAYOUT, self)
        self.satisfaction_table = readable_table(self.satisfaction_model, stretch_column=0)
        self.duration_table = readable_table(self.duration_model, stretch_column=0)
        self.average_label = QLabel()
        self.highest_label = QLabel()
        self.lowest_label = QLabel()
        for label in (self.average_label, self.highest_label, self.lowest_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        for table in (self.satisfaction_table, self.duration_table):
            table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.figures_area = self._figures_area()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the workspace has its margin: the width is the tables'
        layout.addWidget(self.period_bar)
        layout.addWidget(self.figures_area, 1)
        self._fit_tables()
        self._connect_signals()

    def _figures_area(self) -> QScrollArea:
        """The tables at their full height and the sentences, scrolling (in large print) as one."""
        body = QWidget()
        figures = QVBoxLayout(body)
        figures.setContentsMargins(0, 0, 0, 0)
        for widget in (self.satisfaction_table, self.duration_table, self.average_label, self.highest_label):
            figures.addWidget(widget)
        figures.addWidget(self.lowest_label)
        figures.addStretch(1)
        area = QScrollArea()
        area.setWidget(body)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the tables (and scrolls to them)
        return area

    def _connect_signals(self) -> None:
        self.period_bar.period_chosen.connect(self.compute_period)
        self.period_bar.refused.connect(lambda _reason: self._clear())
        # Wrapped item texts change row heights when the width changes: keep the tables snug.
        self.satisfaction_table.verticalHeader().sectionResized.connect(self._fit_tables)
        self.duration_table.verticalHeader().sectionResized.connect(self._fit_tables)
        self.satisfaction_model.modelReset.connect(self._fit_tables)
        self.duration_model.modelReset.connect(self._fit_tables)

    def activate(self) -> None:
        self.compute()
        self.period_bar.focus_box()

    def hand_over(self) -> str:
        """The period as typed: the copy built for the other print shows it again."""
        return self.period_edit.text()

    def take_over(self, work: str) -> None:
        self.period_edit.setText(work)  # computed when shown (activate)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._fit_tables()  # row heights are only final once laid out

    def _fit_tables(self) -> None:
        """Each table as tall as its rows: where the screen is short, the page scrolls."""
        for table in (self.satisfaction_table, self.duration_table):
            table.setFixedHeight(content_height(table))

    def compute(self) -> BackgroundOp[PeriodSurvey] | None:
        """Read the period; on a bad one only the message under the box changes (at once)."""
        period = self.period_bar.read()
        return None if period is None else self.compute_period(period)

    def compute_period(self, period: Period) -> BackgroundOp[PeriodSurvey]:
        """Computed off the window's thread; the figures shown stay until the new ones arrive,
        and a storage problem is said in a box."""
        self.asked = period
        op = BackgroundOp(self, lambda progress, abort: read_period_survey(period))
        op.with_progress(tr(COMPUTING), cancellable=False).replaces(OP_KEY)
        return op.success(self._show).failure(lambda problem: show_problem(self, problem)).run()

    def _clear(self) -> None:
        """A bad period typed: nothing of the period before stays under its message."""
        self.period = self.asked = None
        self.forms_label.clear()
        self.satisfaction_model.clear()
        self.duration_model.clear()
        for label in (self.average_label, self.highest_label, self.lowest_label):
            label.clear()
        self.lowest_label.hide()

    def _show(self, survey: PeriodSurvey) -> None:
        period, specs, stats = survey.period, survey.specs, survey.figures
        if period != self.asked:
            return  # asked for before a bad period was typed: no longer what the box says
        self.period = period
        self.period_bar.show_period(period)
        self.forms_label.setText(tr("問卷回收 {forms} 份").format(forms=stats.forms))
        self.satisfaction_model.set_figures(specs, stats)
        self.duration_model.set_figures(specs, stats)
        average = next((item.average_minutes for item in stats.items if isinstance(item, DurationFigures)), None)
        self.average_label.setText(
            tr(AVERAGE_LINE).format(minutes=average) if average is not None else tr(AVERAGE_NONE)
        )
        highest, lowest = stats.highest.sentence, stats.lowest.sentence
        self.highest_label.setText(highest or tr(NO_EXTREMES))
        self.lowest_label.setText(lowest)
        self.lowest_label.setVisible(bool(lowest))

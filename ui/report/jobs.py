"""What the report window hands to the ops' worker: plain functions of plain values, no Qt.

The window keeps the secretary's texts (edited or not) and passes a copy of them with every
build, so the preview, the saved files and the printout are the same report of the same
texts. The report kinds are data: a kind names its builder and whether it has text blocks.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.accounts import User, require_secretary
from models.progress import NEVER_ABORT, NO_PROGRESS, AbortFlag, Progress
from models.report_texts import load_texts, period_key
from models.rocdate import Period, month_range, roc_year
from reports.document import Report
from reports.excel import write_workbook
from reports.files import write_file
from reports.fonts import FontChoice, report_font
from reports.halfyear import has_data, half_year_report, text_values
from reports.monthly_reports import SERVICE_TITLE, build_monthly_service, build_monthly_survey, require_one_month
from reports.pdf import write_pdf
from reports.statistics import period_statistics

Texts = Mapping[str, str]


@dataclass(frozen=True)
class ReportKind:
    key: str
    title: str  # as the choice reads
    build: Callable[[Period, Texts], Report]
    has_texts: bool  # the half-year report's text blocks are edited here; the monthly ones have none
    one_month: bool
    choice: str = ""  # what the choice of report says, when shorter than the title

    @property
    def label(self) -> str:
        return self.choice or self.title

    def file_stem(self, period: Period) -> str:
        """The file name offered when saving (「106年度服務躍升執行成果報告」)."""
        if not self.has_texts:
            return f"{period.label}{self.title}"
        year = roc_year(period.start)
        stem = f"{year}年度{self.title}"
        if period == month_range(year, 1, 6):
            return stem
        return f"{stem}（第2次）" if period == month_range(year, 1, 12) else f"{stem}（{period.label}）"


HALF_YEAR = ReportKind("half_year", "服務躍升執行成果報告", lambda period, texts: half_year_report(period, texts), True, False)
KINDS: tuple[ReportKind, ...] = (
    HALF_YEAR,
    ReportKind(
        "monthly_service", SERVICE_TITLE, lambda period, _texts: build_monthly_service(period), False, True, "服務人數月報表"
    ),
    ReportKind("monthly_survey", "問卷統計月報", lambda period, _texts: build_monthly_survey(period), False, True),
)


@dataclass(frozen=True)
class PeriodTexts:
    """What choosing a period reads: the texts it prints now and the figures they may name."""

    kind: ReportKind
    period: Period
    stored: dict[str, str]  # the period's texts by block (its own or an earlier period's)
    values: dict[str, Any]  # every placeholder's value (reports.halfyear.text_values)
    has_data: bool


def read_period(user: User, kind: ReportKind, period: Period) -> PeriodTexts:
    """Runs on the worker. Only 研考 reads a report here (the figures need no login elsewhere)."""
    require_secretary(user)
    if kind.one_month:
        require_one_month(period)
    stats = period_statistics(period)
    stored = load_texts(user, period_key(period)) if kind.has_texts else {}
    return PeriodTexts(kind, period, stored, text_values(stats), has_data(stats))


@dataclass(frozen=True)
class Built:
    """A report made into PDF: the bytes the preview shows and the font they carry."""

    pdf: bytes
    pages: int
    font: FontChoice


def build_pdf(
    kind: ReportKind, period: Period, texts: Texts, font: FontChoice | None = None,
    progress: Progress = NO_PROGRESS, abort: AbortFlag = NEVER_ABORT,
) -> Built:
    """The report as PDF bytes; the font is resolved once (the first build) and then reused."""
    font = font or report_font()
    report = kind.build(period, dict(texts))
    buffer = io.BytesIO()
    pages = write_pdf(report, buffer, font, progress, abort)
    return Built(buffer.getvalue(), pages, font)


def save_pdf(
    kind: ReportKind, period: Period, texts: Texts, font: FontChoice | None, target: Path,
    progress: Progress = NO_PROGRESS, abort: AbortFlag = NEVER_ABORT,
) -> Built:
    """Build afresh (the seal is read now) and write the file; the bytes written come back for
    the preview, so what was saved is what is shown."""
    built = build_pdf(kind, period, texts, font, progress, abort)
    write_file(target, built.pdf, "PDF")
    return built


def save_excel(
    kind: ReportKind, period: Period, texts: Texts, target: Path,
    progress: Progress = NO_PROGRESS, abort: AbortFlag = NEVER_ABORT,
) -> int:
    """The report's tables as a workbook; the number of sheets."""
    return write_workbook(kind.build(period, dict(texts)), target, progress, abort)

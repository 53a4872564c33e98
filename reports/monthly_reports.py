"""The monthly reports of the same engine: the 為民服務中心服務人數月報表 and the month's
survey summary, as ``reports.document`` trees that the PDF, the workbook and print read.

Nothing is counted here: the day table is ``service_day_figures`` (its 合計 row summed from
the days by the figure function), the survey is ``survey_statistics`` with its sentences —
the figures ``stats`` prints for the same month. This module only lays them out.
"""
from __future__ import annotations

import itertools

from models.errors import ValidationError
from models.rocdate import WEEKDAY_NAMES, Period, days_in_month
from models.settings import AGENCY_NAME, get_setting
from models.survey.kinds import DURATION
from models.survey.questionnaire import ItemSpec, active_questionnaire, item_specs
from reports.document import Cell, CellKind, Column, Paragraph, Report, Section, Table
from reports.figures.service import ServiceCentreFigures, ServiceDaysFigures
from reports.figures.survey import DurationFigures, SurveyFigures
from reports.files import creator
from reports.formats import category_header, money_in_words
from reports.statistics import (
    collected_amount,
    display_width,
    monthly_statistics,
    service_day_figures,
    survey_statistics,
)

SERVICE_TITLE = "為民服務中心服務人數月報表"
NO_DATA = "本期無資料"
INVALID_HEADER = "未作答或\n勾選二個"  # the reference's invalid column: blank and two ticks together
HEADLINE_HEADERS = {DURATION: "15分以內\n所占%"}  # any other kind: 滿意度%
SATISFACTION_HEADER = "滿意度\n%"
TEXT_WIDTH = 482  # points between the margins of a standing A4 page


def require_one_month(period: Period) -> None:
    """A monthly report covers one whole month; anything else is refused, in the user's words."""
    last = days_in_month(period.start.year, period.start.month)
    if period.start.day != 1 or period.end != period.start.replace(day=last):
        raise ValidationError(f"月報表一次只做一個月（例如 106/03）；「{period.label}」不是單一月份。", field="period")


def _report(title: str, month: Period, sections: tuple[Section, ...], *, landscape: bool = False) -> Report:
    agency = str(get_setting(AGENCY_NAME))
    return Report(
        f"{month.label}{title}",
        (f"陳報機關：{agency}", f"資料時間：{month.label}"),
        sections,
        metadata={"author": agency, "subject": month.label, "creator": creator()},
        landscape=landscape,
    )


# --- 為民服務中心服務人數月報表 ----------------------------------------------------------


def build_monthly_service(month: Period) -> Report:
    """The month's service-centre counts day by day (A–I, the noon desk's 金額, 日合計) with
    their 合計 row, then the noon-hour payments and their share of the month's collections."""
    require_one_month(month)
    monthly, _channels = monthly_statistics(month)
    figures = service_day_figures(month, monthly)
    if not figures.has_data:
        return _report(SERVICE_TITLE, month, (Section("每日服務人數", (Paragraph(NO_DATA),)),))
    sections = (
        Section("每日服務人數", (_day_table(figures),)),
        Section("中午不打烊服務收款", _noon_paragraphs(figures, collected_amount(monthly))),
    )
    return _report(SERVICE_TITLE, month, sections, landscape=True)


def _day_table(figures: ServiceDaysFigures) -> Table:
    """Days down, categories across, as the month grid shows them; the last row the 合計."""
    columns = [Column("日期", CellKind.TEXT, 1.1)]
    for category in figures.totals.categories:
        columns.append(Column(category_header(category.code, category.name)))
        if category.amount is not None:
            columns.append(Column(f"{category.code}\n金額\n（元）", CellKind.MONEY, 1.2))
    columns.append(Column("日合計\n（人次）"))

    def cells(label: str, summary: ServiceCentreFigures) -> tuple[Cell, ...]:
        row: list[Cell] = [label]
        for category in summary.categories:
            row.append(category.count)
            if category.amount is not None:
                row.append(category.amount)
        return (*row, summary.total)

    rows = [cells(f"{d.day.month}/{d.day.day} ({WEEKDAY_NAMES[d.day.weekday()]})", d.figures) for d in figures.days]
    rows.append(cells("合計", figures.totals))
    return Table("", tuple(columns), tuple(rows), sheet="服務人數", total_rows=1)


def _noon_paragraphs(figures: ServiceDaysFigures, collected: int | None) -> tuple[Paragraph, ...]:
    totals = figures.totals
    paragraphs = [
        Paragraph(f"{category.code}.{category.name}：{category.count:,}人次，金額{money_in_words(category.amount)}。")
        for category in totals.categories
        if category.amount is not None
    ]
    if totals.noon_ratio_pct is not None and collected is not None:
        paragraphs.append(Paragraph(
            f"行政執行事件徵起金額：{money_in_words(collected)}；中午不打烊服務收款比率：{totals.noon_ratio_pct}%。"
        ))
    elif collected is None:
        paragraphs.append(Paragraph("本月「行政執行事件徵起金額」尚未填入，中午不打烊服務收款比率無法計算。"))
    return tuple(paragraphs)


# --- the month's survey summary ---------------------------------------------------------


def build_monthly_survey(month: Period) -> Report:
    """The month's 為民服務意見調查表: forms returned, each item's counts per option with the
    invalid column and the headline %, the highest/lowest sentences — as the half-year prints them."""
    require_one_month(month)
    questionnaire = active_questionnaire()
    title = f"{questionnaire.title}統計結果"
    survey = survey_statistics(month)
    if survey.forms == 0:
        return _report(title, month, (Section("回收情形", (Paragraph(NO_DATA),)),))
    sentences = tuple(Paragraph(text) for text in (survey.highest.sentence, survey.lowest.sentence) if text)
    sections = [
        Section("回收情形", (
            Paragraph(f"{month.label}{questionnaire.title}計回收{survey.forms:,}人次。"),
            Paragraph("有效樣本為只勾選一個選項者；無效樣本為「未作答」或「勾選二個以上」。"),
            *sentences,
        )),
    ]
    specs = item_specs(questionnaire)
    # Items that print the same options share one table, as on the paper form.
    for _options, group in itertools.groupby(specs, key=lambda spec: (spec.kind, spec.options)):
        sections.append(_item_section(list(group), survey))
    return _report(title, month, tuple(sections))


def option_header(label: str) -> str:
    """An option as a column header, broken where the reference breaks it (非常／滿意) or
    before its unit (15至30／分鐘以內), so a narrow column never cuts a word."""
    if label.startswith("非常") and len(label) > 2:
        return f"非常\n{label[2:]}"
    unit = label.find("分鐘")
    return f"{label[:unit]}\n{label[unit:]}" if unit > 0 else label


def _header_width(header: str) -> float:
    """A column's width in points of a standing A4 page's 482: its longest header line at
    the table's 10 points a character, and the cell's padding."""
    return 5 * max(display_width(line) for line in header.split("\n")) + 10


def _item_section(specs: list[ItemSpec], survey: SurveyFigures) -> Section:
    kind = specs[0].kind
    options = [option_header(option) for option in specs[0].options]
    headline = HEADLINE_HEADERS.get(kind, SATISFACTION_HEADER)
    figures = (
        *(Column(option, width=_header_width(option)) for option in options),
        Column(INVALID_HEADER, width=_header_width(INVALID_HEADER)),
        Column(headline, CellKind.PERCENT, _header_width(headline)),
    )
    # The item's text takes what the figures leave of the line.
    item_width = max(TEXT_WIDTH - sum(column.width for column in figures), TEXT_WIDTH / 4)
    columns = (Column("項目", CellKind.TEXT, item_width), *figures)
    rows = []
    notes = []
    for spec in specs:
        item = survey.item(spec.code)
        rows.append((f"{spec.code}.{spec.text}", *item.counts, item.invalid, item.headline_pct))
        if isinstance(item, DurationFigures) and item.average_minutes is not None:
            shares = "、".join(f"{option}{share}%" for option, share in zip(spec.options, item.share_pct))
            notes.append(f"{spec.code}.平均花費時間{item.average_minutes}分鐘；各級所占：{shares}。")
    title = specs[0].text if kind == DURATION and len(specs) == 1 else ("花費時間" if kind == DURATION else "滿意度")
    table = Table("", columns, tuple(rows), sheet=title[:31], note="\n".join(notes))
    return Section(title, (table,))

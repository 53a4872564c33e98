"""Every figure of a period, gathered from the database and computed by the pure functions.

``period_statistics`` is what ``main.py stats`` prints and what the report will print; the
figures are the typed values of ``reports.figures`` (their ``to_json()`` is the JSON of
``stats --json``). Later sections (petitions, registers…) gather their figures here.
"""
from __future__ import annotations

import datetime as dt
import itertools
import unicodedata

from models.registers.petitions import petition_facts
from models.rocdate import Period, format_roc, roc_year
from models.service.categories import categories
from models.service.counts import period_totals
from models.settings import duration_weights
from models.survey.forms import BLANK, MULTIPLE, SurveyTally, tally
from models.survey.kinds import DURATION
from models.survey.questionnaire import ItemSpec, active_questionnaire, item_specs
from reports.figures.period import PeriodFigures
from reports.figures.petitions import MonthTable, PetitionFigures, petition_figures
from reports.figures.service import CategoryFigure, ServiceCentreFigures, service_centre_summary
from reports.figures.survey import DurationFigures, ItemTally, SurveyFigures, survey_summary


def item_tallies(specs: list[ItemSpec], raw: SurveyTally) -> list[ItemTally]:
    tallies = []
    for spec in specs:
        choices = raw.choices.get(spec.code, {})
        counts = tuple(choices.get(option, 0) for option in range(1, len(spec.options) + 1))
        tallies.append(
            ItemTally(spec.code, spec.kind, counts, choices.get(BLANK, 0), choices.get(MULTIPLE, 0))
        )
    return tallies


def survey_statistics(period: Period) -> SurveyFigures:
    """The survey figures of a period, with the report's highest/lowest sentences."""
    specs = item_specs(active_questionnaire())
    raw = tally(period.start, period.end)
    labels = {spec.code: spec.text for spec in specs}
    return survey_summary(raw.forms, item_tallies(specs, raw), duration_weights(), labels=labels)


def service_figures(period: Period) -> ServiceCentreFigures:
    """Every active category, plus a retired one that still has counts in the period, and J."""
    totals = period_totals(period.start, period.end)
    figures = []
    for category in categories(include_retired=True):
        total = totals.get(category.id)
        if not category.active and total is None:
            continue
        count = total.count if total else 0
        amount = (total.amount if total else 0) if category.has_amount else None
        figures.append(CategoryFigure(category.code, category.name, count, amount))
    return service_centre_summary(figures)


def petition_statistics(period: Period, today: dt.date | None = None) -> PetitionFigures:
    """The period's petitions; "still open" is counted on its last day, or today while it runs."""
    as_of = min(period.end, today or dt.date.today())
    return petition_figures(petition_facts(period.start, period.end), period, as_of)


def period_statistics(period: Period) -> PeriodFigures:
    return PeriodFigures(period, survey_statistics(period), service_figures(period), petition_statistics(period))


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: object, width: int, *, left: bool = False) -> str:
    text = str(text)
    fill = " " * max(width - display_width(text), 0)
    return text + fill if left else fill + text


def format_statistics(stats: PeriodFigures, specs: list[ItemSpec]) -> str:
    """The same figures as the JSON, as tables a person can read in a terminal: ROC dates,
    the paper form's own option labels and the report's sentences."""
    survey = stats.survey
    lines = [f"期間：{stats.period.full_label}", f"問卷回收：{survey.forms} 份"]
    # Items that print the same options share one header row, as on the paper form.
    for options, group in itertools.groupby(specs, key=lambda spec: spec.options):
        lines += [""] + _item_table(list(options), list(group), survey)
    sentences = [text for text in (survey.highest.sentence, survey.lowest.sentence) if text]
    if sentences:
        lines += [""] + sentences
    service = stats.service_centre
    lines += ["", "為民服務中心服務人數"]
    for category in service.categories:
        money = f"　金額 {category.amount:,} 元" if category.amount is not None else ""
        lines.append(f"{category.code}  {pad(category.name, 26, left=True)}{category.count:>10,} 人次{money}")
    lines.append(f"J  {pad('總計服務人數', 26, left=True)}{service.total:>10,} 人次")
    lines += [""] + _petition_lines(stats.petitions)
    return "\n".join(lines)


def _item_table(options: list[str], specs: list[ItemSpec], survey: SurveyFigures) -> list[str]:
    duration = specs[0].kind == DURATION
    headers = [*options, "未作答", "勾選二個以上", "有效", "15分以內%" if duration else "滿意度%"]
    widths = [max(display_width(header), 5) + 2 for header in headers]
    lines = [pad("題目", 4, left=True) + "".join(pad(h, w) for h, w in zip(headers, widths))]
    for spec in specs:
        item = survey.item(spec.code)
        cells = [*item.counts, item.blank, item.multiple, item.valid, item.headline_pct or "—"]
        lines.append(pad(spec.code, 4, left=True) + "".join(pad(c, w) for c, w in zip(cells, widths)) + f"  {spec.text}")
        if isinstance(item, DurationFigures):
            shares = "、".join(f"{label} {share or '—'}" for label, share in zip(options, item.share_pct))
            lines.append(f"{'':4}各級占%：{shares}；平均 {item.average_minutes or '—'} 分鐘")
    return lines


def _grid(corner: str, headers: list[str], rows: list[tuple[str, list[object]]]) -> list[str]:
    """A table for the terminal: the first column left-aligned, the others right-aligned under
    their headers (each at least 6 wide), two spaces between."""
    first = max(display_width(text) for text in [corner, *(label for label, _ in rows)]) + 2
    widths = [max(display_width(header), 6) + 2 for header in headers]
    lines = [pad(corner, first, left=True) + "".join(pad(h, w) for h, w in zip(headers, widths))]
    for label, cells in rows:
        lines.append((pad(label, first, left=True) + "".join(pad(c, w) for c, w in zip(cells, widths))).rstrip())
    return lines


def _month_label(month: tuple[int, int]) -> str:
    year, number = month
    return f"{roc_year(dt.date(year, number, 1))}/{number:02d}"


def _month_table_lines(corner: str, table: MonthTable) -> list[str]:
    rows: list[tuple[str, list[object]]] = [
        (_month_label(row.month), [*row.counts, row.total]) for row in table.months
    ]
    rows += [("件數", [*table.totals, table.total]), ("%", list(table.pct))]
    return _grid(corner, [*table.columns, "合計"], rows)


def _petition_lines(figures: PetitionFigures) -> list[str]:
    average = f"{figures.average_days_to_close} 日" if figures.average_days_to_close is not None else "—"
    lines = [
        f"民眾陳情案件：{figures.received} 件",
        f"結案 {figures.closed} 件，平均結案天數 {average}；"
        f"至 {format_roc(figures.as_of)} 仍未結案 {figures.open} 件，其中逾期 {figures.overdue} 件",
        "",
        *_month_table_lines("案件類別", figures.by_category),
        "",
        *_month_table_lines("陳情方式", figures.by_channel),
        "",
    ]
    reply = figures.reply_satisfaction
    rows: list[tuple[str, list[object]]] = [(name, [*counts, sum(counts)]) for name, counts in reply.rows]
    rows += [
        ("件數", [*reply.totals, reply.total]),
        ("%", list(reply.pct)),
        ("滿意度%", [*reply.valid_pct, "有效樣本", reply.valid_sample]),
    ]
    return lines + _grid("答復滿意度", [*reply.columns, "總件數"], rows)

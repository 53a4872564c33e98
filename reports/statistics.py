"""Every figure of a period, gathered from the database and computed by the pure functions.

``period_statistics`` is what ``main.py stats`` prints and what the report will print; the
figures are the typed values of ``reports.figures`` (their ``to_json()`` is the JSON of
``stats --json``). Later sections (petitions, registers…) gather their figures here.
"""
from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from collections.abc import Iterable, Sequence

from models.registers.courtesy import period_scores
from models.registers.events import FIGURE_MONEY, live_kinds, period_events
from models.registers.monthly import COLLECTED_AMOUNT, KIND_AMOUNT, month_name, period_table
from models.registers.petitions import petition_facts
from models.registers.training import KIND_LABELS, period_sessions
from models.rocdate import Period, format_roc, roc_year
from models.service.categories import ServiceCategory, categories
from models.service.counts import CategoryTotal, day_totals, period_totals
from models.settings import courtesy_grade_bands, duration_weights
from models.survey.forms import BLANK, MULTIPLE, SurveyTally, tally
from models.survey.kinds import DURATION
from models.survey.questionnaire import ItemSpec, active_questionnaire, item_specs
from reports.figures.courtesy import CourtesyFigures, courtesy_summary
from reports.figures.events import EventFigure, EventKindSpec, EventsFigures, FigureSpec, events_summary
from reports.figures.monthly import (
    CountAmount,
    FigureRow,
    FigureTotal,
    MonthlyFigures,
    PairRow,
    PaymentChannelFigures,
    monthly_summary,
    payment_channel_summary,
)
from reports.figures.period import PeriodFigures
from reports.figures.petitions import MonthTable, PetitionFigures, petition_figures
from reports.figures.service import (
    CategoryFigure,
    ServiceCentreFigures,
    ServiceDaysFigures,
    service_centre_summary,
    service_days_summary,
)
from reports.figures.survey import DurationFigures, ItemTally, SurveyFigures, survey_summary
from reports.figures.training import TrainingFigures, TrainingSessionFigure, hours_text, training_summary


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


def monthly_statistics(period: Period) -> tuple[MonthlyFigures, PaymentChannelFigures]:
    """The monthly figures and the payment-channel table of every month the period touches:
    the figures and pairs in use, and a retired one that has values in the period."""
    table = period_table(period.start, period.end)
    months = [month.strftime("%Y-%m") for month in table.months]
    figure_rows = []
    for spec in table.figures:
        values = tuple(table.figure_values.get((month, spec.code)) for month in table.months)
        if spec.active or any(value is not None for value in values):
            figure_rows.append(FigureRow(spec.code, spec.name, spec.kind, values))
    pair_rows = []
    for pair in table.pairs:
        entered = tuple(table.pair_values.get((month, pair.code)) for month in table.months)
        if pair.active or any(value is not None for value in entered):
            pair_rows.append(PairRow(pair.channel, pair.case_type, entered, pair.active))
    return monthly_summary(months, figure_rows), payment_channel_summary(months, pair_rows)


def _collected(monthly: MonthlyFigures) -> FigureTotal | None:
    try:
        return monthly.figure(COLLECTED_AMOUNT)
    except KeyError:  # retired, and nothing entered in the period
        return None


def collected_amount(monthly: MonthlyFigures) -> int | None:
    """The period's 行政執行事件徵起金額 when every month of it was entered, else None: a ratio
    over part of the period would look like the whole one."""
    figure = _collected(monthly)
    return figure.total if figure is not None and figure.complete else None


def service_figures(period: Period, monthly: MonthlyFigures | None = None) -> ServiceCentreFigures:
    """Every active category, plus a retired one that still has counts in the period, J, and
    the noon ratio against the period's 徵起金額 (``monthly``, read when not given)."""
    if monthly is None:
        monthly, _channels = monthly_statistics(period)
    totals = period_totals(period.start, period.end)
    figures = [_category_figure(category, totals.get(category.id)) for category in _shown_categories(set(totals))]
    return service_centre_summary(figures, collected_amount(monthly))


def _shown_categories(used_ids: set[int]) -> list[ServiceCategory]:
    """Every active category, and a retired one with counts in the period (``used_ids``)."""
    return [category for category in categories(include_retired=True) if category.active or category.id in used_ids]


def _category_figure(category: ServiceCategory, total: CategoryTotal | None) -> CategoryFigure:
    """0 人次 when nothing was counted; 金額 only for a category that carries money."""
    count = total.count if total else 0
    amount = (total.amount if total else 0) if category.has_amount else None
    return CategoryFigure(category.code, category.name, count, amount)


def service_day_figures(period: Period, monthly: MonthlyFigures | None = None) -> ServiceDaysFigures:
    """The period day by day (the monthly 服務人數月報表): every day, the categories of
    ``service_figures``, and totals summed from the days (with the noon ratio as there)."""
    if monthly is None:
        monthly, _channels = monthly_statistics(period)
    cells = day_totals(period.start, period.end)
    shown = _shown_categories({category_id for _day, category_id in cells})
    days = (period.start + dt.timedelta(days=n) for n in range((period.end - period.start).days + 1))
    by_day = {day: [_category_figure(category, cells.get((day, category.id))) for category in shown] for day in days}
    return service_days_summary(by_day, collected_amount(monthly))


def petition_statistics(period: Period, today: dt.date | None = None) -> PetitionFigures:
    """The period's petitions; "still open" is counted on its last day, or today while it runs."""
    as_of = min(period.end, today or dt.date.today())
    return petition_figures(petition_facts(period.start, period.end), period, as_of)


def courtesy_figures(period: Period) -> CourtesyFigures:
    """The period's phone-courtesy tests, graded by the bands in settings."""
    return courtesy_summary(period_scores(period.start, period.end), courtesy_grade_bands())


def training_figures(period: Period) -> TrainingFigures:
    sessions = [
        TrainingSessionFigure(row.day, row.kind, row.title, row.hours, row.lecturer)
        for row in period_sessions(period.start, period.end)
    ]
    return training_summary(sessions, KIND_LABELS)


def event_figures(period: Period) -> EventsFigures:
    """Every kind not voided (with zeros when it had no event), and the period's events."""
    kinds = {kind.id: kind for kind in live_kinds()}
    specs = [
        EventKindSpec(kind.name, tuple(FigureSpec(f.name, f.summed, f.type == FIGURE_MONEY) for f in kind.figures))
        for kind in kinds.values()
    ]
    events = [
        EventFigure(
            row.day, row.month_only, kinds[row.kind_id].name, row.title,
            tuple((f.name, row.values[f.name]) for f in kinds[row.kind_id].figures if f.name in row.values),
        )
        for row in period_events(period.start, period.end)
    ]
    return events_summary(specs, events)


def period_statistics(period: Period) -> PeriodFigures:
    monthly, channels = monthly_statistics(period)
    return PeriodFigures(
        period,
        survey_statistics(period),
        service_figures(period, monthly),
        petition_statistics(period),
        monthly,
        channels,
        courtesy_figures(period),
        training_figures(period),
        event_figures(period),
    )


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
    lines.append(f"中午不打烊服務收款比率：{_noon_ratio(service, stats.monthly_figures)}")
    lines += [""] + _petition_lines(stats.petitions)
    lines += ["", "每月數據"] + _monthly_lines(stats.monthly_figures)
    lines += ["", "代收案款"] + _channel_lines(stats.payment_channels)
    lines += [""] + _register_lines(stats)
    return "\n".join(lines)


def _month_names(months: Iterable[str]) -> str:
    """"2017-05", "2017-06" → 「106年5月、106年6月」."""
    return "、".join(month_name(dt.date.fromisoformat(f"{month}-01")) for month in months)


def _missing(months: Sequence[str], values: Sequence[int | None]) -> list[str]:
    return [month for month, value in zip(months, values) if value is None]


def _noon_ratio(service: ServiceCentreFigures, monthly: MonthlyFigures) -> str:
    """The ratio, or 「—」 and why: the months of 徵起金額 still to be typed."""
    if service.noon_ratio_pct is not None:
        return f"{service.noon_ratio_pct}%"
    figure = _collected(monthly)
    absent = _missing(monthly.months, figure.per_month) if figure is not None else []
    return f"—（{figure.name}尚缺 {_month_names(absent)}）" if figure is not None and absent else "—"


def _number(value: int | None, width: int) -> str:
    """Right-aligned in ``width``; 「—」 when nothing was entered (not 0)."""
    return pad("—" if value is None else f"{value:,}", width)


def _monthly_lines(monthly: MonthlyFigures) -> list[str]:
    lines = []
    for figure in monthly.figures:
        name = f"{figure.name}（元）" if figure.kind == KIND_AMOUNT else figure.name
        line = pad(name, 30, left=True) + _number(figure.total, 14)
        absent = _missing(monthly.months, figure.per_month)
        if absent and figure.total is not None:  # a sum of part of the period: say which part
            line += f"  （尚缺 {_month_names(absent)}）"
        lines.append(line)
    return lines


def _channel_lines(table: PaymentChannelFigures) -> list[str]:
    def row(label: str, sums: CountAmount) -> str:
        return pad(label, 26, left=True) + _number(sums.count, 10) + _number(sums.amount, 16)

    lines = [pad("", 26) + pad("筆數", 10) + pad("金額（元）", 16)]
    for channel in table.channels:
        lines += [row(f"{channel.channel}　{figure.case_type}", figure.sums) for figure in channel.case_types]
        lines.append(row(f"{channel.channel}　小計", channel.subtotal))
    lines.append(row("總計", table.total))
    if table.months_missing:
        lines.append(f"（尚缺 {_month_names(table.months_missing)}）")
    return lines


def _register_lines(stats: PeriodFigures) -> list[str]:
    """The phone-courtesy tests, the training and the events, as the report lists them."""
    courtesy = stats.phone_courtesy
    mean = f"{courtesy.mean_score} 分，「{courtesy.grade}」等級" if courtesy.mean_score else "—"
    lines = ["電話禮貌測試", f"  {courtesy.tests} 人次，平均成績 {mean}", "", "訓練"]
    training = stats.training
    for kind in training.kinds:
        lines.append(f"  {pad(kind.name, 10, left=True)}{kind.sessions:>4} 次{hours_text(kind.hours):>7} 小時")
    lines.append(f"  {pad('合計', 10, left=True)}{training.total_sessions:>4} 次{hours_text(training.total_hours):>7} 小時")
    for session in training.sessions:
        lecturer = f"　講座：{session.lecturer}" if session.lecturer else ""
        kind = training.kind(session.kind).name
        lines.append(f"  {format_roc(session.day)}  {kind}  {session.title}　{hours_text(session.hours)} 小時{lecturer}")
    lines += ["", "活動"]
    for kind in stats.events.kinds:
        sums = "、".join(f"{figure.name} {total:,}{' 元' if figure.money else ''}" for figure, total in kind.sums)
        lines.append(f"  {kind.name}　{len(kind.events)} 筆　{sums}".rstrip("　 "))
        money = {figure.name for figure, _ in kind.sums if figure.money}
        for event in kind.events:
            day = format_roc(event.day)[:-3] if event.month_only else format_roc(event.day)
            values = "、".join(
                f"{name} {value:,}{' 元' if name in money else ''}" if isinstance(value, int) else f"{name} {value}"
                for name, value in event.values
            )
            lines.append(f"    {pad(day, 10, left=True)} {event.title}　{values}".rstrip("　 "))
    return lines


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

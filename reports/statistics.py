"""Every figure of a period, gathered from the database and computed by the pure functions.

``period_statistics`` is what ``main.py stats`` prints and what the report will print; the
figures are the typed values of ``reports.figures`` (their ``to_json()`` is the JSON of
``stats --json``). Later sections (petitions, registers…) gather their figures here.
"""
from __future__ import annotations

import itertools
import unicodedata

from models.registers.courtesy import period_scores
from models.registers.events import FIGURE_MONEY, live_kinds, period_events
from models.registers.training import KIND_LABELS, period_sessions
from models.rocdate import Period, format_roc
from models.service.categories import categories
from models.service.counts import period_totals
from models.settings import courtesy_grade_bands, duration_weights
from models.survey.forms import BLANK, MULTIPLE, SurveyTally, tally
from models.survey.kinds import DURATION
from models.survey.questionnaire import ItemSpec, active_questionnaire, item_specs
from reports.figures.courtesy import CourtesyFigures, courtesy_summary
from reports.figures.events import EventFigure, EventKindSpec, EventsFigures, FigureSpec, events_summary
from reports.figures.period import PeriodFigures
from reports.figures.service import CategoryFigure, ServiceCentreFigures, service_centre_summary
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
    return PeriodFigures(
        period,
        survey_statistics(period),
        service_figures(period),
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
    lines += [""] + _register_lines(stats)
    return "\n".join(lines)


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

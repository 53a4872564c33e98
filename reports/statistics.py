"""Every figure of a period, gathered from the database and computed by the pure functions.

``period_statistics`` is what ``main.py stats`` prints and what the report will print; the
figures are the typed values of ``reports.figures`` (their ``to_json()`` is the JSON of
``stats --json``). Later sections (petitions, registers…) gather their figures here.
"""
from __future__ import annotations

import itertools
import unicodedata

from models.rocdate import Period
from models.service.categories import categories
from models.service.counts import period_totals
from models.settings import duration_weights
from models.survey.forms import BLANK, MULTIPLE, SurveyTally, tally
from models.survey.kinds import DURATION
from models.survey.questionnaire import ItemSpec, active_questionnaire, item_specs
from reports.figures.period import PeriodFigures
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


def period_statistics(period: Period) -> PeriodFigures:
    return PeriodFigures(period, survey_statistics(period), service_figures(period))


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

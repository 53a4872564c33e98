"""Every figure of a period, gathered from the database and computed by the pure functions.

``period_statistics`` is what ``main.py stats`` prints and what the report will print;
later sections (service centre, petitions…) add their keys here.
"""
from __future__ import annotations

import unicodedata
from typing import Any

from models.questionnaire import ItemSpec, active_questionnaire, item_specs
from models.rocdate import Period
from models.service import categories, period_totals
from models.settings import duration_weights
from models.surveys import BLANK, MULTIPLE, SurveyTally, tally
from reports.service_stats import CategoryFigure, service_centre_summary
from reports.survey_stats import ItemTally, extremes_sentences, survey_summary


def item_tallies(specs: list[ItemSpec], raw: SurveyTally) -> list[ItemTally]:
    tallies = []
    for spec in specs:
        choices = raw.choices.get(spec.code, {})
        counts = tuple(choices.get(option, 0) for option in range(1, len(spec.options) + 1))
        tallies.append(
            ItemTally(spec.code, spec.kind, counts, choices.get(BLANK, 0), choices.get(MULTIPLE, 0))
        )
    return tallies


def survey_statistics(period: Period) -> dict[str, Any]:
    """The survey figures of a period, with the report's highest/lowest sentences."""
    specs = item_specs(active_questionnaire())
    raw = tally(period.start, period.end)
    tallies = item_tallies(specs, raw)
    summary = survey_summary(raw.forms, tallies, duration_weights())
    highest, lowest = extremes_sentences(tallies, {spec.code: spec.text for spec in specs})
    summary["sentences"] = {"highest": highest, "lowest": lowest}
    return summary


def service_figures(period: Period) -> list[CategoryFigure]:
    """Every active category, plus a retired one that still has counts in the period."""
    totals = period_totals(period.start, period.end)
    figures = []
    for category in categories(include_retired=True):
        total = totals.get(category.id)
        if not category.active and total is None:
            continue
        count = total.count if total else 0
        amount = (total.amount if total else 0) if category.has_amount else None
        figures.append(CategoryFigure(category.code, category.name, count, amount))
    return figures


def period_statistics(period: Period) -> dict[str, Any]:
    return {
        "period": period.to_json(),
        "survey": survey_statistics(period),
        "service_centre": service_centre_summary(service_figures(period)),
    }


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: object, width: int, *, left: bool = False) -> str:
    text = str(text)
    fill = " " * max(width - display_width(text), 0)
    return text + fill if left else fill + text


def format_statistics(stats: dict[str, Any], labels: dict[str, str]) -> str:
    """The same figures as the JSON, as a table a person can read in a terminal."""
    survey = stats["survey"]
    lines = [
        f"期間：{stats['period']['from']} 至 {stats['period']['to']}",
        f"問卷回收：{survey['forms']} 份",
        "",
        pad("題目", 6, left=True)
        + "".join(pad(h, 8) for h in ("選項1", "選項2", "選項3", "選項4", "選項5", "未作答", "複選", "有效"))
        + pad("滿意度%", 10),
    ]
    for code, item in survey["items"].items():
        counts = "".join(f"{n:>8}" for n in item["counts"])
        pct = item.get("satisfaction_pct", item.get("within_15_pct"))
        lines.append(
            f"{code:<6}{counts}{item['blank']:>8}{item['multiple']:>8}{item['valid']:>8}"
            f"{pct if pct is not None else '—':>10}  {labels.get(code, '')}"
        )
        if "average_minutes" in item:
            shares = "、".join(s if s is not None else "—" for s in item["share_pct"])
            lines.append(f"{'':6}15分以內所占% {pct or '—'}；各級占% {shares}；平均 {item['average_minutes'] or '—'} 分鐘")
    if survey["highest"]:
        lines.append("")
        lines.append("滿意度最高：" + "、".join(survey["highest"]) + "；最低：" + "、".join(survey["lowest"]))
    service = stats["service_centre"]
    lines += ["", "為民服務中心服務人數"]
    for code, entry in service["categories"].items():
        money = f"　金額 {entry['amount']:,} 元" if "amount" in entry else ""
        lines.append(f"{code}  {pad(entry['name'], 26, left=True)}{entry['count']:>10,} 人次{money}")
    lines.append(f"J  {pad('總計服務人數', 26, left=True)}{service['total']:>10,} 人次")
    return "\n".join(lines)

"""Service-centre figures (為民服務中心服務人數): per-category 人次 and 金額, and J = A–I.

Pure functions over plain numbers, tested with the reference report's literal figures.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reports.figures.survey import percent


@dataclass(frozen=True)
class CategoryFigure:
    code: str
    name: str
    count: int
    amount: int | None = None  # only for categories that carry money (G 中午輪值不打烊收款)


def total_served(figures: Sequence[CategoryFigure]) -> int:
    """J 總計服務人數: always the sum of the categories' 人次, never typed."""
    return sum(f.count for f in figures)


def service_centre_summary(figures: Sequence[CategoryFigure]) -> dict[str, Any]:
    categories: dict[str, dict[str, Any]] = {}
    for figure in figures:
        entry: dict[str, Any] = {"name": figure.name, "count": figure.count}
        if figure.amount is not None:
            entry["amount"] = figure.amount
        categories[figure.code] = entry
    return {"categories": categories, "total": total_served(figures)}


def noon_ratio_pct(noon_amount: int, collected_amount: int) -> str | None:
    """中午不打烊服務收款比率 = noon amount ÷ the period's 徵起金額 × 100."""
    return percent(noon_amount, collected_amount)

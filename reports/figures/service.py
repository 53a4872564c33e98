"""Service-centre figures (為民服務中心服務人數): per-category 人次 and 金額, and J = A–I.

Pure functions over plain numbers, tested with the reference report's literal figures.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reports.figures.survey import percent


@dataclass(frozen=True)
class CategoryFigure:
    code: str
    name: str
    count: int
    amount: int | None = None  # only for categories that carry money (G 中午輪值不打烊收款)

    def to_json(self) -> dict[str, Any]:
        """Name and 人次; 金額 only for a category that carries money, even when it is 0."""
        entry: dict[str, Any] = {"name": self.name, "count": self.count}
        if self.amount is not None:
            entry["amount"] = self.amount
        return entry


@dataclass(frozen=True)
class ServiceCentreFigures:
    """A period's service centre: the categories in printed order, J (their total) and the
    noon desk's share of the period's collections."""

    categories: tuple[CategoryFigure, ...]
    total: int  # J 總計服務人數
    # 中午不打烊服務收款比率 against the period's 徵起金額 (a monthly figure); None when that
    # is not known for every month of the period, or is 0: the report prints 「—」.
    noon_ratio_pct: str | None = None

    def category(self, code: str) -> CategoryFigure:
        """The category with this code; KeyError when the period has none."""
        for category in self.categories:
            if category.code == code:
                return category
        raise KeyError(code)

    @property
    def noon_amount(self) -> int:
        return noon_amount(self.categories)

    def to_json(self) -> dict[str, Any]:
        return {
            "categories": {category.code: category.to_json() for category in self.categories},
            "total": self.total,
            "noon_ratio_pct": self.noon_ratio_pct,
        }


def noon_amount(figures: Sequence[CategoryFigure]) -> int:
    """The money taken at the noon desk: the amounts of the categories that carry one."""
    return sum(category.amount or 0 for category in figures)


def total_served(figures: Sequence[CategoryFigure]) -> int:
    """J 總計服務人數: always the sum of the categories' 人次, never typed."""
    return sum(f.count for f in figures)


def service_centre_summary(
    figures: Sequence[CategoryFigure], collected_amount: int | None = None
) -> ServiceCentreFigures:
    """The categories as given (printed order), J computed from them, and the noon ratio
    against ``collected_amount`` (the period's 徵起金額; None when it is not known)."""
    ratio = noon_ratio_pct(noon_amount(figures), collected_amount) if collected_amount is not None else None
    return ServiceCentreFigures(tuple(figures), total_served(figures), ratio)


def noon_ratio_pct(noon_amount: int, collected_amount: int) -> str | None:
    """中午不打烊服務收款比率 = noon amount ÷ the period's 徵起金額 × 100."""
    return percent(noon_amount, collected_amount)


@dataclass(frozen=True)
class ServiceDay:
    """One day of the monthly 服務人數月報表: its categories' 人次 (and 金額) and its J."""

    day: dt.date
    figures: ServiceCentreFigures


@dataclass(frozen=True)
class ServiceDaysFigures:
    """The days of a period, each with its figures, and the period's totals summed from them:
    the monthly form's rows and its 合計 row, so the sheet adds up as printed."""

    days: tuple[ServiceDay, ...]
    totals: ServiceCentreFigures

    @property
    def has_data(self) -> bool:
        """Anything counted or taken in the period (a month without data prints 「本期無資料」);
        a day's sums are never below zero, so zero totals mean every day is zero."""
        return any(category.count or category.amount for category in self.totals.categories)

    def to_json(self) -> dict[str, Any]:
        return {
            "days": {day.day.isoformat(): day.figures.to_json() for day in self.days},
            "totals": self.totals.to_json(),
        }


def service_days_summary(
    days: Mapping[dt.date, Sequence[CategoryFigure]], collected_amount: int | None = None
) -> ServiceDaysFigures:
    """Each day's figures with its J, and the totals: every category's 人次 and 金額 summed
    over the days (in the first day's order), their J, and the noon ratio against
    ``collected_amount``. Every day lists the same categories in the same order."""
    rows = tuple(ServiceDay(day, service_centre_summary(figures)) for day, figures in days.items())
    first = rows[0].figures.categories if rows else ()
    for row in rows:
        if [category.code for category in row.figures.categories] != [category.code for category in first]:
            raise ValueError(f"{row.day}: the days list different categories")
    totals = [
        CategoryFigure(
            category.code,
            category.name,
            sum(row.figures.categories[n].count for row in rows),
            None if category.amount is None else sum(row.figures.categories[n].amount or 0 for row in rows),
        )
        for n, category in enumerate(first)
    ]
    return ServiceDaysFigures(rows, service_centre_summary(totals, collected_amount))

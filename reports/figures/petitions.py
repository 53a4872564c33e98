"""Petition figures (民眾陳情案件, SPEC §3) for 四、服務評價 of the report.

Pure functions over the plain facts of the register (``models.registers.petitions.PetitionFact``):

- the cases received in the period per month × category and per month × channel, with each
  month's 合計, the 件數 row (every column summed: the reference printed it empty) and the %
  row (each column's share of all cases; 0.00 in an empty table, as the reference prints);
- the reply-satisfaction table of the cases closed in the period, per category, with
  有效樣本 = 滿意 + 不滿意 + 尚可 and 滿意度 = 滿意 ÷ 有效樣本 (0.00 when there is none);
- the average days to close: the mean of (closed − received) in calendar days over the cases
  closed in the period, half-up to 2 decimals (None when none was closed);
- the cases still open on ``as_of`` (the period's last day, or today while it runs) and how
  many of them are past their due date.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from models.registers.petition_kinds import CATEGORIES, CHANNELS, OTHER, SATISFACTIONS, VALID_SATISFACTIONS, PetitionFact
from models.rocdate import Period
from reports.figures.survey import percent, round_half_up

TOTAL = "合計"
REPLY_TOTAL = "總件數"
EMPTY_PCT = "0.00"  # what the reference prints in a table with nothing in it


def table_pct(count: int, total: int) -> str:
    """A share in a printed table: half-up to 2 decimals, 0.00 when the table is empty."""
    return percent(count, total) if total else EMPTY_PCT


def month_key(month: tuple[int, int]) -> str:
    year, number = month
    return f"{year:04d}-{number:02d}"


@dataclass(frozen=True)
class MonthRow:
    month: tuple[int, int]  # (Gregorian year, month)
    counts: tuple[int, ...]  # in the table's column order

    @property
    def total(self) -> int:  # the row's 合計
        return sum(self.counts)


@dataclass(frozen=True)
class MonthTable:
    """Cases per month × one fixed choice (類別 or 方式), every total computed from its parts."""

    columns: tuple[str, ...]  # the words, in the reference's order
    months: tuple[MonthRow, ...]

    @property
    def totals(self) -> tuple[int, ...]:  # the 件數 row
        return tuple(sum(row.counts[i] for row in self.months) for i in range(len(self.columns)))

    @property
    def total(self) -> int:
        return sum(self.totals)

    @property
    def pct(self) -> tuple[str, ...]:  # the % row
        return tuple(table_pct(count, self.total) for count in self.totals)

    def to_json(self) -> dict[str, Any]:
        return {
            "months": {
                month_key(row.month): {**dict(zip(self.columns, row.counts)), TOTAL: row.total} for row in self.months
            },
            "count": {**dict(zip(self.columns, self.totals)), TOTAL: self.total},
            "pct": dict(zip(self.columns, self.pct)),
        }


@dataclass(frozen=True)
class ReplySatisfaction:
    """答復滿意度 per category: 滿意, 不滿意, 尚可, 無明確反應 and each row's 總件數."""

    columns: tuple[str, ...]  # the four answers' words
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # (category's words, counts)

    @property
    def totals(self) -> tuple[int, ...]:  # the 件數 row
        return tuple(sum(counts[i] for _, counts in self.rows) for i in range(len(self.columns)))

    @property
    def total(self) -> int:  # replies whose reception is known (處理情形調查表 returned)
        return sum(self.totals)

    @property
    def pct(self) -> tuple[str, ...]:  # the % row, 總件數's own last
        return (*(table_pct(count, self.total) for count in self.totals), table_pct(self.total, self.total))

    @property
    def valid_sample(self) -> int:  # 有效樣本 = 滿意 + 不滿意 + 尚可
        return sum(self.totals[: len(VALID_SATISFACTIONS)])

    @property
    def valid_pct(self) -> tuple[str, ...]:  # the 滿意度% row: 滿意, 不滿意, 尚可 of 有效樣本
        return tuple(table_pct(count, self.valid_sample) for count in self.totals[: len(VALID_SATISFACTIONS)])

    @property
    def satisfaction_pct(self) -> str:  # 滿意度 = 滿意 ÷ 有效樣本
        return self.valid_pct[0]

    def to_json(self) -> dict[str, Any]:
        valid = self.columns[: len(VALID_SATISFACTIONS)]
        return {
            "categories": {name: {**dict(zip(self.columns, counts)), REPLY_TOTAL: sum(counts)} for name, counts in self.rows},
            "count": {**dict(zip(self.columns, self.totals)), REPLY_TOTAL: self.total},
            "pct": dict(zip((*self.columns, REPLY_TOTAL), self.pct)),
            "valid_sample": self.valid_sample,
            "valid_pct": dict(zip(valid, self.valid_pct)),
            "satisfaction_pct": self.satisfaction_pct,
        }


@dataclass(frozen=True)
class PetitionFigures:
    received: int  # cases received in the period
    by_category: MonthTable
    by_channel: MonthTable
    reply_satisfaction: ReplySatisfaction
    closed: int  # cases closed in the period
    average_days_to_close: str | None
    as_of: dt.date  # the day "still open" is counted on
    open: int
    overdue: int

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.received,
            "by_category": self.by_category.to_json(),
            "by_channel": self.by_channel.to_json(),
            "reply_satisfaction": self.reply_satisfaction.to_json(),
            "reply_survey_returned": self.reply_satisfaction.total,
            "closed": self.closed,
            "average_days_to_close": self.average_days_to_close,
            "as_of": self.as_of.isoformat(),
            "open": self.open,
            "overdue": self.overdue,
        }


def _column(code: str, codes: Sequence[str]) -> int:
    """Where a case's stored code is counted (a code this version does not know: 其他)."""
    return codes.index(code if code in codes else OTHER)


def _month_table(
    facts: Sequence[PetitionFact], months: Sequence[tuple[int, int]], choices: Sequence[tuple[str, str]], key: str
) -> MonthTable:
    codes = [code for code, _ in choices]
    counts = {month: [0] * len(codes) for month in months}
    for fact in facts:
        counts[(fact.received_on.year, fact.received_on.month)][_column(getattr(fact, key), codes)] += 1
    return MonthTable(tuple(words for _, words in choices), tuple(MonthRow(m, tuple(counts[m])) for m in months))


def reply_satisfaction(closed: Sequence[PetitionFact]) -> ReplySatisfaction:
    """The answers known of the closed cases, per category (a blank answer is not counted)."""
    categories = [code for code, _ in CATEGORIES]
    answers = [code for code, _ in SATISFACTIONS]
    counts = [[0] * len(answers) for _ in categories]
    for fact in closed:
        if fact.reply_satisfaction in answers:
            counts[_column(fact.category, categories)][answers.index(fact.reply_satisfaction)] += 1
    rows = tuple((words, tuple(row)) for (_, words), row in zip(CATEGORIES, counts))
    return ReplySatisfaction(tuple(words for _, words in SATISFACTIONS), rows)


def average_days(closed: Sequence[PetitionFact]) -> str | None:
    """Mean calendar days from received to closed; None when nothing was closed."""
    days = [(fact.closed_on - fact.received_on).days for fact in closed if fact.closed_on is not None]
    return round_half_up(Fraction(sum(days), len(days))) if days else None


def petition_figures(facts: Sequence[PetitionFact], period: Period, as_of: dt.date) -> PetitionFigures:
    """Every petition figure of ``period`` from the live cases' facts (any superset will do:
    each figure picks its own cases)."""
    received = [fact for fact in facts if period.contains(fact.received_on)]
    closed = [fact for fact in facts if fact.closed_on is not None and period.contains(fact.closed_on)]
    still_open = [
        fact for fact in facts
        if fact.received_on <= as_of and (fact.closed_on is None or fact.closed_on > as_of)
    ]
    months = period.months()
    return PetitionFigures(
        received=len(received),
        by_category=_month_table(received, months, CATEGORIES, "category"),
        by_channel=_month_table(received, months, CHANNELS, "channel"),
        reply_satisfaction=reply_satisfaction(closed),
        closed=len(closed),
        average_days_to_close=average_days(closed),
        as_of=as_of,
        open=len(still_open),
        overdue=sum(1 for fact in still_open if fact.due_on < as_of),
    )

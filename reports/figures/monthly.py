"""Monthly figures (每月數據) and the payment-channel table (代收案款) of a period.

Pure functions over plain rows: one value per month of the period, None where the month was
not entered. A sum counts the months entered and is None when none was: the report prints
「—」 there and never a zero nobody typed. Subtotals per channel and the grand total are
computed from their parts, never typed (the reference's own total does not match its parts).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


def sum_entered(values: Iterable[int | None]) -> int | None:
    """The sum of the values entered; None when none was."""
    entered = [value for value in values if value is not None]
    return sum(entered) if entered else None


# --- the figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    """One figure as stored: its value per month of the period (None: not entered)."""

    code: str
    name: str
    kind: str  # "count" or "amount"
    values: tuple[int | None, ...]


@dataclass(frozen=True)
class FigureTotal:
    code: str
    name: str
    kind: str
    per_month: tuple[int | None, ...]
    total: int | None  # over the months entered; None when none was

    @property
    def complete(self) -> bool:
        """Every month of the period entered (a ratio needs the whole period)."""
        return all(value is not None for value in self.per_month)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "per_month": list(self.per_month), "total": self.total}


@dataclass(frozen=True)
class MonthlyFigures:
    months: tuple[str, ...]  # "2017-01", the period's months in order
    figures: tuple[FigureTotal, ...]

    def figure(self, code: str) -> FigureTotal:
        """The figure with this code; KeyError when the period has none."""
        for figure in self.figures:
            if figure.code == code:
                return figure
        raise KeyError(code)

    def to_json(self) -> dict[str, Any]:
        return {"months": list(self.months), "figures": {figure.code: figure.to_json() for figure in self.figures}}


def monthly_summary(months: Sequence[str], rows: Sequence[FigureRow]) -> MonthlyFigures:
    """Each figure summed over the period, in the order given."""
    totals = []
    for row in rows:
        if len(row.values) != len(months):
            raise ValueError(f"{row.code}: {len(row.values)} values for {len(months)} months")
        totals.append(FigureTotal(row.code, row.name, row.kind, tuple(row.values), sum_entered(row.values)))
    return MonthlyFigures(tuple(months), tuple(totals))


# --- the payment-channel table -----------------------------------------------------------


@dataclass(frozen=True)
class CountAmount:
    """筆數 and 金額; both None when nothing was entered."""

    count: int | None
    amount: int | None

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "amount": self.amount}


def sum_counts(parts: Iterable[CountAmount]) -> CountAmount:
    parts = list(parts)
    return CountAmount(sum_entered(p.count for p in parts), sum_entered(p.amount for p in parts))


@dataclass(frozen=True)
class PairRow:
    """One channel × case type as stored: (count, amount) per month (None: not entered).
    A retired pair is given only for a period where it has values; it never makes a month
    missing."""

    channel: str
    case_type: str
    values: tuple[tuple[int, int] | None, ...]
    active: bool = True


@dataclass(frozen=True)
class CaseTypeFigure:
    case_type: str
    sums: CountAmount


@dataclass(frozen=True)
class ChannelFigures:
    channel: str
    case_types: tuple[CaseTypeFigure, ...]
    subtotal: CountAmount  # 小計, from the case types

    def to_json(self) -> dict[str, Any]:
        return {
            "case_types": {figure.case_type: figure.sums.to_json() for figure in self.case_types},
            "subtotal": self.subtotal.to_json(),
        }


@dataclass(frozen=True)
class PaymentChannelFigures:
    channels: tuple[ChannelFigures, ...]
    total: CountAmount  # 總計, from the subtotals
    months_missing: tuple[str, ...]  # months in which a pair in use was not entered

    def channel(self, name: str) -> ChannelFigures:
        for channel in self.channels:
            if channel.channel == name:
                return channel
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        return {
            "channels": {channel.channel: channel.to_json() for channel in self.channels},
            "total": self.total.to_json(),
            "months_missing": list(self.months_missing),
        }


def payment_channel_summary(months: Sequence[str], rows: Sequence[PairRow]) -> PaymentChannelFigures:
    """Per channel (in the order its first pair comes) its case types, their subtotal, and the
    grand total of the subtotals."""
    by_channel: dict[str, list[CaseTypeFigure]] = {}
    missing: set[int] = set()
    for row in rows:
        if len(row.values) != len(months):
            raise ValueError(f"{row.channel} {row.case_type}: {len(row.values)} values for {len(months)} months")
        if row.active:
            missing.update(n for n, value in enumerate(row.values) if value is None)
        sums = CountAmount(
            sum_entered(value[0] if value else None for value in row.values),
            sum_entered(value[1] if value else None for value in row.values),
        )
        by_channel.setdefault(row.channel, []).append(CaseTypeFigure(row.case_type, sums))
    channels = tuple(
        ChannelFigures(channel, tuple(case_types), sum_counts(c.sums for c in case_types))
        for channel, case_types in by_channel.items()
    )
    return PaymentChannelFigures(
        channels, sum_counts(c.subtotal for c in channels), tuple(months[n] for n in sorted(missing))
    )

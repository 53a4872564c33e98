"""Event figures (法拍會, 法治教育宣導, 愛心社捐款 …): per kind the sums of its figures, and the
events themselves.

Kinds are data, so the figures know a kind only by what it declares: each figure's name and
whether it adds up (a count or money does; a text such as 受贈單位 does not, and is read from
the list). A value an event lacks (a figure added to its kind later) counts 0 in a sum.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FigureSpec:
    """One figure a kind declares, as the figures need it."""

    name: str
    summed: bool  # counts and money add up; text does not
    money: bool = False  # printed with 元


@dataclass(frozen=True)
class EventKindSpec:
    name: str
    figures: tuple[FigureSpec, ...]


@dataclass(frozen=True)
class EventFigure:
    """One event as the period's list shows it."""

    day: dt.date  # a month alone is kept on its first day
    month_only: bool
    kind: str
    title: str
    values: tuple[tuple[str, int | str], ...]  # in the kind's order

    def value(self, name: str) -> int | str | None:
        return dict(self.values).get(name)

    def to_json(self) -> dict[str, Any]:
        """Listed under its kind, so the kind is not repeated."""
        return {"date": self.day.isoformat(), "month_only": self.month_only, "title": self.title, "values": dict(self.values)}


@dataclass(frozen=True)
class EventKindFigures:
    name: str
    sums: tuple[tuple[FigureSpec, int], ...]  # the figures that add up, in the kind's order
    events: tuple[EventFigure, ...]  # by date

    def sum(self, name: str) -> int:
        """The sum of one figure; KeyError for a figure the kind does not add up."""
        for figure, total in self.sums:
            if figure.name == name:
                return total
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        return {
            "events": len(self.events),
            "figures": {figure.name: total for figure, total in self.sums},
            "list": [event.to_json() for event in self.events],
        }


@dataclass(frozen=True)
class EventsFigures:
    kinds: tuple[EventKindFigures, ...]  # every kind, in printed order, with no event too

    def kind(self, name: str) -> EventKindFigures:
        """The kind's figures; KeyError for a kind not in the register."""
        for kind in self.kinds:
            if kind.name == name:
                return kind
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        return {"kinds": {kind.name: kind.to_json() for kind in self.kinds}}


def _whole(value: int | str | None) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def events_summary(kinds: Sequence[EventKindSpec], events: Sequence[EventFigure]) -> EventsFigures:
    """Per kind (``kinds`` in printed order): the sum of each figure that adds up, and its
    events in the order given (by date). An event of a kind not given is a programming
    error (ValueError), never silently left out."""
    unknown = sorted({event.kind for event in events} - {kind.name for kind in kinds})
    if unknown:
        raise ValueError(f"event kinds not declared: {unknown}")
    figures = []
    for kind in kinds:
        own = tuple(event for event in events if event.kind == kind.name)
        sums = tuple(
            (figure, sum(_whole(event.value(figure.name)) for event in own)) for figure in kind.figures if figure.summed
        )
        figures.append(EventKindFigures(kind.name, sums, own))
    return EventsFigures(tuple(figures))

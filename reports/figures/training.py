"""Training figures (在職訓練 / 數位學習): sessions and hours per kind, and the sessions.

The report lists every session of the period (「106年1月25日辦理職員在職訓練1小時，由…講授
「…」」); the sums per kind are the register's own. Hours are whole or half hours, added
exactly (Decimal) and written as people write them: 25, 18.5.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


def hours_text(hours: Decimal) -> str:
    """2.5 → "2.5", 3.0 → "3", 20 → "20"."""
    return format(hours.normalize(), "f")


@dataclass(frozen=True)
class TrainingSessionFigure:
    """One session as the period's list shows it."""

    day: dt.date
    kind: str  # in_service, e_learning
    title: str
    hours: Decimal
    lecturer: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(), "kind": self.kind, "title": self.title,
            "hours": hours_text(self.hours), "lecturer": self.lecturer,
        }


@dataclass(frozen=True)
class TrainingKindFigures:
    kind: str
    name: str  # 在職訓練
    sessions: int
    hours: Decimal

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "sessions": self.sessions, "hours": hours_text(self.hours)}


@dataclass(frozen=True)
class TrainingFigures:
    kinds: tuple[TrainingKindFigures, ...]  # every kind, in the report's order, 0 when none
    sessions: tuple[TrainingSessionFigure, ...]  # by date

    @property
    def total_sessions(self) -> int:
        return sum(kind.sessions for kind in self.kinds)

    @property
    def total_hours(self) -> Decimal:
        return sum((kind.hours for kind in self.kinds), Decimal(0))

    def kind(self, kind: str) -> TrainingKindFigures:
        """The kind's figures; KeyError for a kind the register does not have."""
        for figures in self.kinds:
            if figures.kind == kind:
                return figures
        raise KeyError(kind)

    def to_json(self) -> dict[str, Any]:
        return {
            "kinds": {kind.kind: kind.to_json() for kind in self.kinds},
            "sessions": self.total_sessions,
            "hours": hours_text(self.total_hours),
            "list": [session.to_json() for session in self.sessions],
        }


def training_summary(sessions: Sequence[TrainingSessionFigure], kinds: Mapping[str, str]) -> TrainingFigures:
    """Sessions and hours per kind (``kinds``: code → name, in printed order); a session of
    a kind not named there is a programming error (ValueError), never silently left out."""
    unknown = sorted({session.kind for session in sessions} - set(kinds))
    if unknown:
        raise ValueError(f"training kinds not declared: {unknown}")
    per_kind = tuple(
        TrainingKindFigures(
            code,
            name,
            sum(1 for session in sessions if session.kind == code),
            sum((session.hours for session in sessions if session.kind == code), Decimal(0)),
        )
        for code, name in kinds.items()
    )
    return TrainingFigures(per_kind, tuple(sessions))

"""Training figures against the reference's list of 18 sessions (tests/data/106H1-figures.json).

The reference prints the sessions, not their sums; the sums per kind are worked out by hand:
在職訓練 1+3+5+2+8+1+3+2 = 25 hours in 8 sessions, 數位學習 3+2+2.5+3+1+1+2+1+2+1 = 18.5 in 10.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from reports.figures.training import TrainingSessionFigure, hours_text, training_summary

DATA = Path(__file__).resolve().parents[2] / "data"
KINDS = {"in_service": "在職訓練", "e_learning": "數位學習"}
CODES = {name: code for code, name in KINDS.items()}


def reference_sessions() -> list[TrainingSessionFigure]:
    reference = json.loads((DATA / "106H1-figures.json").read_text(encoding="utf-8"))["training"]
    sessions = []
    for day, kind, title, hours in reference:
        year, month, date = (int(part) for part in day.split("/"))
        sessions.append(TrainingSessionFigure(dt.date(year + 1911, month, date), CODES[kind], title, Decimal(str(hours))))
    return sessions


def test_the_reference_period() -> None:
    figures = training_summary(reference_sessions(), KINDS)
    assert [(k.kind, k.name, k.sessions, k.hours) for k in figures.kinds] == [
        ("in_service", "在職訓練", 8, Decimal("25")),
        ("e_learning", "數位學習", 10, Decimal("18.5")),
    ]
    assert (figures.total_sessions, figures.total_hours) == (18, Decimal("43.5"))
    as_json = figures.to_json()
    assert {key: value for key, value in as_json.items() if key != "list"} == {
        "kinds": {"in_service": {"name": "在職訓練", "sessions": 8, "hours": "25"},
                  "e_learning": {"name": "數位學習", "sessions": 10, "hours": "18.5"}},
        "sessions": 18,
        "hours": "43.5",
    }
    assert len(as_json["list"]) == 18
    assert as_json["list"][6] == {"date": "2017-04-20", "kind": "e_learning", "title": "環境教育影片賞析", "hours": "2.5", "lecturer": ""}
    assert figures.kind("e_learning").hours == Decimal("18.5")


def test_an_empty_register_gives_zeros() -> None:
    assert training_summary([], KINDS).to_json() == {
        "kinds": {"in_service": {"name": "在職訓練", "sessions": 0, "hours": "0"},
                  "e_learning": {"name": "數位學習", "sessions": 0, "hours": "0"}},
        "sessions": 0,
        "hours": "0",
        "list": [],
    }


def test_a_session_of_an_undeclared_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="workshop"):
        training_summary([TrainingSessionFigure(dt.date(2017, 1, 2), "workshop", "課", Decimal(1))], KINDS)


@pytest.mark.parametrize("hours, text", [("2.5", "2.5"), ("3.0", "3"), ("20", "20"), ("20.0", "20"), ("0.5", "0.5"), ("0", "0")])
def test_hours_are_written_as_people_write_them(hours: str, text: str) -> None:
    assert hours_text(Decimal(hours)) == text

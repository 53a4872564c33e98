"""A period's figures gathered from the database, on SQLite and PostgreSQL.

The expected output is literal: tests/data/stats_106H1.json, stats_106H1.txt and
stats_105H1.json were copied from ``main.py stats`` for the demo database before the
figures had types, so the typed figures must give those bytes back.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import peewee
import pytest

from models.demo import create_demo
from models.rocdate import parse_period
from models.survey.questionnaire import active_questionnaire, item_specs
from reports.figures.survey import DurationFigures, SatisfactionFigures
from reports.statistics import format_statistics, period_statistics

DATA = Path(__file__).resolve().parent.parent / "data"


def indented(value: Any) -> str:
    """As ``stats --json`` writes it, so key order and number types count, not only equality."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def stored_json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def test_the_demo_figures_are_the_json_and_text_of_before(any_database: peewee.Database) -> None:
    """One test, since the demo takes seconds to build; typed reads and frozenness at the end."""
    create_demo()
    figures = period_statistics(parse_period("106H1"))
    assert indented(figures.to_json()) == indented(stored_json("stats_106H1.json"))
    text = format_statistics(figures, item_specs(active_questionnaire()))
    assert text + "\n" == (DATA / "stats_106H1.txt").read_text(encoding="utf-8")
    # a half-year without data: nulls, empty lists and empty sentences, as before
    assert indented(period_statistics(parse_period("105H1")).to_json()) == indented(stored_json("stats_105H1.json"))

    # the same figures, read as the report and the screens read them
    assert figures.period == parse_period("106H1")
    survey, service = figures.survey, figures.service_centre
    assert all(isinstance(survey.item(code), SatisfactionFigures) for code in "ABCDEFGHIJ")
    assert isinstance(survey.item("K"), DurationFigures)
    assert survey.item("D").headline_pct == "98.18"
    assert survey.highest.codes == ("D",) and survey.lowest.codes == ("F",)
    assert service.category("G").amount == 1729838
    assert service.total == 25613 == sum(category.count for category in service.categories)
    # counts are ints on every backend (PostgreSQL's SUM is numeric), as the JSON needs
    assert {type(category.count) for category in service.categories} == {int}
    with pytest.raises(dataclasses.FrozenInstanceError):
        figures.survey = survey  # type: ignore[misc]
    # hashable all the way down: nothing inside can be changed in place
    assert hash(figures) == hash(period_statistics(parse_period("106H1")))


def test_the_registers_figures_follow_what_is_live(any_database: peewee.Database) -> None:
    """Voided entries drop out, a new kind and a figure added later show, the bands grade."""
    from decimal import Decimal

    from models.registers.courtesy import record_courtesy_test, void_courtesy_test
    from models.registers.events import add_event_kind, event_kinds, record_event, update_event_kind, void_event
    from models.registers.training import E_LEARNING, IN_SERVICE, record_training, void_training
    from models.settings import COURTESY_GRADE_BANDS, set_settings
    from models.users import create_first_secretary

    boss = create_first_secretary("林秘書", "246813", "246813")
    march, april = parse_period("106/03"), parse_period("106/04")
    record_courtesy_test(boss, march.start, "總機", 90)
    void_courtesy_test(boss, record_courtesy_test(boss, march.start, "總機", 0), "打錯")
    record_courtesy_test(boss, march.end, "服務台", 85)
    record_training(boss, march.start, IN_SERVICE, "員工協助", "2.5")
    record_training(boss, march.end, E_LEARNING, "全民國防教育學堂", "3")
    void_training(boss, record_training(boss, march.end, E_LEARNING, "重複", "8"), "重複")
    blood = next(row.kind for row in event_kinds(boss) if row.kind.name == "捐血")
    record_event(boss, blood, march.start, "捐血活動", {"人次": "35", "cc": "9000"})
    void_event(boss, record_event(boss, blood, march.start, "重複", {"人次": "1", "cc": "1"}), "重複")
    update_event_kind(boss, blood, "捐血", [("人次", "count"), ("cc", "count"), ("袋數", "count")])
    record_event(boss, blood, march.end, "捐血活動", {"人次": "41", "cc": "10,250", "袋數": "41"})
    visits = add_event_kind(boss, "參訪", [("團體", "text"), ("人次", "count")])
    record_event(boss, visits, dt.date(2017, 3, 20), "社福參訪", {"團體": "華山基金會", "人次": "12"}, month_only=True)

    figures = period_statistics(march)
    assert figures.phone_courtesy.to_json() == {"tests": 2, "mean_score": "87.50", "grade": "良"}
    assert (figures.training.total_sessions, figures.training.total_hours) == (2, Decimal("5.5"))
    assert figures.training.kind(IN_SERVICE).hours == Decimal("2.5")
    assert figures.events.kind("捐血").to_json()["figures"] == {"人次": 76, "cc": 19250, "袋數": 41}
    assert figures.events.to_json()["kinds"]["參訪"] == {"events": 1, "figures": {"人次": 12}, "list": [
        {"date": "2017-03-01", "month_only": True, "title": "社福參訪", "values": {"團體": "華山基金會", "人次": 12}},
    ]}
    assert [kind.name for kind in figures.events.kinds][-1] == "參訪"  # a kind added last prints last
    set_settings(boss, {COURTESY_GRADE_BANDS: [["甲", 85], ["乙", 0]]})
    assert period_statistics(march).phone_courtesy.grade == "甲"
    # April holds none of it, and says so with zeros, never a division
    empty = period_statistics(april)
    assert empty.phone_courtesy.to_json() == {"tests": 0, "mean_score": None, "grade": None}
    assert empty.training.to_json()["hours"] == "0" and empty.events.kind("參訪").to_json()["events"] == 0

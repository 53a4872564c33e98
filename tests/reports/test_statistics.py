"""A period's figures gathered from the database, on SQLite and PostgreSQL.

The expected output is literal: tests/data/stats_106H1.json, stats_106H1.txt and
stats_105H1.json were copied from ``main.py stats`` for the demo database before the
figures had types, so the typed figures must give those bytes back.
"""
from __future__ import annotations

import dataclasses
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


def test_petitions_are_counted_open_on_today_while_the_period_runs(any_database: peewee.Database) -> None:
    import datetime as dt

    from models.registers.petitions import PetitionInput, register_petition, void_petition
    from models.rocdate import Period
    from models.users import create_first_secretary
    from reports.statistics import petition_statistics

    boss = create_first_secretary("林秘書", "246813", "246813")
    today = dt.date.today()
    this_year = Period(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    long_ago = today - dt.timedelta(days=40) if today.timetuple().tm_yday > 40 else this_year.start
    register_petition(boss, PetitionInput(long_ago, "written", "inquiry", "詢問", due_on=long_ago))
    void_petition(boss, register_petition(boss, PetitionInput(long_ago, "oral", "inquiry", "重複")), "重複登記")
    figures = petition_statistics(this_year)
    assert figures.as_of == today  # not the period's last day, still to come
    assert (figures.received, figures.open) == (1, 1)  # the voided case counts nowhere
    assert figures.overdue == (1 if long_ago < today else 0)
    assert petition_statistics(this_year, today=this_year.end).as_of == this_year.end

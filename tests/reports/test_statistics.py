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

from models.accounts import User
from models.demo import create_demo
from models.registers.monthly import MonthEntry, MonthlyFigure, PaymentChannelPair, save_month
from models.rocdate import parse_period
from models.service.counts import record_payment
from models.survey.questionnaire import active_questionnaire, item_specs
from models.users import create_first_secretary
from reports.figures.monthly import CountAmount
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
# --- monthly figures, the payment channels and the noon ratio ------------------------------


@pytest.fixture
def secretary_on_any(any_database: peewee.Database) -> User:
    return create_first_secretary("林秘書", "246813", "246813")


def march_and_april(secretary: User, april_collected: str = "1,000,000") -> None:
    save_month(secretary, dt.date(2017, 3, 1), MonthEntry(
        {"collected_amount": "2,000,000", "line_receipts": "400"}, {"store_tax": ("700", "3,000,000")}
    ))
    save_month(secretary, dt.date(2017, 4, 1), MonthEntry(
        {"collected_amount": april_collected, "line_receipts": "0"},
        {"store_tax": ("10", "5,000"), "bank_vehicle": ("0", "0")},
    ))


def test_a_period_adds_up_its_months(secretary_on_any: User) -> None:
    march_and_april(secretary_on_any)
    record_payment(secretary_on_any, 30000, day=dt.date(2017, 3, 15))
    figures = period_statistics(parse_period("106/03-106/04"))
    assert figures.monthly_figures.figure("collected_amount").total == 3000000
    assert figures.monthly_figures.figure("line_receipts").per_month == (400, 0)
    assert figures.monthly_figures.figure("website_visitors").total is None  # never entered: no figure
    assert figures.payment_channels.channel("便利商店").subtotal == CountAmount(710, 3005000)
    assert figures.payment_channels.total == CountAmount(710, 3005000)
    assert figures.service_centre.noon_ratio_pct == "1.00"  # 30,000 of 3,000,000
    # a single month of it
    march = period_statistics(parse_period("106/03"))
    assert march.monthly_figures.figure("collected_amount").total == 2000000
    assert march.service_centre.noon_ratio_pct == "1.50"


def test_the_noon_ratio_needs_every_month_of_collections(secretary_on_any: User) -> None:
    """A ratio over part of the period would read as the whole one: 「—」, and why."""
    march_and_april(secretary_on_any)
    figures = period_statistics(parse_period("106H1"))  # January, February, May, June not entered
    assert figures.monthly_figures.figure("collected_amount").total == 3000000
    assert figures.service_centre.noon_ratio_pct is None
    text = format_statistics(figures, item_specs(active_questionnaire()))
    assert "中午不打烊服務收款比率：—（行政執行事件徵起金額尚缺 106年1月、106年2月、106年5月、106年6月）" in text
    assert "Line@回傳收據次數" + " " * 24 + "400  （尚缺 106年1月、106年2月、106年5月、106年6月）" in text
    assert "機關網站到訪人數" + " " * 27 + "—\n" in text  # not entered: a dash, not 0


def test_collections_of_zero_give_no_ratio_rather_than_a_division_error(secretary_on_any: User) -> None:
    march_and_april(secretary_on_any, april_collected="0")
    save_month(secretary_on_any, dt.date(2017, 3, 1), MonthEntry({"collected_amount": "0"}))
    figures = period_statistics(parse_period("106/03-106/04"))
    assert figures.monthly_figures.figure("collected_amount").total == 0
    assert figures.service_centre.noon_ratio_pct is None
    assert "中午不打烊服務收款比率：—\n" in format_statistics(figures, item_specs(active_questionnaire()))


def test_a_retired_figure_or_pair_shows_where_it_has_values(secretary_on_any: User) -> None:
    march_and_april(secretary_on_any)
    MonthlyFigure.update(active=False).where(MonthlyFigure.code.in_(["line_receipts", "mailbox_cases"])).execute()
    PaymentChannelPair.update(active=False).where(PaymentChannelPair.code.in_(["store_tax", "bank_health"])).execute()
    figures = period_statistics(parse_period("106/03-106/04"))
    codes = [figure.code for figure in figures.monthly_figures.figures]
    assert "line_receipts" in codes and "mailbox_cases" not in codes
    store, bank = figures.payment_channels.channels
    assert [c.case_type for c in store.case_types] == ["稅款", "監理", "健保", "勞保"]
    assert [c.case_type for c in bank.case_types] == ["監理", "勞保"]
    # the store's other case types and the bank's 勞保 were not entered: those months are missing
    assert figures.payment_channels.months_missing == ("2017-03", "2017-04")


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


def test_a_month_day_by_day_adds_up_to_its_statistics(secretary_on_any: User) -> None:
    """Every day of the month, the categories the statistics show (a retired one where it
    counted), and totals summed from the days that are the statistics' own figures."""
    from models.service.categories import categories, update_category
    from models.service.counts import set_day_total
    from reports.statistics import service_day_figures, service_figures

    boss = secretary_on_any
    by_code = {category.code: category for category in categories()}
    set_day_total(boss, by_code["A"], dt.date(2017, 3, 1), "12")
    set_day_total(boss, by_code["A"], dt.date(2017, 3, 31), "7")
    set_day_total(boss, by_code["A"], dt.date(2017, 4, 1), "99")  # April: not March's
    set_day_total(boss, by_code["E"], dt.date(2017, 3, 2), "4")
    record_payment(boss, 3500, day=dt.date(2017, 3, 1))
    record_payment(boss, 800, day=dt.date(2017, 3, 31))
    for code in "EF":  # E counted in March, then retired; F retired without a count
        category = by_code[code]
        update_category(boss, category, name=category.name, roles=category.role_set, shortcut=category.shortcut or "", active=False)
    save_month(boss, dt.date(2017, 3, 1), MonthEntry({"collected_amount": "430,000"}))

    march = parse_period("106/03")
    figures = service_day_figures(march)
    assert len(figures.days) == 31 and figures.days[0].day == dt.date(2017, 3, 1) and figures.days[-1].day == dt.date(2017, 3, 31)
    assert [category.code for category in figures.totals.categories] == list("ABCDEGHI")
    first, second, last = figures.days[0].figures, figures.days[1].figures, figures.days[-1].figures
    assert (first.category("A").count, first.category("G").count, first.category("G").amount, first.total) == (12, 1, 3500, 13)
    assert (second.category("E").count, second.total) == (4, 4)
    assert (last.category("A").count, last.category("G").amount, last.total) == (7, 800, 8)
    assert figures.days[2].figures.total == 0 and figures.days[2].figures.category("G").amount == 0
    assert figures.totals.total == 25 and figures.totals.category("G").amount == 4300
    assert figures.totals.noon_ratio_pct == "1.00"  # 4,300 of 430,000
    assert figures.totals == service_figures(march) == period_statistics(march).service_centre
    assert not service_day_figures(parse_period("106/05")).has_data

"""Petition figures: the reference report's tables (四、服務評價) with its literal numbers, the
reply-satisfaction table worked out by hand, an empty register, and who counts as still open.

The reference's cases are in tests/data/106H1-figures.json; it prints no day of either case,
only their average (平均2.5日), so the two cases here close after 2 and 3 days."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from models.registers.petition_kinds import CATEGORIES, CHANNELS, PetitionFact
from models.rocdate import Period, parse_period
from reports.figures.petitions import MonthTable, PetitionFigures, average_days, petition_figures

REFERENCE = json.loads((Path(__file__).resolve().parents[2] / "data" / "106H1-figures.json").read_text(encoding="utf-8"))
H1_106 = parse_period("106H1")
JUNE_30 = dt.date(2017, 6, 30)
CODE_OF = {words: code for code, words in CHANNELS} | {words: code for code, words in CATEGORIES}
CATEGORY_WORDS = [words for _, words in CATEGORIES]
CHANNEL_WORDS = [words for _, words in CHANNELS]


def fact(received: dt.date, channel: str = "phone", category: str = "rights", *, closed: dt.date | None = None,
         due: dt.date | None = None, satisfaction: str | None = None) -> PetitionFact:
    return PetitionFact(received, channel, category, due or received + dt.timedelta(days=30), closed, satisfaction)


@pytest.fixture
def reference_cases() -> list[PetitionFact]:
    cases = []
    for case, days in zip(REFERENCE["petitions"], (2, 3)):
        received = dt.date(2017, case["received_month"], 10)
        cases.append(fact(received, CODE_OF[case["channel"]], CODE_OF[case["category"]], closed=received + dt.timedelta(days=days)))
    return cases


def column(table: MonthTable, words: str) -> int:
    return table.totals[table.columns.index(words)]


def test_the_reference_tables(reference_cases: list[PetitionFact]) -> None:
    figures = petition_figures(reference_cases, H1_106, JUNE_30)
    expected = REFERENCE["petitions_expected"]
    assert figures.received == expected["count"] == 2
    # A.陳情案件類別: one 行政權益維護 in March, one in June
    category = figures.by_category
    assert category.columns == ("行政興革建議", "行政法令查詢", "行政違失舉發", "行政權益維護", "其他")
    assert [(row.month, row.counts, row.total) for row in category.months] == [
        ((2017, 1), (0, 0, 0, 0, 0), 0), ((2017, 2), (0, 0, 0, 0, 0), 0), ((2017, 3), (0, 0, 0, 1, 0), 1),
        ((2017, 4), (0, 0, 0, 0, 0), 0), ((2017, 5), (0, 0, 0, 0, 0), 0), ((2017, 6), (0, 0, 0, 1, 0), 1),
    ]
    assert category.totals == (0, 0, 0, 2, 0) and category.total == 2  # the 件數 row the reference left empty
    assert category.pct == ("0.00", "0.00", "0.00", "100.00", "0.00")  # its % row, as printed
    # B.陳情方式: 電話 in March, 口頭 in June
    channel = figures.by_channel
    assert channel.columns == ("口頭", "書面", "電話", "電子郵件", "其他")
    assert channel.months[2].counts == (0, 0, 1, 0, 0) and channel.months[5].counts == (1, 0, 0, 0, 0)
    assert (*channel.totals, channel.total) == (1, 0, 1, 0, 0, 2)  # 件數 1 0 1 0 0 2
    assert channel.pct == ("50.00", "0.00", "50.00", "0.00", "0.00")
    # C.滿意度分析: no reply's reception known, every cell 0 and every share 0.00
    reply = figures.reply_satisfaction
    assert reply.columns == ("滿意", "不滿意", "尚可", "無明確反應")
    assert [name for name, _ in reply.rows] == CATEGORY_WORDS
    assert all(counts == (0, 0, 0, 0) for _, counts in reply.rows)
    assert reply.totals == (0, 0, 0, 0) and reply.total == expected["reply_survey_returned"] == 0
    assert reply.pct == ("0.00",) * 5
    assert reply.valid_pct == ("0.00",) * 3 and reply.satisfaction_pct == "0.00" and reply.valid_sample == 0
    # 辦理時效: 結案天數平均2.5日
    assert figures.closed == 2
    assert Decimal(figures.average_days_to_close) == Decimal(expected["average_days_to_close"])
    assert figures.average_days_to_close == "2.50"  # half-up to 2 decimals, as every figure
    assert (figures.as_of, figures.open, figures.overdue) == (JUNE_30, 0, 0)


def test_an_empty_register_gives_zeros_and_the_reference_s_0_00() -> None:
    figures = petition_figures([], H1_106, JUNE_30)
    assert figures.received == figures.closed == figures.open == figures.overdue == 0
    for table in (figures.by_category, figures.by_channel):
        assert table.totals == (0,) * 5 and table.total == 0 and table.pct == ("0.00",) * 5
        assert all(row.total == 0 for row in table.months) and len(table.months) == 6
    assert figures.reply_satisfaction.pct == ("0.00",) * 5
    assert figures.reply_satisfaction.satisfaction_pct == "0.00"
    assert figures.average_days_to_close is None  # no case closed: 「—」, not a division by zero
    assert figures.to_json()["average_days_to_close"] is None


def test_the_reply_satisfaction_table_by_hand() -> None:
    """Closed in March: 3 滿意, 1 不滿意, 1 尚可, 2 無明確反應 and 1 not known yet.
    有效樣本 = 3 + 1 + 1 = 5; 滿意度 = 3/5 = 60.00; the % row is of the 7 known answers."""
    closed = dt.date(2017, 3, 20)
    cases = [
        *(fact(dt.date(2017, 3, 1), category="inquiry", closed=closed, satisfaction="satisfied") for _ in range(2)),
        fact(dt.date(2017, 3, 1), category="rights", closed=closed, satisfaction="satisfied"),
        fact(dt.date(2017, 3, 1), category="rights", closed=closed, satisfaction="dissatisfied"),
        fact(dt.date(2017, 3, 1), category="misconduct", closed=closed, satisfaction="fair"),
        *(fact(dt.date(2017, 3, 1), category="other", closed=closed, satisfaction="no_response") for _ in range(2)),
        fact(dt.date(2017, 3, 1), category="proposal", closed=closed),  # not known: not in the table
    ]
    reply = petition_figures(cases, H1_106, JUNE_30).reply_satisfaction
    assert dict(reply.rows) == {
        "行政興革建議": (0, 0, 0, 0), "行政法令查詢": (2, 0, 0, 0), "行政違失舉發": (0, 0, 1, 0),
        "行政權益維護": (1, 1, 0, 0), "其他": (0, 0, 0, 2),
    }
    assert reply.totals == (3, 1, 1, 2) and reply.total == 7
    assert reply.pct == ("42.86", "14.29", "14.29", "28.57", "100.00")  # 3/7, 1/7, 1/7, 2/7, 7/7
    assert reply.valid_sample == 5
    assert reply.valid_pct == ("60.00", "20.00", "20.00") and reply.satisfaction_pct == "60.00"
    as_json = reply.to_json()
    assert as_json["categories"]["行政權益維護"] == {"滿意": 1, "不滿意": 1, "尚可": 0, "無明確反應": 0, "總件數": 2}
    assert as_json["valid_pct"] == {"滿意": "60.00", "不滿意": "20.00", "尚可": "20.00"}


@pytest.mark.parametrize(
    "days, expected",
    [([2, 3], "2.50"), ([1, 1, 2], "1.33"), ([0, 0, 1], "0.33"), ([1, 2, 2], "1.67"), ([0] * 199 + [1], "0.01"), ([0], "0.00")],
    ids=["reference", "thirds-down", "a-third", "thirds-up", "half-a-hundredth-rounds-up", "same-day"],
)
def test_average_days_to_close_is_exact_and_half_up(days: list[int], expected: str) -> None:
    received = dt.date(2017, 2, 1)
    assert average_days([fact(received, closed=received + dt.timedelta(days=d)) for d in days]) == expected


def test_each_figure_counts_its_own_cases() -> None:
    """Received before the period and closed in it: in 結案 and the reply table, not in the
    monthly tables. Received in it and still open: in the tables and in 未結案."""
    cases = [
        fact(dt.date(2016, 12, 20), "email", "proposal", closed=dt.date(2017, 1, 5), satisfaction="fair"),
        fact(dt.date(2017, 5, 2), "written", "misconduct"),  # open, due 106/06/01: overdue on 06/30
        fact(dt.date(2017, 6, 10), "other", "other"),  # open, due 106/07/10
        fact(dt.date(2017, 6, 1), "oral", "inquiry", closed=dt.date(2017, 7, 3)),  # closed after the period: open on 06/30
        fact(dt.date(2017, 6, 5), "oral", "inquiry", due=JUNE_30),  # due on the day itself: not yet late
    ]
    figures = petition_figures(cases, H1_106, JUNE_30)
    assert figures.received == 4 and figures.by_category.total == 4 and figures.by_channel.total == 4
    assert column(figures.by_category, "行政興革建議") == 0
    assert (figures.closed, figures.average_days_to_close) == (1, "16.00")  # 105/12/20 → 106/01/05
    assert figures.reply_satisfaction.totals == (0, 0, 1, 0)
    assert (figures.open, figures.overdue) == (4, 1)
    running = petition_figures(cases, H1_106, dt.date(2017, 6, 7))  # the period still running: counted on today
    assert (running.as_of, running.open, running.overdue) == (dt.date(2017, 6, 7), 3, 1)  # 06/10's case not received yet


def test_a_code_this_version_does_not_know_is_counted_under_other() -> None:
    figures = petition_figures([fact(dt.date(2017, 3, 1), "fax", "lawsuit")], H1_106, JUNE_30)
    assert column(figures.by_channel, "其他") == 1 and column(figures.by_category, "其他") == 1
    assert figures.by_channel.total == figures.received == 1


def test_a_period_across_a_new_year_keeps_its_months_in_order() -> None:
    period = Period(dt.date(2016, 11, 1), dt.date(2017, 2, 28))
    figures = petition_figures([fact(dt.date(2017, 1, 9)), fact(dt.date(2016, 12, 31), "oral")], period, dt.date(2017, 2, 28))
    months = figures.to_json()["by_channel"]["months"]
    assert list(months) == ["2016-11", "2016-12", "2017-01", "2017-02"]
    assert months["2016-12"]["口頭"] == 1 and months["2017-01"]["電話"] == 1 and months["2017-01"]["合計"] == 1


def test_the_json_shape_and_frozen_figures(reference_cases: list[PetitionFact]) -> None:
    figures = petition_figures(reference_cases, H1_106, JUNE_30)
    as_json = figures.to_json()
    assert list(as_json) == [
        "count", "by_category", "by_channel", "reply_satisfaction", "reply_survey_returned", "closed",
        "average_days_to_close", "as_of", "open", "overdue",
    ]
    assert as_json["by_category"]["count"] == {**dict.fromkeys(CATEGORY_WORDS, 0), "行政權益維護": 2, "合計": 2}
    assert as_json["by_channel"]["pct"] == {"口頭": "50.00", "書面": "0.00", "電話": "50.00", "電子郵件": "0.00", "其他": "0.00"}
    assert list(as_json["by_channel"]["months"]["2017-03"]) == [*CHANNEL_WORDS, "合計"]
    assert as_json["as_of"] == "2017-06-30"
    assert json.loads(json.dumps(as_json, ensure_ascii=False)) == as_json
    with pytest.raises(dataclasses.FrozenInstanceError):
        figures.open = 3  # type: ignore[misc]
    assert hash(figures) == hash(petition_figures(reference_cases, H1_106, JUNE_30))
    assert isinstance(figures, PetitionFigures)
